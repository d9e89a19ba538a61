// A JSON-LD graph file (build --graph, query, export) that is corrupt must be refused with a
// message, never crash and never start from an empty graph. Regressions found by
// fuzz_jsonld_reader live here.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tests/export/test_graphs.h"

namespace newsgraph {
namespace {

// SmallGraph's JSON-LD with `member` removed from every @graph element of type `type`.
std::string WithoutMember(const char* type, const char* member) {
  std::ostringstream out;
  EXPECT_TRUE(exporters::WriteJsonLd(testing::SmallGraph(), out).ok());
  rapidjson::Document d;
  d.Parse(out.str().c_str());
  int removed = 0;
  for (auto& node : d["@graph"].GetArray()) {
    if (node.HasMember("@type") && node["@type"] == type) removed += node.RemoveMember(member);
  }
  EXPECT_GT(removed, 0) << type << " " << member;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return buf.GetString();
}

Status Read(const std::string& text) {
  std::istringstream in(text);
  auto kg = exporters::ReadJsonLd(in, "old.jsonld");
  if (!kg.ok()) return kg.status();
  // What was read must also write: StableIds() used to dereference the missing evidence.
  std::ostringstream out;
  return exporters::WriteJsonLd(kg.value(), out);
}

TEST(CorruptGraph, QuotationOrFigureWithoutEvidenceIsRefused) {
  // Regression (found by fuzz_jsonld_reader): a Quotation or ng:Figure without ng:evidence was
  // accepted, and writing the graph then read evidence.front() of an empty list (segfault).
  for (const char* type : {"Quotation", "ng:Figure"}) {
    const Status st = Read(WithoutMember(type, "ng:evidence"));
    ASSERT_FALSE(st.ok()) << type;
    EXPECT_NE(st.message().find("old.jsonld"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("needs at least one \"ng:evidence\""), std::string::npos)
        << st.message();
  }
}

TEST(CorruptGraph, TruncatedAndForeignFilesAreRefused) {
  std::ostringstream out;
  ASSERT_TRUE(exporters::WriteJsonLd(testing::SmallGraph(), out).ok());
  const std::string whole = out.str();
  for (const std::string& text :
       {whole.substr(0, whole.size() / 2), std::string("[1, 2, 3]"), std::string(""),
        std::string("<graphml/>"), std::string("{\"@graph\": 7}")}) {
    EXPECT_FALSE(Read(text).ok()) << text.substr(0, 60);
  }
}

}  // namespace
}  // namespace newsgraph
