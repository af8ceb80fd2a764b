// Package neo4jtest gives tests a Neo4j store on the database the
// environment names, emptied, and keeps tests of different packages off it
// while one of them uses it.
//
// The database is the one of NEO4J_URI, NEO4J_USER (or NEO4J_USERNAME;
// default neo4j), NEO4J_PASSWORD and NEO4J_DATABASE: tests read the
// environment, the program reads its Config. Without NEO4J_URI the tests
// that need Neo4j skip, with a message that says how to start one; with
// CARTELGRAPH_REQUIRE_NEO4J=true (CI) they fail instead.
//
// Every test package that uses Neo4j shares one database, and `go test ./...`
// runs packages in parallel. So a test first takes the database: an exclusive
// lock (flock) on the file cartelgraph-neo4j-test.lock in the temporary
// directory, held until the test and its subtests end. Then it empties the
// database (its data; the schema stays). Typical uses:
//
//	s := neo4jtest.Open(t) // lock, wipe, open; closed and unlocked when t ends
//
//	db := neo4jtest.Lock(t) // the lock for t and all its subtests
//	graphtest.Run(t, func(t *testing.T) graph.Store { return db.Open(t) })
//
// A test that holds the lock must not call Lock or Open again (not even in a
// subtest): the second lock would wait for the first until the test's
// deadline, where Lock gives up with a message that says so. Use the DB's
// Open instead.
package neo4jtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph/neo4j"
)

// LockFile is the name of the lock file in os.TempDir().
const LockFile = "cartelgraph-neo4j-test.lock"

// Config returns the configuration the environment gives, and whether
// NEO4J_URI is set.
func Config() (neo4j.Config, bool) {
	user := os.Getenv("NEO4J_USER")
	if user == "" {
		user = os.Getenv("NEO4J_USERNAME")
	}
	if user == "" {
		user = "neo4j"
	}
	cfg := neo4j.Config{
		URI:      os.Getenv("NEO4J_URI"),
		User:     user,
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
	return cfg, cfg.URI != ""
}

// Required reports whether the environment makes a missing Neo4j a failure
// (CARTELGRAPH_REQUIRE_NEO4J=true).
func Required() bool {
	return os.Getenv("CARTELGRAPH_REQUIRE_NEO4J") == "true"
}

// DB is the test database, locked for the test that called Lock.
type DB struct {
	cfg neo4j.Config
}

// Config is the database's configuration.
func (db *DB) Config() neo4j.Config { return db.cfg }

// Lock takes the test database for t until t (and its subtests) end, or
// skips t when NEO4J_URI is unset (fails it when Neo4j is required).
func Lock(t testing.TB) *DB {
	t.Helper()
	cfg, ok := Config()
	if !ok {
		if Required() {
			t.Fatal("CARTELGRAPH_REQUIRE_NEO4J=true but NEO4J_URI is not set: " +
				`scripts/neo4j start && eval "$(scripts/neo4j env)"`)
		}
		t.Skip("NEO4J_URI is not set, so the Neo4j tests skip: " +
			`scripts/neo4j install && scripts/neo4j start && eval "$(scripts/neo4j env)"`)
	}
	path := filepath.Join(os.TempDir(), LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("neo4jtest: lock file: %v", err)
	}
	if err := wait(t, f, path); err != nil {
		f.Close()
		t.Fatalf("neo4jtest: %v", err)
	}
	t.Cleanup(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
	return &DB{cfg: cfg}
}

// wait takes the lock of f, polling, and gives up shortly before the test's
// deadline, when it has one, rather than let the test binary time out.
func wait(t testing.TB, f *os.File, path string) error {
	t.Helper()
	start := time.Now()
	deadline, hasDeadline := time.Time{}, false
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		deadline, hasDeadline = d.Deadline()
	}
	for said := false; ; {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			if said {
				t.Logf("neo4jtest: got the Neo4j test database after %v", time.Since(start).Round(time.Millisecond))
			}
			return nil
		}
		if err != syscall.EWOULDBLOCK {
			return fmt.Errorf("lock %s: %w", path, err)
		}
		if !said {
			t.Logf("neo4jtest: waiting for another test package to release the Neo4j test database (%s)", path)
			said = true
		}
		if hasDeadline && time.Until(deadline) < 30*time.Second {
			return fmt.Errorf("gave up after %v waiting for %s: another test package holds it, "+
				"or this test already does (call Lock or Open once per test; use DB.Open in subtests)",
				time.Since(start).Round(time.Second), path)
		}
		time.Sleep(pollInterval)
	}
}

// pollInterval is how often a waiting test tries the lock again.
const pollInterval = 50 * time.Millisecond

// Open locks the test database for t, empties it and opens a store on it,
// which is closed (and the database unlocked) when t ends.
func Open(t testing.TB) *neo4j.Store {
	t.Helper()
	return Lock(t).Open(t)
}

// Open empties the database and opens a store on it, closed when t ends
// (closing it earlier is fine). The caller, or a test it runs in, holds the lock.
func (db *DB) Open(t testing.TB) *neo4j.Store {
	t.Helper()
	ctx := context.Background()
	if err := Wipe(ctx, db.cfg); err != nil {
		t.Fatalf("neo4jtest: empty the database at %s: %v", db.cfg.URI, err)
	}
	s, err := neo4j.Open(ctx, db.cfg)
	if err != nil {
		t.Fatalf("neo4jtest: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Wipe deletes every node and relationship of the database of cfg, in
// batches of 10,000 nodes; constraints and indexes stay. Only tests call it.
func Wipe(ctx context.Context, cfg neo4j.Config) error {
	auth := neo4jdrv.NoAuth()
	if cfg.User != "" {
		auth = neo4jdrv.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4jdrv.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	sess := driver.NewSession(ctx, neo4jdrv.SessionConfig{DatabaseName: cfg.Database, AccessMode: neo4jdrv.AccessModeWrite})
	defer sess.Close(ctx)
	// CALL ... IN TRANSACTIONS needs an auto-commit transaction: Run.
	res, err := sess.Run(ctx, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}
