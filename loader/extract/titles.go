package extract

import (
	"regexp"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

var (
	// "U.S. Ambassador to Mexico ‹P›", "Mexico's capital mayor, ‹P›", "White House spokesperson ‹P›"
	titleBefore = regexp.MustCompile(`(?:(?P<q>‹[CDAOG]\d+›)(?P<poss>'s)? )?(?P<mod>(?:[a-z][a-z-]* ){0,2})(?P<t>‹T\d+›)(?: (?:to|of|for|at) (?:the )?(?P<q2>‹[CAOL]\d+›))?,? (?P<p>‹P\d+›)`)
	// "‹P›, director of ‹O›", "‹P›, founder of political risk firm ‹O›"
	titleAfter = regexp.MustCompile(`^(?P<p>‹P\d+›), (?:the |a |an |who is (?:the |a |an )?)?(?P<title>(?:[a-z‹][^,;"]{0,60}?)) (?:of|at|for|with) (?:the )?(?:[a-z-]+ ){0,4}?(?P<q>‹[CAOG]\d+›)`)
	// "‹P› is a research professor of economics at ‹O›"
	titleCopula = regexp.MustCompile(`^(?P<p>‹P\d+›) (?:is|was|has been|serves as|served as|became) (?:the |a |an )?(?P<title>[^,;"]{1,60}) (?:of|at|for|with) (?:the )?(?:[a-z-]+ ){0,4}?(?P<q>‹[CAOG]\d+›)`)
	copulaRe    = regexp.MustCompile(`‹P\d+› (?:is|was|has|serves|served|became) `)
	// "‹P› of ‹O›"
	personOf = regexp.MustCompile(`^(?P<p>‹P\d+›) of (?:the )?(?P<q>‹[OA]\d+›)`)
	// "‹P›, the ‹G› leader"
	titleAppos = regexp.MustCompile(`(?P<p>‹P\d+›), (?:the |a |an |a former |the former )?(?P<q>‹[CDAOG]\d+›)(?P<poss>'s)? (?P<t>‹T\d+›)`)
	// "the leader of ‹G›, ‹P›"
	titleOf    = regexp.MustCompile(`(?P<t>‹T\d+›) of (?:the )?(?P<q>‹[CAOG]\d+›),? (?P<p>‹P\d+›)`)
	leadWords  = regexp.MustCompile(`(?i)\b(?:co-?founder|founder|leader|head|chief|chairman|chairwoman|chair|ceo|boss|commander)\b|^director\b`)
	roleInText = regexp.MustCompile(`(?i)‹T\d+›|\b(?:lead|member|partner|editor|correspondent|economist|lawyer|expert|scholar|associate|executive|director|fellow|professor|researcher|analyst|founder|head|chief|president|chairman|chair|adviser|advisor|consultant|manager|coordinator|investigator|specialist|officer|spokesperson|spokesman|spokeswoman|reporter|lecturer|secretary|minister|ambassador)\b`)
)

// titles reads the posts people hold in sentence si: HOLDS_POSITION and, for
// heads and founders, LEADS. A "President" with no country is noted for
// presidentCountries.
func (x *Extractor) titles(d *doc, si int, mk *masked) {
	if !strings.Contains(mk.s, "‹P") {
		return
	}
	hasT := strings.Contains(mk.s, "‹T")
	if !hasT {
		goto after
	}
	for _, m := range titleBefore.FindAllStringSubmatchIndex(mk.s, -1) {
		p := mk.slotAt(group(titleBefore, m, "p"))
		t := mk.slotAt(group(titleBefore, m, "t"))
		q := mk.slotAt(group(titleBefore, m, "q"))
		q2 := mk.slotAt(group(titleBefore, m, "q2"))
		ma, mb := group(titleBefore, m, "mod")
		mod := strings.TrimSpace(mk.s[ma:mb])
		if strings.HasSuffix(mod, " of") || mod == "of" || mod == "the" || mod == "and" {
			mod = ""
		}
		// a person before a title is no qualifier ("‹P› ‹T› ‹P›"), unless possessive
		if _, poss := group(titleBefore, m, "poss"); poss < 0 && q >= 0 && mk.slots[q].letter == 'P' {
			q = -1
		}
		x.holdTitle(d, si, mk, p, t, q, q2, mod, 0.85)
	}
	for _, m := range titleAppos.FindAllStringSubmatchIndex(mk.s, -1) {
		x.holdTitle(d, si, mk, mk.slotAt(group(titleAppos, m, "p")), mk.slotAt(group(titleAppos, m, "t")), mk.slotAt(group(titleAppos, m, "q")), -1, "", 0.8)
	}
	for _, m := range titleOf.FindAllStringSubmatchIndex(mk.s, -1) {
		x.holdTitle(d, si, mk, mk.slotAt(group(titleOf, m, "p")), mk.slotAt(group(titleOf, m, "t")), mk.slotAt(group(titleOf, m, "q")), -1, "", 0.85)
	}
after:
	for _, re := range []*regexp.Regexp{titleAfter, titleCopula} {
		if re == titleAfter && !strings.Contains(mk.s, "›, ") || re == titleCopula && !copulaRe.MatchString(mk.s) {
			continue
		}
		for _, m := range findAtPersons(re, mk) {
			p := mk.slotAt(group(re, m, "p"))
			q := mk.slotAt(group(re, m, "q"))
			a, b := group(re, m, "title")
			if p < 0 || q < 0 || !roleInText.MatchString(mk.s[a:b]) {
				continue
			}
			title := trimAttr(x.unmask(d, mk, a, b))
			pe, qe := mk.slots[p].ent, x.slotEnt(d, mk, q)
			if qe < 0 {
				continue
			}
			if ts := mk.slotsIn(a, b); len(ts) == 1 && mk.slots[ts[0]].letter == 'T' && strings.TrimSpace(mk.s[a:b]) == mk.s[a:b] && x.lx.gaz.Titles[mk.slots[ts[0]].m.title].Body == "country" && d.ents[qe].typ == graph.Country {
				x.president(d, si, pe, qe, title)
				continue
			}
			if d.ents[qe].typ != graph.CriminalGroup {
				x.addFact(d, si, pe, graph.HoldsPosition, qe, 0.8, false, map[string]string{graph.AttrTitle: title}, "", mk.slots[q].start)
			}
			// "head of the research program at X" heads the program, not X
			if loc := leadWords.FindStringIndex(title); loc != nil && !strings.Contains(title[loc[1]:], " of ") && !strings.Contains(title[loc[1]:], " at ") {
				x.addFact(d, si, pe, graph.Leads, qe, 0.75, false, map[string]string{graph.AttrTitle: title}, "", mk.slots[q].start)
			}
		}
	}
	if !strings.Contains(mk.s, "› of ") {
		return
	}
	for _, m := range findAtPersons(personOf, mk) {
		p := mk.slotAt(group(personOf, m, "p"))
		q := mk.slotAt(group(personOf, m, "q"))
		if p < 0 || q < 0 {
			continue
		}
		a, _ := group(personOf, m, "p")
		if strings.HasSuffix(mk.s[:a], ", ") && strings.Contains(mk.s[max(0, a-40):a], "‹T") {
			continue
		}
		x.addFact(d, si, mk.slots[p].ent, graph.HoldsPosition, mk.slots[q].ent, 0.5, false, nil, "", mk.slots[q].start)
	}
}

// holdTitle records the post title t (a slot) of person p, qualified by q
// before it ("Mexican", "White House") or q2 after it ("of Mexico").
func (x *Extractor) holdTitle(d *doc, si int, mk *masked, p, t, q, q2 int, mod string, conf float64) {
	if p < 0 || t < 0 {
		return
	}
	pe := mk.slots[p].ent
	tt := x.lx.gaz.Titles[mk.slots[t].m.title]
	title := mk.slots[t].m.surface
	if mod != "" {
		title = mod + " " + title
	}
	qe, q2e := -1, -1
	if q >= 0 {
		qe = x.slotEnt(d, mk, q)
	}
	if q2 >= 0 {
		q2e = x.slotEnt(d, mk, q2)
	}
	isCountry := func(e int) bool { return e >= 0 && d.ents[e].typ == graph.Country }
	attrs := func() map[string]string { return map[string]string{graph.AttrTitle: title} }
	at := mk.slots[t].start
	switch tt.Body {
	case "country":
		low := strings.ToLower(tt.Name)
		switch {
		case isCountry(qe):
			if strings.Contains(low, "ambassador") && q2e >= 0 {
				title += " to " + d.ents[q2e].name
			}
			if low == "president" || low == "prime minister" || low == "vice president" {
				x.president(d, si, pe, qe, title)
				return
			}
			if d.ents[pe].country == "" && !strings.Contains(low, "mayor") && !strings.Contains(low, "governor") {
				d.ents[pe].country = d.ents[qe].name
			}
			x.addFact(d, si, pe, graph.HoldsPosition, qe, conf, false, attrs(), "", at)
		case isCountry(q2e) && !strings.Contains(low, "ambassador"):
			x.president(d, si, pe, q2e, title)
		case qe < 0 && (low == "president" || low == "prime minister") && mod == "":
			d.unqualified[pe] = append(d.unqualified[pe], si)
		case qe >= 0 && d.ents[qe].typ == graph.Organization:
			x.addFact(d, si, pe, graph.HoldsPosition, qe, conf, false, attrs(), "", at)
		}
	case "qualifier":
		obj := qe
		if obj < 0 {
			obj = q2e
		}
		if obj < 0 {
			return
		}
		if d.ents[obj].typ != graph.CriminalGroup {
			x.addFact(d, si, pe, graph.HoldsPosition, obj, conf, false, attrs(), "", at)
		}
		if tt.Leads {
			x.addFact(d, si, pe, graph.Leads, obj, conf, false, attrs(), "", at)
		}
	default:
		// a post of a known body: "Secretary of State" → Department of State
		e, ok := x.lx.gaz.Lookup(tt.Body)
		if !ok {
			return
		}
		if isCountry(qe) && graph.Key(d.ents[qe].name) != graph.Key(e.Country) {
			x.addFact(d, si, pe, graph.HoldsPosition, qe, conf, false, attrs(), "", at)
			return
		}
		body := d.entity(e.Name, e.Type, x.lx.aliasEntry[graph.Key(e.Name)])
		x.addFact(d, si, pe, graph.HoldsPosition, body, conf, false, attrs(), "", at)
		if d.ents[pe].country == "" {
			d.ents[pe].country = e.Country
		}
	}
}

// president records that person pe is the president (or prime minister) of country ce.
func (x *Extractor) president(d *doc, si, pe, ce int, title string) {
	if d.ents[pe].typ != graph.Person || d.ents[ce].typ != graph.Country {
		return
	}
	d.presidents[pe] = d.ents[ce].name
	d.ents[pe].country = d.ents[ce].name
	t := "President"
	if strings.Contains(strings.ToLower(title), "prime minister") {
		t = "Prime Minister"
	}
	x.addFact(d, si, pe, graph.HoldsPosition, ce, 0.9, false, map[string]string{graph.AttrTitle: t}, "", d.sents[si].start)
}

// presidentCountries decides which country each "President X" with no country
// governs, from the countries named in the sentences that call them president
// and the sentences before those. A state has one president: the home country
// goes to the person the text ties to it most ("the X administration" counts
// three), and only when the home country outweighs every foreign one for them;
// the others govern the foreign country named most around them.
func (x *Extractor) presidentCountries(d *doc) {
	if len(d.unqualified) == 0 {
		return
	}
	homeTaken := false
	for _, c := range d.presidents {
		if c == d.home {
			homeTaken = true
		}
	}
	var cands []int
	for pe := range d.unqualified {
		if _, ok := d.presidents[pe]; !ok {
			cands = append(cands, pe)
		}
	}
	sortInts(cands)
	votes := map[int]map[string]int{}
	for _, pe := range cands {
		v := map[string]int{}
		seen := map[int]bool{}
		for _, si := range d.unqualified[pe] {
			for _, q := range []int{si - 1, si} {
				if q < 0 || seen[q] {
					continue
				}
				seen[q] = true
				for _, m := range d.sentMentions[q] {
					switch {
					case m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Country:
						v[d.ents[m.ent].name]++
					case m.kind == mDemonym:
						if _, ok := x.lx.countryEntry[m.country]; ok {
							v[m.country]++
						}
					}
				}
			}
		}
		// "the X administration", "X's government"
		for si := range d.sents {
			toks := d.sents[si].tokens
			for _, m := range d.sentMentions[si] {
				if m.ent != pe || m.t1 >= len(toks) {
					continue
				}
				j := m.t1
				if toks[j].kind == tPoss && j+1 < len(toks) {
					j++
				}
				if governmentWords[toks[j].key] && d.home != "" {
					v[d.home] += 3
				}
			}
		}
		votes[pe] = v
	}
	foreign := func(pe int) (string, int) {
		best, n := "", 0
		for c, k := range votes[pe] {
			if c != d.home && (k > n || k == n && c < best) {
				best, n = c, k
			}
		}
		return best, n
	}
	homeP, margin := -1, 0
	if !homeTaken && d.home != "" {
		for _, pe := range cands {
			_, f := foreign(pe)
			if m := votes[pe][d.home] - f; m > margin || m == margin && homeP < 0 && m > 0 {
				homeP, margin = pe, m
			}
		}
		// with no evidence either way, the first president named governs the home country
		if homeP < 0 {
			for _, pe := range cands {
				if _, f := foreign(pe); f == 0 && votes[pe][d.home] == 0 && (homeP < 0 || firstMention(d, pe) < firstMention(d, homeP)) {
					homeP = pe
				}
			}
		}
	}
	for _, pe := range cands {
		country := ""
		if pe == homeP {
			country = d.home
		} else {
			country, _ = foreign(pe)
		}
		if country == "" {
			continue
		}
		ce := d.entity(country, graph.Country, x.lx.countryEntry[country])
		for _, si := range d.unqualified[pe] {
			x.president(d, si, pe, ce, "President")
		}
	}
}

func firstMention(d *doc, e int) int {
	for si := range d.sents {
		for _, m := range d.sentMentions[si] {
			if m.ent == e {
				return d.sents[si].tokens[m.t0].start
			}
		}
	}
	return len(d.text)
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// findAtPersons runs a pattern anchored at the start (^‹P…) at every person
// slot of the sentence, and returns its matches with offsets in mk.s.
func findAtPersons(re *regexp.Regexp, mk *masked) [][]int {
	var out [][]int
	for _, sl := range mk.slots {
		if sl.letter != 'P' {
			continue
		}
		m := re.FindStringSubmatchIndex(mk.s[sl.at:])
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += sl.at
			}
		}
		out = append(out, m)
	}
	return out
}
