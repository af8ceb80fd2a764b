module github.com/cartelgraph/cartelgraph

go 1.26.0

require (
	github.com/graph-gophers/dataloader/v7 v7.1.0 // indirect
	github.com/graphql-go/graphql v0.8.1 // indirect
	github.com/joho/godotenv v1.5.1 // indirect
	github.com/neo4j/neo4j-go-driver/v5 v5.28.4 // indirect
	go.etcd.io/bbolt v1.5.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
