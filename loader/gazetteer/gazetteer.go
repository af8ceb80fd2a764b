// Package gazetteer gives the extractor its general knowledge: countries with their
// aliases and demonyms, locations, government bodies, criminal groups on the public
// U.S. lists, organisations, named policies, titles and common given names. The data
// are tab-separated files embedded in the binary (data/*.tsv); each file's header
// comment says where its content comes from and what its columns mean. No person is
// listed: people are found by reading.
package gazetteer

import (
	"bufio"
	"embed"
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

//go:embed data/*.tsv
var files embed.FS

// Entry is a known entity.
type Entry struct {
	// Name is the canonical name.
	Name string
	Type graph.Type
	// Aliases are the other names the entity goes by.
	Aliases []string
	// Generic lists aliases that any country's body could bear ("Navy"); they
	// stand for this entry only when no other country qualifies them.
	Generic []string
	// Country is the country the entity belongs to or is based in.
	Country string
	// Parent is the canonical name of the entry it is part of (a state for a
	// city, a department for an agency, a cartel for a faction).
	Parent string
	// Class refines the type: region, waterway, state, city (locations); media,
	// thinktank, intl, ngo, party (organisations); capital-qualified bodies.
	Class string
	// Demonyms are the adjectives of nationality of a country.
	Demonyms []string
	// Capital is the capital city of a country.
	Capital string
}

// Title is a post a person holds.
type Title struct {
	// Name is the title as written ("Secretary of State", "spokesperson").
	Name string
	// Body is "country", "qualifier" or the canonical name of an agency (see titles.tsv).
	Body string
	// Leads is true when the holder heads the body.
	Leads bool
}

// Gazetteer is the loaded data. It is read-only after Load and safe for concurrent use.
type Gazetteer struct {
	Entries []Entry
	Titles  []Title
	// Bodies are generic names of government bodies ("Foreign Ministry").
	Bodies []string
	// GivenNames maps a given name's graph.Key to its gender, 'm' or 'f'.
	GivenNames map[string]byte

	byName map[string]int
}

// Lookup returns the entry whose canonical name has the Key of name.
func (g *Gazetteer) Lookup(name string) (Entry, bool) {
	i, ok := g.byName[graph.Key(name)]
	if !ok {
		return Entry{}, false
	}
	return g.Entries[i], true
}

// Load parses the embedded data files.
func Load() (*Gazetteer, error) {
	g := &Gazetteer{GivenNames: map[string]byte{}, byName: map[string]int{}}
	type loader struct {
		file string
		cols int
		row  func(f []string) error
	}
	list := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "|")
	}
	add := func(e Entry) {
		g.byName[graph.Key(e.Name)] = len(g.Entries)
		g.Entries = append(g.Entries, e)
	}
	loaders := []loader{
		{"countries.tsv", 4, func(f []string) error {
			add(Entry{Name: f[0], Type: graph.Country, Aliases: list(f[1]), Demonyms: list(f[2]), Capital: f[3], Country: f[0]})
			return nil
		}},
		{"locations.tsv", 5, func(f []string) error {
			add(Entry{Name: f[0], Type: graph.Location, Class: f[1], Country: f[2], Parent: f[3], Aliases: list(f[4])})
			return nil
		}},
		{"agencies.tsv", 5, func(f []string) error {
			add(Entry{Name: f[0], Type: graph.Agency, Country: f[1], Parent: f[2], Aliases: list(f[3]), Generic: list(f[4])})
			return nil
		}},
		{"groups.tsv", 4, func(f []string) error {
			add(Entry{Name: f[0], Type: graph.CriminalGroup, Country: f[1], Parent: f[2], Aliases: list(f[3])})
			return nil
		}},
		{"organizations.tsv", 3, func(f []string) error {
			add(Entry{Name: f[0], Type: graph.Organization, Class: f[1], Aliases: list(f[2])})
			return nil
		}},
		{"policies.tsv", 2, func(f []string) error {
			add(Entry{Name: f[0], Type: graph.Policy, Aliases: list(f[1])})
			return nil
		}},
		{"titles.tsv", 3, func(f []string) error {
			g.Titles = append(g.Titles, Title{Name: f[0], Body: f[1], Leads: f[2] == "lead"})
			return nil
		}},
		{"bodies.tsv", 1, func(f []string) error {
			g.Bodies = append(g.Bodies, f[0])
			return nil
		}},
		{"given_names.tsv", 2, func(f []string) error {
			if f[1] != "m" && f[1] != "f" {
				return errString("gender must be m or f")
			}
			g.GivenNames[graph.Key(f[0])] = f[1][0]
			return nil
		}},
	}
	for _, l := range loaders {
		if err := g.parse(l.file, l.cols, l.row); err != nil {
			return nil, err
		}
	}
	for _, e := range g.Entries {
		for _, ref := range []string{e.Parent, e.Country} {
			if ref != "" {
				if _, ok := g.byName[graph.Key(ref)]; !ok {
					return nil, graph.E(graph.Op("gazetteer.Load"), graph.Invalid, graph.Item(e.Name), "refers to unknown entry "+ref)
				}
			}
		}
	}
	return g, nil
}

type errString string

func (e errString) Error() string { return string(e) }

// parse reads one data file: comment lines start with '#', the first other line
// is the header, every later line has exactly cols tab-separated fields.
func (g *Gazetteer) parse(file string, cols int, row func([]string) error) error {
	const op graph.Op = "gazetteer.Load"
	data, err := files.ReadFile("data/" + file)
	if err != nil {
		return graph.E(op, graph.Internal, graph.Item(file), err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	header := true
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != cols {
			return graph.E(op, graph.Invalid, graph.Item(file), graph.Line(n), "want "+strconv.Itoa(cols)+" tab-separated fields, got "+strconv.Itoa(len(f)))
		}
		if header {
			header = false
			continue
		}
		if f[0] == "" {
			return graph.E(op, graph.Invalid, graph.Item(file), graph.Line(n), "empty name")
		}
		if err := row(f); err != nil {
			return graph.E(op, graph.Invalid, graph.Item(file), graph.Line(n), err)
		}
	}
	return nil
}
