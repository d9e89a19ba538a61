// The JSON-LD reader: export -> read -> export is byte-identical (hand-made graphs, nasty
// strings, the real seeds), the restored graph merges new articles exactly as the original
// would, and malformed or foreign files are refused with the offset and what was expected.
#include "export/jsonld_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "export/jsonld_writer.h"
#include "extract/pipeline.h"
#include "extract/reader.h"
#include "tests/export/test_graphs.h"

namespace newsgraph::exporters {
namespace {

std::string Json(const KnowledgeGraph& kg) {
  std::ostringstream out;
  EXPECT_TRUE(WriteJsonLd(kg, out).ok());
  return out.str();
}

Result<KnowledgeGraph> Read(const std::string& text) {
  std::istringstream in(text);
  return ReadJsonLd(in, "g.jsonld");
}

void ExpectRoundTrip(const KnowledgeGraph& kg) {
  const std::string first = Json(kg);
  auto back = Read(first);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back.value().num_nodes(), kg.num_nodes());
  EXPECT_EQ(back.value().num_edges(), kg.num_edges());
  EXPECT_EQ(Json(back.value()), first);
}

TEST(JsonLdReader, SmallGraphRoundTrips) { ExpectRoundTrip(testing::SmallGraph()); }
TEST(JsonLdReader, NastyStringsRoundTrip) { ExpectRoundTrip(testing::NastyGraph()); }
TEST(JsonLdReader, EmptyGraphRoundTrips) { ExpectRoundTrip(KnowledgeGraph()); }

// The seeds, built by the real pipeline one article at a time: after each article the graph
// read back from its export gives the same bytes, and merging the next article into the
// read-back graph gives the same graph as merging it into the original.
TEST(JsonLdReader, SeedsRoundTripAndMergeLikeTheOriginal) {
  extract::PipelineOptions opts;
  opts.data_dir = NEWSGRAPH_DATA_DIR;
  auto pipeline = extract::Pipeline::Create(opts);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  std::vector<Document> docs;
  Status st = extract::ReadInputs(
      {std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds"},
      [&](Document&& d) { docs.push_back(std::move(d)); }, [](const std::string&) {}, nullptr);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(docs.size(), 4u);
  KnowledgeGraph original;
  std::optional<KnowledgeGraph> restored;
  for (const Document& d : docs) {
    const Extraction ex = pipeline.value()->Extract(d);
    original.Merge(d, ex);
    if (restored) restored->Merge(d, ex);
    const std::string json = Json(original);
    if (restored) {
      EXPECT_EQ(Json(*restored), json) << "after " << d.id;
    }
    auto back = Read(json);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(Json(back.value()), json);
    restored = std::move(back).value();
  }
  // The same articles again are recognised and not merged twice.
  for (const Document& d : docs) EXPECT_FALSE(restored->Merge(d, pipeline.value()->Extract(d)));
}

TEST(JsonLdReader, RestoredGraphAnswersLookups) {
  auto back = Read(Json(testing::SmallGraph()));
  ASSERT_TRUE(back.ok());
  const KnowledgeGraph& kg = back.value();
  EXPECT_EQ(kg.FindEntities("Bortnikov").size(), 1u);
  EXPECT_EQ(kg.FindEntities("fsb").size(), 1u);
  EXPECT_TRUE(kg.FindArticle("tass-2014-09-26").has_value());
  // Merging the same article again is a no-op; a copy of the graph still merges correctly.
  KnowledgeGraph copy = kg;
  Document doc = testing::BortnikovDoc();
  EXPECT_FALSE(copy.Merge(doc, testing::BortnikovExtraction(doc)));
  Document later = testing::BortnikovDoc("tass-2014-10-01", "2014-10-01");
  EXPECT_TRUE(copy.Merge(later, testing::BortnikovExtraction(later)));
  EXPECT_EQ(copy.FindEntities("Alexander Bortnikov").size(), 1u);
}

struct BadCase {
  std::string name, text, expected;
};

TEST(JsonLdReader, MalformedAndForeignInputIsRefusedWithPosition) {
  const std::string ctx = R"("@context": {"@vocab": "https://schema.org/", "ng": "https://w3id.org/newsgraph/ns#"})";
  const std::vector<BadCase> cases = {
      {"empty", "", "g.jsonld: offset 0: "},
      {"not json", "hello", "g.jsonld: offset 0: "},
      {"truncated", "{" + ctx + R"(, "@graph": [{"@id": "x")", "not valid JSON"},
      {"top-level array", "[]", "g.jsonld: offset 0: expected a JSON object at the top level"},
      {"no context", R"({"@graph": []})", "not a newsgraph export: no @context with the ng prefix"},
      {"foreign context", R"({"@context": "https://schema.org/", "@graph": []})",
       "expected an object for @context"},
      {"foreign prefix", R"({"@context": {"ng": "http://example.org/"}, "@graph": []})",
       "g.jsonld: offset 13: not a newsgraph export: no @context with the ng prefix"},
      {"no graph", "{" + ctx + "}", "not a newsgraph export: no @graph list"},
      {"string in graph", "{" + ctx + R"(, "@graph": ["x"]})", "expected an object in @graph"},
      {"unknown type", "{" + ctx + R"(, "@graph": [{"@id": "a", "@type": "Event", "ng:seq": 0}]})",
       "unknown @type \"Event\""},
      {"no seq", "{" + ctx + R"(, "@graph": [{"@id": "a", "@type": "Person", "name": "A"}]})",
       "has no ng:seq"},
      {"seq gap", "{" + ctx + R"(, "@graph": [{"@id": "a", "@type": "Person", "name": "A", "ng:seq": 3}]})",
       "ng:seq 3 is repeated or leaves a gap"},
      {"dangling", "{" + ctx + R"(, "@graph": [{"@id": "q", "@type": "Quotation", "text": "t", "ng:speaker": "nobody", "ng:seq": 0}]})",
       "ng:speaker refers to nobody, which is not in @graph"},
      {"wrong value type", "{" + ctx + R"(, "@graph": [{"@id": "a", "@type": "Person", "name": 5, "ng:seq": 0}]})",
       "expected a string for \"name\""},
      {"count too large", "{" + ctx + R"(, "@graph": [{"@id": "a", "@type": "Person", "name": "A", "ng:mentionCount": 4294967296, "ng:seq": 0}]})",
       "\"ng:mentionCount\" is too large"},
  };
  for (const BadCase& c : cases) {
    auto r = Read(c.text);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_NE(r.status().message().find(c.expected), std::string::npos)
        << c.name << ": " << r.status().message();
    EXPECT_EQ(r.status().message().find('\n'), std::string::npos) << c.name;
  }
  // The offset points at the offending element.
  const std::string text = "{" + ctx + R"(, "@graph": [{"@id": "a", "@type": "Event", "ng:seq": 0}]})";
  auto r = Read(text);
  ASSERT_FALSE(r.ok());
  const std::string offset = std::to_string(text.find("{\"@id\""));
  EXPECT_NE(r.status().message().find("offset " + offset + ":"), std::string::npos)
      << r.status().message();
}

// A figure with no isPartOf has an empty article, whose merge key is then made from a view
// with no data pointer (found by the JSON-LD reader's fuzz target under UBSan).
TEST(JsonLdReader, FigureWithoutArticleIsRead) {
  const std::string text =
      R"({"@context": {"@vocab": "https://schema.org/", "ng": "https://w3id.org/newsgraph/ns#"},)"
      R"( "@graph": [{"@id": "f", "@type": "ng:Figure", "value": 3, "unitText": "fighters",)"
      R"( "ng:evidence": [{"ng:article": "a", "ng:begin": 0, "ng:end": 1, "ng:sentence": "3 x"}],)"
      R"( "ng:seq": 0}]})";
  auto r = Read(text);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value().num_nodes(), 1u);
}

TEST(JsonLdReader, MissingFileNamesIt) {
  auto r = ReadJsonLdFile("/nonexistent/graph.jsonld");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/graph.jsonld: cannot open"), std::string::npos);
}

}  // namespace
}  // namespace newsgraph::exporters
