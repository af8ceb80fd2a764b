// name: policy-lineage
// answers: Which policy instruments were issued, by whom and when, and which replaced which?
// param: policy: Policy = null (a policy's id: that policy and the policies it replaced or that replaced it, up to ten replacements away; null for all)
// columns: policy, issued_by, date, replaced, replaced_by, documents
// notes: date is the date of the ISSUED fact (its summary: what most sources
//   say), the earliest when several issued the policy; without one, the date
//   of its REPLACED fact. documents lists the titles of the documents that
//   state an ISSUED or REPLACED fact about the policy.
MATCH (p:Policy)
WHERE $policy IS NULL OR p.id = $policy
   OR EXISTS { MATCH (p)-[:REPLACED*1..10]-(:Policy {id: $policy}) }
OPTIONAL MATCH (i:Entity)-[iss:ISSUED]->(p)
WITH p, i, iss
ORDER BY i.name, i.id
WITH p, collect(i.name) AS issued_by, collect(iss.date) AS issued, collect(iss.id) AS facts
OPTIONAL MATCH (p)-[rep:REPLACED]->(old:Policy)
WITH p, issued_by, issued, facts, rep, old
ORDER BY old.name, old.id
WITH p, issued_by, issued, facts, collect(rep.id) AS older, collect(old.name) AS replaced,
     collect(rep.date) AS replacing
OPTIONAL MATCH (new:Policy)-[rep:REPLACED]->(p)
WITH p, issued_by, issued, facts + older AS facts, replaced, replacing, rep, new
ORDER BY new.name, new.id
WITH p, issued_by, issued, replaced, replacing, facts, collect(rep.id) AS newer,
     collect(new.name) AS replaced_by
WITH p, issued_by, replaced, replaced_by, facts + newer AS facts,
     reduce(m = null, x IN CASE WHEN size(issued) > 0 THEN issued ELSE replacing END |
            CASE WHEN m IS NULL OR x < m THEN x ELSE m END) AS date
OPTIONAL MATCH (e:Evidence)-[:FROM]->(d:Document)
WHERE e.fact IN facts
WITH p, issued_by, replaced, replaced_by, date, d
ORDER BY coalesce(d.title, d.name)
WITH p, issued_by, replaced, replaced_by, date, collect(DISTINCT coalesce(d.title, d.name)) AS documents
RETURN p.name AS policy, issued_by, date, replaced, replaced_by, documents
ORDER BY date, policy, p.id
