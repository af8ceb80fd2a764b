package gazetteer

import (
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// TestLoad checks that the data files parse and say what the extractor relies on.
func TestLoad(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		typ     graph.Type
		alias   string
		country string
	}{
		{"United States", graph.Country, "Washington", "United States"},
		{"Department of Defense", graph.Agency, "Pentagon", "United States"},
		{"Department of the Treasury", graph.Agency, "Treasury", "United States"},
		{"Jalisco New Generation Cartel", graph.CriminalGroup, "CJNG", "Mexico"},
		{"Tren de Aragua", graph.CriminalGroup, "TdA", "Venezuela"},
		{"MS-13", graph.CriminalGroup, "Mara Salvatrucha", "El Salvador"},
		{"Culiacán", graph.Location, "", "Mexico"},
		{"Center for Strategic and International Studies", graph.Organization, "CSIS", ""},
		{"United States-Mexico-Canada Agreement", graph.Policy, "USMCA", ""},
		// general knowledge beyond the region: every UN member state, the
		// divisions of the Americas, the main bodies of other governments
		{"Kenya", graph.Country, "", "Kenya"},
		{"Côte d'Ivoire", graph.Country, "Ivory Coast", "Côte d'Ivoire"},
		{"Ontario", graph.Location, "", "Canada"},
		{"Azuay", graph.Location, "", "Ecuador"},
		{"Artibonite", graph.Location, "", "Haiti"},
		{"Royal Canadian Mounted Police", graph.Agency, "RCMP", "Canada"},
	}
	for _, tt := range tests {
		e, ok := g.Lookup(tt.name)
		if !ok {
			t.Errorf("%s: not in the gazetteer", tt.name)
			continue
		}
		if e.Type != tt.typ || e.Country != tt.country {
			t.Errorf("%s: type %s country %q, want %s %q", tt.name, e.Type, e.Country, tt.typ, tt.country)
		}
		if tt.alias != "" {
			found := false
			for _, a := range e.Aliases {
				found = found || a == tt.alias
			}
			if !found {
				t.Errorf("%s: no alias %q in %q", tt.name, tt.alias, e.Aliases)
			}
		}
	}
	if g.GivenNames[graph.Key("Claudia")] != 'f' || g.GivenNames[graph.Key("Jorge")] != 'm' {
		t.Errorf("given names: Claudia %c, Jorge %c", g.GivenNames["claudia"], g.GivenNames["jorge"])
	}
	found := false
	for _, ti := range g.Titles {
		if ti.Name == "Secretary of State" && ti.Body == "Department of State" {
			found = true
		}
	}
	if !found {
		t.Error("title Secretary of State → Department of State missing")
	}
	// every UN member state is there (193, Georgia being read as the U.S.
	// state), each with a demonym unless English has none in use
	countries := 0
	for _, e := range g.Entries {
		if e.Type == graph.Country {
			countries++
		}
	}
	if countries < 192 {
		t.Errorf("%d countries, want every UN member state", countries)
	}
	// every entry's references resolve, names are unique by Key
	seen := map[string]string{}
	for _, e := range g.Entries {
		k := graph.Key(e.Name)
		if prev, ok := seen[k]; ok {
			t.Errorf("%q and %q have the same key", prev, e.Name)
		}
		seen[k] = e.Name
	}
}
