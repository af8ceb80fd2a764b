package queries

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Result is what a query returned: its columns and its rows, whose values
// are plain JSON values (see Plain).
type Result struct {
	Columns []string
	Rows    [][]any
}

// Runner runs one read-only Cypher query with parameters. *Neo4j is the
// Runner of a Neo4j database; tests may give their own.
type Runner interface {
	Read(ctx context.Context, cypher string, params map[string]any) (Result, error)
}

// Run runs the report with the given parameters (checked and completed by
// Args; resolve entity names with Resolve first). Every value reaches Neo4j
// as a query parameter; nothing is spliced into the Cypher.
func Run(ctx context.Context, runner Runner, r Report, params map[string]any) (Result, error) {
	const op graph.Op = "queries.Run"
	args, err := r.Args(params)
	if err != nil {
		return Result{}, err
	}
	res, err := runner.Read(ctx, r.Cypher, args)
	if err != nil {
		return Result{}, graph.E(op, graph.Item(r.Name), err)
	}
	return res, nil
}

// Neo4j runs queries on a Neo4j database with the driver's ExecuteQuery,
// routed to readers.
type Neo4j struct {
	Driver neo4j.DriverWithContext
	// Database is the database to query; empty for the server's default.
	Database string
}

var _ Runner = (*Neo4j)(nil)

// Dial connects to the Neo4j server at uri and checks that it answers. An
// unreachable server or refused credentials are a graph.Unavailable error.
func Dial(ctx context.Context, uri, user, password, database string) (*Neo4j, error) {
	const op graph.Op = "queries.Dial"
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""))
	if err != nil {
		return nil, graph.E(op, graph.Invalid, graph.Item(uri), err)
	}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		_ = driver.Close(ctx)
		return nil, graph.E(op, graph.Unavailable, graph.Item(uri), err)
	}
	return &Neo4j{Driver: driver, Database: database}, nil
}

// Close closes the driver.
func (n *Neo4j) Close(ctx context.Context) error {
	return n.Driver.Close(ctx)
}

// Read runs cypher with params in a read transaction and converts the
// records' values with Plain. A Cypher error is graph.Invalid, a lost or
// refused connection graph.Unavailable.
func (n *Neo4j) Read(ctx context.Context, cypher string, params map[string]any) (Result, error) {
	const op graph.Op = "queries.Read"
	opts := []neo4j.ExecuteQueryConfigurationOption{neo4j.ExecuteQueryWithReadersRouting()}
	if n.Database != "" {
		opts = append(opts, neo4j.ExecuteQueryWithDatabase(n.Database))
	}
	res, err := neo4j.ExecuteQuery(ctx, n.Driver, cypher, params, neo4j.EagerResultTransformer, opts...)
	if err != nil {
		return Result{}, graph.E(op, errorKind(err), err)
	}
	out := Result{Columns: res.Keys, Rows: make([][]any, 0, len(res.Records))}
	for _, rec := range res.Records {
		row := make([]any, len(rec.Values))
		for i, v := range rec.Values {
			row[i] = Plain(v)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// errorKind classifies a driver error.
func errorKind(err error) graph.Kind {
	var n4j *neo4j.Neo4jError
	var conn *neo4j.ConnectivityError
	var auth *neo4j.InvalidAuthenticationError
	switch {
	case errors.As(err, &conn), errors.As(err, &auth):
		return graph.Unavailable
	case errors.As(err, &n4j):
		switch n4j.Classification() {
		case "ClientError":
			if n4j.Category() == "Security" {
				return graph.Permission
			}
			return graph.Invalid
		case "TransientError":
			return graph.Unavailable
		}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return graph.Unavailable
	}
	return graph.Other
}

// Plain converts a value the Neo4j driver returns into a plain JSON value:
// nil, bool, int64, float64, string, []any or map[string]any. A node becomes
// {"labels": [...], "properties": {...}}, a relationship {"type", "properties"},
// a path {"nodes", "relationships"}; dates and times become ISO 8601 strings,
// durations ISO 8601 durations, points {"srid", "x", "y"[, "z"]}.
func Plain(v any) any {
	switch v := v.(type) {
	case nil, bool, int64, float64, string:
		return v
	case int:
		return int64(v)
	case []byte:
		return v
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = Plain(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = Plain(x)
		}
		return out
	case dbtype.Node:
		labels := append([]string(nil), v.Labels...)
		sort.Strings(labels)
		ls := make([]any, len(labels))
		for i, l := range labels {
			ls[i] = l
		}
		return map[string]any{"labels": ls, "properties": Plain(v.Props)}
	case dbtype.Relationship:
		return map[string]any{"type": v.Type, "properties": Plain(v.Props)}
	case dbtype.Path:
		nodes := make([]any, len(v.Nodes))
		for i, n := range v.Nodes {
			nodes[i] = Plain(n)
		}
		rels := make([]any, len(v.Relationships))
		for i, r := range v.Relationships {
			rels[i] = Plain(r)
		}
		return map[string]any{"nodes": nodes, "relationships": rels}
	case dbtype.Date:
		return v.String()
	case dbtype.LocalTime:
		return v.String()
	case dbtype.Time:
		return v.String()
	case dbtype.LocalDateTime:
		return v.String()
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return v.String()
	case dbtype.Point2D:
		return map[string]any{"srid": int64(v.SpatialRefId), "x": v.X, "y": v.Y}
	case dbtype.Point3D:
		return map[string]any{"srid": int64(v.SpatialRefId), "x": v.X, "y": v.Y, "z": v.Z}
	}
	return fmt.Sprint(v)
}
