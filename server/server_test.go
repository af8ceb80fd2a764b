package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/graph/embedded"
	"github.com/cartelgraph/cartelgraph/graph/graphtest"
	"github.com/cartelgraph/cartelgraph/schema"
	"github.com/cartelgraph/cartelgraph/server"
)

// openFixtures returns an embedded store holding graphtest.Fixtures.
func openFixtures(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	graphtest.Load(t, s, graphtest.Fixtures()...)
	return s
}

// start serves store with opts on a loopback port.
func start(t *testing.T, store graph.Store, opts server.Options) *httptest.Server {
	t.Helper()
	s, err := schema.New(store, opts.Limits)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(s, opts))
	t.Cleanup(ts.Close)
	return ts
}

type answer struct {
	Status int
	Header http.Header
	Data   map[string]json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]string
	}
}

func send(t *testing.T, req *http.Request) answer {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	a := answer{Status: res.StatusCode, Header: res.Header}
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("answer is not JSON (%v): %s", err, body)
	}
	return a
}

func post(t *testing.T, ts *httptest.Server, body string, header ...string) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return send(t, req)
}

func get(t *testing.T, ts *httptest.Server, query, variables string) answer {
	t.Helper()
	v := url.Values{"query": {query}}
	if variables != "" {
		v.Set("variables", variables)
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/graphql?"+v.Encode(), nil)
	return send(t, req)
}

func TestGraphQL(t *testing.T) {
	ts := start(t, openFixtures(t), server.Options{})
	const want = `[{"group":{"name":"Cártel del Golfo Norte"}}]`
	for name, a := range map[string]answer{
		"POST":           post(t, ts, `{"query": "{ designations(by: \"United States\") { group { name } } }"}`),
		"POST variables": post(t, ts, `{"query": "query($by: String) { designations(by: $by) { group { name } } }", "variables": {"by": "u.s."}}`),
		"GET":            get(t, ts, `{ designations(by: "United States") { group { name } } }`, ""),
		"GET variables":  get(t, ts, `query Q($by: String) { designations(by: $by) { group { name } } }`, `{"by": "Washington"}`),
	} {
		if a.Status != http.StatusOK || len(a.Errors) > 0 || string(a.Data["designations"]) != want {
			t.Errorf("%s: %d %v %s, want %s", name, a.Status, a.Errors, a.Data["designations"], want)
		}
	}
	a := post(t, ts, `{"query": "query($n: Int) { entities(first: $n) { edges { node { id } } } }", "variables": {"n": 2}}`)
	if len(a.Errors) > 0 || strings.Count(string(a.Data["entities"]), `"id"`) != 2 {
		t.Errorf("first from a JSON number: %v %s", a.Errors, a.Data["entities"])
	}
}

func TestRequestErrors(t *testing.T) {
	ts := start(t, openFixtures(t), server.Options{MaxBody: 1 << 10})
	big := `{"query": "{ stats { documents } }", "variables": {"x": "` + strings.Repeat("a", 1<<10) + `"}}`
	tests := []struct {
		name   string
		method string
		ctype  string
		body   string
		status int
		want   string
	}{
		{"body size", "POST", "application/json", big, http.StatusRequestEntityTooLarge,
			"the request body is larger than the limit of 1 KiB: send a shorter query, and pass values as variables"},
		{"bad JSON", "POST", "application/json", `{"query": `, http.StatusBadRequest, "not a GraphQL request"},
		{"empty body", "POST", "application/json", ``, http.StatusBadRequest, "the body is empty"},
		{"no query", "POST", "application/json", `{"variables": {}}`, http.StatusBadRequest, "no query: send"},
		{"content type", "POST", "text/plain", `{ stats { documents } }`, http.StatusUnsupportedMediaType, "Content-Type text/plain is not supported"},
		{"method", "PUT", "application/json", `{}`, http.StatusMethodNotAllowed, "PUT is not supported"},
		{"page size", "POST", "application/json", `{"query": "{ entities(first: 1000) { totalCount } }"}`, http.StatusOK,
			"first: 1000 is more than the limit of 100"},
		{"depth", "POST", "application/json",
			`{"query": "{ entity(id: \"mexico\") { relations { object { relations { object { relations { object { relations { object { relations { object { id } } } } } } } } } } } }"}`,
			http.StatusOK, "nests fields 12 levels deep, more than the limit of 10"},
		{"mutation", "POST", "application/json", `{"query": "mutation { stats { documents } }"}`, http.StatusOK, "not configured for mutations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, ts.URL+"/graphql", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ctype)
			a := send(t, req)
			if a.Status != tt.status || len(a.Errors) != 1 || !strings.Contains(a.Errors[0].Message, tt.want) {
				t.Errorf("%d %+v, want %d and %q", a.Status, a.Errors, tt.status, tt.want)
			}
		})
	}
}

// slowStore answers Relations only when the request's context ends.
type slowStore struct{ graph.Store }

func (s slowStore) Relations(ctx context.Context, _ graph.RelationQuery) ([]*graph.Relation, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestTimeout(t *testing.T) {
	ts := start(t, slowStore{openFixtures(t)}, server.Options{Timeout: 50 * time.Millisecond})
	a := post(t, ts, `{"query": "{ designations { date } }"}`)
	if len(a.Errors) != 1 || a.Errors[0].Message != schema.TimeoutMessage || a.Errors[0].Extensions["code"] != schema.CodeTimeout {
		t.Errorf("%d %+v, want the timeout message", a.Status, a.Errors)
	}
}

func TestAPIKey(t *testing.T) {
	ts := start(t, openFixtures(t), server.Options{APIKey: "s3cret"})
	const q = `{"query": "{ stats { documents } }"}`
	tests := []struct {
		name   string
		header []string
		status int
	}{
		{"none", nil, http.StatusUnauthorized},
		{"wrong bearer", []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
		{"wrong header", []string{"X-API-Key", "s3cret2"}, http.StatusUnauthorized},
		{"basic", []string{"Authorization", "Basic s3cret"}, http.StatusUnauthorized},
		{"bearer", []string{"Authorization", "Bearer s3cret"}, http.StatusOK},
		{"bearer case", []string{"Authorization", "bearer s3cret"}, http.StatusOK},
		{"x-api-key", []string{"X-API-Key", "s3cret"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := post(t, ts, q, tt.header...)
			if a.Status != tt.status {
				t.Fatalf("status %d, want %d", a.Status, tt.status)
			}
			if tt.status == http.StatusOK && string(a.Data["stats"]) != `{"documents":3}` {
				t.Errorf("stats %s", a.Data["stats"])
			}
			if tt.status != http.StatusOK && (len(a.Errors) != 1 || !strings.Contains(a.Errors[0].Message, "Authorization: Bearer KEY") ||
				a.Header.Get("WWW-Authenticate") == "") {
				t.Errorf("%+v: want a message that says how to send the key", a.Errors)
			}
		})
	}
	// The playground holds no data: it stays open.
	res, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("playground: %d with an API key set", res.StatusCode)
	}
}

func TestCORS(t *testing.T) {
	store := openFixtures(t)
	preflight := func(ts *httptest.Server, origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	off := start(t, store, server.Options{})
	if got := preflight(off, "https://elsewhere.example").Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("CORS is off by default, yet Access-Control-Allow-Origin: %q", got)
	}
	a := post(t, off, `{"query": "{ stats { documents } }"}`, "Origin", "https://elsewhere.example")
	if a.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS is off by default, yet a POST got Access-Control-Allow-Origin")
	}
	on := start(t, store, server.Options{CORSOrigins: []string{"https://analysts.example"}})
	res := preflight(on, "https://analysts.example")
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "https://analysts.example" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight from an allowed origin: %d %v", res.StatusCode, res.Header)
	}
	if got := preflight(on, "https://other.example").Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("an origin not listed got Access-Control-Allow-Origin: %q", got)
	}
}

func fetch(t *testing.T, ts *httptest.Server, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// A Transport that leaves compression to the test.
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// cdnHosts are where a page would load a library from were it not bundled.
var cdnHosts = []string{"unpkg.com", "jsdelivr", "cdnjs", "googleapis.com", "gstatic.com", "esm.sh", "skypack", "jspm.io", "cdn."}

// checkPage fetches the page at path and checks that it is served as HTML
// under the Content-Security-Policy, holds marker, and that neither it nor
// the assets it references load anything from outside the server. It
// returns the page.
func checkPage(t *testing.T, ts *httptest.Server, path, marker string) []byte {
	t.Helper()
	res, page := fetch(t, ts, path)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("%s: Content-Security-Policy %q does not keep the page to its server", path, csp)
	}
	if !bytes.Contains(page, []byte(marker)) {
		t.Errorf("%s lacks %s:\n%s", path, marker, page)
	}
	refs := regexp.MustCompile(`<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"`).FindAllSubmatch(page, -1)
	if len(refs) < 2 {
		t.Errorf("%s references %d assets, want the script and the style sheet", path, len(refs))
	}
	base, _ := url.Parse(ts.URL + path)
	for _, m := range refs {
		ref := string(m[1])
		if strings.Contains(ref, "//") {
			t.Errorf("%s loads %s from elsewhere", path, ref)
			continue
		}
		if strings.HasPrefix(ref, "data:") {
			continue
		}
		u, err := base.Parse(ref)
		if err != nil {
			t.Errorf("%s: reference %q: %v", path, ref, err)
			continue
		}
		res, body := fetch(t, ts, u.RequestURI())
		if res.StatusCode != http.StatusOK || len(body) < 1000 {
			t.Errorf("%s: %s: %d, %d bytes", path, ref, res.StatusCode, len(body))
		}
		for _, host := range cdnHosts {
			if bytes.Contains(body, []byte(host)) {
				t.Errorf("%s names %s", ref, host)
			}
		}
		if regexp.MustCompile(`url\(\s*['"]?(https?:)?//`).Match(body) || regexp.MustCompile(`@import\s+(url\()?\s*['"]?(https?:)?//`).Match(body) {
			t.Errorf("%s loads a style or font from elsewhere", ref)
		}
	}
	for _, host := range cdnHosts {
		if bytes.Contains(page, []byte(host)) {
			t.Errorf("%s names %s", path, host)
		}
	}
	return page
}

// TestPlayground checks that / serves the bundled playground, and that
// neither the page nor its assets load anything from outside the server.
func TestPlayground(t *testing.T) {
	ts := start(t, openFixtures(t), server.Options{})
	page := checkPage(t, ts, "/", `id="graphiql"`)
	if !bytes.Contains(page, []byte(`href="playground.css"`)) {
		t.Errorf("the playground does not load its style sheet:\n%s", page)
	}

	// The bundle is served gzipped to those who take it, and revalidated by ETag.
	plain, js := fetch(t, ts, "/playground.js")
	zres, zbody := fetch(t, ts, "/playground.js", "Accept-Encoding", "gzip, deflate")
	if zres.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", zres.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zbody))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, js) || len(zbody) >= len(js)/2 {
		t.Errorf("gzipped bundle: %d bytes for %d, same content %v", len(zbody), len(js), bytes.Equal(unzipped, js))
	}
	if res, _ := fetch(t, ts, "/playground.js", "If-None-Match", plain.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
	if res, _ := fetch(t, ts, "/no-such-file.js"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing asset: %d, want 404", res.StatusCode)
	}
	if res, body := fetch(t, ts, "/healthz"); res.StatusCode != http.StatusOK || string(body) != "ok\n" {
		t.Errorf("/healthz: %d %q", res.StatusCode, body)
	}
}

// TestPlaygroundMissing checks that a binary built without the bundle says how to build it.
func TestPlaygroundMissing(t *testing.T) {
	ts := start(t, openFixtures(t), server.Options{Assets: fstest.MapFS{}})
	res, body := fetch(t, ts, "/")
	if res.StatusCode != http.StatusServiceUnavailable || !bytes.Contains(body, []byte("scripts/web-build")) {
		t.Errorf("/ without assets: %d\n%s", res.StatusCode, body)
	}
	res, body = fetch(t, ts, "/graph")
	if res.StatusCode != http.StatusServiceUnavailable || !bytes.Contains(body, []byte("scripts/web-build")) {
		t.Errorf("/graph without assets: %d\n%s", res.StatusCode, body)
	}
}

// TestExamples runs the playground's example tabs (web/src/examples.js)
// against the fixtures: they must stay valid as the schema changes.
func TestExamples(t *testing.T) {
	src, err := os.ReadFile("../web/src/examples.js")
	if err != nil {
		t.Fatal(err)
	}
	queries := regexp.MustCompile("(?s)= `(.*?)`;").FindAllSubmatch(src, -1)
	if len(queries) != 3 {
		t.Fatalf("found %d example queries in examples.js, want 3", len(queries))
	}
	ts := start(t, openFixtures(t), server.Options{})
	for _, q := range queries {
		body, _ := json.Marshal(map[string]string{"query": string(q[1])})
		a := post(t, ts, string(body))
		if len(a.Errors) > 0 || len(a.Data) == 0 {
			t.Errorf("example fails: %+v\n%s", a.Errors, q[1])
		}
		for field, v := range a.Data {
			if string(v) == "[]" {
				t.Errorf("example %s answers nothing over the fixtures", field)
			}
		}
	}
}
