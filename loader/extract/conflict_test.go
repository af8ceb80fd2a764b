package extract

import (
	"sort"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// TestConflicts merges the evidence of the dev corpus's extractions by fact
// (graph.RelationID) and checks that graph.Conflicts reports the two
// disagreements between its sources: the date of the designation of Tren de
// Aragua (January 20 in one article, February in others) and Claudia
// Sheinbaum's post (President in four articles, Mexico's "capital mayor" in one).
func TestConflicts(t *testing.T) {
	merged := map[string]*graph.Relation{}
	for _, ex := range extractCorpus(t) {
		for _, r := range ex.Relations {
			m, ok := merged[r.ID]
			if !ok {
				r := r
				r.Evidence = append([]graph.Evidence(nil), r.Evidence...)
				merged[r.ID] = &r
				continue
			}
			m.Evidence = append(m.Evidence, r.Evidence...)
		}
	}
	tests := []struct {
		subject   string
		predicate graph.Predicate
		object    string
		attribute string
		values    []string
	}{
		{"united-states", graph.Designated, "tren-de-aragua", graph.AttrDate, []string{"2025-01-20", "2025-02"}},
		{"claudia-sheinbaum", graph.HoldsPosition, "mexico", graph.AttrTitle, []string{"President", "capital mayor"}},
	}
	for _, tt := range tests {
		r, ok := merged[graph.RelationID(tt.subject, tt.predicate, tt.object)]
		if !ok {
			t.Errorf("no fact %s %s %s in the corpus", tt.subject, tt.predicate, tt.object)
			continue
		}
		graph.Summarize(r)
		var found *graph.Conflict
		for _, c := range graph.Conflicts(r) {
			if c.Attribute == tt.attribute {
				c := c
				found = &c
			}
		}
		if found == nil {
			t.Errorf("%s %s %s: no conflict on %s; evidence %+v", tt.subject, tt.predicate, tt.object, tt.attribute, r.Evidence)
			continue
		}
		var values []string
		docs := map[string]bool{}
		for _, v := range found.Values {
			values = append(values, v.Value)
			for _, e := range v.Sources {
				docs[e.Document] = true
			}
		}
		sort.Strings(values)
		if len(values) != len(tt.values) || values[0] != tt.values[0] || values[1] != tt.values[1] {
			t.Errorf("%s %s %s: conflicting %s values %q, want %q", tt.subject, tt.predicate, tt.object, tt.attribute, values, tt.values)
		}
		if len(docs) < 2 {
			t.Errorf("%s %s %s: the conflict's sources come from %d document(s), want several", tt.subject, tt.predicate, tt.object, len(docs))
		}
	}
}
