package main

// Hostile input: files that are not articles, given to `cartelgraph load`,
// and names and sentences written to break queries (quotes, backticks,
// braces, Cypher keywords), which must come back unchanged through the
// store, GraphQL, the reports and the exports, and never become query text.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

// TestLoadBadInput gives `cartelgraph load` a folder of every kind of bad
// file beside good articles: each bad file gets one clear error on standard
// error naming it (and the line and column where there is one), the good
// articles load, and the exit code is 1. The loader's own tests cover the
// readers in more detail: loader.TestReadBadInput, TestReadMissingAndUnreadable,
// TestReadSymlinks, TestReadHTML, TestLoadTenThousandFilesStreams.
func TestLoadBadInput(t *testing.T) {
	hermetic(t)
	dir, err := filepath.Abs("input")
	if err != nil {
		t.Fatal(err)
	}
	good := writeArticles(t, dir, 0, 2)
	scripts := strings.Repeat(`<script>document.write("Canada designated the Script Cartel a terrorist organization.")</script>`+"\n", 2000)
	files := map[string]string{
		"empty.txt":         "",
		"binary.txt":        "Mexico\x00\x01\x02",
		"latin1.txt":        "first line\nCancún en espa\xf1ol\n",
		"scripts.html":      "<html><head>" + scripts + "</head><body>" + scripts + "<p>Colombia designated the Jade Lynx Cartel a terrorist organization on March 3, 2025.</p></body></html>",
		"only-scripts.html": "<html><body>" + scripts + "</body></html>",
		"malformed.json":    "{\n  \"title\": \"x\",\n  \"text\": \"y\" oops\n}",
		"wrong-type.jsonl":  "{\"text\": \"Mexico said no.\"}\n{\"title\": [1]}\n",
		"notes.pdf":         "%PDF-1.4",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// 50 MB: over the 20 MB limit (sparse: nothing is written to disk).
	huge, err := os.Create(filepath.Join(dir, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := huge.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	huge.Close()
	// Special files and symbolic links.
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("self.txt", filepath.Join(dir, "self.txt")); err != nil {
		t.Fatal(err)
	}

	type bad struct {
		file string // its path under dir
		line int    // 0: no line
		want string
	}
	want := []bad{
		{"binary.txt", 1, "binary file (a NUL byte at offset 6), not text"},
		{"empty.txt", 0, "empty file"},
		{"fifo.txt", 0, "not a regular file (p---------)"},
		{"huge.txt", 0, "too large: 50.0 MB, over the limit of 20.0 MB"},
		{"latin1.txt", 2, "column 16: not valid UTF-8 (byte 0xf1 at offset 26)"},
		{"loop", 0, "symbolic link loop"},
		{"malformed.json", 3, "column 15: invalid character 'o' after object key:value pair"},
		{"notes.pdf", 0, "cannot read the extension .pdf"},
		{"only-scripts.html", 0, "no text: nothing is left of the file once its markup is removed"},
		{"self.txt", 0, "broken symbolic link: too many levels of symbolic links"},
		{"wrong-type.jsonl", 2, "title: column 11: want a string, got an array"},
	}
	// An unreadable file. Permissions do not stop root, which the tests may
	// run as; a read that fails does: /proc/self/mem cannot be read at 0.
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		if err := os.Symlink("/proc/self/mem", filepath.Join(dir, "unreadable.txt")); err != nil {
			t.Fatal(err)
		}
		want = append(want, bad{"unreadable.txt", 0, "input/output error"})
	}
	if os.Geteuid() != 0 {
		p := filepath.Join(dir, "no-permission.txt")
		if err := os.WriteFile(p, []byte("Mexico said no."), 0o000); err != nil {
			t.Fatal(err)
		}
		want = append(want, bad{"no-permission.txt", 0, "permission denied"})
	} else {
		t.Log("running as root, which reads any file: the permission case is the loader's TestReadMissingAndUnreadable (skipped as root too)")
	}

	code, stdout, stderr := runCLI(t, "load", "--data", "data", dir)
	if code != exitFailed {
		t.Errorf("exit %d, want 1", code)
	}
	// Good: the two articles, the page with its scripts, and the first
	// record of the JSON Lines file.
	if want := fmt.Sprintf("documents: 4 created, 0 unchanged, 0 replaced, %d failed", len(want)); !strings.Contains(stdout, want) {
		t.Errorf("stdout:\n%s\nwant %q", stdout, want)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for _, w := range want {
		path := filepath.Join(dir, w.file)
		prefix := "cartelgraph load: " + path + ": "
		if w.line > 0 {
			prefix = fmt.Sprintf("cartelgraph load: %s:%d: ", path, w.line)
		}
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, prefix) })
		if i < 0 {
			t.Errorf("%s: no error line starting %q", w.file, prefix)
			continue
		}
		if !strings.Contains(lines[i], w.want) {
			t.Errorf("%s: %q, want %q", w.file, lines[i], w.want)
		}
	}
	if len(lines) != len(want) {
		t.Errorf("%d error lines, want %d:\n%s", len(lines), len(want), stderr)
	}

	// The page's scripts are not text: their sentence is not in the graph.
	tg := target{dir: filepath.Join(".", "data")}
	s := tg.open(t)
	defer s.Close()
	ctx := context.Background()
	es, err := s.Entities(ctx, []string{"jade-lynx-cartel", "script-cartel"})
	if err != nil || len(es) != 1 || es[0].ID != "jade-lynx-cartel" {
		t.Errorf("entities of the page: %v %v, want jade-lynx-cartel and not script-cartel", es, err)
	}
	docs, err := s.Documents(ctx, graph.DocumentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, d := range docs {
		sources = append(sources, d.Source)
	}
	slices.Sort(sources)
	if wantSources := append(slices.Clone(good), filepath.Join(dir, "scripts.html"), filepath.Join(dir, "wrong-type.jsonl")+"#1"); !slices.Equal(sources, wantSources) {
		t.Errorf("documents %v, want %v", sources, wantSources)
	}
}

// TestLoadTenThousandFiles loads a folder of 10,000 files through the
// command, a few of them bad: every good one is read and extracted, each bad
// one reported, in one streaming pass. So that it runs in seconds the files
// are one-line reports, 100 different ones (a copy is the same document,
// stored once: 100 fsync'd writes, not 10,000).
func TestLoadTenThousandFiles(t *testing.T) {
	hermetic(t)
	n := 10000
	if testing.Short() {
		n = 1000
	}
	dir, _ := filepath.Abs("many")
	var texts [][]byte
	for i := range 100 {
		texts = append(texts, fmt.Appendf(nil, "Report %d. Mexico designated the Iron Wolf Cartel a terrorist organization.\n", i))
	}
	var bad []string
	for i := range n {
		name := filepath.Join(dir, fmt.Sprintf("f%05d.txt", i))
		text := texts[i%len(texts)]
		if i%1000 == 999 {
			text = []byte{}
			bad = append(bad, name)
		}
		if i == 0 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(name, text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runCLI(t, "load", "--data", "data", dir)
	want := fmt.Sprintf("documents: 100 created, %d unchanged, 0 replaced, %d failed", n-100-len(bad), len(bad))
	if code != exitFailed || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want 1 and %q:\n%s", code, want, stdout)
	}
	for _, b := range bad {
		if !strings.Contains(stderr, "cartelgraph load: "+b+": loader.Read: empty file\n") {
			t.Errorf("no error for %s in:\n%s", b, stderr)
		}
	}
	if got := strings.Count(stderr, "\n"); got != len(bad) {
		t.Errorf("%d error lines, want %d", got, len(bad))
	}
}

// hostile is a document whose every name and sentence is written to break a
// query built by pasting values into it: quotes, backticks, braces,
// backslashes, parameters, Cypher and SQL keywords. Every value holds a
// marker "zq<n>", which no query text may contain.
func hostile() exchange.Document {
	const (
		group   = `O'Brien "Zq1" Cartel`
		cypher  = "}) MATCH (n) DETACH DELETE n // Zq2"
		person  = `Robert'); DROP TABLE Students;-- Zq3`
		agency  = "Ministry of `Backticks` {Zq4} \\ and $param"
		country = `Valdoria Zq5 {MERGE (x)}`
	)
	return exchange.Document{
		Document: "hostile.txt",
		Entities: []exchange.Entity{
			{Name: group, Type: "CriminalGroup", Aliases: []string{"`DETACH DELETE` Zq1b Gang"}},
			{Name: cypher, Type: "CriminalGroup"},
			{Name: person, Type: "Person"},
			{Name: agency, Type: "Agency"},
			{Name: country, Type: "Country"},
		},
		Relations: []exchange.Relation{
			{Subject: country, Predicate: "DESIGNATED", Object: group, Attributes: map[string]any{
				"designation": `"Terrorist" }) RETURN 1 // Zq6`, "date": "2025-03-03",
				"sentence": "Valdoria designated O'Brien; MERGE (x:Evil {name: 'Zq7'}) RETURN x",
			}},
			{Subject: person, Predicate: "LEADS", Object: cypher, Attributes: map[string]any{"title": "boss' `chief` {Zq8}"}},
			{Subject: person, Predicate: "HOLDS_POSITION", Object: agency, Attributes: map[string]any{"title": `Minister of "Zq9" CALL db.labels()`}},
			{Subject: group, Predicate: "OPERATES_IN", Object: country},
		},
		Statements: []exchange.Statement{
			{Speaker: person, Text: `"We'll CREATE (n {x: 1}) and ${Zq10}" \u0000`, About: []string{cypher}},
		},
	}
}

// hostileValues lists the values of hostile(): names, attributes, sentences.
func hostileValues(d exchange.Document) (names, others []string) {
	for _, e := range d.Entities {
		names = append(names, e.Name)
	}
	for _, r := range d.Relations {
		for k, v := range r.Attributes {
			if s, ok := v.(string); ok && k != "date" {
				others = append(others, s)
			}
		}
	}
	for _, s := range d.Statements {
		others = append(others, s.Text)
	}
	return names, others
}

// stringsOf collects every string of a decoded JSON value.
func stringsOf(v any, into map[string]bool) {
	switch v := v.(type) {
	case string:
		into[v] = true
	case []any:
		for _, x := range v {
			stringsOf(x, into)
		}
	case map[string]any:
		for _, x := range v {
			stringsOf(x, into)
		}
	}
}

// jsonStrings collects the strings of a JSON document, or of JSON Lines.
func jsonStrings(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not JSON: %v\n%s", err, data)
		}
		stringsOf(v, out)
	}
	return out
}

// xmlStrings collects the text of every element of an XML document.
func xmlStrings(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			out[string(cd)] = true
		}
	}
	return out
}

// TestHostileNames loads hostile() (load --extraction) and reads every value
// back, unchanged, from the store, GraphQL (as variables and as literals),
// the exports and, on Neo4j, the reports. On Neo4j everything goes through a
// Bolt proxy that records the Cypher the command sends: no query text may
// contain a value of the data, and every transaction of the GraphQL server
// must be a read.
func TestHostileNames(t *testing.T) {
	bin := buildCartelgraph(t)
	forEachStore(t, func(t *testing.T, tg target) {
		var proxy *boltProxy
		env := tg.env
		if tg.neo4j != nil {
			proxy = newBoltProxy(t, tg.neo4j.URI)
			env = neo4jEnv(*tg.neo4j, proxy.URI())
		}
		doc := hostile()
		names, others := hostileValues(doc)
		file := filepath.Join(t.TempDir(), "hostile.json")
		var b bytes.Buffer
		if err := exchange.Write(&b, &exchange.File{Documents: []exchange.Document{doc}}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}

		// Load, twice: the second changes nothing.
		for _, want := range []string{"documents: 1 created", "documents: 0 created, 1 unchanged"} {
			if code, stdout, stderr := runCommand(t, bin, env, "load", "--extraction", file); code != exitOK || !strings.Contains(stdout, want) {
				t.Fatalf("load --extraction: exit %d, want %q:\n%s\n%s", code, want, stdout, stderr)
			}
		}

		// The store.
		s := tg.open(t)
		ctx := context.Background()
		for _, name := range names {
			es, err := s.Lookup(ctx, name)
			if err != nil || len(es) != 1 || es[0].Name != name {
				t.Errorf("Lookup(%q) = %v, %v; want the entity of that name", name, es, err)
			}
		}
		rels, err := s.Relations(ctx, graph.RelationQuery{})
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]bool{}
		for _, r := range rels {
			for _, e := range r.Evidence {
				stored[e.Sentence] = true
				for _, v := range e.Attributes {
					stored[v] = true
				}
			}
		}
		sts, err := s.Statements(ctx, graph.StatementQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range sts {
			stored[st.Text] = true
		}
		s.Close()
		for _, v := range others {
			if !stored[v] {
				t.Errorf("the store lost %q", v)
			}
		}

		// GraphQL, through `cartelgraph serve`.
		serve, base := startServeCommand(t, bin, env)
		var from int
		if proxy != nil {
			from = proxy.count()
		}
		const fields = `name aliases relations { predicate attributes { key value } sources { sentence attributes { key value } } subject { name } object { name } } statementsBy { text about { name } }`
		answers := map[string]bool{}
		for _, name := range names {
			literal, _ := json.Marshal(name) // a JSON string is a GraphQL string literal
			for how, a := range map[string]graphqlAnswer{
				"variable": postGraphQL(t, base, `query($n: String) { entity(name: $n) { `+fields+` } }`, map[string]any{"n": name}),
				"literal":  postGraphQL(t, base, `{ entity(name: `+string(literal)+`) { `+fields+` } }`, nil),
				"search":   postGraphQL(t, base, `query($n: String!) { search(query: $n, first: 1) { entity { name } } }`, map[string]any{"n": name}),
			} {
				got := map[string]bool{}
				for _, raw := range a.Data {
					var v any
					json.Unmarshal(raw, &v)
					stringsOf(v, got)
				}
				if len(a.Errors) > 0 || !got[name] {
					t.Errorf("GraphQL %s %q: %+v %v, want its name back", how, name, a.Errors, a.Data)
				}
				for v := range got {
					answers[v] = true
				}
			}
		}
		for _, v := range others {
			if !answers[v] {
				t.Errorf("GraphQL did not give back %q", v)
			}
		}
		if proxy != nil {
			reads := 0
			for _, m := range proxy.messages(from) {
				if m.Tag == "BEGIN" || (m.Tag == "RUN" && !m.InTx) {
					if m.Mode != "r" {
						t.Errorf("the GraphQL server opened a write transaction (%s mode %q): %q", m.Tag, m.Mode, m.Query)
					}
					reads++
				}
			}
			if reads == 0 {
				t.Errorf("the proxy saw no transaction of the GraphQL server")
			}
			t.Logf("the GraphQL server ran %d transactions, all in read mode", reads)
		}
		serve.cmd.Process.Signal(syscall.SIGTERM)
		if code, stdout, stderr := serve.wait(t, time.Minute); code != exitOK {
			t.Errorf("serve: exit %d:\n%s\n%s", code, stdout, stderr)
		}

		// The exports.
		exportDir := t.TempDir()
		for _, f := range []string{"jsonl", "cytoscape", "graphml"} {
			out := filepath.Join(exportDir, "graph."+f)
			if code, stdout, stderr := runCommand(t, bin, env, "export", f, "-o", out); code != exitOK {
				t.Fatalf("export %s: exit %d:\n%s\n%s", f, code, stdout, stderr)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]bool
			if f == "graphml" {
				got = xmlStrings(t, data)
			} else {
				got = jsonStrings(t, data)
			}
			want := names
			if f == "jsonl" { // the one export with evidence and quotations
				want = append(slices.Clone(names), others...)
			}
			for _, v := range want {
				if !got[v] {
					t.Errorf("export %s lost %q", f, v)
				}
			}
		}

		if tg.neo4j == nil {
			return
		}
		// The reports, an entity named by its hostile name.
		for _, r := range [][]string{
			{"most-mentioned"},
			{"entity-dossier", "--param", "entity=" + names[0]},
			{"who-said-what", "--param", "speaker=" + names[2]},
			{"officials"},
		} {
			code, stdout, stderr := runCommand(t, bin, env, append([]string{"report", "--format", "json"}, r...)...)
			if code != exitOK {
				t.Errorf("report %v: exit %d:\n%s\n%s", r, code, stdout, stderr)
				continue
			}
			got := jsonStrings(t, []byte(stdout))
			want := map[string][]string{
				"most-mentioned": names,
				"entity-dossier": {names[4]},
				"who-said-what":  {names[2], doc.Statements[0].Text},
				"officials":      {names[2], names[3]},
			}[r[0]]
			for _, v := range want {
				if !got[v] {
					t.Errorf("report %v lost %q:\n%s", r, v, stdout)
				}
			}
		}

		// No query text holds a value of the data.
		queries := 0
		for _, m := range proxy.messages(0) {
			if m.Tag != "RUN" {
				continue
			}
			queries++
			if strings.Contains(strings.ToLower(m.Query), "zq") {
				t.Errorf("a query holds a value of the data:\n%s", m.Query)
			}
		}
		if queries == 0 {
			t.Errorf("the proxy saw no query: it does not decode the Bolt messages")
		}
		t.Logf("%d queries sent, none with a value of the data", queries)
	})
}
