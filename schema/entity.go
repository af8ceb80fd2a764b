package schema

import (
	"context"
	"fmt"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/cartelgraph/cartelgraph/graph"
)

// entityByID returns a thunk for the entity with the given ID, which the
// store must have: from names it, the fact or statement that refers to it.
func (b *builder) entityByID(ctx context.Context, id, from string) thunk {
	th := b.loaders(ctx).entities.load(ctx, id)
	return func() (interface{}, error) {
		e, err := th()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return nil, fmt.Errorf("schema: entity %q of %s is not in the store", id, from)
		}
		return e, nil
	}
}

// entitiesByID returns a thunk for the entities with the given IDs that exist, in order.
func (b *builder) entitiesByID(ctx context.Context, ids []string) thunk {
	th := b.loaders(ctx).entities.loadAll(ctx, ids)
	return func() (interface{}, error) {
		es, err := th()
		if err != nil {
			return nil, err
		}
		out := make([]*graph.Entity, 0, len(es))
		for _, e := range es {
			if e != nil {
				out = append(out, e)
			}
		}
		return out, nil
	}
}

// at returns the relations of predicate p at entity id, id being their
// subject (out) or their object.
func at(rs []*graph.Relation, id string, p graph.Predicate, out bool) []*graph.Relation {
	res := []*graph.Relation{}
	for _, r := range rs {
		if r.Predicate == p && ((out && r.Subject == id) || (!out && r.Object == id)) {
			res = append(res, r)
		}
	}
	return res
}

// links returns a thunk for the relations of predicate p at entity id.
func (b *builder) links(ctx context.Context, id string, p graph.Predicate, out bool) thunk {
	th := b.loaders(ctx).touching.load(ctx, id)
	return func() (interface{}, error) {
		rs, err := th()
		if err != nil {
			return nil, err
		}
		return at(rs, id, p, out), nil
	}
}

// ends returns a thunk for the entities at the other end of the relations of
// predicate p at entity id, each once, in the relations' order.
func (b *builder) ends(ctx context.Context, id string, p graph.Predicate, out bool) thunk {
	l := b.loaders(ctx)
	th := l.touching.load(ctx, id)
	return func() (interface{}, error) {
		rs, err := th()
		if err != nil {
			return nil, err
		}
		var ids []string
		seen := map[string]bool{}
		for _, r := range at(rs, id, p, out) {
			other := r.Object
			if !out {
				other = r.Subject
			}
			if !seen[other] {
				seen[other] = true
				ids = append(ids, other)
			}
		}
		// The touching batch queued every other end, so this is one call for
		// the whole level.
		return b.entitiesByID(ctx, ids)()
	}
}

func (b *builder) entityRelations(p graphql.ResolveParams, e *graph.Entity) (interface{}, error) {
	pred, err := predicateArg(p.Args, "predicate")
	if err != nil {
		return nil, err
	}
	dir, _ := p.Args["direction"].(string)
	th := b.loaders(p.Context).touching.load(p.Context, e.ID)
	return thunk(func() (interface{}, error) {
		rs, err := th()
		if err != nil {
			return nil, err
		}
		out := []*graph.Relation{}
		for _, r := range rs {
			if pred != "" && r.Predicate != pred {
				continue
			}
			if (dir == "OUT" && r.Subject != e.ID) || (dir == "IN" && r.Object != e.ID) {
				continue
			}
			out = append(out, r)
		}
		return out, nil
	}), nil
}

func (b *builder) entityDocuments(p graphql.ResolveParams, e *graph.Entity) (interface{}, error) {
	l := b.loaders(p.Context)
	th := l.mentions.load(p.Context, e.ID)
	return thunk(func() (interface{}, error) {
		ms, err := th()
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(ms))
		for i, m := range ms {
			ids[i] = m.Document
		}
		// The mentions batch queued these documents: one call for the level.
		ds, err := l.documents.loadAll(p.Context, ids)()
		if err != nil {
			return nil, err
		}
		out := make([]*graph.Document, 0, len(ds))
		for _, d := range ds {
			if d != nil {
				out = append(out, d)
			}
		}
		return out, nil
	}), nil
}

func (b *builder) entityMentions(p graphql.ResolveParams, e *graph.Entity) (interface{}, error) {
	th := b.loaders(p.Context).mentions.load(p.Context, e.ID)
	return thunk(func() (interface{}, error) {
		ms, err := th()
		if err != nil {
			return nil, err
		}
		n := 0
		for _, m := range ms {
			n += m.Count
		}
		return n, nil
	}), nil
}

func (b *builder) statementsBy(p graphql.ResolveParams, e *graph.Entity) (interface{}, error) {
	return listThunk(b.loaders(p.Context).saidBy.load(p.Context, e.ID)), nil
}

func (b *builder) statementsAbout(p graphql.ResolveParams, e *graph.Entity) (interface{}, error) {
	return listThunk(b.loaders(p.Context).about.load(p.Context, e.ID)), nil
}

// predicateArg reads a predicate argument, in any case; empty when absent.
func predicateArg(args map[string]interface{}, name string) (graph.Predicate, error) {
	s, _ := args[name].(string)
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	p := graph.Predicate(strings.ToUpper(strings.ReplaceAll(s, " ", "_")))
	if _, ok := graph.LookupRelation(p); !ok {
		var names []string
		for _, rt := range graph.RelationTypes() {
			names = append(names, string(rt.Predicate))
		}
		return "", invalidf("%s: unknown relation type %q; use one of %s", name, s, strings.Join(names, ", "))
	}
	return p, nil
}
