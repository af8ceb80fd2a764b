// name: designations
// answers: Which groups are designated, by whom, under which designation, since when, and who says so?
// param: group: CriminalGroup = null (the designated group's id; null for every group)
// param: by: Country|Agency|Person = null (the designating authority's id; null for every authority)
// columns: group, authority, designation, date, sources, documents
// notes: designation and date are the fact's summary (what most of its sources
//   say); the conflicts report shows where the sources disagree. sources counts
//   the documents that state the designation; documents lists their titles.
MATCH (a:Entity)-[r:DESIGNATED]->(g:CriminalGroup)
WHERE ($group IS NULL OR g.id = $group)
  AND ($by IS NULL OR a.id = $by)
OPTIONAL MATCH (:Evidence {fact: r.id})-[:FROM]->(d:Document)
WITH g, a, r, d
ORDER BY coalesce(d.title, d.name)
WITH g, a, r, count(DISTINCT d) AS sources, collect(DISTINCT coalesce(d.title, d.name)) AS documents
RETURN g.name AS group, a.name AS authority, r.designation AS designation, r.date AS date,
       sources, documents
ORDER BY group, authority, g.id, a.id
