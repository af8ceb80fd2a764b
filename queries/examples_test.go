package queries

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cartelgraph/cartelgraph/loader"
	"github.com/cartelgraph/cartelgraph/loader/extract"
)

// TestGoldenExamples runs every report over the project's examples/, read by
// the loader and the rule-based extractor into the Neo4j store (graph/neo4j),
// and compares the output with testdata/examples. The golden files change
// when the extractor does: check the difference, then accept it with -update.
func TestGoldenExamples(t *testing.T) {
	s, n := testStore(t)
	ctx := context.Background()
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	l := &loader.Loader{Store: s, Extractor: ex, Workers: 1}
	rep, err := l.Load(ctx, filepath.Join("..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 || rep.Created == 0 {
		t.Fatalf("loading examples/: %d created, %d failed: %v", rep.Created, rep.Failed, rep.Errors)
	}

	// The dossier is of the most mentioned entity, whatever the examples say.
	res, err := n.Read(ctx, `MATCH (d:Document)-[m:MENTIONS]->(x:Entity)
		WITH x, count(DISTINCT d) AS docs, sum(m.count) AS mentions
		RETURN x.id AS id ORDER BY docs DESC, mentions DESC, id LIMIT 1`, nil)
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("the most mentioned entity: %v, %v", res, err)
	}
	top := res.Rows[0][0]

	reports, err := List()
	if err != nil {
		t.Fatal(err)
	}
	var runs []run
	for _, r := range reports {
		if r.Name == "entity-dossier" {
			runs = append(runs, run{r.Name, map[string]any{"entity": top}, "most-mentioned"})
			continue
		}
		runs = append(runs, run{r.Name, nil, ""})
	}
	checkGolden(t, n, "examples", runs)
	checkConflicts(t, s, n, 0)
}
