"""read_graphml.py FILE: reads a GraphML export with NetworkX and prints what
NetworkX made of it as JSON: whether the graph is directed and a multigraph,
every node with its attributes, every edge with its key and attributes.
Used by export's tests."""
import json
import sys

import networkx as nx

g = nx.read_graphml(sys.argv[1])
edges = []
if g.is_multigraph():
    for u, v, k, d in g.edges(keys=True, data=True):
        edges.append({"source": u, "target": v, "key": k, "data": d})
else:
    for u, v, d in g.edges(data=True):
        edges.append({"source": u, "target": v, "key": d.get("id"), "data": d})
json.dump(
    {
        "version": nx.__version__,
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "nodes": {n: d for n, d in g.nodes(data=True)},
        "edges": edges,
    },
    sys.stdout,
    sort_keys=True,
)
