package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// FuzzExtract checks that any text gives a valid extraction whose evidence
// offsets lie in the text and name the sentence they quote.
func FuzzExtract(f *testing.F) {
	f.Add("President Jane Doe said “we will not yield.” The Gulf Cartel (CDG) operates in Tamaulipas.")
	f.Add("“Unclosed quote by Dr. X. U.S. and Mexico agreed.\n\nBy Someone\n\"")
	f.Add("MEXICO CITY, Aug. 12, 2025 — ‹P1› ’s 's \"\" “” (()) — –")
	for _, p := range heldoutFiles() {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(string(data))
		}
	}
	x, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
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
