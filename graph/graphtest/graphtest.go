// Package graphtest is the conformance suite of graph.Store: every backend
// runs Run and so gives the same answers to the same questions.
//
// The suite asserts what the graph package's doc comments promise (Store,
// EntityQuery, Summarize, Conflicts, PreferName): contents, not just counts.
// It writes small fictional documents of its own (Fixtures and the builders in
// this package) and never relies on how a store keeps them: it compares what
// the Store methods return, with nil and empty slices and maps taken as equal.
//
// Run opens one store at a time and closes it before opening the next, and
// runs its subtests one after the other, so a backend may hand out the same
// database each time, emptied (a Neo4j test database wiped by open).
//
// Other packages' tests use Fixtures and Load to get a populated store, and
// Snapshot to compare a store's whole contents.
package graphtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Run runs the conformance suite against the stores that open returns. Each
// call of open must return a new, empty store; the suite closes it.
func Run(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Run("Write", func(t *testing.T) { testWrite(t, open) })
	t.Run("Read", func(t *testing.T) {
		s := openStore(t, open)
		Load(t, s, Fixtures()...)
		testRead(t, s)
		t.Run("LookupBatch", func(t *testing.T) { testLookupBatch(t, s) })
	})
	t.Run("Traverse", func(t *testing.T) {
		s := openStore(t, open)
		Load(t, s, Fixtures()...)
		testTraverse(t, s)
	})
	t.Run("SortByName", func(t *testing.T) { testSortByName(t, openStore(t, open)) })
}

// Load writes the extractions to s in order, failing the test on the first error.
func Load(t testing.TB, s graph.Store, xs ...*graph.Extraction) {
	t.Helper()
	for _, x := range xs {
		if _, err := s.Write(context.Background(), x); err != nil {
			t.Fatalf("Write(%s): %v", x.Document.ID, err)
		}
	}
}

// Contents is everything a store holds, as its read methods return it.
type Contents struct {
	Stats      graph.Stats
	Entities   []*graph.Entity
	Relations  []*graph.Relation
	Statements []*graph.Statement
	Documents  []*graph.Document
	Mentions   []graph.Mention
}

// Snapshot reads the whole contents of s: every entity (by ID), relation,
// statement, document and mention, and the Stats.
func Snapshot(t testing.TB, s graph.Store) Contents {
	t.Helper()
	ctx := context.Background()
	var c Contents
	var err error
	if c.Stats, err = s.Stats(ctx); err != nil {
		t.Fatalf("Stats: %v", err)
	}
	page, err := s.FindEntities(ctx, graph.EntityQuery{Sort: graph.SortByID})
	if err != nil {
		t.Fatalf("FindEntities: %v", err)
	}
	c.Entities = page.Entities
	if c.Relations, err = s.Relations(ctx, graph.RelationQuery{}); err != nil {
		t.Fatalf("Relations: %v", err)
	}
	if c.Statements, err = s.Statements(ctx, graph.StatementQuery{}); err != nil {
		t.Fatalf("Statements: %v", err)
	}
	if c.Documents, err = s.Documents(ctx, graph.DocumentQuery{}); err != nil {
		t.Fatalf("Documents: %v", err)
	}
	var ids []string
	for _, e := range c.Entities {
		ids = append(ids, e.ID)
	}
	if c.Mentions, err = s.Mentions(ctx, ids); err != nil {
		t.Fatalf("Mentions: %v", err)
	}
	return c
}

// Diff describes how d differs from c, or returns "" when they hold the same.
func (c Contents) Diff(d Contents) string {
	return Diff(c, d)
}

// Diff compares two values by their canonical JSON (nil and empty lists and
// maps taken as equal) and describes the first difference, or returns ""
// when they are equal. Store tests use it to compare answers.
func Diff(got, want any) string {
	g, w := canonJSON(got), canonJSON(want)
	if g == w {
		return ""
	}
	gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
	i := 0
	for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
		i++
	}
	from := max(0, i-3)
	return fmt.Sprintf("first difference at line %d:\n--- got\n%s\n--- want\n%s",
		i+1, excerpt(gl, from, i+3), excerpt(wl, from, i+3))
}

func excerpt(lines []string, from, to int) string {
	to = min(to, len(lines))
	if from >= to {
		return "(end)"
	}
	return strings.Join(lines[from:to], "\n")
}

// canonJSON renders v as indented JSON with empty slices and maps as null, so
// that a store returning [] and one returning nil compare equal.
func canonJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "marshal: " + err.Error()
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return "unmarshal: " + err.Error()
	}
	b, _ = json.MarshalIndent(dropEmpty(x), "", "  ")
	return string(b)
}

func dropEmpty(x any) any {
	switch x := x.(type) {
	case []any:
		if len(x) == 0 {
			return nil
		}
		for i := range x {
			x[i] = dropEmpty(x[i])
		}
	case map[string]any:
		if len(x) == 0 {
			return nil
		}
		for k, v := range x {
			if v = dropEmpty(v); v == nil {
				delete(x, k)
			} else {
				x[k] = v
			}
		}
	}
	return x
}

// openStore opens a store for the test t and closes it when t ends.
func openStore(t *testing.T, open func(t *testing.T) graph.Store) graph.Store {
	t.Helper()
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// withStore opens a store, runs f on it and closes it, so that the next store
// opened by the same test does not meet this one.
func withStore(t *testing.T, open func(t *testing.T) graph.Store, f func(s graph.Store)) {
	t.Helper()
	s := open(t)
	defer func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	f(s)
}

// check reports an unexpected error and says whether the test may go on.
func check(t testing.TB, what string, err error) bool {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return false
	}
	return true
}

// wantKind checks that err has the given kind.
func wantKind(t testing.TB, what string, err error, k graph.Kind) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want a %v error", what, k)
	} else if got := graph.KindOf(err); got != k {
		t.Errorf("%s: error %q is of kind %v, want %v", what, err, got, k)
	}
}

// sorted returns the strings sorted, as stores return IDs.
func sorted(ss ...string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

// sameStrings compares two lists, nil and empty being equal.
func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func entityIDs(es []*graph.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func relationIDs(rs []*graph.Relation) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func statementIDs(ss []*graph.Statement) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

func documentIDs(ds []*graph.Document) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

func evidenceDocs(ev []graph.Evidence) []string {
	var out []string
	for _, e := range ev {
		out = append(out, e.Document)
	}
	return out
}

func rid(s string, p graph.Predicate, o string) string { return graph.RelationID(s, p, o) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// relation reads one relation by ID, failing the test when it is missing.
func relation(t testing.TB, s graph.Store, id string) *graph.Relation {
	t.Helper()
	rs, err := s.Relations(context.Background(), graph.RelationQuery{IDs: []string{id}})
	if err != nil {
		t.Fatalf("Relations(%s): %v", id, err)
	}
	if len(rs) != 1 {
		t.Fatalf("Relations(%s): got %d relations, want 1", id, len(rs))
	}
	return rs[0]
}

// entity reads one entity by ID, or returns nil when it is missing.
func entity(t testing.TB, s graph.Store, id string) *graph.Entity {
	t.Helper()
	es, err := s.Entities(context.Background(), []string{id})
	if err != nil {
		t.Fatalf("Entities(%s): %v", id, err)
	}
	if len(es) == 0 {
		return nil
	}
	return es[0]
}

func stats(t testing.TB, s graph.Store) graph.Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}
