package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/queries"
)

const reportAbout = `
Run one of cartelgraph's Cypher reports on the Neo4j store and print its
result as an aligned table (the default), RFC 4180 CSV or a JSON array of
objects. The reports are the .cypher files of queries/, embedded in the
binary; each also runs unchanged in Neo4j Browser or cypher-shell, where every
parameter must be set (to null when unwanted).

Parameters are given as --param key=value, once per parameter. A parameter that
names an entity takes its ID or any of its names or aliases (case, accents and
punctuation do not matter); an ambiguous name lists the IDs to choose from.

Reports need Neo4j (NEO4J_URI); the embedded store cannot run Cypher.

  cartelgraph report --list
  cartelgraph report designations --param group="Tren de Aragua"
  cartelgraph report most-mentioned --param type=CriminalGroup --param limit=5 --format csv -o top.csv
  cartelgraph report entity-dossier --param entity=sinaloa-cartel --format json

reports:
`

// neo4jNeeded explains, when no Neo4j is configured, how to get one.
const neo4jNeeded = `%s: reports are Cypher queries and need the Neo4j store, but NEO4J_URI is not
set, so %s is configured. Start the project's local Neo4j and
point cartelgraph at it (or set the same variables in .env):

  scripts/neo4j install && scripts/neo4j start
  eval "$(scripts/neo4j env)"    # export NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=...

then load the articles into it (cartelgraph load PATH...) and run the report again.
`

// paramFlags collects repeated --param key=value flags.
type paramFlags struct {
	values map[string]any
	order  []string
}

func (p *paramFlags) String() string {
	var parts []string
	for _, k := range p.order {
		parts = append(parts, fmt.Sprintf("%s=%v", k, p.values[k]))
	}
	return strings.Join(parts, " ")
}

func (p *paramFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return fmt.Errorf("%q: want key=value", s)
	}
	if p.values == nil {
		p.values = map[string]any{}
	}
	if _, dup := p.values[k]; dup {
		return fmt.Errorf("parameter %q given twice", k)
	}
	p.values[k] = v
	p.order = append(p.order, k)
	return nil
}

// runReport runs `cartelgraph report`: one Cypher report over the Neo4j store.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	reports, listErr := queries.List()
	about := reportAbout
	for _, r := range reports {
		about += fmt.Sprintf("  %-29s %s\n", r.Name, r.Answers)
	}
	fs := newFlags("report", "report --list | report NAME [--param KEY=VALUE ...] [--format table|csv|json] [-o FILE]", about)
	list := fs.Bool("list", false, "list the reports with their parameters and columns")
	var params paramFlags
	fs.Var(&params, "param", "a parameter of the report, as `key=value` (repeat for more)")
	format := fs.String("format", "table", "the output `format`: table, csv or json")
	out := fs.String("o", "", "write the result to this `file` instead of standard output")
	addConfigFlags(fs, "neo4j-uri", "neo4j-user", "neo4j-database")
	positional, code, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	if listErr != nil {
		return fail(listErr)
	}

	// The command line.
	if *list {
		if len(positional) > 0 || len(params.order) > 0 {
			return usageError(fs, stderr, "--list takes no report name and no parameters")
		}
		if err := queries.Describe(stdout, reports); err != nil {
			return fail(err)
		}
		return exitOK
	}
	switch len(positional) {
	case 0:
		return usageError(fs, stderr, "no report: give its NAME ('cartelgraph report --list' lists them)")
	case 1:
	default:
		return usageError(fs, stderr, "too many arguments: "+strings.Join(positional, " ")+" (one report at a time)")
	}
	r, err := queries.Get(positional[0])
	if err != nil {
		return usageError(fs, stderr, err.Error())
	}
	f, err := queries.ParseFormat(*format)
	if err != nil {
		return usageError(fs, stderr, err.Error())
	}
	if _, err := r.Args(params.values); err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", fs.Name(), paramHelp(r, err))
		return exitUsage
	}
	cfg, err := loadConfig(fs, processEnv())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitUsage
	}
	if cfg.Neo4jURI == "" {
		fmt.Fprintf(stderr, neo4jNeeded, fs.Name(), "the embedded store in "+cfg.DataDir)
		return exitUsage
	}

	// Entity names to IDs, through the store's Lookup.
	args2 := params.values
	if needsLookup(r, params.values) {
		store, where, err := openStore(ctx, cfg)
		if err != nil {
			return fail(err)
		}
		args2, err = queries.Resolve(ctx, store, r, params.values)
		store.Close()
		if err != nil {
			return fail(fmt.Errorf("%w (in %s)", err, where))
		}
	}

	// The report.
	runner, err := queries.Dial(ctx, cfg.Neo4jURI, cfg.Neo4jUser, cfg.Neo4jPassword, cfg.Neo4jDatabase)
	if err != nil {
		if graph.KindOf(err) == graph.Unavailable {
			err = fmt.Errorf("%w\n(is Neo4j running, with these credentials? scripts/neo4j status; scripts/neo4j start)", err)
		}
		return fail(err)
	}
	defer runner.Close(context.WithoutCancel(ctx))
	res, err := queries.Run(ctx, runner, r, args2)
	if err != nil {
		return fail(err)
	}
	var b bytes.Buffer
	if err := queries.Write(&b, res, f); err != nil {
		return fail(err)
	}
	if *out == "" {
		if _, err := stdout.Write(b.Bytes()); err != nil {
			return fail(err)
		}
		return exitOK
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stderr, "%s %s: %d rows written to %s\n", fs.Name(), r.Name, len(res.Rows), *out)
	return exitOK
}

// needsLookup reports whether a parameter that names an entity was given.
func needsLookup(r queries.Report, params map[string]any) bool {
	for name, v := range params {
		p, _ := r.Param(name)
		if _, ok := p.EntityTypes(); ok && v != "" {
			return true
		}
	}
	return false
}

// paramHelp adds the report's parameters to a parameter error.
func paramHelp(r queries.Report, err error) string {
	if graph.KindOf(err) != graph.Invalid || len(r.Params) == 0 {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(err.Error())
	fmt.Fprintf(&b, "\n\n%s takes:\n", r.Name)
	ps := append([]queries.Param(nil), r.Params...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Required() && !ps[j].Required() })
	for _, p := range ps {
		def := "required"
		if !p.Required() {
			def = "default " + p.Default
		}
		fmt.Fprintf(&b, "  --param %s=...  (%s, %s) %s\n", p.Name, p.Kind, def, p.Description)
	}
	return strings.TrimRight(b.String(), "\n")
}
