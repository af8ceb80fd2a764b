// name: who-said-what
// answers: Who said what, about whom, and in which documents?
// param: speaker: Person = null (the speaker's id; null for every speaker)
// param: about: Entity = null (the id of an entity the quotation names; null for any)
// columns: speaker, quote, about, documents
// notes: only direct quotations are Statements; reported speech is not.
MATCH (p:Person)-[:SAID]->(s:Statement)
WHERE ($speaker IS NULL OR p.id = $speaker)
  AND ($about IS NULL OR EXISTS { MATCH (s)-[:ABOUT]->(:Entity {id: $about}) })
OPTIONAL MATCH (s)-[:ABOUT]->(x:Entity)
WITH p, s, x
ORDER BY x.name
WITH p, s, collect(DISTINCT x.name) AS about
OPTIONAL MATCH (:Evidence {fact: s.id})-[:FROM]->(d:Document)
WITH p, s, about, d
ORDER BY coalesce(d.title, d.name)
WITH p, s, about, collect(DISTINCT coalesce(d.title, d.name)) AS documents
RETURN p.name AS speaker, s.text AS quote, about, documents
ORDER BY speaker, quote, s.id
