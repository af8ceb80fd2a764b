package loader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

// DefaultMaxSize is the largest file a Reader reads unless told otherwise: 20 MB.
const DefaultMaxSize = 20 << 20

// Document is an article as read from a file: its metadata and its text. The
// offsets of the evidence extracted from it are byte offsets into Text.
//
// Its ID is the ContentID of the file's bytes, so that any change to the file
// makes a new version that replaces the old one; for a record of a .json
// array or a .jsonl file, it is the ContentID of the record's canonical JSON
// (title, text, date, url, publisher, author). Its Name is the file's base
// name and its Source the file's absolute path, each followed by "#n" for the
// n-th record (from 1) of a .json array or a .jsonl file.
type Document struct {
	graph.Document
	// Text is the article's plain text: the file itself for .txt, the words of
	// the page or the Markdown without their markup for .html and .md, the
	// "text" (or "body") field for .json and .jsonl.
	Text string
}

// Formats returns the file extensions a Reader reads, with what each holds.
func Formats() map[string]string {
	return map[string]string{
		".txt":      "plain text; an optional header block of Title:, Date:, Publisher:, Author:, URL: lines",
		".text":     "plain text, as .txt",
		".md":       "Markdown; optional YAML front matter (title, date, publisher, author, url)",
		".markdown": "Markdown, as .md",
		".html":     "an HTML page; metadata from <title>, <meta> (Open Graph, article:), <time>, JSON-LD",
		".htm":      "an HTML page, as .html",
		".json":     `one object {"title", "text" or "body", "date", "url", "publisher", "author"} or an array of them`,
		".jsonl":    "one such object per line",
	}
}

// Reader reads articles from files and folders. The zero Reader is ready to use.
type Reader struct {
	// MaxSize is the largest file read, in bytes; 0 means DefaultMaxSize.
	MaxSize int64
}

// Read reads the articles in the given files and folders: folders
// recursively, their entries in name order, hidden files and folders (a name
// starting with ".") left out unless named explicitly. It yields the documents
// one at a time as it reads them, so that a folder of any size is never all in
// memory.
//
// Bad input does not stop the rest: a file that cannot be read yields one
// error (with a nil Document) naming the file, and where it helps the line and
// field; the walk goes on. The reasons are: no such file, not readable, not a
// regular file, empty, binary (a NUL byte), not UTF-8, larger than MaxSize,
// an extension Read does not know (see Formats), malformed JSON, no text, and
// a symbolic link to a folder that contains it (a loop). A folder reached a
// second time through a symbolic link is not read again.
//
// When ctx is done, Read yields ctx.Err() and stops.
func (r *Reader) Read(ctx context.Context, paths ...string) iter.Seq2[*Document, error] {
	return func(yield func(*Document, error) bool) {
		w := &walker{r: r, ctx: ctx, yield: yield, seen: map[string]bool{}}
		for _, p := range paths {
			if !w.walk(p, true, nil) {
				return
			}
		}
	}
}

// Read reads articles with the zero Reader: see Reader.Read.
func Read(ctx context.Context, paths ...string) iter.Seq2[*Document, error] {
	var r Reader
	return r.Read(ctx, paths...)
}

func (r *Reader) maxSize() int64 {
	if r.MaxSize > 0 {
		return r.MaxSize
	}
	return DefaultMaxSize
}

// walker is the state of one Read.
type walker struct {
	r     *Reader
	ctx   context.Context
	yield func(*Document, error) bool
	// seen holds the real paths of the folders read so far.
	seen map[string]bool
}

const opRead graph.Op = "loader.Read"

// fail yields an error about path.
func (w *walker) fail(path string, kind graph.Kind, err any) bool {
	return w.yield(nil, graph.E(opRead, kind, graph.Item(path), err))
}

// walk reads path, a file or a folder. ancestors are the real paths of the
// folders being walked above it, to tell a symbolic link loop.
func (w *walker) walk(path string, explicit bool, ancestors []string) bool {
	if err := w.ctx.Err(); err != nil {
		w.yield(nil, err)
		return false
	}
	lst, err := os.Lstat(path)
	if err != nil {
		return w.fail(path, kindOf(err), unwrapPath(err))
	}
	info := lst
	link := lst.Mode()&fs.ModeSymlink != 0
	if link {
		if info, err = os.Stat(path); err != nil {
			return w.fail(path, graph.Invalid, fmt.Errorf("broken symbolic link: %w", unwrapPath(err)))
		}
	}
	if !explicit && strings.HasPrefix(lst.Name(), ".") {
		return true
	}
	switch {
	case info.IsDir():
		return w.dir(path, link, ancestors)
	case info.Mode().IsRegular():
		return w.file(path, info)
	default:
		return w.fail(path, graph.Invalid, fmt.Sprintf("not a regular file (%s)", info.Mode().Type()))
	}
}

// dir reads a folder's entries in name order.
func (w *walker) dir(path string, link bool, ancestors []string) bool {
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		return w.fail(path, kindOf(err), unwrapPath(err))
	}
	for _, a := range ancestors {
		if a == real {
			return w.fail(path, graph.Invalid, "symbolic link loop: it leads back to "+real+", which is being read; not followed")
		}
	}
	if w.seen[real] {
		return true // read already, through another path
	}
	w.seen[real] = true
	entries, err := os.ReadDir(path)
	if err != nil && len(entries) == 0 {
		return w.fail(path, kindOf(err), unwrapPath(err))
	}
	ancestors = append(ancestors, real)
	for _, e := range entries {
		if !w.walk(filepath.Join(path, e.Name()), false, ancestors) {
			return false
		}
	}
	if err != nil {
		return w.fail(path, kindOf(err), unwrapPath(err))
	}
	return true
}

// file reads one file into its documents.
func (w *walker) file(path string, info fs.FileInfo) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if _, ok := Formats()[ext]; !ok {
		what := "no extension"
		if ext != "" {
			what = "the extension " + ext
		}
		return w.fail(path, graph.Invalid, fmt.Sprintf("cannot read %s (want one of %s)", what, extensions()))
	}
	limit := w.r.maxSize()
	if info.Size() > limit {
		return w.fail(path, graph.Invalid, fmt.Sprintf("too large: %s, over the limit of %s", size(info.Size()), size(limit)))
	}
	f, err := os.Open(path)
	if err != nil {
		return w.fail(path, kindOf(err), unwrapPath(err))
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	f.Close()
	if err != nil {
		return w.fail(path, kindOf(err), unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return w.fail(path, graph.Invalid, fmt.Sprintf("too large: over the limit of %s", size(limit)))
	}
	source, err := filepath.Abs(path)
	if err != nil {
		return w.fail(path, graph.Internal, err)
	}
	return parse(path, source, data, w.yield)
}

// Parse reads the articles of one file's contents; name is the file's name,
// whose extension says the format (see Formats). Every document and every
// error goes to yield, in order, until yield returns false; Parse returns
// false then.
func Parse(name string, data []byte, yield func(*Document, error) bool) bool {
	source, err := filepath.Abs(name)
	if err != nil {
		source = name
	}
	return parse(name, source, data, yield)
}

// parse checks data is text and reads it in the format its extension names.
func parse(path, source string, data []byte, yield func(*Document, error) bool) bool {
	item := graph.Item(path)
	fail := func(err any, line int) bool {
		return yield(nil, graph.E(opRead, graph.Invalid, item, graph.Line(line), err))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	if len(bytes.TrimSpace(data)) == 0 {
		return fail("empty file", 0)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, _ := exchange.Position(data, int64(i))
		return fail(fmt.Sprintf("binary file (a NUL byte at offset %d), not text", i), line)
	}
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		line, col := exchange.Position(data, int64(i))
		return fail(fmt.Sprintf("column %d: not valid UTF-8 (byte 0x%02x at offset %d); save the file as UTF-8", col, data[i], i), line)
	}
	base := filepath.Base(path)
	p := jsonParser{item: item, source: source, name: base}
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".json":
		return p.parseJSON(data, yield)
	case ".jsonl":
		return p.parseJSONL(data, yield)
	}
	raw := normalizeNewlines(string(data))
	var text string
	var m meta
	switch ext {
	case ".txt", ".text":
		text, m = parseText(raw)
	case ".md", ".markdown":
		text, m = parseMarkdown(raw)
	case ".html", ".htm":
		var err error
		if text, m, err = parseHTML(raw); err != nil {
			return fail(err, 0)
		}
	default:
		return fail("cannot read the extension "+ext, 0)
	}
	if strings.TrimSpace(text) == "" {
		return fail("no text: nothing is left of the file once its markup is removed", 0)
	}
	doc := &Document{Text: text}
	doc.ID = graph.ContentID(data)
	doc.Name = base
	doc.Source = source
	doc.Title = m.Title
	doc.Publisher = m.Publisher
	doc.Author = m.Author
	doc.URL = m.URL
	doc.Published = m.Published
	return yield(doc, nil)
}

// invalidUTF8 returns the offset of the first byte of data that is not valid UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// extensions lists the known extensions, sorted.
func extensions() string {
	exts := slices.Sorted(maps.Keys(Formats()))
	return strings.Join(exts, ", ")
}

// size renders a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// kindOf classifies a file system error.
func kindOf(err error) graph.Kind {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return graph.NotFound
	case errors.Is(err, fs.ErrPermission):
		return graph.Permission
	}
	return graph.Invalid
}

// unwrapPath drops the *fs.PathError wrapper, whose path the graph error names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
