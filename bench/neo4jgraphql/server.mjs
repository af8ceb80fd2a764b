// server.mjs: @neo4j/graphql over cartelgraph's Neo4j model (typeDefs.graphql),
// served over HTTP on a loopback port for `cartelgraph bench`.
//
//   NEO4J_URI NEO4J_USER NEO4J_PASSWORD NEO4J_DATABASE   the database
//   PORT                                                 0 (default): any free port
//
// POST /graphql takes {"query", "variables"} and answers graphql-js's
// result as JSON. When it listens, the server prints one line,
// "listening http://127.0.0.1:PORT/graphql", on standard output; it stops on
// SIGTERM or SIGINT, or when standard input closes (its parent died).
import { readFileSync } from "node:fs";
import http from "node:http";
import { graphql } from "graphql";
import neo4j from "neo4j-driver";
import { Neo4jGraphQL } from "@neo4j/graphql";

const env = process.env;
const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");
const driver = neo4j.driver(
  env.NEO4J_URI || "bolt://127.0.0.1:7687",
  neo4j.auth.basic(env.NEO4J_USER || "neo4j", env.NEO4J_PASSWORD || ""),
  { maxConnectionPoolSize: 100 },
);
const database = env.NEO4J_DATABASE || "neo4j";
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/graphql") {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (err) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: String(err) }] }));
      return;
    }
    const result = await graphql({
      schema,
      source: body.query,
      variableValues: body.variables,
      contextValue: { executionContext: driver, sessionConfig: { database } },
    });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  });
});
server.keepAliveTimeout = 30000;

const stop = async () => {
  server.close();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop);
process.stdin.resume();

server.listen(Number(env.PORT || 0), "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/graphql`);
});
