package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/cartelgraph/cartelgraph/bench/corpus"
	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/neo4j"
	"github.com/cartelgraph/cartelgraph/graph/neo4j/neo4jtest"
	"github.com/cartelgraph/cartelgraph/loader"
	"github.com/cartelgraph/cartelgraph/schema"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 50, 0},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{ms(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{ms(hundred...), 99, 99 * time.Millisecond},
		{ms(hundred...), 100, 100 * time.Millisecond},
		{ms(hundred...), 1, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.sorted, tt.p); got != tt.want {
			t.Errorf("percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
		}
	}
}

// extractions returns the extractions of the first n articles of a corpus of size.
func extractions(t testing.TB, size, n int) ([]*graph.Extraction, *corpus.Generator) {
	t.Helper()
	gen, err := corpus.New(1, size)
	if err != nil {
		t.Fatal(err)
	}
	arts := make([]corpus.Article, n)
	for i := range arts {
		arts[i] = gen.Article(i)
	}
	xs, ex, err := extractAll(context.Background(), arts, 2)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Failed > 0 {
		t.Fatalf("%d extractions failed", ex.Failed)
	}
	return xs, gen
}

// TestRawRows checks that the raw baseline writes every row rowCount
// counts, each kind with its own query.
func TestRawRows(t *testing.T) {
	xs, _ := extractions(t, 100, 20)
	want := 0
	for _, x := range xs {
		want += rowCount(x)
	}
	got := 0
	byQuery := map[string]int{}
	for _, b := range rawRows(xs) {
		byQuery[b.query] += len(b.rows)
		got += len(b.rows)
		for _, r := range b.rows {
			if strings.Contains(b.query, "r.id") && r["id"] == "" {
				t.Errorf("a row of %q has no id", b.query)
			}
		}
	}
	if got != want {
		t.Errorf("the raw baseline writes %d rows, rowCount counts %d", got, want)
	}
	docs := byQuery["UNWIND $rows AS r MERGE (d:Document {id: r.id}) SET d += r.props"]
	if docs != len(xs) {
		t.Errorf("%d document rows for %d documents", docs, len(xs))
	}
	for _, q := range []string{"SET e:CriminalGroup", ":DESIGNATED {id: r.id}", "MERGE (p)-[:SAID]->(s)", "MERGE (v)-[:FROM]->(d)"} {
		found := false
		for query, n := range byQuery {
			found = found || strings.Contains(query, q) && n > 0
		}
		if !found {
			t.Errorf("no rows written by a query with %q", q)
		}
	}
}

func TestDesignated(t *testing.T) {
	xs := []*graph.Extraction{
		{Relations: []graph.Relation{{Predicate: graph.Designated, Object: "b"}, {Predicate: graph.Leads, Object: "x"}}},
		{Relations: []graph.Relation{{Predicate: graph.Designated, Object: "a"}, {Predicate: graph.Designated, Object: "b"}}},
	}
	if got := designated(xs); strings.Join(got, ",") != "b,a" {
		t.Errorf("designated = %v, want [b a]", got)
	}
}

// TestRunEmbedded runs a small benchmark on the embedded store and checks
// what it measured, not how fast.
func TestRunEmbedded(t *testing.T) {
	var log bytes.Buffer
	rep, err := Run(context.Background(), Config{Scales: []int{40, 120}, Concurrency: []int{1, 4},
		Duration: 100 * time.Millisecond, Requests: 60, LoadBudget: -1, TempDir: t.TempDir(), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Scales) != 2 {
		t.Fatalf("%d scales measured, want 2", len(rep.Scales))
	}
	sc := rep.Scales[1]
	if sc.Documents != 120 || sc.Extract.Documents != 120 || sc.Extract.Failed != 0 || sc.Bytes == 0 {
		t.Errorf("extraction: %+v", sc.Extract)
	}
	if c := sc.Extract.Score.Entities; c.TP == 0 || c.TP+c.FN < 120 {
		t.Errorf("entity score %v: want the entities of 120 articles", c)
	}
	if len(sc.Loads) != 1 || sc.Loads[0].Name != loadEmbedded {
		t.Fatalf("loads %+v, want the embedded one only", sc.Loads)
	}
	ld := sc.Loads[0]
	if ld.Documents != 120 || ld.Of != 120 || ld.Stats.Documents != 120 || ld.Failed != 0 || ld.Rows <= ld.Stats.Entities {
		t.Errorf("embedded load %+v: want 120 documents written", ld)
	}
	if len(sc.Queries) != 4 {
		t.Fatalf("%d GraphQL measurements, want 2 queries × 2 concurrencies", len(sc.Queries))
	}
	for _, q := range sc.Queries {
		if q.Target != TargetEmbedded || q.Requests == 0 || q.Requests > 60 || q.Errors != 0 || q.P50 <= 0 || q.P99 < q.P50 {
			t.Errorf("measurement %+v", q)
		}
	}
	var out bytes.Buffer
	rep.WriteTable(&out)
	table := out.String()
	for _, want := range []string{"== 40 documents", "== 120 documents", "== scaling", "embedded loader", "designations", "neighborhood",
		"Neo4j and @neo4j/graphql not measured"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
	last := table[strings.LastIndex(strings.TrimRight(table, "\n"), "\n")+1:]
	if !regexp.MustCompile(`^bench: load_vs_raw=n/a graphql_vs_neo4j_graphql=n/a extract_mb_s=[0-9]+\.[0-9]{2}\n$`).MatchString(last) {
		t.Errorf("last line %q", last)
	}
	if !strings.Contains(log.String(), "bench: 120 documents: extracting") {
		t.Errorf("progress log:\n%s", log.String())
	}
}

// TestRunNeo4j runs a small benchmark on the test database (Run takes its
// lock), with the @neo4j/graphql peer when it is installed.
func TestRunNeo4j(t *testing.T) {
	cfg, ok := neo4jtest.Config()
	if !ok {
		if neo4jtest.Required() {
			t.Fatal("CARTELGRAPH_REQUIRE_NEO4J=true but NEO4J_URI is not set")
		}
		t.Skip("NEO4J_URI is not set")
	}
	db := &Neo4j{URI: cfg.URI, User: cfg.User, Password: cfg.Password, Database: cfg.Database, Wipe: true,
		Open: func(ctx context.Context) (graph.Store, error) { return neo4j.Open(ctx, cfg) }}
	peer := &Peer{Dir: "neo4jgraphql"}
	withPeer := peerMissing(peer) == ""
	if !withPeer {
		t.Logf("without @neo4j/graphql: %s", peerMissing(peer))
	}
	rep, err := Run(context.Background(), Config{Scales: []int{60}, Concurrency: []int{1, 3},
		Duration: 200 * time.Millisecond, Requests: 40, LoadBudget: -1, TempDir: t.TempDir(), Neo4j: db, Peer: peer,
		Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	sc := rep.Scales[0]
	raw, ok1 := sc.load(loadRaw)
	ld, ok2 := sc.load(loadNeo4j)
	emb, _ := sc.load(loadEmbedded)
	if !ok1 || !ok2 {
		t.Fatalf("loads %+v: want the raw baseline and the loader", sc.Loads)
	}
	if ld.Documents != 60 || raw.Documents != 60 || raw.Rows != ld.Rows || ld.Failed != 0 {
		t.Errorf("raw %+v and loader %+v must write the same 60 documents' rows", raw, ld)
	}
	if ld.Stats != emb.Stats {
		t.Errorf("Neo4j holds %+v after the load, the embedded store %+v", ld.Stats, emb.Stats)
	}
	targets := map[string]int{}
	for _, q := range sc.Queries {
		targets[q.Target]++
		if q.Requests == 0 || q.Errors != 0 {
			t.Errorf("measurement %+v", q)
		}
	}
	if targets[TargetNeo4j] != 4 {
		t.Errorf("%d measurements on Neo4j, want 4", targets[TargetNeo4j])
	}
	if withPeer && (targets[TargetPeer] != 2 || sc.Compared == 0 || sc.Agree != sc.Compared) {
		t.Errorf("@neo4j/graphql: %d measurements, agreed on %d of %d groups", targets[TargetPeer], sc.Agree, sc.Compared)
	}
	if !regexp.MustCompile(`load_vs_raw=[0-9.]+ `).MatchString(rep.Summary()) {
		t.Errorf("summary %q", rep.Summary())
	}
}

// testLog writes Run's progress into the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// TestCheckEmpty checks that Run refuses a database that holds data it
// may not wipe.
func TestCheckEmpty(t *testing.T) {
	cfg, ok := neo4jtest.Config()
	if !ok {
		t.Skip("NEO4J_URI is not set")
	}
	lock := neo4jtest.Lock(t)
	s := lock.Open(t) // empties it
	xs, _ := extractions(t, 100, 1)
	if _, err := s.Write(context.Background(), xs[0]); err != nil {
		t.Fatal(err)
	}
	db, err := openNeo4j(context.Background(), &Neo4j{URI: cfg.URI, User: cfg.User, Password: cfg.Password, Database: cfg.Database,
		Open: func(context.Context) (graph.Store, error) { return nil, nil }}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	err = db.checkEmpty(context.Background())
	if graph.KindOf(err) != graph.Invalid || !strings.Contains(err.Error(), "--yes-wipe") {
		t.Errorf("checkEmpty on a database with data = %v, want an Invalid error naming --yes-wipe", err)
	}
	db.cfg.Wipe = true
	if err := db.checkEmpty(context.Background()); err != nil {
		t.Errorf("checkEmpty with Wipe = %v", err)
	}
}

// A populated embedded store and the schema over it, shared by the benchmarks.
type fixture struct {
	store  graph.Store
	schema graphql.Schema
	opts   schema.Options
	ids    []string
}

// benchFixture loads 1,000 articles into an embedded store in a temporary
// directory. With b.Loop a benchmark function runs once, so the fixture is
// built once per benchmark, outside the measured loop.
func benchFixture(b *testing.B) *fixture {
	ctx := context.Background()
	s, err := embedded.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	xs, _ := extractions(b, 1000, 1000)
	for _, x := range xs {
		if err := loader.Resolve(ctx, s, x); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Write(ctx, x); err != nil {
			b.Fatal(err)
		}
	}
	opts := schema.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sch, err := schema.New(s, opts)
	if err != nil {
		b.Fatal(err)
	}
	return &fixture{store: s, schema: sch, opts: opts, ids: designated(xs)}
}

// benchQuery runs query through a schema.Executor (as the server does: the
// query parsed and validated once), the resolvers and the store, without
// HTTP, about another group each time.
func benchQuery(b *testing.B, query, varName string) {
	f := benchFixture(b)
	ctx := context.Background()
	exec := schema.NewExecutor(f.schema, f.opts)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		res := exec.Do(ctx, schema.Request{Query: query, Variables: map[string]any{varName: pick(f.ids, i)}})
		if len(res.Errors) > 0 {
			b.Fatal(res.Errors)
		}
		i++
	}
}

func BenchmarkDesignations(b *testing.B) { benchQuery(b, DesignationsQuery, "group") }

func BenchmarkNeighborhood(b *testing.B) { benchQuery(b, NeighborhoodQuery, "id") }

// BenchmarkDesignationsHTTP is BenchmarkDesignations through the server
// and a loopback connection, as `cartelgraph bench` measures it at one client.
func BenchmarkDesignationsHTTP(b *testing.B) {
	f := benchFixture(b)
	url, stop, err := serve(f.store)
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	c := newClient()
	bodies := requests(f.ids, DesignationsQuery, "group", 1000)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := post(ctx, c, url, bodies[i%len(bodies)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkRawRows(b *testing.B) {
	xs, _ := extractions(b, 1000, 200)
	b.ReportAllocs()
	for b.Loop() {
		rawRows(xs)
	}
}

// TestQueriesAnswer checks that both benchmark queries answer with data on
// the embedded store, and that the designations answer names the group.
func TestQueriesAnswer(t *testing.T) {
	ctx := context.Background()
	s, err := embedded.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	xs, _ := extractions(t, 200, 30)
	for _, x := range xs {
		if err := loader.Resolve(ctx, s, x); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Write(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := schema.New(s, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := designated(xs)[0]
	for _, tt := range []struct{ query, varName, want string }{
		{DesignationsQuery, "group", `"group":{"id":"` + id + `"`},
		{NeighborhoodQuery, "id", `"id":"` + id + `"`},
	} {
		res := schema.Do(ctx, sch, schema.Options{}, schema.Request{Query: tt.query, Variables: map[string]any{tt.varName: id}})
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", tt.query, res.Errors)
		}
		data, _ := json.Marshal(res.Data)
		if !strings.Contains(string(data), tt.want) {
			t.Errorf("answer %s lacks %s", data, tt.want)
		}
	}
}
