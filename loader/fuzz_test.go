package loader

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

// checkParse parses data as the named file and checks what any input must
// give: documents with an ID, a name and valid UTF-8 text without markup
// left at its ends, or errors naming the file.
func checkParse(t *testing.T, name string, data []byte) {
	Parse(name, data, func(d *Document, err error) bool {
		if err != nil {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name %s", err, name)
			}
			if graph.KindOf(err) != graph.Invalid {
				t.Errorf("error %q: kind %v, want Invalid", err, graph.KindOf(err))
			}
			return true
		}
		if d == nil || d.ID == "" || d.Name == "" || strings.TrimSpace(d.Text) == "" {
			t.Fatalf("document %+v: want an ID, a name and some text", d)
		}
		for _, s := range []string{d.Text, d.Title, d.Publisher, d.Author, d.Published} {
			if !utf8.ValidString(s) {
				t.Errorf("not UTF-8: %q", s)
			}
		}
		if d.Published != "" {
			if _, ok := ParseDate(d.Published); !ok {
				t.Errorf("Published %q is not an ISO date", d.Published)
			}
		}
		return true
	})
}

func FuzzReadHTML(f *testing.F) {
	for _, s := range []string{
		`<html><head><title>T</title><meta property="og:title" content="A &amp; B"></head><body><article><p>Text</p></article></body></html>`,
		`<p>unclosed <b>bold <script>if (a < b) {}</script> <!-- c --> <![CDATA[x]]> </p`,
		`<header><h1>H</h1></header><main><p>M</p><time datetime="2025-02-20">x</time></main>`,
		`<script type="application/ld+json">{"@graph":[{"headline":"H","datePublished":"2025-01-02","author":[{"name":"A"}]}]}</script><p>x</p>`,
		`<a href='x' b=c d = "e" f>link</a><pre>  keep
  lines</pre><br/><td>cell</td>`,
		"<", "</", "<!", "<a", "<a b='", "<title>", "<h1>unclosed",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, "page.html", data) })
}

func FuzzReadJSON(f *testing.F) {
	for _, s := range []string{
		`{"title": "T", "text": "Body", "date": "2025-02-20", "author": ["A", "B"]}`,
		`[{"body": "one"}, {"text": "two", "date": "March 2025"}, 5, []]`,
		`{"text": 5}`, `[`, `[]`, `{}`, `null`, `"s"`, `{"text": "a"} {"text": "b"}`,
		"{\"text\": \"a\"}\n{\"text\": \"b\"}\n\nnot json\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "records.json", data)
		checkParse(t, "records.jsonl", data)
	})
}

func FuzzReadMarkdown(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2025-02-20\n---\n# Heading\n\nText with **bold**, _em_, `code` and [a link](http://x).\n",
		"Setext\n======\n\n> quote\n\n- item\n1. item\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n",
		"***\n---\n___\n\\*escaped\\* ![img](x) <b>tag</b> <http://auto.link> [ref][1]\n\n[1]: http://x\n",
		"---\n", "#", "```", "*", "_a_b_", "~~strike~~ ~single",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "article.md", data)
		checkParse(t, "article.txt", data)
	})
}

// FuzzReadExchange reads arbitrary interchange files (load --extraction):
// each is a file of documents or an error naming it, and each document an
// extraction that fits the ontology or an error naming the document.
func FuzzReadExchange(f *testing.F) {
	for _, s := range []string{
		`{"documents": [{"document": "a.txt", "entities": [{"name": "Mexico", "type": "Country"}, {"name": "Cártel \"X\" {MATCH}", "type": "CriminalGroup", "aliases": ["X"]}],
		  "relations": [{"subject": "Mexico", "predicate": "DESIGNATED", "object": "x", "attributes": {"date": "2025-02", "designation": "FTO", "confidence": 0.5, "alleged": true, "sentence": "s"}}],
		  "statements": [{"speaker": "Mexico", "text": "t", "about": ["X"]}]}]}`,
		`{"documents": [{"document": "b", "entities": [{"name": "", "type": "Country"}]}]}`,
		`{"documents": [{"document": "c", "relations": [{"subject": "a", "predicate": "LOVES", "object": "b"}]}]}`,
		`{"documents": 5}`, `{"documents": [{"entities": [{"name": 1}]}]}`, `[`, `{}`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := exchange.Read(data, "x.json")
		if err != nil {
			var e *graph.Error
			if !errors.As(err, &e) || e.Item != "x.json" || graph.KindOf(err) != graph.Invalid {
				t.Errorf("Read error %q: want an Invalid error naming x.json", err)
			}
			return
		}
		for _, d := range file.Documents {
			x, err := exchange.ToExtraction(d, graph.Document{ID: "doc", Name: d.Document})
			if err != nil {
				if graph.KindOf(err) != graph.Invalid {
					t.Errorf("ToExtraction error %q: kind %v, want Invalid", err, graph.KindOf(err))
				}
				continue
			}
			if err := x.Validate(); err != nil {
				t.Errorf("ToExtraction gave an extraction that does not validate: %v", err)
			}
		}
	})
}
