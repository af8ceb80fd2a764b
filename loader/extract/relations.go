package extract

import (
	"regexp"
	"sort"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

var (
	allegedRe = regexp.MustCompile(`(?i)\b(?:allegedly|reportedly|purportedly|according to|is said to|are said to|accused|alleges|alleged)\b`)
	amountRe  = regexp.MustCompile(`(?:US)?\$\s?\d[\d,.]*(?:\s?(?:million|billion|thousand|m\b|bn\b))?`)
)

// A designation remembers the last designation read, for "was added to the
// list" and "This list includes" in the sentences after it.
type designation struct {
	subject int
	label   string
	date    string
	sent    int
}

// relations runs every relation rule over every sentence.
func (x *Extractor) relations(d *doc) {
	// titles first: they say which country each president governs, which the
	// composites ("the Trump administration") need
	plain := make([]masked, len(d.sents))
	for si := range d.sents {
		plain[si] = x.mask(d, si, false)
		x.titles(d, si, &plain[si])
	}
	x.presidentCountries(d)
	x.countryTitles(d)
	d.masked = make([]masked, len(d.sents))
	for si := range d.sents {
		if plain[si].composable {
			d.masked[si] = x.mask(d, si, true)
		} else {
			d.masked[si] = plain[si]
		}
	}
	// quotations before opposition: a rejection inside a quote is its speaker's
	x.findSpeakers(d)
	var wsBuf sentWords
	for si := range d.sents {
		mk := &d.masked[si]
		lower := mk.lower
		ws := x.guards.words(lower, &wsBuf)
		letters := mk.slotLetters()
	rules:
		for _, r := range x.rules {
			for _, n := range r.need {
				if letters&n == 0 {
					continue rules
				}
			}
			if !ws.guardedIDs(r.guardIDs) {
				continue
			}
			for _, u := range r.unless {
				if ws.has(u) {
					continue rules
				}
			}
			for _, m := range r.matches(mk) {
				x.applyRule(d, si, mk, &r, m)
			}
		}
		x.qualifiedBodies(d, si, mk)
		x.locationChains(d, si, mk)
		x.designations(d, si, mk, ws)
		x.rewards(d, si, mk, ws)
		x.amongThose(d, si, mk)
		x.cooperation(d, si, mk, ws)
		x.opposition(d, si, mk, ws)
	}
}

// group returns the byte span of the named group of match m.
func group(re *regexp.Regexp, m []int, name string) (int, int) {
	i := re.SubexpIndex(name)
	if i < 0 || 2*i+1 >= len(m) {
		return -1, -1
	}
	return m[2*i], m[2*i+1]
}

// issuerOf returns the person who issued instrument y in the facts read so
// far ("Noboa signed Executive Decree 111"), or -1: "the decree ordered the
// Armed Forces to" is the issuer's order.
func (d *doc) issuerOf(y int) int {
	for i := len(d.rels) - 1; i >= 0; i-- {
		f := d.rels[i]
		if f.rel.Predicate == graph.Issued && f.object == y && d.ents[f.subject].typ == graph.Person {
			return f.subject
		}
	}
	return -1
}

func (x *Extractor) applyRule(d *doc, si int, mk *masked, r *rule, m []int) {
	var subs, objs []int
	if a, b := group(r.re, m, "ss"); a >= 0 {
		subs = mk.slotsIn(a, b)
	}
	if a, b := group(r.re, m, "s"); a >= 0 {
		subs = mk.slotsIn(a, b)
	} else if a, _ := group(r.re, m, "v"); a >= 0 && len(subs) == 0 {
		letters := r.far
		if letters == "" {
			letters = "PCA"
		}
		var subjects []int
		sk := x.subjectSlotBefore(mk, a, letters)
		if (strings.HasSuffix(mk.s[:a], ", ") || apposBefore.MatchString(mk.s[:a])) && participle(mk.lower[a:]) {
			// "the Gran Grif gang, based in X": the participle qualifies the
			// name just before it
			if k := mk.slotBefore(a, letters); k >= 0 {
				sk = k
			}
		}
		if sk >= 0 {
			for _, k := range mk.coordinated(sk) {
				subjects = append(subjects, x.slotEnt(d, mk, k))
			}
		} else if letters == "PCA" {
			// "Trump's Executive Order ... accused Canada": the instrument's issuer
			if yk := x.subjectSlotBefore(mk, a, "Y"); yk >= 0 {
				if p := d.issuerOf(x.slotEnt(d, mk, yk)); p >= 0 {
					subjects = append(subjects, p)
				}
			}
		}
		for _, s := range subjects {
			for _, o := range objsOf(r.re, mk, m) {
				x.addFact(d, si, s, r.pred, x.slotEnt(d, mk, o), r.conf, r.always || (r.alleged && allegedRe.MatchString(d.sents[si].text)), x.ruleAttrs(d, mk, r, m), "", mk.slots[o].start)
			}
		}
		return
	}
	objs = objsOf(r.re, mk, m)
	if r.pred == graph.PartOf {
		// "Costa Rica's main Caribbean port": a place that qualifies a noun
		// is not what is part of the other
		kept := subs[:0:0]
		for _, k := range subs {
			if !mk.placeAdjective(k) {
				kept = append(kept, k)
			}
		}
		subs = kept
	}
	attrs := x.ruleAttrs(d, mk, r, m)
	alleged := r.always || (r.alleged && allegedRe.MatchString(d.sents[si].text))
	for _, s := range subs {
		for _, o := range objs {
			if r.pred == graph.Directed && mk.slots[s].letter == 'Y' {
				if p := d.issuerOf(x.slotEnt(d, mk, s)); p >= 0 {
					x.addFact(d, si, p, r.pred, x.slotEnt(d, mk, o), r.conf, alleged, attrs, "", mk.slots[o].start)
				}
				continue
			}
			x.addRelation(d, si, mk, s, r.pred, o, r.conf, alleged, attrs, "")
		}
	}
}

func objsOf(re *regexp.Regexp, mk *masked, m []int) []int {
	var objs []int
	if a, b := group(re, m, "o"); a >= 0 {
		objs = mk.slotsIn(a, b)
	}
	if a, b := group(re, m, "os"); a >= 0 {
		objs = append(objs, mk.slotsIn(a, b)...)
	}
	out := objs[:0]
	for _, o := range objs {
		if !mk.modifier(o) {
			out = append(out, o)
		}
	}
	return out
}

// apposBefore matches a masked sentence that ends in a short appositive after a
// name: "‹G2›, a trafficking clan " (before "based in").
var apposBefore = regexp.MustCompile(`›, (?:a|an) (?:[a-z-]+ ){1,3}$`)

// participle reports whether a clause starts with a participle that qualifies
// the noun before it: "based in", "headquartered in", "active in".
func participle(s string) bool {
	for _, p := range []string{"based ", "headquartered ", "active ", "operating ", "founded ", "created ", "formed "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// slotBefore returns the last slot of one of the letters whose placeholder
// ends (with its qualifying words) just before byte pos: "‹G2› gang, " → 2.
func (mk *masked) slotBefore(pos int, letters string) int {
	best := -1
	for i, sl := range mk.slots {
		if sl.to <= pos && strings.ContainsRune(letters, rune(sl.letter)) {
			between := mk.s[sl.to:pos]
			if len(between) <= 24 && !strings.Contains(between, "‹") && strings.Count(between, ",") <= 1 {
				best = i
			}
		}
	}
	return best
}

// modifier reports whether slot i only qualifies the noun after it: the CJNG of
// "a CJNG-linked network" is not what the network is.
func (mk *masked) modifier(i int) bool {
	rest := mk.lower[mk.slots[i].to:]
	for _, suf := range []string{"-linked", "-backed", "-affiliated", "-tied", "-related", "-connected", "-allied", "-aligned", "-style"} {
		if strings.HasPrefix(rest, suf) {
			return true
		}
	}
	return false
}

// placeNounsAfter are the nouns a place name qualifies ("a Caribbean port").
// ("the Okanagan region", "Sinaloa state" name the place itself and are not here).
var placeNounsAfter = map[string]bool{"port": true, "ports": true, "coast": true, "coastline": true, "border": true,
	"side": true, "waters": true, "route": true, "routes": true, "corridor": true, "shore": true, "frontier": true,
	"ports-of-entry": true, "seaport": true, "airport": true}

// placeAdjective reports whether slot i is a Location that qualifies the
// noun after it: "the Caribbean port of Limón".
func (mk *masked) placeAdjective(i int) bool {
	if mk.slots[i].letter != 'L' {
		return false
	}
	rest := strings.TrimPrefix(mk.lower[mk.slots[i].to:], " ")
	if j := strings.IndexAny(rest, " ,.;:"); j >= 0 {
		rest = rest[:j]
	}
	return placeNounsAfter[rest]
}

func (x *Extractor) ruleAttrs(d *doc, mk *masked, r *rule, m []int) map[string]string {
	attrs := map[string]string{}
	if r.attr != "" {
		if a, b := group(r.re, m, "a"); a >= 0 {
			if v := trimAttr(x.unmask(d, mk, a, b)); v != "" {
				attrs[r.attr] = v
			}
		}
	}
	return attrs
}

// trimAttr shortens an attribute phrase at the first clause break.
func trimAttr(s string) string {
	for _, cut := range []string{" according to ", " — ", " – ", "; ", "“", "\"", " and accus", " and alleg", ", a claim", " and said ", ", and ", " and told "} {
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	// a period ends the phrase, not the one of "U.S." or "Gen."
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' && i > 0 && !endsAbbreviation(s[:i]) {
			s = s[:i]
			break
		}
	}
	s = strings.TrimRight(strings.TrimSpace(s), ".,;:")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160])
	}
	return s
}

// endsAbbreviation reports whether s ends with an abbreviation or an initial
// whose period follows ("U.S", "Gen", "J").
func endsAbbreviation(s string) bool {
	w := lastWord(s)
	return abbreviations[w] || strings.Contains(w, ".") || len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z'
}

// slotEnt returns the document entity of slot i, making a demonym's country an entity.
func (x *Extractor) slotEnt(d *doc, mk *masked, i int) int {
	sl := &mk.slots[i]
	if sl.letter == 'D' && sl.m != nil && sl.m.kind == mDemonym {
		e, ok := x.lx.countryEntry[sl.m.country]
		if !ok {
			return -1
		}
		return d.entity(sl.m.country, graph.Country, e)
	}
	return sl.ent
}

// addRelation records a fact between the entities of two slots, if the
// ontology allows it, with the sentence as evidence.
func (x *Extractor) addRelation(d *doc, si int, mk *masked, s int, p graph.Predicate, o int, conf float64, alleged bool, attrs map[string]string, date string) {
	se, oe := x.slotEnt(d, mk, s), x.slotEnt(d, mk, o)
	x.addFact(d, si, se, p, oe, conf, alleged, attrs, date, mk.slots[o].start)
}

// addFact records a fact between two document entities.
func (x *Extractor) addFact(d *doc, si, se int, p graph.Predicate, oe int, conf float64, alleged bool, attrs map[string]string, date string, at int) {
	if se < 0 || oe < 0 || se == oe {
		return
	}
	rt := x.relTypes[p]
	if !rt.Allows(d.ents[se].typ, d.ents[oe].typ) {
		return
	}
	if date == "" && hasDate(rt) {
		date = d.nearestDate(si, at)
	}
	s := d.sents[si]
	ev := graph.Evidence{Sentence: s.text, Start: s.start, End: s.end, Date: date, Confidence: conf, Alleged: alleged}
	for k, v := range attrs {
		if v != "" {
			if ev.Attributes == nil {
				ev.Attributes = map[string]string{}
			}
			ev.Attributes[k] = v
		}
	}
	d.ents[se].used, d.ents[oe].used = true, true
	d.rels = append(d.rels, fact{subject: se, object: oe, rel: graph.Relation{Predicate: p, Evidence: []graph.Evidence{ev}}})
	if p == graph.Opposes {
		d.opposes[se] = append(d.opposes[se], oe)
	}
}

func hasDate(rt graph.RelationType) bool {
	for _, a := range rt.Attributes {
		if a == graph.AttrDate {
			return true
		}
	}
	return false
}

// sentDates returns the dates of sentence si, read once.
func (d *doc) sentDates(si int) []dateMention {
	if d.dates == nil {
		d.dates = map[int][]dateMention{}
	}
	ds, ok := d.dates[si]
	if !ok {
		// only sentences with a number, a month or "year" can state a date
		for _, t := range d.sents[si].tokens {
			if t.digit() || months[t.key] > 0 || t.key == "year" {
				ds = d.findDates(d.sents[si].text)
				break
			}
		}
		d.dates[si] = ds
	}
	return ds
}

// nearestDate returns the date stated in sentence si closest to byte at of the text.
func (d *doc) nearestDate(si, at int) string {
	s := d.sents[si]
	best, dist := "", -1
	for _, dm := range d.sentDates(si) {
		p := s.start + dm.start
		dd := p - at
		if dd < 0 {
			dd = at - (s.start + dm.end)
			if dd < 0 {
				dd = 0
			}
		}
		if dist < 0 || dd < dist {
			best, dist = dm.iso, dd
		}
	}
	return best
}

// qualifiedBodies: "Mexico's National Guard" is part of Mexico.
func (x *Extractor) qualifiedBodies(d *doc, si int, mk *masked) {
	for i, sl := range mk.slots {
		if sl.m != nil && sl.m.qualified && sl.m.country != "" && sl.letter == 'A' {
			c := d.entity(sl.m.country, graph.Country, x.lx.countryEntry[sl.m.country])
			x.addFact(d, si, sl.ent, graph.PartOf, c, 0.85, false, nil, "", mk.slots[i].start)
		}
	}
}

// locIn reads "‹L1› in ‹L2›", "‹L1› (‹L›) in the ‹C2›": a place in a place.
var locIn = regexp.MustCompile(`‹L(\d+)›(?: \(‹L\d+›\))? in (?:the )?‹([LC])(\d+)›`)

var locChain = regexp.MustCompile(`‹L(\d+)›(?: state| province)?, ‹([LC])(\d+)›(?: state| province)?(?:, ‹C(\d+)›)?`)

// locationChains: "Culiacan, Sinaloa state, Mexico" puts the city in the state
// and the state in the country, when the gazetteer does not say otherwise.
func (x *Extractor) locationChains(d *doc, si int, mk *masked) {
	if strings.Contains(mk.s, " in ‹") {
		for _, m := range locIn.FindAllStringSubmatch(mk.s, -1) {
			a, b := mk.slots[atoi(m[1])].ent, mk.slots[atoi(m[3])].ent
			if a >= 0 && b >= 0 && x.contains(d, b, a) && d.ents[a].gaz < 0 {
				x.addFact(d, si, a, graph.PartOf, b, 0.6, false, nil, "", mk.slots[atoi(m[1])].start)
			}
		}
	}
	for _, m := range locChain.FindAllStringSubmatch(mk.s, -1) {
		ids := []int{atoi(m[1]), atoi(m[3])}
		if m[4] != "" {
			ids = append(ids, atoi(m[4]))
		}
		for k := 0; k+1 < len(ids); k++ {
			a, b := mk.slots[ids[k]].ent, mk.slots[ids[k+1]].ent
			if x.contains(d, b, a) {
				x.addFact(d, si, a, graph.PartOf, b, 0.8, false, nil, "", mk.slots[ids[k]].start)
			}
		}
	}
}

// contains reports whether place outer may contain place inner: the gazetteer
// agrees, or knows nothing against it.
func (x *Extractor) contains(d *doc, outer, inner int) bool {
	o, in := d.ents[outer], d.ents[inner]
	if in.gaz < 0 {
		return true
	}
	e := x.lx.gaz.Entries[in.gaz]
	switch {
	case e.Parent != "" && graph.Key(e.Parent) == graph.Key(o.name):
		return true
	case e.Country != "" && graph.Key(e.Country) == graph.Key(o.name):
		return true
	case o.gaz < 0:
		return e.Parent == "" && e.Country == ""
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

var (
	designVerb  = kwRegexpMust(`\b(?:designat\w*|label(?:l)?(?:ed|ing)|labels|listed|listing|lists|added|adds|adding|reclassif\w*|classif\w*|declared|declares|declaring|branded|brands|branding|named|names|naming)\b`, "designat", "label", "listed", "listing", "lists", "add", "reclassif", "classif", "declar", "brand", "named", "names", "naming")
	passiveDes  = kwRegexpMust(`\b(?:was|were|been|be|being|is|are)\s+(?:\w+ )?(?:designated|added|listed|labeled|labelled|classified|reclassified|named|included)\b`, "be", "is", "are", "was", "were")
	listCont    = regexp.MustCompile(`^(?:this|the|that) list (?:includes|included|comprises|covers|named)|^(?:they|these|those) (?:include|included|are)\b|^among them\b|(?:added|included) (?:to|in|on) (?:the|that|this) (?:list|designation)`)
	designLabel = kwRegexpMust(`\b(?:as )?(?:an? )?((?:specially designated )?(?:foreign |global |international )?(?:narco-?)?terroris[tm]\w*(?: (?:organizations?|entities|entity|groups?))?|ftos?|sdgts?)`, "as", "a", "specially", "foreign", "global", "international", "narco", "terroris", "fto", "sdgt")
)

// hypotheticalWords (and prefixes) before a designation verb say it did not
// happen: "considered designating", "calls to label", "could designate".
var (
	hypotheticalWords    = map[string]bool{"could": true, "would": true, "might": true, "may": true, "plan": true, "plans": true, "planning": true, "planned": true, "call": true, "calls": true, "called": true, "not": true, "never": true, "whether": true, "if": true, "sought": true}
	hypotheticalPrefixes = []string{"consider", "threaten", "weigh", "propos", "urg", "press", "push", "resist", "refus", "reject", "debat", "mull", "seek", "want", "ask", "demand", "lobby", "decline"}
	// fillerWords may stand between such a word and the verb.
	fillerWords = map[string]bool{"to": true, "for": true, "on": true, "about": true, "against": true, "the": true, "a": true, "an": true, "its": true, "their": true}
)

// isHypothetical reports whether the words just before a designation verb
// (s ends there) make it hypothetical: such a word, then filler words or
// adverbs, then at most a name and one more word.
func isHypothetical(s string) bool {
	f := strings.Fields(s)
	i := len(f) - 1
	// at most one free word and one slot ("considered ‹C1›'s designating")
	for skipped := 0; i >= 0 && skipped < 2; skipped++ {
		w := f[i]
		if hypothetical1(w) {
			return true
		}
		if fillerWords[w] || strings.HasSuffix(w, "ly") {
			break
		}
		i--
	}
	for ; i >= 0; i-- {
		w := f[i]
		if hypothetical1(w) {
			return true
		}
		if !fillerWords[w] && !strings.HasSuffix(w, "ly") {
			return false
		}
	}
	return false
}

func hypothetical1(w string) bool {
	if hypotheticalWords[w] {
		return true
	}
	for _, p := range hypotheticalPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// designClauseEnd finds, after a designation verb, the start of a clause that
// comments on the designation rather than lists its groups.
var designClauseEnd = regexp.MustCompile(`,? (?:accusing|saying|citing|calling|arguing|noting|adding|alleging|because|which|who|while|after|a move|a step|a decision)\b|; | — `)

// membersOf reports whether the words before a group name its people, not
// it: "designated six leaders of ‹G›", "members of the ‹G›".
func membersOf(before string) bool {
	f := strings.Fields(before)
	n := len(f)
	if n > 0 && f[n-1] == "the" {
		n--
	}
	if n < 2 || f[n-1] != "of" {
		return false
	}
	switch strings.TrimSuffix(f[n-2], "s") {
	case "leader", "member", "commander", "lieutenant", "financier", "associate", "operative", "figure", "head", "boss", "founder", "chief":
		return true
	}
	return false
}

// isComparison reports whether the words before a name (s ends there) compare
// a group to it: "in the same category as", "compared to", "likened to",
// "like", "akin to", "unlike" (a list of names may stand between).
func isComparison(s string) bool {
	f := strings.Fields(s)
	i := len(f) - 1
	// back over a list of names before this one: "like ‹G1›, ‹G2› and"
	for i >= 0 && (f[i] == "the" || f[i] == "and" || f[i] == "or" || strings.HasPrefix(f[i], "‹")) {
		i--
	}
	if i < 0 {
		return false
	}
	switch f[i] {
	case "like", "unlike":
		return true
	case "as", "to", "with":
		for j := i - 1; j >= 0 && j >= i-4; j-- {
			w := f[j]
			switch {
			case w == "same" || w == "similar" || w == "comparable" || w == "equivalent" || w == "equal":
				return f[i] != "with"
			case strings.HasPrefix(w, "compar"):
				return f[i] != "as"
			case w == "likened" || w == "akin":
				return f[i] == "to" && j == i-1
			}
		}
	}
	return false
}

// designations: "the White House designated A, B and C as foreign terrorist
// organizations" gives one DESIGNATED fact per group, each with its own date.
func (x *Extractor) designations(d *doc, si int, mk *masked, ws *sentWords) {
	term := ws.guardedIDs(x.famGuards[0])
	cont := listStart(mk.lower) || strings.Contains(mk.lower, " list") && listCont.MatchString(mk.lower)
	// "..., which were themselves designated in February": a designation the
	// sentences before have just spoken of
	if !term && !cont && d.lastDesignation != nil && si-d.lastDesignation.sent <= 3 && strings.Contains(mk.lower, "designated") {
		term = true
	}
	if !term && !cont {
		return
	}
	var v []int
	if term && hasAny(mk.lower, "designat", "label", "list", "add", "classif", "declar", "brand", "name") {
		v = designVerb.FindStringIndex(mk.lower)
	}
	if !cont && (v == nil || !hasDesignTerm(mk.lower) && !(d.lastDesignation != nil && si-d.lastDesignation.sent <= 3)) {
		return
	}
	// "has considered designating", "resisted calls to label", "could
	// designate": no designation took place
	if v != nil && isHypothetical(mk.lower[max(0, v[0]-48):v[0]]) {
		v = nil
		if !cont {
			return
		}
	}
	label := ""
	for _, m := range designLabel.FindAllStringSubmatchIndex(mk.lower) {
		// the lists' names before a crime's: "charged with narco-terrorism ...
		// designated a Foreign Terrorist Organization"
		l := normalDesignation(mk.lower[m[2]:m[3]])
		if label == "" || l == "Foreign Terrorist Organization" || l == "Specially Designated Global Terrorist" && label != "Foreign Terrorist Organization" {
			label = l
		}
	}
	subject := -1
	if v != nil && !cont {
		passive := passiveDes.FindStringIndex(mk.lower)
		if passive != nil && passive[1] >= v[0] && passive[0] <= v[1] {
			if i := strings.Index(mk.s[v[1]:], " by "); i >= 0 {
				if k := mk.slotAt(v[1]+i+4, len(mk.s)); k >= 0 {
					subject = x.slotEnt(d, mk, k)
				}
			}
		} else {
			subject = x.agentBefore(d, mk, v[0])
		}
	}
	if subject < 0 && d.lastDesignation != nil && si-d.lastDesignation.sent <= 3 {
		subject = d.lastDesignation.subject
		if label == "" {
			label = d.lastDesignation.label
		}
	}
	if subject < 0 && v != nil {
		// with no agent, the list names its keeper: the Foreign Terrorist
		// Organization and SDGT lists are the United States'; any other
		// designation is the act of the article's main country
		c := d.home
		if label == "Foreign Terrorist Organization" || label == "Specially Designated Global Terrorist" {
			c = "United States"
		}
		if e, ok := x.lx.countryEntry[c]; ok {
			subject = d.entity(c, graph.Country, e)
		}
	}
	if subject < 0 {
		return
	}
	subject = x.stateOf(d, subject)
	// "the Trump administration designated …": a person whose state the text
	// does not name acts, for the U.S. lists, for the United States
	if d.ents[subject].typ == graph.Person && (label == "Foreign Terrorist Organization" || label == "Specially Designated Global Terrorist") {
		subject = d.entity("United States", graph.Country, x.lx.countryEntry["United States"])
	}
	found := false
	// the designating clause ends at a clause that only comments on it:
	// "…, accusing it of working with ‹G›"
	end := len(mk.s)
	if v != nil && !cont {
		if c := designClauseEnd.FindStringIndex(mk.lower[v[1]:]); c != nil {
			end = v[1] + c[0]
		}
	}
	for _, sl := range mk.slots {
		if sl.letter != 'G' || sl.inQuote || strings.HasPrefix(mk.s[sl.to:], "'s ") || sl.at >= end {
			continue // "the gang's founder" is not the gang
		}
		// "in the same category as al-Qaeda", "compared to", "like": a
		// comparison, not a designation
		before := mk.lower[max(0, sl.at-40):sl.at]
		if isComparison(before) || strings.Contains(before, "such as") && !strings.Contains(before, "including") || membersOf(before) {
			continue
		}
		date := d.nearestDate(si, sl.start)
		if date == "" && cont && d.lastDesignation != nil && !strings.Contains(strings.ToLower(mk.s), "added") {
			date = d.lastDesignation.date
		}
		attrs := map[string]string{}
		if label != "" {
			attrs[graph.AttrDesignation] = label
		}
		x.addFact(d, si, subject, graph.Designated, sl.ent, 0.9, false, attrs, date, sl.start)
		found = true
	}
	date := ""
	if ds := d.sentDates(si); len(ds) > 0 {
		date = ds[0].iso
	}
	if found || v != nil {
		d.lastDesignation = &designation{subject: subject, label: label, date: date, sent: si}
	}
}

// hasDesignTerm reports whether s names a terrorism designation: "terror",
// "FTO", "SDGT".
func hasDesignTerm(s string) bool {
	if strings.Contains(s, "terror") {
		return true
	}
	for _, w := range []string{"fto", "sdgt"} {
		for i := 0; ; {
			j := strings.Index(s[i:], w)
			if j < 0 {
				break
			}
			a, b := i+j, i+j+len(w)
			if b < len(s) && s[b] == 's' {
				b++
			}
			if (a == 0 || !isWordByte(s[a-1])) && (b == len(s) || !isWordByte(s[b])) {
				return true
			}
			i = i + j + 1
		}
	}
	return false
}

// hasAny reports whether s contains one of the words.
func hasAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// listStart reports whether a sentence opens by listing the groups of the one before.
func listStart(lower string) bool {
	for _, p := range []string{"this list ", "the list ", "that list ", "they include", "these include", "those include", "they are ", "among them"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// normalDesignation names a designation as the lists do.
func normalDesignation(s string) string {
	l := strings.ToLower(s)
	switch {
	case strings.Contains(l, "fto") || strings.Contains(l, "foreign terrorist"):
		return "Foreign Terrorist Organization"
	case strings.Contains(l, "sdgt") || strings.Contains(l, "specially designated"):
		return "Specially Designated Global Terrorist"
	}
	l = strings.TrimSuffix(l, "s")
	l = strings.TrimSuffix(l, "ie") + map[bool]string{true: "y", false: ""}[strings.HasSuffix(l, "ie")]
	return l
}

// stateOf maps the executive acting for a state to the state: the White House,
// "the Trump administration", a president. Designations and rewards are the
// state's acts, so that sources that name them differently agree.
func (x *Extractor) stateOf(d *doc, i int) int {
	e := d.ents[i]
	switch {
	case e.typ == graph.Agency && graph.Key(e.name) == "white house":
		if c := x.lx.gaz.Entries[e.gaz].Country; e.gaz >= 0 && c != "" {
			return d.entity(c, graph.Country, x.lx.countryEntry[c])
		}
	case e.typ == graph.Person && e.country != "":
		return d.entity(e.country, graph.Country, x.lx.countryEntry[e.country])
	}
	return i
}

// prepositions before a mention that keep it from being the subject of a clause.
var prepositions = map[string]bool{
	"in": true, "on": true, "at": true, "to": true, "of": true, "for": true, "from": true,
	"with": true, "about": true, "against": true, "toward": true, "towards": true, "into": true,
	"inside": true, "over": true, "under": true, "during": true, "after": true, "before": true,
	"since": true, "like": true, "than": true, "between": true, "among": true, "across": true,
	"through": true, "within": true, "without": true, "per": true, "linking": true, "by": true,
	"including": true, "as": true, "upon": true, "amid": true, "near": true, "along": true,
}

// actorOK reports whether slot i can be the subject of a clause: a person,
// country or body, not the object of a preposition, not a possessive qualifier.
func (x *Extractor) actorOK(mk *masked, i int) (at int, ok bool) {
	return x.subjectOK(mk, i, "PCA")
}

// subjectOK is actorOK for subjects of the given type letters.
func (x *Extractor) subjectOK(mk *masked, i int, letters string) (at int, ok bool) {
	sl := mk.slots[i]
	at = sl.at
	if at < 0 || sl.inQuote || !strings.ContainsRune(letters, rune(sl.letter)) {
		return at, false
	}
	rest := mk.s[sl.to:]
	// a qualifier: "Mexico's Sinaloa Cartel", "U.S. Secretary of State ‹P›"
	if strings.HasPrefix(rest, "'s ‹") || strings.HasPrefix(rest, " ‹T") {
		return at, false
	}
	if strings.HasPrefix(rest, "'s") && sl.letter == 'P' && !sl.composite {
		return at, false
	}
	// the word before the whole name, its qualifiers included: "of ‹D› ‹T› ‹P›"
	before := mk.s[:at]
	for {
		t := strings.TrimRight(before, " ")
		t = strings.TrimSuffix(t, "'s")
		if !strings.HasSuffix(t, "›") {
			break
		}
		i := strings.LastIndex(t, "‹")
		if i < 0 || !strings.ContainsAny(t[i:], "DTC") {
			break
		}
		before = t[:i]
		// "‹T› to ‹C› ‹P›": the title's complement
		for _, w := range []string{" to ", " of ", " for "} {
			if b := strings.TrimRight(before, " ") + " "; strings.HasSuffix(b, w) && strings.HasSuffix(strings.TrimSuffix(b, w), "›") {
				before = strings.TrimSuffix(b, w)
			}
		}
	}
	if w := lastWordOf(before); w == "of" && sl.letter == 'C' {
		// "the Government of Canada", "the authorities of Haiti": the state acts
		t := strings.Fields(strings.ToLower(before))
		if len(t) >= 2 && (governmentWords[t[len(t)-2]] || actorWords[t[len(t)-2]]) {
			return at, true
		}
	}
	return at, !prepositions[lastWordOf(before)]
}

// agentBefore returns the entity of the nearest actor before byte pos of the
// masked sentence that can be the subject of a verb there, or -1.
func (x *Extractor) agentBefore(d *doc, mk *masked, pos int) int {
	if k := x.agentSlotBefore(mk, pos); k >= 0 {
		return x.slotEnt(d, mk, k)
	}
	return -1
}

// agentSlotBefore is agentBefore's slot.
func (x *Extractor) agentSlotBefore(mk *masked, pos int) int {
	best := -1
	for i := range mk.slots {
		if at, ok := x.actorOK(mk, i); ok && at < pos {
			best = i
		}
	}
	return best
}

// subjectSlotBefore returns the first slot of the given letters in the clause
// that ends at byte pos that can be a subject ("Los Lobos, a faction of Los
// Choneros, operates in": Los Lobos); for persons, countries and bodies the
// nearest one (agentSlotBefore).
func (x *Extractor) subjectSlotBefore(mk *masked, pos int, letters string) int {
	if letters == "PCA" {
		return x.agentSlotBefore(mk, pos)
	}
	for i := range mk.slots {
		if at, ok := x.subjectOK(mk, i, letters); ok && at < pos {
			return i
		}
	}
	return -1
}

// coordinated returns slot k and the slots of the same kind coordinated with
// it: "the ‹A2› (‹A3›) and the ‹A4› were sharing", "‹P2› and ‹P3›, who lead".
func (mk *masked) coordinated(k int) []int {
	out := []int{k}
	same := func(i int) bool { return mk.slots[i].letter == mk.slots[k].letter }
	join := func(between string) bool {
		between = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(between), ")"))
		for _, p := range []string{",", "and", ", and", "or"} {
			if b := strings.TrimSpace(strings.TrimPrefix(between, p)); between != "" && strings.HasPrefix(between, p) && (b == "" || b == "the") {
				return true
			}
		}
		return false
	}
	// "‹X› (‹X›)": an acronym in parentheses is the same name
	paren := func(i int) bool {
		return i > 0 && strings.TrimSpace(mk.s[mk.slots[i-1].to:mk.slots[i].at]) == "("
	}
	for i := k - 1; i >= 0; i-- {
		if paren(i + 1) {
			continue
		}
		if !same(i) || !join(mk.s[mk.slots[i].to:mk.slots[i+1].at]) {
			break
		}
		out = append(out, i)
	}
	for i := k + 1; i < len(mk.slots); i++ {
		if paren(i) {
			continue
		}
		if !same(i) || !join(mk.s[mk.slots[i-1].to:mk.slots[i].at]) {
			break
		}
		out = append(out, i)
	}
	return out
}

// mainSubject returns the subject of the sentence's main clause: its first
// actor that is not inside a prepositional phrase, or -1.
func (x *Extractor) mainSubject(d *doc, mk *masked) int {
	for i := range mk.slots {
		if _, ok := x.actorOK(mk, i); ok {
			return x.slotEnt(d, mk, i)
		}
	}
	return -1
}

// lastWordOf returns the last word of s, lower-case, skipping "the".
func lastWordOf(s string) string {
	end := len(s)
	for {
		for end > 0 && isFieldSpace(s[end-1]) {
			end--
		}
		start := end
		for start > 0 && !isFieldSpace(s[start-1]) {
			start--
		}
		if start == end {
			return ""
		}
		w := s[start:end]
		if strings.EqualFold(w, "the") || strings.EqualFold(w, "a") || strings.EqualFold(w, "an") {
			end = start
			continue
		}
		return strings.Trim(strings.ToLower(w), ",.;:\"'()")
	}
}

// isFieldSpace reports whether c separates the fields of strings.Fields (ASCII).
func isFieldSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

var (
	rewardRe     = kwRegexpMust(`\b(?:reward|bounty|rewards|bounties|information leading to)\b`, "reward", "bount", "information")
	rewardBy     = regexp.MustCompile(`^ (?:\w+ ){0,2}?(?:offered|announced|posted|put up) by (?:the )?‹[ca](\d+)›`)
	kinBefore    = regexp.MustCompile(`\b(?:sons?|daughters?|brothers?|sisters?|wife|husband|widow|father|mother|relatives|family|children|associates|allies|members) of (?:the )?(?:[a-z-]+ |‹[a-z]\d+› ){0,4}$`)
	rewardClause = regexp.MustCompile(`[;.]|, who |, which | but |,? and (?:it|he|she|they|we|has|have|had|is|was|will|would|also)\b|, (?:while|although|though|as)\b`)
)

// rewards: "Washington announced a $50 million reward for information leading
// to the capture of ‹P›": a fact for each person named after the reward (not
// "the sons of ‹P›"); "a $5 million reward offered by ‹A›" names its offerer
// after it, the person being the sentence's subject.
func (x *Extractor) rewards(d *doc, si int, mk *masked, ws *sentWords) {
	if !ws.guardedIDs(x.famGuards[1]) {
		return
	}
	loc := rewardRe.FindStringIndex(mk.lower)
	if loc == nil {
		return
	}
	attrs := map[string]string{}
	if !strings.Contains(d.sents[si].text, "$") {
		// no amount
	} else if a := amountRe.FindAllString(d.sents[si].text, -1); len(a) > 0 {
		attrs[graph.AttrAmount] = strings.TrimSpace(a[len(a)-1])
		if len(a) > 1 {
			attrs[graph.AttrAmount] = strings.TrimSpace(nearestAmount(d.sents[si].text, a, loc[0]))
		}
	}
	if m := rewardBy.FindStringSubmatch(mk.lower[loc[1]:]); m != nil {
		if k := atoi(m[1]); k < len(mk.slots) {
			if p := x.mainSubject(d, mk); p >= 0 && d.ents[p].typ == graph.Person {
				x.addFact(d, si, x.stateOf(d, mk.slots[k].ent), graph.OfferedReward, p, 0.8, false, attrs, "", mk.slots[k].start)
			} else if p := d.subjectEnt(si); p >= 0 && d.ents[p].typ == graph.Person {
				x.addFact(d, si, x.stateOf(d, mk.slots[k].ent), graph.OfferedReward, p, 0.8, false, attrs, "", mk.slots[k].start)
			}
		}
		return
	}
	subject := x.agentBefore(d, mk, loc[0])
	if subject < 0 {
		// "the State Department's Narcotics Rewards Program offers"
		for i, sl := range mk.slots {
			if sl.at < loc[0] && (sl.letter == 'C' || sl.letter == 'A') && !sl.inQuote {
				subject = x.slotEnt(d, mk, i)
			}
		}
	}
	if subject < 0 {
		return
	}
	subject = x.stateOf(d, subject)
	end := len(mk.s)
	if c := rewardClause.FindStringIndex(mk.lower[loc[1]:]); c != nil {
		end = loc[1] + c[0]
	}
	for _, k := range mk.slotsIn(loc[1], end) {
		if mk.slots[k].letter != 'P' || kinBefore.MatchString(mk.lower[:mk.slots[k].at]) {
			continue
		}
		x.addFact(d, si, subject, graph.OfferedReward, mk.slots[k].ent, 0.85, false, attrs, "", mk.slots[k].start)
	}
}

// amongRe opens a sentence that names more targets of the act before it:
// "Among those sanctioned is X", "Among the people charged were X and Y".
var amongRe = regexp.MustCompile(`^among (?:those|them|the (?:[a-z-]+ ){0,2}(?:people|individuals|companies|entities|firms|officials|men|women|suspects|businesses)) (?:(?:who (?:were|was) )?(?:sanctioned|blacklisted|charged|indicted))\b`)

// amongThose reads "Among those sanctioned is ‹P›, ..., and his partner, ‹P›":
// the people and organisations it names are objects of the last fact of that
// kind, with its subject.
func (x *Extractor) amongThose(d *doc, si int, mk *masked) {
	if !strings.HasPrefix(mk.lower, "among ") {
		return
	}
	m := amongRe.FindString(mk.lower)
	if m == "" {
		return
	}
	p := graph.Sanctioned
	if strings.Contains(m, "charged") || strings.Contains(m, "indicted") {
		p = graph.Accused
	}
	subject := -1
	for i := len(d.rels) - 1; i >= 0 && subject < 0; i-- {
		if f := d.rels[i]; f.rel.Predicate == p && f.rel.Evidence[0].Start < d.sents[si].start {
			subject = f.subject
		}
	}
	// else the agent of the last sentence with the act: "Treasury sanctioned
	// four Mexican nationals"
	verb := "sanction"
	if p == graph.Accused {
		verb = "charg"
	}
	for q := si - 1; subject < 0 && q >= 0 && q >= si-6; q-- {
		if i := strings.Index(d.masked[q].lower, " "+verb); i >= 0 {
			if a := x.agentBefore(d, &d.masked[q], i); a >= 0 {
				subject = x.stateOfActor(d, a)
			}
		}
	}
	if subject < 0 {
		return
	}
	for i, sl := range mk.slots {
		if sl.inQuote || sl.letter != 'P' && sl.letter != 'O' || sl.at < len(m) {
			continue
		}
		x.addFact(d, si, subject, p, x.slotEnt(d, mk, i), 0.7, false, nil, "", sl.start)
	}
}

func nearestAmount(s string, as []string, pos int) string {
	best, dist := as[0], -1
	for _, a := range as {
		i := strings.Index(s, a)
		dd := i - pos
		if dd < 0 {
			dd = -dd
		}
		if dist < 0 || dd < dist {
			best, dist = a, dd
		}
	}
	return best
}

var (
	coopRe    = kwRegexpMust(`\b(?:cooperat\w*|co-operat\w*|coordinat\w*|collaborat\w*|intelligence[- ]sharing|shar\w* (?:\w+ )?intelligence|work\w* (?:closely |together )?with|under (?:the|a|an|this|that) (?:[\w-]+ )?(?:deal|agreement|accord|pact)|working group|joint (?:statement|operations?|strategy|patrols?|task force|front|security|efforts?)|(?:security|bilateral|cooperation) (?:agreement|pact|deal)|(?:sign\w*|reach\w*|struck|strike) (?:an? |the )?(?:[\w-]+ )?(?:agreement|accord|pact|deal)|shar\w* (?:information|evidence|data)|partnership|work(?:ed|ing)? together|teamed up|agreed (?:to|on) (?:\w+ )?(?:cooperat\w*|share|work|coordinat\w*|exchange|create|establish|launch|expand|boost|strengthen|step up|deepen|form)|exchang\w* (?:\w+ )?(?:information|intelligence|data|evidence)|joint (?:investigations?|operations?|exercises?|raids?|plan|commission|programs?|programmes?|units?|command)|memorand(?:um|a) of understanding|mutual (?:legal )?assistance)\b`, "cooperat", "co-operat", "coordinat", "collaborat", "intelligence", "shar", "working", "joint", "security", "bilateral", "sign", "reach", "struck", "strike", "partnership", "work", "teamed", "under", "agreed", "exchang", "memorand", "mutual")
	coopNeg   = kwRegexpMust(`\b(?:no|not|never|refus\w*|end\w*|suspend\w*|halt\w*|without)\b(?:\s+\w+){0,2}\s+(?:cooperat|collaborat|coordinat|shar|intelligence|work|joint|partnership|agreement)`, "no", "ne", "refus", "end", "suspend", "halt", "without")
	twoStates = kwRegexpMust(`\b(?:the two countries|both countries|the two nations|both nations|both governments|the two governments|both sides)\b`, "the", "both")
)

// cooperation: two actors of different countries in a sentence about
// cooperation, coordination or a joint effort cooperate.
func (x *Extractor) cooperation(d *doc, si int, mk *masked, ws *sentWords) {
	if !ws.guardedIDs(x.famGuards[2]) ||
		!twoActors(mk) || !coopRe.MatchString(mk.lower) || coopNeg.MatchString(mk.lower) {
		return
	}
	// "X shares intelligence with Y", "X is coordinating with Y": the actor
	// before the word and the one after it
	paired := false
	for _, loc := range coopRe.FindAllStringIndex(mk.lower) {
		sk := x.agentSlotBefore(mk, loc[0])
		if sk < 0 || !nearClause(mk.s[mk.slots[sk].to:loc[0]]) {
			continue // the actor must be the subject of the cooperation's clause
		}
		end := len(mk.s)
		if c := clauseEnd.FindStringIndex(mk.lower[loc[1]:]); c != nil {
			end = loc[1] + c[0]
		}
		for _, ck := range mk.coordinated(sk) {
			s := x.stateOfActor(d, x.slotEnt(d, mk, ck))
			if s < 0 {
				continue
			}
			for _, k := range mk.slotsIn(loc[1], end) {
				o := x.coopActor(d, mk, k)
				if o < 0 || d.countryOf(x, o) == "" || d.countryOf(x, o) == d.countryOf(x, s) {
					continue
				}
				x.addFact(d, si, s, graph.CooperatesWith, o, 0.7, false, nil, "", d.sents[si].start)
				paired = true
				break
			}
		}
	}
	if paired {
		return
	}
	byCountry := map[string]int{}
	var order []string
	add := func(e int) {
		c := d.countryOf(x, e)
		if c == "" {
			return
		}
		if _, ok := byCountry[c]; !ok {
			byCountry[c] = e
			order = append(order, c)
		}
	}
	if twoStates.MatchString(mk.lower) {
		for _, c := range d.recentCountries(x, si, 2) {
			add(d.entity(c, graph.Country, x.lx.countryEntry[c]))
		}
	}
	for i, sl := range mk.slots {
		if sl.inQuote || (sl.letter != 'C' && sl.letter != 'A' && sl.letter != 'D') {
			continue
		}
		if w := lastWordOf(mk.s[:sl.at]); sl.letter == 'C' && (w == "in" || w == "at" || w == "from" || w == "near") {
			continue // a place: "a speech in Washington"
		}
		rest := mk.s[sl.to:]
		if strings.HasPrefix(rest, "'s ") && strings.Contains(rest[:min(len(rest), 40)], "‹A") {
			continue // "Mexico's ‹A›": the body acts
		}
		if sl.letter == 'D' && !(strings.HasPrefix(rest, " and ") || strings.HasPrefix(rest, "-")) {
			continue
		}
		add(x.slotEnt(d, mk, i))
	}
	for i, sl := range mk.slots {
		// a capital stands for its government: "share intelligence with Lima"
		if sl.letter == 'L' && !sl.inQuote {
			if e := x.coopActor(d, mk, i); e >= 0 {
				add(e)
			}
		}
	}
	if len(order) < 2 {
		return
	}
	a, b := byCountry[order[0]], byCountry[order[1]]
	x.addFact(d, si, a, graph.CooperatesWith, b, 0.7, false, nil, "", d.sents[si].start)
}

// clauseEnd finds the end of the clause an object of cooperation lies in.
var clauseEnd = regexp.MustCompile(`[;.]|, and |, but |, while | but `)

// nearClause reports whether the text between a subject and its verb is short
// and has no clause break: "‹A› and the ‹A› were sharing".
func nearClause(between string) bool {
	if strings.ContainsAny(between, ",;:") && !strings.HasPrefix(strings.TrimSpace(between), "(") {
		return false
	}
	return len(strings.Fields(between)) <= 8
}

// coopActor returns the actor slot k stands for in a cooperation: a country,
// a body, a demonym's country, a capital's country; -1 for anything else.
func (x *Extractor) coopActor(d *doc, mk *masked, k int) int {
	sl := mk.slots[k]
	switch sl.letter {
	case 'C', 'A':
		if rest := mk.s[sl.to:]; strings.HasPrefix(rest, "'s ") && strings.Contains(rest[:min(len(rest), 40)], "‹") {
			return -1 // "Mexico's ‹A›": the body acts; "Mexico's ‹G›": a qualifier
		}
		return x.slotEnt(d, mk, k)
	case 'D':
		return x.slotEnt(d, mk, k)
	case 'L':
		if sl.ent >= 0 {
			if c, ok := x.lx.capitalOf[graph.Key(d.ents[sl.ent].name)]; ok {
				return d.entity(c, graph.Country, x.lx.countryEntry[c])
			}
		}
	}
	return -1
}

// stateOfActor is stateOf for cooperation: a person acts for the state they serve.
func (x *Extractor) stateOfActor(d *doc, e int) int {
	if d.ents[e].typ == graph.Person && d.ents[e].country != "" {
		return d.entity(d.ents[e].country, graph.Country, x.lx.countryEntry[d.ents[e].country])
	}
	return e
}

// twoActors reports cheaply whether a sentence can name two cooperating
// actors: two country, body or demonym slots, or "the two countries".
func twoActors(mk *masked) bool {
	n := 0
	for _, sl := range mk.slots {
		if sl.letter == 'C' || sl.letter == 'A' || sl.letter == 'D' {
			n++
		}
	}
	return n >= 2 || strings.Contains(mk.lower, "two ") || strings.Contains(mk.lower, "both ") || n >= 1 && strings.Contains(mk.s, "‹L")
}

// countryOf returns the country an actor belongs to: a country itself, a
// body's country.
func (d *doc) countryOf(x *Extractor, e int) string {
	en := d.ents[e]
	switch en.typ {
	case graph.Country:
		return en.name
	case graph.Agency:
		if en.country != "" {
			return en.country
		}
		if en.gaz >= 0 {
			return x.lx.gaz.Entries[en.gaz].Country
		}
	}
	return ""
}

// recentCountries returns up to n distinct countries named last, in sentence si
// and the three before it.
func (d *doc) recentCountries(x *Extractor, si, n int) []string {
	var out []string
	seen := map[string]bool{}
	for q := si; q >= 0 && q >= si-3 && len(out) < n; q-- {
		ms := d.sentMentions[q]
		for k := len(ms) - 1; k >= 0 && len(out) < n; k-- {
			m := ms[k]
			name := ""
			switch {
			case m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Country:
				name = d.ents[m.ent].name
			case m.kind == mDemonym:
				name = m.country
			case (m.kind == mEntity || m.kind == mPronoun) && m.ent >= 0 && d.ents[m.ent].typ == graph.Person:
				name = d.ents[m.ent].country
			case m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.Agency:
				name = d.ents[m.ent].country
				if name == "" && d.ents[m.ent].gaz >= 0 {
					name = x.lx.gaz.Entries[d.ents[m.ent].gaz].Country
				}
			}
			if name != "" && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return out
}

var (
	opposeRe = kwRegexpMust(`\b(?:reject\w*|oppos\w*|condemn\w*|denounc\w*|dismiss\w*|criticiz\w*|criticis\w*|protest\w*|rebuk\w*|slamm?\w*|refus\w*|no (?:(?:‹[cd]\d+›|foreign|military|armed|unilateral) )?(?:invasion|intervention|interference|incursion|boots|troops|strikes?|military action)|unacceptable)`, "reject", "oppos", "condemn", "denounc", "dismiss", "critici", "protest", "rebuk", "slam", "refus", "no", "unacceptable")
	// "will not allow", "has drawn a red line": found from their rarer words
	notAllowRe    = kwRegexpMust(`\bnot (?:allow|accept|permit|tolerate)\w*`, "not")
	redLineRe     = kwRegexpMust(`\bred lines?\b`, "red")
	rejectedThing = regexp.MustCompile(`^\w* (?:the|these|those|this|that|its|their) (?:\w+ )?(?:announcement|decision|designation|accusations?|claims?|move|measures?|sanctions|charges|allegations|report|statement|plan|proposal|policy|reward|decertification|order)\b`)
	echoRe        = kwRegexpMust(`\b(?:echo(?:ed|es)?|shared|shares|backed|backs|repeated|repeats|endorsed|endorses|seconded|seconds) (?:her|his|their|‹p\d+›'s) (?:stance|position|view|views|rejection|criticism|opposition|message|concerns?|objections?)`, "echo", "shared", "shares", "backed", "backs", "repeated", "repeats", "endorse", "second")
)

// reportedSpeech matches a verb of saying followed by its clause: "X said
// Mexico would cooperate ... but rejected".
var reportedSpeech = regexp.MustCompile(`‹p\d+› (?:\w+ )?(?:said|says|told|added|warned|insisted|stressed) (?:[^"]*?)(?:,? but |,? and )(?:\w+ )?$`)

// opposition: an actor rejects, opposes or condemns a country, a body or a policy.
func (x *Extractor) opposition(d *doc, si int, mk *masked, ws *sentWords) {
	if !ws.guardedIDs(x.famGuards[3]) &&
		!(ws.has("not") && ws.guardedIDs(x.famGuards[4])) &&
		!(ws.has("no") && ws.guardedIDs(x.famGuards[5])) &&
		!(ws.has("red") && ws.has("line")) {
		return
	}
	if m := echoRe.FindStringIndex(mk.lower); m != nil {
		subject := x.agentBefore(d, mk, m[0])
		var ref []int
		for q := si - 1; q >= 0 && q >= si-3 && len(ref) == 0; q-- {
			if sp, ok := d.speakers[q]; ok {
				ref = d.opposes[sp]
			}
			for _, ms := range d.sentMentions[q] {
				if ms.kind == mEntity && ms.ent >= 0 && d.ents[ms.ent].typ == graph.Person && len(d.opposes[ms.ent]) > 0 && len(ref) == 0 {
					ref = d.opposes[ms.ent]
				}
			}
		}
		for _, o := range ref {
			x.addFact(d, si, subject, graph.Opposes, o, 0.6, false, map[string]string{graph.AttrAbout: "echoed the stance"}, "", d.sents[si].start)
		}
	}
	locs := opposeRe.FindAllStringIndex(mk.lower)
	// the modal before "not allow" and the verb before "a red line" begin the cue
	for _, l := range notAllowRe.FindAllStringIndex(mk.lower) {
		if w, at := prevWord(mk.lower, l[0]); w == "will" || w == "would" || w == "does" || w == "did" || w == "do" || w == "could" {
			locs = append(locs, []int{at, l[1]})
		}
	}
	for _, l := range redLineRe.FindAllStringIndex(mk.lower) {
		at := l[0]
		for _, skip := range []string{"firm", "clear", "a", "an", "our", "the"} {
			if w, a := prevWord(mk.lower, at); w == skip {
				at = a
			}
		}
		switch w, a := prevWord(mk.lower, at); w {
		case "drawn", "draws", "draw", "set", "sets", "is", "are", "be", "crosses", "cross", "crossed":
			locs = append(locs, []int{a, l[1]})
		}
	}
	sort.Slice(locs, func(i, j int) bool { return locs[i][0] < locs[j][0] })
	for _, loc := range locs {
		// "a proposal opposed by the opposition party": a passive, read only
		// when its agent is an actor ("opposed by ‹C›")
		if strings.HasPrefix(mk.lower[loc[1]:], " by ") {
			x.opposedBy(d, si, mk, loc)
			continue
		}
		subjects := []int{}
		inQuote := false
		// a rejection inside a quotation is its speaker's
		if q := quoteAt(mk.s, loc[0]); q && d.speakers[si] > 0 {
			subjects = append(subjects, d.speakers[si]-1)
			inQuote = true
		}
		if !inQuote {
			if s := x.agentBefore(d, mk, loc[0]); s >= 0 {
				subjects = append(subjects, s)
			}
			// the main subject when the rejection is reported speech: "X said that Mexico will not allow"
			if main := x.mainSubject(d, mk); main >= 0 && len(subjects) > 0 && main != subjects[0] && d.ents[main].typ == graph.Person && (strings.Contains(mk.s[:loc[0]], " that ") || reportedSpeech.MatchString(mk.lower[:loc[0]])) {
				subjects = append(subjects, main)
			}
		}
		if len(subjects) == 0 {
			continue
		}
		about := trimAttr(x.unmask(d, mk, loc[0], len(mk.s)))
		for _, s := range subjects {
			own := d.countryOf(x, s)
			if d.ents[s].typ == graph.Person {
				own = d.ents[s].country
			}
			obj := -1
			try := func(from, to int) {
				for _, k := range mk.slotsIn(from, to) {
					sl := mk.slots[k]
					if sl.letter != 'C' && sl.letter != 'A' && sl.letter != 'Y' {
						continue
					}
					e := x.slotEnt(d, mk, k)
					if e == s || d.countryOf(x, e) == own && own != "" || e < 0 {
						continue
					}
					obj = e
					return
				}
			}
			if inQuote {
				// the object must be named in the quotation too
				qs, qe := strings.LastIndex(mk.s[:loc[0]], `"`), strings.Index(mk.s[loc[1]:], `"`)
				if qe < 0 {
					qe = len(mk.s) - loc[1]
				}
				try(qs, loc[1]+qe)
			} else {
				try(loc[1], len(mk.s))
				if obj < 0 {
					try(0, loc[0])
				}
			}
			if obj < 0 && rejectedThing.MatchString(mk.lower[loc[1]:]) && si > 0 {
				// "rejected the announcement": the actor of the sentence before
				prev := &d.masked[si-1]
				if ps := x.mainSubject(d, prev); ps >= 0 && ps != s && d.ents[ps].typ != graph.Person && (d.countryOf(x, ps) != own || own == "") {
					obj = ps
				}
			}
			if obj >= 0 {
				x.addFact(d, si, s, graph.Opposes, obj, 0.75, false, map[string]string{graph.AttrAbout: about}, "", d.sents[si].start)
			}
		}
	}
}

// prevWord returns the word that ends before byte i of s (spaces between) and
// where it starts.
func prevWord(s string, i int) (string, int) {
	j := i
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	k := j
	for k > 0 && isWordByte(s[k-1]) {
		k--
	}
	return s[k:j], k
}

// opposedBy reads "‹Y›, which is opposed by ‹C›": the agent opposes the thing before.
func (x *Extractor) opposedBy(d *doc, si int, mk *masked, loc []int) {
	k := mk.slotAt(loc[1]+4, min(len(mk.s), loc[1]+20))
	if k < 0 || !strings.HasPrefix(strings.TrimPrefix(mk.lower[loc[1]+4:], "the "), "‹") {
		return
	}
	s := x.slotEnt(d, mk, k)
	obj := -1
	for i, sl := range mk.slots {
		if sl.at < loc[0] && (sl.letter == 'C' || sl.letter == 'A' || sl.letter == 'Y') {
			obj = x.slotEnt(d, mk, i)
		}
	}
	if s >= 0 && obj >= 0 {
		x.addFact(d, si, s, graph.Opposes, obj, 0.7, false, nil, "", d.sents[si].start)
	}
}

// quoteAt reports whether byte i of s lies inside straight quotes.
func quoteAt(s string, i int) bool {
	return strings.Count(s[:i], `"`)%2 == 1
}
