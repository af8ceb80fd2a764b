package queries

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/cartelgraph/cartelgraph/graph"
)

func TestWrite(t *testing.T) {
	res := Result{
		Columns: []string{"name", "n", "docs", "note"},
		Rows: [][]any{
			{"Cártel del Noreste", int64(3), []any{"A, \"quoted\" title", "B"}, nil},
			{"MS-13", int64(12), []any{}, "line\nbreak\ttab"},
			{"x", 0.25, []any{int64(1), true}, map[string]any{"b": int64(1), "a": "<&>"}},
		},
	}
	tests := []struct {
		format Format
		res    Result
		want   string
	}{
		{Table, res, "" +
			"name                   n  docs                  note\n" +
			"------------------  ----  --------------------  -----------------\n" +
			"Cártel del Noreste     3  A, \"quoted\" title; B\n" +
			"MS-13                 12                        line break tab\n" +
			"x                   0.25  1; true               {\"a\":\"<&>\",\"b\":1}\n" +
			"(3 rows)\n"},
		{Table, Result{Columns: []string{"a", "count"}}, "a  count\n-  -----\n(0 rows)\n"},
		{Table, Result{Columns: []string{"a"}, Rows: [][]any{{"x"}}}, "a\n-\nx\n(1 row)\n"},
		{CSV, res, "" +
			"name,n,docs,note\r\n" +
			"Cártel del Noreste,3,\"A, \"\"quoted\"\" title; B\",\r\n" +
			"MS-13,12,,\"line\r\nbreak\ttab\"\r\n" +
			"x,0.25,1; true,\"{\"\"a\"\":\"\"<&>\"\",\"\"b\"\":1}\"\r\n"},
		{CSV, Result{Columns: []string{"a", "b"}}, "a,b\r\n"},
		{JSON, res, `[
  {
    "name": "Cártel del Noreste",
    "n": 3,
    "docs": [
      "A, \"quoted\" title",
      "B"
    ],
    "note": null
  },
  {
    "name": "MS-13",
    "n": 12,
    "docs": [],
    "note": "line\nbreak\ttab"
  },
  {
    "name": "x",
    "n": 0.25,
    "docs": [
      1,
      true
    ],
    "note": {
      "a": "<&>",
      "b": 1
    }
  }
]
`},
		{JSON, Result{Columns: []string{"a"}}, "[]\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, tt.res, tt.format); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("Write %s =\n%s\nwant\n%s", tt.format, got, tt.want)
			}
		})
	}
}

// TestCSVRoundTrip reads the CSV back: every field as Text renders it.
func TestCSVRoundTrip(t *testing.T) {
	res := Result{Columns: []string{"a", "b"}, Rows: [][]any{{"x,y", "\"q\"\r\nz"}, {" lead", nil}}}
	var b bytes.Buffer
	if err := WriteCSV(&b, res); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"a", "b"}, {"x,y", "\"q\"\nz"}, {" lead", ""}}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("read back %q, want %q", recs, want)
	}
}

// TestJSONKeys checks that the JSON output parses and keeps the column order.
func TestJSONKeys(t *testing.T) {
	res := Result{Columns: []string{"z", "a", "m"}, Rows: [][]any{{int64(1), "2", nil}}}
	var b bytes.Buffer
	if err := WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0]["z"] != 1.0 || rows[0]["a"] != "2" || rows[0]["m"] != nil {
		t.Errorf("rows %v", rows)
	}
	if z, a, m := strings.Index(b.String(), `"z"`), strings.Index(b.String(), `"a"`), strings.Index(b.String(), `"m"`); !(z < a && a < m) {
		t.Errorf("keys out of column order:\n%s", b.String())
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"table", "CSV", "Json"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	_, err := ParseFormat("xml")
	if graph.KindOf(err) != graph.Invalid || !strings.Contains(err.Error(), "table, csv or json") {
		t.Errorf("ParseFormat(xml) = %v", err)
	}
}

func TestPlain(t *testing.T) {
	day := time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   any
		want any
	}{
		{nil, nil},
		{int64(3), int64(3)},
		{"s", "s"},
		{[]any{int64(1), dbtype.Date(day)}, []any{int64(1), "2025-02-20"}},
		{map[string]any{"d": dbtype.Duration{Days: 2}}, map[string]any{"d": "P0M2DT0S"}},
		{dbtype.Node{Labels: []string{"Entity", "Country"}, Props: map[string]any{"id": "mexico"}},
			map[string]any{"labels": []any{"Country", "Entity"}, "properties": map[string]any{"id": "mexico"}}},
		{dbtype.Relationship{Type: "DESIGNATED", Props: map[string]any{"date": "2025"}},
			map[string]any{"type": "DESIGNATED", "properties": map[string]any{"date": "2025"}}},
		{day, "2025-02-20T00:00:00Z"},
		{dbtype.Point2D{X: 1, Y: 2, SpatialRefId: 7203}, map[string]any{"srid": int64(7203), "x": 1.0, "y": 2.0}},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Plain(%#v) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}
