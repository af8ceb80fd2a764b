package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/cartelgraph/cartelgraph/loader"
	"github.com/cartelgraph/cartelgraph/loader/extract"
	"github.com/cartelgraph/cartelgraph/schema"
	"github.com/cartelgraph/cartelgraph/server"
)

const serveAbout = `
Serve the graph over HTTP: the GraphQL API at /graphql (POST a JSON body, or
GET with ?query=), the GraphiQL playground at /, the graph view at /graph,
and /healthz. The store is Neo4j when NEO4J_URI is set, else the embedded
store in the data directory.

With --load, the given files and folders of articles are loaded into the
store first, as 'cartelgraph load' would.

When CARTELGRAPH_API_KEY is set, /graphql requires it, sent as the header
"Authorization: Bearer KEY" or "X-API-Key: KEY". Each request may run for 10 s,
send 1 MiB, nest 10 levels and ask for 100 results a page. SIGINT or SIGTERM
stops the server: requests in flight are finished, then the store is closed.`

// shutdownGrace is how long a stopping server waits for requests in flight.
const shutdownGrace = 20 * time.Second

// stringList is a flag that may be given several times.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ", ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [--addr HOST:PORT] [--load PATH...]", serveAbout)
	var loads stringList
	fs.Var(&loads, "load", "load the articles in this file or folder `PATH` before serving (repeatable; more paths may follow)")
	cors := fs.String("cors", "", "comma-separated `origins` whose web pages may call /graphql (\"*\": any); none by default")
	addConfigFlags(fs, "data", "neo4j-uri", "neo4j-user", "neo4j-database", "addr", "workers")
	rest, code, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return code
	}
	if len(rest) > 0 && len(loads) == 0 {
		return usageError(fs, stderr, fmt.Sprintf("unexpected argument %q: to load articles before serving, use --load PATH", rest[0]))
	}
	loads = append(loads, rest...)
	cfg, err := loadConfig(fs, processEnv())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return exitFailed
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	store, where, err := openStore(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	closed := false
	defer func() {
		if !closed {
			store.Close()
		}
	}()

	if len(loads) > 0 {
		ex, err := extract.New()
		if err != nil {
			return fail(err)
		}
		l := &loader.Loader{Store: store, Extractor: ex, Workers: cfg.Workers}
		l.Progress = func(o loader.Outcome) {
			if o.Err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), o.Err)
			}
		}
		rep, err := l.Load(ctx, loads...)
		printReport(stdout, where, rep)
		if err != nil {
			return fail(err)
		}
	}

	limits := schema.Options{Logger: log}
	s, err := schema.New(store, limits)
	if err != nil {
		return fail(err)
	}
	opts := server.Options{APIKey: cfg.APIKey, Limits: limits, Logger: log}
	for _, o := range strings.Split(*cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			opts.CORSOrigins = append(opts.CORSOrigins, o)
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fail(fmt.Errorf("cannot listen on %s: %w (choose another address with --addr or CARTELGRAPH_ADDR)", cfg.Addr, err))
	}
	srv := &http.Server{
		Handler:           server.New(s, opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      server.DefaultTimeout + 20*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	base := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "serving %s\n  playground  %s/\n  graph view  %s/graph\n  GraphQL     %s/graphql\n", where, base, base, base)
	if cfg.APIKey != "" {
		fmt.Fprintln(stdout, "  /graphql requires the API key (CARTELGRAPH_API_KEY)")
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fail(err)
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "stopping: finishing the requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fail(fmt.Errorf("stopping: %w", err))
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(err)
	}
	closed = true
	if err := store.Close(); err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}

// displayAddr is the address to print for a listener: a wildcard host
// shown as localhost, so that the URL can be opened as printed.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
