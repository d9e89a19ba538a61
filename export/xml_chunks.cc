#include "export/xml_chunks.h"

#include <tbb/blocked_range.h>
#include <tbb/concurrent_queue.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <charconv>
#include <memory>

#include "export/graphml_writer.h"

namespace newsgraph::exporters {
namespace {

// A chunk holds at most this many vertices, and a chunk of edges at most this many out-edges
// unless one vertex has more (as the JSON-LD writer's chunks, jsonld_writer.cc).
constexpr std::size_t kChunkVertices = 256, kChunkEdges = 4096;

// Appends a chunk's text to `out` with its edges numbered from `next_edge` on.
void Emit(std::ostream& out, XmlChunk& c, std::size_t& next_edge) {
  const std::string* whole = &c.text;
  if (!c.number_at.empty()) {
    c.numbered.clear();
    std::size_t from = 0;
    char digits[24];
    for (std::size_t at : c.number_at) {
      c.numbered.append(c.text, from, at - from);
      c.numbered.append(digits, std::to_chars(digits, digits + sizeof digits, next_edge++).ptr);
      from = at;
    }
    c.numbered.append(c.text, from, std::string::npos);
    whole = &c.numbered;
  }
  out.write(whole->data(), static_cast<std::streamsize>(whole->size()));
}

}  // namespace

XmlIdOrder MakeXmlIdOrder(const KnowledgeGraph& kg) {
  XmlIdOrder l;
  l.iris = kg.StableIds();
  const std::size_t n = l.iris.size();
  l.ids.resize(n);
  l.order.resize(n);
  l.rank.resize(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const auto& r) {
    for (std::size_t v = r.begin(); v < r.end(); ++v) {
      l.ids[v] = GraphMLNodeId(l.iris[v]);
      l.order[v] = v;
    }
  });
  // The ids are distinct, so the order is the same whatever sorts them.
  tbb::parallel_sort(l.order.begin(), l.order.end(),
                     [&](Vertex a, Vertex b) { return l.ids[a] < l.ids[b]; });
  assert(std::adjacent_find(l.order.begin(), l.order.end(), [&](Vertex a, Vertex b) {
           return l.ids[a] == l.ids[b];
         }) == l.order.end() && "GraphMLNodeId must keep StableIds() distinct");
  for (std::size_t i = 0; i < n; ++i) l.rank[l.order[i]] = i;
  return l;
}

void EdgesInIdOrder(const Graph& g, const XmlIdOrder& l, Vertex v, std::vector<Edge>& out) {
  out.clear();
  for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) out.push_back(*it);
  std::stable_sort(out.begin(), out.end(), [&](const Edge& a, const Edge& b) {
    const std::size_t ta = l.rank[boost::target(a, g)], tb = l.rank[boost::target(b, g)];
    if (ta != tb) return ta < tb;
    return EdgeLabelView(g[a]) < EdgeLabelView(g[b]);
  });
}

void WriteXmlChunks(std::ostream& out, const Graph& g, const XmlIdOrder& l,
                    const std::function<void(XmlChunk&)>& write) {
  const std::size_t n = l.order.size();
  std::vector<std::unique_ptr<XmlChunk>> chunks;  // all of them; only the first filter adds
  tbb::concurrent_queue<XmlChunk*> spare;         // emitted, for the first filter to reuse
  std::size_t next = 0, next_edge = 0;  // units: 0..n-1 nodes, n..2n-1 edges
  std::atomic<bool> failed{false};      // the stream failed: no more chunks are made
  const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  tbb::parallel_pipeline(
      4 * threads,
      tbb::make_filter<void, XmlChunk*>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& fc) -> XmlChunk* {
            if (next >= 2 * n || failed.load(std::memory_order_relaxed)) {
              fc.stop();
              return nullptr;
            }
            XmlChunk* c = nullptr;
            if (!spare.try_pop(c)) c = chunks.emplace_back(std::make_unique<XmlChunk>()).get();
            c->edges = next >= n;
            const std::size_t base = c->edges ? n : 0;
            c->begin = next - base;
            c->end = std::min(n, c->begin + kChunkVertices);
            if (c->edges) {
              std::size_t edges = 0;
              for (std::size_t i = c->begin; i < c->end; ++i) {
                edges += boost::out_degree(l.order[i], g);
                if (i > c->begin && edges > kChunkEdges) {
                  c->end = i;
                  break;
                }
              }
            }
            next = base + c->end;
            return c;
          }) &
          tbb::make_filter<XmlChunk*, XmlChunk*>(tbb::filter_mode::parallel,
                                                 [&](XmlChunk* c) {
                                                   c->text.clear();
                                                   c->number_at.clear();
                                                   write(*c);
                                                   return c;
                                                 }) &
          tbb::make_filter<XmlChunk*, void>(tbb::filter_mode::serial_in_order,
                                            [&](XmlChunk* c) {
                                              Emit(out, *c, next_edge);
                                              if (!out) failed.store(true);
                                              spare.push(c);
                                            }));
}

}  // namespace newsgraph::exporters
