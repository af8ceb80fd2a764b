package graphtest

import (
	"context"
	"fmt"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// The relations of Fixtures.
var (
	rDesignated  = rid(UnitedStates, graph.Designated, GolfoNorte)
	rSanctioned  = rid(UnitedStates, graph.Sanctioned, GolfoNorte)
	rGolfoMexico = rid(GolfoNorte, graph.OperatesIn, Mexico)
	rGolfoPuerto = rid(GolfoNorte, graph.OperatesIn, PuertoSombra)
	rPuertoMex   = rid(PuertoSombra, graph.PartOf, Mexico)
	rVargas      = rid(ElenaVargas, graph.HoldsPosition, StateDept)
	rStateUS     = rid(StateDept, graph.PartOf, UnitedStates)
	rLeadsGolfo  = rid(TomasHerrera, graph.Leads, GolfoNorte)
	rBeltranMex  = rid(AnaBeltran, graph.HoldsPosition, Mexico)
	rOpposes     = rid(AnaBeltran, graph.Opposes, UnitedStates)
	rIssued      = rid(Mexico, graph.Issued, AcuerdoSombra)
	rCooperates  = rid(Mexico, graph.CooperatesWith, UnitedStates)
	rHalGolfo    = rid(Halcones, graph.PartOf, GolfoNorte)
	rHalValdoria = rid(Halcones, graph.OperatesIn, Valdoria)
	rTownVal     = rid(HerreraTown, graph.PartOf, Valdoria)
	rLeadsHal    = rid(TomasHerrera, graph.Leads, Halcones)
	rRivalPuerto = rid(GolfoCartel, graph.OperatesIn, PuertoSombra)
	rAccused     = rid(Valdoria, graph.Accused, GolfoNorte)
)

// The statements of Fixtures.
var (
	sVargas   = graph.StatementID(ElenaVargas, "The Cártel del Golfo Norte is a terrorist organization.")
	sBeltran  = graph.StatementID(AnaBeltran, "Mexico will not accept foreign troops on its soil.")
	sHerreraQ = graph.StatementID(TomasHerrera, "We only protect Herrera.")
)

func testRead(t *testing.T, s graph.Store) {
	t.Run("Stats", func(t *testing.T) {
		want := graph.Stats{Documents: 3, Entities: 14, Relations: 18, Statements: 3, Evidence: 23, Mentions: 20}
		if got := stats(t, s); got != want {
			t.Errorf("Stats = %+v, want %+v", got, want)
		}
	})
	t.Run("Entities", func(t *testing.T) { testEntities(t, s) })
	t.Run("Lookup", func(t *testing.T) { testLookup(t, s) })
	t.Run("FindEntities", func(t *testing.T) { testFindEntities(t, s) })
	t.Run("Search", func(t *testing.T) { testSearch(t, s) })
	t.Run("Relations", func(t *testing.T) { testRelations(t, s) })
	t.Run("RelationContents", func(t *testing.T) { testRelationContents(t, s) })
	t.Run("Statements", func(t *testing.T) { testStatements(t, s) })
	t.Run("Documents", func(t *testing.T) { testDocuments(t, s) })
	t.Run("Mentions", func(t *testing.T) { testMentions(t, s) })
}

func testEntities(t *testing.T, s graph.Store) {
	ctx := context.Background()
	golfo := &graph.Entity{ID: GolfoNorte, Name: "Cártel del Golfo Norte", Type: graph.CriminalGroup,
		Aliases: []string{"CDGN", "Cartel del Golfo Norte", "Cártel del Golfo Norte", "Golfo Norte"}}
	tomas := &graph.Entity{ID: TomasHerrera, Name: "Tomás Herrera", Type: graph.Person,
		Aliases: []string{"El Halcón", "Herrera", "Tomas Herrera", "Tomás Herrera"}}
	us := &graph.Entity{ID: UnitedStates, Name: "United States", Type: graph.Country,
		Aliases: []string{"America", "U.S.", "US", "United States", "Washington"}}
	cases := []struct {
		ids  []string
		want []*graph.Entity
	}{
		{[]string{TomasHerrera, "nobody", GolfoNorte, TomasHerrera}, []*graph.Entity{golfo, tomas}},
		{[]string{UnitedStates}, []*graph.Entity{us}},
		{[]string{"nobody"}, nil},
		{nil, nil},
	}
	for _, c := range cases {
		got, err := s.Entities(ctx, c.ids)
		if !check(t, "Entities", err) {
			continue
		}
		if d := Diff(got, c.want); d != "" {
			t.Errorf("Entities(%v): %s", c.ids, d)
		}
	}
}

func testLookup(t *testing.T, s graph.Store) {
	cases := []struct {
		name  string
		types []graph.Type
		want  []string
	}{
		{"cartel del golfo norte", nil, []string{GolfoNorte}},
		{"CDGN", nil, []string{GolfoNorte}},
		{"The Cártel del Golfo Norte", nil, []string{GolfoNorte}},
		{"CARTEL DEL GOLFO", nil, []string{GolfoCartel}},
		{"u.s.", nil, []string{UnitedStates}},
		{"US", nil, []string{UnitedStates}},
		{"el halcon", nil, []string{TomasHerrera}},
		{"herrera", nil, sorted(HerreraTown, TomasHerrera)},
		{"Herrera", []graph.Type{graph.Person}, []string{TomasHerrera}},
		{"Herrera", []graph.Type{graph.Location, graph.CriminalGroup}, []string{HerreraTown}},
		{"Washington", []graph.Type{graph.Person}, nil},
		{"golfo", nil, nil},
		{"", nil, nil},
	}
	for _, c := range cases {
		got, err := s.Lookup(context.Background(), c.name, c.types...)
		if check(t, "Lookup", err) && !sameStrings(entityIDs(got), c.want) {
			t.Errorf("Lookup(%q, %v) = %v, want %v", c.name, c.types, entityIDs(got), c.want)
		}
	}
	es, err := s.Lookup(context.Background(), "Golfo Norte")
	if check(t, "Lookup", err) && len(es) == 1 && len(es[0].Aliases) != 4 {
		t.Errorf("Lookup returns incomplete entities: %+v", es[0])
	}
}

func testFindEntities(t *testing.T, s graph.Store) {
	yes, no := true, false
	cases := []struct {
		name  string
		q     graph.EntityQuery
		want  []string
		total int
	}{
		{"all by name", graph.EntityQuery{}, []string{AcuerdoSombra, AnaBeltran, GolfoCartel, GolfoNorte, StateDept,
			ElenaVargas, HerreraTown, IslaQuieta, Halcones, Mexico, PuertoSombra, TomasHerrera, UnitedStates, Valdoria}, 14},
		{"groups by name", graph.EntityQuery{Types: []graph.Type{graph.CriminalGroup}}, []string{GolfoCartel, GolfoNorte, Halcones}, 3},
		{"countries by id", graph.EntityQuery{Types: []graph.Type{graph.Country}, Sort: graph.SortByID}, []string{Mexico, UnitedStates, Valdoria}, 3},
		{"two types", graph.EntityQuery{Types: []graph.Type{graph.Person, graph.Policy}, Sort: graph.SortByID},
			[]string{AcuerdoSombra, AnaBeltran, ElenaVargas, TomasHerrera}, 4},
		{"name contains", graph.EntityQuery{NameContains: "golfo"}, []string{GolfoCartel, GolfoNorte}, 2},
		{"name contains, accents and case", graph.EntityQuery{NameContains: "HALCÓN"}, []string{Halcones, TomasHerrera}, 2},
		{"name contains nothing known", graph.EntityQuery{NameContains: "zzz"}, nil, 0},
		{"country mexico", graph.EntityQuery{Country: Mexico}, []string{AnaBeltran, GolfoNorte, Mexico, PuertoSombra}, 4},
		{"country valdoria", graph.EntityQuery{Country: Valdoria}, []string{HerreraTown, Halcones, Valdoria}, 3},
		{"country united states", graph.EntityQuery{Country: UnitedStates}, []string{StateDept, UnitedStates}, 2},
		// StateDept is the subject of PART_OF United States: that does not put the United States in it.
		{"country of an agency", graph.EntityQuery{Country: StateDept}, []string{StateDept, ElenaVargas}, 2},
		{"country unknown", graph.EntityQuery{Country: "nowhere"}, nil, 0},
		{"groups in mexico", graph.EntityQuery{Country: Mexico, Types: []graph.Type{graph.CriminalGroup}}, []string{GolfoNorte}, 1},
		{"designated", graph.EntityQuery{Designated: &yes}, []string{GolfoNorte}, 1},
		{"designated people", graph.EntityQuery{Designated: &yes, Types: []graph.Type{graph.Person}}, nil, 0},
		{"groups not designated", graph.EntityQuery{Designated: &no, Types: []graph.Type{graph.CriminalGroup}}, []string{GolfoCartel, Halcones}, 2},
		{"most mentioned", graph.EntityQuery{Sort: graph.SortByMentions, Limit: 5},
			[]string{GolfoNorte, Mexico, PuertoSombra, TomasHerrera, UnitedStates}, 14},
		{"most mentioned, second page", graph.EntityQuery{Sort: graph.SortByMentions, Offset: 1, Limit: 2}, []string{Mexico, PuertoSombra}, 14},
		{"last page by name", graph.EntityQuery{Sort: graph.SortByName, Offset: 12, Limit: 5}, []string{UnitedStates, Valdoria}, 14},
		{"past the end", graph.EntityQuery{Offset: 20}, nil, 14},
		{"first by id", graph.EntityQuery{Sort: graph.SortByID, Limit: 1}, []string{AcuerdoSombra}, 14},
	}
	for _, c := range cases {
		page, err := s.FindEntities(context.Background(), c.q)
		if !check(t, c.name, err) {
			continue
		}
		if !sameStrings(entityIDs(page.Entities), c.want) || page.Total != c.total {
			t.Errorf("%s: FindEntities(%+v) = %v of %d, want %v of %d", c.name, c.q, entityIDs(page.Entities), page.Total, c.want, c.total)
		}
	}
	for _, q := range []graph.EntityQuery{{Offset: -1}, {Limit: -1}, {Sort: "popularity"}} {
		_, err := s.FindEntities(context.Background(), q)
		wantKind(t, fmt.Sprintf("FindEntities(%+v)", q), err, graph.Invalid)
	}
	page, err := s.FindEntities(context.Background(), graph.EntityQuery{Types: []graph.Type{graph.Country}, Limit: 1, Offset: 1})
	if check(t, "FindEntities", err) && len(page.Entities) == 1 {
		want := &graph.Entity{ID: UnitedStates, Name: "United States", Type: graph.Country,
			Aliases: []string{"America", "U.S.", "US", "United States", "Washington"}}
		if d := Diff(page.Entities[0], want); d != "" {
			t.Errorf("FindEntities returns incomplete entities: %s", d)
		}
	}
}

func testSearch(t *testing.T, s graph.Store) {
	type hit struct {
		id    string
		score float64
	}
	cases := []struct {
		query string
		types []graph.Type
		limit int
		want  []hit
	}{
		// Exact name beats prefix beats some words.
		{"cartel del golfo", nil, 0, []hit{{GolfoCartel, 4}, {GolfoNorte, 2}, {Halcones, 1.0 / 3}}},
		{"Cártel del Golfo", nil, 1, []hit{{GolfoCartel, 4}}},
		{"CDGN", nil, 10, []hit{{GolfoNorte, 3}}},
		{"golfo norte", nil, 10, []hit{{GolfoNorte, 3}, {GolfoCartel, 0.5}}},
		{"herrera", nil, 10, []hit{{HerreraTown, 4}, {TomasHerrera, 3}}},
		{"herrera", []graph.Type{graph.Person}, 10, []hit{{TomasHerrera, 3}}},
		{"puerto", nil, 10, []hit{{PuertoSombra, 2}, {AcuerdoSombra, 1}}},
		// Ties go by ID.
		{"sombra puerto", nil, 10, []hit{{AcuerdoSombra, 1}, {PuertoSombra, 1}}},
		{"tomas", nil, 10, []hit{{TomasHerrera, 2}}},
		// A prefix of an alias counts as much as a prefix of the name.
		{"golfo", nil, 10, []hit{{GolfoNorte, 2}, {GolfoCartel, 1}}},
		{"el halc", nil, 10, []hit{{TomasHerrera, 2}}},
		{"united states of america", nil, 10, []hit{{UnitedStates, 0.5}, {StateDept, 0.25}}},
		{"zzz", nil, 10, nil},
		{"", nil, 10, nil},
	}
	for _, c := range cases {
		hits, err := s.Search(context.Background(), c.query, c.types, c.limit)
		if !check(t, "Search", err) {
			continue
		}
		ok := len(hits) == len(c.want)
		var got []hit
		for i, h := range hits {
			if h.Entity == nil {
				t.Fatalf("Search(%q): a hit without entity", c.query)
			}
			got = append(got, hit{h.Entity.ID, h.Score})
			ok = ok && h.Entity.ID == c.want[i].id && near(h.Score, c.want[i].score)
		}
		if !ok {
			t.Errorf("Search(%q, %v, %d) = %v, want %v", c.query, c.types, c.limit, got, c.want)
		}
	}
	hits, err := s.Search(context.Background(), "CDGN", nil, 1)
	if check(t, "Search", err) && len(hits) == 1 && hits[0].Entity.Name != "Cártel del Golfo Norte" {
		t.Errorf("Search returns incomplete entities: %+v", hits[0].Entity)
	}
	_, err = s.Search(context.Background(), "golfo", nil, -1)
	wantKind(t, "Search with a negative limit", err, graph.Invalid)
}

func testRelations(t *testing.T, s graph.Store) {
	all := sorted(rDesignated, rSanctioned, rGolfoMexico, rGolfoPuerto, rPuertoMex, rVargas, rStateUS, rLeadsGolfo,
		rBeltranMex, rOpposes, rIssued, rCooperates, rHalGolfo, rHalValdoria, rTownVal, rLeadsHal, rRivalPuerto, rAccused)
	cases := []struct {
		name string
		q    graph.RelationQuery
		want []string
	}{
		{"all", graph.RelationQuery{}, all},
		{"ids", graph.RelationQuery{IDs: []string{rAccused, "r-nothing", rDesignated}}, sorted(rAccused, rDesignated)},
		{"subject", graph.RelationQuery{Subjects: []string{GolfoNorte}}, sorted(rGolfoMexico, rGolfoPuerto)},
		{"object", graph.RelationQuery{Objects: []string{GolfoNorte}},
			sorted(rDesignated, rSanctioned, rLeadsGolfo, rHalGolfo, rAccused)},
		{"predicate", graph.RelationQuery{Predicates: []graph.Predicate{graph.Leads}}, sorted(rLeadsGolfo, rLeadsHal)},
		{"two predicates", graph.RelationQuery{Predicates: []graph.Predicate{graph.Designated, graph.Sanctioned}},
			sorted(rDesignated, rSanctioned)},
		{"touching", graph.RelationQuery{Touching: []string{Valdoria}}, sorted(rHalValdoria, rTownVal, rAccused)},
		{"document", graph.RelationQuery{Documents: []string{DocGolfo2}},
			sorted(rDesignated, rSanctioned, rGolfoMexico, rLeadsGolfo, rBeltranMex, rOpposes, rIssued, rCooperates)},
		{"predicate and document", graph.RelationQuery{Predicates: []graph.Predicate{graph.OperatesIn}, Documents: []string{DocGolfo1}},
			sorted(rGolfoMexico, rGolfoPuerto)},
		{"subjects and object", graph.RelationQuery{Subjects: []string{Halcones, HerreraTown}, Objects: []string{Valdoria}},
			sorted(rHalValdoria, rTownVal)},
		{"touching and predicates", graph.RelationQuery{Touching: []string{Mexico}, Predicates: []graph.Predicate{graph.PartOf, graph.HoldsPosition}},
			sorted(rPuertoMex, rBeltranMex)},
		{"touching two", graph.RelationQuery{Touching: []string{ElenaVargas, AcuerdoSombra}}, sorted(rVargas, rIssued)},
		{"ids and subjects", graph.RelationQuery{IDs: []string{rAccused, rDesignated}, Subjects: []string{Valdoria}}, []string{rAccused}},
		{"unknown document", graph.RelationQuery{Documents: []string{"nothing"}}, nil},
		{"no match", graph.RelationQuery{Subjects: []string{IslaQuieta}}, nil},
	}
	for _, c := range cases {
		got, err := s.Relations(context.Background(), c.q)
		if check(t, c.name, err) && !sameStrings(relationIDs(got), c.want) {
			t.Errorf("%s: Relations(%+v) = %v, want %v", c.name, c.q, relationIDs(got), c.want)
		}
	}
}

// testRelationContents checks whole relations: the fact two documents state,
// with their evidence, summary and date conflict, and single-source facts.
func testRelationContents(t *testing.T, s graph.Store) {
	r := relation(t, s, rDesignated)
	if r.Subject != UnitedStates || r.Predicate != graph.Designated || r.Object != GolfoNorte {
		t.Errorf("relation %s is %s %s %s", r.ID, r.Subject, r.Predicate, r.Object)
	}
	if got := evidenceDocs(r.Evidence); !sameStrings(got, []string{DocGolfo1, DocGolfo2}) {
		t.Errorf("designation's evidence from %v, want both documents", got)
	}
	if r.Date != "2025-02-20" || r.Attributes[graph.AttrDesignation] != "Foreign Terrorist Organization" ||
		r.Attributes[graph.AttrDate] != "2025-02-20" || r.Alleged || !near(r.Confidence, 0.98) {
		t.Errorf("designation summary = date %q attributes %v alleged %v confidence %v", r.Date, r.Attributes, r.Alleged, r.Confidence)
	}
	cs := graph.Conflicts(r)
	if len(cs) != 1 || cs[0].Attribute != graph.AttrDate || len(cs[0].Values) != 2 ||
		cs[0].Values[0].Value != "2025-02-20" || !sameStrings(evidenceDocs(cs[0].Values[0].Sources), []string{DocGolfo1}) ||
		cs[0].Values[1].Value != "2025-03" || !sameStrings(evidenceDocs(cs[0].Values[1].Sources), []string{DocGolfo2}) {
		t.Errorf("designation conflicts = %+v, want the two dates with their documents", cs)
	}

	// Each relation is exactly the summary of the fixtures' evidence of it.
	want := map[string]*graph.Relation{}
	for _, x := range Fixtures() {
		x.Normalize()
		for _, r := range x.Relations {
			w := want[r.ID]
			if w == nil {
				w = &graph.Relation{ID: r.ID, Subject: r.Subject, Predicate: r.Predicate, Object: r.Object}
				want[r.ID] = w
			}
			w.Evidence = append(w.Evidence, r.Evidence...)
		}
	}
	for _, id := range []string{rDesignated, rGolfoMexico, rLeadsGolfo, rVargas, rAccused} {
		graph.Summarize(want[id])
		if d := Diff(relation(t, s, id), want[id]); d != "" {
			t.Errorf("relation %s: %s", id, d)
		}
	}
	if r := relation(t, s, rLeadsGolfo); !r.Alleged || r.Attributes[graph.AttrTitle] != "leader" {
		t.Errorf("alleged leadership = %+v", r)
	}
	if r := relation(t, s, rGolfoMexico); !near(r.Confidence, 0.92) || len(graph.Conflicts(r)) != 0 {
		t.Errorf("OPERATES_IN from two sources: confidence %v conflicts %v, want 0.92 and none", r.Confidence, graph.Conflicts(r))
	}
}

func testStatements(t *testing.T, s graph.Store) {
	cases := []struct {
		name string
		q    graph.StatementQuery
		want []string
	}{
		{"all", graph.StatementQuery{}, sorted(sVargas, sBeltran, sHerreraQ)},
		{"ids", graph.StatementQuery{IDs: []string{sBeltran, "s-nothing"}}, []string{sBeltran}},
		{"speaker", graph.StatementQuery{Speakers: []string{AnaBeltran}}, []string{sBeltran}},
		{"about", graph.StatementQuery{About: []string{UnitedStates}}, []string{sBeltran}},
		{"about two", graph.StatementQuery{About: []string{GolfoNorte, HerreraTown}}, sorted(sVargas, sHerreraQ)},
		{"contains", graph.StatementQuery{Contains: "FOREIGN  troops"}, []string{sBeltran}},
		{"contains, accents", graph.StatementQuery{Contains: "cartel del golfo"}, []string{sVargas}},
		{"contains nothing known", graph.StatementQuery{Contains: "zzz"}, nil},
		{"document", graph.StatementQuery{Documents: []string{DocHalcones}}, []string{sHerreraQ}},
		{"speaker and about", graph.StatementQuery{Speakers: []string{TomasHerrera}, About: []string{Mexico}}, nil},
		{"speakers and document", graph.StatementQuery{Speakers: []string{TomasHerrera, ElenaVargas}, Documents: []string{DocGolfo1, DocGolfo2}},
			[]string{sVargas}},
	}
	for _, c := range cases {
		got, err := s.Statements(context.Background(), c.q)
		if check(t, c.name, err) && !sameStrings(statementIDs(got), c.want) {
			t.Errorf("%s: Statements(%+v) = %v, want %v", c.name, c.q, statementIDs(got), c.want)
		}
	}
	got, err := s.Statements(context.Background(), graph.StatementQuery{IDs: []string{sBeltran}})
	if check(t, "Statements", err) {
		x := golfo2()
		x.Normalize()
		want := x.Statements[0]
		if d := Diff(got, []*graph.Statement{&want}); d != "" {
			t.Errorf("statement contents: %s", d)
		}
	}
}

func testDocuments(t *testing.T, s graph.Store) {
	docs := map[string]*graph.Document{}
	for _, x := range Fixtures() {
		d := x.Document
		docs[d.ID] = &d
	}
	cases := []struct {
		name string
		q    graph.DocumentQuery
		want []string
	}{
		{"all", graph.DocumentQuery{}, []string{DocGolfo1, DocGolfo2, DocHalcones}},
		{"ids", graph.DocumentQuery{IDs: []string{DocHalcones, "nothing"}}, []string{DocHalcones}},
		{"mentioning", graph.DocumentQuery{Mentioning: []string{Valdoria}}, []string{DocHalcones}},
		{"mentioning, two documents", graph.DocumentQuery{Mentioning: []string{UnitedStates}}, []string{DocGolfo1, DocGolfo2}},
		{"mentioning either", graph.DocumentQuery{Mentioning: []string{ElenaVargas, IslaQuieta}}, []string{DocGolfo1, DocHalcones}},
		{"source", graph.DocumentQuery{Sources: []string{fixtureSources + "golfo-2.txt"}}, []string{DocGolfo2}},
		{"mentioning and source", graph.DocumentQuery{Mentioning: []string{PuertoSombra}, Sources: []string{fixtureSources + "golfo-1.txt"}},
			[]string{DocGolfo1}},
		{"unknown source", graph.DocumentQuery{Sources: []string{"elsewhere"}}, nil},
	}
	for _, c := range cases {
		got, err := s.Documents(context.Background(), c.q)
		if !check(t, c.name, err) {
			continue
		}
		var want []*graph.Document
		for _, id := range c.want {
			want = append(want, docs[id])
		}
		if d := Diff(got, want); d != "" {
			t.Errorf("%s: Documents(%+v): %s", c.name, c.q, d)
		}
	}
}

func testMentions(t *testing.T, s graph.Store) {
	cases := []struct {
		ids  []string
		want []graph.Mention
	}{
		{[]string{PuertoSombra, "nobody", GolfoNorte}, []graph.Mention{
			{Document: DocGolfo1, Entity: GolfoNorte, Count: 4},
			{Document: DocGolfo2, Entity: GolfoNorte, Count: 2},
			{Document: DocHalcones, Entity: GolfoNorte, Count: 1},
			{Document: DocGolfo1, Entity: PuertoSombra, Count: 1},
			{Document: DocHalcones, Entity: PuertoSombra, Count: 1},
		}},
		{[]string{AcuerdoSombra}, []graph.Mention{{Document: DocGolfo2, Entity: AcuerdoSombra, Count: 1}}},
		{nil, nil},
	}
	for _, c := range cases {
		got, err := s.Mentions(context.Background(), c.ids)
		if !check(t, "Mentions", err) {
			continue
		}
		if d := Diff(got, c.want); d != "" {
			t.Errorf("Mentions(%v): %s", c.ids, d)
		}
	}
}

// testSortByName checks that SortByName orders by Key: accents, case and a
// leading "the" do not count, where a byte order of names would put "Zeta"
// first and "Ábaco" last.
func testSortByName(t *testing.T, s graph.Store) {
	b := newDoc(graph.Document{ID: "sort-1"})
	for _, name := range []string{"Zeta", "the Beta", "Ábaco", "alfa", "Beta"} {
		b.entityID("e-"+name, graph.Organization, name)
	}
	Load(t, s, b.x)
	page, err := s.FindEntities(context.Background(), graph.EntityQuery{Sort: graph.SortByName})
	if !check(t, "FindEntities", err) {
		return
	}
	var names []string
	for _, e := range page.Entities {
		names = append(names, e.Name)
	}
	// "Beta" and "the Beta" share a Key: their IDs decide.
	if want := []string{"Ábaco", "alfa", "Beta", "the Beta", "Zeta"}; !sameStrings(names, want) {
		t.Errorf("FindEntities by name = %q, want %q", names, want)
	}
}
