package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

func evd(doc string, start int, date string, conf float64, alleged bool, attrs ...string) graph.Evidence {
	e := graph.Evidence{Document: doc, Sentence: "s" + doc, Start: start, End: start + 10, Date: date, Confidence: conf, Alleged: alleged}
	for i := 0; i+1 < len(attrs); i += 2 {
		if e.Attributes == nil {
			e.Attributes = map[string]string{}
		}
		e.Attributes[attrs[i]] = attrs[i+1]
	}
	return e
}

func TestSummarize(t *testing.T) {
	cases := []struct {
		name       string
		p          graph.Predicate
		ev         []graph.Evidence
		date       string
		attrs      map[string]string
		alleged    bool
		confidence float64
	}{
		{"one source", graph.Designated,
			[]graph.Evidence{evd("d1", 0, "2025-02-20", 0.9, false, graph.AttrDesignation, "FTO")},
			"2025-02-20", map[string]string{"date": "2025-02-20", "designation": "FTO"}, false, 0.9},
		{"majority wins", graph.HoldsPosition,
			[]graph.Evidence{evd("d1", 0, "", 0.5, false, graph.AttrTitle, "mayor"),
				evd("d2", 0, "", 0.5, false, graph.AttrTitle, "President"), evd("d3", 0, "", 0.5, false, graph.AttrTitle, "President")},
			"", map[string]string{"title": "President"}, false, 0.875},
		{"tie goes to the first in evidence order", graph.Designated,
			[]graph.Evidence{evd("d2", 0, "2025-03", 0.5, false), evd("d1", 0, "2025-02-20", 0.5, false)},
			"2025-02-20", map[string]string{"date": "2025-02-20"}, false, 0.75},
		{"a document votes once however many sentences state it", graph.Designated,
			[]graph.Evidence{evd("d1", 0, "2025-02-19", 0.5, false), evd("d2", 0, "2025-02-20", 0.5, false), evd("d2", 90, "2025-02-20", 0.5, false),
				evd("d3", 0, "2025-02-19", 0.5, false)},
			"2025-02-19", map[string]string{"date": "2025-02-19"}, false, 0.938},
		{"empty values do not vote", graph.Designated,
			[]graph.Evidence{evd("d1", 0, "", 0.5, false), evd("d2", 0, "", 0.5, false), evd("d3", 0, "2025", 0.5, false)},
			"2025", map[string]string{"date": "2025"}, false, 0.875},
		{"alleged when every source is", graph.Leads,
			[]graph.Evidence{evd("d1", 0, "", 0.6, true), evd("d2", 0, "", 0.5, true)},
			"", nil, true, 0.8},
		{"not alleged when one source asserts it", graph.Leads,
			[]graph.Evidence{evd("d1", 0, "", 0.6, true), evd("d2", 0, "", 0.5, false)},
			"", nil, false, 0.8},
		{"confidence clamped", graph.Leads,
			[]graph.Evidence{evd("d1", 0, "", 1.5, false), evd("d2", 0, "", -1, false)},
			"", nil, false, 1},
		{"no evidence", graph.Leads, nil, "", nil, false, 0},
	}
	for _, c := range cases {
		r := &graph.Relation{Predicate: c.p, Evidence: c.ev, Attributes: map[string]string{"stale": "x"}, Alleged: !c.alleged}
		graph.Summarize(r)
		if r.Date != c.date || !sameMap(r.Attributes, c.attrs) || r.Alleged != c.alleged || r.Confidence != c.confidence {
			t.Errorf("%s: Summarize = date %q attrs %v alleged %v confidence %v, want %q %v %v %v",
				c.name, r.Date, r.Attributes, r.Alleged, r.Confidence, c.date, c.attrs, c.alleged, c.confidence)
		}
		for i := 1; i < len(r.Evidence); i++ {
			if r.Evidence[i-1].Document > r.Evidence[i].Document {
				t.Errorf("%s: evidence not sorted: %v", c.name, r.Evidence)
			}
		}
	}
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestSortEvidence(t *testing.T) {
	ev := []graph.Evidence{
		{Document: "b", Start: 0, Sentence: "x"},
		{Document: "a", Start: 10, Sentence: "y"},
		{Document: "a", Start: 2, Sentence: "z"},
		{Document: "a", Start: 2, Sentence: "w"},
	}
	graph.SortEvidence(ev)
	var got []string
	for _, e := range ev {
		got = append(got, e.Document+e.Sentence)
	}
	if strings.Join(got, " ") != "aw az ay bx" {
		t.Errorf("SortEvidence order = %v, want [aw az ay bx]", got)
	}
}

func TestConflicts(t *testing.T) {
	type values map[string][]string // value -> documents
	cases := []struct {
		name string
		p    graph.Predicate
		ev   []graph.Evidence
		want map[string]values // attribute -> values
	}{
		{"date prefixes are compatible", graph.Designated,
			[]graph.Evidence{evd("d1", 0, "2025", 1, false), evd("d2", 0, "2025-02", 1, false), evd("d3", 0, "2025-02-20", 1, false)}, nil},
		{"same date", graph.Designated,
			[]graph.Evidence{evd("d1", 0, "2025-02-20", 1, false), evd("d2", 0, "2025-02-20", 1, false)}, nil},
		{"different months conflict", graph.Designated,
			[]graph.Evidence{evd("d1", 0, "2025-01-20", 1, false), evd("d2", 0, "2025-02", 1, false), evd("d3", 0, "2025-02", 1, false)},
			map[string]values{"date": {"2025-01-20": {"d1"}, "2025-02": {"d2", "d3"}}}},
		{"different years conflict", graph.Issued,
			[]graph.Evidence{evd("d1", 0, "2024", 1, false), evd("d2", 0, "2025-02", 1, false)},
			map[string]values{"date": {"2024": {"d1"}, "2025-02": {"d2"}}}},
		{"a missing date is no conflict", graph.Designated,
			[]graph.Evidence{evd("d1", 0, "", 1, false), evd("d2", 0, "2025-02", 1, false)}, nil},
		{"title contained in the other", graph.HoldsPosition,
			[]graph.Evidence{evd("d1", 0, "", 1, false, "title", "President"), evd("d2", 0, "", 1, false, "title", "president of Mexico")}, nil},
		{"titles that differ", graph.HoldsPosition,
			[]graph.Evidence{evd("d1", 0, "", 1, false, "title", "President"), evd("d2", 0, "", 1, false, "title", "capital mayor")},
			map[string]values{"title": {"President": {"d1"}, "capital mayor": {"d2"}}}},
		{"amounts", graph.OfferedReward,
			[]graph.Evidence{evd("d1", 0, "", 1, false, "amount", "$25 million"), evd("d2", 0, "", 1, false, "amount", "$15 million")},
			map[string]values{"amount": {"$25 million": {"d1"}, "$15 million": {"d2"}}}},
		{"attributes the type does not mark conflicting", graph.Accused,
			[]graph.Evidence{evd("d1", 0, "2024", 1, false, "of", "fraud"), evd("d2", 0, "2025", 1, false, "of", "murder")}, nil},
		{"unknown predicate", "LIKES", []graph.Evidence{evd("d1", 0, "2024", 1, false), evd("d2", 0, "2025", 1, false)}, nil},
	}
	for _, c := range cases {
		r := &graph.Relation{Predicate: c.p, Evidence: c.ev}
		got := map[string]values{}
		for _, cf := range graph.Conflicts(r) {
			if cf.Relation != r {
				t.Errorf("%s: conflict names another relation", c.name)
			}
			vs := values{}
			for i, v := range cf.Values {
				if i > 0 && cf.Values[i-1].Value >= v.Value {
					t.Errorf("%s: values not sorted: %v", c.name, cf.Values)
				}
				for _, e := range v.Sources {
					vs[v.Value] = append(vs[v.Value], e.Document)
				}
			}
			got[cf.Attribute] = vs
		}
		if a, b := mustJSON(got), mustJSON(c.want); a != b && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("%s: Conflicts = %s, want %s", c.name, a, b)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// messy is an extraction as an extractor might hand it over: IDs missing,
// duplicates, a date among the attributes, mentions missing or split.
func messy() *graph.Extraction {
	return &graph.Extraction{
		Document: graph.Document{ID: "doc1", Name: "a.txt"},
		Entities: []graph.Entity{
			{Name: "Sinaloa Cartel", Type: graph.CriminalGroup, Aliases: []string{"the cartel"}},
			{Name: "Mexico", Type: graph.Country},
			{Name: "Sinaloa cartel", Type: graph.CriminalGroup, Aliases: []string{"Cartel de Sinaloa", "the cartel"}},
			{Name: "United States", Type: graph.Country},
		},
		Mentions: []graph.Mention{{Entity: "mexico", Count: 2}, {Entity: "mexico", Count: 1}},
		Relations: []graph.Relation{
			{Subject: "united-states", Predicate: graph.Designated, Object: "sinaloa-cartel", Evidence: []graph.Evidence{
				{Sentence: "B", Start: 50, Confidence: 0.5, Attributes: map[string]string{"date": "2025-02-20", "designation": "FTO"}},
				{Sentence: "A", Start: 10, Confidence: 0.5},
			}},
			{Subject: "sinaloa-cartel", Predicate: graph.OperatesIn, Object: "mexico", Evidence: []graph.Evidence{{Sentence: "C", Start: 90, Confidence: 0.7}}},
			{Subject: "united-states", Predicate: graph.Designated, Object: "sinaloa-cartel", Evidence: []graph.Evidence{
				{Sentence: "A", Start: 10, Confidence: 0.5},
			}},
		},
		Statements: []graph.Statement{
			{Speaker: "x", Text: "We act.", About: []string{"mexico"}, Evidence: []graph.Evidence{{Sentence: "Q", Start: 5}}},
			{Speaker: "x", Text: "we act", About: []string{"united-states", "mexico"}, Evidence: []graph.Evidence{{Sentence: "Q", Start: 5}}},
		},
	}
}

func TestNormalize(t *testing.T) {
	x := messy()
	x.Normalize()

	if len(x.Entities) != 3 {
		t.Fatalf("entities = %+v, want 3 after merging the two spellings", x.Entities)
	}
	cartel := x.Entities[2]
	if x.Entities[0].ID != "mexico" || x.Entities[1].ID != "sinaloa-cartel" || cartel.ID != "united-states" {
		t.Errorf("entity IDs = %s %s %s, want sorted slugs", x.Entities[0].ID, x.Entities[1].ID, cartel.ID)
	}
	cartel = x.Entities[1]
	if cartel.Name != "Sinaloa Cartel" || strings.Join(cartel.Aliases, "|") != "Cartel de Sinaloa|Sinaloa Cartel|Sinaloa cartel|the cartel" {
		t.Errorf("merged entity = %+v", cartel)
	}

	wantMentions := []graph.Mention{{Document: "doc1", Entity: "mexico", Count: 3},
		{Document: "doc1", Entity: "sinaloa-cartel", Count: 1}, {Document: "doc1", Entity: "united-states", Count: 1}}
	if mustJSON(x.Mentions) != mustJSON(wantMentions) {
		t.Errorf("mentions = %+v, want %+v (summed, at least 1 each)", x.Mentions, wantMentions)
	}

	if len(x.Relations) != 2 {
		t.Fatalf("relations = %d, want 2 after merging duplicates", len(x.Relations))
	}
	var des graph.Relation
	for _, r := range x.Relations {
		if r.ID != graph.RelationID(r.Subject, r.Predicate, r.Object) {
			t.Errorf("relation ID %s not filled in", r.ID)
		}
		if r.Predicate == graph.Designated {
			des = r
		}
	}
	if x.Relations[0].ID > x.Relations[1].ID {
		t.Errorf("relations not sorted by ID")
	}
	if len(des.Evidence) != 2 || des.Evidence[0].Sentence != "A" || des.Evidence[1].Sentence != "B" {
		t.Errorf("designation evidence = %+v, want A then B, the duplicate A dropped", des.Evidence)
	}
	for _, e := range des.Evidence {
		if e.Document != "doc1" {
			t.Errorf("evidence document %q, want doc1", e.Document)
		}
		if _, ok := e.Attributes["date"]; ok {
			t.Errorf("attributes[date] left in evidence: %v", e.Attributes)
		}
	}
	if des.Evidence[1].Date != "2025-02-20" || des.Evidence[1].Attributes["designation"] != "FTO" {
		t.Errorf("date not moved to Evidence.Date, or designation lost: %+v", des.Evidence[1])
	}
	if des.Date != "2025-02-20" || des.Confidence != 0.75 {
		t.Errorf("designation not summarised: date %q confidence %v", des.Date, des.Confidence)
	}

	if len(x.Statements) != 1 {
		t.Fatalf("statements = %+v, want the two Key-equal texts merged", x.Statements)
	}
	st := x.Statements[0]
	if st.ID != graph.StatementID("x", "we act") || strings.Join(st.About, ",") != "mexico,united-states" || len(st.Evidence) != 1 || st.Evidence[0].Document != "doc1" {
		t.Errorf("statement = %+v", st)
	}

	// Normalize is idempotent.
	once := mustJSON(x)
	x.Normalize()
	if twice := mustJSON(x); twice != once {
		t.Errorf("Normalize twice differs from once:\n%s\n%s", once, twice)
	}
}

func TestNormalizeKeepsExplicitIDs(t *testing.T) {
	x := &graph.Extraction{Document: graph.Document{ID: "d"}, Entities: []graph.Entity{{ID: "dod", Name: "Pentagon", Type: graph.Agency}}}
	x.Normalize()
	if x.Entities[0].ID != "dod" {
		t.Errorf("Normalize replaced an explicit ID: %+v", x.Entities[0])
	}
}

func TestValidate(t *testing.T) {
	ok := []graph.Evidence{{Sentence: "s", Confidence: 1}}
	base := func() *graph.Extraction {
		return &graph.Extraction{
			Document: graph.Document{ID: "d", Name: "a.txt"},
			Entities: []graph.Entity{
				{Name: "Mexico", Type: graph.Country},
				{Name: "Grupo", Type: graph.CriminalGroup},
				{Name: "Ana", Type: graph.Person},
			},
		}
	}
	cases := []struct {
		name   string
		change func(x *graph.Extraction)
		want   string // in the message; "" when valid
	}{
		{"valid", func(x *graph.Extraction) {
			x.Relations = append(x.Relations, graph.Relation{Subject: "mexico", Predicate: graph.Designated, Object: "grupo", Evidence: ok})
			x.Statements = append(x.Statements, graph.Statement{Speaker: "ana", Text: "Hi.", About: []string{"mexico"}, Evidence: ok})
		}, ""},
		{"no document id", func(x *graph.Extraction) { x.Document.ID = "" }, "document"},
		{"entity without name", func(x *graph.Extraction) { x.Entities = append(x.Entities, graph.Entity{Type: graph.Person}) }, "entities["},
		{"unknown type", func(x *graph.Extraction) {
			x.Entities = append(x.Entities, graph.Entity{Name: "Z", Type: "Gang"})
		}, `unknown type "Gang"`},
		{"unknown predicate", func(x *graph.Extraction) {
			x.Relations = append(x.Relations, graph.Relation{Subject: "mexico", Predicate: "LIKES", Object: "grupo", Evidence: ok})
		}, `relations[0]: unknown predicate "LIKES"`},
		{"wrong types", func(x *graph.Extraction) {
			x.Relations = append(x.Relations, graph.Relation{Subject: "grupo", Predicate: graph.Designated, Object: "mexico", Evidence: ok})
		}, "relations[0]: DESIGNATED cannot go from a CriminalGroup to a Country"},
		{"unknown end", func(x *graph.Extraction) {
			x.Relations = append(x.Relations, graph.Relation{Subject: "mexico", Predicate: graph.Designated, Object: "nobody", Evidence: ok})
		}, "relations[0] mexico DESIGNATED nobody"},
		{"no evidence", func(x *graph.Extraction) {
			x.Relations = append(x.Relations, graph.Relation{Subject: "mexico", Predicate: graph.Designated, Object: "grupo"})
		}, "no evidence"},
		{"speaker not a person", func(x *graph.Extraction) {
			x.Statements = append(x.Statements, graph.Statement{Speaker: "mexico", Text: "Hi.", Evidence: ok})
		}, `statements[0]: speaker "mexico"`},
		{"statement without text", func(x *graph.Extraction) {
			x.Statements = append(x.Statements, graph.Statement{Speaker: "ana", Text: "  ", Evidence: ok})
		}, "statements[0]: no text"},
		{"about unknown", func(x *graph.Extraction) {
			x.Statements = append(x.Statements, graph.Statement{Speaker: "ana", Text: "Hi.", About: []string{"nobody"}, Evidence: ok})
		}, `statements[0]: about "nobody"`},
		{"mention of unknown", func(x *graph.Extraction) {
			x.Mentions = append(x.Mentions, graph.Mention{Entity: "nobody", Count: 1})
		}, `"nobody" is not an entity`},
	}
	for _, c := range cases {
		x := base()
		c.change(x)
		x.Normalize()
		err := x.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: Validate = %v, want nil", c.name, err)
		case c.want == "":
		case err == nil:
			t.Errorf("%s: Validate = nil, want an error about %q", c.name, c.want)
		case graph.KindOf(err) != graph.Invalid:
			t.Errorf("%s: error %v of kind %v, want Invalid", c.name, err, graph.KindOf(err))
		case !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "a.txt: "):
			t.Errorf("%s: error %q does not name the file and %q", c.name, err, c.want)
		}
	}
}
