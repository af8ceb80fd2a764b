package main

import (
	"context"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
)

// openStore opens the store the configuration names: Neo4j when NEO4J_URI
// is set, else the embedded store in the data directory. The string says
// which, for people ("the embedded store in ./data").
func openStore(ctx context.Context, cfg Config) (graph.Store, string, error) {
	const op graph.Op = "openStore"
	if cfg.Neo4jURI != "" {
		where := "Neo4j at " + cfg.Neo4jURI + " (database " + cfg.Neo4jDatabase + ")"
		// TODO(lead): wire graph/neo4j once it builds:
		//	s, err := neo4j.Open(ctx, neo4j.Config{URI: cfg.Neo4jURI, User: cfg.Neo4jUser,
		//		Password: cfg.Neo4jPassword, Database: cfg.Neo4jDatabase})
		//	return s, where, err
		return nil, where, graph.E(op, graph.Unavailable, graph.Item(cfg.Neo4jURI),
			"the Neo4j store is not built yet; unset NEO4J_URI to use the embedded store")
	}
	where := "the embedded store in " + cfg.DataDir
	s, err := embedded.Open(ctx, cfg.DataDir)
	if err != nil {
		return nil, where, err
	}
	return s, where, nil
}
