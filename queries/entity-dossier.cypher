// name: entity-dossier
// answers: What does the graph say about one entity, and who says so?
// param: entity: Entity (the entity's id; required)
// columns: section, predicate, other, detail, date, alleged, sources, documents
// notes: one row per fact. Section "entity" is the entity itself (predicate is
//   its type, detail its aliases, sources the documents that mention it);
//   "outgoing" and "incoming" are the relations from and to it (other is the
//   entity at the other end, detail the relation's designation, title,
//   amount, of, about or action); "said" are its quotations (other lists what
//   they are about) and "quoted" the quotations about it (other is the
//   speaker). sources counts the documents, documents lists their titles.
CALL () {
  MATCH (x:Entity {id: $entity})
  OPTIONAL MATCH (d:Document)-[:MENTIONS]->(x)
  WITH x, d
  ORDER BY coalesce(d.title, d.name)
  RETURN 0 AS rank, 'entity' AS section, x.type AS predicate, x.name AS other,
         reduce(k = '', a IN coalesce(x.aliases, []) | k + CASE WHEN k = '' THEN '' ELSE '; ' END + a) AS detail,
         null AS date, null AS alleged, count(DISTINCT d) AS sources,
         collect(DISTINCT coalesce(d.title, d.name)) AS documents
  UNION ALL
  MATCH (x:Entity {id: $entity})-[r]->(o:Entity)
  OPTIONAL MATCH (:Evidence {fact: r.id})-[:FROM]->(d:Document)
  WITH r, o, d
  ORDER BY coalesce(d.title, d.name)
  RETURN 1 AS rank, 'outgoing' AS section, type(r) AS predicate, o.name AS other,
         coalesce(r.designation, r.title, r.amount, r.of, r.about, r.action) AS detail,
         r.date AS date, r.alleged AS alleged, count(DISTINCT d) AS sources,
         collect(DISTINCT coalesce(d.title, d.name)) AS documents
  UNION ALL
  MATCH (x:Entity {id: $entity})<-[r]-(o:Entity)
  OPTIONAL MATCH (:Evidence {fact: r.id})-[:FROM]->(d:Document)
  WITH r, o, d
  ORDER BY coalesce(d.title, d.name)
  RETURN 2 AS rank, 'incoming' AS section, type(r) AS predicate, o.name AS other,
         coalesce(r.designation, r.title, r.amount, r.of, r.about, r.action) AS detail,
         r.date AS date, r.alleged AS alleged, count(DISTINCT d) AS sources,
         collect(DISTINCT coalesce(d.title, d.name)) AS documents
  UNION ALL
  MATCH (x:Person {id: $entity})-[:SAID]->(s:Statement)
  OPTIONAL MATCH (s)-[:ABOUT]->(a:Entity)
  WITH s, a
  ORDER BY a.name
  WITH s, collect(DISTINCT a.name) AS about
  OPTIONAL MATCH (:Evidence {fact: s.id})-[:FROM]->(d:Document)
  WITH s, about, d
  ORDER BY coalesce(d.title, d.name)
  RETURN 3 AS rank, 'said' AS section, 'SAID' AS predicate,
         reduce(k = '', a IN about | k + CASE WHEN k = '' THEN '' ELSE '; ' END + a) AS other,
         s.text AS detail, null AS date, null AS alleged, count(DISTINCT d) AS sources,
         collect(DISTINCT coalesce(d.title, d.name)) AS documents
  UNION ALL
  MATCH (p:Person)-[:SAID]->(s:Statement)-[:ABOUT]->(:Entity {id: $entity})
  OPTIONAL MATCH (:Evidence {fact: s.id})-[:FROM]->(d:Document)
  WITH p, s, d
  ORDER BY coalesce(d.title, d.name)
  RETURN 4 AS rank, 'quoted' AS section, 'SAID' AS predicate, p.name AS other, s.text AS detail,
         null AS date, null AS alleged, count(DISTINCT d) AS sources,
         collect(DISTINCT coalesce(d.title, d.name)) AS documents
}
RETURN section, predicate, other, detail, date, alleged, sources, documents
ORDER BY rank, predicate, other, detail
