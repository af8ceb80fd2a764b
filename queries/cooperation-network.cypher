// name: cooperation-network
// answers: Which countries and agencies cooperate with or oppose each other, and who says so?
// param: entity: Country|Agency = null (a country's or agency's id: only its pairs; null for every pair)
// columns: a, a_type, b, b_type, cooperates, opposes, about, sources, documents
// notes: one row per unordered pair of Country or Agency entities linked by
//   COOPERATES_WITH or OPPOSES in either direction, a before b by name.
//   cooperates and opposes count the sentences (evidence) that state each
//   kind of link; about lists what the opposition is about; sources counts
//   the documents.
MATCH (x:Entity)-[r:COOPERATES_WITH|OPPOSES]->(y:Entity)
WHERE (x:Country OR x:Agency) AND (y:Country OR y:Agency)
  AND ($entity IS NULL OR x.id = $entity OR y.id = $entity)
WITH r, type(r) AS kind, x, y, x.name < y.name OR (x.name = y.name AND x.id <= y.id) AS ordered
WITH r, kind, CASE WHEN ordered THEN x ELSE y END AS ea, CASE WHEN ordered THEN y ELSE x END AS eb
OPTIONAL MATCH (e:Evidence {fact: r.id})-[:FROM]->(d:Document)
WITH ea, eb, r, kind, e, d
ORDER BY coalesce(d.title, d.name), kind, r.about
WITH ea, eb,
     count(DISTINCT CASE kind WHEN 'COOPERATES_WITH' THEN e END) AS cooperates,
     count(DISTINCT CASE kind WHEN 'OPPOSES' THEN e END) AS opposes,
     collect(DISTINCT CASE kind WHEN 'OPPOSES' THEN r.about END) AS about,
     count(DISTINCT d) AS sources,
     collect(DISTINCT coalesce(d.title, d.name)) AS documents
RETURN ea.name AS a, ea.type AS a_type, eb.name AS b, eb.type AS b_type, cooperates, opposes, about,
       sources, documents
ORDER BY sources DESC, a, b, ea.id, eb.id
