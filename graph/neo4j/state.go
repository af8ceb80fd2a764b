package neo4j

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// The derived fields of entities, facts and statements are kept up to date
// without reading what every document says of them: each keeps, beside its
// derived fields, the little it takes to add a document's contribution to
// them (the counts behind a majority vote). A write adds its documents'
// contributions to that state; only the removal of a document (a replaced
// version) derives the fields again from what the remaining documents say,
// which reads them all.

// entityState is what an entity's derived fields are made of: the best of
// the names its documents give, the union of their aliases, and how many of
// them give each type (Entity.typeVotes, a JSON object).
type entityState struct {
	name    string
	aliases []string // sorted, distinct
	votes   map[graph.Type]int
}

// add adds what one document says of the entity.
func (s *entityState) add(e graph.Entity) {
	s.name = graph.PreferName(s.name, e.Name)
	s.aliases = union(s.aliases, graph.Aliases(e.Name, e.Aliases))
	if s.votes == nil {
		s.votes = map[graph.Type]int{}
	}
	s.votes[e.Type]++
}

// entity derives the entity: the type most documents give, a tie going to
// the earlier in graph.Types().
func (s *entityState) entity(id string) (graph.Entity, error) {
	e := graph.Entity{ID: id, Name: s.name, Aliases: s.aliases}
	best := 0
	for _, t := range graph.Types() {
		if n := s.votes[t]; n > best {
			e.Type, best = t, n
		}
	}
	if e.Type == "" {
		return e, graph.E(graph.Internal, graph.Item(id), fmt.Sprintf("entity %s: no document gives it a known type", id))
	}
	return e, nil
}

// props are the properties of the entity's node: the derived ones and the
// type votes.
func (s *entityState) props(id string) (graph.Entity, map[string]any, error) {
	e, err := s.entity(id)
	if err != nil {
		return e, nil, err
	}
	votes, err := json.Marshal(s.votes)
	if err != nil {
		return e, nil, graph.E(graph.Internal, graph.Item(id), err)
	}
	p := entityProps(e)
	p["typeVotes"] = string(votes)
	return e, p, nil
}

// readEntityState reads the state of a stored entity from its properties
// (name, aliases, typeVotes); ok is false when it has none to read (an
// entity written before the store kept type votes).
func readEntityState(p map[string]any) (s *entityState, ok bool) {
	raw, _ := p["typeVotes"].(string)
	var votes map[graph.Type]int
	if raw == "" || json.Unmarshal([]byte(raw), &votes) != nil {
		return nil, false
	}
	return &entityState{name: str(p["name"]), aliases: uniqueSorted(strs(p["aliases"])), votes: votes}, true
}

// union returns the sorted union of two sorted, distinct lists.
func union(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// factState is what graph.Summarize needs of a fact's evidence, kept on its
// relationship: the number of pieces of evidence (sources), whether all are
// alleged (alleged), the product of their 1 - confidence (miss), and for the
// date and each attribute the values stated with the number of documents
// stating each and where each is first stated in evidence order (votes, a
// JSON object).
type factState struct {
	sources int
	alleged bool
	miss    float64
	votes   map[string][]vote // by attribute, graph.AttrDate included; by value
}

// vote is one value of an attribute of a fact.
type vote struct {
	Value string `json:"v"`
	// Docs counts the documents that state the value.
	Docs int `json:"n"`
	// Doc and Start are where the value is first stated in evidence order
	// (graph.SortEvidence): the least document, and the offset of its first
	// evidence there.
	Doc   string `json:"d"`
	Start int    `json:"s"`
}

// newFactState is the state of a fact without evidence.
func newFactState() *factState {
	return &factState{alleged: true, miss: 1, votes: map[string][]vote{}}
}

// summarised are the attributes Summarize derives: the date and graph.Attributes().
func summarised() []string {
	return append([]string{graph.AttrDate}, graph.Attributes()...)
}

// add adds the evidence one document gives of the fact, in SortEvidence
// order. A document is added once.
func (s *factState) add(doc string, ev []graph.Evidence) {
	for _, e := range ev {
		s.sources++
		s.alleged = s.alleged && e.Alleged
		s.miss *= 1 - math.Max(0, math.Min(1, e.Confidence))
	}
	for _, a := range summarised() {
		seen := map[string]bool{}
		for _, e := range ev {
			v := e.Attributes[a]
			if a == graph.AttrDate {
				v = e.Date
			}
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true // its first evidence in this document, which votes once
			i, found := slices.BinarySearchFunc(s.votes[a], v, func(x vote, v string) int { return strings.Compare(x.Value, v) })
			if !found {
				s.votes[a] = slices.Insert(s.votes[a], i, vote{Value: v, Docs: 1, Doc: doc, Start: e.Start})
				continue
			}
			x := &s.votes[a][i]
			x.Docs++
			if doc < x.Doc {
				x.Doc, x.Start = doc, e.Start
			}
		}
	}
}

// roundingMargin is how close to a rounding boundary the confidence of the
// running product may be before the summary is derived from the evidence
// itself: the product is taken in another order than Summarize's, which may
// differ in the last bits.
const roundingMargin = 1e-6

// summary derives the properties Summarize gives the fact, as summary()
// writes them. ok is false when the state cannot tell them apart from
// Summarize's: two values as frequent as each other first stated at one
// offset of one document (Summarize then compares the sentences), or a
// confidence of more than two sources within roundingMargin of a rounding
// boundary.
func (s *factState) summary() (map[string]any, bool) {
	m := map[string]any{
		"alleged": s.sources > 0 && s.alleged,
		"sources": int64(s.sources),
	}
	x := (1 - s.miss) * 1000
	if s.sources > 2 && math.Abs(x-math.Floor(x)-0.5) < roundingMargin {
		return nil, false // two factors multiply alike in either order
	}
	m["confidence"] = math.Round(x) / 1000
	for _, a := range summarised() {
		var best *vote
		tie := false
		for i := range s.votes[a] {
			v := &s.votes[a][i]
			switch {
			case best == nil || v.Docs > best.Docs || v.Docs == best.Docs && (v.Doc < best.Doc || v.Doc == best.Doc && v.Start < best.Start):
				best, tie = v, false
			case v.Docs == best.Docs && v.Doc == best.Doc && v.Start == best.Start:
				tie = true
			}
		}
		if tie {
			return nil, false
		}
		if best == nil {
			m[a] = nil
		} else {
			m[a] = best.Value
		}
	}
	return m, true
}

// props adds to a summary the state it was derived from.
func (s *factState) props(summary map[string]any) (map[string]any, error) {
	votes, err := json.Marshal(s.votes)
	if err != nil {
		return nil, err
	}
	summary["miss"] = s.miss
	summary["votes"] = string(votes)
	return summary, nil
}

// factStateOf is the state of a fact with the given evidence, in
// SortEvidence order.
func factStateOf(ev []graph.Evidence) *factState {
	s := newFactState()
	for i := 0; i < len(ev); {
		j := i + 1
		for j < len(ev) && ev[j].Document == ev[i].Document {
			j++
		}
		s.add(ev[i].Document, ev[i:j])
		i = j
	}
	return s
}

// readFactState reads the state of a stored fact from its properties; ok is
// false when it has none to read (a fact written before the store kept it).
func readFactState(p map[string]any) (s *factState, ok bool) {
	raw, _ := p["votes"].(string)
	miss, isFloat := p["miss"].(float64)
	if raw == "" || !isFloat {
		return nil, false
	}
	s = &factState{sources: integer(p["sources"]), alleged: boolean(p["alleged"]), miss: miss}
	if json.Unmarshal([]byte(raw), &s.votes) != nil {
		return nil, false
	}
	if s.votes == nil {
		s.votes = map[string][]vote{}
	}
	return s, true
}

// statementState is what a statement's derived fields are made of: the best
// of the texts its documents give, the number of pieces of evidence, and the
// entities any of them says it is about.
type statementState struct {
	text    string
	sources int
	about   []string // sorted, distinct
}

// add adds what one document says of the statement.
func (s *statementState) add(st graph.Statement) {
	s.text = graph.PreferName(s.text, st.Text)
	s.sources += len(st.Evidence)
	s.about = union(s.about, uniqueSorted(st.About))
}

// props are the properties of the statement's node.
func (s *statementState) props() map[string]any {
	return map[string]any{"text": s.text, "textKey": graph.Key(s.text), "sources": int64(s.sources)}
}
