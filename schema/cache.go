package schema

import (
	"container/list"
	"context"
	"sync"

	"github.com/graphql-go/graphql"
)

// Executor runs requests against one schema within one set of Options, as
// Do does, and remembers the queries it has parsed and validated: analysts
// and the graph view send the same few query texts over and over, and
// parsing and validating them costs more than answering them. It keeps at
// most Options.QueryCache query texts, dropping the least recently used,
// and none longer than Options.MaxCachedQuery bytes. Only the query text is
// kept: variables and the operation name are read anew on every request, so
// are the depth and cost limits, which depend on them.
//
// An Executor is safe for concurrent use.
type Executor struct {
	schema graphql.Schema
	opts   Options
	cache  *queryCache
}

// NewExecutor returns an Executor that runs requests against s, a schema
// New built, within the limits of opts.
func NewExecutor(s graphql.Schema, opts Options) *Executor {
	opts = opts.withDefaults()
	return &Executor{schema: s, opts: opts, cache: newQueryCache(max(opts.QueryCache, 0))}
}

// Do runs req as the package's Do does, with the query parsed and
// validated at most once while it stays in the cache.
func (x *Executor) Do(ctx context.Context, req Request) *graphql.Result {
	var p *prepared
	if len(req.Query) > x.opts.MaxCachedQuery {
		p = prepare(&x.schema, req.Query)
	} else {
		p = x.cache.get(req.Query, func() *prepared { return prepare(&x.schema, req.Query) })
	}
	return run(ctx, &x.schema, x.opts, p, req)
}

// CacheStats counts what an Executor's query cache did.
type CacheStats struct {
	// Hits counts the requests whose query was in the cache.
	Hits int64
	// Misses counts the requests whose query was parsed and validated
	// (those too long to keep are not counted).
	Misses int64
	// Len is how many queries the cache holds.
	Len int
}

// Stats returns what x's query cache has done so far.
func (x *Executor) Stats() CacheStats {
	return x.cache.stats()
}

// queryCache is a bounded LRU of prepared queries keyed by their text.
type queryCache struct {
	size int

	mu      sync.Mutex
	entries map[string]*list.Element // of *cacheEntry
	order   *list.List               // most recently used first
	hits    int64
	misses  int64
}

type cacheEntry struct {
	query string
	p     *prepared
}

func newQueryCache(size int) *queryCache {
	return &queryCache{size: size, entries: map[string]*list.Element{}, order: list.New()}
}

// get returns the prepared query, preparing it with prep when the cache
// does not hold it. prep runs without the lock held, so one slow query does
// not hold up the others; two requests that miss on the same text at once
// both prepare it, and the first to finish is kept.
func (c *queryCache) get(query string, prep func() *prepared) *prepared {
	c.mu.Lock()
	if el, ok := c.entries[query]; ok {
		c.hits++
		c.order.MoveToFront(el)
		p := el.Value.(*cacheEntry).p
		c.mu.Unlock()
		return p
	}
	c.misses++
	c.mu.Unlock()

	p := prep()
	if c.size == 0 {
		return p
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[query]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*cacheEntry).p
	}
	c.entries[query] = c.order.PushFront(&cacheEntry{query: query, p: p})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cacheEntry).query)
	}
	return p
}

func (c *queryCache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits, Misses: c.misses, Len: c.order.Len()}
}
