// DOT export and rendering: a readable diagram of the KnowledgeGraph, built with Graphviz
// cgraph and, for .svg and .png, laid out and rendered with gvc. It sits at the end of the
// pipeline beside the GraphML and JSON-LD exporters and reads a const KnowledgeGraph&.
//
// A diagram is not a lossless export (JSON-LD and GraphML are): it shows entities, statements
// and figures with the relation, said, reports and about edges, and leaves out the article
// nodes and their `mentions` edges, which would turn every picture into a hairball around the
// articles. Shapes and colours follow the entity type (the colours are those of the GraphML
// export), statements are notes holding the quote truncated to DotOptions::max_label_chars,
// figures are compact labels such as "200 fighters". An optional legend cluster shows one
// node per type present; its nodes are named "legend:<Type>" so that tools counting the
// graph's own nodes can skip them. Node names are KnowledgeGraph::StableIds().
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph::exporters {

// How the diagram is laid out and drawn. A plain value.
struct DotOptions {
  // The Graphviz engine: "dot" (hierarchical, left to right: the most readable for a few
  // dozen nodes whose edges run speaker -> statement -> figure), "neato", "fdp" or "sfdp"
  // (force-directed, for larger graphs). Written as the graph's `layout` attribute, so
  // `dot -Tsvg file.dot` uses it too.
  std::string layout = "dot";
  bool legend = true;                // add the "Legend" cluster
  std::size_t max_label_chars = 60;  // statements and long names are cut to this many
};

// Writes the diagram as DOT text to `out` (through a cgraph I/O discipline: cgraph does all
// quoting). Fails on an unknown layout or when `out` fails.
// Thread-safety: Graphviz keeps global state (its error handler); calls from several
// threads are serialised internally.
Status WriteDot(const KnowledgeGraph& kg, std::ostream& out, const DotOptions& options = {});

// Writes `path` atomically (WriteFileAtomically*): ".dot" or ".gv" -> DOT text; ".svg" or
// ".png" -> laid out with options.layout and rendered by gvc (the png renderer is cairo's,
// from the graphviz package's plugins). Any other extension, an unknown layout, a layout or
// render failure (with Graphviz's own message) or an I/O error returns an error Status and
// leaves `path` untouched.
Status WriteDotFile(const KnowledgeGraph& kg, const std::string& path,
                    const DotOptions& options = {});

}  // namespace newsgraph::exporters
