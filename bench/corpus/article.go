package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// builder writes one article and what it states.
type builder struct {
	w     *world
	r     *rand.Rand
	paras [][]string
	title string
	// published is the publication date (ISO 8601).
	published string
	want      Expected
	// index maps an expected entity's name to its place in want.Entities.
	index map[string]int
	// surnames maps a surname to the person of this article who bears it.
	surnames map[string]int
	quotes   map[string]bool
}

func (b *builder) text() string {
	var s strings.Builder
	s.WriteString(b.title)
	s.WriteString("\n\n")
	for i, p := range b.paras {
		if i > 0 {
			s.WriteString("\n\n")
		}
		s.WriteString(strings.Join(p, " "))
	}
	s.WriteString("\n")
	return s.String()
}

func (b *builder) para(sentences ...string) {
	b.paras = append(b.paras, sentences)
}

// add appends sentences to the last paragraph.
func (b *builder) add(sentences ...string) {
	if len(b.paras) == 0 {
		b.para()
	}
	b.paras[len(b.paras)-1] = append(b.paras[len(b.paras)-1], sentences...)
}

func (b *builder) chance(n int) bool { return b.r.IntN(n) == 0 }

func (b *builder) pick(xs []string) string { return xs[b.r.IntN(len(xs))] }

// entity records an entity the article names; an entity already recorded
// stays required when it is named again as required.
func (b *builder) entity(name, typ string, optional bool, aliases ...string) {
	if i, ok := b.index[name]; ok {
		e := &b.want.Entities[i]
		e.Optional = e.Optional && optional
		for _, a := range aliases {
			if !contains(e.Aliases, a) && a != name {
				e.Aliases = append(e.Aliases, a)
			}
		}
		return
	}
	var as []string
	for _, a := range aliases {
		if a != name && !contains(as, a) {
			as = append(as, a)
		}
	}
	b.index[name] = len(b.want.Entities)
	b.want.Entities = append(b.want.Entities, ExpectedEntity{Name: name, Type: typ, Aliases: as, Optional: optional})
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (b *builder) relation(subject, predicate, object string, attrs map[string]string, optional bool, subjectAny ...string) {
	for _, r := range b.want.Relations {
		if r.Subject == subject && r.Predicate == predicate && r.Object == object {
			return
		}
	}
	b.want.Relations = append(b.want.Relations, ExpectedRelation{Subject: subject, Predicate: predicate, Object: object,
		Attributes: attrs, SubjectAny: subjectAny, Optional: optional})
}

// person records a person and returns the full name; ok is false when
// another person of the article bears the same surname, and the article must
// then leave this one out (the surname alone would be ambiguous).
func (b *builder) person(i int) (full, surname string, ok bool) {
	given, surname := b.w.persons.name(i)
	if j, taken := b.surnames[surname]; taken && j != i {
		return "", "", false
	}
	b.surnames[surname] = i
	full = given + " " + surname
	b.entity(full, "Person", false, surname)
	return full, surname, true
}

func (b *builder) group(i int) string {
	g := b.w.groups[i]
	b.entity(g.name, "CriminalGroup", false)
	return g.name
}

func (b *builder) country(i int) string {
	c := countries()[i]
	b.entity(c.name, "Country", false)
	return c.name
}

// unitedStates records the United States as an entity an extractor may name
// when the text names one of its agencies.
func (b *builder) unitedStates() {
	b.entity("United States", "Country", true)
}

// agency records one of the United States' agencies, named as the text names it.
func (b *builder) agency(name, mention string) {
	b.entity(name, "Agency", false, strings.TrimPrefix(mention, "the "))
	b.unitedStates()
	b.relation(name, "PART_OF", "United States", nil, true)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// article writes the whole article: a designation of its group, its leader
// and home, the reaction of an official of that country with a quotation,
// and a few of: a faction, sanctions, an accusation, a reward, cooperation
// between a body of the country and a U.S. agency, a second official, an
// objection; with sentences that name nobody in between.
func (b *builder) article() {
	w := b.w
	gi := b.r.IntN(len(w.groups))
	g := w.groups[gi]
	b.quotes = map[string]bool{}

	// who designated the group, and when
	var ds []int
	for k, d := range g.dates {
		if d != "" {
			ds = append(ds, k)
		}
	}
	dk := ds[b.r.IntN(len(ds))]
	d := designators()[dk]
	when := g.dates[dk]
	if b.chance(12) {
		// a source that dates the designation otherwise: a conflict
		when = shift(when, 1+b.r.IntN(40))
	}
	pub := shift(g.dates[dk], 2+b.r.IntN(90))
	if pub < when {
		pub = when
	}
	b.published = pub

	gname := b.group(gi)
	b.title = b.pick([]string{
		"New Designation Targets the %s", "Pressure Mounts on the %s", "%s Faces New Pressure",
		"Governments Move Against the %s", "What the Designation of the %s Means",
	})
	b.title = fmt.Sprintf(b.title, gname)

	// the designation
	if d.country != "" {
		b.agency(d.name, d.mention)
	} else {
		b.entity(d.name, d.typ, false)
	}
	var subjectAny []string
	if d.country != "" {
		subjectAny = []string{d.country}
	}
	b.relation(d.name, "DESIGNATED", gname, map[string]string{"designation": d.designation, "date": when}, false, subjectAny...)
	article := "a"
	if strings.IndexByte("AEIOU", d.designation[0]) >= 0 {
		article = "an"
	}
	if b.chance(2) {
		b.para(fmt.Sprintf("%s %s the %s as %s %s on %s.", capital(d.mention), d.verb, gname, article, d.designation, long(when)))
	} else {
		b.para(fmt.Sprintf("On %s, %s %s the %s as %s %s.", long(when), d.mention, d.verb, gname, article, d.designation))
	}

	// its leader and its home
	home := g.country
	if b.r.IntN(10) < 7 {
		if leader, _, ok := b.person(g.leader); ok {
			c := b.country(home)
			b.relation(leader, "LEADS", gname, nil, false)
			b.relation(gname, "OPERATES_IN", c, nil, false)
			if b.chance(2) {
				b.add(fmt.Sprintf("The %s, led by %s, operates in %s.", gname, leader, c))
			} else {
				b.add(fmt.Sprintf("%s %s is led by %s.", capital(countries()[home].possessive), gname, leader))
			}
		}
	}
	b.filler()

	// an official of the home country reacts
	if b.r.IntN(100) < 85 {
		b.official(pickOne(b.r, w.byCountry[home]), gname, true)
	}

	// some of the other facts
	var others []func()
	others = append(others, func() { b.faction(gi) }, func() { b.sanctions() }, func() { b.accusation() },
		func() { b.reward(gi) }, func() { b.cooperation(home) })
	b.r.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	n := 1 + b.r.IntN(3)
	b.para()
	for _, f := range others[:n] {
		f()
	}
	b.filler()

	// a second official, from another country
	if b.chance(2) {
		c := (home + 1 + b.r.IntN(len(countries())-1)) % len(countries())
		b.official(pickOne(b.r, w.byCountry[c]), gname, false)
	}
	if b.chance(3) {
		b.para()
		b.filler()
		b.filler()
	}
}

func pickOne(r *rand.Rand, xs []int) int { return xs[r.IntN(len(xs))] }

// official writes an official's reaction and quotation. home says whether
// the official serves the group's home country.
func (b *builder) official(oi int, gname string, home bool) {
	o := b.w.officials[oi]
	full, surname, ok := b.person(o.person)
	if !ok {
		return
	}
	c := countries()[o.country]
	b.country(o.country)
	title := titles()[o.title]
	if b.chance(15) {
		// a source that gives the official another post: a conflict
		title = titles()[(o.title+1+b.r.IntN(len(titles())-1))%len(titles())]
	}
	b.relation(full, "HOLDS_POSITION", c.name, map[string]string{"title": title}, false)
	var first string
	if home {
		first = fmt.Sprintf("%s %s %s said the designation %s.", c.demonym, title, full, b.pick([]string{
			"was a matter for each sovereign state", "came after months of pressure", "had been expected for weeks",
			"would not change the government's strategy", "confirmed what investigators had long suspected",
		}))
	} else {
		first = fmt.Sprintf("%s %s %s called the %s a threat to the whole region.", c.demonym, title, full, gname)
	}
	b.para(first)
	if b.chance(4) && home {
		b.add(fmt.Sprintf("%s rejected any military intervention by the United States.", surname))
		b.entity("United States", "Country", false)
		b.relation(full, "OPPOSES", "United States", map[string]string{"about": "military intervention"}, false, c.name)
	}
	q := b.quote(gname)
	b.want.Statements = append(b.want.Statements, ExpectedStatement{Speaker: full, Text: q})
	verb := b.pick([]string{"said", "said", "added", "told reporters"})
	b.add(fmt.Sprintf("\u201c%s,\u201d %s %s.", q, surname, verb))
}

// quote returns a quotation no one else in the article made.
func (b *builder) quote(gname string) string {
	for {
		s := b.pick([]string{"We", "Our security forces", "The authorities", "Our police and prosecutors", "The people of this country"})
		v := b.pick([]string{"will not negotiate with", "will keep up the pressure on", "are determined to dismantle",
			"will continue to confront", "refuse to be intimidated by", "have no tolerance for"})
		o := b.pick([]string{"the " + gname, "criminal networks", "the groups that terrorize our communities",
			"the traffickers who profit from violence", "those who corrupt our institutions"})
		t := b.pick([]string{"", " in every region", " without exception", " with all the tools of the law", " for as long as it takes"})
		q := s + " " + v + " " + o + t
		if !b.quotes[q] {
			b.quotes[q] = true
			return q
		}
	}
}

// other returns a group of the cast other than gi.
func (b *builder) other(gi int) int {
	n := len(b.w.groups)
	return (gi + 1 + b.r.IntN(n-1)) % n
}

func (b *builder) faction(gi int) {
	hi := b.other(gi)
	h := b.group(hi)
	g := b.w.groups[gi].name
	c := b.country(b.w.groups[hi].country)
	b.relation(h, "PART_OF", g, nil, false)
	b.relation(h, "OPERATES_IN", c, nil, false)
	b.add(fmt.Sprintf("The %s, a faction of the %s, is based in %s.", h, g, c))
}

func (b *builder) sanctions() {
	hi := b.r.IntN(len(b.w.groups))
	h := b.group(hi)
	if b.chance(2) {
		b.agency("Department of the Treasury", "the Treasury")
		b.relation("Department of the Treasury", "SANCTIONED", h, nil, false, "United States")
		b.add(fmt.Sprintf("The Treasury imposed sanctions on the %s.", h))
		return
	}
	b.entity("United States", "Country", false)
	b.relation("United States", "SANCTIONED", h, nil, false)
	b.add(fmt.Sprintf("The United States imposed sanctions on the %s.", h))
}

func (b *builder) accusation() {
	hi := b.r.IntN(len(b.w.groups))
	h := b.group(hi)
	of := b.pick([]string{"smuggling fentanyl", "laundering drug money", "trafficking migrants", "extorting local businesses", "running cocaine routes"})
	b.agency("Department of Justice", "the Justice Department")
	b.relation("Department of Justice", "ACCUSED", h, map[string]string{"of": of}, false, "United States")
	b.add(fmt.Sprintf("The Justice Department accused the %s of %s.", h, of))
}

func (b *builder) reward(gi int) {
	if !b.chance(3) {
		gi = b.r.IntN(len(b.w.groups))
	}
	g := b.w.groups[gi]
	leader, _, ok := b.person(g.leader)
	if !ok {
		return
	}
	gname := b.group(gi)
	amount := fmt.Sprintf("$%d million", []int{1, 2, 3, 5, 8, 10, 15, 25}[b.r.IntN(8)])
	b.agency("Department of State", "the State Department")
	b.relation("Department of State", "OFFERED_REWARD", leader, map[string]string{"amount": amount}, false, "United States")
	b.relation(leader, "LEADS", gname, nil, false)
	b.add(fmt.Sprintf("The State Department offered a reward of up to %s for information leading to the arrest of %s, the leader of the %s.", amount, leader, gname))
}

func (b *builder) cooperation(home int) {
	c := countries()[home]
	body := b.pick(bodies())
	name := strings.TrimPrefix(c.possessive, "the ") + " " + body
	b.entity(name, "Agency", false)
	b.country(home)
	b.relation(name, "PART_OF", c.name, nil, false)
	us := b.pick([]string{"Drug Enforcement Administration", "Federal Bureau of Investigation"})
	b.agency(us, us)
	b.entity("Department of Justice", "Agency", true)
	b.relation(us, "PART_OF", "Department of Justice", nil, true)
	b.relation(name, "COOPERATES_WITH", us, nil, false)
	b.add(fmt.Sprintf("%s %s %s the %s.", capital(c.possessive), body, b.pick([]string{"is cooperating with", "is working with", "shares intelligence with"}), us))
}

// filler adds a sentence that names nobody.
func (b *builder) filler() {
	b.add(b.pick([]string{
		"Analysts said the move could complicate security cooperation in the region.",
		"The decision follows months of rising violence along major trafficking routes.",
		"Local residents described a climate of fear in several towns.",
		"Officials did not say how many people had been detained.",
		"Prosecutors are expected to present new charges in the coming weeks.",
		"Human rights groups warned that the measures could lead to abuses.",
		"Seizures of synthetic drugs have risen sharply over the past two years.",
		"Business leaders in the border region welcomed the announcement.",
		"Experts cautioned that designations alone rarely dismantle criminal organizations.",
		"Several banks were asked to review accounts linked to the suspects.",
		"Critics argued that the policy lacks a clear plan for prevention.",
		"The violence has displaced thousands of families in rural areas.",
		"Investigators traced shipments through ports on both coasts.",
		"The measures freeze any assets the group holds abroad.",
		"Lawmakers asked for a briefing on the intelligence behind the decision.",
		"Families of the victims called for faster trials.",
	}))
}

// shift returns the ISO date days after d.
func shift(d string, days int) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, days).Format("2006-01-02")
}

// long writes an ISO date as news does: March 3, 2025.
func long(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("January 2, 2006")
}
