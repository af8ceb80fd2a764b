package graph

import (
	"errors"
	"strconv"
	"strings"
)

// Kind classifies an error so that callers can map it to a user message or an
// exit code without parsing text.
type Kind uint8

// The kinds of error.
const (
	Other       Kind = iota // unclassified
	Invalid                 // the input is wrong: the user must fix it
	NotFound                // the thing asked for does not exist
	Unavailable             // a dependency (the database) cannot be reached; retrying may help
	Permission              // not allowed
	Internal                // a bug or a broken invariant
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid input"
	case NotFound:
		return "not found"
	case Unavailable:
		return "unavailable"
	case Permission:
		return "permission denied"
	case Internal:
		return "internal error"
	}
	return "error"
}

// Op names the operation that failed, e.g. "loader.Read" or "neo4j.Write".
type Op string

// Item names what the error is about: a file, a field, an entity ID.
type Item string

// Line is the 1-based line of Item at fault.
type Line int

// Error is cartelgraph's error: what was being done, to what, what kind of
// failure, and the underlying error.
type Error struct {
	Op   Op
	Kind Kind
	Item Item
	Line Line
	Err  error
}

// E builds an *Error from its arguments, in the style of upspin's errors.E:
// an Op, a Kind, an Item, a Line, an error, or a string (taken as the message).
// An *Error argument with no Kind of its own lends its Kind.
func E(args ...any) error {
	e := &Error{}
	for _, a := range args {
		switch a := a.(type) {
		case Op:
			e.Op = a
		case Kind:
			e.Kind = a
		case Item:
			e.Item = a
		case Line:
			e.Line = a
		case string:
			e.Err = errors.New(a)
		case error:
			e.Err = a
		}
	}
	if e.Kind == Other {
		var inner *Error
		if errors.As(e.Err, &inner) {
			e.Kind = inner.Kind
		}
	}
	return e
}

// Error renders the error as "item:line: op: kind: cause", leaving out what is empty.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Item != "" {
		b.WriteString(string(e.Item))
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(int(e.Line)))
		}
		b.WriteString(": ")
	}
	if e.Op != "" {
		b.WriteString(string(e.Op) + ": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString(e.Kind.String())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of the first *Error in err's chain that has one, or Other.
func KindOf(err error) Kind {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return Other
		}
		if e.Kind != Other {
			return e.Kind
		}
		err = e.Err
	}
	return Other
}
