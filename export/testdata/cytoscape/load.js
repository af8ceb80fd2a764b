// load.js FILE: loads a Cytoscape.js elements export with the cytoscape
// package, headless, and prints what the library made of it as JSON: every
// node and edge as cytoscape sees them, and the warnings it gave (an edge to a
// missing node, a duplicate ID). Used by export's tests.
'use strict';
const fs = require('fs');
const cytoscape = require('cytoscape');

const warnings = [];
for (const level of ['warn', 'error']) {
  console[level] = (...args) => warnings.push(args.join(' '));
}
const json = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cy = cytoscape({ headless: true, elements: json.elements });
const out = {
  version: cytoscape.version,
  nodes: cy.nodes().map((n) => ({
    id: n.id(),
    label: n.data('label'),
    type: n.data('type'),
    classes: n.classes(),
    degree: n.degree(false),
  })),
  edges: cy.edges().map((e) => ({
    id: e.id(),
    source: e.source().id(),
    target: e.target().id(),
    label: e.data('label'),
    confidence: e.data('confidence'),
    sources: e.data('sources'),
  })),
  warnings,
};
process.stdout.write(JSON.stringify(out) + '\n');
