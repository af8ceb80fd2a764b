// Package server gives cartelgraph's HTTP handler: the GraphQL endpoint at
// /graphql, the GraphiQL playground at /, the graph view at /graph (both
// pages and their assets are built into the binary: see package web), and
// /healthz.
//
// The endpoint takes POST with a JSON body and GET with query parameters, in
// the GraphQL-over-HTTP way; it bounds the body, the time and the shape of
// every request (see schema.Do), can require an API key, and answers
// cross-origin requests only from the origins it is told to.
package server

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"

	"github.com/cartelgraph/cartelgraph/schema"
	"github.com/cartelgraph/cartelgraph/web"
)

// Options configures the handler. Zero fields take the defaults.
type Options struct {
	// APIKey, when not empty, is required on /graphql, sent as
	// "Authorization: Bearer KEY" or "X-API-Key: KEY". The pages of the
	// playground and the graph view and their assets stay open: they hold no
	// data.
	APIKey string
	// CORSOrigins lists the origins (https://example.org) whose pages may call
	// /graphql; "*" allows any. Empty, the default, allows none.
	CORSOrigins []string
	// Timeout bounds each GraphQL request (default 10s).
	Timeout time.Duration
	// MaxBody caps a request body in bytes (default 1 MiB).
	MaxBody int64
	// Limits are the depth and cost limits every request is held to, and
	// the size of the cache of parsed queries (see schema.Executor): pass
	// the Options the schema was built with.
	Limits schema.Options
	// Assets are the pages to serve: index.html at /, graph.html at /graph,
	// and their assets (default web.Playground()).
	Assets fs.FS
	// Logger receives errors (default slog.Default()).
	Logger *slog.Logger
}

// The defaults of Options.
const (
	DefaultTimeout = 10 * time.Second
	DefaultMaxBody = 1 << 20
)

// New returns the handler that serves s.
func New(s graphql.Schema, opts Options) http.Handler {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Assets == nil {
		opts.Assets = web.Playground()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Limits.Logger == nil {
		opts.Limits.Logger = opts.Logger
	}
	h := &handler{exec: schema.NewExecutor(s, opts.Limits), opts: opts, assets: loadAssets(opts.Assets, opts.Logger)}
	mux := http.NewServeMux()
	mux.HandleFunc("/graphql", h.graphql)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /graph", h.assets.serve)
	mux.HandleFunc("GET /graph/{$}", func(w http.ResponseWriter, r *http.Request) {
		// The graph view's assets are relative to /graph: send /graph/ there,
		// by a relative URL that holds behind a proxy's path prefix.
		target := "../graph"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", target)
		w.WriteHeader(http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", h.assets.serve)
	return h.recover(securityHeaders(mux))
}

type handler struct {
	exec   *schema.Executor // keeps the queries it has parsed and validated
	opts   Options
	assets *assets
}

// securityHeaders sets the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// recover turns a panic into a 500 that shows nothing of it.
func (h *handler) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.opts.Logger.Error("http: panic", "path", r.URL.Path, "panic", v)
				writeError(w, http.StatusInternalServerError, schema.CodeInternal, "internal error: the server log has the details")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Codes of the errors the endpoint answers before a request reaches the schema.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeBadRequest      = "BAD_REQUEST"
)

// writeError answers with status and one GraphQL error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, &graphql.Result{Errors: []gqlerrors.FormattedError{{
		Message:    msg,
		Extensions: map[string]interface{}{"code": code},
	}}})
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (h *handler) graphql(w http.ResponseWriter, r *http.Request) {
	h.cors(w, r)
	switch r.Method {
	case http.MethodGet, http.MethodPost:
	case http.MethodOptions:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		writeError(w, http.StatusMethodNotAllowed, CodeBadRequest, r.Method+" is not supported: send the query with POST (a JSON body) or GET (query parameters)")
		return
	}
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="cartelgraph"`)
		writeError(w, http.StatusUnauthorized, CodeUnauthenticated,
			"this server needs an API key: send it as the header Authorization: Bearer KEY, or X-API-Key: KEY")
		return
	}
	req, status, err := h.decode(w, r)
	if err != nil {
		writeError(w, status, CodeBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	res := h.exec.Do(ctx, req)
	writeJSON(w, http.StatusOK, res)
}

// authorized reports whether r carries the API key, when one is required.
func (h *handler) authorized(r *http.Request) bool {
	if h.opts.APIKey == "" {
		return true
	}
	key := r.Header.Get("X-API-Key")
	if auth := r.Header.Get("Authorization"); key == "" && len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
		key = strings.TrimSpace(auth[7:])
	}
	return key != "" && subtle.ConstantTimeCompare([]byte(key), []byte(h.opts.APIKey)) == 1
}

// cors sets the CORS headers when r comes from an allowed origin.
func (h *handler) cors(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" || len(h.opts.CORSOrigins) == 0 {
		return
	}
	w.Header().Add("Vary", "Origin")
	if !slices.Contains(h.opts.CORSOrigins, "*") && !slices.Contains(h.opts.CORSOrigins, origin) {
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization, X-API-Key")
	w.Header().Set("Access-Control-Max-Age", "600")
}

// decode reads the request: the JSON body of a POST, the parameters of a GET.
func (h *handler) decode(w http.ResponseWriter, r *http.Request) (schema.Request, int, error) {
	var req schema.Request
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		req.Query = q.Get("query")
		req.OperationName = q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
				return req, http.StatusBadRequest, errors.New("variables: not a JSON object: " + jsonProblem(err))
			}
		}
	} else {
		if ct := r.Header.Get("Content-Type"); ct != "" {
			if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" && mt != "application/graphql-response+json" {
				return req, http.StatusUnsupportedMediaType, fmt.Errorf("Content-Type %s is not supported: send a JSON body {\"query\": ...} as application/json", mt)
			}
		}
		body := http.MaxBytesReader(w, r.Body, h.opts.MaxBody)
		dec := json.NewDecoder(body)
		dec.UseNumber()
		if err := dec.Decode(&req); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return req, http.StatusRequestEntityTooLarge, fmt.Errorf("the request body is larger than the limit of %s: send a shorter query, and pass values as variables", bytesString(h.opts.MaxBody))
			}
			return req, http.StatusBadRequest, errors.New("the body is not a GraphQL request, a JSON object {\"query\": ..., \"variables\": {...}}: " + jsonProblem(err))
		}
		req.Variables = numbers(req.Variables)
	}
	if strings.TrimSpace(req.Query) == "" {
		return req, http.StatusBadRequest, errors.New("no query: send {\"query\": \"{ stats { documents } }\"} with POST, or ?query= with GET; the playground at / helps write one")
	}
	return req, 0, nil
}

// numbers turns the json.Numbers of decoded variables into the ints and
// float64s graphql-go coerces.
func numbers(m map[string]interface{}) map[string]interface{} {
	for k, v := range m {
		m[k] = number(v)
	}
	return m
}

func number(v interface{}) interface{} {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return int(n)
		}
		f, _ := v.Float64()
		return f
	case map[string]interface{}:
		return numbers(v)
	case []interface{}:
		for i := range v {
			v[i] = number(v[i])
		}
	}
	return v
}

// jsonProblem describes a JSON decoding error without Go's type names.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("%s must be a %s", typ.Field, jsonKind(typ.Field))
		}
		return "want a JSON object"
	case errors.Is(err, io.EOF):
		return "the body is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends too early"
	}
	return "invalid JSON"
}

func jsonKind(field string) string {
	if field == "variables" {
		return "JSON object"
	}
	return "string"
}

func bytesString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
