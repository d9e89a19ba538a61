// The chunk pipeline of the XML writers (export/xml_chunks.h): chunks cover the vertices in the
// given order, nodes first and then edges, their texts reach the stream in that order on any
// number of threads, each edge gets the next number across the file, and a chunk of edges stops
// where its sources' out-edges pass the bound (unless one vertex has more on its own).
#include "export/xml_chunks.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <numeric>
#include <sstream>

namespace newsgraph::exporters {
namespace {

// Vertex v has 5000 out-edges when v % 97 == 0 (a long text's article), else v % 4.
Graph HubbyGraph(std::size_t n) {
  Graph g;
  for (std::size_t v = 0; v < n; ++v) boost::add_vertex(g);
  for (std::size_t v = 0; v < n; ++v) {
    const std::size_t degree = v % 97 == 0 ? 5000 : v % 4;
    for (std::size_t k = 0; k < degree; ++k) boost::add_edge(v, (v + k + 1) % n, g);
  }
  return g;
}

// Each chunk writes "[N b e]" or "[E b e]" and, per edge of its sources, "e", its number, ";".
std::string Written(const Graph& g, const XmlIdOrder& l, int threads) {
  std::ostringstream out;
  tbb::task_arena(threads).execute([&] {
    WriteXmlChunks(out, g, l, [&](XmlChunk& c) {
      c.text += "[" + std::string(c.edges ? "E " : "N ") + std::to_string(c.begin) + " " +
                std::to_string(c.end) + " ]";
      if (!c.edges) return;
      for (std::size_t i = c.begin; i < c.end; ++i) {
        for (std::size_t k = 0; k < boost::out_degree(l.order[i], g); ++k) {
          c.text += "e";
          c.number_at.push_back(c.text.size());
          c.text += ";";
        }
      }
    });
  });
  return out.str();
}

TEST(XmlChunks, CoverTheOrderNumberTheEdgesAndBoundTheirSize) {
  const std::size_t n = 2000;
  const Graph g = HubbyGraph(n);
  XmlIdOrder l;
  l.order.resize(n);
  std::iota(l.order.rbegin(), l.order.rend(), Vertex{0});  // any order: here backwards
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  const std::string one = Written(g, l, 1);
  EXPECT_EQ(Written(g, l, 2), one);
  EXPECT_EQ(Written(g, l, 4), one);

  // Read back without std::regex, whose recursion a run of 5,000 edges would overflow.
  std::size_t next_node = 0, next_source = 0, next_edge = 0, edge_chunks = 0;
  std::istringstream in(one);
  for (char open; in >> open;) {
    ASSERT_EQ(open, '[');
    char kind, close;
    std::size_t begin, stop;
    ASSERT_TRUE(in >> kind >> begin >> stop >> close && close == ']');
    ASSERT_LT(begin, stop);
    if (kind == 'N') {
      EXPECT_EQ(next_source, 0u) << "a node chunk after the edges";
      EXPECT_EQ(begin, next_node);
      next_node = stop;
      continue;
    }
    ASSERT_EQ(kind, 'E');
    ++edge_chunks;
    EXPECT_EQ(next_node, n) << "edges before all the nodes";
    EXPECT_EQ(begin, next_source);
    next_source = stop;
    std::size_t edges = 0;
    for (std::size_t i = begin; i < stop; ++i) edges += boost::out_degree(l.order[i], g);
    EXPECT_TRUE(edges <= 4096 || stop == begin + 1) << begin << ".." << stop << ": " << edges;
    EXPECT_LE(stop - begin, 256u);
    for (std::size_t k = 0; k < edges; ++k) {
      char e, semicolon;
      std::size_t number;
      ASSERT_TRUE(in >> e >> number >> semicolon && e == 'e' && semicolon == ';');
      EXPECT_EQ(number, next_edge++);
    }
  }
  EXPECT_EQ(next_node, n);
  EXPECT_EQ(next_source, n);
  EXPECT_EQ(next_edge, boost::num_edges(g));
  EXPECT_GT(edge_chunks, 20u);  // the hubs end their chunks early
}

TEST(XmlChunks, NothingForAnEmptyOrder) {
  std::ostringstream out;
  WriteXmlChunks(out, Graph(), XmlIdOrder(), [](XmlChunk& c) { c.text = "x"; });
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace newsgraph::exporters
