// The XML exporters (GraphML, GEXF) on all threads: a file of nodes in id order, then the edges
// of each source in that order, is written in chunks of consecutive vertices on the threads of
// the current TBB arena and handed to the stream in file order, a few chunks per thread in
// flight (the file is never held in memory). Edge ids number the edges across the file, which
// a chunk does not know: the writer leaves their places empty and the serial stage fills them
// in, so the bytes are those of one thread writing everything.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"

namespace newsgraph::exporters {

// The vertices' stable IRIs (KnowledgeGraph::StableIds), their GraphML ids (GraphMLNodeId, which
// GEXF uses too), the vertices in id order and each vertex's place in it.
struct XmlIdOrder {
  std::vector<std::string> iris, ids;
  std::vector<Vertex> order;
  std::vector<std::size_t> rank;  // position in `order`
};
XmlIdOrder MakeXmlIdOrder(const KnowledgeGraph& kg);

// The edges out of `v` into `out`, in (target id, label) order; edges of one target and label
// stay in insertion order (the first one's role and evidence win where a writer merges them).
void EdgesInIdOrder(const Graph& g, const XmlIdOrder& l, Vertex v, std::vector<Edge>& out);

struct XmlChunk {
  std::size_t begin = 0, end = 0;  // positions [begin, end) in the id order
  bool edges = false;              // the edges out of those vertices, else the vertices' nodes
  std::string text;                // what the chunk's writer appends to (empty when called)
  // Offsets in `text` where an edge's number goes, in file order; the writer adds one per edge
  // (its text there ends with the id's prefix, "e", and goes on after the number).
  std::vector<std::size_t> number_at;
  std::string numbered;  // the text with the numbers in (the serial stage's)
};

// Writes the chunks of the nodes in `l`'s order, then of their edges, through `write` (called on
// any thread, on one chunk at a time each) and appends their texts to `out` in order. A chunk
// of edges ends early where its sources' out-edges would pass a few thousand (an article of a
// long text has thousands), so that the chunks in flight stay small. Stops making chunks once
// `out` fails. Uses the threads of the arena it is called in.
void WriteXmlChunks(std::ostream& out, const Graph& g, const XmlIdOrder& l,
                    const std::function<void(XmlChunk&)>& write);

}  // namespace newsgraph::exporters
