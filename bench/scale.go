package bench

import (
	"context"
	"encoding/json"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cartelgraph/cartelgraph/bench/corpus"
	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/loader"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
	"github.com/cartelgraph/cartelgraph/loader/extract"
)

// runScale measures one corpus size.
func runScale(ctx context.Context, cfg Config, db *neo4jDB, n int) (*Scale, error) {
	const op graph.Op = "bench.Run"
	gen, err := corpus.New(cfg.Seed, n)
	if err != nil {
		return nil, graph.E(op, err)
	}
	sc := &Scale{Documents: n, Groups: gen.Groups()}
	logf(cfg, "%d documents: generating the corpus", n)
	arts := generate(gen, cfg.Workers)
	for _, a := range arts {
		sc.Bytes += int64(len(a.Text))
	}

	logf(cfg, "%d documents: extracting (%.1f MB, %d workers)", n, float64(sc.Bytes)/1e6, cfg.Workers)
	xs, ex, err := extractAll(ctx, arts, cfg.Workers)
	if err != nil {
		return sc, graph.E(op, err)
	}
	sc.Extract = ex
	var kept []*graph.Extraction
	for _, x := range xs {
		if x != nil {
			kept = append(kept, x)
		}
	}
	docs, err := pack(kept)
	if err != nil {
		return sc, graph.E(op, graph.Internal, err)
	}
	arts, xs, kept = nil, nil, nil

	// The embedded store: the loader's write path, then GraphQL.
	dir, err := os.MkdirTemp(cfg.TempDir, "cartelgraph-bench-")
	if err != nil {
		return sc, graph.E(op, graph.Item(cfg.TempDir), err)
	}
	defer os.RemoveAll(dir)
	store, err := embedded.Open(ctx, dir)
	if err != nil {
		return sc, graph.E(op, err)
	}
	logf(cfg, "%d documents: loading the embedded store", n)
	ld, ids, err := loadStore(ctx, loadEmbedded, store, docs, cfg.LoadBudget)
	sc.Loads = append(sc.Loads, ld)
	if err != nil {
		store.Close()
		return sc, graph.E(op, err)
	}
	logf(cfg, "%d documents: GraphQL on the embedded store", n)
	qs, err := queryStore(ctx, cfg, TargetEmbedded, store, ids, nil)
	sc.Queries = append(sc.Queries, qs...)
	store.Close()
	if err != nil {
		return sc, graph.E(op, err)
	}
	if db == nil {
		return sc, nil
	}
	if err := runNeo4j(ctx, cfg, db, docs, sc); err != nil {
		return sc, graph.E(op, err)
	}
	return sc, nil
}

// generate makes every article of the corpus, workers at a time.
func generate(gen *corpus.Generator, workers int) []corpus.Article {
	arts := make([]corpus.Article, gen.Size())
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(arts) {
					return
				}
				arts[i] = gen.Article(i)
			}
		}()
	}
	wg.Wait()
	return arts
}

// extractAll extracts every article, workers at a time, and scores the
// extractions against the expected ones. Only the extraction is timed.
func extractAll(ctx context.Context, arts []corpus.Article, workers int) ([]*graph.Extraction, Extraction, error) {
	ex := Extraction{Documents: len(arts), Workers: workers}
	for _, a := range arts {
		ex.Bytes += int64(len(a.Text))
	}
	x, err := extract.New()
	if err != nil {
		return nil, ex, err
	}
	xs := make([]*graph.Extraction, len(arts))
	var failed atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	cpu0, t0 := cpuTime(), time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(arts) || ctx.Err() != nil {
					return
				}
				a := arts[i]
				out, err := x.Extract(ctx, a.Document, a.Text)
				if err != nil {
					failed.Add(1)
					continue
				}
				xs[i] = out
			}
		}()
	}
	wg.Wait()
	ex.Wall, ex.CPU = time.Since(t0), cpuTime()-cpu0
	if err := ctx.Err(); err != nil {
		return nil, ex, err
	}
	ex.Failed = int(failed.Load())
	for i, out := range xs {
		if out == nil {
			continue
		}
		var s corpus.Score
		s.Add(arts[i].Expected, exchange.FromExtraction(out))
		ex.Score.Merge(s)
	}
	return xs, ex, nil
}

// packed holds a corpus's extractions as JSON, which the garbage collector
// does not scan: 100,000 extractions held as Go values would make every
// collection during a load mark gigabytes that are the benchmark's, not the
// store's, and the load would look slower the larger the corpus for a
// reason that is not the store's.
type packed [][]byte

func pack(xs []*graph.Extraction) (packed, error) {
	p := make(packed, len(xs))
	for i, x := range xs {
		if err := p.set(i, x); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p packed) at(i int) (*graph.Extraction, error) {
	x := new(graph.Extraction)
	return x, json.Unmarshal(p[i], x)
}

func (p packed) set(i int, x *graph.Extraction) error {
	data, err := json.Marshal(x)
	p[i] = data
	return err
}

// first returns the first n extractions.
func (p packed) first(n int) ([]*graph.Extraction, error) {
	xs := make([]*graph.Extraction, n)
	for i := range xs {
		var err error
		if xs[i], err = p.at(i); err != nil {
			return nil, err
		}
	}
	return xs, nil
}

// loadStore writes the extractions into store the way the loader does
// (loader.Resolve then Store.Write, one document after the other, each in a
// transaction of its own) and measures it: Wall sums the time of those two
// calls, not the unpacking around them. It stops once budget has passed
// (0: no limit): Documents and Rows then count what it wrote, a prefix of
// docs. It keeps the resolved extractions in docs, and returns the IDs of
// the groups they designate, in order of first appearance.
func loadStore(ctx context.Context, name string, store graph.Store, docs packed, budget time.Duration) (Load, []string, error) {
	ld := Load{Name: name, Of: len(docs)}
	var ids []string
	seen := map[string]bool{}
	debug.FreeOSMemory() // so that the RSS before the load is what is live
	resetPeak()
	ld.StartRSS = rss()
	start := time.Now()
	for i := range docs {
		if budget > 0 && time.Since(start) > budget {
			break
		}
		x, err := docs.at(i)
		if err != nil {
			return ld, ids, graph.E(graph.Internal, err)
		}
		t0 := time.Now()
		if err := loader.Resolve(ctx, store, x); err != nil {
			return ld, ids, err
		}
		t1 := time.Now()
		_, err = store.Write(ctx, x)
		t2 := time.Now()
		ld.Resolve += t1.Sub(t0)
		ld.Wall += t2.Sub(t0)
		if err != nil {
			if graph.KindOf(err) == graph.Unavailable || ctx.Err() != nil {
				return ld, ids, err
			}
			ld.Failed++
		}
		ld.Documents++
		ld.Rows += rowCount(x)
		for _, id := range designated([]*graph.Extraction{x}) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if err := docs.set(i, x); err != nil {
			return ld, ids, graph.E(graph.Internal, err)
		}
	}
	ld.PeakRSS = peakRSS()
	st, err := store.Stats(ctx)
	if err != nil {
		return ld, ids, err
	}
	ld.Stats = st
	return ld, ids, nil
}

// rowCount counts the rows one document's extraction writes: the document,
// its entities and mentions, its relations and statements, the statements'
// ABOUT links, and every piece of evidence.
func rowCount(x *graph.Extraction) int {
	n := 1 + len(x.Entities) + len(x.Mentions) + len(x.Relations) + len(x.Statements)
	for _, r := range x.Relations {
		n += len(r.Evidence)
	}
	for _, s := range x.Statements {
		n += len(s.Evidence) + len(s.About)
	}
	return n
}

// runNeo4j measures the Neo4j loads and queries of one scale, holding the
// lock: cartelgraph's loader, GraphQL over what it loaded, @neo4j/graphql
// over the same data, then the raw baseline with the same documents' rows.
// It leaves the database empty.
func runNeo4j(ctx context.Context, cfg Config, db *neo4jDB, docs packed, sc *Scale) error {
	n := sc.Documents
	unlock, err := db.lock(ctx, cfg.Log)
	if err != nil {
		return err
	}
	defer unlock()
	if err := db.checkEmpty(ctx); err != nil {
		return err
	}
	store, err := db.cfg.Open(ctx) // sets up the schema both loads use
	if err != nil {
		return err
	}
	defer store.Close()

	logf(cfg, "%d documents: Neo4j: wiping, then cartelgraph's loader", n)
	if err := db.wipe(ctx); err != nil {
		return err
	}
	ld, ids, err := loadStore(ctx, loadNeo4j, store, docs, cfg.LoadBudget)
	if err != nil {
		sc.Loads = append(sc.Loads, ld)
		return err
	}
	var pr *peer
	if cfg.Peer != nil && peerMissing(cfg.Peer) == "" {
		logf(cfg, "%d documents: starting @neo4j/graphql", n)
		pr, err = startPeer(ctx, cfg.Peer, cfg.Neo4j)
		if err == nil {
			defer pr.stop()
			sc.Agree, sc.Compared, err = compare(ctx, store, pr, ids)
		}
		if err != nil {
			// the peer's failure is the peer's: cartelgraph is measured all the same
			sc.Notes = append(sc.Notes, "@neo4j/graphql not measured: "+err.Error())
			logf(cfg, "%d documents: @neo4j/graphql: %v", n, err)
			if pr != nil {
				pr.stop()
			}
			pr = nil
		}
	}
	logf(cfg, "%d documents: GraphQL on Neo4j (%d documents loaded)", n, ld.Documents)
	qs, err := queryStore(ctx, cfg, TargetNeo4j, store, ids, pr)
	sc.Queries = append(sc.Queries, qs...)
	if err != nil {
		sc.Loads = append(sc.Loads, ld)
		return err
	}
	if pr != nil {
		pr.stop()
	}
	logf(cfg, "%d documents: Neo4j: wiping, then the raw baseline (%d documents)", n, ld.Documents)
	if err := db.wipe(ctx); err != nil {
		return err
	}
	loaded, err := docs.first(ld.Documents)
	if err != nil {
		return graph.E(graph.Internal, err)
	}
	raw, err := db.rawLoad(ctx, loaded)
	sc.Loads = append(sc.Loads, raw, ld)
	if err != nil {
		return err
	}
	return db.wipe(ctx)
}

// designated returns the IDs of the groups the extractions say were
// designated, in order of first appearance: what the queries ask about.
func designated(xs []*graph.Extraction) []string {
	seen := map[string]bool{}
	var ids []string
	for _, x := range xs {
		for _, r := range x.Relations {
			if r.Predicate == graph.Designated && !seen[r.Object] {
				seen[r.Object] = true
				ids = append(ids, r.Object)
			}
		}
	}
	return ids
}
