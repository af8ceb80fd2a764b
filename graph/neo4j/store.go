// Package neo4j is cartelgraph's production graph.Store: the graph kept in a
// Neo4j 5 database (neo4j-go-driver v5), in the model of docs/ARCHITECTURE.md
// ("The Neo4j model"), so that data teams can query it in Cypher directly.
//
// # Model
//
//	(:Entity:<Type> {id, name, type, aliases, keys, nameKey, nameRank, typeVotes})
//	(:Document {id, source, name, title, publisher, author, url, published})
//	(:Document)-[:MENTIONS {count, name, aliases, type}]->(:Entity)
//	(s:Entity)-[:<PREDICATE> {id, designation, date, title, amount, of, about, action,
//	                          alleged, confidence, sources, miss, votes}]->(o:Entity)
//	(:Entity)-[:SAID]->(:Statement {id, text, textKey, speaker, sources})-[:ABOUT]->(:Entity)
//	(:Evidence {id, fact, predicate, document, sentence, start, end, date, confidence, alleged,
//	            designation, title, amount, of, about, action, otherAttributes,
//	            text, aboutEntities})-[:FROM]->(:Document)
//
// Beyond the architecture's list, a few properties keep what the store
// contract needs and Cypher cannot compute:
//   - MENTIONS carries what its document says of the entity (the name, the
//     aliases and the type it gives), so that an entity is derived from the
//     documents that name it whatever their order, and re-derived when one of
//     them is replaced;
//   - Entity.nameKey is graph.Key(name), the order of graph.SortByName;
//     Entity.keys holds graph.Key of every alias (the name is one of them);
//   - Statement.textKey is graph.Key(text), for StatementQuery.Contains; the
//     evidence of a statement has predicate "SAID" and carries its document's
//     text of the quotation (text) and what it is about (aboutEntities);
//   - Evidence.otherAttributes holds, as a JSON object, attributes outside
//     graph.Attributes(), which no extractor gives today;
//   - the state from which a write derives an entity or a fact without
//     reading what every document says of it (see Writes):
//     Entity.typeVotes, a JSON object of how many documents give each type;
//     on a fact, miss, the product of 1 - confidence over its evidence, and
//     votes, a JSON object that lists for the date and each attribute the
//     values stated, with how many documents state each and where each is
//     first stated in evidence order.
//
// Labels and relationship types are written into queries only from the
// ontology's tables (graph.Types, graph.RelationTypes), or given as
// parameters taken from them (an entity's type label): every value, names
// and sentences included, is a query parameter.
//
// # Writes
//
// WriteBatch (Write is a batch of one) writes its documents in one
// transaction (ExecuteWrite, which retries transient errors), each part of
// it an UNWIND over rows of all the documents, never a query per row, in
// a few round trips, whatever the size of the batch and of the graph: (1)
// which documents are stored, which hold their sources; then, for each run
// of new documents that replace none, (2) claim: merge the entities, facts
// (one subquery per predicate) and statements they touch, lock them, and
// read their state; (3) write the documents, their mentions and evidence,
// and what the state with their contributions added derives (in Go):
// entities (graph.PreferName of the names, the union of the aliases, the
// type most documents give, as the one type label), facts (graph.Summarize:
// the majority of each attribute from the document counts of votes, the
// confidence from miss), statements. A fact whose state cannot tell its
// summary apart from graph.Summarize's (two values as frequent as each
// other first stated at one offset; a confidence of more than two sources
// at a rounding boundary, where the order of the product matters) is
// summarised from its evidence, read in one more round trip. So the cost
// of a write does not grow with the number of documents that name what it
// touches. A new version of a source first removes the old one, its
// evidence and mentions, and derives again from what the remaining
// documents say everything that touched (reading all of it: the rare path),
// deleting the facts and entities left without a source. What a write
// derives from is write-locked first, so that writers in other processes
// are serialised on what they share. A batch whose transaction fails for
// another reason than an unavailable server is written again one document
// per transaction, so that a bad document fails alone.
//
// # Reads
//
// Reads run in read transactions. Orders are the contract's, computed in Go
// where Cypher could differ (IDs are sorted with Go's byte order; Neo4j
// compares strings by code point, which is the same order, so paging by
// nameKey and id runs in Cypher). Search takes its candidates from the
// fulltext index entityKeys (whitespace analyzer over Entity.keys: the words
// of the keys as they are) and scores them in Go by the contract's rules, so
// that both stores rank alike; Lookup finds its candidates there too (the
// key's words in a row) and keeps those with the very key. Neighborhood and
// Path expand breadth first, one bounded query per level, in one transaction.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Config says which Neo4j to use.
type Config struct {
	// URI is the server's address, e.g. bolt://127.0.0.1:7687 or neo4j://host.
	URI string
	// User and Password authenticate; an empty User connects without authentication.
	User     string
	Password string
	// Database is the database to use; empty: the user's home database.
	Database string
}

// The driver's limits: how long a connection attempt, a wait for a pooled
// connection and the retries of a transaction may take.
const (
	connectTimeout = 5 * time.Second
	acquireTimeout = 30 * time.Second
	retryTime      = 30 * time.Second
	verifyTimeout  = 15 * time.Second
	poolSize       = 50
)

// startHint tells people how to get a local Neo4j.
const startHint = "start a local one with scripts/neo4j start, or unset NEO4J_URI to use the embedded store"

// Store is the Neo4j graph.Store. Its methods are safe for concurrent use.
type Store struct {
	driver    neo4jdrv.DriverWithContext
	bookmarks neo4jdrv.BookmarkManager
	uri       string
	database  string
	cypher    cypher // the queries of Write

	// wmu serialises this process's writers; writers in other processes are
	// serialised by Neo4j's locks on what they share.
	wmu    sync.Mutex
	closed atomic.Bool
}

var _ graph.Store = (*Store)(nil)

// Open connects to the Neo4j of cfg, checks that it answers, and sets up the
// schema (constraints and indexes, idempotently), waiting until the indexes
// are online. A server that cannot be reached gives a graph.Unavailable
// error, rejected credentials a graph.Permission error.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	const op graph.Op = "neo4j.Open"
	item := graph.Item(cfg.URI)
	if cfg.URI == "" {
		return nil, graph.E(op, graph.Invalid, "no Neo4j URI given")
	}
	auth := neo4jdrv.NoAuth()
	if cfg.User != "" {
		auth = neo4jdrv.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4jdrv.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = poolSize
		c.ConnectionAcquisitionTimeout = acquireTimeout
		c.SocketConnectTimeout = connectTimeout
		c.MaxTransactionRetryTime = retryTime
		c.SocketKeepalive = true
		c.UserAgent = "cartelgraph"
	})
	if err != nil {
		return nil, graph.E(op, graph.Invalid, item, fmt.Errorf("bad Neo4j URI: %w", err))
	}
	s := &Store{
		driver:    driver,
		bookmarks: neo4jdrv.NewBookmarkManager(neo4jdrv.BookmarkManagerConfig{}),
		uri:       cfg.URI,
		database:  cfg.Database,
		cypher:    newCypher(),
	}
	vctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	err = driver.VerifyConnectivity(vctx)
	cancel()
	if err == nil {
		err = s.setup(ctx)
	}
	if err != nil {
		driver.Close(context.WithoutCancel(ctx))
		return nil, s.fail(ctx, op, err)
	}
	return s, nil
}

// Close closes the driver and its connections. The store cannot be used afterwards.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.driver.Close(context.Background()); err != nil {
		return graph.E(graph.Op("neo4j.Close"), graph.Item(s.uri), err)
	}
	return nil
}

// session opens a session on the store's database; sessions share one
// bookmark manager, so that a read sees the writes made before it.
func (s *Store) session(ctx context.Context, mode neo4jdrv.AccessMode) neo4jdrv.SessionWithContext {
	return s.driver.NewSession(ctx, neo4jdrv.SessionConfig{
		AccessMode:      mode,
		DatabaseName:    s.database,
		BookmarkManager: s.bookmarks,
	})
}

// read runs fn in a read transaction. fn may run more than once (the driver
// retries transient failures), so it must set its results afresh each time.
func (s *Store) read(ctx context.Context, op graph.Op, fn func(tx neo4jdrv.ManagedTransaction) error) error {
	if err := s.check(ctx, op); err != nil {
		return err
	}
	// Stop retrying a little before the caller's deadline, to keep the time
	// to tell an outage from a slow query (fail).
	rctx := ctx
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) > 4*reachableWait {
		var cancel context.CancelFunc
		rctx, cancel = context.WithDeadline(ctx, dl.Add(-2*reachableWait))
		defer cancel()
	}
	// The driver retries what fails before a commit; a connection lost
	// during the commit of a read is safe to retry too, so read retries it.
	for attempt := 0; ; attempt++ {
		sess := s.session(rctx, neo4jdrv.AccessModeRead)
		_, err := sess.ExecuteRead(rctx, func(tx neo4jdrv.ManagedTransaction) (any, error) {
			return nil, fn(tx)
		})
		sess.Close(context.WithoutCancel(ctx))
		if err == nil {
			return nil
		}
		if attempt == readRetries || rctx.Err() != nil || !isConnectionFailure(err) {
			return s.fail(rctx, op, err)
		}
		select {
		case <-time.After(time.Duration(100<<attempt) * time.Millisecond):
		case <-rctx.Done():
			return s.fail(rctx, op, err)
		}
	}
}

// readRetries is how many times read retries a connection lost in a commit.
const readRetries = 4

// check fails when ctx is done or the store closed.
func (s *Store) check(ctx context.Context, op graph.Op) error {
	if err := ctx.Err(); err != nil {
		return graph.E(op, err)
	}
	if s.closed.Load() {
		return graph.E(op, graph.Internal, "the store is closed")
	}
	return nil
}

// fail turns an error of the driver into a graph error of the right kind:
// Unavailable when the server cannot be reached or keeps failing transiently,
// Permission when it refuses the credentials, Internal for a query it
// rejects (a bug). Errors of the store's own (graph errors) and of ctx keep
// theirs.
func (s *Store) fail(ctx context.Context, op graph.Op, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		// The driver retries a lost connection until the caller's deadline and
		// then reports only the deadline: ask the server whether it is there,
		// so that an outage reads as one and not as a query too slow.
		if errors.Is(cerr, context.DeadlineExceeded) && !s.reachable() {
			return graph.E(op, graph.Unavailable, graph.Item(s.uri),
				fmt.Errorf("cannot reach Neo4j at %s; %s", s.uri, startHint))
		}
		return graph.E(op, cerr)
	}
	var gerr *graph.Error
	if errors.As(err, &gerr) {
		return graph.E(op, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return graph.E(op, graph.Unavailable, graph.Item(s.uri),
			fmt.Errorf("Neo4j did not answer in time (%w); %s", err, startHint))
	}
	var nerr *neo4jdrv.Neo4jError
	if errors.As(err, &nerr) {
		switch code := nerr.Code; {
		case strings.HasPrefix(code, "Neo.ClientError.Security."):
			return graph.E(op, graph.Permission, graph.Item(s.uri),
				fmt.Errorf("Neo4j refused the credentials (check NEO4J_USER and NEO4J_PASSWORD): %w", err))
		case code == "Neo.ClientError.Database.DatabaseNotFound":
			return graph.E(op, graph.Invalid, graph.Item(s.uri),
				fmt.Errorf("no database %q on this server (check NEO4J_DATABASE): %w", s.database, err))
		case strings.HasPrefix(code, "Neo.TransientError."):
			return graph.E(op, graph.Unavailable, graph.Item(s.uri), err)
		}
		return graph.E(op, graph.Internal, graph.Item(s.uri), err)
	}
	var lim *neo4jdrv.TransactionExecutionLimit
	var conn *neo4jdrv.ConnectivityError
	if errors.As(err, &lim) || errors.As(err, &conn) || isConnectionFailure(err) {
		return graph.E(op, graph.Unavailable, graph.Item(s.uri),
			fmt.Errorf("cannot reach Neo4j at %s (%w); %s", s.uri, err, startHint))
	}
	return graph.E(op, graph.Internal, graph.Item(s.uri), err)
}

// reachableWait bounds how long reachable waits for the server to answer.
const reachableWait = time.Second

// reachable reports whether the server answers a connectivity check within reachableWait.
func (s *Store) reachable() bool {
	ctx, cancel := context.WithTimeout(context.Background(), reachableWait)
	defer cancel()
	return s.driver.VerifyConnectivity(ctx) == nil
}

// isConnectionFailure recognises the driver's errors for a server that is
// not there, which it does not always wrap in a ConnectivityError.
func isConnectionFailure(err error) bool {
	msg := err.Error()
	for _, s := range []string{"ConnectivityError", "connection refused", "no such host", "i/o timeout", "connect:"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
