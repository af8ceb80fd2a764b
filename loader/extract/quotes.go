package extract

import (
	"regexp"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

var (
	speechVerb = `said|says|say|added|adds|wrote|writes|told|tells|stated|states|noted|notes|argued|argues|explained|warned|warns|cautioned|observed|insisted|insists|stressed|stresses|emphasi[sz]ed|declared|asserted|claimed|claims|remarked|replied|responded|tweeted|posted|recalled|continued|concluded|acknowledged|admitted|announced|asked`
	// "“...,” Rubio said" and "“...,” said Rubio"
	afterQuote = regexp.MustCompile(`^,? ?(?:(?:(?:the )?(?:[a-z]+ )?‹[CDAOTL]\d+›(?:'s)? (?:(?:to|of|for|at) (?:the )?‹[CAOL]\d+›,? )?)*(?P<p>‹P\d+›),? (?:\w+ )?(?:` + speechVerb + `)\b|(?:` + speechVerb + `) (?:the )?(?:‹[CDAOT]\d+›(?:'s)? ){0,3}(?P<p2>‹P\d+›))`)
	// passive reports: "often described in the media as", "known as"
	passiveCue = regexp.MustCompile(`\b(?:often|widely|sometimes|been|being|is|was|were|are|also)\s+(?:\w+\s+)?(?:described|called|dubbed|nicknamed|known|labell?ed|branded|referred to|hailed|seen)\b`)
	// nouns of a person's words: "Trump's suggestion to “bomb drug labs”"
	speechNoun = regexp.MustCompile(`^'s (?:[\w-]+ ){0,3}?(?:suggestion|statement|words|remarks|comments?|message|post|tweet|letter|speech|order|executive order|directive|memo|memorandum|proclamation|declaration|proposal|call|promise|pledge|vow|warning|threat|claim|response|reply|answer|pitch|plan)\b|^'s (?:[\w-]+ ){0,3}?‹Y\d+›`)
	// "According to ‹P›, " just before a quotation
	accordingTo = regexp.MustCompile(`(?i)according to (?:(?:‹[CDAOT]\d+›(?:'s)? )*)(‹P\d+›),? $`)
	introWord   = regexp.MustCompile(`^(?:in|on|at|after|before|following|while|as|although|though|when|since|despite|during|earlier|later|according|for|from|under|with|without|amid|by|to|upon|once|if|unlike|like|still|yet|however|meanwhile|instead|then)\b`)
)

// findSpeakers reads the direct quotations of every sentence and attributes
// them to a named person: "X said", "said X", the subject of the sentence when
// it has a verb of saying, a colon, or the speaker of the sentence before when
// the quotation stands alone. Quotations with no person to attribute them to
// (an agency's statement, a scare quote) are left out.
func (x *Extractor) findSpeakers(d *doc) {
	for si := range d.sents {
		mk := &d.masked[si]
		quotes := quoteSpans(mk.s)
		for _, q := range quotes {
			inner := strings.TrimSpace(x.unmask(d, mk, q[0]+1, q[1]))
			if inner == "" || !hasLetter(inner) {
				continue
			}
			sp := x.speakerOf(d, si, mk, q, quotes)
			if sp < 0 {
				continue
			}
			d.speakers[si] = sp + 1
			var about []int
			for _, k := range mk.slotsIn(q[0], q[1]) {
				if e := mk.slots[k].ent; e >= 0 && mk.slots[k].letter != 'D' && mk.slots[k].letter != 'T' && e != sp {
					d.ents[e].used = true
					about = append(about, e)
				}
			}
			d.ents[sp].used = true
			s := d.sents[si]
			d.stms = append(d.stms, quote{speaker: sp, about: about, stm: graph.Statement{Text: inner,
				Evidence: []graph.Evidence{{Sentence: s.text, Start: s.start, End: s.end, Confidence: 0.8}}}})
		}
	}
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7F {
			return true
		}
	}
	return false
}

// quoteSpans returns the byte spans [open, close] of the quotation marks of s.
func quoteSpans(s string) [][2]int {
	var out [][2]int
	open := -1
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		if open < 0 {
			open = i
		} else {
			out = append(out, [2]int{open, i})
			open = -1
		}
	}
	return out
}

// speakerOf returns the person who says quotation q of sentence si, or -1.
func (x *Extractor) speakerOf(d *doc, si int, mk *masked, q [2]int, all [][2]int) int {
	// after the quotation: "“...,” Rubio said"
	if !speechVerbAhead(mk.lower[q[1]+1:]) {
		// no verb of saying after the quotation: afterQuote cannot match
	} else if m := afterQuote.FindStringSubmatchIndex(mk.s[q[1]+1:]); m != nil {
		for _, g := range []string{"p", "p2"} {
			if a, b := group(afterQuote, m, g); a >= 0 {
				if k := mk.slotAt(q[1]+1+a, q[1]+1+b); k >= 0 {
					return mk.slots[k].ent
				}
			}
		}
	}
	// "According to ‹P›, “…”"
	if i := strings.LastIndex(mk.lower[:q[0]], "according to "); i >= 0 {
		if m := accordingTo.FindStringSubmatchIndex(mk.s[i:q[0]]); m != nil {
			if k := mk.slotAt(i+m[2], i+m[3]); k >= 0 && mk.slots[k].letter == 'P' {
				return mk.slots[k].ent
			}
		}
	}
	// before it: the subject of the clause that introduces it, after the
	// quotation before it in the sentence ("X said “…”, and Y called it “…”")
	start := 0
	if introWord.MatchString(mk.lower) {
		if i := strings.Index(mk.s, ", "); i >= 0 && i < q[0] {
			start = i + 2
		}
	}
	// the clause after the quotation just before this one
	prev := -1
	for _, p := range all {
		if p[1] < q[0] && p[1]+1 > start {
			prev = p[1]
		}
	}
	if prev >= 0 {
		if k := x.clauseSpeaker(d, si, mk, prev+1, q); k >= 0 {
			return k
		}
	}
	return x.clauseSpeaker(d, si, mk, start, q)
}

// clauseSpeaker returns the person whose clause, from byte start of the masked
// sentence, introduces quotation q, or -1; the speaker of the sentence before
// when the quotation stands alone.
func (x *Extractor) clauseSpeaker(d *doc, si int, mk *masked, start int, q [2]int) int {
	for _, sl := range mk.slots {
		at := sl.at
		if at < start || at >= q[0] || quoteAt(mk.s, at) {
			continue
		}
		rest := mk.s[sl.to:]
		if sl.letter == 'T' || sl.letter == 'D' || strings.HasPrefix(rest, " ‹T") || strings.HasPrefix(rest, "'s ‹T") || strings.HasPrefix(rest, " ‹P") {
			continue // qualifiers of the name that follows
		}
		if prepositions[lastWordOf(mk.s[:at])] {
			continue
		}
		if sl.letter != 'P' {
			return -1 // an agency, a country, a group speaks: not a person's statement
		}
		if strings.HasPrefix(rest, "'s") && !speechNoun.MatchString(rest) {
			return -1 // "Trump's posture ... as “terrorist organizations”"
		}
		between := mk.lower[sl.to:q[0]]
		if hasPassiveCue(between) && !strings.Contains(between, ",") {
			return -1
		}
		if hasPassiveCue(lastClause(between)) {
			return -1
		}
		if hasSpeechCue(between) || strings.HasPrefix(rest, "'s") {
			return sl.ent
		}
		return -1
	}
	// a quotation standing alone continues the speaker of the sentence before
	if start == 0 && strings.TrimSpace(strings.Trim(mk.s[:q[0]], " ")) == "" && si > 0 {
		if sp, ok := d.speakers[si-1]; ok {
			return sp - 1
		}
		prev := &d.masked[si-1]
		if sp := x.mainSubject(d, prev); sp >= 0 && d.ents[sp].typ == graph.Person && hasSpeechCue(prev.lower) && len(quoteSpans(prev.s)) == 0 {
			return sp
		}
	}
	return -1
}

// speechWords and speechPrefixes are the words of saying (and prefixes of
// them) between a speaker and a quotation, for hasSpeechCue.
var (
	speechWords    = map[string]bool{"said": true, "says": true, "say": true, "added": true, "adds": true, "wrote": true, "writes": true, "told": true, "tells": true, "stated": true, "states": true, "noted": true, "notes": true, "argued": true, "argues": true, "explained": true, "warned": true, "warns": true, "cautioned": true, "observed": true, "insisted": true, "insists": true, "stressed": true, "stresses": true, "declared": true, "asserted": true, "claimed": true, "claims": true, "remarked": true, "replied": true, "responded": true, "tweeted": true, "posted": true, "recalled": true, "continued": true, "concluded": true, "acknowledged": true, "admitted": true, "announced": true, "asked": true, "saying": true, "stating": true, "adding": true, "writing": true, "telling": true, "noting": true, "arguing": true, "warning": true, "cautioning": true, "insisting": true, "stressing": true, "emphasising": true, "emphasizing": true, "declaring": true, "asserting": true, "claiming": true, "calling": true, "called": true, "calls": true, "describing": true, "described": true, "describes": true, "unequivocal": true, "statement": true, "remarks": true, "interview": true, "comment": true, "comments": true, "speech": true, "post": true, "message": true, "letter": true, "order": true, "directive": true, "memo": true, "emphasised": true, "emphasized": true}
	speechPrefixes = []string{"vow", "pledg", "promis", "suggest", "highlight", "cit", "urg", "affirm", "label",
		"brand", "dubb", "term", "characteris", "characteriz", "denounc", "reject", "accus", "question", "threaten", "predict"}
)

// speechVerbs are the words of speechVerb, for speechVerbAhead.
var speechVerbs = map[string]bool{"said": true, "says": true, "say": true, "added": true, "adds": true, "wrote": true, "writes": true, "told": true, "tells": true, "stated": true, "states": true, "noted": true, "notes": true, "argued": true, "argues": true, "explained": true, "warned": true, "warns": true, "cautioned": true, "observed": true, "insisted": true, "insists": true, "stressed": true, "stresses": true, "emphasised": true, "emphasized": true, "declared": true, "asserted": true, "claimed": true, "claims": true, "remarked": true, "replied": true, "responded": true, "tweeted": true, "posted": true, "recalled": true, "continued": true, "concluded": true, "acknowledged": true, "admitted": true, "announced": true, "asked": true}

// speechVerbAhead reports whether one of the first words of s (a dozen, past
// the name of a speaker) is a verb of saying.
func speechVerbAhead(s string) bool {
	n := 0
	for i := 0; i < len(s) && n < 16; {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if speechVerbs[s[i:j]] {
			return true
		}
		n++
		i = j
	}
	return false
}

// hasSpeechCue reports whether s has a cue of speech between a speaker and a
// quotation, without a regular expression: a word of
// saying (or a prefix of one), "made clear", or a colon at the end.
func hasSpeechCue(s string) bool {
	if strings.HasSuffix(strings.TrimRight(s, " \t"), ":") {
		return true
	}
	if strings.Contains(s, "made clear") || strings.Contains(s, "made it clear") || strings.Contains(s, "makes clear") || strings.Contains(s, "makes it clear") {
		return true
	}
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		w := s[i:j]
		if i == 0 || !isWordByte(s[i-1]) {
			if speechWords[w] {
				return true
			}
			for _, p := range speechPrefixes {
				if strings.HasPrefix(w, p) {
					return true
				}
			}
		}
		i = j
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// hasPassiveCue is passiveCue.MatchString, run only when a participle it
// needs is there.
func hasPassiveCue(s string) bool {
	for _, w := range []string{"described", "called", "dubbed", "nicknamed", "known", "label", "branded", "referred", "hailed", "seen"} {
		if strings.Contains(s, w) {
			return passiveCue.MatchString(s)
		}
	}
	return false
}

// lastClause returns the text after the last comma of s.
func lastClause(s string) string {
	if i := strings.LastIndex(s, ","); i >= 0 {
		return s[i+1:]
	}
	return s
}
