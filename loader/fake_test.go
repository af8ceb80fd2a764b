package loader

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/cartelgraph/cartelgraph/graph"
)

// memStore is a small in-memory graph.Store for the loader's tests: it keeps
// the extractions by document and answers what the loader asks (Write,
// Entities, Lookup, Stats) and what the tests read back (Documents,
// Relations, Statements, Mentions) from them. The other methods are not used.
type memStore struct {
	graph.Store // nil: the methods the loader does not call panic

	mu   sync.Mutex
	docs map[string]*graph.Extraction // by document ID
	// index merges the entities of docs; nil when it must be rebuilt.
	index map[string]*graph.Entity
}

func newMemStore() *memStore {
	return &memStore{docs: map[string]*graph.Extraction{}}
}

func (s *memStore) Write(ctx context.Context, x *graph.Extraction) (graph.WriteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := copyExtraction(x)
	c.Normalize()
	if err := c.Validate(); err != nil {
		return graph.WriteResult{}, err
	}
	if _, ok := s.docs[c.Document.ID]; ok {
		return graph.WriteResult{Status: graph.StatusUnchanged}, nil
	}
	res := graph.WriteResult{Status: graph.StatusCreated}
	for id, old := range s.docs {
		if c.Document.Source != "" && old.Document.Source == c.Document.Source {
			delete(s.docs, id)
			s.index = nil
			res = graph.WriteResult{Status: graph.StatusReplaced, Replaced: id}
		}
	}
	s.docs[c.Document.ID] = c
	if s.index != nil {
		mergeEntities(s.index, c)
	}
	return res, nil
}

func copyExtraction(x *graph.Extraction) *graph.Extraction {
	c := *x
	c.Entities = append([]graph.Entity(nil), x.Entities...)
	c.Mentions = append([]graph.Mention(nil), x.Mentions...)
	c.Relations = append([]graph.Relation(nil), x.Relations...)
	c.Statements = append([]graph.Statement(nil), x.Statements...)
	return &c
}

// entities merges the entities of every stored document.
func (s *memStore) entities() map[string]*graph.Entity {
	if s.index == nil {
		s.index = map[string]*graph.Entity{}
		for _, x := range s.docs {
			mergeEntities(s.index, x)
		}
	}
	return s.index
}

func mergeEntities(index map[string]*graph.Entity, x *graph.Extraction) {
	for _, e := range x.Entities {
		have, ok := index[e.ID]
		if !ok {
			e := e
			index[e.ID] = &e
			continue
		}
		have.Name = graph.PreferName(have.Name, e.Name)
		have.Aliases = graph.Aliases(have.Name, append(have.Aliases, e.Aliases...))
	}
}

func (s *memStore) Entities(ctx context.Context, ids []string) ([]*graph.Entity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.entities()
	var out []*graph.Entity
	for _, id := range ids {
		if e, ok := all[id]; ok {
			c := *e
			out = append(out, &c)
		}
	}
	return out, nil
}

func (s *memStore) Lookup(ctx context.Context, name string, types ...graph.Type) ([]*graph.Entity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := graph.Key(name)
	var out []*graph.Entity
	for _, e := range s.entities() {
		if len(types) > 0 && !typeIn(e.Type, types) {
			continue
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if graph.Key(n) == k {
				c := *e
				out = append(out, &c)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func typeIn(t graph.Type, ts []graph.Type) bool {
	for _, u := range ts {
		if t == u {
			return true
		}
	}
	return false
}

func (s *memStore) Documents(ctx context.Context, q graph.DocumentQuery) ([]*graph.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*graph.Document
	for _, x := range s.docs {
		d := x.Document
		out = append(out, &d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (s *memStore) Relations(ctx context.Context, q graph.RelationQuery) ([]*graph.Relation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	byID := map[string]*graph.Relation{}
	for _, x := range s.docs {
		for _, r := range x.Relations {
			if have, ok := byID[r.ID]; ok {
				have.Evidence = append(have.Evidence, r.Evidence...)
				continue
			}
			r := r
			r.Evidence = append([]graph.Evidence(nil), r.Evidence...)
			byID[r.ID] = &r
		}
	}
	var out []*graph.Relation
	for _, r := range byID {
		graph.Summarize(r)
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (s *memStore) Stats(ctx context.Context) (graph.Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := graph.Stats{Documents: len(s.docs), Entities: len(s.entities())}
	rels, stms := map[string]bool{}, map[string]bool{}
	for _, x := range s.docs {
		for _, r := range x.Relations {
			rels[r.ID] = true
			st.Evidence += len(r.Evidence)
		}
		for _, m := range x.Statements {
			stms[m.ID] = true
			st.Evidence += len(m.Evidence)
		}
		st.Mentions += len(x.Mentions)
	}
	st.Relations, st.Statements = len(rels), len(stms)
	return st, nil
}

func (s *memStore) Close() error { return nil }

// names returns the stored entities as "id:Type" strings, sorted.
func (s *memStore) names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id, e := range s.entities() {
		out = append(out, id+":"+string(e.Type))
	}
	sort.Strings(out)
	return out
}

// sources returns the stored documents' sources, sorted.
func (s *memStore) sources() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, x := range s.docs {
		out = append(out, x.Document.Source)
	}
	sort.Strings(out)
	return out
}

// wordExtractor is the tests' Extractor: it finds the names of its gazetteer
// in the text (the longest first), and a DESIGNATED relation in every
// sentence that says "designated" and names a Country and a CriminalGroup.
type wordExtractor struct {
	// gazetteer maps a surface form to its canonical name and type.
	gazetteer map[string]graph.Entity
}

func testExtractor() *wordExtractor {
	return &wordExtractor{gazetteer: map[string]graph.Entity{
		"United States":     {Name: "United States", Type: graph.Country},
		"Mexico":            {Name: "Mexico", Type: graph.Country},
		"Sinaloa Cartel":    {Name: "Sinaloa Cartel", Type: graph.CriminalGroup},
		"Cártel de Sinaloa": {Name: "Cártel de Sinaloa", Type: graph.CriminalGroup},
		"Tren de Aragua":    {Name: "Tren de Aragua", Type: graph.CriminalGroup},
		"Jalisco":           {Name: "Jalisco", Type: graph.Location},
	}}
}

func (w *wordExtractor) Extract(ctx context.Context, doc graph.Document, text string) (*graph.Extraction, error) {
	x := &graph.Extraction{Document: doc}
	counts := map[string]int{}
	for surface, e := range w.gazetteer {
		if n := strings.Count(text, surface); n > 0 {
			e.ID = graph.Slug(e.Name)
			e.Aliases = []string{surface}
			x.Entities = append(x.Entities, e)
			counts[e.ID] += n
		}
	}
	for id, n := range counts {
		x.Mentions = append(x.Mentions, graph.Mention{Entity: id, Count: n})
	}
	start := 0
	for start < len(text) {
		end := strings.IndexAny(text[start:], ".\n")
		if end < 0 {
			end = len(text) - start
		}
		sentence := text[start : start+end]
		if strings.Contains(sentence, "designated") {
			var by, group string
			for surface, e := range w.gazetteer {
				if strings.Contains(sentence, surface) {
					switch e.Type {
					case graph.Country:
						by = graph.Slug(e.Name)
					case graph.CriminalGroup:
						group = graph.Slug(e.Name)
					}
				}
			}
			if by != "" && group != "" {
				x.Relations = append(x.Relations, graph.Relation{
					Subject: by, Predicate: graph.Designated, Object: group,
					Evidence: []graph.Evidence{{Sentence: sentence, Start: start, End: start + end, Confidence: 0.9}},
				})
			}
		}
		start += end + 1
	}
	return x, nil
}

// extractFunc makes an Extractor of a function.
type extractFunc func(ctx context.Context, doc graph.Document, text string) (*graph.Extraction, error)

func (f extractFunc) Extract(ctx context.Context, doc graph.Document, text string) (*graph.Extraction, error) {
	return f(ctx, doc, text)
}
