package neo4j_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
	"github.com/cartelgraph/cartelgraph/graph/neo4j"
	"github.com/cartelgraph/cartelgraph/graph/neo4j/neo4jtest"
	"github.com/cartelgraph/cartelgraph/loader"
	"github.com/cartelgraph/cartelgraph/loader/extract"
)

// TestConformance runs the store suite on Neo4j, the database locked for the
// whole run and wiped for every store the suite opens.
func TestConformance(t *testing.T) {
	db := neo4jtest.Lock(t)
	graphtest.Run(t, func(t *testing.T) graph.Store { return db.Open(t) })
}

func openEmbedded(t testing.TB) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// corpus returns the project's example articles, and the shared corpus when
// it is there, copied into a temporary directory (so that a test may change
// them), and the paths to load.
func corpus(t *testing.T) (dir string, paths []string) {
	t.Helper()
	dir = t.TempDir()
	for _, src := range []string{"../../examples", "../../../shared/corpus"} {
		entries, err := os.ReadDir(src)
		if errors.Is(err, os.ErrNotExist) && src != "../../examples" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.Base(src))
		if err := os.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		paths = append(paths, dst)
	}
	return dir, paths
}

// load runs the real loader (the rule-based extractor) over paths into s.
func load(t *testing.T, s graph.Store, paths ...string) loader.Report {
	t.Helper()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	l := &loader.Loader{Store: s, Extractor: x, Workers: 2}
	rep, err := l.Load(context.Background(), paths...)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if rep.Failed > 0 {
		t.Fatalf("Load: %d failed: %v", rep.Failed, rep.Errors)
	}
	return rep
}

// TestSameAnswers loads the examples (and the shared corpus) with the real
// loader into the embedded store and into Neo4j: both hold the same, answer
// the same questions alike, change nothing on a second load, and replace a
// changed article alike.
func TestSameAnswers(t *testing.T) {
	neo := neo4jtest.Open(t)
	emb := openEmbedded(t)
	dir, paths := corpus(t)

	first := load(t, emb, paths...)
	if got := load(t, neo, paths...); got.Created != first.Created || got.Created == 0 {
		t.Fatalf("Neo4j load created %d documents, embedded %d", got.Created, first.Created)
	}
	want := graphtest.Snapshot(t, emb)
	if want.Stats.Relations == 0 || want.Stats.Statements == 0 {
		t.Fatalf("the corpus gave a poor graph (%+v): the test would prove little", want.Stats)
	}
	t.Logf("the corpus in both stores: %+v", want.Stats)
	got := graphtest.Snapshot(t, neo)
	if d := got.Diff(want); d != "" {
		t.Fatalf("Neo4j holds other contents than the embedded store: %s", d)
	}
	sameQueries(t, neo, emb, want)

	again := load(t, neo, paths...)
	if again.Unchanged != first.Created || again.Created+again.Replaced != 0 {
		t.Errorf("second load into Neo4j: %+v, want every document unchanged", again)
	}
	if d := graphtest.Snapshot(t, neo).Diff(want); d != "" {
		t.Errorf("the second load changed Neo4j: %s", d)
	}

	// A new version of one article: its old facts go, in both stores alike.
	examples := filepath.Join(dir, "examples")
	entries, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	var changed string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			changed = filepath.Join(examples, e.Name())
			break
		}
	}
	data, err := os.ReadFile(changed)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if i := strings.Index(text, "\n\n"); i > 0 {
		// Keep the header and the first paragraph only.
		if j := strings.Index(text[i+2:], "\n\n"); j > 0 {
			text = text[:i+2+j+1]
		}
	}
	if err := os.WriteFile(changed, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, s := range []graph.Store{emb, neo} {
		if rep := load(t, s, paths...); rep.Replaced != 1 {
			t.Errorf("load of a changed article: %+v, want one replaced", rep)
		}
	}
	want = graphtest.Snapshot(t, emb)
	if d := graphtest.Snapshot(t, neo).Diff(want); d != "" {
		t.Errorf("after a replacement Neo4j holds other contents than the embedded store: %s", d)
	}
	sameQueries(t, neo, emb, want)
}

// sameQueries asks both stores the questions of every entity of c (what the
// GraphQL API and the CLI ask) and compares the answers.
func sameQueries(t *testing.T, got, want graph.Store, c graphtest.Contents) {
	t.Helper()
	ctx := context.Background()
	compare := func(what string, f func(s graph.Store) (any, error)) {
		t.Helper()
		g, gerr := f(got)
		w, werr := f(want)
		if (gerr == nil) != (werr == nil) || graph.KindOf(gerr) != graph.KindOf(werr) {
			t.Errorf("%s: Neo4j error %v, embedded error %v", what, gerr, werr)
			return
		}
		if d := graphtest.Diff(g, w); d != "" {
			t.Errorf("%s: Neo4j and embedded answers differ: %s", what, d)
		}
	}
	yes, no := true, false
	queries := []graph.EntityQuery{
		{}, {Sort: graph.SortByMentions}, {Sort: graph.SortByMentions, Offset: 3, Limit: 5}, {Sort: graph.SortByID, Limit: 7},
		{Designated: &yes}, {Designated: &no, Types: []graph.Type{graph.CriminalGroup}}, {NameContains: "cartel"},
		{Types: []graph.Type{graph.Person, graph.Agency}, Sort: graph.SortByMentions},
	}
	for _, e := range c.Entities {
		if e.Type == graph.Country {
			queries = append(queries, graph.EntityQuery{Country: e.ID}, graph.EntityQuery{Country: e.ID, Types: []graph.Type{graph.CriminalGroup}})
		}
	}
	for _, q := range queries {
		compare(fmt.Sprintf("FindEntities(%+v)", q), func(s graph.Store) (any, error) { return s.FindEntities(ctx, q) })
	}
	for i, e := range c.Entities {
		for _, a := range e.Aliases {
			compare("Search("+a+")", func(s graph.Store) (any, error) { return s.Search(ctx, a, nil, 0) })
			compare("Lookup("+a+")", func(s graph.Store) (any, error) { return s.Lookup(ctx, a) })
		}
		if words := strings.Fields(e.Name); len(words) > 1 {
			for _, q := range []string{words[0], words[0][:1+len(words[0])/2], words[len(words)-1] + " " + words[0]} {
				compare("Search("+q+")", func(s graph.Store) (any, error) { return s.Search(ctx, q, []graph.Type{e.Type}, 3) })
			}
		}
		compare("Neighborhood("+e.ID+")", func(s graph.Store) (any, error) { return s.Neighborhood(ctx, e.ID, 2, nil) })
		compare("Neighborhood("+e.ID+", structural)", func(s graph.Store) (any, error) {
			return s.Neighborhood(ctx, e.ID, 3, []graph.Predicate{graph.PartOf, graph.OperatesIn, graph.HoldsPosition})
		})
		compare("Relations(touching "+e.ID+")", func(s graph.Store) (any, error) {
			return s.Relations(ctx, graph.RelationQuery{Touching: []string{e.ID}})
		})
		compare("Statements(about "+e.ID+")", func(s graph.Store) (any, error) {
			return s.Statements(ctx, graph.StatementQuery{About: []string{e.ID}})
		})
		compare("Documents(mentioning "+e.ID+")", func(s graph.Store) (any, error) {
			return s.Documents(ctx, graph.DocumentQuery{Mentioning: []string{e.ID}})
		})
		// Paths to a few others, near and far.
		for _, j := range []int{i + 1, i + 7, len(c.Entities) - 1 - i} {
			if j >= 0 && j < len(c.Entities) {
				to := c.Entities[j].ID
				compare("Path("+e.ID+", "+to+")", func(s graph.Store) (any, error) { return s.Path(ctx, e.ID, to, 6) })
			}
		}
	}
	for _, d := range c.Documents {
		compare("Relations(document "+d.ID+")", func(s graph.Store) (any, error) {
			return s.Relations(ctx, graph.RelationQuery{Documents: []string{d.ID}})
		})
		compare("Statements(document "+d.ID+")", func(s graph.Store) (any, error) {
			return s.Statements(ctx, graph.StatementQuery{Documents: []string{d.ID}})
		})
	}
}

// Names, texts and queries that break naively built Cypher or Lucene queries.
var injections = []string{
	`}) DETACH DELETE n //`,
	"`}) MATCH (n) DETACH DELETE n //",
	`O'Brien "El Jefe"`,
	`Grupo {Llaves} $param \ backslash`,
	`name:(x) OR *:* AND NOT "y"~2 [a TO z] ^3 + - && || ! ? / :`,
	`' OR 1=1 --`,
	"Línea\nNueva\t🙂 \u0000 end",
	`CALL db.index.fulltext.drop('entityKeys')`,
}

// TestInjection writes entities, facts, statements and documents whose every
// value is hostile, reads them back unchanged from both stores alike, and
// searches with hostile queries: nothing breaks, nothing is deleted.
func TestInjection(t *testing.T) {
	ctx := context.Background()
	neo := neo4jtest.Open(t)
	emb := openEmbedded(t)
	for i, v := range injections {
		b := &graph.Extraction{Document: graph.Document{ID: fmt.Sprintf("inj-%d-%s", i, v), Source: "odd/" + v,
			Name: v, Title: v, Publisher: v, Author: v, URL: v, Published: v}}
		person, group := "Person "+v, "Grupo "+v
		b.Entities = []graph.Entity{
			{Name: person, Type: graph.Person, Aliases: []string{v}},
			{Name: group, Type: graph.CriminalGroup, Aliases: []string{"`" + v + "`"}},
		}
		p, g := graph.Slug(person), graph.Slug(group)
		ev := graph.Evidence{Sentence: v, Start: i, End: i + len(v), Confidence: 0.5, Date: v,
			Attributes: map[string]string{graph.AttrTitle: v, "x`) DETACH DELETE n //": v}}
		b.Relations = []graph.Relation{{Subject: p, Predicate: graph.Leads, Object: g, Evidence: []graph.Evidence{ev}}}
		b.Statements = []graph.Statement{{Speaker: p, Text: v + " said", About: []string{g}, Evidence: []graph.Evidence{ev}}}
		for _, s := range []graph.Store{neo, emb} {
			if _, err := s.Write(ctx, b); err != nil {
				t.Fatalf("Write(%q): %v", v, err)
			}
		}
	}
	want := graphtest.Snapshot(t, emb)
	if want.Stats.Documents != len(injections) || want.Stats.Relations != len(injections) {
		t.Fatalf("embedded store holds %+v", want.Stats)
	}
	if d := graphtest.Snapshot(t, neo).Diff(want); d != "" {
		t.Errorf("hostile values do not round-trip: %s", d)
	}
	for _, v := range injections {
		for _, q := range []string{v, "Person " + v, v + "*", `"` + v, v + `\`} {
			for _, s := range []graph.Store{neo, emb} {
				if _, err := s.Search(ctx, q, nil, 0); err != nil {
					t.Errorf("Search(%q): %v", q, err)
				}
			}
			g, err := neo.Search(ctx, q, nil, 0)
			w, _ := emb.Search(ctx, q, nil, 0)
			if err != nil {
				t.Errorf("Search(%q): %v", q, err)
			} else if d := graphtest.Diff(g, w); d != "" {
				t.Errorf("Search(%q): %s", q, d)
			}
			gl, err := neo.Lookup(ctx, q)
			wl, _ := emb.Lookup(ctx, q)
			if err != nil {
				t.Errorf("Lookup(%q): %v", q, err)
			} else if d := graphtest.Diff(gl, wl); d != "" {
				t.Errorf("Lookup(%q): %s", q, d)
			}
		}
	}
	// Types and predicates come from the ontology, never from the data: a
	// hostile one is rejected before it reaches a query.
	bad := []*graph.Extraction{
		{Document: graph.Document{ID: "bad-type"}, Entities: []graph.Entity{{Name: "X", Type: "Person:Admin) DETACH DELETE n //"}}},
		{Document: graph.Document{ID: "bad-pred"}, Entities: []graph.Entity{{Name: "X", Type: graph.Person}, {Name: "Y", Type: graph.Agency}},
			Relations: []graph.Relation{{Subject: "x", Predicate: "DIRECTED]->() DETACH DELETE n //", Object: "y",
				Evidence: []graph.Evidence{{Sentence: "s", Confidence: 1}}}}},
	}
	for _, x := range bad {
		if _, err := neo.Write(ctx, x); graph.KindOf(err) != graph.Invalid {
			t.Errorf("Write(%s) = %v, want an Invalid error", x.Document.ID, err)
		}
	}
	if d := graphtest.Snapshot(t, neo).Diff(want); d != "" {
		t.Errorf("contents changed by rejected writes: %s", d)
	}
}

// TestBatchedLoad loads graphtest.ResolveDocs with the loader into Neo4j in
// batches (WriteBatch), and into the embedded store one Write each: the
// outcomes and the contents are the same, documents that resolve against
// those before them in the same batch included.
func TestBatchedLoad(t *testing.T) {
	db := neo4jtest.Lock(t)
	load := func(s graph.Store, size int) (loader.Report, string, graphtest.Contents) {
		var out []string
		l := &loader.Loader{Store: s, BatchSize: size, Progress: func(o loader.Outcome) {
			out = append(out, fmt.Sprintf("%s %s %v", o.Document.ID, o.Status, o.Err != nil))
		}}
		rep, err := l.WriteExtractions(context.Background(), graphtest.ResolveDocs())
		if err != nil {
			t.Fatalf("WriteExtractions (batches of %d): %v", size, err)
		}
		rep.Errors = nil
		return rep, strings.Join(out, "\n"), graphtest.Snapshot(t, s)
	}
	wantRep, wantOut, want := load(openEmbedded(t), 1)
	if wantRep.Failed != 1 || wantRep.Replaced != 1 {
		t.Fatalf("embedded, one Write each: %+v", wantRep)
	}
	for _, size := range []int{3, 100} {
		s := db.Open(t)
		rep, out, got := load(s, size)
		if fmt.Sprint(rep) != fmt.Sprint(wantRep) {
			t.Errorf("batches of %d: report %+v, want %+v", size, rep, wantRep)
		}
		if out != wantOut {
			t.Errorf("batches of %d: outcomes\n%s\nwant\n%s", size, out, wantOut)
		}
		if d := got.Diff(want); d != "" {
			t.Errorf("batches of %d: Neo4j holds other contents than the embedded store: %s", size, d)
		}
		s.Close()
	}
}

// TestBatchFallback writes a batch in which one document makes the
// transaction fail: WriteBatch writes the others one by one, and the bad
// one fails alone, leaving what sequential writes of the others leave.
func TestBatchFallback(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Open(t)
	neo4j.FailWrites(s)
	emb := openEmbedded(t)
	var xs []*graph.Extraction
	for i := range 5 {
		xs = append(xs, synthetic(i, ""))
	}
	xs[2].Document.Title = neo4j.FailTitle
	xs = append(xs, synthetic(0, "")) // the first again: unchanged
	out := s.WriteBatch(ctx, xs)
	for i, r := range out {
		switch {
		case i == 2:
			if r.Err == nil {
				t.Errorf("document %d: written, want the error of the failing write", i)
			}
			continue
		case r.Err != nil:
			t.Errorf("document %d: %v", i, r.Err)
		case i == 5 && r.Status != graph.StatusUnchanged, i < 5 && r.Status != graph.StatusCreated:
			t.Errorf("document %d: %s", i, r.Status)
		}
		graphtest.Load(t, emb, xs[i])
	}
	want := graphtest.Snapshot(t, emb)
	if d := graphtest.Snapshot(t, s).Diff(want); d != "" {
		t.Errorf("after a batch with a failing document, Neo4j holds other contents than the others written one by one: %s", d)
	}
}

// TestBatchedLoadRedo has the loader write a batch in which Neo4j rejects a
// document that the next batch, resolved while the first was written,
// relies on: the loader resolves the next batch again, as if the rejected
// document had never been given.
func TestBatchedLoadRedo(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Open(t)
	neo4j.FailWrites(s)
	emb := openEmbedded(t)
	doc := func(id, title string, ents ...graph.Entity) *graph.Extraction {
		x := &graph.Extraction{Document: graph.Document{ID: id, Source: "redo/" + id, Title: title}, Entities: ents}
		x.Normalize()
		return x
	}
	docs := func() []*graph.Extraction {
		return []*graph.Extraction{
			doc("redo-1", neo4j.FailTitle, graph.Entity{Name: "Grupo Azul", Type: graph.CriminalGroup, Aliases: []string{"GA"}}),
			doc("redo-2", "fine", graph.Entity{Name: "Mexico", Type: graph.Country}),
			doc("redo-3", "fine", graph.Entity{Name: "GA", Type: graph.CriminalGroup}), // not Grupo Azul: that was not written
			doc("redo-4", "fine", graph.Entity{Name: "Mexico", Type: graph.Country}),
		}
	}
	var got []string
	l := &loader.Loader{Store: s, BatchSize: 2, Progress: func(o loader.Outcome) {
		got = append(got, fmt.Sprintf("%s %s %v", o.Document.ID, o.Status, o.Err != nil))
	}}
	if _, err := l.WriteExtractions(ctx, docs()); err != nil {
		t.Fatal(err)
	}
	want := []string{"redo-1  true", "redo-2 created false", "redo-3 created false", "redo-4 created false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outcomes %q, want %q", got, want)
	}
	for _, x := range docs()[1:] {
		graphtest.Load(t, emb, x)
	}
	if d := graphtest.Snapshot(t, s).Diff(graphtest.Snapshot(t, emb)); d != "" {
		t.Errorf("Neo4j holds other contents than the documents but the rejected one written one by one: %s", d)
	}
}

// TestOddBytes writes values that a copy through JSON changes (invalid
// UTF-8) or rejects (a confidence that is not a number): Neo4j keeps and
// rejects what the embedded store does.
func TestOddBytes(t *testing.T) {
	ctx := context.Background()
	neo := neo4jtest.Open(t)
	emb := openEmbedded(t)
	doc := func(id string, conf float64) *graph.Extraction {
		return &graph.Extraction{
			Document: graph.Document{ID: id, Source: "odd/" + id, Title: "T\xffitle"},
			Entities: []graph.Entity{{Name: "Grupo \xc3", Type: graph.CriminalGroup, Aliases: []string{"G\xff"}}, {Name: "Mexico", Type: graph.Country}},
			Relations: []graph.Relation{{Subject: graph.Slug("Grupo \xc3"), Predicate: graph.OperatesIn, Object: "mexico",
				Evidence: []graph.Evidence{{Sentence: "In \xff Mexico.", Confidence: conf}}}},
		}
	}
	for _, x := range []*graph.Extraction{doc("odd-1", 0.5), doc("odd-nan", math.NaN()), doc("odd-inf", math.Inf(1))} {
		_, gerr := neo.Write(ctx, x)
		_, werr := emb.Write(ctx, x)
		if graph.KindOf(gerr) != graph.KindOf(werr) || (gerr == nil) != (werr == nil) {
			t.Errorf("Write(%s): Neo4j error %v, embedded error %v", x.Document.ID, gerr, werr)
		}
	}
	want := graphtest.Snapshot(t, emb)
	if want.Stats.Documents != 1 {
		t.Fatalf("the embedded store holds %+v, want one document", want.Stats)
	}
	if d := graphtest.Snapshot(t, neo).Diff(want); d != "" {
		t.Errorf("Neo4j holds other contents than the embedded store: %s", d)
	}
}

// TestConcurrentWriters has two stores, as two processes would, write
// documents that share entities, facts and a source at the same time, one
// with Write, the other with WriteBatch: what
// Neo4j holds afterwards is what the embedded store holds with the same
// documents written one by one.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	db := neo4jtest.Lock(t)
	a := db.Open(t)
	b, err := neo4j.Open(ctx, db.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const n = 24
	var docs []*graph.Extraction
	for i := range n {
		src := ""
		if i%6 == 0 {
			src = "synthetic/shared.txt" // versions of one source, written at once by both
		}
		docs = append(docs, synthetic(i, src))
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w, s := range []*neo4j.Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if w == 0 {
				for i := w; i < n; i += 2 {
					if _, err := s.Write(ctx, docs[i]); err != nil {
						errs <- fmt.Errorf("writer %d, document %d: %w", w, i, err)
					}
				}
				return
			}
			// The other writes batches of three.
			var batch []*graph.Extraction
			for i := w; i < n; i += 2 {
				if batch = append(batch, docs[i]); len(batch) == 3 || i+2 >= n {
					for j, r := range s.WriteBatch(ctx, batch) {
						if r.Err != nil {
							errs <- fmt.Errorf("writer %d, document %s: %w", w, batch[j].Document.ID, r.Err)
						}
					}
					batch = nil
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := graphtest.Snapshot(t, a)
	// The version of the shared source that won is the one Neo4j holds.
	emb := openEmbedded(t)
	stored := map[string]bool{}
	for _, d := range got.Documents {
		stored[d.ID] = true
	}
	for _, x := range docs {
		if stored[x.Document.ID] {
			graphtest.Load(t, emb, x)
		}
	}
	if want := graphtest.Snapshot(t, emb); got.Diff(want) != "" {
		t.Errorf("concurrent writes give other contents than serial ones: %s", got.Diff(want))
	}
	if got.Stats.Documents != n-n/6+1 {
		t.Errorf("%d documents stored, want %d (one version of the shared source)", got.Stats.Documents, n-n/6+1)
	}
}

// TestOpenErrors checks the errors of Open: an unreachable server is
// Unavailable and says how to start one; rejected credentials are a
// Permission error; an unknown database is Invalid.
func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	_, err := neo4j.Open(ctx, neo4j.Config{URI: "bolt://127.0.0.1:1", User: "neo4j", Password: "x"})
	if graph.KindOf(err) != graph.Unavailable {
		t.Errorf("Open(nothing listening) = %v, want an Unavailable error", err)
	} else if msg := err.Error(); !strings.Contains(msg, "bolt://127.0.0.1:1") || !strings.Contains(msg, "scripts/neo4j start") {
		t.Errorf("Open(nothing listening): %q does not name the URI and how to start Neo4j", msg)
	}
	if _, err := neo4j.Open(ctx, neo4j.Config{URI: "mysql://127.0.0.1"}); graph.KindOf(err) != graph.Invalid {
		t.Errorf("Open(bad scheme) = %v, want an Invalid error", err)
	}
	if _, err := neo4j.Open(ctx, neo4j.Config{}); graph.KindOf(err) != graph.Invalid {
		t.Errorf("Open(no URI) = %v, want an Invalid error", err)
	}

	db := neo4jtest.Lock(t)
	cfg := db.Config()
	if cfg.User != "" {
		bad := cfg
		bad.Password += "-wrong"
		// One failed attempt: Neo4j blocks a user only after several in a row.
		if _, err := neo4j.Open(ctx, bad); graph.KindOf(err) != graph.Permission {
			t.Errorf("Open(wrong password) = %v, want a Permission error", err)
		}
	}
	bad := cfg
	bad.Database = "nosuchdatabase"
	if _, err := neo4j.Open(ctx, bad); graph.KindOf(err) != graph.Invalid || !strings.Contains(err.Error(), "nosuchdatabase") {
		t.Errorf("Open(unknown database) = %v, want an Invalid error naming it", err)
	}
	s := db.Open(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Stats(ctx); err == nil {
		t.Errorf("Stats after Close: no error")
	}
	if _, err := s.Write(ctx, synthetic(0, "")); err == nil {
		t.Errorf("Write after Close: no error")
	}
}

// writeRows counts the rows a document writes: entities, mentions,
// relations, statements and pieces of evidence.
func writeRows(x *graph.Extraction) int {
	n := 2 * len(x.Entities)
	for _, r := range x.Relations {
		n += 1 + len(r.Evidence)
	}
	for _, s := range x.Statements {
		n += 1 + len(s.Evidence)
	}
	return n
}

// writeBatch is how many documents BenchmarkWrite gives WriteBatch at once.
const writeBatch = 100

// BenchmarkWrite writes synthetic documents that share entities and facts
// into Neo4j and, for comparison, into the embedded store: one Write each
// (write), or WriteBatch of writeBatch documents (batch). Besides the
// throughput it reports the time per document of the first and of the last
// tenth of the documents: equal when the cost of a write does not grow with
// the store.
func BenchmarkWrite(b *testing.B) {
	stores := []struct {
		name string
		open func(b *testing.B) graph.Store
	}{
		{"neo4j", func(b *testing.B) graph.Store { return neo4jtest.Open(b) }},
		{"embedded", func(b *testing.B) graph.Store { return openEmbedded(b) }},
	}
	for _, st := range stores {
		for _, batch := range []int{1, writeBatch} {
			name := st.name + "/write"
			if batch > 1 {
				name = st.name + "/batch"
			}
			b.Run(name, func(b *testing.B) {
				s := st.open(b)
				ctx := context.Background()
				docs := make([]*graph.Extraction, b.N)
				rows := 0
				for i := range docs {
					docs[i] = synthetic(i, "")
					rows += writeRows(docs[i])
				}
				tenth := max(1, b.N/10)
				var first, last time.Duration
				b.ResetTimer()
				start := time.Now()
				for i := 0; i < len(docs); i += batch {
					t0 := time.Now()
					xs := docs[i:min(i+batch, len(docs))]
					if batch == 1 {
						if _, err := s.Write(ctx, xs[0]); err != nil {
							b.Fatal(err)
						}
					} else {
						for _, r := range s.(graph.BatchWriter).WriteBatch(ctx, xs) {
							if r.Err != nil {
								b.Fatal(r.Err)
							}
						}
					}
					d := time.Since(t0)
					// Each document of the call takes its share of the time.
					for j := i; j < i+len(xs); j++ {
						if j < tenth {
							first += d / time.Duration(len(xs))
						}
						if j >= len(docs)-tenth {
							last += d / time.Duration(len(xs))
						}
					}
				}
				elapsed := time.Since(start).Seconds()
				b.ReportMetric(float64(b.N)/elapsed, "docs/s")
				b.ReportMetric(float64(rows)/elapsed, "rows/s")
				b.ReportMetric(first.Seconds()*1000/float64(tenth), "ms/doc-first-10%")
				b.ReportMetric(last.Seconds()*1000/float64(tenth), "ms/doc-last-10%")
			})
		}
	}
}

// BenchmarkRelations reads the relations of a hub entity (with their
// evidence, summarised) from a store of 300 synthetic documents.
func BenchmarkRelations(b *testing.B) {
	stores := []struct {
		name string
		open func(b *testing.B) graph.Store
	}{
		{"neo4j", func(b *testing.B) graph.Store { return neo4jtest.Open(b) }},
		{"embedded", func(b *testing.B) graph.Store { return openEmbedded(b) }},
	}
	for _, st := range stores {
		b.Run(st.name, func(b *testing.B) {
			s := st.open(b)
			ctx := context.Background()
			for i := range 300 {
				if _, err := s.Write(ctx, synthetic(i, "")); err != nil {
					b.Fatal(err)
				}
			}
			hub := graph.Slug(synCountries[0])
			b.ResetTimer()
			for range b.N {
				rs, err := s.Relations(ctx, graph.RelationQuery{Touching: []string{hub}})
				if err != nil || len(rs) == 0 {
					b.Fatalf("Relations = %d, %v", len(rs), err)
				}
			}
		})
	}
}

// TestModel checks the graph as Cypher users see it (docs/ARCHITECTURE.md,
// "The Neo4j model"): one type label per entity, facts as relationships of
// their predicate with their summary, evidence joined by fact id, mentions
// with counts, quotations, and the indexes online.
func TestModel(t *testing.T) {
	ctx := context.Background()
	db := neo4jtest.Lock(t)
	s := db.Open(t)
	graphtest.Load(t, s, graphtest.Fixtures()...)
	cfg := db.Config()
	driver, err := neo4jdrv.NewDriverWithContext(cfg.URI, neo4jdrv.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	query := func(q string, params map[string]any) [][]any {
		t.Helper()
		res, err := neo4jdrv.ExecuteQuery(ctx, driver, q, params, neo4jdrv.EagerResultTransformer,
			neo4jdrv.ExecuteQueryWithDatabase(cfg.Database), neo4jdrv.ExecuteQueryWithReadersRouting())
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var rows [][]any
		for _, r := range res.Records {
			rows = append(rows, r.Values)
		}
		return rows
	}
	cases := []struct {
		name   string
		query  string
		params map[string]any
		want   string // the rows, as fmt prints them
	}{
		{"entities of a type", "MATCH (e:Entity:Country) RETURN e.id, e.name, labels(e) ORDER BY e.id", nil,
			"[[mexico Mexico [Entity Country]] [united-states United States [Entity Country]] [valdoria Valdoria [Entity Country]]]"},
		{"one type label each", "MATCH (e:Entity) WHERE size(labels(e)) <> 2 OR NOT e.type IN labels(e) RETURN e.id", nil, "[]"},
		{"the architecture's provenance join", `MATCH (g:CriminalGroup {id: $group})<-[r:DESIGNATED]-(by)
MATCH (e:Evidence {fact: r.id})-[:FROM]->(d:Document)
RETURN by.name, r.designation, r.date, r.sources, e.date, d.title ORDER BY e.date`,
			map[string]any{"group": graphtest.GolfoNorte},
			"[[United States Foreign Terrorist Organization 2025-02-20 2 2025-02-20 Washington lists the Cártel del Golfo Norte] " +
				"[United States Foreign Terrorist Organization 2025-02-20 2 2025-03 Mexico rejects strikes on the Golfo Norte cartel]]"},
		{"mentions", "MATCH (d:Document)-[m:MENTIONS]->(:Entity {id: $id}) RETURN d.id, m.count ORDER BY d.id",
			map[string]any{"id": graphtest.GolfoNorte}, "[[fx1 4] [fx2 2] [fx3 1]]"},
		{"quotations", "MATCH (p:Person)-[:SAID]->(s:Statement)-[:ABOUT]->(a:Entity) RETURN p.id, s.text, a.id ORDER BY p.id, a.id", nil,
			"[[ana-beltran Mexico will not accept foreign troops on its soil. mexico] " +
				"[ana-beltran Mexico will not accept foreign troops on its soil. united-states] " +
				"[elena-vargas The Cártel del Golfo Norte is a terrorist organization. cartel-del-golfo-norte] " +
				"[tomas-herrera We only protect Herrera. herrera]]"},
		{"alleged and summarised", "MATCH (:Person {id: $id})-[r:LEADS]->(g) RETURN g.id, r.title, r.alleged, r.confidence ORDER BY g.id",
			map[string]any{"id": graphtest.TomasHerrera}, "[[cartel-del-golfo-norte leader true 0.6] [los-halcones-del-sur founder true 0.5]]"},
		{"fulltext on names and aliases, accents folded",
			"CALL db.index.fulltext.queryNodes('entityNames', 'halcon') YIELD node RETURN node.id ORDER BY node.id", nil,
			"[[tomas-herrera]]"},
		{"indexes online", "SHOW INDEXES YIELD name, state WHERE name IN ['entityNames', 'entityKeys', 'evidence_fact', 'rel_designated_id'] RETURN name, state ORDER BY name", nil,
			"[[entityKeys ONLINE] [entityNames ONLINE] [evidence_fact ONLINE] [rel_designated_id ONLINE]]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(query(c.query, c.params)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// TestSortOrder pages through entities whose names sort differently by
// UTF-16 code unit, by code point and by accent-blind key: Neo4j's order
// (code points) and the embedded store's (bytes) agree, page by page.
func TestSortOrder(t *testing.T) {
	ctx := context.Background()
	neo := neo4jtest.Open(t)
	emb := openEmbedded(t)
	x := &graph.Extraction{Document: graph.Document{ID: "order"}}
	for i, name := range []string{"ｚeta", "𝐚lpha", "Éclair", "eclair", "zulu", "Alpha", "ﬀ ligature", "Ωmega", "ω", "日本", "١٢٣"} {
		x.Entities = append(x.Entities, graph.Entity{ID: fmt.Sprintf("%s-%d", name, i), Name: name, Type: graph.Organization})
		x.Mentions = append(x.Mentions, graph.Mention{Entity: fmt.Sprintf("%s-%d", name, i), Count: 1})
	}
	for _, s := range []graph.Store{neo, emb} {
		if _, err := s.Write(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	for _, sort := range []graph.EntitySort{graph.SortByName, graph.SortByID, graph.SortByMentions} {
		for off := 0; off < 12; off += 3 {
			q := graph.EntityQuery{Sort: sort, Offset: off, Limit: 3}
			g, err := neo.FindEntities(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			w, _ := emb.FindEntities(ctx, q)
			if d := graphtest.Diff(g, w); d != "" {
				t.Errorf("FindEntities(%+v): %s", q, d)
			}
		}
	}
}
