// Package graph is cartelgraph's domain: the entities, relations, statements and
// documents of the ontology, the evidence that ties every fact to the sentence it
// was read from, and the Store interface through which the loader writes and the
// GraphQL layer and exports read.
//
// The package has no third-party imports. Each storage backend lives in a
// subpackage named for what it gives (graph/embedded, graph/neo4j) and must pass
// the one conformance suite in graph/graphtest.
package graph

// Type is an entity type of the ontology. Every entity has exactly one.
type Type string

// The entity types of ONTOLOGY.md. Their names are also the Neo4j labels.
const (
	Person        Type = "Person"
	CriminalGroup Type = "CriminalGroup"
	Country       Type = "Country"
	Agency        Type = "Agency"
	Organization  Type = "Organization"
	Policy        Type = "Policy"
	Location      Type = "Location"
)

// Types returns every entity type, in the ontology's order.
func Types() []Type {
	return []Type{Person, CriminalGroup, Country, Agency, Organization, Policy, Location}
}

// Valid reports whether t is one of the ontology's entity types.
func (t Type) Valid() bool {
	for _, v := range Types() {
		if t == v {
			return true
		}
	}
	return false
}

// Predicate names a relation type. Its value is also the Neo4j relationship type.
type Predicate string

// The relation types of ONTOLOGY.md.
const (
	Designated     Predicate = "DESIGNATED"
	Sanctioned     Predicate = "SANCTIONED"
	HoldsPosition  Predicate = "HOLDS_POSITION"
	Leads          Predicate = "LEADS"
	PartOf         Predicate = "PART_OF"
	OperatesIn     Predicate = "OPERATES_IN"
	Issued         Predicate = "ISSUED"
	Replaced       Predicate = "REPLACED"
	OfferedReward  Predicate = "OFFERED_REWARD"
	Accused        Predicate = "ACCUSED"
	Opposes        Predicate = "OPPOSES"
	CooperatesWith Predicate = "COOPERATES_WITH"
	Directed       Predicate = "DIRECTED"
)

// The attribute names relations carry. "date" is kept in Evidence.Date, the
// others in Evidence.Attributes; Relation.Attributes shows all of them.
const (
	AttrDesignation = "designation"
	AttrDate        = "date"
	AttrTitle       = "title"
	AttrAmount      = "amount"
	AttrOf          = "of"
	AttrAbout       = "about"
	AttrAction      = "action"
)

// Attributes returns every attribute name a relation may carry, besides "date".
func Attributes() []string {
	return []string{AttrDesignation, AttrTitle, AttrAmount, AttrOf, AttrAbout, AttrAction}
}

// RelationType is the one definition of a relation type: the extractor, both
// stores, the GraphQL schema and the exports all read it, so adding a relation
// type is one entry here plus its extraction rule.
type RelationType struct {
	Predicate   Predicate
	Description string
	// Subjects and Objects list the entity types allowed at each end; nil allows any.
	Subjects []Type
	Objects  []Type
	// Attributes lists the attributes the relation carries.
	Attributes []string
	// Conflicting lists the attributes on which two sources of the same fact can
	// disagree in a way an analyst must see (two dates for one designation).
	Conflicting []string
}

// RelationTypes returns the definitions of every relation type, in the ontology's order.
func RelationTypes() []RelationType {
	return []RelationType{
		{Designated, "the subject listed the group under a terrorist or sanctions designation",
			[]Type{Country, Agency, Person}, []Type{CriminalGroup},
			[]string{AttrDesignation, AttrDate}, []string{AttrDate}},
		{Sanctioned, "financial or trade sanctions, asset freezes, blacklisting",
			[]Type{Country, Agency}, nil, []string{AttrDate}, []string{AttrDate}},
		{HoldsPosition, "the person holds or held a post in the body",
			[]Type{Person}, []Type{Country, Agency, Organization}, []string{AttrTitle}, []string{AttrTitle}},
		{Leads, "heads or founded it",
			[]Type{Person}, []Type{CriminalGroup, Agency, Organization}, []string{AttrTitle}, nil},
		{PartOf, "structural membership: a command of the armed forces, a faction of a cartel, a city in a state",
			[]Type{Agency, CriminalGroup, Location}, []Type{Agency, Country, CriminalGroup, Location}, nil, nil},
		{OperatesIn, "the group is based in or active in the place",
			[]Type{CriminalGroup}, []Type{Country, Location}, nil, nil},
		{Issued, "signed, issued, launched or announced the instrument",
			[]Type{Person, Agency, Country}, []Type{Policy}, []string{AttrDate}, []string{AttrDate}},
		{Replaced, "the subject superseded the object",
			[]Type{Policy}, []Type{Policy}, []string{AttrDate}, []string{AttrDate}},
		{OfferedReward, "a bounty for information",
			[]Type{Country, Agency}, []Type{Person}, []string{AttrAmount}, []string{AttrAmount}},
		{Accused, "an accusation",
			[]Type{Country, Agency, Person}, nil, []string{AttrOf}, nil},
		{Opposes, "publicly rejects or opposes",
			[]Type{Person, Country, Agency}, []Type{Country, Agency, Policy}, []string{AttrAbout}, nil},
		{CooperatesWith, "cooperation, coordination, information sharing",
			[]Type{Country, Agency}, []Type{Country, Agency}, nil, nil},
		{Directed, "ordered or instructed the body to act",
			[]Type{Person}, []Type{Agency}, []string{AttrAction}, nil},
	}
}

// LookupRelation returns the definition of predicate p.
func LookupRelation(p Predicate) (RelationType, bool) {
	for _, rt := range RelationTypes() {
		if rt.Predicate == p {
			return rt, true
		}
	}
	return RelationType{}, false
}

// Allows reports whether a relation of this type may go from an entity of type
// subject to one of type object.
func (rt RelationType) Allows(subject, object Type) bool {
	return allowed(rt.Subjects, subject) && allowed(rt.Objects, object)
}

func allowed(ts []Type, t Type) bool {
	if ts == nil {
		return true
	}
	for _, v := range ts {
		if v == t {
			return true
		}
	}
	return false
}

// The relationship and node names beyond the ontology's entity types and
// predicates, shared by the stores, the reports and the exports.
const (
	// Said links a Person to a Statement it made.
	Said = "SAID"
	// About links a Statement to an entity it names.
	About = "ABOUT"
	// Mentions links a Document to an entity it names, with a count.
	Mentions = "MENTIONS"
)
