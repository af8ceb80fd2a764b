package main

// Concurrency: two `cartelgraph load` processes into one store, many
// GraphQL queries at once (run with -race), and a real SIGTERM to
// `cartelgraph serve` with a request in flight.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/graph/embedded"
)

// TestConcurrentLoads runs two loads of overlapping folders at once into
// one store. The embedded store's second process waits for the first (it
// says so); Neo4j's run together, their MERGEs kept apart by its
// constraints and locks. Either way the store holds what one clean load of
// both folders gives, with no duplicates.
func TestConcurrentLoads(t *testing.T) {
	bin := buildCartelgraph(t)
	forEachStore(t, func(t *testing.T, tg target) {
		root := t.TempDir()
		n := 60
		if tg.neo4j != nil {
			n = 30
		}
		if testing.Short() {
			n = 15
		}
		// Three folders of different articles about one small world: they
		// share entities and facts. Both loads start with b.
		a := writeArticles(t, filepath.Join(root, "a"), 0, n)
		b := writeArticles(t, filepath.Join(root, "b"), n, n)
		c := writeArticles(t, filepath.Join(root, "c"), 2*n, n)
		var held *embedded.Store
		if tg.neo4j == nil {
			// The test holds the data directory, so both loads must wait for it.
			var err error
			if held, err = embedded.Open(context.Background(), tg.dir); err != nil {
				t.Fatal(err)
			}
		}
		p1 := startCommand(t, bin, tg.env, "load", filepath.Join(root, "b"), filepath.Join(root, "a"))
		p2 := startCommand(t, bin, tg.env, "load", filepath.Join(root, "b"), filepath.Join(root, "c"))
		if held != nil {
			for _, p := range []*process{p1, p2} {
				p.waitFor(t, "the message that it waits", time.Minute, func(_, stderr string) bool {
					return strings.Contains(stderr, "waiting for another cartelgraph process to release the data directory "+tg.dir)
				})
			}
			held.Close()
		}
		total := 0
		for i, p := range []*process{p1, p2} {
			code, stdout, stderr := p.wait(t, 5*time.Minute)
			if code != exitOK {
				t.Fatalf("load %d: exit %d:\n%s\n%s", i+1, code, stdout, stderr)
			}
			created, unchanged, _, _ := summary(t, stdout)
			t.Logf("load %d: %d created, %d unchanged", i+1, created, unchanged)
			total += created
		}
		all := slices.Concat(a, b, c)
		want := cleanLoad(t, all...)
		if total != want.Stats.Documents {
			t.Errorf("the loads created %d documents between them, want %d: a document was written twice or lost", total, want.Stats.Documents)
		}
		if d := want.Diff(tg.snapshot(t)); d != "" {
			t.Errorf("after two loads at once, the store differs from a clean load: %s", d)
		}
		tg.checkNoDuplicates(t)
	})
}

// TestServeConcurrentQueries sends many queries at once to `cartelgraph
// serve` (in this process, so that -race watches the server, the schema and
// the store) and checks every answer against the one the same query gets
// alone.
func TestServeConcurrentQueries(t *testing.T) {
	hermetic(t)
	writeArticles(t, "articles", 0, 40)
	base, stop := startServe(t, "--load", "articles")
	queries := []string{
		`{ stats { documents entities relations statements evidence mentions } }`,
		`{ entities(first: 20, sort: MENTIONS) { totalCount edges { node { id name mentions } } } }`,
		`{ search(query: "cartel", first: 10) { score entity { id name } } }`,
		`{ designations(by: "Mexico") { group { name } designatedBy { name } date designation sources { sentence title } } }`,
		`{ entity(name: "United States") { id relations(direction: OUT) { predicate object { name } } } }`,
		`{ neighborhood(id: "mexico", depth: 2) { nodes { id } edges { id predicate } } }`,
		`{ statements(contains: "negotiate", first: 20) { text speaker { name } about { id } } }`,
		`{ documents(first: 5) { title published relations { id } } conflicts { attribute values { value } } }`,
	}
	post := func(q string) (string, error) {
		body, _ := json.Marshal(map[string]string{"query": q})
		res, err := http.Post(base+"/graphql", "application/json", strings.NewReader(string(body)))
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			return "", fmt.Errorf("status %d: %s", res.StatusCode, data)
		}
		return string(data), err
	}
	want := map[string]string{}
	for _, q := range queries {
		a, err := post(q)
		if err != nil || strings.Contains(a, `"errors"`) {
			t.Fatalf("%s: %v %s", q, err, a)
		}
		want[q] = a
	}
	const clients, rounds = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, clients*rounds*len(queries))
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				q := queries[(c+r)%len(queries)]
				got, err := post(q)
				if err != nil {
					errs <- err
				} else if got != want[q] {
					errs <- fmt.Errorf("%s: answered\n%s\nalone it answered\n%s", q, got, want[q])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if code, out := stop(); code != exitOK {
		t.Errorf("serve: exit %d:\n%s", code, out)
	}
}

// TestServeSIGTERM sends SIGTERM to a real `cartelgraph serve` process while
// a request is in flight: the request is answered, then the server stops and
// exits 0, and the data directory is free again.
func TestServeSIGTERM(t *testing.T) {
	bin := buildCartelgraph(t)
	tg := embeddedTarget(t)
	dir := filepath.Join(t.TempDir(), "articles")
	writeArticles(t, dir, 0, 5)
	serve, base := startServeCommand(t, bin, tg.env, "--load", dir)

	// A request whose body arrives slowly is in flight when the signal comes.
	pr, pw := io.Pipe()
	answered := make(chan string, 1)
	go func() {
		res, err := http.Post(base+"/graphql", "application/json", pr)
		if err != nil {
			answered <- err.Error()
			return
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		answered <- fmt.Sprintf("%d %s", res.StatusCode, strings.TrimSpace(string(data)))
	}()
	io.WriteString(pw, `{"query": `)
	// The request has reached the handler once the server counts it as
	// active; there is no way to see that from outside, so give it a moment
	// (this orders two events; it asserts nothing about time).
	time.Sleep(200 * time.Millisecond)
	if err := serve.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	serve.waitFor(t, "the message that it stops", time.Minute, func(stdout, _ string) bool {
		return strings.Contains(stdout, "stopping: finishing the requests in flight")
	})
	io.WriteString(pw, `"{ stats { documents } }"}`)
	pw.Close()
	if got, want := <-answered, `200 {"data":{"stats":{"documents":5}}}`; got != want {
		t.Errorf("the request in flight got %q, want %q", got, want)
	}
	code, stdout, stderr := serve.wait(t, time.Minute)
	if code != exitOK || !strings.HasSuffix(strings.TrimSpace(stdout), "stopped") {
		t.Errorf("serve after SIGTERM: exit %d, want 0 and \"stopped\":\n%s\n%s", code, stdout, stderr)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Errorf("the server still answers after it stopped")
	}
	// The store was closed: another process may open it at once.
	s, err := embedded.Open(context.Background(), tg.dir)
	if err != nil {
		t.Fatalf("the data directory is still held: %v", err)
	}
	s.Close()
}
