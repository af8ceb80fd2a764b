// The side panel: what the view shows of the selected entity or relation,
// and of the graph when nothing is selected. Each function returns the
// panel's content; the actions it offers call the handlers it is given.
import { h, shapeIcon, safeURL } from './dom.js';
import { typeOf, predicateLabel } from './ontology.js';

// typeChip is an entity type with its shape and colour.
function typeChip(type) {
  const t = typeOf(type);
  return h('span', { class: 'chip type-chip' }, shapeIcon(t.shape, t.color, 12), t.label);
}

// entityLink names an entity; clicking it selects it in the graph.
function entityLink(e, on) {
  const t = typeOf(e.type);
  return h(
    'button',
    { class: 'entity-link', type: 'button', title: `${t.label}: show it in the graph`, onclick: () => on.entity(e) },
    shapeIcon(t.shape, t.color, 11),
    e.name,
  );
}

function section(title, count, ...body) {
  return h(
    'section',
    { class: 'section' },
    h('h3', null, title, count != null ? h('span', { class: 'count' }, count) : null),
    ...body,
  );
}

function muted(text) {
  return h('p', { class: 'muted' }, text);
}

// docLine is where a source was published: title (a link when it has a URL),
// publisher and date.
function docLine(s) {
  const url = safeURL(s.url);
  const title = s.title || s.name || 'Untitled document';
  const meta = [s.publisher, s.published].filter(Boolean).join(' · ');
  return h(
    'div',
    { class: 'doc' },
    url ? h('a', { class: 'doc-title', href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : h('span', { class: 'doc-title' }, title),
    meta ? h('span', { class: 'doc-meta' }, meta) : null,
  );
}

function attributes(list) {
  if (!list || list.length === 0) return null;
  return h('dl', { class: 'attrs' }, list.map((a) => [h('dt', null, a.key), h('dd', null, a.value)]));
}

function confidenceMeter(value) {
  const pct = Math.round(value * 100);
  const bar = h('span', { class: 'meter-bar' });
  bar.style.width = `${pct}%`;
  return h(
    'span',
    { class: 'meter', title: `confidence ${value.toFixed(2)}: the sources combined as independent evidence` },
    h('span', { class: 'meter-track' }, bar),
    h('span', { class: 'meter-value' }, value.toFixed(2)),
  );
}

function header(kind, title, onClose, ...rest) {
  return h(
    'header',
    { class: 'panel-head' },
    h('div', { class: 'panel-kind' }, kind, h('button', { class: 'close', type: 'button', title: 'Close (Esc)', 'aria-label': 'Close', onclick: onClose }, '×')),
    h('h2', null, title),
    ...rest,
  );
}

// loading is the panel while the details of a selection are on their way.
export function loading(kind, title, on) {
  return [header(kind, title, on.close), h('p', { class: 'muted loading' }, 'Loading…')];
}

// failure is the panel when the details could not be read.
export function failure(kind, title, message, on) {
  return [header(kind, title, on.close), h('p', { class: 'error-text' }, message)];
}

// entity shows an entity: its type, aliases, relations, documents and the
// statements it made or that name it. inGraph tells whether a relation ID is
// drawn; expanded whether the entity's neighbourhood was added.
export function entity(e, ctx, on) {
  const t = typeOf(e.type);
  const docs = e.documents || [];
  const out = [
    header(
      'Entity',
      h('span', { class: 'title-with-icon' }, shapeIcon(t.shape, t.color, 18), e.name),
      on.close,
      h(
        'div',
        { class: 'sub' },
        typeChip(e.type),
        h('span', { class: 'muted' }, `named ${e.mentions} ${e.mentions === 1 ? 'time' : 'times'} in ${docs.length} ${docs.length === 1 ? 'document' : 'documents'}`),
      ),
      h('code', { class: 'id', title: 'The entity ID: /graph?entity=ID links here' }, e.id),
    ),
  ];
  out.push(
    h(
      'div',
      { class: 'actions' },
      ctx.root
        ? null
        : h(
            'button',
            {
              class: 'btn primary',
              type: 'button',
              id: 'expand',
              disabled: ctx.expanded,
              onclick: () => on.expand(e.id),
              title: 'Add the entities one relation away from this one (or double-click the node)',
            },
            ctx.expanded ? 'Expanded' : 'Expand neighbourhood',
          ),
      h('button', { class: 'btn', type: 'button', disabled: ctx.isRoot, onclick: () => on.center(e.id), title: 'Draw the graph around this entity alone' }, 'Center here'),
      h('a', { class: 'btn link', href: ctx.playground, title: 'Open this entity in the GraphQL playground' }, 'Query ↗'),
    ),
  );
  const aliases = (e.aliases || []).filter((a) => a !== e.name);
  if (aliases.length > 0) {
    out.push(section('Also known as', null, h('div', { class: 'chips' }, aliases.map((a) => h('span', { class: 'chip' }, a)))));
  }
  const rels = e.relations || [];
  out.push(
    section(
      'Relations',
      rels.length,
      rels.length === 0
        ? muted('No relation.')
        : h(
            'ul',
            { class: 'rels' },
            rels.map((r) => {
              const out = r.subject.id === e.id;
              const other = out ? r.object : r.subject;
              return h(
                'li',
                { class: ctx.inGraph(r.id) ? 'rel' : 'rel off', title: ctx.inGraph(r.id) ? '' : 'Not drawn: the filter or the depth leaves it out' },
                h(
                  'button',
                  { class: 'rel-pred', type: 'button', onclick: () => on.relation(r), title: 'Show its sources' },
                  out ? `${predicateLabel(r.predicate)} →` : `← ${predicateLabel(r.predicate)}`,
                  r.alleged ? h('span', { class: 'tag alleged' }, 'alleged') : null,
                ),
                entityLink(other, on),
              );
            }),
          ),
    ),
  );
  out.push(
    section(
      'Documents',
      docs.length,
      docs.length === 0 ? muted('No document names it.') : h('ul', { class: 'docs' }, docs.map((d) => h('li', null, docLine(d)))),
    ),
  );
  const by = e.statementsBy || [];
  if (e.type === 'Person' || by.length > 0) {
    out.push(
      section(
        'Statements by',
        by.length,
        by.length === 0
          ? muted('No quotation is attributed to this person.')
          : by.map((s) =>
              statement(s, null, s.about && s.about.length > 0 ? h('div', { class: 'about' }, 'about ', s.about.map((a) => entityLink(a, on))) : null),
            ),
      ),
    );
  }
  const about = e.statementsAbout || [];
  out.push(
    section(
      'Statements about',
      about.length,
      about.length === 0 ? muted('No quotation names it.') : about.map((s) => statement(s, entityLink(s.speaker, on), null)),
    ),
  );
  return out;
}

function statement(s, speaker, extra) {
  return h(
    'div',
    { class: 'statement' },
    speaker ? h('div', { class: 'speaker' }, speaker, ' said') : null,
    h('blockquote', null, s.text),
    extra,
    (s.sources || []).map((src) => h('div', { class: 'stmt-source' }, docLine(src))),
  );
}

// relation shows a fact: its ends, its summary attributes, alleged and
// confidence, the conflicts among its sources and every source sentence.
export function relation(r, on) {
  const conflicts = r.conflicts || [];
  const sources = r.sources || [];
  const out = [
    header(
      'Relation',
      h('span', { class: 'fact' }, entityLink(r.subject, on), h('span', { class: 'pred' }, r.predicate), entityLink(r.object, on)),
      on.close,
      h(
        'div',
        { class: 'sub' },
        r.alleged
          ? h('span', { class: 'tag alleged', title: 'Every source reports it as an allegation' }, 'alleged')
          : h('span', { class: 'tag stated', title: 'At least one source states it as a fact' }, 'stated'),
        confidenceMeter(r.confidence),
        conflicts.length > 0 ? h('span', { class: 'tag conflict' }, `sources disagree on ${conflicts.map((c) => c.attribute).join(', ')}`) : null,
      ),
    ),
  ];
  const attrs = r.attributes || [];
  if (attrs.length > 0) out.push(section('Attributes', null, attributes(attrs), h('p', { class: 'hint' }, 'As most sources state them.')));
  if (conflicts.length > 0) {
    out.push(
      section(
        'Conflicts',
        conflicts.length,
        conflicts.map((c) =>
          h(
            'div',
            { class: 'conflict' },
            h('div', { class: 'conflict-attr' }, `${c.attribute}: ${c.values.length} values`),
            c.values.map((v) =>
              h(
                'div',
                { class: 'conflict-value' },
                h('div', { class: 'value' }, v.value),
                (v.sources || []).map((s) => h('div', { class: 'conflict-source' }, docLine(s))),
              ),
            ),
          ),
        ),
      ),
    );
  }
  out.push(
    section(
      'Sources',
      sources.length,
      sources.length === 0
        ? muted('No source.')
        : sources.map((s) =>
            h(
              'article',
              { class: 'source' },
              docLine(s),
              h('blockquote', null, s.sentence),
              h(
                'div',
                { class: 'source-facts' },
                s.alleged ? h('span', { class: 'tag alleged' }, 'alleged') : h('span', { class: 'tag stated' }, 'stated'),
                h('span', { class: 'muted' }, `confidence ${s.confidence.toFixed(2)}`),
                attributes(s.attributes),
              ),
            ),
          ),
    ),
  );
  return out;
}

// overview is the panel when nothing is selected.
export function overview(summary, on) {
  if (!summary) {
    return [
      h(
        'div',
        { class: 'welcome' },
        h('h2', null, 'Graph view'),
        h('p', null, 'Search for an entity (a cartel, an official, a country, an agency, a policy) and pick it: its neighbourhood is drawn, every relation read from the articles.'),
        h(
          'ul',
          { class: 'howto' },
          h('li', null, h('b', null, 'Click a node'), ' for its aliases, documents and statements.'),
          h('li', null, h('b', null, 'Click an edge'), ' for the sentences that state it, and where the sources disagree.'),
          h('li', null, h('b', null, 'Double-click a node'), ' (or Expand) to add its neighbourhood.'),
          h('li', null, h('b', null, 'Depth'), ' and ', h('b', null, 'Relations'), ' choose how far and along what the graph reaches.'),
          h('li', null, 'Press ', h('kbd', null, '/'), ' to search, ', h('kbd', null, 'Esc'), ' to clear the selection.'),
        ),
      ),
    ];
  }
  return [
    h(
      'div',
      { class: 'welcome' },
      h('div', { class: 'panel-kind' }, 'Graph'),
      h('h2', null, summary.root ? entityLink(summary.root, on) : 'Graph'),
      h('p', { class: 'muted' }, `${summary.nodes} entities and ${summary.edges} relations within ${summary.depth} ${summary.depth === 1 ? 'step' : 'steps'}.`),
      summary.expanded.length > 0 ? h('p', null, 'Expanded: ', summary.expanded.map((e) => entityLink(e, on))) : null,
      summary.types.length > 0
        ? h(
            'ul',
            { class: 'type-counts' },
            summary.types.map(([type, n]) => h('li', null, typeChip(type), h('span', { class: 'count' }, n))),
          )
        : null,
      h('p', { class: 'hint' }, 'Click a node or an edge to see its sources.'),
    ),
  ];
}
