package extract

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// TestDebugDump prints the masked sentences of the file in EXTRACT_DEBUG.
func TestDebugDump(t *testing.T) {
	f := os.Getenv("EXTRACT_DEBUG")
	if f == "" {
		t.Skip("set EXTRACT_DEBUG=file to dump")
	}
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	x := newExtractor(t)
	d := x.debugDoc(string(data))
	for si := range d.sents {
		fmt.Printf("%d: %s\n", si, d.masked[si].s)
		for i, sl := range d.masked[si].slots {
			name := ""
			if sl.ent >= 0 {
				name = d.ents[sl.ent].name + " g=" + string(rune('0'+d.ents[sl.ent].gender))
			}
			fmt.Printf("    %c%d %q -> %s\n", sl.letter, i, d.text[sl.start:sl.end], name)
		}
	}
	ex, err := x.Extract(context.Background(), graph.Document{ID: "x", Name: "x"}, string(data))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, e := range ex.Entities {
		names[e.ID] = e.Name
		fmt.Printf("E %s [%s] %v\n", e.Name, e.Type, e.Aliases)
	}
	for _, r := range ex.Relations {
		fmt.Printf("R %s %s %s %v | %.60s\n", names[r.Subject], r.Predicate, names[r.Object], r.Attributes, r.Evidence[0].Sentence)
	}
	for _, s := range ex.Statements {
		fmt.Printf("S %s: %s\n", names[s.Speaker], s.Text)
	}
	fmt.Printf("DOC %+v\n", ex.Document)
}
