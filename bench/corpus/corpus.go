// Package corpus gives a deterministic synthetic corpus of news-like
// articles about cartels, their designations, leaders and factions, and the
// officials who react to them, each with the extraction it should yield.
//
// The cast is made combinatorially from word lists (fictional groups like
// "Crimson Jaguar Cartel", fictional officials of real countries, real
// agencies), so the extractor must read every name from the text. The same
// seed and size give the same corpus, byte for byte, and article i does not
// depend on the others: a corpus is generated in parallel or in pieces at
// will, up to 100,000 documents and beyond. Some articles give a designation
// a date that another article contradicts, so the corpus has conflicts too.
//
// Score compares an extraction with the expected one the way
// ../shared/eval/score.py does (names by Key, relations by predicate and
// resolved ends, quotations by speaker and 80% word overlap), so that the
// extractor's recall and precision are measured on as many documents as the
// benchmark loads.
package corpus

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Generator writes the articles of one corpus.
type Generator struct {
	seed  uint64
	size  int
	world *world
}

// New returns the generator of a corpus of size documents made from seed.
// The cast grows with size (see the package doc).
func New(seed uint64, size int) (*Generator, error) {
	const op graph.Op = "corpus.New"
	if size < 1 {
		return nil, graph.E(op, graph.Invalid, fmt.Sprintf("size: want at least 1 document, got %d", size))
	}
	w, err := newWorld(seed, size)
	if err != nil {
		return nil, graph.E(op, graph.Invalid, err)
	}
	return &Generator{seed: seed, size: size, world: w}, nil
}

// Size is the number of documents of the corpus.
func (g *Generator) Size() int { return g.size }

// Groups counts the criminal groups of the corpus's cast.
func (g *Generator) Groups() int { return len(g.world.groups) }

// GroupID returns the entity ID of the i-th group of the cast (i modulo
// Groups): what the benchmark's queries ask about.
func (g *Generator) GroupID(i int) string {
	return graph.Slug(g.world.groups[i%len(g.world.groups)].name)
}

// Article is one generated document and the extraction it should yield.
type Article struct {
	// Document is its metadata: ID (the ContentID of Text), Source, Name,
	// Title, Publisher, Published.
	Document graph.Document
	Text     string
	Expected Expected
}

// Expected is the extraction an article states, in the format of the
// evaluation's gold files (../shared/eval/README.md): entities by name,
// relations between those names, quotations by speaker.
type Expected struct {
	Document   string              `json:"document"`
	Entities   []ExpectedEntity    `json:"entities"`
	Relations  []ExpectedRelation  `json:"relations"`
	Statements []ExpectedStatement `json:"statements"`
}

// ExpectedEntity is an entity the article names.
type ExpectedEntity struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases,omitempty"`
	// Optional entities count when found and are not missed when absent.
	Optional bool `json:"optional,omitempty"`
}

// ExpectedRelation is a fact the article states.
type ExpectedRelation struct {
	Subject    string            `json:"subject"`
	Predicate  string            `json:"predicate"`
	Object     string            `json:"object"`
	Attributes map[string]string `json:"attributes,omitempty"`
	// SubjectAny lists other entities that count as a correct subject
	// ("the State Department designated" is the United States' act too).
	SubjectAny []string `json:"subject_any,omitempty"`
	Optional   bool     `json:"optional,omitempty"`
}

// ExpectedStatement is a quotation and its speaker.
type ExpectedStatement struct {
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
}

// Article returns the i-th article (0 ≤ i < Size): the same for the same
// seed, size and i, whatever else was generated.
func (g *Generator) Article(i int) Article {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)+1))
	b := &builder{w: g.world, r: r, index: map[string]int{}, surnames: map[string]int{}}
	b.article()
	name := fmt.Sprintf("synthetic-%06d.txt", i)
	text := b.text()
	doc := graph.Document{
		ID:        graph.ContentID([]byte(text)),
		Source:    "synthetic/" + name,
		Name:      name,
		Title:     b.title,
		Publisher: publishers()[r.IntN(len(publishers()))],
		Published: b.published,
	}
	b.want.Document = name
	// empty lists, not null: score.py iterates over them
	if b.want.Statements == nil {
		b.want.Statements = []ExpectedStatement{}
	}
	if b.want.Relations == nil {
		b.want.Relations = []ExpectedRelation{}
	}
	return Article{Document: doc, Text: text, Expected: b.want}
}

// WriteDir writes the first n articles into dir as NAME.txt, and their
// expected extractions into dir/gold as NAME.json, the layout of
// ../shared/eval: `score.py dir/gold EXTRACTION.json` scores them.
func (g *Generator) WriteDir(dir string, n int) error {
	const op graph.Op = "corpus.WriteDir"
	gold := filepath.Join(dir, "gold")
	if err := os.MkdirAll(gold, 0o755); err != nil {
		return graph.E(op, graph.Item(dir), err)
	}
	for i := range min(n, g.size) {
		a := g.Article(i)
		path := filepath.Join(dir, a.Document.Name)
		if err := os.WriteFile(path, []byte(a.Text), 0o644); err != nil {
			return graph.E(op, graph.Item(path), err)
		}
		data, err := json.MarshalIndent(a.Expected, "", "  ")
		if err != nil {
			return graph.E(op, graph.Internal, graph.Item(path), err)
		}
		path = filepath.Join(gold, strings.TrimSuffix(a.Document.Name, ".txt")+".json")
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			return graph.E(op, graph.Item(path), err)
		}
	}
	return nil
}

func publishers() []string {
	return []string{"Hemisphere Wire", "Continental Ledger", "Border Dispatch", "Southern Cross Daily", "Regional Security Monitor"}
}
