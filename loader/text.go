package loader

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// headerFields maps the names of a plain-text header line ("Title: ...") to
// the Document field they set.
func headerFields() map[string]string {
	return map[string]string{
		"title": "title", "headline": "title",
		"date": "published", "published": "published", "published on": "published", "dated": "published",
		"publisher": "publisher", "source": "publisher", "outlet": "publisher", "site": "publisher",
		"author": "author", "by": "author", "byline": "author",
		"url": "url", "link": "url",
	}
}

// meta is the metadata a reader finds besides the text.
type meta struct {
	Title, Publisher, Author, URL, Published string
}

// set stores value under the Document field name; the first value wins.
func (m *meta) set(field, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	var p *string
	switch field {
	case "title":
		p = &m.Title
	case "publisher":
		p = &m.Publisher
	case "author":
		p = &m.Author
	case "url":
		p = &m.URL
	case "published":
		d, ok := ParseDate(value)
		if !ok {
			return
		}
		value, p = d, &m.Published
	default:
		return
	}
	if *p == "" {
		*p = value
	}
}

// normalizeNewlines turns CRLF and lone CR line ends into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// parseText reads a plain-text article. The text is the file as it stands,
// but for a header block of "Field: value" lines at its top (Title, Date,
// Publisher, Author, URL), which is taken as metadata and left out. Without a
// header, the title is the first short heading-like line and the date the
// first line near the top that is only a date.
func parseText(s string) (string, meta) {
	var m meta
	body, ok := header(s, &m)
	if ok {
		s = body
	}
	guessMeta(s, &m)
	return s, m
}

// header reads a block of "Field: value" lines at the top of s, ended by a
// blank line. It returns the rest of s and true when every line of the block
// is a known field.
func header(s string, m *meta) (string, bool) {
	fields := headerFields()
	var found meta
	rest := s
	n := 0
	for {
		line, after, more := strings.Cut(rest, "\n")
		if strings.TrimSpace(line) == "" {
			if n == 0 {
				return s, false
			}
			*m = found
			return strings.TrimLeft(after, "\n"), true
		}
		name, value, ok := strings.Cut(line, ":")
		field, known := fields[strings.ToLower(strings.TrimSpace(name))]
		if !ok || !known {
			return s, false
		}
		found.set(field, value)
		n++
		if !more {
			*m = found
			return "", true
		}
		rest = after
	}
}

// guessMeta fills in the title and date from the first lines of an article
// when nothing else gave them.
func guessMeta(s string, m *meta) {
	const lookahead = 8 // non-blank lines
	lines := 0
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if lines++; lines > lookahead {
			return
		}
		if d, ok := dateLine(line); ok {
			if m.Published == "" {
				m.Published = d
			}
			continue
		}
		if m.Title == "" && titleLike(line) {
			m.Title = line
		}
	}
}

// titleLike reports whether a line looks like a headline: a few words, not
// too long, not ending as a sentence does, with no date in it.
func titleLike(line string) bool {
	n := utf8.RuneCountInString(line)
	if n > 200 || len(strings.Fields(line)) < 3 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".,;:", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && first != '"' && first != '“' {
		return false
	}
	return !containsDate(line)
}

// containsDate reports whether some run of up to four words of line is a date.
func containsDate(line string) bool {
	words := strings.Fields(line)
	for i := range words {
		for j := i + 1; j <= len(words) && j <= i+4; j++ {
			if _, ok := ParseDate(strings.Join(words[i:j], " ")); ok && (j-i > 1 || len(words[i]) >= 7) {
				return true
			}
		}
	}
	return false
}
