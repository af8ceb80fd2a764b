package loader

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// writeFiles writes name → content under dir, making folders as needed.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readAll reads paths and returns the documents by Name and the errors.
func readAll(t testing.TB, r *Reader, paths ...string) ([]*Document, []error) {
	t.Helper()
	var docs []*Document
	var errs []error
	for d, err := range r.Read(context.Background(), paths...) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	return docs, errs
}

func TestReadFormats(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a-header.txt": "Title: Washington lists four groups\nPublisher: The Test Wire\nDate: February 20, 2025\nAuthor: A. Reporter\n\n" +
			"The United States designated the Sinaloa Cartel on Thursday.\nMexico objected.\n",
		"b-plain.txt": "\n\nMexico Rejects Foreign Troops\n\n10 August 2025\n\nMexico said on Saturday it would not accept foreign troops.\r\nThe statement was brief.\r\n",
		"c-article.md": "---\ntitle: \"Rewards for information\"\ndate: 2025-03-05\npublisher: Test Daily\n---\n" +
			"# A heading that is not the title\n\nThe **State Department** offered a *reward* for [information](https://example.org/x) about `suspects`.\n\n" +
			"```\ncode that is not prose\n```\n\n> A quoted paragraph.\n\n- first item\n- second item\n\n![a photo](p.jpg)\n\n| a | b |\n|---|---|\n| one | two |\n",
		"d-heading.md": "# Security Talks Resume\n\n*Published March 3, 2025*\n\nOfficials met in Mexico\nCity. snake_case stays,\n5 * 3 stays.\n",
		"e-page.html": `<!DOCTYPE html><html><head><title>Page title | Site</title>
<meta property="og:title" content="Cartels Listed as Terrorists">
<meta property="og:site_name" content="Test Herald">
<meta property="article:published_time" content="2025-02-20T15:04:05Z">
<meta name="author" content="B. Writer">
<link rel="canonical" href="https://example.org/listed">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header>Site banner</header>
<article><header><h1>Cartels Listed as Terrorists</h1><time datetime="2025-02-21">Feb 21</time></header>
<p>The United States designated the Sinaloa Cartel &amp; others.</p>
<p>Mexico&#39;s president <b>objected</b>.<br>She spoke on Friday.</p>
<aside>Read more: unrelated story</aside>
<!-- a comment -->
<figure><img src="x.jpg"><figcaption>A photo caption.</figcaption></figure>
</article><footer>Copyright</footer></body></html>`,
		"f-one.json":   `{"title": "One record", "text": "Mexico and the United States met.", "date": "2025-04-01", "url": "https://example.org/1", "publisher": "JSON News", "author": ["A", "B"]}`,
		"g-array.json": `[{"title": "First", "body": "The Tren de Aragua was named."}, {"title": "Second", "text": "Mexico replied.", "date": "May 2, 2025"}]`,
		"h-lines.jsonl": `{"title": "L1", "text": "Line one text."}` + "\n\n" +
			`{"title": "L2", "text": "Line two text.", "publisher": "Lines"}` + "\n",
		".hidden.txt":      "never read",
		".git/config.txt":  "never read",
		"sub/i-nested.htm": "<p>Only a paragraph about Mexico.</p>",
	})
	docs, errs := readAll(t, &Reader{}, dir)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	abs := func(name string) string { return filepath.Join(dir, name) }
	want := []struct {
		Name, Source, Title, Publisher, Published, Author, URL string
		Text                                                   string
	}{
		{"a-header.txt", abs("a-header.txt"), "Washington lists four groups", "The Test Wire", "2025-02-20", "A. Reporter", "",
			"The United States designated the Sinaloa Cartel on Thursday.\nMexico objected.\n"},
		{"b-plain.txt", abs("b-plain.txt"), "Mexico Rejects Foreign Troops", "", "2025-08-10", "", "",
			"\n\nMexico Rejects Foreign Troops\n\n10 August 2025\n\nMexico said on Saturday it would not accept foreign troops.\nThe statement was brief.\n"},
		{"c-article.md", abs("c-article.md"), "Rewards for information", "Test Daily", "2025-03-05", "", "",
			"A heading that is not the title\n\nThe State Department offered a reward for information about suspects.\n\nA quoted paragraph.\n\nfirst item\nsecond item\n\na photo\n\na; b\none; two"},
		{"d-heading.md", abs("d-heading.md"), "Security Talks Resume", "", "2025-03-03", "", "",
			"Security Talks Resume\n\nPublished March 3, 2025\n\nOfficials met in Mexico City. snake_case stays, 5 * 3 stays."},
		{"e-page.html", abs("e-page.html"), "Cartels Listed as Terrorists", "Test Herald", "2025-02-20", "B. Writer", "https://example.org/listed",
			"Cartels Listed as Terrorists\n\nFeb 21\n\nThe United States designated the Sinaloa Cartel & others.\n\nMexico's president objected.\nShe spoke on Friday.\n\nA photo caption."},
		{"f-one.json", abs("f-one.json"), "One record", "JSON News", "2025-04-01", "A, B", "https://example.org/1",
			"Mexico and the United States met."},
		{"g-array.json#1", abs("g-array.json") + "#1", "First", "", "", "", "", "The Tren de Aragua was named."},
		{"g-array.json#2", abs("g-array.json") + "#2", "Second", "", "2025-05-02", "", "", "Mexico replied."},
		{"h-lines.jsonl#1", abs("h-lines.jsonl") + "#1", "L1", "", "", "", "", "Line one text."},
		{"h-lines.jsonl#2", abs("h-lines.jsonl") + "#2", "L2", "Lines", "", "", "", "Line two text."},
		{"i-nested.htm", abs("sub/i-nested.htm"), "", "", "", "", "", "Only a paragraph about Mexico."},
	}
	if len(docs) != len(want) {
		var names []string
		for _, d := range docs {
			names = append(names, d.Name)
		}
		t.Fatalf("read %d documents %v, want %d", len(docs), names, len(want))
	}
	ids := map[string]bool{}
	for i, w := range want {
		d := docs[i]
		t.Run(w.Name, func(t *testing.T) {
			got := []string{d.Name, d.Source, d.Title, d.Publisher, d.Published, d.Author, d.URL, d.Text}
			exp := []string{w.Name, w.Source, w.Title, w.Publisher, w.Published, w.Author, w.URL, w.Text}
			fields := []string{"Name", "Source", "Title", "Publisher", "Published", "Author", "URL", "Text"}
			for j := range got {
				if got[j] != exp[j] {
					t.Errorf("%s = %q, want %q", fields[j], got[j], exp[j])
				}
			}
			if len(d.ID) != 32 || ids[d.ID] {
				t.Errorf("ID %q: want a new 32-digit content hash", d.ID)
			}
			ids[d.ID] = true
		})
	}
}

func TestReadBadInput(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"01-good.txt":       "Mexico said no.",
		"02-empty.txt":      "",
		"03-blank.md":       " \n\t\n",
		"04-binary.txt":     "Mexico\x00\x01\x02",
		"05-latin1.txt":     "first line\nCancún en espa\xf1ol\n",
		"06-big.txt":        strings.Repeat("Mexico said no. ", 200),
		"07-notes.pdf":      "%PDF-1.4",
		"08-README":         "no extension",
		"09-syntax.json":    "{\n  \"title\": \"x\",\n  \"text\": \"y\" oops\n}",
		"10-type.json":      "{\n  \"title\": 5,\n  \"text\": \"y\"\n}",
		"11-partial.json":   "[\n {\"title\": \"has text\", \"text\": \"Mexico.\"},\n {\"title\": \"no text\"},\n {\"text\": \"Also fine.\", \"date\": \"someday\"}\n]",
		"12-lines.jsonl":    "{\"text\": \"one\"}\n{\"text\": 2}\nnot json\n{\"text\": \"four\"}\n",
		"13-trailing.json":  "{\"text\": \"a\"}\n{\"text\": \"b\"}\n",
		"14-only-tags.html": "<html><body><script>x()</script><nav>menu</nav></body></html>",
		"15-truncated.json": "[{\"text\": \"a\"}, {\"text\": ",
		"16-empty.json":     "[]",
		"zz-last.txt":       "The last file still loads.",
	})
	if err := os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "17-broken.txt")); err != nil {
		t.Fatal(err)
	}
	docs, errs := readAll(t, &Reader{MaxSize: 1000}, dir)
	var names []string
	for _, d := range docs {
		names = append(names, d.Name)
	}
	wantDocs := []string{"01-good.txt", "11-partial.json#1", "12-lines.jsonl#1", "12-lines.jsonl#4", "zz-last.txt"}
	if strings.Join(names, " ") != strings.Join(wantDocs, " ") {
		t.Errorf("documents %v, want %v", names, wantDocs)
	}
	want := []struct {
		file string
		line int
		kind graph.Kind
		has  string
	}{
		{"02-empty.txt", 0, graph.Invalid, "empty file"},
		{"03-blank.md", 0, graph.Invalid, "empty file"},
		{"04-binary.txt", 1, graph.Invalid, "binary file"},
		{"05-latin1.txt", 2, graph.Invalid, "column 16: not valid UTF-8"},
		{"06-big.txt", 0, graph.Invalid, "too large"},
		{"07-notes.pdf", 0, graph.Invalid, "cannot read the extension .pdf"},
		{"08-README", 0, graph.Invalid, "no extension"},
		{"09-syntax.json", 3, graph.Invalid, "column 15: invalid character 'o'"},
		{"10-type.json", 2, graph.Invalid, "title: column 12: want a string, got a number"},
		{"11-partial.json", 3, graph.Invalid, `[1].text: no "text" or "body"`},
		{"11-partial.json", 4, graph.Invalid, `[2].date: "someday" is not a date`},
		{"12-lines.jsonl", 2, graph.Invalid, "text: column 10: want a string, got a number"},
		{"12-lines.jsonl", 3, graph.Invalid, "column 2: invalid character 'o'"},
		{"13-trailing.json", 2, graph.Invalid, "more JSON after the first value"},
		{"14-only-tags.html", 0, graph.Invalid, "no text"},
		{"15-truncated.json", 1, graph.Invalid, "unexpected end of JSON"},
		{"16-empty.json", 0, graph.Invalid, "no articles"},
		{"17-broken.txt", 0, graph.Invalid, "broken symbolic link"},
	}
	if len(errs) != len(want) {
		t.Errorf("%d errors, want %d:", len(errs), len(want))
		for _, e := range errs {
			t.Log(e)
		}
	}
	for i := 0; i < len(want) && i < len(errs); i++ {
		w, err := want[i], errs[i]
		var e *graph.Error
		if !errors.As(err, &e) {
			t.Errorf("error %d %v: not a *graph.Error", i, err)
			continue
		}
		if string(e.Item) != filepath.Join(dir, w.file) || int(e.Line) != w.line || graph.KindOf(err) != w.kind || !strings.Contains(err.Error(), w.has) {
			t.Errorf("error %d = %q (item %s, line %d, kind %v),\n want item %s, line %d, kind %v, containing %q",
				i, err, e.Item, e.Line, graph.KindOf(err), w.file, w.line, w.kind, w.has)
		}
	}
}

func TestReadMissingAndUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ok.txt": "Mexico.", "locked/secret.txt": "hidden", "closed.txt": "x"})
	missing := filepath.Join(dir, "missing.txt")
	if err := os.Chmod(filepath.Join(dir, "closed.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	docs, errs := readAll(t, &Reader{}, missing, dir)
	if len(errs) == 0 || graph.KindOf(errs[0]) != graph.NotFound || !strings.Contains(errs[0].Error(), missing) {
		t.Fatalf("first error %v: want NotFound naming %s", errs, missing)
	}
	if os.Geteuid() == 0 {
		t.Log("running as root: permissions are not enforced, skipping the unreadable cases")
		return
	}
	if len(docs) != 1 || docs[0].Name != "ok.txt" {
		t.Errorf("documents %v, want ok.txt only", docs)
	}
	if len(errs) != 3 {
		t.Fatalf("errors %v: want missing, closed.txt and locked", errs)
	}
	for i, name := range []string{"closed.txt", "locked"} {
		err := errs[i+1]
		if graph.KindOf(err) != graph.Permission || !strings.Contains(err.Error(), filepath.Join(dir, name)) {
			t.Errorf("error %v: want Permission naming %s", err, name)
		}
	}
}

func TestReadSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"corpus/a.txt":       "Article A about Mexico.",
		"corpus/inner/b.txt": "Article B about Mexico.",
		"other/c.txt":        "Article C about Mexico.",
	})
	links := map[string]string{
		"corpus/inner/loop": filepath.Join(dir, "corpus"),      // a loop back to an ancestor
		"corpus/self":       ".",                               // a loop to itself
		"corpus/other":      filepath.Join(dir, "other"),       // a folder outside: read once
		"corpus/z-again":    filepath.Join(dir, "other"),       // the same folder again: not read twice
		"corpus/link.txt":   filepath.Join(dir, "other/c.txt"), // a link to a file: read
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	docs, errs := readAll(t, &Reader{}, filepath.Join(dir, "corpus"))
	var got []string
	for _, d := range docs {
		rel, _ := filepath.Rel(dir, d.Source)
		got = append(got, rel)
	}
	want := []string{"corpus/a.txt", "corpus/inner/b.txt", "corpus/link.txt", "corpus/other/c.txt"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("read %v, want %v", got, want)
	}
	wantErrs := []string{"corpus/inner/loop", "corpus/self"}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %v, want loops at %v", errs, wantErrs)
	}
	for i, e := range errs {
		if !strings.Contains(e.Error(), filepath.Join(dir, wantErrs[i])+":") || !strings.Contains(e.Error(), "symbolic link loop") {
			t.Errorf("error %q: want a symbolic link loop at %s", e, wantErrs[i])
		}
	}
}

func TestReadCancel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "A.", "b.txt": "B.", "c.txt": "C."})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for d, err := range (&Reader{}).Read(ctx, dir) {
		if err != nil {
			last = err
			continue
		}
		n++
		if d.Name == "a.txt" {
			cancel()
		}
	}
	if n != 1 || !errors.Is(last, context.Canceled) {
		t.Errorf("read %d documents, last error %v: want 1 and context.Canceled", n, last)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2025-02-20", "2025-02-20"},
		{"2025-02-20T15:04:05-05:00", "2025-02-20"},
		{"2025-02", "2025-02"},
		{"2025", "2025"},
		{"February 20, 2025", "2025-02-20"},
		{"Feb. 20, 2025", "2025-02-20"},
		{"Thursday, February 20, 2025", "2025-02-20"},
		{"20 February 2025", "2025-02-20"},
		{"Aug 9th, 2025 10:30 AM", "2025-08-09"},
		{"September 2025", "2025-09"},
		{"", ""},
		{"someday", ""},
		{"2025-13-01", ""},
		{"February 40, 2025", ""},
		{"The year 2025", ""},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestReadHTML(t *testing.T) {
	tests := []struct {
		name, page                                string
		title, publisher, published, author, text string
		err                                       string
	}{
		{name: "json-ld and main",
			page: `<html><head><title>Doc title</title><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",
"headline": "LD headline", "datePublished": "2025-03-16T08:00:00Z", "author": [{"name": "L. Author"}], "publisher": {"name": "LD Press"}}]}</script></head>
<body><header>Site</header><main><h1>Main heading</h1><p>Main text.</p><footer>Share</footer></main><p>Outside main.</p></body></html>`,
			title: "LD headline", publisher: "LD Press", published: "2025-03-16", author: "L. Author", text: "Main heading\n\nMain text."},
		{name: "body, title element, unclosed tags",
			page:  "<title>Only a title</title><p>First paragraph<p>Second <i>paragraph</i><ul><li>one<li>two</ul><table><tr><td>a<td>b</table>",
			title: "Only a title", text: "First paragraph\n\nSecond paragraph\n\none\n\ntwo\n\na b"},
		{name: "the longest article, h1 title, time",
			page:  `<body><article><p>Teaser.</p></article><article><h1>Real story</h1><p>Body &mdash; long enough.<br>Next line.</p><time datetime="2025-02-19">x</time></article></body>`,
			title: "Real story", published: "2025-02-19", text: "Real story\n\nBody — long enough.\nNext line.\n\nx"},
		{name: "pre keeps its lines",
			page: "<body><pre>line one\n  line two</pre></body>", text: "line one\nline two"},
		{name: "nested too deep", page: strings.Repeat("<div>", 600) + "text", err: "deep.html: loader.Read: html: open stack of elements exceeds 512 nodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []*Document
			var errs []error
			Parse("deep.html", []byte(tt.page), func(d *Document, err error) bool {
				if err != nil {
					errs = append(errs, err)
				} else {
					docs = append(docs, d)
				}
				return true
			})
			if tt.err != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.err) {
					t.Errorf("errors %v, want %q", errs, tt.err)
				}
				return
			}
			if len(docs) != 1 || len(errs) != 0 {
				t.Fatalf("documents %v, errors %v: want one document", docs, errs)
			}
			d := docs[0]
			got := []string{d.Title, d.Publisher, d.Published, d.Author, d.Text}
			want := []string{tt.title, tt.publisher, tt.published, tt.author, tt.text}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}
