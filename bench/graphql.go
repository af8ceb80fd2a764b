package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/schema"
	"github.com/cartelgraph/cartelgraph/server"
)

// The GraphQL queries the benchmark sends. Designations of one group is the
// analysts' first question; the neighbourhood of one group is what the
// graph view asks for. Both are indexed look-ups whose answers do not grow
// with the corpus.
const (
	DesignationsQuery = `query Designations($group: String!) {
  designations(group: $group) { designation date designatedBy { id name type } group { id name } }
}`
	NeighborhoodQuery = `query Neighborhood($id: ID!) {
  neighborhood(id: $id, depth: 1) { nodes { id name type } edges { predicate subject { id } object { id } } }
}`
	// PeerDesignationsQuery is DesignationsQuery for @neo4j/graphql and
	// bench/neo4jgraphql/typeDefs.graphql: the same fields, the same data.
	PeerDesignationsQuery = `query Designations($group: ID!) {
  criminalGroups(where: {id: {eq: $group}}) {
    id name
    designatedByConnection { edges { properties { designation date }
      node { ... on Country { id name type } ... on Agency { id name type } ... on Person { id name type } } } }
  }
}`
)

// requests returns the bodies of n requests of query, each about another
// of the entities ids (the variable named varName), in a fixed order.
func requests(ids []string, query, varName string, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i], _ = json.Marshal(map[string]any{"query": query, "variables": map[string]any{varName: pick(ids, i)}})
	}
	return out
}

// pick returns the i-th of ids in a scattered order: a stride prime to
// most lengths visits them all.
func pick(ids []string, i int) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[(i*7919)%len(ids)]
}

// serve serves the GraphQL API over store on a loopback port, as `serve` does.
func serve(store graph.Store) (url string, stop func(), err error) {
	opts := schema.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s, err := schema.New(store, opts)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: server.New(s, server.Options{Limits: opts, Logger: opts.Logger}),
		ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/graphql", func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

// newClient returns an HTTP client that keeps a connection per concurrent client.
func newClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second, DisableCompression: true}}
}

// post sends one request and returns the answer's body; an answer other
// than 200 or with GraphQL errors is an error.
func post(ctx context.Context, c *http.Client, url string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return data, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, data)
	}
	if bytes.Contains(data, []byte(`"errors"`)) {
		return data, fmt.Errorf("GraphQL errors: %.300s", data)
	}
	return data, nil
}

// A run is what hammer measured: the latencies of every request, the
// errors, the time it took.
type run struct {
	lat    []time.Duration
	errors int
	wall   time.Duration
}

// hammer sends bodies (in turn, from the first-th) to url from conc clients
// at once, until limit requests were sent or d has passed.
func hammer(ctx context.Context, c *http.Client, url string, bodies [][]byte, first, conc, limit int, d time.Duration) run {
	var next atomic.Int64
	var errs atomic.Int64
	lat := make([][]time.Duration, conc)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	t0 := time.Now()
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := int(next.Add(1) - 1)
				if i >= limit {
					return
				}
				s := time.Now()
				if _, err := post(ctx, c, url, bodies[(first+i)%len(bodies)]); err != nil {
					errs.Add(1)
				}
				lat[w] = append(lat[w], time.Since(s))
			}
		}()
	}
	wg.Wait()
	r := run{errors: int(errs.Load()), wall: time.Since(t0)}
	for _, l := range lat {
		r.lat = append(r.lat, l...)
	}
	return r
}

// query sums runs into a Query.
func query(target, name string, conc int, runs []run) Query {
	q := Query{Target: target, Name: name, Concurrency: conc}
	var all []time.Duration
	for _, r := range runs {
		all = append(all, r.lat...)
		q.Errors += r.errors
		q.Wall += r.wall
	}
	sortDurations(all)
	q.Requests = len(all)
	q.P50, q.P99 = percentile(all, 50), percentile(all, 99)
	return q
}

// warm sends a few requests one after the other, and checks that the first
// answer holds data.
func warm(ctx context.Context, c *http.Client, url string, bodies [][]byte, n int) error {
	for i := range min(n, len(bodies)) {
		data, err := post(ctx, c, url, bodies[i])
		if err != nil {
			return err
		}
		if i == 0 && !bytes.Contains(data, []byte(`"id"`)) {
			return fmt.Errorf("the answer holds no data: %.300s", data)
		}
	}
	return nil
}

// An endpoint is a server to measure and the requests of one query for it.
type endpoint struct {
	target, url string
	bodies      [][]byte
}

// rounds is how many turns endpoints measured side by side take each: the
// load of the machine changes less between two neighbouring turns than
// between two whole measurements.
const rounds = 4

// measure measures one query at each concurrency on every endpoint. With
// more than one endpoint it alternates them in rounds, each turn a share of
// the duration and of the requests, and sums each endpoint's turns.
func measure(ctx context.Context, cfg Config, name string, eps []endpoint) ([]Query, error) {
	c := newClient()
	defer c.CloseIdleConnections()
	for _, ep := range eps {
		if err := warm(ctx, c, ep.url, ep.bodies, 20); err != nil {
			return nil, fmt.Errorf("%s %s: %w", ep.target, name, err)
		}
	}
	n := 1
	if len(eps) > 1 {
		n = rounds
	}
	var out []Query
	for _, conc := range cfg.Concurrency {
		runs := make([][]run, len(eps))
		for k := range n {
			for i, ep := range eps {
				first := k * cfg.Requests / n
				runs[i] = append(runs[i], hammer(ctx, c, ep.url, ep.bodies, first, conc, cfg.Requests/n, cfg.Duration/time.Duration(n)))
			}
		}
		for i, ep := range eps {
			q := query(ep.target, name, conc, runs[i])
			out = append(out, q)
			logf(cfg, "  %-15s %-13s c=%-3d %6.0f req/s p50 %v p99 %v errors %d", ep.target, name, conc, q.PerSecond(),
				q.P50.Round(time.Microsecond), q.P99.Round(time.Microsecond), q.Errors)
		}
		if err := ctx.Err(); err != nil {
			return out, err
		}
	}
	return out, nil
}

// queryStore serves the API over store and measures both queries, about
// the groups ids. With a peer (Neo4j only), the designations query is
// measured in turns with the peer's, and the peer's figures come too.
func queryStore(ctx context.Context, cfg Config, target string, store graph.Store, ids []string, pr *peer) ([]Query, error) {
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: no designated group to ask about", target)
	}
	url, stop, err := serve(store)
	if err != nil {
		return nil, err
	}
	defer stop()
	n := cfg.Requests
	eps := []endpoint{{target, url, requests(ids, DesignationsQuery, "group", n)}}
	if pr != nil {
		eps = append(eps, endpoint{TargetPeer, pr.url, requests(ids, PeerDesignationsQuery, "group", n)})
	}
	out, err := measure(ctx, cfg, "designations", eps)
	if err != nil {
		return out, err
	}
	more, err := measure(ctx, cfg, "neighborhood", []endpoint{{target, url, requests(ids, NeighborhoodQuery, "id", n)}})
	return append(out, more...), err
}

// compare checks, for a few groups, that @neo4j/graphql gives the
// designations cartelgraph gives over store.
func compare(ctx context.Context, store graph.Store, pr *peer, ids []string) (agree, compared int, err error) {
	ours, stop, err := serve(store)
	if err != nil {
		return 0, 0, err
	}
	defer stop()
	c := newClient()
	defer c.CloseIdleConnections()
	for i := range min(5, len(ids)) {
		same, err := sameDesignations(ctx, c, ours, pr.url, pick(ids, i))
		if err != nil {
			return agree, compared, err
		}
		compared++
		if same {
			agree++
		}
	}
	return agree, compared, nil
}

// sameDesignations compares the designations of one group as both APIs give them:
// who designated it, under what name, when.
func sameDesignations(ctx context.Context, c *http.Client, ours, peer, group string) (bool, error) {
	type fact struct{ By, Designation, Date string }
	body := func(q string) []byte {
		b, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"group": group}})
		return b
	}
	data, err := post(ctx, c, ours, body(DesignationsQuery))
	if err != nil {
		return false, err
	}
	var a struct {
		Data struct {
			Designations []struct {
				Designation, Date *string
				DesignatedBy      struct{ ID string }
			}
		}
	}
	if err := json.Unmarshal(data, &a); err != nil {
		return false, err
	}
	data, err = post(ctx, c, peer, body(PeerDesignationsQuery))
	if err != nil {
		return false, err
	}
	var b struct {
		Data struct {
			CriminalGroups []struct {
				DesignatedByConnection struct {
					Edges []struct {
						Properties struct{ Designation, Date *string }
						Node       struct{ ID string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &b); err != nil {
		return false, err
	}
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	want := map[fact]int{}
	for _, d := range a.Data.Designations {
		want[fact{d.DesignatedBy.ID, str(d.Designation), str(d.Date)}]++
	}
	got := map[fact]int{}
	for _, g := range b.Data.CriminalGroups {
		for _, e := range g.DesignatedByConnection.Edges {
			got[fact{e.Node.ID, str(e.Properties.Designation), str(e.Properties.Date)}]++
		}
	}
	if len(want) == 0 {
		return false, errors.New("cartelgraph gives no designation of " + group)
	}
	if len(want) != len(got) {
		return false, nil
	}
	for k, v := range want {
		if got[k] != v {
			return false, nil
		}
	}
	return true, nil
}
