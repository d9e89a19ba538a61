// Table-driven tests of the RelationExtractor: {text, mentions, expected dump}. Mentions are
// built by hand so that these tests pin the relation patterns only.
#include "extract/relation_extractor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "extract/lexicon.h"
#include "extract/tokenizer.h"
#include "tests/extract/fast_path_inputs.h"
#include "tests/extract/test_lexicon.h"

namespace newsgraph::extract {
namespace {

using test_support::Lex;

constexpr EntityType P = EntityType::kPerson;
constexpr EntityType G = EntityType::kGovernmentOrganization;
constexpr EntityType O = EntityType::kOrganization;
constexpr EntityType C = EntityType::kCountry;

struct Case {
  std::string name, text;
  std::vector<std::pair<std::string, EntityType>> mentions;
  std::string want;  // subject|predicate|object|role per line
};

// A case's mentions, placed at successive occurrences of their surface forms.
std::vector<Mention> CaseMentions(const Document& doc, const Case& c) {
  std::vector<Mention> ms;
  std::size_t from = 0;
  for (const auto& [surface, type] : c.mentions) {
    const std::size_t at = doc.text.find(surface, from);
    EXPECT_NE(at, std::string::npos) << surface;
    Mention m;
    m.span = {at, at + surface.size()};
    m.text = surface;
    m.type = type;
    ms.push_back(std::move(m));
    from = at + surface.size();
  }
  return ms;
}

std::string RunCase(const Case& c) {
  Document doc;
  doc.text = c.text;
  const std::vector<Token> toks = Tokenize(doc.text);
  const std::vector<Mention> ms = CaseMentions(doc, c);
  std::ostringstream out;
  for (const RelationMention& r : RelationExtractor(Lex()).Extract(doc, toks, ms))
    out << ms[r.subject].text << "|" << r.predicate << "|" << ms[r.object].text << "|" << r.role
        << "\n";
  return out.str();
}

class RelationTable : public ::testing::TestWithParam<Case> {};
TEST_P(RelationTable, Dump) { EXPECT_EQ(RunCase(GetParam()), GetParam().want); }

const Case kCases[] = {
    {"title_of_org_then_person", "the head of the FSB John Smith said",
     {{"FSB", G}, {"John Smith", P}}, "John Smith|heads|FSB|head\n"},
    {"org_then_title_then_person", "Al-Qaeda chief Ayman al-Zawahiri called",
     {{"Al-Qaeda", O}, {"Ayman al-Zawahiri", P}}, "Ayman al-Zawahiri|heads|Al-Qaeda|chief\n"},
    {"country_possessive_title_of_org", "France's head of Security Council Jean Dupont told",
     {{"France", C}, {"Security Council", G}, {"Jean Dupont", P}},
     "Jean Dupont|heads|Security Council|head\nSecurity Council|partOf|France|\n"},
    {"title_of_org_of_country", "The chairman of the Security Committee of Norway Ola Nordmann",
     {{"Security Committee", G}, {"Norway", C}, {"Ola Nordmann", P}},
     "Security Committee|partOf|Norway|\nOla Nordmann|heads|Security Committee|chairman\n"},
    {"apposition", "Ola Nordmann, chairman of the Security Committee, said",
     {{"Ola Nordmann", P}, {"Security Committee", G}},
     "Ola Nordmann|heads|Security Committee|chairman\n"},
    {"possessive_org_title_person", "the Ministry's director Anna Berg",
     {{"Ministry", G}, {"Anna Berg", P}}, "Anna Berg|heads|Ministry|director\n"},
    {"headed_by", "The Emirate, headed by the most wanted militant Doku Ivanov, is",
     {{"Emirate", O}, {"Doku Ivanov", P}}, "Doku Ivanov|heads|Emirate|headed by\n"},
    {"member_titles", "Foreign Ministry spokesman Maria Ivanova said",
     {{"Foreign Ministry", G}, {"Maria Ivanova", P}},
     "Maria Ivanova|memberOf|Foreign Ministry|spokesman\n"},
    {"department_of_ministry", "the Department for Exports of the Foreign Ministry",
     {{"Department for Exports", G}, {"Foreign Ministry", G}},
     "Department for Exports|partOf|Foreign Ministry|\n"},
    {"ministry_possessive_director_of_department",
     "the Foreign Ministry's director of the Department for Exports said",
     {{"Foreign Ministry", G}, {"Department for Exports", G}},
     "Department for Exports|partOf|Foreign Ministry|\n"},
    // A name ending the headline does not modify a title opening the next paragraph
    // (regression: "... combating Daesh\n\nForeign Minister X" made X head Daesh).
    {"no_left_org_across_a_line_break", "Talks on combating Daesh\n\nForeign Minister Ann Lee met",
     {{"Daesh", O}, {"Ann Lee", P}}, ""},
    // An envoy or representative "for Y" is sent to Y: its member relation is to the left
    // organization or country, not to Y (regression).
    {"representative_for_country_is_sent_there",
     "Ann Lee, the Norway Special Representative for Syria, said",
     {{"Ann Lee", P}, {"Norway", C}, {"Syria", C}},
     "Ann Lee|memberOf|Norway|Special Representative\n"},
    {"envoy_for_coalition_names_no_member", "Special Envoy for the Global Coalition Ann Lee will",
     {{"Global Coalition", O}, {"Ann Lee", P}}, ""},
    {"spokesman_for_org_is_member", "Ann Lee, a spokesman for the Foreign Ministry, said",
     {{"Ann Lee", P}, {"Foreign Ministry", G}},
     "Ann Lee|memberOf|Foreign Ministry|spokesman\n"},
    {"country_minister_is_member", "Spain's ambassador Luis Vega arrived",
     {{"Spain", C}, {"Luis Vega", P}}, "Luis Vega|memberOf|Spain|ambassador\n"},
    {"president_heads_country", "Syria's President Bashar al-Assad",
     {{"Syria", C}, {"Bashar al-Assad", P}}, "Bashar al-Assad|heads|Syria|President\n"},
    {"org_name_modifying_a_noun_is_not_the_whole", "the Council of Heads of CIS countries met",
     {{"Council of Heads", O}, {"CIS", O}}, ""},
    {"no_title_no_relation", "John Smith met the FSB on Monday", {{"John Smith", P}, {"FSB", G}},
     ""},
};

INSTANTIATE_TEST_SUITE_P(Relations, RelationTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

// The scans step only over the tokens that may start a title or another pattern (FindStops):
// on the cases, on the seeds and on random text of titles, names and the words
// the patterns look for, they must find what stepping over every token finds.
TEST(RelationExtractor, SkipsFindWhatThePlainPathFindsInTheCases) {
  const RelationExtractor x(Lex());
  for (const Case& c : kCases) {
    const Document doc = test_support::CaseDocument(c.name, c.text);
    Extraction ex;
    ex.mentions = CaseMentions(doc, c);
    test_support::ExpectSkipsFindWhatThePlainPathFinds(x, doc, Tokenize(doc.text), ex);
  }
}

TEST(RelationExtractor, SkipsFindWhatThePlainPathFindsInTheSeeds) {
  const RelationExtractor x(Lex());
  const std::size_t relations =
      test_support::FindingsInTheSeeds(x, 'R', test_support::SentencesAndMentions);
  EXPECT_GT(relations, 0u);
}

TEST(RelationExtractor, SkipsFindWhatThePlainPathFindsInRandomText) {
  const RelationExtractor x(Lex());
  const std::vector<std::string> glue = {
      "of",      "of",  "the", "the",   "for",       ",",       ",",   ".", "'s",
      "’s",      "'",   "(",   ")",     "headed",    "led",     "by",  "a", "former",
      "current", "and", "who", "which", "countries", "members", "said"};
  const std::size_t relations =
      test_support::FindingsInRandomText(x, {"roles", "country_head_titles"}, glue, 1000, 11, 'R');
  EXPECT_GT(relations, 150u);  // something to compare
}

// A lexicon loaded from a data directory of its own: the project's country gazetteer and the
// word lists `lists` (name -> lines), so that its vocabulary holds or lacks the words a test
// chooses. The directory is removed once the lexicon is loaded.
Lexicon LexiconWith(const std::string& name, const std::map<std::string, std::string>& lists) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("relation_lexicon_" + name + "_" + std::to_string(::getpid()));
  fs::create_directories(dir / "lists");
  fs::copy_file(fs::path(NEWSGRAPH_DATA_DIR) / "countries.tsv", dir / "countries.tsv",
                fs::copy_options::overwrite_existing);
  for (const auto& [list, lines] : lists) std::ofstream(dir / "lists" / (list + ".txt")) << lines;
  auto lex = Lexicon::Load(dir.string());
  fs::remove_all(dir);
  EXPECT_TRUE(lex.ok()) << lex.status().message();
  return std::move(lex).value();
}

// The relations `x` finds in `a` through its one scan for stops and on its plain path, which
// must agree, dumped one per line; `lex` is the lexicon `x` was built on.
std::string SkipsAndPlainPath(const RelationExtractor& x, const Lexicon& lex,
                              const test_support::RandomArticle& a) {
  const TokenView tv(a.doc, a.tokens, a.ex.mentions, lex.vocabulary());
  auto dump = [&](const std::vector<RelationMention>& rs) {
    std::ostringstream out;
    for (const RelationMention& r : rs)
      out << r.subject << "|" << r.predicate << "|" << r.object << "|" << r.role << "|"
          << r.evidence.begin << "-" << r.evidence.end << "\n";
    return out.str();
  };
  const std::string fast = dump(x.Extract(tv, a.ex.mentions));
  EXPECT_EQ(fast, dump(internal::ExtractWithoutSkips(x, tv, a.ex.mentions))) << a.doc.text;
  return fast;
}

// The scans for stops judge a title's first word by its number and the link words after a
// mention by their text. The project's lexicon holds "of" but none of "headed", "led", "'s" and
// "'": a lexicon that holds all five and one that holds none of them (its titles have no "of")
// must find on the skip path what the plain path finds as well.
TEST(RelationExtractor, SkipsFindWhatThePlainPathFindsWhateverWordsTheVocabularyHolds) {
  // The project's lists as lines, all of them, and without the entries that have an "of".
  auto lines = [](const std::string& list, bool with_of) {
    std::string out;
    for (const std::string& entry : test_support::ListEntries({list})) {
      if (!with_of && (" " + entry + " ").find(" of ") != std::string::npos) continue;
      out += entry + "\t" + Lex().List(list).at(entry) + "\n";
    }
    return out;
  };
  const Lexicon holds = LexiconWith(
      "holds", {{"roles", lines("roles", true)},
                {"country_head_titles", lines("country_head_titles", true)},
                {"link_words", "headed\nled\n's\n'\n"}});
  const Lexicon lacks =
      LexiconWith("lacks", {{"roles", lines("roles", false)},
                            {"country_head_titles", lines("country_head_titles", false)}});
  for (const char* w : {"of", "headed", "led", "'s", "'"}) {
    ASSERT_NE(holds.vocabulary().Find(w), kUnknownWord) << w;
    ASSERT_EQ(lacks.vocabulary().Find(w), kUnknownWord) << w;
  }
  const std::vector<std::string> entries =
      test_support::ListEntries({"roles", "country_head_titles"});
  const std::vector<std::string> glue = {
      "of",      "of",  "the", "the",   "for",       ",",       ",",   ".", "'s",
      "’s",      "'",   "(",   ")",     "headed",    "led",     "by",  "a", "former",
      "current", "and", "who", "which", "countries", "members", "said"};
  for (const Lexicon* lex : {&holds, &lacks}) {
    const RelationExtractor x(*lex);
    std::mt19937 rng(17);
    std::size_t relations = 0;
    for (int round = 0; round < 500; ++round) {
      const test_support::RandomArticle a =
          test_support::MakeRandomArticle(entries, glue, 120, rng);
      const std::string found = SkipsAndPlainPath(x, *lex, a);
      relations += static_cast<std::size_t>(std::count(found.begin(), found.end(), '\n'));
    }
    EXPECT_GT(relations, 100u);  // something to compare
  }
}

// The second scan's stops are found from the mentions' ends (FindStops): on text dense in names
// and the words of its patterns (", headed by", "of the", "'s"), it must find what the plain
// path finds, as well with the mentions reversed (a token view then maps fewer tokens to them).
TEST(RelationExtractor, LinkStopsFromTheMentionsFindWhatThePlainPathFinds) {
  const RelationExtractor x(Lex());
  const std::vector<std::string> words = {",",  "headed", "led", "by",  "of", "the",
                                          "'s", "’s",     "'",   "and", "."};
  std::mt19937 rng(23);
  std::size_t relations = 0;
  for (int round = 0; round < 2000; ++round) {
    test_support::RandomArticle a = test_support::MakeRandomArticle(words, words, 120, rng);
    for (int reversed = 0; reversed < 2; ++reversed) {
      const std::string found = SkipsAndPlainPath(x, Lex(), a);
      relations += static_cast<std::size_t>(std::count(found.begin(), found.end(), '\n'));
      std::reverse(a.ex.mentions.begin(), a.ex.mentions.end());
    }
  }
  EXPECT_GT(relations, 300u);  // something to compare
}
}  // namespace
}  // namespace newsgraph::extract
