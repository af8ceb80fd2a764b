package main

import (
	"context"
	"fmt"
	"io"

	"github.com/cartelgraph/cartelgraph/loader"
	"github.com/cartelgraph/cartelgraph/loader/extract"
)

const loadAbout = `
Read the articles in the given files and folders (.txt, .md, .html, .json,
.jsonl; folders recursively), extract their entities, relations and
quotations, and write them into the graph store: Neo4j when NEO4J_URI is set,
else the embedded store in the data directory. With --extraction, load an
extraction made elsewhere, a file in the interchange format that
'cartelgraph extract' writes, instead of (or besides) articles.

Each document is written in a transaction of its own. Loading the same files
again changes nothing; a file whose content changed replaces its earlier
version. A file that cannot be read, extracted or written is reported on
standard error and does not stop the others; the exit code is then 1.`

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("load", "load [--extraction FILE] [-v] [PATH...]", loadAbout)
	extraction := fs.String("extraction", "", "load this extraction `FILE` (interchange format)")
	verbose := fs.Bool("v", false, "print what became of every document")
	addConfigFlags(fs, "data", "neo4j-uri", "neo4j-user", "neo4j-database", "workers")
	paths, code, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return code
	}
	if len(paths) == 0 && *extraction == "" {
		return usageError(fs, stderr, "nothing to load: name the articles' files or folders, or an --extraction FILE")
	}
	cfg, err := loadConfig(fs, processEnv())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	store, where, err := openStore(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	defer store.Close()

	l := &loader.Loader{Store: store, Workers: cfg.Workers}
	l.Progress = func(o loader.Outcome) {
		if o.Err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), o.Err)
		} else if *verbose {
			fmt.Fprintf(stdout, "%-9s %s\n", o.Status, o.Document.Source)
		}
	}
	var total loader.Report
	if *extraction != "" {
		rep, err := l.LoadExtraction(ctx, *extraction)
		add(&total, rep)
		if err != nil {
			printReport(stdout, where, total)
			return fail(err)
		}
	}
	if len(paths) > 0 {
		ex, err := extract.New()
		if err != nil {
			return fail(err)
		}
		l.Extractor = ex
		rep, err := l.Load(ctx, paths...)
		add(&total, rep)
		if err != nil {
			printReport(stdout, where, total)
			return fail(err)
		}
	}
	printReport(stdout, where, total)
	if total.Failed > 0 {
		return exitFailed
	}
	return exitOK
}

// add adds the counts of r to total and takes its Stats, the later ones.
func add(total *loader.Report, r loader.Report) {
	total.Created += r.Created
	total.Unchanged += r.Unchanged
	total.Replaced += r.Replaced
	total.Failed += r.Failed
	total.Entities += r.Entities
	total.Relations += r.Relations
	total.Statements += r.Statements
	total.Errors = append(total.Errors, r.Errors...)
	if r.Stats.Documents > 0 || total.Stats.Documents == 0 {
		total.Stats = r.Stats
	}
}

// printReport prints what a load did.
func printReport(w io.Writer, where string, r loader.Report) {
	fmt.Fprintf(w, "loaded into %s\n", where)
	fmt.Fprintf(w, "documents: %d created, %d unchanged, %d replaced, %d failed\n", r.Created, r.Unchanged, r.Replaced, r.Failed)
	fmt.Fprintf(w, "written:   %d entities, %d relations, %d statements\n", r.Entities, r.Relations, r.Statements)
	s := r.Stats
	fmt.Fprintf(w, "the store: %d documents, %d entities, %d relations, %d statements, %d pieces of evidence, %d mentions\n",
		s.Documents, s.Entities, s.Relations, s.Statements, s.Evidence, s.Mentions)
}
