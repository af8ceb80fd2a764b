package embedded

import (
	"sort"
	"strings"
	"sync/atomic"

	"github.com/cartelgraph/cartelgraph/graph"
)

// memGraph is the graph derived from the stored extractions. add and remove
// are exact inverses, so the graph depends only on the set of documents
// added, never on their order: every merged field is kept as counts of what
// each document said, from which the fields are derived.
type memGraph struct {
	docs    map[string]graph.Document
	sources map[string]string // Source -> document ID

	entities map[string]*entity
	keys     map[string]map[string]struct{} // Key of a name or alias -> entity IDs

	relations map[string]*relation
	adj       map[string]map[string]struct{} // entity ID -> IDs of the relations touching it

	statements map[string]*statement

	mentions map[string]map[string]int // entity ID -> document ID -> count

	evidence  int // pieces of evidence of all relations and statements
	nMentions int // (document, entity) pairs
}

func newMemGraph() *memGraph {
	return &memGraph{
		docs:       map[string]graph.Document{},
		sources:    map[string]string{},
		entities:   map[string]*entity{},
		keys:       map[string]map[string]struct{}{},
		relations:  map[string]*relation{},
		adj:        map[string]map[string]struct{}{},
		statements: map[string]*statement{},
		mentions:   map[string]map[string]int{},
	}
}

// entity is an entity as the documents that name it describe it: how many
// give each name, alias and type. view is derived from the counts.
type entity struct {
	names   map[string]int
	aliases map[string]int
	types   map[graph.Type]int
	view    graph.Entity // shared by reads: never modified in place, cloned out
	nameKey string       // Key(view.Name)
	keys    []string     // the distinct Keys of view.Aliases, which include the name
}

// refresh derives the entity's fields from its counts.
func (e *entity) refresh() {
	name := ""
	for n := range e.names {
		name = graph.PreferName(name, n)
	}
	aliases := make([]string, 0, len(e.aliases))
	for a := range e.aliases {
		aliases = append(aliases, a)
	}
	sort.Strings(aliases)
	var typ graph.Type
	best := 0
	for _, t := range graph.Types() { // in order, so that a tie goes to the earlier type
		if n := e.types[t]; n > best {
			typ, best = t, n
		}
	}
	e.view = graph.Entity{ID: e.view.ID, Name: name, Type: typ, Aliases: aliases}
	e.nameKey = graph.Key(name)
	e.keys = e.keys[:0:0]
	seen := map[string]bool{}
	for _, a := range aliases {
		if k := graph.Key(a); !seen[k] {
			seen[k] = true
			e.keys = append(e.keys, k)
		}
	}
}

// relation is a fact with the evidence each document gives of it.
type relation struct {
	id        string
	subject   string
	predicate graph.Predicate
	object    string
	byDoc     map[string][]graph.Evidence
	// view caches the summarised relation; writers reset it under the write
	// lock, readers fill it under the read lock, hence the atomic.
	view atomic.Pointer[graph.Relation]
}

// other returns the end of r that is not id.
func (r *relation) other(id string) string {
	if r.subject == id {
		return r.object
	}
	return r.subject
}

// get returns the summarised relation. The result is shared: clone it before
// handing it out.
func (r *relation) get() *graph.Relation {
	if v := r.view.Load(); v != nil {
		return v
	}
	v := &graph.Relation{ID: r.id, Subject: r.subject, Predicate: r.predicate, Object: r.object}
	for _, d := range sortedKeys(r.byDoc) {
		v.Evidence = append(v.Evidence, r.byDoc[d]...)
	}
	graph.Summarize(v)
	r.view.Store(v)
	return v
}

// statementPart is what one document says of a statement.
type statementPart struct {
	text     string
	about    []string
	evidence []graph.Evidence
}

// statement is a quotation with what each document gives of it.
type statement struct {
	id      string
	speaker string
	byDoc   map[string]statementPart
	view    atomic.Pointer[graph.Statement]
}

// get returns the merged statement; the result is shared.
func (s *statement) get() *graph.Statement {
	if v := s.view.Load(); v != nil {
		return v
	}
	v := &graph.Statement{ID: s.id, Speaker: s.speaker}
	about := map[string]bool{}
	for _, d := range sortedKeys(s.byDoc) {
		p := s.byDoc[d]
		v.Text = graph.PreferName(v.Text, p.text)
		for _, a := range p.about {
			if !about[a] {
				about[a] = true
				v.About = append(v.About, a)
			}
		}
		v.Evidence = append(v.Evidence, p.evidence...)
	}
	sort.Strings(v.About)
	graph.SortEvidence(v.Evidence)
	s.view.Store(v)
	return v
}

// add takes in a normalised, valid extraction of a document not yet added.
func (g *memGraph) add(x *graph.Extraction) {
	doc := x.Document.ID
	g.docs[doc] = x.Document
	if x.Document.Source != "" {
		g.sources[x.Document.Source] = doc
	}
	for _, xe := range x.Entities {
		e := g.entities[xe.ID]
		if e == nil {
			e = &entity{names: map[string]int{}, aliases: map[string]int{}, types: map[graph.Type]int{}}
			e.view.ID = xe.ID
			g.entities[xe.ID] = e
		}
		e.names[xe.Name]++
		for _, a := range graph.Aliases(xe.Name, xe.Aliases) {
			e.aliases[a]++
		}
		e.types[xe.Type]++
		g.refreshEntity(e)
	}
	for _, m := range x.Mentions {
		if g.mentions[m.Entity] == nil {
			g.mentions[m.Entity] = map[string]int{}
		}
		if _, ok := g.mentions[m.Entity][doc]; !ok {
			g.nMentions++
		}
		g.mentions[m.Entity][doc] = m.Count
	}
	for _, xr := range x.Relations {
		r := g.relations[xr.ID]
		if r == nil {
			r = &relation{id: xr.ID, subject: xr.Subject, predicate: xr.Predicate, object: xr.Object,
				byDoc: map[string][]graph.Evidence{}}
			g.relations[xr.ID] = r
			g.link(r.subject, r.id)
			g.link(r.object, r.id)
		}
		r.byDoc[doc] = append([]graph.Evidence(nil), xr.Evidence...)
		g.evidence += len(xr.Evidence)
		r.view.Store(nil)
	}
	for _, xs := range x.Statements {
		s := g.statements[xs.ID]
		if s == nil {
			s = &statement{id: xs.ID, speaker: xs.Speaker, byDoc: map[string]statementPart{}}
			g.statements[xs.ID] = s
		}
		s.byDoc[doc] = statementPart{
			text:     xs.Text,
			about:    append([]string(nil), xs.About...),
			evidence: append([]graph.Evidence(nil), xs.Evidence...),
		}
		g.evidence += len(xs.Evidence)
		s.view.Store(nil)
	}
}

// remove takes out everything add took in for x.
func (g *memGraph) remove(x *graph.Extraction) {
	doc := x.Document.ID
	delete(g.docs, doc)
	if g.sources[x.Document.Source] == doc {
		delete(g.sources, x.Document.Source)
	}
	for _, xe := range x.Entities {
		e := g.entities[xe.ID]
		if e == nil {
			continue
		}
		decrement(e.names, xe.Name)
		for _, a := range graph.Aliases(xe.Name, xe.Aliases) {
			decrement(e.aliases, a)
		}
		decrement(e.types, xe.Type)
		if len(e.names) == 0 {
			g.unindex(e)
			delete(g.entities, xe.ID)
			continue
		}
		g.refreshEntity(e)
	}
	for _, m := range x.Mentions {
		if _, ok := g.mentions[m.Entity][doc]; ok {
			g.nMentions--
			delete(g.mentions[m.Entity], doc)
			if len(g.mentions[m.Entity]) == 0 {
				delete(g.mentions, m.Entity)
			}
		}
	}
	for _, xr := range x.Relations {
		r := g.relations[xr.ID]
		if r == nil {
			continue
		}
		g.evidence -= len(r.byDoc[doc])
		delete(r.byDoc, doc)
		r.view.Store(nil)
		if len(r.byDoc) == 0 {
			delete(g.relations, r.id)
			g.unlink(r.subject, r.id)
			g.unlink(r.object, r.id)
		}
	}
	for _, xs := range x.Statements {
		s := g.statements[xs.ID]
		if s == nil {
			continue
		}
		g.evidence -= len(s.byDoc[doc].evidence)
		delete(s.byDoc, doc)
		s.view.Store(nil)
		if len(s.byDoc) == 0 {
			delete(g.statements, s.id)
		}
	}
}

// refreshEntity re-derives e and moves its entries in the key index.
func (g *memGraph) refreshEntity(e *entity) {
	g.unindex(e)
	e.refresh()
	for _, k := range e.keys {
		if g.keys[k] == nil {
			g.keys[k] = map[string]struct{}{}
		}
		g.keys[k][e.view.ID] = struct{}{}
	}
}

func (g *memGraph) unindex(e *entity) {
	for _, k := range e.keys {
		delete(g.keys[k], e.view.ID)
		if len(g.keys[k]) == 0 {
			delete(g.keys, k)
		}
	}
}

func (g *memGraph) link(entity, rel string) {
	if g.adj[entity] == nil {
		g.adj[entity] = map[string]struct{}{}
	}
	g.adj[entity][rel] = struct{}{}
}

func (g *memGraph) unlink(entity, rel string) {
	delete(g.adj[entity], rel)
	if len(g.adj[entity]) == 0 {
		delete(g.adj, entity)
	}
}

func decrement[K comparable](m map[K]int, k K) {
	if m[k] <= 1 {
		delete(m, k)
		return
	}
	m[k]--
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isDesignated reports whether entity id is the object of a DESIGNATED relation.
func (g *memGraph) isDesignated(id string) bool {
	for rid := range g.adj[id] {
		if r := g.relations[rid]; r.predicate == graph.Designated && r.object == id {
			return true
		}
	}
	return false
}

// words returns the words of a Key.
func words(key string) []string { return strings.Fields(key) }
