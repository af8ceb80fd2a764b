package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
	"github.com/cartelgraph/cartelgraph/server"
)

// TestGraphViewPage checks that /graph serves the bundled graph view, which
// loads nothing from outside the server, and links to the playground.
func TestGraphViewPage(t *testing.T) {
	ts := start(t, openFixtures(t), server.Options{APIKey: "s3cret"})
	for _, path := range []string{"/graph", "/graph?entity=" + graphtest.GolfoNorte} {
		page := checkPage(t, ts, path, `id="cy"`)
		for _, want := range []string{`src="graph.js"`, `href="graph.css"`, `href="./"`} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	}
	tests := []struct {
		path, location string
	}{
		{"/graph/", "../graph"},
		{"/graph/?entity=mexico&depth=2", "../graph?entity=mexico&depth=2"},
	}
	for _, tt := range tests {
		res, _ := fetch(t, ts, tt.path)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != tt.location {
			t.Errorf("%s: %d to %q, want %d to %q", tt.path, res.StatusCode, res.Header.Get("Location"), http.StatusMovedPermanently, tt.location)
		}
	}
}

// TestWebPins checks that web/package.json pins every package to one exact
// version, and that the lock file holds that version.
func TestWebPins(t *testing.T) {
	var pkg struct {
		Dependencies, DevDependencies map[string]string
	}
	var lock struct {
		Packages map[string]struct{ Version string }
	}
	for file, v := range map[string]any{"../web/package.json": &pkg, "../web/package-lock.json": &lock} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	exact := regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	deps := map[string]string{}
	for _, m := range []map[string]string{pkg.Dependencies, pkg.DevDependencies} {
		for name, version := range m {
			deps[name] = version
		}
	}
	if _, ok := deps["cytoscape"]; !ok {
		t.Error("web/package.json does not list cytoscape, which the graph view bundles")
	}
	for name, version := range deps {
		if !exact.MatchString(version) {
			t.Errorf("web/package.json: %s %q is not one exact version", name, version)
		}
		if got := lock.Packages["node_modules/"+name].Version; got != version {
			t.Errorf("web/package-lock.json: %s is %q, package.json pins %q", name, got, version)
		}
	}
}

// TestGraphViewOntology checks that the graph view knows the ontology's
// entity types and relation types, in its order (web/src/graph/ontology.js).
func TestGraphViewOntology(t *testing.T) {
	src, err := os.ReadFile("../web/src/graph/ontology.js")
	if err != nil {
		t.Fatal(err)
	}
	names := func(list string) []string {
		m := regexp.MustCompile(`(?s)export const ` + list + ` = \[(.*?)\];`).FindSubmatch(src)
		if m == nil {
			t.Fatalf("ontology.js has no %s", list)
		}
		var out []string
		for _, n := range regexp.MustCompile(`name: '([A-Za-z_]+)'`).FindAllSubmatch(m[1], -1) {
			out = append(out, string(n[1]))
		}
		return out
	}
	var types, predicates []string
	for _, ty := range graph.Types() {
		types = append(types, string(ty))
	}
	for _, rt := range graph.RelationTypes() {
		predicates = append(predicates, string(rt.Predicate))
	}
	if got := names("TYPES"); !slices.Equal(got, types) {
		t.Errorf("ontology.js TYPES %v, want %v", got, types)
	}
	if got := names("PREDICATES"); !slices.Equal(got, predicates) {
		t.Errorf("ontology.js PREDICATES %v, want %v", got, predicates)
	}
}

// TestGraphViewQueries runs the queries of the graph view
// (web/src/graph/api.js) against the fixtures: they must stay valid as the
// schema changes, and answer something.
func TestGraphViewQueries(t *testing.T) {
	src, err := os.ReadFile("../web/src/graph/api.js")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]map[string]any{
		"SEARCH":       {"query": "Golfo Norte"},
		"ENTITY_NAME":  {"id": graphtest.GolfoNorte},
		"NEIGHBORHOOD": {"id": graphtest.GolfoNorte, "depth": 3, "predicates": []string{"DESIGNATED", "PART_OF", "LEADS"}},
		"ENTITY":       {"id": graphtest.TomasHerrera},
		"RELATION":     {"subject": graphtest.UnitedStates, "predicate": "DESIGNATED", "object": graphtest.GolfoNorte},
	}
	queries := regexp.MustCompile("(?s)export const ([A-Z_]+) = `(.*?)`;").FindAllSubmatch(src, -1)
	if len(queries) != len(vars) {
		t.Errorf("api.js has %d queries, the test knows %d: give the new ones variables here", len(queries), len(vars))
	}
	ts := start(t, openFixtures(t), server.Options{})
	for _, q := range queries {
		name := string(q[1])
		t.Run(name, func(t *testing.T) {
			v, ok := vars[name]
			if !ok {
				t.Fatalf("no variables for %s", name)
			}
			body, _ := json.Marshal(map[string]any{"query": string(q[2]), "variables": v})
			a := post(t, ts, string(body))
			if len(a.Errors) > 0 || len(a.Data) != 1 {
				t.Fatalf("%+v %s", a.Errors, a.Data)
			}
			for field, v := range a.Data {
				if s := string(v); s == "null" || s == "[]" || s == "{}" {
					t.Errorf("%s answers %s over the fixtures", field, s)
				}
			}
		})
	}
}

// TestGraphViewBrowser drives the graph view in headless Chromium as an
// analyst would, with the mouse and the keyboard: it searches a group of the
// fixtures, picks it, checks that the drawn graph is the store's
// neighbourhood, clicks a node and an edge and checks that the side panel
// shows their documents, statements, sources and conflicts, expands a node,
// opens a deep link with a predicate filter, changes the depth and the filter,
// and saves screenshots to $ARTIFACTS (default tmp/artifacts). The page
// must report no error (no exception, no CSP violation) throughout.
func TestGraphViewBrowser(t *testing.T) {
	requireChromium(t)
	ctx := context.Background()
	store := openFixtures(t)
	ts := start(t, store, server.Options{})
	b := openCDP(t, 1440, 900)
	shots := artifactsDir(t)

	// Search the group by words of its name and pick it from the results.
	b.navigate(ts.URL + "/graph")
	b.waitFor("the graph view to start", "window.__cg")
	b.eval("window.__cg.idle()", nil)
	b.eval(`document.getElementById("q").focus()`, nil)
	b.typeText("Golfo Norte")
	hit := fmt.Sprintf(`document.querySelector('#results .hit[data-id="%s"]')`, graphtest.GolfoNorte)
	b.waitFor("the group among the search results", hit)
	b.clickElement(hit)
	b.eval("window.__cg.idle()", nil)
	wantDrawn(t, b, neighborhood(t, store, graphtest.GolfoNorte, 1))
	group := entity(t, store, graphtest.GolfoNorte)
	wantPanel(t, b, "the picked group", append([]string{group.Name, "CDGN"}, documentTitles(t, store, graph.DocumentQuery{Mentioning: []string{group.ID}})...))
	var url string
	b.eval("window.location.search", &url)
	if url != "?entity="+graphtest.GolfoNorte {
		t.Errorf("the address is ...%s, want a link to the drawn entity", url)
	}

	// Click a person: its type, aliases, documents and statements.
	b.clickGraph(graphtest.TomasHerrera)
	person := entity(t, store, graphtest.TomasHerrera)
	want := append([]string{person.Name, "Person"}, person.Aliases...)
	want = append(want, documentTitles(t, store, graph.DocumentQuery{Mentioning: []string{person.ID}})...)
	said, err := store.Statements(ctx, graph.StatementQuery{Speakers: []string{person.ID}})
	if err != nil || len(said) == 0 {
		t.Fatalf("statements by %s: %v %v", person.ID, said, err)
	}
	for _, s := range said {
		want = append(want, s.Text)
	}
	wantPanel(t, b, "a person's panel", want)
	b.eval("void window.__cg.cy.fit(undefined, 56)", nil)
	b.screenshot(filepath.Join(shots, "graph-view-entity.png"))

	// Click an edge: its sources (document, publisher, date, sentence) and
	// the conflict between them.
	designation := graph.RelationID(graphtest.UnitedStates, graph.Designated, graphtest.GolfoNorte)
	b.clickGraph(designation)
	rels, err := store.Relations(ctx, graph.RelationQuery{IDs: []string{designation}})
	if err != nil || len(rels) != 1 {
		t.Fatalf("the designation: %v %v", rels, err)
	}
	want = []string{"DESIGNATED", "Sources", "Conflicts"}
	var docs []string
	for _, ev := range rels[0].Evidence {
		want = append(want, ev.Sentence)
		docs = append(docs, ev.Document)
	}
	for _, d := range documents(t, store, graph.DocumentQuery{IDs: docs}) {
		want = append(want, d.Title, d.Publisher, d.Published)
	}
	conflicts := graph.Conflicts(rels[0])
	if len(conflicts) == 0 {
		t.Fatal("the fixtures' designation has no conflict to show")
	}
	for _, c := range conflicts {
		for _, v := range c.Values {
			want = append(want, v.Value)
		}
	}
	wantPanel(t, b, "the designation's panel", want)
	shot := filepath.Join(shots, "graph-view.png")
	b.eval("void window.__cg.cy.fit(undefined, 56)", nil)
	b.screenshot(shot)
	t.Logf("screenshots: %s, graph-view-entity.png", shot)

	// Expand a faction: its neighbourhood joins the graph.
	b.clickGraph(graphtest.Halcones)
	b.clickElement(`document.getElementById("expand")`)
	b.eval("window.__cg.idle()", nil)
	wantDrawn(t, b, union(neighborhood(t, store, graphtest.GolfoNorte, 1), neighborhood(t, store, graphtest.Halcones, 1)))
	b.eval("window.location.search", &url)
	if !strings.Contains(url, "expand="+graphtest.Halcones) {
		t.Errorf("the address is ...%s, want it to name the expanded entity", url)
	}

	// A deep link with a depth and a predicate filter.
	preds := []graph.Predicate{graph.OperatesIn, graph.PartOf}
	b.navigate(ts.URL + "/graph?entity=" + graphtest.Halcones + "&depth=2&predicates=OPERATES_IN,PART_OF")
	b.waitFor("the graph view to start", "window.__cg")
	b.eval("window.__cg.idle()", nil)
	wantDrawn(t, b, neighborhood(t, store, graphtest.Halcones, 2, preds...))
	var summary string
	b.eval(`document.getElementById("filter-summary").textContent`, &summary)
	if summary != fmt.Sprintf("Relations: 2 of %d", len(graph.RelationTypes())) {
		t.Errorf("the filter says %q", summary)
	}

	// The depth selector and the filter, as a user sets them.
	b.eval(`(() => { const s = document.getElementById("depth"); s.value = "3"; s.dispatchEvent(new Event("change")); })()`, nil)
	b.eval("window.__cg.idle()", nil)
	wantDrawn(t, b, neighborhood(t, store, graphtest.Halcones, 3, preds...))
	b.clickElement(`document.getElementById("filter-summary")`)
	b.clickElement(`[...document.querySelectorAll("#filter-list button")].find(e => e.textContent === "All")`)
	b.eval("window.__cg.idle()", nil)
	wantDrawn(t, b, neighborhood(t, store, graphtest.Halcones, 3))

	for _, p := range b.pageProblems() {
		t.Errorf("the page reported: %s", p)
	}
}

// TestGraphViewAPIKey opens a deep link on a server that requires an API
// key: the view asks for the key, and draws the graph once it is given.
func TestGraphViewAPIKey(t *testing.T) {
	requireChromium(t)
	store := openFixtures(t)
	ts := start(t, store, server.Options{APIKey: "s3cret"})
	b := openCDP(t, 1200, 800)
	b.navigate(ts.URL + "/graph?entity=" + graphtest.Valdoria)
	b.waitFor("the graph view to start", "window.__cg")
	b.eval("window.__cg.idle()", nil)
	b.waitFor("the view to ask for the key", `document.querySelector("#banner .key-form input")`)
	var drawn subgraph
	b.eval("window.__cg.drawn()", &drawn)
	if len(drawn.Nodes) != 0 {
		t.Errorf("drew %v without the key", drawn.Nodes)
	}
	b.clickElement(`document.querySelector("#banner .key-form input")`)
	b.typeText("s3cret")
	b.clickElement(`document.querySelector("#banner .key-form button")`)
	b.eval("window.__cg.idle()", nil)
	wantDrawn(t, b, neighborhood(t, store, graphtest.Valdoria, 1))
	var banner bool
	b.eval(`document.getElementById("banner").hidden`, &banner)
	if !banner {
		t.Error("the banner still shows once the key is given")
	}
	// The page reported the 401 answers as failed loads; nothing else.
	for _, p := range b.pageProblems() {
		if !strings.Contains(p, "401") {
			t.Errorf("the page reported: %s", p)
		}
	}
}

// clickElement clicks the middle of the element expr finds, with the mouse.
func (c *cdp) clickElement(expr string) {
	c.t.Helper()
	var p struct{ X, Y float64 }
	c.eval(`(() => { const e = `+expr+`; e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return {x: r.left + r.width/2, y: r.top + r.height/2}; })()`, &p)
	c.click(p.X, p.Y)
}

// clickGraph clicks a node or an edge of the graph with the mouse, once it
// is centred in the view (away from the legend), and waits for the side
// panel, failing when the click did not select it.
func (c *cdp) clickGraph(id string) {
	c.t.Helper()
	var p *struct{ X, Y float64 }
	c.eval(fmt.Sprintf(`(() => { const cg = window.__cg; cg.cy.center(cg.cy.getElementById(%q)); return cg.point(%[1]q); })()`, id), &p)
	if p == nil {
		c.t.Fatalf("%s is not drawn", id)
	}
	c.click(p.X, p.Y)
	c.eval("window.__cg.idle()", nil)
	var selected string
	c.eval(`window.__cg.state.selected ? window.__cg.state.selected.id : ""`, &selected)
	if selected != id {
		c.t.Fatalf("clicked %s at (%.0f, %.0f): %q is selected", id, p.X, p.Y, selected)
	}
}

// subgraph is what a graph shows: the IDs of its nodes and edges, sorted.
type subgraph struct {
	Nodes, Edges []string
}

func neighborhood(t *testing.T, s graph.Store, id string, depth int, preds ...graph.Predicate) subgraph {
	t.Helper()
	g, err := s.Neighborhood(context.Background(), id, depth, preds)
	if err != nil {
		t.Fatal(err)
	}
	var out subgraph
	for _, n := range g.Nodes {
		out.Nodes = append(out.Nodes, n.ID)
	}
	for _, e := range g.Edges {
		out.Edges = append(out.Edges, e.ID)
	}
	slices.Sort(out.Nodes)
	slices.Sort(out.Edges)
	return out
}

func union(a, b subgraph) subgraph {
	out := subgraph{Nodes: append(slices.Clone(a.Nodes), b.Nodes...), Edges: append(slices.Clone(a.Edges), b.Edges...)}
	slices.Sort(out.Nodes)
	slices.Sort(out.Edges)
	out.Nodes = slices.Compact(out.Nodes)
	out.Edges = slices.Compact(out.Edges)
	return out
}

// wantDrawn checks that the view draws exactly want.
func wantDrawn(t *testing.T, c *cdp, want subgraph) {
	t.Helper()
	if len(want.Nodes) < 2 || len(want.Edges) == 0 {
		t.Fatalf("the fixtures give a graph too small to test: %v", want)
	}
	var got subgraph
	c.eval("window.__cg.drawn()", &got)
	if !slices.Equal(got.Nodes, want.Nodes) || !slices.Equal(got.Edges, want.Edges) {
		t.Errorf("drawn %d nodes %v and %d edges, want %d nodes %v and %d edges",
			len(got.Nodes), got.Nodes, len(got.Edges), len(want.Nodes), want.Nodes, len(want.Edges))
	}
}

// wantPanel checks that the side panel shows every string of want.
func wantPanel(t *testing.T, c *cdp, what string, want []string) {
	t.Helper()
	var text string
	c.eval(`document.getElementById("panel").textContent`, &text)
	var missing []string
	for _, w := range want {
		if w != "" && !strings.Contains(text, w) {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s lacks %q; it reads:\n%s", what, missing, text)
	}
}

func entity(t *testing.T, s graph.Store, id string) *graph.Entity {
	t.Helper()
	es, err := s.Entities(context.Background(), []string{id})
	if err != nil || len(es) != 1 {
		t.Fatalf("entity %s: %v %v", id, es, err)
	}
	return es[0]
}

func documents(t *testing.T, s graph.Store, q graph.DocumentQuery) []*graph.Document {
	t.Helper()
	ds, err := s.Documents(context.Background(), q)
	if err != nil || len(ds) == 0 {
		t.Fatalf("documents %+v: %v %v", q, ds, err)
	}
	return ds
}

func documentTitles(t *testing.T, s graph.Store, q graph.DocumentQuery) []string {
	t.Helper()
	var out []string
	for _, d := range documents(t, s, q) {
		out = append(out, d.Title)
	}
	return out
}
