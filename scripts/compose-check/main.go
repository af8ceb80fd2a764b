// Command compose-check parses docker-compose.yml with compose-go, the
// library `docker compose config` is built on, for machines without Docker's
// compose plugin, and checks what cartelgraph's file must hold: Neo4j 5.26
// with a healthcheck and a volume, cartelgraph built from the Dockerfile and
// waiting for Neo4j to be healthy, every port bound to 127.0.0.1.
//
//	go run . ../../docker-compose.yml
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	if err := check(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "compose-check:", err)
		os.Exit(1)
	}
	fmt.Println("compose-check: docker-compose.yml parses and holds Neo4j 5.26 and cartelgraph")
}

func check(path string) error {
	ctx := context.Background()
	opts, err := cli.NewProjectOptions([]string{path}, cli.WithWorkingDirectory(filepath.Dir(path)), cli.WithOsEnv, cli.WithDotEnv, cli.WithName("cartelgraph"))
	if err != nil {
		return err
	}
	p, err := opts.LoadProject(ctx)
	if err != nil {
		return err
	}
	neo, err := p.GetService("neo4j")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(neo.Image, "neo4j:5.26") || neo.HealthCheck == nil || len(neo.Volumes) == 0 {
		return fmt.Errorf("service neo4j: want image neo4j:5.26-*, a healthcheck and a volume; got %q, %v, %v", neo.Image, neo.HealthCheck != nil, neo.Volumes)
	}
	cg, err := p.GetService("cartelgraph")
	if err != nil {
		return err
	}
	if cg.Build == nil || cg.Build.Dockerfile != "Dockerfile" {
		return fmt.Errorf("service cartelgraph: want a build from the Dockerfile")
	}
	if dep, ok := cg.DependsOn["neo4j"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		return fmt.Errorf("service cartelgraph: want depends_on neo4j: service_healthy")
	}
	if cg.Environment["NEO4J_URI"] == nil || *cg.Environment["NEO4J_URI"] != "bolt://neo4j:7687" {
		return fmt.Errorf("service cartelgraph: want NEO4J_URI=bolt://neo4j:7687")
	}
	for _, s := range []types.ServiceConfig{neo, cg} {
		for _, port := range s.Ports {
			if port.HostIP != "127.0.0.1" {
				return fmt.Errorf("service %s: port %d is published on %q, want 127.0.0.1 only", s.Name, port.Target, port.HostIP)
			}
		}
	}
	return nil
}
