// The cytoscape stylesheet of the graph view: nodes coloured and shaped by
// entity type and sized by how often the documents name them; edges labelled
// with their predicate, dashed when alleged, amber when sources disagree.
import { TYPES } from './ontology.js';

const ink = '#1f2933';
const muted = '#52606d';
const edgeColor = '#9aa5b1';
export const accent = '#2563eb';
export const conflictColor = '#d97706';

// stylesheet returns the cytoscape style of the view.
export function stylesheet() {
  const style = [
    {
      selector: 'node',
      style: {
        'background-color': '#8a94a3',
        'border-width': 1.5,
        'border-color': '#ffffff',
        'border-opacity': 0.9,
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(name)',
        color: ink,
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
        'font-size': 12,
        'font-weight': 500,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 5,
        'text-wrap': 'wrap',
        'text-max-width': 120,
        'text-outline-color': '#f8fafc',
        'text-outline-width': 2.5,
        'text-events': 'yes',
        'overlay-padding': 6,
        'overlay-shape': 'ellipse',
        'overlay-opacity': 0,
      },
    },
  ];
  for (const t of TYPES) {
    style.push({ selector: `node[type = "${t.name}"]`, style: { 'background-color': t.color, shape: t.shape } });
  }
  style.push(
    {
      selector: 'node.root',
      style: { 'border-width': 3.5, 'border-color': ink, 'font-weight': 700, 'font-size': 13.5 },
    },
    {
      selector: 'node.expanded',
      style: { 'border-width': 3, 'border-color': muted, 'border-style': 'double' },
    },
    {
      selector: 'edge',
      style: {
        width: 'mapData(confidence, 0, 1, 1, 3.5)',
        'line-color': edgeColor,
        'target-arrow-color': edgeColor,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        'control-point-step-size': 36,
        label: 'data(label)',
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
        'font-size': 9.5,
        'font-weight': 600,
        color: muted,
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': 2,
        'text-background-shape': 'roundrectangle',
        'text-events': 'yes',
        'overlay-padding': 5,
        'overlay-opacity': 0,
      },
    },
    { selector: 'edge.alleged', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    {
      selector: 'edge.conflict',
      style: { 'line-color': conflictColor, 'target-arrow-color': conflictColor, color: '#92400e' },
    },
    { selector: '.faded', style: { opacity: 0.18 } },
    { selector: '.hidden', style: { display: 'none' } },
    {
      selector: 'node:selected',
      style: { 'border-width': 4, 'border-color': accent, 'overlay-color': accent, 'overlay-opacity': 0.14 },
    },
    {
      selector: 'edge:selected',
      style: {
        'line-color': accent,
        'target-arrow-color': accent,
        color: accent,
        width: 4,
        'overlay-color': accent,
        'overlay-opacity': 0.1,
        'z-index': 10,
      },
    },
  );
  return style;
}
