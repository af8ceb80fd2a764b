package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Write stores one document's extraction in one transaction; see the package
// comment for how.
func (s *Store) Write(ctx context.Context, x *graph.Extraction) (graph.WriteResult, error) {
	const op graph.Op = "neo4j.Write"
	if x == nil {
		return graph.WriteResult{}, graph.E(op, graph.Invalid, "no extraction")
	}
	p, err := newPlan(x)
	if err != nil {
		return graph.WriteResult{}, graph.E(op, err)
	}
	item := graph.Item(p.doc.ID)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(ctx, op); err != nil {
		return graph.WriteResult{}, graph.E(item, err)
	}
	var res graph.WriteResult
	// A writer in another process may store the same document or source
	// between this one's check and its commit: the unique constraints stop
	// the second, and one more try sees what the first stored.
	for try := 0; ; try++ {
		res, err = s.write(ctx, p)
		if err == nil || try > 0 || !isConstraintViolation(err) {
			break
		}
	}
	if err != nil {
		return graph.WriteResult{}, graph.E(item, s.fail(ctx, op, err))
	}
	return res, nil
}

func (s *Store) write(ctx context.Context, p *plan) (graph.WriteResult, error) {
	sess := s.session(ctx, neo4jdrv.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	return neo4jdrv.ExecuteWrite(ctx, sess, func(tx neo4jdrv.ManagedTransaction) (graph.WriteResult, error) {
		return p.run(ctx, tx, s.cypher)
	})
}

func isConstraintViolation(err error) bool {
	var nerr *neo4jdrv.Neo4jError
	return errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed"
}

// Every query of a write but the first two takes one parameter, $rows: a
// list of maps whose field kind says which part of the query takes it (and
// field p the predicate, t the type, where they matter). Neo4j caches a
// query's plan by its text and the types of its parameters: one list of maps
// keeps a single plan per query, where a parameter per predicate would make
// one (of several hundred milliseconds) per combination of empty and
// non-empty lists.
const (
	kEntity          = "entity"
	kRelation        = "relation"
	kStatement       = "statement"
	kStatementAbout  = "statementAbout"
	kEvidence        = "evidence"
	kDeleteRelation  = "deleteRelation"
	kDeleteStatement = "deleteStatement"
	kDeleteEntity    = "deleteEntity"
)

// plan is what Write sends for one normalised extraction, computed once
// before the transaction (which may run more than once).
type plan struct {
	doc      graph.Document
	docProps map[string]any
	rows     []any   // the rows of the write query
	touched  touched // what the document touches
}

// touched collects what a write must re-derive.
type touched struct {
	entities   map[string]bool
	facts      map[string]graph.Predicate
	statements map[string]bool
}

func newTouched() touched {
	return touched{entities: map[string]bool{}, facts: map[string]graph.Predicate{}, statements: map[string]bool{}}
}

// add adds what u touches to t.
func (t touched) add(u touched) {
	for id := range u.entities {
		t.entities[id] = true
	}
	for id, p := range u.facts {
		t.facts[id] = p
	}
	for id := range u.statements {
		t.statements[id] = true
	}
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
	facts := make([]string, 0, len(t.facts))
	for id := range t.facts {
		facts = append(facts, id)
	}
	for _, id := range uniqueSorted(facts) {
		rows = append(rows, map[string]any{"kind": kRelation, "id": id, "p": string(t.facts[id])})
	}
	return rows
}

// newPlan normalises and validates a copy of x and lays out its rows.
func newPlan(x *graph.Extraction) (*plan, error) {
	raw, err := json.Marshal(x)
	if err != nil {
		return nil, graph.E(graph.Invalid, graph.Item(x.Document.ID), err)
	}
	nx := new(graph.Extraction)
	if err := json.Unmarshal(raw, nx); err != nil {
		return nil, graph.E(graph.Internal, graph.Item(x.Document.ID), err)
	}
	nx.Normalize()
	if err := nx.Validate(); err != nil {
		return nil, err
	}
	doc := nx.Document.ID
	p := &plan{doc: nx.Document, docProps: documentProps(nx.Document), touched: newTouched()}
	counts := map[string]int{}
	for _, m := range nx.Mentions {
		counts[m.Entity] = m.Count
	}
	for _, e := range nx.Entities {
		p.rows = append(p.rows, map[string]any{
			"kind": kEntity,
			"id":   e.ID,
			"mention": map[string]any{
				"count":   int64(counts[e.ID]),
				"name":    e.Name,
				"aliases": anyStrings(e.Aliases),
				"type":    string(e.Type),
			},
		})
		p.touched.entities[e.ID] = true
	}
	ids := map[string]int{} // evidence IDs given, to keep them unique
	evidence := func(fact string, pred string, e graph.Evidence) (map[string]any, error) {
		id := graph.EvidenceID(fact, doc, e.Start)
		ids[id]++
		if n := ids[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		m, err := evidenceProps(id, fact, pred, e)
		if err != nil {
			return nil, graph.E(graph.Invalid, graph.Item(doc), err)
		}
		return m, nil
	}
	for _, r := range nx.Relations {
		p.rows = append(p.rows, map[string]any{"kind": kRelation, "p": string(r.Predicate), "id": r.ID, "s": r.Subject, "o": r.Object})
		p.touched.facts[r.ID] = r.Predicate
		for _, e := range r.Evidence {
			m, err := evidence(r.ID, string(r.Predicate), e)
			if err != nil {
				return nil, err
			}
			p.rows = append(p.rows, map[string]any{"kind": kEvidence, "props": m})
		}
	}
	for _, st := range nx.Statements {
		p.rows = append(p.rows, map[string]any{"kind": kStatement, "id": st.ID, "speaker": st.Speaker})
		p.touched.statements[st.ID] = true
		for _, e := range st.Evidence {
			m, err := evidence(st.ID, graph.Said, e)
			if err != nil {
				return nil, err
			}
			m["text"] = st.Text
			m["aboutEntities"] = anyStrings(st.About)
			p.rows = append(p.rows, map[string]any{"kind": kEvidence, "props": m})
		}
	}
	return p, nil
}

// qStatus says whether the document is stored, and which one holds its source.
const qStatus = `OPTIONAL MATCH (d:Document {id: $id})
OPTIONAL MATCH (o:Document {source: $source})
RETURN d IS NOT NULL AS stored, o.id AS old
LIMIT 1`

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

// cypher holds the three queries of a write besides qStatus and qRemove:
// each does its part for every predicate and type of the ontology in one
// round trip, one subquery per predicate or type, its label or relationship
// type written in the text from the ontology's tables.
type cypher struct {
	write, derive, set string
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
	// write: the document, its entities and mentions, relations, statements, evidence.
	w := []string{`CREATE (d:Document)
SET d = $doc
WITH d
CALL (d) {
  UNWIND ` + rowsOf(kEntity) + ` AS row
  MERGE (e:Entity {id: row.id})
  CREATE (d)-[m:` + graph.Mentions + `]->(e)
  SET m = row.mention
}`}
	// A fact is (subject, predicate, object): the relationship of its type
	// between its two entities, which MERGE finds from them (Expand(Into)),
	// whatever the statistics.
	for _, rt := range graph.RelationTypes() {
		p := string(rt.Predicate)
		w = append(w, `CALL () {
  UNWIND `+rowsOf(kRelation, "p", p)+` AS row
  MATCH (s:Entity {id: row.s})
  MATCH (o:Entity {id: row.o})
  MERGE (s)-[r:`+p+`]->(o)
  ON CREATE SET r.id = row.id
}`)
	}
	w = append(w, `CALL () {
  UNWIND `+rowsOf(kStatement)+` AS row
  MATCH (p:Entity {id: row.speaker})
  MERGE (st:Statement {id: row.id})
  ON CREATE SET st.speaker = row.speaker
  MERGE (p)-[:`+graph.Said+`]->(st)
}
CALL (d) {
  UNWIND `+rowsOf(kEvidence)+` AS row
  CREATE (e:Evidence)-[:FROM]->(d)
  SET e = row.props
}
RETURN d.id`)
	c.write = planOnce + strings.Join(w, "\n")

	// derive: what the stored documents say of the touched entities, facts
	// and statements, with their current properties, each locked first (a
	// SET of a property to itself) so that a writer in another process waits
	// for this one's commit.
	r := []string{`CALL () {
  UNWIND ` + rowsOf(kEntity) + ` AS row
  MATCH (e:Entity {id: row.id})
  SET e.id = row.id
  WITH e
  CALL (e) { MATCH (e)<-[m:` + graph.Mentions + `]-() RETURN collect(DISTINCT m.name) AS names }
  CALL (e) { MATCH (e)<-[m:` + graph.Mentions + `]-() UNWIND m.aliases AS a RETURN collect(DISTINCT a) AS aliases }
  CALL (e) { MATCH (e)<-[m:` + graph.Mentions + `]-() WITH m.type AS t, count(*) AS n RETURN collect([t, n]) AS types }
  RETURN collect([e.id, names, aliases, types, e {.name, .type, .aliases, .keys, .nameKey, .nameRank}, labels(e)]) AS entities
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
	var cols []string
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
  SET r += row.summary
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

// run is the transaction of one Write.
func (p *plan) run(ctx context.Context, tx neo4jdrv.ManagedTransaction, c cypher) (graph.WriteResult, error) {
	recs, err := run(ctx, tx, qStatus, map[string]any{"id": p.doc.ID, "source": optional(p.doc.Source)})
	if err != nil {
		return graph.WriteResult{}, err
	}
	var old string
	if len(recs) == 1 {
		if boolean(recs[0].Values[0]) {
			return graph.WriteResult{Status: graph.StatusUnchanged}, nil
		}
		old = str(recs[0].Values[1])
	}
	t := newTouched()
	t.add(p.touched)
	if old != "" {
		if err := removeDocument(ctx, tx, old, t); err != nil {
			return graph.WriteResult{}, err
		}
	}
	if _, err := run(ctx, tx, c.write, map[string]any{"doc": p.docProps, "rows": nonNil(p.rows)}); err != nil {
		return graph.WriteResult{}, err
	}
	if err := t.derive(ctx, tx, c); err != nil {
		return graph.WriteResult{}, err
	}
	if old != "" {
		return graph.WriteResult{Status: graph.StatusReplaced, Replaced: old}, nil
	}
	return graph.WriteResult{Status: graph.StatusCreated}, nil
}

// nonNil makes an empty list of rows a parameter that UNWIND takes.
func nonNil(rows []any) []any {
	if rows == nil {
		return []any{}
	}
	return rows
}

// derive re-derives what t touched from what the stored documents say, in
// two round trips: one reads, one writes what changed.
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
// evidence, current properties] lists) with graph.Summarize: the rows that
// set the summaries that changed and delete the relations left without
// evidence.
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
		if sum := summary(r); !sameProps(sum, props(l[3])) {
			rows = append(rows, map[string]any{"kind": kRelation, "p": p, "id": id, "summary": sum})
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
		text := ""
		for _, t := range strs(l[1]) {
			text = graph.PreferName(text, t)
		}
		p := map[string]any{"text": text, "textKey": graph.Key(text), "sources": int64(n)}
		if !sameProps(p, props(l[4])) {
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
		e, err := deriveEntity(id, names, strs(l[2]), list(l[3]))
		if err != nil {
			return nil, err
		}
		p := entityProps(e)
		if labels := strs(l[5]); !sameProps(p, props(l[4])) || len(labels) != 2 || !slices.Contains(labels, string(e.Type)) {
			rows = append(rows, map[string]any{"kind": kEntity, "t": string(e.Type), "id": id, "props": p})
		}
	}
	return rows, nil
}

// deriveEntity is the entity the documents describe: the best of their
// names, the union of their aliases, the type most of them give (a tie to
// the earlier in graph.Types()). types lists [type, count] pairs.
func deriveEntity(id string, names, aliases []string, types []any) (graph.Entity, error) {
	e := graph.Entity{ID: id}
	for _, n := range names {
		e.Name = graph.PreferName(e.Name, n)
	}
	e.Aliases = uniqueSorted(aliases)
	count := map[graph.Type]int{}
	for _, tn := range types {
		pair := list(tn)
		if len(pair) == 2 {
			count[graph.Type(str(pair[0]))] += integer(pair[1])
		}
	}
	best := 0
	for _, t := range graph.Types() {
		if n := count[t]; n > best {
			e.Type, best = t, n
		}
	}
	if e.Type == "" {
		return e, graph.E(graph.Internal, graph.Item(id), fmt.Sprintf("entity %s: no document gives it a known type", id))
	}
	return e, nil
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
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return uniqueSorted(out)
}
