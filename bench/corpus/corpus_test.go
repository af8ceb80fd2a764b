package corpus

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func newGen(t testing.TB, seed uint64, n int) *Generator {
	t.Helper()
	g, err := New(seed, n)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestGolden keeps the first articles of seed 1 as they are: a change to
// the generator changes every benchmark figure, so it must be deliberate
// (go test ./bench/corpus -update).
func TestGolden(t *testing.T) {
	g := newGen(t, 1, 1000)
	var buf bytes.Buffer
	for i := range 3 {
		a := g.Article(i)
		data, err := json.MarshalIndent(a, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(data)
		buf.WriteByte('\n')
	}
	path := filepath.Join("testdata", "articles.golden.json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./bench/corpus -update creates it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the articles differ from %s (go test ./bench/corpus -update rewrites it):\n%s", path, buf.String())
	}
}

func TestDeterministic(t *testing.T) {
	a, b := newGen(t, 7, 5000), newGen(t, 7, 5000)
	// b generates in another order: article i must not depend on the others
	for _, i := range []int{4999, 17, 0, 2500} {
		b.Article(i)
	}
	for i := range 50 {
		x, y := a.Article(i), b.Article(i)
		if x.Text != y.Text || x.Document != y.Document {
			t.Fatalf("article %d differs between two generators of the same seed", i)
		}
	}
	c := newGen(t, 8, 5000)
	same := 0
	for i := range 50 {
		if a.Article(i).Text == c.Article(i).Text {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 7 and 8 give %d identical articles of 50", same)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		size       int
		wantErr    bool
		wantGroups int
	}{
		{0, true, 0},
		{-3, true, 0},
		{1, false, 40},
		{1000, false, 62},
		{100000, false, 6250},
		{1000000, false, groupNames()},
	}
	for _, tt := range tests {
		g, err := New(1, tt.size)
		if (err != nil) != tt.wantErr {
			t.Errorf("New(1, %d): error %v, want error %v", tt.size, err, tt.wantErr)
			continue
		}
		if err == nil && g.Groups() != tt.wantGroups {
			t.Errorf("New(1, %d): %d groups, want %d", tt.size, g.Groups(), tt.wantGroups)
		}
	}
}

func TestNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for k := range groupNames() {
		n := groupName(k)
		if seen[n] {
			t.Fatalf("group name %q made twice", n)
		}
		seen[n] = true
	}
	g := newGen(t, 3, 100000)
	people := map[string]int{}
	for i := range len(g.world.groups) + len(g.world.officials) {
		given, surname := g.world.persons.name(i)
		full := given + " " + surname
		if j, ok := people[full]; ok {
			t.Fatalf("persons %d and %d are both %q", j, i, full)
		}
		people[full] = i
	}
	ids := map[string]bool{}
	for i := range g.Groups() {
		id := g.GroupID(i)
		if ids[id] {
			t.Fatalf("two groups have the ID %q", id)
		}
		ids[id] = true
	}
}

// TestExpectedIsConsistent checks what every article states against its
// text and the ontology: the names are in the text, the relations link
// entities of the article with types their predicate allows, a speaker is a
// person, a quotation is in the text.
func TestExpectedIsConsistent(t *testing.T) {
	g := newGen(t, 1, 2000)
	conflicts := 0
	dates := map[string]map[string]bool{} // designation → dates stated
	for i := range 400 {
		a := g.Article(i)
		w := a.Expected
		if a.Document.ID != graph.ContentID([]byte(a.Text)) {
			t.Fatalf("article %d: ID is not the content ID of its text", i)
		}
		if w.Document != a.Document.Name || a.Document.Title == "" || a.Document.Published == "" {
			t.Fatalf("article %d: metadata incomplete: %+v", i, a.Document)
		}
		types := map[string]string{}
		surnames := map[string]string{}
		for _, e := range w.Entities {
			if !graph.Type(e.Type).Valid() {
				t.Fatalf("article %d: entity %q has type %q", i, e.Name, e.Type)
			}
			types[e.Name] = e.Type
			if e.Optional {
				continue
			}
			found := strings.Contains(a.Text, e.Name)
			for _, al := range e.Aliases {
				found = found || strings.Contains(a.Text, al)
			}
			for _, c := range countries() {
				// a country an official serves may be named by its demonym only
				found = found || c.name == e.Name && strings.Contains(a.Text, c.demonym)
			}
			if !found {
				t.Errorf("article %d: entity %q is named nowhere in the text:\n%s", i, e.Name, a.Text)
			}
			if e.Type == "Person" {
				s := e.Name[strings.LastIndexByte(e.Name, ' ')+1:]
				if other, ok := surnames[s]; ok {
					t.Errorf("article %d: %q and %q share a surname", i, other, e.Name)
				}
				surnames[s] = e.Name
			}
		}
		for _, r := range w.Relations {
			rt, ok := graph.LookupRelation(graph.Predicate(r.Predicate))
			if !ok {
				t.Fatalf("article %d: unknown predicate %q", i, r.Predicate)
			}
			st, sok := types[r.Subject]
			ot, ook := types[r.Object]
			if !sok || !ook {
				t.Fatalf("article %d: %s %s %s links an entity the article does not list", i, r.Subject, r.Predicate, r.Object)
			}
			if !rt.Allows(graph.Type(st), graph.Type(ot)) {
				t.Errorf("article %d: %s (%s) %s %s (%s) breaks the ontology", i, r.Subject, st, r.Predicate, r.Object, ot)
			}
			for _, s := range r.SubjectAny {
				if _, ok := types[s]; !ok {
					t.Errorf("article %d: subject_any %q is not an entity of the article", i, s)
				}
			}
			if r.Predicate == "DESIGNATED" {
				k := r.Subject + "|" + r.Object
				if dates[k] == nil {
					dates[k] = map[string]bool{}
				}
				dates[k][r.Attributes["date"]] = true
			}
		}
		for _, s := range w.Statements {
			if types[s.Speaker] != "Person" {
				t.Errorf("article %d: speaker %q is not a person of the article", i, s.Speaker)
			}
			if !strings.Contains(a.Text, s.Text) {
				t.Errorf("article %d: the quotation %q is not in the text", i, s.Text)
			}
		}
	}
	for _, ds := range dates {
		if len(ds) > 1 {
			conflicts++
		}
	}
	if conflicts == 0 {
		t.Error("no designation is dated differently by two articles: the corpus has no conflicts")
	}
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	g := newGen(t, 1, 30)
	if err := g.WriteDir(dir, 5); err != nil {
		t.Fatal(err)
	}
	texts, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	golds, _ := filepath.Glob(filepath.Join(dir, "gold", "*.json"))
	if len(texts) != 5 || len(golds) != 5 {
		t.Fatalf("wrote %d articles and %d gold files, want 5 and 5", len(texts), len(golds))
	}
	data, err := os.ReadFile(filepath.Join(dir, "gold", "synthetic-000003.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e Expected
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatal(err)
	}
	want := g.Article(3).Expected
	if e.Document != want.Document || len(e.Entities) != len(want.Entities) || len(e.Relations) != len(want.Relations) {
		t.Errorf("gold file of article 3 = %+v, want %+v", e, want)
	}
	text, _ := os.ReadFile(filepath.Join(dir, "synthetic-000003.txt"))
	if string(text) != g.Article(3).Text {
		t.Error("the text written is not the article's")
	}
}

func TestOverlap(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"We will not negotiate", "We will not negotiate,", 1},
		{"we will NOT negotiate", "“We will not negotiate”", 1},
		{"one two three four", "one two x four", 0.5},
		{"a b", "x a b y z", 1},
		{"", "anything", 0},
		{"alpha beta gamma delta", "gamma delta", 1},
	}
	for _, tt := range tests {
		if got := Overlap(tt.a, tt.b); got != tt.want {
			t.Errorf("Overlap(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	want := Expected{
		Entities: []ExpectedEntity{
			{Name: "Crimson Jaguar Cartel", Type: "CriminalGroup"},
			{Name: "Department of State", Type: "Agency", Aliases: []string{"State Department"}},
			{Name: "United States", Type: "Country", Optional: true},
			{Name: "Marta Ostavia", Type: "Person", Aliases: []string{"Ostavia"}},
			{Name: "Peru", Type: "Country"},
		},
		Relations: []ExpectedRelation{
			{Subject: "Department of State", Predicate: "DESIGNATED", Object: "Crimson Jaguar Cartel", SubjectAny: []string{"United States"}},
			{Subject: "Marta Ostavia", Predicate: "HOLDS_POSITION", Object: "Peru"},
			{Subject: "Department of State", Predicate: "PART_OF", Object: "United States", Optional: true},
		},
		Statements: []ExpectedStatement{{Speaker: "Marta Ostavia", Text: "We will not negotiate with the Crimson Jaguar Cartel"}},
	}
	perfect := exchange.Document{
		Entities: []exchange.Entity{
			{Name: "Crimson Jaguar Cartel", Type: "CriminalGroup"},
			{Name: "State Department", Type: "Agency"},
			{Name: "Marta Ostavia", Type: "Person", Aliases: []string{"Ostavia"}},
			{Name: "Peru", Type: "Country"},
		},
		Relations: []exchange.Relation{
			{Subject: "State Department", Predicate: "DESIGNATED", Object: "Crimson Jaguar Cartel"},
			{Subject: "Ostavia", Predicate: "HOLDS_POSITION", Object: "Peru"},
		},
		Statements: []exchange.Statement{{Speaker: "Ostavia", Text: "We will not negotiate with the Crimson Jaguar Cartel,"}},
	}
	tests := []struct {
		name          string
		got           func(d *exchange.Document)
		ent, rel, stm Count
	}{
		{"perfect", func(d *exchange.Document) {}, Count{4, 0, 0}, Count{2, 0, 0}, Count{1, 0, 0}},
		{"subject_any and optional facts", func(d *exchange.Document) {
			d.Entities = append(d.Entities, exchange.Entity{Name: "U.S.", Type: "Country", Aliases: []string{"United States"}})
			d.Relations[0].Subject = "United States"
			d.Relations = append(d.Relations, exchange.Relation{Subject: "Department of State", Predicate: "PART_OF", Object: "U.S."})
		}, Count{5, 0, 0}, Count{2, 0, 0}, Count{1, 0, 0}},
		{"a missed relation and a wrong one", func(d *exchange.Document) {
			d.Relations[1].Predicate = "LEADS"
		}, Count{4, 0, 0}, Count{1, 1, 1}, Count{1, 0, 0}},
		{"the wrong type", func(d *exchange.Document) {
			d.Entities[3].Type = "Location"
		}, Count{3, 1, 1}, Count{2, 0, 0}, Count{1, 0, 0}},
		{"an entity twice", func(d *exchange.Document) {
			d.Entities = append(d.Entities, exchange.Entity{Name: "Department of State", Type: "Agency"})
		}, Count{4, 0, 0}, Count{2, 0, 0}, Count{1, 0, 0}},
		{"an extra entity, a short quotation by another", func(d *exchange.Document) {
			d.Entities = append(d.Entities, exchange.Entity{Name: "Lima", Type: "Location"})
			d.Statements[0].Text = "We will not"
			d.Statements = append(d.Statements, exchange.Statement{Speaker: "Peru", Text: "We will not negotiate with the Crimson Jaguar Cartel"})
		}, Count{4, 1, 0}, Count{2, 0, 0}, Count{1, 1, 0}},
		{"nothing", func(d *exchange.Document) { *d = exchange.Document{} }, Count{0, 0, 4}, Count{0, 0, 2}, Count{0, 0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clone(t, perfect)
			tt.got(&got)
			var s Score
			s.Add(want, got)
			if s.Entities != tt.ent || s.Relations != tt.rel || s.Statements != tt.stm {
				t.Errorf("entities %+v relations %+v statements %+v, want %+v %+v %+v",
					s.Entities, s.Relations, s.Statements, tt.ent, tt.rel, tt.stm)
			}
		})
	}
	var total Score
	for range 2 {
		var s Score
		s.Add(want, perfect)
		total.Merge(s)
	}
	if total.Relations.TP != 4 || total.Predicates["DESIGNATED"].TP != 2 || total.Relations.Recall() != 1 {
		t.Errorf("merged score %+v, want 4 relations found, 2 designations", total)
	}
}

func clone(t *testing.T, d exchange.Document) exchange.Document {
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var out exchange.Document
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func BenchmarkArticle(b *testing.B) {
	g := newGen(b, 1, 100000)
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(g.Article(i % 100000).Text)
	}
	b.SetBytes(int64(n / max(b.N, 1)))
}

func BenchmarkScore(b *testing.B) {
	g := newGen(b, 1, 1000)
	a := g.Article(0)
	got := exchange.Document{}
	for _, e := range a.Expected.Entities {
		got.Entities = append(got.Entities, exchange.Entity{Name: e.Name, Type: e.Type, Aliases: e.Aliases})
	}
	for _, r := range a.Expected.Relations {
		got.Relations = append(got.Relations, exchange.Relation{Subject: r.Subject, Predicate: r.Predicate, Object: r.Object})
	}
	b.ReportAllocs()
	for b.Loop() {
		var s Score
		s.Add(a.Expected, got)
	}
}
