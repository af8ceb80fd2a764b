package schema

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// Request is one GraphQL request, as a client sends it.
type Request struct {
	Query         string                 `json:"query"`
	OperationName string                 `json:"operationName,omitempty"`
	Variables     map[string]interface{} `json:"variables,omitempty"`
}

// Do runs req against s (a schema New built) within the limits of opts:
// a query nested deeper than MaxDepth or estimated to cost more than MaxCost
// is refused before it runs, with an error that says what to ask for instead.
// When ctx ends first, the answer is an error that says the query took too long.
//
// Do parses and validates req.Query on every call; a server that answers
// many requests runs them through an Executor, which remembers its queries.
func Do(ctx context.Context, s graphql.Schema, opts Options, req Request) *graphql.Result {
	opts = opts.withDefaults()
	return run(ctx, &s, opts, prepare(&s, req.Query), req)
}

// prepared is a query text parsed, checked and validated once, ready to run
// any number of times with other variables and operation names. Nothing
// changes it once prepare returns: graphql-go's executor only reads the
// document, so one prepared query serves concurrent requests.
type prepared struct {
	doc *ast.Document
	// refused are the errors that stop the query before its limits are
	// measured: a syntax error, a variable without a type, a fragment cycle.
	refused []gqlerrors.FormattedError
	// invalid are graphql-go's validation errors, reported after the limits.
	invalid []gqlerrors.FormattedError
}

// prepare parses query and runs every check that depends on its text and
// the schema alone.
func prepare(s *graphql.Schema, query string) *prepared {
	doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{
		Body: []byte(query),
		Name: "GraphQL request",
	})})
	if err != nil {
		return &prepared{refused: gqlerrors.FormatErrors(err)}
	}
	// graphql-go's validation panics on a variable without a type, and
	// recurses without end on fragments that spread each other (the stack
	// overflow kills the process): refuse them first.
	if err := untypedVariable(doc); err != nil {
		return &prepared{refused: []gqlerrors.FormattedError{*err}}
	}
	if err := fragmentCycle(doc); err != nil {
		return &prepared{refused: []gqlerrors.FormattedError{*err}}
	}
	p := &prepared{doc: doc}
	if v := graphql.ValidateDocument(s, doc, nil); !v.IsValid {
		p.invalid = v.Errors
	}
	return p
}

// run answers req with p, the query req.Query prepared, as graphql.Do would
// have: the limits of opts first, then validation, then execution.
func run(ctx context.Context, s *graphql.Schema, opts Options, p *prepared, req Request) *graphql.Result {
	if len(p.refused) > 0 {
		return &graphql.Result{Errors: slices.Clone(p.refused)}
	}
	if errs := checkLimits(s, p.doc, req, opts); len(errs) > 0 {
		return &graphql.Result{Errors: errs}
	}
	if len(p.invalid) > 0 {
		return &graphql.Result{Errors: slices.Clone(p.invalid)}
	}
	res := graphql.Execute(graphql.ExecuteParams{
		Schema:        *s,
		AST:           p.doc,
		OperationName: req.OperationName,
		Args:          req.Variables,
		Context:       ctx,
	})
	if err := ctx.Err(); err != nil {
		e := public(opts.Logger, "query", err)
		return &graphql.Result{Errors: []gqlerrors.FormattedError{formatted(e)}}
	}
	return res
}

// formatted renders an *Error as graphql-go does, with its code.
func formatted(err error) gqlerrors.FormattedError {
	var e *Error
	if errors.As(err, &e) {
		return gqlerrors.FormattedError{Message: e.Message, Extensions: e.Extensions()}
	}
	return gqlerrors.FormatError(err)
}

// checkLimits measures the operation req runs (every operation when it names
// none) and reports those deeper or costlier than opts allow.
func checkLimits(s *graphql.Schema, doc *ast.Document, req Request, opts Options) []gqlerrors.FormattedError {
	w := &walker{schema: s, vars: req.Variables, fragments: map[string]*ast.FragmentDefinition{}}
	var ops []*ast.OperationDefinition
	for _, d := range doc.Definitions {
		switch d := d.(type) {
		case *ast.FragmentDefinition:
			w.fragments[d.Name.Value] = d
		case *ast.OperationDefinition:
			if req.OperationName == "" || (d.Name != nil && d.Name.Value == req.OperationName) {
				ops = append(ops, d)
			}
		}
	}
	var errs []gqlerrors.FormattedError
	for _, op := range ops {
		root := s.QueryType()
		if op.Operation != ast.OperationTypeQuery {
			continue // graphql-go refuses it: the schema has no mutations or subscriptions
		}
		depth, cost := w.selections(root, op.SelectionSet, map[string]bool{})
		name := "the query"
		if op.Name != nil {
			name = "query " + op.Name.Value
		}
		if depth > opts.MaxDepth {
			errs = append(errs, formatted(&Error{Code: CodeTooComplex, Message: fmt.Sprintf(
				"%s nests fields %d levels deep, more than the limit of %d: ask for fewer nested levels, or follow a relation with a second query",
				name, depth, opts.MaxDepth)}))
		}
		if cost > opts.MaxCost {
			errs = append(errs, formatted(&Error{Code: CodeTooComplex, Message: fmt.Sprintf(
				"%s may return about %d values, more than the limit of %d: give smaller first arguments or ask for fewer nested lists (a list without first counts %d entries)",
				name, cost, opts.MaxCost, ListEstimate)}))
		}
	}
	return errs
}

// walker measures selection sets against the schema's types. It tolerates
// what validation will reject (unknown fields and fragments, cycles) by
// leaving it out.
type walker struct {
	schema    *graphql.Schema
	vars      map[string]interface{}
	fragments map[string]*ast.FragmentDefinition
}

// costCap keeps cost sums far from overflow; anything above it is over every limit.
const costCap = 1 << 40

func (w *walker) selections(parent graphql.Type, ss *ast.SelectionSet, visiting map[string]bool) (depth, cost int) {
	if ss == nil {
		return 0, 0
	}
	add := func(d, c int) {
		depth = max(depth, d)
		cost = min(cost+c, costCap)
	}
	for _, sel := range ss.Selections {
		switch sel := sel.(type) {
		case *ast.Field:
			name := sel.Name.Value
			if strings.HasPrefix(name, "__") {
				continue // introspection: the playground's schema query is deep by nature
			}
			def := fieldDef(parent, name)
			if def == nil {
				continue
			}
			named, _ := graphql.GetNamed(def.Type).(graphql.Type)
			d, c := w.selections(named, sel.SelectionSet, visiting)
			add(d+1, min(w.multiplier(parent, def, sel)*(1+c), costCap))
		case *ast.InlineFragment:
			t := parent
			if sel.TypeCondition != nil {
				t = w.schema.Type(sel.TypeCondition.Name.Value)
			}
			add(w.selections(t, sel.SelectionSet, visiting))
		case *ast.FragmentSpread:
			name := sel.Name.Value
			f, ok := w.fragments[name]
			if !ok || visiting[name] {
				continue
			}
			visiting[name] = true
			t := parent
			if f.TypeCondition != nil {
				t = w.schema.Type(f.TypeCondition.Name.Value)
			}
			add(w.selections(t, f.SelectionSet, visiting))
			delete(visiting, name)
		}
	}
	return depth, cost
}

func fieldDef(t graphql.Type, name string) *graphql.FieldDefinition {
	switch t := t.(type) {
	case *graphql.Object:
		return t.Fields()[name]
	case *graphql.Interface:
		return t.Fields()[name]
	}
	return nil
}

// multiplier is how many values a field stands for: its first argument when
// it has one, ListEstimate for another list, 1 otherwise. The lists of a
// connection are as long as its first says, which its own field counted.
func (w *walker) multiplier(parent graphql.Type, def *graphql.FieldDefinition, f *ast.Field) int {
	for _, a := range def.Args {
		if a.Name() != "first" {
			continue
		}
		for _, arg := range f.Arguments {
			if arg.Name.Value == "first" {
				if n, ok := w.intValue(arg.Value); ok {
					return max(n, 1)
				}
			}
		}
		if n, ok := a.DefaultValue.(int); ok {
			return max(n, 1)
		}
		return ListEstimate
	}
	if isList(def.Type) && !strings.HasSuffix(parent.Name(), "Connection") {
		return ListEstimate
	}
	return 1
}

func (w *walker) intValue(v ast.Value) (int, bool) {
	switch v := v.(type) {
	case *ast.IntValue:
		n, err := strconv.Atoi(v.Value)
		return n, err == nil
	case *ast.Variable:
		switch n := w.vars[v.Name.Value].(type) {
		case int:
			return n, true
		case float64:
			return int(n), true
		case int64:
			return int(n), true
		}
	}
	return 0, false
}

func isList(t graphql.Type) bool {
	if nn, ok := t.(*graphql.NonNull); ok {
		t = nn.OfType
	}
	_, ok := t.(*graphql.List)
	return ok
}

// fragmentCycle reports a fragment that spreads itself, directly or through
// others, as the GraphQL specification's NoFragmentCycles rule words it.
func fragmentCycle(doc *ast.Document) *gqlerrors.FormattedError {
	spreads := map[string][]*ast.FragmentSpread{}
	var order []string
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			if _, dup := spreads[f.Name.Value]; !dup {
				order = append(order, f.Name.Value)
			}
			spreads[f.Name.Value] = append(spreads[f.Name.Value], spreadsOf(f.SelectionSet, nil)...)
		}
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var path []*ast.FragmentSpread
	var visit func(name string) *gqlerrors.FormattedError
	visit = func(name string) *gqlerrors.FormattedError {
		state[name] = onPath
		for _, sp := range spreads[name] {
			next := sp.Name.Value
			if _, ok := spreads[next]; !ok {
				continue // an unknown fragment: validation reports it
			}
			switch state[next] {
			case onPath:
				var via []string
				start := len(path)
				for start > 0 && path[start-1].Name.Value != next {
					start--
				}
				for _, p := range path[start:] {
					via = append(via, `"`+p.Name.Value+`"`)
				}
				msg := fmt.Sprintf(`Cannot spread fragment "%s" within itself.`, next)
				if len(via) > 0 {
					msg = fmt.Sprintf(`Cannot spread fragment "%s" within itself via %s.`, next, strings.Join(via, ", "))
				}
				e := gqlerrors.FormatError(gqlerrors.NewError(msg, []ast.Node{sp}, "", nil, nil, nil))
				return &e
			case unseen:
				path = append(path, sp)
				if e := visit(next); e != nil {
					return e
				}
				path = path[:len(path)-1]
			}
		}
		state[name] = done
		return nil
	}
	for _, name := range order {
		if state[name] == unseen {
			if e := visit(name); e != nil {
				return e
			}
		}
	}
	return nil
}

// spreadsOf appends the fragment spreads of a selection set, inline fragments
// included, to out.
func spreadsOf(ss *ast.SelectionSet, out []*ast.FragmentSpread) []*ast.FragmentSpread {
	if ss == nil {
		return out
	}
	for _, sel := range ss.Selections {
		switch sel := sel.(type) {
		case *ast.Field:
			out = spreadsOf(sel.SelectionSet, out)
		case *ast.InlineFragment:
			out = spreadsOf(sel.SelectionSet, out)
		case *ast.FragmentSpread:
			if sel.Name != nil {
				out = append(out, sel)
			}
		}
	}
	return out
}

// untypedVariable reports a variable definition whose type is missing, which
// graphql-go's parser lets through.
func untypedVariable(doc *ast.Document) *gqlerrors.FormattedError {
	var complete func(t ast.Type) bool
	complete = func(t ast.Type) bool {
		switch t := t.(type) {
		case *ast.Named:
			return t != nil && t.Name != nil
		case *ast.List:
			return t != nil && complete(t.Type)
		case *ast.NonNull:
			return t != nil && complete(t.Type)
		}
		return false
	}
	for _, d := range doc.Definitions {
		op, ok := d.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		for _, v := range op.VariableDefinitions {
			if v == nil || v.Variable == nil || v.Variable.Name == nil || complete(v.Type) {
				continue
			}
			e := gqlerrors.FormatError(gqlerrors.NewError(
				fmt.Sprintf(`Syntax Error: variable "$%s" has no type; declare it as in ($%s: String)`, v.Variable.Name.Value, v.Variable.Name.Value),
				[]ast.Node{v}, "", nil, nil, nil))
			return &e
		}
	}
	return nil
}
