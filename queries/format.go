package queries

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Format is an output format of a Result.
type Format string

// The output formats.
const (
	// Table is an aligned text table for terminals, numbers right-aligned,
	// followed by the row count.
	Table Format = "table"
	// CSV is RFC 4180 CSV: a header row, CRLF line ends, quoting as needed.
	CSV Format = "csv"
	// JSON is an array of objects, one per row, keys in column order.
	JSON Format = "json"
)

// Formats returns every output format.
func Formats() []Format { return []Format{Table, CSV, JSON} }

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", graph.E(graph.Op("queries.ParseFormat"), graph.Invalid,
		fmt.Sprintf("unknown format %q (want table, csv or json)", s))
}

// Write writes res to w in format f.
func Write(w io.Writer, res Result, f Format) error {
	switch f {
	case Table:
		return WriteTable(w, res)
	case CSV:
		return WriteCSV(w, res)
	case JSON:
		return WriteJSON(w, res)
	}
	_, err := ParseFormat(string(f))
	return err
}

// Text renders a plain value (see Plain) as the text of a table cell or CSV
// field: nil as nothing, numbers in their shortest form, lists as their
// items' text joined by "; ", maps as JSON.
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			parts = append(parts, Text(x))
		}
		return strings.Join(parts, "; ")
	}
	b, err := marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// WriteCSV writes res as RFC 4180 CSV with a header row.
func WriteCSV(w io.Writer, res Result) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(res.Columns); err != nil {
		return err
	}
	rec := make([]string, len(res.Columns))
	for _, row := range res.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = Text(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes res as a JSON array of objects, keys in column order, two
// spaces of indent, HTML characters left as they are.
func WriteJSON(w io.Writer, res Result) error {
	var buf bytes.Buffer
	buf.WriteByte('[')
	for r, row := range res.Rows {
		if r > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('{')
		for i, col := range res.Columns {
			if i > 0 {
				buf.WriteByte(',')
			}
			k, _ := marshal(col)
			buf.Write(k)
			buf.WriteByte(':')
			var v any
			if i < len(row) {
				v = row[i]
			}
			b, err := marshal(v)
			if err != nil {
				return graph.E(graph.Op("queries.WriteJSON"), graph.Internal, graph.Item(col), err)
			}
			buf.Write(b)
		}
		buf.WriteByte('}')
	}
	buf.WriteByte(']')
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		return graph.E(graph.Op("queries.WriteJSON"), graph.Internal, err)
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// marshal encodes v as compact JSON without escaping <, > and &; map keys sorted.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// WriteTable writes res as an aligned table: a header, a rule, one line per
// row (line breaks and tabs in values become spaces), columns of numbers
// right-aligned, then the number of rows.
func WriteTable(w io.Writer, res Result) error {
	cells := make([][]string, 0, len(res.Rows)+1)
	cells = append(cells, res.Columns)
	numeric := make([]bool, len(res.Columns))
	for i := range numeric {
		numeric[i] = len(res.Rows) > 0
	}
	for _, row := range res.Rows {
		line := make([]string, len(res.Columns))
		for i := range line {
			var v any
			if i < len(row) {
				v = row[i]
			}
			switch v.(type) {
			case int64, int, float64, nil:
			default:
				numeric[i] = false
			}
			line[i] = oneLine(Text(v))
		}
		cells = append(cells, line)
	}
	width := make([]int, len(res.Columns))
	for _, line := range cells {
		for i, c := range line {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	put := func(line []string, right []bool) {
		var l strings.Builder
		for i, c := range line {
			if i > 0 {
				l.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if right != nil && right[i] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	put(cells[0], numeric)
	rule := make([]string, len(width))
	for i, n := range width {
		rule[i] = strings.Repeat("-", n)
	}
	put(rule, nil)
	for _, line := range cells[1:] {
		put(line, numeric)
	}
	switch len(res.Rows) {
	case 1:
		b.WriteString("(1 row)\n")
	default:
		fmt.Fprintf(&b, "(%d rows)\n", len(res.Rows))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\t", " ").Replace(s)
}

// Describe writes the reports' names, questions and parameters, for --list.
func Describe(w io.Writer, reports []Report) error {
	var b strings.Builder
	for i, r := range reports {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s\n  %s\n", r.Name, r.Answers)
		for _, p := range r.Params {
			def := "required"
			if !p.Required() {
				def = "default " + p.Default
			}
			fmt.Fprintf(&b, "  --param %s=…  %s, %s: %s\n", p.Name, p.Kind, def, p.Description)
		}
		fmt.Fprintf(&b, "  columns: %s\n", strings.Join(r.Columns, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
