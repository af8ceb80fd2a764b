package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

// record is one article of a .json or .jsonl file. The text is in "text" or
// "body" (or "content"); the date in "date" (or "published"); the publisher
// in "publisher" (or "source"). Other fields are ignored.
type record struct {
	Title     string `json:"title"`
	Text      string `json:"text"`
	Body      string `json:"body"`
	Content   string `json:"content"`
	Date      string `json:"date"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Publisher string `json:"publisher"`
	Source    string `json:"source"`
	Author    names  `json:"author"`
}

// names is a string or a list of strings, as "author" often is.
type names string

// UnmarshalJSON reads a string, a list of strings, or null.
func (n *names) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*n = names(s)
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return errors.New("author: want a string or a list of strings")
	}
	*n = names(strings.Join(l, ", "))
	return nil
}

// canonical is the form of a record hashed into its document ID.
type canonical struct {
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published,omitempty"`
	URL       string `json:"url,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Author    string `json:"author,omitempty"`
}

// jsonParser turns the records of one file into Documents.
type jsonParser struct {
	item   graph.Item // the file as the user named it
	source string     // its absolute path
	name   string     // its base name
}

// parseJSON reads a .json file: one article object, or an array of them.
// A syntax error fails the file; a record without text fails that record only.
func (p jsonParser) parseJSON(data []byte, yield func(*Document, error) bool) bool {
	const op graph.Op = "loader.readJSON"
	if !json.Valid(data) { // a syntax error fails the whole file, before any record
		var v any
		err := json.Unmarshal(data, &v)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		var se *json.SyntaxError
		if errors.As(err, &se) && strings.Contains(se.Error(), "after top-level value") {
			line, col := exchange.Position(data, se.Offset-1)
			return yield(nil, graph.E(op, graph.Invalid, p.item, graph.Line(line), fmt.Sprintf(
				"column %d: more JSON after the first value (for one article per line, name the file .jsonl)", col)))
		}
		return yield(nil, p.fail(op, data, 0, "", err))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	start := skipSpace(data, 0)
	if data[start] != '[' {
		return yield(p.record(data[start:], data, start, "", ""))
	}
	if _, err := dec.Token(); err != nil {
		return yield(nil, p.fail(op, data, 0, "", err))
	}
	n := 0
	for dec.More() {
		off := skipSpace(data, int(dec.InputOffset()))
		if off < len(data) && data[off] == ',' {
			off = skipSpace(data, off+1)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return yield(nil, p.fail(op, data, 0, "", err))
		}
		doc, err := p.record(raw, data, off, "["+strconv.Itoa(n)+"]", "#"+strconv.Itoa(n+1))
		n++
		if !yield(doc, err) {
			return false
		}
	}
	if n == 0 {
		return yield(nil, graph.E(op, graph.Invalid, p.item, "an empty array: no articles"))
	}
	return true
}

// parseJSONL reads a .jsonl file: one article object per line; blank lines
// are skipped. An error names the line, and fails that line only.
func (p jsonParser) parseJSONL(data []byte, yield func(*Document, error) bool) bool {
	off, n, lineNo := 0, 0, 0
	for off < len(data) {
		lineNo++
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		line := data[off : off+end]
		if len(bytes.TrimSpace(line)) > 0 {
			n++
			doc, err := p.record(line, data, off, "", "#"+strconv.Itoa(n))
			if err != nil {
				err = withLine(err, lineNo)
			}
			if !yield(doc, err) {
				return false
			}
		}
		off += end + 1
	}
	if n == 0 {
		return yield(nil, graph.E(graph.Op("loader.readJSONL"), graph.Invalid, p.item, "no articles"))
	}
	return true
}

// withLine sets the Line of a graph error that has none.
func withLine(err error, line int) error {
	var e *graph.Error
	if errors.As(err, &e) && e.Line == 0 {
		e.Line = graph.Line(line)
	}
	return err
}

// record decodes one article found at byte offset off of data. field names
// the record in errors ("[3]", "line 7"); suffix tells it apart in Name and
// Source ("#4").
func (p jsonParser) record(raw, data []byte, off int, field, suffix string) (*Document, error) {
	const op graph.Op = "loader.readJSON"
	at := func(what string) string {
		if field == "" {
			return what
		}
		if what == "" {
			return field
		}
		return field + "." + what
	}
	if !json.Valid(raw) {
		var v any
		err := json.Unmarshal(raw, &v)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		return nil, p.fail(op, data, off, at(""), err)
	}
	if t := bytes.TrimSpace(raw); t[0] != '{' {
		return nil, p.fail(op, data, off, at(""), errors.New(`want an article object {"title": ..., "text": ...}`))
	}
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		what := ""
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			what = te.Field
		}
		return nil, p.fail(op, data, off, at(what), err)
	}
	text := firstOf(r.Text, r.Body, r.Content)
	text = strings.TrimSpace(normalizeNewlines(text))
	if text == "" {
		line, _ := exchange.Position(data, int64(off))
		return nil, graph.E(op, graph.Invalid, p.item, graph.Line(line), at("text")+`: no "text" or "body"`)
	}
	doc := &Document{Text: text}
	doc.Title = strings.TrimSpace(r.Title)
	doc.URL = strings.TrimSpace(r.URL)
	doc.Publisher = strings.TrimSpace(firstOf(r.Publisher, r.Source))
	doc.Author = strings.TrimSpace(string(r.Author))
	if d := strings.TrimSpace(firstOf(r.Date, r.Published)); d != "" {
		iso, ok := ParseDate(d)
		if !ok {
			line, _ := exchange.Position(data, int64(off))
			return nil, graph.E(op, graph.Invalid, p.item, graph.Line(line), fmt.Sprintf("%s: %q is not a date (want 2025-02-20 or February 20, 2025)", at("date"), d))
		}
		doc.Published = iso
	}
	c, err := json.Marshal(canonical{doc.Title, doc.Text, doc.Published, doc.URL, doc.Publisher, doc.Author})
	if err != nil {
		return nil, graph.E(op, graph.Internal, p.item, err)
	}
	doc.ID = graph.ContentID(c)
	doc.Name = p.name + suffix
	doc.Source = p.source + suffix
	return doc, nil
}

// fail reports a JSON error of the record at byte offset base of data,
// naming the line and column in the file (of the byte at fault for a syntax
// error, of the end of the value for a type error) and the field at fault.
func (p jsonParser) fail(op graph.Op, data []byte, base int, field string, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // Offset counts the bytes read, the bad one included
		if se.Offset >= int64(len(data)-base) {
			err = errors.New("unexpected end of JSON")
		}
	case errors.As(err, &te):
		off = te.Offset - 1
		got := "a " + te.Value
		if te.Value != "" && strings.ContainsRune("aeiou", rune(te.Value[0])) {
			got = "an " + te.Value // an array, an object
		}
		err = fmt.Errorf("want a %s, got %s", te.Type, got)
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(data) - base)
		err = errors.New("unexpected end of JSON")
	}
	msg := err.Error()
	if off < 0 {
		line, _ := exchange.Position(data, int64(base))
		if field != "" {
			msg = field + ": " + msg
		}
		return graph.E(op, graph.Invalid, p.item, graph.Line(line), msg)
	}
	line, col := exchange.Position(data, int64(base)+max(off, 0))
	msg = fmt.Sprintf("column %d: %s", col, msg)
	if field != "" {
		msg = field + ": " + msg
	}
	return graph.E(op, graph.Invalid, p.item, graph.Line(line), msg)
}

// skipSpace returns the offset of the first byte at or after off that is
// not JSON white space.
func skipSpace(data []byte, off int) int {
	for off < len(data) && (data[off] == ' ' || data[off] == '\t' || data[off] == '\n' || data[off] == '\r') {
		off++
	}
	return off
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
