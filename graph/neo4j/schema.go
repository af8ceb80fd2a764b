package neo4j

import (
	"context"
	"errors"
	"strings"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cartelgraph/cartelgraph/graph"
)

// The fulltext indexes.
const (
	// ftNames serves people's Cypher: the names and aliases as written,
	// accents folded.
	ftNames = "entityNames"
	// ftKeys serves Search and Lookup: the words of the entities' keys as
	// graph.Key wrote them (whitespace analyzer, no other change).
	ftKeys = "entityKeys"
)

// indexWait is how long Open waits for the indexes to come online, in seconds.
const indexWait = 300

// schema returns the statements that set up the database, each idempotent.
// Besides the architecture's constraints and indexes: a unique source per
// document (one version of a source is stored at a time, and the constraint
// stops two concurrent writers from both adding one), Entity.nameKey for the
// order by name, Statement.speaker, and one index per relationship type on
// its id. Entity.keys is served by the fulltext index entityKeys: a range
// index does not serve `$key IN e.keys`.
func schema() []string {
	stmts := []string{
		"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT document_source IF NOT EXISTS FOR (n:Document) REQUIRE n.source IS UNIQUE",
		"CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type)",
		"CREATE INDEX entity_name_key IF NOT EXISTS FOR (n:Entity) ON (n.nameKey)",
		"CREATE INDEX evidence_fact IF NOT EXISTS FOR (n:Evidence) ON (n.fact)",
		"CREATE INDEX evidence_document IF NOT EXISTS FOR (n:Evidence) ON (n.document)",
		"CREATE INDEX statement_speaker IF NOT EXISTS FOR (n:Statement) ON (n.speaker)",
		"CREATE FULLTEXT INDEX " + ftNames + " IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
		"CREATE FULLTEXT INDEX " + ftKeys + " IF NOT EXISTS FOR (n:Entity) ON EACH [n.keys] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
	}
	for _, rt := range graph.RelationTypes() {
		p := string(rt.Predicate)
		stmts = append(stmts, "CREATE INDEX rel_"+strings.ToLower(p)+"_id IF NOT EXISTS FOR ()-[r:"+p+"]-() ON (r.id)")
	}
	return stmts
}

// setup runs the schema statements, each in a transaction of its own, and
// waits for the indexes.
func (s *Store) setup(ctx context.Context) error {
	for _, stmt := range append(schema(), "CALL db.awaitIndexes($seconds)") {
		_, err := neo4jdrv.ExecuteQuery(ctx, s.driver, stmt, map[string]any{"seconds": indexWait},
			neo4jdrv.EagerResultTransformer, neo4jdrv.ExecuteQueryWithDatabase(s.database),
			neo4jdrv.ExecuteQueryWithWritersRouting(), neo4jdrv.ExecuteQueryWithBookmarkManager(s.bookmarks))
		if err != nil && !sameSchemaExists(err) {
			return err
		}
	}
	return nil
}

// sameSchemaExists recognises the error of a schema rule that another
// process created between IF NOT EXISTS and the creation.
func sameSchemaExists(err error) bool {
	var nerr *neo4jdrv.Neo4jError
	return errors.As(err, &nerr) && (nerr.Code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists" ||
		nerr.Code == "Neo.ClientError.Schema.IndexAlreadyExists" ||
		nerr.Code == "Neo.ClientError.Schema.ConstraintAlreadyExists")
}
