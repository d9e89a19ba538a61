#!/usr/bin/python3
"""Reads the seeds' GEXF with networkx (a real GEXF reader) and checks what Gephi needs.

    check_gexf.py graph.gexf graph.graphml

Node and edge counts must agree with the GraphML export; every node has a colour, a size and
a kind; dated nodes have a time interval (start <= end); numeric attributes are typed.
"""
import sys

import networkx as nx


def main():
    gexf, graphml = sys.argv[1], sys.argv[2]
    g = nx.read_gexf(gexf)
    h = nx.read_graphml(graphml)
    assert g.is_directed(), "GEXF graph must be directed"
    assert g.number_of_nodes() == h.number_of_nodes(), (g.number_of_nodes(), h.number_of_nodes())
    assert g.number_of_edges() == h.number_of_edges(), (g.number_of_edges(), h.number_of_edges())
    dated = 0
    for n, d in g.nodes(data=True):
        assert "viz" in d and "color" in d["viz"] and "size" in d["viz"], (n, d)
        assert d["kind"] in {"entity", "article", "statement", "figure"}, (n, d)
        assert isinstance(d["mentions"], int), (n, d["mentions"])
        if "start" in d:
            assert d["start"] <= d["end"], (n, d)
            dated += 1
    assert dated > 0, "no node has a time interval"
    labels = {d.get("label") for _, _, d in g.edges(data=True)}
    assert {"heads", "said", "reports", "mentions"} <= labels, labels
    print(f"check_gexf: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {dated} dated")


if __name__ == "__main__":
    main()
