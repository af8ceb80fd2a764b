package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/neo4j"
)

// lockWait is how long a command that waits for the embedded store (load)
// waits for another cartelgraph process to release the data directory.
const lockWait = 60 * time.Second

// openStore opens the store the configuration names: Neo4j when NEO4J_URI
// is set, else the embedded store in the data directory, failing at once
// when another process holds it. The string says which, for people ("the
// embedded store in ./data").
func openStore(ctx context.Context, cfg Config) (graph.Store, string, error) {
	return openStoreWaiting(ctx, cfg, nil)
}

// openStoreWaiting is openStore that, given somewhere to say so (stderr),
// waits up to lockWait for another cartelgraph process to release the
// embedded store's data directory instead of failing at once.
func openStoreWaiting(ctx context.Context, cfg Config, stderr io.Writer) (graph.Store, string, error) {
	if cfg.Neo4jURI != "" {
		where := "Neo4j at " + cfg.Neo4jURI + " (database " + cfg.Neo4jDatabase + ")"
		s, err := neo4j.Open(ctx, neo4j.Config{URI: cfg.Neo4jURI, User: cfg.Neo4jUser,
			Password: cfg.Neo4jPassword, Database: cfg.Neo4jDatabase})
		if err != nil {
			return nil, where, err
		}
		return s, where, nil
	}
	where := "the embedded store in " + cfg.DataDir
	var opts embedded.Options
	if stderr != nil {
		opts = embedded.Options{Wait: lockWait, Waiting: func() {
			fmt.Fprintf(stderr, "%s: waiting for another cartelgraph process to release the data directory %s (up to %v)\n",
				programName, cfg.DataDir, lockWait)
		}}
	}
	s, err := embedded.OpenWith(ctx, cfg.DataDir, opts)
	if err != nil {
		return nil, where, err
	}
	return s, where, nil
}
