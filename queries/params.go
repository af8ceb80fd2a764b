package queries

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Args checks params against the report's declared parameters and returns
// what the query runs with: every declared parameter, with the value given
// converted to its kind (an int parameter may be given as a string, as the CLI
// does), or its default. An empty string counts as not given. Unknown and
// missing required parameters and values of the wrong kind are graph.Invalid
// errors that say what the report takes.
func (r Report) Args(params map[string]any) (map[string]any, error) {
	const op graph.Op = "queries.Args"
	if err := r.checkNames(op, params); err != nil {
		return nil, err
	}
	args := make(map[string]any, len(r.Params))
	for _, p := range r.Params {
		v, given := params[p.Name]
		if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
			v, given = nil, false
		}
		if !given || v == nil {
			if p.Required() {
				return nil, graph.E(op, graph.Invalid, graph.Item(r.Name),
					fmt.Sprintf("parameter %q is required: %s", p.Name, p.Description))
			}
			args[p.Name] = p.DefaultValue()
			continue
		}
		c, err := convert(p, v)
		if err != nil {
			return nil, graph.E(op, graph.Invalid, graph.Item(r.Name), fmt.Sprintf("parameter %q: %v", p.Name, err))
		}
		args[p.Name] = c
	}
	return args, nil
}

// checkNames fails on a parameter the report does not declare.
func (r Report) checkNames(op graph.Op, params map[string]any) error {
	var unknown []string
	for name := range params {
		if _, ok := r.Param(name); !ok {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	var has string
	if len(r.Params) == 0 {
		has = "it takes no parameters"
	} else {
		var names []string
		for _, p := range r.Params {
			names = append(names, p.Name)
		}
		has = "its parameters are " + strings.Join(names, ", ")
	}
	return graph.E(op, graph.Invalid, graph.Item(r.Name),
		fmt.Sprintf("unknown parameter %s; %s", quoteAll(unknown), has))
}

// Param returns the report's parameter with the given name.
func (r Report) Param(name string) (Param, bool) {
	for _, p := range r.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// convert returns v as the kind of p wants it: an int64 for KindInt, the
// canonical spelling of an entity type or predicate, a string otherwise.
func convert(p Param, v any) (any, error) {
	if p.Kind == KindInt {
		switch n := v.(type) {
		case int:
			return int64(n), nil
		case int64:
			return n, nil
		case int32:
			return int64(n), nil
		case float64:
			if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
				return int64(n), nil
			}
		case string:
			if i, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64); err == nil {
				return i, nil
			}
		}
		return nil, fmt.Errorf("%v is not an integer", v)
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("%v is not a string", v)
	}
	s = strings.TrimSpace(s)
	switch p.Kind {
	case KindType:
		for _, t := range graph.Types() {
			if strings.EqualFold(string(t), s) {
				return string(t), nil
			}
		}
		return nil, fmt.Errorf("%q is not an entity type (want one of %v)", s, graph.Types())
	case KindPredicate:
		var names []string
		for _, rt := range graph.RelationTypes() {
			names = append(names, string(rt.Predicate))
		}
		names = append(names, graph.Said)
		for _, n := range names {
			if strings.EqualFold(n, s) {
				return n, nil
			}
		}
		return nil, fmt.Errorf("%q is not a relation type (want one of %s)", s, strings.Join(names, ", "))
	}
	return s, nil
}

// Entities is what Resolve needs of a store; every graph.Store has it.
type Entities interface {
	Entities(ctx context.Context, ids []string) ([]*graph.Entity, error)
	Lookup(ctx context.Context, name string, types ...graph.Type) ([]*graph.Entity, error)
}

// Resolve returns params with the value of every entity parameter turned into
// an entity id: a value that is the id of an entity of an allowed type stays;
// any other is looked up as a name or alias (graph.Key matching: case, accents
// and punctuation do not matter) among the entities of the parameter's types.
// A name no entity has is a graph.NotFound error; a name several entities
// share is a graph.Invalid error that lists them, so the caller can give an id.
// Other parameters are passed through unchanged; Args checks them.
func Resolve(ctx context.Context, store Entities, r Report, params map[string]any) (map[string]any, error) {
	const op graph.Op = "queries.Resolve"
	if err := r.checkNames(op, params); err != nil {
		return nil, err
	}
	out := make(map[string]any, len(params))
	for name, v := range params {
		out[name] = v
		p, _ := r.Param(name)
		types, isEntity := p.EntityTypes()
		s, isString := v.(string)
		if !isEntity || !isString || strings.TrimSpace(s) == "" {
			continue
		}
		s = strings.TrimSpace(s)
		allowed := func(e *graph.Entity) bool {
			if len(types) == 0 {
				return true
			}
			for _, t := range types {
				if e.Type == t {
					return true
				}
			}
			return false
		}
		byID, err := store.Entities(ctx, []string{s})
		if err != nil {
			return nil, graph.E(op, graph.Item(r.Name), err)
		}
		if len(byID) == 1 && allowed(byID[0]) {
			out[name] = byID[0].ID
			continue
		}
		hits, err := store.Lookup(ctx, s, types...)
		if err != nil {
			return nil, graph.E(op, graph.Item(r.Name), err)
		}
		var kept []*graph.Entity
		for _, h := range hits {
			if allowed(h) {
				kept = append(kept, h)
			}
		}
		switch len(kept) {
		case 0:
			what := "entity"
			if len(types) > 0 {
				what = p.Kind
			}
			return nil, graph.E(op, graph.NotFound, graph.Item(r.Name),
				fmt.Sprintf("parameter %q: no %s has the id or name %q", name, what, s))
		case 1:
			out[name] = kept[0].ID
		default:
			var list []string
			for _, e := range kept {
				list = append(list, fmt.Sprintf("%s (%s, id %s)", e.Name, e.Type, e.ID))
			}
			return nil, graph.E(op, graph.Invalid, graph.Item(r.Name),
				fmt.Sprintf("parameter %q: %q names %d entities, give one's id: %s", name, s, len(kept), strings.Join(list, "; ")))
		}
	}
	return out, nil
}
