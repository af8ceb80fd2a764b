package extract

import (
	"strings"
	"unicode"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/gazetteer"
)

// valKind says what a gazetteer phrase names.
type valKind uint8

const (
	vEntity  valKind = iota // an entry of the gazetteer
	vTitle                  // a title
	vDemonym                // a nationality adjective
	vBody                   // a generic government body ("Foreign Ministry")
	vRegion                 // a regional adjective ("Latin American")
)

// A phrase is one way of writing a gazetteer name.
type phrase struct {
	kind valKind
	idx  int // entry, title index
	// country is the country of a demonym, the region of a regional adjective.
	country string
	// text is the body name for vBody.
	text string
	// exact phrases (acronyms: "US", "TdA") match only with the same letter case.
	exact   bool
	words   []string // the phrase's words, for exact matching
	generic bool
	// lower phrases may start with a lower-case letter in the text.
	lower bool
}

type trieNode struct {
	next map[string]*trieNode
	vals []phrase
}

func (n *trieNode) add(keys []string, p phrase) {
	for _, k := range keys {
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[k]
		if c == nil {
			c = &trieNode{}
			n.next[k] = c
		}
		n = c
	}
	n.vals = append(n.vals, p)
}

// lexicon is the gazetteer arranged for look-up.
type lexicon struct {
	gaz   *gazetteer.Gazetteer
	root  *trieNode
	given map[string]byte
	// countryEntry maps a country's canonical name to its entry.
	countryEntry map[string]int
	// generic maps a generic body key and a country name to the entry of that
	// country's body ("navy", "United States" → U.S. Navy).
	generic map[string]map[string]int
	// aliasEntry maps the Key of every name and alias to its entry.
	aliasEntry map[string]int
	// keys holds the Key of each entry's canonical name.
	keys []string
	// capitalOf maps the Key of a capital city to its country: "Lima" can
	// stand for Peru's government.
	capitalOf map[string]string
}

func newLexicon(g *gazetteer.Gazetteer) *lexicon {
	lx := &lexicon{gaz: g, root: &trieNode{}, given: g.GivenNames, countryEntry: map[string]int{},
		generic: map[string]map[string]int{}, aliasEntry: map[string]int{}}
	lx.keys = make([]string, len(g.Entries))
	lx.capitalOf = map[string]string{}
	for i, e := range g.Entries {
		lx.keys[i] = graph.Key(e.Name)
		if e.Type == graph.Country {
			lx.countryEntry[e.Name] = i
			if e.Capital != "" {
				lx.capitalOf[graph.Key(e.Capital)] = e.Name
			}
		}
		names := append([]string{e.Name}, e.Aliases...)
		for _, n := range names {
			// "Mexico's Foreign Ministry", "Mexican Navy": found as a qualified body
			if e.Type == graph.Agency && (strings.ContainsAny(n, "'’") || demonymFirst(g, n)) {
				lx.aliasEntry[graph.Key(n)] = i
				continue
			}
			lx.addPhrase(n, phrase{kind: vEntity, idx: i})
			if _, ok := lx.aliasEntry[graph.Key(n)]; !ok {
				lx.aliasEntry[graph.Key(n)] = i
			}
		}
		for _, n := range e.Generic {
			lx.addPhrase(n, phrase{kind: vEntity, idx: i, generic: true})
			k := graph.Key(n)
			if lx.generic[k] == nil {
				lx.generic[k] = map[string]int{}
			}
			lx.generic[k][e.Country] = i
		}
		for _, d := range e.Demonyms {
			lx.addPhrase(d, phrase{kind: vDemonym, country: e.Name})
		}
	}
	for _, r := range []string{"Latin American", "Latin Americans", "Central American", "Central Americans",
		"South American", "South Americans", "North American", "North Americans", "Caribbean nations"} {
		region := strings.TrimSuffix(strings.TrimSuffix(r, "s"), "n")
		if strings.HasSuffix(r, "nations") {
			region = "Caribbean"
		}
		lx.addPhrase(r, phrase{kind: vRegion, country: region})
	}
	for i, t := range g.Titles {
		lx.addPhrase(t.Name, phrase{kind: vTitle, idx: i, lower: true})
	}
	for _, b := range g.Bodies {
		lx.addPhrase(b, phrase{kind: vBody, text: b})
	}
	return lx
}

func (lx *lexicon) addPhrase(s string, p phrase) {
	toks := tokenize(s, 0)
	var keys, words []string
	for _, t := range toks {
		if t.kind == tPunct && t.text != "&" {
			continue
		}
		keys = append(keys, t.key)
		words = append(words, strings.ReplaceAll(t.text, ".", ""))
	}
	if len(keys) > 1 && keys[0] == "the" {
		keys, words = keys[1:], words[1:]
	}
	if len(keys) == 0 {
		return
	}
	p.words = words
	p.exact = acronymish(words)
	if r := []rune(words[0]); len(r) > 0 && unicode.IsLower(r[0]) {
		p.lower = true
	}
	lx.root.add(keys, p)
}

// acronymish reports whether a phrase is written in capitals that matter:
// "US", "CIA", "TdA", "MS-13" ("MS" and "13").
func acronymish(words []string) bool {
	caps := 0
	for _, w := range words {
		up, low := 0, 0
		for _, r := range w {
			if unicode.IsUpper(r) {
				up++
			} else if unicode.IsLower(r) {
				low++
			}
		}
		switch {
		case up >= 2 || (up >= 1 && low == 0):
			caps++
		case up == 0 && low == 0: // digits
		default:
			return false
		}
	}
	return caps > 0
}

// match finds the longest gazetteer phrase that starts at token i of toks. It
// returns the index after the last token matched and the phrases there.
func (lx *lexicon) match(toks []token, i int) (int, []phrase) {
	if toks[i].kind != tWord {
		return i, nil
	}
	n := lx.root
	bestEnd := i
	var best []phrase
	for j := i; j < len(toks); j++ {
		t := toks[j]
		if t.kind == tPunct {
			if t.text == "&" {
				// matched as a word below
			} else if (t.text == "-" || t.text == "." || t.text == ",") && j > i {
				continue
			} else {
				break
			}
		}
		c := n.next[t.key]
		if c == nil {
			break
		}
		n = c
		if len(n.vals) > 0 {
			// the phrases whose letter case fits; no copy when all do
			all := true
			for _, p := range n.vals {
				if !lx.caseOK(p, toks, i, j+1) {
					all = false
					break
				}
			}
			if all {
				bestEnd, best = j+1, n.vals
				continue
			}
			var ok []phrase
			for _, p := range n.vals {
				if lx.caseOK(p, toks, i, j+1) {
					ok = append(ok, p)
				}
			}
			if len(ok) > 0 {
				bestEnd, best = j+1, ok
			}
		}
	}
	return bestEnd, best
}

// caseOK checks the letter case of toks[i:j] against phrase p.
func (lx *lexicon) caseOK(p phrase, toks []token, i, j int) bool {
	if p.exact {
		n := 0
		for k := i; k < j; k++ {
			w := toks[k]
			if w.kind == tPunct && w.text != "&" {
				continue
			}
			if n >= len(p.words) || !sameNoDots(w.text, p.words[n]) {
				return false
			}
			n++
		}
		return n == len(p.words)
	}
	if p.lower || p.kind == vTitle {
		return true
	}
	return toks[i].cap() || toks[i].digit()
}

// sameNoDots reports whether a equals b once a's periods are removed ("U.S." and "US").
func sameNoDots(a, b string) bool {
	if strings.IndexByte(a, '.') < 0 {
		return a == b
	}
	return strings.ReplaceAll(a, ".", "") == b
}

// demonymFirst reports whether name starts with a demonym ("Mexican Navy").
func demonymFirst(g *gazetteer.Gazetteer, name string) bool {
	first := strings.Fields(name)[0]
	for _, e := range g.Entries {
		for _, d := range e.Demonyms {
			if d == first {
				return true
			}
		}
	}
	return false
}
