package corpus

import (
	"fmt"
	"math/rand/v2"
)

// The word lists the names are made of. Every name of the world is a
// combination of them, so the extractor cannot know a group, an official or a
// leader in advance: it must read them. None of the words is a country, a
// place or a title, and none ends a name in a way that types it as anything
// but what it is.

func groupAdjectives() []string {
	return []string{
		"Azure", "Crimson", "Silver", "Golden", "Scarlet", "Iron", "Obsidian", "Emerald",
		"Jade", "Copper", "Bronze", "Ivory", "Onyx", "Amber", "Cobalt", "Indigo",
		"Violet", "Ashen", "Savage", "Silent", "Hidden", "Burning", "Frozen", "Twin",
		"Lone", "Wild", "Sacred", "Broken", "Hollow", "Steel", "Stone", "Thunder",
		"Storm", "Phantom", "Rogue", "Velvet", "Granite", "Ember", "Midnight", "Blind",
	}
}

func groupAnimals() []string {
	return []string{
		"Falcon", "Jaguar", "Serpent", "Scorpion", "Viper", "Cobra", "Panther", "Wolf",
		"Coyote", "Hawk", "Eagle", "Condor", "Puma", "Lynx", "Raven", "Shark",
		"Barracuda", "Mantis", "Hornet", "Stallion", "Bull", "Ram", "Fox", "Bear",
		"Tiger", "Lion", "Owl", "Crow", "Vulture", "Dragon", "Lizard", "Iguana",
		"Caiman", "Spider", "Tarantula", "Bat", "Jackal", "Hyena", "Boar", "Badger",
	}
}

// groupHeads are the last words of a group's name: each types it as a
// CriminalGroup.
func groupHeads() []string {
	return []string{"Cartel", "Gang", "Syndicate", "Mafia", "Clan"}
}

// givenNames are common given names of the Americas.
func givenNames() []string {
	return []string{
		"Marta", "Julia", "Carmen", "Lucía", "Ana", "Sofía", "Elena", "Laura",
		"Patricia", "Rosa", "Gabriela", "Valeria", "Isabel", "Beatriz", "Paula", "Daniela",
		"Mariana", "Andrea", "Teresa", "Silvia", "Pablo", "Ramiro", "Hugo", "Javier",
		"Raúl", "Sergio", "Mario", "Luis", "Jorge", "Ricardo", "Rodrigo", "Julio",
		"Óscar", "Gustavo", "Héctor", "Manuel", "Miguel", "Rafael", "Víctor", "Ignacio",
		"Joaquín", "Santiago", "Mateo", "Emilio", "Gonzalo", "Martín", "Nicolás", "Ernesto",
		"Arturo", "Alberto", "Fernando", "Felipe", "Esteban", "Camilo", "Diego", "Andrés",
	}
}

// surnameHeads and surnameTails make the surnames: "Ost" + "avia".
func surnameHeads() []string {
	return []string{
		"Alv", "Bar", "Cor", "Dal", "Esc", "Fer", "Gal", "Hur", "Ib", "Lar",
		"Mor", "Nav", "Ost", "Pal", "Quel", "Ren", "Sal", "Tar", "Urd", "Val",
		"Zam", "Cast", "Bel", "Gor", "Lem", "Mend", "Orv", "Piz", "Sep", "Trev",
	}
}

func surnameTails() []string {
	return []string{
		"avia", "ena", "ido", "ondo", "ares", "ero", "illa", "ueta", "ano", "ivar",
		"ezco", "ura", "ante", "osa", "ino", "ales", "eda", "uro", "ega", "anza",
	}
}

// A country is a real state with the words the articles use for it.
type country struct {
	name, demonym, possessive string
}

// countries returns the states the groups are based in and the officials
// serve. The United States is the designator and is not among them.
func countries() []country {
	return []country{
		{"Mexico", "Mexican", "Mexico's"},
		{"Colombia", "Colombian", "Colombia's"},
		{"Guatemala", "Guatemalan", "Guatemala's"},
		{"Honduras", "Honduran", "Honduras's"},
		{"El Salvador", "Salvadoran", "El Salvador's"},
		{"Ecuador", "Ecuadorian", "Ecuador's"},
		{"Peru", "Peruvian", "Peru's"},
		{"Venezuela", "Venezuelan", "Venezuela's"},
		{"Panama", "Panamanian", "Panama's"},
		{"Costa Rica", "Costa Rican", "Costa Rica's"},
		{"Brazil", "Brazilian", "Brazil's"},
		{"Argentina", "Argentine", "Argentina's"},
		{"Chile", "Chilean", "Chile's"},
		{"Bolivia", "Bolivian", "Bolivia's"},
		{"Paraguay", "Paraguayan", "Paraguay's"},
		{"Dominican Republic", "Dominican", "the Dominican Republic's"},
	}
}

// titles are the posts the officials hold; each belongs to the official's country.
func titles() []string {
	return []string{"President", "Foreign Minister", "Security Minister", "Defense Minister", "Interior Minister", "Finance Minister"}
}

// bodies are the generic government bodies of a country ("Peru's National Police").
func bodies() []string {
	return []string{"National Police", "Navy", "Army", "Defense Ministry", "Interior Ministry", "Coast Guard"}
}

// A designator is who designates groups, and how.
type designator struct {
	name        string // the entity, as the extractor names it
	typ         string // its entity type
	mention     string // how the text names it
	verb        string // "designated the G as a"
	designation string
	// country is the state the designator acts for ("" when it is one).
	country string
}

func designators() []designator {
	return []designator{
		{"Department of State", "Agency", "the State Department", "designated", "Foreign Terrorist Organization", "United States"},
		{"Department of the Treasury", "Agency", "the Treasury", "designated", "Specially Designated Global Terrorist", "United States"},
		{"Canada", "Country", "Canada", "listed", "terrorist entity", ""},
	}
}

// world is the fixed cast of a corpus: its groups, their leaders and home
// countries and designations, and the officials of every country. Its size
// grows with the corpus, so that an entity is named by about as many
// documents at 100,000 documents as at 1,000.
type world struct {
	groups    []group
	officials []official
	// byCountry lists the officials of each country (index into countries()).
	byCountry [][]int
	persons   personNames
}

type group struct {
	name    string
	leader  int // index into persons
	country int // index into countries()
	// designations by designators() index; date "" when the designator did not.
	dates [3]string
}

type official struct {
	person  int
	country int
	title   int
}

// personNames numbers the full names given × surname in a seeded order, so
// that person i and person j (i ≠ j) never share a name.
type personNames struct {
	perm            affine
	given, surnames []string
}

func newPersonNames(r *rand.Rand) personNames {
	p := personNames{given: givenNames(), surnames: surnames()}
	p.perm = newAffine(r, len(p.given)*len(p.surnames))
	return p
}

func (p personNames) name(i int) (given, surname string) {
	k := p.perm.at(i)
	return p.given[k%len(p.given)], p.surnames[k/len(p.given)]
}

func surnames() []string {
	var out []string
	for _, h := range surnameHeads() {
		for _, t := range surnameTails() {
			out = append(out, h+t)
		}
	}
	return out
}

// affine is a permutation of [0, n): i → (a·i + b) mod n with gcd(a, n) = 1.
type affine struct{ a, b, n int }

func newAffine(r *rand.Rand, n int) affine {
	for {
		a := 1 + r.IntN(n-1)
		if gcd(a, n) == 1 {
			return affine{a, r.IntN(n), n}
		}
	}
}

func (p affine) at(i int) int { return (p.a*(i%p.n) + p.b) % p.n }

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// groupNames counts the distinct names groupName gives.
func groupNames() int {
	return len(groupAdjectives()) * len(groupAnimals()) * len(groupHeads())
}

func groupName(k int) string {
	adj, an, head := groupAdjectives(), groupAnimals(), groupHeads()
	a := k % len(adj)
	k /= len(adj)
	b := k % len(an)
	k /= len(an)
	return adj[a] + " " + an[b] + " " + head[k%len(head)]
}

// Sizes of the world for a corpus of n documents.
func worldSize(n int) (groups, officials int) {
	groups = min(max(40, n/16), groupNames())
	officials = max(6*len(countries()), n/40)
	return groups, officials
}

// newWorld builds the cast of a corpus of n documents from seed.
func newWorld(seed uint64, n int) (*world, error) {
	nGroups, nOfficials := worldSize(n)
	persons := len(givenNames()) * len(surnames())
	if nGroups+nOfficials > persons {
		return nil, fmt.Errorf("a corpus of %d documents needs %d people, more than the %d names the generator can make", n, nGroups+nOfficials, persons)
	}
	r := rand.New(rand.NewPCG(seed, 0x636f72707573))
	w := &world{persons: newPersonNames(r)}
	names := newAffine(r, groupNames())
	cs := countries()
	for i := range nGroups {
		g := group{name: groupName(names.at(i)), leader: i, country: r.IntN(len(cs))}
		// every group is designated by the State Department; some by the Treasury, some by Canada
		g.dates[0] = date(r)
		if r.IntN(3) == 0 {
			g.dates[1] = date(r)
		}
		if r.IntN(4) == 0 {
			g.dates[2] = date(r)
		}
		w.groups = append(w.groups, g)
	}
	w.byCountry = make([][]int, len(cs))
	for i := range nOfficials {
		c := i % len(cs)
		o := official{person: nGroups + i, country: c, title: (i / len(cs)) % len(titles())}
		w.byCountry[c] = append(w.byCountry[c], len(w.officials))
		w.officials = append(w.officials, o)
	}
	return w, nil
}

// date returns an ISO date in 2024 or 2025.
func date(r *rand.Rand) string {
	return fmt.Sprintf("%d-%02d-%02d", 2024+r.IntN(2), 1+r.IntN(12), 1+r.IntN(28))
}
