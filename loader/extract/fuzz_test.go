package extract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cartelgraph/cartelgraph/graph"
)

// FuzzExtract checks that any text gives a valid extraction whose evidence
// offsets lie in the text and name the sentence they quote.
func FuzzExtract(f *testing.F) {
	f.Add("President Jane Doe said “we will not yield.” The Gulf Cartel (CDG) operates in Tamaulipas.")
	f.Add("“Unclosed quote by Dr. X. U.S. and Mexico agreed.\n\nBy Someone\n\"")
	f.Add("MEXICO CITY, Aug. 12, 2025 — ‹P1› ’s 's \"\" “” (()) — –")
	// the seeds are the paragraphs of the held-out articles, cut to maxFuzz
	// bytes: the fuzzer minimises every input that finds new coverage, at a
	// cost quadratic in its length (up to -fuzzminimizetime, 60 s by default,
	// during which it reports 0 execs/s), so long inputs would stall a short
	// run; TestLongInputs covers long texts
	for _, p := range heldoutFiles() {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, para := range strings.Split(string(data), "\n\n") {
			if len(para) > maxFuzz {
				para = para[:maxFuzz]
				for len(para) > 0 && !utf8.ValidString(para) {
					para = para[:len(para)-1]
				}
			}
			if strings.TrimSpace(para) != "" {
				f.Add(para)
			}
		}
	}
	x, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > maxFuzz {
			t.Skip("long inputs are TestLongInputs's")
		}
		ex, err := x.Extract(context.Background(), graph.Document{ID: "fuzz", Name: "fuzz.txt"}, text)
		if err != nil {
			t.Fatalf("Extract: %v", err)
		}
		if err := ex.Validate(); err != nil {
			t.Fatalf("invalid extraction: %v", err)
		}
		check := func(e graph.Evidence) {
			if e.Start < 0 || e.End > len(text) || e.Start > e.End {
				t.Fatalf("evidence offsets [%d,%d) out of the text (%d bytes)", e.Start, e.End, len(text))
			}
			if text[e.Start:e.End] != e.Sentence {
				t.Fatalf("evidence sentence %q is not the text at [%d,%d)", e.Sentence, e.Start, e.End)
			}
			if e.Confidence <= 0 || e.Confidence > 1 {
				t.Fatalf("confidence %v out of (0, 1]", e.Confidence)
			}
		}
		for _, r := range ex.Relations {
			for _, e := range r.Evidence {
				check(e)
			}
		}
		for _, s := range ex.Statements {
			for _, e := range s.Evidence {
				check(e)
			}
		}
	})
}

// maxFuzz is the longest input FuzzExtract reads, in bytes.
const maxFuzz = 320

// TestLongInputs extracts long and repetitive texts, the inputs on which a
// rule that is quadratic in a sentence or a document would stall (the
// sentence splitter cuts run-ons at maxSentence bytes): initials, capitalised
// runs, quotation marks, lists, possessives, anaphora ("the gang", "the
// decree", "the government") and thousands of distinct presidents and
// surnames. It checks that each gives a valid extraction; the test's running
// time shows a super-linear blow-up (each input takes tens of milliseconds).
func TestLongInputs(t *testing.T) {
	x := newExtractor(t)
	const n = 100 << 10
	inputs := map[string]string{
		"initials":    strings.Repeat("A. ", n/3),
		"capitalised": strings.Repeat("Abc ", n/4),
		"names of":    strings.Repeat("Abc of ", n/7),
		"quotes":      strings.Repeat("\"A ", n/3),
		"curly":       strings.Repeat("“A, ", n/5),
		"commas":      strings.Repeat("Abc, ", n/5),
		"lines":       strings.Repeat("Abc Def\n", n/8),
		"dots":        strings.Repeat("U.S.", n/4),
		"possessives": strings.Repeat("Mexico's ", n/9),
		"titles":      strings.Repeat("President Abc Def said ", n/23),
		"sentences":   strings.Repeat("Mexico said the Sinaloa Cartel operates in Sinaloa. ", n/52),
		"slots":       strings.Repeat("‹P1› ", n/6),
		"anaphora": "Barrio 18 attacked. " + strings.Repeat("Decree 12 passed and the Mexican government acted. "+
			"Police said the gang fled while the government defended the decree. ", n/120),
	}
	// distinct people: presidents, prime ministers and surnames to resolve
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "President %s %s met Prime Minister %s %s in Mexico. According to %s, “we agree,” said %s Ruiz. ",
			longName(i), longName(i+7), longName(i+3), longName(i+9), longName(i+7), longName(i+11))
	}
	inputs["people"] = b.String()
	for name, text := range inputs {
		ex, err := x.Extract(context.Background(), graph.Document{ID: "long", Name: name}, text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := ex.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// longName returns a capitalised word of its own for each i.
func longName(i int) string {
	b := []byte("Ka")
	for ; i > 0; i /= 26 {
		b = append(b, byte('a'+i%26))
	}
	return string(b)
}

func heldoutFiles() []string {
	files, _ := filepath.Glob(filepath.Join("testdata", "heldout", "*.txt"))
	return files
}

// BenchmarkExtract measures throughput over the held-out articles (and the dev
// corpus when it is there), in MB/s.
func BenchmarkExtract(b *testing.B) {
	files := heldoutFiles()
	more, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	files = append(files, more...)
	var texts []string
	size := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		size += len(data)
	}
	x := newExtractor(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			if _, err := x.Extract(context.Background(), graph.Document{ID: "b", Name: "b"}, t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestConcurrent runs one Extractor from several goroutines (go test -race).
func TestConcurrent(t *testing.T) {
	x := newExtractor(t)
	files := heldoutFiles()
	done := make(chan error)
	for _, f := range files {
		go func(f string) {
			data, err := os.ReadFile(f)
			if err == nil {
				_, err = x.Extract(context.Background(), graph.Document{ID: f, Name: f}, string(data))
			}
			done <- err
		}(f)
	}
	for range files {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestScratchReuse checks that an extraction does not depend on the one before
// it (the Extractor reuses its working arrays): each article extracted after
// every other gives the same result as extracted first.
func TestScratchReuse(t *testing.T) {
	files := heldoutFiles()
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	first := map[int]string{}
	for i, text := range texts {
		x := newExtractor(t)
		ex, err := x.Extract(context.Background(), graph.Document{ID: "r", Name: "r"}, text)
		if err != nil {
			t.Fatal(err)
		}
		first[i] = fmt.Sprint(ex)
	}
	x := newExtractor(t)
	for round := 0; round < 2; round++ {
		for i := len(texts) - 1; i >= 0; i-- {
			ex, err := x.Extract(context.Background(), graph.Document{ID: "r", Name: "r"}, texts[i])
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(ex); got != first[i] {
				t.Errorf("%s: extraction differs after other documents", files[i])
			}
		}
	}
}
