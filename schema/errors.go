package schema

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Error codes, in the "code" extension of every error the API returns, so that
// clients can branch on the kind of failure without parsing messages.
const (
	CodeInvalid     = "BAD_USER_INPUT"
	CodeNotFound    = "NOT_FOUND"
	CodeTooComplex  = "QUERY_TOO_COMPLEX"
	CodeTimeout     = "TIMEOUT"
	CodeUnavailable = "UNAVAILABLE"
	CodeForbidden   = "FORBIDDEN"
	CodeInternal    = "INTERNAL"
)

// Error is an error the API shows its user: a message that says what to fix
// and a code. It never carries the internals of the failure; those go to the
// server's log.
type Error struct {
	Message string
	Code    string
}

func (e *Error) Error() string { return e.Message }

// Extensions gives graphql-go the error's "extensions" member.
func (e *Error) Extensions() map[string]interface{} {
	return map[string]interface{}{"code": e.Code}
}

func invalidf(format string, args ...any) error {
	return &Error{Message: fmt.Sprintf(format, args...), Code: CodeInvalid}
}

func notFoundf(format string, args ...any) error {
	return &Error{Message: fmt.Sprintf(format, args...), Code: CodeNotFound}
}

// TimeoutMessage is what a request that ran out of time is told.
const TimeoutMessage = "the query took too long and was stopped: ask for less (a smaller first, fewer nested lists) or narrow the filters"

// public turns any error a resolver meets into one fit to show: errors the
// schema made itself pass as they are; a store's errors are mapped by their
// graph.Kind, and those that are not the user's to fix are logged and
// replaced by a plain message.
func public(log *slog.Logger, field string, err error) error {
	var e *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return e
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Message: TimeoutMessage, Code: CodeTimeout}
	case errors.Is(err, context.Canceled):
		return &Error{Message: "the request was cancelled", Code: CodeTimeout}
	}
	switch graph.KindOf(err) {
	case graph.Invalid:
		return &Error{Message: field + ": " + cause(err), Code: CodeInvalid}
	case graph.NotFound:
		return &Error{Message: field + ": " + cause(err), Code: CodeNotFound}
	case graph.Unavailable:
		log.Warn("graphql: store unavailable", "field", field, "err", err)
		return &Error{Message: "the database is unavailable at the moment; try again shortly", Code: CodeUnavailable}
	case graph.Permission:
		log.Warn("graphql: permission denied", "field", field, "err", err)
		return &Error{Message: "permission denied", Code: CodeForbidden}
	}
	log.Error("graphql: internal error", "field", field, "err", err)
	return &Error{Message: "internal error: the server could not answer this field; its log has the details", Code: CodeInternal}
}

// cause is what a graph.Error says to its user: the message of the innermost
// graph.Error and the item it is about, without the operations that failed.
func cause(err error) string {
	var e *graph.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	for {
		inner, ok := e.Err.(*graph.Error)
		if !ok {
			break
		}
		e = inner
	}
	msg := e.Kind.String()
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Item != "" {
		msg = string(e.Item) + ": " + msg
	}
	return msg
}
