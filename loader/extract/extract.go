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
	"sync"

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
	// famGuards are the numbers of familyGuardSets' words.
	famGuards [][]int
	// scratch holds the arrays of tokens, mask segments and slots of finished
	// extractions, for the next ones (*scratch values).
	scratch sync.Pool
}

// scratch is the working memory of one extraction that outlives it.
type scratch struct {
	tokens   []token
	segs     []maskSeg
	slots    []slot
	mentions []mention
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
	gi := newGuardIndex(rules)
	for i := range rules {
		if rules[i].guard != nil {
			rules[i].guardIDs = gi.ids(rules[i].guard)
		}
	}
	var fam [][]int
	for _, set := range familyGuardSets() {
		fam = append(fam, gi.ids(set))
	}
	return &Extractor{lx: newLexicon(g), rules: rules, guards: gi, relTypes: rt, famGuards: fam}, nil
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
	rels         []fact
	stms         []quote
	// presidents maps a person ent to the country named as qualifier of a
	// "President" title, when the text gives one.
	presidents map[int]string
	// formerHeads marks the persons of presidents whose title says they no
	// longer hold it ("Former Honduran President X"): they take no state from
	// the unqualified presidents of the text.
	formerHeads map[int]bool
	// unqualified lists the persons called "President" with no country.
	unqualified map[int][]int // ent → sentences
	// unqualTitle is "president" or "prime minister"; former marks a past holder.
	unqualTitle map[int]string
	former      map[int]bool
	// pendingTitles are posts of a state the sentence does not name.
	pendingTitles []pendingTitle
	masked        []masked
	// lastDesignator remembers the subject of the latest designation, for "was added to the list".
	lastDesignation *designation
	// speakers remembers the speaker of each sentence's statement.
	speakers map[int]int
	// sal counts the mentions of the sentences before the one being masked;
	// govBefore holds, by word, the state last named with its government
	// before each sentence (see recentGovernment).
	sal       salience
	govBefore map[string][]string
	// personTails holds the word-final parts of the names of the people of
	// the sentences before tailsUpTo ("Perez Vela", "Vela"), for surnameBefore.
	personTails map[string]bool
	tailsUpTo   int
	// lx is the extractor's lexicon (the gazetteer's precomputed keys).
	lx *lexicon
	// tokSlab, segSlab and slotSlab hold the tokens and the masks' segments and
	// slots, one array each (see Extractor.scratch)
	tokSlab  []token
	segSlab  []maskSeg
	slotSlab []slot
	menSlab  []mention
	quoteBuf []bool        // quoteMap's, reused from sentence to sentence
	opposes  map[int][]int // subject ent → object ents
	dates    map[int][]dateMention
}

// A fact is a relation between two document entities; its IDs are given in build.
type fact struct {
	subject, object int
	rel             graph.Relation
}

// A quote is a statement of a document entity about others.
type quote struct {
	speaker int
	about   []int
	stm     graph.Statement
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
	d := &doc{lx: x.lx, text: text, meta: meta, entIndex: map[string]int{}, presidents: map[int]string{},
		unqualified: map[int][]int{}, unqualTitle: map[int]string{}, former: map[int]bool{}, speakers: map[int]int{}, opposes: map[int][]int{}}
	sc, _ := x.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	d.tokSlab, d.segSlab, d.slotSlab, d.menSlab = sc.tokens[:0], sc.segs[:0], sc.slots[:0], sc.mentions[:0]
	defer func() {
		// nothing of the result points into these arrays: they are cleared
		// (no text kept alive) and kept for the next document
		clear(d.tokSlab[:len(d.tokSlab)])
		clear(d.slotSlab[:len(d.slotSlab)])
		clear(d.menSlab[:len(d.menSlab)])
		sc.tokens, sc.segs, sc.slots, sc.mentions = d.tokSlab[:0], d.segSlab[:0], d.slotSlab[:0], d.menSlab[:0]
		x.scratch.Put(sc)
	}()
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
	// two entities of one name and different types ("B" the person, "B" the
	// place) get distinct IDs
	ids := make([]string, len(d.ents))
	taken := make(map[string]bool, len(d.ents))
	keep := make([]bool, len(d.ents))
	for i, e := range d.ents {
		if e.count == 0 && !e.used {
			continue
		}
		ids[i] = graph.Slug(e.name)
		if ids[i] != "" && taken[ids[i]] {
			ids[i] = graph.Slug(e.name + " " + string(e.typ))
		}
		taken[ids[i]] = true
		keep[i] = ids[i] != ""
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
	for _, f := range d.rels {
		r := f.rel
		r.Subject, r.Object = ids[f.subject], ids[f.object]
		out.Relations = append(out.Relations, r)
	}
	for _, q := range d.stms {
		st := q.stm
		st.Speaker = ids[q.speaker]
		for _, a := range q.about {
			st.About = append(st.About, ids[a])
		}
		out.Statements = append(out.Statements, st)
	}
	out.Normalize()
	if err := x.check(out); err != nil {
		return nil, graph.E(graph.Op("extract.Extract"), graph.Internal, graph.Item(d.meta.Name), err)
	}
	return out, nil
}

// check is graph.Extraction.Validate's test of what the extractor could get
// wrong (entity types, the ontology's relation types, speakers, mentions),
// with the relation types looked up once in New rather than on every relation.
func (x *Extractor) check(out *graph.Extraction) error {
	types := make(map[string]graph.Type, len(out.Entities))
	for _, e := range out.Entities {
		if e.ID == "" || e.Name == "" || !e.Type.Valid() {
			return errString("entity " + e.ID + ": no name or an unknown type")
		}
		types[e.ID] = e.Type
	}
	for _, r := range out.Relations {
		rt, ok := x.relTypes[r.Predicate]
		st, ok1 := types[r.Subject]
		ot, ok2 := types[r.Object]
		if !ok || !ok1 || !ok2 || !rt.Allows(st, ot) || len(r.Evidence) == 0 {
			return errString("relation " + r.Subject + " " + string(r.Predicate) + " " + r.Object + ": not allowed by the ontology")
		}
	}
	for _, st := range out.Statements {
		if types[st.Speaker] != graph.Person || strings.TrimSpace(st.Text) == "" || len(st.Evidence) == 0 {
			return errString("statement of " + st.Speaker + ": no person, text or evidence")
		}
		for _, a := range st.About {
			if _, ok := types[a]; !ok {
				return errString("statement about " + a + ": not an entity of the document")
			}
		}
	}
	for _, m := range out.Mentions {
		if _, ok := types[m.Entity]; !ok || m.Count < 1 {
			return errString("mention of " + m.Entity + ": not an entity of the document")
		}
	}
	return nil
}

// errString is an error that is only its text.
type errString string

func (e errString) Error() string { return string(e) }

// entity returns the index of the document entity named name of type t,
// creating it when needed.
func (d *doc) entity(name string, t graph.Type, gaz int) int {
	if gaz >= 0 && gaz < len(d.lx.keys) && d.lx.gaz.Entries[gaz].Name == name {
		return d.entityKey(name, d.lx.keys[gaz], t, gaz)
	}
	return d.entityKey(name, graph.Key(name), t, gaz)
}

// entityKey is entity with the name's Key already known.
func (d *doc) entityKey(name, k string, t graph.Type, gaz int) int {
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
	// the tokens in one array: a sentence's are a slice of it, and so are a
	// line's (when append moves the array, it copies the line along)
	slab := d.tokSlab
	if cap(slab) < len(d.text)/5+16 {
		slab = make([]token, 0, len(d.text)/5+16)
	}
	lineStart := 0
	for i := range d.sents {
		s := &d.sents[i]
		from := len(slab)
		slab = appendTokens(slab, s.text, s.start)
		s.tokens = slab[from:len(slab):len(slab)]
		if i+1 == len(d.sents) || d.sents[i+1].line != s.line {
			// a heading is judged on its whole line ("Can X Win? Experts Weigh In")
			h := isHeading(slab[lineStart:])
			for j := i; j >= 0 && d.sents[j].line == s.line; j-- {
				d.sents[j].heading = h && !d.sents[j].dateline
			}
			lineStart = len(slab)
		}
	}
	d.tokSlab = slab
	d.sentMentions = make([][]mention, len(d.sents))
	x.findMentions(d)
	x.typeNames(d)
	x.resolve(d)
}
