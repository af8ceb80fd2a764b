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
