// Package schema gives cartelgraph's GraphQL API: a graphql-go schema built
// over any graph.Store, read-only, with per-request batching of store
// look-ups and limits on what one request may ask for.
//
// New builds the schema; Do runs one request against it after checking its
// depth and cost; an Executor does the same for a server, parsing and
// validating each distinct query text once (see cache.go). The schema holds no global state: every type is built by New,
// and every request gets loaders of its own (see loaders.go), so that a query
// that walks designations → group → relations → sources → document makes a
// handful of store calls whatever the size of its answer.
package schema

import (
	"context"
	"log/slog"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Options tunes the schema and the limits Do enforces. Zero fields take the
// defaults.
type Options struct {
	// MaxDepth caps the nesting of fields in a query (default 10).
	MaxDepth int
	// MaxCost caps a query's estimated cost: every field counts 1, times the
	// size of the lists it is in, a list counting first entries when it takes
	// first and ListEstimate entries otherwise (default 50000).
	MaxCost int
	// MaxPage caps first on every paged field (default 100).
	MaxPage int
	// Logger receives the errors that are not shown to users (default slog.Default()).
	Logger *slog.Logger
	// QueryCache is how many distinct query texts an Executor keeps parsed
	// and validated (default 256; negative keeps none).
	QueryCache int
	// MaxCachedQuery is the longest query text, in bytes, an Executor keeps
	// (default 16 KiB); longer ones are parsed and validated every time.
	MaxCachedQuery int
}

// The defaults of Options.
const (
	DefaultMaxDepth = 10
	DefaultMaxCost  = 50000
	DefaultMaxPage  = 100
	// ListEstimate is how many entries the cost estimate counts for a list
	// field that takes no first argument.
	ListEstimate          = 5
	DefaultQueryCache     = 256
	DefaultMaxCachedQuery = 16 << 10
)

func (o Options) withDefaults() Options {
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxCost <= 0 {
		o.MaxCost = DefaultMaxCost
	}
	if o.MaxPage <= 0 {
		o.MaxPage = DefaultMaxPage
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.QueryCache == 0 {
		o.QueryCache = DefaultQueryCache
	}
	if o.MaxCachedQuery <= 0 {
		o.MaxCachedQuery = DefaultMaxCachedQuery
	}
	return o
}

// New builds the GraphQL schema over store. The schema has a query type only:
// the API cannot change the graph.
func New(store graph.Store, opts Options) (graphql.Schema, error) {
	b := &builder{store: store, opts: opts.withDefaults()}
	b.build()
	return graphql.NewSchema(graphql.SchemaConfig{
		Query:      b.query(),
		Types:      b.objectTypes(),
		Extensions: []graphql.Extension{&requestExtension{store: store}},
	})
}

// requestExtension gives every request that runs through graphql.Do or
// graphql.Execute (and so through Do and Executor.Do) its own loaders.
type requestExtension struct {
	store graph.Store
}

var _ graphql.Extension = (*requestExtension)(nil)

func (x *requestExtension) Init(ctx context.Context, _ *graphql.Params) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return withLoaders(ctx, x.store)
}

func (x *requestExtension) Name() string { return "cartelgraph" }

func (x *requestExtension) ParseDidStart(ctx context.Context) (context.Context, graphql.ParseFinishFunc) {
	return ctx, func(error) {}
}

func (x *requestExtension) ValidationDidStart(ctx context.Context) (context.Context, graphql.ValidationFinishFunc) {
	return ctx, func([]gqlerrors.FormattedError) {}
}

// ExecutionDidStart gives loaders to a request that Init did not see: one
// an Executor runs with graphql.Execute on a cached document.
func (x *requestExtension) ExecutionDidStart(ctx context.Context) (context.Context, graphql.ExecutionFinishFunc) {
	if ctx == nil {
		ctx = context.Background()
	}
	if _, ok := ctx.Value(loadersKey{}).(*loaders); !ok {
		ctx = withLoaders(ctx, x.store)
	}
	return ctx, func(*graphql.Result) {}
}

func (x *requestExtension) ResolveFieldDidStart(ctx context.Context, _ *graphql.ResolveInfo) (context.Context, graphql.ResolveFieldFinishFunc) {
	return ctx, func(interface{}, error) {}
}

func (x *requestExtension) HasResult() bool { return false }

func (x *requestExtension) GetResult(context.Context) interface{} { return nil }
