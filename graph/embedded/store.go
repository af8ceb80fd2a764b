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
// the same data directory fails at once with a graph.Unavailable error
// rather than corrupting it.
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
	const op graph.Op = "embedded.Open"
	if dir == "" {
		return nil, graph.E(op, graph.Invalid, "no data directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, graph.E(op, fileKind(err), graph.Item(dir), err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
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
	const op graph.Op = "embedded.Write"
	if x == nil {
		return graph.WriteResult{}, graph.E(op, graph.Invalid, "no extraction")
	}
	nx, data, err := prepare(x)
	if err != nil {
		return graph.WriteResult{}, graph.E(op, err)
	}
	id, source := nx.Document.ID, nx.Document.Source

	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := ctx.Err(); err != nil {
		return graph.WriteResult{}, graph.E(op, graph.Item(id), err)
	}
	// Only writers change the memory and this one holds wmu: reading it here
	// needs no read lock.
	if s.closed {
		return graph.WriteResult{}, errClosed(op)
	}
	if _, ok := s.g.docs[id]; ok {
		return graph.WriteResult{Status: graph.StatusUnchanged}, nil
	}
	var old string
	if source != "" {
		old = s.g.sources[source]
	}

	var oldX *graph.Extraction
	err = s.db.Update(func(tx *bolt.Tx) error {
		docs, sources := tx.Bucket([]byte(bucketDocuments)), tx.Bucket([]byte(bucketSources))
		if old != "" {
			rec := docs.Get([]byte(old))
			if rec == nil {
				return graph.E(graph.Internal, fmt.Sprintf("document %s of source %q is not in the file", old, source))
			}
			oldX = new(graph.Extraction)
			if err := json.Unmarshal(rec, oldX); err != nil {
				return graph.E(graph.Internal, fmt.Sprintf("document %s: %v", old, err))
			}
			if err := docs.Delete([]byte(old)); err != nil {
				return err
			}
		}
		if err := docs.Put([]byte(id), data); err != nil {
			return err
		}
		if source != "" {
			if err := sources.Put([]byte(source), []byte(id)); err != nil {
				return err
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return graph.WriteResult{}, graph.E(op, graph.Item(s.path), fmt.Errorf("document %s: %w", id, err))
	}

	s.mu.Lock()
	if oldX != nil {
		s.g.remove(oldX)
	}
	s.g.add(nx)
	s.mu.Unlock()
	if oldX != nil {
		return graph.WriteResult{Status: graph.StatusReplaced, Replaced: old}, nil
	}
	return graph.WriteResult{Status: graph.StatusCreated}, nil
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
