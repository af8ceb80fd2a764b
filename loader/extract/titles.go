package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cartelgraph/cartelgraph/graph"
)

var (
	// "U.S. Ambassador to Mexico ‹P›", "Mexico's capital mayor, ‹P›", "White House spokesperson ‹P›"
	titleBefore = regexp.MustCompile(`(?:(?P<q>‹[CDAOG]\d+›)(?P<poss>'s)? )?(?P<mod>(?:[a-z][a-z-]* |‹L\d+› ){0,2})(?P<t>‹T\d+›)(?: (?:to|of|for|at) (?:the )?(?P<q2>‹[CAOL]\d+›))?(?: for(?: (?:the|and|‹[LCAO]\d+›|[A-Z][a-z-]+)){1,6}?)?,? (?P<p>‹P\d+›)`)
	// "‹P›, director of ‹O›", "‹P›, founder of political risk firm ‹O›"
	titleAfter = regexp.MustCompile(`^(?P<p>‹P\d+›)(?: and (?P<p2>‹P\d+›))?, (?:(?:known as|alias|nicknamed|dubbed|aka) "[^"]{1,40}",? )?(?:the |a |an |one of the |who is (?:the |a |an |one of the )?|who are (?:the )?)?(?P<title>(?:[a-z‹][^,;"]{0,60}?)) (?:of|at|for|with) (?:the )?(?:[a-z-]+ ){0,4}?(?:‹[DC]\d+›(?:'s)? )?(?P<q>‹[CAOG]\d+›)`)
	// "‹P› is a research professor of economics at ‹O›"
	titleCopula     = regexp.MustCompile(`^(?P<p>‹P\d+›) (?:is|was|has been|serves as|served as|became) (?:the |a |an )?(?P<title>[^,;"]{1,60}) (?:of|at|for|with) (?:the )?(?:[a-z-]+ ){0,4}?(?:‹[DC]\d+›(?:'s)? )?(?P<q>‹[CAOG]\d+›)`)
	titleOfAnchored = regexp.MustCompile(`^(?:` + titleOf.String() + `)`)
	// titleAnchored is titleBefore anchored at its start, for titleMatches.
	titleAnchored = regexp.MustCompile(`^(?:` + titleBefore.String() + `)`)
	copulaRe      = regexp.MustCompile(`‹P\d+› (?:is|was|has|serves|served|became) `)
	// "‹P› of ‹O›"
	personOf = regexp.MustCompile(`^(?P<p>‹P\d+›) of (?:the )?(?:‹[CD]\d+›(?:'s)? )?(?P<q>‹[OA]\d+›)`)
	// "‹P›, the ‹G› leader"
	titleAppos = regexp.MustCompile(`(?P<p>‹P\d+›), (?:the |a |an |a former |the former )?(?P<q>‹[CDAOGP]\d+›)(?P<poss>'s)? (?:[a-z-]+ ){0,2}(?P<t>‹T\d+›)`)
	// "the leader of ‹G›, ‹P›"
	titleOf    = regexp.MustCompile(`(?P<t>‹T\d+›) of (?:the )?(?P<q>‹[CAOG]\d+›),? (?P<p>‹P\d+›)`)
	leadWords  = regexp.MustCompile(`(?i)\b(?:co-?founders?|founders?|leaders?|heads?|chiefs?|chairman|chairwoman|chair|ceo|boss|bosses|commanders?|kingpins?|ringleaders?)\b|^director\b`)
	roleInText = regexp.MustCompile(`(?i)‹T\d+›|\b(?:lead|member|partner|editor|correspondent|economist|lawyer|expert|scholar|associate|executive|director|fellow|professor|researcher|analyst|founder|head|chief|president|chairman|chair|adviser|advisor|consultant|manager|coordinator|investigator|specialist|officer|spokesperson|spokesman|spokeswoman|reporter|lecturer|secretary|minister|ambassador|leaders|founders|heads|chiefs|bosses|commanders|members)\b`)
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
	for _, m := range titleMatches(mk) {
		p := mk.slotAt(group(titleAnchored, m, "p"))
		t := mk.slotAt(group(titleAnchored, m, "t"))
		q := mk.slotAt(group(titleAnchored, m, "q"))
		q2 := mk.slotAt(group(titleAnchored, m, "q2"))
		ma, mb := group(titleAnchored, m, "mod")
		mod := titleModifier(mk.s[ma:mb])
		if _, poss := group(titleAnchored, m, "poss"); poss >= 0 && strings.Contains(mk.s[ma:mb], "‹L") {
			// "Human Rights Watch's Americas director": the region is part of
			// the title
			mod = strings.TrimSpace(x.unmask(d, mk, ma, mb))
		}
		// a person before a title is no qualifier ("‹P› ‹T› ‹P›"), unless possessive
		if _, poss := group(titleAnchored, m, "poss"); poss < 0 && q >= 0 && mk.slots[q].letter == 'P' {
			q = -1
		}
		x.holdTitle(d, si, mk, p, t, q, q2, mod, 0.85)
	}
	for _, m := range titleAppos.FindAllStringSubmatchIndex(mk.s, -1) {
		q := mk.slotAt(group(titleAppos, m, "q"))
		if _, poss := group(titleAppos, m, "poss"); poss < 0 && q >= 0 && mk.slots[q].letter == 'P' {
			continue // "‹P›, ‹P› ‹T›": no qualifier
		}
		x.holdTitle(d, si, mk, mk.slotAt(group(titleAppos, m, "p")), mk.slotAt(group(titleAppos, m, "t")), q, -1, "", 0.8)
	}
	for _, m := range titleOfMatches(mk) {
		x.holdTitle(d, si, mk, mk.slotAt(group(titleOf, m, "p")), mk.slotAt(group(titleOf, m, "t")), mk.slotAt(group(titleOf, m, "q")), -1, "", 0.85)
	}
after:
	for _, re := range []*regexp.Regexp{titleAfter, titleCopula} {
		if re == titleAfter && !strings.Contains(mk.s, "›, ") || re == titleCopula && !copulaRe.MatchString(mk.s) {
			continue
		}
		for _, m := range findAtPersons(re, mk) {
			q := mk.slotAt(group(re, m, "q"))
			a, b := group(re, m, "title")
			if q < 0 || !roleInText.MatchString(mk.s[a:b]) {
				continue
			}
			for _, pg := range []string{"p", "p2"} {
				p := mk.slotAt(group(re, m, pg))
				if p < 0 {
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

// titleOfMatches returns the matches of titleOf, tried at the title slots.
func titleOfMatches(mk *masked) [][]int {
	if !strings.Contains(mk.s, "› of ") {
		return nil
	}
	var out [][]int
	for _, sl := range mk.slots {
		if sl.letter != 'T' {
			continue
		}
		if m := titleOfAnchored.FindStringSubmatchIndex(mk.s[sl.at:]); m != nil {
			for i := range m {
				if m[i] >= 0 {
					m[i] += sl.at
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// titleMatches returns the matches of titleBefore in mk.s. Every match holds a
// title slot and starts at most a qualifier and two words before it, so the
// expression is tried anchored at those few starts only (word and slot starts
// in the 48 bytes before each title), not from every byte of the sentence.
func titleMatches(mk *masked) [][]int {
	var out [][]int
	ti := titleAnchored.SubexpIndex("t")
	last := 0
	for _, sl := range mk.slots {
		if sl.letter != 'T' || sl.at < last {
			continue
		}
		for a := max(last, sl.at-48); a <= sl.at; a++ {
			if a > 0 && mk.s[a-1] != ' ' && mk.s[a] != '\xe2' || !utf8.RuneStart(mk.s[a]) {
				continue
			}
			m := titleAnchored.FindStringSubmatchIndex(mk.s[a:])
			if m == nil || m[2*ti]+a != sl.at {
				continue
			}
			for i := range m {
				if m[i] >= 0 {
					m[i] += a
				}
			}
			out = append(out, m)
			last = m[1]
			break
		}
	}
	return out
}

// titleModifier returns the words at the end of mod that qualify the title
// after them ("former", "deputy", "capital" of "capital mayor"), none of a
// clause that only precedes it ("met President X", "strategy with President X").
func titleModifier(mod string) string {
	f := strings.Fields(mod)
	k := len(f)
	for k > 0 && titleModifiers[strings.TrimSuffix(f[k-1], "-")] {
		k--
	}
	return strings.Join(f[k:], " ")
}

// subordinate reports whether a title's modifier makes its holder head of a
// part only: "deputy", "assistant", "regional", a region ("Americas").
func subordinate(mod string) bool {
	for _, w := range strings.Fields(mod) {
		switch strings.ToLower(w) {
		case "deputy", "assistant", "associate", "regional", "program", "research", "country", "vice", "sub":
			return true
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// genericPosts are the posts of a named body that other countries have too.
var genericPosts = map[string]bool{"senator": true, "sen.": true, "representative": true, "rep.": true,
	"congressman": true, "congresswoman": true}

// titleModifiers are the words that can qualify a title.
var titleModifiers = map[string]bool{
	"former": true, "deputy": true, "acting": true, "interim": true, "outgoing": true, "incoming": true,
	"then": true, "vice": true, "assistant": true, "associate": true, "senior": true, "chief": true,
	"first": true, "new": true, "current": true, "late": true, "elected": true, "future": true,
	"capital": true, "regional": true, "federal": true, "national": true, "state": true, "provincial": true,
	"municipal": true, "top": true, "special": true, "principal": true, "executive": true, "general": true,
	"border": true, "drug": true, "fentanyl": true, "security": true, "defense": true, "foreign": true,
	"military": true, "police": true, "intelligence": true, "former-": true, "ex": true, "co": true,
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
				// "Former Honduran President X": the former word stands before the qualifier
				if before := strings.TrimRight(mk.lower[:mk.slots[q].at], " "); strings.HasSuffix(before, "former") || strings.HasSuffix(before, "ex-") || strings.HasSuffix(before, "then-") {
					if d.formerHeads == nil {
						d.formerHeads = map[int]bool{}
					}
					d.formerHeads[pe] = true
				}
				x.president(d, si, pe, qe, title)
				return
			}
			if d.ents[pe].country == "" {
				d.ents[pe].country = d.ents[qe].name
			}
			x.addFact(d, si, pe, graph.HoldsPosition, qe, conf, false, attrs(), "", at)
		case isCountry(q2e) && !strings.Contains(low, "ambassador"):
			x.president(d, si, pe, q2e, title)
		case qe < 0 && (low == "president" || low == "prime minister") && (mod == "" || mod == "former"):
			d.unqualified[pe] = append(d.unqualified[pe], si)
			d.unqualTitle[pe] = low
			if mod == "former" || strings.HasSuffix(mk.lower[:mk.slots[t].at], "then-") || strings.HasSuffix(mk.lower[:mk.slots[t].at], "former ") {
				d.former[pe] = true
			}
		case qe >= 0 && d.ents[qe].typ == graph.Organization:
			x.addFact(d, si, pe, graph.HoldsPosition, qe, conf, false, attrs(), "", at)
		case qe < 0 && q2e < 0 || qe >= 0 && d.ents[qe].typ == graph.Person:
			// "Foreign Minister X", "Trump's border czar, X": the country is
			// decided once the text has said whom each person serves
			d.pendingTitles = append(d.pendingTitles, pendingTitle{sent: si, person: pe, of: qe, title: title, at: at, conf: conf})
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
		// a deputy or a regional director does not lead the body
		if tt.Leads && !subordinate(mod) {
			x.addFact(d, si, pe, graph.Leads, obj, conf, false, attrs(), "", at)
		}
	default:
		// a post of a known body: "Secretary of State" → Department of State
		e, ok := x.lx.gaz.Lookup(tt.Body)
		if !ok {
			return
		}
		// "Tamaulipas Attorney General X", "Texas Attorney General X": the
		// post of a state or a city, not of the national body
		if qe >= 0 && d.ents[qe].typ == graph.Location ||
			t > 0 && mk.slots[t-1].letter == 'L' && strings.TrimSpace(mk.s[mk.slots[t-1].to:mk.slots[t].at]) == "" {
			return
		}
		// a post every country has ("Senator"), unqualified, in a text
		// about another country: that country's post
		if qe < 0 && q2e < 0 && genericPosts[strings.ToLower(tt.Name)] {
			c := x.sentenceCountry(d, si)
			if c == "" {
				c = d.home
			}
			if c != "" && c != e.Country {
				d.pendingTitles = append(d.pendingTitles, pendingTitle{sent: si, person: pe, of: -1, title: title, at: at, conf: conf})
				return
			}
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
	if lt := strings.ToLower(title); strings.Contains(lt, "former") || strings.Contains(lt, "ex-") || strings.Contains(lt, "then-") {
		if d.formerHeads == nil {
			d.formerHeads = map[int]bool{}
		}
		d.formerHeads[pe] = true
	}
	d.ents[pe].country = d.ents[ce].name
	t := "President"
	if strings.Contains(strings.ToLower(title), "prime minister") {
		t = "Prime Minister"
	}
	x.addFact(d, si, pe, graph.HoldsPosition, ce, 0.9, false, map[string]string{graph.AttrTitle: t}, "", d.sents[si].start)
}

// presidentCountries decides which country each "President X" with no country
// governs, from the countries named in the sentences that call them president
// (two votes) and the sentences before those (one vote), the article's main
// country counting one more for the president named first. A state has one
// president: the assignment of countries to presidents with the most votes wins.
func (x *Extractor) presidentCountries(d *doc) {
	if len(d.unqualified) == 0 {
		return
	}
	taken := map[string]bool{}
	for pe, c := range d.presidents {
		if !d.formerHeads[pe] {
			taken[c] = true
		}
	}
	var all []int
	for pe := range d.unqualified {
		if _, ok := d.presidents[pe]; !ok {
			all = append(all, pe)
		}
	}
	sortInts(all)
	first := firstMentions(d)
	sort.SliceStable(all, func(i, j int) bool { return first[all[i]] < first[all[j]] })
	// presidents and prime ministers are assigned apart; a former holder
	// ("then-prime minister") takes no state from the others
	for _, pool := range []string{"president", "prime minister", "former"} {
		var cands []int
		for _, pe := range all {
			if d.former[pe] && pool == "former" || !d.former[pe] && d.unqualTitle[pe] == pool {
				cands = append(cands, pe)
			}
		}
		if pool == "former" {
			// a former holder the text names with its main country held its post
			for _, pe := range cands {
				if d.home != "" && x.votedFor(d, pe, d.home) {
					ce := d.entity(d.home, graph.Country, x.lx.countryEntry[d.home])
					for _, si := range d.unqualified[pe] {
						x.president(d, si, pe, ce, d.unqualTitle[pe])
					}
					continue
				}
				x.assignPresidents(d, []int{pe}, taken)
			}
			continue
		}
		x.assignPresidents(d, cands, taken)
	}
}

// speaksAt reports whether token i begins a verb of saying or accusing: the
// mention before it is a speaker ("Washington says", "Caracas accused").
func speaksAt(toks []token, i int) bool {
	if i >= len(toks) {
		return false
	}
	switch toks[i].key {
	case "says", "said", "say", "claims", "claimed", "alleges", "alleged", "accuses", "accused", "insists", "maintains", "argues", "charges", "charged":
		return true
	}
	return false
}

// votedFor reports whether country c is named in a sentence that calls pe
// president, or in the sentence before it.
func (x *Extractor) votedFor(d *doc, pe int, c string) bool {
	for _, si := range d.unqualified[pe] {
		for q := max(0, si-1); q <= si; q++ {
			for _, m := range d.sentMentions[q] {
				if m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Country && d.ents[m.ent].name == c ||
					m.kind == mDemonym && m.country == c {
					return true
				}
			}
		}
	}
	return false
}

// assignPresidents gives the persons cands the states their sentences name
// most (see presidentCountries), one state each.
func (x *Extractor) assignPresidents(d *doc, cands []int, taken map[string]bool) {
	if len(cands) == 0 {
		return
	}
	if len(cands) > 6 {
		cands = cands[:6]
	}
	votes := make([]map[string]int, len(cands))
	var countries []string
	seenC := map[string]bool{}
	for i, pe := range cands {
		v := map[string]int{}
		add := func(c string, n int) {
			if taken[c] {
				return
			}
			v[c] += n
			if !seenC[c] {
				seenC[c] = true
				countries = append(countries, c)
			}
		}
		seen := map[int]bool{}
		hasNear := false
		for _, si := range d.unqualified[pe] {
			// the state named last before the name, in its sentence
			near := ""
			toks := d.sents[si].tokens
			for _, m := range d.sentMentions[si] {
				if m.ent == pe {
					break
				}
				switch {
				case speaksAt(toks, m.t1):
					near = "" // "which Washington says is headed by President X"
				case m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Country:
					near = d.ents[m.ent].name
				case m.kind == mDemonym:
					if _, ok := x.lx.countryEntry[m.country]; ok {
						near = m.country
					}
				}
			}
			if near != "" {
				add(near, 5) // two votes and a half: it breaks ties
				hasNear = true
			}
			for _, q := range []int{si, si - 1} {
				if q < 0 || seen[q] {
					continue
				}
				seen[q] = true
				n := 2
				if q == si {
					n = 4
				}
				first := true
				ms := d.sentMentions[q]
				for k, m := range ms {
					c := ""
					switch {
					case speaksAt(d.sents[q].tokens, m.t1):
						// a state that speaks of the person is not theirs
					case (m.kind == mDemonym || m.kind == mEntity) && k+1 < len(ms) && ms[k+1].kind == mTitle && ms[k+1].t0 <= m.t1+1 &&
						k+2 < len(ms) && ms[k+2].ent != pe && ms[k+2].ent >= 0 && d.ents[ms[k+2].ent].typ == graph.Person:
						// "President X and Chinese leader Y": the state of
						// another's title is not X's
					case m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Country:
						c = d.ents[m.ent].name
					case m.kind == mDemonym:
						if _, ok := x.lx.countryEntry[m.country]; ok {
							c = m.country
						}
					case m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Agency && first:
						c = d.countryOf(x, m.ent)
						if c != "" {
							add(c, 2) // the subject of the sentence: "Mexico's Finance Ministry said"
						}
						c = ""
					}
					if c != "" {
						if first {
							add(c, 2)
						}
						add(c, n)
					}
					if m.kind == mEntity {
						first = false
					}
				}
			}
		}
		// with no state named just before the name, the first named governs
		// the main country, all else equal
		if i == 0 && !hasNear && d.home != "" {
			add(d.home, 2)
		}
		votes[i] = v
	}
	sort.Strings(countries)
	// the best assignment, by exhaustive search (at most six presidents, each
	// with the three states voted most for them)
	top := make([][]string, len(cands))
	for i := range cands {
		for _, c := range countries {
			if votes[i][c] > 0 {
				top[i] = append(top[i], c)
			}
		}
		sort.SliceStable(top[i], func(a, b int) bool { return votes[i][top[i][a]] > votes[i][top[i][b]] })
		if len(top[i]) > 3 {
			top[i] = top[i][:3]
		}
	}
	best, bestScore := make([]string, len(cands)), -1
	cur := make([]string, len(cands))
	used := map[string]bool{}
	var search func(i, score int)
	search = func(i, score int) {
		if i == len(cands) {
			if score > bestScore {
				bestScore = score
				copy(best, cur)
			}
			return
		}
		for _, c := range top[i] {
			if used[c] {
				continue
			}
			used[c], cur[i] = true, c
			search(i+1, score+votes[i][c])
			used[c], cur[i] = false, ""
		}
		search(i+1, score)
	}
	search(0, 0)
	for i, pe := range cands {
		if best[i] == "" {
			continue
		}
		ce := d.entity(best[i], graph.Country, x.lx.countryEntry[best[i]])
		for _, si := range d.unqualified[pe] {
			x.president(d, si, pe, ce, d.unqualTitle[pe])
		}
	}
}

// A pendingTitle is a post of a state whose state the sentence does not name.
type pendingTitle struct {
	sent, person, of int // of: the person whose aide the holder is, or -1
	title            string
	at               int
	conf             float64
}

// countryTitles gives the posts of pendingTitles their state: the country of
// the person served ("Trump's border czar"), else the holder's own country as
// other sentences state it, else the article's main country.
func (x *Extractor) countryTitles(d *doc) {
	for _, pt := range d.pendingTitles {
		c := ""
		if pt.of >= 0 {
			c = d.ents[pt.of].country
		}
		if c == "" {
			c = d.ents[pt.person].country
		}
		if c == "" && pt.of < 0 {
			// a state named after the holder is more often the one they
			// speak of ("Foreign Minister X said Y had notified the United
			// States") than their own: with nothing named before, the main
			// country wins over it
			c = x.sentenceCountryBefore(d, pt.sent, pt.at)
			if c == "" && d.home == "" {
				c = x.sentenceCountry(d, pt.sent)
			}
		}
		if c == "" && pt.of < 0 {
			c = d.home
		}
		if c == "" {
			continue
		}
		e, ok := x.lx.countryEntry[c]
		if !ok {
			continue
		}
		ce := d.entity(c, graph.Country, e)
		if d.ents[pt.person].country == "" {
			d.ents[pt.person].country = c
		}
		x.addFact(d, pt.sent, pt.person, graph.HoldsPosition, ce, pt.conf-0.1, false, map[string]string{graph.AttrTitle: pt.title}, "", pt.at)
	}
}

// sentenceCountry returns the state sentence si speaks of: the one it names
// most, the subject of the sentence before counting too ("Venezuela's
// government called ... Foreign Minister X said Venezuela would"), or "".
func (x *Extractor) sentenceCountry(d *doc, si int) string {
	return x.sentenceCountryBefore(d, si, -1)
}

// sentenceCountryBefore is sentenceCountry counting, in sentence si, only the
// states named before byte offset at (all of them when at < 0).
func (x *Extractor) sentenceCountryBefore(d *doc, si, at int) string {
	votes := map[string]int{}
	for q, w := range map[int]int{si: 2, si - 1: 1} {
		if q < 0 {
			continue
		}
		ms := d.sentMentions[q]
		for k, m := range ms {
			c := ""
			switch {
			case m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Country:
				c = d.ents[m.ent].name
			case m.kind == mDemonym:
				if _, ok := x.lx.countryEntry[m.country]; ok {
					c = m.country
				}
			}
			if c == "" || q < si && (k > 0 || m.t0 > 2) {
				continue
			}
			// after the holder, only the subject of a reported clause ("X said
			// Guatemala would appeal"), not an object ("had notified the United States")
			if q == si && at >= 0 && d.sents[q].tokens[m.t0].start >= at && !reportedSubject(d.sents[q].tokens, m.t0, m.t1) {
				continue
			}
			// "U.S. Ambassador X met Foreign Minister Y": the country of
			// another's title says nothing of Y's
			if k+1 < len(ms) && ms[k+1].kind == mTitle && ms[k+1].t0 <= m.t1+1 {
				continue
			}
			votes[c] += w
		}
	}
	if len(votes) == 0 {
		// no state named: the bodies of the sentence ("Defense Minister X
		// ordered the Bolivarian National Armed Forces to")
		for _, m := range d.sentMentions[si] {
			if m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Agency {
				if c := d.countryOf(x, m.ent); c != "" {
					votes[c]++
				}
			}
		}
	}
	best := ""
	for c, n := range votes {
		if n > votes[best] || n == votes[best] && c < best {
			best = c
		}
	}
	return best
}

// reportedSubject reports whether the mention of tokens t..t1 is the subject
// of a reported clause (after a verb of saying or "that", skipping "the", and
// before a verb: "said Guatemala would appeal", not "said the U.S.
// designation would") or a state's possessive ("Ecuador's National Police").
func reportedSubject(toks []token, t, t1 int) bool {
	if t1 < len(toks) && toks[t1].kind == tPoss {
		return true
	}
	if t > 0 && toks[t-1].key == "the" {
		t--
	}
	if t == 0 {
		return false
	}
	switch toks[t-1].key {
	case "said", "says", "say", "that", "added", "stated", "announced", "warned", "insisted":
	default:
		return false
	}
	if t1 >= len(toks) {
		return false
	}
	switch k := toks[t1].key; k {
	case "would", "will", "could", "should", "might", "may", "can", "has", "had", "have", "is", "was", "were", "are", "did", "does", "do":
		return true
	default:
		return toks[t1].kind == tWord && !toks[t1].cap() && (strings.HasSuffix(k, "ed") || strings.HasSuffix(k, "s"))
	}
}

// firstMentions returns the byte offset of the first mention of each entity.
func firstMentions(d *doc) map[int]int {
	first := map[int]int{}
	for si := range d.sents {
		for _, m := range d.sentMentions[si] {
			if _, ok := first[m.ent]; !ok && m.ent >= 0 {
				first[m.ent] = d.sents[si].tokens[m.t0].start
			}
		}
	}
	return first
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
