package bench

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cartelgraph/cartelgraph/bench/corpus"
)

// Names of the loads.
const (
	loadEmbedded = "embedded loader"
	loadRaw      = "neo4j raw UNWIND MERGE"
	loadNeo4j    = "neo4j loader"
)

// ratioConcurrency is the concurrency at which Summary compares cartelgraph's
// throughput with @neo4j/graphql's.
const ratioConcurrency = 10

// WriteTable prints the report: per scale, the extraction, the loads and
// the GraphQL measurements; then how load and query times grow with the
// corpus; then the Summary line.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "cartelgraph bench, %s, %s, seed %d\n", r.Start.Format("2006-01-02 15:04 MST"), r.Machine, r.Seed)
	fmt.Fprintf(w, "load average at the start %s, at the end %s (other work on the machine slows every figure)\n", r.LoadAverage[0], r.LoadAverage[1])
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, s := range r.Scales {
		s.write(w)
	}
	if len(r.Scales) > 1 {
		r.writeScaling(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.Summary())
}

func (s *Scale) write(w io.Writer) {
	fmt.Fprintf(w, "\n== %d documents (%.1f MB of text; a cast of %d groups)\n\n", s.Documents, float64(s.Bytes)/1e6, s.Groups)
	for _, n := range s.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	e := s.Extract
	fmt.Fprintf(w, "extraction: %d documents in %.2f s (%d workers, %.2f s of CPU): %.0f docs/s, %.2f MB/s; per core %.0f docs/s, %.2f MB/s",
		e.Documents, e.Wall.Seconds(), e.Workers, e.CPU.Seconds(), perSec(e.Documents, e.Wall), mbs(e.Bytes, e.Wall),
		perSec(e.Documents, e.CPU), mbs(e.Bytes, e.CPU))
	if e.Failed > 0 {
		fmt.Fprintf(w, "; %d failed", e.Failed)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "extraction vs expected: entities %s | relations %s | statements %s\n",
		pr(e.Score.Entities), pr(e.Score.Relations), pr(e.Score.Statements))
	fmt.Fprintf(w, "  by predicate:%s\n\n", byPredicate(e.Score))

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "load\tdocs\trows\tseconds\t(resolve)\tdocs/s\trows/s\tpeak RSS\tRSS before\tfailed\t")
	partial := false
	for _, l := range s.Loads {
		docs := fmt.Sprint(l.Documents)
		if l.Documents < l.Of {
			docs = fmt.Sprintf("%d of %d", l.Documents, l.Of)
			partial = true
		}
		resolve := "-"
		if l.Resolve > 0 {
			resolve = fmt.Sprintf("%.2f", l.Resolve.Seconds())
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.2f\t%s\t%.0f\t%.0f\t%s\t%s\t%d\t\n", l.Name, docs, l.Rows, l.Wall.Seconds(), resolve,
			perSec(l.Documents, l.Wall), perSec(l.Rows, l.Wall), mib(l.PeakRSS), mib(l.StartRSS), l.Failed)
	}
	tw.Flush()
	if partial {
		fmt.Fprintln(w, "(a load that ran out of --load-budget wrote the first documents only; the raw baseline wrote the same ones, and the queries ask about them)")
	}
	if v, ok := s.loadVsRaw(); ok {
		fmt.Fprintf(w, "load_vs_raw = neo4j loader rows/s ÷ raw UNWIND MERGE rows/s = %.2f\n", v)
	}
	if st, ok := s.load(loadEmbedded); ok {
		fmt.Fprintf(w, "the embedded store: %d documents, %d entities, %d relations, %d statements, %d pieces of evidence, %d mentions\n",
			st.Stats.Documents, st.Stats.Entities, st.Stats.Relations, st.Stats.Statements, st.Stats.Evidence, st.Stats.Mentions)
	}
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "graphql\tquery\tclients\trequests\treq/s\tp50 ms\tp99 ms\terrors\t")
	for _, q := range s.Queries {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%.2f\t%.2f\t%d\t\n", q.Target, q.Name, q.Concurrency, q.Requests,
			q.PerSecond(), ms(q.P50), ms(q.P99), q.Errors)
	}
	tw.Flush()
	if v, ok := s.graphqlVsPeer(); ok {
		fmt.Fprintf(w, "graphql_vs_neo4j_graphql = cartelgraph on Neo4j ÷ @neo4j/graphql, designations req/s at %d clients = %.2f; the two agree on %d of %d groups compared\n",
			ratioConcurrency, v, s.Agree, s.Compared)
	}
}

// writeScaling prints how load and query times grow with the corpus.
func (r *Report) writeScaling(w io.Writer) {
	fmt.Fprintf(w, "\n== scaling\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "docs\textract s\tembedded load s\tneo4j load s\traw load s\tpeak RSS emb/neo4j\tdesignations p50 ms emb/neo4j/peer\tneighborhood p50 ms emb/neo4j\t")
	for _, s := range r.Scales {
		fmt.Fprintf(tw, "%d\t%.2f\t%s\t%s\t%s\t%s/%s\t%s/%s/%s\t%s/%s\t\n", s.Documents, s.Extract.Wall.Seconds(),
			s.loadSeconds(loadEmbedded), s.loadSeconds(loadNeo4j), s.loadSeconds(loadRaw), s.peak(loadEmbedded), s.peak(loadNeo4j),
			s.p50(TargetEmbedded, "designations"), s.p50(TargetNeo4j, "designations"), s.p50(TargetPeer, "designations"),
			s.p50(TargetEmbedded, "neighborhood"), s.p50(TargetNeo4j, "neighborhood"))
	}
	tw.Flush()
	a, b := r.Scales[0], r.Scales[len(r.Scales)-1]
	fmt.Fprintf(w, "from %d to %d documents:", a.Documents, b.Documents)
	for _, name := range []string{loadEmbedded, loadNeo4j} {
		la, oka := a.load(name)
		lb, okb := b.load(name)
		if oka && okb && la.Wall > 0 && la.Documents > 0 && lb.Documents > 0 {
			// per document, so that a load cut by the budget still compares
			ta := la.Wall.Seconds() / float64(la.Documents)
			tb := lb.Wall.Seconds() / float64(lb.Documents)
			fmt.Fprintf(w, " %s time per document ×%.2f (%d → %d documents loaded);", name, tb/ta, la.Documents, lb.Documents)
		}
	}
	for _, t := range []string{TargetEmbedded, TargetNeo4j} {
		for _, q := range []string{"designations", "neighborhood"} {
			qa, oka := a.query(t, q, 1)
			qb, okb := b.query(t, q, 1)
			if oka && okb && qa.P50 > 0 {
				fmt.Fprintf(w, " %s %s p50 ×%.2f;", t, q, qb.P50.Seconds()/qa.P50.Seconds())
			}
		}
	}
	fmt.Fprintln(w, " (a linear load keeps its time per document, ×1; flat look-ups keep their p50, ×1)")
}

// Summary is the report's last line:
//
//	bench: load_vs_raw=X graphql_vs_neo4j_graphql=Y extract_mb_s=Z
//
// from the largest scale that measured each figure: X is the Neo4j loader's
// rows/s over the raw baseline's, Y cartelgraph's designations throughput on
// Neo4j over @neo4j/graphql's at 10 clients, Z the extractor's MB/s per
// core. A figure not measured is "n/a".
func (r *Report) Summary() string {
	x, y, z := "n/a", "n/a", "n/a"
	for _, s := range r.Scales {
		if v, ok := s.loadVsRaw(); ok {
			x = fmt.Sprintf("%.2f", v)
		}
		if v, ok := s.graphqlVsPeer(); ok {
			y = fmt.Sprintf("%.2f", v)
		}
		if s.Extract.CPU > 0 {
			z = fmt.Sprintf("%.2f", mbs(s.Extract.Bytes, s.Extract.CPU))
		}
	}
	return fmt.Sprintf("bench: load_vs_raw=%s graphql_vs_neo4j_graphql=%s extract_mb_s=%s", x, y, z)
}

func (s *Scale) load(name string) (Load, bool) {
	for _, l := range s.Loads {
		if l.Name == name && l.Wall > 0 {
			return l, true
		}
	}
	return Load{}, false
}

func (s *Scale) query(target, name string, conc int) (Query, bool) {
	for _, q := range s.Queries {
		if q.Target == target && q.Name == name && q.Concurrency == conc && q.Requests > 0 {
			return q, true
		}
	}
	return Query{}, false
}

func (s *Scale) loadVsRaw() (float64, bool) {
	l, ok1 := s.load(loadNeo4j)
	raw, ok2 := s.load(loadRaw)
	if !ok1 || !ok2 || l.Failed > 0 {
		return 0, false
	}
	return raw.Wall.Seconds() / l.Wall.Seconds(), true
}

func (s *Scale) graphqlVsPeer() (float64, bool) {
	ours, ok1 := s.query(TargetNeo4j, "designations", ratioConcurrency)
	peer, ok2 := s.query(TargetPeer, "designations", ratioConcurrency)
	if !ok1 || !ok2 || peer.PerSecond() == 0 {
		return 0, false
	}
	return ours.PerSecond() / peer.PerSecond(), true
}

func (s *Scale) loadSeconds(name string) string {
	l, ok := s.load(name)
	switch {
	case !ok:
		return "-"
	case l.Documents < l.Of:
		return fmt.Sprintf("%.2f (%d docs)", l.Wall.Seconds(), l.Documents)
	}
	return fmt.Sprintf("%.2f", l.Wall.Seconds())
}

func (s *Scale) peak(name string) string {
	if l, ok := s.load(name); ok {
		return mib(l.PeakRSS)
	}
	return "-"
}

func (s *Scale) p50(target, name string) string {
	if q, ok := s.query(target, name, 1); ok {
		return fmt.Sprintf("%.2f", ms(q.P50))
	}
	return "-"
}

func pr(c corpus.Count) string {
	return fmt.Sprintf("P=%.3f R=%.3f", c.Precision(), c.Recall())
}

func byPredicate(s corpus.Score) string {
	var b strings.Builder
	for _, p := range predicateOrder(s) {
		c := s.Predicates[p]
		fmt.Fprintf(&b, " %s %.2f/%.2f", p, c.Precision(), c.Recall())
	}
	b.WriteString(" (P/R)")
	return b.String()
}

func predicateOrder(s corpus.Score) []string {
	var out []string
	for p := range s.Predicates {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func mbs(b int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(b) / 1e6 / d.Seconds()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mib(b int64) string {
	if b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}
