// Package embedded is cartelgraph's default graph.Store: no server, no set-up,
// one file in a data directory.
//
// # Design
//
// The store keeps two things. On disk, a bbolt file (go.etcd.io/bbolt, the
// embedded key-value store of etcd) holds one record per document: its
// normalised graph.Extraction as JSON under the document's ID, with an index
// from each document's Source to its ID. In memory, the graph is derived from
// those records: entities merged across documents, relations and statements
// with the evidence of every document, mentions, documents, and adjacency
// sets for Neighborhood and Path. Open rebuilds the memory from the records
// (a replay); each Write updates both.
//
// Why bbolt and not a snapshot of the graph written to a file: the unit a
// Store writes is a document, and bbolt commits one document in one
// transaction, copy-on-write and fsync'd, without rewriting what is already
// stored. A crash in the middle of a Write leaves the file as it was before
// it; a snapshot file would have to be rewritten whole for every document, or
// be made crash-safe by hand. Replacing a document (same Source, new ID)
// deletes the old record and puts the new one in the same transaction, so a
// replacement is atomic too. Storing extractions rather than the merged graph
// keeps the merge rules (graph.PreferName, graph.Summarize, ...) in one place,
// the code that derives the memory, and lets a later version of those rules
// apply to old data on the next Open.
//
// bbolt takes an exclusive lock on its file, so a second process that opens
// the same data directory cannot corrupt it: Open fails at once with a
// graph.Unavailable error, OpenWith can wait for the lock (two `cartelgraph
// load` commands run one after the other).
//
// # Concurrency
//
// Reads share an RWMutex's read lock and run in parallel. Writes are
// serialised: a writer commits to disk first, holding only the writers' lock,
// then takes the write lock for the short in-memory update, so readers do not
// wait for the fsync.
package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/cartelgraph/cartelgraph/graph"
)

// FileName is the name of the store's file in its data directory.
const FileName = "cartelgraph.db"

// The buckets of the file, and the version of its layout.
const (
	bucketDocuments = "documents" // document ID -> normalised graph.Extraction as JSON
	bucketSources   = "sources"   // document Source -> document ID
	bucketMeta      = "meta"      // "version" -> formatVersion
	formatVersion   = "1"
)

// lockTimeout is how long Open waits for another process to release the file.
const lockTimeout = 500 * time.Millisecond

// Options tunes OpenWith. The zero Options is Open's behaviour.
type Options struct {
	// Wait is how long to wait for another process to release the data
	// directory before failing with a graph.Unavailable error; below the
	// default of 500 ms it is 500 ms.
	Wait time.Duration
	// Waiting, when set, is called once, when the directory is found held by
	// another process and OpenWith starts to wait for it (to tell people).
	Waiting func()
}

// Store is the embedded graph.Store. Its methods are safe for concurrent use.
type Store struct {
	path string
	db   *bolt.DB

	// wmu serialises writers and Close.
	wmu sync.Mutex
	// mu guards g and closed.
	mu     sync.RWMutex
	g      *memGraph
	closed bool
}

var _ graph.Store = (*Store)(nil)

// Open opens the store in dir, creating the directory and the file when they
// do not exist, and loads the graph into memory. It fails with a
// graph.Unavailable error when another process holds the directory.
func Open(ctx context.Context, dir string) (*Store, error) {
	return OpenWith(ctx, dir, Options{})
}

// OpenWith is Open that may wait for another process to release the
// directory: see Options.
func OpenWith(ctx context.Context, dir string, opts Options) (*Store, error) {
	const op graph.Op = "embedded.Open"
	if dir == "" {
		return nil, graph.E(op, graph.Invalid, "no data directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, graph.E(op, fileKind(err), graph.Item(dir), err)
	}
	path := filepath.Join(dir, FileName)
	db, err := openLocked(ctx, path, opts)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, graph.E(op, graph.Unavailable, graph.Item(dir),
			"another cartelgraph process holds the data directory; stop it or use another data directory")
	}
	if err != nil {
		return nil, graph.E(op, fileKind(err), graph.Item(path), err)
	}
	s := &Store{path: path, db: db, g: newMemGraph()}
	if err := s.load(ctx); err != nil {
		db.Close()
		return nil, graph.E(op, graph.Item(path), err)
	}
	return s, nil
}

// openLocked opens the bbolt file, waiting up to opts.Wait for its lock, in
// steps of at most a second so that ctx can stop the wait. It returns
// berrors.ErrTimeout when the lock stayed held.
func openLocked(ctx context.Context, path string, opts Options) (*bolt.DB, error) {
	deadline := time.Now().Add(max(opts.Wait, lockTimeout))
	step, waiting := lockTimeout, false
	for {
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: step})
		if !errors.Is(err, berrors.ErrTimeout) {
			return db, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, err
		}
		if !waiting && opts.Waiting != nil {
			opts.Waiting()
		}
		waiting = true
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		step = min(left, time.Second)
	}
}

func fileKind(err error) graph.Kind {
	if errors.Is(err, fs.ErrPermission) {
		return graph.Permission
	}
	return graph.Other
}

// load creates the buckets of a new file, checks the version of an old one,
// and replays every stored document into memory.
func (s *Store) load(ctx context.Context) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{bucketDocuments, bucketSources, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		meta := tx.Bucket([]byte(bucketMeta))
		switch v := meta.Get([]byte("version")); {
		case v == nil:
			return meta.Put([]byte("version"), []byte(formatVersion))
		case string(v) != formatVersion:
			return graph.E(graph.Invalid, fmt.Sprintf("file format version %q, this program reads %q", v, formatVersion))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketDocuments)).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var x graph.Extraction
			if err := json.Unmarshal(v, &x); err != nil {
				return graph.E(graph.Internal, fmt.Sprintf("document %s: %v", k, err))
			}
			s.g.add(&x)
			return nil
		})
	})
}

// Close closes the file. The store cannot be used afterwards.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.g = newMemGraph()
	s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		return graph.E(graph.Op("embedded.Close"), graph.Item(s.path), err)
	}
	return nil
}

// Write stores one document's extraction: one bbolt transaction puts its
// record (and deletes the record of the document it replaces), then the
// in-memory graph takes it in.
func (s *Store) Write(ctx context.Context, x *graph.Extraction) (graph.WriteResult, error) {
	r := s.WriteBatch(ctx, []*graph.Extraction{x})[0]
	return r.WriteResult, r.Err
}

var _ graph.BatchWriter = (*Store)(nil)

// WriteBatch stores the extractions as Write would one after the other (see
// graph.BatchWriter), in one bbolt transaction, which saves a sync of the
// file per document; when that transaction fails, it writes them again one
// per transaction, so that a failure stays with its document.
func (s *Store) WriteBatch(ctx context.Context, xs []*graph.Extraction) []graph.BatchResult {
	const op graph.Op = "embedded.Write"
	out := make([]graph.BatchResult, len(xs))
	var ws []*write
	for i, x := range xs {
		if x == nil {
			out[i].Err = graph.E(op, graph.Invalid, "no extraction")
			continue
		}
		nx, data, err := prepare(x)
		if err != nil {
			out[i].Err = graph.E(op, err)
			continue
		}
		ws = append(ws, &write{i: i, x: nx, data: data})
	}
	if len(ws) == 0 {
		return out
	}

	s.wmu.Lock()
	defer s.wmu.Unlock()
	fail := func(ws []*write, err error) {
		for _, w := range ws {
			out[w.i].Err = err
		}
	}
	if err := ctx.Err(); err != nil {
		fail(ws, graph.E(op, err))
		return out
	}
	// Only writers change the memory and this one holds wmu: reading it here
	// needs no read lock.
	if s.closed {
		fail(ws, errClosed(op))
		return out
	}
	err := s.commit(ctx, ws)
	if err != nil && len(ws) > 1 && ctx.Err() == nil {
		// One transaction per document, so that a failure stays with its own.
		for _, w := range ws {
			w.reset()
			if err := s.commit(ctx, []*write{w}); err != nil {
				out[w.i].Err = graph.E(op, graph.Item(s.path), fmt.Errorf("document %s: %w", w.x.Document.ID, err))
				continue
			}
			out[w.i].WriteResult = w.res
		}
		return out
	}
	if err != nil {
		for _, w := range ws {
			out[w.i].Err = graph.E(op, graph.Item(s.path), fmt.Errorf("document %s: %w", w.x.Document.ID, err))
		}
		return out
	}
	for _, w := range ws {
		out[w.i].WriteResult = w.res
	}
	return out
}

// write is one document of a WriteBatch: its normalised extraction and
// record, and, once committed, what became of it.
type write struct {
	i    int // its index in the batch
	x    *graph.Extraction
	data []byte
	old  *graph.Extraction // the document it replaced
	res  graph.WriteResult
}

func (w *write) reset() { w.old, w.res = nil, graph.WriteResult{} }

// commit writes ws in order in one bbolt transaction, then takes them into
// the in-memory graph. The caller holds wmu.
func (s *Store) commit(ctx context.Context, ws []*write) error {
	unchanged := true
	for _, w := range ws {
		w.reset()
		if _, ok := s.g.docs[w.x.Document.ID]; !ok {
			unchanged = false
		}
	}
	if unchanged { // nothing to write: no transaction, no sync
		for _, w := range ws {
			w.res = graph.WriteResult{Status: graph.StatusUnchanged}
		}
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		docs, sources := tx.Bucket([]byte(bucketDocuments)), tx.Bucket([]byte(bucketSources))
		for _, w := range ws {
			if err := ctx.Err(); err != nil {
				return err
			}
			id, source := w.x.Document.ID, w.x.Document.Source
			// The file holds what the memory holds plus this transaction's writes.
			if docs.Get([]byte(id)) != nil {
				w.res = graph.WriteResult{Status: graph.StatusUnchanged}
				continue
			}
			w.res = graph.WriteResult{Status: graph.StatusCreated}
			if source != "" {
				if old := sources.Get([]byte(source)); old != nil {
					rec := docs.Get(old)
					if rec == nil {
						return graph.E(graph.Internal, fmt.Sprintf("document %s of source %q is not in the file", old, source))
					}
					w.old = new(graph.Extraction)
					if err := json.Unmarshal(rec, w.old); err != nil {
						return graph.E(graph.Internal, fmt.Sprintf("document %s: %v", old, err))
					}
					if err := docs.Delete(old); err != nil {
						return err
					}
					w.res = graph.WriteResult{Status: graph.StatusReplaced, Replaced: string(old)}
				}
			}
			if err := docs.Put([]byte(id), w.data); err != nil {
				return err
			}
			if source != "" {
				if err := sources.Put([]byte(source), []byte(id)); err != nil {
					return err
				}
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range ws {
		if w.res.Status == graph.StatusUnchanged {
			continue
		}
		if w.old != nil {
			s.g.remove(w.old)
		}
		s.g.add(w.x)
	}
	return nil
}

// prepare normalises and validates a copy of x, and encodes it for the file.
func prepare(x *graph.Extraction) (*graph.Extraction, []byte, error) {
	raw, err := json.Marshal(x)
	if err != nil {
		return nil, nil, graph.E(graph.Invalid, graph.Item(x.Document.ID), err)
	}
	nx := new(graph.Extraction)
	if err := json.Unmarshal(raw, nx); err != nil {
		return nil, nil, graph.E(graph.Internal, graph.Item(x.Document.ID), err)
	}
	nx.Normalize()
	if err := nx.Validate(); err != nil {
		return nil, nil, err
	}
	data, err := json.Marshal(nx)
	if err != nil {
		return nil, nil, graph.E(graph.Internal, graph.Item(x.Document.ID), err)
	}
	return nx, data, nil
}

func errClosed(op graph.Op) error {
	return graph.E(op, graph.Internal, "the store is closed")
}

// read runs f under the read lock, after checking ctx and that the store is open.
func (s *Store) read(ctx context.Context, op graph.Op, f func(g *memGraph) error) error {
	if err := ctx.Err(); err != nil {
		return graph.E(op, err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errClosed(op)
	}
	if err := f(s.g); err != nil {
		return graph.E(op, err)
	}
	return nil
}
