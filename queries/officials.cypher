// name: officials
// answers: Who holds which position in which body, and of which country?
// param: country: Country = null (the id of the country the body belongs to; null for every country)
// param: person: Person = null (the person's id; null for everyone)
// columns: person, title, body, body_type, country, sources, documents
// notes: country is the body itself when it is a Country, else the nearest
//   Country the body is PART_OF (up to four hops); null when unknown, as for
//   most organisations. title is the fact's summary; the conflicts report shows
//   titles the sources disagree on.
MATCH (p:Person)-[r:HOLDS_POSITION]->(b:Entity)
WHERE $person IS NULL OR p.id = $person
OPTIONAL MATCH path = (b)-[:PART_OF*0..4]->(c:Country)
WITH p, r, b, c, length(path) AS hops
ORDER BY hops, c.id
WITH p, r, b, head(collect(c)) AS c
WHERE $country IS NULL OR c.id = $country
OPTIONAL MATCH (:Evidence {fact: r.id})-[:FROM]->(d:Document)
WITH p, r, b, c, d
ORDER BY coalesce(d.title, d.name)
WITH p, r, b, c, count(DISTINCT d) AS sources, collect(DISTINCT coalesce(d.title, d.name)) AS documents
RETURN p.name AS person, r.title AS title, b.name AS body, b.type AS body_type, c.name AS country,
       sources, documents
ORDER BY country, body, person, b.id, p.id
