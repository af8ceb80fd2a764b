package neo4j

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// randomEvidence returns the evidence a few documents give of one fact:
// values drawn from small pools, so that documents agree, disagree and tie,
// some at one offset of one document with different sentences.
func randomEvidence(rng *rand.Rand) map[string][]graph.Evidence {
	dates := []string{"", "2025", "2025-02", "2025-02-20"}
	titles := []string{"", "leader", "founder", "President"}
	confs := []float64{0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 1, 0.333}
	byDoc := map[string][]graph.Evidence{}
	for d := range 1 + rng.Intn(6) {
		doc := fmt.Sprintf("doc-%d", rng.Intn(100)+d*100)
		var ev []graph.Evidence
		for k := range 1 + rng.Intn(3) {
			start := rng.Intn(6) * 10
			e := graph.Evidence{Document: doc, Sentence: fmt.Sprintf("s%d-%d", k, rng.Intn(2)), Start: start,
				Date: dates[rng.Intn(len(dates))], Confidence: confs[rng.Intn(len(confs))], Alleged: rng.Intn(3) == 0}
			if t := titles[rng.Intn(len(titles))]; t != "" {
				e.Attributes = map[string]string{graph.AttrTitle: t}
			}
			ev = append(ev, e)
		}
		graph.SortEvidence(ev)
		byDoc[doc] = ev
	}
	return byDoc
}

// TestFactState checks that the state kept on a fact, filled one document
// at a time in any order, gives the summary graph.Summarize gives, or says
// it cannot; and that the state derived from all the evidence is the same.
func TestFactState(t *testing.T) {
	undecided := 0
	for seed := range 3000 {
		rng := rand.New(rand.NewSource(int64(seed)))
		byDoc := randomEvidence(rng)
		var all []graph.Evidence
		docs := sortedKeys(byDoc)
		for _, d := range docs {
			all = append(all, byDoc[d]...)
		}
		r := &graph.Relation{Evidence: all}
		graph.Summarize(r)
		want := summary(r)

		st := newFactState()
		rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
		for _, d := range docs {
			st.add(d, byDoc[d])
		}
		got, ok := st.summary()
		if !ok {
			undecided++
		} else if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: summary from the state\n%v\nwant (Summarize)\n%v\nevidence %+v", seed, got, want, all)
		}
		full := factStateOf(r.Evidence)
		if !reflect.DeepEqual(full.votes, st.votes) || full.sources != st.sources || full.alleged != st.alleged {
			t.Fatalf("seed %d: state added in another order differs: %+v, %+v", seed, full, st)
		}
		// The state survives the round trip through the properties.
		p, err := st.props(map[string]any{"sources": int64(st.sources), "alleged": st.sources > 0 && st.alleged})
		if err != nil {
			t.Fatal(err)
		}
		back, ok := readFactState(p)
		if !ok || !reflect.DeepEqual(back, st) {
			t.Fatalf("seed %d: state read back %+v, want %+v", seed, back, st)
		}
	}
	if undecided == 0 || undecided > 3000/10 {
		t.Errorf("the state could not decide %d summaries of 3000: want a few (ties at one offset exist)", undecided)
	}
}

// TestEntityState checks the entity derived from its state: the best name,
// the union of the aliases, the majority type with ties to the earlier
// type, whatever the order of the documents.
func TestEntityState(t *testing.T) {
	docs := []graph.Entity{
		{Name: "Cartel del Golfo", Type: graph.CriminalGroup, Aliases: []string{"CDG"}},
		{Name: "Cártel del Golfo", Type: graph.Organization},
		{Name: "CDG", Type: graph.Organization, Aliases: []string{"Golfo"}},
		{Name: "Cartel del golfo", Type: graph.CriminalGroup},
	}
	want := graph.Entity{ID: "cdg", Name: "Cártel del Golfo", Type: graph.CriminalGroup,
		Aliases: []string{"CDG", "Cartel del Golfo", "Cartel del golfo", "Cártel del Golfo", "Golfo"}}
	if slices.Index(graph.Types(), graph.Organization) < slices.Index(graph.Types(), graph.CriminalGroup) {
		want.Type = graph.Organization // two votes each: the earlier type
	}
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}} {
		var st entityState
		for _, i := range order {
			e := docs[i]
			e.Aliases = graph.Aliases(e.Name, e.Aliases)
			st.add(e)
		}
		got, p, err := st.props("cdg")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("order %v: entity %+v, want %+v", order, got, want)
		}
		back, ok := readEntityState(map[string]any{"name": p["name"], "aliases": p["aliases"], "typeVotes": p["typeVotes"]})
		if !ok || !reflect.DeepEqual(*back, st) {
			t.Errorf("order %v: state read back %+v, want %+v", order, back, st)
		}
	}
}
