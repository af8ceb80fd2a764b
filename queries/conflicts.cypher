// name: conflicts
// answers: On which facts do the sources disagree, and what does each of them say?
// param: predicate: predicate = null (a relation type, e.g. DESIGNATED; null for every type)
// columns: fact, attribute, value, sources, documents, relation
// notes: the rule of graph.Conflicts. Each relation type names the attributes
//   on which its sources may disagree (the rules list below: dates of
//   designations, sanctions, issues and replacements, titles of positions,
//   amounts of rewards). The evidence of one fact is grouped by the value it
//   gives for the attribute (empty values left out); the fact is in conflict
//   when two of its values are incompatible. Two dates are compatible when one
//   is a prefix of the other ("2025" and "2025-02"); two other values when,
//   compared by key (accents stripped, case folded, punctuation turned to
//   spaces, a leading "the" dropped), one contains the other ("President" and
//   "President of Mexico"). One row per value: sources counts the sentences
//   that give it, documents lists their documents' titles; relation is the id.
MATCH (s:Entity)-[r:DESIGNATED|SANCTIONED|HOLDS_POSITION|ISSUED|REPLACED|OFFERED_REWARD]->(o:Entity)
WHERE $predicate IS NULL OR type(r) = $predicate
UNWIND [rule IN [
    {predicate: 'DESIGNATED', attribute: 'date'},
    {predicate: 'SANCTIONED', attribute: 'date'},
    {predicate: 'HOLDS_POSITION', attribute: 'title'},
    {predicate: 'ISSUED', attribute: 'date'},
    {predicate: 'REPLACED', attribute: 'date'},
    {predicate: 'OFFERED_REWARD', attribute: 'amount'}
  ] WHERE rule.predicate = type(r) | rule.attribute] AS attribute
MATCH (e:Evidence {fact: r.id})
WITH s, r, o, attribute, e,
     CASE attribute WHEN 'date' THEN e.date WHEN 'title' THEN e.title WHEN 'amount' THEN e.amount END AS value
WHERE value IS NOT NULL AND value <> ''
WITH s, r, o, attribute, value, collect(e) AS evidence
// the key of the value, as graph.Key computes it
WITH s, r, o, attribute, value, evidence,
     [w IN split(reduce(k = '', c IN split(normalize(value, NFD), '') |
        k + CASE WHEN c =~ '\\p{M}' THEN '' WHEN c =~ '[\\p{L}\\p{N}]' THEN toLower(c) ELSE ' ' END), ' ')
      WHERE w <> ''] AS words
WITH s, r, o, attribute, value, evidence,
     reduce(k = '', w IN CASE WHEN size(words) > 1 AND words[0] = 'the' THEN tail(words) ELSE words END |
        k + CASE WHEN k = '' THEN '' ELSE ' ' END + w) AS key
ORDER BY value
WITH s, r, o, attribute, collect({value: value, key: key, evidence: evidence}) AS groups
WHERE any(i IN range(0, size(groups) - 2) WHERE any(j IN range(i + 1, size(groups) - 1) WHERE NOT (
        CASE attribute
          WHEN 'date' THEN groups[i].value STARTS WITH groups[j].value OR groups[j].value STARTS WITH groups[i].value
          ELSE groups[i].key CONTAINS groups[j].key OR groups[j].key CONTAINS groups[i].key
        END)))
UNWIND groups AS g
UNWIND g.evidence AS e
MATCH (e)-[:FROM]->(d:Document)
WITH s, r, o, attribute, g.value AS value, size(g.evidence) AS sources, d
ORDER BY coalesce(d.title, d.name)
WITH s, r, o, attribute, value, sources, collect(DISTINCT coalesce(d.title, d.name)) AS documents
RETURN s.name + ' ' + type(r) + ' ' + o.name AS fact, attribute, value, sources, documents,
       r.id AS relation
ORDER BY fact, relation, attribute, value
