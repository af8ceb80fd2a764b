package neo4j

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
)

// run runs one query in tx and collects its records.
func run(ctx context.Context, tx neo4jdrv.ManagedTransaction, query string, params map[string]any) ([]*neo4jdrv.Record, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// str reads a string value; null is "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// integer reads an integer value; null is 0.
func integer(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

// float reads a float value; null is 0.
func float(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

// boolean reads a boolean value; null is false.
func boolean(v any) bool {
	b, _ := v.(bool)
	return b
}

// strs reads a list of strings; null is nil.
func strs(v any) []string {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// props reads a map value; null is nil.
func props(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// list reads a list value.
func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// optional returns nil for "", so that an empty field is no property.
func optional(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// anyStrings makes a parameter of a list of strings, never null.
func anyStrings[S ~string](ss []S) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// uniqueSorted returns the distinct strings of ss in Go's order.
func uniqueSorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

// entityProjection is the Cypher map projection of an entity node named e.
const entityProjection = "e {.id, .name, .type, .aliases}"

// toEntity reads an entityProjection.
func toEntity(v any) *graph.Entity {
	m := props(v)
	return &graph.Entity{
		ID:      str(m["id"]),
		Name:    str(m["name"]),
		Type:    graph.Type(str(m["type"])),
		Aliases: strs(m["aliases"]),
	}
}

// sortEntities sorts entities by ID.
func sortEntities(es []*graph.Entity) {
	sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
}

// toDocument reads the properties of a Document node.
func toDocument(v any) *graph.Document {
	m := props(v)
	return &graph.Document{
		ID:        str(m["id"]),
		Source:    str(m["source"]),
		Name:      str(m["name"]),
		Title:     str(m["title"]),
		Publisher: str(m["publisher"]),
		Author:    str(m["author"]),
		URL:       str(m["url"]),
		Published: str(m["published"]),
	}
}

// documentProps are the properties of a document's node.
func documentProps(d graph.Document) map[string]any {
	return map[string]any{
		"id":        d.ID,
		"source":    optional(d.Source),
		"name":      optional(d.Name),
		"title":     optional(d.Title),
		"publisher": optional(d.Publisher),
		"author":    optional(d.Author),
		"url":       optional(d.URL),
		"published": optional(d.Published),
	}
}

// isAttribute reports whether a is one of graph.Attributes(), which are
// properties of their own on evidence and relationships.
func isAttribute(a string) bool {
	return slices.Contains(graph.Attributes(), a)
}

// evidenceProps are the properties of an Evidence node: e as document doc
// gives it of the fact id with predicate p.
func evidenceProps(id, fact string, p string, e graph.Evidence) (map[string]any, error) {
	m := map[string]any{
		"id":         id,
		"fact":       fact,
		"predicate":  p,
		"document":   e.Document,
		"sentence":   e.Sentence,
		"start":      int64(e.Start),
		"end":        int64(e.End),
		"date":       optional(e.Date),
		"confidence": e.Confidence,
		"alleged":    e.Alleged,
	}
	var other map[string]string
	for k, v := range e.Attributes {
		if isAttribute(k) {
			m[k] = v
			continue
		}
		if other == nil {
			other = map[string]string{}
		}
		other[k] = v
	}
	if other != nil {
		b, err := json.Marshal(other)
		if err != nil {
			return nil, err
		}
		m["otherAttributes"] = string(b)
	}
	return m, nil
}

// toEvidence reads the properties of an Evidence node.
func toEvidence(v any) (graph.Evidence, error) {
	m := props(v)
	e := graph.Evidence{
		Document:   str(m["document"]),
		Sentence:   str(m["sentence"]),
		Start:      integer(m["start"]),
		End:        integer(m["end"]),
		Date:       str(m["date"]),
		Confidence: float(m["confidence"]),
		Alleged:    boolean(m["alleged"]),
	}
	for _, a := range graph.Attributes() {
		if v, ok := m[a].(string); ok {
			if e.Attributes == nil {
				e.Attributes = map[string]string{}
			}
			e.Attributes[a] = v
		}
	}
	if raw := str(m["otherAttributes"]); raw != "" {
		var other map[string]string
		if err := json.Unmarshal([]byte(raw), &other); err != nil {
			return e, graph.E(graph.Internal, graph.Item(str(m["id"])), fmt.Errorf("evidence otherAttributes: %w", err))
		}
		for k, v := range other {
			if e.Attributes == nil {
				e.Attributes = map[string]string{}
			}
			e.Attributes[k] = v
		}
	}
	return e, nil
}

// toEvidenceList reads a list of Evidence properties, in SortEvidence order.
func toEvidenceList(v any) ([]graph.Evidence, error) {
	var out []graph.Evidence
	for _, x := range list(v) {
		e, err := toEvidence(x)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	graph.SortEvidence(out)
	return out, nil
}

// relationTypes is the Cypher union of every predicate, A|B|..., from the ontology.
func relationTypes() string {
	var b []byte
	for i, rt := range graph.RelationTypes() {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, rt.Predicate...)
	}
	return string(b)
}

// entityLabels is the Cypher list of every type label, :A:B:..., from the ontology.
func entityLabels(except graph.Type) string {
	var b []byte
	for _, t := range graph.Types() {
		if t != except {
			b = append(b, ':')
			b = append(b, t...)
		}
	}
	return string(b)
}
