#!/usr/bin/python3
"""Reads a newsgraph DOT export with Graphviz itself.

Usage: check_dot.py DOT [--expect-nodes N] [--expect-edges M] [--svg OUT.svg]

Runs `dot -Tsvg` on the file (it must lay out and render without error) and `dot -Tjson` to
count the nodes and edges Graphviz sees. Legend nodes (named "legend:<Type>") and the edges
between them are not counted, so the counts compare with check_graphml.py's
diagram_nodes/diagram_edges. Prints the counts and exits 0, or prints what is wrong and exits 1.
Needs the graphviz package (`dot` on PATH).
"""
import argparse
import json
import shutil
import subprocess
import sys


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dot")
    ap.add_argument("--expect-nodes", type=int)
    ap.add_argument("--expect-edges", type=int)
    ap.add_argument("--svg", help="keep the rendered SVG here")
    args = ap.parse_args()
    if not shutil.which("dot"):
        print("check_dot: `dot` not found; install the graphviz package", file=sys.stderr)
        return 1
    errors = []

    svg = run(["dot", "-Tsvg", args.dot] + (["-o", args.svg] if args.svg else []))
    if svg.returncode != 0:
        print(f"check_dot: dot -Tsvg {args.dot} failed ({svg.returncode}): "
              f"{svg.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return 1
    if not args.svg and b"<svg" not in svg.stdout:
        errors.append("dot -Tsvg produced no <svg> element")
    if svg.stderr.strip():
        # Warnings (e.g. a font) do not fail the check, but they are shown.
        print("check_dot: dot said: " + svg.stderr.decode(errors="replace").strip(), file=sys.stderr)

    js = run(["dot", "-Tjson", args.dot])
    if js.returncode != 0:
        print(f"check_dot: dot -Tjson {args.dot} failed: "
              f"{js.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return 1
    try:
        doc = json.loads(js.stdout)
    except ValueError as e:
        print(f"check_dot: dot -Tjson output is not JSON: {e}", file=sys.stderr)
        return 1
    # In -Tjson, "objects" lists the _subgraph_cnt subgraphs first, then the nodes; edges refer
    # to nodes by _gvid.
    objects = doc.get("objects", [])
    node_ids = {o["_gvid"]: o["name"] for o in objects[doc.get("_subgraph_cnt", 0):]}
    legend = {gvid for gvid, name in node_ids.items() if name.startswith("legend:")}
    nodes = len(node_ids) - len(legend)
    edges = 0
    for e in doc.get("edges", []):
        if e["tail"] in legend or e["head"] in legend:
            continue
        edges += 1
        if e["tail"] not in node_ids or e["head"] not in node_ids:
            errors.append(f"edge {e['_gvid']} refers to an unknown node")
    if args.expect_nodes is not None and nodes != args.expect_nodes:
        errors.append(f"expected {args.expect_nodes} nodes, found {nodes}")
    if args.expect_edges is not None and edges != args.expect_edges:
        errors.append(f"expected {args.expect_edges} edges, found {edges}")

    print(f"dot: nodes={nodes} edges={edges} legend={len(legend)}")
    for e in errors:
        print(f"check_dot: {args.dot}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
