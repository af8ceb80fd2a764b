package graph

import (
	"slices"
	"strings"
)

// SearchScore rates how well an entity matches a search, the same way in
// every store (see Store.Search): 4 when the Key of its name is the Key of
// the query, 3 when the Key of an alias is, 2 when a name's or an alias's Key
// starts with it, else the share of the query's distinct words that some
// name or alias contains, 0 for none. q is Key(query), words its distinct
// words (strings.Fields of q, duplicates removed, in any order); nameKey and
// keys are the Keys of the entity's name and of all its spellings.
func SearchScore(q string, words []string, nameKey string, keys []string) float64 {
	if nameKey == q {
		return 4
	}
	best := 0.0
	for _, k := range keys {
		switch {
		case k == q:
			return 3
		case strings.HasPrefix(k, q):
			best = max(best, 2)
		case best < 1 && len(words) > 0:
			have := strings.Fields(k)
			n := 0
			for _, w := range words {
				if slices.Contains(have, w) {
					n++
				}
			}
			best = max(best, float64(n)/float64(len(words)))
		}
	}
	return best
}
