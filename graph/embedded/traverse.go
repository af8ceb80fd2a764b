package embedded

import (
	"context"
	"fmt"
	"slices"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Neighborhood returns the entity id and everything within depth relations of
// it, by breadth-first search over the adjacency sets.
func (s *Store) Neighborhood(ctx context.Context, id string, depth int, predicates []graph.Predicate) (*graph.Subgraph, error) {
	const op graph.Op = "embedded.Neighborhood"
	if depth < 0 {
		return nil, graph.E(op, graph.Invalid, graph.Item("depth"), fmt.Sprintf("depth %d is negative", depth))
	}
	var out *graph.Subgraph
	err := s.read(ctx, op, func(g *memGraph) error {
		if g.entities[id] == nil {
			return graph.E(graph.NotFound, graph.Item(id), "no such entity")
		}
		follow := func(r *relation) bool { return len(predicates) == 0 || slices.Contains(predicates, r.predicate) }
		seen := map[string]bool{id: true}
		frontier := []string{id}
		for d := 0; d < depth && len(frontier) > 0; d++ {
			var next []string
			for _, n := range frontier {
				for rid := range g.adj[n] {
					r := g.relations[rid]
					if o := r.other(n); follow(r) && !seen[o] {
						seen[o] = true
						next = append(next, o)
					}
				}
			}
			frontier = next
		}
		edges := map[string]struct{}{}
		for n := range seen {
			for rid := range g.adj[n] {
				if r := g.relations[rid]; follow(r) && seen[r.subject] && seen[r.object] {
					edges[rid] = struct{}{}
				}
			}
		}
		out = &graph.Subgraph{}
		for _, n := range sortedKeys(seen) {
			out.Nodes = append(out.Nodes, cloneEntity(g.entities[n]))
		}
		for _, rid := range sortedKeys(edges) {
			out.Edges = append(out.Edges, cloneRelation(g.relations[rid].get()))
		}
		return nil
	})
	return out, err
}

// Path returns the shortest path from `from` to `to` whose sequence of entity
// IDs is least: a breadth-first search from `to` gives every entity's distance
// to it, then the walk from `from` takes, at each step, the least neighbour
// one step closer.
func (s *Store) Path(ctx context.Context, from, to string, maxHops int) (*graph.Subgraph, error) {
	const op graph.Op = "embedded.Path"
	if maxHops < 0 {
		return nil, graph.E(op, graph.Invalid, graph.Item("maxHops"), fmt.Sprintf("maxHops %d is negative", maxHops))
	}
	var out *graph.Subgraph
	err := s.read(ctx, op, func(g *memGraph) error {
		for _, id := range []string{from, to} {
			if g.entities[id] == nil {
				return graph.E(graph.NotFound, graph.Item(id), "no such entity")
			}
		}
		out = &graph.Subgraph{}
		dist := map[string]int{to: 0}
		frontier := []string{to}
		for d := 1; d <= maxHops && len(frontier) > 0; d++ {
			if _, ok := dist[from]; ok {
				break
			}
			var next []string
			for _, n := range frontier {
				for rid := range g.adj[n] {
					if o := g.relations[rid].other(n); !hasKey(dist, o) {
						dist[o] = d
						next = append(next, o)
					}
				}
			}
			frontier = next
		}
		if _, ok := dist[from]; !ok {
			return nil
		}
		cur := from
		out.Nodes = append(out.Nodes, cloneEntity(g.entities[cur]))
		for cur != to {
			// The least neighbour one step closer, and the least relation to it.
			var next, edge string
			for _, rid := range sortedKeys(g.adj[cur]) {
				o := g.relations[rid].other(cur)
				if d, ok := dist[o]; ok && d == dist[cur]-1 && (next == "" || o < next) {
					next, edge = o, rid
				}
			}
			out.Nodes = append(out.Nodes, cloneEntity(g.entities[next]))
			out.Edges = append(out.Edges, cloneRelation(g.relations[edge].get()))
			cur = next
		}
		return nil
	})
	return out, err
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
