// The ontology as the graph view draws it: one colour and one shape per
// entity type, and the relation types the filter offers. The names and their
// order are those of graph.Types() and graph.RelationTypes(); the server's
// tests (TestGraphViewOntology) fail when the two drift apart.

// TYPES are the entity types: name as the API spells it, label for people,
// colour and cytoscape node shape.
export const TYPES = [
  { name: 'Person', label: 'Person', color: '#3b6fb6', shape: 'ellipse' },
  { name: 'CriminalGroup', label: 'Criminal group', color: '#d1495b', shape: 'round-diamond' },
  { name: 'Country', label: 'Country', color: '#2e9e6a', shape: 'round-rectangle' },
  { name: 'Agency', label: 'Agency', color: '#e8871e', shape: 'round-hexagon' },
  { name: 'Organization', label: 'Organization', color: '#8e5ea2', shape: 'round-pentagon' },
  { name: 'Policy', label: 'Policy', color: '#c9a227', shape: 'round-tag' },
  { name: 'Location', label: 'Location', color: '#3aa6b9', shape: 'round-triangle' },
];

// PREDICATES are the relation types, with how the view reads them.
export const PREDICATES = [
  { name: 'DESIGNATED', label: 'designated' },
  { name: 'SANCTIONED', label: 'sanctioned' },
  { name: 'HOLDS_POSITION', label: 'holds position' },
  { name: 'LEADS', label: 'leads' },
  { name: 'PART_OF', label: 'part of' },
  { name: 'OPERATES_IN', label: 'operates in' },
  { name: 'ISSUED', label: 'issued' },
  { name: 'REPLACED', label: 'replaced' },
  { name: 'OFFERED_REWARD', label: 'offered reward' },
  { name: 'ACCUSED', label: 'accused' },
  { name: 'OPPOSES', label: 'opposes' },
  { name: 'COOPERATES_WITH', label: 'cooperates with' },
  { name: 'DIRECTED', label: 'directed' },
];

const unknownType = { name: '', label: 'Other', color: '#8a94a3', shape: 'ellipse' };

// typeOf returns the drawing of entity type name.
export function typeOf(name) {
  return TYPES.find((t) => t.name === name) || { ...unknownType, name, label: name };
}

// predicateLabel returns how the view reads predicate name.
export function predicateLabel(name) {
  const p = PREDICATES.find((p) => p.name === name);
  return p ? p.label : name.toLowerCase().replace(/_/g, ' ');
}
