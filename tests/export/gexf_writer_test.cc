// The GEXF writer: declared attributes, viz colour/size, time intervals, escaping of nasty
// strings, determinism. Real readers (networkx, graphology-gexf) check the seeds' file in
// tests/clients/check_gexf.*.
#include "export/gexf_writer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace newsgraph::exporters
