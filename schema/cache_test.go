package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
)

// doUncached is Do as it was before queries were prepared once: it parses
// the query, runs the checks of do.go, then hands the text to graphql.Do,
// which parses and validates it again. The tests hold the Do and Executor
// of today to its answers.
func doUncached(ctx context.Context, s graphql.Schema, opts Options, req Request) *graphql.Result {
	opts = opts.withDefaults()
	doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{
		Body: []byte(req.Query),
		Name: "GraphQL request",
	})})
	if err != nil {
		return &graphql.Result{Errors: gqlerrors.FormatErrors(err)}
	}
	if err := untypedVariable(doc); err != nil {
		return &graphql.Result{Errors: []gqlerrors.FormattedError{*err}}
	}
	if err := fragmentCycle(doc); err != nil {
		return &graphql.Result{Errors: []gqlerrors.FormattedError{*err}}
	}
	if errs := checkLimits(&s, doc, req, opts); len(errs) > 0 {
		return &graphql.Result{Errors: errs}
	}
	res := graphql.Do(graphql.Params{
		Schema:         s,
		RequestString:  req.Query,
		VariableValues: req.Variables,
		OperationName:  req.OperationName,
		Context:        ctx,
	})
	if err := ctx.Err(); err != nil {
		e := public(opts.Logger, "query", err)
		return &graphql.Result{Errors: []gqlerrors.FormattedError{formatted(e)}}
	}
	return res
}

func fixtureSchema(t testing.TB, opts Options) (graphql.Schema, graph.Store) {
	t.Helper()
	store, err := embedded.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	graphtest.Load(t, store, graphtest.Fixtures()...)
	s, err := New(store, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s, store
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func jsonOf(t testing.TB, res *graphql.Result) string {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const designationsQuery = `query Designations($group: String!) {
  designations(group: $group) { designation date designatedBy { id name type } group { id name } }
}`

// cacheRequests are requests of every kind: answers, each kind of error,
// variables and operation names that change the answer or the cost of the
// same text.
func cacheRequests() []struct {
	name string
	req  Request
	errs bool // whether the answer has errors
} {
	deep := `{ entity(id: "mexico") { relations { object { relations { object { relations { object { relations { object { relations { object { relations { object { id } } } } } } } } } } } } } }`
	twoOps := `query A { entity(id: "mexico") { name } } query B { stats { documents } }`
	paged := `query P($n: Int) { entities(first: $n) { edges { node { relations { sources { article { relations { sources { sentence } } } } } } } } }`
	return []struct {
		name string
		req  Request
		errs bool
	}{
		{"valid", Request{Query: `{ entity(id: "mexico") { id name type } }`}, false},
		{"designations", Request{Query: designationsQuery, Variables: map[string]any{"group": graphtest.GolfoNorte}}, false},
		{"designations other group", Request{Query: designationsQuery, Variables: map[string]any{"group": graphtest.Mexico}}, false},
		{"missing variable", Request{Query: designationsQuery}, true},
		{"variable of the wrong type", Request{Query: designationsQuery, Variables: map[string]any{"group": 7}}, false},
		{"operation A", Request{Query: twoOps, OperationName: "A"}, false},
		{"operation B", Request{Query: twoOps, OperationName: "B"}, false},
		{"no operation named", Request{Query: twoOps}, true},
		{"unknown operation", Request{Query: twoOps, OperationName: "C"}, true},
		{"cheap by variable", Request{Query: paged, Variables: map[string]any{"n": 1}}, false},
		{"costly by variable", Request{Query: paged, Variables: map[string]any{"n": 100}}, true},
		{"too deep", Request{Query: deep}, true},
		{"too costly", Request{Query: `{ entities(first: 100) { edges { node { relations { sources { article { relations { sources { sentence } } } } } } } } }`}, true},
		{"syntax", Request{Query: `{ entity(id: "mexico") { id }`}, true},
		{"fragment cycle", Request{Query: `{ ...F } fragment F on Query { ...G } fragment G on Query { stats { documents } ...F }`}, true},
		{"fragment spreads itself", Request{Query: `query { entity(id: "mexico") { ...E } } fragment E on Entity { id relations { object { ...E } } }`}, true},
		{"untyped variable", Request{Query: `query($A:) { stats { documents } }`}, true},
		{"unknown field", Request{Query: `{ entity(id: "mexico") { colour } }`}, true},
		{"unknown field and too deep", Request{Query: strings.Replace(deep, "{ id }", "{ id colour }", 1)}, true},
		{"resolver error", Request{Query: `{ entities(first: 101) { totalCount } }`}, true},
		{"fragments", Request{Query: `{ entity(id: "mexico") { ...F } } fragment F on Entity { id relations { predicate } }`}, false},
	}
}

// TestExecutorAnswers checks that Do and an Executor, cold and warm, give
// every request the very answer and errors of the uncached Do.
func TestExecutorAnswers(t *testing.T) {
	opts := Options{Logger: quiet()}
	s, _ := fixtureSchema(t, opts)
	x := NewExecutor(s, opts)
	ctx := context.Background()
	for _, tt := range cacheRequests() {
		t.Run(tt.name, func(t *testing.T) {
			want := doUncached(ctx, s, opts, tt.req)
			if got := len(want.Errors) > 0; got != tt.errs {
				t.Fatalf("uncached answer has errors: %v, want %v: %s", got, tt.errs, jsonOf(t, want))
			}
			w := jsonOf(t, want)
			for i, got := range []*graphql.Result{Do(ctx, s, opts, tt.req), x.Do(ctx, tt.req), x.Do(ctx, tt.req)} {
				if g := jsonOf(t, got); g != w {
					t.Errorf("answer %d:\n%s\nwant\n%s", i, g, w)
				}
			}
		})
	}
	// Every distinct text was parsed once: the second run of each hit.
	texts := map[string]bool{}
	for _, tt := range cacheRequests() {
		texts[tt.req.Query] = true
	}
	n := int64(len(cacheRequests()))
	want := CacheStats{Hits: 2*n - int64(len(texts)), Misses: int64(len(texts)), Len: len(texts)}
	if got := x.Stats(); got != want {
		t.Errorf("stats %+v, want %+v", got, want)
	}
}

// TestExecutorCache checks what the cache keeps: each text once, at most
// QueryCache texts, the least recently used dropped first, none longer than
// MaxCachedQuery.
func TestExecutorCache(t *testing.T) {
	s, _ := fixtureSchema(t, Options{})
	q := func(i int) Request { return Request{Query: fmt.Sprintf(`query Q%d { stats { documents } }`, i)} }
	long := Request{Query: `{ stats { documents } }` + strings.Repeat(" ", 100)}
	type step struct {
		req  Request
		want CacheStats // after the request
	}
	tests := []struct {
		name  string
		opts  Options
		steps []step
	}{
		{"repeated query parses once", Options{}, []step{
			{q(1), CacheStats{Misses: 1, Len: 1}},
			{q(1), CacheStats{Hits: 1, Misses: 1, Len: 1}},
			{q(1), CacheStats{Hits: 2, Misses: 1, Len: 1}},
			{q(2), CacheStats{Hits: 2, Misses: 2, Len: 2}},
		}},
		{"bounded, least recently used goes", Options{QueryCache: 2}, []step{
			{q(1), CacheStats{Misses: 1, Len: 1}},
			{q(2), CacheStats{Misses: 2, Len: 2}},
			{q(1), CacheStats{Hits: 1, Misses: 2, Len: 2}}, // 1 is now the most recent
			{q(3), CacheStats{Hits: 1, Misses: 3, Len: 2}}, // drops 2
			{q(1), CacheStats{Hits: 2, Misses: 3, Len: 2}},
			{q(2), CacheStats{Hits: 2, Misses: 4, Len: 2}}, // 2 was dropped; drops 3
			{q(3), CacheStats{Hits: 2, Misses: 5, Len: 2}},
		}},
		{"no cache", Options{QueryCache: -1}, []step{
			{q(1), CacheStats{Misses: 1}},
			{q(1), CacheStats{Misses: 2}},
		}},
		{"too long to keep", Options{MaxCachedQuery: 100}, []step{
			{long, CacheStats{}},
			{long, CacheStats{}},
			{q(1), CacheStats{Misses: 1, Len: 1}},
		}},
		{"errors are kept too", Options{}, []step{
			{Request{Query: `{ stats { colour } }`}, CacheStats{Misses: 1, Len: 1}},
			{Request{Query: `{ stats { colour } }`}, CacheStats{Hits: 1, Misses: 1, Len: 1}},
			{Request{Query: `{ stats`}, CacheStats{Hits: 1, Misses: 2, Len: 2}},
			{Request{Query: `{ stats`}, CacheStats{Hits: 2, Misses: 2, Len: 2}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := NewExecutor(s, tt.opts)
			for i, st := range tt.steps {
				res := x.Do(context.Background(), st.req)
				if w, g := jsonOf(t, doUncached(context.Background(), s, tt.opts, st.req)), jsonOf(t, res); g != w {
					t.Errorf("step %d: answer %s, want %s", i, g, w)
				}
				if got := x.Stats(); got != st.want {
					t.Errorf("step %d: stats %+v, want %+v", i, got, st.want)
				}
			}
		})
	}
}

// TestExecutorConcurrent runs the requests of TestExecutorAnswers from many
// goroutines at once through one small Executor, so that entries come and
// go while others read them (run with -race).
func TestExecutorConcurrent(t *testing.T) {
	opts := Options{Logger: quiet(), QueryCache: 4}
	s, _ := fixtureSchema(t, opts)
	ctx := context.Background()
	reqs := cacheRequests()
	want := make([]string, len(reqs))
	for i, tt := range reqs {
		want[i] = jsonOf(t, doUncached(ctx, s, opts, tt.req))
	}
	x := NewExecutor(s, opts)
	const workers, rounds = 8, 4
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds*len(reqs))
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				for k := range reqs {
					i := (k + w*3 + r) % len(reqs)
					res := x.Do(ctx, reqs[i].req)
					b, err := json.Marshal(res)
					if err != nil {
						errs <- err.Error()
						continue
					}
					if string(b) != want[i] {
						errs <- fmt.Sprintf("%s: %s, want %s", reqs[i].name, b, want[i])
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	st := x.Stats()
	if total := st.Hits + st.Misses; total != int64(workers*rounds*len(reqs)) {
		t.Errorf("stats %+v count %d requests, want %d", st, total, workers*rounds*len(reqs))
	}
	if st.Len > 4 {
		t.Errorf("cache holds %d queries, more than its 4", st.Len)
	}
}

// BenchmarkDesignations runs the designations query about one group: the
// uncached Do of before (two parses, one validation per request), Do (one
// parse and validation), a cold Executor (a new one per request) and a warm
// one (the query already parsed and validated).
func BenchmarkDesignations(b *testing.B) {
	opts := Options{Logger: quiet()}
	s, _ := fixtureSchema(b, opts)
	ctx := context.Background()
	req := Request{Query: designationsQuery, Variables: map[string]any{"group": graphtest.GolfoNorte}}
	warm := NewExecutor(s, opts)
	runs := []struct {
		name string
		do   func() *graphql.Result
	}{
		{"uncached", func() *graphql.Result { return doUncached(ctx, s, opts, req) }},
		{"do", func() *graphql.Result { return Do(ctx, s, opts, req) }},
		{"cold", func() *graphql.Result { return NewExecutor(s, opts).Do(ctx, req) }},
		{"warm", func() *graphql.Result { return warm.Do(ctx, req) }},
	}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if res := r.do(); len(res.Errors) > 0 {
					b.Fatal(res.Errors)
				}
			}
		})
	}
}
