// Names and quotes containing <, &, ", ]]>, --, \, braces, control characters and
// right-to-left marks, through the exporters and through the whole pipeline: every export
// must stay valid and be read by its real client (rdflib, networkx + igraph, the GraphML XSD,
// Graphviz dot; tests/clients/), and the JSON-LD must give the exact text back.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "export/dot_writer.h"
#include "export/graphml_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "rapidjson/document.h"
#include "tests/export/test_graphs.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;

const std::string kClients = std::string(NEWSGRAPH_SOURCE_DIR) + "/tests/clients";

// testing::NastyGraph() without its ill-formed UTF-8 name: the readers never produce one (they
// repair the bytes first), and the JSON-LD writer copies such bytes verbatim, which Python's
// json cannot decode. Everything else of the fixture: markup, quotes, ]]>, --, backslashes,
// braces, control characters, RTL marks, in names, a quote, roles, headline and ids.
KnowledgeGraph WellFormedNastyGraph() {
  Document doc;
  doc.id = "nasty<&>\"doc";
  doc.headline = "Headline with <b>markup</b> & \"quotes\" ]]>";
  doc.date = "2020-01-01";
  doc.publisher = "Pub & Co";
  Extraction ex;
  for (std::string_view name : testing::kNastyNames) {
    if (name.starts_with("Broken")) continue;
    Mention m;
    m.span = {doc.text.size(), doc.text.size() + name.size()};
    m.text = std::string(name);
    m.type = EntityType::kOrganization;
    ex.mentions.push_back(m);
    doc.text += std::string(name) + " said. ";
  }
  const std::string quote = "Tabs\tand\nnewlines, <tags> & \"quotes\" ]]> -- \\N {x} \x0b end";
  StatementMention s;
  s.speaker = 0;
  s.direct = true;
  s.cue = "said";
  s.span = {doc.text.size(), doc.text.size() + quote.size()};
  s.text = quote;
  doc.text += quote;
  ex.statements.push_back(s);
  ex.sentences = {{0, doc.text.size()}};
  for (std::size_t i = 0; i + 1 < ex.mentions.size(); ++i) {
    RelationMention r;
    r.subject = i;
    r.object = i + 1;
    r.predicate = "partOf";
    r.role = "<role> & \"x\"";
    r.evidence = ex.mentions[i].span;
    ex.relations.push_back(r);
  }
  KnowledgeGraph kg;
  kg.Merge(doc, ex);
  return kg;
}

class HostileNames : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("newsgraph_hostile_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Runs a client script; its output goes to a log that is printed on failure.
  void ExpectClientAccepts(const std::string& command) {
    const std::string log = Path("client.log");
    const int rc = std::system((command + " >" + log + " 2>&1").c_str());
    EXPECT_EQ(rc, 0) << command << "\n" << Read(log);
  }
  void ExpectAllClientsAccept() {
    ExpectClientAccepts("/usr/bin/python3 " + kClients + "/check_jsonld.py " + Path("graph.jsonld"));
    ExpectClientAccepts("/usr/bin/python3 " + kClients + "/check_graphml.py " + Path("graph.graphml"));
    const std::string xsd = "sh " + kClients + "/graphml_xsd.sh " + Path("graph.graphml");
    const int rc = std::system((xsd + " >/dev/null 2>&1").c_str());
    if (WEXITSTATUS(rc) != 77) ExpectClientAccepts(xsd);  // 77: schema not obtainable offline
    ExpectClientAccepts("/usr/bin/python3 " + kClients + "/check_dot.py " + Path("graph.dot"));
    ExpectClientAccepts("/usr/bin/python3 " + kClients + "/check_counts.py " + dir_.string());
  }
  // The JSON-LD reader reads the file back to a graph that writes the same bytes: every
  // name, quote and headline came back exactly.
  void ExpectJsonLdReadsBackTheSame() {
    auto back = exporters::ReadJsonLdFile(Path("graph.jsonld"));
    ASSERT_TRUE(back.ok()) << back.status().message();
    std::ostringstream again;
    ASSERT_TRUE(exporters::WriteJsonLd(back.value(), again).ok());
    EXPECT_EQ(again.str(), Read(Path("graph.jsonld")));
  }
  // Every string value of the JSON-LD named `key`, anywhere in the document.
  static void Collect(const rapidjson::Value& v, const char* key, std::set<std::string>& out) {
    if (v.IsObject()) {
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        if (it->name == key && it->value.IsString()) {
          out.insert(std::string(it->value.GetString(), it->value.GetStringLength()));
        }
        Collect(it->value, key, out);
      }
    } else if (v.IsArray()) {
      for (const auto& e : v.GetArray()) Collect(e, key, out);
    }
  }

  fs::path dir_;
};

TEST_F(HostileNames, ExportsOfNastyGraphAreReadByTheRealClients) {
  const KnowledgeGraph kg = WellFormedNastyGraph();
  ASSERT_TRUE(exporters::WriteJsonLdFile(kg, Path("graph.jsonld")).ok());
  ASSERT_TRUE(exporters::WriteGraphMLFile(kg, Path("graph.graphml")).ok());
  ASSERT_TRUE(exporters::WriteDotFile(kg, Path("graph.dot")).ok());
  ExpectAllClientsAccept();
  ExpectJsonLdReadsBackTheSame();

  // The JSON-LD gives back every name as it was.
  const std::string json = Read(Path("graph.jsonld"));
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  ASSERT_FALSE(d.HasParseError());
  std::set<std::string> names, texts;
  Collect(d, "name", names);
  Collect(d, "text", texts);
  for (std::string_view name : testing::kNastyNames) {
    if (name.starts_with("Broken")) continue;
    EXPECT_TRUE(names.count(std::string(name))) << name;
  }
  EXPECT_TRUE(texts.count("Tabs\tand\nnewlines, <tags> & \"quotes\" ]]> -- \\N {x} \x0b end"));
}

TEST_F(HostileNames, ThroughTheWholePipeline) {
  // Headline, publisher, author and quotes of an article are copied into every export.
  const std::string headline = "Acme <b>&amp;</b> \\\"Sons\\\" ]]> -- {x} \\\\ \u200Fwin\u202E";
  const std::string jsonl =
      "{\"title\":\"" + headline +
      "\",\"source\":\"Pub & \\\"Co\\\" <x>\",\"author\":\"A -- B ]]> \\u0001\","
      "\"text\":\"John Smith, the head of the Syrian Ministry of Transport, said \\\"the <ports> "
      "& \\\\\\\"docks\\\\\\\" ]]> -- {reopen} \u200Fnow\\u0007\\\" on Monday. The ministry said "
      "that more than 200 ships were waiting.\"}\n";
  std::ofstream(Path("in.jsonl")) << jsonl;
  cli::BuildArgs args;
  args.inputs = {Path("in.jsonl")};
  args.outputs = {Path("graph.jsonld"), Path("graph.graphml"), Path("graph.dot"), Path("graph.svg")};
  args.data_dir = NEWSGRAPH_DATA_DIR;
  std::ostringstream out, err;
  ASSERT_EQ(cli::RunBuild(args, out, err), 0) << err.str();
  fs::remove(Path("graph.svg"));  // check_counts.py compares the three graph files
  ExpectAllClientsAccept();
  ExpectJsonLdReadsBackTheSame();

  const std::string json = Read(Path("graph.jsonld"));
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  ASSERT_FALSE(d.HasParseError());
  std::set<std::string> headlines;
  Collect(d, "headline", headlines);
  EXPECT_TRUE(headlines.count("Acme <b>&amp;</b> \"Sons\" ]]> -- {x} \\ \u200Fwin\u202E"))
      << json.substr(0, 2000);
}

}  // namespace
}  // namespace newsgraph
