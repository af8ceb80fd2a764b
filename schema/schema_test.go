package schema_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
	"github.com/cartelgraph/cartelgraph/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// openFixtures returns an embedded store holding graphtest.Fixtures and the given extractions.
func openFixtures(t *testing.T, extra ...*graph.Extraction) graph.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	graphtest.Load(t, s, append(graphtest.Fixtures(), extra...)...)
	return s
}

func newSchema(t *testing.T, store graph.Store, opts schema.Options) graphql.Schema {
	t.Helper()
	s, err := schema.New(store, opts)
	if err != nil {
		t.Fatalf("schema.New: %v", err)
	}
	return s
}

// do runs a query and returns its result as indented JSON.
func do(t *testing.T, s graphql.Schema, opts schema.Options, query string, vars map[string]interface{}) []byte {
	t.Helper()
	res := schema.Do(context.Background(), s, opts, schema.Request{Query: query, Variables: vars})
	out, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./schema -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (go test ./schema -update rewrites it):\n%s", name, path, got)
	}
}

// TestQueries runs the API's queries over the fixtures and compares the
// answers with testdata/*.golden.json; the asserts below each name the fact
// the golden file must hold, so that an -update cannot quietly accept a
// wrong answer.
func TestQueries(t *testing.T) {
	store := openFixtures(t)
	s := newSchema(t, store, schema.Options{})
	tests := []struct {
		name  string
		query string
		vars  map[string]interface{}
		// contains are fragments the answer must contain, absent ones it must not.
		contains, absent []string
	}{
		{"designations_by_us", `{
			designations(by: "United States") {
				group { id name type } designatedBy { id name type }
				designation date alleged confidence
				sources { document article { id } title publisher date sentence confidence alleged }
				conflicts { attribute values { value sources { title date } } }
			}
		}`, nil, []string{`"name": "Cártel del Golfo Norte"`, `"value": "2025-02-20"`, `"value": "2025-03"`, `"publisher": "Fixture Wire"`}, nil},
		{"designations_by_alias", `{
			a: designations(group: "cdgn") { group { id } designatedBy { id } }
			b: designations(group: "CARTEL DEL GOLFO NORTE", by: "u.s.") { group { id } }
			c: designations(designation: "terrorist organization") { group { id } }
			d: designations(group: "golfo norte", since: "2025-03", until: "2025-12-31") { date }
			e: designations(until: "2025-01") { date }
			f: designations(designation: "narcotics kingpin") { date }
			g: designations(group: "no such group anywhere") { date }
		}`, nil, []string{`"id": "cartel-del-golfo-norte"`}, nil},
		{"entity_group", `{
			entity(id: "cartel-del-golfo-norte") {
				__typename id name type aliases mentions
				documents { id title published }
				relations(direction: IN) { predicate subject { id } attributes { key value } }
				... on CriminalGroup {
					designations { designatedBy { name } designation date }
					operatesIn { id type }
					leaders { leader { name } title alleged sources { sentence alleged } }
					factions { id }
				}
			}
		}`, nil, []string{`"__typename": "CriminalGroup"`, `"id": "los-halcones-del-sur"`, `"alleged": true`, `"CDGN"`}, nil},
		{"entity_person_by_name", `{
			entity(name: "tomas HERRERA") {
				id name
				... on Person {
					leads { organization { id } title alleged }
					positions { title }
				}
				statementsBy { text about { id type } sources { publisher } }
			}
			vargas: entity(name: "elena vargas") {
				... on Person { positions { title body { id type } sources { sentence } } }
				statementsBy { text }
			}
			nobody: entity(name: "Nobody At All") { id }
		}`, nil, []string{`"name": "Tomás Herrera"`, `"title": "Secretary of State"`, `"nobody": null`}, nil},
		{"entity_country_policy", `{
			us: entity(name: "Washington") {
				... on Country { designated { id } designations { group { id } date } members { id } }
				statementsAbout { speaker { name } text }
			}
			mx: entity(id: "mexico") {
				relations(predicate: "issued", direction: OUT) { object { id } date }
				... on Country { members { id } }
			}
			acuerdo: entity(id: "acuerdo-de-puerto-sombra") { ... on Policy { issuedBy { id } replaced { id } replacedBy { id } } }
			state: entity(name: "state department") { ... on Agency { partOf { id } } }
			town: entity(id: "herrera") { type ... on Location { partOf { id } } }
		}`, nil, []string{`"id": "department-of-state"`, `"id": "puerto-sombra"`, `"id": "valdoria"`}, nil},
		{"entities_pages", `{
			first: entities(type: CriminalGroup, first: 2) {
				totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
			}
			designated: entities(where: {designated: true}) { totalCount nodes { id } }
			notDesignated: entities(type: CRIMINAL_GROUP, where: {designated: false}) { totalCount nodes { id } }
			inValdoria: entities(where: {country: "valdoria"}, sort: ID) { nodes { id } }
			named: entities(where: {nameContains: "golfo"}, sort: ID) { nodes { id } }
			mentioned: entities(sort: MENTIONS, first: 3) { nodes { id mentions } }
			count: entities(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } }
		}`, nil, []string{`"totalCount": 3`, `"hasNextPage": true`, `"id": "cartel-del-golfo"`}, nil},
		{"search", `{
			search(query: "golfo") { entity { id type } }
			groups: search(query: "herrera", types: [Person]) { entity { id } }
		}`, nil, []string{`"id": "tomas-herrera"`}, []string{`"id": "herrera"`}},
		{"relations_statements_documents", `{
			relations(subject: "mexico") { predicate object { id } sources { title } }
			positions: relations(predicate: "HOLDS_POSITION") { subject { name } object { name } attributes { key value } }
			statements(about: "Mexico") { speaker { name } text about { id } sources { title date } }
			quoted: statements(contains: "terrorist") { speaker { id } }
			bySpeaker: statements(speaker: "beltran") { text }
			documents(mentioning: "valdoria") { id title publisher published relations { predicate } statements { text } }
		}`, nil, []string{`"Mexico will not accept foreign troops on its soil."`, `"title": "Los Halcones del Sur split from the Golfo Norte"`}, nil},
		{"neighborhood_path", `{
			neighborhood(id: "valdoria", depth: 1) { nodes { id } edges { predicate subject { id } object { id } } }
			partOf: neighborhood(id: "Valdoria", depth: 2, predicates: ["PART_OF"]) { nodes { id } }
			path(from: "valdoria", to: "department-of-state") { nodes { id } edges { predicate subject { id } object { id } } }
			none: path(from: "isla-quieta", to: "mexico") { nodes { id } edges { id } }
		}`, nil, []string{`"id": "herrera"`, `"id": "department-of-state"`}, nil},
		{"conflicts_stats", `{
			conflicts { attribute relation { predicate subject { id } object { id } } values { value sources { title date sentence } } }
			stats { documents entities relations statements evidence mentions }
		}`, nil, []string{`"attribute": "date"`, `"documents": 3`, `"entities": 14`, `"relations": 18`}, nil},
		{"variables", `query Q($by: String, $first: Int) {
			designations(by: $by) { group { id } }
			entities(first: $first) { edges { node { id } } }
		}`, map[string]interface{}{"by": "America", "first": float64(1)}, []string{`"id": "cartel-del-golfo-norte"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := do(t, s, schema.Options{}, tt.query, tt.vars)
			if bytes.Contains(got, []byte(`"errors"`)) {
				t.Errorf("errors in answer:\n%s", got)
			}
			for _, c := range tt.contains {
				if !bytes.Contains(got, []byte(c)) {
					t.Errorf("answer lacks %s", c)
				}
			}
			for _, c := range tt.absent {
				if bytes.Contains(got, []byte(c)) {
					t.Errorf("answer has %s", c)
				}
			}
			golden(t, tt.name, got)
		})
	}
}

// TestPaging walks every page of entities and checks that it sees each entity once.
func TestPaging(t *testing.T) {
	store := openFixtures(t)
	s := newSchema(t, store, schema.Options{})
	type page struct {
		Data struct {
			Entities struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
	}
	seen := map[string]bool{}
	after, pages := "", 0
	for {
		var p page
		raw := do(t, s, schema.Options{}, `query($after: String) { entities(first: 4, after: $after, sort: ID) {
			totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, map[string]interface{}{"after": after})
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		pages++
		for _, e := range p.Data.Entities.Edges {
			if seen[e.Node.ID] {
				t.Errorf("page %d repeats %s", pages, e.Node.ID)
			}
			seen[e.Node.ID] = true
		}
		if !p.Data.Entities.PageInfo.HasNextPage {
			if len(seen) != p.Data.Entities.TotalCount || p.Data.Entities.TotalCount != 14 {
				t.Errorf("saw %d entities in %d pages, totalCount %d; want 14", len(seen), pages, p.Data.Entities.TotalCount)
			}
			break
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		after = p.Data.Entities.PageInfo.EndCursor
	}
	if pages != 4 {
		t.Errorf("14 entities by 4 took %d pages, want 4", pages)
	}
}

// TestReadOnly checks that the schema has no way to change the graph.
func TestReadOnly(t *testing.T) {
	s := newSchema(t, openFixtures(t), schema.Options{})
	if s.MutationType() != nil || s.SubscriptionType() != nil {
		t.Fatal("the schema has a mutation or subscription type")
	}
	got := string(do(t, s, schema.Options{}, `mutation { stats { documents } }`, nil))
	if !strings.Contains(got, "not configured for mutations") {
		t.Errorf("mutation answered:\n%s", got)
	}
}

// TestIntrospection runs the playground's introspection query within the default limits.
func TestIntrospection(t *testing.T) {
	s := newSchema(t, openFixtures(t), schema.Options{})
	got := do(t, s, schema.Options{}, introspectionQuery, nil)
	if bytes.Contains(got, []byte(`"errors"`)) || !bytes.Contains(got, []byte(`"name": "CriminalGroup"`)) {
		t.Errorf("introspection failed:\n%.2000s", got)
	}
}

// introspectionQuery is graphql-js's getIntrospectionQuery(), which GraphiQL sends.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// TestHeadlineQuery runs the designations query exactly as the project's
// contract (issue 3) spells it, so that a renamed or retyped field breaks here.
func TestHeadlineQuery(t *testing.T) {
	store := openFixtures(t)
	s := newSchema(t, store, schema.Options{})
	const q = `{ designations(designation: "terrorist", group: "Golfo Norte", by: "United States") {
		group { id name type } designatedBy { id name type } designation date sources { document sentence } } }`
	res := schema.Do(context.Background(), s, schema.Options{}, schema.Request{Query: q})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	var got struct {
		Designations []struct {
			Group        struct{ ID, Name, Type string }
			DesignatedBy struct{ ID, Name, Type string }
			Designation  string
			Date         *string
			Sources      []struct{ Document, Sentence string }
		}
	}
	b, _ := json.Marshal(res.Data)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Designations) != 1 {
		t.Fatalf("designations = %s, want one", b)
	}
	d := got.Designations[0]
	if d.Group.ID != graphtest.GolfoNorte || d.Group.Type != "CriminalGroup" || d.DesignatedBy.ID != graphtest.UnitedStates || d.DesignatedBy.Type != "Country" {
		t.Errorf("designation = %+v", d)
	}
	if len(d.Sources) != 2 {
		t.Fatalf("sources = %+v, want the two fixture documents", d.Sources)
	}
	for _, src := range d.Sources {
		if src.Document == "" || !strings.Contains(strings.ToLower(src.Sentence), "golfo norte") {
			t.Errorf("source = %+v, want a document ID and the sentence", src)
		}
	}
}

// TestDesignationsByIncludeMembers checks that designations by a country
// count those its bodies and officials made, unless asked not to.
func TestDesignationsByIncludeMembers(t *testing.T) {
	ev := []graph.Evidence{{Sentence: "The State Department, led by Elena Vargas, designated Los Halcones del Sur.", Confidence: 0.9}}
	store := openFixtures(t, &graph.Extraction{
		Document: graph.Document{ID: "members-1", Title: "State designates the Halcones"},
		Entities: []graph.Entity{
			{ID: graphtest.StateDept, Name: "Department of State", Type: graph.Agency},
			{ID: graphtest.ElenaVargas, Name: "Elena Vargas", Type: graph.Person},
			{ID: graphtest.Halcones, Name: "Los Halcones del Sur", Type: graph.CriminalGroup},
		},
		Relations: []graph.Relation{
			{Subject: graphtest.StateDept, Predicate: graph.Designated, Object: graphtest.Halcones, Evidence: ev},
			{Subject: graphtest.ElenaVargas, Predicate: graph.Designated, Object: graphtest.Halcones, Evidence: ev},
		},
	})
	s := newSchema(t, store, schema.Options{})
	count := func(q string) int {
		t.Helper()
		res := schema.Do(context.Background(), s, schema.Options{}, schema.Request{Query: q})
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", q, res.Errors)
		}
		return len(res.Data.(map[string]interface{})["designations"].([]interface{}))
	}
	// The State Department is PART_OF the United States and Elena Vargas
	// holds a position in it: both act for the United States.
	byState := count(`{ designations(by: "` + graphtest.StateDept + `", includeMembers: false) { group { id } } }`)
	byVargas := count(`{ designations(by: "` + graphtest.ElenaVargas + `") { group { id } } }`)
	if byState != 1 || byVargas != 1 {
		t.Fatalf("by the State Department: %d, by Vargas: %d; want 1 each", byState, byVargas)
	}
	direct := count(`{ designations(by: "` + graphtest.UnitedStates + `", includeMembers: false) { group { id } } }`)
	all := count(`{ designations(by: "` + graphtest.UnitedStates + `") { group { id } } }`)
	if all != direct+byState+byVargas {
		t.Errorf("by United States: %d with members, %d without; want %d", all, direct, direct+byState+byVargas)
	}
}
