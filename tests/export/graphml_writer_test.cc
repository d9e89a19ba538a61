#include "export/graphml_writer.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "export/xml_util.h"
#include "tests/export/test_graphs.h"

namespace newsgraph::exporters {
namespace {

namespace fs = std::filesystem;
using newsgraph::testing::BortnikovDoc;
using newsgraph::testing::BortnikovExtraction;
using newsgraph::testing::KeepDir;
using newsgraph::testing::NastyGraph;
using newsgraph::testing::SmallGraph;

std::string GraphML(const KnowledgeGraph& kg) {
  std::ostringstream out;
  Status s = WriteGraphML(kg, out);
  EXPECT_TRUE(s.ok()) << s.message();
  return out.str();
}

std::size_t Count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// The <node ...>...</node> element whose id is `id`.
std::string NodeElement(const std::string& xml, const std::string& id) {
  const auto b = xml.find("<node id=\"" + id + "\">");
  if (b == std::string::npos) return "";
  return xml.substr(b, xml.find("</node>", b) - b);
}

std::string EdgeElement(const std::string& xml, const std::string& source,
                        const std::string& target) {
  const auto b = xml.find("source=\"" + source + "\" target=\"" + target + "\"");
  if (b == std::string::npos) return "";
  return xml.substr(b, xml.find("</edge>", b) - b);
}

void Keep(const std::string& name, const std::string& content) {
  if (KeepDir().empty()) return;
  fs::create_directories(KeepDir());
  std::ofstream(fs::path(KeepDir()) / name, std::ios::binary) << content;
}

// Runs xmllint (a real XML parser) on `xml` when it is installed.
void ExpectWellFormed(const std::string& xml) {
  if (std::system("xmllint --version >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "xmllint not installed";
  const fs::path p =
      fs::temp_directory_path() / ("newsgraph_wf_" + std::to_string(::getpid()) + ".graphml");
  std::ofstream(p, std::ios::binary) << xml;
  const std::string cmd = "xmllint --noout '" + p.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "xmllint rejects " << p;
  fs::remove(p);
}

TEST(GraphMLWriterTest, DeclaresTypedKeysPerDomain) {
  const std::string xml = GraphML(SmallGraph());
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")) << xml.substr(0, 80);
  EXPECT_EQ(Count(xml, "for=\"all\""), 0u);
  EXPECT_EQ(Count(xml, "for=\"graph\""), 0u);
  const std::regex key_re(
      "<key id=\"([^\"]+)\" for=\"(node|edge)\" attr.name=\"([^\"]+)\" "
      "attr.type=\"(string|int|double|boolean)\"/>");
  std::set<std::pair<std::string, std::string>> declared;  // (for, attr.name)
  std::set<std::string> key_ids;
  std::size_t keys = 0;
  for (std::sregex_iterator it(xml.begin(), xml.end(), key_re), end; it != end; ++it) {
    ++keys;
    EXPECT_TRUE(key_ids.insert((*it)[1]).second) << "duplicate key id " << (*it)[1];
    declared.emplace((*it)[2], (*it)[3]);
  }
  EXPECT_EQ(keys, Count(xml, "<key "));
  for (const char* name :
       {"label", "type", "kind",      "aliases", "mentions", "articles", "first_seen", "last_seen",
        "r",     "g",    "b",         "size",    "text",     "cue",      "direct",     "value",
        "min",   "max",  "qualifier", "unit",    "headline", "date",     "publisher"})
    EXPECT_TRUE(declared.count({"node", name})) << "node key " << name;
  for (const char* name : {"label", "role", "weight", "evidence"})
    EXPECT_TRUE(declared.count({"edge", name})) << "edge key " << name;
  EXPECT_NE(
      xml.find("<key id=\"n_mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"int\"/>"),
      std::string::npos);
  EXPECT_NE(
      xml.find("<key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"),
      std::string::npos);
  // Every <data> refers to a declared key.
  const std::regex data_re("<data key=\"([^\"]+)\">");
  for (std::sregex_iterator it(xml.begin(), xml.end(), data_re), end; it != end; ++it)
    EXPECT_TRUE(key_ids.count((*it)[1])) << (*it)[1];
  ExpectWellFormed(xml);
}

TEST(GraphMLWriterTest, NodesCarryTheModel) {
  const KnowledgeGraph kg = SmallGraph();
  const std::string xml = GraphML(kg);
  EXPECT_EQ(Count(xml, "<node "), kg.num_nodes());
  EXPECT_EQ(Count(xml, "<edge "), kg.num_edges());

  const std::string person = NodeElement(xml, "person:alexander-bortnikov");
  ASSERT_FALSE(person.empty()) << xml;
  EXPECT_NE(person.find("<data key=\"n_label\">Alexander Bortnikov</data>"), std::string::npos);
  EXPECT_NE(person.find("<data key=\"n_type\">Person</data>"), std::string::npos);
  EXPECT_NE(person.find("<data key=\"n_kind\">entity</data>"), std::string::npos);
  EXPECT_NE(
      person.find(
          "<data key=\"n_iri\">https://w3id.org/newsgraph/id/person/alexander-bortnikov</data>"),
      std::string::npos);
  EXPECT_NE(person.find("<data key=\"n_aliases\">Bortnikov</data>"), std::string::npos) << person;
  EXPECT_NE(person.find("<data key=\"n_mentions\">2</data>"), std::string::npos) << person;
  EXPECT_NE(person.find("<data key=\"n_articles\">1</data>"), std::string::npos);
  EXPECT_NE(person.find("<data key=\"n_first_seen\">2014-09-26</data>"), std::string::npos);
  EXPECT_NE(person.find("<data key=\"n_r\">31</data>"), std::string::npos);

  const std::string fsb = NodeElement(xml, "org:fsb");
  ASSERT_FALSE(fsb.empty());
  EXPECT_NE(fsb.find("<data key=\"n_type\">GovernmentOrganization</data>"), std::string::npos);

  const std::string article = NodeElement(xml, "article:tass-2014-09-26");
  ASSERT_FALSE(article.empty());
  EXPECT_NE(article.find("<data key=\"n_type\">NewsArticle</data>"), std::string::npos);
  EXPECT_NE(article.find("<data key=\"n_publisher\">TASS</data>"), std::string::npos);
  EXPECT_NE(article.find("<data key=\"n_date\">2014-09-26</data>"), std::string::npos);

  const auto statement_at = xml.find("<data key=\"n_type\">Quotation</data>");
  ASSERT_NE(statement_at, std::string::npos);
  EXPECT_NE(xml.find("<data key=\"n_cue\">told reporters</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"n_direct\">false</data>"), std::string::npos);

  EXPECT_NE(xml.find("<data key=\"n_label\">about 200 fighters</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"n_value\">200</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"n_unit\">fighters</data>"), std::string::npos);
}

TEST(GraphMLWriterTest, EdgesCarryLabelRoleWeightEvidence) {
  const std::string xml = GraphML(SmallGraph());
  const std::string heads = EdgeElement(xml, "person:alexander-bortnikov", "org:fsb");
  ASSERT_FALSE(heads.empty()) << xml;
  EXPECT_NE(heads.find("<data key=\"e_label\">heads</data>"), std::string::npos);
  EXPECT_NE(heads.find("<data key=\"e_role\">director</data>"), std::string::npos);
  EXPECT_NE(heads.find("<data key=\"e_weight\">1</data>"), std::string::npos);
  EXPECT_NE(heads.find("<data key=\"e_evidence\">Alexander Bortnikov, the director of the FSB, "
                       "spoke in Moscow. (tass-2014-09-26)</data>"),
            std::string::npos)
      << heads;
  for (const char* label : {"said", "reports", "mentions", "about"})
    EXPECT_NE(xml.find(std::string("<data key=\"e_label\">") + label + "</data>"),
              std::string::npos)
        << label;
  // said edges take their evidence from the statement.
  const auto said = xml.find("<data key=\"e_label\">said</data>");
  const auto said_end = xml.find("</edge>", said);
  EXPECT_NE(xml.substr(said, said_end - said).find("<data key=\"e_evidence\">Bortnikov told"),
            std::string::npos);
}

TEST(GraphMLWriterTest, WeightCountsSupportingArticles) {
  KnowledgeGraph kg;
  Document a = BortnikovDoc("a", "2014-09-26");
  Document b = BortnikovDoc("b", "2014-10-02");
  b.text += " More.";
  ASSERT_TRUE(kg.Merge(a, BortnikovExtraction(a)));
  ASSERT_TRUE(kg.Merge(b, BortnikovExtraction(b)));
  const std::string xml = GraphML(kg);
  const std::string heads = EdgeElement(xml, "person:alexander-bortnikov", "org:fsb");
  EXPECT_NE(heads.find("<data key=\"e_weight\">2</data>"), std::string::npos) << heads;
  EXPECT_NE(heads.find("<data key=\"e_articles\">a | b</data>"), std::string::npos) << heads;
  const std::string person = NodeElement(xml, "person:alexander-bortnikov");
  EXPECT_NE(person.find("<data key=\"n_articles\">2</data>"), std::string::npos);
  EXPECT_NE(person.find("<data key=\"n_first_seen\">2014-09-26</data>"), std::string::npos);
  EXPECT_NE(person.find("<data key=\"n_last_seen\">2014-10-02</data>"), std::string::npos);
  Keep("two_articles.graphml", xml);
}

TEST(GraphMLWriterTest, EscapesNastyStrings) {
  const KnowledgeGraph kg = NastyGraph();
  const std::string xml = GraphML(kg);
  Keep("nasty.graphml", xml);
  EXPECT_EQ(Count(xml, "<node "), kg.num_nodes());
  EXPECT_EQ(Count(xml, "<edge "), kg.num_edges());
  EXPECT_NE(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(xml.find("AT&amp;T \"Bell\" Labs"), std::string::npos);
  EXPECT_NE(xml.find("Close ]]&gt; CDATA"), std::string::npos);
  EXPECT_NE(xml.find("Arrow -- Edge -&gt; Corp"), std::string::npos);
  EXPECT_NE(xml.find("Back\\slash Trail\\</data>"), std::string::npos);
  EXPECT_NE(xml.find("Brace {Record|Port} Inc"), std::string::npos);
  // Control characters XML 1.0 forbids become U+FFFD; the RTL marks stay.
  EXPECT_NE(xml.find("Ctrl\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD Bell\xEF\xBF\xBD Ltd"),
            std::string::npos);
  EXPECT_NE(xml.find("\xE2\x80\x8FRTL \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xE2\x80\x8E Org"),
            std::string::npos);
  EXPECT_NE(xml.find("Broken \xEF\xBF\xBD( "), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(SanitizeUtf8(xml, true), xml) << "output is not valid UTF-8 free of control characters";
  // Tab and newline survive in element content; CR and other controls never appear raw.
  EXPECT_NE(
      xml.find(
          "Tabs\tand\nnewlines, &lt;tags&gt; &amp; \"quotes\" ]]&gt; -- \\N {x} \xEF\xBF\xBD end"),
      std::string::npos);
  EXPECT_EQ(xml.find('\r'), std::string::npos);
  // Quotes inside attribute values (ids) are escaped.
  EXPECT_EQ(xml.find("nasty<"), std::string::npos);
  ExpectWellFormed(xml);
}

TEST(GraphMLWriterTest, IsDeterministic) {
  const std::string first = GraphML(SmallGraph());
  const std::string again = GraphML(SmallGraph());
  EXPECT_EQ(first, again);
  const KnowledgeGraph kg = NastyGraph();
  EXPECT_EQ(GraphML(kg), GraphML(kg));
  // Nodes are sorted by id.
  const std::regex node_re("<node id=\"([^\"]+)\">");
  std::vector<std::string> ids;
  for (std::sregex_iterator it(first.begin(), first.end(), node_re), end; it != end; ++it)
    ids.push_back((*it)[1]);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  Keep("small.graphml", first);
}

// The nodes and the edges are written in chunks of consecutive vertices on the threads there
// are: the same bytes on 1, 2 and 4 threads, on a graph of several chunks of each, with the
// edges numbered e0, e1, ... in file order across the chunks.
TEST(GraphMLWriterTest, SameBytesOnAnyNumberOfThreads) {
  const KnowledgeGraph kg = newsgraph::testing::ManyArticlesGraph(300);
  ASSERT_GT(kg.num_nodes(), 3 * 256u);  // several chunks of nodes and of edges' sources
  // Four threads also where there are fewer cores (without a thread library warning).
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  std::string one;
  tbb::task_arena(1).execute([&] { one = GraphML(kg); });
  for (int threads : {2, 4}) {
    std::string many;
    tbb::task_arena(threads).execute([&] { many = GraphML(kg); });
    EXPECT_EQ(many, one) << threads << " threads";
  }
  const std::regex edge_id("<edge id=\"e([0-9]+)\"");
  std::size_t expected = 0;
  for (std::sregex_iterator it(one.begin(), one.end(), edge_id), end; it != end; ++it)
    EXPECT_EQ((*it)[1], std::to_string(expected++));
  EXPECT_EQ(expected, Count(one, "<edge "));
  EXPECT_GT(expected, 600u);
  ExpectWellFormed(one);
}

TEST(GraphMLWriterTest, NodeIdsAreNmtokens) {
  EXPECT_EQ(GraphMLNodeId("https://w3id.org/newsgraph/id/person/alexander-bortnikov"),
            "person:alexander-bortnikov");
  EXPECT_EQ(GraphMLNodeId("https://w3id.org/newsgraph/id/statement/doc-1/42"),
            "statement:doc-1:42");
  EXPECT_EQ(GraphMLNodeId("https://w3id.org/newsgraph/id/person/%D0%90"), "person:_25D0_2590");
  EXPECT_EQ(GraphMLNodeId("x_y"), "x_5Fy");  // '_' is escaped too, so the mapping is injective
  EXPECT_EQ(GraphMLNodeId(""), "_");
  for (const std::string& id : NastyGraph().StableIds()) {
    const std::string n = GraphMLNodeId(id);
    EXPECT_TRUE(std::regex_match(n, std::regex("[A-Za-z0-9.:_-]+"))) << n;
  }
}

struct FigureCase {
  std::optional<double> value, min, max;
  std::string qualifier, unit, text, expected;
};

TEST(GraphMLWriterTest, FigureLabels) {
  const FigureCase cases[] = {
      {200, {}, {}, "", "fighters", "200 fighters", "200 fighters"},
      {3200, {}, {}, "more than", "Russian citizens", "", "more than 3,200 Russian citizens"},
      {{},
       30000,
       50000,
       "",
       "militants",
       "",
       "30\xE2\x80\x93"
       "50 thousand militants"},
      {{},
       10,
       15,
       "",
       "soldiers",
       "",
       "10\xE2\x80\x93"
       "15 soldiers"},
      {{},
       2500,
       40000,
       "",
       "people",
       "",
       "2.5\xE2\x80\x93"
       "40 thousand people"},
      {{},
       900,
       1200,
       "",
       "people",
       "",
       "900\xE2\x80\x93"
       "1,200 people"},
      {1.5e6, {}, {}, "", "refugees", "", "1.5 million refugees"},
      {12.5, {}, {}, "", "percent", "", "12.5 percent"},
      {{}, 100, {}, "", "troops", "", "at least 100 troops"},
      {{}, {}, {}, "", "", "dozens of fighters", "dozens of fighters"},
  };
  for (const FigureCase& c : cases) {
    FigureNode f;
    f.value = c.value;
    f.min_value = c.min;
    f.max_value = c.max;
    f.qualifier = SharedString(c.qualifier);
    f.unit = SharedString(c.unit);
    f.text = SharedString(c.text);
    EXPECT_EQ(FigureLabel(f), c.expected);
  }
}

TEST(GraphMLWriterTest, TruncateTextKeepsUtf8AndLimit) {
  EXPECT_EQ(TruncateText("short  text\n here", 60), "short text here");
  const std::string cut = TruncateText("one two three four five six seven", 15);
  EXPECT_EQ(cut, "one two three\xE2\x80\xA6");
  // 30 Cyrillic letters cut to 10 code points: 9 letters and the ellipsis, no split sequence.
  std::string cyr;
  for (int i = 0; i < 30; ++i) cyr += "\xD0\x96";
  const std::string t = TruncateText(cyr, 10);
  EXPECT_EQ(t.size(), 9 * 2 + 3u);
  EXPECT_EQ(SanitizeUtf8(t, false), t);
  EXPECT_EQ(TruncateText("abc", 0), "");
}

// The text helpers against a reading of the rules one code point at a time: every byte of a
// broken UTF-8 sequence, every control character but tab, newline and CR, and U+FFFE and
// U+FFFF become U+FFFD; then XML escaping, or spaces collapsed and the text cut to a number of
// code points. The helpers copy runs with nothing to change whole; random strings made of
// plain text, markup characters, line breaks, controls, multi-byte, broken and overlong
// sequences must come out the same as here.
struct Unit {
  std::string bytes;  // as written: the sequence, or U+FFFD
  char32_t cp = 0;    // 0xFFFD for a replacement
};

std::vector<Unit> OracleUnits(std::string_view s) {
  static const std::string kFffd = "\xEF\xBF\xBD";
  std::vector<Unit> units;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t len = lead < 0x80 ? 1 : lead >= 0xF0 && lead < 0xF8 ? 4
                                          : lead >= 0xE0 && lead < 0xF0   ? 3
                                          : lead >= 0xC0 && lead < 0xE0   ? 2
                                                                          : 0;
    char32_t cp = len == 1 ? lead : len == 2 ? lead & 0x1F : len == 3 ? lead & 0x0F : lead & 0x07;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= least[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      units.push_back({kFffd, 0xFFFD});
      ++i;
      continue;
    }
    const bool line_break = cp == '\t' || cp == '\n' || cp == '\r';
    if ((cp < 0x20 && !line_break) || cp == 0xFFFE || cp == 0xFFFF) {
      units.push_back({kFffd, 0xFFFD});
    } else {
      units.push_back({std::string(s.substr(i, len)), cp});
    }
    i += len;
  }
  return units;
}

std::string OracleEscaped(std::string_view s, bool attribute) {
  std::string out;
  for (const Unit& u : OracleUnits(s)) {
    const std::map<char32_t, std::string> escapes = {
        {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'\r', "&#13;"}};
    if (auto it = escapes.find(u.cp); it != escapes.end()) {
      out += it->second;
    } else if (attribute && u.cp == '"') {
      out += "&quot;";
    } else if (attribute && (u.cp == '\t' || u.cp == '\n')) {
      out += u.cp == '\t' ? "&#9;" : "&#10;";
    } else {
      out += u.bytes;
    }
  }
  return out;
}

std::string OracleTruncated(std::string_view s, std::size_t max_chars) {
  std::vector<std::string> chars;  // after collapsing spaces
  for (const Unit& u : OracleUnits(s)) {
    const bool space = u.cp == ' ' || u.cp == '\t' || u.cp == '\n' || u.cp == '\r';
    if (space && (chars.empty() || chars.back() == " ")) continue;
    chars.push_back(space ? " " : u.bytes);
  }
  if (!chars.empty() && chars.back() == " ") chars.pop_back();
  auto join = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += chars[i];
    return out;
  };
  if (chars.size() <= max_chars) return join(chars.size());
  if (max_chars == 0) return "";
  std::size_t keep = max_chars - 1;  // code points kept before the ellipsis
  for (std::size_t k = keep; k > 0 && keep - k <= 15; --k) {
    if (chars[k] == " ") {
      keep = k;
      break;
    }
  }
  while (keep > 0 && (chars[keep - 1] == " " || chars[keep - 1] == ",")) --keep;
  return join(keep) + "\xE2\x80\xA6";
}

TEST(GraphMLWriterTest, TextHelpersMatchTheRulesOnRandomStrings) {
  const std::vector<std::string> pieces = {
      "word", "Ab", "9", ",", " ", "  ", "\t", "\n", "\r", "\x01", "\x1F", "\x7F", "&", "<",
      ">", "\"", "'", "]]>", "\xC3\xA9", "\xE2\x80\x9C", "\xF0\x9F\x98\x80", "\xEF\xBF\xBE",
      "\xEF\xBF\xBF", "\xEF\xBF\xBD", "\x80", "\xBF", "\xC3", "\xE2\x80", "\xF0\x9F\x98",
      "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
      "\xFF"};
  std::mt19937 rng(20261204);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int n = std::uniform_int_distribution<int>(0, round % 10 == 0 ? 400 : 40)(rng);
    for (int i = 0; i < n; ++i)
      s += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
    std::string sanitized;
    for (const Unit& u : OracleUnits(s)) sanitized += u.bytes;
    ASSERT_EQ(SanitizeUtf8(s, true), sanitized) << s;
    for (bool attribute : {false, true}) {
      std::string out = "<";  // appended to, not replaced
      AppendXmlEscaped(out, s, attribute);
      ASSERT_EQ(out, "<" + OracleEscaped(s, attribute)) << s << " attribute " << attribute;
    }
    for (std::size_t max_chars : {0, 1, 2, 7, 20, 60, 300})
      ASSERT_EQ(TruncateText(s, max_chars), OracleTruncated(s, max_chars))
          << s << " max " << max_chars;
  }
}

TEST(GraphMLWriterTest, StatementLabelIsTruncatedQuote) {
  StatementNode s;
  s.direct = true;
  s.text = std::string(100, 'a') + " end";
  const std::string label = NodeLabel(NodeData(s));
  EXPECT_TRUE(label.starts_with("\xE2\x80\x9C")) << label;
  EXPECT_TRUE(label.ends_with("\xE2\x80\xA6\xE2\x80\x9D")) << label;
  std::size_t chars = 0;
  for (unsigned char c : label) chars += (c & 0xC0) != 0x80;
  EXPECT_LE(chars, 60u);
}

TEST(GraphMLWriterTest, FileWriteIsAtomic) {
  const fs::path dir =
      fs::temp_directory_path() / ("newsgraph_graphml_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string p = (dir / "g.graphml").string();
  std::ofstream(p) << "old";
  Status bad = WriteGraphMLFile(SmallGraph(), "/dev/full");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("/dev/full"), std::string::npos);
  Status missing = WriteGraphMLFile(SmallGraph(), (dir / "nope" / "g.graphml").string());
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("nope"), std::string::npos) << missing.message();
  ASSERT_TRUE(WriteGraphMLFile(SmallGraph(), p).ok());
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), GraphML(SmallGraph()));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newsgraph::exporters
