package extract

import (
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// A slot is one mention as the rules see it in a masked sentence: ‹C3› is slot 3,
// a Country.
type slot struct {
	letter byte // P G C A O Y L (entities), D (demonym), T (title)
	ent    int  // document entity, -1 for titles
	m      *mention
	start  int // byte offsets in the text
	end    int
	// composite is set on "the Trump administration", "Mexican officials": an
	// actor the words stand for.
	composite bool
	inQuote   bool
	// at and to are the byte offsets of the placeholder in the masked sentence.
	at, to int
}

// masked is a sentence with its mentions replaced by slots: "‹P0› has directed
// ‹A1› to prepare options", the form the relation patterns read.
type masked struct {
	s string
	// lower is s with its ASCII letters in lower case (same offsets), for the patterns.
	lower string
	slots []slot
	// from and to map a byte of s to the span of the text it came from.
	from, to []int32
	// composable is set on a mask made without composites when it has some.
	composable bool
}

var typeLetter = map[graph.Type]byte{
	graph.Person: 'P', graph.CriminalGroup: 'G', graph.Country: 'C', graph.Agency: 'A',
	graph.Organization: 'O', graph.Policy: 'Y', graph.Location: 'L',
}

// Nouns that, after "the", refer to the criminal group named last: "the cartel".
var anaphorNouns = map[string]bool{"cartel": true, "group": true, "gang": true, "coalition": true,
	"organization": true, "faction": true, "alliance": true, "network": true, "syndicate": true}

// Words after a country or demonym that make it an actor: "U.S. authorities".
var actorWords = map[string]bool{
	"government": true, "authorities": true, "officials": true, "administration": true,
	"prosecutors": true, "lawmakers": true, "diplomats": true, "leaders": true, "officers": true,
	"police": true, "counterparts": true, "forces": true, "troops": true, "military": true,
}

// mask builds the masked form of sentence si. With composites, "the Trump
// administration" becomes the country the person governs, "Mexican officials"
// becomes Mexico, and "the cartel" the cartel last named.
func (x *Extractor) mask(d *doc, si int, composites bool) masked {
	s := &d.sents[si]
	toks := s.tokens
	ms := d.sentMentions[si]
	var b strings.Builder
	var mk masked
	write := func(str string, from, to int) {
		for i := 0; i < len(str); i++ {
			mk.from = append(mk.from, int32(from))
			mk.to = append(mk.to, int32(to))
		}
		b.WriteString(str)
	}
	inQuote := quoteMap(toks)
	mk.from = make([]int32, 0, len(s.text)+8)
	mk.to = make([]int32, 0, len(s.text)+8)
	b.Grow(len(s.text) + 8)
	mi := 0
	for i := 0; i < len(toks); {
		t := toks[i]
		if i > 0 && t.space {
			write(" ", t.start, t.start)
		}
		for mi < len(ms) && ms[mi].t0 < i {
			mi++
		}
		if mi < len(ms) && ms[mi].t0 == i && usable(&ms[mi]) {
			m := &ms[mi]
			sl := slot{ent: m.ent, m: m, start: toks[m.t0].start, end: toks[m.t1-1].end, inQuote: inQuote[i]}
			end := m.t1
			switch m.kind {
			case mTitle:
				sl.letter, sl.ent = 'T', -1
			case mDemonym:
				sl.letter = 'D'
				if _, ok := x.lx.countryEntry[m.country]; !ok {
					sl.letter = 0
				}
			default:
				sl.letter = typeLetter[d.ents[m.ent].typ]
			}
			if sl.letter != 0 {
				if composites {
					x.composite(d, toks, &sl, &end)
				} else if j := end + boolInt(end < len(toks) && toks[end].kind == tPoss); j < len(toks) && actorWords[toks[j].key] {
					mk.composable = true
				}
			}
			if sl.letter != 0 {
				sl.end = toks[end-1].end
				sl.at = b.Len()
				write("‹"+string(sl.letter)+strconv.Itoa(len(mk.slots))+"›", sl.start, sl.end)
				sl.to = b.Len()
				mk.slots = append(mk.slots, sl)
				i = end
				continue
			}
		}
		if t.key == "its" && i+1 < len(toks) && mi < len(ms) && ms[mi].t0 == i+1 && ms[mi].kind == mTitle {
			if g := d.recentGroup(si, t.start); g >= 0 {
				at := b.Len()
				write("‹G"+strconv.Itoa(len(mk.slots))+"›", t.start, t.end)
				mk.slots = append(mk.slots, slot{letter: 'G', ent: g, start: t.start, end: t.end, composite: true, inQuote: inQuote[i], at: at, to: b.Len()})
				write("'s", t.end, t.end)
				i++
				continue
			}
		}
		if anaphorNouns[t.key] && !t.cap() && i > 0 && (toks[i-1].key == "the" || toks[i-1].key == "that" ||
			i > 1 && (toks[i-2].key == "the") && len(mk.slots) > 0 && mk.slots[len(mk.slots)-1].letter == 'D' && mk.slots[len(mk.slots)-1].end == toks[i-1].end) {
			if g := d.recentGroup(si, t.start); g >= 0 {
				at := b.Len()
				write("‹G"+strconv.Itoa(len(mk.slots))+"›", t.start, t.end)
				mk.slots = append(mk.slots, slot{letter: 'G', ent: g, start: t.start, end: t.end, composite: true, inQuote: inQuote[i], at: at, to: b.Len()})
				i++
				continue
			}
		}
		text := t.text
		switch text {
		case "“", "”", "″":
			text = `"`
		case "’", "‘":
			text = "'"
		case "—", "–":
			text = "—"
		}
		if t.kind == tPoss {
			text = "'s"
		}
		write(text, t.start, t.end)
		i++
	}
	mk.s = b.String()
	mk.lower = asciiLower(mk.s)
	return mk
}

func usable(m *mention) bool {
	switch m.kind {
	case mTitle, mDemonym:
		return true
	case mEntity, mPronoun:
		return m.ent >= 0
	}
	return false
}

// composite widens a slot over the words that make it an actor.
func (x *Extractor) composite(d *doc, toks []token, sl *slot, end *int) {
	j := *end
	if j < len(toks) && toks[j].kind == tPoss {
		j++
	}
	if j >= len(toks) || !actorWords[toks[j].key] {
		return
	}
	switch sl.letter {
	case 'P':
		if toks[j].key != "administration" && toks[j].key != "government" {
			return
		}
		c := d.ents[sl.ent].country
		if c == "" {
			return
		}
		e := x.lx.countryEntry[c]
		sl.ent = d.entity(c, graph.Country, e)
		d.addAlias(sl.ent, d.text[sl.start:toks[j].end])
		d.ents[sl.ent].count++
	case 'D':
		e, ok := x.lx.countryEntry[sl.m.country]
		if !ok {
			return
		}
		sl.ent = d.entity(sl.m.country, graph.Country, e)
	case 'C':
	default:
		return
	}
	sl.letter, sl.composite = 'C', true
	*end = j + 1
}

// recentGroup returns the criminal group "the group" at byte pos refers to: the
// last one named before it in the sentence, else the first one (the subject)
// of the nearest of the two sentences before; -1 if none.
func (d *doc) recentGroup(si, pos int) int {
	isGroup := func(m mention) bool {
		return m.kind == mEntity && m.ent >= 0 && d.ents[m.ent].typ == graph.CriminalGroup
	}
	ms := d.sentMentions[si]
	for k := len(ms) - 1; k >= 0; k-- {
		if isGroup(ms[k]) && d.sents[si].tokens[ms[k].t0].start < pos {
			return ms[k].ent
		}
	}
	for q := si - 1; q >= 0 && q >= si-2; q-- {
		for _, m := range d.sentMentions[q] {
			if isGroup(m) {
				return m.ent
			}
		}
	}
	return -1
}

// quoteMap marks the tokens inside quotation marks.
func quoteMap(toks []token) []bool {
	in := make([]bool, len(toks))
	depth := false
	for i, t := range toks {
		switch {
		case t.text == "“":
			depth = true
		case t.text == "”":
			depth = false
		case t.text == `"`:
			// an opening quote has space before it or starts the sentence
			if !depth && (i == 0 || t.space || toks[i-1].kind == tPunct) {
				depth = true
			} else {
				depth = false
			}
		default:
			in[i] = depth
		}
	}
	return in
}

// slotsIn returns the slots whose placeholders lie in mk.s[a:b].
func (mk *masked) slotsIn(a, b int) []int {
	var out []int
	s := mk.s[a:b]
	for {
		i := strings.Index(s, "‹")
		if i < 0 {
			return out
		}
		j := strings.Index(s[i:], "›")
		if j < 0 {
			return out
		}
		n, err := strconv.Atoi(s[i+len("‹")+1 : i+j])
		if err == nil && n < len(mk.slots) {
			out = append(out, n)
		}
		s = s[i+j:]
	}
}

// slotAt returns the slot whose placeholder starts at byte i of mk.s, or -1.
func (mk *masked) slotAt(a, b int) int {
	if a < 0 {
		return -1
	}
	sl := mk.slotsIn(a, b)
	if len(sl) == 0 {
		return -1
	}
	return sl[0]
}

// unmask returns the text of mk.s[a:b] with its slots written as in the text.
func (x *Extractor) unmask(d *doc, mk *masked, a, b int) string {
	if a < 0 || b <= a {
		return ""
	}
	from, to := int(mk.from[a]), int(mk.to[b-1])
	if to <= from {
		return ""
	}
	return strings.TrimSpace(d.text[from:to])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
