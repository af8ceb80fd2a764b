// name: most-mentioned
// answers: Which entities do the most documents mention?
// param: type: type = null (an entity type, e.g. CriminalGroup; null for every type)
// param: limit: int = 20 (how many entities to list)
// columns: entity, type, documents, mentions
// notes: ranked by the number of documents that mention the entity, then by
//   the number of mentions in all of them, then by id.
MATCH (d:Document)-[m:MENTIONS]->(x:Entity)
WHERE $type IS NULL OR x.type = $type
WITH x, count(DISTINCT d) AS documents, sum(m.count) AS mentions
RETURN x.name AS entity, x.type AS type, documents, mentions
ORDER BY documents DESC, mentions DESC, x.id
LIMIT toInteger(coalesce($limit, 20))
