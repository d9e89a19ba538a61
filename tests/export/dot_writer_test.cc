#include "export/dot_writer.h"

#include <graphviz/cgraph.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "export/atomic_file.h"
#include "export/graphml_writer.h"
#include "tests/export/test_graphs.h"

// Graphviz 2.43 keeps font and layout caches (its own, fontconfig's, pango's) that are never
// freed; under NEWSGRAPH_SANITIZE LeakSanitizer would report them. Allocations of our own code
// and of cgraph (an unclosed graph) are still checked.
extern "C" const char* __lsan_default_suppressions() {  // NOLINT: sanitizer hook
  return "leak:libgvc.so\nleak:libgvplugin_\nleak:libfontconfig.so\nleak:libpango\nleak:libcairo."
         "so\n";
}

namespace newsgraph::exporters {
namespace {

namespace fs = std::filesystem;
using newsgraph::testing::KeepDir;
using newsgraph::testing::NastyGraph;
using newsgraph::testing::SmallGraph;

std::string Dot(const KnowledgeGraph& kg, const DotOptions& options = {}) {
  std::ostringstream out;
  Status s = WriteDot(kg, out, options);
  EXPECT_TRUE(s.ok()) << s.message();
  return out.str();
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// What a DOT consumer sees: the file parsed back with cgraph.
struct Parsed {
  std::map<std::string, std::string> labels;  // node name -> label (legend nodes excluded)
  std::set<std::string> legend;
  std::multiset<std::string> edge_labels;  // visible edges only
  std::size_t edges = 0;
};

Parsed Parse(const std::string& dot) {
  Parsed p;
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g(agmemread(dot.c_str()), agclose);
  EXPECT_TRUE(g) << "cgraph cannot parse:\n" << dot;
  if (!g) return p;
  for (Agnode_t* n = agfstnode(g.get()); n; n = agnxtnode(g.get(), n)) {
    const std::string name = agnameof(n);
    if (name.starts_with("legend:")) {
      p.legend.insert(name);
      continue;
    }
    const char* label = agget(n, const_cast<char*>("label"));
    p.labels[name] = label ? label : "";
    for (Agedge_t* e = agfstout(g.get(), n); e; e = agnxtout(g.get(), e)) {
      ++p.edges;
      const char* l = agget(e, const_cast<char*>("label"));
      p.edge_labels.insert(l ? l : "");
    }
  }
  return p;
}

std::size_t Shown(const KnowledgeGraph& kg) {
  std::size_t n = 0;
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    n += !std::holds_alternative<ArticleNode>(kg.graph()[v]);
  return n;
}

class DotFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newsgraph_dot_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!KeepDir().empty()) {
      fs::create_directories(KeepDir());
      for (const auto& e : fs::directory_iterator(dir_))
        fs::copy_file(e.path(), fs::path(KeepDir()) / e.path().filename(),
                      fs::copy_options::overwrite_existing);
    }
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST(DotWriterTest, ShowsEntitiesStatementsFiguresNotArticles) {
  const KnowledgeGraph kg = SmallGraph();
  const std::string dot = Dot(kg);
  const Parsed p = Parse(dot);
  EXPECT_EQ(p.labels.size(), Shown(kg));
  EXPECT_EQ(p.labels.at(std::string(KnowledgeGraph::kIdBase) + "person/alexander-bortnikov"),
            "Alexander Bortnikov");
  EXPECT_EQ(p.labels.at(std::string(KnowledgeGraph::kIdBase) + "org/fsb"), "FSB");
  for (const auto& [name, label] : p.labels) EXPECT_EQ(name.find("/article/"), std::string::npos);
  bool figure = false;
  for (const auto& [name, label] : p.labels) figure |= label == "about 200 fighters";
  EXPECT_TRUE(figure);
  EXPECT_EQ(p.edge_labels.count("heads (director)"), 1u);
  EXPECT_EQ(p.edge_labels.count("said"), 1u);
  EXPECT_EQ(p.edge_labels.count("reports"), 2u);  // from the statement and from its speaker
  EXPECT_EQ(p.edge_labels.count("mentions"), 0u);
  EXPECT_EQ(p.edge_labels.count(""), 1u);  // about: drawn dotted, unlabelled
  // The legend shows each type present, and only those.
  EXPECT_EQ(p.legend,
            (std::set<std::string>{"legend:Person", "legend:GovernmentOrganization", "legend:Place",
                                   "legend:Country", "legend:Quotation", "legend:Figure"}));
  EXPECT_NE(dot.find("layout=dot"), std::string::npos);
  EXPECT_NE(dot.find("rankdir=LR"), std::string::npos);
  EXPECT_NE(dot.find("shape=note"), std::string::npos);
  EXPECT_NE(dot.find("shape=ellipse"), std::string::npos);
}

TEST(DotWriterTest, NoLegendWhenAskedNot) {
  DotOptions o;
  o.legend = false;
  EXPECT_TRUE(Parse(Dot(SmallGraph(), o)).legend.empty());
}

TEST(DotWriterTest, StatementLabelIsShortAndWrapped) {
  const KnowledgeGraph kg = SmallGraph();
  const Parsed p = Parse(Dot(kg));
  const std::string id = std::string(KnowledgeGraph::kIdBase) + "statement/tass-2014-09-26/";
  bool found = false;
  for (const auto& [name, label] : p.labels) {
    if (!name.starts_with(id)) continue;
    found = true;
    EXPECT_NE(label.find("\\n"), std::string::npos) << label;  // wrapped into lines
    EXPECT_LE(label.size(), 70u);
  }
  EXPECT_TRUE(found);
}

TEST(DotWriterTest, NastyNamesRoundTripThroughCgraph) {
  const KnowledgeGraph kg = NastyGraph();
  const std::string dot = Dot(kg);
  const Parsed p = Parse(dot);
  EXPECT_EQ(p.labels.size(), Shown(kg));
  std::set<std::string> labels;
  for (const auto& [name, label] : p.labels) labels.insert(label);
  EXPECT_TRUE(labels.count("<script>alert(1)</script>")) << dot;
  EXPECT_TRUE(labels.count("AT&T \"Bell\" Labs"));
  EXPECT_TRUE(labels.count("Close ]]> CDATA"));
  EXPECT_TRUE(labels.count("Arrow -- Edge -> Corp"));
  // escString: a backslash of the text is doubled so that "\N" or a trailing "\" stay text.
  EXPECT_TRUE(labels.count("Back\\\\slash Trail\\\\")) << dot;
  EXPECT_TRUE(labels.count("Brace {Record|Port} Inc"));
  EXPECT_TRUE(labels.count("Ctrl\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD Bell\xEF\xBF\xBD Ltd"));
  EXPECT_TRUE(labels.count("\xE2\x80\x8FRTL \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xE2\x80\x8E Org"));
  EXPECT_EQ(SanitizeUtf8(dot, true), dot) << "DOT output must be valid UTF-8";
  EXPECT_EQ(
      p.edges, kg.num_edges() - [&] {
        std::size_t m = 0;
        for (auto [it, end] = boost::edges(kg.graph()); it != end; ++it)
          m += kg.graph()[*it].kind == EdgeKind::kMentions;
        return m;
      }());  // Parse() skips the legend and its invisible stacking edges
}

TEST(DotWriterTest, IsDeterministic) {
  EXPECT_EQ(Dot(SmallGraph()), Dot(SmallGraph()));
  const KnowledgeGraph kg = NastyGraph();
  EXPECT_EQ(Dot(kg), Dot(kg));
}

TEST(DotWriterTest, UnknownLayoutIsAnError) {
  DotOptions o;
  o.layout = "nosuch";
  std::ostringstream out;
  Status s = WriteDot(SmallGraph(), out, o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("nosuch"), std::string::npos);
}

TEST_F(DotFileTest, WritesDotFile) {
  const fs::path p = dir_ / "small.dot";
  ASSERT_TRUE(WriteDotFile(SmallGraph(), p.string()).ok());
  EXPECT_EQ(ReadFile(p), Dot(SmallGraph()));
}

TEST_F(DotFileTest, RendersSvgWithEveryLayout) {
  for (const char* layout : {"dot", "neato", "fdp", "sfdp"}) {
    DotOptions o;
    o.layout = layout;
    const fs::path p = dir_ / (std::string("small-") + layout + ".svg");
    Status s = WriteDotFile(SmallGraph(), p.string(), o);
    ASSERT_TRUE(s.ok()) << layout << ": " << s.message();
    const std::string svg = ReadFile(p);
    EXPECT_NE(svg.find("<svg"), std::string::npos) << layout;
    EXPECT_NE(svg.find("Alexander Bortnikov"), std::string::npos) << layout;
    EXPECT_NE(svg.find("</svg>"), std::string::npos) << layout;
  }
}

TEST_F(DotFileTest, RendersNastySvgAndDot) {
  const fs::path svg_path = dir_ / "nasty.svg";
  Status s = WriteDotFile(NastyGraph(), svg_path.string());
  ASSERT_TRUE(s.ok()) << s.message();
  const std::string svg = ReadFile(svg_path);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("Back\\slash Trail\\<"), std::string::npos);
  ASSERT_TRUE(WriteDotFile(NastyGraph(), (dir_ / "nasty.dot").string()).ok());
}

TEST_F(DotFileTest, RendersPng) {
  const fs::path p = dir_ / "small.png";
  Status s = WriteDotFile(SmallGraph(), p.string());
  ASSERT_TRUE(s.ok()) << s.message();
  const std::string png = ReadFile(p);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(DotFileTest, FailuresLeaveOldFileAndNamePath) {
  const fs::path p = dir_ / "keep.svg";
  std::ofstream(p) << "old";
  DotOptions bad_layout;
  bad_layout.layout = "circus";
  EXPECT_FALSE(WriteDotFile(SmallGraph(), p.string(), bad_layout).ok());
  EXPECT_EQ(ReadFile(p), "old");

  Status ext = WriteDotFile(SmallGraph(), (dir_ / "x.pdf").string());
  ASSERT_FALSE(ext.ok());
  EXPECT_NE(ext.message().find(".pdf"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "x.pdf"));

  Status missing = WriteDotFile(SmallGraph(), (dir_ / "nope" / "x.svg").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("nope"), std::string::npos) << missing.message();

  struct stat st;
  if (::stat("/dev/full", &st) == 0) {
    EXPECT_FALSE(WriteDotFile(SmallGraph(), "/dev/full").ok());  // no known extension
    const Status full =
        WriteFileAtomically("/dev/full", [](std::ostream&) { return Status::Ok(); });
    EXPECT_FALSE(full.ok());
  }
  fs::remove(p);
}

}  // namespace
}  // namespace newsgraph::exporters
