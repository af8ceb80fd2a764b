package neo4j

import (
	"context"
	"fmt"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Neighborhood and Path expand breadth first, one query per level in one
// read transaction: each level's query is bounded by the level's entities and
// their relationships, where a variable-length pattern (-[*..depth]-) would
// enumerate every path, a number that grows exponentially with the depth.

// Neighborhood returns the entity id and everything within depth relations of it.
func (s *Store) Neighborhood(ctx context.Context, id string, depth int, predicates []graph.Predicate) (*graph.Subgraph, error) {
	const op graph.Op = "neo4j.Neighborhood"
	if depth < 0 {
		return nil, graph.E(op, graph.Invalid, graph.Item("depth"), fmt.Sprintf("depth %d is negative", depth))
	}
	filter := ""
	params := map[string]any{}
	if len(predicates) > 0 {
		filter = " WHERE type(r) IN $predicates"
		params["predicates"] = anyStrings(predicates)
	}
	var out *graph.Subgraph
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		if err := mustExist(ctx, tx, id); err != nil {
			return err
		}
		seen := map[string]bool{id: true}
		frontier := []string{id}
		for d := 0; d < depth && len(frontier) > 0; d++ {
			params["frontier"] = anyStrings(frontier)
			recs, err := run(ctx, tx, `UNWIND $frontier AS id
MATCH (:Entity {id: id})-[r:`+relationTypes()+`]-(m:Entity)`+filter+`
RETURN DISTINCT m.id`, params)
			if err != nil {
				return err
			}
			frontier = frontier[:0:0]
			for _, r := range recs {
				if m := str(r.Values[0]); !seen[m] {
					seen[m] = true
					frontier = append(frontier, m)
				}
			}
		}
		ids := keys(seen)
		nodes, err := entitiesByID(ctx, tx, ids)
		if err != nil {
			return err
		}
		params["nodes"] = anyStrings(ids)
		where := "WHERE s.id IN $nodes AND o.id IN $nodes"
		if filter != "" {
			where += " AND type(r) IN $predicates"
		}
		edges, err := relationsOf(ctx, tx, "MATCH (s:Entity)-[r:"+relationTypes()+"]->(o:Entity)\n"+where, params)
		if err != nil {
			return err
		}
		out = &graph.Subgraph{Nodes: nodes, Edges: edges}
		return nil
	})
	return out, err
}

// mustExist fails with a NotFound error when there is no entity id.
func mustExist(ctx context.Context, tx neo4jdrv.ManagedTransaction, ids ...string) error {
	for _, id := range ids {
		recs, err := run(ctx, tx, "MATCH (e:Entity {id: $id}) RETURN e.id", map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return graph.E(graph.NotFound, graph.Item(id), "no such entity")
		}
	}
	return nil
}

// Path returns the shortest path from `from` to `to` whose sequence of entity
// IDs is least: a breadth-first search from `to` gives the distance to it of
// every entity nearer than `from`, then the walk from `from` takes, at each
// step, the least neighbour one step closer and the least relation to it.
func (s *Store) Path(ctx context.Context, from, to string, maxHops int) (*graph.Subgraph, error) {
	const op graph.Op = "neo4j.Path"
	if maxHops < 0 {
		return nil, graph.E(op, graph.Invalid, graph.Item("maxHops"), fmt.Sprintf("maxHops %d is negative", maxHops))
	}
	var out *graph.Subgraph
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		out = &graph.Subgraph{}
		if err := mustExist(ctx, tx, from, to); err != nil {
			return err
		}
		dist := map[string]int{to: 0}
		frontier := []string{to}
		for d := 1; d <= maxHops && len(frontier) > 0; d++ {
			if _, ok := dist[from]; ok {
				break
			}
			recs, err := run(ctx, tx, `UNWIND $frontier AS id
MATCH (:Entity {id: id})-[:`+relationTypes()+`]-(m:Entity)
RETURN DISTINCT m.id`, map[string]any{"frontier": anyStrings(frontier)})
			if err != nil {
				return err
			}
			frontier = frontier[:0:0]
			for _, r := range recs {
				if m := str(r.Values[0]); !hasKey(dist, m) {
					dist[m] = d
					frontier = append(frontier, m)
				}
			}
		}
		if !hasKey(dist, from) {
			return nil
		}
		path := []string{from}
		var hops []string
		for cur := from; cur != to; {
			recs, err := run(ctx, tx, `MATCH (:Entity {id: $id})-[r:`+relationTypes()+`]-(m:Entity)
RETURN m.id, r.id`, map[string]any{"id": cur})
			if err != nil {
				return err
			}
			var next, edge string
			for _, r := range recs {
				m, rid := str(r.Values[0]), str(r.Values[1])
				if d, ok := dist[m]; !ok || d != dist[cur]-1 {
					continue
				}
				if next == "" || m < next || m == next && rid < edge {
					next, edge = m, rid
				}
			}
			if next == "" {
				return graph.E(graph.Internal, graph.Item(cur), "the path broke off: the graph changed during the read")
			}
			path = append(path, next)
			hops = append(hops, edge)
			cur = next
		}
		nodes, err := entitiesByID(ctx, tx, path)
		if err != nil {
			return err
		}
		if len(hops) == 0 {
			out.Nodes = nodes
			return nil
		}
		byID := map[string]*graph.Entity{}
		for _, e := range nodes {
			byID[e.ID] = e
		}
		rels, err := relationsOf(ctx, tx, relationsByID("$ids", "")+"\nWITH r, startNode(r) AS s, endNode(r) AS o",
			map[string]any{"ids": anyStrings(hops)})
		if err != nil {
			return err
		}
		relByID := map[string]*graph.Relation{}
		for _, r := range rels {
			relByID[r.ID] = r
		}
		for _, id := range path {
			out.Nodes = append(out.Nodes, byID[id])
		}
		for _, id := range hops {
			out.Edges = append(out.Edges, relByID[id])
		}
		return nil
	})
	return out, err
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
