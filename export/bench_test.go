package export_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"testing"

	"github.com/cartelgraph/cartelgraph/export"
	"github.com/cartelgraph/cartelgraph/graph"
)

var benchDocs = flag.Int("export.docs", 1000, "how many synthetic documents the benchmarks export")

// synthetic returns n generated documents over a pool of entities that grows
// with n: each names two groups, a country, a place and a person, and states
// five relations and a quotation.
func synthetic(n int) []*graph.Extraction {
	pool := max(n/4, 10)
	var xs []*graph.Extraction
	for i := range n {
		id := func(kind string, k int) string { return fmt.Sprintf("%s-%d", kind, (i*7+k*13)%pool) }
		g1, g2, c, l, p := id("group", 1), id("group", 2), id("country", 3)[:9], id("place", 4), id("person", 5)
		if g1 == g2 {
			g2 = id("group", 6)
		}
		ev := func(k int) []graph.Evidence {
			return []graph.Evidence{{Sentence: fmt.Sprintf("Sentence %d of document %d, which states a fact.", k, i),
				Start: k * 60, End: k*60 + 50, Confidence: 0.5 + float64(k)/20, Date: "2025-0" + fmt.Sprint(1+k%9)}}
		}
		xs = append(xs, &graph.Extraction{
			Document: graph.Document{ID: fmt.Sprintf("doc-%06d", i), Source: fmt.Sprintf("synthetic/%d.txt", i),
				Title: fmt.Sprintf("Synthetic article %d", i), Published: "2025-06-01"},
			Entities: []graph.Entity{
				{ID: g1, Name: "Group " + g1, Type: graph.CriminalGroup, Aliases: []string{"G" + g1}},
				{ID: g2, Name: "Group " + g2, Type: graph.CriminalGroup},
				{ID: c, Name: "Country " + c, Type: graph.Country},
				{ID: l, Name: "Place " + l, Type: graph.Location},
				{ID: p, Name: "Person " + p, Type: graph.Person},
			},
			Relations: []graph.Relation{
				{Subject: g1, Predicate: graph.OperatesIn, Object: l, Evidence: ev(0)},
				{Subject: g2, Predicate: graph.OperatesIn, Object: c, Evidence: ev(1)},
				{Subject: g1, Predicate: graph.PartOf, Object: g2, Evidence: ev(2)},
				{Subject: p, Predicate: graph.Leads, Object: g1, Evidence: ev(3)},
				{Subject: c, Predicate: graph.Designated, Object: g2, Evidence: ev(4)},
			},
			Statements: []graph.Statement{{Speaker: p, Text: fmt.Sprintf("We deny it, says %s.", p), About: []string{g1}, Evidence: ev(5)}},
		})
	}
	return xs
}

// BenchmarkExport exports a synthetic graph of -export.docs documents whole,
// in every format.
func BenchmarkExport(b *testing.B) {
	s := openStore(b, synthetic(*benchDocs)...)
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%+v", st)
	for _, f := range export.Formats() {
		b.Run(string(f), func(b *testing.B) {
			dir := b.TempDir()
			for b.Loop() {
				g, err := export.Select(ctx, s, export.Selection{})
				if err != nil {
					b.Fatal(err)
				}
				if f == export.CSV {
					_, err = export.WriteCSV(ctx, dir, g)
				} else {
					err = export.Write(ctx, io.Discard, f, g)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
