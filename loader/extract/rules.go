package extract

import (
	"regexp"
	"strings"
	"unicode"

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
			return `(?P<` + g[2] + `>` + one + `(?:(?:,|,? and|,? or|,? as well as) (?:the )?` + one + `)*)`
		}
		return `(?P<` + g[2] + `>` + one + `)`
	})
	// the patterns run on the ASCII-lower-cased sentence (asciiLower), which
	// keeps its byte offsets: no case folding to pay for
	p = strings.ToLower(strings.ReplaceAll(p, `(?P<`, "\x00"))
	return regexp.MustCompile(strings.ReplaceAll(p, "\x00", `(?P<`))
}

// asciiLower lower-cases the ASCII letters of s, keeping every byte offset.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// guard lists the |-separated words a sentence must contain for a rule to run:
// a cheap test before the regular expression.
func guard(words string) []string {
	return strings.Split(words, "|")
}

// guarded reports whether the sentence has one of the guard words: a word of
// it starts with the guard's first word ("accus" for "accused"), or, for
// "‹g", a criminal group is named.
func guarded(ws *sentWords, words []string) bool {
	if words == nil {
		return true
	}
	for _, w := range words {
		if ws.has(w) {
			return true
		}
	}
	return false
}

// guardIndex numbers every guard word, for sentWords.
type guardIndex struct {
	id     map[string]int
	maxLen int
}

func newGuardIndex(rules []rule) *guardIndex {
	gi := &guardIndex{id: map[string]int{}}
	add := func(w string) {
		if i := strings.IndexByte(w, ' '); i > 0 {
			w = w[:i]
		}
		if _, ok := gi.id[w]; !ok {
			gi.id[w] = len(gi.id)
			gi.maxLen = max(gi.maxLen, len(w))
		}
	}
	for _, r := range rules {
		for _, w := range r.guard {
			add(w)
		}
	}
	for _, w := range familyGuards() {
		add(w)
	}
	return gi
}

// sentWords records which guard words a masked sentence has.
type sentWords struct {
	gi     *guardIndex
	bits   []bool
	groups bool
	poss   bool
}

func (gi *guardIndex) words(lower string) *sentWords {
	ws := &sentWords{gi: gi, bits: make([]bool, len(gi.id)), groups: strings.Contains(lower, "‹g"), poss: strings.Contains(lower, "'s")}
	mark := func(w string) {
		for l := 1; l <= len(w) && l <= gi.maxLen; l++ {
			if id, ok := gi.id[w[:l]]; ok {
				ws.bits[id] = true
			}
		}
	}
	start := -1
	for i, r := range lower {
		in := r >= 'a' && r <= 'z' || r == '-' || r >= 0xC0 && unicode.IsLetter(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			mark(lower[start:i])
			start = -1
		}
	}
	if start >= 0 {
		mark(lower[start:])
	}
	return ws
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

// familyGuards lists the guard words of the rule families of relations.go.
func familyGuards() []string {
	return []string{"terror", "narco", "fto", "sdgt", "list", "include", "among", "reward", "bount",
		"cooperat", "co-operat", "coordinat", "collaborat", "intelligence", "working", "joint", "agreement",
		"pact", "deal", "partnership", "together", "teamed", "reject", "oppos", "condemn", "denounc",
		"dismiss", "critici", "protest", "rebuk", "slam", "refus", "unacceptable", "echo", "shared",
		"backed", "repeated", "not", "allow", "accept", "permit", "tolerat", "no", "invasion",
		"intervention", "foreign", "red", "line"}
}

// withAnchors fills the anchored form of the rules that begin with their verb.
func withAnchors(rules []rule) []rule {
	for i := range rules {
		if strings.HasPrefix(rules[i].re.String(), "(?P<v>") && rules[i].guard != nil {
			rules[i].anchored = regexp.MustCompile(`^(?:` + rules[i].re.String() + `)`)
		}
	}
	return rules
}

// matches returns the matches of rule r in the lower-cased masked sentence.
func (r *rule) matches(lower string) [][]int {
	if r.anchored == nil {
		return r.re.FindAllStringSubmatchIndex(lower, -1)
	}
	var out [][]int
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
	issued := guard(`sign|issu|launch|announc|unveil|enact|introduc|approv|adopt|implement|establish|creat|decree|promulgat|'s|’s`)
	return []rule{
		// OPERATES_IN
		{name: "country's group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{o:CL}'s (?:[a-z-]+ )?{s:G}`), conf: 0.8},
		{name: "demonym group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{o:D} {s:G}`), conf: 0.7},
		{name: "group, a demonym gang", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{s:G}, (?:a|an|another|the) (?:[\w-]+ ){0,3}?{o:D} (?:[\w-]+ )?(?:gang|cartel|group|organization|faction|militia|network|mafia|criminal)`), conf: 0.75},
		{name: "group, the country's group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{s:G}, (?:the )?{o:CL}'s (?:[\w-]+ ){0,3}?(?:group|gang|cartel|organization|militia|network|faction|mafia)`), conf: 0.75},
		{name: "groups in place", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{LIST:ss:G} (?:(?:is |are )?(?:based|operating|active|headquartered) )?in (?:the )?{o:CL}`), conf: 0.6},
		{name: "group operates in", pred: graph.OperatesIn, guard: guard(`operat|based|control|dominat|active|sway|spread|expand|presence|present`), re: compile(`(?P<v>operates?|operating|is based|are based|based|controls?|controlling|dominates?|is active|are active|holds? sway|has spread|spread|spreads|expanded|expands|has a presence|presence|is present|are present) (?:(?:mainly|mostly|primarily|largely|most|much|parts|of|in|into|to|across|throughout|the|[a-z]+ly) ){0,4}?{LIST:os:CL}`), conf: 0.7, far: "G"},
		{name: "place-based group", pred: graph.OperatesIn, guard: guard("‹g"), re: compile(`{o:CL}-based (?:[a-z-]+ )?{s:G}`), conf: 0.75},
		// PART_OF
		{name: "body's body", pred: graph.PartOf, guard: guard("'s"), re: compile(`{o:CA}'s (?:[a-z-]+ ){0,2}{s:A}`), conf: 0.75},
		{name: "inside agency", pred: graph.PartOf, guard: guard(`inside|within`), re: compile(`^(?:inside|within) (?:the )?{o:A}, (?:[^‹]*? )?(?:the )?{s:A}`), conf: 0.6},
		{name: "faction of", pred: graph.PartOf, guard: guard(`faction|cell|wing|offshoot|splinter|branch|arm`), re: compile(`{s:G},? (?:a|an|the|which is a) (?:[\w-]+ ){0,2}(?:faction|cell|wing|offshoot|splinter group|branch|arm) of (?:the )?{o:G}`), conf: 0.85},
		{name: "group's faction", pred: graph.PartOf, guard: guard(`faction`), re: compile(`{o:G}'s {s:G} faction`), conf: 0.85},
		{name: "faction of group", pred: graph.PartOf, guard: guard(`faction`), re: compile(`{s:G} faction of (?:the )?{o:G}`), conf: 0.85},
		{name: "part of", pred: graph.PartOf, guard: guard(`part of|unit of|division of|component of|branch of`), re: compile(`{s:AGL},? (?:is |are |was |a |an )?(?:part|unit|division|component|branch) of (?:the )?{o:ACGL}`), conf: 0.8},
		// ISSUED
		{name: "signed policy", pred: graph.Issued, guard: issued, re: compile(`{s:PCA} (?:\w+ ){0,2}?(?:signed|issued|launched|announced|unveiled|enacted|introduced|approved|adopted|implemented|established|created|decreed|promulgated)(?: (?:the|a|an|its|his|her|their|new))*(?: [\w-]+){0,2}? {o:Y}`), conf: 0.85, alleged: true},
		{name: "person's policy", pred: graph.Issued, guard: issued, re: compile(`{s:PCA}'s {o:Y}`), conf: 0.75},
		{name: "policy issued by", pred: graph.Issued, guard: issued, re: compile(`{o:Y},? (?:which was |was |were )?(?:signed|issued|launched|announced|unveiled|enacted|introduced|adopted) (?:\w+ )?by (?:the )?{s:PCA}`), conf: 0.85},
		// REPLACED
		{name: "replaced by", pred: graph.Replaced, guard: guard(`replac|supersed|succeed|successor`), re: compile(`{o:Y},? (?:was|were|has been|had been|is being|will be) (?:\w+ )?(?:replaced|superseded|succeeded) by (?:the )?{s:Y}`), conf: 0.9},
		{name: "replaces", pred: graph.Replaced, guard: guard(`replac|supersed|succeed|successor`), re: compile(`{s:Y},? (?:which )?(?:replaced|replaces|superseded|supersedes|succeeded|succeeds) (?:the )?{o:Y}`), conf: 0.85},
		{name: "successor to", pred: graph.Replaced, guard: guard(`successor`), re: compile(`{s:Y},? (?:the )?successor (?:to|of) (?:the )?{o:Y}`), conf: 0.85},
		// ACCUSED
		{name: "accuses X of", pred: graph.Accused, guard: guard(`accus`), re: compile(`(?P<v>accused|accuses|accuse|accusing) (?:the )?{Q}{o:*} of (?P<a>[^,;.—"]+)`), conf: 0.85, attr: graph.AttrOf},
		{name: "X, who S accuse of", pred: graph.Accused, guard: guard(`accus|alleg`), re: compile(`{o:*},? who(?:m)? {s:PCA} (?:\w+ )?(?:accuse|accuses|accused|allege|alleges|alleged) (?:of )?(?P<a>[^,;.—"]+)`), conf: 0.8, attr: graph.AttrOf},
		{name: "alleges that", pred: graph.Accused, guard: guard(`alleg|claim|charg`), re: compile(`{s:PCA} (?:\w+ )?(?:alleges|alleged|allege|claims|claimed|charges|charged|says|said) that (?:the )?{o:GP} (?P<a>[^,;.—"]+)`), conf: 0.7, attr: graph.AttrOf},
		{name: "said X leads", pred: graph.Accused, guard: guard(`said|says|alleg|claim|charg|accus`), re: compile(`{s:CA} (?:\w+ ){0,2}?(?:said|says|alleges|alleged|claims|claimed|charged|charges|maintains|insists) (?:that )?(?:the )?{Q}{o:GP} (?P<a>(?:leads|led|runs|ran|heads|headed|controls|traffick|smuggl|launder|finance|protect|support|colludes|works with|is linked|was linked|are linked|belongs)[^,;.—"]*)`), conf: 0.65, attr: graph.AttrOf},
		{name: "S claims linking X", pred: graph.Accused, guard: guard(`claim|allegation|accusation|charge`), re: compile(`{s:PCA}(?:'s)? (?:claims?|allegations?|accusations?|charges?) (?:linking|tying|connecting|that|against|of) (?:the )?{Q}{o:*}(?P<a>[^,;.—"]*)`), conf: 0.7, attr: graph.AttrOf},
		{name: "charged X with", pred: graph.Accused, guard: guard(`charg|indict`), re: compile(`{s:CA} (?:\w+ )?(?:charged|indicted|charges|indicts) (?:the )?{Q}{o:*} (?:with|for|on|of) (?P<a>[^,;.—"]+)`), conf: 0.85, attr: graph.AttrOf},
		{name: "X accused by S", pred: graph.Accused, guard: guard(`accus|charg|indict`), re: compile(`{o:*},? (?:was|were|has been|have been|is|are|had been) (?:\w+ )?(?:accused|charged|indicted) by (?:the )?{s:PCA} (?:of|with) (?P<a>[^,;.—"]+)`), conf: 0.85, attr: graph.AttrOf},
		// LEADS
		{name: "accused of leading", pred: graph.Leads, guard: guard(`accus|alleg`), re: compile(`(?:accus\w+|alleg\w+) (?:\w+ )?{Q}{s:P} of (?:leading|heading|running|directing|commanding) (?:the )?{o:GOA}`), conf: 0.7, always: true},
		{name: "led by", pred: graph.Leads, guard: guard(`led by|headed by|founded by|run by`), re: compile(`{o:GOA}(?:,|—| —| -)? ?(?:which is |which was |is |was )?(?:led|headed|founded|co-founded|run) by (?:(?:[\w-]+|‹[CDT]\d+›) ){0,3}{s:P}`), conf: 0.8},
		{name: "leads", pred: graph.Leads, guard: guard(`lead|led|head|found|run|ran`), re: compile(`(?P<v>leads|led|heads|headed|founded|co-founded|runs|ran) (?:the )?{o:GOA}`), conf: 0.75, far: "P"},
		// DIRECTED
		{name: "directed agency to", pred: graph.Directed, guard: guard(`direct|order|instruct|task|told|authori|command|asked`), re: compile(`{s:P} (?:\w+ ){0,2}?(?:directed|ordered|instructed|tasked|told|authorized|authorised|commanded|asked) (?:the )?{o:A} (?:to|with) (?P<a>[^,;—"]+)`), conf: 0.85, attr: graph.AttrAction, alleged: true},
		{name: "directive that authorizes", pred: graph.Directed, guard: guard(`directive|order|memorand|memo|decree`), re: compile(`{s:P} (?:\w+ ){0,2}?(?:signed|issued|approved) (?:a|an|the) (?:[\w-]+ ){0,3}?(?:directive|order|memorandum|memo|decree),? (?:that |which )?(?:authorizes|authorized|directs|directed|orders|ordered|instructs|instructed|allows|allowed|tasks|tasked) (?:the )?{o:A} to (?P<a>[^,;—"]+)`), conf: 0.8, attr: graph.AttrAction, alleged: true},
		{name: "person's directive to", pred: graph.Directed, guard: guard(`directive|order|instruction`), re: compile(`{s:P}'s (?:[\w-]+ )?(?:directive|order|instructions?) to (?:the )?{o:A}(?: to (?P<a>[^,;—"]+))?`), conf: 0.7, attr: graph.AttrAction},
		{name: "agency directed by", pred: graph.Directed, guard: guard(`direct|order|instruct|task`), re: compile(`{o:A} (?:was|were|has been|have been|had been) (?:directed|ordered|instructed|tasked) by {Q}{s:P} to (?P<a>[^,;—"]+)`), conf: 0.85, attr: graph.AttrAction},
		// SANCTIONED
		{name: "sanctioned X", pred: graph.Sanctioned, guard: guard(`sanction|blacklist`), re: compile(`{s:CA} (?:\w+ ){0,2}?(?:sanctioned|sanctions|blacklisted|blacklists) (?:the )?{LIST:os:*}`), conf: 0.85},
		{name: "imposed sanctions on", pred: graph.Sanctioned, guard: guard(`sanction`), re: compile(`{s:CA} (?:\w+ ){0,2}?(?:imposed|announced|levied|slapped|placed|issued) (?:[\w-]+ ){0,3}?sanctions (?:on|against) (?:[\w-]+[ ,]+){0,5}?(?:including |such as |like |namely )?(?:the )?{LIST:os:*}`), conf: 0.85},
		{name: "froze assets of", pred: graph.Sanctioned, guard: guard(`froze|freez`), re: compile(`{s:CA} (?:\w+ ){0,2}?(?:froze|frozen|freezes|freeze) (?:the )?(?:[\w-]+ )?(?:assets|accounts|property|funds) of (?:the )?{LIST:os:*}`), conf: 0.85},
		{name: "sanctioned by", pred: graph.Sanctioned, guard: guard(`sanction|blacklist`), re: compile(`{LIST:os:*},? (?:was|were|has been|have been|had been) (?:\w+ )?(?:sanctioned|blacklisted) by (?:the )?{s:CA}`), conf: 0.85},
	}
}
