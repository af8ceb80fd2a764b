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
type Store interface {
	// Write stores one document's extraction atomically: after an error nothing
	// of it is stored. Writing a document that is already stored (same ID)
	// changes nothing and reports StatusUnchanged. Writing a document whose Source
	// names an earlier, different document replaces that one: its evidence is
	// removed first, and facts that no remaining source states are deleted.
	Write(ctx context.Context, x *Extraction) (WriteResult, error)

	// Entities returns the entities with the given IDs.
	Entities(ctx context.Context, ids []string) ([]*Entity, error)
	// Lookup returns the entities whose name or an alias has the same Key as
	// name, of any of the given types (all types when none), sorted by ID.
	Lookup(ctx context.Context, name string, types ...Type) ([]*Entity, error)
	// FindEntities returns a page of the entities that match q.
	FindEntities(ctx context.Context, q EntityQuery) (EntityPage, error)
	// Search ranks the entities whose names or aliases match the words of
	// query, best first, at most limit of them.
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
	// the given predicates when any are given.
	Neighborhood(ctx context.Context, id string, depth int, predicates []Predicate) (*Subgraph, error)
	// Path returns a shortest path of at most maxHops relations, in either
	// direction, between two entities, or an empty Subgraph when there is none.
	Path(ctx context.Context, from, to string, maxHops int) (*Subgraph, error)

	// Stats counts what the store holds.
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
	// NameContains matches a Key substring of the name or an alias.
	NameContains string
	// Country keeps entities linked to the entity with this ID by OPERATES_IN,
	// PART_OF or HOLDS_POSITION, or that is that entity.
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
	SortByName EntitySort = "name"
	// SortByMentions puts the entities named by the most documents first.
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
