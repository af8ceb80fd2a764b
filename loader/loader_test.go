package loader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// corpus is a small folder of articles for the load tests; the test
// extractor finds the names of testExtractor in them.
func corpus() map[string]string {
	return map[string]string{
		"a.txt": "Title: Four groups listed\nDate: 2025-02-20\n\nThe United States designated the Sinaloa Cartel on Thursday.\nMexico objected.\n",
		"b.md":  "# Reaction\n\nThe United States designated the Tren de Aragua too.\nMexico said so.\n",
		"c.html": `<html><head><meta property="og:site_name" content="Herald"></head><body><article>
<p>The Sinaloa Cartel and Mexico were in the news.</p></article></body></html>`,
		"d.jsonl": `{"title": "one", "text": "Mexico met the United States."}` + "\n" +
			`{"title": "two", "text": "The Tren de Aragua grew."}` + "\n",
		"e.bin.txt": "binary\x00file",
	}
}

// readBack is what a store answers about its contents, for comparisons.
type readBack struct {
	Stats     graph.Stats
	Entities  []string
	Documents []*graph.Document
	Relations []*graph.Relation
}

func readStore(t *testing.T, s *memStore) readBack {
	t.Helper()
	ctx := context.Background()
	st, _ := s.Stats(ctx)
	docs, _ := s.Documents(ctx, graph.DocumentQuery{})
	rels, _ := s.Relations(ctx, graph.RelationQuery{})
	return readBack{st, s.names(), docs, rels}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, corpus())
	store := newMemStore()
	l := &Loader{Store: store, Extractor: testExtractor(), Workers: 3}
	rep, err := l.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Created: 5, Failed: 1, Entities: 11, Relations: 2,
		Stats: graph.Stats{Documents: 5, Entities: 4, Relations: 2, Evidence: 2, Mentions: 11}}
	errs := rep.Errors
	rep.Errors = nil
	if !reflect.DeepEqual(rep, want) {
		t.Errorf("report %+v,\nwant %+v", rep, want)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), filepath.Join(dir, "e.bin.txt")+":1: ") {
		t.Errorf("errors %v: want one naming e.bin.txt, line 1", errs)
	}
	got := readStore(t, store)
	wantEntities := []string{"mexico:Country", "sinaloa-cartel:CriminalGroup", "tren-de-aragua:CriminalGroup", "united-states:Country"}
	if !reflect.DeepEqual(got.Entities, wantEntities) {
		t.Errorf("entities %v, want %v", got.Entities, wantEntities)
	}
	var facts []string
	for _, r := range got.Relations {
		facts = append(facts, fmt.Sprintf("%s %s %s (%d)", r.Subject, r.Predicate, r.Object, len(r.Evidence)))
	}
	wantFacts := []string{"united-states DESIGNATED sinaloa-cartel (1)", "united-states DESIGNATED tren-de-aragua (1)"}
	if strings.Join(sortedCopy(facts), "; ") != strings.Join(wantFacts, "; ") {
		t.Errorf("relations %v, want %v", facts, wantFacts)
	}
	var meta []string
	for _, d := range got.Documents {
		meta = append(meta, d.Name+"|"+d.Title+"|"+d.Published+"|"+d.Publisher)
	}
	wantMeta := []string{"a.txt|Four groups listed|2025-02-20|", "b.md|Reaction||", "c.html|||Herald", "d.jsonl#1|one||", "d.jsonl#2|two||"}
	if strings.Join(sortedCopy(meta), "; ") != strings.Join(wantMeta, "; ") {
		t.Errorf("documents %v, want %v", sortedCopy(meta), wantMeta)
	}
	// The evidence points into the document's text.
	for _, r := range got.Relations {
		for _, e := range r.Evidence {
			if !strings.Contains(e.Sentence, "designated") || e.End-e.Start != len(e.Sentence) {
				t.Errorf("evidence %+v: not the sentence at its offsets", e)
			}
		}
	}
}

func sortedCopy(ss []string) []string {
	out := append([]string(nil), ss...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, corpus())
	store := newMemStore()
	l := &Loader{Store: store, Extractor: testExtractor()}
	first, err := l.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	before := readStore(t, store)
	second, err := l.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.Created != 0 || second.Replaced != 0 || second.Unchanged != first.Created || second.Failed != 1 || second.Entities != 0 {
		t.Errorf("second load %+v: want every document unchanged and nothing written", second)
	}
	if second.Stats != first.Stats {
		t.Errorf("stats %+v after the second load, %+v after the first", second.Stats, first.Stats)
	}
	if after := readStore(t, store); !reflect.DeepEqual(before, after) {
		t.Errorf("the second load changed the store:\n%+v\n%+v", before, after)
	}
}

func TestLoadReplacesChangedFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, corpus())
	store := newMemStore()
	l := &Loader{Store: store, Extractor: testExtractor()}
	if _, err := l.Load(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	// a.txt no longer names the Sinaloa Cartel as designated; c.html still mentions it.
	writeFiles(t, dir, map[string]string{"a.txt": "Title: Four groups listed\n\nMexico objected to the United States.\n"})
	var outcomes []string
	l.Progress = func(o Outcome) {
		if o.Err == nil {
			outcomes = append(outcomes, o.Document.Name+" "+string(o.Status))
		}
	}
	rep, err := l.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Replaced != 1 || rep.Unchanged != 4 || rep.Created != 0 {
		t.Errorf("report %+v: want 1 replaced, 4 unchanged", rep)
	}
	wantOutcomes := "a.txt replaced; b.md unchanged; c.html unchanged; d.jsonl#1 unchanged; d.jsonl#2 unchanged"
	if got := strings.Join(outcomes, "; "); got != wantOutcomes {
		t.Errorf("outcomes %s,\nwant %s", got, wantOutcomes)
	}
	got := readStore(t, store)
	if got.Stats.Documents != 5 || got.Stats.Relations != 1 || got.Relations[0].Object != "tren-de-aragua" {
		t.Errorf("after the replacement: %+v, relations %v; want 5 documents and only the Tren de Aragua designation", got.Stats, got.Relations)
	}
}

func TestLoadResolvesAgainstStore(t *testing.T) {
	ctx := context.Background()
	// Each step's extractor names entities in its own way; the store holds
	// what earlier steps wrote.
	ent := func(name string, typ graph.Type, aliases ...string) graph.Entity {
		return graph.Entity{ID: graph.Slug(name), Name: name, Type: typ, Aliases: aliases}
	}
	steps := []struct {
		name      string
		entities  []graph.Entity
		relation  [2]string // subject, object IDs as extracted
		wantIDs   []string  // the extraction's entity IDs once resolved
		wantFact  string    // the stored relation
		wantStats graph.Stats
	}{
		{"first", []graph.Entity{ent("United States", graph.Country), ent("Sinaloa Cartel", graph.CriminalGroup, "Cártel de Sinaloa"), ent("Jalisco", graph.Location)},
			[2]string{"united-states", "sinaloa-cartel"},
			[]string{"jalisco", "sinaloa-cartel", "united-states"}, "united-states DESIGNATED sinaloa-cartel", graph.Stats{Documents: 1, Entities: 3, Relations: 1}},
		{"alias", []graph.Entity{ent("U.S.", graph.Country, "United States"), ent("Cartel de Sinaloa", graph.CriminalGroup)},
			[2]string{"u-s", "cartel-de-sinaloa"},
			[]string{"sinaloa-cartel", "united-states"}, "united-states DESIGNATED sinaloa-cartel", graph.Stats{Documents: 2, Entities: 3, Relations: 1}},
		{"type clash", []graph.Entity{ent("Jalisco", graph.CriminalGroup), ent("Mexico", graph.Country)},
			[2]string{"mexico", "jalisco"},
			[]string{"jalisco-criminalgroup", "mexico"}, "mexico DESIGNATED jalisco-criminalgroup", graph.Stats{Documents: 3, Entities: 5, Relations: 2}},
		{"type clash again", []graph.Entity{ent("Jalisco", graph.CriminalGroup), ent("Mexico", graph.Country)},
			[2]string{"mexico", "jalisco"},
			[]string{"jalisco-criminalgroup", "mexico"}, "mexico DESIGNATED jalisco-criminalgroup", graph.Stats{Documents: 4, Entities: 5, Relations: 2}},
	}
	store := newMemStore()
	for i, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			x := &graph.Extraction{
				Document: graph.Document{ID: fmt.Sprintf("doc%d", i), Name: step.name, Source: step.name},
				Entities: step.entities,
				Relations: []graph.Relation{{Subject: step.relation[0], Predicate: graph.Designated, Object: step.relation[1],
					Evidence: []graph.Evidence{{Sentence: "s", Confidence: 1}}}},
			}
			x.Normalize()
			if err := Resolve(ctx, store, x); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range x.Entities {
				ids = append(ids, e.ID)
			}
			if !reflect.DeepEqual(ids, step.wantIDs) {
				t.Errorf("resolved IDs %v, want %v", ids, step.wantIDs)
			}
			if len(x.Mentions) != len(step.wantIDs) || x.Mentions[0].Entity != step.wantIDs[0] {
				t.Errorf("mentions %+v do not follow the entities %v", x.Mentions, step.wantIDs)
			}
			if _, err := store.Write(ctx, x); err != nil {
				t.Fatal(err)
			}
			st, _ := store.Stats(ctx)
			st.Evidence, st.Mentions = 0, 0
			if st != step.wantStats {
				t.Errorf("stats %+v, want %+v", st, step.wantStats)
			}
			rels, _ := store.Relations(ctx, graph.RelationQuery{})
			var facts []string
			for _, r := range rels {
				facts = append(facts, r.Subject+" "+string(r.Predicate)+" "+r.Object)
			}
			if !strings.Contains(strings.Join(facts, "; "), step.wantFact) {
				t.Errorf("relations %v, want %s among them", facts, step.wantFact)
			}
		})
	}
}

func TestResolveStatements(t *testing.T) {
	ctx := context.Background()
	store := newMemStore()
	first := &graph.Extraction{
		Document: graph.Document{ID: "d1", Source: "d1"},
		Entities: []graph.Entity{{Name: "Claudia Sheinbaum", Type: graph.Person, Aliases: []string{"Sheinbaum"}}},
	}
	first.Normalize()
	if _, err := store.Write(ctx, first); err != nil {
		t.Fatal(err)
	}
	x := &graph.Extraction{
		Document: graph.Document{ID: "d2", Source: "d2"},
		Entities: []graph.Entity{{Name: "Sheinbaum", Type: graph.Person}, {Name: "Mexico", Type: graph.Country}},
		Statements: []graph.Statement{{Speaker: "sheinbaum", Text: "No foreign troops.", About: []string{"mexico", "sheinbaum"},
			Evidence: []graph.Evidence{{Sentence: "No foreign troops.", Confidence: 1}}}},
	}
	x.Normalize()
	if err := Resolve(ctx, store, x); err != nil {
		t.Fatal(err)
	}
	s := x.Statements[0]
	if s.Speaker != "claudia-sheinbaum" || !reflect.DeepEqual(s.About, []string{"claudia-sheinbaum", "mexico"}) ||
		s.ID != graph.StatementID("claudia-sheinbaum", "No foreign troops.") {
		t.Errorf("statement %+v: want it remapped to claudia-sheinbaum", s)
	}
}

func TestLoadDeterministic(t *testing.T) {
	dir := t.TempDir()
	files := corpus()
	for i := range 40 {
		files[fmt.Sprintf("more/%02d.txt", i)] = fmt.Sprintf("Article %d. The United States designated the Tren de Aragua.\nMexico %d.", i, i%3)
	}
	writeFiles(t, dir, files)
	var reads []readBack
	for _, workers := range []int{1, 2, 8} {
		store := newMemStore()
		l := &Loader{Store: store, Extractor: testExtractor(), Workers: workers}
		if _, err := l.Load(context.Background(), dir); err != nil {
			t.Fatal(err)
		}
		reads = append(reads, readStore(t, store))
	}
	for i := 1; i < len(reads); i++ {
		if !reflect.DeepEqual(reads[0], reads[i]) {
			t.Errorf("the store differs with another number of workers:\n%+v\n%+v", reads[0].Stats, reads[i].Stats)
		}
	}
}

// failingExtractor fails, panics or returns an invalid extraction for some
// documents, and extracts the others with testExtractor.
type failingExtractor struct{}

func (failingExtractor) Extract(ctx context.Context, doc graph.Document, text string) (*graph.Extraction, error) {
	switch {
	case strings.Contains(text, "FAIL"):
		return nil, errors.New("cannot read this one")
	case strings.Contains(text, "PANIC"):
		panic("boom")
	case strings.Contains(text, "INVALID"):
		return &graph.Extraction{Document: doc, Relations: []graph.Relation{{Subject: "a", Predicate: graph.Designated, Object: "b",
			Evidence: []graph.Evidence{{Sentence: "x", Confidence: 1}}}}}, nil
	}
	return testExtractor().Extract(ctx, doc, text)
}

func TestLoadFailuresDoNotStopTheRest(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"1.txt": "Mexico.", "2.txt": "FAIL", "3.txt": "PANIC", "4.txt": "INVALID", "5.txt": "Mexico and the United States.",
	})
	store := newMemStore()
	rep, err := (&Loader{Store: store, Extractor: failingExtractor{}, Workers: 2}).Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || rep.Failed != 3 || len(rep.Errors) != 3 {
		t.Fatalf("report %+v: want 2 created, 3 failed", rep)
	}
	for i, want := range []string{"2.txt: loader.extract: cannot read this one", "3.txt: loader.extract: the extractor panicked: boom", "4.txt: loader.extract: 4.txt: graph.Validate"} {
		if !strings.Contains(rep.Errors[i].Error(), filepath.Join(dir, want)) {
			t.Errorf("error %q: want it to contain %q", rep.Errors[i], want)
		}
	}
	if got := store.sources(); !reflect.DeepEqual(got, []string{filepath.Join(dir, "1.txt"), filepath.Join(dir, "5.txt")}) {
		t.Errorf("stored %v, want 1.txt and 5.txt", got)
	}
}

// downStore is a store whose database has gone away.
type downStore struct{ *memStore }

func (downStore) Write(ctx context.Context, x *graph.Extraction) (graph.WriteResult, error) {
	return graph.WriteResult{}, graph.E(graph.Op("test.Write"), graph.Unavailable, "connection refused")
}

func TestLoadStopsWhenStoreUnavailable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, corpus())
	_, err := (&Loader{Store: downStore{newMemStore()}, Extractor: testExtractor()}).Load(context.Background(), dir)
	if graph.KindOf(err) != graph.Unavailable {
		t.Errorf("Load = %v, want an Unavailable error", err)
	}
}

func TestLoadCancel(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 200 {
		files[fmt.Sprintf("%03d.txt", i)] = fmt.Sprintf("Mexico %d.", i)
	}
	writeFiles(t, dir, files)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store := newMemStore()
	l := &Loader{Store: store, Extractor: testExtractor(), Workers: 4}
	n := 0
	l.Progress = func(Outcome) {
		if n++; n == 10 {
			cancel()
		}
	}
	rep, err := l.Load(ctx, dir)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load = %v, want context.Canceled", err)
	}
	if rep.Created < 10 || rep.Created >= 200 {
		t.Errorf("created %d documents: want the load stopped soon after 10", rep.Created)
	}
}

// countingExtractor counts the documents between extraction and Progress.
type countingExtractor struct {
	mu            sync.Mutex
	live, maxLive int
}

func (c *countingExtractor) Extract(ctx context.Context, doc graph.Document, text string) (*graph.Extraction, error) {
	c.mu.Lock()
	c.live++
	c.maxLive = max(c.maxLive, c.live)
	c.mu.Unlock()
	return &graph.Extraction{Document: doc, Entities: []graph.Entity{{Name: "Mexico", Type: graph.Country}}}, nil
}

func (c *countingExtractor) done() {
	c.mu.Lock()
	c.live--
	c.mu.Unlock()
}

func TestLoadTenThousandFilesStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 files")
	}
	dir := t.TempDir()
	for i := range 10000 {
		sub := filepath.Join(dir, fmt.Sprintf("%02d", i%100))
		if i < 100 {
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%05d.txt", i)), fmt.Appendf(nil, "Article number %d about Mexico.", i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const workers = 4
	ex := &countingExtractor{}
	store := newMemStore()
	var progress atomic.Int64
	l := &Loader{Store: store, Extractor: ex, Workers: workers, Progress: func(Outcome) {
		progress.Add(1)
		ex.done()
	}}
	rep, err := l.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 10000 || rep.Failed != 0 || rep.Stats.Documents != 10000 || rep.Stats.Entities != 1 || rep.Stats.Mentions != 10000 || progress.Load() != 10000 {
		t.Errorf("report %+v, progress %d: want 10,000 documents created", rep, progress.Load())
	}
	// Documents are extracted only as fast as they are written: never more
	// than the pipeline's window in memory.
	if ex.maxLive > 4*workers+workers {
		t.Errorf("%d documents were in memory at once, want at most %d", ex.maxLive, 5*workers)
	}
}

func TestLoadExtraction(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.json")
	writeFiles(t, dir, map[string]string{"x.json": `{"documents": [
  {"document": "one.txt",
   "entities": [{"name": "United States", "type": "Country"}, {"name": "Sinaloa Cartel", "type": "CriminalGroup", "aliases": ["Cártel de Sinaloa"]}],
   "relations": [{"subject": "United States", "predicate": "DESIGNATED", "object": "Cártel de Sinaloa",
                  "attributes": {"designation": "Foreign Terrorist Organization", "date": "2025-02-20", "sentence": "The U.S. listed it."}}],
   "statements": []},
  {"document": "two.txt",
   "entities": [{"name": "Cartel de Sinaloa", "type": "CriminalGroup"}, {"name": "Mexico", "type": "Country"}],
   "relations": [{"subject": "Mexico", "predicate": "OPERATES_IN", "object": "Cartel de Sinaloa"}]},
  {"document": "three.txt",
   "entities": [{"name": "Mexico", "type": "Country"}, {"name": "Cartel de Sinaloa", "type": "CriminalGroup"}],
   "relations": [{"subject": "Cartel de Sinaloa", "predicate": "OPERATES_IN", "object": "Mexico"}]}
]}`})
	store := newMemStore()
	l := &Loader{Store: store}
	rep, err := l.LoadExtraction(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || rep.Failed != 1 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), "x.json#two.txt") ||
		!strings.Contains(rep.Errors[0].Error(), "OPERATES_IN cannot go from a Country to a CriminalGroup") {
		t.Errorf("report %+v: want 2 created, two.txt failed naming the relation", rep)
	}
	if got := store.names(); !reflect.DeepEqual(got, []string{"mexico:Country", "sinaloa-cartel:CriminalGroup", "united-states:Country"}) {
		t.Errorf("entities %v: want cartel-de-sinaloa resolved to sinaloa-cartel", got)
	}
	if got := store.sources(); !reflect.DeepEqual(got, []string{file + "#one.txt", file + "#three.txt"}) {
		t.Errorf("sources %v", got)
	}
	again, err := l.LoadExtraction(context.Background(), file)
	if err != nil || again.Unchanged != 2 || again.Created != 0 {
		t.Errorf("second load: %+v, %v; want 2 unchanged", again, err)
	}
	writeFiles(t, dir, map[string]string{"bad.json": "{\"documents\": [\n  {\"document\": 5}\n]}"})
	_, err = l.LoadExtraction(context.Background(), filepath.Join(dir, "bad.json"))
	if err == nil || !strings.Contains(err.Error(), "bad.json") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("LoadExtraction(bad.json) = %v, want an error naming the file and line 2", err)
	}
}
