package extract

import (
	"regexp"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

var (
	speechVerb = `said|says|say|added|adds|wrote|writes|told|tells|stated|states|noted|notes|argued|argues|explained|warned|warns|cautioned|observed|insisted|insists|stressed|stresses|emphasi[sz]ed|declared|asserted|claimed|claims|remarked|replied|responded|tweeted|posted|recalled|continued|concluded|acknowledged|admitted|announced|asked`
	// "“...,” Rubio said" and "“...,” said Rubio"
	afterQuote = regexp.MustCompile(`^,? ?(?:(?P<p>‹P\d+›) (?:\w+ )?(?:` + speechVerb + `)\b|(?:` + speechVerb + `) (?:the )?(?:‹[CDAOT]\d+›(?:'s)? ){0,3}(?P<p2>‹P\d+›))`)
	// words between a speaker and the quotation that make it the speaker's
	speechCue = regexp.MustCompile(`\b(?:` + speechVerb + `|saying|stating|adding|writing|telling|noting|arguing|warning|cautioning|insisting|stressing|emphasi[sz]ing|declaring|asserting|claiming|calling|called|calls|describing|described|describes|vow\w*|pledg\w*|promis\w*|suggest\w*|made (?:it )?clear|makes (?:it )?clear|highlight\w*|cit\w*|urg\w*|affirm\w*|labell?\w*|brand\w*|dubb\w*|term\w*|characteri[sz]\w*|denounc\w*|reject\w*|question\w*|threaten\w*|predict\w*|unequivocal|statement|remarks|interview|comments?|speech|post|message|letter|order|executive order|directive|memo)\b|:\s*$`)
	// passive reports: "often described in the media as", "known as"
	passiveCue = regexp.MustCompile(`\b(?:often|widely|sometimes|been|being|is|was|were|are|also)\s+(?:\w+\s+)?(?:described|called|dubbed|nicknamed|known|labell?ed|branded|referred to|hailed|seen)\b`)
	// nouns of a person's words: "Trump's suggestion to “bomb drug labs”"
	speechNoun = regexp.MustCompile(`^'s (?:[\w-]+ ){0,3}?(?:suggestion|statement|words|remarks|comments?|message|post|tweet|letter|speech|order|executive order|directive|memo|memorandum|proclamation|declaration|proposal|call|promise|pledge|vow|warning|threat|claim|response|reply|answer|pitch|plan)\b|^'s (?:[\w-]+ ){0,3}?‹Y\d+›`)
	introWord  = regexp.MustCompile(`^(?:in|on|at|after|before|following|while|as|although|though|when|since|despite|during|earlier|later|according|for|from|under|with|without|amid|by|to|upon|once|if|unlike|like|still|yet|however|meanwhile|instead|then)\b`)
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
			var about []string
			for _, k := range mk.slotsIn(q[0], q[1]) {
				if e := mk.slots[k].ent; e >= 0 && mk.slots[k].letter != 'D' && mk.slots[k].letter != 'T' && e != sp {
					d.ents[e].used = true
					about = append(about, graph.Slug(d.ents[e].name))
				}
			}
			d.ents[sp].used = true
			s := d.sents[si]
			d.stms = append(d.stms, graph.Statement{Speaker: graph.Slug(d.ents[sp].name), Text: inner, About: about,
				Evidence: []graph.Evidence{{Sentence: s.text, Start: s.start, End: s.end, Confidence: 0.8}}})
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
	if m := afterQuote.FindStringSubmatchIndex(mk.s[q[1]+1:]); m != nil {
		for _, g := range []string{"p", "p2"} {
			if a, b := group(afterQuote, m, g); a >= 0 {
				if k := mk.slotAt(q[1]+1+a, q[1]+1+b); k >= 0 {
					return mk.slots[k].ent
				}
			}
		}
	}
	// before it: the subject of the clause that introduces it
	start := 0
	if introWord.MatchString(mk.lower) {
		if i := strings.Index(mk.s, ", "); i >= 0 && i < q[0] {
			start = i + 2
		}
	}
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
		if passiveCue.MatchString(between) && !strings.Contains(between, ",") {
			return -1
		}
		if passiveCue.MatchString(lastClause(between)) {
			return -1
		}
		if speechCue.MatchString(between) || strings.HasPrefix(rest, "'s") {
			return sl.ent
		}
		return -1
	}
	// a quotation standing alone continues the speaker of the sentence before
	if strings.TrimSpace(strings.Trim(mk.s[:q[0]], " ")) == "" && si > 0 {
		if sp, ok := d.speakers[si-1]; ok {
			return sp - 1
		}
		prev := &d.masked[si-1]
		if sp := x.mainSubject(d, prev); sp >= 0 && d.ents[sp].typ == graph.Person && speechCue.MatchString(prev.lower) && len(quoteSpans(prev.s)) == 0 {
			return sp
		}
	}
	return -1
}

// lastClause returns the text after the last comma of s.
func lastClause(s string) string {
	if i := strings.LastIndex(s, ","); i >= 0 {
		return s[i+1:]
	}
	return s
}
