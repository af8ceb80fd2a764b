package export_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/export"
	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
)

// csvExport is a CSV export read back as neo4j-admin reads it.
type csvExport struct {
	// nodes holds every node's properties by ID space, then ID.
	nodes map[string]map[string]map[string]string
	// labels holds every node's labels by ID space, then ID.
	labels map[string]map[string]string
	// rels holds every relationship: its type, ends and properties.
	rels []csvRel
	// properties counts the properties neo4j-admin stores.
	properties int
}

type csvRel struct {
	typ, start, end string
	props           map[string]string
}

var (
	idColumn    = regexp.MustCompile(`^(\w*):ID\((\w+)\)$`)
	startColumn = regexp.MustCompile(`^:START_ID\((\w+)\)$`)
	endColumn   = regexp.MustCompile(`^:END_ID\((\w+)\)$`)
)

// readCSVExport reads the files a CSV export's import command names, as the
// command names them (ImportArgs), and checks what neo4j-admin would: each
// ID once in its ID space, every relationship's ends present.
func readCSVExport(t *testing.T, dir string) csvExport {
	t.Helper()
	x := csvExport{nodes: map[string]map[string]map[string]string{}, labels: map[string]map[string]string{}}
	type pending struct {
		csvRel
		startSpace, endSpace string
	}
	var rels []pending
	for _, arg := range export.ImportArgs("neo4j")[4:] {
		var kind, spec string
		switch {
		case strings.HasPrefix(arg, "--nodes="):
			kind, spec = "nodes", strings.TrimPrefix(arg, "--nodes=")
		case strings.HasPrefix(arg, "--relationships="):
			kind, spec = "relationships", strings.TrimPrefix(arg, "--relationships=")
		default:
			continue
		}
		labels, file, ok := strings.Cut(spec, "=")
		if !ok {
			labels, file = "", spec
		}
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = 0
		rows, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		header := rows[0]
		for n, row := range rows[1:] {
			where := fmt.Sprintf("%s:%d", file, n+2)
			props := map[string]string{}
			var id, space, start, startSpace, end, endSpace, typ string
			for i, col := range header {
				v := row[i]
				switch m := idColumn.FindStringSubmatch(col); {
				case m != nil:
					id, space = v, m[2]
					if m[1] != "" {
						props[m[1]] = v
					}
				case startColumn.MatchString(col):
					start, startSpace = v, startColumn.FindStringSubmatch(col)[1]
				case endColumn.MatchString(col):
					end, endSpace = v, endColumn.FindStringSubmatch(col)[1]
				case col == ":TYPE":
					typ = v
				case v != "":
					props[strings.SplitN(col, ":", 2)[0]] = v
				}
			}
			x.properties += len(props)
			if kind == "nodes" {
				if x.nodes[space] == nil {
					x.nodes[space], x.labels[space] = map[string]map[string]string{}, map[string]string{}
				}
				if _, dup := x.nodes[space][id]; dup || id == "" {
					t.Errorf("%s: node ID %q is empty or repeated in the ID space %s", where, id, space)
				}
				x.nodes[space][id], x.labels[space][id] = props, labels
				continue
			}
			if typ == "" {
				t.Errorf("%s: no relationship type", where)
			}
			rels = append(rels, pending{csvRel{typ, start, end, props}, startSpace, endSpace})
		}
	}
	for _, r := range rels {
		if x.nodes[r.startSpace][r.start] == nil || x.nodes[r.endSpace][r.end] == nil {
			t.Errorf("%s relationship %s(%s) -> %s(%s): an end is missing", r.typ, r.start, r.startSpace, r.end, r.endSpace)
		}
		x.rels = append(x.rels, r.csvRel)
	}
	return x
}

// count counts the relationships of a type.
func (x csvExport) count(typ string) int {
	n := 0
	for _, r := range x.rels {
		if r.typ == typ {
			n++
		}
	}
	return n
}

// TestCSVStructure reads the CSV export back and compares it with the
// store: the Neo4j model of docs/ARCHITECTURE.md, every ID once, every
// relationship's ends present, for the whole graph and for subgraphs.
func TestCSVStructure(t *testing.T) {
	s := openStore(t, append(graphtest.Fixtures(), tricky())...)
	for _, tc := range []struct {
		name string
		sel  export.Selection
	}{
		{"whole graph", export.Selection{}},
		{"around the Halcones", export.Selection{Around: graphtest.Halcones, Depth: 1}},
		{"people", export.Selection{Types: []graph.Type{graph.Person}}},
		{"organisations around Ana", export.Selection{Around: trickyPerson, Depth: 1, Types: []graph.Type{graph.Organization}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, counts := exportCSV(t, s, tc.sel)
			x := readCSVExport(t, dir)
			want, _, _ := jsonlGraph(t, export1(t, s, export.JSONL, tc.sel))

			nodes := 0
			for _, ids := range x.nodes {
				nodes += len(ids)
			}
			if counts.Nodes != nodes || counts.Relationships != len(x.rels) {
				t.Errorf("WriteCSV counted %+v, the files hold %d nodes and %d relationships", counts, nodes, len(x.rels))
			}
			if len(x.nodes["Entity"]) != len(want.Entities) || len(x.nodes["Document"]) != len(want.Documents) ||
				len(x.nodes["Statement"]) != len(want.Statements) || len(x.nodes["Evidence"]) != want.Stats.Evidence {
				t.Errorf("nodes: %d entities, %d documents, %d statements, %d evidence; want %d, %d, %d, %d",
					len(x.nodes["Entity"]), len(x.nodes["Document"]), len(x.nodes["Statement"]), len(x.nodes["Evidence"]),
					len(want.Entities), len(want.Documents), len(want.Statements), want.Stats.Evidence)
			}
			for _, e := range want.Entities {
				p := x.nodes["Entity"][e.ID]
				aliases := strings.Split(p["aliases"], export.ArrayDelimiter)
				var clean []string
				for _, a := range e.Aliases {
					clean = append(clean, strings.ReplaceAll(a, export.ArrayDelimiter, " "))
				}
				if p["name"] != e.Name || p["type"] != string(e.Type) || !slices.Equal(aliases, clean) ||
					x.labels["Entity"][e.ID] != "Entity:"+string(e.Type) || p["nameRank"] != strconv.Itoa(graph.NameRank(e.Name)) {
					t.Errorf("entity %s: %v labels %s, want %+v", e.ID, p, x.labels["Entity"][e.ID], e)
				}
				for _, k := range strings.Split(p["keys"], export.ArrayDelimiter) {
					if k != graph.Key(k) {
						t.Errorf("entity %s: key %q is not a Key", e.ID, k)
					}
				}
			}
			facts := map[string]bool{}
			for _, r := range x.rels {
				if r.props["id"] != "" {
					facts[r.props["id"]] = true
				}
			}
			for _, r := range want.Relations {
				if !facts[r.ID] {
					t.Errorf("relation %s is missing", r.ID)
				}
				if n := x.count(string(r.Predicate)); n == 0 {
					t.Errorf("no %s relationship", r.Predicate)
				}
				for _, ev := range r.Evidence {
					e := x.nodes["Evidence"][graph.EvidenceID(r.ID, ev.Document, ev.Start)]
					if e == nil || e["fact"] != r.ID || e["sentence"] != ev.Sentence || e["document"] != ev.Document {
						t.Errorf("relation %s: evidence %v, want %+v", r.ID, e, ev)
					}
				}
			}
			for _, st := range want.Statements {
				if p := x.nodes["Statement"][st.ID]; p == nil || p["text"] != st.Text || p["speaker"] != st.Speaker {
					t.Errorf("statement %s: %v, want %+v", st.ID, p, st)
				}
			}
			if got := x.count(graph.Mentions); got != len(want.Mentions) {
				t.Errorf("%d MENTIONS, want %d", got, len(want.Mentions))
			}
			if got := x.count(graph.Said); got != len(want.Statements) {
				t.Errorf("%d SAID, want %d", got, len(want.Statements))
			}
			if got := x.count("FROM"); got != want.Stats.Evidence {
				t.Errorf("%d FROM, want %d", got, want.Stats.Evidence)
			}
			about := 0
			for _, st := range want.Statements {
				about += len(st.About)
			}
			if got := x.count(graph.About); got != about {
				t.Errorf("%d ABOUT, want %d", got, about)
			}
		})
	}
}

// TestCSVNeo4jImport imports the CSV export with the real `neo4j-admin
// database import full`, through the import.sh the export writes, into a
// throwaway database directory (the running server, if any, is untouched),
// and checks the counts of the import's report.
func TestCSVNeo4jImport(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: neo4j-admin takes a while")
	}
	home := neo4jAdmin(t)
	s := openStore(t, append(graphtest.Fixtures(), tricky())...)
	dir, counts := exportCSV(t, s, export.Selection{})
	x := readCSVExport(t, dir)
	c := graphtest.Snapshot(t, s)
	about := 0
	for _, st := range c.Statements {
		about += len(st.About)
	}
	wantNodes := c.Stats.Entities + c.Stats.Documents + c.Stats.Statements + c.Stats.Evidence
	wantRels := c.Stats.Relations + c.Stats.Mentions + c.Stats.Statements + about + c.Stats.Evidence
	if counts.Nodes != wantNodes || counts.Relationships != wantRels {
		t.Errorf("WriteCSV counted %+v, want %d nodes and %d relationships", counts, wantNodes, wantRels)
	}

	tmp := t.TempDir()
	conf := filepath.Join(tmp, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	settings := fmt.Sprintf("server.directories.data=%s\nserver.directories.logs=%s\n",
		filepath.Join(tmp, "data"), filepath.Join(tmp, "logs"))
	if err := os.WriteFile(filepath.Join(conf, "neo4j.conf"), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(tmp, "import.report")
	env := []string{"NEO4J_HOME=" + home, "NEO4J_CONF=" + conf, "JAVA_OPTS=", "HEAP_SIZE="}
	out := string(run(t, tmp, env, "sh", filepath.Join(dir, export.ImportScript), "neo4j", "--report-file="+report))

	done := strings.Index(out, "IMPORT DONE")
	if done < 0 {
		t.Fatalf("neo4j-admin did not report IMPORT DONE:\n%s", tail([]byte(out)))
	}
	summary := out[done:]
	number := func(what string) int {
		m := regexp.MustCompile(`(\d+) ` + what).FindStringSubmatch(summary)
		if m == nil {
			t.Fatalf("the import's summary gives no %s:\n%s", what, summary)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if n := number("nodes"); n != wantNodes {
		t.Errorf("neo4j-admin imported %d nodes, want %d", n, wantNodes)
	}
	if n := number("relationships"); n != wantRels {
		t.Errorf("neo4j-admin imported %d relationships, want %d", n, wantRels)
	}
	if n := number("properties"); n != x.properties {
		t.Errorf("neo4j-admin imported %d properties, the files hold %d", n, x.properties)
	}
	if b, err := os.ReadFile(report); err == nil && len(strings.TrimSpace(string(b))) > 0 {
		t.Errorf("the import report lists bad entries:\n%s", tail(b))
	}
	if _, err := os.Stat(filepath.Join(tmp, "data", "databases", "neo4j")); err != nil {
		t.Errorf("no database directory after the import: %v", err)
	}
}
