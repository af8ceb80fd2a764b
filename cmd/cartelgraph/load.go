package main

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/cartelgraph/cartelgraph/graph"
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
version, and the load prints what that changed. A file that cannot be read,
extracted or written is reported on standard error and does not stop the
others; the exit code is then 1. When the store becomes unavailable the load
stops, says how many documents it wrote, and exits 1: each document is written
whole or not at all, so running the same command again finishes the load.

The embedded store's data directory is used by one process at a time; a load
waits up to a minute for another cartelgraph process to release it.`

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
	store, where, err := openStoreWaiting(ctx, cfg, stderr)
	if err != nil {
		return fail(err)
	}
	defer store.Close()

	tracked := &changeTracker{Store: store}
	l := &loader.Loader{Store: tracked, Workers: cfg.Workers}
	l.Progress = func(o loader.Outcome) {
		switch {
		case o.Err != nil:
			fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), o.Err)
		case o.Status == graph.StatusReplaced:
			fmt.Fprintf(stdout, "%-9s %s%s\n", o.Status, o.Document.Source, tracked.take(o.Document.ID))
		case *verbose:
			fmt.Fprintf(stdout, "%-9s %s\n", o.Status, o.Document.Source)
		}
	}
	stopped := func(err error, total loader.Report) int {
		printReport(stdout, where, total)
		written := total.Created + total.Replaced
		fmt.Fprintf(stderr, "%s: stopped: %v\n", fs.Name(), err)
		fmt.Fprintf(stderr, "%s: %d documents were written before the load stopped (%d created, %d replaced; %d were stored already); "+
			"each document is written whole or not at all: run the same command again to load the rest\n",
			fs.Name(), written, total.Created, total.Replaced, total.Unchanged)
		return exitFailed
	}
	var total loader.Report
	if *extraction != "" {
		rep, err := l.LoadExtraction(ctx, *extraction)
		add(&total, rep)
		if err != nil {
			return stopped(err, total)
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
			return stopped(err, total)
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
	if s == (graph.Stats{}) && r.Created+r.Unchanged+r.Replaced > 0 {
		return // the load stopped before it could count what the store holds
	}
	fmt.Fprintf(w, "the store: %d documents, %d entities, %d relations, %d statements, %d pieces of evidence, %d mentions\n",
		s.Documents, s.Entities, s.Relations, s.Statements, s.Evidence, s.Mentions)
}

// changeTracker is the loader's Store with one addition: when a document
// replaces an earlier version of its source, it tells what that changed.
// Before the write it reads the facts (relations and statements) the earlier
// version states; after it, it compares them with the new version's and
// checks which of those no longer stated are still in the graph, stated by
// other documents.
type changeTracker struct {
	graph.Store
	mu      sync.Mutex
	changes map[string]string // by the new document's ID: the summary, until taken
}

var (
	_ graph.Store         = (*changeTracker)(nil)
	_ graph.BatchWriter   = (*changeTracker)(nil)
	_ graph.BatchLookuper = (*changeTracker)(nil)
)

// WriteBatch writes xs as the underlying store's WriteBatch does (one
// Write after another when it has none) and, for each replacement, records
// the summary of the change, as Write does.
func (c *changeTracker) WriteBatch(ctx context.Context, xs []*graph.Extraction) []graph.BatchResult {
	out := make([]graph.BatchResult, len(xs))
	bw, ok := c.Store.(graph.BatchWriter)
	if !ok {
		for i, x := range xs {
			out[i].WriteResult, out[i].Err = c.Write(ctx, x)
		}
		return out
	}
	// The facts of the earlier versions the batch replaces, read before it
	// is written: one query for the batch's sources, then only replacements.
	var sources []string
	for _, x := range xs {
		if x != nil && x.Document.Source != "" {
			sources = append(sources, x.Document.Source)
		}
	}
	before := map[string]map[string]bool{} // by the new document's ID
	if len(sources) > 0 {
		docs, err := c.Documents(ctx, graph.DocumentQuery{Sources: sources})
		if err != nil {
			for i := range out {
				out[i].Err = err
			}
			return out
		}
		old := map[string]string{} // source -> stored document ID
		for _, d := range docs {
			old[d.Source] = d.ID
		}
		for _, x := range xs {
			if id, ok := old[x.Document.Source]; ok && x.Document.Source != "" && id != x.Document.ID {
				if before[x.Document.ID], err = c.facts(ctx, id); err != nil {
					delete(before, x.Document.ID)
				}
			}
		}
	}
	out = bw.WriteBatch(ctx, xs)
	for i, r := range out {
		prior, ok := before[xs[i].Document.ID]
		if r.Err != nil || r.Status != graph.StatusReplaced || !ok {
			continue
		}
		summary, err := c.summarize(ctx, xs[i], prior)
		if err != nil {
			summary = fmt.Sprintf(" (what changed is unknown: %v)", err)
		}
		c.record(xs[i].Document.ID, fmt.Sprintf(" (replaces %s)%s", r.Replaced, summary))
	}
	return out
}

// LookupBatch passes to the underlying store's LookupBatch, or looks the
// names up one by one when it has none.
func (c *changeTracker) LookupBatch(ctx context.Context, names []string) ([][]*graph.Entity, error) {
	if bl, ok := c.Store.(graph.BatchLookuper); ok {
		return bl.LookupBatch(ctx, names)
	}
	out := make([][]*graph.Entity, len(names))
	for i, n := range names {
		es, err := c.Lookup(ctx, n)
		if err != nil {
			return nil, err
		}
		out[i] = es
	}
	return out, nil
}

// record keeps the summary of the change a document made, until taken.
func (c *changeTracker) record(id, summary string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.changes == nil {
		c.changes = map[string]string{}
	}
	c.changes[id] = summary
}

// Write writes x and, on a replacement, records the summary of the change.
func (c *changeTracker) Write(ctx context.Context, x *graph.Extraction) (graph.WriteResult, error) {
	var before map[string]bool
	if x != nil && x.Document.Source != "" {
		docs, err := c.Documents(ctx, graph.DocumentQuery{Sources: []string{x.Document.Source}})
		if err != nil {
			return graph.WriteResult{}, err
		}
		for _, d := range docs {
			if d.ID != x.Document.ID {
				if before, err = c.facts(ctx, d.ID); err != nil {
					return graph.WriteResult{}, err
				}
			}
		}
	}
	res, err := c.Store.Write(ctx, x)
	if err != nil || res.Status != graph.StatusReplaced || before == nil {
		return res, err
	}
	summary, err := c.summarize(ctx, x, before)
	if err != nil {
		// The write is done; only its summary is missing.
		summary = fmt.Sprintf(" (what changed is unknown: %v)", err)
	}
	c.record(x.Document.ID, fmt.Sprintf(" (replaces %s)%s", res.Replaced, summary))
	return res, nil
}

// facts returns the IDs of the relations and statements document states.
func (c *changeTracker) facts(ctx context.Context, document string) (map[string]bool, error) {
	ids := map[string]bool{}
	rels, err := c.Relations(ctx, graph.RelationQuery{Documents: []string{document}})
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		ids[r.ID] = true
	}
	sts, err := c.Statements(ctx, graph.StatementQuery{Documents: []string{document}})
	if err != nil {
		return nil, err
	}
	for _, s := range sts {
		ids[s.ID] = true
	}
	return ids, nil
}

// summarize compares the facts of x with before, those of the version it replaced.
func (c *changeTracker) summarize(ctx context.Context, x *graph.Extraction, before map[string]bool) (string, error) {
	after := map[string]bool{}
	for _, r := range x.Relations {
		after[r.ID] = true
	}
	for _, s := range x.Statements {
		after[s.ID] = true
	}
	added, same := 0, 0
	for id := range after {
		if before[id] {
			same++
		} else {
			added++
		}
	}
	var gone []string
	for id := range before {
		if !after[id] {
			gone = append(gone, id)
		}
	}
	kept := 0
	if len(gone) > 0 {
		rels, err := c.Relations(ctx, graph.RelationQuery{IDs: gone})
		if err != nil {
			return "", err
		}
		sts, err := c.Statements(ctx, graph.StatementQuery{IDs: gone})
		if err != nil {
			return "", err
		}
		kept = len(rels) + len(sts)
	}
	return fmt.Sprintf(": facts: %d added, %d unchanged, %d no longer stated (%d deleted, %d still stated by other documents)",
		added, same, len(gone), len(gone)-kept, kept), nil
}

// take returns and forgets the summary of the change document made.
func (c *changeTracker) take(document string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.changes[document]
	delete(c.changes, document)
	return s
}
