package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strconv"

	"github.com/joho/godotenv"

	"github.com/cartelgraph/cartelgraph/graph"
)

// Config is cartelgraph's configuration. Each value comes from, in order of
// precedence: its flag, the environment, the .env file of the working
// directory, its default. An empty value counts as unset.
type Config struct {
	// DataDir is the embedded store's directory: --data, CARTELGRAPH_DATA, ./data.
	DataDir string
	// Neo4jURI selects the Neo4j store when set: --neo4j-uri, NEO4J_URI
	// (bolt://localhost:7687, neo4j://host:7687, neo4j+s://...).
	Neo4jURI string
	// Neo4jUser is --neo4j-user, NEO4J_USER, "neo4j".
	Neo4jUser string
	// Neo4jPassword is NEO4J_PASSWORD only: secrets stay off command lines.
	Neo4jPassword string
	// Neo4jDatabase is --neo4j-database, NEO4J_DATABASE, "neo4j".
	Neo4jDatabase string
	// Addr is the address serve listens on: --addr, CARTELGRAPH_ADDR, 127.0.0.1:8080.
	Addr string
	// APIKey, when set, is the key serve requires of clients: CARTELGRAPH_API_KEY only.
	APIKey string
	// Workers is how many articles are extracted at once: --workers,
	// CARTELGRAPH_WORKERS, the number of CPUs.
	Workers int
}

// setting is one configuration value: its flag (none for secrets), its
// environment variable, its default and where it goes.
type setting struct {
	flag, env, def, usage string
	set                   func(c *Config, v string) error
}

// settings returns every configuration value.
func settings() []setting {
	str := func(f func(c *Config) *string) func(*Config, string) error {
		return func(c *Config, v string) error { *f(c) = v; return nil }
	}
	return []setting{
		{"data", "CARTELGRAPH_DATA", "./data", "the embedded store's data `directory`",
			str(func(c *Config) *string { return &c.DataDir })},
		{"neo4j-uri", "NEO4J_URI", "", "use the Neo4j store at this `URI` (bolt://localhost:7687) instead of the embedded store",
			str(func(c *Config) *string { return &c.Neo4jURI })},
		{"neo4j-user", "NEO4J_USER", "neo4j", "the Neo4j `user`",
			str(func(c *Config) *string { return &c.Neo4jUser })},
		{"", "NEO4J_PASSWORD", "", "", str(func(c *Config) *string { return &c.Neo4jPassword })},
		{"neo4j-database", "NEO4J_DATABASE", "neo4j", "the Neo4j `database`",
			str(func(c *Config) *string { return &c.Neo4jDatabase })},
		{"addr", "CARTELGRAPH_ADDR", "127.0.0.1:8080", "the `address` to listen on",
			str(func(c *Config) *string { return &c.Addr })},
		{"", "CARTELGRAPH_API_KEY", "", "", str(func(c *Config) *string { return &c.APIKey })},
		{"workers", "CARTELGRAPH_WORKERS", "", "how many articles to extract at once (`n`; default: the number of CPUs)",
			func(c *Config, v string) error {
				if v == "" {
					c.Workers = runtime.GOMAXPROCS(0)
					return nil
				}
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 {
					return fmt.Errorf("workers: want a positive number, got %q", v)
				}
				c.Workers = n
				return nil
			}},
	}
}

// addConfigFlags registers the flags of the named settings ("data",
// "neo4j-uri", "neo4j-user", "neo4j-database", "addr", "workers") on flags: each
// command offers the ones it uses. The others still come from the
// environment, .env or their defaults.
func addConfigFlags(flags *flag.FlagSet, names ...string) {
	for _, s := range settings() {
		for _, n := range names {
			if s.flag == n && n != "" {
				usage := s.usage + " (env " + s.env + ")"
				flags.String(s.flag, s.def, usage)
			}
		}
	}
}

// envSource is where loadConfig looks up the environment.
type envSource struct {
	// lookup reads the real environment (os.LookupEnv).
	lookup func(string) (string, bool)
	// dotenv is the path of the .env file; a missing file is no error.
	dotenv string
}

// processEnv is the environment of the process and ./.env.
func processEnv() envSource {
	return envSource{lookup: os.LookupEnv, dotenv: ".env"}
}

// loadConfig builds the Config from fs, which must be parsed, the
// environment and the .env file: for each value, a flag set on the command
// line wins over the environment, the environment over .env, .env over the
// default. .env is read, never applied to the process environment, so it
// never overrides the real environment.
func loadConfig(flags *flag.FlagSet, env envSource) (Config, error) {
	const op graph.Op = "config"
	dot := map[string]string{}
	if env.dotenv != "" {
		m, err := godotenv.Read(env.dotenv)
		switch {
		case err == nil:
			dot = m
		case errors.Is(err, fs.ErrNotExist):
		default:
			return Config{}, graph.E(op, graph.Invalid, graph.Item(env.dotenv), err)
		}
	}
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var c Config
	for _, s := range settings() {
		v := s.def
		if d := dot[s.env]; d != "" {
			v = d
		}
		if e, ok := env.lookup(s.env); ok && e != "" {
			v = e
		}
		if f := flags.Lookup(s.flag); f != nil && s.flag != "" && set[s.flag] {
			v = f.Value.String()
		}
		if err := s.set(&c, v); err != nil {
			return Config{}, graph.E(op, graph.Invalid, err)
		}
	}
	return c, nil
}
