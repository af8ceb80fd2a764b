package schema

import (
	"context"
	"sync"

	"github.com/cartelgraph/cartelgraph/graph"
)

// batch gathers the keys a level of the query asks for and fetches them with
// one store call when the first of their values is needed.
//
// graphql-go resolves one field at a time and then calls the thunks resolvers
// return level by level, breadth first. A resolver that loads through a batch
// only queues its key and returns a thunk; by the time the first thunk of a
// level runs, every resolver of that level has queued its key, so the fetch
// covers them all. This gives exactly one store call per loader and level
// without the time window (and the timing-dependent batches) of a dataloader.
type batch[K comparable, V any] struct {
	fetch func(ctx context.Context, keys []K) (map[K]V, error)

	mu      sync.Mutex
	pending []K
	queued  map[K]bool
	done    map[K]outcome[V]
}

type outcome[V any] struct {
	v   V
	err error
}

func newBatch[K comparable, V any](fetch func(context.Context, []K) (map[K]V, error)) *batch[K, V] {
	return &batch[K, V]{fetch: fetch, queued: map[K]bool{}, done: map[K]outcome[V]{}}
}

// queue adds k to the next fetch unless it is known or queued already.
func (b *batch[K, V]) queue(k K) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.queueLocked(k)
}

func (b *batch[K, V]) queueLocked(k K) {
	if _, ok := b.done[k]; ok || b.queued[k] {
		return
	}
	b.queued[k] = true
	b.pending = append(b.pending, k)
}

// load queues k and returns a thunk for its value. A key the store does not
// have gets V's zero value.
func (b *batch[K, V]) load(ctx context.Context, k K) func() (V, error) {
	b.queue(k)
	return func() (V, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, ok := b.done[k]; !ok {
			b.flushLocked(ctx)
		}
		o := b.done[k]
		return o.v, o.err
	}
}

// loadAll queues keys and returns a thunk for their values, in order.
func (b *batch[K, V]) loadAll(ctx context.Context, keys []K) func() ([]V, error) {
	thunks := make([]func() (V, error), len(keys))
	for i, k := range keys {
		thunks[i] = b.load(ctx, k)
	}
	return func() ([]V, error) {
		out := make([]V, 0, len(keys))
		for _, th := range thunks {
			v, err := th()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
}

// prime records a value already at hand, so that no fetch asks for it.
func (b *batch[K, V]) prime(k K, v V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.done[k]; !ok {
		b.done[k] = outcome[V]{v: v}
	}
}

func (b *batch[K, V]) flushLocked(ctx context.Context) {
	keys := b.pending
	b.pending = nil
	for _, k := range keys {
		delete(b.queued, k)
	}
	if len(keys) == 0 {
		return
	}
	got, err := b.fetch(ctx, keys)
	for _, k := range keys {
		b.done[k] = outcome[V]{v: got[k], err: err}
	}
}

// loaders are the batches of one request. They cache what they fetched for
// the request's lifetime, which is as long as a snapshot needs to be
// consistent and no longer.
type loaders struct {
	entities  *batch[string, *graph.Entity]
	documents *batch[string, *graph.Document]
	// mentions are keyed by entity ID.
	mentions *batch[string, []graph.Mention]
	// touching holds the relations with either end at the entity.
	touching *batch[string, []*graph.Relation]
	// saidBy and about hold statements by speaker and by the entities they name.
	saidBy *batch[string, []*graph.Statement]
	about  *batch[string, []*graph.Statement]
	// docRelations and docStatements hold what each document states.
	docRelations  *batch[string, []*graph.Relation]
	docStatements *batch[string, []*graph.Statement]
}

func newLoaders(store graph.Store) *loaders {
	l := &loaders{}
	l.entities = newBatch(func(ctx context.Context, ids []string) (map[string]*graph.Entity, error) {
		es, err := store.Entities(ctx, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]*graph.Entity, len(es))
		for _, e := range es {
			out[e.ID] = e
		}
		return out, nil
	})
	l.documents = newBatch(func(ctx context.Context, ids []string) (map[string]*graph.Document, error) {
		ds, err := store.Documents(ctx, graph.DocumentQuery{IDs: ids})
		if err != nil {
			return nil, err
		}
		out := make(map[string]*graph.Document, len(ds))
		for _, d := range ds {
			out[d.ID] = d
		}
		return out, nil
	})
	l.mentions = newBatch(func(ctx context.Context, ids []string) (map[string][]graph.Mention, error) {
		ms, err := store.Mentions(ctx, ids)
		if err != nil {
			return nil, err
		}
		out := map[string][]graph.Mention{}
		for _, m := range ms {
			out[m.Entity] = append(out[m.Entity], m)
			// Whoever asks for mentions is likely to ask for the documents next.
			l.documents.queue(m.Document)
		}
		return out, nil
	})
	l.touching = newBatch(func(ctx context.Context, ids []string) (map[string][]*graph.Relation, error) {
		rs, err := store.Relations(ctx, graph.RelationQuery{Touching: ids})
		if err != nil {
			return nil, err
		}
		want := make(map[string]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		out := map[string][]*graph.Relation{}
		for _, r := range rs {
			if want[r.Subject] {
				out[r.Subject] = append(out[r.Subject], r)
			}
			if want[r.Object] && r.Object != r.Subject {
				out[r.Object] = append(out[r.Object], r)
			}
			// The typed fields (positions, leaders, operatesIn, ...) want the
			// other ends next: queue them, so that they come in one call.
			l.entities.queue(r.Subject)
			l.entities.queue(r.Object)
		}
		return out, nil
	})
	statementsBy := func(query func([]string) graph.StatementQuery, keys func(*graph.Statement) []string) func(context.Context, []string) (map[string][]*graph.Statement, error) {
		return func(ctx context.Context, ids []string) (map[string][]*graph.Statement, error) {
			ss, err := store.Statements(ctx, query(ids))
			if err != nil {
				return nil, err
			}
			want := make(map[string]bool, len(ids))
			for _, id := range ids {
				want[id] = true
			}
			out := map[string][]*graph.Statement{}
			for _, s := range ss {
				for _, k := range keys(s) {
					if want[k] {
						out[k] = append(out[k], s)
					}
				}
				l.entities.queue(s.Speaker)
			}
			return out, nil
		}
	}
	l.saidBy = newBatch(statementsBy(
		func(ids []string) graph.StatementQuery { return graph.StatementQuery{Speakers: ids} },
		func(s *graph.Statement) []string { return []string{s.Speaker} }))
	l.about = newBatch(statementsBy(
		func(ids []string) graph.StatementQuery { return graph.StatementQuery{About: ids} },
		func(s *graph.Statement) []string { return s.About }))
	l.docStatements = newBatch(statementsBy(
		func(ids []string) graph.StatementQuery { return graph.StatementQuery{Documents: ids} },
		statementDocuments))
	l.docRelations = newBatch(func(ctx context.Context, ids []string) (map[string][]*graph.Relation, error) {
		rs, err := store.Relations(ctx, graph.RelationQuery{Documents: ids})
		if err != nil {
			return nil, err
		}
		want := make(map[string]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		out := map[string][]*graph.Relation{}
		for _, r := range rs {
			seen := map[string]bool{}
			for _, e := range r.Evidence {
				if want[e.Document] && !seen[e.Document] {
					seen[e.Document] = true
					out[e.Document] = append(out[e.Document], r)
				}
			}
			l.entities.queue(r.Subject)
			l.entities.queue(r.Object)
		}
		return out, nil
	})
	return l
}

// statementDocuments returns the distinct documents of a statement's evidence.
func statementDocuments(s *graph.Statement) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range s.Evidence {
		if !seen[e.Document] {
			seen[e.Document] = true
			out = append(out, e.Document)
		}
	}
	return out
}

type loadersKey struct{}

// withLoaders returns a context that carries fresh loaders over store.
func withLoaders(ctx context.Context, store graph.Store) context.Context {
	return context.WithValue(ctx, loadersKey{}, newLoaders(store))
}

// loaders returns the request's loaders. A context that has none (a
// caller that ran graphql.Execute itself) gets loaders of its own: correct,
// but without batching across fields.
func (b *builder) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return newLoaders(b.store)
}
