// Command cartelgraph builds a knowledge graph of cartels, gangs, governments,
// officials, agencies and policies from news articles, and answers questions
// over it.
//
//	cartelgraph extract [-o FILE] PATH...     articles -> the interchange format (for scoring)
//	cartelgraph load [--extraction FILE] PATH... articles -> the graph store
//	cartelgraph serve                         GraphQL API, playground and graph view
//	cartelgraph report NAME                   a Cypher report
//	cartelgraph export FORMAT                 GraphML, Cytoscape JSON, CSV, JSON Lines
//
// The store is Neo4j when NEO4J_URI is set, else the embedded store in the
// data directory (./data). Settings come from flags, then the environment,
// then a .env file in the working directory, then defaults (see config.go and
// .env.example). Only this command reads them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// The exit codes of every command.
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran and something failed
	exitUsage   = 2 // the command line is wrong
	programName = "cartelgraph"
)

// runFunc runs one command with its arguments (the command's name left out)
// and returns the exit code.
type runFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// command is one subcommand of cartelgraph.
type command struct {
	name    string
	summary string
	run     runFunc
}

// commands returns the subcommands, in the order help lists them.
func commands() []command {
	return []command{
		{"extract", "read articles and write their extraction in the interchange format", runExtract},
		{"load", "read articles, or an extraction, into the graph store", runLoad},
		{"serve", "serve the GraphQL API, its playground and the graph view", runServe},
		{"report", "run a Cypher report over the graph", runReport},
		{"export", "export the graph for visualisation tools (GraphML, Cytoscape JSON, CSV, JSON Lines)", runExport},
		{"bench", "measure extraction, loading and GraphQL on a synthetic corpus (see docs/PERFORMANCE.md)", runBench},
		{"version", "print the version of cartelgraph", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line args (program name left out) and returns the
// exit code. It is main without the process: the tests call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] != "help" {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "%s: unknown command %q\n\n", programName, name)
	usage(stderr)
	return exitUsage
}

// usage prints the list of commands.
func usage(w io.Writer) {
	fmt.Fprintf(w, "%s builds a knowledge graph of cartels, governments, officials and policies from news articles.\n\n", programName)
	fmt.Fprintf(w, "usage: %s COMMAND [flags] [args]\n\ncommands:\n", programName)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-8s %s\n", "help", "print this list, or a command's help: help COMMAND")
	fmt.Fprintf(w, "\nRun '%s COMMAND --help' for a command's flags. Settings: flags, then the environment,\nthen ./.env, then defaults (see .env.example).\n", programName)
}

// newFlags returns the FlagSet of a command. synopsis is its usage line
// without the program name ("load [--extraction FILE] PATH..."); about says
// what it does, for --help.
func newFlags(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(programName+" "+name, flag.ContinueOnError)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: %s %s\n\n%s\n", programName, synopsis, strings.TrimSpace(about))
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintf(w, "\nflags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses a command's arguments; flags may come before, between or
// after the positional arguments ("--" ends the flags), which it returns.
// When done is true the command must return code at once: --help was asked
// for (its usage went to stdout, code 0) or the flags were wrong (the error
// and the usage went to stderr, code 2).
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (positional []string, code int, done bool) {
	fs.SetOutput(io.Discard)
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, exitOK, true
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n\n", fs.Name(), err)
			fs.SetOutput(stderr)
			fs.Usage()
			return nil, exitUsage, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	fs.SetOutput(stderr)
	return positional, exitOK, false
}

// usageError reports a wrong command line: the message, then the usage.
func usageError(fs *flag.FlagSet, stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "%s: %s\n\n", fs.Name(), msg)
	fs.SetOutput(stderr)
	fs.Usage()
	return exitUsage
}

func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "version", "Print the version of cartelgraph: its module version and, for a build from a checkout, the commit.")
	if _, code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	fmt.Fprintln(stdout, programName, version())
	return exitOK
}

// version returns the module version and the VCS revision of the build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		v += " " + rev + modified
	}
	return v + " " + info.GoVersion
}
