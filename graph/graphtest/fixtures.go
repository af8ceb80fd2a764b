package graphtest

import (
	"github.com/cartelgraph/cartelgraph/graph"
)

// The documents of Fixtures, by ID.
const (
	// DocGolfo1 reports that the United States designated the Cártel del Golfo
	// Norte a Foreign Terrorist Organization on 2025-02-20.
	DocGolfo1 = "fx1"
	// DocGolfo2 reports the same designation dated 2025-03, Mexico's reaction
	// and a quotation by its president.
	DocGolfo2 = "fx2"
	// DocHalcones reports a faction of the cartel in the fictional Valdoria.
	DocHalcones = "fx3"
)

// Entity IDs of Fixtures.
const (
	UnitedStates  = "united-states"
	GolfoNorte    = "cartel-del-golfo-norte" // "Cártel del Golfo Norte", alias "CDGN"
	GolfoCartel   = "cartel-del-golfo"       // "Cártel del Golfo", not designated
	Halcones      = "los-halcones-del-sur"   // a faction of GolfoNorte
	Mexico        = "mexico"
	Valdoria      = "valdoria" // a fictional country
	StateDept     = "department-of-state"
	ElenaVargas   = "elena-vargas"  // Secretary of State
	AnaBeltran    = "ana-beltran"   // President of Mexico
	TomasHerrera  = "tomas-herrera" // alleged leader of GolfoNorte, alias "Herrera"
	HerreraTown   = "herrera"       // a town in Valdoria
	PuertoSombra  = "puerto-sombra"
	IslaQuieta    = "isla-quieta" // mentioned, with no relation
	AcuerdoSombra = "acuerdo-de-puerto-sombra"
)

// fixtureSources prefixes the Source of every fixture document.
const fixtureSources = "fixtures/"

// Fixtures returns three small articles' extractions, written for the tests
// (every name and fact in them is fictional or generic), fresh on each call so
// callers may modify them. Loaded in any order they give a store with 3
// documents, 14 entities, 18 relations, 3 statements, 23 pieces of evidence
// and 20 mentions, where:
//   - UnitedStates DESIGNATED GolfoNorte according to DocGolfo1 (dated
//     2025-02-20) and DocGolfo2 (dated 2025-03): one relation, two sources, a
//     date conflict;
//   - GolfoNorte is spelt "Cártel del Golfo Norte" by DocGolfo1 and
//     DocHalcones, "Cartel del Golfo Norte" by DocGolfo2;
//   - the Valdoria – StateDept shortest path is Valdoria, GolfoNorte,
//     UnitedStates, StateDept; IslaQuieta is linked to nothing.
func Fixtures() []*graph.Extraction {
	return []*graph.Extraction{golfo1(), golfo2(), halcones()}
}

func golfo1() *graph.Extraction {
	b := newDoc(graph.Document{
		ID: DocGolfo1, Source: fixtureSources + "golfo-1.txt", Name: "golfo-1.txt",
		Title:     "Washington lists the Cártel del Golfo Norte",
		Publisher: "The Fixture Times", Author: "R. Writer",
		URL: "https://example.org/golfo-1", Published: "2025-02-20",
	})
	b.entity(graph.Country, "United States", "U.S.", "Washington").mention(UnitedStates, 3)
	b.entity(graph.CriminalGroup, "Cártel del Golfo Norte", "CDGN").mention(GolfoNorte, 4)
	b.entity(graph.Country, "Mexico").mention(Mexico, 2)
	b.entity(graph.Agency, "Department of State", "State Department").mention(StateDept, 2)
	b.entity(graph.Person, "Elena Vargas", "Vargas").mention(ElenaVargas, 2)
	b.entity(graph.Location, "Puerto Sombra").mention(PuertoSombra, 1)
	b.relate(UnitedStates, graph.Designated, GolfoNorte, ev(0,
		"On February 20, 2025 the U.S. designated the Cártel del Golfo Norte a Foreign Terrorist Organization.",
		0.9, "2025-02-20", graph.AttrDesignation, "Foreign Terrorist Organization"))
	b.relate(GolfoNorte, graph.OperatesIn, Mexico, ev(104, "The CDGN operates across northern Mexico.", 0.8, ""))
	b.relate(GolfoNorte, graph.OperatesIn, PuertoSombra, ev(146, "Its base is the port city of Puerto Sombra.", 0.7, ""))
	b.relate(PuertoSombra, graph.PartOf, Mexico, ev(146, "Its base is the port city of Puerto Sombra.", 0.9, ""))
	b.relate(ElenaVargas, graph.HoldsPosition, StateDept, ev(190,
		"Secretary of State Elena Vargas announced the listing.", 0.9, "", graph.AttrTitle, "Secretary of State"))
	b.relate(StateDept, graph.PartOf, UnitedStates, ev(245, "The State Department leads the U.S. effort.", 0.8, ""))
	b.say(ElenaVargas, "The Cártel del Golfo Norte is a terrorist organization.", []string{GolfoNorte},
		ev(290, `"The Cártel del Golfo Norte is a terrorist organization," Vargas said.`, 0.9, ""))
	return b.x
}

func golfo2() *graph.Extraction {
	b := newDoc(graph.Document{
		ID: DocGolfo2, Source: fixtureSources + "golfo-2.txt", Name: "golfo-2.txt",
		Title:     "Mexico rejects strikes on the Golfo Norte cartel",
		Publisher: "Fixture Wire", Published: "2025-03-05",
	})
	b.entity(graph.Country, "United States", "US", "America").mention(UnitedStates, 2)
	b.entity(graph.CriminalGroup, "Cartel del Golfo Norte", "Golfo Norte").mention(GolfoNorte, 2)
	b.entity(graph.Country, "Mexico").mention(Mexico, 4)
	b.entity(graph.Person, "Tomás Herrera", "Herrera", "El Halcón").mention(TomasHerrera, 1)
	b.entity(graph.Person, "Ana Beltrán", "Beltrán").mention(AnaBeltran, 3)
	b.entity(graph.Policy, "Acuerdo de Puerto Sombra").mention(AcuerdoSombra, 1)
	b.relate(UnitedStates, graph.Designated, GolfoNorte, ev(0,
		"In March 2025 the US declared the Golfo Norte cartel a Foreign Terrorist Organization.",
		0.8, "2025-03", graph.AttrDesignation, "Foreign Terrorist Organization"))
	b.relate(UnitedStates, graph.Sanctioned, GolfoNorte, ev(88,
		"Washington also froze the cartel's assets.", 0.7, "2025-03-05"))
	b.relate(GolfoNorte, graph.OperatesIn, Mexico, ev(131, "The cartel controls routes in Mexico.", 0.6, ""))
	b.relate(TomasHerrera, graph.Leads, GolfoNorte, allege(ev(169,
		"Prosecutors say Tomás Herrera, known as El Halcón, leads the cartel.", 0.6, "", graph.AttrTitle, "leader")))
	b.relate(AnaBeltran, graph.HoldsPosition, Mexico, ev(240,
		"President Ana Beltrán spoke on Tuesday.", 0.9, "", graph.AttrTitle, "President"))
	b.relate(AnaBeltran, graph.Opposes, UnitedStates, ev(280,
		"Beltrán rejected U.S. military strikes.", 0.8, "", graph.AttrAbout, "military strikes"))
	b.relate(Mexico, graph.Issued, AcuerdoSombra, ev(320,
		"Mexico signed the Acuerdo de Puerto Sombra on March 1, 2025.", 0.7, "2025-03-01"))
	b.relate(Mexico, graph.CooperatesWith, UnitedStates, ev(382,
		"Mexico shares intelligence with the United States.", 0.6, ""))
	b.say(AnaBeltran, "Mexico will not accept foreign troops on its soil.", []string{UnitedStates, Mexico},
		ev(434, `"Mexico will not accept foreign troops on its soil," Beltrán said.`, 0.9, ""))
	return b.x
}

func halcones() *graph.Extraction {
	b := newDoc(graph.Document{
		ID: DocHalcones, Source: fixtureSources + "halcones.txt", Name: "halcones.txt",
		Title:     "Los Halcones del Sur split from the Golfo Norte",
		Publisher: "The Fixture Times", Published: "2025-04",
	})
	b.entity(graph.CriminalGroup, "Los Halcones del Sur", "Halcones").mention(Halcones, 3)
	b.entity(graph.Country, "Valdoria").mention(Valdoria, 2)
	b.entity(graph.Location, "Herrera").mention(HerreraTown, 2)
	b.entity(graph.Person, "Tomas Herrera", "Herrera").mention(TomasHerrera, 2)
	b.entity(graph.CriminalGroup, "Cártel del Golfo Norte").mention(GolfoNorte, 1)
	b.entity(graph.CriminalGroup, "Cártel del Golfo").mention(GolfoCartel, 1)
	b.entity(graph.Location, "Puerto Sombra").mention(PuertoSombra, 1)
	b.entity(graph.Location, "Isla Quieta").mention(IslaQuieta, 1)
	b.relate(Halcones, graph.PartOf, GolfoNorte, ev(0, "Los Halcones del Sur began as a cell of the Cártel del Golfo Norte.", 0.8, ""))
	b.relate(Halcones, graph.OperatesIn, Valdoria, ev(70, "The Halcones now operate in Valdoria.", 0.9, ""))
	b.relate(HerreraTown, graph.PartOf, Valdoria, ev(108, "The town of Herrera, in Valdoria, is their base.", 0.9, ""))
	b.relate(TomasHerrera, graph.Leads, Halcones, allege(ev(158,
		"Tomas Herrera reportedly founded the group.", 0.5, "", graph.AttrTitle, "founder")))
	b.relate(GolfoCartel, graph.OperatesIn, PuertoSombra, ev(202, "The rival Cártel del Golfo holds Puerto Sombra.", 0.7, ""))
	b.relate(Valdoria, graph.Accused, GolfoNorte, ev(250,
		"Valdoria accused the Cártel del Golfo Norte of arms trafficking.", 0.6, "", graph.AttrOf, "arms trafficking"))
	b.say(TomasHerrera, "We only protect Herrera.", []string{HerreraTown},
		ev(316, `"We only protect Herrera," Herrera told a local radio station.`, 0.8, ""))
	return b.x
}

// docBuilder writes an extraction for a test in a few lines.
type docBuilder struct {
	x *graph.Extraction
}

func newDoc(d graph.Document) *docBuilder {
	return &docBuilder{x: &graph.Extraction{Document: d}}
}

// entity adds an entity whose ID is the Slug of its name.
func (b *docBuilder) entity(t graph.Type, name string, aliases ...string) *docBuilder {
	return b.entityID(graph.Slug(name), t, name, aliases...)
}

func (b *docBuilder) entityID(id string, t graph.Type, name string, aliases ...string) *docBuilder {
	b.x.Entities = append(b.x.Entities, graph.Entity{ID: id, Name: name, Type: t, Aliases: aliases})
	return b
}

func (b *docBuilder) mention(id string, n int) *docBuilder {
	b.x.Mentions = append(b.x.Mentions, graph.Mention{Entity: id, Count: n})
	return b
}

func (b *docBuilder) relate(subject string, p graph.Predicate, object string, evidence ...graph.Evidence) *docBuilder {
	b.x.Relations = append(b.x.Relations, graph.Relation{Subject: subject, Predicate: p, Object: object, Evidence: evidence})
	return b
}

func (b *docBuilder) say(speaker, text string, about []string, evidence ...graph.Evidence) *docBuilder {
	b.x.Statements = append(b.x.Statements, graph.Statement{Speaker: speaker, Text: text, About: about, Evidence: evidence})
	return b
}

// ev is the evidence of a sentence at byte offset start, with attributes given
// as name, value pairs.
func ev(start int, sentence string, confidence float64, date string, attrs ...string) graph.Evidence {
	e := graph.Evidence{Sentence: sentence, Start: start, End: start + len(sentence), Confidence: confidence, Date: date}
	for i := 0; i+1 < len(attrs); i += 2 {
		if e.Attributes == nil {
			e.Attributes = map[string]string{}
		}
		e.Attributes[attrs[i]] = attrs[i+1]
	}
	return e
}

func allege(e graph.Evidence) graph.Evidence {
	e.Alleged = true
	return e
}
