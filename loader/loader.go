// Package loader turns files and folders of news articles into the graph: it
// reads them (.txt, .md, .html, .json, .jsonl) into Documents, hands each to
// an Extractor, resolves the extracted entities against what the store holds
// already, and writes every document's extraction in one transaction of its
// own. It does not know which Store it writes to, nor which Extractor reads
// the text: cmd/cartelgraph wires the rule-based one of loader/extract.
package loader

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Extractor reads one article into its entities, relations and statements.
// It must be safe to call from several goroutines at once.
type Extractor interface {
	Extract(ctx context.Context, doc graph.Document, text string) (*graph.Extraction, error)
}

// Loader reads articles, extracts their graph and writes it to a Store.
type Loader struct {
	// Store receives the extractions; Extract does not need it.
	Store graph.Store
	// Extractor reads the articles.
	Extractor Extractor
	// Workers is how many documents are extracted at once; 0 means GOMAXPROCS.
	Workers int
	// Reader reads the files; its zero value reads files up to DefaultMaxSize.
	Reader Reader
	// Progress, when set, is called once per document or failed file, in input
	// order, after it has been written (or has failed).
	Progress func(Outcome)
}

// Outcome is what became of one document, or of a file that gave none.
type Outcome struct {
	// Document is the document's metadata; for a file that could not be read,
	// only what is known (nothing but the error may be).
	Document graph.Document
	// Status is what the store did; empty when Err is set.
	Status graph.Status
	Err    error
}

// Extracted is one result of Loader.Extract: a document and its extraction,
// or the error that stopped it.
type Extracted struct {
	// Document is nil when the file could not be read.
	Document   *Document
	Extraction *graph.Extraction
	Err        error
}

// Report says what a Load did.
type Report struct {
	// Created, Unchanged, Replaced count the documents by what the store did
	// with them; Failed counts the documents and files that could not be read,
	// extracted or written.
	Created, Unchanged, Replaced, Failed int
	// Entities, Relations and Statements count what the created and replaced
	// documents wrote (the same entity written by two documents counts twice).
	Entities, Relations, Statements int
	// Errors lists every failure, in input order, each naming its file.
	Errors []error
	// Stats is what the store holds after the load.
	Stats graph.Stats
}

// Documents counts the documents the load saw, failed ones included.
func (r *Report) Documents() int {
	return r.Created + r.Unchanged + r.Replaced + r.Failed
}

func (l *Loader) workers() int {
	if l.Workers > 0 {
		return l.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Extract reads the articles in paths (see Reader.Read) and extracts them,
// Workers at a time, and calls fn with each result in input order, from one
// goroutine: the results are the same whatever the number of workers. At most
// a few documents per worker are in memory at once. Failures reach fn as an
// Extracted with Err set, naming the file; they do not stop the others. Extract
// stops at the first error fn returns, or when ctx is done, and returns it.
func (l *Loader) Extract(ctx context.Context, fn func(Extracted) error, paths ...string) error {
	if l.Extractor == nil {
		return graph.E(graph.Op("loader.Extract"), graph.Invalid, "no Extractor")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := l.workers()
	window := 4 * workers

	type job struct {
		seq int
		doc *Document
		err error
	}
	type result struct {
		seq int
		out Extracted
	}
	jobs := make(chan job)
	results := make(chan result, window)
	// slots bounds the documents between reading and fn.
	slots := make(chan struct{}, window)

	go func() {
		defer close(jobs)
		seq := 0
		for doc, err := range l.Reader.Read(ctx, paths...) {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{seq, doc, err}:
				seq++
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out := Extracted{Document: j.doc, Err: j.err}
				if j.err == nil {
					out.Extraction, out.Err = l.extract(ctx, j.doc)
				}
				results <- result{j.seq, out}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	pending := map[int]Extracted{}
	next := 0
	var ferr error
	for r := range results {
		pending[r.seq] = r.out
		for {
			out, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if ferr == nil {
				if ferr = fn(out); ferr != nil {
					cancel()
				}
			}
		}
	}
	if ferr != nil {
		return ferr
	}
	return context.Cause(ctx)
}

// extract runs the Extractor on one document. A panic in the Extractor fails
// that document only.
func (l *Loader) extract(ctx context.Context, doc *Document) (x *graph.Extraction, err error) {
	const op graph.Op = "loader.extract"
	item := graph.Item(doc.Source)
	defer func() {
		if p := recover(); p != nil {
			x, err = nil, graph.E(op, graph.Internal, item, fmt.Sprintf("the extractor panicked: %v\n%s", p, debug.Stack()))
		}
	}()
	x, err = l.Extractor.Extract(ctx, doc.Document, doc.Text)
	if err != nil {
		return nil, graph.E(op, item, err)
	}
	if x == nil {
		return nil, graph.E(op, graph.Internal, item, "the extractor returned nothing")
	}
	x.Document = mergeDocument(doc.Document, x.Document)
	x.Normalize()
	if err := x.Validate(); err != nil {
		return nil, graph.E(op, item, err)
	}
	return x, nil
}

// mergeDocument keeps the loader's identity of a document (ID, Source, Name)
// and its metadata, filling what it lacks from what the extractor found.
func mergeDocument(read, found graph.Document) graph.Document {
	d := read
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&d.Title, found.Title)
	fill(&d.Publisher, found.Publisher)
	fill(&d.Author, found.Author)
	fill(&d.URL, found.URL)
	fill(&d.Published, found.Published)
	return d
}

// Load reads, extracts and writes the articles in paths: see Extract for the
// reading, resolve for how entities already stored keep their IDs. Each
// document is written in a transaction of its own, one after the other in
// input order, so a failed document does not stop the others and the result
// does not depend on the number of workers. Load returns an error only when it
// cannot go on: ctx is done, or the store is unavailable; the Report says
// what was done until then.
func (l *Loader) Load(ctx context.Context, paths ...string) (Report, error) {
	var rep Report
	if l.Store == nil {
		return rep, graph.E(graph.Op("loader.Load"), graph.Invalid, "no Store")
	}
	err := l.Extract(ctx, func(e Extracted) error {
		var doc graph.Document
		if e.Document != nil {
			doc = e.Document.Document
		}
		if e.Err != nil {
			l.failed(&rep, doc, e.Err)
			return nil
		}
		return l.write(ctx, &rep, e.Extraction)
	}, paths...)
	return l.finish(ctx, rep, err)
}

// finish fills in the store's Stats.
func (l *Loader) finish(ctx context.Context, rep Report, err error) (Report, error) {
	if err != nil {
		return rep, err
	}
	st, err := l.Store.Stats(ctx)
	if err != nil {
		return rep, graph.E(graph.Op("loader.Load"), err)
	}
	rep.Stats = st
	return rep, nil
}

// write resolves and writes one extraction, counting the outcome.
func (l *Loader) write(ctx context.Context, rep *Report, x *graph.Extraction) error {
	const op graph.Op = "loader.write"
	item := graph.Item(x.Document.Source)
	if item == "" {
		item = graph.Item(x.Document.Name)
	}
	if err := Resolve(ctx, l.Store, x); err != nil {
		if stop(err) {
			return err
		}
		l.failed(rep, x.Document, graph.E(op, item, err))
		return nil
	}
	res, err := l.Store.Write(ctx, x)
	if err != nil {
		if stop(err) {
			return err
		}
		l.failed(rep, x.Document, graph.E(op, item, err))
		return nil
	}
	switch res.Status {
	case graph.StatusCreated:
		rep.Created++
	case graph.StatusReplaced:
		rep.Replaced++
	default:
		rep.Unchanged++
	}
	if res.Status != graph.StatusUnchanged {
		rep.Entities += len(x.Entities)
		rep.Relations += len(x.Relations)
		rep.Statements += len(x.Statements)
	}
	if l.Progress != nil {
		l.Progress(Outcome{Document: x.Document, Status: res.Status})
	}
	return nil
}

// stop reports whether an error ends the whole load rather than one document.
func stop(err error) bool {
	return graph.KindOf(err) == graph.Unavailable || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func (l *Loader) failed(rep *Report, doc graph.Document, err error) {
	rep.Failed++
	rep.Errors = append(rep.Errors, err)
	if l.Progress != nil {
		l.Progress(Outcome{Document: doc, Err: err})
	}
}
