package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cartelgraph/cartelgraph/loader"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
	"github.com/cartelgraph/cartelgraph/loader/extract"
)

const extractAbout = `
Read the articles in the given files and folders (.txt, .md, .html, .json,
.jsonl; folders recursively) and write what the extractor finds in them, one
document per article named by its file's base name, in the interchange format
{"documents": [...]} of ../shared/eval: to FILE with -o, else to standard
output. Nothing is stored.

A file that cannot be read is reported on standard error and left out; the
others are still written, and the exit code is 0 unless --strict is given or
nothing could be extracted at all.

  cartelgraph extract -o x.json ../shared/corpus
  python3 ../shared/eval/score.py ../shared/eval/gold x.json`

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("extract", "extract [-o FILE] [--strict] PATH...", extractAbout)
	out := fs.String("o", "", "write the extraction to `FILE` instead of standard output")
	strict := fs.Bool("strict", false, "exit 1 when any file fails")
	addConfigFlags(fs, "workers")
	paths, code, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return code
	}
	if len(paths) == 0 {
		return usageError(fs, stderr, "no PATH: name the articles' files or folders")
	}
	cfg, err := loadConfig(fs, processEnv())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitUsage
	}
	ex, err := extract.New()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	l := &loader.Loader{Extractor: ex, Workers: cfg.Workers}
	file := &exchange.File{Documents: []exchange.Document{}}
	failed := 0
	err = l.Extract(ctx, func(e loader.Extracted) error {
		if e.Err != nil {
			failed++
			fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), e.Err)
			return nil
		}
		file.Documents = append(file.Documents, exchange.FromExtraction(e.Extraction))
		return nil
	}, paths...)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	if len(file.Documents) == 0 {
		fmt.Fprintf(stderr, "%s: no article could be extracted\n", fs.Name())
		return exitFailed
	}
	var buf bytes.Buffer
	if err := exchange.Write(&buf, file); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	if *out == "" {
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
			return exitFailed
		}
	} else if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	if *out != "" || failed > 0 {
		fmt.Fprintf(stderr, "%s: extracted %d documents, %d files failed\n", fs.Name(), len(file.Documents), failed)
	}
	if failed > 0 && *strict {
		return exitFailed
	}
	return exitOK
}

// writeFileAtomic writes data to name through a temporary file in the same
// folder, so that name is never left half written.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
