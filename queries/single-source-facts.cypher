// name: single-source-facts
// answers: Which facts rest on a single document, and so most need checking?
// param: predicate: predicate = null (a relation type, or SAID for quotations; null for every fact)
// columns: subject, predicate, object, detail, confidence, document, sentence
// notes: a fact is single-source when the evidence of one document only
//   supports it, however many of that document's sentences state it. sentence
//   is the first of them. The least confident come first. For a quotation,
//   object lists what it is about and detail is the quotation.
CALL () {
  MATCH (s:Entity)-[r]->(o:Entity)
  WHERE $predicate IS NULL OR type(r) = $predicate
  MATCH (e:Evidence {fact: r.id})
  WITH s, r, o, e
  ORDER BY e.start
  WITH s, r, o, collect(DISTINCT e.document) AS docs, head(collect(e)) AS e
  WHERE size(docs) = 1
  MATCH (e)-[:FROM]->(d:Document)
  RETURN s.name AS subject, type(r) AS predicate, o.name AS object,
         coalesce(r.designation, r.title, r.amount, r.of, r.about, r.action) AS detail,
         r.confidence AS confidence, coalesce(d.title, d.name) AS document, e.sentence AS sentence,
         r.id AS id
  UNION ALL
  MATCH (p:Person)-[:SAID]->(st:Statement)
  WHERE $predicate IS NULL OR $predicate = 'SAID'
  MATCH (e:Evidence {fact: st.id})
  WITH p, st, e
  ORDER BY e.start
  WITH p, st, collect(DISTINCT e.document) AS docs, head(collect(e)) AS e
  WHERE size(docs) = 1
  MATCH (e)-[:FROM]->(d:Document)
  OPTIONAL MATCH (st)-[:ABOUT]->(a:Entity)
  WITH p, st, e, d, a
  ORDER BY a.name
  WITH p, st, e, d, collect(DISTINCT a.name) AS about
  RETURN p.name AS subject, 'SAID' AS predicate,
         reduce(k = '', a IN about | k + CASE WHEN k = '' THEN '' ELSE '; ' END + a) AS object,
         st.text AS detail, e.confidence AS confidence, coalesce(d.title, d.name) AS document,
         e.sentence AS sentence, st.id AS id
}
RETURN subject, predicate, object, detail, confidence, document, sentence
ORDER BY confidence, predicate, subject, object, id
