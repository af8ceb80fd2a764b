package corpus

import (
	"fmt"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

// Count is the tally of one kind of item: true positives, false positives,
// false negatives.
type Count struct {
	TP, FP, FN int
}

// Precision is TP / (TP + FP), or 0.
func (c Count) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), or 0.
func (c Count) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of Precision and Recall.
func (c Count) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c Count) String() string {
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp %d fp %d fn %d)", c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score tallies entities, relations and statements over many documents.
type Score struct {
	Entities, Relations, Statements Count
	// Predicates tallies the relations by predicate.
	Predicates map[string]*Count
}

// Add adds the tally of one document: got is the extraction of the article
// whose expected extraction is want. The rules are those of
// ../shared/eval/score.py: an extracted entity matches an expected one when
// one of its names (name or alias) has the Key of one of the expected
// entity's names, and counts only with the right type; a relation matches
// when its predicate is the same and its ends resolve to the expected ends
// (or to one of SubjectAny); a quotation matches when its speaker resolves
// to the expected speaker and its words overlap the expected text by at
// least 80% of the shorter. Optional items count when found and are not
// missed when absent.
func (s *Score) Add(want Expected, got exchange.Document) {
	if s.Predicates == nil {
		s.Predicates = map[string]*Count{}
	}
	byName := map[string]int{}
	for i, e := range want.Entities {
		for _, n := range names(e.Name, e.Aliases) {
			if _, ok := byName[n]; !ok {
				byName[n] = i
			}
		}
	}
	entityOf := func(name string, aliases []string) (int, bool) {
		for _, n := range names(name, aliases) {
			if i, ok := byName[n]; ok {
				return i, true
			}
		}
		return 0, false
	}

	matched := map[int]bool{}
	local := map[string]int{}
	for _, e := range got.Entities {
		i, ok := entityOf(e.Name, e.Aliases)
		if ok {
			local[graph.Key(e.Name)] = i
			for _, a := range e.Aliases {
				if _, seen := local[graph.Key(a)]; !seen {
					local[graph.Key(a)] = i
				}
			}
		}
		switch {
		case ok && want.Entities[i].Type == e.Type && !matched[i]:
			matched[i] = true
			s.Entities.TP++
		case ok && want.Entities[i].Type == e.Type:
			// the same entity twice: neither rewarded nor penalised
		default:
			s.Entities.FP++
		}
	}
	for i, e := range want.Entities {
		if !matched[i] && !e.Optional {
			s.Entities.FN++
		}
	}
	resolve := func(name string) (int, bool) {
		if i, ok := local[graph.Key(name)]; ok {
			return i, true
		}
		i, ok := byName[graph.Key(name)]
		return i, ok
	}
	wantEnd := func(name string) int {
		if i, ok := byName[graph.Key(name)]; ok {
			return i
		}
		return -1
	}

	used := map[int]bool{}
	for _, r := range got.Relations {
		sub, sok := resolve(r.Subject)
		obj, ook := resolve(r.Object)
		hit := -1
		for i, w := range want.Relations {
			if used[i] || w.Predicate != r.Predicate || !sok || !ook {
				continue
			}
			subjects := []int{wantEnd(w.Subject)}
			for _, a := range w.SubjectAny {
				subjects = append(subjects, wantEnd(a))
			}
			if containsInt(subjects, sub) && wantEnd(w.Object) == obj {
				hit = i
				break
			}
		}
		if hit >= 0 {
			used[hit] = true
			if !want.Relations[hit].Optional {
				s.Relations.TP++
				s.predicate(r.Predicate).TP++
			}
			continue
		}
		dup := false
		for _, w := range want.Relations {
			if w.Predicate == r.Predicate && sok && ook && wantEnd(w.Subject) == sub && wantEnd(w.Object) == obj {
				dup = true
			}
		}
		if !dup {
			s.Relations.FP++
			s.predicate(r.Predicate).FP++
		}
	}
	for i, w := range want.Relations {
		if !used[i] && !w.Optional {
			s.Relations.FN++
			s.predicate(w.Predicate).FN++
		}
	}

	used = map[int]bool{}
	for _, st := range got.Statements {
		sp, ok := resolve(st.Speaker)
		hit := -1
		for i, w := range want.Statements {
			if !used[i] && ok && wantEnd(w.Speaker) == sp && Overlap(w.Text, st.Text) >= 0.8 {
				hit = i
				break
			}
		}
		if hit >= 0 {
			used[hit] = true
			s.Statements.TP++
		} else {
			s.Statements.FP++
		}
	}
	for i := range want.Statements {
		if !used[i] {
			s.Statements.FN++
		}
	}
}

// Merge adds the tallies of o to s.
func (s *Score) Merge(o Score) {
	add := func(a *Count, b Count) { a.TP += b.TP; a.FP += b.FP; a.FN += b.FN }
	add(&s.Entities, o.Entities)
	add(&s.Relations, o.Relations)
	add(&s.Statements, o.Statements)
	for p, c := range o.Predicates {
		add(s.predicate(p), *c)
	}
}

func (s *Score) predicate(p string) *Count {
	if s.Predicates == nil {
		s.Predicates = map[string]*Count{}
	}
	c, ok := s.Predicates[p]
	if !ok {
		c = &Count{}
		s.Predicates[p] = c
	}
	return c
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// names returns the Keys of a name and its aliases, the empty one left out.
func names(name string, aliases []string) []string {
	var out []string
	for _, n := range append([]string{name}, aliases...) {
		if k := graph.Key(n); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// Overlap is the length, in words, of the longest run of words two texts
// share (compared by Key), over the number of words of the shorter.
func Overlap(a, b string) float64 {
	sw, lw := strings.Fields(graph.Key(a)), strings.Fields(graph.Key(b))
	if len(sw) == 0 || len(lw) == 0 {
		return 0
	}
	if len(graph.Key(a)) > len(graph.Key(b)) {
		sw, lw = lw, sw
	}
	best := 0
	// prev[j] is the length of the common run ending at sw[i-1], lw[j-1].
	prev := make([]int, len(lw)+1)
	cur := make([]int, len(lw)+1)
	for i := 1; i <= len(sw); i++ {
		for j := 1; j <= len(lw); j++ {
			if sw[i-1] == lw[j-1] {
				cur[j] = prev[j-1] + 1
				best = max(best, cur[j])
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return float64(best) / float64(len(sw))
}
