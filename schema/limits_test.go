package schema_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphql-go/graphql/gqlerrors"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/schema"
)

// errorsOf runs a query and returns its errors' messages and codes.
func errorsOf(t *testing.T, ctx context.Context, store graph.Store, opts schema.Options, query string) []gqlerrors.FormattedError {
	t.Helper()
	s := newSchema(t, store, opts)
	return schema.Do(ctx, s, opts, schema.Request{Query: query}).Errors
}

func codeOf(e gqlerrors.FormattedError) string {
	c, _ := e.Extensions["code"].(string)
	return c
}

// TestErrors checks that every error says what to fix, carries a code, and
// never shows the internals of a failure.
func TestErrors(t *testing.T) {
	store := openFixtures(t)
	deep := "{ entity(id: \"mexico\") { relations { object { relations { object { relations { object { relations { object { relations { object { relations { object { id } } } } } } } } } } } } } }"
	tests := []struct {
		name  string
		opts  schema.Options
		query string
		code  string
		want  string
	}{
		{"page size", schema.Options{}, `{ entities(first: 101) { totalCount } }`, schema.CodeInvalid,
			"first: 101 is more than the limit of 100; ask for at most 100 and page through the rest"},
		{"page size set", schema.Options{MaxPage: 5}, `{ search(query: "golfo", first: 6) { score } }`, schema.CodeInvalid,
			"first: 6 is more than the limit of 5"},
		{"negative page", schema.Options{}, `{ relations(first: -1) { id } }`, schema.CodeInvalid, "first: -1 is negative"},
		{"cursor", schema.Options{}, `{ entities(after: "not-a-cursor") { totalCount } }`, schema.CodeInvalid,
			`after: "not-a-cursor" is not a cursor of this API; pass the endCursor of the previous page`},
		{"predicate", schema.Options{}, `{ relations(predicate: "LOVES") { id } }`, schema.CodeInvalid,
			`predicate: unknown relation type "LOVES"; use one of DESIGNATED, SANCTIONED,`},
		{"date", schema.Options{}, `{ designations(since: "last year") { date } }`, schema.CodeInvalid,
			`since: "last year" is not an ISO 8601 date or a prefix of one`},
		{"entity args", schema.Options{}, `{ entity { id } }`, schema.CodeInvalid, "entity: give an id or a name"},
		{"neighborhood depth", schema.Options{}, `{ neighborhood(id: "mexico", depth: 4) { nodes { id } } }`, schema.CodeInvalid,
			"depth: 4 is out of range; use 0 to 3"},
		{"path hops", schema.Options{}, `{ path(from: "mexico", to: "valdoria", maxHops: 9) { nodes { id } } }`, schema.CodeInvalid,
			"maxHops: 9 is out of range; use 1 to 6"},
		{"not found", schema.Options{}, `{ neighborhood(id: "atlantis") { nodes { id } } }`, schema.CodeNotFound,
			`id: no entity has the ID or name "atlantis"; find it with search(query: "atlantis")`},
		{"depth", schema.Options{}, deep, schema.CodeTooComplex,
			"the query nests fields 14 levels deep, more than the limit of 10: ask for fewer nested levels"},
		{"depth set", schema.Options{MaxDepth: 2}, `query Q { entity(id: "mexico") { relations { id } } }`, schema.CodeTooComplex,
			"query Q nests fields 3 levels deep, more than the limit of 2"},
		{"depth through fragments", schema.Options{MaxDepth: 2}, `{ entity(id: "mexico") { ...F } } fragment F on Entity { relations { id } }`,
			schema.CodeTooComplex, "nests fields 3 levels deep"},
		{"cost", schema.Options{}, `{ entities(first: 100) { edges { node { relations { sources { article { relations { sources { sentence } } } } } } } } }`,
			schema.CodeTooComplex, "the query may return about 143300 values, more than the limit of 50000: give smaller first arguments"},
		{"cost set", schema.Options{MaxCost: 10}, `{ search(query: "golfo", first: 10) { score } }`, schema.CodeTooComplex,
			"may return about 20 values, more than the limit of 10"},
		{"syntax", schema.Options{}, `{ entity(id: "mexico") { id }`, "", "Syntax Error"},
		// graphql-go's own validation overflows the stack on these (found by FuzzGraphQL in server).
		{"fragment cycle", schema.Options{}, `{ ...F } fragment F on Query { ...G } fragment G on Query { stats { documents } ...F }`, "",
			`Cannot spread fragment "F" within itself via "G".`},
		{"untyped variable", schema.Options{}, `query($A:) { stats { documents } }`, "", `Syntax Error: variable "$A" has no type`},
		{"fragment spreads itself", schema.Options{}, `query { entity(id: "mexico") { ...E } } fragment E on Entity { id relations { object { ...E } } }`, "",
			`Cannot spread fragment "E" within itself.`},
		{"unknown field", schema.Options{}, `{ entity(id: "mexico") { colour } }`, "", `Cannot query field "colour" on type "Entity"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := errorsOf(t, context.Background(), store, tt.opts, tt.query)
			if len(errs) == 0 {
				t.Fatalf("no error; want %q", tt.want)
			}
			if !strings.Contains(errs[0].Message, tt.want) {
				t.Errorf("message %q, want it to contain %q", errs[0].Message, tt.want)
			}
			if tt.code != "" && codeOf(errs[0]) != tt.code {
				t.Errorf("code %q, want %q", codeOf(errs[0]), tt.code)
			}
		})
	}
}

// failingStore fails every read with err.
type failingStore struct {
	graph.Store
	err error
}

func (f failingStore) Relations(context.Context, graph.RelationQuery) ([]*graph.Relation, error) {
	return nil, f.err
}

func (f failingStore) Stats(context.Context) (graph.Stats, error) { return graph.Stats{}, f.err }

// TestStoreErrors checks that a store's errors reach the user by their kind,
// and that the details stay in the log.
func TestStoreErrors(t *testing.T) {
	store := openFixtures(t)
	secret := "bolt: /srv/cartelgraph/data/graph.db: page 12 corrupt"
	tests := []struct {
		err  error
		code string
		want string
	}{
		{graph.E(graph.Op("embedded.Relations"), graph.Internal, errors.New(secret)), schema.CodeInternal,
			"internal error: the server could not answer this field; its log has the details"},
		{errors.New(secret), schema.CodeInternal, "internal error"},
		{graph.E(graph.Op("neo4j.Relations"), graph.Unavailable, errors.New(secret)), schema.CodeUnavailable,
			"the database is unavailable at the moment; try again shortly"},
		{graph.E(graph.Op("neo4j.Relations"), graph.Invalid, graph.Item("limit"), "limit -1 is negative"), schema.CodeInvalid,
			"stats: limit: limit -1 is negative"},
		{fmt.Errorf("reading: %w", context.DeadlineExceeded), schema.CodeTimeout, schema.TimeoutMessage},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			var log strings.Builder
			opts := schema.Options{Logger: newLogger(&log)}
			errs := errorsOf(t, context.Background(), failingStore{store, tt.err}, opts, `{ stats { documents } }`)
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one", errs)
			}
			if got := errs[0].Message; !strings.Contains(got, tt.want) || strings.Contains(got, "/srv") {
				t.Errorf("message %q, want %q and no internals", got, tt.want)
			}
			if codeOf(errs[0]) != tt.code {
				t.Errorf("code %q, want %q", codeOf(errs[0]), tt.code)
			}
			if tt.code == schema.CodeInternal && !strings.Contains(log.String(), "page 12 corrupt") {
				t.Errorf("the log lacks the internal error: %q", log.String())
			}
		})
	}
}

// slowStore blocks in Relations until the request's context ends.
type slowStore struct {
	graph.Store
}

func (s slowStore) Relations(ctx context.Context, q graph.RelationQuery) ([]*graph.Relation, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestTimeout checks that a request whose context ends gets the timeout message.
func TestTimeout(t *testing.T) {
	store := slowStore{openFixtures(t)}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	errs := errorsOf(t, ctx, store, schema.Options{}, `{ designations { date } }`)
	if len(errs) != 1 || errs[0].Message != schema.TimeoutMessage || codeOf(errs[0]) != schema.CodeTimeout {
		t.Errorf("errors %+v, want the timeout message", errs)
	}
}

// countingStore counts the calls of each read method.
type countingStore struct {
	graph.Store
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingStore) count(method string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[method]++
}

func (c *countingStore) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.calls {
		n += v
	}
	return n
}

func (c *countingStore) Entities(ctx context.Context, ids []string) ([]*graph.Entity, error) {
	c.count("Entities")
	return c.Store.Entities(ctx, ids)
}

func (c *countingStore) Lookup(ctx context.Context, name string, types ...graph.Type) ([]*graph.Entity, error) {
	c.count("Lookup")
	return c.Store.Lookup(ctx, name, types...)
}

func (c *countingStore) FindEntities(ctx context.Context, q graph.EntityQuery) (graph.EntityPage, error) {
	c.count("FindEntities")
	return c.Store.FindEntities(ctx, q)
}

func (c *countingStore) Search(ctx context.Context, query string, types []graph.Type, limit int) ([]graph.Hit, error) {
	c.count("Search")
	return c.Store.Search(ctx, query, types, limit)
}

func (c *countingStore) Relations(ctx context.Context, q graph.RelationQuery) ([]*graph.Relation, error) {
	c.count("Relations")
	return c.Store.Relations(ctx, q)
}

func (c *countingStore) Statements(ctx context.Context, q graph.StatementQuery) ([]*graph.Statement, error) {
	c.count("Statements")
	return c.Store.Statements(ctx, q)
}

func (c *countingStore) Documents(ctx context.Context, q graph.DocumentQuery) ([]*graph.Document, error) {
	c.count("Documents")
	return c.Store.Documents(ctx, q)
}

func (c *countingStore) Mentions(ctx context.Context, ids []string) ([]graph.Mention, error) {
	c.count("Mentions")
	return c.Store.Mentions(ctx, ids)
}

// designatedGroups returns n documents, each reporting that the United States
// designated one more (made-up) group, which operates in a made-up place.
func designatedGroups(n int) []*graph.Extraction {
	var xs []*graph.Extraction
	for i := range n {
		group, place := fmt.Sprintf("Test Group %d", i), fmt.Sprintf("Test Place %d", i)
		sentence := fmt.Sprintf("The United States designated %s, which operates in %s.", group, place)
		ev := []graph.Evidence{{Sentence: sentence, Confidence: 0.8, Attributes: map[string]string{graph.AttrDesignation: "Specially Designated Global Terrorist"}}}
		xs = append(xs, &graph.Extraction{
			Document: graph.Document{ID: fmt.Sprintf("test-%d", i), Title: "Test article " + fmt.Sprint(i)},
			Entities: []graph.Entity{
				{Name: "United States", Type: graph.Country},
				{Name: group, Type: graph.CriminalGroup},
				{Name: place, Type: graph.Location},
			},
			Relations: []graph.Relation{
				{Subject: graph.Slug("United States"), Predicate: graph.Designated, Object: graph.Slug(group), Evidence: ev},
				{Subject: graph.Slug(group), Predicate: graph.OperatesIn, Object: graph.Slug(place), Evidence: []graph.Evidence{{Sentence: sentence, Confidence: 0.7}}},
			},
		})
	}
	return xs
}

// TestBatching checks that a nested query makes as many store calls over a
// store with 41 designations as over one with 1: every level is one call.
func TestBatching(t *testing.T) {
	const query = `{
		designations(by: "United States") {
			group {
				name
				mentions
				documents { title }
				relations { predicate object { name } sources { sentence article { title } } }
				... on CriminalGroup { operatesIn { name } }
			}
			sources { title publisher }
		}
	}`
	calls := map[int]map[string]int{}
	for _, n := range []int{0, 40} {
		c := &countingStore{Store: openFixtures(t, designatedGroups(n)...), calls: map[string]int{}}
		s := newSchema(t, c, schema.Options{})
		res := schema.Do(context.Background(), s, schema.Options{}, schema.Request{Query: query})
		if len(res.Errors) > 0 {
			t.Fatalf("errors: %v", res.Errors)
		}
		data, _ := res.Data.(map[string]interface{})
		list, _ := data["designations"].([]interface{})
		if len(list) != n+1 {
			t.Fatalf("%d designations, want %d", len(list), n+1)
		}
		calls[n] = c.calls
		// 2 to resolve "United States" (an ID? a name), at most 3 to find
		// the bodies and officials that act for it (one per PART_OF level),
		// 1 for the designations, then one per loader and level: the groups,
		// the relations touching them, the entities at their other ends, the
		// mentions, the documents.
		if got := c.total(); got > 11 {
			t.Errorf("with %d more groups: %d store calls %v, want at most 11", n, got, c.calls)
		}
	}
	if fmt.Sprint(calls[0]) != fmt.Sprint(calls[40]) {
		t.Errorf("store calls grow with the answer: %v with 1 group, %v with 41", calls[0], calls[40])
	}
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, nil))
}
