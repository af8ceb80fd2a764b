package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/cartelgraph/cartelgraph/graph"
)

// cyNode is the data of a Cytoscape.js node.
type cyNode struct {
	ID        string     `json:"id"`
	Label     string     `json:"label"`
	Name      string     `json:"name"`
	Type      graph.Type `json:"type"`
	Aliases   []string   `json:"aliases"`
	Mentions  int        `json:"mentions"`
	Documents int        `json:"documents"`
}

// cyEdge returns the data of the Cytoscape.js edge of r: its ends, its
// predicate as label and predicate, and its non-empty attributes.
func cyEdge(r *graph.Relation) map[string]any {
	d := map[string]any{
		"id": r.ID, "source": r.Subject, "target": r.Object,
		"label": r.Predicate, "predicate": r.Predicate,
		"alleged": r.Alleged, "confidence": r.Confidence,
		"sources": len(r.Evidence), "documents": documentCount(r.Evidence),
	}
	if r.Date != "" {
		d[graph.AttrDate] = r.Date
	}
	for _, a := range graph.Attributes() {
		if v := r.Attributes[a]; v != "" {
			d[a] = v
		}
	}
	return d
}

// cyElement is one element: its data and its classes (the entity type or
// the predicate, for style sheets: node.CriminalGroup, edge.DESIGNATED).
type cyElement struct {
	Data    any    `json:"data"`
	Classes string `json:"classes"`
}

// WriteCytoscape writes g as Cytoscape.js elements JSON, ready for
// cytoscape({elements: json.elements}):
//
//	{"elements":{"nodes":[{"data":{"id","label","name","type","aliases","mentions","documents"},"classes"}],
//	             "edges":[{"data":{"id","source","target","label","predicate","date",...,"alleged","confidence","sources","documents"},"classes"}]}}
//
// A node's label is the entity's name, an edge's its predicate; an edge's
// attributes (date, designation, title, amount, of, about, action) are left
// out when empty, and its data's keys are in alphabetical order. One element
// a line.
func WriteCytoscape(ctx context.Context, w io.Writer, g *Graph) error {
	const op graph.Op = "export.WriteCytoscape"
	bw := bufio.NewWriter(w)
	var werr error
	put := func(s string) {
		if werr == nil {
			_, werr = bw.WriteString(s)
		}
	}
	element := func(first bool, e cyElement) error {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if !first {
			put(",\n")
		}
		put(string(b))
		return werr
	}
	put("{\"elements\":{\"nodes\":[\n")
	first := true
	err := g.eachNode(ctx, func(n Node) error {
		aliases := n.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		defer func() { first = false }()
		return element(first, cyElement{
			Data:    cyNode{ID: n.ID, Label: n.Name, Name: n.Name, Type: n.Type, Aliases: aliases, Mentions: n.Mentions, Documents: n.Documents},
			Classes: string(n.Type),
		})
	})
	if err != nil {
		return graph.E(op, err)
	}
	put("\n],\"edges\":[\n")
	first = true
	err = g.eachEdge(ctx, func(r *graph.Relation) error {
		defer func() { first = false }()
		return element(first, cyElement{
			Data:    cyEdge(r),
			Classes: string(r.Predicate),
		})
	})
	if err != nil {
		return graph.E(op, err)
	}
	put("\n]}}\n")
	if werr == nil {
		werr = bw.Flush()
	}
	if werr != nil {
		return graph.E(op, werr)
	}
	return nil
}
