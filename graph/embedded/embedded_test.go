package embedded_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
	"github.com/cartelgraph/cartelgraph/loader"
)

func open(t testing.TB, dir string) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return s
}

func TestConformance(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store { return open(t, t.TempDir()) })
}

// loadResolving writes graphtest.ResolveDocs into s as the loader does, in
// batches of size (1: one Write each), and returns the report, the outcome
// of each document in order, and what s holds then.
func loadResolving(t *testing.T, s graph.Store, size int) (loader.Report, []string, graphtest.Contents) {
	t.Helper()
	var outcomes []string
	l := &loader.Loader{Store: s, BatchSize: size, Progress: func(o loader.Outcome) {
		outcomes = append(outcomes, fmt.Sprintf("%s %s %v", o.Document.ID, o.Status, o.Err != nil))
	}}
	rep, err := l.WriteExtractions(context.Background(), graphtest.ResolveDocs())
	if err != nil {
		t.Fatalf("WriteExtractions (batches of %d): %v", size, err)
	}
	rep.Errors = nil // compared by count
	return rep, outcomes, graphtest.Snapshot(t, s)
}

// TestBatchedLoad checks that the loader's batches give what one Write
// after the other gives, documents that resolve against those before them
// in the same batch included, whatever the size of the batches.
func TestBatchedLoad(t *testing.T) {
	wantRep, wantOut, want := loadResolving(t, open(t, t.TempDir()), 1)
	if wantRep.Failed != 1 || wantRep.Unchanged != 1 || wantRep.Replaced != 1 {
		t.Fatalf("one Write each: %+v, want one failed, one unchanged, one replaced", wantRep)
	}
	// What makes the documents a test: resolution against the documents before them.
	ids := map[string]graph.Type{}
	for _, e := range want.Entities {
		ids[e.ID] = e.Type
	}
	for id, typ := range map[string]graph.Type{"cdg": "", "golfo": "", "jalisco-location": graph.Location, "los-rojos": graph.CriminalGroup,
		"bravo-agency": graph.Agency, "delta-agency": graph.Agency, "dlt": "",
		"somewhere": graph.Location, "elsewhere": "", "ga": graph.CriminalGroup, "grupo-azul": ""} {
		if ids[id] != typ {
			t.Errorf("one Write each: entity %s has type %q, want %q (none: resolved to another)", id, ids[id], typ)
		}
	}
	for _, size := range []int{2, 3, 5, 100} {
		s := open(t, t.TempDir())
		rep, out, got := loadResolving(t, s, size)
		if fmt.Sprint(rep) != fmt.Sprint(wantRep) {
			t.Errorf("batches of %d: report %+v, want %+v", size, rep, wantRep)
		}
		if d := cmpLines(out, wantOut); d != "" {
			t.Errorf("batches of %d: outcomes %s", size, d)
		}
		if d := got.Diff(want); d != "" {
			t.Errorf("batches of %d: contents differ from one Write each: %s", size, d)
		}
		s.Close()
	}
}

// cmpLines describes how two lists of lines differ, or returns "".
func cmpLines(got, want []string) string {
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return ""
	}
	return fmt.Sprintf("\n got %q\nwant %q", got, want)
}

// TestReopen checks that what was written survives Close and Open: the replay
// of the stored documents gives the same graph, replacements included.
func TestReopen(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	graphtest.Load(t, s, graphtest.Fixtures()...)
	// A new version of the first fixture's source, which names nobody.
	res, err := s.Write(context.Background(), &graph.Extraction{Document: graph.Document{ID: "fx1-v2", Source: "fixtures/golfo-1.txt"}})
	if err != nil || res.Status != graph.StatusReplaced {
		t.Fatalf("Write(new version) = %+v, %v", res, err)
	}
	before := graphtest.Snapshot(t, s)
	if before.Stats.Documents != 3 || before.Stats.Entities != 12 {
		t.Errorf("Stats before Close = %+v, want 3 documents and 12 entities", before.Stats)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.Stats(context.Background()); err == nil {
		t.Errorf("Stats after Close: no error")
	}

	s = open(t, dir)
	defer s.Close()
	if d := before.Diff(graphtest.Snapshot(t, s)); d != "" {
		t.Errorf("contents after reopening differ: %s", d)
	}
	res, err = s.Write(context.Background(), graphtest.Fixtures()[1])
	if err != nil || res.Status != graph.StatusUnchanged {
		t.Errorf("Write(stored document) after reopening = %+v, %v, want unchanged", res, err)
	}
	g, err := s.Path(context.Background(), graphtest.Valdoria, graphtest.UnitedStates, 4)
	if err != nil || len(g.Nodes) != 3 {
		t.Errorf("Path after reopening = %+v, %v, want 3 nodes", g, err)
	}
}

// TestLocked checks that a second Open of a data directory in use fails with
// an Unavailable error that says why, and succeeds once the first is closed.
func TestLocked(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	_, err := embedded.Open(context.Background(), dir)
	if graph.KindOf(err) != graph.Unavailable {
		t.Fatalf("second Open: error %v, want an Unavailable error", err)
	}
	if want := "another cartelgraph process holds the data directory"; !strings.Contains(err.Error(), want) {
		t.Errorf("second Open: %q does not say %q", err, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	open(t, dir).Close()
}

// TestOpenWaits checks that OpenWith waits for another holder of the
// directory, says so once, and gives up with an Unavailable error after
// Options.Wait or when its context ends.
func TestOpenWaits(t *testing.T) {
	dir := t.TempDir()
	held := open(t, dir)

	// Gives up: the holder keeps the directory.
	calls := 0
	_, err := embedded.OpenWith(context.Background(), dir, embedded.Options{Wait: 1500 * time.Millisecond, Waiting: func() { calls++ }})
	if graph.KindOf(err) != graph.Unavailable || !strings.Contains(err.Error(), "another cartelgraph process") {
		t.Errorf("OpenWith while held: %v, want an Unavailable error naming another process", err)
	}
	if calls != 1 {
		t.Errorf("Waiting called %d times, want once", calls)
	}

	// Stops when its context ends.
	ctx, cancel := context.WithCancel(context.Background())
	_, err = embedded.OpenWith(ctx, dir, embedded.Options{Wait: time.Hour, Waiting: cancel})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("OpenWith with its context cancelled while waiting: %v, want context.Canceled", err)
	}

	// Gets the directory once the holder closes it.
	waiting := make(chan struct{})
	opened := make(chan error, 1)
	go func() {
		s, err := embedded.OpenWith(context.Background(), dir, embedded.Options{Wait: time.Minute, Waiting: func() { close(waiting) }})
		if err == nil {
			err = s.Close()
		}
		opened <- err
	}()
	<-waiting
	if err := held.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-opened; err != nil {
		t.Errorf("OpenWith after the holder closed: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	garbage := t.TempDir()
	if err := os.WriteFile(filepath.Join(garbage, embedded.FileName), []byte("not a bbolt file, but long enough to be read as one, perhaps"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"", notDir, garbage} {
		if s, err := embedded.Open(context.Background(), dir); err == nil {
			s.Close()
			t.Errorf("Open(%q): no error", dir)
		} else if dir != "" && !strings.Contains(err.Error(), dir) {
			t.Errorf("Open(%q): error %q does not name the directory", dir, err)
		}
	}
}

// TestConcurrent runs readers while documents are written, for the race detector.
func TestConcurrent(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	ctx := context.Background()
	xs := synthetic(20)
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if _, err := s.Relations(ctx, graph.RelationQuery{Touching: []string{"country-0"}}); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.Search(ctx, "group 1", nil, 5); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.Neighborhood(ctx, "country-0", 2, nil); err != nil && graph.KindOf(err) != graph.NotFound {
					t.Error(err)
					return
				}
			}
		}()
	}
	for _, x := range xs {
		if _, err := s.Write(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	st, err := s.Stats(ctx)
	if err != nil || st.Documents != len(xs) {
		t.Errorf("Stats = %+v, %v, want %d documents", st, err, len(xs))
	}
}

// synthetic returns n documents about a made-up world of 10 countries, 50
// groups and 50 officials, each document naming 2 countries, 4 groups and 2
// officials with 8 relations and a statement.
func synthetic(n int) []*graph.Extraction {
	var xs []*graph.Extraction
	for i := 0; i < n; i++ {
		x := &graph.Extraction{Document: graph.Document{
			ID: fmt.Sprintf("doc-%05d", i), Source: fmt.Sprintf("synthetic/%05d.txt", i), Title: fmt.Sprintf("Report %d", i),
		}}
		ent := func(t graph.Type, kind string, k int) string {
			id := fmt.Sprintf("%s-%d", kind, k)
			x.Entities = append(x.Entities, graph.Entity{ID: id, Name: fmt.Sprintf("%s %d", kind, k), Type: t,
				Aliases: []string{fmt.Sprintf("%s no. %d", kind, k)}})
			x.Mentions = append(x.Mentions, graph.Mention{Entity: id, Count: 1 + (i+k)%3})
			return id
		}
		c1, c2 := ent(graph.Country, "country", i%10), ent(graph.Country, "country", (i+3)%10)
		var groups []string
		for g := 0; g < 4; g++ {
			groups = append(groups, ent(graph.CriminalGroup, "group", (i*4+g)%50))
		}
		p1, p2 := ent(graph.Person, "official", i%50), ent(graph.Person, "official", (i+7)%50)
		rel := func(s string, p graph.Predicate, o string, k int) {
			sentence := fmt.Sprintf("Sentence %d of document %d.", k, i)
			x.Relations = append(x.Relations, graph.Relation{Subject: s, Predicate: p, Object: o, Evidence: []graph.Evidence{{
				Sentence: sentence, Start: k * 40, End: k*40 + len(sentence), Confidence: 0.5 + float64(k%5)/10,
				Date: fmt.Sprintf("2025-%02d", 1+k%12),
			}}})
		}
		rel(c1, graph.Designated, groups[0], 0)
		rel(c2, graph.Sanctioned, groups[1], 1)
		rel(groups[0], graph.OperatesIn, c1, 2)
		rel(groups[1], graph.OperatesIn, c2, 3)
		rel(groups[2], graph.PartOf, groups[3], 4)
		rel(p1, graph.HoldsPosition, c1, 5)
		rel(p2, graph.Leads, groups[2], 6)
		rel(c1, graph.CooperatesWith, c2, 7)
		x.Statements = append(x.Statements, graph.Statement{Speaker: p1, Text: fmt.Sprintf("Statement number %d.", i),
			About: []string{groups[0]}, Evidence: []graph.Evidence{{Sentence: "A quote.", Start: 400, End: 408, Confidence: 0.9}}})
		xs = append(xs, x)
	}
	return xs
}

// BenchmarkWrite measures one document's write: normalisation, one bbolt
// transaction with its fsync, and the in-memory update.
func BenchmarkWrite(b *testing.B) {
	s := open(b, b.TempDir())
	defer s.Close()
	xs := synthetic(b.N)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Write(ctx, xs[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRelations measures reads over a store of 1,000 documents.
func BenchmarkRelations(b *testing.B) {
	s := open(b, b.TempDir())
	defer s.Close()
	ctx := context.Background()
	for _, x := range synthetic(1000) {
		if _, err := s.Write(ctx, x); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		q    graph.RelationQuery
	}{
		{"Touching", graph.RelationQuery{Touching: []string{"group-7"}}},
		{"Predicate", graph.RelationQuery{Predicates: []graph.Predicate{graph.Designated}}},
		{"Document", graph.RelationQuery{Documents: []string{"doc-00500"}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				rs, err := s.Relations(ctx, bc.q)
				if err != nil || len(rs) == 0 {
					b.Fatalf("Relations = %d, %v", len(rs), err)
				}
			}
		})
	}
}
