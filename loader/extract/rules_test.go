package extract

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/cartelgraph/cartelgraph/graph"
)

// facts extracts text and returns its facts as "Subject PREDICATE Object"
// (entity names), its statements as "Speaker: text", and the extraction.
func facts(t *testing.T, x *Extractor, text string) (map[string]graph.Evidence, map[string]bool, *graph.Extraction) {
	t.Helper()
	ex, err := x.Extract(context.Background(), graph.Document{ID: "test", Name: "test.txt"}, text)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, e := range ex.Entities {
		names[e.ID] = e.Name
	}
	rels := map[string]graph.Evidence{}
	for _, r := range ex.Relations {
		rels[names[r.Subject]+" "+string(r.Predicate)+" "+names[r.Object]] = r.Evidence[0]
	}
	stms := map[string]bool{}
	for _, s := range ex.Statements {
		stms[names[s.Speaker]+": "+s.Text] = true
	}
	return rels, stms, ex
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestRules checks each rule family on sentences written for the test, with
// people, groups and countries the dev corpus does not have.
func TestRules(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string          // facts that must be read
		not        []string          // facts that must not
		attrs      map[string]string // "fact|attribute" → value
	}{
		{name: "president with demonym",
			text:  "Guatemalan President Bernardo Arévalo met reporters in Guatemala City on Monday.",
			want:  []string{"Bernardo Arévalo HOLDS_POSITION Guatemala"},
			attrs: map[string]string{"Bernardo Arévalo HOLDS_POSITION Guatemala|title": "President"}},
		{name: "agency head",
			text: "FBI Director Kash Patel said the bureau would send agents.",
			want: []string{"Kash Patel HOLDS_POSITION Federal Bureau of Investigation", "Kash Patel LEADS Federal Bureau of Investigation"}},
		{name: "appositive fellow",
			text: "Ana Torres, a senior fellow at the Wilson Center, said the plan was late.",
			want: []string{"Ana Torres HOLDS_POSITION Wilson Center"}},
		{name: "copula professor",
			text:  "Pablo Ruiz is a professor of law at Universidad de los Andes in Bogotá.",
			want:  []string{"Pablo Ruiz HOLDS_POSITION Universidad de los Andes"},
			attrs: map[string]string{"Pablo Ruiz HOLDS_POSITION Universidad de los Andes|title": "professor of law"}},
		{name: "designation list with date",
			text: "The State Department designated the Gulf Clan and Los Lobos as foreign terrorist organizations on March 3, 2025.",
			want: []string{"Department of State DESIGNATED Clan del Golfo", "Department of State DESIGNATED Los Lobos"},
			attrs: map[string]string{"Department of State DESIGNATED Los Lobos|designation": "Foreign Terrorist Organization",
				"Department of State DESIGNATED Los Lobos|date": "2025-03-03"}},
		{name: "comparison is no designation",
			text: "Officials in Quito compared Los Choneros to al-Qaeda, calling the gang a terrorist threat.",
			not:  []string{"Ecuador DESIGNATED Los Choneros", "Ecuador DESIGNATED al-Qaeda"}},
		{name: "possessive country of group",
			text: "Ecuador's Los Choneros lost two leaders this year.",
			want: []string{"Los Choneros OPERATES_IN Ecuador"}},
		{name: "appositive demonym gang",
			text: "Barrio 18, a Salvadoran gang, has spread to Honduras.",
			want: []string{"Barrio 18 OPERATES_IN El Salvador"}},
		{name: "country's body",
			text: "Colombia's National Police seized four tons of cocaine.",
			want: []string{"Colombian National Police PART_OF Colombia"}},
		{name: "city, state, country",
			text: "Soldiers patrolled the streets of Tijuana, Baja California, Mexico, on Sunday.",
			want: []string{"Tijuana PART_OF Baja California", "Baja California PART_OF Mexico"}},
		{name: "faction of a cartel",
			text: "La Mayiza, a faction of the Sinaloa Cartel, is fighting its rivals.",
			want: []string{"La Mayiza PART_OF Sinaloa Cartel"}},
		{name: "issued a named plan",
			text:  "Honduras launched Plan Escudo in 2024 to retake prisons from gangs.",
			want:  []string{"Honduras ISSUED Plan Escudo"},
			attrs: map[string]string{"Honduras ISSUED Plan Escudo|date": "2024"}},
		{name: "replaced by",
			text: "The Mérida Initiative was replaced by the Bicentennial Framework in 2021.",
			want: []string{"Bicentennial Framework REPLACED Mérida Initiative"}},
		{name: "reward with amount",
			text:  "The State Department offered a $10 million reward for information on Ovidio Guzmán.",
			want:  []string{"Department of State OFFERED_REWARD Ovidio Guzmán"},
			attrs: map[string]string{"Department of State OFFERED_REWARD Ovidio Guzmán|amount": "$10 million"}},
		{name: "accused of",
			text:  "Mexico accused Ecuador of violating international law.",
			want:  []string{"Mexico ACCUSED Ecuador"},
			attrs: map[string]string{"Mexico ACCUSED Ecuador|of": "violating international law"}},
		{name: "accused of leading a group",
			text: "Prosecutors in New York accused Hernán Rojas of leading the Tren de Aragua.",
			want: []string{"Hernán Rojas LEADS Tren de Aragua"}},
		{name: "rejects",
			text: "Brazil rejected the new U.S. sanctions on its officials.",
			want: []string{"Brazil OPPOSES United States"}},
		{name: "cooperation of two countries",
			text: "Guatemala and Honduras agreed to share intelligence on gang members.",
			want: []string{"Guatemala COOPERATES_WITH Honduras"}},
		{name: "no cooperation",
			text: "Guatemala refused to cooperate with Honduras on the border.",
			not:  []string{"Guatemala COOPERATES_WITH Honduras"}},
		{name: "directed an agency",
			text:  "Secretary of Defense Lloyd Austin ordered the U.S. Coast Guard to expand patrols near Haiti.",
			want:  []string{"Lloyd Austin DIRECTED U.S. Coast Guard", "Lloyd Austin HOLDS_POSITION Department of Defense"},
			attrs: map[string]string{"Lloyd Austin DIRECTED U.S. Coast Guard|action": "expand patrols near Haiti"}},
		{name: "sanctioned",
			text: "The Treasury Department sanctioned La Nueva Familia Michoacana and three of its leaders.",
			want: []string{"Department of the Treasury SANCTIONED La Nueva Familia Michoacana"}},
		{name: "led by",
			text: "The Gulf Cartel, led by Juan Pérez, controls the border city of Reynosa.",
			want: []string{"Juan Pérez LEADS Gulf Cartel"}},
		{name: "group leader title",
			text: "Authorities arrested Barrio 18 leader Carlos Mejía in San Pedro Sula.",
			want: []string{"Carlos Mejía LEADS Barrio 18"},
			not:  []string{"Carlos Mejía HOLDS_POSITION Barrio 18"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rels, _, _ := facts(t, x, tt.text)
			for _, w := range tt.want {
				if _, ok := rels[w]; !ok {
					t.Errorf("missing %q; have %q", w, keys(rels))
				}
			}
			for _, n := range tt.not {
				if _, ok := rels[n]; ok {
					t.Errorf("unwanted %q", n)
				}
			}
			for k, v := range tt.attrs {
				fact, attr, _ := strings.Cut(k, "|")
				ev, ok := rels[fact]
				if !ok {
					t.Errorf("missing %q for its %s", fact, attr)
					continue
				}
				got := ev.Attributes[attr]
				if attr == graph.AttrDate {
					got = ev.Date
				}
				if got != v {
					t.Errorf("%s %s = %q, want %q", fact, attr, got, v)
				}
			}
		})
	}
}

// TestStatements checks the attribution of quotations.
func TestStatements(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string
		not        []string
	}{
		{name: "said after the quote",
			text: "“We will defend our borders,” said Foreign Minister Laura Díaz.",
			want: []string{"Laura Díaz: We will defend our borders,"}},
		{name: "surname and colon",
			text: "Interior Minister Rafael Gómez spoke in Lima. Gómez has been clear: “No deals with criminals.”",
			want: []string{"Rafael Gómez: No deals with criminals."}},
		{name: "pronoun",
			text: "Senator Mark Kelly spoke first. “This must stop,” he said.",
			want: []string{"Mark Kelly: This must stop,"}},
		{name: "short quote of a person",
			text: "Governor Ana Ruiz vowed to “clean the streets” of Monterrey.",
			want: []string{"Ana Ruiz: clean the streets"}},
		{name: "an agency is no speaker",
			text: "The Justice Department called the groups “narco-terrorists.”",
			not:  []string{"Justice Department: narco-terrorists."}},
		{name: "passive description is no statement",
			text: "Teresa Vidal is a judge in Cali. She is often described as the “iron lady of the valley.”",
			not:  []string{"Teresa Vidal: iron lady of the valley."}},
		{name: "a nickname is no statement",
			text: "Police arrested Rafael \"El Gordo\" Salas in Culiacán.",
			not:  []string{"Rafael Salas: El Gordo"}},
		{name: "quotation continued in the next sentence",
			text: "Ambassador Elena Cruz issued a statement on Monday. “Our partnership is strong. It will endure.”",
			want: []string{"Elena Cruz: Our partnership is strong. It will endure."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stms, ex := facts(t, x, tt.text)
			for _, w := range tt.want {
				if !stms[w] {
					t.Errorf("missing statement %q; have %q", w, keys(stms))
				}
			}
			for _, n := range tt.not {
				if stms[n] {
					t.Errorf("unwanted statement %q", n)
				}
			}
			if len(tt.want) == 0 && len(ex.Statements) > 0 {
				t.Errorf("want no statements, got %q", keys(stms))
			}
		})
	}
}

// TestEntities checks names, types and resolution.
func TestEntities(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text string
		want       map[string]graph.Type // entity name → type
		aliases    map[string]string     // entity name → one alias it must have
		not        []string              // names that must not be entities
	}{
		{name: "acronym in parentheses",
			text:    "Members of the Cártel del Noreste (CDN) clashed with soldiers. The CDN denied it.",
			want:    map[string]graph.Type{"Cártel del Noreste": graph.CriminalGroup},
			aliases: map[string]string{"Cártel del Noreste": "CDN"}},
		{name: "surname resolves to the full name",
			text:    "Honduran President Xiomara Castro spoke on Monday. Castro said the army would help.",
			want:    map[string]graph.Type{"Xiomara Castro": graph.Person, "Honduras": graph.Country},
			aliases: map[string]string{"Xiomara Castro": "Castro"},
			not:     []string{"Castro"}},
		{name: "nickname in quotes",
			text:    "Police captured Rafael \"El Gordo\" Salas in Culiacán.",
			want:    map[string]graph.Type{"Rafael Salas": graph.Person, "Culiacán": graph.Location},
			aliases: map[string]string{"Rafael Salas": "El Gordo"}},
		{name: "metonyms of the United States",
			text:    "Washington and the Pentagon disagree, the Biden administration said.",
			want:    map[string]graph.Type{"United States": graph.Country, "Department of Defense": graph.Agency},
			aliases: map[string]string{"Department of Defense": "Pentagon"}},
		{name: "accent variants are one entity",
			text: "Forces entered Culiacan. Culiacán was calm by night.",
			want: map[string]graph.Type{"Culiacán": graph.Location}},
		{name: "typed unknown names",
			text: "Researchers at the Fundación Paz y Reconciliación and the Norwegian Refugee Council met analysts of political risk firm Verisk Maplecroft.",
			want: map[string]graph.Type{"Fundación Paz y Reconciliación": graph.Organization, "Verisk Maplecroft": graph.Organization}},
		{name: "sentence-initial words and days are not names",
			text: "Analysts said on Friday that Fentanyl seizures rose. Earlier, Regional governments met.",
			not:  []string{"Analysts", "Friday", "Fentanyl", "Earlier", "Regional"}},
		{name: "a policy with a long name",
			text: "The Alliance for Security, Justice, and Development was signed in Tegucigalpa.",
			want: map[string]graph.Type{"Alliance for Security, Justice, and Development": graph.Organization}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, ex := facts(t, x, tt.text)
			got := map[string]graph.Entity{}
			for _, e := range ex.Entities {
				got[e.Name] = e
			}
			for n, typ := range tt.want {
				e, ok := got[n]
				if !ok || e.Type != typ {
					t.Errorf("want %s [%s], have %v", n, typ, keys(got))
				}
			}
			for n, a := range tt.aliases {
				found := false
				for _, al := range got[n].Aliases {
					found = found || al == a
				}
				if !found {
					t.Errorf("%s: want alias %q, have %q", n, a, got[n].Aliases)
				}
			}
			for _, n := range tt.not {
				if _, ok := got[n]; ok {
					t.Errorf("unwanted entity %q", n)
				}
			}
		})
	}
}

// TestSentences checks the splitter around abbreviations, initials and quotes.
func TestSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"The U.S. Navy and Gen. Smith arrived at 5 p.m. on Jan. 3. Then they left.",
			[]string{"The U.S. Navy and Gen. Smith arrived at 5 p.m. on Jan. 3.", "Then they left."}},
		{"He met Dr. J. Rivera. The talks failed.",
			[]string{"He met Dr. J. Rivera.", "The talks failed."}},
		{"“No. We will not go.” She left. Troops entered the U.S. The border closed.",
			[]string{"“No. We will not go.”", "She left.", "Troops entered the U.S.", "The border closed."}},
		{"WASHINGTON, D.C. President Smith spoke.", []string{"WASHINGTON, D.C. President Smith spoke."}},
	}
	for _, tt := range tests {
		l := splitLines(tt.text)[0]
		var got []string
		for _, s := range splitSentences(tt.text, l, 0) {
			got = append(got, s.text)
			if tt.text[s.start:s.end] != s.text {
				t.Errorf("offsets [%d,%d) do not give %q", s.start, s.end, s.text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("split %q:\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

// TestMetadata checks title, date, author and furniture.
func TestMetadata(t *testing.T) {
	x := newExtractor(t)
	text := "Share\nGangs Tighten Grip on Port Cities\n\nMarch 3, 2025\n\nBy Jane Roe\n\nIn February, the Haitian government declared a state of emergency.\nDownload PDF\n"
	ex, err := x.Extract(context.Background(), graph.Document{ID: "m", Name: "m.txt"}, text)
	if err != nil {
		t.Fatal(err)
	}
	d := ex.Document
	if d.Title != "Gangs Tighten Grip on Port Cities" || d.Published != "2025-03-03" || d.Author != "Jane Roe" {
		t.Errorf("document = %+v", d)
	}
	// a title given by the reader is kept
	ex, _ = x.Extract(context.Background(), graph.Document{ID: "m", Name: "m.txt", Title: "Given"}, text)
	if ex.Document.Title != "Given" {
		t.Errorf("title = %q, want the reader's", ex.Document.Title)
	}
}

// TestCanceled checks that a canceled context stops the extraction.
func TestCanceled(t *testing.T) {
	x := newExtractor(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := x.Extract(ctx, graph.Document{ID: "c", Name: "c.txt"}, "President Jane Doe spoke."); err == nil {
		t.Error("Extract with a canceled context: no error")
	}
}
