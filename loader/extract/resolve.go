package extract

import (
	"sort"
	"strings"
	"unicode"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Nouns before "of X" that make X a place: "the Artibonite town of Savien".
var townNouns = map[string]bool{"town": true, "city": true, "village": true, "municipality": true,
	"community": true, "province": true, "department": true, "region": true, "port": true, "state": true,
	"island": true, "district": true, "neighborhood": true, "neighbourhood": true, "suburb": true}

// Words that make a "Center" a place of detention.
var prisonWords = map[string]bool{"confinement": true, "detention": true, "correctional": true,
	"penitentiary": true, "prison": true, "rehabilitation": true, "internment": true}

// Plural and collective nouns that end names of things, never of people.
var notPersonHeads = map[string]bool{"organizations": true, "organisations": true, "entities": true,
	"groups": true, "cartels": true, "gangs": true, "forces": true, "nations": true, "states": true,
	"islands": true, "affairs": true, "services": true, "relations": true, "rights": true,
	"nationals": true, "terrorists": true, "traffickers": true, "members": true}

// titleComplement reports whether the name at token t0 of sentence si
// completes a title: "Under Secretary for ‹Terrorism and Financial Intelligence›",
// "Minister of ‹Public Security›".
func (x *Extractor) titleComplement(d *doc, si, t0 int) bool {
	toks := d.sents[si].tokens
	q := t0 - 1
	// over the words of the complement before the name: "for Terrorism and"
	for k := 0; q > 0 && k < 6 && (toks[q].key == "and" || toks[q].text == "," || toks[q].kind == tWord && toks[q].cap() && unknownAt(d.sentMentions[si], q)); k++ {
		q--
	}
	if q < 1 || (toks[q].key != "for" && toks[q].key != "of") {
		return false
	}
	tm := mentionEndingAt(d.sentMentions[si], q)
	if tm == nil || tm.kind != mTitle {
		return false
	}
	// a minister's or a secretary's portfolio ("Director of the FBI" names a
	// body the gazetteer knows, "leader of Los Cuinis" a group)
	name := strings.ToLower(x.lx.gaz.Titles[tm.title].Name)
	return strings.Contains(name, "secretary") || strings.Contains(name, "minister")
}

// international reports whether the words after token i (a dozen) call the
// name before them international: "…, a multinational deployment".
func (x *Extractor) international(toks []token, i int) bool {
	for q := i; q < len(toks) && q < i+16; q++ {
		switch toks[q].key {
		case "international", "multinational", "un-backed", "un-authorized", "un-authorised", "un-mandated":
			return true
		}
	}
	return false
}

// surnameBefore reports whether name ends the name of a person mentioned in a
// sentence before si.
func (d *doc) surnameBefore(si int, name string) bool {
	// the tails of the names of the people typed so far, sentence by sentence
	for ; d.tailsUpTo < si; d.tailsUpTo++ {
		for _, m := range d.sentMentions[d.tailsUpTo] {
			if m.kind != mEntity || m.typ != graph.Person {
				continue
			}
			if d.personTails == nil {
				d.personTails = map[string]bool{}
			}
			for i := 0; i < len(m.name); i++ {
				if m.name[i] == ' ' {
					d.personTails[m.name[i+1:]] = true
				}
			}
		}
	}
	return d.personTails[name]
}

// unknownAt reports whether token q is in no mention or in an untyped name.
func unknownAt(ms []mention, q int) bool {
	for _, m := range ms {
		if m.t0 <= q && q < m.t1 {
			return m.kind == mName
		}
	}
	return true
}

// apposPersonNouns are lower-case nouns of an appositive that say a name is a person's: "X, a
// Chinese national".
var apposPersonNouns = map[string]bool{"national": true, "citizen": true, "businessman": true, "businesswoman": true,
	"man": true, "woman": true, "trafficker": true, "smuggler": true, "accountant": true, "lawyer": true,
	"attorney": true, "pilot": true, "farmer": true, "broker": true, "financier": true, "launderer": true,
	"hitman": true, "kingpin": true, "fugitive": true, "journalist": true, "activist": true, "resident": true}

// Lower-case nouns after a name that say it is a place: "Sinaloa state", "the Centre department".
var placeNouns = map[string]bool{"state": true, "province": true, "department": true, "departments": true,
	"provinces": true, "states": true, "region": true, "municipality": true, "parish": true, "county": true}

// Lower-case nouns after a name that say it is a criminal group: "the G9 federation".
var groupNouns = map[string]bool{"cartel": true, "gang": true, "faction": true, "federation": true,
	"militia": true, "clan": true, "mafia": true, "syndicate": true}

// Words after a name that make "the X administration" a reference to X's government.
var governmentWords = map[string]bool{"administration": true, "administrations": true, "government": true, "governments": true}

// Lower-case role nouns that, before "at" or "of", show that the name after is an organisation.
var roleNouns = map[string]bool{
	"lead": true, "member": true, "partner": true, "editor": true, "correspondent": true,
	"economist": true, "lawyer": true, "expert": true, "scholar": true, "associate": true,
	"executive": true, "director": true, "fellow": true, "professor": true, "researcher": true,
	"analyst": true, "founder": true, "co": true, "head": true, "chief": true, "president": true,
	"chairman": true, "chair": true, "adviser": true, "advisor": true, "consultant": true,
	"manager": true, "coordinator": true, "investigator": true, "specialist": true, "officer": true,
	"spokesperson": true, "spokesman": true, "spokeswoman": true, "reporter": true, "lecturer": true,
}

// typeNames gives a type to the capitalised names the gazetteer does not know,
// from their words and their context.
func (x *Extractor) typeNames(d *doc) {
	x.compounds(d)
	for si := range d.sents {
		s := &d.sents[si]
		toks := s.tokens
		ms := d.sentMentions[si]
		var extra []mention
		for k := range ms {
			m := &ms[k]
			if m.kind != mName {
				continue
			}
			t, name := x.typeOf(d, si, k)
			if t == "" {
				continue
			}
			m.kind, m.typ = mEntity, t
			if name != "" {
				m.name = name
			}
		}
		// "X and Y administrations": both are people.
		for k := range ms {
			m := &ms[k]
			if m.kind != mName || m.t1+3 >= len(toks) || toks[m.t1].key != "and" {
				continue
			}
			for q := k + 1; q < len(ms); q++ {
				if ms[q].t0 == m.t1+1 && ms[q].t1 < len(toks) && governmentWords[toks[ms[q].t1].key] {
					m.kind, m.typ = mEntity, graph.Person
					if ms[q].kind == mName {
						ms[q].kind, ms[q].typ = mEntity, graph.Person
					}
				}
			}
		}
		d.sentMentions[si] = append(ms, extra...)
		sortMentions(d.sentMentions[si])
	}
	x.nameLines(d)
}

// typeOf returns the type of the name mention k of sentence si, and its canonical
// form when it differs from the surface, or "" when nothing says what it is.
func (x *Extractor) typeOf(d *doc, si, k int) (graph.Type, string) {
	s := &d.sents[si]
	toks := s.tokens
	m := &d.sentMentions[si][k]
	all := toks[m.t0:m.t1]
	var words []token
	for _, w := range all {
		if w.kind == tWord {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return "", ""
	}
	first, last := words[0].key, words[len(words)-1].key
	prev, prev2 := "", ""
	if m.t0 > 0 {
		prev = toks[m.t0-1].key
		if prev == "the" && m.t0 > 1 {
			prev = toks[m.t0-2].key
			if m.t0 > 2 {
				prev2 = toks[m.t0-3].key
			}
		} else if m.t0 > 1 {
			prev2 = toks[m.t0-2].key
		}
	}
	next := ""
	if m.t1 < len(toks) {
		next = toks[m.t1].key
	}
	if s.heading {
		return "", ""
	}
	// "Under Secretary for Terrorism and Financial Intelligence", "Minister of
	// Public Security": the complement of a title is part of it, no entity
	if x.titleComplement(d, si, m.t0) {
		return "", ""
	}
	// Executive Order 14157, Resolution 2793, Executive Decree 111
	if len(words) >= 2 && words[len(words)-1].digit() && isOrderWord(words[len(words)-2].key) {
		return graph.Policy, ""
	}
	single := len(words) == 1
	// acronyms are resolved against the names they abbreviate, or typed by their context
	if single && words[0].upper() && !(next == "state" || next == "party") {
		if x.orgContext(d, si, m, prev, prev2, next) {
			return graph.Organization, ""
		}
		return "", ""
	}
	// a short line on its own ("World News") is a label, not a name
	if s.whole && m.t0 == 0 && m.t1 == len(toks) && len(words) <= 3 && x.lx.given[first] == 0 {
		return "", ""
	}
	// a detention centre is a place: "the Terrorism Confinement Center"
	if (last == "center" || last == "centre" || last == "facility" || last == "complex") && anyKey(words, prisonWords) {
		return graph.Location, ""
	}
	// the head of "Framework for Security" is "Framework"
	for i, w := range words {
		if i > 0 && (w.key == "of" || w.key == "for" || w.key == "on" || w.key == "de" || w.key == "del") {
			if _, ok := headTypes[words[i-1].key]; ok {
				last = words[i-1].key
			}
			break
		}
	}
	// "the Rasta City gang": a group noun after the name says what it is,
	// whatever its head word; so does a group's possessive before it ("the
	// cartel's Scorpions Group")
	if groupNouns[next] && next != "federation" && m.t1+1 < len(toks) && !toks[m.t1+1].cap() && toks[m.t1+1].kind != tPoss {
		return graph.CriminalGroup, ""
	}
	if m.t0 >= 2 && toks[m.t0-1].kind == tPoss && (groupNouns[toks[m.t0-2].key] || toks[m.t0-2].key == "group") && !toks[m.t0-2].cap() && !anyKey(words, agencyGroupCues) {
		if t, ok := headTypes[last]; !ok || t == graph.Organization || t == graph.CriminalGroup {
			return graph.CriminalGroup, ""
		}
	}
	if t, ok := headTypes[last]; ok && !single {
		switch {
		case (last == "force" || last == "mission") && x.international(toks, m.t1):
			// "a Gang Suppression Force (GSF), ... an international
			// deployment": a body of several states, no government's
			return graph.Organization, ""
		case last == "group" && anyKey(words, agencyGroupCues):
			return graph.Agency, ""
		case last == "administration" || last == "government":
			return "", ""
		case t == graph.Agency && x.lx.given[first] != 0 && len(words) == 2:
			// "Jane Army" is not a ministry
		default:
			return t, ""
		}
	}
	if t, ok := firstTypes[first]; ok && !single {
		if first == "executive" || first == "operation" {
			return "", ""
		}
		return t, ""
	}
	if placeNouns[next] && (m.t1+1 >= len(toks) || !toks[m.t1+1].cap()) && len(words) <= 3 {
		return graph.Location, ""
	}
	// "the Artibonite and Centre departments"
	if next == "and" && m.t1+2 < len(toks) && toks[m.t1+1].cap() && len(words) <= 2 {
		q := m.t1 + 1
		for q < len(toks) && toks[q].kind == tWord && toks[q].cap() {
			q++
		}
		if q < len(toks) && placeNouns[toks[q].key] && strings.HasSuffix(toks[q].key, "s") {
			return graph.Location, ""
		}
	}
	if next == "party" {
		return graph.Organization, ""
	}
	if groupNouns[next] {
		return graph.CriminalGroup, ""
	}
	// "a gang known as Los Injertos", "a faction called La Línea"
	if (prev == "as" && prev2 == "known" || prev == "called" || prev == "named") && len(words) <= 6 {
		for q := m.t0 - 2; q >= 0 && q >= m.t0-5; q-- {
			if t, ok := orgNouns[toks[q].key]; ok && toks[q].kind == tWord && !toks[q].cap() {
				return t, ""
			}
		}
	}
	// "the Artibonite town of Savien", "the port city of Manta": a place
	if prev == "of" && townNouns[prev2] && len(words) <= 5 {
		return graph.Location, ""
	}
	// titles and honorifics before a name
	if m.t0 > 0 {
		if pm := mentionEndingAt(d.sentMentions[si], m.t0); pm != nil && pm.kind == mTitle && len(words) <= 4 {
			return graph.Person, personName(all, x)
		}
		// "the group's leader, Jane Doe", "Russia's ambassador to the UN, Jane Doe"
		if toks[m.t0-1].text == "," && m.t0 > 1 && len(words) <= 4 && len(words) >= 2 && !isHeadWord(last) {
			pm := mentionEndingAt(d.sentMentions[si], m.t0-1)
			if pm != nil && pm.kind == mTitle {
				return graph.Person, personName(all, x)
			}
			if pm != nil && pm.kind == mEntity && pm.t0 >= 2 {
				q := pm.t0 - 1
				if toks[q].key == "the" && q > 0 {
					q--
				}
				if k := toks[q].key; (k == "to" || k == "of" || k == "for" || k == "at") && q > 0 {
					if tm := mentionEndingAt(d.sentMentions[si], q); tm != nil && tm.kind == mTitle {
						return graph.Person, personName(all, x)
					}
				}
			}
		}
		// "led by Jane Doe"
		if (prev == "by" && (prev2 == "led" || prev2 == "headed" || prev2 == "founded" || prev2 == "run")) && len(words) >= 2 && len(words) <= 4 {
			return graph.Person, personName(all, x)
		}
		if personPrefixes[toks[m.t0-1].key] || (toks[m.t0-1].text == "." && m.t0 > 1 && personPrefixes[toks[m.t0-2].key]) {
			return graph.Person, personName(all, x)
		}
	}
	if x.lx.given[first] != 0 && len(words) >= 2 && len(words) <= 5 {
		return graph.Person, personName(all, x)
	}
	if speechVerbsAfterName[next] && len(words) >= 2 && len(words) <= 3 {
		return graph.Person, personName(all, x)
	}
	// "Jane Doe, who ...", "Jane Doe, is a Salvadoran who ..."
	if next == "," && len(words) >= 2 && len(words) <= 4 && m.t1+1 < len(toks) && !isHeadWord(last) && !notPersonHeads[last] {
		k := toks[m.t1+1].key
		if k == "who" || k == "whose" || k == "whom" {
			return graph.Person, personName(all, x)
		}
		if (k == "is" || k == "was") && m.t1+3 < len(toks) && (toks[m.t1+2].key == "a" || toks[m.t1+2].key == "an") {
			for _, n := range d.sentMentions[si] {
				if n.t0 == m.t1+3 && n.kind == mDemonym && (n.t1 >= len(toks) || !toks[n.t1].cap()) {
					return graph.Person, personName(all, x)
				}
			}
		}
	}
	// "Jane Doe, a leader of ...", "Jane Doe, alias ..." (not "... as X, a step")
	if next == "," && len(words) >= 2 && len(words) <= 4 && m.t1+1 < len(toks) && !isHeadWord(last) && !notPersonHeads[last] && prev != "as" {
		q := m.t1 + 1
		if k := toks[q].key; k == "a" || k == "an" || k == "the" || k == "former" {
			q++
		}
		for _, n := range d.sentMentions[si] {
			if n.t0 == q && (n.kind == mDemonym || n.kind == mEntity && n.gaz >= 0) {
				q = n.t1
				if q < len(toks) && toks[q].kind == tPoss {
					q++
				}
			}
		}
		for q < len(toks) && q < m.t1+6 && toks[q].kind == tWord && !toks[q].cap() && !isTitleAt(d.sentMentions[si], q) {
			// "Zhi Dong Zhang, a Chinese national", "X, a Honduran businessman"
			if apposPersonNouns[toks[q].key] && (q+1 >= len(toks) || toks[q+1].kind != tWord || toks[q+1].cap() || toks[q+1].key == "known" || toks[q+1].key == "who" || toks[q+1].key == "based" || toks[q+1].key == "accused") {
				return graph.Person, personName(all, x)
			}
			q++
		}
		if isTitleAt(d.sentMentions[si], q) {
			return graph.Person, personName(all, x)
		}
		if k := toks[m.t1+1].key; k == "alias" || k == "aka" || k == "nicknamed" || k == "dubbed" ||
			k == "known" && m.t1+2 < len(toks) && toks[m.t1+2].key == "as" {
			return graph.Person, personName(all, x)
		}
	}
	// "X, a faction of the Y cartel": a criminal group
	if next == "," && m.t1+3 < len(toks) {
		for q := m.t1 + 1; q < len(toks) && q < m.t1+6; q++ {
			if k := toks[q].key; k == "faction" || k == "arm" || k == "cell" || k == "wing" || k == "offshoot" || k == "splinter" {
				return graph.CriminalGroup, ""
			}
			if toks[q].text == "," {
				break
			}
		}
		// "X, a trafficking clan based in Y", "X, a prison gang": the head
		// noun of the appositive, before any "of" ("a member of the gang")
		if k := toks[m.t1+1].key; k == "a" || k == "an" {
			for q := m.t1 + 2; q < len(toks) && q < m.t1+6; q++ {
				k := toks[q].key
				if groupNouns[k] && k != "federation" {
					return graph.CriminalGroup, ""
				}
				if toks[q].kind != tWord || toks[q].cap() || k == "of" || k == "who" || k == "that" || k == "for" {
					break
				}
			}
		}
	}
	if governmentWords[next] && (prev == "the" || m.t0 > 0 && toks[m.t0-1].key == "the") && len(words) <= 3 {
		return graph.Person, ""
	}
	if t, ok := orgNouns[prevLower(toks, m.t0)]; ok {
		return t, ""
	}
	// the surname of a person named before ("According to Perez Vela") is
	// left to resolution
	if d.surnameBefore(si, m.name) {
		return "", ""
	}
	if x.orgContext(d, si, m, prev, prev2, next) {
		return graph.Organization, ""
	}
	// "a prison in Tecoluca": one unknown word after a place preposition
	if single && m.t0 > 0 && (toks[m.t0-1].key == "in" || toks[m.t0-1].key == "near" || toks[m.t0-1].key == "outside") &&
		x.lx.given[first] == 0 && !strings.HasSuffix(first, "ian") && !strings.HasSuffix(first, "ese") && !strings.HasSuffix(first, "ish") &&
		(next == "" || next == "." || next == "," || next == "and" || next == ";") && m.t0 > 1 && !toks[m.t0-2].cap() {
		if _, known := x.lx.aliasEntry[first]; !known {
			return graph.Location, ""
		}
	}
	return "", ""
}

// orgContext reports whether the context of name mention m says it is an
// organisation: "according to X", "an interview with X", "X, a research
// institution", "a fellow at X", "director of X", "Jane Doe of X".
func (x *Extractor) orgContext(d *doc, si int, m *mention, prev, prev2, next string) bool {
	toks := d.sents[si].tokens
	if orgNouns[prevLower(toks, m.t0)] == graph.Organization {
		return true
	}
	if (prev == "to" && prev2 == "according") || (prev == "with" && prev2 == "interview") || prev == "by" && (prev2 == "reported" || prev2 == "reports" || prev2 == "report") {
		return true
	}
	// ", a Bogota-based research institution"
	if next == "," && m.t1+1 < len(toks) && (toks[m.t1+1].key == "a" || toks[m.t1+1].key == "an") {
		for q := m.t1 + 2; q < len(toks) && q < m.t1+9; q++ {
			if toks[q].text == "," || toks[q].text == "." {
				break
			}
			if apposOrgNouns[toks[q].key] {
				return true
			}
		}
	}
	// "... is a fellow at X", "director of X"
	if prev == "at" || prev == "of" || prev == "with" {
		at := m.t0 - 1
		if toks[at].key == "the" {
			at--
		}
		for q := at - 1; q >= 0 && q >= at-6; q-- {
			if roleNouns[toks[q].key] || (mentionEndingAt(d.sentMentions[si], q+1) != nil && mentionEndingAt(d.sentMentions[si], q+1).kind == mTitle) {
				return true
			}
			if toks[q].text == "," || toks[q].text == "." || toks[q].cap() {
				break
			}
		}
		// "Jane Doe of X said"
		if prev == "of" && at > 0 {
			if pm := mentionEndingAt(d.sentMentions[si], at); pm != nil && (pm.typ == graph.Person || pm.kind == mName && x.lx.given[toks[pm.t0].key] != 0) {
				return true
			}
		}
	}
	return false
}

func isTitleAt(ms []mention, t int) bool {
	for _, n := range ms {
		if n.t0 == t && n.kind == mTitle {
			return true
		}
	}
	return false
}

// prevLower returns the lower-case word before token i, or "".
func prevLower(toks []token, i int) string {
	if i == 0 || toks[i-1].kind != tWord || toks[i-1].cap() {
		return ""
	}
	return toks[i-1].key
}

func anyKey(words []token, set map[string]bool) bool {
	for _, w := range words {
		if set[w.key] {
			return true
		}
	}
	return false
}

// mentionEndingAt returns the mention whose last token is i-1.
func mentionEndingAt(ms []mention, i int) *mention {
	for k := range ms {
		if ms[k].t1 == i {
			return &ms[k]
		}
	}
	return nil
}

// personName returns the canonical form of a person's name: a nickname inside
// it ("Joaquín El Chapo Guzmán") left out; "" when the surface is canonical.
func personName(all []token, x *Extractor) string {
	var words []token
	quoted, inq := false, false
	for _, w := range all {
		switch {
		case w.text == "\"" || w.text == "“" || w.text == "”":
			quoted, inq = true, !inq
		case w.kind == tWord && !inq:
			words = append(words, w)
		}
	}
	if quoted {
		var keep []string
		for _, w := range words {
			keep = append(keep, w.text)
		}
		return strings.Join(keep, " ")
	}
	if len(words) >= 4 {
		for i := 1; i+2 < len(words); i++ {
			if (words[i].key == "el" || words[i].key == "la") && words[i].text != "la" {
				var keep []string
				for j, w := range words {
					if j != i && j != i+1 {
						keep = append(keep, w.text)
					}
				}
				return strings.Join(keep, " ")
			}
		}
	}
	return ""
}

// nameLines types the names that stand alone on a line when the next line
// begins with their surname ("Jane Doe" / "Doe is a fellow at ..."), the layout
// of contributors' notes.
func (x *Extractor) nameLines(d *doc) {
	for si := range d.sents {
		s := &d.sents[si]
		ms := d.sentMentions[si]
		if !s.whole || len(ms) != 1 || ms[0].kind != mName || ms[0].t0 != 0 || ms[0].t1 != len(s.tokens) {
			continue
		}
		n := ms[0].t1 - ms[0].t0
		if n < 2 || n > 4 || si+1 >= len(d.sents) {
			continue
		}
		next := d.sents[si+1].text
		for q := 1; q < n; q++ {
			last := d.text[s.tokens[q].start:s.tokens[len(s.tokens)-1].end]
			if strings.HasPrefix(next, last+" ") || strings.HasPrefix(next, last+"'s") || strings.HasPrefix(next, last+"’s") {
				ms[0].kind, ms[0].typ = mEntity, graph.Person
				break
			}
		}
	}
}

// resolve links every mention to a document entity.
func (x *Extractor) resolve(d *doc) {
	d.home = x.mainCountry(d)
	// full names of people first, so that surnames can find them: the longest
	// names (and those with a nickname) first, so that "García Harfuch" and
	// "El Chapo" find "Omar García Harfuch" and Joaquín "El Chapo" Guzmán
	byKey := map[string]int{}
	surname := map[string]int{}
	var people []*mention
	for si := range d.sentMentions {
		for k := range d.sentMentions[si] {
			if m := &d.sentMentions[si][k]; m.kind == mEntity && m.typ == graph.Person {
				people = append(people, m)
			}
		}
	}
	nwords := func(m *mention) int {
		n := len(strings.Fields(m.name))
		if len(m.nick) > 0 {
			n += 10
		}
		return n
	}
	sort.SliceStable(people, func(a, b int) bool { return nwords(people[a]) > nwords(people[b]) })
	for _, m := range people {
		words := strings.Fields(m.name)
		key := graph.Key(m.name)
		if i, ok := byKey[key]; ok {
			m.ent = i
			continue
		}
		if i, ok := surname[key]; ok && i >= 0 {
			m.ent = i
			continue
		}
		i := d.entity(m.name, graph.Person, -1)
		m.ent = i
		byKey[key] = i
		if len(words) >= 2 {
			var keys []string
			for n := 1; n < len(words); n++ {
				keys = append(keys, graph.Key(strings.Join(words[len(words)-n:], " ")))
			}
			// Spanish names: the father's surname is the second to last ("Oseguera")
			if len(words) >= 3 {
				keys = append(keys, graph.Key(words[len(words)-2]))
			}
			for _, k := range keys {
				if old, ok := surname[k]; ok && old != i {
					surname[k] = -1
				} else {
					surname[k] = i
				}
			}
		}
		if len(m.nick) > 0 {
			byKey[graph.Key(strings.Join(m.nick, " "))] = i
			d.addAlias(i, strings.Join(m.nick, " "))
		}
	}
	for k, i := range surname {
		if i >= 0 {
			byKey[k] = i
		}
	}
	// people known by one word merge into the full name
	for si := range d.sentMentions {
		for k := range d.sentMentions[si] {
			m := &d.sentMentions[si][k]
			if m.kind == mEntity && m.typ == graph.Person && len(strings.Fields(m.name)) == 1 {
				if i, ok := surname[graph.Key(m.name)]; ok && i >= 0 {
					m.ent = i
				}
			}
		}
	}
	for _, e := range d.ents {
		if e.typ == graph.Person {
			e.gender = x.lx.given[graph.Key(strings.Fields(e.name)[0])]
		}
	}
	x.groupsInLists(d)
	// everything else, in reading order
	var lastPerson []int // person ents in order of mention
	for si := range d.sents {
		toks := d.sents[si].tokens
		ms := d.sentMentions[si]
		for k := range ms {
			m := &ms[k]
			switch {
			case m.kind == mEntity && m.ent >= 0 && m.typ != graph.Person:
				// resolved already: "Name (ALIAS)" gave the alias its name's entity
			case m.kind == mEntity && m.body:
				x.resolveBody(d, si, k)
			case m.kind == mEntity && m.gaz >= 0 && m.t1-m.t0 == 1 && (m.typ == graph.Location || m.typ == graph.Country) && personSurname(surname, m, toks):
				// "Guerrero escaped": the surname of a person named before,
				// not the state of Guerrero
				m.ent, m.typ, m.gaz = surname[graph.Key(m.name)], graph.Person, -1
			case m.kind == mEntity && m.gaz >= 0:
				e := &x.lx.gaz.Entries[m.gaz]
				m.ent = d.entityKey(e.Name, x.lx.keys[m.gaz], e.Type, m.gaz)
			case m.kind == mEntity && m.typ == graph.Person:
				// done above
			case m.kind == mEntity && m.typ == graph.Agency:
				// "Mexico's Security Cabinet": a body of the country before it
				if c := x.qualifier(d, si, k); c != "" && !m.qualified {
					m.qualified, m.country = true, c
					if p := &ms[k-1]; k > 0 && p.t1 == m.t0 && p.kind == mEntity && p.typ == graph.Country {
						// "U.S. District Court for ...", "Canada Revenue Agency": one
						// name, the country's mention part of it
						name := surfaceOf(d.text, toks, p.t0, m.t1)
						m.ent = d.entity(name, graph.Agency, -1)
						m.t0 = p.t0
						m.surface = name
						p.t1 = p.t0 // absorbed: dropped below
					} else {
						m.ent = d.entity(c+"'s "+m.surface, graph.Agency, -1)
						d.addAlias(m.ent, c+"'s "+m.surface)
					}
				} else {
					m.ent = d.entity(m.name, m.typ, -1)
				}
				d.ents[m.ent].country = m.country
			case m.kind == mEntity:
				m.ent = d.entity(m.name, m.typ, -1)
			case m.kind == mName:
				m.ent = x.lookupName(d, m, byKey, surname)
				if m.ent >= 0 {
					m.kind, m.typ = mEntity, d.ents[m.ent].typ
				}
			}
			if m.kind == mEntity && m.ent >= 0 {
				d.ents[m.ent].count++
				d.addAlias(m.ent, m.surface)
				if d.ents[m.ent].typ == graph.Person {
					lastPerson = append(lastPerson, m.ent)
				}
				x.parenAlias(d, si, k)
			}
		}
		// mentions absorbed into a longer name
		for k := range ms {
			if ms[k].t1 <= ms[k].t0 {
				kept := ms[:0]
				for _, m := range ms {
					if m.t1 > m.t0 {
						kept = append(kept, m)
					}
				}
				d.sentMentions[si] = kept
				break
			}
		}
		// "It" or "Its" opening a sentence: the subject of the sentence before,
		// when that is a group, a body, an organisation or an instrument
		if len(toks) > 1 && (toks[0].key == "it" || toks[0].key == "its") && si > 0 {
			if e := d.subjectEnt(si - 1); e >= 0 && d.ents[e].typ != graph.Person && d.ents[e].typ != graph.Country && d.ents[e].typ != graph.Location {
				d.sentMentions[si] = append(d.sentMentions[si], mention{sent: si, t0: 0, t1: 1, kind: mPronoun,
					typ: d.ents[e].typ, ent: e, gaz: -1, surface: toks[0].text, name: toks[0].text})
			}
		}
		// pronouns in subject position
		for ti, t := range toks {
			if len(t.key) < 2 || len(t.key) > 3 || t.key[0] != 'h' && t.key[0] != 's' || t.key != "he" && t.key != "she" && t.key != "him" && t.key != "his" {
				continue
			}
			// "his arrest": a possessive before a noun of what befalls a person
			if t.key == "his" && (ti+1 >= len(toks) || !personNouns[toks[ti+1].key]) {
				continue
			}
			want := byte('m')
			if t.key == "she" {
				want = 'f'
			}
			for q := len(lastPerson) - 1; q >= 0 && q >= len(lastPerson)-6; q-- {
				e := d.ents[lastPerson[q]]
				if e.gender == want || e.gender == 0 {
					d.sentMentions[si] = append(d.sentMentions[si], mention{sent: si, t0: ti, t1: ti + 1, kind: mPronoun,
						typ: graph.Person, ent: lastPerson[q], gaz: -1, surface: t.text, name: t.text})
					break
				}
			}
		}
		sortMentions(d.sentMentions[si])
		x.nicknames(d, si)
	}
}

// mainCountry returns the country the article is about: the one its mentions
// and demonyms name most, the country of its dateline counting three.
func (x *Extractor) mainCountry(d *doc) string {
	counts := map[string]int{}
	// the headline counts three times, the first sentence of the story twice:
	// they say what it is about
	first := -1
	for si := range d.sents {
		if !d.sents[si].heading && !d.sents[si].dateline && len(d.sents[si].tokens) >= 8 && d.sents[si].text != d.meta.Title {
			first = si
			break
		}
	}
	for si, ms := range d.sentMentions {
		w := 1
		switch {
		case d.meta.Title != "" && d.sents[si].text == d.meta.Title || d.sents[si].heading && si < 3:
			w = 3
		case si == first:
			w = 2
		}
		for _, m := range ms {
			switch {
			case m.kind == mEntity && m.typ == graph.Country:
				counts[m.name] += w
			case m.kind == mDemonym:
				if _, ok := x.lx.countryEntry[m.country]; ok {
					counts[m.country] += w
				}
			case m.kind == mEntity && d.sents[si].dateline && m.gaz >= 0:
				if c := x.lx.gaz.Entries[m.gaz].Country; c != "" {
					counts[c] += 8
				}
			}
		}
	}
	best := ""
	for c, n := range counts {
		if n > counts[best] || n == counts[best] && c < best {
			best = c
		}
	}
	return best
}

// subjectEnt returns the entity a sentence opens with (its first mention, or the
// "It" that opens it), or -1.
func (d *doc) subjectEnt(si int) int {
	ms := d.sentMentions[si]
	best, at := -1, 1<<30
	for _, m := range ms {
		if (m.kind == mEntity || m.kind == mPronoun) && m.ent >= 0 && m.t0 < at {
			best, at = m.ent, m.t0
		}
	}
	if at > 2 {
		return -1
	}
	return best
}

// personNouns are the nouns after "his" that make it a person's mention in
// the rules: "a reward for his arrest", "charged him", "his extradition".
var personNouns = map[string]bool{"arrest": true, "capture": true, "conviction": true, "extradition": true,
	"deportation": true, "release": true, "whereabouts": true, "location": true, "indictment": true}

// personSurname reports whether a one-word place mention is rather the
// surname of a person of the text: one person has it, no preposition or place
// noun around it ("in Guerrero", "Guerrero state").
func personSurname(surname map[string]int, m *mention, toks []token) bool {
	i, ok := surname[graph.Key(m.surface)]
	if !ok || i < 0 {
		return false
	}
	if m.t0 > 0 && (prepositions[toks[m.t0-1].key] || toks[m.t0-1].key == "the") {
		return false
	}
	if m.t1 < len(toks) && (placeNouns[toks[m.t1].key] || toks[m.t1].text == ",") {
		return false
	}
	// "Guerrero's governor", "Guerrero's capital": the place's
	if m.t1+1 < len(toks) && toks[m.t1].kind == tPoss {
		switch toks[m.t1+1].key {
		case "governor", "government", "capital", "police", "prosecutors", "congress", "legislature", "mayor", "people", "residents", "coast", "border", "mountains", "economy":
			return false
		}
	}
	return true
}

// nicknames adds "Fito" to a person called, in the sentence, "X, the leader
// known as "Fito"" or "X, alias "El Mencho"".
func (x *Extractor) nicknames(d *doc, si int) {
	toks := d.sents[si].tokens
	cue := false
	for _, t := range toks {
		switch t.key {
		case "known", "nicknamed", "dubbed", "called", "alias", "aka":
			cue = true
		}
	}
	if !cue {
		return
	}
	person := -1
	for i := 0; i+2 < len(toks); i++ {
		for _, m := range d.sentMentions[si] {
			if m.t1 == i && m.ent >= 0 && d.ents[m.ent].typ == graph.Person && m.kind == mEntity {
				person = m.ent
			}
		}
		k := toks[i].key
		j := i + 1
		if (k == "known" || k == "nicknamed" || k == "dubbed" || k == "called") && toks[j].key == "as" {
			j++
		} else if k != "alias" && k != "aka" && k != "nicknamed" && k != "dubbed" {
			continue
		}
		if person < 0 || j >= len(toks) || (toks[j].text != "\"" && toks[j].text != "“") {
			continue
		}
		e := j + 1
		for e < len(toks) && toks[e].kind == tWord && (toks[e].cap() || toks[e].digit()) {
			e++
		}
		if e > j+1 && e-j <= 4 {
			d.addAlias(person, d.text[toks[j+1].start:toks[e-1].end])
		}
	}
}

// lookupName resolves a capitalised name the gazetteer and the type cues left
// open: a known name or alias of the document, a surname, or an acronym.
func (x *Extractor) lookupName(d *doc, m *mention, byKey, surname map[string]int) int {
	k := graph.Key(m.name)
	if i, ok := byKey[k]; ok {
		return i
	}
	if i, ok := surname[k]; ok && i >= 0 {
		return i
	}
	best := -1
	if i, ok := d.entIndex[k]; ok && d.ents[i].typ != graph.Person {
		best = i
	}
	for i, e := range d.ents {
		if best >= 0 && i >= best {
			break
		}
		if e.typ != graph.Person && e.aliases[m.name] {
			return i
		}
	}
	if best >= 0 {
		return best
	}
	// an acronym of a name the document spells out
	if w := strings.TrimSuffix(m.name, "s"); len(w) >= 2 && len(w) <= 7 && strings.ToUpper(w) == w && !strings.ContainsAny(w, " .") {
		for i, e := range d.ents {
			if e.typ != graph.Person && initials(e.name) == w {
				return i
			}
		}
	}
	return -1
}

// initials returns the capital initials of a name's content words.
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if unicode.IsUpper(r[0]) {
			b.WriteRune(r[0])
		}
	}
	return b.String()
}

// parenAlias merges "Name (ALIAS)" and "Name (Other Name)": the name in
// parentheses right after a mention is an alias of it.
func (x *Extractor) parenAlias(d *doc, si, k int) {
	toks := d.sents[si].tokens
	ms := d.sentMentions[si]
	m := &ms[k]
	if m.t1 >= len(toks) || toks[m.t1].text != "(" {
		return
	}
	for q := k + 1; q < len(ms); q++ {
		n := &ms[q]
		if n.t0 != m.t1+1 || n.t1 >= len(toks) || toks[n.t1].text != ")" {
			continue
		}
		switch {
		case n.kind == mName:
			n.kind, n.typ, n.ent = mEntity, d.ents[m.ent].typ, m.ent
		case n.kind == mEntity && n.gaz < 0 && n.typ == d.ents[m.ent].typ:
			n.ent = m.ent
		case n.kind == mEntity && n.gaz >= 0 && d.ents[m.ent].gaz < 0 && x.lx.gaz.Entries[n.gaz].Type == d.ents[m.ent].typ:
			// the parenthesised name is the known one: "Financial Intelligence Unit (Unidad ...)"
			m.ent = d.entity(x.lx.gaz.Entries[n.gaz].Name, x.lx.gaz.Entries[n.gaz].Type, n.gaz)
			d.addAlias(m.ent, m.surface)
		}
		return
	}
}

// resolveBody names a generic government body after the country that qualifies
// it: "Mexico's Foreign Ministry", "the Colombian Navy", or the home country's.
func (x *Extractor) resolveBody(d *doc, si, k int) {
	ms := d.sentMentions[si]
	m := &ms[k]
	body := m.surface
	if m.gaz >= 0 {
		// a generic alias of a known body: "Navy"
		body = strings.TrimPrefix(m.surface, "the ")
	}
	country := x.qualifier(d, si, k)
	if country != "" {
		m.qualified = true
	} else {
		// the same body named earlier with its country
		for _, e := range d.ents {
			if e.typ == graph.Agency && e.aliases[body] && e.country != "" {
				m.ent = d.entity(e.name, graph.Agency, e.gaz)
				m.country = e.country
				return
			}
		}
		country = d.home
	}
	if country == "" {
		m.kind = mName
		m.ent = -1
		return
	}
	m.country = country
	if i, ok := x.lx.aliasEntry[graph.Key(country+"'s "+body)]; ok {
		e := x.lx.gaz.Entries[i]
		m.ent = d.entity(e.Name, e.Type, i)
	} else if g, ok := x.lx.generic[graph.Key(body)][country]; ok {
		e := x.lx.gaz.Entries[g]
		m.ent = d.entity(e.Name, e.Type, g)
	} else {
		m.ent = d.entity(country+"'s "+body, graph.Agency, -1)
	}
	d.ents[m.ent].country = country
	d.addAlias(m.ent, body)
	if m.qualified {
		d.addAlias(m.ent, country+"'s "+body)
	}
}

// qualifier returns the country that qualifies mention k of sentence si:
// "<Country>'s [adj] X", "<Demonym> X", "U.S. X".
func (x *Extractor) qualifier(d *doc, si, k int) string {
	toks := d.sents[si].tokens
	ms := d.sentMentions[si]
	m := &ms[k]
	// "the country's Justice Ministry": the country named last
	if m.t0 >= 3 && toks[m.t0-1].kind == tPoss && (toks[m.t0-2].key == "country" || toks[m.t0-2].key == "nation") && toks[m.t0-3].key == "the" {
		return d.recentCountry(si, toks[m.t0-3].start)
	}
	if k == 0 {
		return ""
	}
	p := &ms[k-1]
	gap := m.t0 - p.t1
	switch {
	case p.kind == mEntity && p.typ == graph.Country && gap >= 1 && gap <= 4 && toks[p.t1].kind == tPoss && allLower(toks[p.t1+1:m.t0]):
		return p.name
	case p.kind == mDemonym && gap <= 2 && allLower(toks[p.t1:m.t0]):
		if _, ok := x.lx.countryEntry[p.country]; ok {
			return p.country
		}
	case p.kind == mEntity && p.typ == graph.Country && gap == 0:
		return p.name // "US Navy"
	}
	return ""
}

func allLower(toks []token) bool {
	for _, t := range toks {
		if t.kind == tWord && t.cap() {
			return false
		}
	}
	return true
}

// compoundCue reports whether a sentence has a word compounds looks for.
func compoundCue(toks []token) bool {
	for _, t := range toks {
		if t.key == "border" || t.key == "embassy" || t.key == "consulate" {
			return true
		}
	}
	return false
}

// compounds joins the mentions of a compound name: "the U.S.-Mexico border"
// (a Location), "the U.S. embassy in Mexico" (a body of the first country).
func (x *Extractor) compounds(d *doc) {
	for si := range d.sents {
		toks := d.sents[si].tokens
		ms := d.sentMentions[si]
		if !compoundCue(toks) {
			continue
		}
		var out []mention
		for k := 0; k < len(ms); k++ {
			m := ms[k]
			country := ""
			if m.kind == mEntity && m.gaz >= 0 && m.typ == graph.Country {
				country = m.name
			} else if m.kind == mDemonym {
				if _, ok := x.lx.countryEntry[m.country]; ok {
					country = m.country
				}
			}
			if country == "" {
				out = append(out, m)
				continue
			}
			// "U.S.-Mexico border"
			if k+1 < len(ms) && ms[k+1].kind == mEntity && ms[k+1].typ == graph.Country && ms[k+1].t0 == m.t1+1 &&
				toks[m.t1].text == "-" && ms[k+1].t1 < len(toks) && toks[ms[k+1].t1].key == "border" {
				n := mention{sent: si, t0: m.t0, t1: ms[k+1].t1 + 1, kind: mEntity, typ: graph.Location, gaz: -1, ent: -1}
				n.surface = surfaceOf(d.text, toks, n.t0, n.t1)
				n.name = n.surface
				out = append(out, n)
				k++
				continue
			}
			// "U.S. embassy in Mexico"
			if m.t1+1 < len(toks) && (toks[m.t1].key == "embassy" || toks[m.t1].key == "consulate") {
				end := m.t1 + 1
				where := ""
				if k+1 < len(ms) && ms[k+1].t0 == m.t1 && ms[k+1].t1 == end {
					k++ // "Embassy" read as a generic body: part of this name
				}
				if end+1 < len(toks) && toks[end].key == "in" && k+1 < len(ms) && ms[k+1].t0 == end+1 && ms[k+1].kind == mEntity && (ms[k+1].typ == graph.Country || ms[k+1].typ == graph.Location) {
					where = " in " + ms[k+1].surface
					end = ms[k+1].t1
					k++
				}
				word := strings.ToUpper(toks[m.t1].text[:1]) + toks[m.t1].text[1:]
				n := mention{sent: si, t0: m.t0, t1: end, kind: mEntity, typ: graph.Agency, gaz: -1, ent: -1, qualified: true, country: country}
				n.surface = surfaceOf(d.text, toks, n.t0, n.t1)
				n.name = surfaceOf(d.text, toks, m.t0, m.t1) + " " + word + where
				out = append(out, n)
				continue
			}
			out = append(out, m)
		}
		d.sentMentions[si] = out
	}
}

// recentCountry returns the country "the country" at byte pos refers to: the
// first named before it in sentence si (its subject), else in the two before.
func (d *doc) recentCountry(si, pos int) string {
	for q := si; q >= 0 && q >= si-2; q-- {
		ms := d.sentMentions[q]
		for k := 0; k < len(ms); k++ {
			m := ms[k]
			if m.kind == mEntity && m.typ == graph.Country && m.gaz >= 0 && (q < si || d.sents[q].tokens[m.t0].start < pos) {
				return m.name
			}
		}
	}
	return ""
}

// groupsInLists reads a place named in a list of criminal groups as the group
// named after it: "Tren de Aragua, Sinaloa, and Cartel de los Soles".
func (x *Extractor) groupsInLists(d *doc) {
	isGroup := func(m *mention) bool {
		return m.kind == mEntity && m.gaz >= 0 && x.lx.gaz.Entries[m.gaz].Type == graph.CriminalGroup
	}
	joined := func(toks []token, a, b int) bool { // only list punctuation between
		for _, t := range toks[a:b] {
			if t.text != "," && t.key != "and" && t.key != "or" {
				return false
			}
		}
		return b-a >= 1 && b-a <= 2
	}
	for si := range d.sentMentions {
		toks := d.sents[si].tokens
		ms := d.sentMentions[si]
		for k := range ms {
			m := &ms[k]
			if m.kind != mEntity || m.gaz < 0 || m.typ != graph.Location {
				continue
			}
			near := k > 0 && isGroup(&ms[k-1]) && joined(toks, ms[k-1].t1, m.t0) ||
				k+1 < len(ms) && isGroup(&ms[k+1]) && joined(toks, m.t1, ms[k+1].t0)
			if !near {
				continue
			}
			key := graph.Key(m.name)
			for _, alias := range []string{key + " cartel", "cartel de " + key, "cartel del " + key} {
				if g, ok := x.lx.aliasEntry[alias]; ok && x.lx.gaz.Entries[g].Type == graph.CriminalGroup {
					m.gaz, m.typ, m.name = g, graph.CriminalGroup, x.lx.gaz.Entries[g].Name
					break
				}
			}
		}
	}
}
