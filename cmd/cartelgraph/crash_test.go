package main

// The reliability tests of docs/RELIABILITY.md run the real command, built
// from this package, against the real stores: the embedded store in a
// temporary data directory and the Neo4j of NEO4J_URI (through neo4jtest's
// lock; they skip without it). This file has their shared helpers and the
// tests of reloading: idempotence, updates and a load killed half-way.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall"
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

// TestMain removes the command built for the tests once they are done.
func TestMain(m *testing.M) {
	code := m.Run()
	os.RemoveAll(testBinDir())
	os.Exit(code)
}

// testBinDir is where the command is built for the tests of this process.
func testBinDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("cartelgraph-test-%d", os.Getpid()))
}

// cartelgraphBuild builds the command, once per test binary.
var cartelgraphBuild = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(testBinDir(), "cartelgraph")
	args := []string{"build", "-o", bin}
	if raceEnabled() {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// buildCartelgraph builds this command (once for all the tests), with the
// race detector when the test binary has it, and returns the program's path.
func buildCartelgraph(t *testing.T) string {
	t.Helper()
	bin, err := cartelgraphBuild()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// writeArticles writes n made-up articles numbered from `from` into dir and
// returns their paths in the order a load reads them. The articles name a
// small world of 12 groups, 10 countries and 16 officials, so that documents
// share entities and facts; their names are consistent, so the graph does not
// depend on the order they are loaded in.
func writeArticles(t *testing.T, dir string, from, n int) []string {
	t.Helper()
	adjectives := []string{"Red", "Blue", "Silver", "Black", "Golden", "Northern", "Iron", "Jade", "Crimson", "White", "Grey", "Copper"}
	animals := []string{"Heron", "Jaguar", "Falcon", "Scorpion", "Viper", "Wolf", "Eagle", "Coyote", "Panther", "Hawk", "Lynx", "Raven"}
	countries := []string{"Mexico", "Colombia", "Guatemala", "Honduras", "Venezuela", "Ecuador", "Peru", "Canada", "Spain", "Brazil"}
	first := []string{"Ana", "Luis", "Marta", "Jorge"}
	last := []string{"Quintero", "Salas", "Ortega", "Navarro"}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := from; i < from+n; i++ {
		g1 := adjectives[i%12] + " " + animals[(i/12)%12] + " Cartel"
		g2 := adjectives[(i+5)%12] + " " + animals[(i/12+7)%12] + " Cartel"
		c1, c2 := countries[i%10], countries[(i*3+1)%10]
		person := first[i%4] + " " + last[(i/4)%4]
		day := i%28 + 1
		text := fmt.Sprintf(`Title: %s acts against the %s
Date: March %d, 2025

%s designated the %s a terrorist organization on March %d, 2025.
The United States sanctioned the %s in February 2025.
"We will not negotiate with the %s," said Interior Minister %s.
The %s operates in %s.
`, c1, g1, day, c1, g1, day, g2, g1, person, g1, c2)
		p := filepath.Join(dir, fmt.Sprintf("art-%05d.txt", i))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// cleanLoad loads paths, in order, into a new embedded store in this process
// and returns its contents: what a store should hold after a load of them.
func cleanLoad(t *testing.T, paths ...string) graphtest.Contents {
	t.Helper()
	ctx := context.Background()
	s, err := embedded.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	l := &loader.Loader{Store: s, Extractor: ex}
	rep, err := l.Load(ctx, paths...)
	if err != nil || rep.Failed > 0 {
		t.Fatalf("clean load: %v %v", err, rep.Errors)
	}
	return graphtest.Snapshot(t, s)
}

// target is a store that the command writes into and the test reads back.
type target struct {
	name string
	// env selects the store for the command.
	env []string
	// neo4j is the configuration of the Neo4j store; nil for the embedded store.
	neo4j *neo4j.Config
	dir   string
}

// forEachStore runs f in a subtest per store: the embedded store in a new
// data directory, and the Neo4j of the environment, emptied and locked for
// the subtest (which skips without Neo4j).
func forEachStore(t *testing.T, f func(t *testing.T, tg target)) {
	t.Run("embedded", func(t *testing.T) {
		f(t, embeddedTarget(t))
	})
	t.Run("neo4j", func(t *testing.T) {
		f(t, neo4jTarget(t))
	})
}

func embeddedTarget(t *testing.T) target {
	dir := filepath.Join(t.TempDir(), "data")
	return target{name: "embedded", dir: dir, env: []string{"CARTELGRAPH_DATA=" + dir}}
}

// neo4jTarget locks the Neo4j test database for t and empties it.
func neo4jTarget(t *testing.T) target {
	t.Helper()
	db := neo4jtest.Lock(t)
	cfg := db.Config()
	if err := neo4jtest.Wipe(context.Background(), cfg); err != nil {
		t.Fatalf("empty the Neo4j test database: %v", err)
	}
	return target{name: "neo4j", neo4j: &cfg, env: neo4jEnv(cfg, cfg.URI)}
}

// neo4jEnv is the environment that points the command at the Neo4j of cfg,
// reached at uri.
func neo4jEnv(cfg neo4j.Config, uri string) []string {
	return []string{"NEO4J_URI=" + uri, "NEO4J_USER=" + cfg.User, "NEO4J_PASSWORD=" + cfg.Password, "NEO4J_DATABASE=" + cfg.Database}
}

// open opens the target's store for the test; the caller closes it.
func (tg target) open(t *testing.T) graph.Store {
	t.Helper()
	ctx := context.Background()
	if tg.neo4j != nil {
		s, err := neo4j.Open(ctx, *tg.neo4j)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s, err := embedded.Open(ctx, tg.dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// snapshot returns what the target's store holds.
func (tg target) snapshot(t *testing.T) graphtest.Contents {
	t.Helper()
	s := tg.open(t)
	defer s.Close()
	return graphtest.Snapshot(t, s)
}

// checkNoDuplicates asks Neo4j itself for nodes or relationships that share
// an ID; the store's reads would hide them.
func (tg target) checkNoDuplicates(t *testing.T) {
	t.Helper()
	if tg.neo4j == nil {
		return // the embedded store keys everything by ID
	}
	for _, q := range []string{
		"MATCH (n) WHERE n.id IS NOT NULL WITH labels(n)[0] AS label, n.id AS id, count(*) AS n WHERE n > 1 RETURN label + ' ' + id AS dup",
		"MATCH ()-[r]->() WHERE r.id IS NOT NULL WITH type(r) AS type, r.id AS id, count(*) AS n WHERE n > 1 RETURN type + ' ' + id AS dup",
		"MATCH (d:Document)-[m:MENTIONS]->(e) WITH d, e, count(m) AS n WHERE n > 1 RETURN d.id + ' ' + e.id AS dup",
	} {
		if dups := cypherStrings(t, *tg.neo4j, q); len(dups) > 0 {
			t.Errorf("duplicates in Neo4j (%s): %v", q, dups)
		}
	}
}

// cypherStrings runs a read query that returns one string column.
func cypherStrings(t *testing.T, cfg neo4j.Config, query string) []string {
	t.Helper()
	ctx := context.Background()
	driver, err := neo4jdrv.NewDriverWithContext(cfg.URI, neo4jdrv.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	res, err := neo4jdrv.ExecuteQuery(ctx, driver, query, nil, neo4jdrv.EagerResultTransformer,
		neo4jdrv.ExecuteQueryWithDatabase(cfg.Database), neo4jdrv.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var out []string
	for _, r := range res.Records {
		s, _ := r.Values[0].(string)
		out = append(out, s)
	}
	return out
}

// process is a running cartelgraph command.
type process struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stdout []string // the lines printed so far
	stderr strings.Builder
	done   chan struct{}
	code   int
}

// startCommand runs the command bin with args in an empty working directory, with
// the environment of the test less every setting of cartelgraph's, plus env.
// The process is killed when the test ends.
func startCommand(t *testing.T, bin string, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.ContainsFunc(settings(), func(s setting) bool { return s.env == name }) && name != "NEO4J_USERNAME" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	cmd.Stderr = &lockedWriter{mu: &p.mu, w: &p.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		lines := bufio.NewScanner(out)
		lines.Buffer(nil, 1<<20)
		for lines.Scan() {
			p.mu.Lock()
			p.stdout = append(p.stdout, lines.Text())
			p.mu.Unlock()
		}
		io.Copy(io.Discard, out)
		err := cmd.Wait()
		p.code = cmd.ProcessState.ExitCode()
		if err != nil && p.code == 0 {
			p.code = -1
		}
		close(p.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	return p
}

// lockedWriter writes to w under mu.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// output returns what the process printed so far.
func (p *process) output() (stdout, stderr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.stdout, "\n"), p.stderr.String()
}

// waitFor waits until the process has printed what ok looks for, and fails
// the test when it exits first or after timeout.
func (p *process) waitFor(t *testing.T, what string, timeout time.Duration, ok func(stdout, stderr string) bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		stdout, stderr := p.output()
		if ok(stdout, stderr) {
			return
		}
		select {
		case <-p.done:
			stdout, stderr = p.output()
			if ok(stdout, stderr) {
				return
			}
			t.Fatalf("the process exited (%d) before %s:\nstdout:\n%s\nstderr:\n%s", p.code, what, stdout, stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %v:\nstdout:\n%s\nstderr:\n%s", what, timeout, stdout, stderr)
		}
	}
}

// wait waits for the process to exit and returns its exit code and output.
func (p *process) wait(t *testing.T, timeout time.Duration) (code int, stdout, stderr string) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		p.cmd.Process.Kill()
		<-p.done
		stdout, stderr = p.output()
		t.Fatalf("the process did not exit within %v:\nstdout:\n%s\nstderr:\n%s", timeout, stdout, stderr)
	}
	stdout, stderr = p.output()
	return p.code, stdout, stderr
}

// runCommand runs the command to its end.
func runCommand(t *testing.T, bin string, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return startCommand(t, bin, env, args...).wait(t, 5*time.Minute)
}

// countLines counts the lines that start with prefix.
func countLines(s, prefix string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

// TestReloadIdempotentAndUpdates loads a folder twice, then a changed
// version of one document, through the command, and checks the store's
// whole contents each time against a clean load.
func TestReloadIdempotentAndUpdates(t *testing.T) {
	bin := buildCartelgraph(t)
	forEachStore(t, func(t *testing.T, tg target) {
		dir := filepath.Join(t.TempDir(), "articles")
		paths := writeArticles(t, dir, 0, 20)
		a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
		for name, text := range map[string]string{
			a: "Colombia designated the Jade Lynx Cartel a terrorist organization on March 3, 2025.\n" +
				"The United States sanctioned the Copper Viper Cartel in February 2025.\n" +
				"The Jade Lynx Cartel operates in Peru.\n",
			b: "The United States sanctioned the Copper Viper Cartel in February 2025.\n",
		} {
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		all := append([]string{a, b}, paths...) // the order of the folder: a.txt, art-*, b.txt
		slices.Sort(all)
		n := len(all)

		// Twice the same input: the same graph, every document unchanged.
		want := cleanLoad(t, all...)
		var stats []string
		for i, summary := range []string{
			fmt.Sprintf("documents: %d created, 0 unchanged, 0 replaced, 0 failed", n),
			fmt.Sprintf("documents: 0 created, %d unchanged, 0 replaced, 0 failed", n),
		} {
			code, stdout, stderr := runCommand(t, bin, tg.env, "load", dir)
			if code != exitOK || !strings.Contains(stdout, summary) {
				t.Fatalf("load %d: exit %d, want 0 and %q:\n%s\n%s", i+1, code, summary, stdout, stderr)
			}
			stats = append(stats, lineWith(stdout, "the store:"))
			if d := want.Diff(tg.snapshot(t)); d != "" {
				t.Errorf("after load %d, the store differs from a clean load: %s", i+1, d)
			}
		}
		if stats[0] != stats[1] {
			t.Errorf("the store after each load: %q", stats)
		}

		// A new version of a.txt: its facts are replaced; the one b.txt also
		// states stays, with b.txt's evidence only.
		s := tg.open(t)
		old, err := s.Documents(context.Background(), graph.DocumentQuery{Sources: []string{a}})
		s.Close()
		if err != nil || len(old) != 1 {
			t.Fatalf("the document of %s: %v %v", a, old, err)
		}
		if err := os.WriteFile(a, []byte("Colombia designated the Jade Lynx Cartel a terrorist organization on March 3, 2025.\n"+
			"Canada sanctioned the Iron Wolf Cartel in May 2025.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCommand(t, bin, tg.env, "load", dir)
		wantLine := fmt.Sprintf("replaced  %s (replaces %s): facts: 1 added, 1 unchanged, 2 no longer stated (1 deleted, 1 still stated by other documents)", a, old[0].ID)
		if code != exitOK || !strings.Contains(stdout, wantLine+"\n") ||
			!strings.Contains(stdout, fmt.Sprintf("documents: 0 created, %d unchanged, 1 replaced, 0 failed", n-1)) {
			t.Errorf("load of the new version: exit %d, want 0 and\n%s\ngot:\n%s\n%s", code, wantLine, stdout, stderr)
		}
		if d := cleanLoad(t, all...).Diff(tg.snapshot(t)); d != "" {
			t.Errorf("after the new version, the store differs from a clean load: %s", d)
		}
		s = tg.open(t)
		defer s.Close()
		ctx := context.Background()
		docB, err := s.Documents(ctx, graph.DocumentQuery{Sources: []string{b}})
		if err != nil || len(docB) != 1 {
			t.Fatalf("the document of %s: %v %v", b, docB, err)
		}
		for _, tt := range []struct {
			subject, object string
			predicate       graph.Predicate
			sources         []string // the documents of its evidence; none: deleted
		}{
			{"united-states", "copper-viper-cartel", graph.Sanctioned, []string{docB[0].ID}},
			{"jade-lynx-cartel", "peru", graph.OperatesIn, nil},
		} {
			rs, err := s.Relations(ctx, graph.RelationQuery{IDs: []string{graph.RelationID(tt.subject, tt.predicate, tt.object)}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				for _, e := range r.Evidence {
					got = append(got, e.Document)
				}
			}
			if !slices.Equal(got, tt.sources) {
				t.Errorf("%s %s %s: evidence from %v, want %v", tt.subject, tt.predicate, tt.object, got, tt.sources)
			}
		}
		tg.checkNoDuplicates(t)
	})
}

// TestLoadKilled kills `cartelgraph load` (SIGKILL) once it has committed
// its first documents, and checks that each document is in the store whole
// or not at all: the store holds exactly what a clean load of the documents
// it has gives. Loading again completes it, with no duplicates.
func TestLoadKilled(t *testing.T) {
	bin := buildCartelgraph(t)
	forEachStore(t, func(t *testing.T, tg target) {
		n, committed := 400, 20
		if tg.neo4j != nil {
			n = 150
		}
		if testing.Short() {
			n /= 2
		}
		dir := filepath.Join(t.TempDir(), "articles")
		paths := writeArticles(t, dir, 0, n)
		load := startCommand(t, bin, tg.env, "load", "-v", "--workers", "2", dir)
		load.waitFor(t, fmt.Sprintf("%d documents written", committed), time.Minute, func(stdout, _ string) bool {
			return countLines(stdout, "created ") >= committed
		})
		if err := load.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := load.wait(t, time.Minute)
		if code != -1 {
			t.Fatalf("the load was not killed (exit %d): it finished before; give it more articles\n%s\n%s", code, stdout, stderr)
		}

		// Whole documents or nothing: the documents in the store are the
		// first m of the input, and the store holds what a clean load of
		// those m gives.
		s := tg.open(t)
		docs, err := s.Documents(context.Background(), graph.DocumentQuery{})
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		m := len(docs)
		var sources []string
		for _, d := range docs {
			sources = append(sources, d.Source)
		}
		slices.Sort(sources)
		if m < countLines(stdout, "created ") || m >= n || !slices.Equal(sources, paths[:m]) {
			t.Fatalf("after the kill the store has %d documents, want the first %d or more of %d in input order: %v",
				m, countLines(stdout, "created "), n, sources)
		}
		t.Logf("killed after %d of %d documents were committed", m, n)
		if d := cleanLoad(t, paths[:m]...).Diff(tg.snapshot(t)); d != "" {
			t.Errorf("after the kill, the store differs from a clean load of its %d documents: %s", m, d)
		}

		// The same command again finishes the load.
		code, stdout, stderr = runCommand(t, bin, tg.env, "load", dir)
		want := fmt.Sprintf("documents: %d created, %d unchanged, 0 replaced, 0 failed", n-m, m)
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Fatalf("the second load: exit %d, want 0 and %q:\n%s\n%s", code, want, stdout, stderr)
		}
		if d := cleanLoad(t, paths...).Diff(tg.snapshot(t)); d != "" {
			t.Errorf("after the second load, the store differs from a clean load: %s", d)
		}
		tg.checkNoDuplicates(t)
	})
}
