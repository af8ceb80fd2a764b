// Package loader turns files and folders of news articles into the graph: it
// reads them (.txt, .md, .html, .json, .jsonl) into Documents, hands each to
// an Extractor, resolves the extracted entities against what the store holds
// already, and writes every document's extraction atomically: in batches of
// documents when the Store is a graph.BatchWriter, else one Write each. It
// does not know which Store it writes to, nor which Extractor reads the
// text: cmd/cartelgraph wires the rule-based one of loader/extract.
package loader

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
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
	// BatchSize is how many documents Load writes at once when the Store is
	// a graph.BatchWriter: 0 means DefaultBatchSize, 1 one Write each.
	BatchSize int
	// BatchBytes bounds a batch by the size of what its documents write
	// (their names, sentences and quotations, and a little per row): 0
	// means DefaultBatchBytes.
	BatchBytes int
}

// The defaults of Loader.BatchSize and Loader.BatchBytes.
const (
	DefaultBatchSize  = 100
	DefaultBatchBytes = 1 << 20
)

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
// reading, Resolve for how entities already stored keep their IDs. The
// documents are written in input order, each atomically, in batches of
// BatchSize when the Store is a graph.BatchWriter, else one Write each; the
// result is the same either way (see WriteExtractions), a failed document
// does not stop the others, and the result does not depend on the number
// of workers. Load returns an error only when it cannot go on: ctx is done,
// or the store is unavailable; the Report says what was done until then.
func (l *Loader) Load(ctx context.Context, paths ...string) (Report, error) {
	var rep Report
	if l.Store == nil {
		return rep, graph.E(graph.Op("loader.Load"), graph.Invalid, "no Store")
	}
	w := l.newWriter(&rep)
	err := l.Extract(ctx, func(e Extracted) error {
		var doc graph.Document
		if e.Document != nil {
			doc = e.Document.Document
		}
		if e.Err != nil {
			w.fail(doc, e.Err)
			return nil
		}
		return w.write(ctx, e.Extraction)
	}, paths...)
	if err == nil {
		err = w.close(ctx)
	} else {
		w.land(ctx)
	}
	return l.finish(ctx, rep, err)
}

// WriteExtractions writes extractions made already, in order, as Load
// writes what it extracts: each resolved against the store (Resolve) and
// written atomically, in batches when the Store is a graph.BatchWriter.
// Batches give what one Write after the other gives: each extraction is
// resolved against the store as it will be once the documents before it
// in its batch are written, which WriteExtractions works out from what the
// store holds and what those documents say. It normalises and resolves the
// extractions in place.
func (l *Loader) WriteExtractions(ctx context.Context, xs []*graph.Extraction) (Report, error) {
	var rep Report
	if l.Store == nil {
		return rep, graph.E(graph.Op("loader.WriteExtractions"), graph.Invalid, "no Store")
	}
	w := l.newWriter(&rep)
	for _, x := range xs {
		if x == nil {
			w.fail(graph.Document{}, graph.E(graph.Op("loader.WriteExtractions"), graph.Invalid, "no extraction"))
			continue
		}
		x.Normalize()
		if err := w.write(ctx, x); err != nil {
			w.land(ctx)
			return l.finish(ctx, rep, err)
		}
	}
	return l.finish(ctx, rep, w.close(ctx))
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
	if err := Resolve(ctx, l.Store, x); err != nil {
		if stop(err) {
			return err
		}
		l.failed(rep, x.Document, graph.E(op, itemOf(x.Document), err))
		return nil
	}
	res, err := l.Store.Write(ctx, x)
	return l.record(rep, x, res, err)
}

// record counts the outcome of the write of x.
func (l *Loader) record(rep *Report, x *graph.Extraction, res graph.WriteResult, err error) error {
	const op graph.Op = "loader.write"
	if err != nil {
		if stop(err) {
			return err
		}
		l.failed(rep, x.Document, graph.E(op, itemOf(x.Document), err))
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

// itemOf names a document in errors: its source, else its name.
func itemOf(d graph.Document) graph.Item {
	if d.Source != "" {
		return graph.Item(d.Source)
	}
	return graph.Item(d.Name)
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

func (l *Loader) batchSize() int {
	if l.BatchSize > 0 {
		return l.BatchSize
	}
	return DefaultBatchSize
}

func (l *Loader) batchBytes() int {
	if l.BatchBytes > 0 {
		return l.BatchBytes
	}
	return DefaultBatchBytes
}

// writer writes the extractions of one load in input order and reports
// them, and the failures among them, in that order: one Write each, or,
// when the Store is a graph.BatchWriter, in batches, each written (by
// WriteBatch, in a goroutine of its own) while the next one is resolved.
type writer struct {
	l   *Loader
	rep *Report
	bw  graph.BatchWriter // nil: one Write each
	// queue holds, in input order, the extractions of the next batch (not
	// yet resolved) and the failures to report among them.
	queue       []queued
	docs, bytes int // the extractions queued and their size
	// flight is the batch being written, if any.
	flight *flight
}

// queued is an extraction to write, or a failure to report.
type queued struct {
	x   *graph.Extraction // nil for a failure
	doc graph.Document
	err error
}

// flight is a batch that WriteBatch is writing, and what the overlay
// expects of it: the status of each extraction ("" for one the store
// rejects) and what they add to the store.
type flight struct {
	batch  []queued
	expect []graph.Status
	adds   *additions
	done   chan []graph.BatchResult
}

func (l *Loader) newWriter(rep *Report) *writer {
	w := &writer{l: l, rep: rep}
	if bw, ok := l.Store.(graph.BatchWriter); ok && l.batchSize() > 1 {
		w.bw = bw
	}
	return w
}

// fail reports a document or file that gave no extraction, after the
// extractions before it.
func (w *writer) fail(doc graph.Document, err error) {
	if len(w.queue) == 0 && w.flight == nil {
		w.l.failed(w.rep, doc, err)
		return
	}
	w.queue = append(w.queue, queued{doc: doc, err: err})
}

// write resolves and writes x, now or with the batch it joins.
func (w *writer) write(ctx context.Context, x *graph.Extraction) error {
	if w.bw == nil {
		return w.l.write(ctx, w.rep, x)
	}
	w.queue = append(w.queue, queued{x: x, doc: x.Document})
	w.docs++
	w.bytes += writeSize(x)
	if w.docs >= w.l.batchSize() || w.bytes >= w.l.batchBytes() {
		return w.flush(ctx)
	}
	return nil
}

// close writes what is queued and waits for the last batch.
func (w *writer) close(ctx context.Context) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	_, err := w.land(ctx)
	return err
}

// writeSize estimates what an extraction writes, in bytes.
func writeSize(x *graph.Extraction) int {
	const row = 64
	n := 4 * row
	for _, e := range x.Entities {
		n += 2*row + len(e.Name)
		for _, a := range e.Aliases {
			n += len(a)
		}
	}
	for _, r := range x.Relations {
		n += row
		for _, e := range r.Evidence {
			n += row + len(e.Sentence)
		}
	}
	for _, s := range x.Statements {
		n += row + len(s.Text)
		for _, e := range s.Evidence {
			n += row + len(e.Sentence)
		}
	}
	return n
}

// flush resolves the queued extractions and writes them, in one or more
// rounds.
func (w *writer) flush(ctx context.Context) error {
	q := w.queue
	w.queue, w.docs, w.bytes = nil, 0, 0
	for len(q) > 0 {
		n, err := w.round(ctx, q)
		if err != nil {
			return err
		}
		q = q[n:]
	}
	return nil
}

// round resolves the extractions of q one after the other, each against
// the store as it will be once those before it are written (overlay): the
// batch in flight included, which is written meanwhile. It then waits for
// that batch, and sets the resolved ones in flight in turn. It returns how
// much of q it took: all of it, or, when an extraction changes the store
// in a way the overlay cannot follow, the extractions up to that one,
// written at once, so that the next round resolves the rest against the
// store itself. When the batch in flight does not end as the overlay
// expected, the extractions of q are resolved again from the start.
func (w *writer) round(ctx context.Context, q []queued) (int, error) {
	const op graph.Op = "loader.write"
	var xs []*graph.Extraction
	for _, it := range q {
		if it.x != nil {
			xs = append(xs, it.x)
		}
	}
	if len(xs) == 0 {
		if _, err := w.land(ctx); err != nil {
			return 0, err
		}
		for _, it := range q {
			w.l.failed(w.rep, it.doc, it.err)
		}
		return len(q), nil
	}
	// To resolve again should the batch in flight end otherwise.
	var saved []*graph.Extraction
	if w.flight != nil {
		for _, x := range xs {
			saved = append(saved, x.Clone())
		}
	}
	again := func() (int, error) {
		for i, x := range xs {
			*x = *saved[i]
		}
		return 0, nil
	}
	o, err := newOverlay(ctx, w.l.Store, xs)
	if err != nil {
		if _, err := w.land(ctx); err != nil {
			return 0, err
		}
		if stop(err) {
			return 0, err
		}
		// Without the overlay, one document after the other.
		for _, it := range q {
			if it.x == nil {
				w.l.failed(w.rep, it.doc, it.err)
			} else if err := w.l.write(ctx, w.rep, it.x); err != nil {
				return 0, err
			}
		}
		return len(q), nil
	}
	if w.flight != nil {
		o.carry(w.flight.adds)
	}
	var batch []queued
	var expect []graph.Status
	for i, it := range q {
		if it.x == nil {
			batch = append(batch, it)
			continue
		}
		if err := Resolve(ctx, o, it.x); err != nil {
			if stop(err) {
				return 0, err
			}
			batch = append(batch, queued{doc: it.doc, err: graph.E(op, itemOf(it.doc), err)})
			continue
		}
		batch = append(batch, it)
		if it.x.Validate() != nil {
			expect = append(expect, "") // the store rejects it: it adds nothing
			continue
		}
		status, exact, err := o.add(ctx, it.x)
		expect = append(expect, status)
		if err != nil && stop(err) {
			return 0, err
		}
		if exact && err == nil {
			continue
		}
		// The store changes in a way the overlay cannot follow: write what
		// is resolved now; the next round resolves the rest.
		ok, err := w.land(ctx)
		if err != nil {
			return 0, err
		}
		if !ok {
			return again()
		}
		w.launch(ctx, batch, expect, o.own)
		if _, err := w.land(ctx); err != nil {
			return 0, err
		}
		return i + 1, nil
	}
	ok, err := w.land(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return again()
	}
	w.launch(ctx, batch, expect, o.own)
	return len(q), nil
}

// launch starts writing batch with WriteBatch in a goroutine of its own.
func (w *writer) launch(ctx context.Context, batch []queued, expect []graph.Status, adds *additions) {
	f := &flight{batch: batch, expect: expect, adds: adds, done: make(chan []graph.BatchResult, 1)}
	var xs []*graph.Extraction
	for _, it := range batch {
		if it.x != nil {
			xs = append(xs, it.x)
		}
	}
	go func() {
		var res []graph.BatchResult
		if len(xs) > 0 {
			res = w.bw.WriteBatch(ctx, xs)
		}
		f.done <- res
	}()
	w.flight = f
}

// land waits for the batch in flight, if any, and reports it. It reports
// whether every document ended as the overlay expected.
func (w *writer) land(ctx context.Context) (bool, error) {
	f := w.flight
	if f == nil {
		return true, nil
	}
	w.flight = nil
	res := <-f.done
	ok := true
	var first error
	for _, it := range f.batch {
		if it.x == nil {
			w.l.failed(w.rep, it.doc, it.err)
			continue
		}
		r, want := res[0], f.expect[0]
		res, f.expect = res[1:], f.expect[1:]
		if (r.Err != nil) != (want == "") || r.Err == nil && r.Status != want {
			ok = false
		}
		if first == nil {
			first = w.l.record(w.rep, it.x, r.WriteResult, r.Err)
		}
	}
	return ok, first
}

// overlay is the Store as Resolve must see it while documents wait to be
// written: Entities and Lookup answer as the store will once they are
// written (those of the batch in flight, carried, and those taken in by
// add), so that a batch gives what one Write after the other gives. It
// reads the store for a whole batch at once (what it holds of its
// documents, entities and their spellings), and keeps what it read. The
// batch in flight may be written before or after a read: what its
// documents add is added again to what was read, which changes nothing
// (names, aliases and spellings merge alike; a type other than the stored
// one stops the batch, see add). Its other methods are the store's.
type overlay struct {
	graph.Store
	// What the store holds: entities by ID (nil: not stored), the IDs of
	// those with a spelling of a Key, whether a document is stored, which
	// document holds a source; the last two as they will be once the
	// documents added are written.
	stored  map[string]*graph.Entity
	lookups map[string][]string
	docs    map[string]bool
	holders map[string]string
	// What the documents of the batch in flight and those added say.
	carried, own *additions
}

// additions is what documents add to the store: what they say of their
// entities, the Keys of their spellings, which documents they create, and
// which sources those hold.
type additions struct {
	entities map[string]*pendingEntity
	keys     map[string]map[string]bool
	docs     map[string]bool
	holders  map[string]string
}

func newAdditions() *additions {
	return &additions{entities: map[string]*pendingEntity{}, keys: map[string]map[string]bool{},
		docs: map[string]bool{}, holders: map[string]string{}}
}

// pendingEntity is what documents waiting to be written say of an entity.
type pendingEntity struct {
	name    string
	aliases []string // sorted, distinct
	votes   map[graph.Type]int
}

// newOverlay reads what the store holds of the documents xs and of their
// entities, the reads at once.
func newOverlay(ctx context.Context, st graph.Store, xs []*graph.Extraction) (*overlay, error) {
	o := &overlay{Store: st, docs: map[string]bool{}, holders: map[string]string{},
		stored: map[string]*graph.Entity{}, lookups: map[string][]string{}, own: newAdditions()}
	var ids, sources []string
	for _, x := range xs {
		ids = append(ids, x.Document.ID)
		if x.Document.Source != "" {
			sources = append(sources, x.Document.Source)
		}
	}
	var stored, held []*graph.Document
	var errIDs, errSources error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		stored, errIDs = st.Documents(ctx, graph.DocumentQuery{IDs: ids})
	}()
	if len(sources) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			held, errSources = st.Documents(ctx, graph.DocumentQuery{Sources: sources})
		}()
	}
	err := o.readEntities(ctx, xs)
	wg.Wait()
	if err = cmp.Or(errIDs, errSources, err); err != nil {
		return nil, err
	}
	for _, d := range stored {
		o.docs[d.ID] = true
	}
	for _, d := range held {
		o.holders[d.Source] = d.ID
	}
	return o, nil
}

// carry takes in what the documents of the batch in flight add.
func (o *overlay) carry(a *additions) {
	o.carried = a
	for id := range a.docs {
		o.docs[id] = true
	}
	for src, id := range a.holders {
		o.holders[src] = id
	}
}

// readEntities reads the entities of the documents xs, and the spellings
// Resolve may look up: those of the entities the store does not hold with
// the same type.
func (o *overlay) readEntities(ctx context.Context, xs []*graph.Extraction) error {
	var ids []string
	for _, x := range xs {
		for _, e := range x.Entities {
			ids = append(ids, e.ID)
		}
	}
	if err := o.read(ctx, ids); err != nil {
		return err
	}
	var names []string
	seen := map[string]bool{}
	for _, x := range xs {
		for _, e := range x.Entities {
			if s := o.stored[e.ID]; s != nil && s.Type == e.Type {
				continue
			}
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if k := graph.Key(n); k != "" && !seen[k] {
					seen[k] = true
					names = append(names, n)
				}
			}
		}
	}
	return o.lookupAll(ctx, names)
}

// lookupWorkers is how many look-ups lookupAll has under way at once in a
// store that is not a graph.BatchLookuper.
const lookupWorkers = 4

// lookupAll looks the names up in the store, all at once when it is a
// graph.BatchLookuper, else lookupWorkers at a time, and keeps the answers
// for Lookup.
func (o *overlay) lookupAll(ctx context.Context, names []string) error {
	if len(names) == 0 {
		return nil
	}
	if bl, ok := o.Store.(graph.BatchLookuper); ok {
		found, err := bl.LookupBatch(ctx, names)
		if err != nil {
			return err
		}
		for i, es := range found {
			o.keep(graph.Key(names[i]), es)
		}
		return nil
	}
	type answer struct {
		key string
		es  []*graph.Entity
		err error
	}
	next := make(chan string)
	answers := make(chan answer)
	go func() {
		defer close(next)
		for _, n := range names {
			select {
			case next <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(lookupWorkers, len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				es, err := o.Store.Lookup(ctx, n)
				answers <- answer{graph.Key(n), es, err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(answers)
	}()
	var first error
	for a := range answers {
		if a.err != nil {
			if first == nil {
				first = a.err
			}
			continue
		}
		o.keep(a.key, a.es)
	}
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// keep keeps the store's answer to a look-up of a Key.
func (o *overlay) keep(key string, es []*graph.Entity) {
	ids := make([]string, 0, len(es))
	for _, e := range es {
		ids = append(ids, e.ID)
		if _, read := o.stored[e.ID]; !read {
			o.stored[e.ID] = e
		}
	}
	o.lookups[key] = ids
}

// read reads the entities with the given IDs that the overlay has not read.
func (o *overlay) read(ctx context.Context, ids []string) error {
	var ask []string
	for _, id := range ids {
		if _, ok := o.stored[id]; !ok {
			ask = append(ask, id)
			o.stored[id] = nil
		}
	}
	if len(ask) == 0 {
		return nil
	}
	es, err := o.Store.Entities(ctx, ask)
	if err != nil {
		for _, id := range ask {
			delete(o.stored, id)
		}
		return err
	}
	for _, e := range es {
		o.stored[e.ID] = e
	}
	return nil
}

// add takes in x, resolved and valid, as the store will hold it once
// written, and returns the status its write will have. It reports false
// when the store will then hold what the overlay cannot tell: x replaces a
// document (whose contributions it does not know), or gives a stored
// entity another type (whose votes it does not know).
func (o *overlay) add(ctx context.Context, x *graph.Extraction) (graph.Status, bool, error) {
	id, src := x.Document.ID, x.Document.Source
	if o.docs[id] {
		return graph.StatusUnchanged, true, nil // stored already: the write changes nothing
	}
	o.docs[id] = true
	o.own.docs[id] = true
	if src != "" {
		old := o.holders[src]
		o.holders[src] = id
		o.own.holders[src] = id
		if old != "" {
			delete(o.docs, old)
			return graph.StatusReplaced, false, nil
		}
	}
	ids := make([]string, 0, len(x.Entities))
	for _, e := range x.Entities {
		ids = append(ids, e.ID)
	}
	if err := o.read(ctx, ids); err != nil {
		return graph.StatusCreated, false, err
	}
	exact := true
	for _, e := range x.Entities {
		if s := o.stored[e.ID]; s != nil && s.Type != e.Type {
			exact = false
		}
		p := o.own.entities[e.ID]
		if p == nil {
			p = &pendingEntity{votes: map[graph.Type]int{}}
			o.own.entities[e.ID] = p
		}
		spellings := graph.Aliases(e.Name, e.Aliases)
		p.name = graph.PreferName(p.name, e.Name)
		p.aliases = unionSorted(p.aliases, spellings)
		p.votes[e.Type]++
		for _, a := range spellings {
			k := graph.Key(a)
			if o.own.keys[k] == nil {
				o.own.keys[k] = map[string]bool{}
			}
			o.own.keys[k][e.ID] = true
		}
	}
	return graph.StatusCreated, exact, nil
}

// entity is the entity with the given ID as the store will hold it, or nil.
func (o *overlay) entity(id string) *graph.Entity {
	s := o.stored[id]
	var ps []*pendingEntity
	for _, a := range []*additions{o.carried, o.own} {
		if a != nil && a.entities[id] != nil {
			ps = append(ps, a.entities[id])
		}
	}
	if s == nil && len(ps) == 0 {
		return nil
	}
	e := &graph.Entity{ID: id}
	if s != nil {
		// add saw to it that the documents give it no other type.
		e.Type, e.Name, e.Aliases = s.Type, s.Name, slices.Sorted(slices.Values(s.Aliases))
	}
	votes := map[graph.Type]int{}
	for _, p := range ps {
		e.Name = graph.PreferName(e.Name, p.name)
		e.Aliases = unionSorted(e.Aliases, p.aliases)
		for t, n := range p.votes {
			votes[t] += n
		}
	}
	if s == nil {
		best := 0
		for _, t := range graph.Types() { // a tie goes to the earlier type
			if n := votes[t]; n > best {
				e.Type, best = t, n
			}
		}
	}
	e.Aliases = slices.Clone(e.Aliases)
	return e
}

// Entities returns the entities with the given IDs as the store will hold
// them, sorted by ID.
func (o *overlay) Entities(ctx context.Context, ids []string) ([]*graph.Entity, error) {
	if err := o.read(ctx, ids); err != nil {
		return nil, err
	}
	var out []*graph.Entity
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		if e := o.entity(id); e != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// Lookup returns the entities with a spelling of the Key of name as the
// store will hold them, of the given types (all when none), sorted by ID.
func (o *overlay) Lookup(ctx context.Context, name string, types ...graph.Type) ([]*graph.Entity, error) {
	k := graph.Key(name)
	if k == "" {
		return o.Store.Lookup(ctx, name, types...)
	}
	if _, ok := o.lookups[k]; !ok {
		es, err := o.Store.Lookup(ctx, name)
		if err != nil {
			return nil, err
		}
		o.keep(k, es)
	}
	ids := slices.Clone(o.lookups[k])
	for _, a := range []*additions{o.carried, o.own} {
		if a != nil {
			for id := range a.keys[k] {
				ids = append(ids, id)
			}
		}
	}
	var out []*graph.Entity
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		if e := o.entity(id); e != nil && (len(types) == 0 || slices.Contains(types, e.Type)) {
			out = append(out, e)
		}
	}
	return out, nil
}

// unionSorted returns the sorted union of two sorted, distinct lists.
func unionSorted(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}
