package graphtest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

func testWrite(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Run("Status", func(t *testing.T) { testWriteStatus(t, openStore(t, open)) })
	t.Run("Replace", func(t *testing.T) { testReplace(t, openStore(t, open)) })
	t.Run("Idempotent", func(t *testing.T) { testIdempotent(t, openStore(t, open)) })
	t.Run("OrderIndependent", func(t *testing.T) { testOrderIndependent(t, open) })
	t.Run("Merge", func(t *testing.T) { testMerge(t, openStore(t, open)) })
	t.Run("NamePreference", func(t *testing.T) { testNamePreference(t, open) })
	t.Run("EntityType", func(t *testing.T) { testEntityType(t, openStore(t, open)) })
	t.Run("Invalid", func(t *testing.T) { testInvalid(t, openStore(t, open)) })
	t.Run("Cancelled", func(t *testing.T) { testCancelled(t, openStore(t, open)) })
	t.Run("KeepsInput", func(t *testing.T) { testKeepsInput(t, openStore(t, open)) })
	t.Run("SpecialValues", func(t *testing.T) { testSpecialValues(t, openStore(t, open)) })
	t.Run("WriteBatch", func(t *testing.T) { testWriteBatch(t, open) })
}

// place is a one-entity document.
func place(id, source, name string) *graph.Extraction {
	b := newDoc(graph.Document{ID: id, Source: source, Title: "about " + name})
	b.entity(graph.Location, name)
	return b.x
}

func testWriteStatus(t *testing.T, s graph.Store) {
	ctx := context.Background()
	steps := []struct {
		name     string
		x        *graph.Extraction
		want     graph.Status
		replaced string
	}{
		{"new document", place("st-a", "feeds/one.txt", "Alpha"), graph.StatusCreated, ""},
		{"same document again", place("st-a", "feeds/one.txt", "Alpha"), graph.StatusUnchanged, ""},
		{"new version of the source", place("st-a2", "feeds/one.txt", "Alpha Two"), graph.StatusReplaced, "st-a"},
		{"old version back", place("st-a", "feeds/one.txt", "Alpha"), graph.StatusReplaced, "st-a2"},
		{"no source", place("st-b", "", "Beta"), graph.StatusCreated, ""},
		{"another without source", place("st-c", "", "Gamma"), graph.StatusCreated, ""},
		{"stored document from another source", place("st-a", "feeds/other.txt", "Alpha"), graph.StatusUnchanged, ""},
	}
	for _, st := range steps {
		res, err := s.Write(ctx, st.x)
		if !check(t, st.name, err) {
			continue
		}
		if res.Status != st.want || res.Replaced != st.replaced {
			t.Errorf("%s: Write = %+v, want {Status:%s Replaced:%s}", st.name, res, st.want, st.replaced)
		}
	}
	docs, err := s.Documents(ctx, graph.DocumentQuery{})
	if check(t, "Documents", err) {
		want := []*graph.Document{
			{ID: "st-a", Source: "feeds/one.txt", Title: "about Alpha"},
			{ID: "st-b", Title: "about Beta"},
			{ID: "st-c", Title: "about Gamma"},
		}
		if d := Diff(docs, want); d != "" {
			t.Errorf("Documents after the writes: %s", d)
		}
	}
	if e := entity(t, s, "alpha-two"); e != nil {
		t.Errorf("entity of the replaced version still there: %+v", e)
	}
	if got := stats(t, s); got != (graph.Stats{Documents: 3, Entities: 3, Mentions: 3}) {
		t.Errorf("Stats = %+v, want 3 documents, 3 entities, 3 mentions", got)
	}
}

// replaceDocs returns an old and a new version of one source and another
// document that shares a fact and an entity with the old version.
func replaceDocs() (old, other, new *graph.Extraction) {
	b := newDoc(graph.Document{ID: "rp-old", Source: "feeds/a.txt", Title: "old"})
	b.entity(graph.Location, "Ciudad Uno", "C. Uno").mention("ciudad-uno", 2)
	b.entity(graph.CriminalGroup, "Grupo Rojo").mention("grupo-rojo", 3)
	b.entity(graph.CriminalGroup, "Grupo Azul")
	b.entity(graph.Person, "Pedro Solo")
	b.relate("grupo-rojo", graph.OperatesIn, "ciudad-uno", ev(0, "Grupo Rojo rules Ciudad Uno.", 0.9, ""))
	b.relate("grupo-azul", graph.OperatesIn, "ciudad-uno", ev(30, "Grupo Azul sells in Ciudad Uno.", 0.8, ""))
	b.say("pedro-solo", "Only the old version says this.", []string{"grupo-rojo"},
		ev(70, `"Only the old version says this," said Pedro Solo.`, 0.9, ""))
	old = b.x

	b = newDoc(graph.Document{ID: "rp-other", Source: "feeds/b.txt", Title: "other"})
	b.entity(graph.Location, "Ciudad Uno")
	b.entity(graph.CriminalGroup, "Grupo Azul")
	b.relate("grupo-azul", graph.OperatesIn, "ciudad-uno", ev(5, "Grupo Azul is active in Ciudad Uno.", 0.7, ""))
	other = b.x

	b = newDoc(graph.Document{ID: "rp-new", Source: "feeds/a.txt", Title: "new"})
	b.entity(graph.CriminalGroup, "Grupo Rojo", "Los Rojos").mention("grupo-rojo", 2)
	b.entity(graph.CriminalGroup, "Grupo Azul")
	b.relate("grupo-azul", graph.PartOf, "grupo-rojo", ev(0, "Grupo Azul is a cell of Los Rojos.", 0.6, ""))
	new = b.x
	return old, other, new
}

func testReplace(t *testing.T, s graph.Store) {
	ctx := context.Background()
	old, other, new := replaceDocs()
	Load(t, s, old, other)
	before := Snapshot(t, s)

	res, err := s.Write(ctx, new)
	if !check(t, "Write(new version)", err) {
		return
	}
	if res.Status != graph.StatusReplaced || res.Replaced != "rp-old" {
		t.Errorf("Write(new version) = %+v, want replaced rp-old", res)
	}
	if got, want := stats(t, s), (graph.Stats{Documents: 2, Entities: 3, Relations: 2, Evidence: 2, Mentions: 4}); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
	docs, err := s.Documents(ctx, graph.DocumentQuery{})
	if check(t, "Documents", err) && !sameStrings(documentIDs(docs), []string{"rp-new", "rp-other"}) {
		t.Errorf("Documents = %v, want [rp-new rp-other]", documentIDs(docs))
	}

	// Facts only the old version stated are gone; the shared one keeps the other source.
	rels, err := s.Relations(ctx, graph.RelationQuery{})
	if check(t, "Relations", err) {
		want := sorted(rid("grupo-azul", graph.OperatesIn, "ciudad-uno"), rid("grupo-azul", graph.PartOf, "grupo-rojo"))
		if !sameStrings(relationIDs(rels), want) {
			t.Errorf("Relations = %v, want %v", relationIDs(rels), want)
		}
	}
	shared := relation(t, s, rid("grupo-azul", graph.OperatesIn, "ciudad-uno"))
	if got := evidenceDocs(shared.Evidence); !sameStrings(got, []string{"rp-other"}) {
		t.Errorf("shared fact's evidence from %v, want [rp-other]", got)
	}
	if !near(shared.Confidence, 0.7) {
		t.Errorf("shared fact's confidence = %v, want 0.7 (the remaining source only)", shared.Confidence)
	}
	for _, q := range []graph.RelationQuery{{Documents: []string{"rp-old"}}, {Subjects: []string{"grupo-rojo"}}} {
		if rs, err := s.Relations(ctx, q); check(t, "Relations", err) && len(rs) != 0 {
			t.Errorf("Relations(%+v) = %v, want none", q, relationIDs(rs))
		}
	}
	if ss, err := s.Statements(ctx, graph.StatementQuery{}); check(t, "Statements", err) && len(ss) != 0 {
		t.Errorf("Statements = %v, want none: only the old version quoted anyone", statementIDs(ss))
	}

	// Entities only the old version named are gone; the others lose its aliases.
	if e := entity(t, s, "pedro-solo"); e != nil {
		t.Errorf("pedro-solo still there: %+v", e)
	}
	if es, err := s.Lookup(ctx, "Pedro Solo"); check(t, "Lookup", err) && len(es) != 0 {
		t.Errorf("Lookup(Pedro Solo) = %v, want none", entityIDs(es))
	}
	if es, err := s.Lookup(ctx, "C. Uno"); check(t, "Lookup", err) && len(es) != 0 {
		t.Errorf("Lookup(C. Uno) = %v, want none: only the old version used that alias", entityIDs(es))
	}
	wantEnts := []*graph.Entity{
		{ID: "ciudad-uno", Name: "Ciudad Uno", Type: graph.Location, Aliases: []string{"Ciudad Uno"}},
		{ID: "grupo-rojo", Name: "Grupo Rojo", Type: graph.CriminalGroup, Aliases: []string{"Grupo Rojo", "Los Rojos"}},
	}
	if es, err := s.Entities(ctx, []string{"grupo-rojo", "ciudad-uno", "pedro-solo"}); check(t, "Entities", err) {
		if d := Diff(es, wantEnts); d != "" {
			t.Errorf("Entities after replacement: %s", d)
		}
	}
	ms, err := s.Mentions(ctx, []string{"grupo-rojo", "ciudad-uno"})
	if check(t, "Mentions", err) {
		want := []graph.Mention{
			{Document: "rp-other", Entity: "ciudad-uno", Count: 1},
			{Document: "rp-new", Entity: "grupo-rojo", Count: 2},
		}
		if d := Diff(ms, want); d != "" {
			t.Errorf("Mentions after replacement: %s", d)
		}
	}

	// Writing the old version back gives back what it gave.
	old, _, _ = replaceDocs()
	res, err = s.Write(ctx, old)
	if check(t, "Write(old version again)", err) && (res.Status != graph.StatusReplaced || res.Replaced != "rp-new") {
		t.Errorf("Write(old version again) = %+v, want replaced rp-new", res)
	}
	if d := before.Diff(Snapshot(t, s)); d != "" {
		t.Errorf("old version written back: contents differ from the first time: %s", d)
	}
}

func testIdempotent(t *testing.T, s graph.Store) {
	ctx := context.Background()
	Load(t, s, Fixtures()...)
	first := Snapshot(t, s)
	for _, x := range Fixtures() {
		res, err := s.Write(ctx, x)
		if check(t, "Write again", err) && res.Status != graph.StatusUnchanged {
			t.Errorf("Write(%s) again: status %s, want unchanged", x.Document.ID, res.Status)
		}
	}
	if d := first.Diff(Snapshot(t, s)); d != "" {
		t.Errorf("contents changed by writing the same documents again: %s", d)
	}
}

func testOrderIndependent(t *testing.T, open func(t *testing.T) graph.Store) {
	xs := Fixtures()
	orders := [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}}
	var first Contents
	for i, order := range orders {
		withStore(t, open, func(s graph.Store) {
			for _, j := range order {
				Load(t, s, xs[j])
			}
			c := Snapshot(t, s)
			if i == 0 {
				first = c
				if c.Stats != (graph.Stats{Documents: 3, Entities: 14, Relations: 18, Statements: 3, Evidence: 23, Mentions: 20}) {
					t.Errorf("Stats of the fixtures = %+v", c.Stats)
				}
				return
			}
			if d := first.Diff(c); d != "" {
				t.Errorf("order %v gives other contents than %v: %s", order, orders[0], d)
			}
		})
	}
}

// mergeDocs are four documents about one fact, in which sources agree and
// disagree.
func mergeDocs() []*graph.Extraction {
	doc := func(id string, title string, hpAlleged bool, hpConf float64, designDate string, designConf float64) *docBuilder {
		b := newDoc(graph.Document{ID: id, Source: "merge/" + id})
		b.entity(graph.Person, "Lucía Ortega")
		b.entity(graph.Country, "Mexico")
		b.entity(graph.CriminalGroup, "Grupo Rojo")
		e := ev(len(id), title+" Lucía Ortega spoke.", hpConf, "", graph.AttrTitle, title)
		e.Alleged = hpAlleged
		b.relate("lucia-ortega", graph.HoldsPosition, "mexico", e)
		if designDate != "" {
			b.relate("mexico", graph.Designated, "grupo-rojo", ev(100, "Mexico listed Grupo Rojo in "+designDate+".",
				designConf, designDate, graph.AttrDesignation, "terrorist organization"))
		}
		return b
	}
	m1 := doc("mg-1", "President of Mexico", true, 0.5, "2025", 0.5)
	m1.say("lucia-ortega", "Mexico is sovereign.", []string{"mexico"}, ev(200, `"Mexico is sovereign."`, 0.9, ""))
	m2 := doc("mg-2", "President", false, 0.5, "2025-02", 0.4)
	m2.say("lucia-ortega", "MEXICO IS SOVEREIGN", nil, ev(300, `"MEXICO IS SOVEREIGN"`, 0.8, ""))
	m3 := doc("mg-3", "President", false, 0.5, "", 0)
	m4 := doc("mg-4", "capital mayor", false, 0.5, "2025-03-01", 0.5)
	return []*graph.Extraction{m1.x, m2.x, m3.x, m4.x}
}

func testMerge(t *testing.T, s graph.Store) {
	hp := rid("lucia-ortega", graph.HoldsPosition, "mexico")
	des := rid("mexico", graph.Designated, "grupo-rojo")
	type want struct {
		docs       []string
		value      string // the title, or the date
		alleged    bool
		confidence float64
		conflict   []string // the conflicting values, sorted
	}
	steps := []struct {
		doc        string
		title, des want
	}{
		{"mg-1",
			want{[]string{"mg-1"}, "President of Mexico", true, 0.5, nil},
			want{[]string{"mg-1"}, "2025", false, 0.5, nil}},
		{"mg-2", // a tie goes to the first source; "President" is contained in the other title
			want{[]string{"mg-1", "mg-2"}, "President of Mexico", false, 0.75, nil},
			want{[]string{"mg-1", "mg-2"}, "2025", false, 0.7, nil}}, // 2025 and 2025-02 agree
		{"mg-3", // the majority wins
			want{[]string{"mg-1", "mg-2", "mg-3"}, "President", false, 0.875, nil},
			want{[]string{"mg-1", "mg-2"}, "2025", false, 0.7, nil}},
		{"mg-4",
			want{[]string{"mg-1", "mg-2", "mg-3", "mg-4"}, "President", false, 0.938,
				[]string{"President", "President of Mexico", "capital mayor"}},
			want{[]string{"mg-1", "mg-2", "mg-4"}, "2025", false, 0.85,
				[]string{"2025", "2025-02", "2025-03-01"}}},
	}
	docs := map[string]*graph.Extraction{}
	for _, x := range mergeDocs() {
		docs[x.Document.ID] = x
	}
	verify := func(step, what string, r *graph.Relation, attr string, w want) {
		t.Helper()
		value := r.Attributes[attr]
		if attr == graph.AttrDate && r.Date != value {
			t.Errorf("after %s: %s Date %q but Attributes[date] %q", step, what, r.Date, value)
		}
		if got := evidenceDocs(r.Evidence); !sameStrings(got, w.docs) {
			t.Errorf("after %s: %s evidence from %v, want %v", step, what, got, w.docs)
		}
		if value != w.value || r.Alleged != w.alleged || !near(r.Confidence, w.confidence) {
			t.Errorf("after %s: %s %s=%q alleged=%v confidence=%v, want %q %v %v",
				step, what, attr, value, r.Alleged, r.Confidence, w.value, w.alleged, w.confidence)
		}
		var conflict []string
		for _, c := range graph.Conflicts(r) {
			if c.Attribute != attr {
				t.Errorf("after %s: %s conflict on %s, want only on %s", step, what, c.Attribute, attr)
			}
			for _, v := range c.Values {
				conflict = append(conflict, v.Value)
			}
		}
		if !sameStrings(conflict, w.conflict) {
			t.Errorf("after %s: %s conflicting values %v, want %v", step, what, conflict, w.conflict)
		}
	}
	for _, st := range steps {
		Load(t, s, docs[st.doc])
		verify(st.doc, "HOLDS_POSITION", relation(t, s, hp), graph.AttrTitle, st.title)
		verify(st.doc, "DESIGNATED", relation(t, s, des), graph.AttrDate, st.des)
	}

	// The stored relation is exactly Summarize of the evidence of all four documents.
	sum := &graph.Relation{ID: hp, Subject: "lucia-ortega", Predicate: graph.HoldsPosition, Object: "mexico"}
	for _, x := range mergeDocs() {
		x.Normalize()
		for _, r := range x.Relations {
			if r.ID == hp {
				sum.Evidence = append(sum.Evidence, r.Evidence...)
			}
		}
	}
	graph.Summarize(sum)
	if d := Diff(relation(t, s, hp), sum); d != "" {
		t.Errorf("HOLDS_POSITION is not the summary of its four sources: %s", d)
	}

	// One quotation written two ways by two documents is one statement.
	ss, err := s.Statements(context.Background(), graph.StatementQuery{Speakers: []string{"lucia-ortega"}})
	if check(t, "Statements", err) {
		if len(ss) != 1 {
			t.Fatalf("Statements by lucia-ortega: %d, want 1", len(ss))
		}
		st := ss[0]
		if st.ID != graph.StatementID("lucia-ortega", "Mexico is sovereign.") || st.Text != "Mexico is sovereign." ||
			!sameStrings(st.About, []string{"mexico"}) || !sameStrings(evidenceDocs(st.Evidence), []string{"mg-1", "mg-2"}) {
			t.Errorf("merged statement = %+v, want text %q about [mexico] from [mg-1 mg-2]", st, "Mexico is sovereign.")
		}
	}
}

// namePair spells one person two ways.
func namePair() (plain, accented *graph.Extraction) {
	b := newDoc(graph.Document{ID: "nm-1", Source: "names/1"})
	b.entityID("nicolas-moreno", graph.Person, "Nicolas Moreno", "Moreno")
	plain = b.x
	b = newDoc(graph.Document{ID: "nm-2", Source: "names/2"})
	b.entityID("nicolas-moreno", graph.Person, "Nicolás Moreno", "N. Moreno")
	return plain, b.x
}

func testNamePreference(t *testing.T, open func(t *testing.T) graph.Store) {
	want := &graph.Entity{ID: "nicolas-moreno", Name: "Nicolás Moreno", Type: graph.Person,
		Aliases: []string{"Moreno", "N. Moreno", "Nicolas Moreno", "Nicolás Moreno"}}
	for _, accentedFirst := range []bool{false, true} {
		withStore(t, open, func(s graph.Store) {
			plain, accented := namePair()
			if accentedFirst {
				Load(t, s, accented, plain)
			} else {
				Load(t, s, plain, accented)
			}
			if d := Diff(entity(t, s, "nicolas-moreno"), want); d != "" {
				t.Errorf("accented spelling written first: %v: %s", accentedFirst, d)
			}
			es, err := s.Lookup(context.Background(), "nicolas moreno")
			if check(t, "Lookup", err) && !sameStrings(entityIDs(es), []string{"nicolas-moreno"}) {
				t.Errorf("Lookup(nicolas moreno) = %v", entityIDs(es))
			}
		})
	}
}

func testEntityType(t *testing.T, s graph.Store) {
	doc := func(id, source string, typ graph.Type) *graph.Extraction {
		b := newDoc(graph.Document{ID: id, Source: source})
		b.entity(typ, "Herrera")
		return b.x
	}
	steps := []struct {
		x    *graph.Extraction
		want graph.Type
	}{
		{doc("ty-1", "types/1", graph.Location), graph.Location},
		{doc("ty-2", "types/2", graph.Person), graph.Person}, // a tie goes to the earlier in graph.Types()
		{doc("ty-3", "types/3", graph.Location), graph.Location},
		{doc("ty-3b", "types/3", graph.Person), graph.Person}, // replaces ty-3
	}
	for _, st := range steps {
		Load(t, s, st.x)
		e := entity(t, s, "herrera")
		if e == nil || e.Type != st.want {
			t.Errorf("after %s: entity %+v, want type %s", st.x.Document.ID, e, st.want)
		}
		for _, typ := range []graph.Type{graph.Location, graph.Person} {
			es, err := s.Lookup(context.Background(), "Herrera", typ)
			if check(t, "Lookup", err) && (len(es) == 1) != (typ == st.want) {
				t.Errorf("after %s: Lookup(Herrera, %s) = %v", st.x.Document.ID, typ, entityIDs(es))
			}
		}
	}
}

func testInvalid(t *testing.T, s graph.Store) {
	Load(t, s, Fixtures()...)
	before := Snapshot(t, s)
	// base is a valid document that replaces DocGolfo1 if it gets written.
	base := func() *docBuilder {
		b := newDoc(graph.Document{ID: "bad", Source: fixtureSources + "golfo-1.txt", Name: "bad.txt"})
		b.entity(graph.Country, "Mexico")
		b.entity(graph.CriminalGroup, "Grupo Rojo")
		b.entity(graph.Person, "Pedro Solo")
		return b
	}
	fine := ev(0, "A sentence.", 0.5, "")
	cases := []struct {
		name string
		x    func() *graph.Extraction
	}{
		{"nil extraction", func() *graph.Extraction { return nil }},
		{"no document id", func() *graph.Extraction { b := base(); b.x.Document.ID = ""; return b.x }},
		{"unknown entity type", func() *graph.Extraction { b := base(); b.entity("Gang", "Los Otros"); return b.x }},
		{"entity without name", func() *graph.Extraction { b := base(); b.entity(graph.Location, ""); return b.x }},
		{"unknown predicate", func() *graph.Extraction { b := base(); b.relate("mexico", "LIKES", "grupo-rojo", fine); return b.x }},
		{"predicate between wrong types", func() *graph.Extraction {
			b := base()
			b.relate("grupo-rojo", graph.Designated, "pedro-solo", fine)
			return b.x
		}},
		{"relation to an entity the document does not name", func() *graph.Extraction {
			b := base()
			b.relate("mexico", graph.Designated, GolfoNorte, fine)
			return b.x
		}},
		{"relation without evidence", func() *graph.Extraction {
			b := base()
			b.relate("mexico", graph.Designated, "grupo-rojo")
			return b.x
		}},
		{"statement by a country", func() *graph.Extraction {
			b := base()
			b.say("mexico", "We said it.", nil, fine)
			return b.x
		}},
		{"statement about an unknown entity", func() *graph.Extraction {
			b := base()
			b.say("pedro-solo", "It is so.", []string{"nobody"}, fine)
			return b.x
		}},
		{"statement without evidence", func() *graph.Extraction {
			b := base()
			b.say("pedro-solo", "It is so.", nil)
			return b.x
		}},
		{"mention of an unknown entity", func() *graph.Extraction { b := base(); b.mention("nobody", 2); return b.x }},
	}
	for _, c := range cases {
		_, err := s.Write(context.Background(), c.x())
		wantKind(t, c.name, err, graph.Invalid)
		if d := before.Diff(Snapshot(t, s)); d != "" {
			t.Errorf("%s: contents changed by a rejected write: %s", c.name, d)
		}
	}
}

func testCancelled(t *testing.T, s graph.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Write(ctx, Fixtures()[0]); err == nil {
		t.Errorf("Write with a cancelled context: no error")
	}
	if got := stats(t, s); got != (graph.Stats{}) {
		t.Errorf("Stats after a cancelled write = %+v, want nothing", got)
	}
}

func testKeepsInput(t *testing.T, s graph.Store) {
	for _, x := range Fixtures() {
		before, _ := json.Marshal(x)
		Load(t, s, x)
		if after, _ := json.Marshal(x); string(after) != string(before) {
			t.Errorf("Write(%s) modified its argument", x.Document.ID)
		}
	}
}

// Values that break naively built queries: quotes, backticks, braces,
// parameters, Cypher keywords, backslashes, new lines, emoji.
const (
	oddPerson  = `O'Neil "El Jefe" Smith`
	oddGroup   = "Grupo {Llaves} `Backtick` $param; MATCH (n) DETACH DELETE n //"
	oddPlace   = "Línea\nNueva \\ Ruta 'x' 🙂"
	oddTitle   = "jefe `de` \"plaza\" {x} }{ ' \\ RETURN 1"
	oddText    = "¿Quién? \"MATCH\" {x} `y` 'z' \\ RETURN * // ${x}"
	oddSentece = "He said \"RETURN 1\"; `DROP` {a: 1} -- done\n\t${x} 'q'"
)

func testSpecialValues(t *testing.T, s graph.Store) {
	ctx := context.Background()
	doc := graph.Document{ID: "odd-{1}`'\"", Source: "odd/`MATCH` {x}.txt", Name: "odd 'x'.txt",
		Title: `"Quoted" {title} with 'single' and CREATE (x)`, Publisher: "Ünïcödé 🙂", Author: "O'Brien",
		URL: "https://example.org/a?b=1&c={2}#`x`", Published: "2025-01"}
	b := newDoc(doc)
	b.entity(graph.Person, oddPerson, `"El Jefe"`)
	b.entity(graph.CriminalGroup, oddGroup)
	b.entity(graph.Location, oddPlace)
	p, g, l := graph.Slug(oddPerson), graph.Slug(oddGroup), graph.Slug(oddPlace)
	b.relate(p, graph.Leads, g, ev(0, oddSentece, 0.5, "", graph.AttrTitle, oddTitle))
	b.relate(g, graph.OperatesIn, l, ev(60, oddText, 0.5, ""))
	b.say(p, oddText, []string{g, l}, ev(60, oddText, 0.5, ""))
	Load(t, s, b.x)

	es, err := s.Entities(ctx, []string{p, g, l})
	if check(t, "Entities", err) {
		want := []*graph.Entity{
			{ID: p, Name: oddPerson, Type: graph.Person, Aliases: sorted(oddPerson, `"El Jefe"`)},
			{ID: g, Name: oddGroup, Type: graph.CriminalGroup, Aliases: []string{oddGroup}},
			{ID: l, Name: oddPlace, Type: graph.Location, Aliases: []string{oddPlace}},
		}
		slices.SortFunc(want, func(a, b *graph.Entity) int { return strings.Compare(a.ID, b.ID) })
		if d := Diff(es, want); d != "" {
			t.Errorf("Entities with odd names: %s", d)
		}
	}
	r := relation(t, s, rid(p, graph.Leads, g))
	if len(r.Evidence) != 1 || r.Evidence[0].Sentence != oddSentece || r.Attributes[graph.AttrTitle] != oddTitle ||
		r.Evidence[0].Attributes[graph.AttrTitle] != oddTitle || r.Evidence[0].Document != doc.ID {
		t.Errorf("relation with odd values = %+v", r)
	}
	ss, err := s.Statements(ctx, graph.StatementQuery{Speakers: []string{p}})
	if check(t, "Statements", err) && (len(ss) != 1 || ss[0].Text != oddText || !sameStrings(ss[0].About, sorted(g, l))) {
		t.Errorf("statement with odd text = %+v", ss)
	}
	ds, err := s.Documents(ctx, graph.DocumentQuery{Sources: []string{doc.Source}})
	if check(t, "Documents", err) {
		if d := Diff(ds, []*graph.Document{&doc}); d != "" {
			t.Errorf("document with odd metadata: %s", d)
		}
	}
	for _, name := range []string{oddPerson, oddGroup, oddPlace} {
		es, err := s.Lookup(ctx, name)
		if check(t, "Lookup", err) && (len(es) != 1 || es[0].Name != name) {
			t.Errorf("Lookup(%q) = %v", name, entityIDs(es))
		}
		hits, err := s.Search(ctx, name, nil, 1)
		if check(t, "Search", err) && (len(hits) != 1 || hits[0].Entity.Name != name || hits[0].Score != 4) {
			t.Errorf("Search(%q) = %+v, want the entity with score 4", name, hits)
		}
	}
	page, err := s.FindEntities(ctx, graph.EntityQuery{NameContains: "{llaves} `backtick`"})
	if check(t, "FindEntities", err) && !sameStrings(entityIDs(page.Entities), []string{g}) {
		t.Errorf("FindEntities(NameContains with braces) = %v, want [%s]", entityIDs(page.Entities), g)
	}
}
