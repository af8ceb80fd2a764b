package server_test

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/server"
)

// chromium is Debian's Chromium, which CI installs (apt-get install chromium).
const chromium = "/usr/bin/chromium"

// browserQuery is what the browser test asks the playground to run. The
// answer names the designated group, which the query itself does not.
const browserQuery = `{
  designations(by: "United States") {
    group { name }
    designation
    sources { title date }
  }
}`

// TestBrowser opens the playground in headless Chromium with a URL that makes
// it run a query on load (?query=...&run=1), checks that the answer shows in
// the page, and saves a screenshot to $ARTIFACTS (default tmp/artifacts).
func TestBrowser(t *testing.T) {
	requireChromium(t)
	ts := start(t, openFixtures(t), server.Options{})
	page := ts.URL + "/?" + url.Values{"query": {browserQuery}, "run": {"1"}}.Encode()

	dom := runChromium(t, "--dump-dom", page)
	for _, want := range []string{"graphiql-container", "Cártel del Golfo Norte", "Foreign Terrorist Organization", `href="graph"`} {
		if !bytes.Contains(dom, []byte(want)) {
			t.Errorf("the page lacks %q after running the query", want)
		}
	}
	if t.Failed() {
		t.Logf("DOM:\n%.4000s", dom)
	}

	shot := filepath.Join(artifactsDir(t), "playground.png")
	os.Remove(shot)
	runChromium(t, "--screenshot="+shot, "--window-size=1400,900", page)
	png, err := os.ReadFile(shot)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 20000 {
		t.Errorf("screenshot %s: %d bytes, %v", shot, len(png), err)
	} else {
		t.Logf("screenshot: %s", shot)
	}
}

// requireChromium skips the test when Chromium is missing or -short is
// given, and fails it instead when CARTELGRAPH_REQUIRE_BROWSER=true (CI).
func requireChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CARTELGRAPH_REQUIRE_BROWSER") == "true" {
			t.Fatalf("browser test: %s is required (CARTELGRAPH_REQUIRE_BROWSER=true) but missing: apt-get install chromium", chromium)
		}
		t.Skipf("browser test: skipped, %s is not installed (apt-get install chromium to run it)", chromium)
	}
}

// artifactsDir returns the absolute path of the directory screenshots go
// to: $ARTIFACTS, else tmp/artifacts at the root of the repository (which
// git ignores).
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "tmp", "artifacts")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// chromiumFlags are the flags every run of Chromium gets: headless, a fresh
// profile, and no traffic of its own.
func chromiumFlags(t *testing.T) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
		"--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
	}
}

// runChromium runs headless Chromium on a page, letting the page's scripts
// and requests run for up to 20 s of virtual time, and returns what it prints.
func runChromium(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	flags := append(chromiumFlags(t), "--virtual-time-budget=20000")
	cmd := exec.CommandContext(ctx, chromium, append(flags, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}
