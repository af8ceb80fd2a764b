package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cartelgraph/cartelgraph/export"
	"github.com/cartelgraph/cartelgraph/graph"
)

const exportAbout = `
Export the graph, or the part of it around one entity, for visualisation and
graph tools:

  graphml    GraphML for Gephi, yEd, NetworkX, igraph: entities and relations
             with their attributes, confidence and counts of sources
  cytoscape  Cytoscape.js elements JSON: cytoscape({elements: json.elements})
  csv        CSV files for 'neo4j-admin database import full' (Neo4j 5) in the
             directory -o DIR, with import.sh, the import command, and README.txt:
             entities, documents, statements, evidence, relations, MENTIONS,
             SAID, ABOUT, FROM, as cartelgraph's Neo4j store keeps them
  jsonl      JSON Lines: a line per node, edge (with its evidence: document,
             sentence, date, confidence, alleged), statement, document, mention

The output goes to standard output, or to the file -o PATH (csv needs -o DIR).
--around ENTITY (an ID, a name or an alias) exports that entity and what lies
within --depth relations of it (found over every type, then restricted);
--types keeps only those entity types (and the --around entity), --predicates
only those relation types. Output is sorted by ID: the same graph gives the
same bytes.

  cartelgraph export --format graphml -o graph.graphml
  cartelgraph export cytoscape --around "Sinaloa Cartel" --depth 2 > sinaloa.json
  cartelgraph export --format csv -o export/ --types CriminalGroup,Country
  cartelgraph export jsonl --predicates DESIGNATED,SANCTIONED | jq .`

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("export", "export [--format] FORMAT [-o PATH] [--around ENTITY [--depth N]] [--types T,...] [--predicates P,...]", exportAbout)
	format := fs.String("format", "", "the `format`: graphml, cytoscape, csv or jsonl (or give it as an argument)")
	out := fs.String("o", "", "write to this `path` (a directory for csv) instead of standard output")
	around := fs.String("around", "", "export the neighbourhood of this `entity` (an ID, a name or an alias)")
	depth := fs.Int("depth", 1, "with --around, how many relations away to go (`n`)")
	types := fs.String("types", "", "keep only these entity `types`, comma-separated (e.g. CriminalGroup,Country)")
	predicates := fs.String("predicates", "", "keep only these relation `types`, comma-separated (e.g. DESIGNATED,OPERATES_IN)")
	addConfigFlags(fs, "data", "neo4j-uri", "neo4j-user", "neo4j-database")
	positional, code, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return code
	}

	// The command line.
	switch {
	case len(positional) > 1:
		return usageError(fs, stderr, "too many arguments: "+strings.Join(positional, " "))
	case len(positional) == 1 && *format != "" && !strings.EqualFold(positional[0], *format):
		return usageError(fs, stderr, fmt.Sprintf("two formats: --format %s and %s", *format, positional[0]))
	case len(positional) == 1:
		*format = positional[0]
	case *format == "":
		return usageError(fs, stderr, "no format: give --format graphml, cytoscape, csv or jsonl")
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return usageError(fs, stderr, err.Error())
	}
	if !f.Stream() && (*out == "" || *out == "-") {
		return usageError(fs, stderr, "the csv export is a directory of files: give it with -o DIR")
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["depth"] && *around == "" {
		return usageError(fs, stderr, "--depth needs --around ENTITY")
	}
	if *depth < 0 {
		return usageError(fs, stderr, fmt.Sprintf("--depth %d is negative", *depth))
	}
	var sel export.Selection
	if sel.Types, err = export.ParseTypes(strings.Split(*types, ",")); err != nil {
		return usageError(fs, stderr, err.Error())
	}
	if sel.Predicates, err = export.ParsePredicates(strings.Split(*predicates, ",")); err != nil {
		return usageError(fs, stderr, err.Error())
	}
	cfg, err := loadConfig(fs, processEnv())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}

	// The selection.
	store, where, err := openStore(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	defer store.Close()
	if *around != "" {
		e, err := export.Resolve(ctx, store, *around)
		if err != nil {
			return fail(fmt.Errorf("--around: %w (in %s)", err, where))
		}
		sel.Around, sel.Depth = e.ID, *depth
	}
	g, err := export.Select(ctx, store, sel)
	if err != nil {
		return fail(err)
	}
	c := g.Counts()
	summary := fmt.Sprintf("%d entities, %d relations, %d statements, %d documents from %s",
		c.Entities, c.Relations, c.Statements, c.Documents, where)

	// The output.
	switch {
	case !f.Stream():
		counts, err := export.WriteCSV(ctx, *out, g)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stderr, "%s: wrote %s to %s: %d nodes, %d relationships\n", fs.Name(), summary, *out, counts.Nodes, counts.Relationships)
		fmt.Fprintf(stderr, "import into a new Neo4j database (server stopped): %s\n", filepath.Join(*out, export.ImportScript))
	case *out == "" || *out == "-":
		bw := bufio.NewWriter(stdout)
		if err := export.Write(ctx, bw, f, g); err != nil {
			return fail(err)
		}
		if err := bw.Flush(); err != nil {
			return fail(err)
		}
	default:
		if err := writeFile(*out, func(w io.Writer) error { return export.Write(ctx, w, f, g) }); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stderr, "%s: wrote %s to %s\n", fs.Name(), summary, *out)
	}
	return exitOK
}

// writeFile writes path through write, into a temporary file beside it that
// replaces it only when everything was written: a failed export leaves an
// earlier file as it was.
func writeFile(path string, write func(io.Writer) error) error {
	const op graph.Op = "export"
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return graph.E(op, graph.Item(path), err)
	}
	bw := bufio.NewWriter(tmp)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return graph.E(op, graph.Item(path), err)
	}
	return nil
}
