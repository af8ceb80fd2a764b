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
	"december": true, "mr": true, "mrs": true, "ms": true, "dr": true, "said": true, "says": true,
	"one": true, "two": true, "three": true, "first": true, "second": true, "last": true,
	"next": true, "new": true, "any": true, "every": true, "only": true, "just": true,
	"now": true, "once": true, "more": true, "less": true, "much": true, "between": true,
	"against": true, "into": true, "about": true, "through": true, "within": true,
	"without": true, "toward": true, "towards": true, "upon": true, "amid": true, "via": true,
	"per": true, "than": true, "until": true, "unless": true, "whereas": true, "instead": true,
	"indeed": true, "notably": true, "thus": true, "therefore": true,
	"politically": true, "diplomatic": true, "regional": true, "current": true, "former": true,
	"mexican": true, "american": true, "u": true, "o": true,
}

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
	"city": graph.Location, "province": graph.Location, "river": graph.Location, "canal": graph.Location,
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
	for si := range d.sents {
		s := &d.sents[si]
		toks := s.tokens
		taken := make([]bool, len(toks))
		var ms []mention
		// 1. gazetteer phrases, longest first from the left
		for i := 0; i < len(toks); {
			end, ps := x.lx.match(toks, i)
			if len(ps) == 0 {
				i++
				continue
			}
			p := pick(ps)
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
			if (p.kind == vBody || p.generic) && i > 0 && toks[i-1].kind == tWord && toks[i-1].cap() && !taken[i-1] && !notNames[toks[i-1].key] {
				i++
				continue
			}
			// A given name before a one-word place is a person: "Juan Guerrero".
			if m.kind == mEntity && end-i == 1 && i > 0 && (m.typ == graph.Location) && toks[i-1].cap() && x.lx.given[toks[i-1].key] != 0 {
				i++
				continue
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
			for a < j && notNames[toks[a].key] {
				a++
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
		d.sentMentions[si] = ms
	}
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
		case t.kind == tPunct && t.text == "&":
			if j+1 < len(toks) && toks[j+1].cap() && !taken[j+1] {
				j += 2
				continue
			}
		case t.kind == tPunct && t.text == "-" && !t.space && j+1 < len(toks) && toks[j+1].cap() && !toks[j+1].space && !taken[j+1]:
			j += 2
			continue
		case t.kind == tWord && nameConnectors[t.text]:
			// a connector joins only when a capitalised word follows
			k := j
			for k < len(toks) && toks[k].kind == tWord && nameConnectors[toks[k].text] && k-j < 2 {
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
	return k == "order" || k == "resolution" || k == "decree" || k == "law"
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
