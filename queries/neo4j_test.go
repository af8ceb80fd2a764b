package queries

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
	"github.com/cartelgraph/cartelgraph/graph/neo4j/neo4jtest"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ from the reports' output")

// testNeo4j connects to the Neo4j of the environment (neo4jtest.Config:
// NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE). Without NEO4J_URI
// the test skips, unless CARTELGRAPH_REQUIRE_NEO4J=true makes that a failure.
// It does not lock the database: tests that write take neo4jtest.Lock first.
func testNeo4j(t *testing.T) *Neo4j {
	t.Helper()
	cfg, ok := neo4jtest.Config()
	if !ok {
		if neo4jtest.Required() {
			t.Fatal("CARTELGRAPH_REQUIRE_NEO4J=true but NEO4J_URI is not set")
		}
		t.Skip("NEO4J_URI is not set, so the reports are not run on Neo4j: " +
			`scripts/neo4j install && scripts/neo4j start && eval "$(scripts/neo4j env)"`)
	}
	ctx := context.Background()
	n, err := Dial(ctx, cfg.URI, cfg.User, cfg.Password, cfg.Database)
	if err != nil {
		t.Fatalf("NEO4J_URI=%s: %v", cfg.URI, err)
	}
	t.Cleanup(func() { _ = n.Close(ctx) })
	return n
}

// testStore locks the Neo4j test database, empties it, opens the project's
// Neo4j store on it and a Runner beside it.
func testStore(t *testing.T) (graph.Store, *Neo4j) {
	t.Helper()
	n := testNeo4j(t)
	return neo4jtest.Open(t), n
}

// sampleParams gives the reports that need one a value for each required parameter.
func sampleParams(r Report) map[string]any {
	params := map[string]any{}
	for _, p := range r.Params {
		if p.Required() {
			params[p.Name] = "x"
		}
	}
	return params
}

// TestExplain has Neo4j plan every report: it parses, its columns are the
// header's, and it uses nothing deprecated.
func TestExplain(t *testing.T) {
	n := testNeo4j(t)
	reports, err := List()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, r := range reports {
		t.Run(r.Name, func(t *testing.T) {
			args, err := r.Args(sampleParams(r))
			if err != nil {
				t.Fatal(err)
			}
			opts := []neo4j.ExecuteQueryConfigurationOption{neo4j.ExecuteQueryWithReadersRouting()}
			if n.Database != "" {
				opts = append(opts, neo4j.ExecuteQueryWithDatabase(n.Database))
			}
			res, err := neo4j.ExecuteQuery(ctx, n.Driver, "EXPLAIN\n"+r.Cypher, args, neo4j.EagerResultTransformer, opts...)
			if err != nil {
				t.Fatalf("EXPLAIN %s: %v", r.Name, err)
			}
			if !reflect.DeepEqual(res.Keys, r.Columns) {
				t.Errorf("Neo4j returns columns %v, the header says %v", res.Keys, r.Columns)
			}
			for _, note := range res.Summary.Notifications() {
				if strings.Contains(note.Code(), "Deprecat") {
					t.Errorf("%s: %s", note.Code(), note.Description())
				}
			}
		})
	}
}

// run is one report run of a golden test: the report, its parameters and the
// golden file that holds its output.
type run struct {
	report string
	params map[string]any
	// label, when set, names the golden file instead of the parameters.
	label string
}

func (r run) golden(dir string) string {
	name := r.report
	if r.label != "" {
		return filepath.Join("testdata", dir, name+"@"+r.label+".json")
	}
	var keys []string
	for k := range r.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name += fmt.Sprintf("@%s=%v", k, r.params[k])
	}
	return filepath.Join("testdata", dir, name+".json")
}

// fixtureRuns lists the runs of TestGoldenFixtures: every report, with its
// defaults and with parameters.
func fixtureRuns() []run {
	return []run{
		{"conflicts", nil, ""},
		{"conflicts", map[string]any{"predicate": "HOLDS_POSITION"}, ""},
		{"cooperation-network", nil, ""},
		{"cooperation-network", map[string]any{"entity": graphtest.Valdoria}, ""},
		{"designated-groups-by-country", nil, ""},
		{"designated-groups-by-country", map[string]any{"country": graphtest.Mexico}, ""},
		{"designations", nil, ""},
		{"designations", map[string]any{"group": graphtest.GolfoNorte, "by": graphtest.UnitedStates}, ""},
		{"entity-dossier", map[string]any{"entity": graphtest.GolfoNorte}, ""},
		{"entity-dossier", map[string]any{"entity": graphtest.AnaBeltran}, ""},
		{"most-mentioned", nil, ""},
		{"most-mentioned", map[string]any{"type": "Person", "limit": int64(2)}, ""},
		{"officials", nil, ""},
		{"officials", map[string]any{"country": graphtest.Mexico}, ""},
		{"policy-lineage", nil, ""},
		{"policy-lineage", map[string]any{"policy": graphtest.AcuerdoSombra}, ""},
		{"single-source-facts", nil, ""},
		{"single-source-facts", map[string]any{"predicate": "SAID"}, ""},
		{"who-said-what", nil, ""},
		{"who-said-what", map[string]any{"about": graphtest.Mexico}, ""},
	}
}

// TestGoldenFixtures runs the reports over graphtest's fixtures and a document
// of this package's own, written by the Neo4j store, and compares their output
// with testdata/fixtures.
func TestGoldenFixtures(t *testing.T) {
	s, n := testStore(t)
	graphtest.Load(t, s, append(graphtest.Fixtures(), extraFixture())...)
	checkGolden(t, n, "fixtures", fixtureRuns())

	// Every report has a run.
	reports, err := List()
	if err != nil {
		t.Fatal(err)
	}
	ran := map[string]bool{}
	for _, r := range fixtureRuns() {
		ran[r.report] = true
	}
	for _, r := range reports {
		if !ran[r.Name] {
			t.Errorf("report %s has no golden run", r.Name)
		}
	}
	checkConflicts(t, s, n, 6)

	// Names resolve to IDs through the store's Lookup.
	resolve := []struct {
		report, param, value string
		want                 string     // the ID; "" for an error
		kind                 graph.Kind // of the error
	}{
		{"designations", "group", "cdgn", graphtest.GolfoNorte, 0},
		{"designations", "group", "the CARTEL del golfo norte", graphtest.GolfoNorte, 0},
		{"officials", "person", graphtest.ElenaVargas, graphtest.ElenaVargas, 0},
		{"officials", "person", "Tomas Herrera", graphtest.TomasHerrera, 0},
		{"entity-dossier", "entity", "Herrera", "", graph.Invalid}, // the person and the town
		{"designations", "group", "Mexico", "", graph.NotFound},
	}
	for _, tt := range resolve {
		r, err := Get(tt.report)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Resolve(context.Background(), s, r, map[string]any{tt.param: tt.value})
		switch {
		case tt.want == "" && graph.KindOf(err) != tt.kind:
			t.Errorf("%s %s=%q: error %v, want one of kind %v", tt.report, tt.param, tt.value, err, tt.kind)
		case tt.want != "" && (err != nil || got[tt.param] != tt.want):
			t.Errorf("%s %s=%q: %v, %v; want %s", tt.report, tt.param, tt.value, got, err, tt.want)
		}
	}
}

// checkConflicts checks that the conflicts report finds what graph.Conflicts
// finds in the store's relations, and that there are at least min
// conflicting values.
func checkConflicts(t *testing.T, s graph.Store, n *Neo4j, min int) {
	t.Helper()
	rels, err := s.Relations(context.Background(), graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Get("conflicts")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), n, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, row := range res.Rows {
		got = append(got, fmt.Sprintf("%v %v %v %v", row[5], row[1], row[2], row[3]))
	}
	for _, rel := range rels {
		for _, c := range graph.Conflicts(rel) {
			for _, v := range c.Values {
				want = append(want, fmt.Sprintf("%s %s %s %d", rel.ID, c.Attribute, v.Value, len(v.Sources)))
			}
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if len(want) < min {
		t.Errorf("the graph has %d conflicting values, want at least %d to test the rule", len(want), min)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("conflicts report:\n%s\ngraph.Conflicts:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkGolden runs each run's report and compares its JSON with the golden
// file, or rewrites the file with -update.
func checkGolden(t *testing.T, n *Neo4j, dir string, runs []run) {
	t.Helper()
	ctx := context.Background()
	for _, rn := range runs {
		file := rn.golden(dir)
		t.Run(filepath.Base(file), func(t *testing.T) {
			r, err := Get(rn.report)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(ctx, n, r, rn.params)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Columns, r.Columns) {
				t.Errorf("columns %v, want %v", res.Columns, r.Columns)
			}
			var b bytes.Buffer
			if err := WriteJSON(&b, res); err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the report's output (run with -update to accept it):\n%s", file, b.String())
			}
		})
	}
}

// extraFixture is a fictional document of this package's own that gives the
// reports what graphtest's fixtures lack: conflicting titles and amounts, an
// issue date conflict, values that differ but do not conflict (a title that
// has the same key, a date that is a prefix of another), a replaced policy
// and agencies that cooperate and oppose.
func extraFixture() *graph.Extraction {
	const doc = "fx-reports"
	ev := func(start int, sentence string, date string, attrs ...string) graph.Evidence {
		e := graph.Evidence{Sentence: sentence, Start: start, End: start + len(sentence), Confidence: 0.75, Date: date}
		for i := 0; i+1 < len(attrs); i += 2 {
			if e.Attributes == nil {
				e.Attributes = map[string]string{}
			}
			e.Attributes[attrs[i]] = attrs[i+1]
		}
		return e
	}
	return &graph.Extraction{
		Document: graph.Document{ID: doc, Source: "fixtures/reports.txt", Name: "reports.txt",
			Title: "Reports fixture: the Sombra accords, revisited", Publisher: "Fixture Wire", Published: "2025-05-02"},
		Entities: []graph.Entity{
			{Name: "Ana Beltrán", Type: graph.Person, Aliases: []string{"Beltran"}},
			{Name: "Mexico", Type: graph.Country},
			{Name: "Valdoria", Type: graph.Country},
			{Name: "Valdorian Police", Type: graph.Agency},
			{Name: "Department of State", Type: graph.Agency},
			{Name: "United States", Type: graph.Country},
			{Name: "Tomás Herrera", Type: graph.Person},
			{Name: "Acuerdo de Puerto Sombra", Type: graph.Policy},
			{Name: "Segundo Acuerdo de Puerto Sombra", Type: graph.Policy},
			{Name: "Cártel del Golfo Norte", Type: graph.CriminalGroup},
			{Name: "Elena Vargas", Type: graph.Person},
		},
		Mentions: []graph.Mention{{Entity: graphtest.AnaBeltran, Count: 2}, {Entity: graphtest.Valdoria, Count: 3}},
		Relations: []graph.Relation{
			{Subject: graphtest.AnaBeltran, Predicate: graph.HoldsPosition, Object: graphtest.Mexico, Evidence: []graph.Evidence{
				ev(0, "Beltrán, then the capital's mayor, objected.", "", graph.AttrTitle, "capital mayor"),
				ev(50, "President of Mexico Ana Beltrán signed.", "", graph.AttrTitle, "President of Mexico"),
			}},
			{Subject: "valdorian-police", Predicate: graph.PartOf, Object: graphtest.Valdoria, Evidence: []graph.Evidence{ev(100, "The Valdorian Police answer to the capital.", "")}},
			{Subject: "valdorian-police", Predicate: graph.CooperatesWith, Object: graphtest.StateDept, Evidence: []graph.Evidence{ev(150, "The Valdorian Police work with the State Department.", "")}},
			{Subject: graphtest.StateDept, Predicate: graph.CooperatesWith, Object: "valdorian-police", Evidence: []graph.Evidence{ev(210, "The State Department trains the Valdorian Police.", "")}},
			{Subject: graphtest.Valdoria, Predicate: graph.Opposes, Object: graphtest.UnitedStates, Evidence: []graph.Evidence{ev(270, "Valdoria rejects U.S. patrols.", "", graph.AttrAbout, "naval patrols")}},
			{Subject: graphtest.StateDept, Predicate: graph.OfferedReward, Object: graphtest.TomasHerrera, Evidence: []graph.Evidence{
				ev(310, "The State Department offers $5 million for Herrera.", "", graph.AttrAmount, "$5 million"),
				ev(370, "The reward for Herrera is $10 million.", "", graph.AttrAmount, "$10 million"),
			}},
			{Subject: "segundo-acuerdo-de-puerto-sombra", Predicate: graph.Replaced, Object: graphtest.AcuerdoSombra, Evidence: []graph.Evidence{ev(420, "The second accord replaced the first in May 2025.", "2025-05")}},
			{Subject: graphtest.Mexico, Predicate: graph.Issued, Object: graphtest.AcuerdoSombra, Evidence: []graph.Evidence{ev(480, "Mexico signed the first accord in 2025.", "2025"), ev(530, "The accord dates from February 2025.", "2025-02")}},
			{Subject: graphtest.ElenaVargas, Predicate: graph.HoldsPosition, Object: graphtest.StateDept, Evidence: []graph.Evidence{
				ev(700, "Vargas, the secretary of state, flew in.", "", graph.AttrTitle, "the secretary of state")}},
			{Subject: graphtest.UnitedStates, Predicate: graph.Sanctioned, Object: graphtest.GolfoNorte, Evidence: []graph.Evidence{
				ev(750, "Its assets have been frozen since March 2025.", "2025-03")}},
			{Subject: graphtest.UnitedStates, Predicate: graph.Designated, Object: graphtest.GolfoNorte, Evidence: []graph.Evidence{ev(580, "The cartel has been listed since 2025.", "2025", graph.AttrDesignation, "Foreign Terrorist Organization")}},
		},
		Statements: []graph.Statement{
			{Speaker: graphtest.AnaBeltran, Text: "Valdoria & Mexico share one border, and one problem.", About: []string{graphtest.Valdoria, graphtest.Mexico},
				Evidence: []graph.Evidence{ev(620, `"Valdoria & Mexico share one border, and one problem," Beltrán said.`, "")}},
		},
	}
}
