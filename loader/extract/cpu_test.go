package extract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/graph"
)

func TestCPUThroughput(t *testing.T) {
	if os.Getenv("PROF") == "" {
		t.Skip()
	}
	files := heldoutFiles()
	more, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	files = append(files, more...)
	var texts []string
	size := 0
	for _, p := range files {
		data, _ := os.ReadFile(p)
		texts = append(texts, string(data))
		size += len(data)
	}
	x := newExtractor(t)
	var r0, r1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	n := 200
	for i := 0; i < n; i++ {
		for _, s := range texts {
			x.Extract(context.Background(), graph.Document{ID: "b"}, s)
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	cpu := time.Duration(r1.Utime.Nano()-r0.Utime.Nano()+r1.Stime.Nano()-r0.Stime.Nano())
	fmt.Printf("cpu %v for %d bytes: %.2f MB/s per core\n", cpu, n*size, float64(n*size)/cpu.Seconds()/1e6)
}
