// Package export writes the graph, or a part of it, in the formats of
// visualisation and graph tools:
//
//   - GraphML (Gephi, yEd, NetworkX, igraph): WriteGraphML
//   - Cytoscape.js elements JSON: WriteCytoscape
//   - CSV files for `neo4j-admin database import full`, with an import.sh: WriteCSV
//   - JSON Lines, one node, edge, statement, document or mention a line, with
//     the evidence of every fact: WriteJSONL
//
// It reads only through graph.Store, so it exports from either store. What it
// exports is a Selection: the whole graph, or the neighbourhood of one entity,
// restricted to some entity types and predicates. Select reads the IDs of what
// the selection holds; the writers then read the contents in pages of IDs, so a
// large graph is never held in memory at once. Every output is in ID order, the
// same bytes for the same store contents.
//
// An export is not a snapshot: a document loaded while it runs may or may not
// show in it.
package export

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Format names an export format.
type Format string

// The export formats.
const (
	GraphML   Format = "graphml"
	Cytoscape Format = "cytoscape"
	CSV       Format = "csv"
	JSONL     Format = "jsonl"
)

// Formats returns every format, in the order the CLI lists them.
func Formats() []Format {
	return []Format{GraphML, Cytoscape, CSV, JSONL}
}

// Stream reports whether the format is one file, written to an io.Writer by
// Write; CSV is a directory of files, written by WriteCSV.
func (f Format) Stream() bool {
	return f == GraphML || f == Cytoscape || f == JSONL
}

// ParseFormat returns the format named s (case does not matter).
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Formats(), f) {
		return f, nil
	}
	return "", graph.E(graph.Op("export.ParseFormat"), graph.Invalid, graph.Item("format"),
		fmt.Sprintf("unknown format %q (want one of %s)", s, joinFormats()))
}

func joinFormats() string {
	var ss []string
	for _, f := range Formats() {
		ss = append(ss, string(f))
	}
	return strings.Join(ss, ", ")
}

// Write writes the selection g in a stream format to w.
func Write(ctx context.Context, w io.Writer, f Format, g *Graph) error {
	switch f {
	case GraphML:
		return WriteGraphML(ctx, w, g)
	case Cytoscape:
		return WriteCytoscape(ctx, w, g)
	case JSONL:
		return WriteJSONL(ctx, w, g)
	case CSV:
		return graph.E(graph.Op("export.Write"), graph.Invalid, graph.Item("format"),
			"the csv export is a directory of files: use WriteCSV")
	}
	_, err := ParseFormat(string(f))
	return err
}

// ParseTypes parses entity type names ("CriminalGroup", "criminalgroup"),
// as a command line gives them, into the ontology's types.
func ParseTypes(names []string) ([]graph.Type, error) {
	var out []graph.Type
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		i := slices.IndexFunc(graph.Types(), func(t graph.Type) bool { return strings.EqualFold(string(t), n) })
		if i < 0 {
			return nil, graph.E(graph.Op("export.ParseTypes"), graph.Invalid, graph.Item("types"),
				fmt.Sprintf("unknown entity type %q (want one of %v)", n, graph.Types()))
		}
		out = append(out, graph.Types()[i])
	}
	return out, nil
}

// ParsePredicates parses predicate names ("OPERATES_IN", "operates_in",
// "operates-in") into the ontology's predicates.
func ParsePredicates(names []string) ([]graph.Predicate, error) {
	var out []graph.Predicate
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		p := graph.Predicate(strings.ToUpper(strings.ReplaceAll(n, "-", "_")))
		if _, ok := graph.LookupRelation(p); !ok {
			var all []string
			for _, rt := range graph.RelationTypes() {
				all = append(all, string(rt.Predicate))
			}
			return nil, graph.E(graph.Op("export.ParsePredicates"), graph.Invalid, graph.Item("predicates"),
				fmt.Sprintf("unknown predicate %q (want one of %s)", n, strings.Join(all, ", ")))
		}
		out = append(out, p)
	}
	return out, nil
}

// Resolve finds the entity that ref names: an entity ID, else a name or alias
// (Store.Lookup, any spelling with the same Key), else the single best match
// of Store.Search. A ref that names several entities equally well is an
// Invalid error that lists them; one that names none is a NotFound error.
func Resolve(ctx context.Context, s graph.Store, ref string) (*graph.Entity, error) {
	const op graph.Op = "export.Resolve"
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, graph.E(op, graph.Invalid, graph.Item("entity"), "no entity given")
	}
	es, err := s.Entities(ctx, []string{ref})
	if err != nil {
		return nil, graph.E(op, err)
	}
	if len(es) == 1 {
		return es[0], nil
	}
	if es, err = s.Lookup(ctx, ref); err != nil {
		return nil, graph.E(op, err)
	}
	switch len(es) {
	case 1:
		return es[0], nil
	case 0:
	default:
		return nil, ambiguous(op, ref, es)
	}
	hits, err := s.Search(ctx, ref, nil, 5)
	if err != nil {
		return nil, graph.E(op, err)
	}
	switch {
	case len(hits) == 0:
		return nil, graph.E(op, graph.NotFound, graph.Item(ref), "no entity has this ID or name")
	case len(hits) == 1 || hits[0].Score > hits[1].Score:
		return hits[0].Entity, nil
	}
	var tied []*graph.Entity
	for _, h := range hits {
		if h.Score == hits[0].Score {
			tied = append(tied, h.Entity)
		}
	}
	return nil, ambiguous(op, ref, tied)
}

func ambiguous(op graph.Op, ref string, es []*graph.Entity) error {
	var names []string
	for _, e := range es {
		names = append(names, fmt.Sprintf("%s (%s %q)", e.ID, e.Type, e.Name))
	}
	return graph.E(op, graph.Invalid, graph.Item(ref),
		"names several entities, give one's ID: "+strings.Join(names, ", "))
}

// Selection chooses what an export holds. The zero Selection is the whole graph.
type Selection struct {
	// Around, when set, is the ID of the entity whose neighbourhood is
	// exported: it and every entity within Depth relations of it, following
	// relations either way (Store.Neighborhood). Resolve turns a name into an ID.
	Around string
	// Depth is how many relations from Around the neighbourhood reaches.
	Depth int
	// Types keeps the entities of these types (all when empty), and Around
	// whatever its type. Around's neighbourhood is found over every type
	// first, then restricted, so an entity reached through one of another
	// type stays.
	Types []graph.Type
	// Predicates keeps the relations of these predicates (all when empty);
	// Around's neighbourhood follows only them.
	Predicates []graph.Predicate
}

// pageSize is how many IDs one read of the store asks for, relPageSize how
// many relations (the embedded store matches each relation against the list
// of IDs, so the cost of a read grows with the product).
const (
	pageSize    = 500
	relPageSize = 100
)

// entityPages is how many pages Select reads the entities in, at most, when
// there are more than minEntityPage: FindEntities sorts every match on each
// call, so more calls would cost more than the memory of larger pages.
const (
	entityPages   = 16
	minEntityPage = 5000
)

// fullStatementScan is how many speakers Select asks for by name at most;
// with more it reads every statement once and keeps the IDs of theirs, as
// a store may scan all statements for each query by speaker.
const fullStatementScan = pageSize

// Graph is what a Selection holds in a store: the sorted IDs of its entities,
// relations, statements and documents. The writers read their contents from
// the store, a page of IDs at a time.
//
// A relation is in the Graph when both its ends are; a statement when its
// speaker is (its About is cut to the Graph's entities); a document when it
// mentions one of the Graph's entities, which every document that states one
// of its facts does; a mention when its entity is.
type Graph struct {
	store      graph.Store
	sel        Selection
	entities   []string
	relations  []string
	statements []string
	documents  []string
	in         map[string]struct{} // the entities
	people     []string            // the entities that may speak, until selectRest
}

// Select reads the IDs of what sel holds in s. An unknown Around is a
// NotFound error, a negative Depth an Invalid one.
func Select(ctx context.Context, s graph.Store, sel Selection) (*Graph, error) {
	const op graph.Op = "export.Select"
	g := &Graph{store: s, sel: sel, in: map[string]struct{}{}}
	if sel.Around == "" {
		if sel.Depth != 0 {
			return nil, graph.E(op, graph.Invalid, graph.Item("depth"), "a depth needs an entity to go around")
		}
		if err := g.selectAll(ctx); err != nil {
			return nil, graph.E(op, err)
		}
	} else if err := g.selectAround(ctx); err != nil {
		return nil, graph.E(op, err)
	}
	if err := g.selectRest(ctx); err != nil {
		return nil, graph.E(op, err)
	}
	return g, nil
}

// selectAll pages through the entities of the selected types, then reads
// their relations a page of subjects at a time.
func (g *Graph) selectAll(ctx context.Context) error {
	st, err := g.store.Stats(ctx)
	if err != nil {
		return err
	}
	limit := max(minEntityPage, st.Entities/entityPages+1)
	for off := 0; ; off += limit {
		page, err := g.store.FindEntities(ctx, graph.EntityQuery{
			Types: g.sel.Types, Sort: graph.SortByID, Offset: off, Limit: limit,
		})
		if err != nil {
			return err
		}
		for _, e := range page.Entities {
			g.addEntity(e)
		}
		if len(page.Entities) < limit {
			break
		}
	}
	sort.Strings(g.entities)
	seen := map[string]struct{}{}
	return pagesOf(relPageSize, g.entities, func(ids []string) error {
		rs, err := g.store.Relations(ctx, graph.RelationQuery{Subjects: ids, Predicates: g.sel.Predicates})
		if err != nil {
			return err
		}
		for _, r := range rs {
			if _, dup := seen[r.ID]; !dup && g.has(r.Subject) && g.has(r.Object) {
				seen[r.ID] = struct{}{}
				g.relations = append(g.relations, r.ID)
			}
		}
		return nil
	})
}

// selectAround reads the neighbourhood of sel.Around.
func (g *Graph) selectAround(ctx context.Context) error {
	sub, err := g.store.Neighborhood(ctx, g.sel.Around, g.sel.Depth, g.sel.Predicates)
	if err != nil {
		return err
	}
	for _, e := range sub.Nodes {
		if len(g.sel.Types) == 0 || slices.Contains(g.sel.Types, e.Type) || e.ID == g.sel.Around {
			g.addEntity(e)
		}
	}
	for _, r := range sub.Edges {
		if g.has(r.Subject) && g.has(r.Object) &&
			(len(g.sel.Predicates) == 0 || slices.Contains(g.sel.Predicates, r.Predicate)) {
			g.relations = append(g.relations, r.ID)
		}
	}
	sort.Strings(g.entities)
	return nil
}

// selectRest finds the statements and documents of the selected entities.
func (g *Graph) selectRest(ctx context.Context) error {
	sort.Strings(g.relations)
	g.relations = slices.Compact(g.relations)
	stms, docs := map[string]struct{}{}, map[string]struct{}{}
	keep := func(ss []*graph.Statement) {
		for _, s := range ss {
			if g.has(s.Speaker) {
				stms[s.ID] = struct{}{}
			}
		}
	}
	if len(g.people) > fullStatementScan {
		ss, err := g.store.Statements(ctx, graph.StatementQuery{})
		if err != nil {
			return err
		}
		keep(ss)
	} else if len(g.people) > 0 {
		ss, err := g.store.Statements(ctx, graph.StatementQuery{Speakers: g.people})
		if err != nil {
			return err
		}
		keep(ss)
	}
	g.people = nil
	err := pages(g.entities, func(ids []string) error {
		ms, err := g.store.Mentions(ctx, ids)
		if err != nil {
			return err
		}
		for _, m := range ms {
			docs[m.Document] = struct{}{}
		}
		return nil
	})
	g.statements, g.documents = sortedKeys(stms), sortedKeys(docs)
	return err
}

// addEntity adds e to the selection, once.
func (g *Graph) addEntity(e *graph.Entity) {
	if _, dup := g.in[e.ID]; dup {
		return
	}
	g.in[e.ID] = struct{}{}
	g.entities = append(g.entities, e.ID)
	if e.Type == graph.Person {
		g.people = append(g.people, e.ID)
	}
}

// has reports whether the entity id is selected.
func (g *Graph) has(id string) bool {
	_, ok := g.in[id]
	return ok
}

// Counts says how much a Graph holds.
type Counts struct {
	Entities, Relations, Statements, Documents int
}

// Counts counts what g holds.
func (g *Graph) Counts() Counts {
	return Counts{len(g.entities), len(g.relations), len(g.statements), len(g.documents)}
}

// Node is an entity with how often the documents name it.
type Node struct {
	*graph.Entity
	// Mentions sums the mention counts of every document that names it.
	Mentions int
	// Documents counts the documents that name it.
	Documents int
}

// eachNode calls f with the selected entities in ID order.
func (g *Graph) eachNode(ctx context.Context, f func(Node) error) error {
	return pages(g.entities, func(ids []string) error {
		es, err := g.store.Entities(ctx, ids)
		if err != nil {
			return err
		}
		ms, err := g.store.Mentions(ctx, ids)
		if err != nil {
			return err
		}
		count, docs := map[string]int{}, map[string]int{}
		for _, m := range ms {
			count[m.Entity] += m.Count
			docs[m.Entity]++
		}
		sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
		for _, e := range es {
			if err := f(Node{Entity: e, Mentions: count[e.ID], Documents: docs[e.ID]}); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachEdge calls f with the selected relations in ID order.
func (g *Graph) eachEdge(ctx context.Context, f func(*graph.Relation) error) error {
	return pagesOf(relPageSize, g.relations, func(ids []string) error {
		rs, err := g.store.Relations(ctx, graph.RelationQuery{IDs: ids})
		if err != nil {
			return err
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
		for _, r := range rs {
			if err := f(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachStatement calls f with the selected statements in ID order, their
// About cut to the selected entities.
func (g *Graph) eachStatement(ctx context.Context, f func(*graph.Statement) error) error {
	return pages(g.statements, func(ids []string) error {
		ss, err := g.store.Statements(ctx, graph.StatementQuery{IDs: ids})
		if err != nil {
			return err
		}
		sort.Slice(ss, func(i, j int) bool { return ss[i].ID < ss[j].ID })
		for _, s := range ss {
			s.About = slices.DeleteFunc(s.About, func(id string) bool { return !g.has(id) })
			if err := f(s); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachDocument calls f with the selected documents in ID order.
func (g *Graph) eachDocument(ctx context.Context, f func(*graph.Document) error) error {
	return pages(g.documents, func(ids []string) error {
		ds, err := g.store.Documents(ctx, graph.DocumentQuery{IDs: ids})
		if err != nil {
			return err
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
		for _, d := range ds {
			if err := f(d); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachMention calls f with the mentions of the selected entities, by entity
// then document.
func (g *Graph) eachMention(ctx context.Context, f func(graph.Mention) error) error {
	return pages(g.entities, func(ids []string) error {
		ms, err := g.store.Mentions(ctx, ids)
		if err != nil {
			return err
		}
		sort.Slice(ms, func(i, j int) bool {
			if ms[i].Entity != ms[j].Entity {
				return ms[i].Entity < ms[j].Entity
			}
			return ms[i].Document < ms[j].Document
		})
		for _, m := range ms {
			if err := f(m); err != nil {
				return err
			}
		}
		return nil
	})
}

// pages calls f with successive slices of at most pageSize of ids.
func pages(ids []string, f func([]string) error) error {
	return pagesOf(pageSize, ids, f)
}

// pagesOf calls f with successive slices of at most size of ids.
func pagesOf(size int, ids []string, f func([]string) error) error {
	for len(ids) > 0 {
		n := min(size, len(ids))
		if err := f(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func sortedKeys(m map[string]struct{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// documentCount counts the distinct documents among a fact's evidence.
func documentCount(ev []graph.Evidence) int {
	seen := map[string]struct{}{}
	for _, e := range ev {
		seen[e.Document] = struct{}{}
	}
	return len(seen)
}
