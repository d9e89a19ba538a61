#!/usr/bin/python3
"""Checks that the JSON-LD, GraphML and DOT exports of one build describe the same graph.

    check_counts.py DIR      (DIR holds graph.jsonld, graph.graphml, graph.dot)

Each file is read by its own real client: rdflib (JSON-LD), networkx (GraphML) and Graphviz
`dot -Tjson` (DOT). Entities, articles, statements, figures and relations must agree:
JSON-LD nodes = GraphML nodes by kind; JSON-LD relations = GraphML relation edges; the DOT
diagram = GraphML without articles and `mentions` edges (and without the legend).
"""
import collections
import json
import subprocess
import sys

import networkx as nx
import rdflib
from rdflib.namespace import RDF

SDO, NG = "https://schema.org/", "https://w3id.org/newsgraph/ns#"
ENTITY = {SDO + t for t in ("Person", "GovernmentOrganization", "NewsMediaOrganization",
                            "Organization", "Country", "Place")}
NOT_RELATIONS = {"said", "reports", "mentions", "about"}


def jsonld_counts(path):
    g = rdflib.Graph()
    g.parse(path, format="json-ld")
    c = collections.Counter()
    for _, t in g.subject_objects(RDF.type):
        t = str(t)
        c["entity" if t in ENTITY else {SDO + "NewsArticle": "article", SDO + "Quotation": "statement",
                                        NG + "Figure": "figure", NG + "Relation": "relation"}.get(t, "other")] += 1
    return c


def graphml_counts(path):
    g = nx.read_graphml(path)
    c = collections.Counter(d["kind"] for _, d in g.nodes(data=True))
    labels = collections.Counter(d["label"] for _, _, d in g.edges(data=True))
    c["relation"] = sum(n for lab, n in labels.items() if lab not in NOT_RELATIONS)
    c["diagram_edges"] = sum(n for lab, n in labels.items() if lab != "mentions")
    return c


def dot_counts(path):
    out = subprocess.run(["dot", "-Tjson", path], capture_output=True, check=True).stdout
    j = json.loads(out)
    names = {o["_gvid"]: o["name"] for o in j.get("objects", []) if "nodes" not in o and "subgraphs" not in o}
    nodes = [n for n in names.values() if not n.startswith("legend:")]
    edges = [e for e in j.get("edges", [])
             if not names.get(e["tail"], "").startswith("legend:") and not names.get(e["head"], "").startswith("legend:")]
    return len(nodes), len(edges)


def main():
    d = sys.argv[1]
    j = jsonld_counts(d + "/graph.jsonld")
    g = graphml_counts(d + "/graph.graphml")
    dn, de = dot_counts(d + "/graph.dot")
    problems = []
    for kind in ("entity", "article", "statement", "figure", "relation"):
        if j[kind] != g[kind]:
            problems.append(f"{kind}: JSON-LD {j[kind]} vs GraphML {g[kind]}")
    diagram_nodes = g["entity"] + g["statement"] + g["figure"]
    if dn != diagram_nodes:
        problems.append(f"DOT nodes {dn} vs GraphML entities+statements+figures {diagram_nodes}")
    if de != g["diagram_edges"]:
        problems.append(f"DOT edges {de} vs GraphML edges other than mentions {g['diagram_edges']}")
    print(f"jsonld {dict(j)}\ngraphml {dict(g)}\ndot nodes={dn} edges={de}")
    if problems:
        print("counts disagree: " + "; ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
