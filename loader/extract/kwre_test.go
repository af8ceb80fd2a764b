package extract

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestKwRegexp checks that each kwRegexp finds exactly what its expression
// finds over the whole text, on the sentences of the test articles (masked as
// the rules see them) and on random mixtures of their words.
func TestKwRegexp(t *testing.T) {
	res := map[string]*kwRegexp{"designVerb": designVerb, "passiveDes": passiveDes, "designLabel": designLabel,
		"rewardRe": rewardRe, "coopRe": coopRe, "coopNeg": coopNeg, "twoStates": twoStates, "opposeRe": opposeRe,
		"echoRe": echoRe, "mdyDate": mdyDate, "yearOnly": yearOnly}
	var texts []string
	files, _ := filepath.Glob(filepath.Join("testdata", "heldout*", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			texts = append(texts, l, strings.ToLower(l))
		}
	}
	r := rand.New(rand.NewSource(5))
	words := strings.Fields(strings.Join(texts, " "))
	for i := 0; i < 300; i++ {
		var b []string
		for j := 0; j < 12; j++ {
			b = append(b, words[r.Intn(len(words))])
		}
		texts = append(texts, strings.ToLower(strings.Join(b, " ")))
	}
	texts = append(texts, "we will not allow foreign troops; no ‹c1› boots. they drew a red line", "since 2019 in 2020 by May 3, 2024")
	for name, k := range res {
		for _, s := range texts {
			want := k.re.FindAllStringSubmatchIndex(s, -1)
			if got := k.FindAllStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q: got %v, want %v", name, s, got, want)
			}
			if got, want := k.MatchString(s), k.re.MatchString(s); got != want {
				t.Errorf("%s.MatchString(%q) = %v, want %v", name, s, got, want)
			}
		}
	}
}
