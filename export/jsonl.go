package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/cartelgraph/cartelgraph/graph"
)

// The kinds of the lines of the JSON Lines export.
const (
	KindNode      = "node"
	KindEdge      = "edge"
	KindStatement = "statement"
	KindDocument  = "document"
	KindMention   = "mention"
)

// NodeLine is a line of kind "node": an entity (graph.Entity's fields) with
// how often the documents name it.
type NodeLine struct {
	Kind string `json:"kind"`
	graph.Entity
	// Mentions sums the mention counts of the documents that name it.
	Mentions int `json:"mentions"`
	// Documents counts the documents that name it.
	Documents int `json:"documents"`
}

// EdgeLine is a line of kind "edge": a relation (graph.Relation's fields:
// id, subject, predicate, object, attributes, date, alleged, confidence, and
// evidence, each with its document, sentence, offsets, date, confidence,
// alleged and attributes) with its counts of evidence and documents.
type EdgeLine struct {
	Kind string `json:"kind"`
	graph.Relation
	// Sources counts the evidence.
	Sources int `json:"sources"`
	// Documents counts the distinct documents of the evidence.
	Documents int `json:"documents"`
}

// StatementLine is a line of kind "statement": graph.Statement's fields.
type StatementLine struct {
	Kind string `json:"kind"`
	graph.Statement
}

// DocumentLine is a line of kind "document": graph.Document's fields.
type DocumentLine struct {
	Kind string `json:"kind"`
	graph.Document
}

// MentionLine is a line of kind "mention": graph.Mention's fields.
type MentionLine struct {
	Kind string `json:"kind"`
	graph.Mention
}

// WriteJSONL writes g as JSON Lines, one object a line, each with a "kind":
// the nodes (NodeLine), then the edges with their evidence (EdgeLine), the
// statements (StatementLine), the documents (DocumentLine) and the mentions
// (MentionLine), each kind in ID order (mentions by entity, then document).
// The field names are those of the graph package's JSON.
func WriteJSONL(ctx context.Context, w io.Writer, g *Graph) error {
	const op graph.Op = "export.WriteJSONL"
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := g.eachNode(ctx, func(n Node) error {
		return enc.Encode(NodeLine{Kind: KindNode, Entity: *n.Entity, Mentions: n.Mentions, Documents: n.Documents})
	})
	if err == nil {
		err = g.eachEdge(ctx, func(r *graph.Relation) error {
			return enc.Encode(EdgeLine{Kind: KindEdge, Relation: *r, Sources: len(r.Evidence), Documents: documentCount(r.Evidence)})
		})
	}
	if err == nil {
		err = g.eachStatement(ctx, func(s *graph.Statement) error {
			return enc.Encode(StatementLine{Kind: KindStatement, Statement: *s})
		})
	}
	if err == nil {
		err = g.eachDocument(ctx, func(d *graph.Document) error {
			return enc.Encode(DocumentLine{Kind: KindDocument, Document: *d})
		})
	}
	if err == nil {
		err = g.eachMention(ctx, func(m graph.Mention) error {
			return enc.Encode(MentionLine{Kind: KindMention, Mention: m})
		})
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return graph.E(op, err)
	}
	return nil
}
