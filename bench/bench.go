// Package bench is cartelgraph's benchmark runner: in one run, on a
// synthetic corpus (package bench/corpus) of each of the given sizes, it
// measures the extractor's throughput and its recall and precision against
// the corpus's expected extraction; the loader's write path into the
// embedded store and into Neo4j, against a raw baseline that writes the same
// rows into the same Neo4j with the simplest batched UNWIND … MERGE; and the
// GraphQL API's throughput and latency percentiles on both stores, next to
// @neo4j/graphql serving the same query on the same data (bench/neo4jgraphql).
//
// Run returns a Report; WriteTable prints it, and Summary gives its last
// line. The Neo4j parts wipe the database they are given: Run does so only
// when it holds the lock file the tests of graph/neo4j take, and only when
// the database is empty or Neo4j.Wipe says it may.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/cartelgraph/cartelgraph/bench/corpus"
	"github.com/cartelgraph/cartelgraph/graph"
)

// Config says what Run measures. Zero fields take the defaults.
type Config struct {
	// Seed makes the corpus (default 1).
	Seed uint64
	// Scales are the corpus sizes, in documents (default 1000 and 10000).
	Scales []int
	// Workers is how many documents are extracted at once (default GOMAXPROCS).
	Workers int
	// Concurrency lists the numbers of concurrent GraphQL clients (default 1, 10, 50).
	Concurrency []int
	// Duration bounds each GraphQL measurement (default 2s), Requests its
	// number of requests (default 4000); the first bound reached ends it.
	Duration time.Duration
	Requests int
	// LoadBudget bounds each load (default 20s; negative: no bound): a load
	// still running then stops after the document it is writing, and its
	// figures are those of the documents written. The raw baseline writes
	// the rows of the documents cartelgraph's loader wrote.
	LoadBudget time.Duration
	// TempDir is where the embedded store's data directory is made (default os.TempDir()).
	TempDir string
	// Neo4j, when set, adds the Neo4j measurements.
	Neo4j *Neo4j
	// Peer, when set with Neo4j, adds @neo4j/graphql's.
	Peer *Peer
	// Log receives a line per step, for people waiting (default: nowhere).
	Log io.Writer
}

// Neo4j is the Neo4j the benchmark uses, and wipes.
type Neo4j struct {
	URI, User, Password, Database string
	// Open opens cartelgraph's graph.Store on this database (neo4j.Open).
	Open func(ctx context.Context) (graph.Store, error)
	// Wipe allows Run to delete what the database holds when it is not empty
	// at the start. Run always wipes what it wrote itself between its steps.
	Wipe bool
	// LockFile is the file whose exclusive flock Run holds while it uses the
	// database (default $TMPDIR/cartelgraph-neo4j-test.lock, the tests' lock).
	LockFile string
}

// Peer is where @neo4j/graphql's server is.
type Peer struct {
	// Dir holds package.json, server.mjs, typeDefs.graphql and node_modules
	// (npm ci --prefix DIR).
	Dir string
	// Node is the node binary (default "node" on PATH).
	Node string
}

// The defaults of Config.
const (
	DefaultSeed       = 1
	DefaultDuration   = time.Second
	DefaultRequests   = 2000
	DefaultLoadBudget = 20 * time.Second
)

// DefaultScales returns the corpus sizes of a quick run.
func DefaultScales() []int { return []int{1000, 10000} }

// DefaultConcurrency returns the numbers of concurrent clients measured.
func DefaultConcurrency() []int { return []int{1, 10, 50} }

func (c Config) withDefaults() Config {
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if len(c.Scales) == 0 {
		c.Scales = DefaultScales()
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if len(c.Concurrency) == 0 {
		c.Concurrency = DefaultConcurrency()
	}
	if c.Duration <= 0 {
		c.Duration = DefaultDuration
	}
	if c.Requests <= 0 {
		c.Requests = DefaultRequests
	}
	switch {
	case c.LoadBudget == 0:
		c.LoadBudget = DefaultLoadBudget
	case c.LoadBudget < 0:
		c.LoadBudget = 0
	}
	if c.TempDir == "" {
		c.TempDir = os.TempDir()
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c
}

// Report is what a run measured.
type Report struct {
	Start time.Time
	// Machine describes where it ran: OS/arch, cores, memory, Go version.
	Machine string
	Seed    uint64
	Scales  []*Scale
	// Notes say what was left out and why.
	Notes []string
	// LoadAverage is /proc/loadavg at the start and at the end: other work
	// on the machine makes the figures worse.
	LoadAverage [2]string
}

// Scale is what was measured at one corpus size.
type Scale struct {
	Documents int
	Bytes     int64
	Groups    int
	Extract   Extraction
	Loads     []Load
	Queries   []Query
	// Agreement counts the groups on which cartelgraph and @neo4j/graphql
	// gave the same designations, of those compared.
	Agree, Compared int
	// Notes say what was left out at this scale and why.
	Notes []string
}

// Extraction is the extractor's throughput and quality on a corpus.
type Extraction struct {
	Documents int
	Bytes     int64
	Workers   int
	Wall, CPU time.Duration
	Score     corpus.Score
	Failed    int
}

// Load is one load of a corpus's extractions into a store.
type Load struct {
	// Name says into what and how: "embedded loader", "neo4j raw UNWIND MERGE", "neo4j loader".
	Name string
	// Documents counts the documents written, of Of.
	Documents, Of int
	// Rows counts the rows written: documents, entities, mentions, relations,
	// statements, their ABOUT links and every piece of evidence.
	Rows int
	Wall time.Duration
	// Resolve is the part of Wall spent resolving entities against the
	// store (loader.Resolve); the rest is Store.Write.
	Resolve  time.Duration
	StartRSS int64
	PeakRSS  int64
	Stats    graph.Stats
	Failed   int
}

// Query is one GraphQL measurement: one query against one server at one concurrency.
type Query struct {
	// Target is "embedded", "neo4j" or "@neo4j/graphql".
	Target string
	// Name is "designations" or "neighborhood".
	Name        string
	Concurrency int
	Requests    int
	Errors      int
	Wall        time.Duration
	P50, P99    time.Duration
}

// PerSecond is the throughput in requests per second.
func (q Query) PerSecond() float64 {
	if q.Wall <= 0 {
		return 0
	}
	return float64(q.Requests) / q.Wall.Seconds()
}

// Target names of Query.
const (
	TargetEmbedded = "embedded"
	TargetNeo4j    = "neo4j"
	TargetPeer     = "@neo4j/graphql"
)

// Run measures every scale of cfg in turn. An error ends the run: the
// Report says what was measured until then.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg = cfg.withDefaults()
	rep := &Report{Start: time.Now().UTC(), Machine: machine(), Seed: cfg.Seed}
	rep.LoadAverage[0] = loadAverage()
	defer func() { rep.LoadAverage[1] = loadAverage() }()
	var db *neo4jDB
	if cfg.Neo4j != nil {
		var err error
		db, err = openNeo4j(ctx, cfg.Neo4j, cfg.Log)
		if err != nil {
			return rep, err
		}
		defer db.close()
		// refuse at once a database that must not be wiped; runNeo4j checks again under the lock
		if err := db.checkEmpty(ctx); err != nil {
			return rep, err
		}
	} else {
		rep.Notes = append(rep.Notes, "Neo4j and @neo4j/graphql not measured: no Neo4j configured (set NEO4J_URI)")
	}
	if db != nil {
		switch {
		case cfg.Peer == nil:
			rep.Notes = append(rep.Notes, "@neo4j/graphql not measured: no peer directory configured")
		case peerMissing(cfg.Peer) != "":
			rep.Notes = append(rep.Notes, "@neo4j/graphql not measured: "+peerMissing(cfg.Peer))
		}
	}
	for _, n := range cfg.Scales {
		sc, err := runScale(ctx, cfg, db, n)
		if sc != nil {
			rep.Scales = append(rep.Scales, sc)
		}
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func logf(cfg Config, format string, args ...any) {
	fmt.Fprintf(cfg.Log, "bench: "+format+"\n", args...)
}

// loadAverage returns the load averages of /proc/loadavg ("0.52 0.60 0.71").
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "n/a"
	}
	return strings.Join(f[:3], " ")
}

// machine describes the machine: OS/arch, cores, memory, Go version.
func machine() string {
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
		}
	}
	return fmt.Sprintf("%s/%s, %d cores%s, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), mem, runtime.Version())
}
