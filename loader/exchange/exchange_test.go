package exchange

import (
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

func TestReadErrorsNameLineAndColumn(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"syntax", "{\"documents\": [\n  {\"document\": \"a.txt\",, }\n]}", "x.json: exchange.Read: line 2, column 24"},
		{"type", "{\"documents\": [\n {\"document\": 7}]}", "x.json: exchange.Read: line 2, column 15"},
		{"truncated", "{\"documents\": [", "x.json: exchange.Read: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read([]byte(tt.data), "x.json")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Read error = %v, want prefix %q", err, tt.want)
			}
			if graph.KindOf(err) != graph.Invalid {
				t.Errorf("kind = %v, want Invalid", graph.KindOf(err))
			}
		})
	}
}

func TestToExtractionNamesTheField(t *testing.T) {
	ents := []Entity{{Name: "Golfo Norte Cartel", Type: "CriminalGroup"}, {Name: "Valdoria", Type: "Country"}}
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"bad type", Document{Document: "d", Entities: []Entity{{Name: "X", Type: "Gang"}}}, "entities[0].type"},
		{"unknown object", Document{Document: "d", Entities: ents, Relations: []Relation{{Subject: "Valdoria", Predicate: "DESIGNATED", Object: "Nobody"}}}, "relations[0].object"},
		{"unknown predicate", Document{Document: "d", Entities: ents, Relations: []Relation{{Subject: "Valdoria", Predicate: "LIKES", Object: "Golfo Norte Cartel"}}}, "relations[0].predicate"},
		{"disallowed ends", Document{Document: "d", Entities: ents, Relations: []Relation{{Subject: "Golfo Norte Cartel", Predicate: "DESIGNATED", Object: "Valdoria"}}}, "DESIGNATED cannot go from a CriminalGroup to a Country"},
		{"speaker not a person", Document{Document: "d", Entities: ents, Statements: []Statement{{Speaker: "Valdoria", Text: "We will act."}}}, "is not a Person"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ToExtraction(tt.doc, graph.Document{ID: "doc1", Name: "d"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	in := Document{
		Document: "a.txt",
		Entities: []Entity{
			{Name: "Cártel del Golfo Norte", Type: "CriminalGroup", Aliases: []string{"CGN"}},
			{Name: "Valdoria", Type: "Country"},
			{Name: "Elena Vargas", Type: "Person", Aliases: []string{"Vargas"}},
		},
		Relations: []Relation{{Subject: "Valdoria", Predicate: "DESIGNATED", Object: "CGN",
			Attributes: map[string]any{"designation": "Foreign Terrorist Organization", "date": "2025-02", "sentence": "Valdoria designated the CGN.", "alleged": true}}},
		Statements: []Statement{{Speaker: "Vargas", Text: "We will not rest.", About: []string{"Valdoria"}}},
	}
	x, err := ToExtraction(in, graph.Document{ID: "doc1", Name: "a.txt"})
	if err != nil {
		t.Fatal(err)
	}
	r := x.Relations[0]
	if r.Subject != "valdoria" || r.Object != "cartel-del-golfo-norte" || r.Date != "2025-02" || !r.Alleged || r.Evidence[0].Sentence != "Valdoria designated the CGN." {
		t.Errorf("relation = %+v", r)
	}
	out := FromExtraction(x)
	if len(out.Entities) != 3 || len(out.Relations) != 1 || len(out.Statements) != 1 {
		t.Fatalf("round trip = %+v", out)
	}
	got := out.Relations[0]
	if got.Subject != "Valdoria" || got.Object != "Cártel del Golfo Norte" || got.Attributes["designation"] != "Foreign Terrorist Organization" || got.Attributes["date"] != "2025-02" {
		t.Errorf("relation out = %+v", got)
	}
	if s := out.Statements[0]; s.Speaker != "Elena Vargas" || len(s.About) != 1 || s.About[0] != "Valdoria" {
		t.Errorf("statement out = %+v", s)
	}
}
