// Package extract is cartelgraph's rule-based extractor: it reads the entities,
// relations and statements of the ontology out of a news article. The pipeline is
// clean (page furniture out, offsets kept) → sentences → tokens → mentions
// (gazetteer, typed capitalised names) → resolution (aliases, acronyms, surnames,
// nicknames, pronouns) → relations (one rule family per predicate, read on the
// sentence with its mentions masked) → statements (quotations and their speakers).
// Everything is deterministic and local; README.md says how to add a rule.
package extract

import (
	"context"
	"sort"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/gazetteer"
)

// Extractor reads entities, relations and statements out of news text. Safe for
// concurrent use; build it once.
type Extractor struct {
	lx     *lexicon
	rules  []rule
	guards *guardIndex
	// relTypes is graph.RelationTypes by predicate.
	relTypes map[graph.Predicate]graph.RelationType
}

// New loads the embedded gazetteer and compiles the rules.
func New() (*Extractor, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, graph.E(graph.Op("extract.New"), err)
	}
	rules := relationRules()
	rt := map[graph.Predicate]graph.RelationType{}
	for _, t := range graph.RelationTypes() {
		rt[t.Predicate] = t
	}
	return &Extractor{lx: newLexicon(g), rules: rules, guards: newGuardIndex(rules), relTypes: rt}, nil
}

// An ent is an entity of one document.
type ent struct {
	name    string
	typ     graph.Type
	gaz     int
	aliases map[string]bool
	count   int
	// used is set when a fact or a statement refers to the entity.
	used bool
	// country: the country a person serves (from a title) or a body belongs to.
	country string
	gender  byte
}

// doc is the working state of one extraction.
type doc struct {
	text         string
	meta         graph.Document
	lines        []line
	skip         []bool // furniture lines
	sents        []sentence
	sentMentions [][]mention
	ents         []*ent
	entIndex     map[string]int // Key of name → ent
	home         string         // the home country of the document
	year         int            // the year of the document's date, or the latest year it states
	pubMonth     int
	rels         []graph.Relation
	stms         []graph.Statement
	// presidents maps a person ent to the country named as qualifier of a
	// "President" title, when the text gives one.
	presidents map[int]string
	// unqualified lists the persons called "President" with no country.
	unqualified map[int][]int // ent → sentences
	masked      []masked
	// lastDesignator remembers the subject of the latest designation, for "was added to the list".
	lastDesignation *designation
	// speakers remembers the speaker of each sentence's statement.
	speakers map[int]int
	opposes  map[int][]int // subject ent → object ents
	dates    map[int][]dateMention
}

// Extract reads the document's text. doc carries what the reader already knows
// (ID, Source, Name, maybe Title, Published, Publisher, URL); the result is doc
// completed from the text, with the entities, relations and statements found,
// normalised and valid.
func (x *Extractor) Extract(ctx context.Context, meta graph.Document, text string) (*graph.Extraction, error) {
	const op graph.Op = "extract.Extract"
	if err := ctx.Err(); err != nil {
		return nil, graph.E(op, graph.Item(meta.Name), err)
	}
	d := &doc{text: text, meta: meta, entIndex: map[string]int{}, presidents: map[int]string{},
		unqualified: map[int][]int{}, speakers: map[int]int{}, opposes: map[int][]int{}}
	x.prepare(d)
	if err := ctx.Err(); err != nil {
		return nil, graph.E(op, graph.Item(meta.Name), err)
	}
	x.relations(d)
	return x.build(d)
}

// isHeading reports whether a line is in title case: most of its longer words capitalised.
func isHeading(toks []token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if t.kind != tWord || len([]rune(t.text)) < 4 {
			continue
		}
		words++
		if t.cap() {
			caps++
		}
	}
	if len(toks) == 0 {
		return false
	}
	last := toks[len(toks)-1].text
	return words >= 3 && caps*100 >= words*85 && last != "."
}

// build assembles the graph.Extraction.
func (x *Extractor) build(d *doc) (*graph.Extraction, error) {
	out := &graph.Extraction{Document: d.meta}
	ids := make([]string, len(d.ents))
	for i, e := range d.ents {
		ids[i] = graph.Slug(e.name)
	}
	keep := make([]bool, len(d.ents))
	for i, e := range d.ents {
		keep[i] = (e.count > 0 || e.used) && ids[i] != ""
	}
	for i, e := range d.ents {
		if !keep[i] {
			continue
		}
		var aliases []string
		for a := range e.aliases {
			aliases = append(aliases, a)
		}
		sort.Strings(aliases)
		out.Entities = append(out.Entities, graph.Entity{ID: ids[i], Name: e.name, Type: e.typ, Aliases: aliases})
		n := e.count
		if n < 1 {
			n = 1
		}
		out.Mentions = append(out.Mentions, graph.Mention{Entity: ids[i], Count: n})
	}
	out.Relations = append(out.Relations, d.rels...)
	out.Statements = append(out.Statements, d.stms...)
	out.Normalize()
	if err := out.Validate(); err != nil {
		return nil, graph.E(graph.Op("extract.Extract"), graph.Internal, err)
	}
	return out, nil
}

// entity returns the index of the document entity named name of type t,
// creating it when needed.
func (d *doc) entity(name string, t graph.Type, gaz int) int {
	k := graph.Key(name)
	if i, ok := d.entIndex[k]; ok {
		e := d.ents[i]
		if e.typ == t {
			e.name = graph.PreferName(e.name, name)
			return i
		}
		k = k + "|" + string(t)
		if i, ok := d.entIndex[k]; ok {
			return i
		}
	}
	d.ents = append(d.ents, &ent{name: name, typ: t, gaz: gaz, aliases: map[string]bool{}})
	d.entIndex[k] = len(d.ents) - 1
	return len(d.ents) - 1
}

// addAlias records a surface form of an entity.
func (d *doc) addAlias(i int, s string) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "the "), "The ")
	if s != "" {
		d.ents[i].aliases[s] = true
	}
}

// prepare reads the document up to its resolved mentions.
func (x *Extractor) prepare(d *doc) {
	d.lines = splitLines(d.text)
	x.readMetadata(d)
	for li, l := range d.lines {
		if d.skip[li] {
			continue
		}
		body := l
		var loc []int
		if strings.Contains(l.text, "/") || strings.Contains(l.text, "Photo") || strings.Contains(l.text, "Image") || strings.Contains(l.text, "Credit") {
			loc = photoCredit.FindStringIndex(l.text)
		}
		if loc != nil && loc[0] > 0 {
			body.end = l.start + loc[0]
			body.text = l.text[:loc[0]]
		} else if loc != nil {
			continue
		}
		// a dateline ("BOGOTÁ, Sept. 16, 2025 —") is a sentence of its own
		if loc := dateline.FindStringIndex(body.text); loc != nil && loc[1] < len(body.text) {
			d.sents = append(d.sents, sentence{start: body.start, end: body.start + loc[1], text: body.text[:loc[1]], line: li, dateline: true})
			body.start += loc[1]
			body.text = body.text[loc[1]:]
		}
		ss := splitSentences(d.text, body, li)
		if len(ss) == 1 && ss[0].start == body.start && ss[0].end == body.end {
			ss[0].whole = true
		}
		d.sents = append(d.sents, ss...)
	}
	var lineToks []token
	for i := range d.sents {
		s := &d.sents[i]
		s.tokens = tokenize(s.text, s.start)
		lineToks = append(lineToks, s.tokens...)
		if i+1 == len(d.sents) || d.sents[i+1].line != s.line {
			// a heading is judged on its whole line ("Can X Win? Experts Weigh In")
			h := isHeading(lineToks)
			for j := i; j >= 0 && d.sents[j].line == s.line; j-- {
				d.sents[j].heading = h && !d.sents[j].dateline
			}
			lineToks = lineToks[:0]
		}
	}
	d.sentMentions = make([][]mention, len(d.sents))
	x.findMentions(d)
	x.typeNames(d)
	x.resolve(d)
}
