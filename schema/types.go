package schema

import (
	"context"
	"fmt"
	"sort"

	"github.com/graphql-go/graphql"

	"github.com/cartelgraph/cartelgraph/graph"
)

// builder builds the schema's types and holds what their resolvers need.
type builder struct {
	store graph.Store
	opts  Options

	entity  *graphql.Interface
	objects map[graph.Type]*graphql.Object

	entityType, direction, entitySort *graphql.Enum
	entityFilter                      *graphql.InputObject

	relation, designation, position, leadership *graphql.Object
	source, attribute, conflict, conflictValue  *graphql.Object
	statement, document, subgraph, hit, stats   *graphql.Object
	pageInfo, entityEdge, entityConnection      *graphql.Object
}

// attribute is one key and value of a relation or a source.
type attribute struct{ key, value string }

// thunk is what a resolver returns to be called later, when graphql-go
// completes the level: see batch.
type thunk = func() (interface{}, error)

func nonNull(t graphql.Type) graphql.Type { return graphql.NewNonNull(t) }

// listOf is [T!]!.
func listOf(t graphql.Type) graphql.Type {
	return graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t)))
}

// optional turns an empty string into null.
func optional(s string) interface{} {
	if s == "" {
		return nil
	}
	return s
}

// guard makes every error a resolver returns, now or from its thunk, fit to
// show (see public), and stops resolving once the request is out of time.
func (b *builder) guard(fn graphql.FieldResolveFn) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (interface{}, error) {
		ctx := p.Context
		if ctx == nil {
			ctx = context.Background()
			p.Context = ctx
		}
		if err := ctx.Err(); err != nil {
			return nil, public(b.opts.Logger, p.Info.FieldName, err)
		}
		v, err := fn(p)
		if err != nil {
			return nil, public(b.opts.Logger, p.Info.FieldName, err)
		}
		if th, ok := v.(thunk); ok {
			return thunk(func() (interface{}, error) {
				v, err := th()
				if err != nil {
					return nil, public(b.opts.Logger, p.Info.FieldName, err)
				}
				return v, nil
			}), nil
		}
		return v, nil
	}
}

// field defines a field whose resolver is guarded.
func (b *builder) field(t graphql.Type, desc string, fn graphql.FieldResolveFn) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Resolve: b.guard(fn)}
}

// of adapts a resolver of one Go type of source value.
func of[T any](fn func(p graphql.ResolveParams, v T) (interface{}, error)) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (interface{}, error) {
		v, ok := p.Source.(T)
		if !ok {
			return nil, fmt.Errorf("schema: field %s.%s got a %T", p.Info.ParentType.Name(), p.Info.FieldName, p.Source)
		}
		return fn(p, v)
	}
}

// prop adapts a resolver that reads a property of its source.
func prop[T any](fn func(v T) interface{}) graphql.FieldResolveFn {
	return of(func(_ graphql.ResolveParams, v T) (interface{}, error) { return fn(v), nil })
}

func (b *builder) build() {
	b.enums()
	b.entity = graphql.NewInterface(graphql.InterfaceConfig{
		Name: "Entity",
		Description: "A node of the graph: a real-world thing of one ontology type. " +
			"Every type shares these fields; use an inline fragment (... on Person) for the fields of one type.",
		Fields: graphql.FieldsThunk(b.entityFields),
		ResolveType: func(p graphql.ResolveTypeParams) *graphql.Object {
			if e, ok := p.Value.(*graph.Entity); ok {
				return b.objects[e.Type]
			}
			return nil
		},
	})
	b.objects = map[graph.Type]*graphql.Object{}
	for _, t := range graph.Types() {
		b.objects[t] = graphql.NewObject(graphql.ObjectConfig{
			Name:        string(t),
			Description: typeDescriptions()[t],
			Interfaces:  []*graphql.Interface{b.entity},
			Fields:      graphql.FieldsThunk(func() graphql.Fields { return b.typedFields(t) }),
			IsTypeOf: func(p graphql.IsTypeOfParams) bool {
				e, ok := p.Value.(*graph.Entity)
				return ok && e.Type == t
			},
		})
	}
	b.objectsForFacts()
	b.objectsForProvenance()
	b.objectsForQueries()
}

func typeDescriptions() map[graph.Type]string {
	return map[graph.Type]string{
		graph.Person:        "A named human being.",
		graph.CriminalGroup: "A cartel, gang, trafficking network or a faction of one.",
		graph.Country:       "A sovereign state, as a place or as its government.",
		graph.Agency:        "A government body: department, ministry, military command, intelligence or police agency, legislature, executive office, embassy.",
		graph.Organization:  "Any other organisation: think tank, university, firm, NGO, news outlet, party, international body.",
		graph.Policy:        "A named policy instrument: executive order, directive, law, treaty, agreement, framework, programme, sanctions package, reward.",
		graph.Location:      "A place that is not a country: city, state, region, border, waterway.",
	}
}

func (b *builder) enums() {
	types := graphql.EnumValueConfigMap{}
	for _, t := range graph.Types() {
		types[string(t)] = &graphql.EnumValueConfig{Value: t, Description: typeDescriptions()[t]}
		if alias := screamingCase(string(t)); alias != string(t) {
			types[alias] = &graphql.EnumValueConfig{Value: t, DeprecationReason: "spelled as the ontology does: " + string(t)}
		}
	}
	b.entityType = graphql.NewEnum(graphql.EnumConfig{
		Name:        "EntityType",
		Description: "The entity types of the ontology, spelled as the ontology and the `type` field spell them.",
		Values:      types,
	})
	b.direction = graphql.NewEnum(graphql.EnumConfig{
		Name:        "Direction",
		Description: "Which relations of an entity to follow.",
		Values: graphql.EnumValueConfigMap{
			"OUT":  {Value: "OUT", Description: "relations whose subject is the entity"},
			"IN":   {Value: "IN", Description: "relations whose object is the entity"},
			"BOTH": {Value: "BOTH", Description: "relations either way"},
		},
	})
	b.entitySort = graphql.NewEnum(graphql.EnumConfig{
		Name:        "EntitySort",
		Description: "The order of entities; ties are broken by ID.",
		Values: graphql.EnumValueConfigMap{
			"NAME":     {Value: graph.SortByName, Description: "by name (the default)"},
			"MENTIONS": {Value: graph.SortByMentions, Description: "the entities named by the most documents first"},
			"ID":       {Value: graph.SortByID, Description: "by ID"},
		},
	})
	b.entityFilter = graphql.NewInputObject(graphql.InputObjectConfig{
		Name:        "EntityFilter",
		Description: "Restricts entities; the fields combine with AND.",
		Fields: graphql.InputObjectConfigFieldMap{
			"nameContains": {Type: graphql.String, Description: "part of the name or an alias, compared without case, accents or punctuation"},
			"country":      {Type: graphql.String, Description: "an ID or name of a country: keeps what operates in it, is part of it, holds a position in it, or is it"},
			"designated":   {Type: graphql.Boolean, Description: "true keeps the groups some body designated, false those none did"},
		},
	})
}

// screamingCase spells CriminalGroup as CRIMINAL_GROUP.
func screamingCase(s string) string {
	var out []rune
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			out = append(out, '_')
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

// entityFields are the fields every entity type has.
func (b *builder) entityFields() graphql.Fields {
	entity := func(fn func(e *graph.Entity) interface{}) graphql.FieldResolveFn { return prop(fn) }
	return graphql.Fields{
		"id":   b.field(nonNull(graphql.ID), "The stable slug of the canonical name, e.g. sinaloa-cartel.", entity(func(e *graph.Entity) interface{} { return e.ID })),
		"name": b.field(nonNull(graphql.String), "The canonical name: the fullest spelling the sources use.", entity(func(e *graph.Entity) interface{} { return e.Name })),
		"type": b.field(nonNull(graphql.String), "The ontology type: Person, CriminalGroup, Country, Agency, Organization, Policy or Location.", entity(func(e *graph.Entity) interface{} { return string(e.Type) })),
		"aliases": b.field(listOf(graphql.String), "Every surface form the documents use, the name included, sorted.", entity(func(e *graph.Entity) interface{} {
			if e.Aliases == nil {
				return []string{}
			}
			return e.Aliases
		})),
		"relations": {
			Type:        listOf(b.relation),
			Description: "The relations at this entity, sorted by ID.",
			Args: graphql.FieldConfigArgument{
				"predicate": {Type: graphql.String, Description: "keep one relation type, e.g. DESIGNATED"},
				"direction": {Type: b.direction, DefaultValue: "BOTH", Description: "OUT: the entity is the subject; IN: the object"},
			},
			Resolve: b.guard(of(b.entityRelations)),
		},
		"documents":       b.field(listOf(b.document), "The documents that name this entity.", of(b.entityDocuments)),
		"mentions":        b.field(nonNull(graphql.Int), "How many times the documents name this entity, all documents together.", of(b.entityMentions)),
		"statementsBy":    b.field(listOf(b.statement), "The quotations this entity said.", of(b.statementsBy)),
		"statementsAbout": b.field(listOf(b.statement), "The quotations that name this entity.", of(b.statementsAbout)),
	}
}

// typedFields are an entity type's fields: the shared ones and its own.
func (b *builder) typedFields(t graph.Type) graphql.Fields {
	fs := b.entityFields()
	ends := func(p graph.Predicate, out bool, desc string) *graphql.Field {
		return b.field(listOf(b.entity), desc, of(func(rp graphql.ResolveParams, e *graph.Entity) (interface{}, error) {
			return b.ends(rp.Context, e.ID, p, out), nil
		}))
	}
	links := func(obj *graphql.Object, p graph.Predicate, out bool, desc string) *graphql.Field {
		return b.field(listOf(obj), desc, of(func(rp graphql.ResolveParams, e *graph.Entity) (interface{}, error) {
			return b.links(rp.Context, e.ID, p, out), nil
		}))
	}
	designating := func() {
		fs["designated"] = ends(graph.Designated, true, "The groups this body designated (DESIGNATED).")
		fs["designations"] = links(b.designation, graph.Designated, true, "The designations this body made, with their sources.")
	}
	switch t {
	case graph.Person:
		fs["positions"] = links(b.position, graph.HoldsPosition, true, "The posts this person holds or held (HOLDS_POSITION), with the title each source gives.")
		fs["leads"] = links(b.leadership, graph.Leads, true, "The groups and bodies this person heads or founded (LEADS).")
		fs["designations"] = links(b.designation, graph.Designated, true, "The designations this person made, with their sources.")
	case graph.CriminalGroup:
		fs["designations"] = links(b.designation, graph.Designated, false, "The designations of this group, who made them, when, and their sources.")
		fs["operatesIn"] = ends(graph.OperatesIn, true, "The countries and places the group is based in or active in (OPERATES_IN).")
		fs["leaders"] = links(b.leadership, graph.Leads, false, "The people who head or founded the group (LEADS), alleged or not.")
		fs["factions"] = ends(graph.PartOf, false, "The groups that are factions of this one (their PART_OF).")
		fs["partOf"] = ends(graph.PartOf, true, "The groups this one is a faction of (PART_OF).")
	case graph.Country:
		designating()
		fs["members"] = ends(graph.PartOf, false, "What is part of this country (PART_OF): agencies, states, cities.")
	case graph.Agency:
		designating()
		fs["members"] = ends(graph.PartOf, false, "The bodies that are part of this one (PART_OF).")
		fs["partOf"] = ends(graph.PartOf, true, "What this body is part of (PART_OF).")
		fs["leaders"] = links(b.leadership, graph.Leads, false, "The people who head this body (LEADS).")
	case graph.Organization:
		fs["leaders"] = links(b.leadership, graph.Leads, false, "The people who head or founded this organisation (LEADS).")
	case graph.Policy:
		fs["issuedBy"] = ends(graph.Issued, false, "Who signed, issued or announced this instrument (ISSUED).")
		fs["replaced"] = ends(graph.Replaced, true, "The instruments this one superseded (REPLACED).")
		fs["replacedBy"] = ends(graph.Replaced, false, "The instruments that superseded this one.")
	case graph.Location:
		fs["partOf"] = ends(graph.PartOf, true, "The places this one is part of (PART_OF).")
		fs["members"] = ends(graph.PartOf, false, "The places that are part of this one.")
	}
	return fs
}

func (b *builder) objectTypes() []graphql.Type {
	var out []graphql.Type
	for _, t := range graph.Types() {
		out = append(out, b.objects[t])
	}
	return out
}

// factFields are the fields of a relation seen as a designation, a position
// or a leadership: its summary and its sources, plus the given fields.
func (b *builder) factFields(fs graphql.Fields) graphql.Fields {
	rel := func(fn func(r *graph.Relation) interface{}) graphql.FieldResolveFn { return prop(fn) }
	fs["id"] = b.field(nonNull(graphql.ID), "The ID of the relation.", rel(func(r *graph.Relation) interface{} { return r.ID }))
	fs["date"] = b.field(graphql.String, "When it happened, as most sources date it (ISO 8601 or a prefix of it); null when no source says.", rel(func(r *graph.Relation) interface{} { return optional(r.Date) }))
	fs["alleged"] = b.field(nonNull(graphql.Boolean), "True when every source reports it as an allegation rather than a fact.", rel(func(r *graph.Relation) interface{} { return r.Alleged }))
	fs["confidence"] = b.field(nonNull(graphql.Float), "The sources' confidences combined as independent evidence, in [0, 1].", rel(func(r *graph.Relation) interface{} { return r.Confidence }))
	fs["sources"] = b.field(listOf(b.source), "Every document sentence that states it.", rel(func(r *graph.Relation) interface{} { return r.Evidence }))
	fs["conflicts"] = b.field(listOf(b.conflict), "The attributes on which its sources disagree, each value with its sources.", rel(func(r *graph.Relation) interface{} { return conflicts(r) }))
	fs["relation"] = b.field(nonNull(b.relation), "The relation itself.", rel(func(r *graph.Relation) interface{} { return r }))
	return fs
}

func conflicts(r *graph.Relation) []graph.Conflict {
	cs := graph.Conflicts(r)
	if cs == nil {
		return []graph.Conflict{}
	}
	return cs
}

func (b *builder) objectsForFacts() {
	rel := func(fn func(r *graph.Relation) interface{}) graphql.FieldResolveFn { return prop(fn) }
	end := func(subject bool) graphql.FieldResolveFn {
		return of(func(p graphql.ResolveParams, r *graph.Relation) (interface{}, error) {
			id := r.Object
			if subject {
				id = r.Subject
			}
			return b.entityByID(p.Context, id, r.ID), nil
		})
	}
	attr := func(name string) graphql.FieldResolveFn {
		return rel(func(r *graph.Relation) interface{} { return optional(r.Attributes[name]) })
	}
	b.relation = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Relation",
		Description: "A directed fact between two entities, with every source that states it. Its attributes, date, alleged and confidence summarise the sources.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			fs := b.factFields(graphql.Fields{
				"subject":   b.field(nonNull(b.entity), "The entity the relation goes from.", end(true)),
				"object":    b.field(nonNull(b.entity), "The entity the relation goes to.", end(false)),
				"predicate": b.field(nonNull(graphql.String), "The relation type, e.g. DESIGNATED, HOLDS_POSITION.", rel(func(r *graph.Relation) interface{} { return string(r.Predicate) })),
				"attributes": b.field(listOf(b.attribute), "The attributes as most sources state them (designation, title, amount, of, about, action, date), sorted by key.",
					rel(func(r *graph.Relation) interface{} { return attributes(r.Attributes) })),
			})
			delete(fs, "relation")
			return fs
		}),
	})
	b.designation = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Designation",
		Description: "A DESIGNATED relation: a body listed a group under a terrorist or sanctions designation.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return b.factFields(graphql.Fields{
				"group":        b.field(nonNull(b.entity), "The designated group.", end(false)),
				"designatedBy": b.field(nonNull(b.entity), "The country, agency or person that designated it.", end(true)),
				"designation":  b.field(graphql.String, "The designation, e.g. Foreign Terrorist Organization, as most sources name it.", attr(graph.AttrDesignation)),
			})
		}),
	})
	b.position = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Position",
		Description: "A HOLDS_POSITION relation: a person holds or held a post in a body.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return b.factFields(graphql.Fields{
				"person": b.field(nonNull(b.entity), "The person.", end(true)),
				"body":   b.field(nonNull(b.entity), "The country, agency or organisation the post belongs to.", end(false)),
				"title":  b.field(graphql.String, "The title, as most sources give it; conflicts lists the others.", attr(graph.AttrTitle)),
			})
		}),
	})
	b.leadership = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Leadership",
		Description: "A LEADS relation: a person heads or founded a group or a body; alleged when the sources report an accusation.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return b.factFields(graphql.Fields{
				"leader":       b.field(nonNull(b.entity), "The person.", end(true)),
				"organization": b.field(nonNull(b.entity), "The group or body led.", end(false)),
				"title":        b.field(graphql.String, "The title, when a source gives one.", attr(graph.AttrTitle)),
			})
		}),
	})
	b.attribute = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Attribute",
		Description: "One attribute of a relation or a source.",
		Fields: graphql.Fields{
			"key":   b.field(nonNull(graphql.String), "designation, date, title, amount, of, about or action.", prop(func(a attribute) interface{} { return a.key })),
			"value": b.field(nonNull(graphql.String), "", prop(func(a attribute) interface{} { return a.value })),
		},
	})
}

func attributes(m map[string]string) []attribute {
	out := make([]attribute, 0, len(m))
	for k, v := range m {
		out = append(out, attribute{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

func (b *builder) objectsForProvenance() {
	ev := func(fn func(e graph.Evidence) interface{}) graphql.FieldResolveFn { return prop(fn) }
	doc := func(fn func(d *graph.Document) interface{}) graphql.FieldResolveFn {
		return of(func(p graphql.ResolveParams, e graph.Evidence) (interface{}, error) {
			th := b.loaders(p.Context).documents.load(p.Context, e.Document)
			return thunk(func() (interface{}, error) {
				d, err := th()
				if err != nil || d == nil {
					return nil, err
				}
				return fn(d), nil
			}), nil
		})
	}
	b.source = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Source",
		Description: "Where a document states a fact: the document, the sentence, and what this source says of it.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"document":   b.field(nonNull(graphql.String), "The ID of the document (its content hash).", ev(func(e graph.Evidence) interface{} { return e.Document })),
				"article":    b.field(b.document, "The document itself: its title, publisher, date and the entities it mentions.", doc(func(d *graph.Document) interface{} { return d })),
				"title":      b.field(graphql.String, "The document's title.", doc(func(d *graph.Document) interface{} { return optional(d.Title) })),
				"publisher":  b.field(graphql.String, "The document's publisher.", doc(func(d *graph.Document) interface{} { return optional(d.Publisher) })),
				"published":  b.field(graphql.String, "The document's publication date.", doc(func(d *graph.Document) interface{} { return optional(d.Published) })),
				"url":        b.field(graphql.String, "The document's URL, when known.", doc(func(d *graph.Document) interface{} { return optional(d.URL) })),
				"date":       b.field(graphql.String, "When the fact happened according to this source; null when it does not say.", ev(func(e graph.Evidence) interface{} { return optional(e.Date) })),
				"sentence":   b.field(nonNull(graphql.String), "The sentence that states the fact, as it stands in the text.", ev(func(e graph.Evidence) interface{} { return e.Sentence })),
				"confidence": b.field(nonNull(graphql.Float), "The extractor's confidence in this reading, in (0, 1].", ev(func(e graph.Evidence) interface{} { return e.Confidence })),
				"alleged":    b.field(nonNull(graphql.Boolean), "True when the text reports the fact rather than asserts it.", ev(func(e graph.Evidence) interface{} { return e.Alleged })),
				"attributes": b.field(listOf(b.attribute), "The attributes as this source states them, the date included.", ev(func(e graph.Evidence) interface{} {
					m := map[string]string{}
					for k, v := range e.Attributes {
						m[k] = v
					}
					if e.Date != "" {
						m[graph.AttrDate] = e.Date
					}
					return attributes(m)
				})),
			}
		}),
	})
	b.conflictValue = graphql.NewObject(graphql.ObjectConfig{
		Name:        "ConflictValue",
		Description: "One side of a conflict: a value and the sources that state it.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"value":   b.field(nonNull(graphql.String), "", prop(func(v graph.ConflictValue) interface{} { return v.Value })),
				"sources": b.field(listOf(b.source), "", prop(func(v graph.ConflictValue) interface{} { return v.Sources })),
			}
		}),
	})
	b.conflict = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Conflict",
		Description: "A fact on which sources disagree: incompatible values of one attribute (two dates for one designation, two titles for one person), each with its sources. Both are kept.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"relation":  b.field(nonNull(b.relation), "The fact.", prop(func(c graph.Conflict) interface{} { return c.Relation })),
				"attribute": b.field(nonNull(graphql.String), "The attribute the sources disagree on, e.g. date or title.", prop(func(c graph.Conflict) interface{} { return c.Attribute })),
				"values":    b.field(listOf(b.conflictValue), "The values, sorted, each with its sources.", prop(func(c graph.Conflict) interface{} { return c.Values })),
			}
		}),
	})
	b.statement = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Statement",
		Description: "A direct quotation attributed to a person.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"id": b.field(nonNull(graphql.ID), "", prop(func(s *graph.Statement) interface{} { return s.ID })),
				"speaker": b.field(nonNull(b.entity), "Who said it.", of(func(p graphql.ResolveParams, s *graph.Statement) (interface{}, error) {
					return b.entityByID(p.Context, s.Speaker, s.ID), nil
				})),
				"text": b.field(nonNull(graphql.String), "The quotation.", prop(func(s *graph.Statement) interface{} { return s.Text })),
				"about": b.field(listOf(b.entity), "The entities the quotation names.", of(func(p graphql.ResolveParams, s *graph.Statement) (interface{}, error) {
					return b.entitiesByID(p.Context, s.About), nil
				})),
				"sources": b.field(listOf(b.source), "Where it was reported.", prop(func(s *graph.Statement) interface{} { return s.Evidence })),
			}
		}),
	})
	d := func(fn func(d *graph.Document) interface{}) graphql.FieldResolveFn { return prop(fn) }
	b.document = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Document",
		Description: "A loaded article: its metadata, and what it states.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"id":        b.field(nonNull(graphql.ID), "The content hash of the article.", d(func(d *graph.Document) interface{} { return d.ID })),
				"source":    b.field(graphql.String, "Where the article was read from.", d(func(d *graph.Document) interface{} { return optional(d.Source) })),
				"name":      b.field(graphql.String, "The base name of the file.", d(func(d *graph.Document) interface{} { return optional(d.Name) })),
				"title":     b.field(graphql.String, "", d(func(d *graph.Document) interface{} { return optional(d.Title) })),
				"publisher": b.field(graphql.String, "", d(func(d *graph.Document) interface{} { return optional(d.Publisher) })),
				"author":    b.field(graphql.String, "", d(func(d *graph.Document) interface{} { return optional(d.Author) })),
				"url":       b.field(graphql.String, "", d(func(d *graph.Document) interface{} { return optional(d.URL) })),
				"published": b.field(graphql.String, "The publication date, ISO 8601 or a prefix of it.", d(func(d *graph.Document) interface{} { return optional(d.Published) })),
				"relations": b.field(listOf(b.relation), "The facts this document states.", of(func(p graphql.ResolveParams, doc *graph.Document) (interface{}, error) {
					th := b.loaders(p.Context).docRelations.load(p.Context, doc.ID)
					return listThunk(th), nil
				})),
				"statements": b.field(listOf(b.statement), "The quotations this document reports.", of(func(p graphql.ResolveParams, doc *graph.Document) (interface{}, error) {
					th := b.loaders(p.Context).docStatements.load(p.Context, doc.ID)
					return listThunk(th), nil
				})),
			}
		}),
	})
}

// listThunk adapts a loader's thunk of a list, a missing list being empty.
func listThunk[V any](th func() ([]V, error)) thunk {
	return func() (interface{}, error) {
		v, err := th()
		if err != nil {
			return nil, err
		}
		if v == nil {
			return []V{}, nil
		}
		return v, nil
	}
}

func (b *builder) objectsForQueries() {
	b.subgraph = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Subgraph",
		Description: "A set of entities and the relations among them, ready for a graph view.",
		Fields: graphql.Fields{
			"nodes": b.field(listOf(b.entity), "", prop(func(g *graph.Subgraph) interface{} { return nonNilEntities(g.Nodes) })),
			"edges": b.field(listOf(b.relation), "", prop(func(g *graph.Subgraph) interface{} {
				if g.Edges == nil {
					return []*graph.Relation{}
				}
				return g.Edges
			})),
		},
	})
	b.hit = graphql.NewObject(graphql.ObjectConfig{
		Name:        "SearchHit",
		Description: "A search result.",
		Fields: graphql.Fields{
			"entity": b.field(nonNull(b.entity), "", prop(func(h graph.Hit) interface{} { return h.Entity })),
			"score":  b.field(nonNull(graphql.Float), "Higher is better.", prop(func(h graph.Hit) interface{} { return h.Score })),
		},
	})
	count := func(fn func(s graph.Stats) int) *graphql.Field {
		return b.field(nonNull(graphql.Int), "", prop(func(s graph.Stats) interface{} { return fn(s) }))
	}
	b.stats = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Stats",
		Description: "What the graph holds.",
		Fields: graphql.Fields{
			"documents":  count(func(s graph.Stats) int { return s.Documents }),
			"entities":   count(func(s graph.Stats) int { return s.Entities }),
			"relations":  count(func(s graph.Stats) int { return s.Relations }),
			"statements": count(func(s graph.Stats) int { return s.Statements }),
			"evidence":   count(func(s graph.Stats) int { return s.Evidence }),
			"mentions":   count(func(s graph.Stats) int { return s.Mentions }),
		},
	})
	b.pageInfo = graphql.NewObject(graphql.ObjectConfig{
		Name:        "PageInfo",
		Description: "Where a page stands: pass endCursor as after for the next one.",
		Fields: graphql.Fields{
			"hasNextPage":     b.field(nonNull(graphql.Boolean), "", prop(func(c *connection) interface{} { return c.hasNext })),
			"hasPreviousPage": b.field(nonNull(graphql.Boolean), "", prop(func(c *connection) interface{} { return c.offset > 0 })),
			"startCursor": b.field(graphql.String, "", prop(func(c *connection) interface{} {
				if len(c.nodes) == 0 {
					return nil
				}
				return cursor(c.offset)
			})),
			"endCursor": b.field(graphql.String, "", prop(func(c *connection) interface{} {
				if len(c.nodes) == 0 {
					return nil
				}
				return cursor(c.offset + len(c.nodes) - 1)
			})),
		},
	})
	b.entityEdge = graphql.NewObject(graphql.ObjectConfig{
		Name: "EntityEdge",
		Fields: graphql.Fields{
			"node":   b.field(nonNull(b.entity), "", prop(func(e edge) interface{} { return e.node })),
			"cursor": b.field(nonNull(graphql.String), "Pass it as after to get the entities that follow this one.", prop(func(e edge) interface{} { return cursor(e.index) })),
		},
	})
	b.entityConnection = graphql.NewObject(graphql.ObjectConfig{
		Name:        "EntityConnection",
		Description: "A page of entities.",
		Fields: graphql.Fields{
			"edges": b.field(listOf(b.entityEdge), "", prop(func(c *connection) interface{} {
				out := make([]edge, len(c.nodes))
				for i, n := range c.nodes {
					out[i] = edge{node: n, index: c.offset + i}
				}
				return out
			})),
			"nodes":      b.field(listOf(b.entity), "The entities of the page, without their cursors.", prop(func(c *connection) interface{} { return nonNilEntities(c.nodes) })),
			"pageInfo":   b.field(nonNull(b.pageInfo), "", prop(func(c *connection) interface{} { return c })),
			"totalCount": b.field(nonNull(graphql.Int), "How many entities match, on every page.", prop(func(c *connection) interface{} { return c.total })),
		},
	})
}

func nonNilEntities(es []*graph.Entity) []*graph.Entity {
	if es == nil {
		return []*graph.Entity{}
	}
	return es
}

// connection is a page of entities.
type connection struct {
	nodes   []*graph.Entity
	offset  int
	total   int
	hasNext bool
}

// edge is one entity of a page and its position in the whole list.
type edge struct {
	node  *graph.Entity
	index int
}
