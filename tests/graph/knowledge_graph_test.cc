#include "graph/knowledge_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <tuple>

namespace newsgraph {
namespace {

Mention M(std::size_t b, std::string text, EntityType t, std::string canonical = "") {
  Mention m;
  m.span = {b, b + text.size()};
  m.text = std::move(text);
  m.type = t;
  m.canonical = std::move(canonical);
  return m;
}

Document Doc(std::string id, std::string text, std::string date = "2013-06-06") {
  Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  d.date = std::move(date);
  return d;
}

// The nodes of kind Node (StatementNode, FigureNode, ...) in `kg`.
template <class Node>
std::size_t CountNodes(const KnowledgeGraph& kg) {
  std::size_t n = 0;
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    n += std::holds_alternative<Node>(kg.graph()[v]) ? 1 : 0;
  return n;
}

std::vector<Vertex> Entities(const KnowledgeGraph& kg) {
  std::vector<Vertex> out;
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    if (std::holds_alternative<EntityNode>(kg.graph()[v])) out.push_back(v);
  return out;
}

const EntityNode& E(const KnowledgeGraph& kg, Vertex v) {
  return std::get<EntityNode>(kg.graph()[v]);
}

TEST(NormalizeName, FoldsCasePunctuationPossessiveAndArticle) {
  EXPECT_EQ(NormalizeName("the Islamic State's"), "islamic state");
  EXPECT_EQ(NormalizeName("Russia\xE2\x80\x99s"), "russia");
  EXPECT_EQ(NormalizeName("U.S."), "us");
  EXPECT_EQ(NormalizeName("Al-Qaeda"), "al qaeda");
  EXPECT_EQ(NormalizeName("  ITAR-TASS "), "itar tass");
  // Other bytes from 0x80 are kept, a lead byte 0xE2 too (an em dash; a cut-off U+2019).
  EXPECT_EQ(NormalizeName("A\xE2\x80\x94" "B"), "a\xE2\x80\x94" "b");
  EXPECT_EQ(NormalizeName("X\xE2\x80"), "x\xE2\x80");
}

// The second pass rewrites the words in place, dropping some: every kind of dropped piece.
TEST(NormalizeName, DropsLeadingArticlesPossessivesAndQuotesInPlace) {
  EXPECT_EQ(NormalizeName("the the Beatles"), "beatles");
  EXPECT_EQ(NormalizeName("'the' Reagan's  aides'"), "reagan aides");
  EXPECT_EQ(NormalizeName("' '' Bank of the West's"), "bank of the west");
  EXPECT_EQ(NormalizeName("the"), "");
  EXPECT_EQ(NormalizeName("'s"), "s");
  EXPECT_EQ(NormalizeName("A.B.C.'s TV - the \xE2\x80\x98Show\xE2\x80\x99"), "abc tv the show");
}

// NormalizeName as two passes (fold the bytes, then trim and drop words), as it was written
// before it became one pass: the reference the one-pass version must agree with.
std::string TwoPassNormalizeName(std::string_view name) {
  std::string s;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == 0xE2 && i + 2 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(name[i + 2]) == 0x99 ||
         static_cast<unsigned char>(name[i + 2]) == 0x98)) {
      s += '\'';
      i += 2;
    } else if (c >= 0x80 || std::isalnum(c) || c == '\'') {
      s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (c != '.' && !s.empty() && s.back() != ' ') {
      s += ' ';
    }
  }
  std::string out;
  std::string_view rest(s);
  while (!rest.empty()) {
    const std::size_t sp = rest.find(' ');
    std::string_view x = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    if (x.size() > 2 && x.ends_with("'s")) x.remove_suffix(2);
    while (!x.empty() && x.back() == '\'') x.remove_suffix(1);
    while (!x.empty() && x.front() == '\'') x.remove_prefix(1);
    if (x.empty() || (out.empty() && x == "the")) continue;
    if (!out.empty()) out += ' ';
    out += x;
  }
  return out;
}

TEST(NormalizeName, OnePassAgreesWithTwoPassesOnRandomNames) {
  const std::vector<std::string> pieces = {"a", "B", "s", "S", "the", "The", "THE", " ", "  ",
                                           ".", "'", "'s", "-", ",", "\xE2\x80\x99",
                                           "\xE2\x80\x98", "\xE2\x80", "\xE2", "\xC3\xA9", "7"};
  std::mt19937 rng(20261201);
  for (int round = 0; round < 20000; ++round) {
    std::string name;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) name += pieces[rng() % pieces.size()];
    ASSERT_EQ(NormalizeName(name), TwoPassNormalizeName(name)) << "name: [" << name << "]";
  }
}

// Running text (statement keys normalise whole quotes) takes NormalizeNameInto's 16-byte path
// for plain blocks: long texts of mostly plain words, with every piece that makes a block not
// plain or stops a word in progress from taking the path, must still agree with the reference.
// Texts up to about a thousand bytes: NormalizeName writes those over 512 bytes on the heap.
TEST(NormalizeName, RunningTextAgreesWithTwoPasses) {
  const std::vector<std::string> pieces = {
      "company", "Said", "1987", "Reuters", "a", "of", "the", "The", " ", " ", " ", "  ", ", ",
      "-", ".", "'", "'s", "s", "\"", "\xE2\x80\x99", "\xE2\x80\x94", "\xC3\xA9t\xC3\xA9", "\n"};
  std::mt19937 rng(20261202);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % (round % 10 ? 80 : 400));
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    ASSERT_EQ(NormalizeName(text), TwoPassNormalizeName(text)) << "text: [" << text << "]";
  }
  EXPECT_EQ(NormalizeName("The Company said it EXPECTED higher earnings in 1987, not losses"),
            "company said it expected higher earnings in 1987 not losses");
}

TEST(KnowledgeGraph, SurnameJoinsFullNameAndCanonicalIsFullest) {
  KnowledgeGraph kg;
  Document d = Doc("a.txt", "Bortnikov spoke. Alexander Bortnikov said. Bortnikov added.");
  Extraction ex;
  ex.mentions = {M(0, "Bortnikov", EntityType::kPerson),
                 M(17, "Alexander Bortnikov", EntityType::kPerson),
                 M(43, "Bortnikov", EntityType::kPerson)};
  ASSERT_TRUE(kg.Merge(d, ex));
  auto ents = Entities(kg);
  ASSERT_EQ(ents.size(), 1u);
  EXPECT_EQ(E(kg, ents[0]).name, "Alexander Bortnikov");
  EXPECT_EQ(E(kg, ents[0]).aliases, AliasSet{"Bortnikov"});
  EXPECT_EQ(E(kg, ents[0]).mention_count, 3u);
}

// Prepare does the article's own part of the merge: the clusters, their fullest name and
// lookup names, the statement and figure keys, the cited sentences.
TEST(KnowledgeGraph, PrepareClustersAndKeysTheArticleWithoutTheGraph) {
  Document d = Doc("a.txt", "Bortnikov spoke. Alexander Bortnikov said. Moscow grew.");
  Extraction ex;
  ex.sentences = {{0, 16}, {17, 42}, {43, 55}};
  ex.mentions = {M(0, "Bortnikov", EntityType::kPerson),
                 M(17, "Alexander Bortnikov", EntityType::kPerson),
                 M(43, "Moscow", EntityType::kPlace)};
  StatementMention st;
  st.text = "Alexander Bortnikov";
  st.span = {17, 36};
  ex.statements = {st};
  const PreparedMerge p = KnowledgeGraph::Prepare(d, ex);
  EXPECT_EQ(p.cluster, (std::vector<std::size_t>{0, 0, 1}));
  ASSERT_EQ(p.clusters.size(), 2u);
  EXPECT_EQ(p.clusters[0].members, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(p.clusters[0].best, "Alexander Bortnikov");
  EXPECT_EQ(p.clusters[0].best_key, "alexander bortnikov");
  EXPECT_EQ(p.clusters[0].best_words, 2u);
  // The lone surname never looks up; the full name does, once (its name and text are equal).
  ASSERT_EQ(p.clusters[0].lookup.size(), 1u);
  EXPECT_EQ(p.Key(p.clusters[0].lookup[0]), "alexander bortnikov");
  EXPECT_EQ(p.clusters[1].type, EntityType::kPlace);
  EXPECT_EQ(p.name_key[0], "bortnikov");
  ASSERT_EQ(p.statement_hashes.size(), 1u);
  // The key's hash as std::hash gives it for the string (the key of a restored node).
  EXPECT_EQ(p.statement_hashes[0], std::hash<std::string>()("s|a.txt|alexander bortnikov"));
  // Each cluster's first mention's sentence and the statement's: all three, by index.
  ASSERT_EQ(p.sentences.size(), 3u);
  EXPECT_EQ(p.sentences[0].view(), "Bortnikov spoke.");
  EXPECT_EQ(p.sentences[1].view(), "Alexander Bortnikov said.");
  EXPECT_EQ(p.sentences[2].view(), "Moscow grew.");
  // What Merge moves into the graph: the shared id, each cluster's first mention's sentence,
  // the nodes.
  EXPECT_EQ(p.article_id.view(), "a.txt");
  ASSERT_EQ(p.cluster_sentence.size(), 2u);
  EXPECT_EQ(p.cluster_sentence[0].view(), "Bortnikov spoke.");
  EXPECT_EQ(p.cluster_sentence[1].view(), "Moscow grew.");
  ASSERT_EQ(p.statements.size(), 1u);
  EXPECT_EQ(p.statements[0].text, "Alexander Bortnikov");
  ASSERT_EQ(p.statements[0].evidence.size(), 1u);
  EXPECT_EQ(p.statements[0].evidence[0].sentence.view(), "Alexander Bortnikov said.");
  EXPECT_EQ(p.statements[0].evidence[0].article.view(), "a.txt");

  // Merging with it is merging without it.
  KnowledgeGraph a, b;
  ASSERT_TRUE(a.Merge(d, ex));
  ASSERT_TRUE(b.Merge(d, ex, KnowledgeGraph::Prepare(d, ex)));
  EXPECT_EQ(a.StableIds(), b.StableIds());
  EXPECT_EQ(a.num_edges(), b.num_edges());
}

// An article of many mentions is clustered by looking its mentions' keys up rather than by
// comparing each with every earlier one; the clusters must be those the comparisons give. The
// same mentions are clustered alone (a short article, compared) and after 80 others that join
// nothing (a long one, looked up): every way of joining, in both orders where it has two.
TEST(KnowledgeGraph, PrepareClustersALongArticleAsAShortOne) {
  auto pattern = [] {
    std::vector<Mention> m = {
        M(0, "Bortnikov", EntityType::kPerson),                              // 0
        M(0, "Alexander Bortnikov", EntityType::kPerson),                    // 1: joins 0
        M(0, "John Smith", EntityType::kPerson),                             // 2
        M(0, "Smith", EntityType::kPerson),                                  // 3: joins 2
        M(0, "ISIL", EntityType::kOrganization),                             // 4
        M(0, "Islamic State of Iraq and the Levant", EntityType::kOrganization),  // 5: joins 4
        M(0, "National Security Agency", EntityType::kOrganization),         // 6
        M(0, "NSA", EntityType::kOrganization),                              // 7: joins 6
        M(0, "Russian Foreign Ministry", EntityType::kGovernmentOrganization),    // 8
        M(0, "Foreign Ministry of Russia", EntityType::kGovernmentOrganization),  // 9: key, joins 8
        M(0, "the Kremlin", EntityType::kGovernmentOrganization, "Presidential Administration"),
        M(0, "Kremlin", EntityType::kGovernmentOrganization),                // 11: text, joins 10
        M(0, "Washington", EntityType::kPerson),                             // 12
        M(0, "Washington", EntityType::kPlace),                              // 13: apart
        M(0, "Washington", EntityType::kPerson),                             // 14: name, joins 12
        M(0, "the agency", EntityType::kOrganization),                       // 15: refers to 7
    };
    m[8].key = m[9].key = "foreign ministry of russia";
    return m;
  };
  // Cluster numbers renamed in order of first use, so that two clusterings compare.
  auto canonical = [](const std::vector<std::size_t>& cluster, std::size_t from) {
    std::vector<std::size_t> out;
    std::map<std::size_t, std::size_t> renamed;
    for (std::size_t i = from; i < cluster.size(); ++i)
      out.push_back(renamed.try_emplace(cluster[i], renamed.size()).first->second);
    return out;
  };
  const Document d = Doc("a.txt", std::string(200, 'x'));
  Extraction short_ex;
  short_ex.mentions = pattern();
  short_ex.mentions[15].refers_to = 7;
  const std::vector<std::size_t> alone = KnowledgeGraph::Prepare(d, short_ex).cluster;
  EXPECT_EQ(canonical(alone, 0),
            (std::vector<std::size_t>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 6, 3}));

  Extraction long_ex;
  constexpr std::size_t kOthers = 80;
  for (std::size_t k = 0; k < kOthers; ++k)  // one-letter initials: no acronym matches them
    long_ex.mentions.push_back(M(0, "Qx" + std::to_string(k), EntityType::kPlace));
  for (Mention& m : pattern()) long_ex.mentions.push_back(std::move(m));
  long_ex.mentions[kOthers + 15].refers_to = kOthers + 7;
  const std::vector<std::size_t> after = KnowledgeGraph::Prepare(d, long_ex).cluster;
  EXPECT_EQ(canonical(std::vector<std::size_t>(after.begin(), after.begin() + kOthers), 0),
            [&] {
              std::vector<std::size_t> v(kOthers);
              std::iota(v.begin(), v.end(), 0);
              return v;
            }());
  EXPECT_EQ(canonical(after, kOthers), canonical(alone, 0));
}

// A span outside every sentence (or in an article without sentences) cites itself, as
// Extraction::SentenceOf says; one inside a sentence cites that sentence.
TEST(KnowledgeGraph, PrepareCitesTheSentenceOrTheSpanOutsideEverySentence) {
  Document d = Doc("a.txt", "Bortnikov spoke. Kremlin aides said. Moscow grew.");
  Extraction ex;
  ex.sentences = {{17, 36}};
  ex.mentions = {M(0, "Bortnikov", EntityType::kPerson),
                 M(17, "Kremlin", EntityType::kOrganization),
                 M(37, "Moscow", EntityType::kPlace)};
  const PreparedMerge p = KnowledgeGraph::Prepare(d, ex);
  ASSERT_EQ(p.cluster_sentence.size(), 3u);
  for (std::size_t c = 0; c < 3; ++c) {
    const Span first = ex.mentions[p.clusters[c].members.front()].span;
    EXPECT_EQ(p.cluster_sentence[c].view(), d.Slice(ex.SentenceOf(first)));
  }
  EXPECT_EQ(p.cluster_sentence[0].view(), "Bortnikov");
  EXPECT_EQ(p.cluster_sentence[1].view(), "Kremlin aides said.");
  EXPECT_EQ(p.cluster_sentence[2].view(), "Moscow");
  ex.sentences.clear();
  const PreparedMerge q = KnowledgeGraph::Prepare(d, ex);
  EXPECT_EQ(q.cluster_sentence[1].view(), "Kremlin");
  EXPECT_TRUE(q.sentences.empty());
}

// The article's edge to an entity cites the sentence of the entity's first mention in the
// article only (Merge takes it from the cluster of that mention); the later mentions' evidence
// carries its span alone.
TEST(KnowledgeGraph, MentionEvidenceCitesTheSentenceOfTheFirstMentionOnly) {
  const std::string text = "Putin spoke. Obama left. Putin returned. Obama said.";
  Extraction ex;
  ex.sentences = {{0, 12}, {13, 24}, {25, 40}, {41, 52}};
  ex.mentions = {M(0, "Putin", EntityType::kPerson), M(13, "Obama", EntityType::kPerson),
                 M(25, "Putin", EntityType::kPerson), M(41, "Obama", EntityType::kPerson)};
  KnowledgeGraph kg;
  ASSERT_TRUE(kg.Merge(Doc("a.txt", text), ex));
  const Graph& g = kg.graph();
  std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> cited;
  for (auto [it, end] = boost::out_edges(0, g); it != end; ++it) {
    ASSERT_EQ(g[*it].kind, EdgeKind::kMentions);
    for (const Evidence& ev : g[*it].evidence)
      cited[E(kg, boost::target(*it, g)).name].emplace_back(ev.span.begin, ev.sentence.str());
  }
  using Cited = std::vector<std::pair<std::size_t, std::string>>;
  EXPECT_EQ(cited["Putin"], (Cited{{0, "Putin spoke."}, {25, ""}}));
  EXPECT_EQ(cited["Obama"], (Cited{{13, "Obama left."}, {41, ""}}));
}

TEST(KnowledgeGraph, AcronymJoinsExpansionByInitials) {
  KnowledgeGraph kg;
  Document d = Doc("a.txt", "ISIL grew. The Islamic State of Iraq and the Levant said.");
  Extraction ex;
  ex.mentions = {M(0, "ISIL", EntityType::kOrganization),
                 M(15, "Islamic State of Iraq and the Levant", EntityType::kOrganization)};
  ASSERT_TRUE(kg.Merge(d, ex));
  ASSERT_EQ(Entities(kg).size(), 1u);
  EXPECT_EQ(E(kg, Entities(kg)[0]).name, "Islamic State of Iraq and the Levant");
}

TEST(KnowledgeGraph, ExtractorLinkJoinsAcronymThatIsNotTheInitials) {
  KnowledgeGraph kg;
  Document d = Doc("a.txt", "the Federal Security Service (FSB) said");
  Extraction ex;
  ex.mentions = {M(4, "Federal Security Service", EntityType::kGovernmentOrganization),
                 M(30, "FSB", EntityType::kGovernmentOrganization)};
  ex.mentions[1].refers_to = 0;
  ASSERT_TRUE(kg.Merge(d, ex));
  ASSERT_EQ(Entities(kg).size(), 1u);
  EXPECT_EQ(E(kg, Entities(kg)[0]).name, "Federal Security Service");
  EXPECT_EQ(E(kg, Entities(kg)[0]).aliases, AliasSet{"FSB"});
}

TEST(KnowledgeGraph, SameEntityAcrossArticlesIsOneNode) {
  KnowledgeGraph kg;
  Extraction ex1;
  ex1.mentions = {M(0, "Russia", EntityType::kCountry, "Russia")};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", "Russia"), ex1));
  Extraction ex2;
  ex2.mentions = {M(4, "Russian Federation", EntityType::kCountry, "Russia")};
  ASSERT_TRUE(kg.Merge(Doc("b.txt", "The Russian Federation"), ex2));
  auto ents = Entities(kg);
  ASSERT_EQ(ents.size(), 1u);
  EXPECT_EQ(E(kg, ents[0]).name, "Russia");
  EXPECT_EQ(kg.ArticleCount(ents[0]), 2u);
  EXPECT_EQ(kg.FindEntities("russian federation"), ents);
}

TEST(KnowledgeGraph, PersonAndPlaceWithSameNameStayApart) {
  KnowledgeGraph kg;
  Extraction ex;
  ex.mentions = {M(0, "Georgia", EntityType::kCountry), M(8, "Georgia", EntityType::kPerson)};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", "Georgia Georgia"), ex));
  EXPECT_EQ(Entities(kg).size(), 2u);
}

TEST(KnowledgeGraph, SameArticleTwiceIsMergedOnce) {
  KnowledgeGraph kg;
  Extraction ex;
  ex.mentions = {M(0, "Syria", EntityType::kCountry)};
  EXPECT_TRUE(kg.Merge(Doc("a.txt", "Syria"), ex));
  const auto nodes = kg.num_nodes(), edges = kg.num_edges();
  EXPECT_FALSE(kg.Merge(Doc("a.txt", "Syria"), ex));
  EXPECT_EQ(kg.num_nodes(), nodes);
  EXPECT_EQ(kg.num_edges(), edges);
}

TEST(KnowledgeGraph, DesignPathHeadsSaidReports) {
  KnowledgeGraph kg;
  const std::string text =
      "\"Around 200 fighters from Russia are fighting,\" the head of the FSB Alexander "
      "Bortnikov said.";
  Document d = Doc("a.txt", text);
  Extraction ex;
  ex.sentences = {{0, text.size()}};
  ex.mentions = {M(text.find("FSB"), "FSB", EntityType::kGovernmentOrganization),
                 M(text.find("Alexander"), "Alexander Bortnikov", EntityType::kPerson)};
  ex.relations = {{1, "heads", 0, "head", {text.find("head"), text.find(" said")}}};
  StatementMention s;
  s.speaker = 1;
  s.text = "Around 200 fighters from Russia are fighting,";
  s.cue = "said";
  s.direct = true;
  s.span = {1, 1 + s.text.size()};
  ex.statements = {s};
  FigureMention f;
  f.value = 200;
  f.qualifier = "around";
  f.unit = "fighters from Russia";
  f.text = "Around 200 fighters from Russia";
  f.span = {1, 32};
  f.reporter = 1;
  f.statement = 0;
  ex.figures = {f, f};  // stated twice: one figure with two pieces of evidence
  ASSERT_TRUE(kg.Merge(d, ex));

  const Graph& g = kg.graph();
  std::map<std::string, int> labels;
  for (auto [it, end] = boost::edges(g); it != end; ++it) ++labels[EdgeLabel(g[*it])];
  EXPECT_EQ(labels["heads"], 1);
  EXPECT_EQ(labels["said"], 1);
  EXPECT_EQ(labels["reports"], 2);  // statement -> figure and speaker -> figure
  EXPECT_EQ(labels["mentions"], 2);
  int figures = 0;
  for (Vertex v = 0; v < kg.num_nodes(); ++v) {
    if (auto* fn = std::get_if<FigureNode>(&g[v])) {
      ++figures;
      EXPECT_EQ(fn->evidence.size(), 2u);
      EXPECT_EQ(fn->evidence[0].sentence, text);
    }
  }
  EXPECT_EQ(figures, 1);
}

// A figure's merge key prints its numbers as %.6g: figures equal to six significant digits are
// one figure. Whole numbers below a million take a faster path to the same text; these pairs
// straddle its limits (a million takes the exponent form, -0 keeps its sign, -1 stands for a
// missing bound).
TEST(KnowledgeGraph, FiguresEqualToSixDigitsAreOneFigure) {
  auto figures = [](std::vector<std::pair<std::optional<double>, std::optional<double>>> values) {
    KnowledgeGraph kg;
    const std::string text = "Numbers were said.";
    Extraction ex;
    ex.sentences = {{0, text.size()}};
    for (const auto& [v, max] : values) {
      FigureMention f;
      f.value = v;
      if (max) {
        f.value.reset();
        f.min_value = v;
        f.max_value = max;
      }
      f.unit = "barrels";
      f.span = {0, 7};
      ex.figures.push_back(f);
    }
    EXPECT_TRUE(kg.Merge(Doc("a.txt", text), ex));
    int n = 0;
    for (Vertex v = 0; v < kg.num_nodes(); ++v)
      n += std::holds_alternative<FigureNode>(kg.graph()[v]) ? 1 : 0;
    return n;
  };
  EXPECT_EQ(figures({{999999.0, {}}, {999999.4, {}}}), 1);
  EXPECT_EQ(figures({{999999.0, {}}, {999998.0, {}}}), 2);
  EXPECT_EQ(figures({{1234567.0, {}}, {1234570.0, {}}}), 1);  // both 1.23457e+06
  EXPECT_EQ(figures({{1000000.0, {}}, {1000001.0, {}}}), 1);  // both 1e+06
  EXPECT_EQ(figures({{0.0, {}}, {-0.0, {}}}), 2);             // "0" and "-0"
  EXPECT_EQ(figures({{-5.0, {}}, {-5.0000001, {}}}), 1);
  EXPECT_EQ(figures({{-1.0, 3.0}, {{}, 3.0}}), 1);           // a missing minimum prints as -1
  EXPECT_EQ(figures({{2.5, {}}, {2.5000001, {}}, {3.0, {}}}), 2);
}

// The graph keeps only the hash of a statement's or figure's merge key and confirms a match
// by the node's own key: a repeat within the article, or of a node restored from an export,
// is found again; a different quote or number is not.
TEST(KnowledgeGraph, RepeatedStatementsAndFiguresAreFoundByTheirNodesKeys) {
  const std::string text = "He said tax rose. He said Tax rose. He said tax fell.";
  Extraction ex;
  ex.sentences = {{0, 17}, {18, 35}, {36, 53}};
  for (auto [begin, quote] : {std::pair<std::size_t, std::string>{8, "tax rose"},
                              {26, "Tax rose."},  // the same key: NormalizeName folds it
                              {44, "tax fell"}}) {
    StatementMention sm;
    sm.text = quote;
    sm.cue = "said";
    sm.span = {begin, begin + 8};
    ex.statements.push_back(sm);
  }
  for (double value : {5.0, 5.0, 6.0}) {
    FigureMention f;
    f.value = value;
    f.unit = "pct";
    f.span = {0, 2};
    ex.figures.push_back(f);
  }
  KnowledgeGraph kg;
  ASSERT_TRUE(kg.Merge(Doc("a.txt", text), ex));
  EXPECT_EQ(CountNodes<StatementNode>(kg), 2u);
  EXPECT_EQ(CountNodes<FigureNode>(kg), 2u);
  const auto& first = std::get<StatementNode>(kg.graph()[1]);
  EXPECT_EQ(first.text, "tax rose");
  EXPECT_EQ(first.evidence.size(), 2u);

  // Restored nodes are found by the next merge of an article with the same id and new text.
  KnowledgeGraph restored;
  for (Vertex v = 0; v < kg.num_nodes(); ++v) restored.RestoreNode(kg.graph()[v]);
  Document changed = Doc("a.txt", text + " ");
  ASSERT_TRUE(restored.Merge(changed, ex));
  EXPECT_EQ(CountNodes<StatementNode>(restored), 2u);
  EXPECT_EQ(CountNodes<FigureNode>(restored), 2u);
}

// Prepare hashes the statement and figure keys without making them, and a restored node is
// indexed by the hash of the key made as a string: on many random quotes, numbers and units,
// repeats among them, every node restored from a graph is found again by the next merge of the
// same statements and figures (a hash that differed from the string's would add them anew).
TEST(KnowledgeGraph, PreparedKeyHashesFindRestoredNodesOnRandomInputs) {
  std::mt19937 rng(11);
  auto pick = [&](const auto& pool) { return pool[rng() % std::size(pool)]; };
  const double numbers[] = {0.0,      -0.0, 1.0,       2.5,   -3.75, 0.1 + 0.2, 1e-5,
                            999999.4, 1e6,  1234567.0, 4.5e9, 1e21,  17.0,      0.333333333};
  const char* units[] = {"pct",
                         "Pct.",
                         "barrels",
                         "the U.S. dollars'",
                         "tonnes of crude",
                         "",
                         "billion yen",
                         "Workers\xE2\x80\x99"};
  const char* words[] = {"Tax", "rose", "the",  "Bank's", "'fell'",
                         "3.5", "pct",  "U.S.", "--",     "\xE2\x80\x98quote\xE2\x80\x99",
                         "and", "said"};
  const std::string text = "Numbers and quotes were said here.";
  Extraction ex;
  ex.sentences = {{0, text.size()}};
  for (int k = 0; k < 300; ++k) {
    FigureMention f;
    const double x =
        rng() % 3 == 0 ? std::uniform_real_distribution<double>(-1e7, 1e7)(rng) : pick(numbers);
    switch (rng() % 3) {
      case 0:
        f.value = x;
        break;
      case 1:
        f.min_value = x;
        f.max_value = pick(numbers);
        break;
      default:
        f.max_value = x;
    }
    f.unit = pick(units);
    f.span = {0, 7};
    ex.figures.push_back(f);
  }
  for (int k = 0; k < 150; ++k) {
    StatementMention sm;
    // Short quotes repeat; long ones are running text (NormalizeName's blocks of 16 bytes).
    for (std::size_t n = 1 + rng() % (rng() % 2 == 0 ? 2 : 30); n > 0; --n)
      sm.text += std::string(pick(words)) + " ";
    sm.cue = "said";
    sm.span = {8, 15};
    ex.statements.push_back(sm);
  }
  KnowledgeGraph kg;
  ASSERT_TRUE(kg.Merge(Doc("a.txt", text), ex));
  const std::size_t statements = CountNodes<StatementNode>(kg);
  const std::size_t figures = CountNodes<FigureNode>(kg);
  EXPECT_LT(statements, ex.statements.size());  // repeats were found by their hashes
  EXPECT_LT(figures, ex.figures.size());
  KnowledgeGraph restored;
  for (Vertex v = 0; v < kg.num_nodes(); ++v) restored.RestoreNode(kg.graph()[v]);
  ASSERT_TRUE(restored.Merge(Doc("a.txt", text + " "), ex));
  EXPECT_EQ(CountNodes<StatementNode>(restored), statements);
  EXPECT_EQ(CountNodes<FigureNode>(restored), figures);
}

// AliasRanks lists, sorted and once each, the normalised names whose index entry does not list
// its entities in creation order, with the entity's place in that entry.
TEST(KnowledgeGraph, AliasRanksListsEachOutOfOrderNameOnce) {
  KnowledgeGraph kg;
  auto entity = [&](std::string name, AliasSet aliases) {
    EntityNode e;
    e.type = EntityType::kOrganization;
    e.name = std::move(name);
    e.aliases = std::move(aliases);
    return kg.RestoreNode(NodeData(std::move(e)));
  };
  // "Acme Inc" and its alias "Acme Inc." are one key; both entities are under it and "acme".
  const Vertex a = entity("Acme Inc", {"ACME", "Acme Inc."});
  const Vertex b = entity("Acme", {"Acme Inc", "Zeta"});
  kg.RestoreAliasOrder("acme inc", {b, a});
  using Ranks = std::vector<std::pair<std::string, std::size_t>>;
  EXPECT_EQ(kg.AliasRanks(a), (Ranks{{"acme inc", 1}}));
  EXPECT_EQ(kg.AliasRanks(b), (Ranks{{"acme inc", 0}}));
  kg.RestoreAliasOrder("zeta", {b});
  kg.RestoreAliasOrder("acme", {b, a});
  EXPECT_EQ(kg.AliasRanks(a), (Ranks{{"acme", 1}, {"acme inc", 1}}));
  EXPECT_EQ(kg.AliasRanks(b), (Ranks{{"acme", 0}, {"acme inc", 0}}));
}

// AllAliasRanks, made from the alias index in one pass, lists what AliasRanks gives each entity
// (and nothing for the rest), on graphs merged from random articles whose clusters join names
// that other entities took first, so that many index entries are out of creation order; and
// on such a graph read back with its entries reordered.
TEST(KnowledgeGraph, AllAliasRanksAgreeWithAliasRanksOfEachEntity) {
  const std::vector<std::string> names = {"Acme",      "Acme Corp", "ACME",     "Acme Inc.",
                                          "Zeta",      "Zeta Bank", "the Zeta", "Omega",
                                          "Omega Ltd", "OMEGA",     "Zeta's",   "Acme Corp."};
  const std::vector<EntityType> types = {EntityType::kOrganization,
                                         EntityType::kGovernmentOrganization, EntityType::kPerson};
  std::mt19937 rng(20261203);
  std::size_t with_ranks = 0;
  for (int round = 0; round < 200; ++round) {
    KnowledgeGraph kg;
    for (int article = 0; article < 12; ++article) {
      Extraction ex;
      const int n = 1 + static_cast<int>(rng() % 5);
      for (int k = 0; k < n; ++k) {
        Mention m = M(static_cast<std::size_t>(10 * k), names[rng() % names.size()],
                      types[rng() % types.size()]);
        if (k > 0 && rng() % 2 == 0) m.refers_to = rng() % static_cast<std::size_t>(k);
        ex.mentions.push_back(std::move(m));
      }
      (void)kg.Merge(Doc("a" + std::to_string(article), std::string(60, 'x')), ex);
    }
    auto check = [&](const KnowledgeGraph& g) {
      std::vector<std::pair<Vertex, std::pair<std::string, std::size_t>>> expected;
      for (Vertex v = 0; v < g.num_nodes(); ++v)
        for (auto& rank : g.AliasRanks(v)) expected.emplace_back(v, std::move(rank));
      with_ranks += !expected.empty();
      ASSERT_EQ(g.AllAliasRanks(), expected) << "round " << round;
    };
    check(kg);
    // Read back, with the entry of each entity's name listing the entities in reverse.
    KnowledgeGraph restored;
    for (Vertex v = 0; v < kg.num_nodes(); ++v) restored.RestoreNode(kg.graph()[v]);
    for (Vertex v : Entities(kg)) {
      std::vector<Vertex> order = restored.FindEntities(E(kg, v).name);
      std::erase_if(order, [&](Vertex u) { return FamilyOf(E(kg, u).type) !=
                                                  FamilyOf(E(kg, v).type); });
      std::reverse(order.begin(), order.end());
      restored.RestoreAliasOrder(NormalizeName(E(kg, v).name), order);
    }
    check(restored);
  }
  EXPECT_GT(with_ranks, 100u);  // the entries out of order were many
}

TEST(KnowledgeGraph, StableIdsDependOnContentNotOrderOfCalls) {
  auto build = [](bool twice) {
    KnowledgeGraph kg;
    Extraction ex;
    ex.mentions = {M(0, "Syria", EntityType::kCountry)};
    (void)kg.Merge(Doc("a.txt", "Syria"), ex);
    if (twice) (void)kg.Merge(Doc("a.txt", "Syria"), ex);
    return kg.StableIds();
  };
  auto ids = build(false);
  EXPECT_EQ(ids, build(true));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "https://w3id.org/newsgraph/id/article/a-txt");
  EXPECT_EQ(ids[1], "https://w3id.org/newsgraph/id/place/syria");
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The slug of a name in an id: ASCII letters and digits lower-cased, every other run of ASCII
// bytes one '-' (none at the ends), other bytes percent-encoded; too long, cut and hashed;
// nothing left, a hash.
TEST(KnowledgeGraph, BaseStableIdSlugs) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"reuters-1", "reuters-1"},
      {"Reuters-21578/Doc 7.txt", "reuters-21578-doc-7-txt"},
      {"--Hello,  World!!--", "hello-world"},
      {"Caf\xc3\xa9 S\xc3\xa3o Paulo", "caf%C3%A9-s%C3%A3o-paulo"},
      {"\xe6\x97\xa5\xe6\x9c\xac", "%E6%97%A5%E6%9C%AC"},
      {"!!!", "b63a6f4fd309"},
      {"a\tb\nc\x01" "d\x7f", "a-b-c-d"},
      {std::string(119, 'x') + "Y", std::string(119, 'x') + "y"},
      {std::string(120, 'x') + "Y", std::string(100, 'x') + "-fe898c96"},
      {std::string(50, 'x') + "\xc3\xa9" + std::string(60, 'z'),
       std::string(50, 'x') + "%C3%A9" + std::string(60, 'z')},
      {Repeat("\xc3\xa9", 45), Repeat("%C3%A9", 17).substr(0, 100) + "-8877f0b2"},
      {Repeat("\xc3\xa9", 32), Repeat("%C3%A9", 17).substr(0, 100) + "-771f8860"},
      {Repeat("Ab-", 21) + "c", Repeat("ab-", 21) + "c"},
      // Ids whose room for the slug (three bytes per byte) is over 512 bytes: made on the heap.
      {std::string(200, 'q'), std::string(100, 'q') + "-09a5a38a"},
      {Repeat("\xc3\xa9", 100), Repeat("%C3%A9", 17).substr(0, 100) + "-85fc127a"},
  };
  for (const auto& [id, slug] : cases) {
    KnowledgeGraph kg;
    ASSERT_TRUE(kg.Merge(Doc(id, "text"), Extraction{}));
    EXPECT_EQ(kg.BaseStableId(0), std::string(KnowledgeGraph::kIdBase) + "article/" + slug) << id;
  }
}

// The ids of a range of vertices, made with the start of each statement or figure id kept from
// the vertex before when it holds the same article id buffer and node type, are each vertex's
// id made alone: runs of one article, articles alternating, the same id in two buffers, a
// statement then a figure of one article, an empty article id, and every subrange.
TEST(KnowledgeGraph, AppendBaseStableIdsAgreesWithBaseStableIdOfEachVertex) {
  const SharedString a("Reuters/A 1"), a_again("Reuters/A 1"), b("b.txt"), none;
  auto statement = [](const SharedString& article, std::size_t begin) {
    StatementNode s;
    s.article = article;
    s.text = "quote";
    s.evidence = {Evidence{article, {begin, begin + 5}, {}}};
    return NodeData(s);
  };
  auto figure = [](const SharedString& article, std::size_t begin) {
    FigureNode f;
    f.article = article;
    f.value = 1;
    f.evidence = {Evidence{article, {begin, begin + 1}, {}}};
    return NodeData(f);
  };
  KnowledgeGraph kg;
  ArticleNode article;
  article.id = "Reuters/A 1";
  kg.RestoreNode(article);
  EntityNode entity;
  entity.type = EntityType::kPerson;
  entity.name = "John Kerry";
  kg.RestoreNode(entity);
  for (NodeData node : {statement(a, 3), statement(a, 40), figure(a, 3), figure(a, 7),
                        statement(b, 3), figure(a, 9), statement(a_again, 12), figure(a_again, 2),
                        statement(none, 5), statement(none, 6), figure(none, 5), figure(b, 0)})
    kg.RestoreNode(std::move(node));
  const std::string base = KnowledgeGraph::kIdBase;
  EXPECT_EQ(kg.BaseStableId(2), base + "statement/reuters-a-1/3");
  EXPECT_EQ(kg.BaseStableId(5), base + "figure/reuters-a-1/7");
  EXPECT_EQ(kg.BaseStableId(6), base + "statement/b-txt/3");
  const std::size_t n = kg.num_nodes();
  for (Vertex from = 0; from < n; ++from) {
    for (Vertex to = from; to <= n; ++to) {
      std::string out = "x";  // appended to what is there
      std::vector<std::size_t> ends = {7};
      kg.AppendBaseStableIds(from, to, out, ends);
      std::string expected = "x";
      std::vector<std::size_t> expected_ends = {7};
      for (Vertex v = from; v < to; ++v) {
        expected += kg.BaseStableId(v);
        expected_ends.push_back(expected.size());
      }
      EXPECT_EQ(out, expected) << from << " " << to;
      EXPECT_EQ(ends, expected_ends) << from << " " << to;
    }
  }
}

// The numbering given the ids sorted (the JSON-LD writer's) must be the plain numbering:
// crafted namesakes, ids that equal a number ("x-2"), numbers of numbers, and random mixes.
TEST(KnowledgeGraph, UniqueStableIdsFromSortedIdsAgreeWithPlainNumbering) {
  auto check = [](const std::vector<std::string>& base) {
    std::vector<Vertex> order(base.size());
    for (Vertex v = 0; v < order.size(); ++v) order[v] = v;
    std::sort(order.begin(), order.end(), [&](Vertex a, Vertex b) {
      return base[a] < base[b] || (base[a] == base[b] && a < b);
    });
    const std::vector<std::string> plain = KnowledgeGraph::UniqueStableIds(base);
    std::vector<std::string> ids = base;
    std::vector<Vertex> renamed;
    const std::vector<std::string_view> views(base.begin(), base.end());
    for (auto& [v, id] : KnowledgeGraph::NumberedStableIds(views, order)) {
      renamed.push_back(v);
      ids[v] = id;
    }
    EXPECT_EQ(ids, plain);
    std::vector<Vertex> expected_renamed;
    for (Vertex v = 0; v < base.size(); ++v)
      if (plain[v] != base[v]) expected_renamed.push_back(v);
    EXPECT_EQ(renamed, expected_renamed);
    // Told where neighbours may tie (those that do, and every other position but one), the
    // numbering is the same; told no position, nothing is numbered.
    std::vector<std::size_t> ties;
    for (std::size_t i = 1; i < order.size(); ++i)
      if (base[order[i]] == base[order[i - 1]] || i % 3 == 0) ties.push_back(i);
    EXPECT_EQ(KnowledgeGraph::NumberedStableIds(views, order, &ties),
              KnowledgeGraph::NumberedStableIds(views, order));
    const std::vector<std::size_t> none;
    EXPECT_TRUE(KnowledgeGraph::NumberedStableIds(views, order, &none).empty());
    return plain;
  };
  EXPECT_EQ(check({"a", "b", "c"}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(check({"x", "x-2", "x", "x"}),
            (std::vector<std::string>{"x", "x-2", "x-3", "x-4"}));
  EXPECT_EQ(check({"x", "x", "x-2", "x-2-2", "y-1", "x"}),
            (std::vector<std::string>{"x", "x-2", "x-2-2", "x-2-2-2", "y-1", "x-3"}));
  EXPECT_EQ(check({"p/r-1", "p/r-1", "p/r-1-2", "p/r"}),
            (std::vector<std::string>{"p/r-1", "p/r-1-2", "p/r-1-2-2", "p/r"}));
  const std::vector<std::string> pieces = {"x", "x-2", "x-3", "x-2-2", "x-10", "y", "y-2",
                                           "-2", "x-", "x--2", "x2", "z-1", "z-1-2"};
  std::mt19937 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::string> base(1 + rng() % 12);
    for (auto& id : base) id = pieces[rng() % pieces.size()];
    check(base);
  }
}

Mention Keyed(std::size_t b, std::string text, EntityType t, std::string key, bool generic = false) {
  Mention m = M(b, std::move(text), t);
  m.key = std::move(key);
  m.generic = generic;
  return m;
}

TEST(KnowledgeGraph, IdentityKeyJoinsDemonymAndOfCountryFormsAcrossArticles) {
  KnowledgeGraph kg;
  Extraction a, b;
  a.mentions = {Keyed(0, "Russian Foreign Ministry", EntityType::kGovernmentOrganization,
                      "foreign ministry of russia")};
  b.mentions = {Keyed(4, "Foreign Ministry of Russia", EntityType::kGovernmentOrganization,
                      "foreign ministry of russia")};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", "Russian Foreign Ministry said."), a));
  ASSERT_TRUE(kg.Merge(Doc("b.txt", "The Foreign Ministry of Russia said."), b));
  auto ents = Entities(kg);
  ASSERT_EQ(ents.size(), 1u);
  EXPECT_EQ(E(kg, ents[0]).name, "Foreign Ministry of Russia");
  EXPECT_EQ(E(kg, ents[0]).aliases, AliasSet{"Russian Foreign Ministry"});
}

TEST(KnowledgeGraph, IdentityKeyJoinsWithinArticle) {
  KnowledgeGraph kg;
  Extraction ex;
  ex.mentions = {Keyed(0, "Russian Foreign Ministry", EntityType::kGovernmentOrganization,
                       "foreign ministry of russia"),
                 Keyed(30, "Foreign Ministry of Russia", EntityType::kGovernmentOrganization,
                       "foreign ministry of russia")};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(60, 'x')), ex));
  EXPECT_EQ(Entities(kg).size(), 1u);
}

TEST(KnowledgeGraph, BareGenericCouncilDoesNotSwallowUnSecurityCouncil) {
  KnowledgeGraph kg;
  // Article a: "the UN Security Council ... the Security Council" (one body, in this article).
  Extraction a;
  a.mentions = {M(0, "UN Security Council", EntityType::kOrganization,
                  "United Nations Security Council"),
                Keyed(30, "Security Council", EntityType::kGovernmentOrganization, "", true)};
  a.mentions[1].refers_to = 0;
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(60, 'x')), a));
  // Article b: Russia's Security Council, named only generically.
  Extraction b;
  b.mentions = {Keyed(0, "Security Council", EntityType::kGovernmentOrganization, "", true)};
  ASSERT_TRUE(kg.Merge(Doc("b.txt", std::string(60, 'y')), b));
  auto ents = Entities(kg);
  ASSERT_EQ(ents.size(), 2u);
  EXPECT_EQ(E(kg, ents[0]).name, "United Nations Security Council");
  EXPECT_EQ(E(kg, ents[1]).name, "Security Council");
  EXPECT_EQ(kg.FindEntities("Security Council").size(), 2u);
}

TEST(KnowledgeGraph, GenericNameWithKeyStillJoinsAcrossArticles) {
  KnowledgeGraph kg;
  Extraction a, b;
  a.mentions = {Keyed(0, "Security Council", EntityType::kGovernmentOrganization,
                      "security council of russia", true)};
  b.mentions = {Keyed(0, "Russian Security Council", EntityType::kGovernmentOrganization,
                      "security council of russia")};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(40, 'x')), a));
  ASSERT_TRUE(kg.Merge(Doc("b.txt", std::string(40, 'y')), b));
  auto ents = Entities(kg);
  ASSERT_EQ(ents.size(), 1u);
  EXPECT_EQ(E(kg, ents[0]).name, "Russian Security Council");
}

TEST(KnowledgeGraph, LoneSurnameJoinsTheOnePersonKnownByIt) {
  KnowledgeGraph kg;
  Extraction a, b;
  a.mentions = {M(0, "John Kerry", EntityType::kPerson), M(20, "Kerry", EntityType::kPerson)};
  b.mentions = {M(0, "Kerry", EntityType::kPerson)};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(40, 'x')), a));
  ASSERT_TRUE(kg.Merge(Doc("b.txt", std::string(40, 'y')), b));
  ASSERT_EQ(Entities(kg).size(), 1u);
  EXPECT_EQ(E(kg, Entities(kg)[0]).name, "John Kerry");
}

TEST(KnowledgeGraph, LoneSurnameOfTwoKnownPersonsJoinsNeither) {
  KnowledgeGraph kg;
  Extraction a, b, c;
  a.mentions = {M(0, "Omar Abu Anas", EntityType::kPerson), M(20, "Anas", EntityType::kPerson)};
  b.mentions = {M(0, "Ahmad Anas", EntityType::kPerson), M(20, "Anas", EntityType::kPerson)};
  c.mentions = {M(0, "Anas", EntityType::kPerson)};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(40, 'x')), a));
  ASSERT_TRUE(kg.Merge(Doc("b.txt", std::string(40, 'y')), b));
  ASSERT_TRUE(kg.Merge(Doc("c.txt", std::string(40, 'z')), c));
  EXPECT_EQ(Entities(kg).size(), 3u);
}

TEST(KnowledgeGraph, FullNameJoinsAPersonEarlierArticlesNamedBySurnameOnly) {
  KnowledgeGraph kg;
  Extraction a, b;
  a.mentions = {M(0, "Kerry", EntityType::kPerson)};
  b.mentions = {M(0, "John Kerry", EntityType::kPerson)};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(40, 'x')), a));
  ASSERT_TRUE(kg.Merge(Doc("b.txt", std::string(40, 'y')), b));
  ASSERT_EQ(Entities(kg).size(), 1u);
  EXPECT_EQ(E(kg, Entities(kg)[0]).name, "John Kerry");
}

TEST(KnowledgeGraph, GenericNameJoinsTheSameBareNameButNotAFullerOne) {
  KnowledgeGraph kg;
  Extraction a, b, c;
  a.mentions = {M(0, "UN Security Council", EntityType::kOrganization),
                M(25, "Security Council", EntityType::kOrganization)};
  a.mentions[1].generic = true;
  a.mentions[1].refers_to = 0;
  b.mentions = {M(0, "Security Council", EntityType::kGovernmentOrganization)};
  b.mentions[0].generic = true;
  c.mentions = {M(0, "Security Council", EntityType::kGovernmentOrganization)};
  c.mentions[0].generic = true;
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(40, 'x')), a));
  ASSERT_TRUE(kg.Merge(Doc("b.txt", std::string(40, 'y')), b));
  ASSERT_TRUE(kg.Merge(Doc("c.txt", std::string(40, 'z')), c));
  EXPECT_EQ(Entities(kg).size(), 2u);  // the UN body, and one bare "Security Council"
}

TEST(KnowledgeGraph, FullNameJoinsAcrossArticlesWithSurnameAlias) {
  KnowledgeGraph kg;
  Extraction a, b;
  a.mentions = {M(0, "Alexander Bortnikov", EntityType::kPerson),
                M(30, "Bortnikov", EntityType::kPerson)};
  b.mentions = {M(0, "Bortnikov", EntityType::kPerson),
                M(20, "Alexander Bortnikov", EntityType::kPerson)};
  ASSERT_TRUE(kg.Merge(Doc("a.txt", std::string(40, 'x')), a));
  ASSERT_TRUE(kg.Merge(Doc("b.txt", std::string(40, 'y')), b));
  EXPECT_EQ(Entities(kg).size(), 1u);
}

TEST(KnowledgeGraph, ExtractorLinkJoinsDescriptionAndAcronym) {
  KnowledgeGraph kg;
  Extraction ex;
  ex.mentions = {M(0, "Russian security service", EntityType::kGovernmentOrganization),
                 M(26, "FSB", EntityType::kGovernmentOrganization,
                   "Federal Security Service of Russia")};
  ex.mentions[1].refers_to = 0;
  ASSERT_TRUE(kg.Merge(Doc("a.txt", "Russian security service (FSB) said."), ex));
  auto ents = Entities(kg);
  ASSERT_EQ(ents.size(), 1u);
  EXPECT_EQ(E(kg, ents[0]).name, "Federal Security Service of Russia");
  EXPECT_TRUE(E(kg, ents[0]).aliases.count("FSB"));
  EXPECT_TRUE(E(kg, ents[0]).aliases.count("Russian security service"));
}

// The statement and figure index keeps one vertex per key hash in its open-addressing table and
// the vertices of further keys with that hash apart (keyed_collisions_): statements whose
// different keys are given one hash stay different nodes, and a repeat of each finds its own.
TEST(KnowledgeGraph, KeysSharingAHashStayApartAndAreFoundAgain) {
  const std::string text = "One said. Two said. Two said. One said. Three said.";
  Document d = Doc("a.txt", text);
  Extraction ex;
  for (std::string s : {"One", "Two", "Two", "One", "Three"}) {
    StatementMention st;
    st.text = s;
    st.span = {text.find(s), text.find(s) + s.size()};
    ex.statements.push_back(st);
  }
  auto statements = [](const KnowledgeGraph& kg) {
    std::vector<std::pair<std::string, std::size_t>> out;  // text, evidence count
    for (Vertex v = 0; v < kg.num_nodes(); ++v)
      if (auto* s = std::get_if<StatementNode>(&kg.graph()[v]))
        out.emplace_back(s->text, s->evidence.size());
    return out;
  };
  KnowledgeGraph distinct, collided;
  ASSERT_TRUE(distinct.Merge(d, ex));
  PreparedMerge p = KnowledgeGraph::Prepare(d, ex);
  for (std::size_t& hash : p.statement_hashes) hash = 42;  // every key on one hash
  ASSERT_TRUE(collided.Merge(d, ex, std::move(p)));
  const std::vector<std::pair<std::string, std::size_t>> expected = {
      {"One", 2}, {"Two", 2}, {"Three", 1}};
  EXPECT_EQ(statements(distinct), expected);
  EXPECT_EQ(statements(collided), expected);
  EXPECT_EQ(collided.StableIds(), distinct.StableIds());
}

// Every edge of a graph, in edge order: its ends, label, number of articles and evidence spans.
std::vector<std::tuple<Vertex, Vertex, std::string, std::size_t, std::vector<std::size_t>>>
EdgeDump(const KnowledgeGraph& kg) {
  std::vector<std::tuple<Vertex, Vertex, std::string, std::size_t, std::vector<std::size_t>>> out;
  const Graph& g = kg.graph();
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    std::vector<std::size_t> spans;
    for (const Evidence& ev : g[*it].evidence) spans.push_back(ev.span.begin);
    out.emplace_back(boost::source(*it, g), boost::target(*it, g), EdgeLabel(g[*it]),
                     g[*it].articles.size(), spans);
  }
  return out;
}

// Merge adds a new article's mention edges without looking them up (two clusters that resolve
// to one entity share the edge the first added); an article merged again with new content looks
// each up, through the hub index once it has many. Both give the same edges.
TEST(KnowledgeGraph, NewArticleMentionEdgesAreTheLookedUpOnes) {
  Extraction a;  // makes "Apple Computer" an alias of "Apple Inc"
  a.mentions = {M(0, "Apple Inc", EntityType::kOrganization),
                M(10, "Apple Computer", EntityType::kOrganization)};
  a.mentions[1].refers_to = 0;
  // Many clusters (a hub), two of which ("Apple Inc", "Apple Computer") find one entity.
  std::string text;
  Extraction b;
  for (int k = 0; k < 40; ++k) {
    const std::string name = "Town" + std::string(1, static_cast<char>('a' + k % 26)) +
                             std::string(1, static_cast<char>('a' + k / 26));
    b.mentions.push_back(M(text.size(), name, EntityType::kPlace));
    text += name + ". ";
    if (k == 10 || k == 20) {
      b.mentions.push_back(M(text.size(), k == 10 ? "Apple Inc" : "Apple Computer",
                             EntityType::kOrganization));
      text += b.mentions.back().text + ". ";
    }
  }
  b.mentions.push_back(M(text.size(), "Apple Inc", EntityType::kOrganization));
  text += "Apple Inc.";
  b.sentences = {{0, text.size()}};
  const Document doc_a = Doc("a.txt", "Apple Inc (Apple Computer)");
  const Document doc_b = Doc("b.txt", text);

  KnowledgeGraph added, looked_up;
  ASSERT_TRUE(added.Merge(doc_a, a));
  ASSERT_TRUE(added.Merge(doc_b, b));
  ASSERT_TRUE(looked_up.Merge(doc_a, a));
  ASSERT_TRUE(looked_up.Merge(Doc("b.txt", "an earlier version"), Extraction()));
  ASSERT_TRUE(looked_up.Merge(doc_b, b));  // the same id, new content: the article is kept

  EXPECT_EQ(added.StableIds(), looked_up.StableIds());
  EXPECT_EQ(EdgeDump(added), EdgeDump(looked_up));
  // One edge to Apple, with the evidence of both clusters.
  const std::vector<Vertex> apple = added.FindEntities("Apple Computer");
  ASSERT_EQ(apple.size(), 1u);
  const Vertex article = *added.FindArticle("b.txt");
  std::size_t apple_edges = 0;
  for (auto [it, end] = boost::out_edges(article, added.graph()); it != end; ++it) {
    if (boost::target(*it, added.graph()) != apple[0]) continue;
    ++apple_edges;
    EXPECT_EQ(added.graph()[*it].evidence.size(), 3u);
  }
  EXPECT_EQ(apple_edges, 1u);
  EXPECT_EQ(boost::out_degree(article, added.graph()), 41u);
}

// The out-edges of a vertex with many are found through an index built at the first lookup from
// it; a copy starts without the index and builds its own. An edge found again, through the index
// or by the scan of a small vertex, gains an article instead of being added twice.
TEST(KnowledgeGraph, HubEdgesAreFoundAgainInTheGraphAndItsCopy) {
  // "Acme" heads 40 towns (a hub of relation edges) and one of them again in a second article.
  auto article = [](int towns, int repeat) {
    std::string text = "Acme. ";
    Extraction ex;
    ex.mentions.push_back(M(0, "Acme", EntityType::kOrganization));
    for (int k = 0; k < towns; ++k) {
      const int t = towns == 1 ? repeat : k;
      const std::string name = "Town" + std::string(1, static_cast<char>('a' + t % 26)) +
                               std::string(1, static_cast<char>('a' + t / 26));
      ex.mentions.push_back(M(text.size(), name, EntityType::kPlace));
      ex.relations.push_back(
          {0, "heads", ex.mentions.size() - 1, "", {text.size(), text.size() + name.size()}});
      text += name + ". ";
    }
    ex.sentences = {{0, text.size()}};
    return std::make_pair(text, ex);
  };
  const auto [text1, ex1] = article(40, 0);
  const auto [text2, ex2] = article(1, 7);
  const auto [text3, ex3] = article(1, 39);
  KnowledgeGraph kg;
  ASSERT_TRUE(kg.Merge(Doc("1.txt", text1), ex1));
  KnowledgeGraph copy(kg);
  for (KnowledgeGraph* g : {&kg, &copy}) {
    ASSERT_TRUE(g->Merge(Doc("2.txt", text2), ex2));
    ASSERT_TRUE(g->Merge(Doc("3.txt", text3), ex3));
  }
  EXPECT_EQ(EdgeDump(kg), EdgeDump(copy));
  std::size_t relations = 0, twice = 0;
  for (const auto& [from, to, label, articles, spans] : EdgeDump(kg)) {
    if (label != "heads") continue;
    ++relations;
    if (articles == 2) ++twice;
  }
  EXPECT_EQ(relations, 40u);
  EXPECT_EQ(twice, 2u);
}

// Merge adds edges without Boost's add_edge (which copies a default EdgeData twice), building
// the list node and the out- and in-edge entries itself: the graph must be what add_edge gives.
// The same edges, in the graph's edge order, added to an empty graph by boost::add_edge give the
// same out-edge and in-edge lists; each vertex's in-edges are the out-edges of others (the same
// EdgeData, not a copy).
TEST(KnowledgeGraph, EdgesAreTheOnesBoostAddEdgeMakes) {
  KnowledgeGraph kg;
  for (int a = 0; a < 4; ++a) {
    std::string text;
    Extraction ex;
    for (int k = 0; k < 12; ++k) {
      const std::string name = "Name" + std::string(1, static_cast<char>('a' + (k * (a + 1)) % 9));
      ex.mentions.push_back(M(text.size(), name, k % 3 ? EntityType::kOrganization
                                                       : EntityType::kPlace));
      text += name + ". ";
      if (k > 0)
        ex.relations.push_back({static_cast<std::size_t>(k - 1), "partOf",
                                static_cast<std::size_t>(k), "", {0, text.size()}});
    }
    ex.sentences = {{0, text.size()}};
    ASSERT_TRUE(kg.Merge(Doc(std::to_string(a) + ".txt", text), ex));
  }
  const Graph& g = kg.graph();
  ASSERT_GT(boost::num_edges(g), 40u);
  Graph ref;
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v) boost::add_vertex(ref);
  for (auto [it, end] = boost::edges(g); it != end; ++it)
    boost::add_edge(boost::source(*it, g), boost::target(*it, g), g[*it], ref);
  ASSERT_EQ(boost::num_edges(ref), boost::num_edges(g));
  auto labels = [](const Graph& x, auto range) {
    std::vector<std::tuple<Vertex, Vertex, std::string, std::size_t>> out;
    for (auto [it, end] = range; it != end; ++it)
      out.emplace_back(boost::source(*it, x), boost::target(*it, x), EdgeLabel(x[*it]),
                       x[*it].evidence.size());
    return out;
  };
  std::size_t in_edges = 0;
  for (Vertex v = 0; v < boost::num_vertices(g); ++v) {
    EXPECT_EQ(labels(g, boost::out_edges(v, g)), labels(ref, boost::out_edges(v, ref))) << v;
    EXPECT_EQ(labels(g, boost::in_edges(v, g)), labels(ref, boost::in_edges(v, ref))) << v;
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it) {
      ++in_edges;
      EXPECT_EQ(boost::target(*it, g), v);
      const EdgeData* found = nullptr;
      for (auto [o, oend] = boost::out_edges(boost::source(*it, g), g); o != oend; ++o)
        if (&g[*o] == &g[*it]) found = &g[*o];
      EXPECT_NE(found, nullptr) << v;
    }
  }
  EXPECT_EQ(in_edges, boost::num_edges(g));
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

// The article's content hash is FNV-1a over its text, eight bytes per turn of a loop plus a
// tail: compared with the byte-by-byte digest for every length around those turns, and for
// bytes from 0x80.
TEST(KnowledgeGraph, ContentHashIsFnv1aOfTheText) {
  auto fnv1a_hex = [](std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return std::string(buf);
  };
  std::mt19937 rng(7);
  for (std::size_t size = 0; size <= 40; ++size) {
    std::string text(size, ' ');
    for (char& c : text) c = static_cast<char>(rng() & 0xFF);
    KnowledgeGraph kg;
    ASSERT_TRUE(kg.Merge(Doc("a" + std::to_string(size), text), Extraction{}));
    const auto& a = std::get<ArticleNode>(kg.graph()[*kg.FindArticle("a" + std::to_string(size))]);
    EXPECT_EQ(a.content_hash.view(), fnv1a_hex(text)) << size;
  }
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

// Every vertex is as large as the largest node type: an entity's names take 16 bytes in the node
// (AliasSet), so that entities, the commonest node with names, no longer set that size.
TEST(KnowledgeGraph, EntityNodeIsNotTheLargestNode) {
  EXPECT_EQ(sizeof(AliasSet), 16u);
  EXPECT_LE(sizeof(EntityNode), std::max(sizeof(StatementNode), sizeof(FigureNode)));
}

}  // namespace
}  // namespace newsgraph
