module github.com/cartelgraph/cartelgraph

go 1.26.8
