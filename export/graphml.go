package export

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// graphmlKey is a GraphML attribute declaration: <key id for attr.name attr.type>.
type graphmlKey struct {
	id, domain, name, typ string
}

// graphmlKeys returns the attributes of the GraphML export, nodes first. Gephi
// takes the "label" attributes as the labels of nodes and edges.
func graphmlKeys() []graphmlKey {
	keys := []graphmlKey{
		{"n_label", "node", "label", "string"},
		{"n_name", "node", "name", "string"},
		{"n_type", "node", "type", "string"},
		{"n_aliases", "node", "aliases", "string"},
		{"n_mentions", "node", "mentions", "int"},
		{"n_documents", "node", "documents", "int"},
		{"e_label", "edge", "label", "string"},
		{"e_predicate", "edge", "predicate", "string"},
		{"e_id", "edge", "id", "string"},
		{"e_date", "edge", "date", "string"},
	}
	for _, a := range graph.Attributes() {
		keys = append(keys, graphmlKey{"e_" + a, "edge", a, "string"})
	}
	return append(keys,
		graphmlKey{"e_alleged", "edge", "alleged", "boolean"},
		graphmlKey{"e_confidence", "edge", "confidence", "double"},
		graphmlKey{"e_sources", "edge", "sources", "int"},
		graphmlKey{"e_documents", "edge", "documents", "int"},
	)
}

// WriteGraphML writes g as a directed GraphML graph: one node per entity
// (label, name, type, aliases joined by "|", mentions, documents) and one
// edge per relation (label and predicate, id, date and the relation's other
// attributes, alleged, confidence, sources: the pieces of evidence,
// documents: the distinct documents among them). Empty attributes are left
// out. The output is valid against the GraphML 1.0 schema.
func WriteGraphML(ctx context.Context, w io.Writer, g *Graph) error {
	const op graph.Op = "export.WriteGraphML"
	x := &xmlWriter{w: bufio.NewWriter(w)}
	x.raw(xml.Header)
	x.raw(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys() {
		x.raw(`  <key id="`)
		x.text(k.id)
		x.raw(`" for="` + k.domain + `" attr.name="`)
		x.text(k.name)
		x.raw(`" attr.type="` + k.typ + `"/>` + "\n")
	}
	x.raw(`  <graph id="cartelgraph" edgedefault="directed">` + "\n")
	err := g.eachNode(ctx, func(n Node) error {
		x.raw(`    <node id="`)
		x.text(n.ID)
		x.raw(`">` + "\n")
		x.data("n_label", n.Name)
		x.data("n_name", n.Name)
		x.data("n_type", string(n.Type))
		x.data("n_aliases", strings.Join(n.Aliases, "|"))
		x.data("n_mentions", strconv.Itoa(n.Mentions))
		x.data("n_documents", strconv.Itoa(n.Documents))
		x.raw("    </node>\n")
		return x.err
	})
	if err != nil {
		return graph.E(op, err)
	}
	err = g.eachEdge(ctx, func(r *graph.Relation) error {
		x.raw(`    <edge id="`)
		x.text(r.ID)
		x.raw(`" source="`)
		x.text(r.Subject)
		x.raw(`" target="`)
		x.text(r.Object)
		x.raw(`">` + "\n")
		x.data("e_label", string(r.Predicate))
		x.data("e_predicate", string(r.Predicate))
		x.data("e_id", r.ID)
		x.data("e_date", r.Date)
		for _, a := range graph.Attributes() {
			x.data("e_"+a, r.Attributes[a])
		}
		x.data("e_alleged", strconv.FormatBool(r.Alleged))
		x.data("e_confidence", formatFloat(r.Confidence))
		x.data("e_sources", strconv.Itoa(len(r.Evidence)))
		x.data("e_documents", strconv.Itoa(documentCount(r.Evidence)))
		x.raw("    </edge>\n")
		return x.err
	})
	if err != nil {
		return graph.E(op, err)
	}
	x.raw("  </graph>\n</graphml>\n")
	if x.err == nil {
		x.err = x.w.Flush()
	}
	if x.err != nil {
		return graph.E(op, x.err)
	}
	return nil
}

// xmlWriter writes XML text, keeping the first error.
type xmlWriter struct {
	w   *bufio.Writer
	err error
}

// raw writes s as it is: markup the caller knows to be well formed.
func (x *xmlWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// text writes s escaped for an attribute value or character data
// (encoding/xml.EscapeText: &, <, >, quotes, tabs and line breaks as
// character references, characters XML cannot hold as U+FFFD).
func (x *xmlWriter) text(s string) {
	if x.err == nil {
		x.err = xml.EscapeText(x.w, []byte(s))
	}
}

// data writes <data key="key">v</data>, or nothing when v is empty.
func (x *xmlWriter) data(key, v string) {
	if v == "" {
		return
	}
	x.raw(`      <data key="` + key + `">`)
	x.text(v)
	x.raw("</data>\n")
}

// formatFloat renders f in the shortest form that reads back the same.
func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}
