package neo4j

import (
	"context"
	"fmt"
	"sort"
	"strings"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Entities returns the entities with the given IDs, sorted by ID.
func (s *Store) Entities(ctx context.Context, ids []string) ([]*graph.Entity, error) {
	if len(ids) == 0 {
		return nil, s.check(ctx, "neo4j.Entities")
	}
	var out []*graph.Entity
	err := s.read(ctx, "neo4j.Entities", func(tx neo4jdrv.ManagedTransaction) error {
		var err error
		out, err = entitiesByID(ctx, tx, uniqueSorted(ids))
		return err
	})
	return out, err
}

// entitiesByID reads the entities with the given IDs, sorted by ID.
func entitiesByID(ctx context.Context, tx neo4jdrv.ManagedTransaction, ids []string) ([]*graph.Entity, error) {
	recs, err := run(ctx, tx, "MATCH (e:Entity) WHERE e.id IN $ids RETURN "+entityProjection,
		map[string]any{"ids": anyStrings(ids)})
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Entity, 0, len(recs))
	for _, r := range recs {
		out = append(out, toEntity(r.Values[0]))
	}
	sortEntities(out)
	return out, nil
}

// Lookup returns the entities with a spelling of the same Key as name: the
// fulltext index entityKeys finds the candidates, the keys decide.
func (s *Store) Lookup(ctx context.Context, name string, types ...graph.Type) ([]*graph.Entity, error) {
	const op graph.Op = "neo4j.Lookup"
	k := graph.Key(name)
	if k == "" {
		return nil, s.check(ctx, op)
	}
	var out []*graph.Entity
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		recs, err := run(ctx, tx, `CALL db.index.fulltext.queryNodes($index, $query) YIELD node AS e
WHERE $key IN e.keys AND (size($types) = 0 OR e.type IN $types)
RETURN `+entityProjection,
			map[string]any{"index": ftKeys, "query": phrase(k), "key": k, "types": anyStrings(types)})
		if err != nil {
			return err
		}
		out = nil
		for _, r := range recs {
			out = append(out, toEntity(r.Values[0]))
		}
		sortEntities(out)
		return nil
	})
	return out, err
}

var _ graph.BatchLookuper = (*Store)(nil)

// LookupBatch returns, for each name, what Lookup returns for it, with one
// query for all of them.
func (s *Store) LookupBatch(ctx context.Context, names []string) ([][]*graph.Entity, error) {
	const op graph.Op = "neo4j.LookupBatch"
	var rows []any
	for i, name := range names {
		if k := graph.Key(name); k != "" {
			rows = append(rows, map[string]any{"i": int64(i), "key": k, "query": phrase(k)})
		}
	}
	out := make([][]*graph.Entity, len(names))
	if len(rows) == 0 {
		return out, s.check(ctx, op)
	}
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		recs, err := run(ctx, tx, `UNWIND $rows AS row
CALL db.index.fulltext.queryNodes($index, row.query) YIELD node AS e
WITH row, e WHERE row.key IN e.keys
RETURN row.i, collect(`+entityProjection+`)`, map[string]any{"index": ftKeys, "rows": rows})
		if err != nil {
			return err
		}
		clear(out)
		for _, r := range recs {
			var es []*graph.Entity
			for _, v := range list(r.Values[1]) {
				es = append(es, toEntity(v))
			}
			sortEntities(es)
			out[integer(r.Values[0])] = es
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// luceneSpecial are the characters of Lucene's query syntax.
const luceneSpecial = `+-&|!(){}[]^"~*?:\/`

// escape escapes the characters of Lucene's query syntax in a word.
func escape(w string) string {
	var b strings.Builder
	for _, r := range w {
		if strings.ContainsRune(luceneSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// phrase is the Lucene query for the words of key in a row.
func phrase(key string) string {
	words := strings.Fields(key)
	for i, w := range words {
		words[i] = escape(w)
	}
	return `"` + strings.Join(words, " ") + `"`
}

// FindEntities returns a page of the entities that match q.
func (s *Store) FindEntities(ctx context.Context, q graph.EntityQuery) (graph.EntityPage, error) {
	const op graph.Op = "neo4j.FindEntities"
	var page graph.EntityPage
	if err := checkPage(q); err != nil {
		return page, graph.E(op, err)
	}
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		page = graph.EntityPage{}
		params := map[string]any{"offset": int64(q.Offset), "limit": int64(q.Limit)}
		var where []string
		if len(q.Types) > 0 {
			where = append(where, "e.type IN $types")
			params["types"] = anyStrings(q.Types)
		}
		if c := graph.Key(q.NameContains); c != "" {
			where = append(where, "any(k IN e.keys WHERE k CONTAINS $contains)")
			params["contains"] = c
		}
		if q.Country != "" {
			in, err := countryMembers(ctx, tx, q.Country)
			if err != nil {
				return err
			}
			where = append(where, "e.id IN $in")
			params["in"] = anyStrings(in)
		}
		if q.Designated != nil {
			cond := "EXISTS { (e)<-[:" + string(graph.Designated) + "]-(:Entity) }"
			if !*q.Designated {
				cond = "NOT " + cond
			}
			where = append(where, cond)
		}
		match := "MATCH (e:Entity)"
		if len(where) > 0 {
			match += "\nWHERE " + strings.Join(where, " AND ")
		}
		recs, err := run(ctx, tx, match+"\nRETURN count(e)", params)
		if err != nil {
			return err
		}
		page.Total = integer(recs[0].Values[0])
		if q.Offset >= page.Total {
			return nil
		}
		var order string
		switch q.Sort {
		case graph.SortByMentions:
			match += "\nWITH e, COUNT { (e)<-[:" + graph.Mentions + "]-(:Document) } AS mentions"
			order = "mentions DESC, e.id"
		case graph.SortByID:
			order = "e.id"
		default:
			order = "e.nameKey, e.id"
		}
		// Order before the projection: the projection is a map named e too.
		query := match + "\nWITH e ORDER BY " + order + " SKIP $offset"
		if q.Limit > 0 {
			query += " LIMIT $limit"
		}
		query += "\nRETURN " + entityProjection
		recs, err = run(ctx, tx, query, params)
		if err != nil {
			return err
		}
		for _, r := range recs {
			page.Entities = append(page.Entities, toEntity(r.Values[0]))
		}
		return nil
	})
	return page, err
}

// countryMembers returns the entity country and the subjects of the
// OPERATES_IN, PART_OF and HOLDS_POSITION relations whose object it is.
func countryMembers(ctx context.Context, tx neo4jdrv.ManagedTransaction, country string) ([]string, error) {
	recs, err := run(ctx, tx, `MATCH (c:Entity {id: $country})
OPTIONAL MATCH (x:Entity)-[:`+string(graph.OperatesIn)+`|`+string(graph.PartOf)+`|`+string(graph.HoldsPosition)+`]->(c)
RETURN c.id, collect(DISTINCT x.id)`, map[string]any{"country": country})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return append(strs(recs[0].Values[1]), str(recs[0].Values[0])), nil
}

func checkPage(q graph.EntityQuery) error {
	switch {
	case q.Offset < 0:
		return graph.E(graph.Invalid, graph.Item("offset"), fmt.Sprintf("offset %d is negative", q.Offset))
	case q.Limit < 0:
		return graph.E(graph.Invalid, graph.Item("limit"), fmt.Sprintf("limit %d is negative", q.Limit))
	}
	switch q.Sort {
	case "", graph.SortByName, graph.SortByMentions, graph.SortByID:
		return nil
	}
	return graph.E(graph.Invalid, graph.Item("sort"), fmt.Sprintf("unknown sort %q (want %s, %s or %s)",
		q.Sort, graph.SortByName, graph.SortByMentions, graph.SortByID))
}

// maxClauses bounds the words of one fulltext query, below Lucene's limit
// of clauses in a query.
const maxClauses = 512

// Search ranks entities by how well a spelling of theirs matches query (see
// graph.Store.Search for the scores). The fulltext index entityKeys gives
// every entity that can score: those with a key that has a word of the
// query's key, or, for a one-word query, a word that starts with it; the
// scores are the contract's, computed here.
func (s *Store) Search(ctx context.Context, query string, types []graph.Type, limit int) ([]graph.Hit, error) {
	const op graph.Op = "neo4j.Search"
	if limit < 0 {
		return nil, graph.E(op, graph.Invalid, graph.Item("limit"), fmt.Sprintf("limit %d is negative", limit))
	}
	q := graph.Key(query)
	if q == "" {
		return nil, s.check(ctx, op)
	}
	qw := uniqueSorted(strings.Fields(q))
	var lucene []string
	if len(qw) == 1 {
		lucene = []string{escape(qw[0]) + "*"}
	} else {
		for i := 0; i < len(qw); i += maxClauses {
			var terms []string
			for _, w := range qw[i:min(i+maxClauses, len(qw))] {
				terms = append(terms, escape(w))
			}
			lucene = append(lucene, strings.Join(terms, " OR "))
		}
	}
	type scored struct {
		e     *graph.Entity
		score float64
	}
	var hits []scored
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		hits = nil
		seen := map[string]bool{}
		for _, lq := range lucene {
			recs, err := run(ctx, tx, `CALL db.index.fulltext.queryNodes($index, $query) YIELD node AS e
WHERE size($types) = 0 OR e.type IN $types
RETURN `+entityProjection+`, e.nameKey, e.keys`,
				map[string]any{"index": ftKeys, "query": lq, "types": anyStrings(types)})
			if err != nil {
				return err
			}
			for _, r := range recs {
				e := toEntity(r.Values[0])
				if seen[e.ID] {
					continue
				}
				seen[e.ID] = true
				if sc := graph.SearchScore(q, qw, str(r.Values[1]), strs(r.Values[2])); sc > 0 {
					hits = append(hits, scored{e, sc})
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].e.ID < hits[j].e.ID
	})
	if limit > 0 && limit < len(hits) {
		hits = hits[:limit]
	}
	out := make([]graph.Hit, 0, len(hits))
	for _, h := range hits {
		out = append(out, graph.Hit{Entity: h.e, Score: h.score})
	}
	return out, nil
}

// Relations returns the relations that match q, sorted by ID.
func (s *Store) Relations(ctx context.Context, q graph.RelationQuery) ([]*graph.Relation, error) {
	const op graph.Op = "neo4j.Relations"
	var out []*graph.Relation
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		var err error
		out, err = relations(ctx, tx, q)
		return err
	})
	return out, err
}

// relationsByID is the Cypher that binds r to each relationship whose id is
// in the list ids (a parameter, or the variable imported from scope), one
// index look-up per relationship type.
func relationsByID(ids, scope string) string {
	var parts []string
	for _, rt := range graph.RelationTypes() {
		p := string(rt.Predicate)
		parts = append(parts, "  MATCH ()-[r:"+p+"]->() USING INDEX r:"+p+"(id) WHERE r.id IN "+ids+" RETURN r")
	}
	return "CALL (" + scope + ") {\n" + strings.Join(parts, "\n  UNION\n") + "\n}"
}

// relations reads the relations that match q, with their evidence, sorted by ID.
func relations(ctx context.Context, tx neo4jdrv.ManagedTransaction, q graph.RelationQuery) ([]*graph.Relation, error) {
	params := map[string]any{}
	var from string
	switch {
	case len(q.IDs) > 0:
		from = relationsByID("$ids", "")
	case len(q.Subjects) > 0:
		from = "MATCH (s:Entity)-[r:" + relationTypes() + "]->(:Entity) WHERE s.id IN $subjects"
	case len(q.Objects) > 0:
		from = "MATCH (:Entity)-[r:" + relationTypes() + "]->(o:Entity) WHERE o.id IN $objects"
	case len(q.Touching) > 0:
		from = "MATCH (n:Entity)-[r:" + relationTypes() + "]-(:Entity) WHERE n.id IN $touching"
	case len(q.Documents) > 0:
		from = "MATCH (x:Evidence) WHERE x.document IN $documents\nWITH collect(DISTINCT x.fact) AS facts\n" + relationsByID("facts", "facts")
	default:
		from = "MATCH (:Entity)-[r:" + relationTypes() + "]->(:Entity)"
	}
	var where []string
	if len(q.IDs) > 0 {
		where = append(where, "r.id IN $ids")
		params["ids"] = anyStrings(q.IDs)
	}
	if len(q.Subjects) > 0 {
		where = append(where, "s.id IN $subjects")
		params["subjects"] = anyStrings(q.Subjects)
	}
	if len(q.Objects) > 0 {
		where = append(where, "o.id IN $objects")
		params["objects"] = anyStrings(q.Objects)
	}
	if len(q.Predicates) > 0 {
		where = append(where, "type(r) IN $predicates")
		params["predicates"] = anyStrings(q.Predicates)
	}
	if len(q.Touching) > 0 {
		where = append(where, "(s.id IN $touching OR o.id IN $touching)")
		params["touching"] = anyStrings(q.Touching)
	}
	if len(q.Documents) > 0 {
		where = append(where, "EXISTS { MATCH (x:Evidence {fact: r.id}) WHERE x.document IN $documents }")
		params["documents"] = anyStrings(q.Documents)
	}
	query := from + "\nWITH DISTINCT r\nWITH r, startNode(r) AS s, endNode(r) AS o"
	if len(where) > 0 {
		query += "\nWHERE " + strings.Join(where, " AND ")
	}
	return relationsOf(ctx, tx, query, params)
}

// relationsOf completes a query that binds r, s and o with the evidence of
// each relation, and reads the relations, sorted by ID.
func relationsOf(ctx context.Context, tx neo4jdrv.ManagedTransaction, query string, params map[string]any) ([]*graph.Relation, error) {
	recs, err := run(ctx, tx, query+`
CALL (r) { MATCH (x:Evidence {fact: r.id}) RETURN collect(x {.*}) AS ev }
RETURN r.id, type(r), s.id, o.id, ev`, params)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Relation, 0, len(recs))
	for _, rec := range recs {
		ev, err := toEvidenceList(rec.Values[4])
		if err != nil {
			return nil, err
		}
		r := &graph.Relation{
			ID:        str(rec.Values[0]),
			Predicate: graph.Predicate(str(rec.Values[1])),
			Subject:   str(rec.Values[2]),
			Object:    str(rec.Values[3]),
			Evidence:  ev,
		}
		graph.Summarize(r)
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Statements returns the statements that match q, sorted by ID.
func (s *Store) Statements(ctx context.Context, q graph.StatementQuery) ([]*graph.Statement, error) {
	const op graph.Op = "neo4j.Statements"
	params := map[string]any{}
	var from string
	switch {
	case len(q.IDs) > 0:
		from = "MATCH (st:Statement) WHERE st.id IN $ids"
	case len(q.Speakers) > 0:
		from = "MATCH (st:Statement) WHERE st.speaker IN $speakers"
	case len(q.About) > 0:
		from = "MATCH (st:Statement)-[:" + graph.About + "]->(a:Entity) WHERE a.id IN $about"
	case len(q.Documents) > 0:
		from = "MATCH (x:Evidence) WHERE x.document IN $documents\nMATCH (st:Statement {id: x.fact})"
	default:
		from = "MATCH (st:Statement)"
	}
	var where []string
	if len(q.IDs) > 0 {
		where = append(where, "st.id IN $ids")
		params["ids"] = anyStrings(q.IDs)
	}
	if len(q.Speakers) > 0 {
		where = append(where, "st.speaker IN $speakers")
		params["speakers"] = anyStrings(q.Speakers)
	}
	if len(q.About) > 0 {
		where = append(where, "EXISTS { MATCH (st)-[:"+graph.About+"]->(a:Entity) WHERE a.id IN $about }")
		params["about"] = anyStrings(q.About)
	}
	if c := graph.Key(q.Contains); c != "" {
		where = append(where, "st.textKey CONTAINS $contains")
		params["contains"] = c
	}
	if len(q.Documents) > 0 {
		where = append(where, "EXISTS { MATCH (x:Evidence {fact: st.id}) WHERE x.document IN $documents }")
		params["documents"] = anyStrings(q.Documents)
	}
	query := from + "\nWITH DISTINCT st"
	if len(where) > 0 {
		query += "\nWHERE " + strings.Join(where, " AND ")
	}
	query += `
CALL (st) { MATCH (x:Evidence {fact: st.id}) RETURN collect(x {.*}) AS ev }
RETURN st.id, st.speaker, st.text, COLLECT { MATCH (st)-[:` + graph.About + `]->(a:Entity) RETURN a.id }, ev`
	var out []*graph.Statement
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		recs, err := run(ctx, tx, query, params)
		if err != nil {
			return err
		}
		out = make([]*graph.Statement, 0, len(recs))
		for _, rec := range recs {
			ev, err := toEvidenceList(rec.Values[4])
			if err != nil {
				return err
			}
			out = append(out, &graph.Statement{
				ID:       str(rec.Values[0]),
				Speaker:  str(rec.Values[1]),
				Text:     str(rec.Values[2]),
				About:    uniqueSorted(strs(rec.Values[3])),
				Evidence: ev,
			})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return nil
	})
	return out, err
}

// Documents returns the documents that match q, sorted by ID.
func (s *Store) Documents(ctx context.Context, q graph.DocumentQuery) ([]*graph.Document, error) {
	const op graph.Op = "neo4j.Documents"
	params := map[string]any{}
	var from string
	switch {
	case len(q.IDs) > 0:
		from = "MATCH (d:Document) WHERE d.id IN $ids"
	case len(q.Sources) > 0:
		from = "MATCH (d:Document) WHERE d.source IN $sources"
	case len(q.Mentioning) > 0:
		from = "MATCH (d:Document)-[:" + graph.Mentions + "]->(e:Entity) WHERE e.id IN $mentioning"
	default:
		from = "MATCH (d:Document)"
	}
	var where []string
	if len(q.IDs) > 0 {
		where = append(where, "d.id IN $ids")
		params["ids"] = anyStrings(q.IDs)
	}
	if len(q.Sources) > 0 {
		where = append(where, "d.source IN $sources")
		params["sources"] = anyStrings(q.Sources)
	}
	if len(q.Mentioning) > 0 {
		where = append(where, "EXISTS { MATCH (d)-[:"+graph.Mentions+"]->(e:Entity) WHERE e.id IN $mentioning }")
		params["mentioning"] = anyStrings(q.Mentioning)
	}
	query := from + "\nWITH DISTINCT d"
	if len(where) > 0 {
		query += "\nWHERE " + strings.Join(where, " AND ")
	}
	query += "\nRETURN properties(d)"
	var out []*graph.Document
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		recs, err := run(ctx, tx, query, params)
		if err != nil {
			return err
		}
		out = make([]*graph.Document, 0, len(recs))
		for _, r := range recs {
			out = append(out, toDocument(r.Values[0]))
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return nil
	})
	return out, err
}

// Mentions returns the mentions of the given entities, by entity then document.
func (s *Store) Mentions(ctx context.Context, entities []string) ([]graph.Mention, error) {
	const op graph.Op = "neo4j.Mentions"
	if len(entities) == 0 {
		return nil, s.check(ctx, op)
	}
	var out []graph.Mention
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		recs, err := run(ctx, tx, `MATCH (d:Document)-[m:`+graph.Mentions+`]->(e:Entity)
WHERE e.id IN $ids
RETURN e.id, d.id, m.count`, map[string]any{"ids": anyStrings(uniqueSorted(entities))})
		if err != nil {
			return err
		}
		out = make([]graph.Mention, 0, len(recs))
		for _, r := range recs {
			out = append(out, graph.Mention{Entity: str(r.Values[0]), Document: str(r.Values[1]), Count: integer(r.Values[2])})
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Entity != out[j].Entity {
				return out[i].Entity < out[j].Entity
			}
			return out[i].Document < out[j].Document
		})
		return nil
	})
	return out, err
}

// Stats counts what the store holds, from Neo4j's counts of labels and
// relationship types.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	const op graph.Op = "neo4j.Stats"
	var rels []string
	for _, rt := range graph.RelationTypes() {
		rels = append(rels, "  MATCH ()-[r:"+string(rt.Predicate)+"]->() RETURN count(r) AS n")
	}
	query := `CALL () { MATCH (n:Document) RETURN count(n) AS documents }
CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
CALL () { MATCH (n:Statement) RETURN count(n) AS statements }
CALL () { MATCH (n:Evidence) RETURN count(n) AS evidence }
CALL () { MATCH ()-[r:` + graph.Mentions + `]->() RETURN count(r) AS mentions }
CALL () {
` + strings.Join(rels, "\n  UNION ALL\n") + `
}
RETURN documents, entities, sum(n), statements, evidence, mentions`
	var st graph.Stats
	err := s.read(ctx, op, func(tx neo4jdrv.ManagedTransaction) error {
		recs, err := run(ctx, tx, query, nil)
		if err != nil {
			return err
		}
		v := recs[0].Values
		st = graph.Stats{
			Documents:  integer(v[0]),
			Entities:   integer(v[1]),
			Relations:  integer(v[2]),
			Statements: integer(v[3]),
			Evidence:   integer(v[4]),
			Mentions:   integer(v[5]),
		}
		return nil
	})
	return st, err
}
