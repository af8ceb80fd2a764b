package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/export"
	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// openStore returns an embedded store holding the extractions, closed when
// the test ends.
func openStore(t testing.TB, xs ...*graph.Extraction) graph.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatalf("embedded.Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	graphtest.Load(t, s, xs...)
	return s
}

// fixtureStore returns a store holding graphtest.Fixtures.
func fixtureStore(t testing.TB) graph.Store {
	return openStore(t, graphtest.Fixtures()...)
}

// The IDs of the entities of tricky.
var (
	trickyPerson = graph.Slug(`Ana "La Jefa" <Ruiz> & Co`)
	trickyOrg    = graph.Slug("Smith, Jones & Partners")
)

// tricky is a document whose names and texts hold what every format must
// escape: quotes, angle brackets, ampersands, commas, semicolons, pipes, tabs,
// line breaks, a character XML cannot hold (U+001F) and non-ASCII letters.
func tricky() *graph.Extraction {
	return &graph.Extraction{
		Document: graph.Document{ID: "tricky", Source: "tests/tricky.txt", Name: "tricky.txt",
			Title: "Quotes \"and\" <tags> & commas, semicolons; pipes|\nand lines", Published: "2025-05"},
		Entities: []graph.Entity{
			{Type: graph.Person, Name: `Ana "La Jefa" <Ruiz> & Co`, Aliases: []string{"Ruiz; Ana", "A|R", "tab\there", "unit\x1fsep", "Señora Ruíz"}},
			{Type: graph.Organization, Name: "Smith, Jones & Partners"},
		},
		Mentions: []graph.Mention{{Entity: trickyPerson, Count: 2}},
		Relations: []graph.Relation{{Subject: trickyPerson, Predicate: graph.HoldsPosition, Object: trickyOrg,
			Evidence: []graph.Evidence{{Sentence: "She is \"chair\",\nthen CEO & <b>boss</b>.", Start: 10, End: 50,
				Confidence: 0.5, Date: "2025-05", Attributes: map[string]string{graph.AttrTitle: "chair & \"CEO\",\r\nboss"}}}}},
		Statements: []graph.Statement{{Speaker: trickyPerson, Text: "We say \"no\", <never>;\nnever.", About: []string{trickyOrg},
			Evidence: []graph.Evidence{{Sentence: "\"We say \"no\", <never>;\nnever,\" she said.", Start: 60, End: 100, Confidence: 0.9}}}},
	}
}

// export writes the selection of s in a stream format.
func export1(t testing.TB, s graph.Store, f export.Format, sel export.Selection) []byte {
	t.Helper()
	ctx := context.Background()
	g, err := export.Select(ctx, s, sel)
	if err != nil {
		t.Fatalf("Select(%+v): %v", sel, err)
	}
	var b bytes.Buffer
	if err := export.Write(ctx, &b, f, g); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return b.Bytes()
}

// exportCSV writes the selection of s as CSV into a new directory.
func exportCSV(t testing.TB, s graph.Store, sel export.Selection) (string, export.CSVCounts) {
	t.Helper()
	ctx := context.Background()
	g, err := export.Select(ctx, s, sel)
	if err != nil {
		t.Fatalf("Select(%+v): %v", sel, err)
	}
	dir := t.TempDir()
	counts, err := export.WriteCSV(ctx, dir, g)
	if err != nil {
		t.Fatalf("WriteCSV: %v", err)
	}
	return dir, counts
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -run %s -update to write it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		i := 0
		for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
			i++
		}
		line := func(ls []string) string {
			if i < len(ls) {
				return ls[i]
			}
			return "(end)"
		}
		t.Errorf("%s differs from the golden file at line %d:\ngot:  %s\nwant: %s\n(run go test ./export -run %s -update after checking the change)",
			path, i+1, line(gl), line(wl), t.Name())
	}
}

// TestGolden compares every format's export of the fixtures, whole and
// around one entity, with its golden file.
func TestGolden(t *testing.T) {
	s := fixtureStore(t)
	around := export.Selection{Around: graphtest.Halcones, Depth: 1}
	for _, tc := range []struct {
		name string
		f    export.Format
		sel  export.Selection
	}{
		{"all.graphml", export.GraphML, export.Selection{}},
		{"all.cytoscape.json", export.Cytoscape, export.Selection{}},
		{"all.jsonl", export.JSONL, export.Selection{}},
		{"all.csv", export.CSV, export.Selection{}},
		{"halcones.graphml", export.GraphML, around},
		{"halcones.cytoscape.json", export.Cytoscape, around},
		{"halcones.jsonl", export.JSONL, around},
		{"halcones.csv", export.CSV, around},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f != export.CSV {
				got := export1(t, s, tc.f, tc.sel)
				golden(t, tc.name, got)
				if again := export1(t, s, tc.f, tc.sel); !bytes.Equal(again, got) {
					t.Errorf("a second export differs from the first")
				}
				return
			}
			dir, _ := exportCSV(t, s, tc.sel)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(tc.name, e.Name()), b)
			}
			golden(t, filepath.Join(tc.name, "FILES"), []byte(strings.Join(names, "\n")+"\n"))
		})
	}
}

// jsonlGraph decodes a JSON Lines export into the store contents it shows.
func jsonlGraph(t testing.TB, b []byte) (graphtest.Contents, []export.NodeLine, []export.EdgeLine) {
	t.Helper()
	var c graphtest.Contents
	var nodes []export.NodeLine
	var edges []export.EdgeLine
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	kinds := []string{}
	for n := 1; sc.Scan(); n++ {
		var k struct{ Kind string }
		if err := json.Unmarshal(sc.Bytes(), &k); err != nil {
			t.Fatalf("line %d: %v: %s", n, err, sc.Bytes())
		}
		if len(kinds) == 0 || kinds[len(kinds)-1] != k.Kind {
			kinds = append(kinds, k.Kind)
		}
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var err error
		switch k.Kind {
		case export.KindNode:
			var l export.NodeLine
			err = dec.Decode(&l)
			nodes = append(nodes, l)
			c.Entities = append(c.Entities, &l.Entity)
		case export.KindEdge:
			var l export.EdgeLine
			err = dec.Decode(&l)
			edges = append(edges, l)
			c.Relations = append(c.Relations, &l.Relation)
			c.Stats.Evidence += len(l.Evidence)
		case export.KindStatement:
			var l export.StatementLine
			err = dec.Decode(&l)
			c.Statements = append(c.Statements, &l.Statement)
			c.Stats.Evidence += len(l.Evidence)
		case export.KindDocument:
			var l export.DocumentLine
			err = dec.Decode(&l)
			c.Documents = append(c.Documents, &l.Document)
		case export.KindMention:
			var l export.MentionLine
			err = dec.Decode(&l)
			c.Mentions = append(c.Mentions, l.Mention)
		default:
			t.Fatalf("line %d: unknown kind %q", n, k.Kind)
		}
		if err != nil {
			t.Fatalf("line %d (%s): %v", n, k.Kind, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// Each kind comes in one run, in the documented order.
	order := []string{export.KindNode, export.KindEdge, export.KindStatement, export.KindDocument, export.KindMention}
	last := -1
	for _, k := range kinds {
		i := slices.Index(order, k)
		if i <= last {
			t.Errorf("kinds come in the order %v, want runs in the order %v", kinds, order)
			break
		}
		last = i
	}
	c.Stats.Documents, c.Stats.Entities = len(c.Documents), len(c.Entities)
	c.Stats.Relations, c.Stats.Statements, c.Stats.Mentions = len(c.Relations), len(c.Statements), len(c.Mentions)
	return c, nodes, edges
}

// TestJSONLRoundTrip decodes every line of the JSON Lines export back and
// compares it with the store's contents, read through the Store methods.
func TestJSONLRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []*graph.Extraction
	}{
		{"fixtures", graphtest.Fixtures()},
		{"fixtures+tricky", append(graphtest.Fixtures(), tricky())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t, tc.xs...)
			want := graphtest.Snapshot(t, s)
			got, nodes, edges := jsonlGraph(t, export1(t, s, export.JSONL, export.Selection{}))
			if d := got.Diff(want); d != "" {
				t.Errorf("the export differs from the store: %s", d)
			}
			mentions, docs := map[string]int{}, map[string]int{}
			for _, m := range want.Mentions {
				mentions[m.Entity] += m.Count
				docs[m.Entity]++
			}
			for _, n := range nodes {
				if n.Mentions != mentions[n.ID] || n.Documents != docs[n.ID] {
					t.Errorf("node %s: mentions %d in %d documents, want %d in %d", n.ID, n.Mentions, n.Documents, mentions[n.ID], docs[n.ID])
				}
			}
			for _, e := range edges {
				ds := map[string]bool{}
				for _, ev := range e.Evidence {
					ds[ev.Document] = true
				}
				if e.Sources != len(e.Evidence) || e.Documents != len(ds) {
					t.Errorf("edge %s: sources %d, documents %d, want %d, %d", e.ID, e.Sources, e.Documents, len(e.Evidence), len(ds))
				}
			}
		})
	}
	// The fixtures' designation has two sources in two documents.
	_, _, edges := jsonlGraph(t, export1(t, fixtureStore(t), export.JSONL, export.Selection{}))
	id := graph.RelationID(graphtest.UnitedStates, graph.Designated, graphtest.GolfoNorte)
	i := slices.IndexFunc(edges, func(e export.EdgeLine) bool { return e.ID == id })
	if i < 0 {
		t.Fatalf("no edge %s", id)
	}
	if e := edges[i]; e.Sources != 2 || e.Documents != 2 || e.Evidence[0].Date != "2025-02-20" || e.Evidence[1].Date != "2025-03" {
		t.Errorf("DESIGNATED edge = %+v, want two sources dated 2025-02-20 and 2025-03", e)
	}
}

// TestSelect checks what each selection holds: its entities, its relations
// (subject PREDICATE object), its statements' speakers and its documents.
func TestSelect(t *testing.T) {
	s := fixtureStore(t)
	const (
		halcones = graphtest.Halcones
		golfo    = graphtest.GolfoNorte
		valdoria = graphtest.Valdoria
		tomas    = graphtest.TomasHerrera
		us       = graphtest.UnitedStates
		mexico   = graphtest.Mexico
	)
	all := graphtest.Snapshot(t, s)
	var allEntities, allRelations, allSpeakers, allDocs []string
	for _, e := range all.Entities {
		allEntities = append(allEntities, e.ID)
	}
	for _, r := range all.Relations {
		allRelations = append(allRelations, fact(r.Subject, r.Predicate, r.Object))
	}
	for _, st := range all.Statements {
		allSpeakers = append(allSpeakers, st.Speaker)
	}
	for _, d := range all.Documents {
		allDocs = append(allDocs, d.ID)
	}
	docs := []string{graphtest.DocGolfo1, graphtest.DocGolfo2, graphtest.DocHalcones}
	for _, tc := range []struct {
		name      string
		sel       export.Selection
		entities  []string
		relations []string
		speakers  []string
		documents []string
	}{
		{"whole graph", export.Selection{}, allEntities, allRelations, allSpeakers, allDocs},
		{"around depth 0", export.Selection{Around: halcones}, []string{halcones}, nil, nil, []string{graphtest.DocHalcones}},
		{"around depth 1", export.Selection{Around: halcones, Depth: 1},
			[]string{golfo, halcones, tomas, valdoria},
			[]string{
				fact(halcones, graph.OperatesIn, valdoria), fact(halcones, graph.PartOf, golfo),
				fact(tomas, graph.Leads, golfo), fact(tomas, graph.Leads, halcones), fact(valdoria, graph.Accused, golfo),
			},
			[]string{tomas}, docs},
		{"around depth 1, criminal groups", export.Selection{Around: halcones, Depth: 1, Types: []graph.Type{graph.CriminalGroup}},
			[]string{golfo, halcones}, []string{fact(halcones, graph.PartOf, golfo)}, nil, docs},
		{"around depth 3, PART_OF only", export.Selection{Around: halcones, Depth: 3, Predicates: []graph.Predicate{graph.PartOf}},
			[]string{golfo, halcones}, []string{fact(halcones, graph.PartOf, golfo)}, nil, docs},
		{"around depth 2, countries", export.Selection{Around: halcones, Depth: 2, Types: []graph.Type{graph.Country}},
			// Mexico and the United States are reached through the Golfo
			// Norte, which is left out; the Halcones stay, at the centre.
			[]string{halcones, mexico, us, valdoria},
			[]string{fact(halcones, graph.OperatesIn, valdoria), fact(mexico, graph.CooperatesWith, us)}, nil, docs},
		{"countries", export.Selection{Types: []graph.Type{graph.Country}},
			[]string{mexico, us, valdoria}, []string{fact(mexico, graph.CooperatesWith, us)}, nil, docs},
		{"people", export.Selection{Types: []graph.Type{graph.Person}},
			[]string{graphtest.AnaBeltran, graphtest.ElenaVargas, tomas}, nil,
			[]string{graphtest.AnaBeltran, graphtest.ElenaVargas, tomas}, docs},
		{"designations and sanctions", export.Selection{Predicates: []graph.Predicate{graph.Designated, graph.Sanctioned}},
			allEntities, []string{fact(us, graph.Designated, golfo), fact(us, graph.Sanctioned, golfo)}, allSpeakers, allDocs},
		{"the isolated island", export.Selection{Around: graphtest.IslaQuieta, Depth: 5},
			[]string{graphtest.IslaQuieta}, nil, nil, []string{graphtest.DocHalcones}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, _ := jsonlGraph(t, export1(t, s, export.JSONL, tc.sel))
			var entities, relations, speakers, documents []string
			for _, e := range got.Entities {
				entities = append(entities, e.ID)
			}
			for _, r := range got.Relations {
				relations = append(relations, fact(r.Subject, r.Predicate, r.Object))
			}
			for _, st := range got.Statements {
				speakers = append(speakers, st.Speaker)
				for _, a := range st.About {
					if !slices.Contains(entities, a) {
						t.Errorf("statement %s is about %s, which is not exported", st.ID, a)
					}
				}
			}
			for _, d := range got.Documents {
				documents = append(documents, d.ID)
			}
			for _, m := range got.Mentions {
				if !slices.Contains(entities, m.Entity) || !slices.Contains(documents, m.Document) {
					t.Errorf("mention %+v names an entity or a document that is not exported", m)
				}
			}
			sort.Strings(relations)
			sort.Strings(tc.relations)
			sort.Strings(speakers)
			tc.speakers = slices.Sorted(slices.Values(tc.speakers))
			check := func(what string, got, want []string) {
				if !slices.Equal(got, want) {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			check("entities", entities, tc.entities)
			check("relations", relations, tc.relations)
			check("speakers", speakers, tc.speakers)
			check("documents", documents, tc.documents)

			g, err := export.Select(context.Background(), s, tc.sel)
			if err != nil {
				t.Fatal(err)
			}
			want := export.Counts{Entities: len(tc.entities), Relations: len(tc.relations), Statements: len(tc.speakers), Documents: len(tc.documents)}
			if c := g.Counts(); c != want {
				t.Errorf("Counts() = %+v, want %+v", c, want)
			}
		})
	}
}

func fact(s string, p graph.Predicate, o string) string {
	return fmt.Sprintf("%s %s %s", s, p, o)
}

// TestSelectErrors checks the selections that cannot be made.
func TestSelectErrors(t *testing.T) {
	s := fixtureStore(t)
	for _, tc := range []struct {
		sel  export.Selection
		kind graph.Kind
	}{
		{export.Selection{Around: "nobody", Depth: 1}, graph.NotFound},
		{export.Selection{Around: graphtest.Halcones, Depth: -1}, graph.Invalid},
		{export.Selection{Depth: 2}, graph.Invalid},
	} {
		_, err := export.Select(context.Background(), s, tc.sel)
		if graph.KindOf(err) != tc.kind {
			t.Errorf("Select(%+v) = %v, want a %v error", tc.sel, err, tc.kind)
		}
	}
}

// TestResolve checks how a command line's entity becomes an ID.
func TestResolve(t *testing.T) {
	s := fixtureStore(t)
	for _, tc := range []struct {
		ref  string
		want string
		kind graph.Kind
	}{
		{ref: graphtest.GolfoNorte, want: graphtest.GolfoNorte},
		{ref: "CDGN", want: graphtest.GolfoNorte},
		{ref: "cartel del golfo norte", want: graphtest.GolfoNorte},
		{ref: "  Cártel del Golfo  ", want: graphtest.GolfoCartel},
		{ref: "Halcones del", want: graphtest.Halcones},         // every word of one name
		{ref: "Puerto", want: graphtest.PuertoSombra},           // the start of a name beats a word of another
		{ref: "Herrera", kind: graph.Invalid},                   // the town and the man
		{ref: "Atlantis", kind: graph.NotFound},                 // no such entity
		{ref: "", kind: graph.Invalid},                          // nothing
		{ref: "Department of State", want: graphtest.StateDept}, // the name, not the ID
	} {
		e, err := export.Resolve(context.Background(), s, tc.ref)
		switch {
		case tc.kind != graph.Other:
			if graph.KindOf(err) != tc.kind {
				t.Errorf("Resolve(%q) = %v, %v, want a %v error", tc.ref, e, err, tc.kind)
			}
		case err != nil:
			t.Errorf("Resolve(%q): %v", tc.ref, err)
		case e.ID != tc.want:
			t.Errorf("Resolve(%q) = %s, want %s", tc.ref, e.ID, tc.want)
		}
	}
	_, err := export.Resolve(context.Background(), s, "Herrera")
	for _, id := range []string{graphtest.TomasHerrera, graphtest.HerreraTown} {
		if err == nil || !strings.Contains(err.Error(), id) {
			t.Errorf("Resolve(Herrera) error %v does not list %s", err, id)
		}
	}
}

// TestParse checks the parsing of formats, types and predicates.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want export.Format
		ok   bool
	}{
		{"graphml", export.GraphML, true}, {"GraphML", export.GraphML, true}, {"cytoscape", export.Cytoscape, true},
		{"csv", export.CSV, true}, {"jsonl", export.JSONL, true}, {"gexf", "", false}, {"", "", false},
	} {
		f, err := export.ParseFormat(tc.in)
		if f != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseFormat(%q) = %q, %v", tc.in, f, err)
		}
	}
	ts, err := export.ParseTypes([]string{"criminalgroup", " Country ", ""})
	if err != nil || !slices.Equal(ts, []graph.Type{graph.CriminalGroup, graph.Country}) {
		t.Errorf("ParseTypes = %v, %v", ts, err)
	}
	if _, err := export.ParseTypes([]string{"Cartel"}); graph.KindOf(err) != graph.Invalid {
		t.Errorf("ParseTypes(Cartel) = %v, want an Invalid error", err)
	}
	ps, err := export.ParsePredicates([]string{"part_of", "OPERATES-IN"})
	if err != nil || !slices.Equal(ps, []graph.Predicate{graph.PartOf, graph.OperatesIn}) {
		t.Errorf("ParsePredicates = %v, %v", ps, err)
	}
	if _, err := export.ParsePredicates([]string{"FUNDS"}); graph.KindOf(err) != graph.Invalid {
		t.Errorf("ParsePredicates(FUNDS) = %v, want an Invalid error", err)
	}
}
