package main

import (
	"bytes"
	"context"
	"flag"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

// examplesDir is the absolute path of the project's examples, wherever the
// test runs.
func examplesDir(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test's source file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "examples")
}

// examples returns the base names of the example articles, sorted.
func examples(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(examplesDir(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names
}

// hermetic runs the test in an empty working directory (no .env) with no
// store configured in the environment.
func hermetic(t *testing.T) {
	t.Helper()
	for _, s := range settings() {
		t.Setenv(s.env, "")
	}
	t.Chdir(t.TempDir())
}

// runCLI runs the command line and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestHelp(t *testing.T) {
	hermetic(t)
	for _, c := range commands() {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			code, stdout, stderr := runCLI(t, args...)
			if code != exitOK || !strings.HasPrefix(stdout, "usage: cartelgraph "+c.name) || stderr != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want 0 and the usage on stdout", args, code, stdout, stderr)
			}
		}
	}
	code, stdout, _ := runCLI(t, "help")
	if code != exitOK {
		t.Errorf("help: exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(stdout, "\n  "+c.name+" ") {
			t.Errorf("help does not list %s:\n%s", c.name, stdout)
		}
	}
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{nil, exitUsage, "usage: cartelgraph COMMAND"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"load"}, exitUsage, "nothing to load"},
		{[]string{"extract"}, exitUsage, "no PATH"},
		{[]string{"extract", "--nope", "x"}, exitUsage, "flag provided but not defined: -nope"},
		{[]string{"extract", "--workers", "0", "x"}, exitUsage, "workers: want a positive number"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.err)
		}
	}
	if code, stdout, _ := runCLI(t, "version"); code != exitOK || !strings.HasPrefix(stdout, "cartelgraph ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

func TestExtractExamples(t *testing.T) {
	hermetic(t)
	out := filepath.Join(t.TempDir(), "x.json")
	code, _, stderr := runCLI(t, "extract", "-o", out, examplesDir(t))
	if code != exitOK {
		t.Fatalf("extract: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := exchange.Read(data, out)
	if err != nil {
		t.Fatalf("the output is not the interchange format: %v", err)
	}
	var names []string
	entities := 0
	for _, d := range f.Documents {
		names = append(names, d.Document)
		entities += len(d.Entities)
		if _, err := exchange.ToExtraction(d, exchangeDoc(d.Document)); err != nil {
			t.Errorf("document %s does not fit the ontology: %v", d.Document, err)
		}
	}
	if !slices.Equal(names, examples(t)) {
		t.Errorf("documents %v, want the examples %v", names, examples(t))
	}
	if entities == 0 {
		t.Errorf("no entities extracted from the examples")
	}
	// The same on standard output, flags after the path, one worker: the same bytes.
	code, stdout, stderr := runCLI(t, "extract", examplesDir(t), "--workers", "1")
	if code != exitOK || stdout != string(data) {
		t.Errorf("extract to stdout: exit %d (%s); output differs from -o's: %v", code, stderr, stdout != string(data))
	}
}

func TestLoadTwice(t *testing.T) {
	hermetic(t)
	data := filepath.Join(t.TempDir(), "data")
	n := len(examples(t))
	steps := []struct {
		name, want string
	}{
		{"first", "documents: " + itoa(n) + " created, 0 unchanged, 0 replaced, 0 failed"},
		{"second", "documents: 0 created, " + itoa(n) + " unchanged, 0 replaced, 0 failed"},
	}
	var stats []string
	for _, step := range steps {
		code, stdout, stderr := runCLI(t, "load", "--data", data, examplesDir(t))
		if code != exitOK || !strings.Contains(stdout, step.want) || stderr != "" {
			t.Errorf("%s load: exit %d,\nstdout %s\nstderr %s\nwant %q", step.name, code, stdout, stderr, step.want)
		}
		stats = append(stats, lineWith(stdout, "the store:"))
	}
	if stats[0] != stats[1] || !strings.Contains(stats[0], "the store: "+itoa(n)+" documents") {
		t.Errorf("the store after each load: %q", stats)
	}
}

func TestLoadReportsBadFile(t *testing.T) {
	hermetic(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.txt")
	if err := os.WriteFile(bad, []byte("Mexico\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte("Mexico and the United States signed an agreement."), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "load", "--data", t.TempDir(), dir)
	if code != exitFailed {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, bad+":1: ") || !strings.Contains(stderr, "binary file") {
		t.Errorf("stderr %q: want the error naming %s", stderr, bad)
	}
	if !strings.Contains(stdout, "documents: 1 created, 0 unchanged, 0 replaced, 1 failed") {
		t.Errorf("stdout %q: want good.txt created and broken.txt failed", stdout)
	}
}

func TestLoadExtractionFile(t *testing.T) {
	hermetic(t)
	dir := t.TempDir()
	x := filepath.Join(dir, "x.json")
	if code, _, stderr := runCLI(t, "extract", "-o", x, examplesDir(t)); code != exitOK {
		t.Fatalf("extract: %s", stderr)
	}
	n := itoa(len(examples(t)))
	for _, want := range []string{n + " created, 0 unchanged", "0 created, " + n + " unchanged"} {
		code, stdout, stderr := runCLI(t, "load", "--data", filepath.Join(dir, "data"), "--extraction", x)
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("load --extraction: exit %d, stdout %s, stderr %s; want %q", code, stdout, stderr, want)
		}
	}
}

// TestLoadNeo4jUnreachable checks that a load into a Neo4j nobody listens
// on fails at once with an error that names the URI and says how to start one.
func TestLoadNeo4jUnreachable(t *testing.T) {
	hermetic(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	uri := "bolt://" + l.Addr().String()
	l.Close() // the port is now free: nothing answers there
	t.Setenv("NEO4J_URI", uri)
	code, _, stderr := runCLI(t, "load", examplesDir(t))
	if code != exitFailed || !strings.Contains(stderr, uri) || !strings.Contains(stderr, "scripts/neo4j start") {
		t.Errorf("exit %d, stderr %q: want 1 and an error naming %s and scripts/neo4j start", code, stderr, uri)
	}
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	dotenv := filepath.Join(dir, ".env")
	if err := os.WriteFile(dotenv, []byte("CARTELGRAPH_DATA=/from/dotenv\nNEO4J_USER=dotenv-user\nNEO4J_PASSWORD=dotenv-secret\nCARTELGRAPH_WORKERS=3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		dotenv string
		want   Config
	}{
		{"defaults", nil, nil, "",
			Config{DataDir: "./data", Neo4jUser: "neo4j", Neo4jDatabase: "neo4j", Addr: "127.0.0.1:8080", Workers: runtime.GOMAXPROCS(0)}},
		{".env over defaults", nil, nil, dotenv,
			Config{DataDir: "/from/dotenv", Neo4jUser: "dotenv-user", Neo4jPassword: "dotenv-secret", Neo4jDatabase: "neo4j", Addr: "127.0.0.1:8080", Workers: 3}},
		{"environment over .env", nil, map[string]string{"CARTELGRAPH_DATA": "/from/env", "NEO4J_PASSWORD": "env-secret", "NEO4J_URI": "bolt://env:7687"}, dotenv,
			Config{DataDir: "/from/env", Neo4jURI: "bolt://env:7687", Neo4jUser: "dotenv-user", Neo4jPassword: "env-secret", Neo4jDatabase: "neo4j", Addr: "127.0.0.1:8080", Workers: 3}},
		{"flags over environment", []string{"--data", "/from/flag", "--workers", "5", "--neo4j-user", "flag-user"},
			map[string]string{"CARTELGRAPH_DATA": "/from/env", "CARTELGRAPH_WORKERS": "7"}, dotenv,
			Config{DataDir: "/from/flag", Neo4jUser: "flag-user", Neo4jPassword: "dotenv-secret", Neo4jDatabase: "neo4j", Addr: "127.0.0.1:8080", Workers: 5}},
		{"an empty variable is unset", nil, map[string]string{"CARTELGRAPH_DATA": ""}, dotenv,
			Config{DataDir: "/from/dotenv", Neo4jUser: "dotenv-user", Neo4jPassword: "dotenv-secret", Neo4jDatabase: "neo4j", Addr: "127.0.0.1:8080", Workers: 3}},
		{"the .env.example", nil, nil, filepath.Join(examplesDir(t), "..", ".env.example"),
			Config{DataDir: "./data", Neo4jUser: "neo4j", Neo4jPassword: "cartelgraph-dev", Neo4jDatabase: "neo4j", Addr: "127.0.0.1:8080", Workers: runtime.GOMAXPROCS(0)}},
		{"no .env file", nil, map[string]string{"CARTELGRAPH_API_KEY": "k"}, filepath.Join(dir, "missing.env"),
			Config{DataDir: "./data", Neo4jUser: "neo4j", Neo4jDatabase: "neo4j", Addr: "127.0.0.1:8080", APIKey: "k", Workers: runtime.GOMAXPROCS(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			addConfigFlags(fs, "data", "neo4j-uri", "neo4j-user", "neo4j-database", "addr", "workers")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			got, err := loadConfig(fs, envSource{lookup: lookup, dotenv: tt.dotenv})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("config\n %+v,\nwant\n %+v", got, tt.want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// exchangeDoc is the metadata ToExtraction needs to check a document.
func exchangeDoc(name string) graph.Document {
	return graph.Document{ID: "check", Name: name, Source: name}
}

// lineWith returns the first line of s that starts with prefix.
func lineWith(s, prefix string) string {
	for line := range strings.Lines(s) {
		if strings.HasPrefix(line, prefix) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}
