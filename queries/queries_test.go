package queries

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// TestReports checks every embedded report: a complete header, the name of
// its file, and declared parameters that are exactly the $parameters its
// Cypher uses, with defaults repeated in the Cypher's coalesce.
func TestReports(t *testing.T) {
	reports, err := List()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"conflicts", "cooperation-network", "designated-groups-by-country", "designations",
		"entity-dossier", "most-mentioned", "officials", "policy-lineage", "single-source-facts",
		"who-said-what",
	}
	var names []string
	for _, r := range reports {
		names = append(names, r.Name)
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("reports = %v, want %v", names, want)
	}
	for _, r := range reports {
		t.Run(r.Name, func(t *testing.T) {
			if r.Answers == "" || !strings.HasSuffix(r.Answers, "?") {
				t.Errorf("answers %q: want a question", r.Answers)
			}
			if len(r.Columns) == 0 {
				t.Error("no columns")
			}
			var declared []string
			for _, p := range r.Params {
				declared = append(declared, p.Name)
				if p.Description == "" {
					t.Errorf("param %s: no description", p.Name)
				}
				// A non-null default must be the Cypher's own, so that the
				// query gives the same answer in cypher-shell given null.
				if v := p.DefaultValue(); v != nil {
					re := regexp.MustCompile(`coalesce\(\$` + p.Name + `,\s*` + regexp.QuoteMeta(p.Default) + `\)`)
					if !re.MatchString(r.Cypher) {
						t.Errorf("param %s: default %s but the Cypher has no coalesce($%s, %s)", p.Name, p.Default, p.Name, p.Default)
					}
				}
			}
			sort.Strings(declared)
			if used := Uses(r.Cypher); !reflect.DeepEqual(used, declared) && !(len(used) == 0 && len(declared) == 0) {
				t.Errorf("the Cypher uses $%v, the header declares %v", used, declared)
			}
		})
	}
}

// TestConflictRules checks that the conflicts report knows the attributes on
// which each relation type's sources may disagree as graph.RelationTypes does.
func TestConflictRules(t *testing.T) {
	r, err := Get("conflicts")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`\{predicate: '([A-Z_]+)', attribute: '([a-z]+)'\}`).FindAllStringSubmatch(r.Cypher, -1) {
		got = append(got, m[1]+"."+m[2])
	}
	var want, preds []string
	for _, rt := range graph.RelationTypes() {
		for _, a := range rt.Conflicting {
			want = append(want, string(rt.Predicate)+"."+a)
		}
		if len(rt.Conflicting) > 0 {
			preds = append(preds, string(rt.Predicate))
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("conflicts.cypher rules = %v, graph.RelationTypes says %v", got, want)
	}
	m := regexp.MustCompile(`\[r:([A-Z_|]+)\]`).FindStringSubmatch(r.Cypher)
	if m == nil {
		t.Fatal("conflicts.cypher: no [r:TYPES] pattern")
	}
	types := strings.Split(m[1], "|")
	sort.Strings(types)
	sort.Strings(preds)
	if !reflect.DeepEqual(types, preds) {
		t.Errorf("conflicts.cypher matches %v, want %v", types, preds)
	}
}

func TestGetUnknown(t *testing.T) {
	_, err := Get("nope")
	if graph.KindOf(err) != graph.NotFound {
		t.Fatalf("Get(nope) = %v, want a NotFound error", err)
	}
	for _, name := range []string{"designations", "conflicts", "entity-dossier"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %s", err, name)
		}
	}
}

func TestParse(t *testing.T) {
	const body = "\nMATCH (n) RETURN n.id AS id\n"
	tests := []struct {
		name, file, text string
		want             Report // Cypher filled in below
		err              string // substring of the error; "" for none
	}{
		{
			name: "complete",
			file: "x.cypher",
			text: "// name: x\n// answers: What?\n// param: who: Person|Agency = null (a person,\n//   or an agency)\n" +
				"// param: n: int = 20 (how many)\n// param: e: Entity (required)\n// param: s: string = 'a (b)' (text)\n" +
				"// columns: id, name\n// notes: one\n//   two\n" + body,
			want: Report{Name: "x", Answers: "What?", Columns: []string{"id", "name"}, Notes: "one two",
				Params: []Param{
					{Name: "who", Kind: "Person|Agency", Default: "null", Description: "a person, or an agency"},
					{Name: "n", Kind: "int", Default: "20", Description: "how many"},
					{Name: "e", Kind: "Entity", Description: "required"},
					{Name: "s", Kind: "string", Default: "'a (b)'", Description: "text"},
				}},
		},
		{name: "no name", file: "x.cypher", text: "// answers: What?\n// columns: id\n" + body, err: `x.cypher:1: queries.Parse: no "// name:"`},
		{name: "wrong name", file: "dir/x.cypher", text: "// name: y\n// answers: What?\n// columns: id\n" + body, err: `name "y" is not the file's name "x"`},
		{name: "no answers", file: "x.cypher", text: "// name: x\n// columns: id\n" + body, err: "answers"},
		{name: "no columns", file: "x.cypher", text: "// name: x\n// answers: What?\n" + body, err: "columns"},
		{name: "no query", file: "x.cypher", text: "// name: x\n// answers: What?\n// columns: id\n", err: "no query"},
		{name: "unknown field", file: "x.cypher", text: "// name: x\n// answer: What?\n" + body, err: `x.cypher:2: queries.Parse: unknown header field "answer"`},
		{name: "bad kind", file: "x.cypher", text: "// name: x\n// param: a: Cartel = null (x)\n" + body, err: `unknown kind "Cartel"`},
		{name: "bad default", file: "x.cypher", text: "// name: x\n// param: a: int = twenty (x)\n" + body, err: `"twenty" is not a Cypher literal`},
		{name: "default of wrong kind", file: "x.cypher", text: "// name: x\n// param: a: int = 'x' (x)\n" + body, err: "not an integer"},
		{name: "no description", file: "x.cypher", text: "// name: x\n// param: a: int = 1\n" + body, err: "want a description"},
		{name: "twice", file: "x.cypher", text: "// name: x\n// param: a: int = 1 (x)\n// param: a: int = 2 (y)\n" + body, err: `x.cypher:3: queries.Parse: parameter "a" declared twice`},
		{name: "bad column", file: "x.cypher", text: "// name: x\n// answers: What?\n// columns: id, two words\n" + body, err: `column "two words"`},
		{name: "dangling continuation", file: "x.cypher", text: "// name: x\n//\n//   more\n" + body, err: "x.cypher:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.file, tt.text)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Parse: error %v, want one containing %q", err, tt.err)
				}
				if graph.KindOf(err) != graph.Invalid {
					t.Errorf("kind %v, want Invalid", graph.KindOf(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Cypher = tt.text
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestUses(t *testing.T) {
	tests := []struct {
		cypher string
		want   []string
	}{
		{"MATCH (n {id: $id}) WHERE $a IS NULL RETURN $a, $b_2", []string{"a", "b_2", "id"}},
		{"// $commented\nRETURN '$quoted', \"$dq\", `$name`, 'it\\'s $not' /* $block */, $real", []string{"real"}},
		{"RETURN 1", []string{}},
		{"RETURN $", []string{}},
	}
	for _, tt := range tests {
		if got := Uses(tt.cypher); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Uses(%q) = %v, want %v", tt.cypher, got, tt.want)
		}
	}
}

func testReport(t *testing.T) Report {
	t.Helper()
	r, err := Parse("t.cypher", "// name: t\n// answers: What?\n"+
		"// param: group: CriminalGroup = null (a group)\n"+
		"// param: by: Country|Agency = null (an authority)\n"+
		"// param: limit: int = 20 (how many)\n"+
		"// param: type: type = null (a type)\n"+
		"// param: predicate: predicate = null (a relation type)\n"+
		"// param: entity: Entity (an entity; required)\n"+
		"// columns: x\nRETURN coalesce($limit, 20) AS x, $group, $by, $type, $predicate, $entity\n")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestArgs(t *testing.T) {
	r := testReport(t)
	defaults := map[string]any{"group": nil, "by": nil, "limit": int64(20), "type": nil, "predicate": nil}
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for k, v := range defaults {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		params map[string]any
		want   map[string]any
		err    string
	}{
		{"defaults", map[string]any{"entity": "x"}, with("entity", "x"), ""},
		{"int from string", map[string]any{"entity": "x", "limit": " 5 "}, with("entity", "x", "limit", int64(5)), ""},
		{"int from float", map[string]any{"entity": "x", "limit": 7.0}, with("entity", "x", "limit", int64(7)), ""},
		{"type folded", map[string]any{"entity": "x", "type": "criminalgroup"}, with("entity", "x", "type", "CriminalGroup"), ""},
		{"predicate folded", map[string]any{"entity": "x", "predicate": "designated"}, with("entity", "x", "predicate", "DESIGNATED"), ""},
		{"said is a predicate", map[string]any{"entity": "x", "predicate": "SAID"}, with("entity", "x", "predicate", "SAID"), ""},
		{"empty is not given", map[string]any{"entity": "x", "group": "", "limit": ""}, with("entity", "x"), ""},
		{"unknown", map[string]any{"entity": "x", "grop": "y", "zz": 1},
			nil, `t: queries.Args: unknown parameter "grop", "zz"; its parameters are group, by, limit, type, predicate, entity`},
		{"missing required", map[string]any{}, nil, `parameter "entity" is required: an entity; required`},
		{"null required", map[string]any{"entity": nil}, nil, `parameter "entity" is required`},
		{"not an int", map[string]any{"entity": "x", "limit": "many"}, nil, `parameter "limit": many is not an integer`},
		{"fraction", map[string]any{"entity": "x", "limit": 2.5}, nil, "not an integer"},
		{"bad type", map[string]any{"entity": "x", "type": "Cartel"}, nil, `"Cartel" is not an entity type`},
		{"bad predicate", map[string]any{"entity": "x", "predicate": "LIKES"}, nil, `"LIKES" is not a relation type (want one of DESIGNATED,`},
		{"not a string", map[string]any{"entity": 3}, nil, "3 is not a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Args(tt.params)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Args: error %v, want one containing %q", err, tt.err)
				}
				if graph.KindOf(err) != graph.Invalid {
					t.Errorf("kind %v, want Invalid", graph.KindOf(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Args = %v, want %v", got, tt.want)
			}
		})
	}
	none, err := Parse("n.cypher", "// name: n\n// answers: What?\n// columns: x\nRETURN 1 AS x\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := none.Args(map[string]any{"a": 1}); err == nil || !strings.Contains(err.Error(), "it takes no parameters") {
		t.Errorf("Args on a report without parameters: %v", err)
	}
}

// fakeEntities is a store of a few entities for Resolve.
type fakeEntities []*graph.Entity

func (f fakeEntities) Entities(_ context.Context, ids []string) ([]*graph.Entity, error) {
	var out []*graph.Entity
	for _, e := range f {
		for _, id := range ids {
			if e.ID == id {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

func (f fakeEntities) Lookup(_ context.Context, name string, types ...graph.Type) ([]*graph.Entity, error) {
	if name == "boom" {
		return nil, graph.E(graph.Unavailable, "down")
	}
	var out []*graph.Entity
	for _, e := range f {
		ok := len(types) == 0
		for _, t := range types {
			ok = ok || e.Type == t
		}
		match := false
		for _, a := range graph.Aliases(e.Name, e.Aliases) {
			match = match || graph.Key(a) == graph.Key(name)
		}
		if ok && match {
			out = append(out, e)
		}
	}
	return out, nil
}

func TestResolve(t *testing.T) {
	r := testReport(t)
	store := fakeEntities{
		{ID: "cartel-del-noreste", Name: "Cártel del Noreste", Type: graph.CriminalGroup, Aliases: []string{"CDN"}},
		{ID: "cdn", Name: "CDN", Type: graph.Agency},
		{ID: "mexico", Name: "Mexico", Type: graph.Country},
		{ID: "mexico-state", Name: "Mexico", Type: graph.Location},
		{ID: "department-of-state", Name: "Department of State", Type: graph.Agency, Aliases: []string{"State Department"}},
	}
	tests := []struct {
		name   string
		params map[string]any
		want   map[string]any
		kind   graph.Kind
		err    string
	}{
		{"id stays", map[string]any{"group": "cartel-del-noreste"}, map[string]any{"group": "cartel-del-noreste"}, 0, ""},
		{"name without accents", map[string]any{"group": "the cartel del NORESTE"}, map[string]any{"group": "cartel-del-noreste"}, 0, ""},
		{"alias, typed", map[string]any{"group": "CDN"}, map[string]any{"group": "cartel-del-noreste"}, 0, ""},
		{"id of one of the types", map[string]any{"by": "cdn"}, map[string]any{"by": "cdn"}, 0, ""},
		{"alias of an agency", map[string]any{"by": "state department"}, map[string]any{"by": "department-of-state"}, 0, ""},
		{"any type: ambiguous", map[string]any{"entity": "Mexico"}, nil, graph.Invalid,
			`parameter "entity": "Mexico" names 2 entities, give one's id: Mexico (Country, id mexico); Mexico (Location, id mexico-state)`},
		{"any type: by id", map[string]any{"entity": "mexico-state"}, map[string]any{"entity": "mexico-state"}, 0, ""},
		{"typed: not ambiguous", map[string]any{"by": "Mexico"}, map[string]any{"by": "mexico"}, 0, ""},
		{"not found", map[string]any{"group": "Mexico"}, nil, graph.NotFound, `parameter "group": no CriminalGroup has the id or name "Mexico"`},
		{"others untouched", map[string]any{"limit": "5", "group": nil}, map[string]any{"limit": "5", "group": nil}, 0, ""},
		{"unknown", map[string]any{"grup": "x"}, nil, graph.Invalid, `unknown parameter "grup"`},
		{"store error", map[string]any{"group": "boom"}, nil, graph.Unavailable, "down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(context.Background(), store, r, tt.params)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Resolve: error %v, want one containing %q", err, tt.err)
				}
				if graph.KindOf(err) != tt.kind {
					t.Errorf("kind %v, want %v", graph.KindOf(err), tt.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Resolve = %v, want %v", got, tt.want)
			}
		})
	}
}

// recorder is a Runner that records what it was asked.
type recorder struct {
	cypher string
	params map[string]any
	err    error
}

func (r *recorder) Read(_ context.Context, cypher string, params map[string]any) (Result, error) {
	r.cypher, r.params = cypher, params
	return Result{Columns: []string{"x"}, Rows: [][]any{{int64(1)}}}, r.err
}

func TestRun(t *testing.T) {
	r := testReport(t)
	rec := &recorder{}
	res, err := Run(context.Background(), rec, r, map[string]any{"entity": "mexico", "limit": "3"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.cypher != r.Cypher {
		t.Errorf("ran %q, want the report's Cypher unchanged", rec.cypher)
	}
	want := map[string]any{"group": nil, "by": nil, "limit": int64(3), "type": nil, "predicate": nil, "entity": "mexico"}
	if !reflect.DeepEqual(rec.params, want) {
		t.Errorf("params %v, want %v", rec.params, want)
	}
	if len(res.Rows) != 1 {
		t.Errorf("rows %v", res.Rows)
	}
	if _, err := Run(context.Background(), rec, r, map[string]any{}); graph.KindOf(err) != graph.Invalid {
		t.Errorf("Run without a required parameter: %v", err)
	}
	rec.err = graph.E(graph.Unavailable, errors.New("gone"))
	if _, err := Run(context.Background(), rec, r, map[string]any{"entity": "x"}); graph.KindOf(err) != graph.Unavailable || !strings.Contains(err.Error(), "t: queries.Run: gone") {
		t.Errorf("Run with a failing runner: %v", err)
	}
}
