#!/bin/sh
# Imports this cartelgraph export into a new Neo4j database with
# 'neo4j-admin database import full' (Neo4j 5). The database must not exist:
# stop the server first and, to replace the database, add
# --overwrite-destination=true.
#
#   ./import.sh [DATABASE [neo4j-admin options...]]    DATABASE defaults to neo4j
#
# neo4j-admin is taken from $NEO4J_HOME/bin, else from PATH; NEO4J_CONF
# chooses the configuration (and so the data directory) as usual.
set -eu
cd "$(dirname "$0")"
database=${1:-neo4j}
[ $# -gt 0 ] && shift
admin=neo4j-admin
if [ -n "${NEO4J_HOME:-}" ]; then admin=$NEO4J_HOME/bin/neo4j-admin; fi
exec "$admin" database import full "$database" \
	--array-delimiter=U+001F \
	--multiline-fields=true \
	--nodes=Entity:Person=entities-Person.csv \
	--nodes=Entity:CriminalGroup=entities-CriminalGroup.csv \
	--nodes=Entity:Country=entities-Country.csv \
	--nodes=Entity:Agency=entities-Agency.csv \
	--nodes=Entity:Organization=entities-Organization.csv \
	--nodes=Entity:Policy=entities-Policy.csv \
	--nodes=Entity:Location=entities-Location.csv \
	--nodes=Document=documents.csv \
	--nodes=Statement=statements.csv \
	--nodes=Evidence=evidence.csv \
	--relationships=relations.csv \
	--relationships=mentions.csv \
	--relationships=said.csv \
	--relationships=about.csv \
	--relationships=from.csv \
	"$@"
