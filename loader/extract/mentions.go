package extract

import (
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// mKind says what a mention is.
type mKind uint8

const (
	mEntity  mKind = iota // a name of an entity
	mTitle                // a title ("President", "spokesperson")
	mDemonym              // a nationality ("Mexican"): a link to a country, not a name
	mPronoun              // he or she, resolved to a person
	mName                 // a capitalised name not yet typed: resolved against known names or dropped
)

// A mention is a span of tokens of one sentence that names something.
type mention struct {
	sent   int
	t0, t1 int // tokens [t0, t1) of the sentence
	kind   mKind
	typ    graph.Type
	gaz    int // gazetteer entry, or -1
	title  int // title index for mTitle
	// country is the country of a demonym or the qualifier of a body.
	country string
	// name is the canonical form the mention gives (nickname removed).
	name string
	// surface is the text as written, a leading "the" removed.
	surface string
	nick    []string
	ent     int // index in doc.ents, -1 until resolved
	// body is set on a qualified generic body: "Mexico's Foreign Ministry".
	body bool
	// qualified is true when a country possessive or demonym qualifies the body.
	qualified bool
}

// Words that may join the capitalised words of one name.
var nameConnectors = map[string]bool{
	"de": true, "del": true, "la": true, "las": true, "los": true, "y": true, "e": true,
	"da": true, "do": true, "dos": true, "das": true, "of": true, "for": true, "the": true,
	"and": true, "&": true, "on": true, "van": true, "von": true, "bin": true, "al": true,
}

// Capitalised words that do not start a name at the start of a sentence.
var notNames = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"in": true, "on": true, "at": true, "for": true, "from": true, "with": true, "by": true,
	"as": true, "but": true, "and": true, "or": true, "if": true, "when": true, "while": true,
	"after": true, "before": true, "since": true, "although": true, "though": true, "during": true,
	"under": true, "over": true, "among": true, "according": true, "earlier": true, "later": true,
	"meanwhile": true, "however": true, "still": true, "yet": true, "it": true, "he": true,
	"she": true, "they": true, "we": true, "i": true, "you": true, "his": true, "her": true,
	"their": true, "our": true, "its": true, "some": true, "many": true, "most": true,
	"several": true, "other": true, "such": true, "both": true, "each": true, "all": true,
	"no": true, "not": true, "even": true, "also": true, "then": true, "there": true, "here": true,
	"what": true, "which": true, "who": true, "how": true, "why": true, "where": true,
	"whether": true, "analysts": true, "officials": true, "experts": true, "to": true, "of": true,
	"so": true, "because": true, "despite": true, "following": true, "unlike": true, "like": true,
	"today": true, "yesterday": true, "tomorrow": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mr": true, "mrs": true, "ms": true, "dr": true, "said": true, "says": true,
	"one": true, "two": true, "three": true, "first": true, "second": true, "last": true,
	"next": true, "new": true, "any": true, "every": true, "only": true, "just": true,
	"now": true, "once": true, "more": true, "less": true, "much": true, "between": true,
	"against": true, "into": true, "about": true, "through": true, "within": true,
	"without": true, "toward": true, "towards": true, "upon": true, "amid": true, "via": true,
	"per": true, "than": true, "until": true, "unless": true, "whereas": true, "instead": true,
	"indeed": true, "notably": true, "thus": true, "therefore": true,
	"politically": true, "diplomatic": true, "regional": true, "current": true, "former": true,
	"mexican": true, "american": true, "u": true, "o": true,
	"officers": true, "soldiers": true, "police": true, "prosecutors": true, "residents": true,
	"members": true, "authorities": true, "troops": true, "agents": true, "investigators": true,
	"lawmakers": true, "critics": true, "gunmen": true, "prisoners": true, "witnesses": true,
}

// portfolioEnds are the last words of a minister's or a secretary's
// portfolio, which a person's name can follow: "… Affairs Michael Kozak".
var portfolioEnds = map[string]bool{"affairs": true, "security": true, "intelligence": true, "justice": true,
	"defense": true, "defence": true, "finance": true, "relations": true, "policy": true, "operations": true,
	"enforcement": true, "control": true, "terrorism": true, "crime": true, "narcotics": true, "safety": true,
	"development": true, "trade": true, "commerce": true, "interior": true, "health": true}

// sentenceAdjectives are notNames that begin a name when they are not the
// sentence's first word: "the Regional Detention Center".
var sentenceAdjectives = map[string]bool{"regional": true, "diplomatic": true, "current": true,
	"national": true, "former": true}

// Type cues in the last word of a name.
var headTypes = map[string]graph.Type{
	"cartel": graph.CriminalGroup, "gang": graph.CriminalGroup,
	"mafia": graph.CriminalGroup, "syndicate": graph.CriminalGroup, "clan": graph.CriminalGroup,
	"department": graph.Agency, "ministry": graph.Agency, "agency": graph.Agency, "command": graph.Agency,
	"navy": graph.Agency, "army": graph.Agency, "guard": graph.Agency, "congress": graph.Agency,
	"senate": graph.Agency, "embassy": graph.Agency, "office": graph.Agency, "bureau": graph.Agency,
	"service": graph.Agency, "commission": graph.Agency, "unit": graph.Agency, "police": graph.Agency,
	"forces": graph.Agency, "force": graph.Agency, "secretariat": graph.Agency, "directorate": graph.Agency,
	"corps": graph.Agency, "prosecutor": graph.Agency, "court": graph.Agency, "assembly": graph.Agency,
	"parliament": graph.Agency, "legislature": graph.Agency, "cabinet": graph.Agency, "administration": graph.Agency,
	"council":   graph.Agency,
	"institute": graph.Organization, "university": graph.Organization, "group": graph.Organization,
	"center": graph.Organization, "centre": graph.Organization, "foundation": graph.Organization,
	"times": graph.Organization, "journal": graph.Organization, "news": graph.Organization,
	"party": graph.Organization, "post": graph.Organization, "tribune": graph.Organization,
	"herald": graph.Organization, "press": graph.Organization, "network": graph.Organization,
	"association": graph.Organization, "society": graph.Organization, "bank": graph.Organization,
	"company": graph.Organization, "corporation": graph.Organization, "inc": graph.Organization,
	"llc": graph.Organization, "llp": graph.Organization, "fund": graph.Organization, "forum": graph.Organization,
	"coalition": graph.Organization, "alliance": graph.Organization, "watch": graph.Organization,
	"international": graph.Organization, "intelligence": graph.Organization, "college": graph.Organization,
	"school": graph.Organization, "magazine": graph.Organization, "gazette": graph.Organization,
	"radio": graph.Organization, "television": graph.Organization, "tv": graph.Organization,
	"partners": graph.Organization, "associates": graph.Organization, "consulting": graph.Organization,
	"quarterly": graph.Organization, "review": graph.Organization, "project": graph.Organization,
	"initiative": graph.Policy, "act": graph.Policy, "agreement": graph.Policy, "treaty": graph.Policy,
	"framework": graph.Policy, "accord": graph.Policy, "accords": graph.Policy, "pact": graph.Policy,
	"directive": graph.Policy, "strategy": graph.Policy, "plan": graph.Policy, "program": graph.Policy,
	"programme": graph.Policy, "doctrine": graph.Policy, "compact": graph.Policy, "law": graph.Policy,
	"memorandum": graph.Policy, "declaration": graph.Policy, "protocol": graph.Policy,
	"code": graph.Policy, "constitution": graph.Policy, "charter": graph.Policy, "convention": graph.Policy,
	"statute": graph.Policy, "decree": graph.Policy, "ordinance": graph.Policy, "bill": graph.Policy,
	"killers": graph.CriminalGroup,
	"city":    graph.Location, "province": graph.Location, "river": graph.Location, "canal": graph.Location,
	"valley": graph.Location, "mountains": graph.Location, "island": graph.Location, "islands": graph.Location,
	"peninsula": graph.Location, "desert": graph.Location, "highway": graph.Location, "port": graph.Location,
	"county": graph.Location, "municipality": graph.Location, "region": graph.Location,
}

// Type cues in the first word of a name ("Cartel de los Soles", "Universidad X", "Plan X").
var firstTypes = map[string]graph.Type{
	"cartel": graph.CriminalGroup, "mara": graph.CriminalGroup,
	"clan": graph.CriminalGroup, "tren": graph.CriminalGroup, "barrio": graph.CriminalGroup,
	"banda": graph.CriminalGroup,
	"plan":  graph.Policy, "operation": graph.Policy, "ley": graph.Policy, "executive": graph.Policy,
	"universidad": graph.Organization, "instituto": graph.Organization, "fundacion": graph.Organization,
	"centro": graph.Organization, "partido": graph.Organization, "colegio": graph.Organization,
	"banco": graph.Organization, "grupo": graph.Organization, "university": graph.Organization,
	"radio": graph.Organization, "televisión": graph.Organization, "television": graph.Organization,
	"diario": graph.Organization, "canal": graph.Organization,
	"institute": graph.Organization, "center": graph.Organization, "centre": graph.Organization,
	"secretaria": graph.Agency, "ministerio": graph.Agency, "fiscalia": graph.Agency, "guardia": graph.Agency,
	"unidad": graph.Agency, "policia": graph.Agency, "ejercito": graph.Agency, "armada": graph.Agency,
	"procuraduria": graph.Agency, "comision": graph.Agency, "consejo": graph.Agency, "congreso": graph.Agency,
	"senado": graph.Agency, "camara": graph.Agency, "tribunal": graph.Agency, "suprema": graph.Agency,
	"departamento": graph.Agency, "direccion": graph.Agency, "agencia": graph.Agency, "servicio": graph.Agency,
	"oficina": graph.Agency, "department": graph.Agency, "ministry": graph.Agency, "office": graph.Agency,
	"bureau": graph.Agency, "agency": graph.Agency,
}

// groupCues make an organisation named "... Group" a government body.
var agencyGroupCues = map[string]bool{"interagency": true, "joint": true, "task": true, "working": true, "advisory": true, "interministerial": true}

// Lower-case words before a name that say it is an organisation.
var orgNouns = map[string]graph.Type{
	"firm": graph.Organization, "company": graph.Organization, "consultancy": graph.Organization,
	"outlet": graph.Organization, "newspaper": graph.Organization, "daily": graph.Organization,
	"institute": graph.Organization, "organization": graph.Organization, "organisation": graph.Organization,
	"ngo": graph.Organization, "nonprofit": graph.Organization, "think": graph.Organization,
	"tank": graph.Organization, "group": graph.Organization, "broadcaster": graph.Organization,
	"network": graph.Organization, "magazine": graph.Organization, "website": graph.Organization,
	"gang": graph.CriminalGroup, "cartel": graph.CriminalGroup, "faction": graph.CriminalGroup,
	"agency": graph.Agency,
}

// Lower-case words after ", a ..." that say the name before is an organisation.
var apposOrgNouns = map[string]bool{
	"institution": true, "firm": true, "organization": true, "organisation": true, "group": true,
	"company": true, "ngo": true, "university": true, "newspaper": true, "outlet": true,
	"institute": true, "consultancy": true, "center": true, "centre": true, "nonprofit": true,
	"network": true, "agency": true, "broadcaster": true, "foundation": true, "publication": true,
	"tank": true,
}

var speechVerbsAfterName = map[string]bool{
	"said": true, "says": true, "told": true, "added": true, "wrote": true, "stated": true,
	"noted": true, "argued": true, "explained": true, "warned": true, "observed": true,
	"cautioned": true, "insisted": true, "stressed": true, "acknowledged": true, "asked": true,
	"tweeted": true, "posted": true,
}

var personPrefixes = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gen": true,
	"adm": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true, "prof": true,
	"gens": true, "sens": true, "reps": true,
}

// findMentions fills d.mentions from the sentences: gazetteer names, titles,
// demonyms, and capitalised names typed by their words and their context.
func (x *Extractor) findMentions(d *doc) {
	var takenBuf []bool
	if cap(d.menSlab) < len(d.text)/8+16 {
		d.menSlab = make([]mention, 0, len(d.text)/8+16)
	}
	for si := range d.sents {
		s := &d.sents[si]
		toks := s.tokens
		if cap(takenBuf) < len(toks) {
			takenBuf = make([]bool, len(toks)+32)
		}
		taken := takenBuf[:len(toks)]
		clear(taken)
		ms := d.menSlab[len(d.menSlab):len(d.menSlab)]
		// 1. gazetteer phrases, longest first from the left
		for i := 0; i < len(toks); {
			end, ps := x.lx.match(toks, i)
			if len(ps) == 0 {
				i++
				continue
			}
			p := pick(ps)
			// a title known only in lower case ("official", "analyst"),
			// capitalised inside a sentence, begins a name: "the Official Gazette"
			if p.kind == vTitle && i > 0 && toks[i].cap() && toks[i-1].kind == tWord && !anyCapitalTitle(ps) {
				i++
				continue
			}
			m := mention{sent: si, t0: i, t1: end, gaz: -1, ent: -1}
			switch p.kind {
			case vEntity:
				e := x.lx.gaz.Entries[p.idx]
				m.kind, m.typ, m.gaz, m.name = mEntity, e.Type, p.idx, e.Name
				// a dateline names a city: "WASHINGTON —" is the capital
				if s.dateline && e.Type == graph.Country && e.Capital != "" && strings.HasPrefix(graph.Key(e.Capital), graph.Key(surfaceOf(d.text, toks, i, end))) {
					if c, ok := x.lx.gaz.Lookup(e.Capital); ok {
						m.typ, m.gaz, m.name = c.Type, x.lx.aliasEntry[graph.Key(c.Name)], c.Name
					}
				}
				if p.generic {
					m.body = true
				}
			case vTitle:
				m.kind, m.title = mTitle, p.idx
			case vDemonym:
				m.kind, m.country = mDemonym, p.country
			case vRegion:
				m.kind, m.country = mDemonym, p.country
			case vBody:
				m.kind, m.typ, m.name, m.body = mEntity, graph.Agency, p.text, true
			}
			// a generic body after a capitalised word is the head of a longer
			// name: "Security Cabinet", "Haitian National Police" stays a body
			capBefore := i > 0 && toks[i-1].kind == tWord && toks[i-1].cap() && !taken[i-1] && !notNames[toks[i-1].key]
			if (p.kind == vBody || p.generic) && capBefore {
				i++
				continue
			}
			// ... and before a head word it begins one: "National Police Service"
			if (p.kind == vBody || p.generic) && end < len(toks) && toks[end].kind == tWord && toks[end].cap() && isHeadWord(toks[end].key) {
				i++
				continue
			}
			// a place after the first word of an organisation's name is part
			// of it: "Radio América", "Banco Santander"
			if m.kind == mEntity && (m.typ == graph.Country || m.typ == graph.Location) && capBefore && i > 0 {
				if t, ok := firstTypes[toks[i-1].key]; ok && (t == graph.Organization || t == graph.Agency) && (i < 2 || !toks[i-2].cap()) {
					i++
					continue
				}
			}
			// a region before the words of a body's name begins it:
			// "Caribbean Stabilization Force", "Andean Development Bank"
			if m.kind == mEntity && m.typ == graph.Location && m.gaz >= 0 && x.lx.gaz.Entries[m.gaz].Class == "region" && headRunAt(toks, taken, end) {
				i++
				continue
			}
			// a demonym inside a name is part of it: "Royal Canadian Mounted Police"
			if p.kind == vDemonym && capBefore && end < len(toks) && toks[end].kind == tWord && toks[end].cap() {
				i++
				continue
			}
			// A given name before a one-word place is a person: "Juan Guerrero".
			if m.kind == mEntity && end-i == 1 && i > 0 && (m.typ == graph.Location || m.typ == graph.Country) && toks[i-1].cap() && x.lx.given[toks[i-1].key] != 0 && !taken[i-1] {
				i++
				continue
			}
			// ... and after the capitalised name of a person: "Paulo Reis Lima"
			if m.kind == mEntity && end-i == 1 && i > 1 && (m.typ == graph.Location || m.typ == graph.Country) && personRunBefore(x, toks, taken, i) {
				i++
				continue
			}
			// ... and a place that is also a given name, before a capitalised
			// word no list knows, is a person: "Virginia Raggi", "Jordan Peterson"
			if m.kind == mEntity && end-i == 1 && (m.typ == graph.Location || m.typ == graph.Country) && x.lx.given[toks[i].key] != 0 &&
				end < len(toks) && toks[end].kind == tWord && toks[end].cap() && !notNames[toks[end].key] {
				if e2, ps2 := x.lx.match(toks, end); len(ps2) == 0 || e2 == end {
					for k := i; k < end; k++ {
						taken[k] = false
					}
					i++
					continue
				}
			}
			for k := i; k < end; k++ {
				taken[k] = true
			}
			ms = append(ms, m)
			i = end
		}
		// 2. capitalised spans among the remaining tokens
		for i := 0; i < len(toks); i++ {
			if taken[i] || toks[i].kind != tWord || !toks[i].cap() {
				continue
			}
			j, nick := spanEnd(toks, taken, i)
			a := i
			// drop capitalised function words at the start
			for a < j && notNames[toks[a].key] && !(a > 0 && sentenceAdjectives[toks[a].key] && toks[a-1].kind == tWord) {
				a++
			}
			// the end of a portfolio before a person's name: "(for Western
			// Hemisphere) Affairs Michael Kozak" is the name from "Michael"
			for k := a + 1; k+1 < j; k++ {
				if portfolioEnds[toks[k-1].key] && x.lx.given[toks[k].key] != 0 && toks[k+1].cap() {
					a = k
					break
				}
			}
			if a < j && toks[a].kind == tWord && toks[a].cap() {
				ms = append(ms, mention{sent: si, t0: a, t1: j, kind: mName, gaz: -1, ent: -1, nick: nick})
			}
			i = j - 1
		}
		sortMentions(ms)
		ms = absorbPlaces(toks, ms)
		for k := range ms {
			ms[k].surface = surfaceOf(d.text, toks, ms[k].t0, ms[k].t1)
			if ms[k].name == "" {
				ms[k].name = ms[k].surface
			}
		}
		if len(ms) > 0 && len(d.menSlab)+len(ms) <= cap(d.menSlab) && &ms[0] == &d.menSlab[:len(d.menSlab)+1][len(d.menSlab)] {
			// written in place in the slab: keep it, and let the next
			// sentence's start after it
			d.menSlab = d.menSlab[:len(d.menSlab)+len(ms)]
		}
		// capped, so that a mention added later to the sentence does not
		// write over the next sentence's in the slab
		d.sentMentions[si] = ms[:len(ms):len(ms)]
	}
}

// headRunAt reports whether the capitalised words from token i (up to four)
// end with the head word of a body, an organisation or an instrument.
func headRunAt(toks []token, taken []bool, i int) bool {
	for j := i; j < len(toks) && j < i+4 && !taken[j] && toks[j].kind == tWord && toks[j].cap(); j++ {
		if isHeadWord(toks[j].key) {
			return true
		}
	}
	return false
}

// personRunBefore reports whether the capitalised words just before token i
// (two or three, none known) begin with a given name: a person's name that
// the place at i ends ("Paulo Reis Lima").
func personRunBefore(x *Extractor, toks []token, taken []bool, i int) bool {
	a := i
	for a > 0 && i-a < 3 && toks[a-1].kind == tWord && toks[a-1].cap() && !taken[a-1] && !notNames[toks[a-1].key] {
		a--
	}
	return i-a >= 2 && x.lx.given[toks[a].key] != 0
}

// anyCapitalTitle reports whether one of the phrases is a title written with
// a capital ("Director" as well as "director").
func anyCapitalTitle(ps []phrase) bool {
	for _, p := range ps {
		if p.kind == vTitle && len(p.words) > 0 && p.words[0] != "" && !(p.words[0][0] >= 'a' && p.words[0][0] <= 'z') {
			return true
		}
	}
	return false
}

// pick chooses among the phrases a span matched: entities before bodies before titles.
func pick(ps []phrase) phrase {
	best := ps[0]
	rank := func(p phrase) int {
		switch p.kind {
		case vEntity:
			if p.generic {
				return 1
			}
			return 0
		case vBody:
			return 2
		case vDemonym, vRegion:
			return 3
		}
		return 4
	}
	for _, p := range ps[1:] {
		if rank(p) < rank(best) {
			best = p
		}
	}
	return best
}

// spanEnd returns the end of the capitalised span that starts at token i, and
// the words of a nickname in quotes inside it (Ismael "El Mayo" Zambada).
func spanEnd(toks []token, taken []bool, i int) (int, []string) {
	j := i + 1
	var nick []string
	sawOf := false
	for j < len(toks) && !taken[j] {
		t := toks[j]
		switch {
		case t.kind == tWord && (t.cap() || (t.digit() && j > i && isOrderWord(toks[j-1].key))):
			j++
			continue
		case t.kind == tPunct && (t.text == "\"" || t.text == "“") && t.space:
			// a nickname: capitalised words in quotes, then a capitalised word
			k := j + 1
			for k < len(toks) && toks[k].kind == tWord && toks[k].cap() {
				k++
			}
			if k > j+1 && k-j <= 4 && k+1 < len(toks) && (toks[k].text == "\"" || toks[k].text == "”") && toks[k+1].kind == tWord && toks[k+1].cap() && !taken[k+1] {
				for q := j + 1; q < k; q++ {
					nick = append(nick, toks[q].text)
				}
				j = k + 1
				continue
			}
		case t.kind == tPunct && t.text == "." && !t.space && j > i && isInitial(toks[j-1]) &&
			j+1 < len(toks) && toks[j+1].kind == tWord && toks[j+1].cap() && !taken[j+1]:
			// a middle initial: "John K. Hurley"
			j += 2
			continue
		case t.kind == tPunct && t.text == "&":
			if j+1 < len(toks) && toks[j+1].cap() && !taken[j+1] {
				j += 2
				continue
			}
		case t.kind == tPunct && t.text == "-" && !t.space && j+1 < len(toks) && toks[j+1].cap() && !toks[j+1].space && !taken[j+1]:
			j += 2
			continue
		case t.kind == tWord && nameConnectors[t.text]:
			// a connector joins only when a capitalised word follows ("for a"
			// too: "Association for a More Just Society")
			k := j
			for k < len(toks) && toks[k].kind == tWord && (nameConnectors[toks[k].text] || k > j && (toks[k].text == "a" || toks[k].text == "an") && (toks[k-1].text == "for" || toks[k-1].text == "of")) && k-j < 2 {
				k++
			}
			if k < len(toks) && !taken[k] && toks[k].kind == tWord && toks[k].cap() && !notNames[toks[k].key] {
				if t.text == "and" && !sawOf {
					break
				}
				if t.text == "of" || t.text == "for" || t.text == "de" || t.text == "del" || t.text == "on" {
					sawOf = true
				}
				j = k
				continue
			}
		case t.kind == tPunct && t.text == "," && sawOf && policyHead(toks[i:j]):
			// "Framework for Security, Public Health, and Safe Communities"
			k := listEnd(toks, taken, j)
			if k > j {
				j = k
				continue
			}
		}
		break
	}
	return j, nick
}

func isOrderWord(k string) bool {
	switch k {
	case "order", "resolution", "decree", "law", "directive", "bill", "act", "proclamation", "memorandum", "article", "chapter", "title":
		return true
	}
	return false
}

// isInitial reports whether a token is one capital letter: the "K" of "John K. Hurley".
func isInitial(t token) bool {
	return t.kind == tWord && len(t.text) == 1 && t.text[0] >= 'A' && t.text[0] <= 'Z'
}

// isHeadWord reports whether a word ends the names of bodies, organisations or
// instruments ("Service", "Agency", "Institute", "Code").
func isHeadWord(k string) bool {
	t, ok := headTypes[k]
	return ok && (t == graph.Agency || t == graph.Organization || t == graph.Policy)
}

// policyHead reports whether a name has a head word ("Framework", "Alliance")
// that can take a list of complements: "Framework for Security, Public Health,
// and Safe Communities".
func policyHead(toks []token) bool {
	for _, t := range toks {
		if _, ok := headTypes[t.key]; ok {
			return true
		}
	}
	return false
}

// listEnd extends a name over ", A B, and C D" when every item is capitalised and
// the list closes with "and".
func listEnd(toks []token, taken []bool, j int) int {
	k := j
	for k < len(toks) && toks[k].text == "," {
		k++
		if k < len(toks) && toks[k].text == "and" {
			k++
			if k >= len(toks) || taken[k] || !toks[k].cap() {
				return j
			}
			for k < len(toks) && !taken[k] && toks[k].kind == tWord && toks[k].cap() {
				k++
			}
			return k
		}
		if k >= len(toks) || taken[k] || !toks[k].cap() {
			return j
		}
		for k < len(toks) && !taken[k] && toks[k].kind == tWord && toks[k].cap() {
			k++
		}
	}
	return j
}

func sortMentions(ms []mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].t0 < ms[j-1].t0; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// surfaceOf returns the text of toks[a:b] as written, without a leading "the".
func surfaceOf(text string, toks []token, a, b int) string {
	if a >= b {
		return ""
	}
	s := text[toks[a].start:toks[b-1].end]
	if strings.HasPrefix(s, "the ") || strings.HasPrefix(s, "The ") {
		s = s[4:]
	}
	return s
}

// absorbPlaces joins an institution's name and the place that ends it:
// "Universidad de los Andes", "University of Texas", "Bank of Mexico".
func absorbPlaces(toks []token, ms []mention) []mention {
	out := ms[:0]
	for k := 0; k < len(ms); k++ {
		m := ms[k]
		if m.kind == mName && k+1 < len(ms) {
			first := toks[m.t0].key
			t, ok := firstTypes[first]
			if !ok {
				t, ok = headTypes[toks[m.t1-1].key]
			}
			for q := m.t0; !ok && q < m.t1; q++ {
				// "District Court for the Southern District of Texas"
				if ht, hok := headTypes[toks[q].key]; hok && (ht == graph.Agency || ht == graph.Organization) {
					t, ok = ht, true
				}
			}
			n := ms[k+1]
			j := m.t1
			for j < n.t0 && j-m.t1 < 3 && toks[j].kind == tWord && nameConnectors[toks[j].text] {
				j++
			}
			if ok && (t == graph.Organization || t == graph.Agency) && j == n.t0 && j > m.t1 && n.kind == mEntity &&
				(n.typ == graph.Location || n.typ == graph.Country) && n.gaz >= 0 {
				m.t1 = n.t1
				k++
				// "University of California San Diego": a campus after the place
				for k+1 < len(ms) && ms[k+1].t0 == m.t1 && ms[k+1].kind == mEntity && ms[k+1].typ == graph.Location {
					m.t1 = ms[k+1].t1
					k++
				}
				out = append(out, m)
				continue
			}
		}
		out = append(out, m)
	}
	return out
}
