// name: designated-groups-by-country
// answers: In which countries do the designated groups operate, and under which designations?
// param: country: Country = null (the country of operation's id; null for every country)
// columns: country, designated, groups, designations
// notes: a group operates in a country when it OPERATES_IN the country, or a
//   place that is PART_OF it (up to three hops), itself or through the group it
//   is a faction of (PART_OF, up to two hops). A designated group with no known
//   country is counted under a null country. designated counts the groups.
MATCH (:Entity)-[r:DESIGNATED]->(g:CriminalGroup)
OPTIONAL MATCH (g)-[:PART_OF*0..2]->(:CriminalGroup)-[:OPERATES_IN]->(:Entity)-[:PART_OF*0..3]->(c:Country)
WITH DISTINCT c, g, r.designation AS designation
WHERE $country IS NULL OR c.id = $country
WITH c, g, designation
ORDER BY designation
WITH c, collect(DISTINCT designation) AS designations, collect(DISTINCT g) AS groups
UNWIND groups AS g
WITH c, designations, g
ORDER BY g.name, g.id
WITH c, designations, collect(g.name) AS groups
RETURN c.name AS country, size(groups) AS designated, groups, designations
ORDER BY designated DESC, country, c.id
