// Package queries gives cartelgraph's Cypher reports: the *.cypher files of
// this directory, embedded in the binary, and the code that lists them, checks
// their parameters, runs them on Neo4j and writes their results as a table,
// CSV or JSON.
//
// Each report is a plain Cypher file that runs unchanged in Neo4j Browser or
// cypher-shell. It opens with a header of comment lines, one field a line:
//
//	// name: designations
//	// answers: Which groups are designated, by whom, ...?
//	// param: group: CriminalGroup = null (the designated group's id; null for every group)
//	// param: limit: int = 20 (how many rows)
//	// columns: group, authority, designation, date, sources, documents
//	// notes: free text; a line of "//" and three spaces or more
//	//   continues the field above.
//
// name is the file's base name; answers says in one sentence what the report
// answers; each param line declares a $parameter of the query as
//
//	NAME: KIND [= DEFAULT] (DESCRIPTION)
//
// where KIND is string, int, type (an entity type), predicate (a relation
// type, or SAID), Entity (the id of an entity of any type) or entity types
// joined by "|" (the id of an entity of one of them); DEFAULT is a Cypher
// literal (null, 20, 'text') and a parameter without one is required. columns
// lists the query's result columns in order; notes, optional, explains what
// the reader must know to read the result.
//
// The Cypher handles a parameter given as null itself (`$group IS NULL OR ...`,
// `coalesce($limit, 20)`), so in cypher-shell or Neo4j Browser every declared
// parameter must be set, to null when unwanted (`:param group => null`).
// Entity parameters are ids in Cypher; the CLI also accepts a name or alias,
// which Resolve turns into the id with the store's Lookup before the query runs.
//
// The reports read the Neo4j model of docs/ARCHITECTURE.md as graph/neo4j
// writes it, and need Neo4j 5.23 or later (CALL () { ... } subqueries) but no
// plugin (no APOC).
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

//go:embed *.cypher
var files embed.FS

// Report is one Cypher report.
type Report struct {
	// Name is the file's base name without ".cypher", e.g. "designations".
	Name string
	// Answers is the question the report answers, in one sentence.
	Answers string
	// Params are the query's parameters, in header order.
	Params []Param
	// Columns are the names of the result's columns, in order.
	Columns []string
	// Notes explain how to read the result; may be empty.
	Notes string
	// Cypher is the whole file, header included: it runs as it is.
	Cypher string
}

// Param is a parameter of a report, declared by a "// param:" header line.
type Param struct {
	Name string
	// Kind is the kind of value, as the header spells it: KindString, KindInt,
	// KindType, KindPredicate, KindEntity, or entity types joined by "|".
	Kind string
	// Default is the Cypher literal used when the parameter is not given
	// ("null", "20", "'text'"); empty when the parameter is required.
	Default string
	// Description says what the value is.
	Description string
}

// The kinds of parameter besides lists of entity types.
const (
	KindString    = "string"
	KindInt       = "int"
	KindType      = "type"      // an entity type: Person, CriminalGroup, ...
	KindPredicate = "predicate" // a relation type, or SAID
	KindEntity    = "Entity"    // the id of an entity of any type
)

// Required reports whether the parameter has no default.
func (p Param) Required() bool { return p.Default == "" }

// EntityTypes reports whether the parameter names an entity, and of which
// types (none for any type).
func (p Param) EntityTypes() ([]graph.Type, bool) {
	if p.Kind == KindEntity {
		return nil, true
	}
	if p.Kind == "" || !graph.Type(strings.Split(p.Kind, "|")[0]).Valid() {
		return nil, false
	}
	var ts []graph.Type
	for _, t := range strings.Split(p.Kind, "|") {
		ts = append(ts, graph.Type(t))
	}
	return ts, true
}

// DefaultValue returns the value of the default literal: nil, an int64, a
// float64, a bool or a string.
func (p Param) DefaultValue() any {
	v, _ := literal(p.Default)
	return v
}

// List returns every report, sorted by name.
func List() ([]Report, error) {
	names, err := fs.Glob(files, "*.cypher")
	if err != nil {
		return nil, graph.E(graph.Op("queries.List"), graph.Internal, err)
	}
	sort.Strings(names)
	out := make([]Report, 0, len(names))
	for _, name := range names {
		text, err := files.ReadFile(name)
		if err != nil {
			return nil, graph.E(graph.Op("queries.List"), graph.Internal, graph.Item(name), err)
		}
		r, err := Parse(name, string(text))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Get returns the report with the given name. An unknown name is a
// graph.NotFound error that lists the reports there are.
func Get(name string) (Report, error) {
	all, err := List()
	if err != nil {
		return Report{}, err
	}
	var names []string
	for _, r := range all {
		if r.Name == name {
			return r, nil
		}
		names = append(names, r.Name)
	}
	return Report{}, graph.E(graph.Op("queries.Get"), graph.NotFound,
		fmt.Sprintf("no report %q; the reports are: %s", name, strings.Join(names, ", ")))
}

var (
	identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	nameRE  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Parse reads a report from its file name and text, checking its header: the
// fields present and well formed, the name the file's, no parameter declared
// twice. The error names the file and line at fault.
func Parse(file, text string) (Report, error) {
	const op graph.Op = "queries.Parse"
	fail := func(line int, format string, args ...any) (Report, error) {
		return Report{}, graph.E(op, graph.Invalid, graph.Item(file), graph.Line(line), fmt.Sprintf(format, args...))
	}
	r := Report{Cypher: text}
	// The header's fields, continuation lines joined.
	type field struct {
		key, value string
		line       int
	}
	var fields []field
	lines := strings.Split(text, "\n")
	n := 0
	for ; n < len(lines); n++ {
		line := strings.TrimRight(lines[n], " \t\r")
		if !strings.HasPrefix(line, "//") {
			break
		}
		body := strings.TrimPrefix(line, "//")
		switch {
		case strings.TrimSpace(body) == "":
			fields = append(fields, field{line: n + 1}) // ends the field above
			continue
		case strings.HasPrefix(body, "   ") || strings.HasPrefix(body, "\t"):
			if len(fields) == 0 || fields[len(fields)-1].key == "" {
				return fail(n+1, "continuation line with no field to continue")
			}
			fields[len(fields)-1].value += " " + strings.TrimSpace(body)
			continue
		}
		key, value, ok := strings.Cut(strings.TrimSpace(body), ":")
		if !ok {
			return fail(n+1, "header line %q is not \"key: value\"", line)
		}
		fields = append(fields, field{strings.TrimSpace(key), strings.TrimSpace(value), n + 1})
	}
	seen := map[string]bool{}
	for _, f := range fields {
		if f.key == "" {
			continue
		}
		if f.key != "param" && seen[f.key] {
			return fail(f.line, "field %q given twice", f.key)
		}
		seen[f.key] = true
		switch f.key {
		case "name":
			r.Name = f.value
		case "answers":
			r.Answers = f.value
		case "notes":
			r.Notes = f.value
		case "columns":
			for _, c := range strings.Split(f.value, ",") {
				c = strings.TrimSpace(c)
				if !identRE.MatchString(c) {
					return fail(f.line, "column %q is not a Cypher name", c)
				}
				r.Columns = append(r.Columns, c)
			}
		case "param":
			p, err := parseParam(f.value)
			if err != nil {
				return fail(f.line, "param: %v", err)
			}
			if _, dup := r.Param(p.Name); dup {
				return fail(f.line, "parameter %q declared twice", p.Name)
			}
			r.Params = append(r.Params, p)
		default:
			return fail(f.line, "unknown header field %q (want name, answers, param, columns, notes)", f.key)
		}
	}
	want := strings.TrimSuffix(path.Base(file), ".cypher")
	switch {
	case r.Name == "":
		return fail(1, "no \"// name:\" header line")
	case r.Name != want:
		return fail(1, "name %q is not the file's name %q", r.Name, want)
	case !nameRE.MatchString(r.Name):
		return fail(1, "name %q: want lower-case words joined by hyphens", r.Name)
	case r.Answers == "":
		return fail(1, "no \"// answers:\" header line")
	case len(r.Columns) == 0:
		return fail(1, "no \"// columns:\" header line")
	case strings.TrimSpace(strings.Join(lines[n:], "\n")) == "":
		return fail(n+1, "no query after the header")
	}
	return r, nil
}

// parseParam reads "NAME: KIND [= DEFAULT] (DESCRIPTION)".
func parseParam(s string) (Param, error) {
	name, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Param{}, fmt.Errorf("%q: want \"NAME: KIND [= DEFAULT] (DESCRIPTION)\"", s)
	}
	p := Param{Name: strings.TrimSpace(name)}
	if !identRE.MatchString(p.Name) {
		return Param{}, fmt.Errorf("%q is not a parameter name", p.Name)
	}
	rest = strings.TrimSpace(rest)
	i := strings.IndexAny(rest, " =(")
	if i < 0 {
		i = len(rest)
	}
	p.Kind, rest = rest[:i], strings.TrimSpace(rest[i:])
	if err := checkKind(p.Kind); err != nil {
		return Param{}, fmt.Errorf("%s: %v", p.Name, err)
	}
	if strings.HasPrefix(rest, "=") {
		rest = strings.TrimSpace(rest[1:])
		lit, after, err := cutLiteral(rest)
		if err != nil {
			return Param{}, fmt.Errorf("%s: default: %v", p.Name, err)
		}
		p.Default, rest = lit, strings.TrimSpace(after)
		if err := checkDefault(p); err != nil {
			return Param{}, err
		}
	}
	if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") || len(rest) < 3 {
		return Param{}, fmt.Errorf("%s: want a description in parentheses after the kind and default, have %q", p.Name, rest)
	}
	p.Description = strings.TrimSpace(rest[1 : len(rest)-1])
	return p, nil
}

func checkKind(kind string) error {
	switch kind {
	case KindString, KindInt, KindType, KindPredicate, KindEntity:
		return nil
	case "":
		return fmt.Errorf("no kind")
	}
	for _, t := range strings.Split(kind, "|") {
		if !graph.Type(t).Valid() {
			return fmt.Errorf("unknown kind %q (want %s, %s, %s, %s, %s or entity types joined by |: %v)",
				kind, KindString, KindInt, KindType, KindPredicate, KindEntity, graph.Types())
		}
	}
	return nil
}

func checkDefault(p Param) error {
	v, _ := literal(p.Default)
	if v == nil {
		return nil
	}
	if _, err := convert(p, v); err != nil {
		return fmt.Errorf("%s: default %s: %v", p.Name, p.Default, err)
	}
	return nil
}

// cutLiteral splits a Cypher literal (null, true, false, a number, a quoted
// string) off the front of s.
func cutLiteral(s string) (lit, rest string, err error) {
	if s == "" {
		return "", "", fmt.Errorf("missing")
	}
	if q := s[0]; q == '\'' || q == '"' {
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case q:
				return s[:i+1], s[i+1:], nil
			}
		}
		return "", "", fmt.Errorf("unterminated string %s", s)
	}
	i := strings.IndexAny(s, " (")
	if i < 0 {
		i = len(s)
	}
	lit, rest = s[:i], s[i:]
	if _, ok := literal(lit); !ok {
		return "", "", fmt.Errorf("%q is not a Cypher literal (null, true, false, a number or a quoted string)", lit)
	}
	return lit, rest, nil
}

// literal returns the value of a Cypher literal.
func literal(lit string) (any, bool) {
	switch strings.ToLower(lit) {
	case "null", "":
		return nil, true
	case "true":
		return true, true
	case "false":
		return false, true
	}
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(lit, 64); err == nil {
		return f, true
	}
	if len(lit) >= 2 && (lit[0] == '\'' || lit[0] == '"') && lit[len(lit)-1] == lit[0] {
		if s, err := strconv.Unquote(`"` + strings.ReplaceAll(lit[1:len(lit)-1], `"`, `\"`) + `"`); err == nil {
			return s, true
		}
	}
	return nil, false
}

// Uses returns the names of the $parameters the Cypher text uses, sorted,
// leaving out comments, string literals and quoted names.
func Uses(cypher string) []string {
	seen := map[string]bool{}
	s := cypher
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case strings.HasPrefix(s[i:], "//"):
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(s)
			}
		case strings.HasPrefix(s[i:], "/*"):
			if j := strings.Index(s[i+2:], "*/"); j >= 0 {
				i += j + 3
			} else {
				i = len(s)
			}
		case c == '\'' || c == '"' || c == '`':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' && c != '`' {
					i++
				}
			}
		case c == '$':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j > i+1 {
				seen[s[i+1:j]] = true
			}
			i = j - 1
		}
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
