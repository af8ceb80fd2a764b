package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Write stores one document's extraction in one transaction; see the package
// comment for how.
func (s *Store) Write(ctx context.Context, x *graph.Extraction) (graph.WriteResult, error) {
	r := s.WriteBatch(ctx, []*graph.Extraction{x})[0]
	return r.WriteResult, r.Err
}

var _ graph.BatchWriter = (*Store)(nil)

// maxBatchRows bounds the rows of one transaction of WriteBatch: a longer
// batch is written in several transactions, one after the other.
const maxBatchRows = 20000

// WriteBatch stores the extractions as Write would one after the other (see
// graph.BatchWriter) in one transaction of a few round trips, or several for
// a batch of more than maxBatchRows rows. When a transaction fails for
// another reason than an unavailable server or the end of ctx, its
// documents are written again one per transaction, so that a failure stays
// with its document.
func (s *Store) WriteBatch(ctx context.Context, xs []*graph.Extraction) []graph.BatchResult {
	const op graph.Op = "neo4j.Write"
	out := make([]graph.BatchResult, len(xs))
	// Each document is laid out on its own: on several cores at once.
	all := make([]*plan, len(xs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(xs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(xs) {
					return
				}
				if xs[i] == nil {
					out[i].Err = graph.E(op, graph.Invalid, "no extraction")
					continue
				}
				p, err := newPlan(xs[i])
				if err != nil {
					out[i].Err = graph.E(op, err)
					continue
				}
				p.i = i
				all[i] = p
			}
		}()
	}
	wg.Wait()
	var plans []*plan
	for _, p := range all {
		if p != nil {
			plans = append(plans, p)
		}
	}
	if len(plans) == 0 {
		return out
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	for len(plans) > 0 {
		n, rows := 1, plans[0].size
		for n < len(plans) && rows+plans[n].size <= maxBatchRows {
			rows += plans[n].size
			n++
		}
		s.writePlans(ctx, op, plans[:n], out)
		// Neo4j gone or the caller gone: the rest would only wait out the
		// driver's retries one transaction after another.
		if err := out[plans[n-1].i].Err; err != nil && (graph.KindOf(err) == graph.Unavailable || ctx.Err() != nil) {
			for _, p := range plans[n:] {
				out[p.i].Err = graph.E(graph.Item(p.doc.ID), err)
			}
			break
		}
		plans = plans[n:]
	}
	return out
}

// writePlans writes plans in one transaction and sets their results in out,
// or, when it fails, in one transaction each.
func (s *Store) writePlans(ctx context.Context, op graph.Op, plans []*plan, out []graph.BatchResult) {
	res, err := s.writeTx(ctx, op, plans)
	if err != nil && len(plans) > 1 && graph.KindOf(err) != graph.Unavailable && ctx.Err() == nil {
		for _, p := range plans {
			s.writePlans(ctx, op, []*plan{p}, out)
		}
		return
	}
	for j, p := range plans {
		if err != nil {
			out[p.i].Err = graph.E(graph.Item(p.doc.ID), err)
			continue
		}
		out[p.i].WriteResult = res[j]
	}
}

// writeTx runs the transaction that writes plans, and returns their results.
func (s *Store) writeTx(ctx context.Context, op graph.Op, plans []*plan) ([]graph.WriteResult, error) {
	if err := s.check(ctx, op); err != nil {
		return nil, err
	}
	sess := s.session(ctx, neo4jdrv.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	// A writer in another process may store the same document or source
	// between this one's check and its commit: the unique constraints stop
	// the second, and one more try sees what the first stored.
	var res []graph.WriteResult
	var err error
	for try := 0; ; try++ {
		res, err = neo4jdrv.ExecuteWrite(ctx, sess, func(tx neo4jdrv.ManagedTransaction) ([]graph.WriteResult, error) {
			return s.cypher.run(ctx, tx, plans)
		})
		if err == nil || try > 0 || !isConstraintViolation(err) {
			break
		}
	}
	if err != nil {
		return nil, s.fail(ctx, op, err)
	}
	return res, nil
}

func isConstraintViolation(err error) bool {
	var nerr *neo4jdrv.Neo4jError
	return errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed"
}

// The queries of a write take one parameter, $rows, which says which part
// of the query takes each row: for claim and write, a map from a kind (or a
// predicate) to its rows; for derive and set, a list of maps whose field
// kind says it (and field p the predicate, t the type, where they matter).
// Neo4j caches a query's plan by its text and the types of its parameters:
// one parameter keeps a single plan per query, where a parameter per
// predicate would make one (of a second or more) per combination of empty
// and non-empty lists.
const (
	kDocument        = "document"
	kEntity          = "entity"
	kRelation        = "relation"
	kStatement       = "statement"
	kStatementAbout  = "statementAbout"
	kAddAbout        = "addAbout"
	kRelabel         = "relabel"
	kDeleteRelation  = "deleteRelation"
	kDeleteStatement = "deleteStatement"
	kDeleteEntity    = "deleteEntity"
)

// plan is one document of a write, normalised and validated, laid out for
// the queries; computed once, before the transaction (which may run more
// than once) and never changed by it.
type plan struct {
	i        int // its index in the batch
	doc      graph.Document
	x        *graph.Extraction // normalised
	docProps map[string]any
	mentions []mention
	evidence []any // the properties of its evidence nodes
	size     int   // the rows it writes
}

// mention is the properties of a document's MENTIONS of an entity.
type mention struct {
	id    string
	props map[string]any
}

// newPlan normalises and validates a copy of x and lays out its rows.
func newPlan(x *graph.Extraction) (*plan, error) {
	var nx *graph.Extraction
	if plain(reflect.ValueOf(x)) {
		nx = x.Clone()
	} else {
		// JSON's copy is what the embedded store keeps: invalid UTF-8
		// replaced, a confidence that is not a number rejected.
		raw, err := json.Marshal(x)
		if err != nil {
			return nil, graph.E(graph.Invalid, graph.Item(x.Document.ID), err)
		}
		nx = new(graph.Extraction)
		if err := json.Unmarshal(raw, nx); err != nil {
			return nil, graph.E(graph.Internal, graph.Item(x.Document.ID), err)
		}
	}
	nx.Normalize()
	if err := nx.Validate(); err != nil {
		return nil, err
	}
	doc := nx.Document.ID
	counts := map[string]int{}
	for _, m := range nx.Mentions {
		counts[m.Entity] = m.Count
	}
	mentions := make([]mention, 0, len(nx.Entities))
	for _, e := range nx.Entities {
		mentions = append(mentions, mention{id: e.ID, props: map[string]any{
			"count":   int64(counts[e.ID]),
			"name":    e.Name,
			"aliases": anyStrings(e.Aliases),
			"type":    string(e.Type),
		}})
	}
	var evidence []any
	ids := map[string]int{} // evidence IDs given, to keep them unique
	add := func(fact string, pred string, e graph.Evidence) (map[string]any, error) {
		id := graph.EvidenceID(fact, doc, e.Start)
		ids[id]++
		if n := ids[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		m, err := evidenceProps(id, fact, pred, e)
		if err != nil {
			return nil, graph.E(graph.Invalid, graph.Item(doc), err)
		}
		evidence = append(evidence, m)
		return m, nil
	}
	for _, r := range nx.Relations {
		for _, e := range r.Evidence {
			if _, err := add(r.ID, string(r.Predicate), e); err != nil {
				return nil, err
			}
		}
	}
	for _, st := range nx.Statements {
		for _, e := range st.Evidence {
			m, err := add(st.ID, graph.Said, e)
			if err != nil {
				return nil, err
			}
			m["text"] = st.Text
			m["aboutEntities"] = anyStrings(st.About)
		}
	}
	return &plan{
		doc:      nx.Document,
		x:        nx,
		docProps: documentProps(nx.Document),
		mentions: mentions,
		evidence: nonNil(evidence),
		size:     1 + 2*len(nx.Entities) + len(nx.Relations) + len(nx.Statements) + len(evidence),
	}, nil
}

// plain reports whether v holds only valid UTF-8 strings and finite
// numbers, so that a copy of it is what a copy through JSON would be.
func plain(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return utf8.ValidString(v.String())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		return !math.IsNaN(f) && !math.IsInf(f, 0)
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || plain(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if !plain(v.Field(i)) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if !plain(v.Index(i)) {
				return false
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if !plain(it.Key()) || !plain(it.Value()) {
				return false
			}
		}
	}
	return true
}

// nonNil makes an empty list of rows a parameter that UNWIND takes.
func nonNil(rows []any) []any {
	if rows == nil {
		return []any{}
	}
	return rows
}

// qStatus says which of the documents are stored, and which documents hold
// their sources.
const qStatus = `UNWIND $rows AS row
OPTIONAL MATCH (d:Document {id: row.id})
OPTIONAL MATCH (o:Document {source: row.source})
RETURN row.id, d IS NOT NULL AS stored, row.source, o.id AS holder`

// qRemove deletes a document, its evidence and its mentions, and returns the
// facts ([id, predicate]) and the entities they touched.
const qRemove = `MATCH (d:Document {id: $old})
CALL (d) {
  MATCH (e:Evidence {document: d.id})
  WITH e, [e.fact, e.predicate] AS fact
  DETACH DELETE e
  RETURN collect(DISTINCT fact) AS facts
}
CALL (d) {
  MATCH (d)-[:MENTIONS]->(e:Entity)
  RETURN collect(e.id) AS entities
}
DETACH DELETE d
RETURN facts, entities`

// run is the transaction of a write of plans, in order: it finds out what
// each document is (new, stored, the new version of a source), and writes
// the new documents in segments: a run of new documents that replace none
// is claimed and written together (claimed: its entities, facts and
// statements merged, locked and read); a replacement first writes the
// segment before it, then removes the old version and derives again what
// that touched.
func (c cypher) run(ctx context.Context, tx neo4jdrv.ManagedTransaction, plans []*plan) ([]graph.WriteResult, error) {
	res, err := status(ctx, tx, plans)
	if err != nil {
		return nil, err
	}
	var seg []*plan
	for i, p := range plans {
		switch res[i].Status {
		case graph.StatusUnchanged:
			continue
		case graph.StatusReplaced:
			if err := c.writeSegment(ctx, tx, seg); err != nil {
				return nil, err
			}
			seg = nil
			t := newTouched()
			if err := removeDocument(ctx, tx, res[i].Replaced, t); err != nil {
				return nil, err
			}
			if err := t.derive(ctx, tx, c); err != nil {
				return nil, err
			}
		}
		seg = append(seg, p)
	}
	if err := c.writeSegment(ctx, tx, seg); err != nil {
		return nil, err
	}
	return res, nil
}

// status reads which of the plans' documents are stored and which hold their
// sources, and works out what Write would do with each, one after the other.
func status(ctx context.Context, tx neo4jdrv.ManagedTransaction, plans []*plan) ([]graph.WriteResult, error) {
	rows := make([]any, 0, len(plans))
	for _, p := range plans {
		rows = append(rows, map[string]any{"id": p.doc.ID, "source": optional(p.doc.Source)})
	}
	recs, err := run(ctx, tx, qStatus, map[string]any{"rows": rows})
	if err != nil {
		return nil, err
	}
	stored := map[string]bool{}
	holder := map[string]string{} // source -> the document that holds it
	for _, r := range recs {
		if boolean(r.Values[1]) {
			stored[str(r.Values[0])] = true
		}
		if h := str(r.Values[3]); h != "" {
			holder[str(r.Values[2])] = h
		}
	}
	res := make([]graph.WriteResult, len(plans))
	for i, p := range plans {
		id, src := p.doc.ID, p.doc.Source
		switch old := holder[src]; {
		case stored[id]:
			res[i] = graph.WriteResult{Status: graph.StatusUnchanged}
			continue
		case src != "" && old != "":
			res[i] = graph.WriteResult{Status: graph.StatusReplaced, Replaced: old}
			delete(stored, old)
		default:
			res[i] = graph.WriteResult{Status: graph.StatusCreated}
		}
		stored[id] = true
		if src != "" {
			holder[src] = id
		}
	}
	return res, nil
}

// cypher holds the queries of a write besides qStatus and qRemove: each
// does its part for every predicate and type of the ontology in one round
// trip, one subquery per predicate or type, its label or relationship type
// written in the text from the ontology's tables.
type cypher struct {
	// claim merges the entities, facts and statements of a segment, locks
	// them and reads their state; write writes the documents with their
	// mentions and evidence, and the new state.
	claim, write string
	// derive reads all the sources say of entities, facts and statements;
	// set writes what that derives, and deletes what has no source left.
	derive, set string
}

// rowsOf is the Cypher list of the rows of $rows of a kind (and predicate p
// or type t, given as field=value).
func rowsOf(kind string, field ...string) string {
	cond := "row.kind = '" + kind + "'"
	if len(field) == 2 {
		cond += " AND row." + field[0] + " = '" + field[1] + "'"
	}
	return "[row IN $rows WHERE " + cond + "]"
}

// planOnce keeps Neo4j from planning the write's queries again as the
// database grows: planning one takes a second, and their plans (look-ups by
// unique id through indexes) do not depend on the statistics that trigger it.
const planOnce = "CYPHER replan=skip\n"

func newCypher() cypher {
	var c cypher
	// claim: merge and lock (a SET of a property to itself) the entities,
	// statements and facts, in the order of their lists, and read their
	// state. $rows maps a kind (or a predicate) to its rows.
	cl := []string{`CALL () {
  UNWIND $rows.` + kEntity + ` AS row
  MERGE (e:Entity {id: row.id})
  SET e.id = row.id
  RETURN collect([e.id, e {.name, .type, .aliases, .typeVotes}]) AS entities
}
CALL () {
  UNWIND $rows.` + kStatement + ` AS row
  MATCH (p:Entity {id: row.speaker})
  MERGE (st:Statement {id: row.id})
  ON CREATE SET st.speaker = row.speaker
  MERGE (p)-[:` + graph.Said + `]->(st)
  SET st.id = row.id
  RETURN collect([st.id, st {.text, .sources}, COLLECT { MATCH (st)-[:` + graph.About + `]->(x:Entity) RETURN x.id }]) AS statements
}`}
	// A fact is (subject, predicate, object): the relationship of its type
	// between its two entities, which MERGE finds from them (Expand(Into)
	// over the relationships of that type only), whatever the statistics.
	var cols []string
	for _, rt := range graph.RelationTypes() {
		p := string(rt.Predicate)
		col := "facts_" + p
		cl = append(cl, `CALL () {
  UNWIND $rows.`+p+` AS row
  MATCH (s:Entity {id: row.s})
  MATCH (o:Entity {id: row.o})
  MERGE (s)-[r:`+p+`]->(o)
  ON CREATE SET r.id = row.id
  SET r.id = row.id
  RETURN collect([r.id, r {.sources, .alleged, .miss, .votes}]) AS `+col+`
}`)
		cols = append(cols, col)
	}
	c.claim = planOnce + strings.Join(cl, "\n") + "\nRETURN entities, statements, " + strings.Join(cols, " + ")

	// write: the documents with their mentions and evidence, then the state
	// and derived fields of what they touched. Every look-up is one of a
	// unique constraint, or of a relationship index named in a hint: the
	// plan is made once (planOnce), maybe on an empty database, and must
	// not turn into a scan as the graph grows. The type label of an entity
	// is a parameter: one of graph.Types(), set in place of the others.
	w := []string{`CALL () {
  UNWIND $rows.` + kDocument + ` AS row
  CREATE (d:Document)
  SET d = row.props
  WITH d, row
  CALL (d, row) {
    UNWIND row.mentions AS m
    MATCH (e:Entity {id: m.id})
    CREATE (d)-[r:` + graph.Mentions + `]->(e)
    SET r = m.props
  }
  CALL (d, row) {
    UNWIND row.evidence AS props
    CREATE (x:Evidence)-[:FROM]->(d)
    SET x = props
  }
}
CALL () {
  UNWIND $rows.` + kEntity + ` AS row
  MATCH (e:Entity {id: row.id})
  SET e += row.props
}
CALL () {
  UNWIND $rows.` + kRelabel + ` AS row
  MATCH (e:Entity {id: row.id})
  REMOVE e:$(row.others)
  SET e:$(row.t)
}`}
	for _, rt := range graph.RelationTypes() {
		p := string(rt.Predicate)
		w = append(w, `CALL () {
  UNWIND $rows.`+p+` AS row
  MATCH ()-[r:`+p+` {id: row.id}]->() USING INDEX r:`+p+`(id)
  SET r += row.props
}`)
	}
	w = append(w, `CALL () {
  UNWIND $rows.`+kStatement+` AS row
  MATCH (st:Statement {id: row.id})
  SET st += row.props
}
CALL () {
  UNWIND $rows.`+kAddAbout+` AS row
  MATCH (st:Statement {id: row.id})
  UNWIND row.about AS about
  MATCH (x:Entity {id: about})
  CREATE (st)-[:`+graph.About+`]->(x)
}
RETURN true`)
	c.write = planOnce + strings.Join(w, "\n")

	// derive: what the stored documents say of the touched entities, facts
	// and statements, with their current properties, each locked first so
	// that a writer in another process waits for this one's commit.
	r := []string{`CALL () {
  UNWIND ` + rowsOf(kEntity) + ` AS row
  MATCH (e:Entity {id: row.id})
  SET e.id = row.id
  WITH e
  CALL (e) { MATCH (e)<-[m:` + graph.Mentions + `]-() RETURN collect(DISTINCT m.name) AS names }
  CALL (e) { MATCH (e)<-[m:` + graph.Mentions + `]-() UNWIND m.aliases AS a RETURN collect(DISTINCT a) AS aliases }
  CALL (e) { MATCH (e)<-[m:` + graph.Mentions + `]-() WITH m.type AS t, count(*) AS n RETURN collect([t, n]) AS types }
  RETURN collect([e.id, names, aliases, types, e {.name, .type, .aliases, .keys, .nameKey, .nameRank, .typeVotes}, labels(e)]) AS entities
}
CALL () {
  UNWIND ` + rowsOf(kStatement) + ` AS row
  MATCH (st:Statement {id: row.id})
  SET st.id = row.id
  WITH st
  CALL (st) { MATCH (e:Evidence {fact: st.id}) RETURN collect(DISTINCT e.text) AS texts, count(e) AS n }
  CALL (st) { MATCH (e:Evidence {fact: st.id}) UNWIND e.aboutEntities AS a RETURN collect(DISTINCT a) AS about }
  RETURN collect([st.id, texts, n, about, st {.text, .textKey, .sources},
                  COLLECT { MATCH (st)-[:` + graph.About + `]->(x:Entity) RETURN x.id }]) AS statements
}`}
	cols = nil
	for _, rt := range graph.RelationTypes() {
		p := string(rt.Predicate)
		col := "facts_" + p
		r = append(r, `CALL () {
  UNWIND `+rowsOf(kRelation, "p", p)+` AS row
  MATCH ()-[r:`+p+` {id: row.id}]->() USING INDEX r:`+p+`(id)
  SET r.id = row.id
  WITH r
  CALL (r) { MATCH (e:Evidence {fact: r.id}) RETURN collect(e {.*}) AS ev }
  RETURN collect([r.id, type(r), ev, properties(r)]) AS `+col+`
}`)
		cols = append(cols, col)
	}
	c.derive = planOnce + strings.Join(r, "\n") + "\nRETURN entities, statements, " + strings.Join(cols, " + ")

	// set: the derived fields that changed, and the deletion of what has no
	// source left: facts first, then statements, then entities.
	var u []string
	for _, rt := range graph.RelationTypes() {
		p := string(rt.Predicate)
		u = append(u, `CALL () {
  UNWIND `+rowsOf(kRelation, "p", p)+` AS row
  MATCH ()-[r:`+p+` {id: row.id}]->() USING INDEX r:`+p+`(id)
  SET r += row.props
}
CALL () {
  UNWIND `+rowsOf(kDeleteRelation, "p", p)+` AS row
  MATCH ()-[r:`+p+` {id: row.id}]->() USING INDEX r:`+p+`(id)
  DELETE r
}`)
	}
	u = append(u, `CALL () {
  UNWIND `+rowsOf(kStatement)+` AS row
  MATCH (st:Statement {id: row.id})
  SET st += row.props
}
CALL () {
  UNWIND `+rowsOf(kStatementAbout)+` AS row
  MATCH (st:Statement {id: row.id})
  OPTIONAL MATCH (st)-[a:`+graph.About+`]->()
  DELETE a
  WITH DISTINCT st, row
  UNWIND row.about AS about
  MATCH (x:Entity {id: about})
  CREATE (st)-[:`+graph.About+`]->(x)
}
CALL () {
  UNWIND `+rowsOf(kDeleteStatement)+` AS row
  MATCH (st:Statement {id: row.id})
  DETACH DELETE st
}`)
	for _, t := range graph.Types() {
		u = append(u, `CALL () {
  UNWIND `+rowsOf(kEntity, "t", string(t))+` AS row
  MATCH (e:Entity {id: row.id})
  SET e += row.props
  REMOVE e`+entityLabels(t)+`
  SET e:`+string(t)+`
}`)
	}
	u = append(u, `CALL () {
  UNWIND `+rowsOf(kDeleteEntity)+` AS row
  MATCH (e:Entity {id: row.id})
  DETACH DELETE e
}
RETURN true`)
	c.set = planOnce + strings.Join(u, "\n")
	return c
}

// writeSegment writes a segment of new documents, none of which replaces
// another, in two round trips: claim reads the state of what they touch,
// to which Go adds what they say; write stores the documents and the new
// state. A fact whose state cannot tell its summary (see
// factState.summary), or stored without a state, is summarised from its
// evidence, read in one more round trip; an entity stored without a state
// is derived again from all its sources after the write.
func (c cypher) writeSegment(ctx context.Context, tx neo4jdrv.ManagedTransaction, seg []*plan) error {
	if len(seg) == 0 {
		return nil
	}
	// The rows of the claim, each list sorted so that locks are taken in
	// one order.
	ents := map[string]bool{}
	facts := map[string]factRef{}
	stmts := map[string]string{} // ID -> speaker
	for _, p := range seg {
		for _, e := range p.x.Entities {
			ents[e.ID] = true
		}
		for _, r := range p.x.Relations {
			facts[r.ID] = factRef{r.Subject, r.Predicate, r.Object}
		}
		for _, st := range p.x.Statements {
			stmts[st.ID] = st.Speaker
		}
	}
	claim := map[string][]any{}
	for _, id := range keys(ents) {
		claim[kEntity] = append(claim[kEntity], map[string]any{"id": id})
	}
	for _, id := range sortedKeys(stmts) {
		claim[kStatement] = append(claim[kStatement], map[string]any{"id": id, "speaker": stmts[id]})
	}
	for _, id := range sortedKeys(facts) {
		r := facts[id]
		claim[string(r.predicate)] = append(claim[string(r.predicate)], map[string]any{"id": id, "s": r.subject, "o": r.object})
	}
	recs, err := run(ctx, tx, c.claim, map[string]any{"rows": rowMap(claim)})
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return graph.E(graph.Internal, fmt.Sprintf("claim: %d rows", len(recs)))
	}
	rec := recs[0]

	// The state of what the segment touches, and what must be derived
	// from all its sources instead.
	exact := newTouched()
	entState := map[string]*entityState{}
	entProps := map[string]map[string]any{}
	for _, v := range list(rec.Values[0]) {
		l := list(v)
		id, p := str(l[0]), props(l[1])
		entProps[id] = p
		switch st, ok := readEntityState(p); {
		case ok:
			entState[id] = st
		case p["name"] == nil: // new
			entState[id] = &entityState{}
		default:
			exact.entities[id] = true
		}
	}
	stState := map[string]*statementState{}
	oldAbout := map[string][]string{}
	for _, v := range list(rec.Values[1]) {
		l := list(v)
		id, p := str(l[0]), props(l[1])
		oldAbout[id] = uniqueSorted(strs(l[2]))
		stState[id] = &statementState{text: str(p["text"]), sources: integer(p["sources"]), about: oldAbout[id]}
	}
	factSt := map[string]*factState{}
	var unsure []string // facts whose summary needs their evidence
	for _, v := range list(rec.Values[2]) {
		l := list(v)
		id, p := str(l[0]), props(l[1])
		switch st, ok := readFactState(p); {
		case ok:
			factSt[id] = st
		case p["sources"] == nil: // new
			factSt[id] = newFactState()
		default:
			unsure = append(unsure, id)
		}
	}

	// What the documents add.
	write := map[string][]any{}
	for _, p := range seg {
		mentions := make([]any, 0, len(p.mentions))
		for _, m := range p.mentions {
			mentions = append(mentions, map[string]any{"id": m.id, "props": m.props})
		}
		write[kDocument] = append(write[kDocument], map[string]any{"props": p.docProps, "mentions": mentions, "evidence": p.evidence})
		for _, e := range p.x.Entities {
			if st := entState[e.ID]; st != nil {
				st.add(e)
			}
		}
		for _, r := range p.x.Relations {
			if st := factSt[r.ID]; st != nil {
				st.add(p.doc.ID, r.Evidence)
			}
		}
		for _, s := range p.x.Statements {
			if st := stState[s.ID]; st != nil {
				st.add(s)
			}
		}
	}
	for _, id := range keys(ents) {
		st := entState[id]
		if st == nil {
			continue
		}
		e, p, err := st.props(id)
		if err != nil {
			return err
		}
		// Only what changed: a property set, even to its value, may be
		// indexed again (the fulltext indexes of names and keys).
		have := entProps[id]
		if have["name"] != nil {
			was := entityProps(graph.Entity{Name: str(have["name"]), Type: graph.Type(str(have["type"])), Aliases: strs(have["aliases"])})
			was["typeVotes"] = have["typeVotes"]
			for k, v := range p {
				if reflect.DeepEqual(v, was[k]) {
					delete(p, k)
				}
			}
		}
		if len(p) > 0 {
			write[kEntity] = append(write[kEntity], map[string]any{"id": id, "props": p})
		}
		if have["type"] != string(e.Type) {
			write[kRelabel] = append(write[kRelabel], map[string]any{"id": id, "t": string(e.Type), "others": otherTypes(e.Type)})
		}
	}
	for _, id := range sortedKeys(facts) {
		st := factSt[id]
		if st == nil {
			continue
		}
		sum, ok := st.summary()
		if !ok {
			unsure = append(unsure, id)
			continue
		}
		p, err := st.props(sum)
		if err != nil {
			return graph.E(graph.Internal, graph.Item(id), err)
		}
		pred := string(facts[id].predicate)
		write[pred] = append(write[pred], map[string]any{"id": id, "props": p})
	}
	if len(unsure) > 0 {
		summaries, err := summarizeFacts(ctx, tx, seg, facts, unsure)
		if err != nil {
			return err
		}
		for _, id := range unsure {
			pred := string(facts[id].predicate)
			write[pred] = append(write[pred], map[string]any{"id": id, "props": summaries[id]})
		}
	}
	for _, id := range sortedKeys(stmts) {
		st := stState[id]
		if st == nil {
			return graph.E(graph.Internal, graph.Item(id), "claim: statement not read")
		}
		write[kStatement] = append(write[kStatement], map[string]any{"id": id, "props": st.props()})
		var add []string
		for _, a := range st.about {
			if _, found := slices.BinarySearch(oldAbout[id], a); !found {
				add = append(add, a)
			}
		}
		if len(add) > 0 {
			write[kAddAbout] = append(write[kAddAbout], map[string]any{"id": id, "about": anyStrings(add)})
		}
	}
	if _, err := run(ctx, tx, c.write, map[string]any{"rows": rowMap(write)}); err != nil {
		return err
	}
	return exact.derive(ctx, tx, c)
}

// factRef is a fact as the claim merges it.
type factRef struct {
	subject   string
	predicate graph.Predicate
	object    string
}

// rowMap makes the parameter $rows of the claim and write queries: a map
// from a kind or predicate to its rows. A kind without rows is left out
// (UNWIND of the missing entry gives no rows).
func rowMap(m map[string][]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, rows := range m {
		out[k] = rows
	}
	return out
}

// otherTypes are the type labels an entity of type t must not have.
func otherTypes(t graph.Type) []any {
	var out []any
	for _, u := range graph.Types() {
		if u != t {
			out = append(out, string(u))
		}
	}
	return out
}

// qEvidence reads the evidence of facts.
const qEvidence = `UNWIND $ids AS id
MATCH (e:Evidence {fact: id}) USING INDEX e:Evidence(fact)
RETURN id, collect(e {.*})`

// summarizeFacts summarises the facts ids from their stored evidence and
// the evidence the documents of seg give of them, with graph.Summarize: the
// properties of each, by ID. It serves the facts whose state cannot tell
// their summary, and those stored without a state.
func summarizeFacts(ctx context.Context, tx neo4jdrv.ManagedTransaction, seg []*plan, facts map[string]factRef, ids []string) (map[string]map[string]any, error) {
	recs, err := run(ctx, tx, qEvidence, map[string]any{"ids": anyStrings(ids)})
	if err != nil {
		return nil, err
	}
	ev := map[string][]graph.Evidence{}
	for _, r := range recs {
		stored, err := toEvidenceList(r.Values[1])
		if err != nil {
			return nil, err
		}
		ev[str(r.Values[0])] = stored
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for _, p := range seg {
		for _, r := range p.x.Relations {
			if want[r.ID] {
				ev[r.ID] = append(ev[r.ID], r.Evidence...)
			}
		}
	}
	out := map[string]map[string]any{}
	for _, id := range ids {
		r := &graph.Relation{ID: id, Predicate: facts[id].predicate, Evidence: ev[id]}
		graph.Summarize(r)
		p, err := factStateOf(r.Evidence).props(summary(r))
		if err != nil {
			return nil, graph.E(graph.Internal, graph.Item(id), err)
		}
		out[id] = p
	}
	return out, nil
}

// sortedKeys returns the keys of a map, sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// touched collects what a write must derive again from all its sources.
type touched struct {
	entities   map[string]bool
	facts      map[string]graph.Predicate
	statements map[string]bool
}

func newTouched() touched {
	return touched{entities: map[string]bool{}, facts: map[string]graph.Predicate{}, statements: map[string]bool{}}
}

// rows are the rows of the derive query, sorted so that locks are taken in
// one order.
func (t touched) rows() []any {
	var rows []any
	for _, id := range keys(t.entities) {
		rows = append(rows, map[string]any{"kind": kEntity, "id": id})
	}
	for _, id := range keys(t.statements) {
		rows = append(rows, map[string]any{"kind": kStatement, "id": id})
	}
	for _, id := range sortedKeys(t.facts) {
		rows = append(rows, map[string]any{"kind": kRelation, "id": id, "p": string(t.facts[id])})
	}
	return rows
}

// derive derives what t touched from what the stored documents say, in two
// round trips: one reads, one writes what changed.
func (t touched) derive(ctx context.Context, tx neo4jdrv.ManagedTransaction, c cypher) error {
	rows := t.rows()
	if len(rows) == 0 {
		return nil
	}
	recs, err := run(ctx, tx, c.derive, map[string]any{"rows": rows})
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return graph.E(graph.Internal, fmt.Sprintf("derive: %d rows", len(recs)))
	}
	rec := recs[0]
	set, err := deriveRelations(list(rec.Values[2]))
	if err != nil {
		return err
	}
	set = append(set, deriveStatements(list(rec.Values[1]))...)
	ents, err := deriveEntities(list(rec.Values[0]))
	if err != nil {
		return err
	}
	set = append(set, ents...)
	if len(set) == 0 {
		return nil
	}
	_, err = run(ctx, tx, c.set, map[string]any{"rows": set})
	return err
}

// removeDocument deletes document old, its evidence and its mentions, and
// adds what they touched to t.
func removeDocument(ctx context.Context, tx neo4jdrv.ManagedTransaction, old string, t touched) error {
	recs, err := run(ctx, tx, qRemove, map[string]any{"old": old})
	if err != nil || len(recs) == 0 {
		return err
	}
	for _, f := range list(recs[0].Values[0]) {
		pair := list(f)
		fact, pred := str(pair[0]), str(pair[1])
		switch _, ok := graph.LookupRelation(graph.Predicate(pred)); {
		case pred == graph.Said:
			t.statements[fact] = true
		case ok:
			t.facts[fact] = graph.Predicate(pred)
		}
	}
	for _, id := range strs(recs[0].Values[1]) {
		t.entities[id] = true
	}
	return nil
}

// deriveRelations summarises the evidence of each relation ([id, predicate,
// evidence, current properties] lists) with graph.Summarize, and derives
// its state: the rows that set the properties that changed and delete the
// relations left without evidence.
func deriveRelations(facts []any) ([]any, error) {
	var rows []any
	for _, f := range facts {
		l := list(f)
		id, p := str(l[0]), str(l[1])
		ev, err := toEvidenceList(l[2])
		if err != nil {
			return nil, err
		}
		if len(ev) == 0 {
			rows = append(rows, map[string]any{"kind": kDeleteRelation, "p": p, "id": id})
			continue
		}
		r := &graph.Relation{ID: id, Predicate: graph.Predicate(p), Evidence: ev}
		graph.Summarize(r)
		sum, err := factStateOf(r.Evidence).props(summary(r))
		if err != nil {
			return nil, graph.E(graph.Internal, graph.Item(id), err)
		}
		if !sameProps(sum, props(l[3])) {
			rows = append(rows, map[string]any{"kind": kRelation, "p": p, "id": id, "props": sum})
		}
	}
	return rows, nil
}

// sameProps reports whether the properties have the values of want (nil:
// no such property).
func sameProps(want, have map[string]any) bool {
	for k, v := range want {
		if !reflect.DeepEqual(v, have[k]) {
			return false
		}
	}
	return true
}

// summary is the properties of a relationship that summarise its evidence;
// null removes an attribute no longer stated.
func summary(r *graph.Relation) map[string]any {
	m := map[string]any{
		graph.AttrDate: optional(r.Date),
		"alleged":      r.Alleged,
		"confidence":   r.Confidence,
		"sources":      int64(len(r.Evidence)),
	}
	for _, a := range graph.Attributes() {
		if v, ok := r.Attributes[a]; ok {
			m[a] = v
		} else {
			m[a] = nil
		}
	}
	return m
}

// deriveStatements derives the text (the best of their documents' texts),
// the key of the text, the number of sources and what they are about of
// statements ([id, texts, evidence count, about, current properties, current
// about] lists): the rows that set what changed and delete the statements
// left without evidence.
func deriveStatements(stmts []any) []any {
	var rows []any
	for _, v := range stmts {
		l := list(v)
		id, n := str(l[0]), integer(l[2])
		if n == 0 {
			rows = append(rows, map[string]any{"kind": kDeleteStatement, "id": id})
			continue
		}
		st := statementState{sources: n}
		for _, t := range strs(l[1]) {
			st.text = graph.PreferName(st.text, t)
		}
		if p := st.props(); !sameProps(p, props(l[4])) {
			rows = append(rows, map[string]any{"kind": kStatement, "id": id, "props": p})
		}
		if about := uniqueSorted(strs(l[3])); !slices.Equal(about, uniqueSorted(strs(l[5]))) {
			rows = append(rows, map[string]any{"kind": kStatementAbout, "id": id, "about": anyStrings(about)})
		}
	}
	return rows
}

// deriveEntities derives entities from what their documents say ([id,
// names, aliases, types, current properties, current labels] lists): the
// rows that set those that changed and delete those no document mentions
// any more.
func deriveEntities(ents []any) ([]any, error) {
	var rows []any
	for _, v := range ents {
		l := list(v)
		id, names := str(l[0]), strs(l[1])
		if len(names) == 0 {
			rows = append(rows, map[string]any{"kind": kDeleteEntity, "id": id})
			continue
		}
		st := entityState{aliases: uniqueSorted(strs(l[2])), votes: map[graph.Type]int{}}
		for _, n := range names {
			st.name = graph.PreferName(st.name, n)
		}
		for _, tn := range list(l[3]) {
			if pair := list(tn); len(pair) == 2 {
				st.votes[graph.Type(str(pair[0]))] += integer(pair[1])
			}
		}
		e, p, err := st.props(id)
		if err != nil {
			return nil, err
		}
		if labels := strs(l[5]); !sameProps(p, props(l[4])) || len(labels) != 2 || !slices.Contains(labels, string(e.Type)) {
			rows = append(rows, map[string]any{"kind": kEntity, "t": string(e.Type), "id": id, "props": p})
		}
	}
	return rows, nil
}

// entityProps are the derived properties of an entity's node.
func entityProps(e graph.Entity) map[string]any {
	var keys []string
	seen := map[string]bool{}
	for _, a := range e.Aliases {
		if k := graph.Key(a); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return map[string]any{
		"name":     e.Name,
		"type":     string(e.Type),
		"aliases":  anyStrings(e.Aliases),
		"keys":     anyStrings(keys),
		"nameKey":  graph.Key(e.Name),
		"nameRank": int64(graph.NameRank(e.Name)),
	}
}

// keys returns the keys of a set, sorted, so that locks are taken in one order.
func keys(m map[string]bool) []string {
	return sortedKeys(m)
}
