package graph_test

import (
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

func TestKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"The Cártel del Noreste", "cartel del noreste"},
		{"cartel del noreste", "cartel del noreste"},
		{"  Tren   de\tAragua\n", "tren de aragua"},
		{"Venezuela's Tren de Aragua", "venezuela s tren de aragua"},
		{"Venezuela’s", "venezuela s"},
		{"U.S.", "u s"},
		{"MS-13", "ms 13"},
		{"NICOLÁS MADURO", "nicolas maduro"},
		{"Theodore", "theodore"}, // only the word "the" goes
		{"the", "the"},
		{"The the", "the"},
		{"Ñandú", "nandu"},
		{"Straße", "straße"},
		{"...", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := graph.Key(c.in); got != c.want {
			t.Errorf("Key(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSlug(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Cártel del Noreste", "cartel-del-noreste"},
		{"Sinaloa Cartel", "sinaloa-cartel"},
		{"The Pentagon", "pentagon"},
		{"Executive Order 14157", "executive-order-14157"},
		{`O'Neil "El Jefe" Smith`, "o-neil-el-jefe-smith"},
		{"!!!", ""},
	}
	for _, c := range cases {
		if got := graph.Slug(c.in); got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFold(t *testing.T) {
	cases := []struct{ in, want rune }{
		{'á', 'a'}, {'Á', 'A'}, {'ñ', 'n'}, {'Ñ', 'N'}, {'ç', 'c'}, {'ü', 'u'}, {'ÿ', 'y'}, {'Ø', 'O'},
		{'a', 'a'}, {'Z', 'Z'}, {'1', '1'}, {'ß', 'ß'}, {'ж', 'ж'}, {'→', '→'},
	}
	for _, c := range cases {
		if got := graph.Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPreferName(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"Nicolas Maduro", "Nicolás Maduro", "Nicolás Maduro"}, // accents first
		{"Culiacán", "Culiacan City", "Culiacán"},              // even over length
		{"Sinaloa", "Sinaloa Cartel", "Sinaloa Cartel"},        // then length
		{"ABC", "ABD", "ABC"},                                  // then the lesser string
		{"", "Mexico", "Mexico"},
		{"Mexico", "", "Mexico"},
		{"", "", ""},
	}
	for _, c := range cases {
		if got := graph.PreferName(c.a, c.b); got != c.want {
			t.Errorf("PreferName(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
		if got := graph.PreferName(c.b, c.a); got != c.want {
			t.Errorf("PreferName(%q, %q) = %q, want %q: the order of the arguments matters", c.b, c.a, got, c.want)
		}
	}
	// Folding PreferName over every order of a set of spellings gives one name.
	names := []string{"Cartel del Golfo", "Cártel del Golfo", "cártel del golfo", "Golfo", "CÁRTEL DEL GOLFO"}
	want := ""
	permute(names, func(order []string) {
		best := ""
		for _, n := range order {
			best = graph.PreferName(best, n)
		}
		if want == "" {
			want = best
		} else if best != want {
			t.Errorf("PreferName over %q gives %q, over another order %q", order, best, want)
		}
	})
	if want != "CÁRTEL DEL GOLFO" {
		t.Errorf("best of %q = %q", names, want)
	}
}

// permute calls f with every ordering of ss.
func permute(ss []string, f func([]string)) {
	var rec func(k int)
	rec = func(k int) {
		if k == len(ss) {
			f(append([]string(nil), ss...))
			return
		}
		for i := k; i < len(ss); i++ {
			ss[k], ss[i] = ss[i], ss[k]
			rec(k + 1)
			ss[k], ss[i] = ss[i], ss[k]
		}
	}
	rec(0)
}

func TestIDs(t *testing.T) {
	r := graph.RelationID("a", graph.Designated, "b")
	if !strings.HasPrefix(r, "r-") || r == graph.RelationID("b", graph.Designated, "a") || r != graph.RelationID("a", graph.Designated, "b") {
		t.Errorf("RelationID: %q is not a stable, directed ID", r)
	}
	if graph.RelationID("ab", "", "c") == graph.RelationID("a", "", "bc") {
		t.Errorf("RelationID does not separate its parts")
	}
	if graph.StatementID("p", "We will win.") != graph.StatementID("p", "we WILL win") {
		t.Errorf("StatementID does not compare texts by Key")
	}
	if graph.StatementID("p", "We will win.") == graph.StatementID("q", "We will win.") {
		t.Errorf("StatementID ignores the speaker")
	}
	if got := graph.ContentID([]byte("hello")); got != "2cf24dba5fb0a30e26e83b2ac5b9e29e" {
		t.Errorf("ContentID(hello) = %s", got)
	}
}

func TestSearchScore(t *testing.T) {
	keys := []string{graph.Key("Cártel del Golfo Norte"), graph.Key("CGN"), graph.Key("Golfo Norte")}
	name := keys[0]
	tests := []struct {
		query string
		want  float64
	}{
		{"cartel del golfo norte", 4},
		{"CGN", 3},
		{"Golfo", 2},
		{"norte cartel", 1},
		{"norte valdoria", 0.5},
		{"valdoria", 0},
	}
	for _, tt := range tests {
		q := graph.Key(tt.query)
		words := strings.Fields(q)
		if got := graph.SearchScore(q, words, name, keys); got != tt.want {
			t.Errorf("SearchScore(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}
