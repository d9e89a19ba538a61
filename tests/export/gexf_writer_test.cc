// The GEXF writer: declared attributes, viz colour/size, time intervals, escaping of nasty
// strings, determinism. Real readers (networkx, graphology-gexf) check the seeds' file in
// tests/clients/check_gexf.*.
#include "export/gexf_writer.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <regex>
#include <sstream>

#include "tests/export/test_graphs.h"

namespace newsgraph::exporters {
namespace {

std::string Gexf(const KnowledgeGraph& kg) {
  std::ostringstream out;
  EXPECT_TRUE(WriteGexf(kg, out).ok());
  return out.str();
}

TEST(GexfWriter, DynamicDirectedWithTypedAttributes) {
  const std::string x = Gexf(testing::SmallGraph());
  EXPECT_NE(x.find("<graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">"),
            std::string::npos);
  EXPECT_NE(x.find("<attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>"),
            std::string::npos);
  EXPECT_NE(x.find("<attributes class=\"edge\" mode=\"static\">"), std::string::npos);
  EXPECT_NE(x.find("<node id=\"person:alexander-bortnikov\" label=\"Alexander Bortnikov\" "
                   "start=\"2014-09-26\" end=\"2014-09-26\">"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<viz:color r=\"31\" g=\"119\" b=\"180\"/>"), std::string::npos);
  EXPECT_NE(x.find("<viz:size value="), std::string::npos);
  EXPECT_NE(x.find("label=\"heads\" weight=\"1\" start=\"2014-09-26\" end=\"2014-09-26\">"),
            std::string::npos)
      << x;
  EXPECT_EQ(x.find("<attvalues>\n        </attvalues>"), std::string::npos);
}

TEST(GexfWriter, IntervalSpansFirstToLastArticle) {
  KnowledgeGraph kg;
  Document a = testing::BortnikovDoc("a", "2014-09-26");
  kg.Merge(a, testing::BortnikovExtraction(a));
  Document b = testing::BortnikovDoc("b", "2015-01-02T08:00:00");
  kg.Merge(b, testing::BortnikovExtraction(b));
  const std::string x = Gexf(kg);
  EXPECT_NE(x.find("label=\"FSB\" start=\"2014-09-26\" end=\"2015-01-02\""), std::string::npos)
      << x;
  EXPECT_NE(x.find("label=\"heads\" weight=\"2\" start=\"2014-09-26\" end=\"2015-01-02\""),
            std::string::npos);
}

TEST(GexfWriter, NastyStringsAreEscapedAndDeterministic) {
  const std::string x = Gexf(testing::NastyGraph());
  EXPECT_EQ(x, Gexf(testing::NastyGraph()));
  EXPECT_EQ(x.find("<script>"), std::string::npos);
  EXPECT_NE(x.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(x.find("]]>"), std::string::npos);
  EXPECT_EQ(x.find('\x01'), std::string::npos);
  EXPECT_NE(x.find("AT&amp;T &quot;Bell&quot; Labs"), std::string::npos);
}

// Nodes and edges are written in chunks of consecutive vertices on the threads there are: the
// same bytes on 1, 2 and 4 threads, on a graph of several chunks of each, with the edges
// numbered e0, e1, ... in file order across the chunks, and an edge that many articles support
// written once, with all of them and the days from the first to the last.
TEST(GexfWriter, SameBytesOnAnyNumberOfThreads) {
  const KnowledgeGraph kg = testing::ManyArticlesGraph(300);
  ASSERT_GT(kg.num_nodes(), 3 * 256u);
  // Four threads also where there are fewer cores (without a thread library warning).
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  std::string one;
  tbb::task_arena(1).execute([&] { one = Gexf(kg); });
  for (int threads : {2, 4}) {
    std::string many;
    tbb::task_arena(threads).execute([&] { many = Gexf(kg); });
    EXPECT_EQ(many, one) << threads << " threads";
  }
  const std::regex edge_id("<edge id=\"e([0-9]+)\"");
  std::size_t edges = 0;
  for (std::sregex_iterator it(one.begin(), one.end(), edge_id), end; it != end; ++it)
    EXPECT_EQ((*it)[1], std::to_string(edges++));
  EXPECT_GT(edges, 600u);
  const std::regex heads(
      "source=\"person:alexander-bortnikov\" target=\"org:fsb\" label=\"heads\" "
      "weight=\"300\" start=\"2014-09-10\" end=\"2014-09-29\">");
  EXPECT_EQ(std::distance(std::sregex_iterator(one.begin(), one.end(), heads),
                          std::sregex_iterator()),
            1)
      << one.substr(one.find("<edges>"), 2000);
}

TEST(GexfWriter, EmptyGraphHasEmptyNodesAndEdges) {
  const std::string x = Gexf(KnowledgeGraph());
  EXPECT_NE(x.find("    <nodes>\n    </nodes>\n    <edges>\n    </edges>\n  </graph>\n</gexf>\n"),
            std::string::npos)
      << x;
}

}  // namespace
}  // namespace newsgraph::exporters
