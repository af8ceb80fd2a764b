package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/bench"
	"github.com/cartelgraph/cartelgraph/bench/corpus"
	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/neo4j"
)

const benchAbout = `
Measure cartelgraph on a synthetic corpus of news-like articles (fictional
cartels and officials of real countries, generated from --seed), at each
corpus size of --scales, in one run:

  - extraction: documents/s and MB/s, in all and per core, and the
    extractor's precision and recall against what the articles state;
  - load: the loader's documents/s and rows/s into the embedded store and
    into Neo4j, and a raw baseline that writes the same rows into the same
    Neo4j with batched UNWIND ... MERGE (load_vs_raw is the ratio);
  - GraphQL: requests/s and p50/p99 latency of a designations query and a
    neighbourhood query at each --concurrency, on both stores, and of the
    designations query through @neo4j/graphql on the same Neo4j
    (bench/neo4jgraphql; install it with npm ci --prefix bench/neo4jgraphql);
  - scaling: how load and query times grow from the smallest scale to the
    largest, and the peak memory of each load.

It prints a table and, last, the line
  bench: load_vs_raw=X graphql_vs_neo4j_graphql=Y extract_mb_s=Z

The Neo4j measurements run when NEO4J_URI is set (unless --no-neo4j). They
DELETE EVERYTHING in the configured database, several times: the run refuses
a database that is not empty unless --yes-wipe is given. While it uses the
database it holds the lock that cartelgraph's Neo4j tests take
($TMPDIR/cartelgraph-neo4j-test.lock), so it waits for them and they for it.
Every request goes to 127.0.0.1; each GraphQL measurement stops after
--requests requests or --duration, whichever comes first, and each load
after --load-budget (the raw baseline then writes the same documents as the
loader did). The default run (1,000 and 10,000 documents) takes under three
minutes on two cores; the full one is
  cartelgraph bench --scales 1000,10000,100000 --load-budget 0 --yes-wipe
See docs/PERFORMANCE.md.`

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("bench", "bench [--scales N,N...] [--yes-wipe] [flags]", benchAbout)
	scales := fs.String("scales", "1000,10000", "corpus `sizes`, in documents, comma-separated")
	seed := fs.Uint64("seed", bench.DefaultSeed, "the corpus's `seed`")
	conc := fs.String("concurrency", "1,10,50", "numbers of concurrent GraphQL `clients`, comma-separated")
	duration := fs.Duration("duration", bench.DefaultDuration, "the longest each GraphQL measurement runs")
	requests := fs.Int("requests", bench.DefaultRequests, "the most `requests` each GraphQL measurement sends")
	budget := fs.Duration("load-budget", bench.DefaultLoadBudget, "the longest each load runs; 0: no limit (a load cut short measures the documents it wrote)")
	yesWipe := fs.Bool("yes-wipe", false, "allow deleting what the Neo4j database holds")
	noNeo4j := fs.Bool("no-neo4j", false, "measure the embedded store only, even when NEO4J_URI is set")
	peerDir := fs.String("peer", "bench/neo4jgraphql", "the `directory` of the @neo4j/graphql peer")
	writeCorpus := fs.String("write-corpus", "", "write the articles of the first scale and their expected extractions (gold/) into `DIR`, and stop")
	quiet := fs.Bool("q", false, "do not print progress on standard error")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `FILE` (go tool pprof FILE)")
	addConfigFlags(fs, "neo4j-uri", "neo4j-user", "neo4j-database", "workers")
	rest, code, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, stderr, "bench takes no arguments, only flags")
	}
	sizes, err := positiveInts(*scales)
	if err != nil {
		return usageError(fs, stderr, "--scales: "+err.Error())
	}
	concs, err := positiveInts(*conc)
	if err != nil {
		return usageError(fs, stderr, "--concurrency: "+err.Error())
	}
	cfg, err := loadConfig(fs, processEnv())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	if *writeCorpus != "" {
		gen, err := corpus.New(*seed, sizes[0])
		if err != nil {
			return fail(err)
		}
		if err := gen.WriteDir(*writeCorpus, sizes[0]); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "wrote %d articles into %s and their expected extractions into %s/gold\n", sizes[0], *writeCorpus, *writeCorpus)
		return exitOK
	}

	bc := bench.Config{Seed: *seed, Scales: sizes, Workers: cfg.Workers, Concurrency: concs,
		Duration: *duration, Requests: *requests, LoadBudget: *budget, Log: stderr}
	if *budget == 0 {
		bc.LoadBudget = -1
	}
	if *quiet {
		bc.Log = io.Discard
	}
	if cfg.Neo4jURI != "" && !*noNeo4j {
		fmt.Fprintf(stderr, "%s: the Neo4j measurements delete everything in database %q at %s\n", fs.Name(), cfg.Neo4jDatabase, cfg.Neo4jURI)
		bc.Neo4j = &bench.Neo4j{URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword,
			Database: cfg.Neo4jDatabase, Wipe: *yesWipe,
			Open: func(ctx context.Context) (graph.Store, error) {
				return neo4j.Open(ctx, neo4j.Config{URI: cfg.Neo4jURI, User: cfg.Neo4jUser,
					Password: cfg.Neo4jPassword, Database: cfg.Neo4jDatabase})
			}}
		bc.Peer = &bench.Peer{Dir: *peerDir}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := bench.Run(ctx, bc)
	if rep != nil {
		rep.WriteTable(stdout)
	}
	if err != nil {
		return fail(err)
	}
	return exitOK
}

// positiveInts parses "1000,10000" into positive numbers.
func positiveInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("want positive numbers separated by commas, got %q", s)
		}
		out = append(out, n)
	}
	return out, nil
}
