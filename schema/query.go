package schema

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Limits of the arguments of neighborhood and path.
const (
	MaxNeighborhoodDepth = 3
	MaxPathHops          = 6
)

// Defaults of the paged fields.
const (
	defaultEntitiesFirst = 20
	defaultSearchFirst   = 10
)

func (b *builder) query() *graphql.Object {
	str := func(desc string) *graphql.ArgumentConfig {
		return &graphql.ArgumentConfig{Type: graphql.String, Description: desc}
	}
	first := func(def int) *graphql.ArgumentConfig {
		return &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: def,
			Description: "how many results to return, at most " + strconv.Itoa(b.opts.MaxPage)}
	}
	ref := "an ID, a name or an alias (case, accents and punctuation do not matter)"
	field := func(t graphql.Type, desc string, args graphql.FieldConfigArgument, fn graphql.FieldResolveFn) *graphql.Field {
		f := b.field(t, desc, fn)
		f.Args = args
		return f
	}
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        "Query",
		Description: "The graph of cartels, gangs, governments, officials, agencies and policies read from news articles. Read-only.",
		Fields: graphql.Fields{
			"designations": field(listOf(b.designation),
				"Terrorist and sanctions designations of criminal groups, with who made them, when, and every source; sorted by date.",
				graphql.FieldConfigArgument{
					"designation": str("part of the designation's name, e.g. Foreign Terrorist Organization"),
					"group":       str("the designated group: " + ref),
					"by":          str("who designated: " + ref),
					"includeMembers": &graphql.ArgumentConfig{Type: graphql.Boolean, DefaultValue: true,
						Description: "with by: also the designations made by the bodies that are part of it (PART_OF, three levels: the Department of State of the United States) and by the people holding positions in them"},
					"since": str("keeps designations dated on or after this ISO 8601 date or prefix (2025, 2025-02)"),
					"until": str("keeps designations dated on or before this ISO 8601 date or prefix"),
				}, b.designations),
			"entity": field(b.entity, "One entity, by ID or by name; null when there is none.",
				graphql.FieldConfigArgument{
					"id":   {Type: graphql.ID, Description: "the entity's ID, e.g. sinaloa-cartel"},
					"name": str("a name or alias (case, accents and punctuation do not matter)"),
				}, b.entityQuery),
			"entities": field(nonNull(b.entityConnection), "A page of entities.",
				graphql.FieldConfigArgument{
					"type":  {Type: b.entityType, Description: "keep one entity type"},
					"where": {Type: b.entityFilter},
					"sort":  {Type: b.entitySort, DefaultValue: graph.SortByName},
					"first": first(defaultEntitiesFirst),
					"after": str("the endCursor of the previous page"),
				}, b.entities),
			"search": field(listOf(b.hit), "Entities whose names or aliases match the words of query, best first.",
				graphql.FieldConfigArgument{
					"query": {Type: nonNull(graphql.String), Description: "words of a name"},
					"types": {Type: graphql.NewList(nonNull(b.entityType)), Description: "keep these entity types"},
					"first": first(defaultSearchFirst),
				}, b.search),
			"relations": field(listOf(b.relation), "Relations, sorted by ID; the arguments combine with AND.",
				graphql.FieldConfigArgument{
					"subject":   str("the subject: " + ref),
					"predicate": str("the relation type, e.g. HOLDS_POSITION"),
					"object":    str("the object: " + ref),
					"first":     first(b.opts.MaxPage),
				}, b.relations),
			"statements": field(listOf(b.statement), "Quotations, sorted by ID; the arguments combine with AND.",
				graphql.FieldConfigArgument{
					"speaker":  str("who said it: " + ref),
					"about":    str("an entity the quotation names: " + ref),
					"contains": str("words of the quotation"),
					"first":    first(b.opts.MaxPage),
				}, b.statements),
			"documents": field(listOf(b.document), "Loaded documents, sorted by ID.",
				graphql.FieldConfigArgument{
					"mentioning": str("keep the documents that name this entity: " + ref),
					"first":      first(b.opts.MaxPage),
				}, b.documents),
			"neighborhood": field(b.subgraph, "An entity and everything within depth relations of it, either way.",
				graphql.FieldConfigArgument{
					"id":         {Type: nonNull(graphql.ID), Description: "the entity: " + ref},
					"depth":      {Type: graphql.Int, DefaultValue: 1, Description: "how many relations away, at most " + strconv.Itoa(MaxNeighborhoodDepth)},
					"predicates": {Type: graphql.NewList(nonNull(graphql.String)), Description: "follow only these relation types"},
				}, b.neighborhood),
			"path": field(b.subgraph, "A shortest chain of relations, either way, between two entities; empty when there is none within maxHops.",
				graphql.FieldConfigArgument{
					"from":    {Type: nonNull(graphql.ID), Description: ref},
					"to":      {Type: nonNull(graphql.ID), Description: ref},
					"maxHops": {Type: graphql.Int, DefaultValue: 4, Description: "at most " + strconv.Itoa(MaxPathHops)},
				}, b.path),
			"conflicts": field(listOf(b.conflict),
				"Every fact on which sources disagree (two dates for one designation, two titles for one person), with the sources of each value.",
				nil, b.conflicts),
			"stats": field(nonNull(b.stats), "What the graph holds.", nil, b.statsQuery),
		},
	})
}

// refs resolves a reference to entities: an ID, then a name or alias by
// Key, then the best search hits. It returns no IDs when nothing matches.
func (b *builder) refs(ctx context.Context, ref string, types ...graph.Type) ([]string, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, nil
	}
	l := b.loaders(ctx)
	es, err := b.store.Entities(ctx, []string{ref})
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if e.ID == ref && (len(types) == 0 || hasType(types, e.Type)) {
			l.entities.prime(e.ID, e)
			return []string{e.ID}, nil
		}
	}
	es, err = b.store.Lookup(ctx, ref, types...)
	if err != nil {
		return nil, err
	}
	if len(es) > 0 {
		ids := make([]string, len(es))
		for i, e := range es {
			l.entities.prime(e.ID, e)
			ids[i] = e.ID
		}
		return ids, nil
	}
	hits, err := b.store.Search(ctx, ref, types, 5)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, h := range hits {
		if h.Entity == nil || h.Score < hits[0].Score {
			continue
		}
		l.entities.prime(h.Entity.ID, h.Entity)
		ids = append(ids, h.Entity.ID)
	}
	return ids, nil
}

func hasType(ts []graph.Type, t graph.Type) bool {
	for _, v := range ts {
		if v == t {
			return true
		}
	}
	return false
}

// refArg resolves the reference in argument name. ok is false when the
// argument names something the store does not have, and the field's answer
// is then empty.
func (b *builder) refArg(ctx context.Context, args map[string]interface{}, name string, types ...graph.Type) (ids []string, ok bool, err error) {
	s, _ := args[name].(string)
	if strings.TrimSpace(s) == "" {
		return nil, true, nil
	}
	ids, err = b.refs(ctx, s, types...)
	return ids, len(ids) > 0, err
}

// firstArg reads a page size: at least 0, at most MaxPage.
func (b *builder) firstArg(args map[string]interface{}, def int) (int, error) {
	n, ok := args["first"].(int)
	if !ok {
		return def, nil
	}
	if n < 0 {
		return 0, invalidf("first: %d is negative; ask for 0 to %d results", n, b.opts.MaxPage)
	}
	if n > b.opts.MaxPage {
		return 0, invalidf("first: %d is more than the limit of %d; ask for at most %d and page through the rest", n, b.opts.MaxPage, b.opts.MaxPage)
	}
	return n, nil
}

func (b *builder) designations(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	rt, _ := graph.LookupRelation(graph.Designated)
	q := graph.RelationQuery{Predicates: []graph.Predicate{graph.Designated}}
	groups, ok, err := b.refArg(ctx, p.Args, "group", rt.Objects...)
	if err != nil || !ok {
		return []*graph.Relation{}, err
	}
	by, ok, err := b.refArg(ctx, p.Args, "by", rt.Subjects...)
	if err != nil || !ok {
		return []*graph.Relation{}, err
	}
	if include, _ := p.Args["includeMembers"].(bool); include && len(by) > 0 {
		if by, err = b.members(ctx, by); err != nil {
			return nil, err
		}
	}
	q.Objects, q.Subjects = groups, by
	since, _ := p.Args["since"].(string)
	until, _ := p.Args["until"].(string)
	for _, arg := range [][2]string{{"since", since}, {"until", until}} {
		if !isDatePrefix(arg[1]) {
			return nil, invalidf("%s: %q is not an ISO 8601 date or a prefix of one (2025, 2025-02, 2025-02-19)", arg[0], arg[1])
		}
	}
	designation, _ := p.Args["designation"].(string)
	rs, err := b.store.Relations(ctx, q)
	if err != nil {
		return nil, err
	}
	out := []*graph.Relation{}
	for _, r := range rs {
		if matchesDesignation(r, designation) && inPeriod(r, since, until) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Date == "") != (b.Date == "") {
			return a.Date != ""
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.Subject < b.Subject
	})
	return out, nil
}

// memberDepth bounds how many PART_OF levels members follows down from a body.
const memberDepth = 3

// members returns the given entity IDs with the bodies that are part of them
// (PART_OF, up to memberDepth levels: the State Department of the United
// States, OFAC of the Treasury) and the people who hold positions in any of
// them (HOLDS_POSITION), sorted: who acts for a government. One store call a level.
func (b *builder) members(ctx context.Context, ids []string) ([]string, error) {
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	frontier := ids
	for level := 0; level < memberDepth && len(frontier) > 0; level++ {
		rs, err := b.store.Relations(ctx, graph.RelationQuery{Objects: frontier, Predicates: []graph.Predicate{graph.PartOf, graph.HoldsPosition}})
		if err != nil {
			return nil, err
		}
		frontier = nil
		for _, r := range rs {
			if !seen[r.Subject] {
				seen[r.Subject] = true
				if r.Predicate == graph.PartOf {
					frontier = append(frontier, r.Subject)
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

// isDatePrefix reports whether s is empty or looks like 2025, 2025-02 or 2025-02-19.
func isDatePrefix(s string) bool {
	if s == "" {
		return true
	}
	const layout = "dddd-dd-dd"
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	for i := range len(s) {
		if (layout[i] == 'd') != (s[i] >= '0' && s[i] <= '9') || (layout[i] == '-' && s[i] != '-') {
			return false
		}
	}
	return true
}

// matchesDesignation reports whether the designation of r, as any source
// names it, contains want by Key.
func matchesDesignation(r *graph.Relation, want string) bool {
	k := graph.Key(want)
	if k == "" {
		return true
	}
	if strings.Contains(graph.Key(r.Attributes[graph.AttrDesignation]), k) {
		return true
	}
	for _, e := range r.Evidence {
		if strings.Contains(graph.Key(e.Attributes[graph.AttrDesignation]), k) {
			return true
		}
	}
	return false
}

// inPeriod reports whether a date of r (its summary or any source's) falls
// within [since, until], dates compared on the prefix they share, so that
// "2025-02" is within since "2025-02-10". Undated facts fall within no
// period.
func inPeriod(r *graph.Relation, since, until string) bool {
	if since == "" && until == "" {
		return true
	}
	dates := []string{r.Date}
	for _, e := range r.Evidence {
		dates = append(dates, e.Date)
	}
	for _, d := range dates {
		if d == "" {
			continue
		}
		if (since == "" || comparePrefix(d, since) >= 0) && (until == "" || comparePrefix(d, until) <= 0) {
			return true
		}
	}
	return false
}

func comparePrefix(a, b string) int {
	n := min(len(a), len(b))
	return strings.Compare(a[:n], b[:n])
}

func (b *builder) entityQuery(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	id, _ := p.Args["id"].(string)
	name, _ := p.Args["name"].(string)
	switch {
	case strings.TrimSpace(id) != "":
		es, err := b.store.Entities(ctx, []string{strings.TrimSpace(id)})
		if err != nil || len(es) == 0 {
			return nil, err
		}
		return es[0], nil
	case strings.TrimSpace(name) != "":
		es, err := b.store.Lookup(ctx, name)
		if err != nil || len(es) == 0 {
			return nil, err
		}
		return bestByName(es, name), nil
	}
	return nil, invalidf("entity: give an id or a name")
}

// bestByName picks, among entities that share a spelling, the one whose
// canonical name is that spelling, then the first by ID.
func bestByName(es []*graph.Entity, name string) *graph.Entity {
	k := graph.Key(name)
	for _, e := range es {
		if graph.Key(e.Name) == k {
			return e
		}
	}
	return es[0]
}

// typesArg reads a list of entity types.
func typesArg(v interface{}) []graph.Type {
	list, _ := v.([]interface{})
	var out []graph.Type
	for _, x := range list {
		if t, ok := x.(graph.Type); ok {
			out = append(out, t)
		}
	}
	return out
}

// cursor is the opaque cursor of the entity at index in a list.
func cursor(index int) string {
	return base64.StdEncoding.EncodeToString([]byte("entity:" + strconv.Itoa(index)))
}

// parseCursor returns the index a cursor points at.
func parseCursor(s string) (int, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(raw), "entity:"); ok {
			if n, err := strconv.Atoi(rest); err == nil && n >= 0 {
				return n, nil
			}
		}
	}
	return 0, invalidf("after: %q is not a cursor of this API; pass the endCursor of the previous page", s)
}

func (b *builder) entities(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	first, err := b.firstArg(p.Args, defaultEntitiesFirst)
	if err != nil {
		return nil, err
	}
	q := graph.EntityQuery{Limit: first}
	if t, ok := p.Args["type"].(graph.Type); ok {
		q.Types = []graph.Type{t}
	}
	if s, ok := p.Args["sort"].(graph.EntitySort); ok {
		q.Sort = s
	}
	if after, ok := p.Args["after"].(string); ok && after != "" {
		n, err := parseCursor(after)
		if err != nil {
			return nil, err
		}
		q.Offset = n + 1
	}
	if where, ok := p.Args["where"].(map[string]interface{}); ok {
		q.NameContains, _ = where["nameContains"].(string)
		if d, ok := where["designated"].(bool); ok {
			q.Designated = &d
		}
		countries, ok, err := b.refArg(ctx, where, "country", graph.Country)
		if err != nil {
			return nil, err
		}
		if !ok {
			return &connection{offset: q.Offset}, nil
		}
		if len(countries) > 0 {
			q.Country = countries[0]
		}
	}
	if first == 0 {
		// Only the count is wanted; the store reads a Limit of 0 as no limit.
		q.Limit = 1
	}
	page, err := b.store.FindEntities(ctx, q)
	if err != nil {
		return nil, err
	}
	nodes := page.Entities
	if len(nodes) > first {
		nodes = nodes[:first]
	}
	l := b.loaders(ctx)
	for _, e := range nodes {
		l.entities.prime(e.ID, e)
	}
	return &connection{nodes: nodes, offset: q.Offset, total: page.Total, hasNext: q.Offset+len(nodes) < page.Total}, nil
}

func (b *builder) search(p graphql.ResolveParams) (interface{}, error) {
	first, err := b.firstArg(p.Args, defaultSearchFirst)
	if err != nil {
		return nil, err
	}
	query, _ := p.Args["query"].(string)
	if strings.TrimSpace(query) == "" {
		return nil, invalidf("query: give some words of a name")
	}
	if first == 0 {
		return []graph.Hit{}, nil
	}
	hits, err := b.store.Search(p.Context, query, typesArg(p.Args["types"]), first)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Hit, 0, len(hits))
	l := b.loaders(p.Context)
	for _, h := range hits {
		if h.Entity != nil {
			l.entities.prime(h.Entity.ID, h.Entity)
			out = append(out, h)
		}
	}
	return out, nil
}

func (b *builder) relations(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	first, err := b.firstArg(p.Args, b.opts.MaxPage)
	if err != nil {
		return nil, err
	}
	pred, err := predicateArg(p.Args, "predicate")
	if err != nil {
		return nil, err
	}
	var q graph.RelationQuery
	if pred != "" {
		q.Predicates = []graph.Predicate{pred}
	}
	var ok bool
	if q.Subjects, ok, err = b.refArg(ctx, p.Args, "subject"); err != nil || !ok {
		return []*graph.Relation{}, err
	}
	if q.Objects, ok, err = b.refArg(ctx, p.Args, "object"); err != nil || !ok {
		return []*graph.Relation{}, err
	}
	rs, err := b.store.Relations(ctx, q)
	if err != nil {
		return nil, err
	}
	return capped(rs, first), nil
}

func capped[T any](xs []T, n int) []T {
	if xs == nil {
		return []T{}
	}
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

func (b *builder) statements(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	first, err := b.firstArg(p.Args, b.opts.MaxPage)
	if err != nil {
		return nil, err
	}
	var q graph.StatementQuery
	q.Contains, _ = p.Args["contains"].(string)
	var ok bool
	if q.Speakers, ok, err = b.refArg(ctx, p.Args, "speaker", graph.Person); err != nil || !ok {
		return []*graph.Statement{}, err
	}
	if q.About, ok, err = b.refArg(ctx, p.Args, "about"); err != nil || !ok {
		return []*graph.Statement{}, err
	}
	ss, err := b.store.Statements(ctx, q)
	if err != nil {
		return nil, err
	}
	return capped(ss, first), nil
}

func (b *builder) documents(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	first, err := b.firstArg(p.Args, b.opts.MaxPage)
	if err != nil {
		return nil, err
	}
	var q graph.DocumentQuery
	var ok bool
	if q.Mentioning, ok, err = b.refArg(ctx, p.Args, "mentioning"); err != nil || !ok {
		return []*graph.Document{}, err
	}
	ds, err := b.store.Documents(ctx, q)
	if err != nil {
		return nil, err
	}
	return capped(ds, first), nil
}

// oneRef resolves a required reference to one entity, or says what is wrong.
func (b *builder) oneRef(ctx context.Context, args map[string]interface{}, name string) (string, error) {
	s, _ := args[name].(string)
	ids, err := b.refs(ctx, s)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "", notFoundf("%s: no entity has the ID or name %q; find it with search(query: %q)", name, s, s)
	}
	return ids[0], nil
}

func (b *builder) neighborhood(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	depth, _ := p.Args["depth"].(int)
	if depth < 0 || depth > MaxNeighborhoodDepth {
		return nil, invalidf("depth: %d is out of range; use 0 to %d", depth, MaxNeighborhoodDepth)
	}
	var preds []graph.Predicate
	list, _ := p.Args["predicates"].([]interface{})
	for i := range list {
		pr, err := predicateArg(map[string]interface{}{"predicates": list[i]}, "predicates")
		if err != nil {
			return nil, err
		}
		preds = append(preds, pr)
	}
	id, err := b.oneRef(ctx, p.Args, "id")
	if err != nil {
		return nil, err
	}
	g, err := b.store.Neighborhood(ctx, id, depth, preds)
	if err != nil {
		return nil, err
	}
	return b.primed(ctx, g), nil
}

func (b *builder) path(p graphql.ResolveParams) (interface{}, error) {
	ctx := p.Context
	hops, _ := p.Args["maxHops"].(int)
	if hops < 1 || hops > MaxPathHops {
		return nil, invalidf("maxHops: %d is out of range; use 1 to %d", hops, MaxPathHops)
	}
	from, err := b.oneRef(ctx, p.Args, "from")
	if err != nil {
		return nil, err
	}
	to, err := b.oneRef(ctx, p.Args, "to")
	if err != nil {
		return nil, err
	}
	g, err := b.store.Path(ctx, from, to, hops)
	if err != nil {
		return nil, err
	}
	return b.primed(ctx, g), nil
}

// primed records a subgraph's nodes in the request's loaders, so that its
// edges' ends need no look-up.
func (b *builder) primed(ctx context.Context, g *graph.Subgraph) *graph.Subgraph {
	if g == nil {
		return &graph.Subgraph{}
	}
	l := b.loaders(ctx)
	for _, n := range g.Nodes {
		l.entities.prime(n.ID, n)
	}
	return g
}

func (b *builder) conflicts(p graphql.ResolveParams) (interface{}, error) {
	var preds []graph.Predicate
	for _, rt := range graph.RelationTypes() {
		if len(rt.Conflicting) > 0 {
			preds = append(preds, rt.Predicate)
		}
	}
	rs, err := b.store.Relations(p.Context, graph.RelationQuery{Predicates: preds})
	if err != nil {
		return nil, err
	}
	out := []graph.Conflict{}
	for _, r := range rs {
		out = append(out, graph.Conflicts(r)...)
	}
	return out, nil
}

func (b *builder) statsQuery(p graphql.ResolveParams) (interface{}, error) {
	return b.store.Stats(p.Context)
}
