// Tests for extract/cleanup.h: each furniture signal on small inputs, the encoding layer
// (BOM, CRLF, invalid UTF-8), and the real seed articles in examples/seeds, where furniture
// must go and every article paragraph must stay.
#include "extract/cleanup.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <cctype>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::extract {
namespace {

std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

const char* ReasonFor(const CleanResult& r, const std::string& line_prefix) {
  for (const RemovedLine& l : r.removed) {
    if (l.line.rfind(line_prefix, 0) == 0) return l.reason;
  }
  return "";
}

// An article paragraph long enough to count as running text, so tails are recognisable.
constexpr char kPara[] =
    "The minister said on Friday that the talks would continue next week in Geneva, "
    "according to officials familiar with the plan.";

struct RemovalCase {
  const char* name;
  std::string furniture;  // one line that must be removed
  const char* reason;
};

class RemovalTest : public testing::TestWithParam<RemovalCase> {};

TEST_P(RemovalTest, RemovesFurnitureKeepsArticle) {
  const RemovalCase& c = GetParam();
  const std::string input =
      std::string(kPara) + "\n\n" + c.furniture + "\n\n" + kPara + " Second paragraph.\n";
  const CleanResult r = CleanText(input);
  EXPECT_FALSE(Has(r.text, c.furniture)) << r.text;
  EXPECT_TRUE(Has(r.text, kPara));
  EXPECT_TRUE(Has(r.text, "Second paragraph."));
  EXPECT_STREQ(ReasonFor(r, c.furniture.substr(0, 5)), c.reason);
}

INSTANTIATE_TEST_SUITE_P(
    Signals, RemovalTest,
    testing::Values(
        RemovalCase{"PhpDump", R"(string(52) "[{"id":"1","title":"A headline","pic":"/a.jpg"}]")",
                    "embedded data"},
        RemovalCase{"JsonLine", R"({"id": 3, "items": [1, 2, 3]})", "embedded data"},
        RemovalCase{"TruncatedJson", R"([{"id":"1","sort":"2","title":"Cut off here)",
                    "embedded data"},
        RemovalCase{"Ticker",
                    "Rain expected in the capital \u00a0 \u00a0 Stocks close higher on Friday "
                    "\u00a0 \u00a0 Ministers meet in Brussels",
                    "ticker"},
        RemovalCase{"Numbers", "494.98\u00a0 \u00a0521.17\u00a0 \u00a04.92", "numbers"},
        RemovalCase{"PhotoCredit", "\u00a9AFP \u00a9AFP", "photo credit"},
        RemovalCase{"PhotoLabel", "Photo: Jane Smith/Reuters", "photo credit"},
        RemovalCase{"ReadMore", "Read more on the site \u2192", "page widget"},
        RemovalCase{"Comments", "Comments (12)", "page widget"},
        RemovalCase{"PostComments", "Post Your Comments", "page widget"},
        RemovalCase{"ShareNetworks", "Share on Facebook", "page widget"},
        RemovalCase{"CyrillicUi", "\u041f\u041e\u0414\u0415\u041b\u0418\u0422\u042c\u0421\u042f",
                    "other script"},
        RemovalCase{"ArabicUi",
                    "\u0627\u0644\u0623\u062e\u0628\u0627\u0631 "
                    "\u0627\u0644\u0639\u0627\u062c\u0644\u0629",
                    "other script"}),
    [](const testing::TestParamInfo<RemovalCase>& info) { return info.param.name; });

// The rules that look at how a line starts skip the lines whose first byte starts none of
// their prefixes: each prefix must still be found, in every case where the rule ignores case,
// and only in its own case where it does not.
TEST(CleanTextTest, LineStartRulesFindEveryPrefix) {
  auto cased = [](std::string_view s) {
    std::string upper(s), capital(s);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (char& c : capital) {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        break;
      }
    }
    return std::vector<std::string>{std::string(s), upper, capital};
  };
  for (const char* label : {"photo:", "photo by", "photo credit", "photos:", "image:",
                            "image credit", "credit:", "picture:", "(c) ", "getty images"}) {
    for (const std::string& start : cased(label)) {
      const std::string line = start + " Jane Smith/Reuters";
      const CleanResult r =
          CleanText(std::string(kPara) + "\n\n" + line + "\n\n" + kPara + " More.\n");
      EXPECT_STREQ(ReasonFor(r, line), "photo credit") << line;
    }
  }
  // A byline breaks a run of link-like lines that would otherwise go as a link list.
  for (const char* by : {"by ", "(reporting by", "reporting by", "written by", "(by "}) {
    for (const std::string& start : cased(by)) {
      const std::string line = start + " Jane Doe";
      const CleanResult r =
          CleanText(std::string(kPara) + "\n\nFloods hit the north\n" + line +
                    "\nElection date set\nPrices rise again\n\n" + kPara + " More.\n");
      EXPECT_TRUE(Has(r.text, line)) << line;
    }
  }
  for (const char* dump :
       {"string(12) \"abc\"", "array(3) {", "object(2) {", "int(5)", "float(1)", "bool(true)"}) {
    const CleanResult r =
        CleanText(std::string(kPara) + "\n\n" + dump + "\n\n" + kPara + " More.\n");
    EXPECT_STREQ(ReasonFor(r, dump), "embedded data") << dump;
    const std::string upper = cased(dump)[1];
    const CleanResult kept =
        CleanText(std::string(kPara) + "\n\n" + upper + "\n\n" + kPara + " More.\n");
    EXPECT_TRUE(Has(kept.text, upper)) << upper;
  }
}

TEST(CleanTextTest, KeepsQuotesWithNamesInAnotherScript) {
  const std::string quote =
      "\"We will not allow this,\" said Nurtai Abykayev (\u041d\u0443\u0440\u0442\u0430\u0439 "
      "\u0410\u0431\u044b\u043a\u0430\u0435\u0432), the committee chairman.";
  const CleanResult r = CleanText(std::string(kPara) + "\n\n" + quote + "\n");
  EXPECT_TRUE(Has(r.text, quote)) << r.text;
}

TEST(CleanTextTest, RemovesLinkListsAndKeepsByline) {
  const std::string input = std::string(kPara) + "\n\nBy Jane Doe\n\nRelated\n" +
                            "Floods hit the north\nElection date set\nPrices rise again\n"
                            "Weather\n\nAdvertising\n";
  const CleanResult r = CleanText(input);
  EXPECT_EQ(r.text, std::string(kPara) + "\n\nBy Jane Doe");
}

TEST(CleanTextTest, ShortLinesInsideTheArticleStay) {
  // A subheading between paragraphs is a single short line, not a list.
  const std::string input = std::string(kPara) + "\n\nWhat happens next\n\n" + kPara + " More.\n";
  EXPECT_TRUE(Has(CleanText(input).text, "What happens next"));
}

TEST(CleanTextTest, DuplicateParagraphKeepsFirst) {
  const std::string input = std::string(kPara) + "\n\nAnother paragraph here.\n\n" + kPara + "\n";
  const CleanResult r = CleanText(input);
  EXPECT_EQ(r.text, std::string(kPara) + "\n\nAnother paragraph here.");
  EXPECT_STREQ(ReasonFor(r, "The minister"), "duplicate");
}

TEST(CleanTextTest, NormalisesLineEndingsBomAndBlankLines) {
  const CleanResult r =
      CleanText("\xEF\xBB\xBFHeadline here\r\n\r\n\r\n\r\nFirst line.\rThen more.  \n");
  EXPECT_EQ(r.text, "Headline here\n\nFirst line.\nThen more.");
  EXPECT_TRUE(r.invalid_utf8_offsets.empty());
}

TEST(CleanTextTest, ReplacesInvalidUtf8AndReportsOffsets) {
  const std::string input = "Caf\xC3\xA9 opened.\nBad \xFF byte and \xE2\x82 cut.\n";
  const CleanResult r = CleanText(input);
  EXPECT_EQ(r.text, "Caf\xC3\xA9 opened.\nBad \xEF\xBF\xBD byte and \xEF\xBF\xBD cut.");
  EXPECT_EQ(r.invalid_utf8_offsets, (std::vector<std::size_t>{18, 29}));
  EXPECT_TRUE(IsValidUtf8(r.text));
  EXPECT_FALSE(IsValidUtf8(input));
}

TEST(NormalizeUtf8Test, KeepsTextDropsControlsFoldsLineEndsReplacesInvalid) {
  std::vector<std::size_t> bad;
  EXPECT_EQ(NormalizeUtf8("a\tb\x01"
                          "c\x7F\r\nd\re\xC3\xA9\x1B",
                          &bad),
            "a\tbc\x7F\nd\ne\xC3\xA9");
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(NormalizeUtf8("\xEF\xBB\xBFok \xFF\xE2\x82", &bad), "ok \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(bad, (std::vector<std::size_t>{6, 7}));
  EXPECT_EQ(NormalizeUtf8("", nullptr), "");
  EXPECT_EQ(NormalizeUtf8("\r", nullptr), "\n");
}

TEST(CleanTextTest, EmptyAndFurnitureOnlyInputs) {
  EXPECT_EQ(CleanText("").text, "");
  EXPECT_EQ(CleanText("\n\n \u00a0\n").text, "");
  EXPECT_EQ(CleanText("Comments (0)\n").text, "");
}

// The real seeds: furniture named in the brief goes, article paragraphs and quotes stay.
TEST(CleanSeedsTest, Seed000DropsReadMore) {
  const CleanResult r = CleanText(ReadSeed("000_d7b3aafb81283db4.txt"));
  EXPECT_FALSE(Has(r.text, "Read more on the site"));
  EXPECT_TRUE(Has(r.text, "\u201cThose, who receive that kind of military experience"));
  EXPECT_TRUE(Has(r.text, "Kyrgyzstan for 2014-2015."));
}

TEST(CleanSeedsTest, Seed001DropsPhpDump) {
  const CleanResult r = CleanText(ReadSeed("001_f9b233b439ce93e5.txt"));
  EXPECT_FALSE(Has(r.text, "string(1147)"));
  EXPECT_FALSE(Has(r.text, "contenttypeid"));
  EXPECT_TRUE(Has(r.text, "Ilya Rogachev told RIA Novosti in an interview."));
  EXPECT_TRUE(Has(r.text, "\"The global terrorist threat has taken a new dimension"));
  // The headline printed twice at the top survives once.
  const std::string headline =
      "More Than 3,200 Russian Citizens Left for Syria, Iraq to Join Daesh";
  EXPECT_EQ(r.text.find(headline), 0u);
  EXPECT_EQ(r.text.find(headline, 1), std::string::npos);
}

TEST(CleanSeedsTest, Seed002DropsCommentFormAndTicker) {
  const CleanResult r = CleanText(ReadSeed("002_45b2467859940c1e.txt"));
  for (const char* gone :
       {"Comments (0)", "Post Your Comments", "fill all fields below", "confirmation code",
        "Latest News", "Lebanon says difficulties", "Kushner eyes Gulf crisis"}) {
    EXPECT_FALSE(Has(r.text, gone)) << gone;
  }
  EXPECT_TRUE(Has(r.text, "\"The danger is that in the end these terrorists will return"));
  EXPECT_TRUE(Has(r.text, "anti-US government in Damascus."));
  EXPECT_TRUE(Has(r.text, "Local | 2013-06-06 00:00:00"));  // metadata is the reader's job
}

TEST(CleanSeedsTest, Seed003DropsUiRatesAndRelatedHeadlines) {
  const CleanResult r = CleanText(ReadSeed("003_f296294bf3f9221a.txt"));
  for (const char* gone :
       {"\u041f\u041e\u0414\u0415\u041b\u0418\u0422\u042c\u0421\u042f", "\u00a9REUTERS",
        "\u0427\u0438\u0442\u0430\u0439\u0442\u0435", "Join Telegram",
        "Sirens to sound throughout Kazakhstan", "Apple stops making popular device",
        "Exchange Rates", "494.98", "Weather", "Advertising", "TengriSport"}) {
    EXPECT_FALSE(Has(r.text, gone)) << gone;
  }
  EXPECT_TRUE(Has(r.text, "\u201cRussia has introduced special amendments into its legislation."));
  EXPECT_TRUE(Has(r.text, "\"It is also worrying that there are cases of self-radicalization"));
  EXPECT_TRUE(Has(r.text, "By Dinara Urazova"));
  // The repeated two opening paragraphs appear once each.
  const std::string first = "The National Security Committee of Kazakhstan has declared";
  EXPECT_NE(r.text.find(first), std::string::npos);
  EXPECT_EQ(r.text.find(first, r.text.find(first) + 1), std::string::npos);
  EXPECT_EQ(r.text.substr(r.text.size() - 17), "By Dinara Urazova");
}

void ExpectSameResult(const CleanResult& fast, const CleanResult& slow, const std::string& input) {
  EXPECT_EQ(fast.text, slow.text) << "input: " << input;
  EXPECT_EQ(fast.invalid_utf8_offsets, slow.invalid_utf8_offsets) << "input: " << input;
  ASSERT_EQ(fast.removed.size(), slow.removed.size()) << "input: " << input;
  for (std::size_t i = 0; i < fast.removed.size(); ++i) {
    EXPECT_EQ(fast.removed[i].line, slow.removed[i].line) << "input: " << input;
    EXPECT_STREQ(fast.removed[i].reason, slow.removed[i].reason) << "input: " << input;
  }
}

// CleanText skips and measures runs of ASCII in one step; taking every byte and code point
// one at a time must give the same result. The seeds, and pages made at random from words in
// several scripts, digits, every kind of space, closing marks, control and invalid bytes and
// furniture, in lines short and long enough to sit on every rule's thresholds.
TEST(CleanFastPathTest, AgreesWithOneByOne) {
  for (const char* seed : {"000_d7b3aafb81283db4.txt", "001_f9b233b439ce93e5.txt",
                           "002_45b2467859940c1e.txt", "003_f296294bf3f9221a.txt"}) {
    const std::string input = ReadSeed(seed);
    ASSERT_FALSE(input.empty()) << seed;
    ExpectSameResult(CleanText(input), internal::CleanTextOneByOne(input), seed);
  }
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "The", "minister", "said", "O'Brien", "al-Assad", "3,200", "1987", "x9", "9x", "U.S.",
      " ", " ", " ", "   ", "\t", "\u00a0", "\u200b", ".", ",", "!", "?", ":", ";", "\"", "'",
      ")", "\u201d", "\u2019", "\u00bb", "\u2026", "-", "|", "(0)", "\u00a9", "Read more",
      "Share on", "Facebook", "Comments", "Photo:", "By ", "\u041c\u043e\u0441\u043a\u0432\u0430",
      "\u6771\u4eac", "\u0391\u03b8\u03ae\u03bd\u03b1", "\u00e9t\u00e9", "caf\u00e9",
      "\n", "\n", "\n\n", "\r\n", "\r", "\x01", "\x7f", "\xff", "\xe2\x82", "\xc3",
      "{\"a\":1,\"b\":2,\"c\":3}", "string(12) ", "_", "\u0301"};
  // clang-format on
  std::mt19937 rng(1987);
  for (int n = 0; n < 3000; ++n) {
    std::string input;
    for (int k = static_cast<int>(rng() % 120); k > 0; --k) {
      input += kPieces[rng() % std::size(kPieces)];
      if (rng() % 3) input += ' ';
    }
    ExpectSameResult(CleanText(input), internal::CleanTextOneByOne(input), input);
    if (HasFailure()) return;
  }
}

// CleanTextAppend cleans into the end of a string that already holds something (the reader's
// headline): what the string held stays as it was and no part of the cleaning (a line of it
// equal to a line of the text is no duplicate), the text after it is CleanText's, and so is
// the rest of the result.
TEST(CleanTextAppendTest, AppendsWhatCleanTextReturns) {
  const std::string para = kPara;
  for (const std::string& input :
       {ReadSeed("003_f296294bf3f9221a.txt"), para + "\n\n" + para + "\n", std::string("\n\n"),
        std::string(), "Share on Facebook\n" + para, "\xff " + para}) {
    for (const std::string& prefix : {std::string(), para, para + "\n\n"}) {
      std::string text = prefix;
      const CleanResult appended = CleanTextAppend(input, text);
      const CleanResult whole = CleanText(input);
      EXPECT_TRUE(appended.text.empty());
      EXPECT_EQ(text, prefix + whole.text) << "input: " << input;
      EXPECT_EQ(appended.invalid_utf8_offsets, whole.invalid_utf8_offsets);
      ASSERT_EQ(appended.removed.size(), whole.removed.size()) << "input: " << input;
      for (std::size_t i = 0; i < whole.removed.size(); ++i) {
        EXPECT_EQ(appended.removed[i].line, whole.removed[i].line);
        EXPECT_STREQ(appended.removed[i].reason, whole.removed[i].reason);
      }
    }
  }
}

// IsValidUtf8 skips ASCII sixteen and eight bytes at a time: with an ill-formed or a valid
// multi-byte sequence at every offset of an ASCII text, it answers as ICU's code point by code
// point decoding does.
TEST(IsValidUtf8Test, AgreesWithDecodingEachCodePoint) {
  auto one_by_one = [](std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0) return false;
    }
    return true;
  };
  const std::string ascii = "Ports reopened on Thursday after the storm, officials said.";
  for (const std::string_view piece :
       {"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\xc3\xa9", "\xe2\x82\xac", "\x7f"}) {
    for (std::size_t at = 0; at <= 40; ++at) {
      std::string s = ascii.substr(0, at);
      s += piece;
      s += ascii.substr(at);
      EXPECT_EQ(IsValidUtf8(s), one_by_one(s)) << "at " << at;
      const std::string_view prefix = std::string_view(s).substr(0, at + piece.size());
      EXPECT_EQ(IsValidUtf8(prefix), one_by_one(prefix)) << "at " << at;
    }
  }
}

// NormalizeUtf8 skips printable ASCII sixteen and eight bytes at a time: with a line end, a
// control byte, an ill-formed or a valid multi-byte sequence at every offset of an ASCII text
// (and of its prefixes, so that the text ends at every distance from a word's end), CleanText
// must normalise and clean it as taking every byte one at a time does.
TEST(CleanFastPathTest, PrintableAsciiSkipAgreesWithOneByOne) {
  const std::string ascii =
      "Ports reopened on Thursday after the storm, officials said in a statement.";
  for (const std::string_view piece : {"\n", "\r\n", "\r", "\t", "\x01", "\x7f", "\xff", "\xc3",
                                       "\xe2\x82", "\xc3\xa9", "\xe2\x80\x99", "\n\n"}) {
    for (std::size_t at = 0; at <= 40; ++at) {
      std::string s = ascii.substr(0, at);
      s += piece;
      s += ascii.substr(at);
      for (const std::string& input : {s, s.substr(0, at + piece.size()),
                                       s.substr(0, at + piece.size() + at % 17)}) {
        ExpectSameResult(CleanText(input), internal::CleanTextOneByOne(input), input);
      }
    }
  }
}

// Lines of plain ASCII words, which Measure takes eight bytes at a time while they hold only
// letters and single spaces: words of every length, one or two spaces or a tab between them,
// digits, punctuation, NBSP and non-ASCII letters, at every offset from the line's start and
// end, must be measured as one byte at a time measures them.
TEST(CleanFastPathTest, EightByteRunsAgreeWithOneByOne) {
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "a", "to", "the", "Bahia", "cocoa", "temporao", "Comissaria", "alleviating", "X", "Zz",
      " ", " ", " ", " ", "  ", "\t", "7", "1987", "x9", "'", "-", ",", ".", "@", "[", "`", "{",
      "\u00a0", "\u00e9t\u00e9", "\u201d", "\xff"};
  // clang-format on
  std::mt19937 rng(8);
  for (int n = 0; n < 3000; ++n) {
    std::string input;
    for (int line = static_cast<int>(rng() % 4) + 1; line > 0; --line) {
      for (int k = static_cast<int>(rng() % 40); k > 0; --k) {
        input += kPieces[rng() % std::size(kPieces)];
        if (rng() % 4) input += ' ';
      }
      input += rng() % 2 ? ".\n\n" : "\n";
    }
    ExpectSameResult(CleanText(input), internal::CleanTextOneByOne(input), input);
    for (std::size_t at = 0; at < input.size();) {
      const std::size_t end = std::min(input.find('\n', at), input.size());
      const std::string_view line = std::string_view(input).substr(at, end - at);
      EXPECT_EQ(internal::MeasureLine(line, true), internal::MeasureLine(line, false)) << line;
      at = end + 1;
    }
    if (HasFailure()) return;
  }
}

// Measure takes lines of printable ASCII sixteen bytes at a time while they hold no two spaces
// and no two joiners in a row: lines made at random of words, digits, joiners alone and in
// pairs, one to four spaces, closing marks (a block of nothing else too), punctuation, tabs,
// control, non-ASCII and invalid bytes, cut at every length, must be measured as one byte at a
// time measures them, and so must the pages they make.
TEST(CleanFastPathTest, SixteenByteBlocksAgreeWithOneByOne) {
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "a", "the", "Bahia", "cocoa", "temporao", "Comissaria", "X", "7", "1987", "3,200", "x9",
      "O'Brien", "al-Assad", "'", "-", "''", "--", "'-", "-'", " ", " ", " ", " ", " ", "  ",
      "   ", "    ", "\"", ")", "]", "}", "))))))))))))))))", ".", ",", "!", "?", ":", ";", "(",
      "@", "[", "`", "{", "~", "_", "/", "\t", "\x01", "\x7f", "\u00a0", "\u00e9t\u00e9",
      "\u201d", "\u2019", "\u2026", "\xff", "\xe2\x82"};
  // clang-format on
  std::mt19937 rng(16);
  for (int n = 0; n < 3000; ++n) {
    std::string line;
    for (int k = static_cast<int>(rng() % 60); k > 0; --k) {
      line += kPieces[rng() % std::size(kPieces)];
      if (rng() % 3) line += ' ';
    }
    for (std::size_t cut = 0; cut <= line.size(); cut += 1 + rng() % 5) {
      const std::string_view part = std::string_view(line).substr(0, cut);
      EXPECT_EQ(internal::MeasureLine(part, true), internal::MeasureLine(part, false)) << part;
    }
    const std::string page = line + "\n\n" + line.substr(line.size() / 3) + ".\n";
    ExpectSameResult(CleanText(page), internal::CleanTextOneByOne(page), page);
    if (HasFailure()) return;
  }
}

// Measure takes the separators between two words of a run (one or two bytes, each a space or
// ASCII punctuation that neither closes nor keeps a word going) in the same step: every ASCII
// byte, alone, in pairs and in threes between two words, at the line's end and before a digit,
// must be measured as one byte at a time measures it.
TEST(CleanFastPathTest, SeparatorsAgreeWithOneByOne) {
  std::vector<std::string> seps = {""};
  for (int a = 1; a < 128; ++a) {
    seps.emplace_back(1, static_cast<char>(a));
    for (const char b : {' ', ',', '.', '-', '\'', '"', ')', '(', '\t', 'x', '7'}) {
      seps.push_back(std::string(1, static_cast<char>(a)) + b);
      seps.push_back(std::string(1, b) + static_cast<char>(a));
      seps.push_back(std::string(1, b) + static_cast<char>(a) + b);
    }
  }
  for (const std::string& sep : seps) {
    for (const std::string& line :
         {"Bahia" + sep + "cocoa zone", "cocoa" + sep + "1987" + sep + "x", "the zone" + sep,
          "temporao" + sep + sep + "Comissaria " + sep + " a"}) {
      EXPECT_EQ(internal::MeasureLine(line, true), internal::MeasureLine(line, false)) << line;
    }
    if (HasFailure()) return;
  }
}

// Short lines made at random from page-widget vocabulary (whole phrases, their words, social
// networks, follow verbs, digits, words that hold a phrase inside them): the widget rule, which
// CleanText runs without allocating and with a filter before each phrase search, must drop the
// same lines as when it searches for every phrase.
TEST(CleanFastPathTest, WidgetRuleAgreesWithOneByOne) {
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "Read more", "read", "more", "also", "see", "Share", "this", "on", "Join", "us", "follow",
      "Facebook", "Telegram", "YouTube", "reddit", "like", "subscribe", "to", "sign", "up", "for",
      "comments", "0", "12", "Latest", "News", "copyright", "cookies", "newsletter", "click",
      "here", "terms", "of", "use", "xread", "morex", "sharex", "usx", "caf\u00e9", "the",
      "minister", "said", "(0)", ":", ".", "|", "\u00a9", "2026", "all", "rights", "reserved"};
  // clang-format on
  std::mt19937 rng(2026);
  for (int n = 0; n < 2000; ++n) {
    std::string input;
    for (int line = static_cast<int>(rng() % 6) + 1; line > 0; --line) {
      for (int k = static_cast<int>(rng() % 9) + 1; k > 0; --k) {
        input += kPieces[rng() % std::size(kPieces)];
        input += rng() % 4 ? " " : "";
      }
      input += "\n\n";
    }
    ExpectSameResult(CleanText(input), internal::CleanTextOneByOne(input), input);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace newsgraph::extract
