package export_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cartelgraph/cartelgraph/export"
	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
)

// The GraphML document, as the schema defines what these tests look at.
type gmlDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graphs []struct {
		ID          string    `xml:"id,attr"`
		EdgeDefault string    `xml:"edgedefault,attr"`
		Nodes       []gmlNode `xml:"node"`
		Edges       []gmlEdge `xml:"edge"`
	} `xml:"graph"`
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gmlNode struct {
	ID   string    `xml:"id,attr"`
	Data []gmlData `xml:"data"`
}

type gmlEdge struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []gmlData `xml:"data"`
}

// parseGraphML checks the structure of a GraphML export against the rules of
// the GraphML schema these files use, and returns every node's and edge's
// attributes by attr.name.
func parseGraphML(t *testing.T, b []byte) (nodes, edges map[string]map[string]string, edgeEnds map[string][2]string) {
	t.Helper()
	var doc gmlDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not GraphML: %v", err)
	}
	type key struct{ domain, name, typ string }
	keys := map[string]key{}
	names := map[string]bool{}
	for _, k := range doc.Keys {
		switch {
		case k.ID == "" || keys[k.ID] != key{}:
			t.Errorf("key id %q is empty or declared twice", k.ID)
		case k.For != "node" && k.For != "edge":
			t.Errorf("key %s: for=%q", k.ID, k.For)
		case !strings.Contains(" boolean int long float double string ", " "+k.Type+" "):
			t.Errorf("key %s: attr.type=%q is not a GraphML type", k.ID, k.Type)
		case names[k.For+"/"+k.Name]:
			t.Errorf("key %s: attr.name %q declared twice for %ss", k.ID, k.Name, k.For)
		}
		names[k.For+"/"+k.Name] = true
		keys[k.ID] = key{k.For, k.Name, k.Type}
	}
	if len(doc.Graphs) != 1 || doc.Graphs[0].EdgeDefault != "directed" {
		t.Fatalf("want one directed graph, got %d", len(doc.Graphs))
	}
	attrs := func(domain, id string, data []gmlData) map[string]string {
		m := map[string]string{}
		for _, d := range data {
			k, ok := keys[d.Key]
			if !ok || k.domain != domain {
				t.Errorf("%s %s: data key %q is not declared for %ss", domain, id, d.Key, domain)
				continue
			}
			if _, dup := m[k.name]; dup {
				t.Errorf("%s %s: %s given twice", domain, id, k.name)
			}
			var err error
			switch k.typ {
			case "int", "long":
				_, err = strconv.ParseInt(d.Value, 10, 64)
			case "double", "float":
				_, err = strconv.ParseFloat(d.Value, 64)
			case "boolean":
				_, err = strconv.ParseBool(d.Value)
			}
			if err != nil {
				t.Errorf("%s %s: %s=%q is not a %s", domain, id, k.name, d.Value, k.typ)
			}
			m[k.name] = d.Value
		}
		return m
	}
	g := doc.Graphs[0]
	nodes, edges, edgeEnds = map[string]map[string]string{}, map[string]map[string]string{}, map[string][2]string{}
	for _, n := range g.Nodes {
		if _, dup := nodes[n.ID]; dup || n.ID == "" {
			t.Errorf("node id %q is empty or repeated", n.ID)
		}
		nodes[n.ID] = attrs("node", n.ID, n.Data)
	}
	for _, e := range g.Edges {
		if _, dup := edges[e.ID]; dup || e.ID == "" {
			t.Errorf("edge id %q is empty or repeated", e.ID)
		}
		if nodes[e.Source] == nil || nodes[e.Target] == nil {
			t.Errorf("edge %s: %s -> %s names a missing node", e.ID, e.Source, e.Target)
		}
		edges[e.ID] = attrs("edge", e.ID, e.Data)
		edgeEnds[e.ID] = [2]string{e.Source, e.Target}
	}
	return nodes, edges, edgeEnds
}

// xmlSafe is s as XML can hold it: characters outside XML's range become U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return utf8.RuneError
	}, s)
}

// wantNode and wantEdge are the attributes the GraphML export must give an
// entity and a relation, as XML can hold them.
func wantNode(e *graph.Entity, mentions []graph.Mention) map[string]string {
	n, docs := 0, 0
	for _, m := range mentions {
		if m.Entity == e.ID {
			n += m.Count
			docs++
		}
	}
	var aliases []string
	for _, a := range e.Aliases {
		aliases = append(aliases, xmlSafe(a))
	}
	return map[string]string{
		"label": xmlSafe(e.Name), "name": xmlSafe(e.Name), "type": string(e.Type),
		"aliases": strings.Join(aliases, "|"), "mentions": strconv.Itoa(n), "documents": strconv.Itoa(docs),
	}
}

func wantEdge(r *graph.Relation) map[string]string {
	docs := map[string]bool{}
	for _, e := range r.Evidence {
		docs[e.Document] = true
	}
	m := map[string]string{
		"label": string(r.Predicate), "predicate": string(r.Predicate), "id": r.ID,
		"alleged": strconv.FormatBool(r.Alleged), "confidence": strconv.FormatFloat(r.Confidence, 'g', -1, 64),
		"sources": strconv.Itoa(len(r.Evidence)), "documents": strconv.Itoa(len(docs)),
	}
	for k, v := range r.Attributes { // date included
		m[k] = xmlSafe(v)
	}
	return m
}

// TestGraphMLStructure parses the GraphML export of the fixtures and of a
// document full of characters to escape, checks it against the schema's
// rules and compares every node and edge with the store.
func TestGraphMLStructure(t *testing.T) {
	s := openStore(t, append(graphtest.Fixtures(), tricky())...)
	want := graphtest.Snapshot(t, s)
	b := export1(t, s, export.GraphML, export.Selection{})
	nodes, edges, ends := parseGraphML(t, b)
	if len(nodes) != len(want.Entities) || len(edges) != len(want.Relations) {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), len(want.Entities), len(want.Relations))
	}
	for _, e := range want.Entities {
		if d := diffAttrs(nodes[e.ID], wantNode(e, want.Mentions)); d != "" {
			t.Errorf("node %s: %s", e.ID, d)
		}
	}
	for _, r := range want.Relations {
		if d := diffAttrs(edges[r.ID], wantEdge(r)); d != "" {
			t.Errorf("edge %s: %s", r.ID, d)
		}
		if ends[r.ID] != [2]string{r.Subject, r.Object} {
			t.Errorf("edge %s goes %v, want %s -> %s", r.ID, ends[r.ID], r.Subject, r.Object)
		}
	}
	// The escapes themselves.
	if got := nodes[trickyPerson]["aliases"]; !strings.Contains(got, "unit\uFFFDsep") || !strings.Contains(got, "tab\there") {
		t.Errorf("tricky aliases = %q", got)
	}
	if bytes.Contains(b, []byte{0x1f}) || !bytes.Contains(b, []byte("&lt;Ruiz&gt; &amp; Co")) {
		t.Errorf("the export holds a raw U+001F or an unescaped name")
	}
}

func diffAttrs(got, want map[string]string) string {
	var out []string
	for k, v := range want {
		if got[k] != v {
			out = append(out, k+"="+strconv.Quote(got[k])+", want "+strconv.Quote(v))
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			out = append(out, "unexpected "+k+"="+strconv.Quote(v))
		}
	}
	return strings.Join(out, "; ")
}

// TestGraphMLNetworkX reads the GraphML export back with NetworkX and
// compares what it made of every node and edge with the store.
func TestGraphMLNetworkX(t *testing.T) {
	python := networkx(t)
	s := openStore(t, append(graphtest.Fixtures(), tricky())...)
	want := graphtest.Snapshot(t, s)
	file := filepath.Join(t.TempDir(), "graph.graphml")
	if err := os.WriteFile(file, export1(t, s, export.GraphML, export.Selection{}), 0o644); err != nil {
		t.Fatal(err)
	}
	out := run(t, "", nil, python, filepath.Join("testdata", "networkx", "read_graphml.py"), file)
	var got struct {
		Version    string
		Directed   bool
		Multigraph bool
		Nodes      map[string]map[string]any
		Edges      []struct {
			Source, Target, Key string
			Data                map[string]any
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("read_graphml.py: %v\n%s", err, out)
	}
	t.Logf("NetworkX %s", got.Version)
	// Two relations join the United States to the Golfo Norte: a multigraph.
	if !got.Directed || !got.Multigraph {
		t.Errorf("NetworkX read a graph directed=%v multigraph=%v, want a directed multigraph", got.Directed, got.Multigraph)
	}
	if len(got.Nodes) != len(want.Entities) || len(got.Edges) != len(want.Relations) {
		t.Fatalf("NetworkX read %d nodes and %d edges, want %d and %d", len(got.Nodes), len(got.Edges), len(want.Entities), len(want.Relations))
	}
	// NetworkX gives ints, doubles and booleans their Python types.
	typed := func(m map[string]string) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			switch k {
			case "mentions", "documents", "sources", "confidence":
				f, _ := strconv.ParseFloat(v, 64)
				out[k] = f
			case "alleged":
				out[k] = v == "true"
			default:
				out[k] = v
			}
		}
		return out
	}
	same := func(a, b map[string]any) bool {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		return bytes.Equal(ja, jb)
	}
	for _, e := range want.Entities {
		if w := typed(wantNode(e, want.Mentions)); !same(got.Nodes[e.ID], w) {
			t.Errorf("node %s: NetworkX read %v, want %v", e.ID, got.Nodes[e.ID], w)
		}
	}
	byID := map[string]*graph.Relation{}
	for _, r := range want.Relations {
		byID[r.ID] = r
	}
	for _, e := range got.Edges {
		r := byID[e.Key]
		if r == nil {
			t.Errorf("NetworkX read an edge %s that the store does not hold", e.Key)
			continue
		}
		if e.Source != r.Subject || e.Target != r.Object || !same(e.Data, typed(wantEdge(r))) {
			t.Errorf("edge %s: NetworkX read %s -> %s %v, want %s -> %s %v", r.ID, e.Source, e.Target, e.Data, r.Subject, r.Object, typed(wantEdge(r)))
		}
	}
}
