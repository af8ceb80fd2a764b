package extract

import (
	"regexp"
	"strings"
)

// A kwRegexp is a regular expression every match of which starts, at a word
// boundary, with one of a few literal keywords. It is run anchored only where
// a keyword starts a word, instead of from every byte of the text: the same
// matches (leftmost, non-overlapping) at a fraction of the cost of Go's
// backtracking over the whole sentence.
type kwRegexp struct {
	re       *regexp.Regexp // the expression, unanchored (kept for its groups)
	anchored *regexp.Regexp
	kws      []string
	first    [256][]string // the keywords by their first byte
}

// kwRegexpMust compiles pattern (which should begin with \b) with its keywords.
func kwRegexpMust(pattern string, kws ...string) *kwRegexp {
	k := &kwRegexp{re: regexp.MustCompile(pattern), anchored: regexp.MustCompile(`^(?:` + pattern + `)`), kws: kws}
	for _, w := range kws {
		k.first[w[0]] = append(k.first[w[0]], w)
	}
	return k
}

// starts calls f with each byte offset of s where a keyword starts a word,
// until f returns a position to resume from that is past the end.
func (k *kwRegexp) each(s string, f func(i int) (next int)) {
	for i := 0; i < len(s); {
		ws := k.first[s[i]]
		if ws == nil || i > 0 && isWordByte(s[i-1]) {
			i++
			continue
		}
		hit := false
		for _, w := range ws {
			if strings.HasPrefix(s[i:], w) {
				hit = true
				break
			}
		}
		if !hit {
			i++
			continue
		}
		i = f(i)
	}
}

// FindAllStringSubmatchIndex is regexp's, for all matches.
func (k *kwRegexp) FindAllStringSubmatchIndex(s string) [][]int {
	var out [][]int
	k.each(s, func(i int) int {
		m := k.anchored.FindStringSubmatchIndex(s[i:])
		if m == nil {
			return i + 1
		}
		for j := range m {
			if m[j] >= 0 {
				m[j] += i
			}
		}
		out = append(out, m)
		return max(m[1], i+1)
	})
	return out
}

// FindAllStringIndex is regexp's, for all matches.
func (k *kwRegexp) FindAllStringIndex(s string) [][]int {
	var out [][]int
	k.each(s, func(i int) int {
		m := k.anchored.FindStringIndex(s[i:])
		if m == nil {
			return i + 1
		}
		out = append(out, []int{m[0] + i, m[1] + i})
		return max(m[1]+i, i+1)
	})
	return out
}

// FindStringSubmatchIndex is regexp's.
func (k *kwRegexp) FindStringSubmatchIndex(s string) []int {
	var out []int
	k.each(s, func(i int) int {
		if m := k.anchored.FindStringSubmatchIndex(s[i:]); m != nil {
			for j := range m {
				if m[j] >= 0 {
					m[j] += i
				}
			}
			out = m
			return len(s)
		}
		return i + 1
	})
	return out
}

// FindStringIndex is regexp's.
func (k *kwRegexp) FindStringIndex(s string) []int {
	var out []int
	k.each(s, func(i int) int {
		if m := k.anchored.FindStringIndex(s[i:]); m != nil {
			out = []int{m[0] + i, m[1] + i}
			return len(s)
		}
		return i + 1
	})
	return out
}

// MatchString is regexp's.
func (k *kwRegexp) MatchString(s string) bool {
	return k.FindStringIndex(s) != nil
}
