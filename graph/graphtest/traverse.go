package graphtest

import (
	"context"
	"fmt"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

func testTraverse(t *testing.T, s graph.Store) {
	t.Run("Neighborhood", func(t *testing.T) { testNeighborhood(t, s) })
	t.Run("Path", func(t *testing.T) { testPath(t, s) })
}

func testNeighborhood(t *testing.T, s graph.Store) {
	structural := []graph.Predicate{graph.OperatesIn, graph.PartOf}
	cases := []struct {
		name       string
		id         string
		depth      int
		predicates []graph.Predicate
		nodes      []string
		edges      []string
	}{
		{"depth 0", Valdoria, 0, nil, []string{Valdoria}, nil},
		// Halcones PART_OF GolfoNorte joins two neighbours, so it is an edge too.
		{"depth 1", Valdoria, 1, nil, sorted(Valdoria, Halcones, HerreraTown, GolfoNorte),
			sorted(rHalValdoria, rTownVal, rAccused, rHalGolfo)},
		{"depth 1, predicates", Valdoria, 1, structural, sorted(Valdoria, Halcones, HerreraTown),
			sorted(rHalValdoria, rTownVal)},
		{"depth 2, predicates", Valdoria, 2, structural, sorted(Valdoria, Halcones, HerreraTown, GolfoNorte),
			sorted(rHalValdoria, rTownVal, rHalGolfo)},
		{"depth 2", Valdoria, 2, nil,
			sorted(Valdoria, Halcones, HerreraTown, GolfoNorte, TomasHerrera, UnitedStates, Mexico, PuertoSombra),
			sorted(rHalValdoria, rTownVal, rAccused, rHalGolfo, rLeadsHal, rLeadsGolfo, rDesignated, rSanctioned,
				rGolfoMexico, rGolfoPuerto, rPuertoMex, rCooperates)},
		{"following relations backwards", ElenaVargas, 2, nil, sorted(ElenaVargas, StateDept, UnitedStates), sorted(rVargas, rStateUS)},
		{"isolated", IslaQuieta, 3, nil, []string{IslaQuieta}, nil},
		{"no relation of the predicate", Valdoria, 2, []graph.Predicate{graph.Issued}, []string{Valdoria}, nil},
	}
	for _, c := range cases {
		g, err := s.Neighborhood(context.Background(), c.id, c.depth, c.predicates)
		if !check(t, c.name, err) {
			continue
		}
		if !sameStrings(entityIDs(g.Nodes), c.nodes) || !sameStrings(relationIDs(g.Edges), c.edges) {
			t.Errorf("%s: Neighborhood(%s, %d, %v) = nodes %v edges %v, want %v and %v",
				c.name, c.id, c.depth, c.predicates, entityIDs(g.Nodes), relationIDs(g.Edges), c.nodes, c.edges)
		}
	}
	g, err := s.Neighborhood(context.Background(), ElenaVargas, 1, nil)
	if check(t, "Neighborhood", err) && len(g.Edges) == 1 {
		want := relation(t, s, rVargas)
		if d := Diff(g.Edges[0], want); d != "" {
			t.Errorf("Neighborhood edges differ from Relations: %s", d)
		}
		if g.Nodes[0].Name != "Department of State" || len(g.Nodes[0].Aliases) != 2 {
			t.Errorf("Neighborhood nodes are incomplete: %+v", g.Nodes[0])
		}
	}
	_, err = s.Neighborhood(context.Background(), "nobody", 1, nil)
	wantKind(t, "Neighborhood of an unknown entity", err, graph.NotFound)
	_, err = s.Neighborhood(context.Background(), Valdoria, -1, nil)
	wantKind(t, "Neighborhood with a negative depth", err, graph.Invalid)
}

func testPath(t *testing.T, s graph.Store) {
	// Of two relations between UnitedStates and GolfoNorte a path takes the lesser ID.
	usGolfo := min(rDesignated, rSanctioned)
	cases := []struct {
		name     string
		from, to string
		maxHops  int
		nodes    []string // in path order
		edges    []string // in hop order
	}{
		{"three hops, some backwards", Valdoria, StateDept, 3,
			[]string{Valdoria, GolfoNorte, UnitedStates, StateDept}, []string{rAccused, usGolfo, rStateUS}},
		{"more hops allowed than needed", Valdoria, StateDept, 10,
			[]string{Valdoria, GolfoNorte, UnitedStates, StateDept}, []string{rAccused, usGolfo, rStateUS}},
		{"too few hops allowed", Valdoria, StateDept, 2, nil, nil},
		// Two shortest paths, through GolfoNorte and through Mexico: the lesser IDs win.
		{"tie", PuertoSombra, UnitedStates, 2, []string{PuertoSombra, GolfoNorte, UnitedStates}, []string{rGolfoPuerto, usGolfo}},
		{"tie, other way", UnitedStates, PuertoSombra, 5, []string{UnitedStates, GolfoNorte, PuertoSombra}, []string{usGolfo, rGolfoPuerto}},
		{"one hop", AnaBeltran, UnitedStates, 1, []string{AnaBeltran, UnitedStates}, []string{rOpposes}},
		{"no path", IslaQuieta, Valdoria, 10, nil, nil},
		{"same entity", Valdoria, Valdoria, 0, []string{Valdoria}, nil},
		{"zero hops", Valdoria, HerreraTown, 0, nil, nil},
	}
	for _, c := range cases {
		g, err := s.Path(context.Background(), c.from, c.to, c.maxHops)
		if !check(t, c.name, err) {
			continue
		}
		if g == nil {
			t.Errorf("%s: Path returned nil, want an empty Subgraph", c.name)
			continue
		}
		if !sameStrings(entityIDs(g.Nodes), c.nodes) || !sameStrings(relationIDs(g.Edges), c.edges) {
			t.Errorf("%s: Path(%s, %s, %d) = nodes %v edges %v, want %v and %v",
				c.name, c.from, c.to, c.maxHops, entityIDs(g.Nodes), relationIDs(g.Edges), c.nodes, c.edges)
		}
	}
	g, err := s.Path(context.Background(), AnaBeltran, UnitedStates, 1)
	if check(t, "Path", err) && len(g.Edges) == 1 {
		if d := Diff(g.Edges[0], relation(t, s, rOpposes)); d != "" {
			t.Errorf("Path edges differ from Relations: %s", d)
		}
	}
	for _, c := range []struct {
		from, to string
		maxHops  int
		kind     graph.Kind
	}{
		{"nobody", Valdoria, 3, graph.NotFound},
		{Valdoria, "nobody", 3, graph.NotFound},
		{Valdoria, StateDept, -1, graph.Invalid},
	} {
		_, err := s.Path(context.Background(), c.from, c.to, c.maxHops)
		wantKind(t, fmt.Sprintf("Path(%s, %s, %d)", c.from, c.to, c.maxHops), err, c.kind)
	}
}
