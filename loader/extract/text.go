package extract

import (
	"github.com/cartelgraph/cartelgraph/graph"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A line is one line of the text, trimmed, with its byte offsets.
type line struct {
	start, end int
	text       string
}

// A sentence is a span of the text that the rules read as one unit.
type sentence struct {
	start, end int
	text       string
	// line is the index of the line the sentence lies in.
	line int
	// whole is true when the sentence is the whole line (a heading, a name line).
	whole bool
	// heading is true for a title-case line: only known names are read in it.
	heading bool
	// dateline is true for the place that opens a wire story: it names a city.
	dateline bool
	tokens   []token
}

// splitLines returns the non-empty lines of text with their offsets.
func splitLines(text string) []line {
	var out []line
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		s, e := start, end
		for s < e && isSpaceByte(text[s]) {
			s++
		}
		for e > s && isSpaceByte(text[e-1]) {
			e--
		}
		if s < e {
			out = append(out, line{start: s, end: e, text: text[s:e]})
		}
		start = end + 1
	}
	return out
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}

// Page furniture: lines that are not part of the article's prose.
var (
	furnitureLine = regexp.MustCompile(`(?i)^(?:[—–-]\s*)?(?:download\b|share\b|print\b|email\b|subscribe\b|advertisement\b|related\b|read more\b|tweet\b|follow us\b|sign up\b|categor(?:y|ies)\s*:|tags?\s*:|today\s*:|listen\b|comments?\b|skip to\b|menu\b|home\b\s*[›>|/]|photo\s*:|image\s*:|credit\s*:|file photo\b)`)
	bylineLine    = regexp.MustCompile(`^(?:Written [Bb]y|[Bb]y|BY|Reporting by|Author:)\s+(\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3})(?:\s*[,|;].*)?$`)
	// A photo credit at the end of a caption: "REUTERS/Jane Doe/File Photo".
	photoCredit = regexp.MustCompile(`\s*(?:\(?(?:Photo(?:graph)?|Image|Credit)s?\s*(?:by|:)\s*[^()]*\)?|\b\p{Lu}{2,}(?:\s\p{Lu}{2,})?/[^\n]*)$`)
)

// sentenceStarters are words that, after an abbreviation such as "U.S.", show
// that a new sentence began.
var sentenceStarters = map[string]bool{
	"The": true, "This": true, "That": true, "These": true, "Those": true, "It": true, "He": true,
	"She": true, "They": true, "We": true, "I": true, "But": true, "And": true, "In": true,
	"On": true, "At": true, "A": true, "An": true, "His": true, "Her": true, "Their": true,
	"Its": true, "As": true, "While": true, "When": true, "After": true, "Before": true,
	"However": true, "Meanwhile": true, "Still": true, "Yet": true, "There": true, "For": true,
	"If": true, "Some": true, "Many": true, "Most": true, "According": true, "Since": true,
	"Although": true, "Officials": true, "Analysts": true, "Experts": true,
}

// abbreviations end with a period that does not end a sentence (compared without the period).
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Gen": true, "Sen": true, "Rep": true,
	"Gov": true, "Lt": true, "Col": true, "Sgt": true, "Capt": true, "Adm": true, "Cmdr": true,
	"St": true, "No": true, "Nos": true, "Jan": true, "Feb": true, "Mar": true, "Apr": true,
	"Jun": true, "Jul": true, "Aug": true, "Sep": true, "Sept": true, "Oct": true, "Nov": true,
	"Dec": true, "Jr": true, "Sr": true, "Inc": true, "Corp": true, "Co": true, "Ltd": true,
	"vs": true, "Prof": true, "Rev": true, "Hon": true, "Pres": true, "Fig": true, "approx": true,
	"Ave": true, "Blvd": true, "Dept": true, "Gens": true, "Sens": true, "Reps": true, "Mt": true,
	"Ft": true, "Msgr": true, "Sra": true, "Sr.": true, "Lic": true, "Ing": true,
}

// maxSentence is the longest sentence the rules read, in bytes.
const maxSentence = 1500

// splitSentences splits one line into sentences.
func splitSentences(text string, l line, lineIdx int) []sentence {
	var out []sentence
	s := l.text
	begin := 0
	depth := 0 // inside “ ” quotes
	straight := false
	var emit func(end int)
	emit = func(end int) {
		a, b := begin, end
		for a < b && unicode.IsSpace(rune(s[a])) {
			a++
		}
		for b > a && unicode.IsSpace(rune(s[b-1])) {
			b--
		}
		// a run-on "sentence" (a table, a list with no periods) is cut at a
		// space so that the rules, some quadratic in a sentence, stay fast
		if b-a > maxSentence {
			cut := strings.LastIndexByte(s[a:a+maxSentence], ' ')
			if cut <= 0 {
				cut = maxSentence
				for cut < b-a && !utf8.RuneStart(s[a+cut]) {
					cut++
				}
			}
			begin = a
			emit(a + cut)
			emit(end)
			return
		}
		if a < b {
			out = append(out, sentence{start: l.start + a, end: l.start + b, text: s[a:b], line: lineIdx})
		}
		begin = end
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '“':
			depth++
		case '”':
			if depth > 0 {
				depth--
			}
		case '"':
			straight = !straight
		case '.', '!', '?':
			j := i + size
			// closing quotes and brackets that belong to this sentence
			d, st := depth, straight
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if r2 == '”' {
					if d > 0 {
						d--
					}
				} else if r2 == '"' {
					st = !st
				} else if r2 != ')' && r2 != '’' && r2 != '\'' && r2 != ']' {
					break
				}
				j += sz
			}
			if j >= len(s) || !unicode.IsSpace(rune(s[j])) || d > 0 || st {
				i += size
				continue
			}
			k := j
			for k < len(s) && unicode.IsSpace(rune(s[k])) {
				k++
			}
			if k >= len(s) {
				i += size
				continue
			}
			next, _ := utf8.DecodeRuneInString(s[k:])
			if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '“' || next == '"' || next == '‘' || next == '(') {
				i += size
				continue
			}
			if r == '.' && !endsSentence(s[:i], s[k:]) {
				i += size
				continue
			}
			depth, straight = d, st
			emit(j)
			i = j
			continue
		}
		i += size
	}
	emit(len(s))
	return out
}

// endsSentence reports whether a period after before ends a sentence, given the
// text that follows it.
func endsSentence(before, after string) bool {
	w := lastWord(before)
	if w == "" {
		return true
	}
	if abbreviations[w] {
		return false
	}
	// an initial: "J." or part of "U.S."
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return false
	}
	if strings.Contains(w, ".") { // U.S, D.C, a.m
		nw := firstWord(after)
		return sentenceStarters[nw]
	}
	return true
}

func lastWord(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !(unicode.IsLetter(r) || r == '.') {
			break
		}
		i -= size
	}
	return strings.TrimLeft(s[i:], ".")
}

func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

// tokKind classifies a token.
type tokKind uint8

const (
	tWord  tokKind = iota // letters and digits, or an abbreviation with periods ("U.S.")
	tPoss                 // the possessive 's
	tPunct                // anything else, one rune
)

// A token is a word, a possessive or one punctuation rune, with its byte offsets.
type token struct {
	start, end int
	text       string
	kind       tokKind
	// key is the folded, lower-case form used for matching, periods removed.
	key string
	// space is true when white space precedes the token.
	space bool
}

func (t token) cap() bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

func (t token) upper() bool {
	n := 0
	for _, r := range t.text {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

func (t token) digit() bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsDigit(r)
}

// tokenize splits s, which starts at byte offset base of the text, into tokens.
func tokenize(s string, base int) []token {
	return appendTokens(make([]token, 0, len(s)/5+1), s, base)
}

// appendTokens appends the tokens of s to out.
func appendTokens(out []token, s string, base int) []token {
	first := len(out)
	space := true
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			space = true
			i += size
			continue
		}
		start := i
		switch {
		case (r == '\'' || r == '’') && i+size < len(s) && (s[i+size] == 's' || s[i+size] == 'S') && len(out) > first && !space &&
			(i+size+1 >= len(s) || !isWordRune(rune(s[i+size+1]))):
			i += size + 1
			out = append(out, token{start: base + start, end: base + i, text: s[start:i], kind: tPoss, key: "'s"})
		case isWordRune(r):
			for i < len(s) {
				if c := s[i]; c < utf8.RuneSelf {
					if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '&' {
						i++
						continue
					}
				}
				r2, sz := utf8.DecodeRuneInString(s[i:])
				if isWordRune(r2) {
					i += sz
					continue
				}
				// an abbreviation with inner periods: U.S., D.C., a.m.
				if r2 == '.' && i+1 < len(s) {
					r3, sz3 := utf8.DecodeRuneInString(s[i+1:])
					if unicode.IsLetter(r3) && utf8.RuneCountInString(wordBefore(s[start:i])) == 1 {
						i += 1 + sz3
						if i < len(s) && s[i] == '.' {
							i++
						}
						continue
					}
				}
				break
			}
			text := s[start:i]
			out = append(out, token{start: base + start, end: base + i, text: text, kind: tWord, key: keyOf(text)})
		default:
			i += size
			out = append(out, token{start: base + start, end: base + i, text: s[start:i], kind: tPunct, key: s[start:i]})
		}
		out[len(out)-1].space = space
		space = false
	}
	return out
}

// wordBefore returns the letters after the last period of s.
func wordBefore(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '&'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// keyOf folds a word for matching: accents stripped, lower case, periods removed.
func keyOf(s string) string {
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '.':
				continue
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		return string(b)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r == '.' {
			continue
		}
		b.WriteRune(unicode.ToLower(fold(r)))
	}
	return b.String()
}

func fold(r rune) rune { return graph.Fold(r) }
