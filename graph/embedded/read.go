package embedded

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Entities returns the entities with the given IDs, sorted by ID.
func (s *Store) Entities(ctx context.Context, ids []string) ([]*graph.Entity, error) {
	var out []*graph.Entity
	err := s.read(ctx, "embedded.Entities", func(g *memGraph) error {
		for _, id := range unique(ids) {
			if e := g.entities[id]; e != nil {
				out = append(out, cloneEntity(e))
			}
		}
		return nil
	})
	return out, err
}

// Lookup returns the entities with a spelling of the same Key as name.
func (s *Store) Lookup(ctx context.Context, name string, types ...graph.Type) ([]*graph.Entity, error) {
	var out []*graph.Entity
	err := s.read(ctx, "embedded.Lookup", func(g *memGraph) error {
		k := graph.Key(name)
		if k == "" {
			return nil
		}
		for _, id := range sortedKeys(g.keys[k]) {
			if e := g.entities[id]; hasType(types, e.view.Type) {
				out = append(out, cloneEntity(e))
			}
		}
		return nil
	})
	return out, err
}

var _ graph.BatchLookuper = (*Store)(nil)

// LookupBatch returns, for each name, what Lookup returns for it, read
// under one lock.
func (s *Store) LookupBatch(ctx context.Context, names []string) ([][]*graph.Entity, error) {
	out := make([][]*graph.Entity, len(names))
	err := s.read(ctx, "embedded.LookupBatch", func(g *memGraph) error {
		for i, name := range names {
			k := graph.Key(name)
			if k == "" {
				continue
			}
			for _, id := range sortedKeys(g.keys[k]) {
				out[i] = append(out[i], cloneEntity(g.entities[id]))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindEntities returns a page of the entities that match q.
func (s *Store) FindEntities(ctx context.Context, q graph.EntityQuery) (graph.EntityPage, error) {
	const op graph.Op = "embedded.FindEntities"
	var page graph.EntityPage
	if err := checkPage(q); err != nil {
		return page, graph.E(op, err)
	}
	err := s.read(ctx, op, func(g *memGraph) error {
		var in map[string]bool // the entities Country keeps
		if q.Country != "" {
			in = map[string]bool{q.Country: true}
			for rid := range g.adj[q.Country] {
				r := g.relations[rid]
				switch r.predicate {
				case graph.OperatesIn, graph.PartOf, graph.HoldsPosition:
					if r.object == q.Country {
						in[r.subject] = true
					}
				}
			}
		}
		contains := graph.Key(q.NameContains)
		var match []*entity
		for id, e := range g.entities {
			switch {
			case !hasType(q.Types, e.view.Type),
				in != nil && !in[id],
				q.Designated != nil && g.isDesignated(id) != *q.Designated,
				contains != "" && !slices.ContainsFunc(e.keys, func(k string) bool { return strings.Contains(k, contains) }):
				continue
			}
			match = append(match, e)
		}
		sort.Slice(match, func(i, j int) bool {
			a, b := match[i], match[j]
			switch q.Sort {
			case graph.SortByMentions:
				if na, nb := len(g.mentions[a.view.ID]), len(g.mentions[b.view.ID]); na != nb {
					return na > nb
				}
			case graph.SortByName, "":
				if a.nameKey != b.nameKey {
					return a.nameKey < b.nameKey
				}
			}
			return a.view.ID < b.view.ID
		})
		page.Total = len(match)
		match = match[min(q.Offset, len(match)):]
		if q.Limit > 0 && q.Limit < len(match) {
			match = match[:q.Limit]
		}
		for _, e := range match {
			page.Entities = append(page.Entities, cloneEntity(e))
		}
		return nil
	})
	return page, err
}

func checkPage(q graph.EntityQuery) error {
	switch {
	case q.Offset < 0:
		return graph.E(graph.Invalid, graph.Item("offset"), fmt.Sprintf("offset %d is negative", q.Offset))
	case q.Limit < 0:
		return graph.E(graph.Invalid, graph.Item("limit"), fmt.Sprintf("limit %d is negative", q.Limit))
	}
	switch q.Sort {
	case "", graph.SortByName, graph.SortByMentions, graph.SortByID:
		return nil
	}
	return graph.E(graph.Invalid, graph.Item("sort"), fmt.Sprintf("unknown sort %q (want %s, %s or %s)",
		q.Sort, graph.SortByName, graph.SortByMentions, graph.SortByID))
}

// Search ranks entities by how well a spelling of theirs matches query (see
// graph.Store.Search for the scores).
func (s *Store) Search(ctx context.Context, query string, types []graph.Type, limit int) ([]graph.Hit, error) {
	const op graph.Op = "embedded.Search"
	if limit < 0 {
		return nil, graph.E(op, graph.Invalid, graph.Item("limit"), fmt.Sprintf("limit %d is negative", limit))
	}
	var out []graph.Hit
	err := s.read(ctx, op, func(g *memGraph) error {
		q := graph.Key(query)
		if q == "" {
			return nil
		}
		qw := unique(words(q))
		type scored struct {
			e     *entity
			score float64
		}
		var hits []scored
		for _, e := range g.entities {
			if !hasType(types, e.view.Type) {
				continue
			}
			if sc := graph.SearchScore(q, qw, e.nameKey, e.keys); sc > 0 {
				hits = append(hits, scored{e, sc})
			}
		}
		sort.Slice(hits, func(i, j int) bool {
			if hits[i].score != hits[j].score {
				return hits[i].score > hits[j].score
			}
			return hits[i].e.view.ID < hits[j].e.view.ID
		})
		if limit > 0 && limit < len(hits) {
			hits = hits[:limit]
		}
		for _, h := range hits {
			out = append(out, graph.Hit{Entity: cloneEntity(h.e), Score: h.score})
		}
		return nil
	})
	return out, err
}

// Relations returns the relations that match q, sorted by ID.
func (s *Store) Relations(ctx context.Context, q graph.RelationQuery) ([]*graph.Relation, error) {
	var out []*graph.Relation
	err := s.read(ctx, "embedded.Relations", func(g *memGraph) error {
		for _, id := range g.candidates(q) {
			r := g.relations[id]
			if r != nil && matchRelation(r, q) {
				out = append(out, cloneRelation(r.get()))
			}
		}
		return nil
	})
	return out, err
}

// candidates returns the sorted IDs of the relations that may match q: the
// fewest an index gives.
func (g *memGraph) candidates(q graph.RelationQuery) []string {
	if len(q.IDs) > 0 {
		return unique(q.IDs)
	}
	var ends []string
	switch {
	case len(q.Subjects) > 0:
		ends = q.Subjects
	case len(q.Objects) > 0:
		ends = q.Objects
	case len(q.Touching) > 0:
		ends = q.Touching
	default:
		return sortedKeys(g.relations)
	}
	set := map[string]struct{}{}
	for _, e := range ends {
		maps.Copy(set, g.adj[e])
	}
	return sortedKeys(set)
}

func matchRelation(r *relation, q graph.RelationQuery) bool {
	return (len(q.IDs) == 0 || slices.Contains(q.IDs, r.id)) &&
		(len(q.Subjects) == 0 || slices.Contains(q.Subjects, r.subject)) &&
		(len(q.Objects) == 0 || slices.Contains(q.Objects, r.object)) &&
		(len(q.Predicates) == 0 || slices.Contains(q.Predicates, r.predicate)) &&
		(len(q.Touching) == 0 || slices.Contains(q.Touching, r.subject) || slices.Contains(q.Touching, r.object)) &&
		(len(q.Documents) == 0 || slices.ContainsFunc(q.Documents, func(d string) bool { _, ok := r.byDoc[d]; return ok }))
}

// Statements returns the statements that match q, sorted by ID.
func (s *Store) Statements(ctx context.Context, q graph.StatementQuery) ([]*graph.Statement, error) {
	var out []*graph.Statement
	err := s.read(ctx, "embedded.Statements", func(g *memGraph) error {
		ids := unique(q.IDs)
		if len(ids) == 0 {
			ids = sortedKeys(g.statements)
		}
		contains := graph.Key(q.Contains)
		for _, id := range ids {
			st := g.statements[id]
			if st == nil ||
				len(q.Speakers) > 0 && !slices.Contains(q.Speakers, st.speaker) ||
				len(q.Documents) > 0 && !slices.ContainsFunc(q.Documents, func(d string) bool { _, ok := st.byDoc[d]; return ok }) {
				continue
			}
			v := st.get()
			if len(q.About) > 0 && !slices.ContainsFunc(q.About, func(a string) bool { return slices.Contains(v.About, a) }) ||
				contains != "" && !strings.Contains(graph.Key(v.Text), contains) {
				continue
			}
			out = append(out, cloneStatement(v))
		}
		return nil
	})
	return out, err
}

// Documents returns the documents that match q, sorted by ID.
func (s *Store) Documents(ctx context.Context, q graph.DocumentQuery) ([]*graph.Document, error) {
	var out []*graph.Document
	err := s.read(ctx, "embedded.Documents", func(g *memGraph) error {
		ids := unique(q.IDs)
		if len(ids) == 0 {
			ids = sortedKeys(g.docs)
		}
		for _, id := range ids {
			d, ok := g.docs[id]
			if !ok ||
				len(q.Sources) > 0 && !slices.Contains(q.Sources, d.Source) ||
				len(q.Mentioning) > 0 && !slices.ContainsFunc(q.Mentioning, func(e string) bool { _, ok := g.mentions[e][id]; return ok }) {
				continue
			}
			out = append(out, &d)
		}
		return nil
	})
	return out, err
}

// Mentions returns the mentions of the given entities, by entity then document.
func (s *Store) Mentions(ctx context.Context, entities []string) ([]graph.Mention, error) {
	var out []graph.Mention
	err := s.read(ctx, "embedded.Mentions", func(g *memGraph) error {
		for _, e := range unique(entities) {
			for _, d := range sortedKeys(g.mentions[e]) {
				out = append(out, graph.Mention{Document: d, Entity: e, Count: g.mentions[e][d]})
			}
		}
		return nil
	})
	return out, err
}

// Stats counts what the store holds.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	var st graph.Stats
	err := s.read(ctx, "embedded.Stats", func(g *memGraph) error {
		st = graph.Stats{
			Documents:  len(g.docs),
			Entities:   len(g.entities),
			Relations:  len(g.relations),
			Statements: len(g.statements),
			Evidence:   g.evidence,
			Mentions:   g.nMentions,
		}
		return nil
	})
	return st, err
}

// unique returns the distinct strings of ss, sorted.
func unique(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

func hasType(types []graph.Type, t graph.Type) bool {
	return len(types) == 0 || slices.Contains(types, t)
}

func cloneEntity(e *entity) *graph.Entity {
	v := e.view
	v.Aliases = slices.Clone(v.Aliases)
	return &v
}

func cloneRelation(r *graph.Relation) *graph.Relation {
	c := *r
	c.Attributes = maps.Clone(r.Attributes)
	c.Evidence = graph.CloneEvidence(r.Evidence)
	return &c
}

func cloneStatement(s *graph.Statement) *graph.Statement {
	c := *s
	c.About = slices.Clone(s.About)
	c.Evidence = graph.CloneEvidence(s.Evidence)
	return &c
}
