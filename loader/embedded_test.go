package loader

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
)

// TestLoadEmbedded runs the loader against the real default store: loading
// twice changes nothing, reopening the store gives the same graph, a changed
// file replaces its earlier version, and a new spelling of a stored entity
// resolves to it.
func TestLoadEmbedded(t *testing.T) {
	ctx := context.Background()
	dir, data := t.TempDir(), t.TempDir()
	writeFiles(t, dir, corpus())
	open := func() *embedded.Store {
		s, err := embedded.Open(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	store := open()
	l := &Loader{Store: store, Extractor: testExtractor(), Workers: 4}
	first, err := l.Load(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if first.Created != 5 || first.Failed != 1 || first.Stats.Documents != 5 || first.Stats.Entities != 4 || first.Stats.Relations != 2 {
		t.Errorf("first load %+v: want 5 created, 1 failed, 4 entities, 2 relations", first)
	}
	before := graphtest.Snapshot(t, store)
	second, err := l.Load(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.Unchanged != 5 || second.Created+second.Replaced != 0 || second.Stats != first.Stats {
		t.Errorf("second load %+v: want 5 unchanged and the same stats as %+v", second, first.Stats)
	}
	if after := graphtest.Snapshot(t, store); !reflect.DeepEqual(before, after) {
		t.Errorf("the second load changed the store")
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	store = open()
	defer store.Close()
	if reopened := graphtest.Snapshot(t, store); !reflect.DeepEqual(before, reopened) {
		t.Errorf("the store reads differently once reopened")
	}

	// A new version of a.txt no longer designates the Sinaloa Cartel.
	writeFiles(t, dir, map[string]string{
		"a.txt": "Title: Four groups listed\n\nThe United States designated the Tren de Aragua.\n",
	})
	l.Store = store
	third, err := l.Load(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if third.Replaced != 1 || third.Unchanged != 4 {
		t.Errorf("third load %+v: want 1 replaced, 4 unchanged", third)
	}
	rels, err := store.Relations(ctx, graph.RelationQuery{Predicates: []graph.Predicate{graph.Designated}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rels) != 1 || rels[0].Object != "tren-de-aragua" || len(rels[0].Evidence) != 2 {
		t.Errorf("designations %+v: want only the Tren de Aragua's, from a.txt and b.md", rels)
	}
	docs, err := store.Documents(ctx, graph.DocumentQuery{Sources: []string{filepath.Join(dir, "a.txt")}})
	if err != nil || len(docs) != 1 || docs[0].ID != graph.ContentID([]byte("Title: Four groups listed\n\nThe United States designated the Tren de Aragua.\n")) {
		t.Errorf("documents from a.txt: %v, %v; want the new version only", docs, err)
	}

	// Resolution against what is stored: another spelling of a stored entity
	// takes its ID; a name stored with another type gets an ID of its own.
	more := t.TempDir()
	writeFiles(t, more, map[string]string{
		"r1.txt": "Sinaloa Cartel|CriminalGroup|Cártel de Sinaloa\nJalisco|Location",
		"r2.txt": "Cartel de Sinaloa|CriminalGroup\nJalisco|Person",
	})
	l.Extractor = lineExtractor()
	if rep, err := l.Load(ctx, more); err != nil || rep.Created != 2 {
		t.Fatalf("Load: %+v, %v", rep, err)
	}
	ents, err := store.Entities(ctx, []string{"cartel-de-sinaloa", "jalisco", "jalisco-person", "sinaloa-cartel"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.ID+":"+string(e.Type)+":"+strings.Join(e.Aliases, ","))
	}
	want := []string{"jalisco:Location:Jalisco", "jalisco-person:Person:Jalisco", "sinaloa-cartel:CriminalGroup:Cartel de Sinaloa,Cártel de Sinaloa,Sinaloa Cartel"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entities\n %q,\nwant\n %q", got, want)
	}
}

// lineExtractor reads one entity per line of the text: "Name|Type|alias,alias".
func lineExtractor() Extractor {
	return extractFunc(func(ctx context.Context, doc graph.Document, text string) (*graph.Extraction, error) {
		x := &graph.Extraction{Document: doc}
		for line := range strings.Lines(text) {
			f := strings.Split(strings.TrimSpace(line), "|")
			e := graph.Entity{Name: f[0], Type: graph.Type(f[1])}
			if len(f) > 2 {
				e.Aliases = strings.Split(f[2], ",")
			}
			x.Entities = append(x.Entities, e)
		}
		return x, nil
	})
}
