package export_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cartelgraph/cartelgraph/export"
	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
)

// cyElements is the Cytoscape.js export, decoded.
type cyElements struct {
	Elements struct {
		Nodes []struct {
			Data    map[string]any
			Classes string
		}
		Edges []struct {
			Data    map[string]any
			Classes string
		}
	}
}

// TestCytoscapeStructure decodes the Cytoscape.js export and compares its
// elements with the store.
func TestCytoscapeStructure(t *testing.T) {
	s := openStore(t, append(graphtest.Fixtures(), tricky())...)
	want := graphtest.Snapshot(t, s)
	var got cyElements
	if err := json.Unmarshal(export1(t, s, export.Cytoscape, export.Selection{}), &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	nodes, edges := got.Elements.Nodes, got.Elements.Edges
	if len(nodes) != len(want.Entities) || len(edges) != len(want.Relations) {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(nodes), len(edges), len(want.Entities), len(want.Relations))
	}
	for i, e := range want.Entities {
		d := nodes[i].Data
		aliases, _ := json.Marshal(d["aliases"])
		wantAliases, _ := json.Marshal(e.Aliases)
		if d["id"] != e.ID || d["label"] != e.Name || d["name"] != e.Name || d["type"] != string(e.Type) ||
			string(aliases) != string(wantAliases) || nodes[i].Classes != string(e.Type) {
			t.Errorf("node %d = %v (classes %q), want %+v", i, d, nodes[i].Classes, e)
		}
	}
	for i, r := range want.Relations {
		d := edges[i].Data
		if d["id"] != r.ID || d["source"] != r.Subject || d["target"] != r.Object || d["label"] != string(r.Predicate) ||
			d["confidence"] != r.Confidence || d["alleged"] != r.Alleged || d["sources"] != float64(len(r.Evidence)) {
			t.Errorf("edge %d = %v, want %+v", i, d, r)
		}
		for k, v := range r.Attributes {
			if d[k] != v {
				t.Errorf("edge %s: %s = %v, want %q", r.ID, k, d[k], v)
			}
		}
	}
}

// TestCytoscapeLoads loads the export with the cytoscape npm package,
// headless, and compares the graph it built with the store: every node and
// edge, the degrees, and no warnings.
func TestCytoscapeLoads(t *testing.T) {
	node, dir := cytoscapeDir(t)
	s := openStore(t, append(graphtest.Fixtures(), tricky())...)
	for _, tc := range []struct {
		name string
		sel  export.Selection
	}{
		{"whole graph", export.Selection{}},
		{"around the Golfo Norte, countries and groups", export.Selection{Around: graphtest.GolfoNorte, Depth: 2,
			Types: []graph.Type{graph.Country, graph.CriminalGroup}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "elements.json")
			if err := os.WriteFile(file, export1(t, s, export.Cytoscape, tc.sel), 0o644); err != nil {
				t.Fatal(err)
			}
			var want struct {
				entities  []*graph.Entity
				relations []*graph.Relation
			}
			c, _, _ := jsonlGraph(t, export1(t, s, export.JSONL, tc.sel))
			want.entities, want.relations = c.Entities, c.Relations
			out := run(t, dir, nil, node, filepath.Join(dir, "load.js"), file)
			var got struct {
				Version string
				Nodes   []struct {
					ID, Label, Type string
					Classes         []string
					Degree          int
				}
				Edges []struct {
					ID, Source, Target, Label string
					Confidence                float64
					Sources                   int
				}
				Warnings []string
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("load.js: %v\n%s", err, out)
			}
			t.Logf("cytoscape %s: %d nodes, %d edges", got.Version, len(got.Nodes), len(got.Edges))
			if len(got.Warnings) > 0 {
				t.Errorf("cytoscape warned: %q", got.Warnings)
			}
			if len(got.Nodes) != len(want.entities) || len(got.Edges) != len(want.relations) || len(got.Nodes) == 0 {
				t.Fatalf("cytoscape built %d nodes and %d edges, want %d and %d",
					len(got.Nodes), len(got.Edges), len(want.entities), len(want.relations))
			}
			degree := map[string]int{}
			for _, r := range want.relations {
				degree[r.Subject]++
				degree[r.Object]++
			}
			for i, e := range want.entities {
				n := got.Nodes[i]
				if n.ID != e.ID || n.Label != e.Name || n.Type != string(e.Type) ||
					!slices.Equal(n.Classes, []string{string(e.Type)}) || n.Degree != degree[e.ID] {
					t.Errorf("node %d: cytoscape has %+v, want %s %q %s of degree %d", i, n, e.ID, e.Name, e.Type, degree[e.ID])
				}
			}
			for i, r := range want.relations {
				e := got.Edges[i]
				if e.ID != r.ID || e.Source != r.Subject || e.Target != r.Object || e.Label != string(r.Predicate) ||
					e.Confidence != r.Confidence || e.Sources != len(r.Evidence) {
					t.Errorf("edge %d: cytoscape has %+v, want %+v", i, e, r)
				}
			}
		})
	}
}
