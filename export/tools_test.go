package export_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The tests that run a real consumer of an export (NetworkX, the cytoscape
// npm package, neo4j-admin) skip when it is missing, unless the environment
// requires it:
//
//	CARTELGRAPH_REQUIRE_TOOLS=true   NetworkX (python3), cytoscape (node, npm)
//	CARTELGRAPH_REQUIRE_NEO4J=true   neo4j-admin
const (
	requireTools = "CARTELGRAPH_REQUIRE_TOOLS"
	requireNeo4j = "CARTELGRAPH_REQUIRE_NEO4J"
)

// missing skips the test because a tool is missing, or fails it when the
// environment variable env is "true".
func missing(t *testing.T, env, format string, args ...any) {
	t.Helper()
	if os.Getenv(env) == "true" {
		t.Fatalf(format+" ("+env+"=true)", args...)
	}
	t.Skipf(format, args...)
}

// run runs a command with a time limit and returns its standard output; it
// fails the test with the command's output when the command fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) []byte {
	t.Helper()
	out, errOut, err := runErr(dir, env, 10*time.Minute, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, tail(out), tail(errOut))
	}
	return out
}

func runErr(dir string, env []string, limit time.Duration, name string, args ...string) (stdout, stderr []byte, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.Bytes(), e.Bytes(), err
}

// tail returns the last lines of a command's output.
func tail(b []byte) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 40 {
		lines = append([]string{"..."}, lines[len(lines)-40:]...)
	}
	return strings.Join(lines, "\n")
}

// networkx returns the path of a python3 that imports networkx, installing
// networkx with pip when it is missing, or skips the test.
func networkx(t *testing.T) string {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		missing(t, requireTools, "python3 is not installed: cannot read the GraphML export with NetworkX")
	}
	if _, _, err := runErr("", nil, time.Minute, python, "-c", "import networkx"); err == nil {
		return python
	}
	t.Logf("networkx is missing: python3 -m pip install networkx")
	_, errOut, err := runErr("", nil, 5*time.Minute, python, "-m", "pip", "install", "--quiet", "networkx")
	if err == nil {
		if _, _, err = runErr("", nil, time.Minute, python, "-c", "import networkx"); err == nil {
			return python
		}
	}
	missing(t, requireTools, "NetworkX is not installed and pip could not install it (%v: %s); run: python3 -m pip install networkx",
		err, tail(errOut))
	return ""
}

// cytoscapeDir returns the directory of the cytoscape check script with its
// node_modules installed (npm ci from the lockfile), or skips the test.
func cytoscapeDir(t *testing.T) (node, dir string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "cytoscape"))
	if err != nil {
		t.Fatal(err)
	}
	node, err = exec.LookPath("node")
	if err != nil {
		missing(t, requireTools, "node is not installed: cannot load the Cytoscape export with the cytoscape package")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "cytoscape", "package.json")); err == nil {
		return node, dir
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		missing(t, requireTools, "npm is not installed: cannot install the cytoscape package (npm ci in %s)", dir)
	}
	t.Logf("installing the cytoscape package: npm ci in %s", dir)
	if _, errOut, err := runErr(dir, nil, 10*time.Minute, npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"); err != nil {
		missing(t, requireTools, "npm ci in %s failed: %v\n%s", dir, err, tail(errOut))
	}
	return node, dir
}

// neo4jAdmin returns NEO4J_HOME of an installed Neo4j, or skips the test:
// $NEO4J_HOME, else the installation scripts/neo4j makes in
// ${CARTELGRAPH_CACHE:-~/.cache/cartelgraph}, else the directory above the
// bin/ of a neo4j-admin on PATH.
func neo4jAdmin(t *testing.T) string {
	t.Helper()
	var homes []string
	if h := os.Getenv("NEO4J_HOME"); h != "" {
		homes = append(homes, h)
	}
	cache := os.Getenv("CARTELGRAPH_CACHE")
	if cache == "" {
		if h, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(h, ".cache", "cartelgraph")
		}
	}
	if cache != "" {
		found, _ := filepath.Glob(filepath.Join(cache, "neo4j-community-*"))
		sort.Sort(sort.Reverse(sort.StringSlice(found)))
		homes = append(homes, found...)
	}
	if p, err := exec.LookPath("neo4j-admin"); err == nil {
		if p, err = filepath.EvalSymlinks(p); err == nil {
			homes = append(homes, filepath.Dir(filepath.Dir(p)))
		}
	}
	for _, h := range homes {
		if fi, err := os.Stat(filepath.Join(h, "bin", "neo4j-admin")); err == nil && !fi.IsDir() {
			return h
		}
	}
	missing(t, requireNeo4j, "neo4j-admin was not found (NEO4J_HOME, %s/neo4j-community-*, PATH): run scripts/neo4j install", cache)
	return ""
}
