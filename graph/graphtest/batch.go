package graphtest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// batchDocs are two batches of documents that exercise what WriteBatch
// must do as Write does one after the other: the same document twice, two
// versions of one source in one batch (and the first version back), the
// replacement of a document written earlier in the batch and of one written
// by an earlier batch, documents that agree and disagree on a fact, and
// invalid documents among valid ones. Fresh on each call.
func batchDocs() [][]*graph.Extraction {
	old, other, newer := replaceDocs()
	oldAgain, _, _ := replaceDocs()
	merge := mergeDocs()
	fx := Fixtures()
	noEvidence := newDoc(graph.Document{ID: "bt-bad", Source: "feeds/bad.txt"})
	noEvidence.entity(graph.Country, "Mexico").entity(graph.CriminalGroup, "Grupo Rojo")
	noEvidence.relate("mexico", graph.Designated, "grupo-rojo")
	return [][]*graph.Extraction{
		{
			old, other, merge[0], merge[1],
			nil,
			place("bt-a", "feeds/one.txt", "Alpha"),
			place("bt-a", "feeds/one.txt", "Alpha"), // unchanged
			newer,                                   // replaces rp-old, written earlier in the batch
			noEvidence.x,
			place("bt-a2", "feeds/one.txt", "Alpha Two"), // replaces bt-a
			merge[2], fx[0], fx[1], fx[2],
			place("bt-a", "feeds/one.txt", "Alpha"), // the first version back
			oldAgain,                                // replaces rp-new
		},
		{
			merge[3],
			Fixtures()[1], // unchanged
			place("bt-a2", "feeds/other.txt", "Alpha Two"),
			place("bt-c", "", "Gamma"),
		},
	}
}

// testWriteBatch checks a graph.BatchWriter: WriteBatch gives the results
// and the contents that Write gives one document after the other, whatever
// the size of the batches; an invalid document fails alone; the input is
// left as it was.
func testWriteBatch(t *testing.T, open func(t *testing.T) graph.Store) {
	type outcome struct {
		Status   graph.Status
		Replaced string
		Kind     graph.Kind
		Failed   bool
	}
	outcomeOf := func(res graph.WriteResult, err error) outcome {
		if err != nil {
			return outcome{Kind: graph.KindOf(err), Failed: true}
		}
		return outcome{Status: res.Status, Replaced: res.Replaced}
	}

	// One Write after the other.
	var want []outcome
	var wantContents Contents
	supported := true
	withStore(t, open, func(s graph.Store) {
		if _, ok := s.(graph.BatchWriter); !ok {
			supported = false
			return
		}
		for _, batch := range batchDocs() {
			for _, x := range batch {
				want = append(want, outcomeOf(s.Write(context.Background(), x)))
			}
		}
		wantContents = Snapshot(t, s)
	})
	if !supported {
		t.Skip("the store is not a graph.BatchWriter")
	}
	if wantContents.Stats.Documents == 0 {
		t.Fatal("the sequential writes stored nothing: the test would prove little")
	}

	for _, size := range []int{0, 1, 3} { // 0: the batches as batchDocs gives them
		t.Run(fmt.Sprintf("size=%d", size), func(t *testing.T) {
			withStore(t, open, func(s graph.Store) {
				ctx := context.Background()
				bw := s.(graph.BatchWriter)
				if out := bw.WriteBatch(ctx, nil); len(out) != 0 {
					t.Errorf("WriteBatch(nil) = %v, want no results", out)
				}
				var batches [][]*graph.Extraction
				for _, b := range batchDocs() {
					for size > 0 && len(b) > size {
						batches, b = append(batches, b[:size]), b[size:]
					}
					batches = append(batches, b)
				}
				var got []outcome
				for _, b := range batches {
					before, _ := json.Marshal(b)
					out := bw.WriteBatch(ctx, b)
					if after, _ := json.Marshal(b); string(after) != string(before) {
						t.Errorf("WriteBatch modified its argument")
					}
					if len(out) != len(b) {
						t.Fatalf("WriteBatch of %d documents gave %d results", len(b), len(out))
					}
					for i, r := range out {
						if (r.Err == nil) != (r.Status != "") {
							t.Errorf("WriteBatch result %d = %+v: want a status or an error", i, r)
						}
						got = append(got, outcomeOf(r.WriteResult, r.Err))
					}
				}
				for i := range max(len(got), len(want)) {
					var g, w outcome
					if i < len(got) {
						g = got[i]
					}
					if i < len(want) {
						w = want[i]
					}
					if g != w {
						t.Errorf("document %d: WriteBatch gives %+v, Write %+v", i, g, w)
					}
				}
				if d := Snapshot(t, s).Diff(wantContents); d != "" {
					t.Errorf("WriteBatch gives other contents than Write: %s", d)
				}
			})
		})
	}
}

// ResolveDocs returns documents whose entities resolve (loader.Resolve)
// against those of the documents before them, fresh on each call, for the
// tests of loaders that batch their writes: a later document names an entity
// by an alias an earlier one gave it, or by a name an earlier one gave an
// entity of another type; a new version of a source drops an alias that a
// later document then uses; a document comes twice; one is invalid.
// Written one after the other in order, with loader.Resolve before each,
// they give one graph, which a batched load must give too, whatever the
// size of its batches.
func ResolveDocs() []*graph.Extraction {
	var xs []*graph.Extraction
	doc := func(id, source string) *docBuilder {
		b := newDoc(graph.Document{ID: id, Source: source, Title: id})
		xs = append(xs, b.x)
		return b
	}
	line := func(n int) graph.Evidence { return ev(n*10, fmt.Sprintf("Sentence %d.", n), 0.5, "") }

	doc("rs-1", "rs/1").entity(graph.CriminalGroup, "Cártel del Golfo", "CDG").entity(graph.Country, "Mexico").
		relate("cartel-del-golfo", graph.OperatesIn, "mexico", line(1))
	// "CDG" is the Cártel del Golfo of rs-1.
	doc("rs-2", "rs/2").entity(graph.CriminalGroup, "CDG").entity(graph.Person, "Jalisco").
		relate("jalisco", graph.Leads, "cdg", line(2))
	// "Jalisco" the person of rs-2 is not the place: jalisco-location.
	doc("rs-3", "rs/3").entity(graph.Location, "Jalisco").entity(graph.CriminalGroup, "Golfo", "CDG").
		relate("golfo", graph.OperatesIn, "jalisco", line(3))
	// A version of source rs/4 that names Grupo Rojo "Los Rojos", then one
	// that does not: "Los Rojos" of rs-5 is then an entity of its own.
	doc("rs-4a", "rs/4").entity(graph.CriminalGroup, "Grupo Rojo", "Los Rojos").entity(graph.Country, "Mexico").
		relate("grupo-rojo", graph.OperatesIn, "mexico", line(4))
	doc("rs-4b", "rs/4").entity(graph.CriminalGroup, "Grupo Rojo").entity(graph.Country, "Mexico").
		relate("grupo-rojo", graph.OperatesIn, "mexico", line(5))
	doc("rs-5", "rs/5").entity(graph.CriminalGroup, "Los Rojos").entity(graph.Location, "Jalisco").
		relate("los-rojos", graph.OperatesIn, "jalisco", line(6))
	xs = append(xs, place("rs-1", "rs/1-copy", "Elsewhere")) // rs-1 again, elsewhere: unchanged all the same
	doc("rs-bad", "rs/bad").entity(graph.Country, "Mexico").entity(graph.CriminalGroup, "Grupo Azul", "GA").
		relate("mexico", graph.Designated, "grupo-azul") // no evidence: invalid
	// "Bravo" the agency is bravo-agency; "Delta" the agency is
	// delta-agency, which is also the ID of the organisation "Delta
	// Agency": two documents give delta-agency two types, which tie, and
	// the type that wins decides what "DLT", alias "Delta", is.
	doc("rs-6", "rs/6").entity(graph.Organization, "Bravo")
	doc("rs-7", "rs/7").entity(graph.Agency, "Bravo")
	doc("rs-8", "rs/8").entity(graph.Organization, "Bravo", "Los Bravo").entity(graph.Agency, "Bravo Agency", "Bravo")
	doc("rs-9", "rs/9").entity(graph.Organization, "Delta").entity(graph.Organization, "Delta Agency")
	doc("rs-10", "rs/10").entity(graph.Agency, "Delta")
	doc("rs-11", "rs/11").entity(graph.Agency, "DLT", "Delta") // the agency delta-agency, once the tie is known
	// "Elsewhere" is the name rs-1 gives a place in its second version,
	// which is not written: rs-1 is stored already.
	doc("rs-12", "rs/12").entity(graph.Location, "Somewhere", "Elsewhere")
	// "GA" is a name only the invalid rs-bad gave: an entity of its own.
	doc("rs-13", "rs/13").entity(graph.CriminalGroup, "GA")
	return xs
}

// testLookupBatch checks a graph.BatchLookuper on the fixtures: LookupBatch
// answers for each name what Lookup does, in order, names without a Key and
// unknown names included.
func testLookupBatch(t *testing.T, s graph.Store) {
	bl, ok := s.(graph.BatchLookuper)
	if !ok {
		t.Skip("the store is not a graph.BatchLookuper")
	}
	ctx := context.Background()
	names := []string{"", "nobody", "  ¡CDGN!  ", "the United States", "Herrera", "cartel del golfo norte", "Herrera"}
	page, err := s.FindEntities(ctx, graph.EntityQuery{Sort: graph.SortByID})
	if !check(t, "FindEntities", err) {
		return
	}
	for _, e := range page.Entities {
		names = append(names, e.Name)
		names = append(names, e.Aliases...)
	}
	got, err := bl.LookupBatch(ctx, names)
	if !check(t, "LookupBatch", err) {
		return
	}
	if len(got) != len(names) {
		t.Fatalf("LookupBatch of %d names gave %d answers", len(names), len(got))
	}
	found := 0
	for i, name := range names {
		want, err := s.Lookup(ctx, name)
		if !check(t, "Lookup", err) {
			return
		}
		found += len(want)
		if d := Diff(got[i], want); d != "" {
			t.Errorf("LookupBatch: the answer for %q differs from Lookup's: %s", name, d)
		}
	}
	if found < len(page.Entities) {
		t.Errorf("the look-ups found %d entities, want at least %d: the test proves little", found, len(page.Entities))
	}
	if out, err := bl.LookupBatch(ctx, nil); err != nil || len(out) != 0 {
		t.Errorf("LookupBatch(nil) = %v, %v, want nothing", out, err)
	}
}
