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
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ from the reports' output")

// testNeo4j connects to the Neo4j of NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE). Without NEO4J_URI the test skips, unless
// CARTELGRAPH_REQUIRE_NEO4J=true makes that a failure.
func testNeo4j(t *testing.T) *Neo4j {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("CARTELGRAPH_REQUIRE_NEO4J") == "true" {
			t.Fatal("CARTELGRAPH_REQUIRE_NEO4J=true but NEO4J_URI is not set")
		}
		t.Skip("NEO4J_URI is not set, so the reports are not run on Neo4j: " +
			`scripts/neo4j install && scripts/neo4j start && eval "$(scripts/neo4j env)"`)
	}
	user := os.Getenv("NEO4J_USER")
	if user == "" {
		user = os.Getenv("NEO4J_USERNAME")
	}
	if user == "" {
		user = "neo4j"
	}
	ctx := context.Background()
	n, err := Dial(ctx, uri, user, os.Getenv("NEO4J_PASSWORD"), os.Getenv("NEO4J_DATABASE"))
	if err != nil {
		t.Fatalf("NEO4J_URI=%s: %v", uri, err)
	}
	t.Cleanup(func() { _ = n.Close(ctx) })
	return n
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
}

func (r run) golden(dir string) string {
	name := r.report
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
		{"conflicts", nil},
		{"conflicts", map[string]any{"predicate": "HOLDS_POSITION"}},
		{"cooperation-network", nil},
		{"cooperation-network", map[string]any{"entity": graphtest.Valdoria}},
		{"designated-groups-by-country", nil},
		{"designated-groups-by-country", map[string]any{"country": graphtest.Mexico}},
		{"designations", nil},
		{"designations", map[string]any{"group": graphtest.GolfoNorte, "by": graphtest.UnitedStates}},
		{"entity-dossier", map[string]any{"entity": graphtest.GolfoNorte}},
		{"entity-dossier", map[string]any{"entity": graphtest.AnaBeltran}},
		{"most-mentioned", nil},
		{"most-mentioned", map[string]any{"type": "Person", "limit": int64(2)}},
		{"officials", nil},
		{"officials", map[string]any{"country": graphtest.Mexico}},
		{"policy-lineage", nil},
		{"policy-lineage", map[string]any{"policy": graphtest.AcuerdoSombra}},
		{"single-source-facts", nil},
		{"single-source-facts", map[string]any{"predicate": "SAID"}},
		{"who-said-what", nil},
		{"who-said-what", map[string]any{"about": graphtest.Mexico}},
	}
}

// TestGoldenFixtures runs the reports over graphtest's fixtures and a document
// of this package's own, written into Neo4j as the Neo4j model lays out, and
// compares their output with testdata/fixtures.
func TestGoldenFixtures(t *testing.T) {
	n := testNeo4j(t)
	ctx := context.Background()
	g := merge(append(graphtest.Fixtures(), extraFixture()))
	writeModel(t, n, g)
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

	// The conflicts report agrees with graph.Conflicts.
	r, err := Get("conflicts")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, n, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, row := range res.Rows {
		got = append(got, fmt.Sprintf("%v %v %v %v", row[5], row[1], row[2], row[3]))
	}
	for _, rel := range g.relations {
		for _, c := range graph.Conflicts(rel) {
			for _, v := range c.Values {
				want = append(want, fmt.Sprintf("%s %s %s %d", rel.ID, c.Attribute, v.Value, len(v.Sources)))
			}
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if len(want) < 6 {
		t.Errorf("the fixtures have %d conflicting values, want at least 6 to test the rule", len(want))
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
// reports what graphtest's fixtures lack: conflicting titles, a compatible
// title, a reward, a replaced policy, an issue date conflict and agencies
// that cooperate and oppose.
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
			{Subject: graphtest.UnitedStates, Predicate: graph.Designated, Object: graphtest.GolfoNorte, Evidence: []graph.Evidence{ev(580, "The cartel has been listed since 2025.", "2025", graph.AttrDesignation, "Foreign Terrorist Organization")}},
		},
		Statements: []graph.Statement{
			{Speaker: graphtest.AnaBeltran, Text: "Valdoria & Mexico share one border, and one problem.", About: []string{graphtest.Valdoria, graphtest.Mexico},
				Evidence: []graph.Evidence{ev(620, `"Valdoria & Mexico share one border, and one problem," Beltrán said.`, "")}},
		},
	}
}

// model is a whole graph, merged from extractions as a store merges them.
type model struct {
	documents  []*graph.Document
	entities   map[string]*graph.Entity
	relations  map[string]*graph.Relation
	statements map[string]*graph.Statement
	mentions   []graph.Mention
}

// merge merges normalised extractions: entities by ID (PreferName, aliases
// joined), relations and statements by ID with their evidence joined and
// relations summarised.
func merge(xs []*graph.Extraction) *model {
	m := &model{entities: map[string]*graph.Entity{}, relations: map[string]*graph.Relation{}, statements: map[string]*graph.Statement{}}
	for _, x := range xs {
		x.Normalize()
		d := x.Document
		m.documents = append(m.documents, &d)
		for _, e := range x.Entities {
			if have, ok := m.entities[e.ID]; ok {
				have.Name = graph.PreferName(have.Name, e.Name)
				have.Aliases = graph.Aliases(have.Name, append(have.Aliases, e.Aliases...))
				continue
			}
			e := e
			m.entities[e.ID] = &e
		}
		m.mentions = append(m.mentions, x.Mentions...)
		for _, r := range x.Relations {
			if have, ok := m.relations[r.ID]; ok {
				have.Evidence = append(have.Evidence, r.Evidence...)
				continue
			}
			r := r
			m.relations[r.ID] = &r
		}
		for _, s := range x.Statements {
			if have, ok := m.statements[s.ID]; ok {
				have.Evidence = append(have.Evidence, s.Evidence...)
				continue
			}
			s := s
			m.statements[s.ID] = &s
		}
	}
	for _, r := range m.relations {
		graph.Summarize(r)
	}
	return m
}

// writeModel empties the database and writes g in the Neo4j model of
// docs/ARCHITECTURE.md. Labels and relationship types come from the graph
// package's constants; every value is a parameter.
func writeModel(t *testing.T, n *Neo4j, g *model) {
	t.Helper()
	ctx := context.Background()
	write := func(cypher string, params map[string]any) {
		t.Helper()
		opts := []neo4j.ExecuteQueryConfigurationOption{neo4j.ExecuteQueryWithWritersRouting()}
		if n.Database != "" {
			opts = append(opts, neo4j.ExecuteQueryWithDatabase(n.Database))
		}
		if _, err := neo4j.ExecuteQuery(ctx, n.Driver, cypher, params, neo4j.EagerResultTransformer, opts...); err != nil {
			t.Fatalf("%s: %v", cypher, err)
		}
	}
	write("MATCH (n) DETACH DELETE n", nil)

	var docs []any
	for _, d := range g.documents {
		docs = append(docs, map[string]any{"id": d.ID, "source": d.Source, "name": d.Name, "title": d.Title,
			"publisher": d.Publisher, "author": nullable(d.Author), "url": nullable(d.URL), "published": nullable(d.Published)})
	}
	write("UNWIND $docs AS d CREATE (n:Document) SET n = d", map[string]any{"docs": docs})

	for _, typ := range graph.Types() {
		var rows []any
		for _, e := range g.entities {
			if e.Type != typ {
				continue
			}
			keys := map[string]bool{}
			var ks []any
			var aliases []any
			for _, a := range graph.Aliases(e.Name, e.Aliases) {
				aliases = append(aliases, a)
				if k := graph.Key(a); !keys[k] {
					keys[k] = true
					ks = append(ks, k)
				}
			}
			rows = append(rows, map[string]any{"id": e.ID, "name": e.Name, "type": string(e.Type),
				"aliases": aliases, "keys": ks, "nameRank": int64(graph.NameRank(e.Name))})
		}
		write("UNWIND $rows AS e CREATE (n:Entity:"+string(typ)+") SET n = e", map[string]any{"rows": rows})
	}
	var mentions []any
	for _, m := range g.mentions {
		mentions = append(mentions, map[string]any{"document": m.Document, "entity": m.Entity, "count": int64(m.Count)})
	}
	write(`UNWIND $rows AS m MATCH (d:Document {id: m.document}), (e:Entity {id: m.entity})
		CREATE (d)-[:MENTIONS {count: m.count}]->(e)`, map[string]any{"rows": mentions})

	evidence := func(fact string, p string, e graph.Evidence) map[string]any {
		row := map[string]any{"id": graph.EvidenceID(fact, e.Document, e.Start), "fact": fact, "predicate": p,
			"document": e.Document, "sentence": e.Sentence, "start": int64(e.Start), "end": int64(e.End),
			"date": nullable(e.Date), "confidence": e.Confidence, "alleged": e.Alleged}
		for _, a := range graph.Attributes() {
			row[a] = nullable(e.Attributes[a])
		}
		return row
	}
	var evs []any
	for _, rt := range graph.RelationTypes() {
		var rows []any
		for _, r := range g.relations {
			if r.Predicate != rt.Predicate {
				continue
			}
			props := map[string]any{"id": r.ID, "date": nullable(r.Date), "alleged": r.Alleged,
				"confidence": r.Confidence, "sources": int64(len(r.Evidence))}
			for _, a := range graph.Attributes() {
				props[a] = nullable(r.Attributes[a])
			}
			rows = append(rows, map[string]any{"s": r.Subject, "o": r.Object, "props": props})
			for _, e := range r.Evidence {
				evs = append(evs, evidence(r.ID, string(r.Predicate), e))
			}
		}
		write(`UNWIND $rows AS r MATCH (s:Entity {id: r.s}), (o:Entity {id: r.o})
			CREATE (s)-[x:`+string(rt.Predicate)+`]->(o) SET x = r.props`, map[string]any{"rows": rows})
	}
	var stms []any
	for _, s := range g.statements {
		about := make([]any, len(s.About))
		for i, a := range s.About {
			about[i] = a
		}
		stms = append(stms, map[string]any{"id": s.ID, "text": s.Text, "speaker": s.Speaker,
			"sources": int64(len(s.Evidence)), "about": about})
		for _, e := range s.Evidence {
			evs = append(evs, evidence(s.ID, graph.Said, e))
		}
	}
	write(`UNWIND $rows AS s MATCH (p:Person {id: s.speaker})
		CREATE (p)-[:SAID]->(st:Statement {id: s.id, text: s.text, speaker: s.speaker, sources: s.sources})
		WITH st, s UNWIND s.about AS a MATCH (x:Entity {id: a}) CREATE (st)-[:ABOUT]->(x)`, map[string]any{"rows": stms})
	write(`UNWIND $rows AS e MATCH (d:Document {id: e.document}) CREATE (n:Evidence)-[:FROM]->(d) SET n = e`,
		map[string]any{"rows": evs})
}

// nullable turns "" into nil, as the stores leave absent properties unset.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
