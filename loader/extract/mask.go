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
	// segs map the bytes of s to the spans of the text they came from: one
	// segment per piece written, in order.
	segs []maskSeg
	// composable is set on a mask made without composites when it has a
	// person's government ("the Trump administration") to read as a state.
	composable bool
}

// A maskSeg says that the bytes of a masked sentence from at on (to the next
// segment) stand for the text's bytes [from, to).
type maskSeg struct{ at, from, to int32 }

// span returns the text span that byte i of mk.s came from.
func (mk *masked) span(i int) maskSeg {
	lo, hi := 0, len(mk.segs)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if int(mk.segs[mid].at) <= i {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return mk.segs[lo]
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
	// the masked sentence and its ASCII-lower-cased twin, written together
	b := make([]byte, 0, len(s.text)+16)
	lb := make([]byte, 0, len(s.text)+16)
	var mk masked
	write := func(str string, from, to int) {
		if len(str) > 0 {
			mk.segs = append(mk.segs, maskSeg{at: int32(len(b)), from: int32(from), to: int32(to)})
		}
		b = append(b, str...)
		for i := 0; i < len(str); i++ {
			c := str[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			lb = append(lb, c)
		}
	}
	// placeholder writes the slot "‹G3›"
	placeholder := func(letter byte, n, from, to int) {
		var buf [16]byte
		p := append(buf[:0], "‹"...)
		p = append(p, letter)
		p = strconv.AppendInt(p, int64(n), 10)
		p = append(p, "›"...)
		mk.segs = append(mk.segs, maskSeg{at: int32(len(b)), from: int32(from), to: int32(to)})
		b = append(b, p...)
		lb = append(lb, p...)
		lb[len(lb)-len(p)+len("‹")] = letter | 0x20
	}
	inQuote := quoteMap(toks, d.quoteBuf)
	d.quoteBuf = inQuote
	// the segments and slots of all the sentences share two arrays
	if cap(d.segSlab)-len(d.segSlab) < 2*len(toks)+2 {
		d.segSlab = make([]maskSeg, 0, max(4*len(d.text)/5, 2*len(toks)+2))
	}
	mk.segs = d.segSlab[len(d.segSlab) : len(d.segSlab) : len(d.segSlab)+2*len(toks)+2]
	if cap(d.slotSlab)-len(d.slotSlab) < len(ms)+2 {
		d.slotSlab = make([]slot, 0, max(len(d.text)/20, len(ms)+2))
	}
	mk.slots = d.slotSlab[len(d.slotSlab) : len(d.slotSlab) : len(d.slotSlab)+len(ms)+2]
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
				// a person's government needs the titles read first: the
				// first pass leaves it for the second
				if composites || sl.letter != 'P' {
					x.composite(d, toks, &sl, &end)
				} else if j := end + boolInt(end < len(toks) && toks[end].kind == tPoss); j < len(toks) && governmentWords[toks[j].key] {
					mk.composable = true
				}
			}
			if sl.letter != 0 {
				sl.end = toks[end-1].end
				sl.at = len(b)
				placeholder(sl.letter, len(mk.slots), sl.start, sl.end)
				sl.to = len(b)
				mk.slots = append(mk.slots, sl)
				i = end
				continue
			}
		}
		if t.key == "its" && i+1 < len(toks) && mi < len(ms) && ms[mi].t0 == i+1 && ms[mi].kind == mTitle {
			g := d.recentGroup(si, t.start, false)
			if i == 0 && si > 0 {
				// "Its leader, X": the subject of the sentence before
				if e := d.subjectEnt(si - 1); e >= 0 && d.ents[e].typ == graph.CriminalGroup {
					g = e
				}
			}
			if g >= 0 {
				at := len(b)
				placeholder('G', len(mk.slots), t.start, t.end)
				mk.slots = append(mk.slots, slot{letter: 'G', ent: g, start: t.start, end: t.end, composite: true, inQuote: inQuote[i], at: at, to: len(b)})
				write("'s", t.end, t.end)
				i++
				continue
			}
		}
		// ("‹G›, the faction of ‹G›" describes, it does not refer back)
		anaphor := t.kind == tWord && i > 0 && anaphorNouns[t.key] && !t.cap()
		describes := false
		if anaphor {
			describes = i > 1 && toks[i-2].text == "," && len(mk.slots) > 0 && mk.slots[len(mk.slots)-1].end == toks[i-2].start
			if i+2 < len(toks) && toks[i+1].key == "of" {
				for _, n := range ms[mi:] {
					if (n.t0 == i+2 || n.t0 == i+3 && toks[i+2].key == "the") && n.ent >= 0 && d.ents[n.ent].typ == graph.CriminalGroup {
						describes = true
					}
				}
			}
		}
		if anaphor && !describes && (toks[i-1].key == "the" || toks[i-1].key == "that" ||
			i > 1 && (toks[i-2].key == "the") && len(mk.slots) > 0 && mk.slots[len(mk.slots)-1].letter == 'D' && mk.slots[len(mk.slots)-1].end == toks[i-1].end) {
			if g := d.recentGroup(si, t.start, true); g >= 0 {
				at := len(b)
				placeholder('G', len(mk.slots), t.start, t.end)
				mk.slots = append(mk.slots, slot{letter: 'G', ent: g, start: t.start, end: t.end, composite: true, inQuote: inQuote[i], at: at, to: len(b)})
				i++
				continue
			}
		}
		// "the administration", "the government" alone: the state whose
		// government the text named last
		if t.kind == tWord && i > 0 && (t.key == "administration" || t.key == "government") && !t.cap() && toks[i-1].key == "the" &&
			(i+1 >= len(toks) || toks[i+1].key != "of" && !toks[i+1].cap()) {
			if !composites {
				mk.composable = true // the presidents' states are read first
			} else if c := x.recentGovernment(d, si, i, t.key); c != "" {
				e := d.entity(c, graph.Country, x.lx.countryEntry[c])
				at := len(b)
				placeholder('C', len(mk.slots), t.start, t.end)
				mk.slots = append(mk.slots, slot{letter: 'C', ent: e, start: t.start, end: t.end, composite: true, inQuote: inQuote[i], at: at, to: len(b)})
				i++
				continue
			}
		}
		// "the resolution", "the February order": the instrument of that kind
		// the text has spoken of most
		if t.kind == tWord && i > 0 && policyNouns[t.key] && !t.cap() && (i+1 >= len(toks) || !toks[i+1].cap()) {
			j := i - 1
			if j > 0 && (toks[j].kind == tWord && !toks[j].cap() && toks[j].key != "the" || months[toks[j].key] > 0) {
				j--
			}
			if k := toks[j].key; k == "the" || k == "that" || k == "this" {
				if y := d.recentPolicy(si, t.key); y >= 0 {
					at := len(b)
					placeholder('Y', len(mk.slots), t.start, t.end)
					mk.slots = append(mk.slots, slot{letter: 'Y', ent: y, start: t.start, end: t.end, composite: true, inQuote: inQuote[i], at: at, to: len(b)})
					i++
					continue
				}
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
	mk.s = string(b)
	mk.lower = string(lb)
	if len(mk.segs) <= 2*len(toks)+2 {
		d.segSlab = d.segSlab[:len(d.segSlab)+len(mk.segs)]
	}
	if len(mk.slots) <= len(ms)+2 {
		d.slotSlab = d.slotSlab[:len(d.slotSlab)+len(mk.slots)]
	}
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
func (d *doc) recentGroup(si, pos int, salient bool) int {
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
	// else, for "the gang", the group the text has named most so far
	if !salient {
		return -1
	}
	sal := d.salienceUpTo(si)
	best := -1
	for _, e := range sal.byType[graph.CriminalGroup] {
		if n := sal.count[e]; best < 0 || n > sal.count[best] || n == sal.count[best] && sal.first[e] < sal.first[best] {
			best = e
		}
	}
	return best
}

// A salience counts the mentions (pronouns included) of each entity in the
// sentences before upTo, and remembers the sentence of the first and the last.
type salience struct {
	upTo        int
	count       map[int]int
	first, last map[int]int
	// byType lists the entities counted, by type, in the order first met.
	byType map[graph.Type][]int
}

// salienceUpTo returns the salience of the sentences before si, kept up to date
// as the masks are built in order (from scratch when a pass starts again).
func (d *doc) salienceUpTo(si int) *salience {
	s := &d.sal
	if s.count == nil || si < s.upTo {
		*s = salience{count: map[int]int{}, first: map[int]int{}, last: map[int]int{}, byType: map[graph.Type][]int{}}
	}
	for ; s.upTo < si; s.upTo++ {
		for _, m := range d.sentMentions[s.upTo] {
			if m.ent < 0 || m.kind != mEntity && m.kind != mPronoun {
				continue
			}
			if _, ok := s.count[m.ent]; !ok {
				s.first[m.ent] = s.upTo
				t := d.ents[m.ent].typ
				s.byType[t] = append(s.byType[t], m.ent)
			}
			s.count[m.ent]++
			s.last[m.ent] = s.upTo
		}
	}
	return s
}

// recentGovernment returns the state "the administration" (word) at token ti
// of sentence si refers to: the last one the text named with that word ("the
// Trump administration", "Mexico's government"), or "".
func (x *Extractor) recentGovernment(d *doc, si, ti int, word string) string {
	if c := x.governmentIn(d, si, ti, word); c != "" {
		return c
	}
	// the sentences before: the last state named so, sentence by sentence
	// (computed once for the pass; the presidents' states are known by then)
	if d.govBefore == nil {
		d.govBefore = map[string][]string{}
	}
	before, ok := d.govBefore[word]
	if !ok {
		before = make([]string, len(d.sents)+1)
		for q := range d.sents {
			before[q+1] = before[q]
			if c := x.governmentIn(d, q, len(d.sents[q].tokens), word); c != "" {
				before[q+1] = c
			}
		}
		d.govBefore[word] = before
	}
	return before[si]
}

// governmentIn returns the state last named with its government (word) in
// sentence q before token ti, or "".
func (x *Extractor) governmentIn(d *doc, q, ti int, word string) string {
	toks := d.sents[q].tokens
	ms := d.sentMentions[q]
	for k := len(ms) - 1; k >= 0; k-- {
		m := ms[k]
		if m.t1 > ti || m.ent < 0 && m.kind != mDemonym {
			continue
		}
		j := m.t1
		if j < len(toks) && toks[j].kind == tPoss {
			j++
		}
		if j >= len(toks) || strings.TrimSuffix(toks[j].key, "s") != word {
			continue
		}
		switch {
		case m.kind == mDemonym:
			if _, ok := x.lx.countryEntry[m.country]; ok {
				return m.country
			}
		case d.ents[m.ent].typ == graph.Country:
			return d.ents[m.ent].name
		case d.ents[m.ent].typ == graph.Person && d.ents[m.ent].country != "":
			return d.ents[m.ent].country
		}
	}
	return ""
}

// Nouns that, after "the", refer to an instrument named before: "the decree".
var policyNouns = map[string]bool{"resolution": true, "decree": true, "order": true, "law": true,
	"agreement": true, "accord": true, "treaty": true, "pact": true, "framework": true, "directive": true,
	"act": true, "bill": true, "initiative": true, "proclamation": true, "memorandum": true, "code": true}

// recentPolicy returns the instrument "the <noun>" in sentence si refers to:
// of the policies named before the sentence (and not in it) whose name has the
// noun, the one mentioned most (pronouns count), the latest on a tie; -1 if none.
func (d *doc) recentPolicy(si int, noun string) int {
	in := map[int]bool{}
	for _, m := range d.sentMentions[si] {
		in[m.ent] = true
	}
	sal := d.salienceUpTo(si)
	count, last := sal.count, sal.last
	best := -1
	for _, e := range sal.byType[graph.Policy] {
		n := count[e]
		if in[e] || !strings.Contains(graph.Key(d.ents[e].name), noun) {
			continue
		}
		if best < 0 || n > count[best] || n == count[best] && (last[e] > last[best] || last[e] == last[best] && e < best) {
			best = e
		}
	}
	return best
}

// quoteMap marks the tokens inside quotation marks.
func quoteMap(toks []token, buf []bool) []bool {
	in := buf[:0]
	if cap(in) < len(toks) {
		in = make([]bool, 0, len(toks)+32)
	}
	in = in[:len(toks)]
	clear(in)
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
	from, to := int(mk.span(a).from), int(mk.span(b-1).to)
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
