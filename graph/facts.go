package graph

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// SortEvidence puts evidence in its canonical order: by document, then offset,
// then sentence. Every store returns evidence in this order.
func SortEvidence(ev []Evidence) {
	sort.SliceStable(ev, func(i, j int) bool {
		a, b := ev[i], ev[j]
		if a.Document != b.Document {
			return a.Document < b.Document
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.Sentence < b.Sentence
	})
}

// Summarize sorts r's evidence and derives the relation-level fields from it,
// the same way in every store:
//   - each attribute (and the date) takes the value most documents state, ties
//     going to the first in evidence order;
//   - Alleged is true only when every source reports the fact as alleged;
//   - Confidence combines the sources' confidences as independent evidence
//     (1 - Π(1-c)), so a fact stated by more sources is more certain.
func Summarize(r *Relation) {
	SortEvidence(r.Evidence)
	r.Attributes = nil
	r.Date = majority(r.Evidence, func(e Evidence) string { return e.Date })
	for _, a := range Attributes() {
		if v := majority(r.Evidence, func(e Evidence) string { return e.Attributes[a] }); v != "" {
			if r.Attributes == nil {
				r.Attributes = map[string]string{}
			}
			r.Attributes[a] = v
		}
	}
	if r.Date != "" {
		if r.Attributes == nil {
			r.Attributes = map[string]string{}
		}
		r.Attributes[AttrDate] = r.Date
	}
	r.Alleged = len(r.Evidence) > 0
	miss := 1.0
	for _, e := range r.Evidence {
		r.Alleged = r.Alleged && e.Alleged
		miss *= 1 - clamp(e.Confidence)
	}
	r.Confidence = math.Round((1-miss)*1000) / 1000
}

func clamp(c float64) float64 {
	return math.Max(0, math.Min(1, c))
}

// majority returns the value stated by the most documents (a document that
// states a value in two sentences counts once), ties going to the value
// stated first in evidence order.
func majority(ev []Evidence, value func(Evidence) string) string {
	docs := map[string]map[string]bool{}
	var order []string
	for _, e := range ev {
		v := value(e)
		if v == "" {
			continue
		}
		if docs[v] == nil {
			docs[v] = map[string]bool{}
			order = append(order, v)
		}
		docs[v][e.Document] = true
	}
	best, n := "", 0
	for _, v := range order {
		if len(docs[v]) > n {
			best, n = v, len(docs[v])
		}
	}
	return best
}

// Conflict is a fact on which sources disagree: the same relation with
// incompatible values of one attribute, each value with the sources that state it.
type Conflict struct {
	Relation  *Relation       `json:"relation"`
	Attribute string          `json:"attribute"`
	Values    []ConflictValue `json:"values"`
}

// ConflictValue is one side of a Conflict.
type ConflictValue struct {
	Value   string     `json:"value"`
	Sources []Evidence `json:"sources"`
}

// Conflicts returns the disagreements among r's sources on the attributes its
// relation type marks as Conflicting. Two dates conflict when neither is a
// prefix of the other ("2025-01-20" and "2025-02"; not "2025" and "2025-02");
// two other values conflict when, compared by Key, neither contains the other
// ("President" and "capital mayor"; not "President" and "President of Mexico").
func Conflicts(r *Relation) []Conflict {
	rt, ok := LookupRelation(r.Predicate)
	if !ok {
		return nil
	}
	var out []Conflict
	for _, attr := range rt.Conflicting {
		var groups []ConflictValue
		for _, e := range r.Evidence {
			v := e.Attributes[attr]
			if attr == AttrDate {
				v = e.Date
			}
			if v == "" {
				continue
			}
			i := 0
			for i < len(groups) && groups[i].Value != v {
				i++
			}
			if i == len(groups) {
				groups = append(groups, ConflictValue{Value: v})
			}
			groups[i].Sources = append(groups[i].Sources, e)
		}
		if disagree(attr, groups) {
			sort.SliceStable(groups, func(i, j int) bool { return groups[i].Value < groups[j].Value })
			out = append(out, Conflict{Relation: r, Attribute: attr, Values: groups})
		}
	}
	return out
}

func disagree(attr string, groups []ConflictValue) bool {
	for i := range groups {
		for j := i + 1; j < len(groups); j++ {
			if !compatible(attr, groups[i].Value, groups[j].Value) {
				return true
			}
		}
	}
	return false
}

func compatible(attr, a, b string) bool {
	if attr == AttrDate {
		return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
	}
	ka, kb := Key(a), Key(b)
	return strings.Contains(ka, kb) || strings.Contains(kb, ka)
}

// Normalize completes an extraction before it is written: it fills in the IDs
// (entities from their names, relations, statements, the mention's document),
// merges duplicate entities, relations, statements and mentions, sorts
// everything into its canonical order and summarises the relations. Normalize
// is idempotent; the stores call it, so callers need not.
func (x *Extraction) Normalize() {
	doc := x.Document.ID
	ents := map[string]*Entity{}
	for _, e := range x.Entities {
		if e.ID == "" {
			e.ID = Slug(e.Name)
		}
		if have, ok := ents[e.ID]; ok {
			have.Name = PreferName(have.Name, e.Name)
			have.Aliases = append(append(have.Aliases, e.Name), e.Aliases...) // the losing spelling stays an alias
			continue
		}
		e := e
		e.Aliases = append([]string(nil), e.Aliases...)
		ents[e.ID] = &e
	}
	x.Entities = x.Entities[:0]
	for _, e := range ents {
		e.Aliases = Aliases(e.Name, e.Aliases)
		x.Entities = append(x.Entities, *e)
	}
	sort.Slice(x.Entities, func(i, j int) bool { return x.Entities[i].ID < x.Entities[j].ID })

	counts := map[string]int{}
	for _, m := range x.Mentions {
		counts[m.Entity] += m.Count
	}
	for _, e := range x.Entities {
		if counts[e.ID] < 1 {
			counts[e.ID] = 1 // every entity of a document is mentioned at least once
		}
	}
	x.Mentions = x.Mentions[:0]
	for id, n := range counts {
		x.Mentions = append(x.Mentions, Mention{Document: doc, Entity: id, Count: n})
	}
	sort.Slice(x.Mentions, func(i, j int) bool { return x.Mentions[i].Entity < x.Mentions[j].Entity })

	rels := map[string]*Relation{}
	for _, r := range x.Relations {
		r.ID = RelationID(r.Subject, r.Predicate, r.Object)
		if have, ok := rels[r.ID]; ok {
			have.Evidence = append(have.Evidence, r.Evidence...)
			continue
		}
		r := r
		r.Evidence = append([]Evidence(nil), r.Evidence...)
		rels[r.ID] = &r
	}
	x.Relations = x.Relations[:0]
	for _, r := range rels {
		for i := range r.Evidence {
			e := &r.Evidence[i]
			e.Document = doc
			if d, ok := e.Attributes[AttrDate]; ok {
				if e.Date == "" {
					e.Date = d
				}
				e.Attributes = withoutKey(e.Attributes, AttrDate)
			}
		}
		r.Evidence = dedupEvidence(r.Evidence)
		Summarize(r)
		x.Relations = append(x.Relations, *r)
	}
	sort.Slice(x.Relations, func(i, j int) bool { return x.Relations[i].ID < x.Relations[j].ID })

	stms := map[string]*Statement{}
	for _, s := range x.Statements {
		s.ID = StatementID(s.Speaker, s.Text)
		if have, ok := stms[s.ID]; ok {
			have.About = append(have.About, s.About...)
			have.Evidence = append(have.Evidence, s.Evidence...)
			continue
		}
		s := s
		s.About = append([]string(nil), s.About...)
		s.Evidence = append([]Evidence(nil), s.Evidence...)
		stms[s.ID] = &s
	}
	x.Statements = x.Statements[:0]
	for _, s := range stms {
		for i := range s.Evidence {
			s.Evidence[i].Document = doc
		}
		s.About = uniqueSorted(s.About)
		SortEvidence(s.Evidence)
		s.Evidence = dedupEvidence(s.Evidence)
		x.Statements = append(x.Statements, *s)
	}
	sort.Slice(x.Statements, func(i, j int) bool { return x.Statements[i].ID < x.Statements[j].ID })
}

// withoutKey returns a copy of m without key k, or nil when nothing is left.
func withoutKey(m map[string]string, k string) map[string]string {
	var out map[string]string
	for kk, v := range m {
		if kk != k {
			if out == nil {
				out = map[string]string{}
			}
			out[kk] = v
		}
	}
	return out
}

// dedupEvidence sorts ev and drops repeated sources at the same offset.
func dedupEvidence(ev []Evidence) []Evidence {
	SortEvidence(ev)
	out := ev[:0]
	for i, e := range ev {
		if i > 0 && e.Document == ev[i-1].Document && e.Start == ev[i-1].Start && e.Sentence == ev[i-1].Sentence {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Aliases returns the sorted, de-duplicated surface forms of an entity,
// including its name.
func Aliases(name string, aliases []string) []string {
	return uniqueSorted(append([]string{name}, aliases...))
}

func uniqueSorted(ss []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Validate checks a normalised extraction: a document ID, known entity types,
// relations between entities the extraction names with types their relation
// type allows, and evidence on every relation and statement. The error names
// the field at fault.
func (x *Extraction) Validate() error {
	const op Op = "graph.Validate"
	item := Item(x.Document.Name)
	if item == "" {
		item = Item(x.Document.Source)
	}
	if x.Document.ID == "" {
		return E(op, Invalid, item, "document: no id")
	}
	types := map[string]Type{}
	for i, e := range x.Entities {
		if e.ID == "" || e.Name == "" {
			return E(op, Invalid, item, fmt.Sprintf("entities[%d]: no name", i))
		}
		if !e.Type.Valid() {
			return E(op, Invalid, item, fmt.Sprintf("entities[%d] %q: unknown type %q (want one of %v)", i, e.Name, e.Type, Types()))
		}
		types[e.ID] = e.Type
	}
	for i, r := range x.Relations {
		rt, ok := LookupRelation(r.Predicate)
		if !ok {
			return E(op, Invalid, item, fmt.Sprintf("relations[%d]: unknown predicate %q", i, r.Predicate))
		}
		st, ok1 := types[r.Subject]
		ot, ok2 := types[r.Object]
		if !ok1 || !ok2 {
			return E(op, Invalid, item, fmt.Sprintf("relations[%d] %s %s %s: subject and object must be entities of the document", i, r.Subject, r.Predicate, r.Object))
		}
		if !rt.Allows(st, ot) {
			return E(op, Invalid, item, fmt.Sprintf("relations[%d]: %s cannot go from a %s to a %s", i, r.Predicate, st, ot))
		}
		if len(r.Evidence) == 0 {
			return E(op, Invalid, item, fmt.Sprintf("relations[%d] %s %s %s: no evidence", i, r.Subject, r.Predicate, r.Object))
		}
	}
	for i, s := range x.Statements {
		if types[s.Speaker] != Person {
			return E(op, Invalid, item, fmt.Sprintf("statements[%d]: speaker %q is not a Person of the document", i, s.Speaker))
		}
		if strings.TrimSpace(s.Text) == "" || len(s.Evidence) == 0 {
			return E(op, Invalid, item, fmt.Sprintf("statements[%d]: no text or no evidence", i))
		}
		for _, a := range s.About {
			if _, ok := types[a]; !ok {
				return E(op, Invalid, item, fmt.Sprintf("statements[%d]: about %q is not an entity of the document", i, a))
			}
		}
	}
	for i, m := range x.Mentions {
		if _, ok := types[m.Entity]; !ok || m.Count < 1 {
			return E(op, Invalid, item, fmt.Sprintf("mentions[%d]: %q is not an entity of the document or count < 1", i, m.Entity))
		}
	}
	return nil
}
