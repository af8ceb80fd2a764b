package graph_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

func TestError(t *testing.T) {
	inner := graph.E(graph.Op("neo4j.Write"), graph.Unavailable, "connection refused")
	cases := []struct {
		name string
		err  error
		msg  string
		kind graph.Kind
	}{
		{"all parts", graph.E(graph.Op("loader.Read"), graph.Invalid, graph.Item("a.json"), graph.Line(3), "bad field"),
			"a.json:3: loader.Read: bad field", graph.Invalid},
		{"item without line", graph.E(graph.Op("x.Y"), graph.NotFound, graph.Item("sinaloa-cartel")),
			"sinaloa-cartel: x.Y: not found", graph.NotFound},
		{"kind only", graph.E(graph.Permission), "permission denied", graph.Permission},
		{"wrapped error", graph.E(graph.Op("x.Open"), io.EOF), "x.Open: EOF", graph.Other},
		{"kind lent by the inner error", graph.E(graph.Op("loader.Load"), inner),
			"loader.Load: neo4j.Write: connection refused", graph.Unavailable},
		{"own kind wins", graph.E(graph.Internal, inner), "neo4j.Write: connection refused", graph.Internal},
		{"through fmt wrapping", fmt.Errorf("load: %w", inner), "load: neo4j.Write: connection refused", graph.Unavailable},
		{"plain error", errors.New("x"), "x", graph.Other},
		{"nil", nil, "", graph.Other},
	}
	for _, c := range cases {
		if got := graph.KindOf(c.err); got != c.kind {
			t.Errorf("%s: KindOf = %v, want %v", c.name, got, c.kind)
		}
		if c.err != nil && c.err.Error() != c.msg {
			t.Errorf("%s: Error() = %q, want %q", c.name, c.err.Error(), c.msg)
		}
	}
	if !errors.Is(graph.E(graph.Op("x"), io.EOF), io.EOF) {
		t.Errorf("E does not unwrap to its cause")
	}
	// KindOf looks past *Errors that have no kind of their own.
	deep := &graph.Error{Op: "outer", Err: &graph.Error{Op: "middle", Err: &graph.Error{Kind: graph.NotFound}}}
	if graph.KindOf(deep) != graph.NotFound {
		t.Errorf("KindOf(deep) = %v, want not found", graph.KindOf(deep))
	}
	for k, want := range map[graph.Kind]string{graph.Other: "error", graph.Invalid: "invalid input",
		graph.Unavailable: "unavailable", graph.Internal: "internal error"} {
		if k.String() != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), want)
		}
	}
}
