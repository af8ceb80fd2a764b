package graph_test

import (
	"reflect"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// TestCloneIsDeep changes every shared part of a clone and checks the
// original keeps its values.
func TestCloneIsDeep(t *testing.T) {
	ev := func() []graph.Evidence {
		return []graph.Evidence{{Document: "d", Sentence: "s", Attributes: map[string]string{graph.AttrTitle: "President"}}}
	}
	x := &graph.Extraction{
		Document:   graph.Document{ID: "d"},
		Entities:   []graph.Entity{{ID: "a", Name: "A", Type: graph.Person, Aliases: []string{"A"}}},
		Mentions:   []graph.Mention{{Entity: "a", Count: 1}},
		Relations:  []graph.Relation{{Subject: "a", Predicate: graph.HoldsPosition, Object: "b", Attributes: map[string]string{"k": "v"}, Evidence: ev()}},
		Statements: []graph.Statement{{Speaker: "a", Text: "t", About: []string{"b"}, Evidence: ev()}},
	}
	want := x.Clone()
	c := x.Clone()
	c.Entities[0].Aliases[0] = "changed"
	c.Mentions[0].Count = 9
	c.Relations[0].Attributes["k"] = "changed"
	c.Relations[0].Evidence[0].Attributes[graph.AttrTitle] = "changed"
	c.Statements[0].About[0] = "changed"
	c.Statements[0].Evidence[0].Sentence = "changed"
	if !reflect.DeepEqual(x, want) {
		t.Errorf("changing the clone changed the original: %+v", x)
	}
}
