package neo4j_test

import (
	"fmt"
	"math/rand"

	"github.com/cartelgraph/cartelgraph/graph"
)

// The synthetic documents of the benchmarks and the concurrency test: made-up
// names from small pools, so that documents share entities (spelt with or
// without accents) and facts (with dates and titles that agree or not).
var (
	synGroups    = []string{"Grupo Águila", "Cártel del Río", "Los Búhos", "Frente Sur", "La Línea Nueva", "Clan Norte", "Los Tejones", "Banda Ámbar"}
	synPeople    = []string{"Ramón Ibáñez", "Lucía Peña", "Óscar Durán", "Inés Calderón", "Tomás Ruiz", "Raúl Méndez", "Sofía Aranda", "Iván Ochoa"}
	synCountries = []string{"Valdoria", "Estovia", "Marentia", "Norlandia", "Sudaria"}
	synTitles    = []string{"leader", "founder", "commander"}
	synDates     = []string{"2025", "2025-02", "2025-02-20", "2025-03-01"}
)

// fold spells a name without its accents, as a careless source would.
func fold(s string) string {
	r := []rune(s)
	for i := range r {
		r[i] = graph.Fold(r[i])
	}
	return string(r)
}

// synthetic returns the i-th synthetic document, from source src (empty:
// its own). Its rows: 9 entities, 7 relations with one piece of evidence
// each, a statement, 9 mentions.
func synthetic(i int, src string) *graph.Extraction {
	rng := rand.New(rand.NewSource(int64(i)))
	if src == "" {
		src = fmt.Sprintf("synthetic/%d.txt", i)
	}
	x := &graph.Extraction{Document: graph.Document{
		ID: fmt.Sprintf("syn-%04d-%s", i, graph.Slug(src)), Source: src, Name: fmt.Sprintf("%d.txt", i),
		Title: fmt.Sprintf("Synthetic report %d", i), Publisher: "Synthetic Wire", Published: "2025-04-01",
	}}
	spell := func(name string) string {
		if rng.Intn(2) == 0 {
			return fold(name)
		}
		return name
	}
	pick := func(pool []string) string { return pool[rng.Intn(len(pool))] }
	ent := func(t graph.Type, name string) string {
		id := graph.Slug(name)
		x.Entities = append(x.Entities, graph.Entity{ID: id, Name: spell(name), Type: t,
			Aliases: []string{fmt.Sprintf("%s (%d)", fold(name), i%3)}})
		x.Mentions = append(x.Mentions, graph.Mention{Entity: id, Count: 1 + rng.Intn(5)})
		return id
	}
	var groups, people, countries []string
	for range 3 {
		groups = append(groups, ent(graph.CriminalGroup, pick(synGroups)))
		people = append(people, ent(graph.Person, pick(synPeople)))
		countries = append(countries, ent(graph.Country, pick(synCountries)))
	}
	at := 0
	rel := func(s string, p graph.Predicate, o string, attrs ...string) {
		sentence := fmt.Sprintf("Sentence %d of report %d: %s %s %s.", at, i, s, p, o)
		e := graph.Evidence{Sentence: sentence, Start: at, End: at + len(sentence),
			Confidence: 0.5 + float64(rng.Intn(5))/10, Alleged: rng.Intn(4) == 0}
		for k := 0; k+1 < len(attrs); k += 2 {
			if attrs[k] == graph.AttrDate {
				e.Date = attrs[k+1]
				continue
			}
			if e.Attributes == nil {
				e.Attributes = map[string]string{}
			}
			e.Attributes[attrs[k]] = attrs[k+1]
		}
		x.Relations = append(x.Relations, graph.Relation{Subject: s, Predicate: p, Object: o, Evidence: []graph.Evidence{e}})
		at += len(sentence) + 1
	}
	rel(groups[0], graph.OperatesIn, countries[0])
	rel(groups[1], graph.OperatesIn, countries[1])
	rel(people[0], graph.Leads, groups[0], graph.AttrTitle, pick(synTitles))
	rel(countries[2], graph.Designated, groups[2], graph.AttrDate, pick(synDates), graph.AttrDesignation, "Foreign Terrorist Organization")
	rel(people[1], graph.HoldsPosition, countries[1], graph.AttrTitle, pick([]string{"President", "President of " + countries[1], "minister"}))
	if countries[0] != countries[1] {
		rel(countries[0], graph.CooperatesWith, countries[1])
	} else {
		rel(countries[0], graph.CooperatesWith, countries[2])
	}
	rel(countries[2], graph.Accused, people[2], graph.AttrOf, "trafficking")
	quote := pick([]string{"We will not negotiate.", "We will not negotiate", "The border is closed."})
	sentence := fmt.Sprintf("%q, said %s.", quote, people[0])
	x.Statements = append(x.Statements, graph.Statement{Speaker: people[0], Text: quote, About: []string{groups[0]},
		Evidence: []graph.Evidence{{Sentence: sentence, Start: at, End: at + len(sentence), Confidence: 0.8}}})
	return x
}
