// The graph view's side of the GraphQL API: the queries it sends and a
// fetcher for the server's /graphql endpoint, relative to the page so that the
// view works behind a proxy that mounts the server under a path prefix.

const endpoint = new URL('graphql', document.baseURI).toString();

// keyStorage is where the API key an analyst typed is kept for the session.
const keyStorage = 'cartelgraph.apiKey';

// APIError is an answer of the server that carries no data: its message is
// the server's own, fit to show; code is the error's extensions.code.
export class APIError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code || '';
  }
}

// apiKey returns the key the analyst gave, or ''.
export function apiKey() {
  try {
    return sessionStorage.getItem(keyStorage) || '';
  } catch {
    return '';
  }
}

// setAPIKey keeps key for the session.
export function setAPIKey(key) {
  try {
    sessionStorage.setItem(keyStorage, key);
  } catch {
    // storage is off: the key lasts as long as the page
  }
  memoryKey = key;
}

let memoryKey = '';

// gql runs query with variables and returns its data, or throws an APIError.
export async function gql(query, variables) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const key = apiKey() || memoryKey;
  if (key) headers.Authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch (err) {
    throw new APIError(`the server does not answer (${err.message})`, 'NETWORK');
  }
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new APIError(`HTTP ${res.status}: ${text.trim().slice(0, 300)}`, 'HTTP');
  }
  if (body.errors && body.errors.length > 0) {
    const e = body.errors[0];
    const code = (e.extensions && e.extensions.code) || '';
    throw new APIError(body.errors.map((e) => e.message).join('; '), code);
  }
  return body.data;
}

// SEARCH finds entities by the words of a name.
export const SEARCH = `query GraphViewSearch($query: String!) {
  search(query: $query, first: 12) {
    score
    entity { id name type aliases }
  }
}`;

// ENTITY_NAME checks that an entity exists, for a deep link.
export const ENTITY_NAME = `query GraphViewEntityName($id: ID!) {
  entity(id: $id) { id name type }
}`;

// NEIGHBORHOOD is what the view draws: the nodes and edges within depth of
// an entity. The edges' sources are read when one is clicked (RELATION).
export const NEIGHBORHOOD = `query GraphViewNeighborhood($id: ID!, $depth: Int, $predicates: [String!]) {
  neighborhood(id: $id, depth: $depth, predicates: $predicates) {
    nodes { id name type mentions }
    edges {
      id predicate alleged confidence date
      subject { id }
      object { id }
      conflicts { attribute }
    }
  }
}`;

// ENTITY is what the side panel shows of a node.
export const ENTITY = `query GraphViewEntity($id: ID!) {
  entity(id: $id) {
    id name type aliases mentions
    relations { id predicate alleged subject { id name type } object { id name type } }
    documents { id name title publisher published url }
    statementsBy {
      id text
      about { id name type }
      sources { title publisher published url sentence }
    }
    statementsAbout {
      id text
      speaker { id name type }
      sources { title publisher published url sentence }
    }
  }
}`;

// RELATION is what the side panel shows of an edge: the facts between its
// ends under its predicate (the view keeps the one with the edge's ID).
export const RELATION = `query GraphViewRelation($subject: String!, $predicate: String!, $object: String!) {
  relations(subject: $subject, predicate: $predicate, object: $object, first: 5) {
    id predicate alleged confidence date
    subject { id name type }
    object { id name type }
    attributes { key value }
    sources {
      title publisher published url date sentence confidence alleged
      attributes { key value }
    }
    conflicts {
      attribute
      values { value sources { title publisher published date sentence } }
    }
  }
}`;
