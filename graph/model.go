package graph

// Entity is a node of the graph: a real-world thing of one Type.
type Entity struct {
	// ID is the stable slug of the canonical name (Slug), e.g. "sinaloa-cartel".
	ID string `json:"id"`
	// Name is the canonical name. When sources spell it differently, the
	// fullest spelling wins (PreferName), whatever the order of loading.
	Name string `json:"name"`
	Type Type   `json:"type"`
	// Aliases are the surface forms seen in the documents, sorted.
	Aliases []string `json:"aliases,omitempty"`
}

// Document is a loaded article: its metadata, not its text.
type Document struct {
	// ID is the content hash of the article (ContentID), so the same text is the
	// same document wherever it was read from.
	ID string `json:"id"`
	// Source is where the article was read from (a path or a URL). A later
	// document from the same Source replaces the earlier one.
	Source string `json:"source,omitempty"`
	// Name is the base name of the file, as the extraction format names documents.
	Name      string `json:"name,omitempty"`
	Title     string `json:"title,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Author    string `json:"author,omitempty"`
	URL       string `json:"url,omitempty"`
	// Published is the publication date as ISO 8601 (2025-08-08), or a prefix of
	// it (2025-08) when the text gives no day.
	Published string `json:"published,omitempty"`
}

// Evidence is one source of a fact: where a document states it.
type Evidence struct {
	// Document is the ID of the document that states the fact.
	Document string `json:"document"`
	// Sentence is the sentence that states it, as it stands in the text.
	Sentence string `json:"sentence"`
	// Start and End are the byte offsets of the sentence in the document's text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Date is when the fact happened according to this source: an ISO 8601 date
	// or a prefix of one ("2025-01-20", "2025-02", "2025"); empty when not stated.
	Date string `json:"date,omitempty"`
	// Confidence is the extractor's confidence in this reading, in (0, 1].
	Confidence float64 `json:"confidence"`
	// Alleged is true when the text reports the fact rather than asserts it
	// (accused, allegedly, reportedly).
	Alleged bool `json:"alleged,omitempty"`
	// Attributes are the relation's attributes as this source states them
	// (designation, title, amount, of, about, action); never "date".
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Relation is a directed fact between two entities, with every source that states it.
type Relation struct {
	// ID is RelationID(Subject, Predicate, Object).
	ID        string    `json:"id"`
	Subject   string    `json:"subject"`
	Predicate Predicate `json:"predicate"`
	Object    string    `json:"object"`
	// Attributes, Date, Alleged and Confidence summarise Evidence (see Summarize).
	Attributes map[string]string `json:"attributes,omitempty"`
	Date       string            `json:"date,omitempty"`
	Alleged    bool              `json:"alleged,omitempty"`
	Confidence float64           `json:"confidence"`
	// Evidence lists the sources, in SortEvidence order.
	Evidence []Evidence `json:"evidence"`
}

// Statement is a direct quotation attributed to a speaker.
type Statement struct {
	// ID is StatementID(Speaker, Text).
	ID string `json:"id"`
	// Speaker is the ID of the Person who said it.
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	// About lists the IDs of the entities the quotation names, sorted.
	About []string `json:"about,omitempty"`
	// Evidence lists the sources, in SortEvidence order.
	Evidence []Evidence `json:"evidence"`
}

// Mention counts how often one document names one entity.
type Mention struct {
	Document string `json:"document"`
	Entity   string `json:"entity"`
	Count    int    `json:"count"`
}

// Extraction is everything read from one document. It is the unit a Store
// writes: all of it or none of it.
type Extraction struct {
	Document Document `json:"document"`
	// Entities are the entities the document names, with the aliases it uses.
	Entities []Entity `json:"entities"`
	// Mentions count the entities' mentions; Mention.Document may be left empty.
	Mentions []Mention `json:"mentions"`
	// Relations and Statements carry the evidence of this document only.
	Relations  []Relation  `json:"relations"`
	Statements []Statement `json:"statements"`
}

// Subgraph is a set of entities and the relations among them, ready for a graph view.
type Subgraph struct {
	Nodes []*Entity   `json:"nodes"`
	Edges []*Relation `json:"edges"`
}

// Hit is one result of a search, with its score (higher is better).
type Hit struct {
	Entity *Entity `json:"entity"`
	Score  float64 `json:"score"`
}

// Stats counts what a store holds.
type Stats struct {
	Documents  int `json:"documents"`
	Entities   int `json:"entities"`
	Relations  int `json:"relations"`
	Statements int `json:"statements"`
	Evidence   int `json:"evidence"`
	Mentions   int `json:"mentions"`
}
