#!/usr/bin/python3
"""Reads a newsgraph JSON-LD export with rdflib, offline, and checks its shape.

    check_jsonld.py GRAPH.jsonld [--expect-articles N]

rdflib must parse it without fetching anything (the @context is inline). Prints one JSON line
with the node counts by kind, which check_counts.py compares with the GraphML and DOT exports.
Exits non-zero with a message on any failure.
"""
import argparse
import json
import sys
from collections import Counter

import rdflib
from rdflib.namespace import RDF

SDO = "https://schema.org/"
NG = "https://w3id.org/newsgraph/ns#"
ENTITY = {SDO + t for t in ("Person", "GovernmentOrganization", "NewsMediaOrganization",
                            "Organization", "Country", "Place")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("graph")
    ap.add_argument("--expect-articles", type=int)
    args = ap.parse_args()
    raw = json.load(open(args.graph, encoding="utf-8"))
    ctx = raw.get("@context")
    if not isinstance(ctx, dict):
        sys.exit(f"{args.graph}: @context must be inline (an object), got {type(ctx).__name__}")
    g = rdflib.Graph()
    g.parse(args.graph, format="json-ld")
    kinds = Counter()
    for s, t in g.subject_objects(RDF.type):
        t = str(t)
        if t in ENTITY:
            kinds["entity"] += 1
        elif t == SDO + "NewsArticle":
            kinds["article"] += 1
        elif t == SDO + "Quotation":
            kinds["statement"] += 1
        elif t == NG + "Figure":
            kinds["figure"] += 1
        elif t == NG + "Relation":
            kinds["relation"] += 1
    if len(raw["@graph"]) != sum(kinds.values()):
        sys.exit(f"{args.graph}: @graph has {len(raw['@graph'])} nodes but rdflib typed "
                 f"{sum(kinds.values())}")
    for a in g.subjects(RDF.type, rdflib.URIRef(SDO + "NewsArticle")):
        for p in ("identifier", "headline", "datePublished"):
            if g.value(a, rdflib.URIRef(SDO + p)) is None and p == "identifier":
                sys.exit(f"{args.graph}: article {a} has no {p}")
    for r in g.subjects(RDF.type, rdflib.URIRef(NG + "Relation")):
        for p in ("subject", "predicate", "object"):
            if g.value(r, rdflib.URIRef(NG + p)) is None:
                sys.exit(f"{args.graph}: relation {r} has no ng:{p}")
    if args.expect_articles is not None and kinds["article"] != args.expect_articles:
        sys.exit(f"{args.graph}: expected {args.expect_articles} articles, found {kinds['article']}")
    print(json.dumps(dict(sorted(kinds.items()))))


if __name__ == "__main__":
    main()
