// Table-driven tests of the FigureExtractor: {text, expected dump}. Reporters come from a
// statement built by hand, so these tests pin the number logic only.
#include "extract/figure_extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <set>
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

std::string Num(double v) {
  std::ostringstream o;
  o.precision(12);
  o << v;
  return o.str();
}

// One line per figure: value or min-max | qualifier | unit | reporter.
std::string Dump(const Extraction& ex) {
  std::ostringstream out;
  for (const FigureMention& f : ex.figures) {
    if (f.value) out << Num(*f.value);
    else out << Num(*f.min_value) << "-" << Num(*f.max_value);
    out << "|" << f.qualifier << "|" << f.unit << "|"
        << (f.reporter ? ex.mentions[*f.reporter].text : "") << "\n";
  }
  return out.str();
}

// The document of `text`, its tokens and what the figure extractor reads: sentences and, with
// a `speaker`, a Person mention of it and its statement `content`.
struct Input {
  Document doc;
  std::vector<Token> toks;
  Extraction ex;
};
Input MakeInput(const std::string& text, const std::string& speaker = "",
                const std::string& content = "") {
  Input in;
  in.doc.id = "t";
  in.doc.text = text;
  in.toks = Tokenize(in.doc.text);
  in.ex.sentences = SplitSentences(in.doc.text, in.toks);
  if (!speaker.empty()) {
    const std::size_t at = text.find(speaker), c = text.find(content);
    Mention m;
    m.span = {at, at + speaker.size()};
    m.text = speaker;
    m.type = EntityType::kPerson;
    in.ex.mentions.push_back(std::move(m));
    StatementMention st;
    st.speaker = 0;
    st.text = content;
    st.span = {c, c + content.size()};
    in.ex.statements.push_back(st);
  }
  return in;
}

Extraction RunFigures(const std::string& text, const std::string& speaker = "",
                      const std::string& content = "") {
  Input in = MakeInput(text, speaker, content);
  FigureExtractor(Lex()).Extract(in.doc, in.toks, in.ex);
  return in.ex;
}

struct Case {
  std::string name, text, want;
};

class FigureTable : public ::testing::TestWithParam<Case> {};

TEST_P(FigureTable, Dump) { EXPECT_EQ(Dump(RunFigures(GetParam().text)), GetParam().want); }

const Case kCases[] = {
    {"digits_with_qualifier", "More than 3,200 French citizens left.",
     "3200|More than|French citizens|\n"},
    {"over", "Over 1,500 nationals have left the country.", "1500|Over|nationals|\n"},
    {"some", "Some 200 Islamists who back the insurgents are fighting.",
     "200|Some|Islamists|\n"},
    {"around", "around 200 fighters from abroad", "200|around|fighters|\n"},
    {"about_with_separator", "who unite now about 50,000 militants.",
     "50000|about|militants|\n"},
    {"words", "more than three hundred Kazakh nationals are fighting",
     "300|more than|Kazakh nationals|\n"},
    {"compound_words", "two thousand five hundred and twelve soldiers",
     "2512||soldiers|\n"},
    {"hyphenated_words", "twenty-five volunteers arrived", "25||volunteers|\n"},
    // The shortest hyphenated number the word lists allow (a word of value 20 or more, a
    // digit word): shorter hyphenated words are skipped without a look at their bytes.
    {"shortest_hyphenated_words", "mln-one volunteers arrived", "1000001||volunteers|\n"},
    {"range_between_with_shared_scale", "between 30 and 50 thousand militants are fighting",
     "30000-50000|between|militants|\n"},
    {"range_to", "30 to 50 thousand militants", "30000-50000||militants|\n"},
    {"scale_word", "2 million people fled", "2000000||people|\n"},
    {"at_least", "at least 70 dead civilians", "70|at least|dead civilians|\n"},
    {"date_is_not_a_figure", "MOSCOW, September 26. Talks began on 20 November 2014.", ""},
    {"year_is_not_a_figure", "In 2014 militants attacked the town.", ""},
    {"time_is_not_a_figure", "Mon Nov 21, 2016 17:48:36", ""},
    {"ordinal_is_not_a_figure", "the recent 37th meeting of the council", ""},
    {"money_is_not_a_figure", "Israel hands over $1 bln in taxes", ""},
    {"percent_is_not_a_figure", "Turnout was 45 percent and 12 % voted early.", ""},
    {"duration_is_not_a_figure", "He spent 5 years in prison.", ""},
    {"bare_number_is_furniture", "string(1147) \"id\":\"1886413\" Comments (0) 494.98 521.17",
     ""},
    {"lone_one_is_not_a_figure", "one of the officials left", ""},
    {"title_case_headline_stops_at_known_noun",
     "More Than 3,200 French Citizens Left for Syria", "3200|More Than|French Citizens|\n"},
};

INSTANTIATE_TEST_SUITE_P(Figures, FigureTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

// The scan for figures tries only the tokens where one may start (NextCandidate) and compares
// words by number (IsWord): on the cases, on the seeds and on random text of number words,
// qualifiers, counted nouns and units, it must find what trying every token and comparing
// words by text finds.
TEST(FigureExtractor, SkipsFindWhatThePlainPathFindsInTheCases) {
  const FigureExtractor x(Lex());
  for (const Case& c : kCases) {
    const Input in = MakeInput(c.text);
    test_support::ExpectSkipsFindWhatThePlainPathFinds(x, in.doc, in.toks, in.ex);
  }
  const Input reported =
      MakeInput("Jane Roe said that between 30 and 50 thousand fighters returned.", "Jane Roe",
                "between 30 and 50 thousand fighters returned");
  EXPECT_EQ(test_support::CountFindings(test_support::ExpectSkipsFindWhatThePlainPathFinds(
                                            x, reported.doc, reported.toks, reported.ex),
                                        'F'),
            1u);
}

TEST(FigureExtractor, SkipsFindWhatThePlainPathFindsInTheSeeds) {
  const FigureExtractor x(Lex());
  const std::size_t figures =
      test_support::FindingsInTheSeeds(x, 'F', [](const test_support::SeedArticle& a) {
        Extraction ex = a.ex;
        ex.figures.clear();
        return ex;
      });
  EXPECT_GT(figures, 0u);
}

TEST(FigureExtractor, SkipsFindWhatThePlainPathFindsInRandomText) {
  const FigureExtractor x(Lex());
  const std::vector<std::string> glue = {
      "between",   "from",    "and",  "to",        "-",      "–",        "3,200", "1.5",
      "30",        "50",      "2014", "1,000,000", "37th",   "%",        "$",     "twenty-five",
      "forty-two", "mln-one", "one",  "zero",      "people", "fighters", ",",     ".",
      "the",       "of",      "in",   "said",      "were",
      // Hyphenated words as written in any case, with the longest first word, and near misses.
      "Twenty-five", "FORTY-TWO", "Mln-one", "thousand-one", "twentyfive", "twelve-one"};
  const std::size_t figures = test_support::FindingsInRandomText(
      x, {"number_words", "figure_qualifiers", "count_nouns", "non_count_units"}, glue, 600, 3,
      'F');
  EXPECT_GT(figures, 100u);  // something to compare
}

// On the skip path a figure's reporter is looked for among the statements filed under the
// sentences near it, and its repeats by sorting the figures by value; the plain path goes
// through every statement and compares every two figures. On long random articles of figures
// (many repeated, in many sentences and paragraphs) with many statements at random spans
// (nested, overlapping, over several sentences and paragraphs, some with no speaker, some
// sharing their bytes with the figures), both must find the same reporters, statements and
// units.
TEST(FigureExtractor, SkipsCreditAndUnifyAsThePlainPathDoesOnLongArticles) {
  const FigureExtractor x(Lex());
  const std::vector<std::string> words = {
      "about", "more than", "200", "300", "3,200", "between 30 and 50", "people", "fighters",
      "soldiers", "Britons", "tanks", ",", "the", "of", "in", "said", "were", "left", "Officials",
      "Smith", "Merkel", "NATO"};
  std::mt19937 rng(11);
  std::size_t credited = 0, by_paragraph = 0, in_statements = 0, shared_units = 0;
  for (int round = 0; round < 20; ++round) {
    // Sentences of ~8 words, paragraphs of ~12 sentences.
    Input in;
    in.doc.id = "long";
    for (int i = 0; i < 2000; ++i) {
      in.doc.text += words[rng() % words.size()];
      in.doc.text += rng() % 8 == 0 ? (rng() % 12 == 0 ? ".\n\n" : ". ") : " ";
    }
    in.toks = Tokenize(in.doc.text);
    in.ex.sentences = SplitSentences(in.doc.text, in.toks);
    for (const Token& t : in.toks) {
      const std::string_view w = in.doc.Slice(t.span);
      if (w != "Smith" && w != "Merkel" && w != "NATO") continue;
      Mention m;
      m.span = t.span;
      m.text = std::string(w);
      m.type = w == "NATO" ? EntityType::kOrganization : EntityType::kPerson;
      in.ex.mentions.push_back(std::move(m));
    }
    ASSERT_FALSE(in.ex.mentions.empty());
    // Statements from one token's start to a later token's end, most short, some long.
    for (int k = 0; k < 60; ++k) {
      const std::size_t from = rng() % in.toks.size();
      const std::size_t length = rng() % 4 == 0 ? rng() % 300 : rng() % 12;
      const std::size_t to = std::min(in.toks.size() - 1, from + length);
      StatementMention st;
      if (rng() % 8 != 0) st.speaker = rng() % 3 == 0 ? 0 : rng() % in.ex.mentions.size();
      st.span = {in.toks[from].span.begin, in.toks[to].span.end};
      in.ex.statements.push_back(std::move(st));
    }
    test_support::ExpectSkipsFindWhatThePlainPathFinds(x, in.doc, in.toks, in.ex);
    Extraction ex = in.ex;
    x.Extract(in.doc, in.toks, ex);
    std::set<std::string> units;
    for (const FigureMention& f : ex.figures) {
      credited += f.reporter.has_value();
      in_statements += f.statement.has_value();
      units.insert(f.unit);
      // Credited, and no statement holds it or is in its sentence or around it.
      if (!f.reporter) continue;
      const Span sentence = ex.SentenceOf(f.span);
      by_paragraph += std::none_of(ex.statements.begin(), ex.statements.end(),
                                   [&](const StatementMention& st) {
                                     return st.span.Contains(f.span) ||
                                            sentence.Contains(st.span) ||
                                            st.span.Contains(sentence);
                                   });
    }
    shared_units += ex.figures.size() - units.size();
  }
  // Something to compare: figures credited each way, repeats unified.
  EXPECT_GT(credited, 200u);
  EXPECT_GT(by_paragraph, 50u);
  EXPECT_GT(in_statements, 100u);
  EXPECT_GT(shared_units, 100u);
}

// A figure's text is its tokens' text with the whitespace between two of them folded to one
// space (TokenView::Text); when they are apart by one space or nothing the skip path copies the
// text as written instead. On figures whose words are apart by one space, none, and other
// whitespace (two spaces, a tab, a line break, a space and a tab), it must give what the plain
// path gives.
TEST(FigureExtractor, TextAsWrittenIsTheTextWithWhitespaceFolded) {
  const FigureExtractor x(Lex());
  const Extraction folded = RunFigures("There were more than  3,200\tRussian citizens.");
  ASSERT_EQ(folded.figures.size(), 1u);
  EXPECT_EQ(folded.figures[0].text, "more than 3,200 Russian citizens");
  EXPECT_EQ(folded.figures[0].unit, "Russian citizens");
  const std::vector<std::string> words = {"more", "than",    "about",    "3,200",  "50",
                                          "thousand", "(", ")",  "Russian", "citizens",
                                          "people", "fighters", "up", "to", "between", "and"};
  const std::vector<std::string> gaps = {" ", " ", " ", "", "  ", "\t", "\n", " \t"};
  std::mt19937 rng(7);
  std::size_t figures = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text = "Officials said";
    for (int i = 0; i < 12; ++i) text += gaps[rng() % gaps.size()] + words[rng() % words.size()];
    text += ".";
    const Input in = MakeInput(text);
    figures += test_support::CountFindings(
        test_support::ExpectSkipsFindWhatThePlainPathFinds(x, in.doc, in.toks, in.ex), 'F');
  }
  EXPECT_GT(figures, 100u);  // something to compare
}

// The words around a candidate number are tested against the stop words, months and words
// before a year by their vocabulary numbers, and a word the vocabulary lacks by its text
// (FigureExtractor::UnnumberedWords): on random text of numbers among such words, held and
// lacked, in any case, it must find what testing every word by text finds.
TEST(FigureExtractor, WordSetsByNumberFindWhatThePlainPathFinds) {
  const FigureExtractor x(Lex());
  // Both kinds are asked: words the vocabulary holds and words it lacks.
  const Vocabulary& vocab = Lex().vocabulary();
  EXPECT_NE(vocab.Find("of"), kUnknownWord);
  EXPECT_NE(vocab.Find("march"), kUnknownWord);
  EXPECT_EQ(vocab.Find("fled"), kUnknownWord);
  EXPECT_EQ(vocab.Find("sept."), kUnknownWord);
  const std::vector<std::string> glue = {
      "3,200", "30",    "2014", "1990",  "twenty-five", "people",  "fighters", "tonnes", ",",
      ".",     "of",    "in",   "Since", "the",         "who",     "fled",     "FLED",   "died",
      "left",  "went",  "may",  "May",   "March",       "march",   "Sept.",    "sept.",  "oct",
      "Dec.",  "summer", "mid", "late",  "till",        "Between", "from",     "and",    "to",
      "over",  "Fled",  "remained", "got", "including", "Reuters", "refugees", "jan"};
  const std::size_t figures = test_support::FindingsInRandomText(
      x, {"number_words", "count_nouns"}, glue, 600, 5, 'F');
  EXPECT_GT(figures, 100u);  // something to compare
}

TEST(FigureExtractor, ReporterIsTheSpeakerOfTheStatementAroundIt) {
  const Extraction ex = RunFigures("Jane Roe said that about 400 fighters returned.", "Jane Roe",
                            "about 400 fighters returned");
  ASSERT_EQ(ex.figures.size(), 1u);
  EXPECT_EQ(ex.figures[0].statement, std::optional<std::size_t>(0));
  EXPECT_EQ(Dump(ex), "400|about|fighters|Jane Roe\n");
}

TEST(FigureExtractor, ReporterIsTheSpeakerOfANearbySentenceOfTheParagraph) {
  const Extraction ex =
      RunFigures("The talks drew more than 80 countries. Jane Roe said that the talks went well.",
                 "Jane Roe", "the talks went well");
  EXPECT_EQ(Dump(ex), "80|more than|countries|Jane Roe\n");
}

// Regression: a page whose line breaks were lost is one long paragraph; a figure several
// sentences away from the only statement was credited to its speaker.
TEST(FigureExtractor, AStatementFarAwayInALongParagraphReportsNothing) {
  const Extraction ex = RunFigures(
      "The talks drew more than 80 countries. They began on Monday. They lasted a week. The "
      "hall was full. Jane Roe said that the talks went well.",
      "Jane Roe", "the talks went well");
  EXPECT_EQ(Dump(ex), "80|more than|countries|\n");
}

TEST(FigureExtractor, RepeatsOfOneFigureShareTheirUnit) {
  // Headline and quote name the same 200 people differently; Merge keys on the unit head.
  const Extraction ex =
      RunFigures("200 French Islamists in Syria\n\nJane Roe said that around 200 fighters are there.",
          "Jane Roe", "around 200 fighters are there");
  ASSERT_EQ(ex.figures.size(), 2u);
  EXPECT_EQ(ex.figures[0].unit, ex.figures[1].unit);
  EXPECT_EQ(ex.figures[0].unit, "fighters");  // the reported one names the group
}

TEST(FigureExtractor, APeopleHeadIsTheUnitsLastWordAsWritten) {
  // The unit's last word is found in the unit as written: a typographic apostrophe before it
  // (three bytes, one when lower-cased) does not move the cut into the word before.
  const Extraction ex = RunFigures(
      "12 O\u2019Brien Americans were detained.\n\nJane Roe said that 12 fighters were there.",
      "Jane Roe", "12 fighters were there");
  ASSERT_EQ(ex.figures.size(), 2u);
  EXPECT_EQ(ex.figures[0].unit, ex.figures[1].unit);
  EXPECT_EQ(ex.figures[0].unit, "fighters");
}

// Repeats apart from each other, among figures of other values and of things: each people
// figure takes the unit of its group's reported one, whatever lies between them, and a figure
// no other repeats keeps its own.
TEST(FigureExtractor, RepeatsApartShareTheirUnit) {
  const Extraction ex = RunFigures(
      "200 French Islamists, 300 soldiers and 200 tanks were seen. 300 Britons and 40 Russians "
      "left.\n\nJane Roe said that around 200 fighters and 300 troops are there.",
      "Jane Roe", "around 200 fighters and 300 troops are there");
  std::vector<std::string> units;
  for (const FigureMention& f : ex.figures) units.push_back(f.unit);
  EXPECT_EQ(units, (std::vector<std::string>{"fighters", "troops", "tanks", "troops", "Russians",
                                             "fighters", "troops"}));
}

TEST(FigureExtractor, DifferentThingsWithTheSameValueStayApart) {
  const Extraction ex = RunFigures("200 soldiers and 200 tanks crossed the border.");
  ASSERT_EQ(ex.figures.size(), 2u);
  EXPECT_NE(ex.figures[0].unit, ex.figures[1].unit);
}

// ParseDecimal reads plain digit strings itself, digits and points with std::from_chars, and
// leaves the rest to std::atof: every way must give the double std::atof gives, bit for bit,
// on every length up to the digit path's limit and past it, and on random decimals.
TEST(FigureExtractor, ParseDecimalAgreesWithAtof) {
  std::vector<std::string> inputs = {"0",    "7",       "007",   "42",   "1000",
                                     "2014", "3200",    "50000", "1.5",  "0.25",
                                     "12.",  ".5",      "1e6",   "3200000000",
                                     "999999999999999", "9999999999999999",
                                     "12345678901234567890", "9007199254740993"};
  std::string digits;
  for (int i = 0; i < 20; ++i) {
    digits += static_cast<char>('1' + i % 9);
    inputs.push_back(digits);
  }
  // Digits and points (std::from_chars), with a few other bytes (std::atof).
  for (const char* s : {".", "..", "..5", "1..2", "1.2.3", "0.1", "0.3", "2.675", "1.005",
                        "123456789012345678901234567890.5", "+1.5", " 1.5", "1.5e3", "-0.5"})
    inputs.push_back(s);
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789.";
  for (int i = 0; i < 5000; ++i) {
    std::string s(rng() % 25, '0');
    for (char& c : s) c = alphabet[rng() % (i % 3 ? 10 : alphabet.size())];
    if (i % 3) s.insert(rng() % (s.size() + 1), ".");  // one point, anywhere
    inputs.push_back(s);
  }
  for (const std::string& s : inputs) {
    const double fast = internal::ParseDecimal(s), slow = std::atof(s.c_str());
    EXPECT_EQ(std::memcmp(&fast, &slow, sizeof fast), 0) << s;
  }
}

// NumberTokenValue reads digit strings with thousands separators itself and leaves the rest
// to NumberTokenValueSlow: both must agree (same presence, same double bit for bit) on edge
// cases and on random strings of digits, commas and points.
TEST(FigureExtractor, NumberTokenValueAgreesWithSlowPath) {
  std::vector<std::string> inputs = {"",       ",",          ",,",         ".",
                                     "0",      "007",        "1,000",      "3,200,000",
                                     "2014",   "2,014",      "1.5",        "1,234.5",
                                     "12a",    "-5",         "999,999,999,999,999",
                                     "9,999,999,999,999,999", "123456789012345",
                                     "1234567890123456", ",5", "5,"};
  std::mt19937 rng(42);
  const std::string alphabet = "0123456789,.";
  for (int i = 0; i < 5000; ++i) {
    std::string s(rng() % 20, '0');
    for (char& c : s) c = alphabet[rng() % (i % 2 ? 10 : alphabet.size())];
    inputs.push_back(s);
  }
  // Decimals with one point (read by m / 10^f on the fast path): edge cases, then random ones
  // of 1 to 17 digits, up to the fast path's 15 and past it, some with separators.
  for (const char* s : {"5.93", "0.1", "0.3", "2.675", "1.005", ".5", "5.", "0.0", "00.10",
                        "123456789012345.", ".123456789012345", "1234567890.12345",
                        "0.000000000000001", "999999999999.999", "9007199254740.993",
                        "1,234.56", "1.2,3", ",.5", "1.5.", "1..5"})
    inputs.push_back(s);
  for (int i = 0; i < 20000; ++i) {
    std::string s(1 + rng() % 17, '0');
    for (char& c : s) c = static_cast<char>('0' + rng() % 10);
    s.insert(rng() % (s.size() + 1), ".");
    if (i % 4 == 0) s.insert(rng() % (s.size() + 1), ",");
    inputs.push_back(s);
  }
  for (const std::string& s : inputs) {
    const std::optional<double> fast = internal::NumberTokenValue(s),
                                slow = internal::NumberTokenValueSlow(s);
    ASSERT_EQ(fast.has_value(), slow.has_value()) << s;
    if (fast) {
      EXPECT_EQ(std::memcmp(&*fast, &*slow, sizeof(double)), 0) << s;
    }
  }
}

}  // namespace
}  // namespace newsgraph::extract
