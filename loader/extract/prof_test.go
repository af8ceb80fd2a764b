package extract

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/graph"
)

func TestProfRules(t *testing.T) {
	if os.Getenv("PROF") == "" {
		t.Skip()
	}
	x := newExtractor(t)
	var ms []string
	for _, f := range heldoutFiles() {
		data, _ := os.ReadFile(f)
		d := &doc{text: string(data), entIndex: map[string]int{}, presidents: map[int]string{},
			unqualified: map[int][]int{}, speakers: map[int]int{}, opposes: map[int][]int{}}
		x.prepare(d)
		for si := range d.sents {
			ms = append(ms, x.mask(d, si, true).s)
		}
	}
	cost := map[string]time.Duration{}
	for _, r := range x.rules {
		st := time.Now()
		for k := 0; k < 50; k++ {
			for _, s := range ms {
				if guarded(newSentWords(strings.ToLower(s)), r.guard) {
					r.re.FindAllStringSubmatchIndex(s, -1)
				}
			}
		}
		cost[r.name] = time.Since(st)
	}
	var names []string
	for n := range cost {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return cost[names[i]] > cost[names[j]] })
	for _, n := range names[:10] {
		fmt.Println(n, cost[n]/50)
	}
	st := time.Now()
	for k := 0; k < 50; k++ {
		for _, f := range heldoutFiles() {
			data, _ := os.ReadFile(f)
			x.Extract(context.Background(), graph.Document{ID: "x"}, string(data))
		}
	}
	fmt.Println("all", time.Since(st)/50, len(ms))
}
