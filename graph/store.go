package graph

import "context"

// Store holds the graph. The loader writes through it, one document at a time;
// the GraphQL schema, the exports and the CLI read through it. Implementations
// must pass the conformance suite in graph/graphtest, so that every backend gives
// the same answers to the same questions.
//
// Reads return entities, relations and statements with their fields complete:
// aliases sorted, evidence in SortEvidence order, relations summarised with
// Summarize. Methods that take a list of IDs return what exists and leave out
// the rest; they are how callers batch their look-ups.
//
// What a store holds is a function of the set of documents it holds, never of
// the order they were written in:
//   - An entity exists while a stored document lists it. Its Name is the best
//     (PreferName) of the names those documents give it; its Aliases are the
//     union of their aliases (so they include the Name); its Type is the type
//     most of them give, ties going to the earlier in Types().
//   - A relation or statement exists while a stored document states it, with
//     the evidence of every such document. A statement's Text is the best
//     (PreferName) of the texts its documents give (they share a Key), its
//     About the union of theirs.
//   - A mention is one (document, entity) pair with the document's count.
//
// Arguments out of range (a negative offset, limit, depth or number of hops,
// an unknown sort) are Invalid errors; an unknown entity where one is
// required (Neighborhood, Path) is a NotFound error.
type Store interface {
	// Write stores one document's extraction atomically: after an error nothing
	// of it is stored. Writing a document that is already stored (same ID)
	// changes nothing and reports StatusUnchanged, whatever its Source. Writing a
	// document whose non-empty Source names an earlier, different document
	// replaces that one: its evidence is removed first, and facts that no
	// remaining source states are deleted. Write normalises a copy of x
	// (Normalize) and rejects it with an Invalid error when Validate fails
	// (a nil x too); it does not modify x.
	Write(ctx context.Context, x *Extraction) (WriteResult, error)

	// Entities returns the entities with the given IDs, sorted by ID, each once.
	Entities(ctx context.Context, ids []string) ([]*Entity, error)
	// Lookup returns the entities whose name or an alias has the same Key as
	// name, of any of the given types (all types when none), sorted by ID.
	Lookup(ctx context.Context, name string, types ...Type) ([]*Entity, error)
	// FindEntities returns a page of the entities that match q.
	FindEntities(ctx context.Context, q EntityQuery) (EntityPage, error)
	// Search ranks the entities whose names or aliases match the words of
	// query, best first (ties by ID), at most limit of them (0: no cap), of any
	// of the given types (all types when none). With q = Key(query), an
	// entity's Score is the best of: 4 when Key(Name) is q; 3 when the Key of
	// an alias is q; 2 when the Key of its name or an alias starts with q; 1
	// when every word of q is a word of the Key of its name or of one alias;
	// otherwise the largest fraction of q's distinct words found among the
	// words of the Key of its name or of one alias. Entities scoring 0, and
	// every entity when q is empty, are left out.
	Search(ctx context.Context, query string, types []Type, limit int) ([]Hit, error)

	// Relations returns the relations that match q, sorted by ID.
	Relations(ctx context.Context, q RelationQuery) ([]*Relation, error)
	// Statements returns the statements that match q, sorted by ID.
	Statements(ctx context.Context, q StatementQuery) ([]*Statement, error)
	// Documents returns the documents that match q, sorted by ID.
	Documents(ctx context.Context, q DocumentQuery) ([]*Document, error)
	// Mentions returns the mentions of the given entities, sorted by entity then document.
	Mentions(ctx context.Context, entities []string) ([]Mention, error)

	// Neighborhood returns the entity with the given ID and everything within
	// depth relations of it (following relations either way), restricted to
	// the given predicates when any are given. Its Edges are every relation (of
	// those predicates) between two of its Nodes. Nodes and Edges are sorted by ID.
	Neighborhood(ctx context.Context, id string, depth int, predicates []Predicate) (*Subgraph, error)
	// Path returns a shortest path of at most maxHops relations, in either
	// direction, between two entities, or an empty Subgraph when there is none.
	// Nodes run from `from` to `to` (only `from` when they are the same entity);
	// Edges hold one relation per hop, in order. Of several shortest paths it
	// is the one whose sequence of entity IDs is lexicographically least, and
	// each hop takes the relation with the least ID between its two entities.
	Path(ctx context.Context, from, to string, maxHops int) (*Subgraph, error)

	// Stats counts what the store holds: Evidence counts the evidence of every
	// relation and statement, Mentions the (document, entity) pairs.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the store's resources.
	Close() error
}

// Status says what a Write did with a document.
type Status string

// The outcomes of a Write.
const (
	StatusCreated   Status = "created"
	StatusUnchanged Status = "unchanged"
	StatusReplaced  Status = "replaced"
)

// WriteResult reports what a Write did.
type WriteResult struct {
	Status Status
	// Replaced is the ID of the document this one replaced, when Status is StatusReplaced.
	Replaced string
}

// EntityQuery selects entities. Zero fields do not restrict.
type EntityQuery struct {
	Types []Type
	// NameContains keeps entities the Key of whose name or an alias contains
	// Key(NameContains).
	NameContains string
	// Country keeps the entity with this ID and the entities that are the
	// subject of an OPERATES_IN, PART_OF or HOLDS_POSITION relation whose
	// object it is (direct links only).
	Country string
	// Designated, when set, keeps entities that are (true) or are not (false)
	// the object of a DESIGNATED relation.
	Designated *bool
	// Sort is SortByName (the default), SortByMentions or SortByID.
	Sort   EntitySort
	Offset int
	// Limit caps the page; 0 means no cap.
	Limit int
}

// EntitySort orders the results of FindEntities.
type EntitySort string

// The orders of FindEntities. Ties are broken by ID.
const (
	// SortByName orders by Key(Name), so accents and case do not matter.
	SortByName EntitySort = "name"
	// SortByMentions puts the entities named by the most documents first
	// (distinct documents, whatever their counts).
	SortByMentions EntitySort = "mentions"
	SortByID       EntitySort = "id"
)

// EntityPage is a page of FindEntities.
type EntityPage struct {
	Entities []*Entity
	// Total counts every match, not only this page.
	Total int
}

// RelationQuery selects relations. Zero fields do not restrict; the fields
// combine with AND, the IDs within a field with OR.
type RelationQuery struct {
	IDs        []string
	Subjects   []string
	Objects    []string
	Predicates []Predicate
	// Touching keeps relations with either end among these entity IDs.
	Touching []string
	// Documents keeps relations with evidence from one of these documents.
	Documents []string
}

// StatementQuery selects statements. Zero fields do not restrict.
type StatementQuery struct {
	IDs      []string
	Speakers []string
	// About keeps statements about one of these entity IDs.
	About []string
	// Contains matches a Key substring of the text.
	Contains  string
	Documents []string
}

// DocumentQuery selects documents. Zero fields do not restrict.
type DocumentQuery struct {
	IDs []string
	// Mentioning keeps documents that mention one of these entity IDs.
	Mentioning []string
	Sources    []string
}

// BatchWriter is a Store that can write several documents in one round of
// transactions, which costs far less per document than a Write each. It is
// optional: callers check for it (st.(graph.BatchWriter)) and fall back to
// Write.
//
// WriteBatch writes xs in order, as Write would one after the other: its
// result i is what Write(ctx, xs[i]) would return after the Writes of
// xs[:i], and the store holds afterwards what those Writes would leave. So a
// document given twice is created then unchanged, and a second version of a
// source replaces the first, even within one batch. Each document is atomic:
// after an error in its result, nothing of it is stored, and a document that
// fails (an invalid one, or one the store rejects) fails alone: a store that
// writes the batch in one transaction writes the others again one by one
// when that transaction fails. When the store cannot go on (it is
// unavailable, or ctx is done) the documents not written carry that error.
// WriteBatch neither modifies xs nor keeps them; an empty xs does nothing.
type BatchWriter interface {
	WriteBatch(ctx context.Context, xs []*Extraction) []BatchResult
}

// BatchResult is what WriteBatch did with one document: the WriteResult and
// error Write would have returned.
type BatchResult struct {
	WriteResult
	// Err is set when the document was not written.
	Err error
}

// BatchLookuper is a Store that can look up several names at once, in one
// round trip where Lookup takes one per name. It is optional, like
// BatchWriter: loaders that resolve a batch of documents use it.
type BatchLookuper interface {
	// LookupBatch returns, for each of names, what Lookup(ctx, name) returns
	// (entities of any type, sorted by ID), in the order of names.
	LookupBatch(ctx context.Context, names []string) ([][]*Entity, error)
}
