package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/graph/embedded"
)

// serveArticle is a made-up article for serve --load.
const serveArticle = `Valdorian Ministry lists the Red Heron Cartel

The government of Valdoria designated the Red Heron Cartel a terrorist organization on March 3, 2025.
`

// startServe runs `cartelgraph serve` with args until the test ends and
// returns the URL it prints and a function that stops it (as SIGTERM would)
// and returns its exit code and output.
func startServe(t *testing.T, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr strings.Builder
	exited := make(chan int, 1)
	go func() {
		code := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), pw, &stderr)
		pw.Close()
		exited <- code
	}()
	lines := bufio.NewScanner(pr)
	var out strings.Builder
	for lines.Scan() {
		line := lines.Text()
		out.WriteString(line + "\n")
		if url, ok := strings.CutPrefix(strings.TrimSpace(line), "GraphQL"); ok {
			base = strings.TrimSuffix(strings.TrimSpace(url), "/graphql")
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve printed no URL:\n%s\nstderr:\n%s", out.String(), stderr.String())
	}
	rest := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(pr)
		rest <- string(b)
	}()
	var once bool
	stop = func() (int, string) {
		if once {
			return 0, ""
		}
		once = true
		cancel()
		select {
		case code := <-exited:
			return code, out.String() + <-rest + stderr.String()
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
			return 0, ""
		}
	}
	t.Cleanup(func() { stop() })
	return base, stop
}

func TestServe(t *testing.T) {
	hermetic(t)
	if err := os.WriteFile("red-heron.txt", []byte(serveArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CARTELGRAPH_API_KEY", "k3y")
	base, stop := startServe(t, "--load", "red-heron.txt")

	query := func(key string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query": "{ stats { documents } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body map[string]any
		json.NewDecoder(res.Body).Decode(&body)
		return res.StatusCode, body
	}
	if code, _ := query(""); code != http.StatusUnauthorized {
		t.Errorf("without the API key: %d, want 401", code)
	}
	code, body := query("k3y")
	if data, _ := body["data"].(map[string]any); code != http.StatusOK || data["stats"].(map[string]any)["documents"] != float64(1) {
		t.Errorf("with the key: %d %v, want 1 document loaded by --load", code, body)
	}
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %v %v", res, err)
	}
	res.Body.Close()

	exit, out := stop()
	if exit != exitOK || !strings.Contains(out, "stopped") {
		t.Errorf("exit %d, want 0 after the signal:\n%s", exit, out)
	}
	// The store was closed: the data directory can be opened again at once.
	s, err := embedded.Open(context.Background(), filepath.Join(".", "data"))
	if err != nil {
		t.Fatalf("the store was not closed: %v", err)
	}
	s.Close()
}

// TestServeInFlight checks that stopping the server lets a request in flight finish.
func TestServeInFlight(t *testing.T) {
	hermetic(t)
	base, stop := startServe(t)
	// A request whose body arrives slowly is in flight when the signal comes.
	pr, pw := io.Pipe()
	answered := make(chan int, 1)
	go func() {
		res, err := http.Post(base+"/graphql", "application/json", pr)
		if err != nil {
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	io.WriteString(pw, `{"query": `)
	time.Sleep(100 * time.Millisecond) // let the request reach the handler (not a timing assertion)
	stopped := make(chan int, 1)
	go func() { code, _ := stop(); stopped <- code }()
	time.Sleep(100 * time.Millisecond)
	io.WriteString(pw, `"{ stats { documents } }"}`)
	pw.Close()
	if code := <-answered; code != http.StatusOK {
		t.Errorf("the request in flight got %d, want 200", code)
	}
	if code := <-stopped; code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
}

func TestServeUsage(t *testing.T) {
	hermetic(t)
	code, _, stderr := runCLI(t, "serve", "somewhere")
	if code != exitUsage || !strings.Contains(stderr, "use --load PATH") {
		t.Errorf("serve somewhere: %d %s", code, stderr)
	}
	code, stdout, _ := runCLI(t, "serve", "--help")
	if code != exitOK || !strings.Contains(stdout, "--addr") || !strings.Contains(stdout, "--load") {
		t.Errorf("serve --help: %d %s", code, stdout)
	}
}
