// The graph view at /graph: search an entity, draw its neighbourhood with
// cytoscape.js, and read the sources of every node and edge in a side panel.
// Everything it needs is in this bundle: the page loads nothing from
// anywhere else, and asks the server's /graphql for its data.
//
// URL parameters (the view keeps them up to date, so the address is a link
// to what is on screen):
//   ?entity=ID          draw the neighbourhood of this entity
//   &depth=1..3         how many relations away (default 1)
//   &predicates=A,B     follow only these relation types (default all)
//   &expand=ID,ID       entities whose neighbourhood was added
//   &layout=cose|breadthfirst|concentric
//
// window.__cg is the hook the browser test (server/graphview_test.go) drives.
import './graph.css';
import cytoscape from 'cytoscape';
import { gql, APIError, setAPIKey, SEARCH, ENTITY_NAME, NEIGHBORHOOD, ENTITY, RELATION } from './api.js';
import { TYPES, PREDICATES, typeOf, predicateLabel } from './ontology.js';
import { stylesheet, conflictColor } from './style.js';
import { h, replace, shapeIcon } from './dom.js';
import * as panel from './panel.js';

const maxDepth = 3;
const layouts = ['cose', 'breadthfirst', 'concentric'];

const $ = (id) => document.getElementById(id);
const ui = {
  search: $('search'),
  q: $('q'),
  results: $('results'),
  depth: $('depth'),
  filter: $('filter'),
  filterSummary: $('filter-summary'),
  filterList: $('filter-list'),
  layout: $('layout'),
  fit: $('fit'),
  relayout: $('relayout'),
  panel: $('panel'),
  legend: $('legend'),
  status: $('status'),
  empty: $('empty'),
  banner: $('banner'),
  progress: $('progress'),
};

// state is what the view shows; the URL mirrors it.
const state = {
  // roots are the entities whose neighbourhoods are drawn: the first is the
  // one searched (drawn to the chosen depth), the others were expanded
  // (one step each).
  roots: [],
  depth: 1,
  predicates: new Set(PREDICATES.map((p) => p.name)),
  layout: 'cose',
  hiddenTypes: new Set(),
  nodes: new Map(),
  edges: new Map(),
  selected: null,
  pending: 0,
};

const cy = cytoscape({
  container: $('cy'),
  style: stylesheet(),
  minZoom: 0.15,
  maxZoom: 3,
  wheelSensitivity: 0.3,
  boxSelectionEnabled: false,
  selectionType: 'single',
});

// track counts an operation in flight while promise runs: the progress bar
// shows, and the test hook's idle() waits for it.
async function track(promise) {
  state.pending++;
  ui.progress.hidden = false;
  try {
    return await promise;
  } finally {
    state.pending--;
    ui.progress.hidden = state.pending === 0;
  }
}

// showError puts message in the banner over the graph; an API key error
// offers a field for the key.
function showError(err) {
  const message = err instanceof Error ? err.message : String(err);
  const children = [h('span', { class: 'banner-text' }, message)];
  if (err instanceof APIError && err.code === 'UNAUTHENTICATED') {
    const input = h('input', { type: 'password', placeholder: 'API key', 'aria-label': 'API key', autocomplete: 'off' });
    children.push(
      h(
        'form',
        {
          class: 'key-form',
          onsubmit: (ev) => {
            ev.preventDefault();
            setAPIKey(input.value.trim());
            hideError();
            // Read the address again when the key stopped it, else redraw.
            track(state.roots.length > 0 ? reload({ randomize: true }) : readURL()).catch(showError);
          },
        },
        input,
        h('button', { class: 'btn primary', type: 'submit' }, 'Use key'),
      ),
    );
  }
  children.push(h('button', { class: 'close', type: 'button', 'aria-label': 'Dismiss', onclick: hideError }, '×'));
  replace(ui.banner, children);
  ui.banner.hidden = false;
}

function hideError() {
  ui.banner.hidden = true;
  ui.banner.replaceChildren();
}

// ---- search ----

const search = { timer: null, seq: 0, hits: [], active: -1 };

ui.q.addEventListener('input', () => {
  clearTimeout(search.timer);
  search.timer = setTimeout(() => {
    search.timer = null;
    runSearch();
  }, 180);
});

ui.q.addEventListener('keydown', (ev) => {
  if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    ev.preventDefault();
    if (search.hits.length === 0) return;
    const step = ev.key === 'ArrowDown' ? 1 : -1;
    search.active = (search.active + step + search.hits.length) % search.hits.length;
    markActive();
  } else if (ev.key === 'Escape') {
    closeResults();
  }
});

ui.q.addEventListener('focus', () => {
  if (search.hits.length > 0 && ui.q.value.trim() !== '') ui.results.hidden = false;
});

ui.q.addEventListener('blur', () => setTimeout(closeResults, 150));

ui.search.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (search.timer) {
    clearTimeout(search.timer);
    search.timer = null;
    await runSearch();
  }
  const hit = search.hits[search.active >= 0 ? search.active : 0];
  if (hit) pick(hit.entity);
});

async function runSearch() {
  const query = ui.q.value.trim();
  const seq = ++search.seq;
  if (query === '') {
    search.hits = [];
    closeResults();
    return;
  }
  let hits;
  try {
    hits = (await track(gql(SEARCH, { query }))).search;
  } catch (err) {
    if (seq === search.seq) showError(err);
    return;
  }
  if (seq !== search.seq) return;
  search.hits = hits;
  search.active = -1;
  if (hits.length === 0) {
    replace(ui.results, h('li', { class: 'no-hit' }, `No entity matches “${query}”.`));
  } else {
    replace(
      ui.results,
      hits.map((hit, i) => {
        const e = hit.entity;
        const t = typeOf(e.type);
        const aliases = (e.aliases || []).filter((a) => a !== e.name).slice(0, 4);
        return h(
          'li',
          {
            role: 'option',
            class: 'hit',
            dataset: { id: e.id, index: i },
            onmousedown: (ev) => ev.preventDefault(),
            onclick: () => pick(e),
          },
          shapeIcon(t.shape, t.color, 14),
          h('span', { class: 'hit-name' }, e.name),
          h('span', { class: 'hit-type' }, t.label),
          aliases.length > 0 ? h('span', { class: 'hit-aliases' }, aliases.join(' · ')) : null,
        );
      }),
    );
  }
  ui.results.hidden = document.activeElement !== ui.q;
}

function markActive() {
  ui.results.querySelectorAll('.hit').forEach((li, i) => li.classList.toggle('active', i === search.active));
}

function closeResults() {
  ui.results.hidden = true;
}

// pick draws the neighbourhood of the entity a search found.
function pick(e) {
  closeResults();
  ui.q.value = e.name;
  ui.q.blur();
  state.roots = [{ id: e.id }];
  state.selected = { kind: 'node', id: e.id };
  cy.elements().remove();
  reload({ randomize: true });
}

// ---- controls ----

for (let d = 1; d <= maxDepth; d++) ui.depth.append(h('option', { value: d }, String(d)));
ui.depth.addEventListener('change', () => {
  state.depth = Number(ui.depth.value);
  reload({ randomize: true });
});

for (const name of layouts) {
  const label = { cose: 'Force-directed', breadthfirst: 'Tree', concentric: 'Rings' }[name];
  ui.layout.append(h('option', { value: name }, label));
}
ui.layout.addEventListener('change', () => {
  state.layout = ui.layout.value;
  runLayout({ randomize: true });
  writeURL();
});

ui.fit.addEventListener('click', () => cy.animate({ fit: { eles: cy.elements(':visible'), padding: 48 } }, { duration: 250 }));
ui.relayout.addEventListener('click', () => runLayout({ randomize: true }));

function buildFilter() {
  const boxes = PREDICATES.map((p) =>
    h(
      'label',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        value: p.name,
        checked: state.predicates.has(p.name),
        onchange: (ev) => {
          if (ev.target.checked) state.predicates.add(p.name);
          else state.predicates.delete(p.name);
          filterChanged();
        },
      }),
      h('span', null, p.label),
      h('code', null, p.name),
    ),
  );
  const all = (on) => () => {
    state.predicates = new Set(on ? PREDICATES.map((p) => p.name) : []);
    ui.filterList.querySelectorAll('input').forEach((box) => (box.checked = on));
    filterChanged();
  };
  replace(
    ui.filterList,
    h('div', { class: 'filter-actions' }, h('button', { type: 'button', class: 'btn small', onclick: all(true) }, 'All'), h('button', { type: 'button', class: 'btn small', onclick: all(false) }, 'None')),
    boxes,
  );
  summarizeFilter();
}

function summarizeFilter() {
  const n = state.predicates.size;
  ui.filterSummary.textContent = n === PREDICATES.length ? 'All relations' : `Relations: ${n} of ${PREDICATES.length}`;
  ui.filter.classList.toggle('active', n !== PREDICATES.length);
}

let filterTimer = null;
function filterChanged() {
  summarizeFilter();
  clearTimeout(filterTimer);
  state.pending++;
  filterTimer = setTimeout(() => {
    filterTimer = null;
    state.pending--;
    reload({ randomize: false });
  }, 250);
}

document.addEventListener('click', (ev) => {
  if (ui.filter.open && !ui.filter.contains(ev.target)) ui.filter.open = false;
});

document.addEventListener('keydown', (ev) => {
  const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
  if (ev.key === '/' && !typing) {
    ev.preventDefault();
    ui.q.focus();
    ui.q.select();
  } else if (ev.key === 'Escape' && !typing) {
    ui.filter.open = false;
    unselect();
  }
});

// ---- the graph ----

// predicateArgs returns the neighbourhood's predicates argument: null for
// all, else the chosen ones.
function predicateArgs() {
  return state.predicates.size === PREDICATES.length ? null : [...state.predicates];
}

let loadSeq = 0;

// reload asks the server for the neighbourhood of every root and draws it.
// randomize lays the graph out afresh; otherwise the nodes already drawn
// keep their places and new ones start next to the entity they came with.
async function reload({ randomize = false, near = null } = {}) {
  writeURL();
  if (state.roots.length === 0) {
    draw({ randomize });
    return;
  }
  const preds = predicateArgs();
  const seq = ++loadSeq;
  let answers;
  try {
    answers = await track(
      Promise.all(
        state.roots.map((r, i) =>
          gql(NEIGHBORHOOD, {
            id: r.id,
            // No relation type chosen: the roots alone.
            depth: preds && preds.length === 0 ? 0 : i === 0 ? state.depth : 1,
            predicates: preds && preds.length > 0 ? preds : null,
          }),
        ),
      ),
    );
  } catch (err) {
    if (seq === loadSeq) showError(err);
    return;
  }
  if (seq !== loadSeq) return;
  hideError();
  const nodes = new Map();
  const edges = new Map();
  for (const a of answers) {
    const g = a.neighborhood;
    if (!g) continue;
    for (const n of g.nodes) nodes.set(n.id, n);
    for (const e of g.edges) edges.set(e.id, e);
  }
  state.nodes = nodes;
  state.edges = edges;
  draw({ randomize, near });
}

// nodeSize grows with how often the documents name an entity.
function nodeSize(mentions) {
  return Math.round(Math.min(64, 26 + 7 * Math.log2(1 + (mentions || 0))));
}

// levels returns how many relations each node is from the nearest root.
function levels() {
  const adj = new Map();
  for (const e of state.edges.values()) {
    for (const [a, b] of [
      [e.subject.id, e.object.id],
      [e.object.id, e.subject.id],
    ]) {
      if (!adj.has(a)) adj.set(a, []);
      adj.get(a).push(b);
    }
  }
  const level = new Map();
  let frontier = state.roots.map((r) => r.id).filter((id) => state.nodes.has(id));
  frontier.forEach((id) => level.set(id, 0));
  for (let d = 1; frontier.length > 0; d++) {
    const next = [];
    for (const id of frontier) {
      for (const n of adj.get(id) || []) {
        if (!level.has(n)) {
          level.set(n, d);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return level;
}

function draw({ randomize = false, near = null } = {}) {
  const level = levels();
  const rootID = state.roots.length > 0 ? state.roots[0].id : null;
  const expanded = new Set(state.roots.slice(1).map((r) => r.id));
  const start = near && cy.getElementById(near).nonempty() ? { ...cy.getElementById(near).position() } : null;
  let added = false;
  cy.batch(() => {
    cy.edges().forEach((el) => {
      if (!state.edges.has(el.id())) el.remove();
    });
    cy.nodes().forEach((el) => {
      if (!state.nodes.has(el.id())) el.remove();
    });
    for (const n of state.nodes.values()) {
      const data = { id: n.id, name: n.name, type: n.type, mentions: n.mentions, size: nodeSize(n.mentions), level: level.has(n.id) ? level.get(n.id) : maxDepth + 1 };
      const el = cy.getElementById(n.id);
      if (el.nonempty()) {
        el.data(data);
      } else {
        const spot = start ? { x: start.x + (Math.random() - 0.5) * 80, y: start.y + (Math.random() - 0.5) * 80 } : { x: 0, y: 0 };
        cy.add({ group: 'nodes', data, position: spot });
        added = true;
      }
    }
    for (const e of state.edges.values()) {
      const conflict = e.conflicts && e.conflicts.length > 0;
      const data = {
        id: e.id,
        source: e.subject.id,
        target: e.object.id,
        predicate: e.predicate,
        label: predicateLabel(e.predicate) + (conflict ? ' ⚠' : ''),
        confidence: e.confidence,
        alleged: e.alleged,
      };
      let el = cy.getElementById(e.id);
      if (el.empty()) {
        el = cy.add({ group: 'edges', data });
        added = true;
      } else {
        el.data(data);
      }
      el.toggleClass('alleged', e.alleged);
      el.toggleClass('conflict', conflict);
    }
    cy.nodes().forEach((n) => {
      n.toggleClass('root', n.id() === rootID);
      n.toggleClass('expanded', expanded.has(n.id()));
      n.toggleClass('hidden', state.hiddenTypes.has(n.data('type')));
    });
  });
  ui.empty.hidden = state.roots.length > 0;
  drawLegend();
  drawStatus();
  if (randomize || added) runLayout({ randomize: randomize || !start });
  if (state.selected && cy.getElementById(state.selected.id).nonempty()) {
    reselect();
  } else {
    unselect();
  }
}

function runLayout({ randomize = false } = {}) {
  const eles = cy.elements().not('.hidden').not(cy.nodes('.hidden').connectedEdges());
  if (eles.empty()) return;
  const common = { animate: false, fit: true, padding: 56, nodeDimensionsIncludeLabels: true };
  const roots = cy.nodes('.root, .expanded').not('.hidden');
  let opts;
  switch (state.layout) {
    case 'breadthfirst':
      opts = { name: 'breadthfirst', directed: false, roots: roots.nonempty() ? roots : undefined, spacingFactor: 1.15, avoidOverlap: true };
      break;
    case 'concentric':
      opts = {
        name: 'concentric',
        concentric: (n) => maxDepth + 2 - n.data('level'),
        levelWidth: () => 1,
        minNodeSpacing: 36,
        avoidOverlap: true,
      };
      break;
    default: {
      // Lay the graph out in a box of the window's shape, as large as the
      // number of nodes needs: fitted, it fills the window.
      const n = eles.nodes().length;
      const w = Math.max(cy.width(), 300);
      const hgt = Math.max(cy.height(), 300);
      const s = Math.min(3, Math.max(0.55, Math.sqrt((n * 165 * 165) / (w * hgt))));
      opts = {
        name: 'cose',
        boundingBox: { x1: 0, y1: 0, w: w * s, h: hgt * s },
        randomize,
        idealEdgeLength: () => 85,
        nodeRepulsion: () => 9000,
        edgeElasticity: () => 80,
        nodeOverlap: 16,
        gravity: 0.5,
        numIter: 2000,
        initialTemp: randomize ? 1000 : 120,
        componentSpacing: 90,
      };
    }
  }
  const layout = eles.layout({ ...common, ...opts });
  // A small graph fitted to the window would be drawn huge: cap the zoom.
  layout.one('layoutstop', () => {
    if (cy.zoom() > 1.4) {
      cy.zoom(1.4);
      cy.center(eles);
    }
  });
  layout.run();
}

function drawLegend() {
  const counts = new Map();
  for (const n of state.nodes.values()) counts.set(n.type, (counts.get(n.type) || 0) + 1);
  if (counts.size === 0) {
    ui.legend.hidden = true;
    return;
  }
  const types = TYPES.filter((t) => counts.has(t.name)).concat(
    [...counts.keys()].filter((name) => !TYPES.some((t) => t.name === name)).map((name) => typeOf(name)),
  );
  const line = (cls, color, dash) => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', 30);
    svg.setAttribute('height', 10);
    svg.setAttribute('aria-hidden', 'true');
    const l = document.createElementNS('http://www.w3.org/2000/svg', 'line');
    for (const [k, v] of Object.entries({ x1: 1, y1: 5, x2: 24, y2: 5, stroke: color, 'stroke-width': 2 })) l.setAttribute(k, v);
    if (dash) l.setAttribute('stroke-dasharray', '5 3');
    const arrow = document.createElementNS('http://www.w3.org/2000/svg', 'polygon');
    arrow.setAttribute('points', '23,1 29,5 23,9');
    arrow.setAttribute('fill', color);
    svg.append(l, arrow);
    svg.classList.add(cls);
    return svg;
  };
  replace(
    ui.legend,
    h('div', { class: 'legend-title' }, 'Entities'),
    h(
      'ul',
      { class: 'legend-types' },
      types.map((t) =>
        h(
          'li',
          null,
          h(
            'button',
            {
              type: 'button',
              class: state.hiddenTypes.has(t.name) ? 'legend-type off' : 'legend-type',
              title: state.hiddenTypes.has(t.name) ? `Show the ${t.label} nodes` : `Hide the ${t.label} nodes`,
              'aria-pressed': !state.hiddenTypes.has(t.name),
              onclick: () => toggleType(t.name),
            },
            shapeIcon(t.shape, t.color, 14),
            h('span', null, t.label),
            h('span', { class: 'count' }, counts.get(t.name)),
          ),
        ),
      ),
    ),
    h('div', { class: 'legend-title' }, 'Relations'),
    h(
      'ul',
      { class: 'legend-lines' },
      h('li', null, line('l', '#9aa5b1', false), 'stated'),
      h('li', null, line('l', '#9aa5b1', true), 'alleged'),
      h('li', null, line('l', conflictColor, false), 'sources disagree ⚠'),
    ),
  );
  ui.legend.hidden = false;
}

function toggleType(type) {
  if (state.hiddenTypes.has(type)) state.hiddenTypes.delete(type);
  else state.hiddenTypes.add(type);
  cy.nodes().forEach((n) => n.toggleClass('hidden', state.hiddenTypes.has(n.data('type'))));
  drawLegend();
  drawStatus();
}

function drawStatus() {
  if (state.roots.length === 0) {
    ui.status.hidden = true;
    return;
  }
  const root = state.nodes.get(state.roots[0].id);
  const hidden = cy.nodes('.hidden').length;
  replace(
    ui.status,
    h('strong', null, root ? root.name : state.roots[0].id),
    h(
      'span',
      null,
      ` · depth ${state.depth} · ${state.nodes.size} ${state.nodes.size === 1 ? 'entity' : 'entities'} · ${state.edges.size} ${state.edges.size === 1 ? 'relation' : 'relations'}`,
      hidden > 0 ? ` · ${hidden} hidden` : '',
    ),
  );
  ui.status.hidden = false;
}

// ---- selection and the side panel ----

const handlers = {
  close: () => unselect(),
  entity: (e) => focusEntity(e.id),
  expand: (id) => expand(id),
  center: (id) => center(id),
  relation: (r) => focusRelation(r),
};

cy.on('tap', 'node', (ev) => selectNode(ev.target.id(), { fade: true }));
cy.on('tap', 'edge', (ev) => selectEdge(ev.target.id(), { fade: true }));
cy.on('tap', (ev) => {
  if (ev.target === cy) unselect();
});
cy.on('dbltap', 'node', (ev) => expand(ev.target.id()));

let panelSeq = 0;

function fade(keep) {
  cy.batch(() => {
    cy.elements().addClass('faded');
    keep.removeClass('faded');
  });
}

function unselect() {
  state.selected = null;
  panelSeq++;
  cy.elements().unselect();
  cy.elements().removeClass('faded');
  replace(ui.panel, panel.overview(summary(), handlers));
}

function summary() {
  if (state.roots.length === 0) return null;
  const counts = new Map();
  for (const n of state.nodes.values()) counts.set(n.type, (counts.get(n.type) || 0) + 1);
  const named = (id) => state.nodes.get(id) || { id, name: id, type: '' };
  return {
    root: named(state.roots[0].id),
    expanded: state.roots.slice(1).map((r) => named(r.id)),
    depth: state.depth,
    nodes: state.nodes.size,
    edges: state.edges.size,
    types: TYPES.filter((t) => counts.has(t.name)).map((t) => [t.name, counts.get(t.name)]),
  };
}

function reselect() {
  const { kind, id } = state.selected;
  if (kind === 'node') selectNode(id);
  else selectEdge(id);
}

// playgroundLink opens the playground on a query about entity id.
function playgroundLink(id) {
  const query = `# ${id}: its relations, and the sentences that state them
query Entity($id: ID!) {
  entity(id: $id) {
    name
    type
    aliases
    relations {
      predicate
      subject { name }
      object { name }
      alleged
      sources { title publisher published sentence }
    }
  }
}
`;
  const params = new URLSearchParams({ query, variables: JSON.stringify({ id }, null, 2), run: '1' });
  return `./?${params}`;
}

// selectNode shows entity id in the panel; fade dims what is not next to it
// (on a click, not when the graph is drawn around it).
async function selectNode(id, { fade: dim = false } = {}) {
  const node = cy.getElementById(id);
  if (node.empty()) return;
  state.selected = { kind: 'node', id };
  const seq = ++panelSeq;
  cy.elements().unselect();
  node.select();
  if (dim) fade(node.closedNeighborhood());
  else cy.elements().removeClass('faded');
  const t = typeOf(node.data('type'));
  replace(ui.panel, panel.loading('Entity', node.data('name') || id, handlers));
  let e;
  try {
    e = (await track(gql(ENTITY, { id }))).entity;
  } catch (err) {
    if (seq === panelSeq) replace(ui.panel, panel.failure('Entity', node.data('name'), err.message, handlers));
    return;
  }
  if (seq !== panelSeq) return;
  if (!e) {
    replace(ui.panel, panel.failure(t.label, node.data('name'), 'The server no longer has this entity.', handlers));
    return;
  }
  const ctx = {
    root: state.roots.length > 0 && state.roots[0].id === id,
    expanded: state.roots.some((r) => r.id === id),
    isRoot: state.roots.length === 1 && state.roots[0].id === id,
    inGraph: (relID) => state.edges.has(relID),
    playground: playgroundLink(id),
  };
  replace(ui.panel, panel.entity(e, ctx, handlers));
  ui.panel.scrollTop = 0;
}

// selectEdge shows relation id in the panel; fade dims what is not at it.
async function selectEdge(id, { fade: dim = false } = {}) {
  const edge = cy.getElementById(id);
  if (edge.empty()) return;
  const e = state.edges.get(id);
  state.selected = { kind: 'edge', id };
  const seq = ++panelSeq;
  cy.elements().unselect();
  edge.select();
  if (dim) fade(edge.union(edge.connectedNodes()));
  else cy.elements().removeClass('faded');
  const title = `${edge.source().data('name')} → ${edge.target().data('name')}`;
  replace(ui.panel, panel.loading('Relation', title, handlers));
  let rels;
  try {
    rels = (await track(gql(RELATION, { subject: e.subject.id, predicate: e.predicate, object: e.object.id }))).relations;
  } catch (err) {
    if (seq === panelSeq) replace(ui.panel, panel.failure('Relation', title, err.message, handlers));
    return;
  }
  if (seq !== panelSeq) return;
  const r = rels.find((r) => r.id === id);
  if (!r) {
    replace(ui.panel, panel.failure('Relation', title, 'The server no longer has this relation.', handlers));
    return;
  }
  replace(ui.panel, panel.relation(r, handlers));
  ui.panel.scrollTop = 0;
}

// focusEntity selects an entity named in the panel: in the graph when it is
// drawn, else it is added next to the graph as an expanded entity.
function focusEntity(id) {
  if (cy.getElementById(id).nonempty()) {
    cy.animate({ center: { eles: cy.getElementById(id) } }, { duration: 200 });
    selectNode(id, { fade: true });
    return;
  }
  state.selected = { kind: 'node', id };
  expand(id);
}

// focusRelation selects a relation listed in the panel, drawing its ends
// when they are not.
function focusRelation(r) {
  if (cy.getElementById(r.id).nonempty()) {
    selectEdge(r.id, { fade: true });
    return;
  }
  const other = state.nodes.has(r.subject.id) ? r.object.id : r.subject.id;
  state.selected = { kind: 'edge', id: r.id };
  if (!state.roots.some((x) => x.id === other)) state.roots.push({ id: other });
  reload({ near: state.nodes.has(r.subject.id) ? r.subject.id : r.object.id });
}

function expand(id) {
  if (state.roots.some((r) => r.id === id)) {
    if (cy.getElementById(id).nonempty()) selectNode(id);
    return;
  }
  state.roots.push({ id });
  state.selected = { kind: 'node', id };
  reload({ near: id });
}

function center(id) {
  const n = state.nodes.get(id);
  if (n) ui.q.value = n.name;
  state.roots = [{ id }];
  state.selected = { kind: 'node', id };
  reload({ randomize: true });
}

// ---- the URL ----

function writeURL() {
  const p = new URLSearchParams();
  if (state.roots.length > 0) p.set('entity', state.roots[0].id);
  if (state.depth !== 1) p.set('depth', String(state.depth));
  const preds = predicateArgs();
  if (preds) p.set('predicates', preds.join(','));
  if (state.roots.length > 1) p.set('expand', state.roots.slice(1).map((r) => r.id).join(','));
  if (state.layout !== 'cose') p.set('layout', state.layout);
  const qs = p.toString();
  const url = window.location.pathname + (qs ? `?${qs}` : '');
  if (url !== window.location.pathname + window.location.search) history.replaceState(null, '', url);
}

async function readURL() {
  const p = new URLSearchParams(window.location.search);
  const depth = Number(p.get('depth'));
  if (depth >= 1 && depth <= maxDepth) state.depth = depth;
  if (p.has('predicates')) {
    const known = new Set(PREDICATES.map((x) => x.name));
    state.predicates = new Set(
      p
        .get('predicates')
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => known.has(s)),
    );
  }
  if (layouts.includes(p.get('layout'))) state.layout = p.get('layout');
  ui.depth.value = String(state.depth);
  ui.layout.value = state.layout;
  buildFilter();
  const id = (p.get('entity') || '').trim();
  if (id === '') {
    unselect();
    return;
  }
  let e;
  try {
    e = (await track(gql(ENTITY_NAME, { id }))).entity;
  } catch (err) {
    showError(err);
    unselect();
    return;
  }
  if (!e) {
    showError(new Error(`No entity has the ID “${id}”: search for it by name.`));
    ui.q.value = id;
    unselect();
    return;
  }
  ui.q.value = e.name;
  state.roots = [{ id: e.id }];
  for (const x of (p.get('expand') || '').split(',')) {
    if (x.trim() !== '' && !state.roots.some((r) => r.id === x.trim())) state.roots.push({ id: x.trim() });
  }
  state.selected = { kind: 'node', id: e.id };
  await reload({ randomize: true });
}

// ---- the test hook ----

window.__cg = {
  cy,
  state,
  // busy reports whether a request, a layout or a typed search is pending.
  busy: () => state.pending > 0 || search.timer !== null || filterTimer !== null,
  // idle resolves once nothing is pending.
  idle: () =>
    new Promise((resolve) => {
      const check = () => (window.__cg.busy() ? setTimeout(check, 50) : resolve(true));
      check();
    }),
  // point returns where an element is on the page, in CSS pixels: a node's
  // centre, an edge's midpoint; null when it is not drawn.
  point: (id) => {
    const el = cy.getElementById(id);
    if (el.empty() || !el.visible()) return null;
    const box = cy.container().getBoundingClientRect();
    const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
    return { x: box.left + p.x, y: box.top + p.y };
  },
  // drawn returns the IDs of the nodes and edges on screen, sorted.
  drawn: () => ({
    nodes: cy.nodes(':visible').map((n) => n.id()).sort(),
    edges: cy.edges(':visible').map((e) => e.id()).sort(),
  }),
};

track(readURL()).catch(showError);
