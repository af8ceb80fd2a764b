package loader

import (
	"html"
	"regexp"
	"strings"
)

// markdownPatterns are the compiled patterns of parseMarkdown.
type markdownPatterns struct {
	heading, setext, rule, list, refdef, image, link, reflink, autolink, tag, code *regexp.Regexp
}

func newMarkdownPatterns() *markdownPatterns {
	return &markdownPatterns{
		heading:  regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`),
		setext:   regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`),
		rule:     regexp.MustCompile(`^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$`),
		list:     regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?`),
		refdef:   regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$`),
		image:    regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`),
		link:     regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`),
		reflink:  regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`),
		autolink: regexp.MustCompile(`<((?:https?|mailto):[^>\s]*)>`),
		tag:      regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->`),
		code:     regexp.MustCompile("`+([^`]*)`+"),
	}
}

// parseMarkdown reads a Markdown article into plain text: headings, emphasis,
// links, images, inline HTML, list and quote markers and code blocks are
// stripped down to their words, so the offsets of the evidence point into
// prose. Every paragraph, heading and list item is one line (the lines of a
// wrapped paragraph are joined with a space, as Markdown renders them), and
// blocks are separated by a blank line but for consecutive list items. A YAML front matter block (title, date,
// publisher, author, url) gives the metadata; else the title is the first
// level-one heading and the date the first line near the top that is only a date.
func parseMarkdown(s string) (string, meta) {
	p := newMarkdownPatterns()
	var m meta
	s = frontMatter(s, &m)
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	// joinable is true when the last line out is a paragraph or a list item
	// that the next line of text continues (Markdown paragraphs wrap).
	joinable := false
	blank := func() {
		if len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
		joinable = false
	}
	var fence string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trim := strings.TrimSpace(line)
		if fence != "" { // inside a fenced code block: not prose
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
			continue
		}
		switch {
		case strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~"):
			fence = trim[:3]
			blank()
			continue
		case trim == "":
			blank()
			continue
		case p.rule.MatchString(line) || p.refdef.MatchString(line):
			blank()
			continue
		}
		if h := p.heading.FindStringSubmatch(line); h != nil {
			text := inlineMarkdown(p, h[2])
			if len(h[1]) == 1 && m.Title == "" {
				m.Title = text
			}
			blank()
			if text != "" {
				out = append(out, text, "")
			}
			continue
		}
		// A setext heading: a line of text underlined with = or -.
		if i+1 < len(lines) && p.setext.MatchString(lines[i+1]) && !p.list.MatchString(line) {
			text := inlineMarkdown(p, trim)
			if strings.HasPrefix(strings.TrimSpace(lines[i+1]), "=") && m.Title == "" {
				m.Title = text
			}
			blank()
			out = append(out, text, "")
			i++
			continue
		}
		for strings.HasPrefix(trim, ">") { // block quote markers
			trim = strings.TrimSpace(trim[1:])
		}
		if strings.HasPrefix(trim, "|") { // a table row
			if strings.Trim(trim, "|-: \t") == "" {
				continue // the delimiter row
			}
			var cells []string
			for c := range strings.SplitSeq(strings.Trim(trim, "| \t"), "|") {
				if c = strings.TrimSpace(c); c != "" {
					cells = append(cells, inlineMarkdown(p, c))
				}
			}
			out = append(out, strings.Join(cells, "; "))
			joinable = false
			continue
		}
		item := p.list.MatchString(trim)
		if item {
			trim = p.list.ReplaceAllString(trim, "")
		}
		text := inlineMarkdown(p, trim)
		switch {
		case text == "":
		case joinable && !item:
			out[len(out)-1] += " " + text
		default:
			out = append(out, text)
			joinable = true
		}
	}
	text := strings.TrimSpace(strings.Join(out, "\n"))
	guessMeta(text, &m)
	return text, m
}

// inlineMarkdown strips the inline syntax of one line.
func inlineMarkdown(p *markdownPatterns, s string) string {
	s = p.code.ReplaceAllString(s, "$1")
	s = p.image.ReplaceAllString(s, "$1")
	s = p.link.ReplaceAllString(s, "$1")
	s = p.reflink.ReplaceAllString(s, "$1")
	s = p.autolink.ReplaceAllString(s, "$1")
	s = p.tag.ReplaceAllString(s, "")
	s = stripEmphasis(s)
	s = html.UnescapeString(s)
	return strings.TrimSpace(s)
}

// stripEmphasis removes the * and _ that mark emphasis and the ~~ of
// strikethrough, and resolves backslash escapes. A * or _ with space on both
// sides, and a _ inside a word (snake_case), are text and stay.
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_~\\") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	word := func(i int) bool {
		if i < 0 || i >= len(rs) {
			return false
		}
		r := rs[i]
		return r != ' ' && r != '\t' && r != '*' && r != '_' && r != '~'
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '\\':
			if i+1 < len(rs) && strings.ContainsRune("\\`*_{}[]()#+-.!|~<>", rs[i+1]) {
				i++
				b.WriteRune(rs[i])
				continue
			}
		case '*', '_', '~':
			j := i
			for j < len(rs) && rs[j] == r {
				j++
			}
			before, after := word(i-1), word(j)
			switch {
			case r == '~' && j-i < 2:
				// a single tilde is text
			case !before && !after:
				// spaced out: text ("5 * 3")
			case r == '_' && before && after:
				// inside a word: text
			default:
				i = j - 1
				continue
			}
			b.WriteString(string(rs[i:j]))
			i = j - 1
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// frontMatter reads a YAML front matter block ("---" lines around "key:
// value" lines) at the top of s into m and returns the rest of s.
func frontMatter(s string, m *meta) string {
	if !strings.HasPrefix(s, "---\n") {
		return s
	}
	rest := s[len("---\n"):]
	end := strings.Index(rest, "\n---")
	if end < 0 {
		return s
	}
	block := rest[:end]
	after := rest[end+len("\n---"):]
	if nl := strings.IndexByte(after, '\n'); nl >= 0 {
		if strings.TrimSpace(after[:nl]) != "" {
			return s // "---" followed by more than a line end: not front matter
		}
		after = after[nl+1:]
	} else if strings.TrimSpace(after) != "" {
		return s
	} else {
		after = ""
	}
	fields := headerFields()
	for line := range strings.Lines(block) {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		v = strings.Trim(v, `"'`)
		if f, known := fields[strings.ToLower(strings.TrimSpace(k))]; known {
			m.set(f, v)
		}
	}
	return after
}
