package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
)

// LockName is the base name of the lock file, in os.TempDir(), that every
// user of the shared test database holds while using it (graph/neo4j/neo4jtest).
const LockName = "cartelgraph-neo4j-test.lock"

// batchSize is how many rows one UNWIND of the raw baseline writes.
const batchSize = 1000

// neo4jDB is the database of a run: a driver of its own for the raw
// baseline and the wipes.
type neo4jDB struct {
	cfg    *Neo4j
	driver neo4jdrv.DriverWithContext
	// ours is set once Run has wiped the database: what it holds since is the run's.
	ours bool
}

func openNeo4j(ctx context.Context, cfg *Neo4j, log io.Writer) (*neo4jDB, error) {
	const op graph.Op = "bench.Neo4j"
	if cfg.Open == nil {
		return nil, graph.E(op, graph.Invalid, "no way to open cartelgraph's Neo4j store")
	}
	auth := neo4jdrv.NoAuth()
	if cfg.User != "" {
		auth = neo4jdrv.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := neo4jdrv.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		return nil, graph.E(op, graph.Invalid, graph.Item(cfg.URI), err)
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		d.Close(ctx)
		return nil, graph.E(op, graph.Unavailable, graph.Item(cfg.URI), err)
	}
	return &neo4jDB{cfg: cfg, driver: d}, nil
}

func (db *neo4jDB) close() { db.driver.Close(context.Background()) }

// lock takes the exclusive lock of the shared database, waiting for the
// tests that hold it, and returns its release.
func (db *neo4jDB) lock(ctx context.Context, log io.Writer) (func(), error) {
	const op graph.Op = "bench.lock"
	path := db.cfg.LockFile
	if path == "" {
		path = filepath.Join(os.TempDir(), LockName)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, graph.E(op, graph.Item(path), err)
	}
	said := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if err != syscall.EWOULDBLOCK {
			f.Close()
			return nil, graph.E(op, graph.Item(path), err)
		}
		if !said {
			fmt.Fprintf(log, "bench: waiting for %s (tests are using the database)\n", path)
			said = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, graph.E(op, graph.Item(path), ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// checkEmpty refuses a database that holds data Run did not write, unless
// the configuration allows wiping it.
func (db *neo4jDB) checkEmpty(ctx context.Context) error {
	if db.ours || db.cfg.Wipe {
		return nil
	}
	res, err := neo4jdrv.ExecuteQuery(ctx, db.driver, "MATCH (n) RETURN count(n) AS n", nil,
		neo4jdrv.EagerResultTransformer, neo4jdrv.ExecuteQueryWithDatabase(db.cfg.Database))
	if err != nil {
		return graph.E(graph.Op("bench.Neo4j"), graph.Unavailable, graph.Item(db.cfg.URI), err)
	}
	if n, _ := res.Records[0].Get("n"); n.(int64) > 0 {
		return graph.E(graph.Op("bench.Neo4j"), graph.Invalid, graph.Item(db.cfg.URI), fmt.Sprintf(
			"database %q holds %d nodes, and the benchmark deletes everything in it: allow that with --yes-wipe, or point it at an empty database",
			db.cfg.Database, n))
	}
	return nil
}

// wipe deletes every relationship and node of the database, in batches.
// The schema (constraints and indexes) stays.
func (db *neo4jDB) wipe(ctx context.Context) error {
	s := db.driver.NewSession(ctx, neo4jdrv.SessionConfig{DatabaseName: db.cfg.Database})
	defer s.Close(ctx)
	for _, q := range []string{
		"MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
		"MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS",
	} {
		res, err := s.Run(ctx, q, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return graph.E(graph.Op("bench.wipe"), graph.Unavailable, graph.Item(db.cfg.URI), err)
		}
	}
	db.ours = true
	return nil
}

// A batch is one kind of row and the UNWIND that writes it.
type batch struct {
	query string
	rows  []map[string]any
}

// rawLoad writes the rows of xs with the simplest batched UNWIND … MERGE,
// batchSize rows a transaction, one kind of row after the other, into the
// schema cartelgraph's store set up, and measures it.
func (db *neo4jDB) rawLoad(ctx context.Context, xs []*graph.Extraction) (Load, error) {
	ld := Load{Name: loadRaw, Documents: len(xs), Of: len(xs)}
	for _, x := range xs {
		ld.Rows += rowCount(x)
	}
	batches := rawRows(xs)
	debug.FreeOSMemory()
	resetPeak()
	ld.StartRSS = rss()
	t0 := time.Now()
	for _, b := range batches {
		for i := 0; i < len(b.rows); i += batchSize {
			rows := b.rows[i:min(i+batchSize, len(b.rows))]
			_, err := neo4jdrv.ExecuteQuery(ctx, db.driver, b.query, map[string]any{"rows": rows},
				neo4jdrv.EagerResultTransformer, neo4jdrv.ExecuteQueryWithDatabase(db.cfg.Database))
			if err != nil {
				return ld, graph.E(graph.Op("bench.rawLoad"), graph.Unavailable, graph.Item(db.cfg.URI), err)
			}
		}
	}
	ld.Wall = time.Since(t0)
	ld.PeakRSS = peakRSS()
	return ld, nil
}

// rawRows turns extractions into the rows of the raw baseline, grouped by
// the query that writes them, in the order they must be written.
func rawRows(xs []*graph.Extraction) []batch {
	docs := batch{query: "UNWIND $rows AS r MERGE (d:Document {id: r.id}) SET d += r.props"}
	entities := map[graph.Type]*batch{}
	for _, t := range graph.Types() {
		entities[t] = &batch{query: "UNWIND $rows AS r MERGE (e:Entity {id: r.id}) SET e:" + string(t) + " SET e += r.props"}
	}
	mentions := batch{query: "UNWIND $rows AS r MATCH (d:Document {id: r.document}) MATCH (e:Entity {id: r.entity}) " +
		"MERGE (d)-[m:MENTIONS]->(e) SET m += r.props"}
	relations := map[graph.Predicate]*batch{}
	for _, rt := range graph.RelationTypes() {
		relations[rt.Predicate] = &batch{query: "UNWIND $rows AS r MATCH (s:Entity {id: r.subject}) MATCH (o:Entity {id: r.object}) " +
			"MERGE (s)-[x:" + string(rt.Predicate) + " {id: r.id}]->(o) SET x += r.props"}
	}
	statements := batch{query: "UNWIND $rows AS r MATCH (p:Entity {id: r.speaker}) MERGE (s:Statement {id: r.id}) SET s += r.props " +
		"MERGE (p)-[:SAID]->(s)"}
	about := batch{query: "UNWIND $rows AS r MATCH (s:Statement {id: r.statement}) MATCH (e:Entity {id: r.entity}) MERGE (s)-[:ABOUT]->(e)"}
	evidence := batch{query: "UNWIND $rows AS r MATCH (d:Document {id: r.document}) MERGE (v:Evidence {id: r.id}) SET v += r.props " +
		"MERGE (v)-[:FROM]->(d)"}

	for _, x := range xs {
		d := x.Document
		docs.rows = append(docs.rows, map[string]any{"id": d.ID, "props": map[string]any{
			"source": d.Source, "name": d.Name, "title": d.Title, "publisher": d.Publisher,
			"author": d.Author, "url": d.URL, "published": d.Published}})
		for _, e := range x.Entities {
			keys := []string{graph.Key(e.Name)}
			for _, a := range e.Aliases {
				keys = append(keys, graph.Key(a))
			}
			b := entities[e.Type]
			b.rows = append(b.rows, map[string]any{"id": e.ID, "props": map[string]any{
				"name": e.Name, "type": string(e.Type), "aliases": e.Aliases, "keys": keys,
				"nameKey": graph.Key(e.Name), "nameRank": graph.NameRank(e.Name)}})
		}
		types := map[string]*graph.Entity{}
		for i := range x.Entities {
			types[x.Entities[i].ID] = &x.Entities[i]
		}
		for _, m := range x.Mentions {
			props := map[string]any{"count": m.Count}
			if e := types[m.Entity]; e != nil {
				props["name"], props["aliases"], props["type"] = e.Name, e.Aliases, string(e.Type)
			}
			mentions.rows = append(mentions.rows, map[string]any{"document": d.ID, "entity": m.Entity, "props": props})
		}
		for _, r := range x.Relations {
			props := map[string]any{"alleged": r.Alleged, "confidence": r.Confidence, "sources": len(r.Evidence)}
			for k, v := range r.Attributes {
				props[k] = v
			}
			if r.Date != "" {
				props["date"] = r.Date
			}
			b := relations[r.Predicate]
			b.rows = append(b.rows, map[string]any{"id": r.ID, "subject": r.Subject, "object": r.Object, "props": props})
			for _, ev := range r.Evidence {
				evidence.rows = append(evidence.rows, evidenceRow(r.ID, string(r.Predicate), d.ID, ev))
			}
		}
		for _, s := range x.Statements {
			statements.rows = append(statements.rows, map[string]any{"id": s.ID, "speaker": s.Speaker, "props": map[string]any{
				"text": s.Text, "textKey": graph.Key(s.Text), "speaker": s.Speaker, "sources": len(s.Evidence)}})
			for _, a := range s.About {
				about.rows = append(about.rows, map[string]any{"statement": s.ID, "entity": a})
			}
			for _, ev := range s.Evidence {
				evidence.rows = append(evidence.rows, evidenceRow(s.ID, graph.Said, d.ID, ev))
			}
		}
	}
	out := []batch{docs}
	for _, t := range graph.Types() {
		out = append(out, *entities[t])
	}
	out = append(out, mentions)
	for _, rt := range graph.RelationTypes() {
		out = append(out, *relations[rt.Predicate])
	}
	return append(out, statements, about, evidence)
}

func evidenceRow(fact, predicate, doc string, ev graph.Evidence) map[string]any {
	if ev.Document != "" {
		doc = ev.Document
	}
	props := map[string]any{"fact": fact, "predicate": predicate, "document": doc, "sentence": ev.Sentence,
		"start": ev.Start, "end": ev.End, "date": ev.Date, "confidence": ev.Confidence, "alleged": ev.Alleged}
	for k, v := range ev.Attributes {
		props[k] = v
	}
	return map[string]any{"id": graph.EvidenceID(fact, doc, ev.Start), "document": doc, "props": props}
}
