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
	for si := range d.sents {
		mk := &d.masked[si]
		lower := mk.lower
		ws := x.guards.words(lower)
		for _, r := range x.rules {
			if !guarded(ws, r.guard) {
				continue
			}
			for _, m := range r.matches(lower) {
				x.applyRule(d, si, mk, &r, m)
			}
		}
		x.qualifiedBodies(d, si, mk)
		x.locationChains(d, si, mk)
		x.designations(d, si, mk, ws)
		x.rewards(d, si, mk, ws)
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
		if s := x.subjectBefore(d, mk, a, letters); s >= 0 {
			for _, o := range objsOf(r.re, mk, m) {
				x.addFact(d, si, s, r.pred, x.slotEnt(d, mk, o), r.conf, r.always || (r.alleged && allegedRe.MatchString(d.sents[si].text)), x.ruleAttrs(d, mk, r, m), "", mk.slots[o].start)
			}
		}
		return
	}
	objs = objsOf(r.re, mk, m)
	attrs := x.ruleAttrs(d, mk, r, m)
	alleged := r.always || (r.alleged && allegedRe.MatchString(d.sents[si].text))
	for _, s := range subs {
		for _, o := range objs {
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
	return objs
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
	for _, cut := range []string{" according to ", " — ", " – ", "; ", ". ", "“", "\"", " and accus", " and alleg", ", a claim"} {
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	s = strings.TrimRight(strings.TrimSpace(s), ".,;:")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160])
	}
	return s
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
	d.rels = append(d.rels, graph.Relation{Subject: graph.Slug(d.ents[se].name), Predicate: p, Object: graph.Slug(d.ents[oe].name), Evidence: []graph.Evidence{ev}})
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

var locChain = regexp.MustCompile(`‹L(\d+)›(?: state| province)?, ‹([LC])(\d+)›(?: state| province)?(?:, ‹C(\d+)›)?`)

// locationChains: "Culiacan, Sinaloa state, Mexico" puts the city in the state
// and the state in the country, when the gazetteer does not say otherwise.
func (x *Extractor) locationChains(d *doc, si int, mk *masked) {
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
	designVerb  = regexp.MustCompile(`\b(?:designat\w*|label(?:l)?ed|labels|listed|lists|added|adds|reclassif\w*|classif\w*|declared|declares|branded|brands|named|names)\b`)
	designTerm  = regexp.MustCompile(`terror|\bftos?\b|\bsdgts?\b|narco-?terror`)
	passiveDes  = regexp.MustCompile(`\b(?:was|were|been|be|being|is|are)\s+(?:\w+ )?(?:designated|added|listed|labeled|labelled|classified|reclassified|named|included)\b`)
	listCont    = regexp.MustCompile(`^(?:this|the|that) list (?:includes|included|comprises|covers|named)|^(?:they|these|those) (?:include|included|are)\b|^among them\b|(?:added|included) (?:to|in|on) (?:the|that|this) (?:list|designation)`)
	designLabel = regexp.MustCompile(`\b(?:as )?(?:an? )?((?:specially designated )?(?:foreign |global |international )?(?:narco-?)?terroris[tm]\w*(?: (?:organizations?|entities|entity|groups?))?|ftos?|sdgts?)`)
)

// designations: "the White House designated A, B and C as foreign terrorist
// organizations" gives one DESIGNATED fact per group, each with its own date.
func (x *Extractor) designations(d *doc, si int, mk *masked, ws *sentWords) {
	term := guarded(ws, []string{"terror", "narco", "fto", "sdgt"})
	cont := listStart(mk.lower) || strings.Contains(mk.lower, " list") && listCont.MatchString(mk.lower)
	if !term && !cont {
		return
	}
	var v []int
	if term {
		v = designVerb.FindStringIndex(mk.lower)
	}
	if !cont && (v == nil || !designTerm.MatchString(mk.lower)) {
		return
	}
	label := ""
	if m := designLabel.FindStringSubmatch(mk.lower); m != nil {
		label = normalDesignation(m[1])
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
	if subject < 0 && d.home != "" && v != nil {
		subject = d.entity(d.home, graph.Country, x.lx.countryEntry[d.home])
	}
	if subject < 0 {
		return
	}
	subject = x.stateOf(d, subject)
	found := false
	for _, sl := range mk.slots {
		if sl.letter != 'G' || sl.inQuote {
			continue
		}
		// "in the same category as al-Qaeda": a comparison, not a designation
		before := strings.ToLower(mk.s[max(0, sl.at-30):sl.at])
		if strings.Contains(before, "category as") || strings.Contains(before, "such as") && !strings.Contains(before, "including") || strings.Contains(before, "like ") {
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
	return at, !prepositions[lastWordOf(before)]
}

// agentBefore returns the entity of the nearest actor before byte pos of the
// masked sentence that can be the subject of a verb there, or -1.
func (x *Extractor) agentBefore(d *doc, mk *masked, pos int) int {
	best := -1
	for i := range mk.slots {
		if at, ok := x.actorOK(mk, i); ok && at < pos {
			best = x.slotEnt(d, mk, i)
		}
	}
	return best
}

// subjectBefore returns the first slot of the given letters in the clause that
// ends at byte pos, that can be a subject: for "Los Lobos, a faction of Los
// Choneros, operates in", Los Lobos.
func (x *Extractor) subjectBefore(d *doc, mk *masked, pos int, letters string) int {
	if letters == "PCA" {
		return x.agentBefore(d, mk, pos)
	}
	for i := range mk.slots {
		if at, ok := x.subjectOK(mk, i, letters); ok && at < pos {
			return x.slotEnt(d, mk, i)
		}
	}
	return -1
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
	f := strings.Fields(strings.ToLower(s))
	for len(f) > 0 && (f[len(f)-1] == "the" || f[len(f)-1] == "a" || f[len(f)-1] == "an") {
		f = f[:len(f)-1]
	}
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[len(f)-1], ",.;:\"'()")
}

var rewardRe = regexp.MustCompile(`\b(?:reward|bounty|rewards)\b`)

// rewards: "Washington announced a $50 million reward for information leading
// to the capture of ‹P›".
func (x *Extractor) rewards(d *doc, si int, mk *masked, ws *sentWords) {
	if !guarded(ws, []string{"reward", "bount"}) {
		return
	}
	loc := rewardRe.FindStringIndex(mk.lower)
	if loc == nil {
		return
	}
	subject := x.agentBefore(d, mk, loc[0])
	if subject < 0 {
		return
	}
	subject = x.stateOf(d, subject)
	for _, k := range mk.slotsIn(loc[1], len(mk.s)) {
		if mk.slots[k].letter != 'P' {
			continue
		}
		attrs := map[string]string{}
		if a := amountRe.FindAllString(d.sents[si].text, -1); len(a) > 0 {
			attrs[graph.AttrAmount] = strings.TrimSpace(a[len(a)-1])
			if len(a) > 1 {
				attrs[graph.AttrAmount] = strings.TrimSpace(nearestAmount(d.sents[si].text, a, loc[0]))
			}
		}
		x.addFact(d, si, subject, graph.OfferedReward, mk.slots[k].ent, 0.85, false, attrs, "", mk.slots[k].start)
		return
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
	coopRe    = regexp.MustCompile(`\b(?:cooperat\w*|co-operat\w*|coordinat\w*|collaborat\w*|intelligence[- ]sharing|shar\w* intelligence|working group|joint (?:statement|operations?|strategy|patrols?|task force|front|security|efforts?)|(?:security|bilateral|cooperation) (?:agreement|pact|deal)|(?:sign\w*|reach\w*|struck|strike) (?:an? |the )?(?:[\w-]+ )?(?:agreement|accord|pact|deal)|shar\w* (?:information|evidence|data)|partnership|work(?:ed|ing)? together|teamed up)\b`)
	coopNeg   = regexp.MustCompile(`\b(?:no|not|never|refus\w*|end\w*|suspend\w*|halt\w*|without)\b(?:\s+\w+){0,2}\s+(?:cooperat|collaborat|coordinat)`)
	twoStates = regexp.MustCompile(`\b(?:the two countries|both countries|the two nations|both nations|both governments|the two governments|both sides)\b`)
)

// cooperation: two actors of different countries in a sentence about
// cooperation, coordination or a joint effort cooperate.
func (x *Extractor) cooperation(d *doc, si int, mk *masked, ws *sentWords) {
	if !guarded(ws, []string{"cooperat", "co-operat", "coordinat", "collaborat", "intelligence", "working", "joint", "agreement", "pact", "deal", "partnership", "together", "teamed"}) ||
		!coopRe.MatchString(mk.lower) || coopNeg.MatchString(mk.lower) {
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
		rest := mk.s[sl.to:]
		if strings.HasPrefix(rest, "'s ") && strings.Contains(rest[:min(len(rest), 40)], "‹A") {
			continue // "Mexico's ‹A›": the body acts
		}
		if sl.letter == 'D' && !(strings.HasPrefix(rest, " and ") || strings.HasPrefix(rest, "-")) {
			continue
		}
		add(x.slotEnt(d, mk, i))
	}
	if len(order) < 2 {
		return
	}
	a, b := byCountry[order[0]], byCountry[order[1]]
	x.addFact(d, si, a, graph.CooperatesWith, b, 0.7, false, nil, "", d.sents[si].start)
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
	opposeRe      = regexp.MustCompile(`\b(?:reject\w*|oppos\w*|condemn\w*|denounc\w*|dismiss\w*|criticiz\w*|criticis\w*|protest\w*|rebuk\w*|slamm?\w*|refus\w*|(?:will|would|does|did|do|could) not (?:allow|accept|permit|tolerate)|no (?:invasion|intervention|foreign)|unacceptable|red line)`)
	rejectedThing = regexp.MustCompile(`^\w* (?:the|these|those|this|that|its|their) (?:\w+ )?(?:announcement|decision|designation|accusations?|claims?|move|measures?|sanctions|charges|allegations|report|statement|plan|proposal|policy|reward|decertification|order)\b`)
	echoRe        = regexp.MustCompile(`\b(?:echo(?:ed|es)?|shared|backed|repeated) (?:her|his|their|‹p\d+›'s) (?:stance|position|view|rejection|criticism|opposition|message)`)
)

// opposition: an actor rejects, opposes or condemns a country, a body or a policy.
func (x *Extractor) opposition(d *doc, si int, mk *masked, ws *sentWords) {
	if !guarded(ws, []string{"reject", "oppos", "condemn", "denounc", "dismiss", "critici", "protest", "rebuk", "slam", "refus", "unacceptable", "echo", "shared", "backed", "repeated"}) &&
		!(ws.has("not") && guarded(ws, []string{"allow", "accept", "permit", "tolerat"})) &&
		!(ws.has("no") && guarded(ws, []string{"invasion", "intervention", "foreign"})) &&
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
	locs := opposeRe.FindAllStringIndex(mk.lower, -1)
	for _, loc := range locs {
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
			if main := x.mainSubject(d, mk); main >= 0 && len(subjects) > 0 && main != subjects[0] && d.ents[main].typ == graph.Person && strings.Contains(mk.s[:loc[0]], " that ") {
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

// quoteAt reports whether byte i of s lies inside straight quotes.
func quoteAt(s string, i int) bool {
	return strings.Count(s[:i], `"`)%2 == 1
}
