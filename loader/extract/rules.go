package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cartelgraph/cartelgraph/graph"
)

// A rule is one relation pattern, read on masked sentences. Its regular
// expression names its parts: s the subject slot, o the object slot, os a span
// whose slots are all objects, ss a span whose slots are all subjects, a the attribute text; a pattern with no s but a
// group v (the verb) takes as subject the nearest actor before the verb that can
// be the subject of a clause (agentBefore). Macros:
//
//	{s:PCA}  a slot of one of the type letters (P Person, G CriminalGroup,
//	         C Country, A Agency, O Organization, Y Policy, L Location,
//	         D demonym, T title; * any entity) captured as group s
//	{LIST:os:G}  a list of such slots ("‹G1›, ‹G2› and ‹G3›") captured as os
//	{Q}      up to two qualifiers before a name ("Venezuelan President")
type rule struct {
	name  string
	pred  graph.Predicate
	guard []string // run only on sentences that contain one of these (lower-case); nil: always
	re    *regexp.Regexp
	conf  float64
	attr  string // the attribute group a fills
	// alleged marks the fact alleged when the sentence reports it (reportedly, allegedly).
	alleged bool
	// always marks the fact alleged (an accusation of leading a group).
	always bool
	// far lists the type letters of the subject a pattern with a group v finds
	// before its verb; "PCA" when empty.
	far string
	// anchored is re anchored at its start, for patterns that begin with the
	// verb: they are tried only where a guard word starts a word.
	anchored *regexp.Regexp
	// guardIDs are the guard words' numbers in the guardIndex (New fills them).
	guardIDs []int
	// atSlots marks an anchored pattern that begins with a slot: it is tried
	// at the slots of the sentence only.
	atSlots bool
	// firstSlot is the set of the letters of the slot such a pattern starts with.
	firstSlot uint32
	// unless lists words (prefixes, from the guard index) that stop the rule
	// when the sentence has one: an agency's designation is a sanction unless
	// the sentence speaks of terrorism.
	unless []string
	// need lists, for the subject and the object, the slot letters one of
	// which the masked sentence must have (a bit per letter, see letterBit).
	need []uint32
}

// letterBit is the bit of a slot letter ('p', 'G', ...) in a letter set.
func letterBit(c byte) uint32 {
	if c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	if c < 'a' || c > 'z' {
		return 0
	}
	return 1 << (c - 'a')
}

// needGroup finds the subject and object groups of a compiled pattern.
var needGroup = regexp.MustCompile(`\(\?P<(ss|s|os|o)>‹\[([a-z]+)\]`)

// slotNeeds returns the letter sets a compiled pattern's subject and object
// slots require: a sentence without a slot of each cannot match.
func slotNeeds(re *regexp.Regexp) []uint32 {
	by := map[string]uint32{}
	for _, m := range needGroup.FindAllStringSubmatch(re.String(), -1) {
		role := m[1][:1]
		for i := 0; i < len(m[2]); i++ {
			by[role] |= letterBit(m[2][i])
		}
	}
	var out []uint32
	for _, r := range []string{"s", "o"} {
		if by[r] != 0 {
			out = append(out, by[r])
		}
	}
	return out
}

// slotLetters returns the set of the slot letters of a masked sentence.
func (mk *masked) slotLetters() uint32 {
	var set uint32
	for _, sl := range mk.slots {
		set |= letterBit(sl.letter)
	}
	return set
}

var macro = regexp.MustCompile(`\{(LIST:)?(\w+):([A-Z*]+)\}`)

// compile expands the macros of a pattern.
func compile(p string) *regexp.Regexp {
	p = strings.ReplaceAll(p, "{Q}", `(?:‹[dtc]\d+›(?:'s)? ){0,2}`)
	p = macro.ReplaceAllStringFunc(p, func(m string) string {
		g := macro.FindStringSubmatch(m)
		class := `[` + strings.ToLower(g[3]) + `]`
		if g[3] == "*" {
			class = `[pgcaoyl]`
		}
		one := `‹` + class + `\d+›`
		if g[1] != "" {
			// a list's items may carry their kind: "the G9 federation and the 400 Mawozo gang"
			kind := `(?: (?:gang|gangs|cartel|cartels|group|federation|faction|coalition|militia|network|state|province|department|region))?`
			return `(?P<` + g[2] + `>` + one + kind + `(?:(?:,|,? and|,? or|,? as well as|,? and (?:in|into|across|to) (?:neighboring|neighbouring|nearby)?) ?(?:the )?` + one + kind + `)*)`
		}
		return `(?P<` + g[2] + `>` + one + `)`
	})
	// the patterns run on the ASCII-lower-cased sentence (asciiLower), which
	// keeps its byte offsets: no case folding to pay for
	p = strings.ToLower(strings.ReplaceAll(p, `(?P<`, "\x00"))
	return regexp.MustCompile(strings.ReplaceAll(p, "\x00", `(?P<`))
}

// guard lists the |-separated words a sentence must contain for a rule to run:
// a cheap test before the regular expression.
func guard(words string) []string {
	return strings.Split(words, "|")
}

// guardIndex numbers every guard word, for sentWords, and keeps them in a
// byte trie so that a sentence's words are marked in one pass.
type guardIndex struct {
	id   map[string]int
	trie []trieByte
}

// trieByte is one node of the guard trie: children by letter (a-z, '-'), and
// the guard word that ends here (id+1, 0 when none).
type trieByte struct {
	next [27]int32
	word int32
}

func trieSlot(c byte) int {
	if c == '-' {
		return 26
	}
	if c >= 'a' && c <= 'z' {
		return int(c - 'a')
	}
	return -1
}

func newGuardIndex(rules []rule) *guardIndex {
	gi := &guardIndex{id: map[string]int{}, trie: make([]trieByte, 1)}
	add := func(w string) {
		if i := strings.IndexByte(w, ' '); i > 0 {
			w = w[:i]
		}
		if _, ok := gi.id[w]; ok {
			return
		}
		gi.id[w] = len(gi.id)
		n := 0
		for i := 0; i < len(w); i++ {
			c := trieSlot(w[i])
			if c < 0 {
				return // "'s", "‹g": tested apart
			}
			if gi.trie[n].next[c] == 0 {
				gi.trie = append(gi.trie, trieByte{})
				gi.trie[n].next[c] = int32(len(gi.trie) - 1)
			}
			n = int(gi.trie[n].next[c])
		}
		gi.trie[n].word = int32(gi.id[w] + 1)
	}
	for _, r := range rules {
		for _, w := range r.guard {
			add(w)
		}
	}
	for _, w := range familyGuards() {
		add(w)
	}
	for _, set := range familyGuardSets() {
		for _, w := range set {
			add(w)
		}
	}
	return gi
}

// ids returns the guard numbers of words, for guardedIDs.
func (gi *guardIndex) ids(words []string) []int {
	var out []int
	for _, w := range words {
		switch w {
		case "‹g":
			out = append(out, -1)
			continue
		case "'s", "’s":
			out = append(out, -2)
			continue
		}
		if i := strings.IndexByte(w, ' '); i > 0 {
			w = w[:i]
		}
		out = append(out, gi.id[w])
	}
	return out
}

// sentWords records which guard words a masked sentence has (words fills one
// for each sentence in turn).
type sentWords struct {
	gi     *guardIndex
	bits   []bool
	groups bool
	poss   bool
}

func (gi *guardIndex) words(lower string, ws *sentWords) *sentWords {
	bits := ws.bits
	if len(bits) != len(gi.id) {
		bits = make([]bool, len(gi.id))
	}
	clear(bits)
	*ws = sentWords{gi: gi, bits: bits, groups: strings.Contains(lower, "‹g"), poss: strings.Contains(lower, "'s")}
	n := -1 // trie node of the current word; -1 between words or off the trie
	prevIn := false
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		in := c >= 'a' && c <= 'z' || c == '-'
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(lower[i:])
			in = r >= 0xC0 && unicode.IsLetter(r)
			i += size - 1
		}
		if !in {
			prevIn = false
			n = -1
			continue
		}
		if !prevIn {
			n = 0
			prevIn = true
		}
		if n < 0 {
			continue
		}
		slot := trieSlot(c)
		if slot < 0 {
			n = -1
			continue
		}
		n = int(gi.trie[n].next[slot])
		if n == 0 {
			n = -1
			continue
		}
		if w := gi.trie[n].word; w > 0 {
			ws.bits[w-1] = true
		}
	}
	return ws
}

// guardedIDs is guarded for the numbers ids returned.
func (ws *sentWords) guardedIDs(ids []int) bool {
	if ids == nil {
		return true
	}
	for _, id := range ids {
		switch {
		case id == -1 && ws.groups, id == -2 && ws.poss, id >= 0 && ws.bits[id]:
			return true
		}
	}
	return false
}

// has reports whether a word of the sentence starts with the guard's first word.
func (ws *sentWords) has(g string) bool {
	switch g {
	case "‹g":
		return ws.groups
	case "'s", "’s":
		return ws.poss
	}
	if i := strings.IndexByte(g, ' '); i > 0 {
		g = g[:i]
	}
	id, ok := ws.gi.id[g]
	return ok && ws.bits[id]
}

// familyGuardSets are the guard word sets the families of relations.go test
// (Extractor.famGuards holds their numbers, in this order).
func familyGuardSets() [][]string {
	return [][]string{
		{"terror", "narco", "fto", "sdgt"},
		{"reward", "bount", "information"},
		{"cooperat", "co-operat", "coordinat", "collaborat", "intelligence", "working", "joint", "agreement", "pact", "deal", "partnership", "together", "teamed", "work", "accord", "shar", "agreed", "exchang", "memorand", "mutual"},
		{"reject", "oppos", "condemn", "denounc", "dismiss", "critici", "protest", "rebuk", "slam", "refus", "unacceptable", "echo", "shared", "shares", "backed", "backs", "repeated", "repeats", "endorse", "second"},
		{"allow", "accept", "permit", "tolerat"},
		{"invasion", "intervention", "interference", "incursion", "boots", "troops", "strike", "military"},
	}
}

// familyGuards lists the guard words of the rule families of relations.go.
func familyGuards() []string {
	return []string{"terror", "narco", "fto", "sdgt", "list", "include", "among", "reward", "bount",
		"cooperat", "co-operat", "coordinat", "collaborat", "intelligence", "working", "joint", "agreement",
		"pact", "deal", "partnership", "together", "teamed", "reject", "oppos", "condemn", "denounc",
		"dismiss", "critici", "protest", "rebuk", "slam", "refus", "unacceptable", "echo", "shared",
		"backed", "repeated", "not", "allow", "accept", "permit", "tolerat", "no", "invasion",
		"intervention", "foreign", "red", "line", "information", "designated", "work", "accord", "interference",
		"incursion", "boots", "troops", "strike", "military", "shares", "backs", "repeats", "endorse", "second", "shar", "agreed", "exchang", "memorand", "mutual"}
}

// withAnchors fills the anchored form of the rules that begin with their verb.
func withAnchors(rules []rule) []rule {
	for i := range rules {
		rules[i].need = slotNeeds(rules[i].re)
		if f := rules[i].far; f != "" && !strings.Contains(rules[i].re.String(), "(?P<s") {
			// the subject found before the verb must be one of these
			var set uint32
			for k := 0; k < len(f); k++ {
				set |= letterBit(f[k])
			}
			rules[i].need = append(rules[i].need, set)
		}
		src := rules[i].re.String()
		switch {
		case strings.HasPrefix(src, "(?P<v>") && rules[i].guard != nil:
			rules[i].anchored = regexp.MustCompile(`^(?:` + src + `)`)
		case slotFirst.MatchString(src):
			// the match starts with a slot: tried at the slots of its types only
			rules[i].anchored = regexp.MustCompile(`^(?:` + src + `)`)
			rules[i].atSlots = true
			for _, c := range slotFirst.FindStringSubmatch(src)[1] {
				rules[i].firstSlot |= letterBit(byte(c))
			}
		}
	}
	return rules
}

// slotFirst matches the compiled patterns whose every match begins with a slot.
var slotFirst = regexp.MustCompile(`^\(\?P<\w+>‹\[([a-z]+)\]`)

// matches returns the matches of rule r in the lower-cased masked sentence.
func (r *rule) matches(mk *masked) [][]int {
	lower := mk.lower
	if r.anchored == nil {
		return r.re.FindAllStringSubmatchIndex(lower, -1)
	}
	var out [][]int
	if r.atSlots {
		last := 0
		for _, sl := range mk.slots {
			if sl.at < last || letterBit(sl.letter)&r.firstSlot == 0 {
				continue
			}
			if m := r.anchored.FindStringSubmatchIndex(lower[sl.at:]); m != nil {
				for k := range m {
					if m[k] >= 0 {
						m[k] += sl.at
					}
				}
				out = append(out, m)
				last = m[1]
			}
		}
		return out
	}
	for i := 0; i < len(lower); i++ {
		if i > 0 && isLetterByte(lower[i-1]) || !isLetterByte(lower[i]) {
			continue
		}
		ok := false
		for _, g := range r.guard {
			if strings.HasPrefix(lower[i:], g) {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		if m := r.anchored.FindStringSubmatchIndex(lower[i:]); m != nil {
			for k := range m {
				if m[k] >= 0 {
					m[k] += i
				}
			}
			out = append(out, m)
			i = m[1] - 1
		}
	}
	return out
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 0x80 }

// relationRules returns the pattern rules; the predicates that need more than a
// pattern (titles, designations, cooperation, opposition, rewards) are functions
// in relations.go.
func relationRules() []rule {
	return withAnchors(patternRules())
}

func patternRules() []rule {
	issued := guard(`sign|issu|launch|announc|unveil|enact|introduc|approv|adopt|implement|establish|creat|decree|promulgat|draft|sponsor|propos|author|tabl|put|pass|declar|'s|’s`)
	return []rule{
		// OPERATES_IN
		{name: "country's group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{o:CL}'s (?:[a-z-]+ )?{s:G}`), conf: 0.8},
		{name: "demonym group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{o:D} {s:G}`), conf: 0.7},
		{name: "group, a demonym gang", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{s:G}, (?:a|an|another|the) (?:[\w-]+ ){0,3}?{o:D} (?:[\w-]+ )?(?:gang|cartel|group|organization|faction|militia|network|mafia|criminal)`), conf: 0.75},
		{name: "group, the country's group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{s:G}, (?:the )?{o:CL}'s (?:[\w-]+ ){0,3}?(?:group|gang|cartel|organization|militia|network|faction|mafia)`), conf: 0.75},
		{name: "groups in place", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{LIST:ss:G} (?:(?:is |are )?(?:based|operating|active|headquartered) )?in (?:the )?{o:CL}`), conf: 0.6},
		{name: "group operates in", pred: graph.OperatesIn, guard: guard(`operat|based|control|dominat|active|sway|spread|expand|presence|present|born|emerg|originat|stronghold|entrench|roots|rooted`), re: compile(`(?P<v>operates?|operated|operating|is based|are based|was based|were based|based|controls?|controlled|controlling|dominates?|dominated|dominating|is active|are active|was active|were active|born|emerged|originated|strongholds?|entrenched|rooted|holds? sway|has spread|spread|spreads|expanded|expands|has a presence|presence|is present|are present) (?:(?:mainly|mostly|primarily|largely|most|much|parts|of|in|into|to|across|throughout|the|[a-z]+ly) ){0,4}?{LIST:os:CL}`), conf: 0.7, far: "G"},
		{name: "group's base in", pred: graph.OperatesIn, guard: guard(`base|stronghold|home|turf|territory|bastion|heartland|pushed|moved|expand|spread|extend|control|run|ran|dominat|operat|active|present|based|direct|manag|command|supervis|oversee|maintain|wag|fought|fight`), re: compile(`(?P<v>(?:from|in|of) (?:its|their) (?:home )?(?:base|bases|stronghold|strongholds|turf|territory|bastion|heartland)|stronghold of|bastion of|pushed|moved|expanded|expands|spread|spreads|has spread|extended|controls?|controlled|controlling|runs|ran|dominates?|dominated|operates?|operated|operating|directs|directed|manages|managed|commands|commanded|supervises|supervised|oversees|oversaw|maintains|maintained|waged|wages|have waged|has waged|fought|fights|is active|are active|based|is present|are present) (?:(?:[a-z-]+|‹[dl]\d+›) ){0,8}?(?:in|into|across|throughout|of|out of) (?:the )?(?:(?:[a-z-]+|‹d\d+›) ){0,2}?{LIST:os:CLD}(?: (?:(?:town|city|state|province|region|department|area|municipality) )?of (?:the )?{o:L})?`), conf: 0.65, far: "G"},
		{name: "place, a stronghold of", pred: graph.OperatesIn, guard: guard(`stronghold|bastion|heartland|turf|base of|home of|territory`), re: compile(`{o:CL},? (?:[^‹;.]{0,50}?)(?:a |the |an )?(?:main |key |traditional )?(?:stronghold|bastion|heartland|home turf|turf|base|home|territory) of (?:the )?{s:G}`), conf: 0.7},
		{name: "group pushed into", pred: graph.OperatesIn, guard: guard(`pushed|moved|expand|spread|extend`), re: compile(`(?P<v>pushed|moved|expanded|expands|spread|spreads|extended) (?:out )?(?:of|from) (?:the |its |their )?(?:[a-z-]+ ){0,2}?‹[lc]\d+› (?:[a-z-]+ ){0,3}?into (?:the )?(?:(?:[a-z-]+|‹d\d+›) ){0,2}?{LIST:os:CLD}`), conf: 0.65, far: "G"},
		{name: "demonym groups, particularly X", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{o:D} (?:[a-z-]+ )?(?:cartels|gangs|groups|organizations|mafias|militias), (?:particularly|especially|including|notably|such as|like|chiefly|mainly) (?:the )?{LIST:ss:G}`), conf: 0.7},
		{name: "body, the body", pred: graph.PartOf, guard: guard(`bureau|agency|office|unit|division|component|directorate|branch|service|command`), re: compile(`{o:A} (?:bureau|agency|office|unit|division|component|directorate|branch|service|command), (?:the )?{s:A}`), conf: 0.7},
		{name: "coalition including", pred: graph.PartOf, guard: guard(`coalition|alliance|federation|umbrella|network|bloc`), re: compile(`{o:G}, (?:a|an|the) (?:[a-z-]+ ){0,2}(?:coalition|alliance|federation|umbrella group|network|bloc)\b[^.;"]{0,120}?(?:including|among them|made up of|comprising|composed of|such as|that (?:united|unites|brought together|brings together|groups|grouped)) (?:[a-z-]+ ){0,3}?(?:the )?{LIST:ss:G}`), conf: 0.7},
		{name: "place's place", pred: graph.PartOf, guard: guard("'s"), re: compile(`{o:CL}'s (?:[a-z-]+ )?{s:L}`), conf: 0.7},
		{name: "place's town of", pred: graph.PartOf, guard: guard(`town|city|village|community|municipality|port`), re: compile(`{o:L} (?:town|city|village|community|municipality|port) of {s:L}`), conf: 0.75},
		{name: "place, a community in", pred: graph.PartOf, guard: guard(`town|city|village|community|municipality|port|capital`), re: compile(`{s:L}, (?:a|an|the) (?:[a-z-]+ ){0,2}(?:town|city|village|community|municipality|port|port city|capital) (?:in|of) (?:the )?(?:‹[cl]\d+›'s )?(?:[a-z-]+ ){0,2}{o:CL}`), conf: 0.7},
		{name: "in place, group", pred: graph.OperatesIn, guard: guard("in"), re: compile(`(?P<v>in) (?:the )?(?:[a-z-]+ ){0,2}?{o:CL}(?: and (?:the )?(?:[a-z-]+ ){0,2}?‹[cl]\d+›)?, (?:the )?(?:[a-z-]+ ){0,2}?{LIST:ss:G} (?:[a-z-]+ )?(?:is|are|was|were|has|have|had|control|controls|controlled|run|runs|ran|operate|operates|operated|dominate|dominates|dominated|fight|fights|fought|traffic|traffics|trafficked|extort|extorts|extorted|recruit|recruits|recruited|move|moves|moved|smuggle|smuggles|smuggled|use|uses|used|hold|holds|held)\b`), conf: 0.6},
		{name: "place, also in place", pred: graph.PartOf, guard: guard("in"), re: compile(`{s:L}, (?:also |which is |located |just |both )?in (?:the )?(?:(?:northern|southern|eastern|western|central|border|coastal) )?(?:(?:state|province|department|region|municipality) of )?{o:CL}(?:[,;.]|$| (?:and|but|about|where|near)\b)`), conf: 0.65},
		{name: "place, where group", pred: graph.OperatesIn, guard: guard("where"), re: compile(`{o:CL}(?: (?:region|state|province|department|area|valley|port|city|town|border|municipality|jungle|district))?,? where (?:the )?(?:[a-z-]+ ){0,3}?{LIST:ss:G}`), conf: 0.6},
		{name: "place controlled by group", pred: graph.OperatesIn, guard: guard(`controlled|dominated|held|run`), re: compile(`{o:CL} (?:(?:[a-z-]+|‹d\d+›) ){0,3}?(?:controlled|dominated|held|run) by (?:the )?(?:[a-z-]+ ){0,2}?{LIST:ss:G}`), conf: 0.7},
		{name: "group-controlled place", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{s:G}-(?:controlled|dominated|held|run) (?:(?:[a-z-]+ ){0,3}?(?:in|of|across) (?:the )?)?{o:CL}`), conf: 0.7},
		{name: "group's presence in", pred: graph.OperatesIn, guard: guard(`presence|operations|activit|expansion|foothold|influence|grip|hold|control|footprint`), re: compile(`{s:G}(?:'s|’s)? (?:[a-z-]+ )?(?:presence|operations|activities|expansion|foothold|influence|grip|hold|control|footprint) (?:in|over|across|throughout) (?:the )?(?:(?:[a-z-]+|‹d\d+›) ){0,2}?{LIST:os:CL}`), conf: 0.7},
		{name: "group fights for control of place", pred: graph.OperatesIn, guard: guard(`fight|battl|war|disput|vie|vying|compet|contest`), re: compile(`(?P<v>fighting|fight|fights|fought|battling|battle|battles|battled|warring|vying|vie|vies|competing|compete|competes|disputing|dispute|disputes|disputed|contest|contests|contested|contesting) (?:(?:with|against) (?:the )?‹g\d+› )?(?:for|over) (?:the )?(?:control of |territory in |routes in |turf in )?(?:the )?(?:(?:[a-z-]+|‹d\d+›) ){0,2}?{LIST:os:CL}`), conf: 0.65, far: "G"},
		{name: "members of group in place", pred: graph.OperatesIn, guard: guard(`members|fighters|cell|factions|operatives|militants|guerrillas|dissidents|units|camps|laboratories|labs|front|gunmen|hitmen`), re: compile(`(?P<v>members|fighters|cells|factions|operatives|militants|guerrillas|dissidents|units|camps|laboratories|labs|fronts|front|cell|gunmen|hitmen) of (?:the )?{s:G} (?:(?:[a-z-]+ ){0,2}?)(?:in|across|along|throughout) (?:the )?(?:(?:[a-z-]+|‹d\d+›) ){0,2}?{LIST:os:CL}`), conf: 0.65},
		{name: "group's fighters in place", pred: graph.OperatesIn, guard: guard(`fighters|members|guerrilla|cells|dissidents|rebels|militants|gunmen|factions|units|fronts|front|operatives|labs|laborator|routes|camps`), re: compile(`{LIST:ss:G}(?:'s|’s)? (?:[a-z-]+ )?(?:fighters|members|guerrillas|cells|dissidents|rebels|militants|gunmen|factions|units|fronts|front|operatives|labs|laboratories|routes|camps) (?:(?:are|were|is|was|have been|remain|operate|operating|based|active|still) ){0,2}(?:in|across|along|throughout) (?:the )?(?:(?:[a-z-]+|‹d\d+›) ){0,2}?{LIST:os:CL}`), conf: 0.65},
		{name: "group acts in place", pred: graph.OperatesIn, guard: guard(`extort|recruit|smuggl|traffick|traffics|launder|kidnap|sell|sold|ship|produc|cultivat|terroriz|appeared|surfaced|settled|establish|emerged|clash`), re: compile(`(?P<v>extorts?|extorted|extorting|recruits?|recruited|recruiting|smuggles?|smuggled|smuggling|traffics|trafficked|trafficking|launders?|laundered|kidnaps?|kidnapped|sells?|sold|ships?|shipped|produces?|produced|cultivates?|cultivated|terrorizes?|terrorized|appeared|surfaced|settled|established|emerged|clashed|clash|clashes) (?:(?:[a-z-]+|‹d\d+›) ){0,5}?(?:in|across|throughout) (?:the )?(?:(?:[a-z-]+|‹d\d+›) ){0,2}?{LIST:os:CL}`), conf: 0.6, far: "G"},
		{name: "place-based group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{o:CL}-based (?:[a-z-]+ )?{s:G}`), conf: 0.75},
		// PART_OF
		{name: "body's body", pred: graph.PartOf, guard: guard("'s"), re: compile(`{o:CA}'s (?:[a-z-]+ ){0,2}{s:A}`), conf: 0.75},
		{name: "inside agency", pred: graph.PartOf, guard: guard(`inside|within`), re: compile(`^(?:inside|within) (?:the )?{o:A}, (?:[^‹]*? )?(?:the )?{s:A}`), conf: 0.6},
		{name: "faction of", pred: graph.PartOf, guard: guard(`faction|cell|wing|offshoot|splinter|branch|arm`), re: compile(`{s:G},? (?:a|an|the|which is a) (?:[\w-]+ ){0,2}(?:faction|cell|wing|offshoot|splinter group|branch|arm) of (?:the )?{o:G}`), conf: 0.85},
		{name: "group's faction", pred: graph.PartOf, guard: guard(`faction`), re: compile(`{o:G}'s {s:G} faction`), conf: 0.85},
		{name: "group's group", pred: graph.PartOf, guard: guard("'s|’s"), re: compile(`{o:G}(?:'s|’s) (?:[a-z-]+ )?{s:G}`), conf: 0.75},
		{name: "faction of group", pred: graph.PartOf, guard: guard(`faction`), re: compile(`{s:G} faction of (?:the )?{o:G}`), conf: 0.85},
		{name: "part of", pred: graph.PartOf, guard: guard(`part of|unit of|division of|component of|branch of`), re: compile(`{s:AGL},? (?:is |are |was |a |an )?(?:part|unit|division|component|branch) of (?:the )?{o:ACGL}`), conf: 0.8},
		// ISSUED
		{name: "signed policy", pred: graph.Issued, guard: issued, re: compile(`{s:PCA} (?:\w+ ){0,2}?(?:signed|issued|launched|announced|unveiled|enacted|introduced|approved|adopted|implemented|established|created|decreed|promulgated|passed|declared|has signed|has issued|has passed|has approved)(?: (?:the|a|an|its|his|her|their|new))*(?: [\w-]+){0,2}? {o:Y}`), conf: 0.85, alleged: true},
		{name: "person's policy", pred: graph.Issued, guard: issued, re: compile(`{s:PCA}'s {o:Y}`), conf: 0.75},
		{name: "policy issued by", pred: graph.Issued, guard: issued, re: compile(`{o:Y},? (?:which was |was |were |that was |has been |had been )?(?:signed|issued|launched|announced|unveiled|enacted|introduced|adopted|approved|passed|declared|decreed|drafted|sponsored|proposed|authored|put forward|tabled) (?:\w+ )?(?:into law )?by (?:the )?{LIST:ss:PCA}`), conf: 0.85},
		// REPLACED
		{name: "replaced by", pred: graph.Replaced, guard: guard(`replac|supersed|succeed|successor`), re: compile(`{o:Y},? (?:was|were|has been|had been|is being|will be) (?:\w+ )?(?:replaced|superseded|succeeded) by (?:the )?{s:Y}`), conf: 0.9},
		{name: "replaces", pred: graph.Replaced, guard: guard(`replac|supersed|succeed|successor`), re: compile(`{s:Y},? (?:which |that )?(?:replaced|replaces|superseded|supersedes|succeeded|succeeds|replacing|superseding) (?:the )?(?:[a-z-]+ )?{o:Y}`), conf: 0.85},
		{name: "successor to", pred: graph.Replaced, guard: guard(`successor`), re: compile(`{s:Y},? (?:the )?successor (?:to|of) (?:the )?{o:Y}`), conf: 0.85},
		// ACCUSED
		{name: "accuses X of", pred: graph.Accused, guard: guard(`accus`), re: compile(`(?P<v>accused|accuses|accuse|accusing) (?:the )?{Q}{o:*}(?:, (?:known as|alias|also known as|a|an|the) [^‹;]{1,50}?,"?)? of (?P<a>"?[^,;.—"]+)`), conf: 0.85, attr: graph.AttrOf},
		{name: "X, who S accuse of", pred: graph.Accused, guard: guard(`accus|alleg`), re: compile(`{o:*},? (?:(?:a|an|the) [^,;"‹]{0,40}?(?:‹[dlc]\d+› [^,;"‹]{0,20}?(?:(?:known as|alias|nicknamed) "[^"‹]{1,30}"[, ]*)?)?)?who(?:m)? {s:PCA} (?:\w+ )?(?:accuse|accuses|accused|allege|alleges|alleged) (?:of )?(?P<a>"?[^,;.—"]+)`), conf: 0.8, attr: graph.AttrOf},
		{name: "alleges that", pred: graph.Accused, guard: guard(`alleg|claim|charg`), re: compile(`{s:PCA} (?:\w+ )?(?:alleges|alleged|allege|claims|claimed|charges|charged|says|said) that (?:the )?{o:GP} (?P<a>[^,;.—"]+)`), conf: 0.7, attr: graph.AttrOf},
		{name: "said X leads", pred: graph.Accused, guard: guard(`said|says|alleg|claim|charg|accus`), re: compile(`{s:CA} (?:\w+ ){0,2}?(?:said|says|alleges|alleged|claims|claimed|charged|charges|maintains|insists) (?:that )?(?:the )?{Q}{o:GP} (?P<a>(?:leads|led|runs|ran|heads|headed|controls|traffick|smuggl|launder|finance|protect|support|colludes|works with|is linked|was linked|are linked|belongs)[^,;.—"]*)`), conf: 0.65, attr: graph.AttrOf},
		{name: "S claims linking X", pred: graph.Accused, guard: guard(`claim|allegation|accusation|charge`), re: compile(`{s:PCA}(?:'s)? (?:claims?|allegations?|accusations?|charges?) (?:linking|tying|connecting|that|against|of) (?:the )?{Q}{o:*}(?P<a>[^,;.—"]*)`), conf: 0.7, attr: graph.AttrOf},
		{name: "charged X with", pred: graph.Accused, guard: guard(`charg|indict`), re: compile(`{s:CA} (?:\w+ )?(?:charged|indicted|charges|indicts) (?:the )?{Q}{o:*}(?: and [^‹,;.]{1,30}?)? (?:with|for|on|of) (?P<a>[^,;.—"]+)`), conf: 0.85, attr: graph.AttrOf},
		{name: "X accused by S", pred: graph.Accused, guard: guard(`accus|charg|indict`), re: compile(`{o:*},? (?:was|were|has been|have been|is|are|had been) (?:\w+ )?(?:accused|charged|indicted) by (?:the )?(?:‹[cd]\d+› )?{s:PCA} (?:of|with) (?P<a>[^,;.—"]+)`), conf: 0.85, attr: graph.AttrOf},
		{name: "blamed X for", pred: graph.Accused, guard: guard(`blam`), re: compile(`(?P<v>blamed|blames|blame|blaming) (?:the )?{Q}{o:*} for (?P<a>"?[^,;.—"]+)`), conf: 0.75, attr: graph.AttrOf},
		{name: "linked X to", pred: graph.Accused, guard: guard(`link|tied|ties`), re: compile(`(?P<v>linked|links|tied|ties) (?:the )?{Q}{o:*} to (?P<a>"?[^,;.—"]+)`), conf: 0.7, attr: graph.AttrOf},
		// OPPOSES
		{name: "opposed by", pred: graph.Opposes, guard: guard(`reject|oppos|condemn|critici|denounc|voted`), re: compile(`{o:*},? (?:which |that )?(?:was|were|has been|have been|had been|is|are) (?:\w+ )?(?:rejected|opposed|condemned|criticized|criticised|denounced) by (?:the )?(?:‹[cd]\d+›(?:'s|’s)? )?{s:PCAO}`), conf: 0.75},
		{name: "voted against", pred: graph.Opposes, guard: guard(`voted`), re: compile(`{s:PCAO} (?:\w+ ){0,2}?voted against (?:the )?(?:[a-z-]+ ){0,2}?{o:Y}`), conf: 0.75},
		// LEADS
		{name: "accused of leading", pred: graph.Leads, guard: guard(`accus|alleg`), re: compile(`(?:accus\w+|alleg\w+) (?:\w+ )?{Q}{s:P} of (?:leading|heading|running|directing|commanding) (?:the )?{o:GOA}`), conf: 0.7, always: true},
		{name: "led by", pred: graph.Leads, guard: guard(`led by|headed by|founded by|run by`), re: compile(`{o:GOA}(?:,|—| —| -)? ?(?:which is |which was |is |was )?(?:led|headed|founded|co-founded|run) by (?:(?:[\w-]+|‹[CDT]\d+›) ){0,3}{s:P}`), conf: 0.8},
		{name: "one of the group's leaders", pred: graph.Leads, guard: guard(`leader|founder|commander|boss|chief|head|kingpin`), re: compile(`{s:P},? (?:(?:is |was )?one of |a |the |an )?(?:the )?(?:former |top |main |senior |alleged )?{o:G}'s (?:[a-z-]+ )?(?:leaders?|founders?|co-founders?|commanders?|bosses|boss|chiefs?|heads?|kingpins?)\b`), conf: 0.75},
		{name: "leads", pred: graph.Leads, guard: guard(`lead|led|head|found|run|ran`), re: compile(`(?P<v>leads|led|lead|heads|head|headed|founded|co-founded|runs|run|ran) (?:the )?{o:GOA}(?:$|[^'’])`), conf: 0.75, far: "P"},
		// DIRECTED
		{name: "directed agency to", pred: graph.Directed, guard: guard(`direct|order|instruct|task|told|authori|command|asked`), re: compile(`{s:P}(?:,? (?:who|whose) [^,;"]{1,60}?,)?(?:, who (?:also |has |had )*| (?:\w+ ){0,2}?)(?:directed|ordered|instructed|tasked|told|authorized|authorised|commanded|asked) (?:the )?(?:‹c\d+›(?:'s|’s) (?:own )?|‹d\d+› )?{o:A} (?:to|with) (?P<a>[^,;—"]+)`), conf: 0.85, attr: graph.AttrAction, alleged: true},
		{name: "instrument directs agency", pred: graph.Directed, guard: guard(`direct|order|instruct|task|authori|command`), re: compile(`{s:Y} (?:\w+ ){0,2}?(?:directed|directs|ordered|orders|instructed|instructs|tasked|tasks|authorized|authorizes|authorised|authorises|commanded) (?:the )?{o:A} to (?P<a>"?[^,;—"]+)`), conf: 0.7, attr: graph.AttrAction},
		{name: "directive that authorizes", pred: graph.Directed, guard: guard(`directive|order|memorand|memo|decree`), re: compile(`{s:P} (?:\w+ ){0,2}?(?:signed|issued|approved) (?:a|an|the) (?:[\w-]+ ){0,3}?(?:directive|order|memorandum|memo|decree),? (?:that |which )?(?:authorizes|authorized|directs|directed|orders|ordered|instructs|instructed|allows|allowed|tasks|tasked) (?:the )?{o:A} to (?P<a>[^,;—"]+)`), conf: 0.8, attr: graph.AttrAction, alleged: true},
		{name: "person's directive to", pred: graph.Directed, guard: guard(`directive|order|instruction`), re: compile(`{s:P}'s (?:[\w-]+ )?(?:directive|order|instructions?) to (?:the )?{o:A}(?: to (?P<a>[^,;—"]+))?`), conf: 0.7, attr: graph.AttrAction},
		{name: "agency directed by", pred: graph.Directed, guard: guard(`direct|order|instruct|task`), re: compile(`{o:A} (?:was|were|has been|have been|had been) (?:directed|ordered|instructed|tasked) by {Q}{s:P} to (?P<a>[^,;—"]+)`), conf: 0.85, attr: graph.AttrAction},
		// SANCTIONED
		{name: "sanctioned X", pred: graph.Sanctioned, guard: guard(`sanction|blacklist`), re: compile(`{s:CA}(?: \(‹[ca]\d+›\))? (?:\w+ ){0,2}?(?:sanctioned|sanctions|blacklisted|blacklists) (?:the )?(?:(?:(?:[a-z-]+|‹d\d+›),? ){1,14}?(?:including|such as|among them|notably) (?:[a-z-]+ |‹[td]\d+› ){0,3}?)?{LIST:os:*}(?: (?:in|on|since) [^‹;.,]{1,30}? and (?:the )?{o:*})?`), conf: 0.85},
		{name: "imposed sanctions on", pred: graph.Sanctioned, guard: guard(`sanction`), re: compile(`{s:CA}(?: \(‹[ca]\d+›\))? (?:\w+ ){0,2}?(?:imposed|announced|levied|slapped|placed|issued) (?:[\w-]+ ){0,3}?sanctions (?:on|against) (?:[\w-]+[ ,]+){0,5}?(?:including |such as |like |namely )?(?:the )?{LIST:os:*}`), conf: 0.85},
		{name: "S sanctions on X", pred: graph.Sanctioned, guard: guard(`sanction`), re: compile(`{s:CAD}(?:'s)? (?:[a-z-]+ )?sanctions (?:on|against) (?:the )?{Q}{LIST:os:*}`), conf: 0.8},
		{name: "agency designates", pred: graph.Sanctioned, guard: guard(`designat`), unless: []string{"terror", "fto", "sdgt"}, re: compile(`(?P<v>designated|designates|designating|designate) (?:(?:today|also|on \w+ \d+(?:, \d+)?),? )?:? ?(?:the )?{LIST:os:PGO}`), conf: 0.75, far: "A"},
		{name: "designated by agency", pred: graph.Sanctioned, guard: guard(`designat`), unless: []string{"terror", "fto", "sdgt"}, re: compile(`{LIST:os:PGO},? (?:which |who |that )?(?:was|were|has been|have been|had been|is|are) (?:\w+ ){0,2}?designated by (?:the )?(?:‹[cd]\d+›(?:'s|’s)? )?{s:A}`), conf: 0.75},
		{name: "froze assets of", pred: graph.Sanctioned, guard: guard(`froze|freez`), re: compile(`{s:CA}(?: \(‹[ca]\d+›\))? (?:\w+ ){0,2}?(?:froze|frozen|freezes|freeze) (?:the )?(?:[\w-]+ )?(?:assets|accounts|property|funds) of (?:the )?{LIST:os:*}`), conf: 0.85},
		{name: "under sanctions", pred: graph.Sanctioned, guard: guard(`sanction`), re: compile(`{o:*},? (?:has been|have been|had been|was|were|is|are|remains?|remained) (?:\w+ )?under (?:the )?{s:CA}(?:'s)? (?:[a-z-]+ )?sanctions`), conf: 0.8},
		{name: "X, a group that S sanctioned", pred: graph.Sanctioned, guard: guard(`sanction|blacklist`), re: compile(`{o:*},? (?:(?:a|an|the) [^,;"‹]{0,40}?)?(?:that|which|whom|who) (?:the )?{s:CA} (?:\w+ ){0,2}?(?:sanctioned|blacklisted|has sanctioned|had sanctioned)\b`), conf: 0.8},
		{name: "sanctioned by", pred: graph.Sanctioned, guard: guard(`sanction|blacklist`), re: compile(`{LIST:os:*},? (?:which |who |that |whom )?(?:was|were|has been|have been|had been|is|are) (?:\w+ )?(?:sanctioned|blacklisted) by (?:the )?(?:‹[cd]\d+› )?{s:CA}`), conf: 0.85},
	}
}
