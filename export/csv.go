package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// The labels and relationship types of the CSV export beyond the ontology's
// (see the Neo4j model in docs/ARCHITECTURE.md).
const (
	labelEntity    = "Entity"
	labelDocument  = "Document"
	labelStatement = "Statement"
	labelEvidence  = "Evidence"
	relFrom        = "FROM"
)

// ArrayDelimiter separates the elements of the array columns (aliases,
// keys) of the CSV export: U+001F, the unit separator, which no name holds
// (one that does has it turned into a space). neo4j-admin is told with
// --array-delimiter=U+001F.
const ArrayDelimiter = "\x1f"

// ImportScript is the name of the script WriteCSV writes beside the CSV files.
const ImportScript = "import.sh"

// csvFile is one file of the CSV export: its name, its header, and the
// neo4j-admin option that imports it.
type csvFile struct {
	name   string
	header []string
	option string // --nodes=LABELS=FILE or --relationships=TYPE=FILE
}

// csvFiles returns the files of the CSV export, in the order neo4j-admin
// reads them. They hold the Neo4j model of docs/ARCHITECTURE.md, so the
// reports of queries/ run on an imported database:
//
//	entities-<Type>.csv  (:Entity:<Type> {id, name, type, aliases, keys, nameRank})
//	documents.csv        (:Document {id, source, name, title, publisher, author, url, published})
//	statements.csv       (:Statement {id, text, speaker, sources})
//	evidence.csv         (:Evidence {id, fact, predicate, document, sentence, start, end, date,
//	                                 confidence, alleged, designation, title, amount, of, about, action})
//	relations.csv        (:Entity)-[:<PREDICATE> {id, date, designation, ..., alleged, confidence, sources}]->(:Entity)
//	mentions.csv         (:Document)-[:MENTIONS {count}]->(:Entity)
//	said.csv             (:Person)-[:SAID]->(:Statement)
//	about.csv            (:Statement)-[:ABOUT]->(:Entity)
//	from.csv             (:Evidence)-[:FROM]->(:Document)
//
// Entity, Document, Statement and Evidence IDs are separate ID spaces.
func csvFiles() []csvFile {
	var fs []csvFile
	for _, t := range graph.Types() {
		name := "entities-" + string(t) + ".csv"
		fs = append(fs, csvFile{name,
			[]string{"id:ID(Entity)", "name", "type", "aliases:string[]", "keys:string[]", "nameRank:int"},
			"--nodes=" + labelEntity + ":" + string(t) + "=" + name})
	}
	attrs := graph.Attributes()
	rel := append([]string{":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id", "date"}, attrs...)
	ev := append([]string{"id:ID(Evidence)", "fact", "predicate", "document", "sentence", "start:int", "end:int",
		"date", "confidence:double", "alleged:boolean"}, attrs...)
	return append(fs,
		csvFile{"documents.csv", []string{"id:ID(Document)", "source", "name", "title", "publisher", "author", "url", "published"},
			"--nodes=" + labelDocument + "=documents.csv"},
		csvFile{"statements.csv", []string{"id:ID(Statement)", "text", "speaker", "sources:int"},
			"--nodes=" + labelStatement + "=statements.csv"},
		csvFile{"evidence.csv", ev, "--nodes=" + labelEvidence + "=evidence.csv"},
		csvFile{"relations.csv", append(rel, "alleged:boolean", "confidence:double", "sources:int"),
			"--relationships=relations.csv"},
		csvFile{"mentions.csv", []string{":START_ID(Document)", ":END_ID(Entity)", ":TYPE", "count:int"},
			"--relationships=mentions.csv"},
		csvFile{"said.csv", []string{":START_ID(Entity)", ":END_ID(Statement)", ":TYPE"}, "--relationships=said.csv"},
		csvFile{"about.csv", []string{":START_ID(Statement)", ":END_ID(Entity)", ":TYPE"}, "--relationships=about.csv"},
		csvFile{"from.csv", []string{":START_ID(Evidence)", ":END_ID(Document)", ":TYPE"}, "--relationships=from.csv"},
	)
}

// ImportArgs returns the arguments of neo4j-admin that import a CSV export,
// run in its directory, into the named database:
//
//	neo4j-admin database import full DATABASE --array-delimiter=U+001F ... --nodes=... --relationships=...
//
// The database must not exist, or --overwrite-destination=true must follow.
func ImportArgs(database string) []string {
	args := []string{"database", "import", "full", database,
		"--array-delimiter=U+001F", "--multiline-fields=true"}
	for _, f := range csvFiles() {
		args = append(args, f.option)
	}
	return args
}

// CSVCounts is what a CSV export holds, as neo4j-admin counts it.
type CSVCounts struct {
	Nodes, Relationships int
}

// WriteCSV writes g into the directory dir (made when missing) as CSV files
// in the header format of `neo4j-admin database import full` (see csvFiles),
// with import.sh, the command that imports them, and README.txt. Files of the
// same names are replaced; each is written under a temporary name first, so a
// failed export leaves the earlier files as they were.
func WriteCSV(ctx context.Context, dir string, g *Graph) (CSVCounts, error) {
	const op graph.Op = "export.WriteCSV"
	var counts CSVCounts
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return counts, graph.E(op, graph.Item(dir), err)
	}
	w := &csvWriter{dir: dir, files: map[string]*csvOut{}}
	defer w.abort()
	for _, f := range csvFiles() {
		if err := w.open(f); err != nil {
			return counts, graph.E(op, err)
		}
	}
	err := g.eachNode(ctx, func(n Node) error {
		counts.Nodes++
		return w.row("entities-"+string(n.Type)+".csv",
			n.ID, n.Name, string(n.Type), array(n.Aliases), array(keys(n.Entity)), strconv.Itoa(graph.NameRank(n.Name)))
	})
	if err == nil {
		err = g.eachEdge(ctx, func(r *graph.Relation) error {
			counts.Relationships++
			row := []string{r.Subject, r.Object, string(r.Predicate), r.ID, r.Date}
			for _, a := range graph.Attributes() {
				row = append(row, r.Attributes[a])
			}
			row = append(row, strconv.FormatBool(r.Alleged), formatFloat(r.Confidence), strconv.Itoa(len(r.Evidence)))
			if err := w.row("relations.csv", row...); err != nil {
				return err
			}
			return w.evidence(&counts, r.ID, string(r.Predicate), r.Evidence)
		})
	}
	if err == nil {
		err = g.eachStatement(ctx, func(s *graph.Statement) error {
			counts.Nodes++
			counts.Relationships += 1 + len(s.About)
			if err := w.row("statements.csv", s.ID, s.Text, s.Speaker, strconv.Itoa(len(s.Evidence))); err != nil {
				return err
			}
			if err := w.row("said.csv", s.Speaker, s.ID, graph.Said); err != nil {
				return err
			}
			for _, a := range s.About {
				if err := w.row("about.csv", s.ID, a, graph.About); err != nil {
					return err
				}
			}
			return w.evidence(&counts, s.ID, graph.Said, s.Evidence)
		})
	}
	if err == nil {
		err = g.eachDocument(ctx, func(d *graph.Document) error {
			counts.Nodes++
			return w.row("documents.csv", d.ID, d.Source, d.Name, d.Title, d.Publisher, d.Author, d.URL, d.Published)
		})
	}
	if err == nil {
		err = g.eachMention(ctx, func(m graph.Mention) error {
			counts.Relationships++
			return w.row("mentions.csv", m.Document, m.Entity, graph.Mentions, strconv.Itoa(m.Count))
		})
	}
	if err == nil {
		err = w.commit()
	}
	if err == nil {
		err = writeImportFiles(dir, counts)
	}
	if err != nil {
		return counts, graph.E(op, err)
	}
	return counts, nil
}

// keys returns the Keys of e's name and aliases, as the Neo4j store keeps
// them for look-ups by any spelling: distinct, sorted.
func keys(e *graph.Entity) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append([]string{e.Name}, e.Aliases...) {
		if k := graph.Key(s); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// array joins the elements of an array column.
func array(ss []string) string {
	clean := make([]string, len(ss))
	for i, s := range ss {
		clean[i] = strings.ReplaceAll(s, ArrayDelimiter, " ")
	}
	return strings.Join(clean, ArrayDelimiter)
}

// csvWriter writes the files of a CSV export under temporary names until commit.
type csvWriter struct {
	dir   string
	files map[string]*csvOut
	order []string
}

type csvOut struct {
	f   *os.File
	buf *bufio.Writer
	w   *csv.Writer
}

func (w *csvWriter) open(f csvFile) error {
	file, err := os.CreateTemp(w.dir, "."+f.name+".*.tmp")
	if err != nil {
		return err
	}
	buf := bufio.NewWriter(file)
	out := &csvOut{f: file, buf: buf, w: csv.NewWriter(buf)}
	w.files[f.name] = out
	w.order = append(w.order, f.name)
	return out.w.Write(f.header)
}

func (w *csvWriter) row(file string, fields ...string) error {
	out := w.files[file]
	if out == nil {
		return graph.E(graph.Internal, graph.Item(file), "no such file in the export")
	}
	return out.w.Write(fields)
}

// evidence writes the Evidence nodes of a fact and their FROM relationships.
// Two pieces of evidence with the same ID (one document, one offset) are one node.
func (w *csvWriter) evidence(counts *CSVCounts, fact, predicate string, ev []graph.Evidence) error {
	seen := map[string]bool{}
	for _, e := range ev {
		id := graph.EvidenceID(fact, e.Document, e.Start)
		if seen[id] {
			continue
		}
		seen[id] = true
		counts.Nodes++
		counts.Relationships++
		row := []string{id, fact, predicate, e.Document, e.Sentence, strconv.Itoa(e.Start), strconv.Itoa(e.End),
			e.Date, formatFloat(e.Confidence), strconv.FormatBool(e.Alleged)}
		for _, a := range graph.Attributes() {
			row = append(row, e.Attributes[a])
		}
		if err := w.row("evidence.csv", row...); err != nil {
			return err
		}
		if err := w.row("from.csv", id, e.Document, relFrom); err != nil {
			return err
		}
	}
	return nil
}

// commit flushes and closes every file and gives it its name.
func (w *csvWriter) commit() error {
	for _, name := range w.order {
		out := w.files[name]
		out.w.Flush()
		err := out.w.Error()
		if err == nil {
			err = out.buf.Flush()
		}
		if cerr := out.f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(out.f.Name(), filepath.Join(w.dir, name))
		}
		if err != nil {
			return graph.E(graph.Item(filepath.Join(w.dir, name)), err)
		}
		delete(w.files, name)
	}
	return nil
}

// abort removes the temporary files commit has not renamed.
func (w *csvWriter) abort() {
	for _, out := range w.files {
		out.f.Close()
		os.Remove(out.f.Name())
	}
}

// writeImportFiles writes import.sh and README.txt into dir.
func writeImportFiles(dir string, counts CSVCounts) error {
	var cmd strings.Builder
	cmd.WriteString(`"$admin" database import full "$database"`)
	for _, a := range ImportArgs("")[4:] {
		cmd.WriteString(" \\\n\t" + a)
	}
	cmd.WriteString(` \` + "\n\t" + `"$@"`)
	script := `#!/bin/sh
# Imports this cartelgraph export into a new Neo4j database with
# 'neo4j-admin database import full' (Neo4j 5). The database must not exist:
# stop the server first and, to replace the database, add
# --overwrite-destination=true.
#
#   ./import.sh [DATABASE [neo4j-admin options...]]    DATABASE defaults to neo4j
#
# neo4j-admin is taken from $NEO4J_HOME/bin, else from PATH; NEO4J_CONF
# chooses the configuration (and so the data directory) as usual.
set -eu
cd "$(dirname "$0")"
database=${1:-neo4j}
[ $# -gt 0 ] && shift
admin=neo4j-admin
if [ -n "${NEO4J_HOME:-}" ]; then admin=$NEO4J_HOME/bin/neo4j-admin; fi
exec ` + cmd.String() + "\n"
	readme := fmt.Sprintf(`cartelgraph export for neo4j-admin: %d nodes, %d relationships.

Import it into a new database (Neo4j 5, server stopped) from this directory:

  neo4j-admin database import full neo4j %s

or run ./import.sh [DATABASE] (add --overwrite-destination=true to replace an
existing database). Then start the server and, for the look-ups cartelgraph
makes, create its constraints and indexes (the Neo4j store does so when it
opens the database).

The files hold the model of cartelgraph's docs/ARCHITECTURE.md: :Entity:<Type>
nodes (entities-<Type>.csv), :Document, :Statement and :Evidence nodes,
the relations between entities with their summarised attributes
(relations.csv), MENTIONS, SAID, ABOUT and FROM. Array columns (aliases, keys)
separate their elements with U+001F.
`, counts.Nodes, counts.Relationships, strings.Join(ImportArgs("neo4j")[4:], " "))
	if err := writeFileAtomic(filepath.Join(dir, ImportScript), []byte(script), 0o755); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, "README.txt"), []byte(readme), 0o644)
}

// writeFileAtomic writes data to a temporary file beside path, then renames it.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Chmod(perm), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return graph.E(graph.Item(path), err)
	}
	return nil
}
