package graph

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of x, which Normalize or a store may change
// without changing x.
func (x *Extraction) Clone() *Extraction {
	c := &Extraction{
		Document:   x.Document,
		Entities:   slices.Clone(x.Entities),
		Mentions:   slices.Clone(x.Mentions),
		Relations:  slices.Clone(x.Relations),
		Statements: slices.Clone(x.Statements),
	}
	for i := range c.Entities {
		c.Entities[i].Aliases = slices.Clone(c.Entities[i].Aliases)
	}
	for i := range c.Relations {
		r := &c.Relations[i]
		r.Attributes = maps.Clone(r.Attributes)
		r.Evidence = CloneEvidence(r.Evidence)
	}
	for i := range c.Statements {
		st := &c.Statements[i]
		st.About = slices.Clone(st.About)
		st.Evidence = CloneEvidence(st.Evidence)
	}
	return c
}

// CloneEvidence returns a deep copy of ev.
func CloneEvidence(ev []Evidence) []Evidence {
	out := slices.Clone(ev)
	for i := range out {
		out[i].Attributes = maps.Clone(out[i].Attributes)
	}
	return out
}
