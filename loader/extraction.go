package loader

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cartelgraph/cartelgraph/graph"
	"github.com/cartelgraph/cartelgraph/loader/exchange"
)

// LoadExtraction writes an extraction made elsewhere, a file in the
// interchange format of loader/exchange (`cartelgraph load --extraction`), so
// that another extractor (an NLP tool, a language model) can fill the graph.
// Each of its documents is written like an article's extraction: resolved
// against the store, in a transaction of its own. A document is named by its
// "document" field; its ID is the ContentID of its canonical JSON, so loading
// the same file twice changes nothing, and its Source is the file's absolute
// path + "#" + that name, so that a new version of the file replaces the old.
//
// A file that cannot be read or is not valid JSON is an error; a document
// that does not fit the ontology fails alone, in the Report.
func (l *Loader) LoadExtraction(ctx context.Context, file string) (Report, error) {
	const op graph.Op = "loader.LoadExtraction"
	var rep Report
	if l.Store == nil {
		return rep, graph.E(op, graph.Invalid, "no Store")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return rep, graph.E(op, kindOf(err), graph.Item(file), unwrapPath(err))
	}
	f, err := exchange.Read(data, file)
	if err != nil {
		return rep, err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	for i, d := range f.Documents {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		canon, err := json.Marshal(d)
		if err != nil {
			return rep, graph.E(op, graph.Internal, graph.Item(file), err)
		}
		doc := graph.Document{
			ID:     graph.ContentID(canon),
			Name:   d.Document,
			Source: abs + "#" + d.Document,
		}
		item := graph.Item(file + "#" + d.Document)
		if d.Document == "" {
			l.failed(&rep, doc, graph.E(op, graph.Invalid, graph.Item(file),
				"documents["+strconv.Itoa(i)+"].document: empty; every document needs a name"))
			continue
		}
		x, err := exchange.ToExtraction(d, doc)
		if err != nil {
			l.failed(&rep, doc, graph.E(op, item, err))
			continue
		}
		if err := l.write(ctx, &rep, x); err != nil {
			return rep, err
		}
	}
	return l.finish(ctx, rep, nil)
}
