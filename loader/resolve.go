package loader

import (
	"context"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Resolve gives the entities of x the IDs they already have in the store, so
// that one real-world thing is one node whatever the spelling of the
// document that names it:
//
//   - an entity whose ID is stored with the same type keeps it;
//   - else, an entity whose name or one of its aliases is stored (same Key,
//     same type) under another ID takes that ID: the first of the stored
//     entities found, trying the name first, then the aliases in order;
//   - else, an entity whose ID is stored with a different type (the person
//     "Jalisco" and the state "Jalisco") takes the ID slug + "-" + lower(type),
//     e.g. "jalisco-location".
//
// Relations, statements and mentions follow their entities' new IDs; x is
// normalised again afterwards.
func Resolve(ctx context.Context, st graph.Store, x *graph.Extraction) error {
	const op graph.Op = "loader.Resolve"
	if len(x.Entities) == 0 {
		return nil
	}
	ids := make([]string, 0, len(x.Entities))
	for _, e := range x.Entities {
		ids = append(ids, e.ID)
	}
	stored, err := st.Entities(ctx, ids)
	if err != nil {
		return graph.E(op, err)
	}
	typeOf := map[string]graph.Type{}
	for _, e := range stored {
		typeOf[e.ID] = e.Type
	}
	remap := map[string]string{}
	for _, e := range x.Entities {
		if t, ok := typeOf[e.ID]; ok && t == e.Type {
			continue
		}
		found, err := lookup(ctx, st, e)
		if err != nil {
			return graph.E(op, graph.Item(e.Name), err)
		}
		switch {
		case found != "":
			if found != e.ID {
				remap[e.ID] = found
			}
		case typeOf[e.ID] != "":
			remap[e.ID] = e.ID + "-" + strings.ToLower(string(e.Type))
		}
	}
	if len(remap) == 0 {
		return nil
	}
	Remap(x, remap)
	return nil
}

// lookup returns the ID of a stored entity of e's type named like e or one
// of its aliases, or "" when there is none.
func lookup(ctx context.Context, st graph.Store, e graph.Entity) (string, error) {
	tried := map[string]bool{}
	for _, name := range append([]string{e.Name}, e.Aliases...) {
		k := graph.Key(name)
		if k == "" || tried[k] {
			continue
		}
		tried[k] = true
		hits, err := st.Lookup(ctx, name, e.Type)
		if err != nil {
			return "", err
		}
		for _, h := range hits {
			if h.ID == e.ID {
				return h.ID, nil
			}
		}
		for _, h := range hits {
			if h.Type == e.Type {
				return h.ID, nil
			}
		}
	}
	return "", nil
}

// Remap renames the entities of x by ids (old ID → new ID) everywhere they
// appear, and normalises x, merging the entities that now share an ID.
func Remap(x *graph.Extraction, ids map[string]string) {
	to := func(id string) string {
		if n, ok := ids[id]; ok {
			return n
		}
		return id
	}
	for i := range x.Entities {
		x.Entities[i].ID = to(x.Entities[i].ID)
	}
	for i := range x.Mentions {
		x.Mentions[i].Entity = to(x.Mentions[i].Entity)
	}
	for i := range x.Relations {
		r := &x.Relations[i]
		r.Subject, r.Object = to(r.Subject), to(r.Object)
		r.ID = ""
	}
	for i := range x.Statements {
		s := &x.Statements[i]
		s.Speaker = to(s.Speaker)
		about := make([]string, len(s.About))
		for j, a := range s.About {
			about[j] = to(a)
		}
		s.About = about
		s.ID = ""
	}
	x.Normalize()
}
