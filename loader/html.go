package loader

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// An HTML page is parsed with golang.org/x/net/html, the HTML5 parsing
// algorithm of browsers, so broken markup is read as a browser reads it. The
// text is the page's longest <article>, or else its <main>, or else its
// <body>, without what is not the article (scripts, styles, navigation, page
// headers and footers, asides, forms), broken into lines at block elements.
// The metadata comes from <title>, <meta> (Open Graph, article:, author, date),
// JSON-LD (schema.org NewsArticle), <link rel=canonical>, the first <h1> and
// the first <time datetime>.

// skipElements are the elements whose content is not article text.
func skipElements() map[atom.Atom]bool {
	return map[atom.Atom]bool{
		atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
		atom.Svg: true, atom.Math: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
		atom.Aside: true, atom.Form: true, atom.Button: true, atom.Select: true,
		atom.Iframe: true, atom.Object: true, atom.Canvas: true, atom.Head: true,
		atom.Dialog: true, atom.Menu: true,
	}
}

// blockElements are the elements that stand on lines of their own.
func blockElements() map[atom.Atom]bool {
	return map[atom.Atom]bool{
		atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
		atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
		atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
		atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true,
		atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Address: true,
		atom.Caption: true, atom.Details: true, atom.Summary: true, atom.Header: true,
		atom.Body: true,
	}
}

// parseHTML reads an HTML page into its article text and metadata. It fails
// only on a page the parser refuses (elements nested over 512 deep).
func parseHTML(src string) (string, meta, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return "", meta{}, err
	}
	var m meta
	var docTitle, h1, metaDate, timeDate string
	var body, main *html.Node
	var articles []*html.Node
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Title:
			if docTitle == "" {
				docTitle = nodeText(n)
			}
		case atom.Meta:
			metaTag(n, &m, &metaDate)
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") {
				m.set("url", attr(n, "href"))
			}
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
				jsonLD(nodeText(n), &m, &metaDate)
			}
		case atom.Time:
			if timeDate == "" && !insideSkipped(n) {
				if d, ok := ParseDate(attr(n, "datetime")); ok {
					timeDate = d
				}
			}
		case atom.H1:
			if h1 == "" && !insideSkipped(n) {
				h1 = strings.TrimSpace(nodeText(n))
			}
		case atom.Article:
			if !insideSkipped(n) {
				articles = append(articles, n)
			}
		case atom.Main:
			if main == nil {
				main = n
			}
		case atom.Body:
			body = n
		}
	}
	m.set("title", docTitle)
	m.set("title", h1)
	m.set("published", metaDate)
	m.set("published", timeDate)

	text := ""
	for _, a := range articles { // the longest article
		if t := pageText(a); len(t) > len(text) {
			text = t
		}
	}
	if text == "" && main != nil {
		text = pageText(main)
	}
	if text == "" && body != nil {
		text = pageText(body)
	}
	return text, m, nil
}

// insideSkipped reports whether n is within an element that is not article
// text (a <header> inside an <article> or <main> is: it holds the headline).
func insideSkipped(n *html.Node) bool {
	skip := skipElements()
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type != html.ElementNode || !skip[p.DataAtom] {
			continue
		}
		if p.DataAtom == atom.Header && inArticle(p) {
			continue
		}
		return true
	}
	return false
}

func inArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

// pageText returns the text of the element n, in lines.
func pageText(n *html.Node) string {
	w := textWriter{skip: skipElements(), block: blockElements()}
	w.walk(n, n.DataAtom == atom.Article || n.DataAtom == atom.Main, 0)
	return tidyText(w.b.String())
}

// textWriter collects the text of an element.
type textWriter struct {
	b           strings.Builder
	skip, block map[atom.Atom]bool
	pre         int
}

// maxDepth bounds the recursion of walk; deeper elements give their text flat.
const maxDepth = 512

func (w *textWriter) walk(n *html.Node, article bool, depth int) {
	switch n.Type {
	case html.TextNode:
		if w.pre > 0 {
			w.b.WriteString(n.Data)
		} else {
			w.b.WriteString(collapseSpace(n.Data))
		}
		return
	case html.ElementNode:
	default:
		return
	}
	a := n.DataAtom
	if w.skip[a] && !(a == atom.Header && article) {
		return
	}
	if depth > maxDepth {
		w.b.WriteString(" " + nodeText(n) + " ")
		return
	}
	switch a {
	case atom.Br:
		w.b.WriteString("\n")
		return
	case atom.Td, atom.Th:
		w.b.WriteString(" ")
	case atom.Article, atom.Main:
		article = true
	case atom.Pre:
		w.pre++
		defer func() { w.pre-- }()
	}
	if w.block[a] {
		w.b.WriteString("\n\n")
		defer w.b.WriteString("\n\n")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, article, depth+1)
	}
}

// nodeText returns the text inside n, white space collapsed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimSpace(collapseSpace(b.String()))
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// metaTag reads the metadata of a <meta> element.
func metaTag(n *html.Node, m *meta, date *string) {
	key := strings.ToLower(attr(n, "property"))
	if key == "" {
		key = strings.ToLower(attr(n, "name"))
	}
	if key == "" {
		key = strings.ToLower(attr(n, "itemprop"))
	}
	v := attr(n, "content")
	switch key {
	case "og:title", "twitter:title", "headline":
		m.set("title", v)
	case "og:site_name", "publisher", "application-name":
		m.set("publisher", v)
	case "author", "article:author", "byl", "dc.creator", "sailthru.author":
		if !strings.Contains(v, "://") {
			m.set("author", strings.TrimPrefix(v, "By "))
		}
	case "og:url":
		m.set("url", v)
	case "article:published_time", "datepublished", "date", "pubdate", "publishdate",
		"dc.date", "dc.date.issued", "og:published_time", "sailthru.date", "parsely-pub-date":
		if d, ok := ParseDate(v); ok && *date == "" {
			*date = d
		}
	}
}

// jsonLD reads a JSON-LD block (schema.org NewsArticle) for what the meta
// elements did not give.
func jsonLD(raw string, m *meta, date *string) {
	var v any
	if json.Unmarshal([]byte(raw), &v) != nil {
		return
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e, depth+1)
			}
		case map[string]any:
			if g, ok := v["@graph"]; ok {
				walk(g, depth+1)
			}
			if h, ok := v["headline"].(string); ok {
				m.set("title", h)
			}
			if d, ok := v["datePublished"].(string); ok {
				if iso, ok := ParseDate(d); ok && *date == "" {
					*date = iso
				}
			}
			m.set("publisher", ldName(v["publisher"]))
			m.set("author", ldName(v["author"]))
		}
	}
	walk(v, 0)
}

// ldName returns the name of a JSON-LD Person or Organization, or of the
// first of a list of them.
func ldName(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		n, _ := v["name"].(string)
		return n
	case []any:
		if len(v) > 0 {
			return ldName(v[0])
		}
	}
	return ""
}

// collapseSpace turns every run of white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			if !space {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteRune(r)
			space = false
		}
	}
	return b.String()
}

// tidyText trims every line, and leaves at most one blank line between
// blocks and none at the ends.
func tidyText(s string) string {
	var out []string
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, line)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}
