package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
	"github.com/cartelgraph/cartelgraph/schema"
	"github.com/cartelgraph/cartelgraph/server"
)

// FuzzGraphQL posts arbitrary bodies to /graphql and checks what any request
// must get: a JSON answer with a status the endpoint documents, errors that
// carry a code, and never an internal error (a panic, or a failure of the
// store the request could provoke).
func FuzzGraphQL(f *testing.F) {
	for _, s := range []string{
		`{"query": "{ stats { documents entities } }"}`,
		`{"query": "{ entity(name: \"u.s.\") { id name aliases relations { predicate object { name } sources { sentence document } } } }"}`,
		`{"query": "query($q: String!, $n: Int) { search(query: $q, first: $n) { score entity { id } } }", "variables": {"q": "golfo", "n": 3}}`,
		`{"query": "{ entities(first: 2, after: \"YWJj\", sort: MENTIONS, where: {designated: true}) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }"}`,
		`{"query": "{ neighborhood(id: \"mexico\", depth: 3, predicates: [\"DESIGNATED\"]) { nodes { id } edges { id } } path(from: \"mexico\", to: \"valdoria\") { nodes { id } } }"}`,
		`{"query": "{ designations(by: \"United States\", since: \"2025-02\") { group { name } date designation } conflicts { attribute values { value } } }"}`,
		`{"query": "{ statements(contains: \"x\") { text speaker { name } about { id } } documents(first: 1) { title relations { id } } }"}`,
		`{"query": "query A { stats { documents } } query B { stats { entities } }", "operationName": "B"}`,
		`{"query": "{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }"}`,
		`{"query": "{ entity(id: \"mexico\") { relations { object { relations { object { relations { object { id } } } } } } } }"}`,
		`{"query": "mutation { stats { documents } }"}`,
		`{"query": "{ __schema { types { name fields { name } } } }"}`,
		`{"query": "{ entity(id: \"\\u0000'\\\"` + "`" + `{}) MATCH (n) DETACH DELETE n //\") { id } }"}`,
		`{"query": 5}`, `{"variables": []}`, `[]`, `{`, ``, `{"query": "{ stats { documents } }", "variables": {"a": {"b": [1, 2.5, true, null]}}}`,
	} {
		f.Add([]byte(s))
	}
	store, err := embedded.Open(context.Background(), f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	graphtest.Load(f, store, graphtest.Fixtures()...)
	limits := schema.Options{MaxCost: 5000}
	gs, err := schema.New(store, limits)
	if err != nil {
		f.Fatal(err)
	}
	h := server.New(gs, server.Options{Limits: limits, Timeout: 2 * time.Second, MaxBody: 64 << 10})
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		var ans struct {
			Data   json.RawMessage
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
			t.Fatalf("the answer to %q is not JSON (%v): %s", body, err, rec.Body)
		}
		if rec.Code != http.StatusOK && (len(ans.Errors) != 1 || ans.Errors[0].Extensions["code"] != server.CodeBadRequest) {
			t.Errorf("status %d for %q with errors %+v, want one BAD_REQUEST error", rec.Code, body, ans.Errors)
		}
		if len(ans.Data) == 0 && len(ans.Errors) == 0 {
			t.Errorf("the answer to %q has neither data nor errors: %s", body, rec.Body)
		}
		for _, e := range ans.Errors {
			if e.Message == "" || e.Extensions["code"] == schema.CodeInternal {
				t.Errorf("error %+v for %q: want a message, and no internal error", e, body)
			}
		}
	})
}
