// The cartelgraph playground: GraphiQL (with its doc explorer and history
// plugins) over the server's /graphql endpoint. Everything it needs is in this
// bundle: the page loads nothing from anywhere else.
//
// URL parameters:
//   ?query=...&variables=...&operationName=...  open the playground on this query
//   &run=1                                      and run it once it is loaded

import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { defaultTabs } from './examples.js';

// The endpoint is relative to the page, so the playground works behind a
// reverse proxy that mounts the server under a path prefix.
const endpoint = new URL('graphql', document.baseURI).toString();

async function fetcher(params, opts) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...(opts && opts.headers),
    },
    body: JSON.stringify(params),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.trim()}` }] };
  }
}

const params = new URLSearchParams(window.location.search);
const props = { fetcher, defaultTabs, defaultEditorToolsVisibility: true };
if (params.has('query')) props.query = params.get('query');
if (params.has('variables')) props.variables = params.get('variables');
if (params.has('operationName')) props.operationName = params.get('operationName');

// The logo corner links to the graph view, which draws what the API holds.
createRoot(document.getElementById('graphiql')).render(
  <GraphiQL {...props}>
    <GraphiQL.Logo>
      <a className="cg-graph-link" href="graph" title="Search an entity and draw its neighbourhood">
        Graph view →
      </a>
    </GraphiQL.Logo>
  </GraphiQL>,
);

// ?run=1 presses the run button once the editor holds the query: a link can
// then show an answer, and the browser test uses it.
if (params.get('run') === '1') {
  const started = Date.now();
  const timer = setInterval(() => {
    const button = document.querySelector('.graphiql-execute-button');
    const editor = document.querySelector('.graphiql-query-editor .CodeMirror');
    const ready = button && editor && editor.CodeMirror && editor.CodeMirror.getValue().trim() !== '';
    if (ready) {
      clearInterval(timer);
      button.click();
    } else if (Date.now() - started > 15000) {
      clearInterval(timer);
    }
  }, 100);
}
