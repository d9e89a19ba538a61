#!/usr/bin/python3
"""Reads a newsgraph GraphML export with real clients: networkx and python-igraph.

Usage: check_graphml.py GRAPHML [--expect-nodes N] [--expect-edges M]

Both libraries must read the file and agree with each other and with a plain XML parse on the
number of nodes and edges; every node must carry label/type/kind and an RGB colour, every edge a
label and a weight >= 1. Prints the counts (also by kind, and the counts the DOT diagram should
show: nodes other than articles, edges other than `mentions`) and exits 0, or prints what is
wrong and exits 1. Run with the system python (/usr/bin/python3): python3-networkx and
python3-igraph are Debian packages.
"""
import argparse
import collections
import sys
import warnings
import xml.etree.ElementTree as ET

NS = "{http://graphml.graphdrawing.org/xmlns}"
NODE_TYPES = {"Person", "GovernmentOrganization", "NewsMediaOrganization", "Organization",
              "Country", "Place", "NewsArticle", "Quotation", "Figure"}
KINDS = {"entity", "article", "statement", "figure"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graphml")
    ap.add_argument("--expect-nodes", type=int)
    ap.add_argument("--expect-edges", type=int)
    args = ap.parse_args()
    errors = []

    # 1. Plain XML: the ground truth for the counts, and the key declarations Gephi needs.
    try:
        root = ET.parse(args.graphml).getroot()
    except (ET.ParseError, OSError) as e:
        print(f"check_graphml: {args.graphml}: not well-formed XML: {e}", file=sys.stderr)
        return 1
    keys = root.findall(NS + "key")
    for k in keys:
        if k.get("for") not in ("node", "edge"):
            errors.append(f"key {k.get('id')} has for={k.get('for')!r}; Gephi needs node or edge")
        if not k.get("attr.type"):
            errors.append(f"key {k.get('id')} has no attr.type")
    xml_nodes = len(root.findall(f"{NS}graph/{NS}node"))
    xml_edges = len(root.findall(f"{NS}graph/{NS}edge"))

    # 2. networkx.
    import networkx as nx
    try:
        g = nx.read_graphml(args.graphml)
    except Exception as e:  # noqa: BLE001 - any failure of the client is the finding
        print(f"check_graphml: networkx cannot read {args.graphml}: {e}", file=sys.stderr)
        return 1
    if not g.is_directed():
        errors.append("networkx reads an undirected graph; edgedefault must be directed")
    kinds = collections.Counter()
    for n, d in g.nodes(data=True):
        for a in ("label", "type", "kind", "r", "g", "b", "size"):
            if a not in d:
                errors.append(f"node {n} has no {a}")
        if d.get("type") not in NODE_TYPES:
            errors.append(f"node {n} has unknown type {d.get('type')!r}")
        if d.get("kind") not in KINDS:
            errors.append(f"node {n} has unknown kind {d.get('kind')!r}")
        for c in ("r", "g", "b"):
            if not isinstance(d.get(c), int) or not 0 <= d[c] <= 255:
                errors.append(f"node {n} has colour {c}={d.get(c)!r}")
        kinds[d.get("kind")] += 1
    labels = collections.Counter()
    for s, t, d in g.edges(data=True):
        if "label" not in d:
            errors.append(f"edge {s} -> {t} has no label")
        if not isinstance(d.get("weight"), float) or d["weight"] < 1:
            errors.append(f"edge {s} -> {t} has weight {d.get('weight')!r}")
        labels[d.get("label")] += 1

    # 3. igraph.
    import igraph
    try:
        # igraph warns (and drops the data) on keys it cannot use: that is a failure too.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ig = igraph.Graph.Read_GraphML(args.graphml)
    except Exception as e:  # noqa: BLE001
        print(f"check_graphml: igraph cannot read {args.graphml}: {e}", file=sys.stderr)
        return 1
    for w in sorted({str(w.message) for w in caught})[:5]:
        errors.append(f"igraph: {w}")

    counts = {
        "xml": (xml_nodes, xml_edges),
        "networkx": (g.number_of_nodes(), g.number_of_edges()),
        "igraph": (ig.vcount(), ig.ecount()),
    }
    if len(set(counts.values())) != 1:
        errors.append(f"clients disagree on (nodes, edges): {counts}")
    if args.expect_nodes is not None and xml_nodes != args.expect_nodes:
        errors.append(f"expected {args.expect_nodes} nodes, found {xml_nodes}")
    if args.expect_edges is not None and xml_edges != args.expect_edges:
        errors.append(f"expected {args.expect_edges} edges, found {xml_edges}")

    print(f"graphml: nodes={xml_nodes} edges={xml_edges} (networkx and igraph agree)"
          if not any("disagree" in e for e in errors) else f"graphml: {counts}")
    print("nodes by kind: " + " ".join(f"{k}={kinds[k]}" for k in sorted(kinds)))
    print("edges by label: " + " ".join(f"{k}={labels[k]}" for k in sorted(labels)))
    print(f"diagram_nodes={xml_nodes - kinds['article']} "
          f"diagram_edges={xml_edges - labels['mentions']}")
    for e in errors[:40]:
        print(f"check_graphml: {args.graphml}: {e}", file=sys.stderr)
    if len(errors) > 40:
        print(f"check_graphml: ... and {len(errors) - 40} more", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
