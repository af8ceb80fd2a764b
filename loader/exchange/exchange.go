// Package exchange is the extraction interchange format of ../shared/eval: a
// JSON file {"documents": [...]} with, per document, its entities by name,
// relations between those names and attributed quotations. cartelgraph writes
// it (`cartelgraph extract`) so that extractions can be scored, and reads it
// (`cartelgraph load --extraction`) so that teams can plug in an extractor of
// their own, another NLP tool or a language model.
package exchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/cartelgraph/cartelgraph/graph"
)

// File is a whole extraction: one Document per article.
type File struct {
	Documents []Document `json:"documents"`
}

// Document is the extraction of one article.
type Document struct {
	// Document is the article's file base name.
	Document   string      `json:"document"`
	Entities   []Entity    `json:"entities"`
	Relations  []Relation  `json:"relations"`
	Statements []Statement `json:"statements"`
}

// Entity is an entity by its canonical name.
type Entity struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases,omitempty"`
}

// Relation links two entities of the same Document by name. Attributes hold
// strings, and "alleged" may be a boolean; "sentence" and "confidence", when
// present, become the evidence of the fact on reading.
type Relation struct {
	Subject    string         `json:"subject"`
	Predicate  string         `json:"predicate"`
	Object     string         `json:"object"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// Statement is a quotation by a named speaker.
type Statement struct {
	Speaker string   `json:"speaker"`
	Text    string   `json:"text"`
	About   []string `json:"about,omitempty"`
}

// FromExtraction renders an extraction in the interchange format, names in
// place of IDs, the relations' summarised attributes and alleged flag kept.
func FromExtraction(x *graph.Extraction) Document {
	names := map[string]string{}
	d := Document{Document: x.Document.Name, Entities: []Entity{}, Relations: []Relation{}, Statements: []Statement{}}
	for _, e := range x.Entities {
		names[e.ID] = e.Name
		d.Entities = append(d.Entities, Entity{Name: e.Name, Type: string(e.Type), Aliases: e.Aliases})
	}
	for _, r := range x.Relations {
		attrs := map[string]any{}
		for k, v := range r.Attributes {
			attrs[k] = v
		}
		if r.Alleged {
			attrs["alleged"] = true
		}
		if len(r.Evidence) > 0 {
			attrs["sentence"] = r.Evidence[0].Sentence
		}
		d.Relations = append(d.Relations, Relation{Subject: names[r.Subject], Predicate: string(r.Predicate), Object: names[r.Object], Attributes: attrs})
	}
	for _, s := range x.Statements {
		st := Statement{Speaker: names[s.Speaker], Text: s.Text}
		for _, a := range s.About {
			st.About = append(st.About, names[a])
		}
		d.Statements = append(d.Statements, st)
	}
	return d
}

// ToExtraction turns an interchange Document into an extraction of the given
// document. Entities get the Slug of their name as ID; relations and
// statements get one piece of evidence each, from the "sentence" and
// "confidence" attributes where given (confidence 1 otherwise). The error names
// the field at fault, e.g. `relations[3].object: "X" is not an entity of the document`.
func ToExtraction(d Document, doc graph.Document) (*graph.Extraction, error) {
	const op graph.Op = "exchange.ToExtraction"
	fail := func(field, format string, args ...any) error {
		return graph.E(op, graph.Invalid, graph.Item(d.Document), field+": "+fmt.Sprintf(format, args...))
	}
	x := &graph.Extraction{Document: doc}
	ids := map[string]string{}
	for i, e := range d.Entities {
		field := "entities[" + strconv.Itoa(i) + "]"
		if graph.Slug(e.Name) == "" {
			return nil, fail(field+".name", "empty")
		}
		if !graph.Type(e.Type).Valid() {
			return nil, fail(field+".type", "%q is not one of %v", e.Type, graph.Types())
		}
		id := graph.Slug(e.Name)
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if _, ok := ids[graph.Key(n)]; !ok {
				ids[graph.Key(n)] = id
			}
		}
		x.Entities = append(x.Entities, graph.Entity{ID: id, Name: e.Name, Type: graph.Type(e.Type), Aliases: e.Aliases})
	}
	resolve := func(field, name string) (string, error) {
		if id, ok := ids[graph.Key(name)]; ok {
			return id, nil
		}
		return "", fail(field, "%q is not an entity of the document", name)
	}
	for i, r := range d.Relations {
		field := "relations[" + strconv.Itoa(i) + "]"
		s, err := resolve(field+".subject", r.Subject)
		if err != nil {
			return nil, err
		}
		o, err := resolve(field+".object", r.Object)
		if err != nil {
			return nil, err
		}
		if _, ok := graph.LookupRelation(graph.Predicate(r.Predicate)); !ok {
			return nil, fail(field+".predicate", "%q is not a relation type of the ontology", r.Predicate)
		}
		ev := graph.Evidence{Confidence: 1}
		for k, v := range r.Attributes {
			switch k {
			case "alleged":
				ev.Alleged = v == true || v == "true"
			case "sentence":
				ev.Sentence = fmt.Sprint(v)
			case "confidence":
				if c, ok := v.(float64); ok && c > 0 && c <= 1 {
					ev.Confidence = c
				} else {
					return nil, fail(field+".attributes.confidence", "want a number in (0, 1], got %v", v)
				}
			case graph.AttrDate:
				ev.Date = fmt.Sprint(v)
			default:
				if ev.Attributes == nil {
					ev.Attributes = map[string]string{}
				}
				ev.Attributes[k] = fmt.Sprint(v)
			}
		}
		x.Relations = append(x.Relations, graph.Relation{Subject: s, Predicate: graph.Predicate(r.Predicate), Object: o, Evidence: []graph.Evidence{ev}})
	}
	for i, st := range d.Statements {
		field := "statements[" + strconv.Itoa(i) + "]"
		sp, err := resolve(field+".speaker", st.Speaker)
		if err != nil {
			return nil, err
		}
		s := graph.Statement{Speaker: sp, Text: st.Text, Evidence: []graph.Evidence{{Sentence: st.Text, Confidence: 1}}}
		for j, a := range st.About {
			id, err := resolve(field+".about["+strconv.Itoa(j)+"]", a)
			if err != nil {
				return nil, err
			}
			s.About = append(s.About, id)
		}
		x.Statements = append(x.Statements, s)
	}
	x.Normalize()
	if err := x.Validate(); err != nil {
		return nil, err
	}
	return x, nil
}

// Write writes f as indented JSON, documents sorted by name.
func Write(w io.Writer, f *File) error {
	sort.SliceStable(f.Documents, func(i, j int) bool { return f.Documents[i].Document < f.Documents[j].Document })
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(f)
}

// Read decodes an interchange file. A syntax or type error names the line and
// column where it was found.
func Read(data []byte, name string) (*File, error) {
	const op graph.Op = "exchange.Read"
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, graph.E(op, graph.Invalid, graph.Item(name), JSONError(data, err))
	}
	return &f, nil
}

// JSONError rewrites an encoding/json error to say the line and column where
// it happened ("line 3, column 14: invalid character ..."); other errors pass unchanged.
func JSONError(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 {
		return err
	}
	// encoding/json's offsets count the bytes read, the bad one included.
	line, col := Position(data, max(off-1, 0))
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// Position returns the 1-based line and column of the byte at 0-based index off in data.
func Position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	col = int(off) - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}
