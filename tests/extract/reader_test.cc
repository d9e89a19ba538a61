// Tests for extract/reader.h: headline and date of the real seeds, HTML metadata (JSON-LD,
// Open Graph) and hostile HTML (deep nesting, no body), JSON Lines with bad rows, the error
// messages for missing, empty and binary files, encoding repairs, and directory walking.
#include "extract/reader.h"

#include <unistd.h>

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace newsgraph::extract {
namespace {

namespace fs = std::filesystem;

const std::string kSeeds = std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds/";

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(testing::TempDir()) /
            (std::string("newsgraph_reader_") + info->test_suite_name() + "_" + info->name() + "_" +
             std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& bytes) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

struct SeedCase {
  const char* file;
  const char* headline;
  const char* date;
  const char* not_in_text;  // a header line that must not be in the text
};

class SeedHeaderTest : public testing::TestWithParam<SeedCase> {};

TEST_P(SeedHeaderTest, HeadlineAndDate) {
  const SeedCase& c = GetParam();
  std::vector<std::string> warnings;
  auto docs =
      ReadArticleFile(kSeeds + c.file, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), 1u);
  const Document& d = docs.value()[0];
  EXPECT_EQ(d.id, c.file);
  EXPECT_EQ(d.source, kSeeds + c.file);
  EXPECT_EQ(d.headline, c.headline);
  EXPECT_EQ(d.date.substr(0, 10), c.date);
  // The headline is the first paragraph, exactly once.
  EXPECT_EQ(d.text.rfind(std::string(c.headline) + "\n\n", 0), 0u) << d.text.substr(0, 200);
  EXPECT_EQ(d.text.find(c.headline, 1), std::string::npos);
  EXPECT_FALSE(Has(d.text, c.not_in_text));
  EXPECT_TRUE(warnings.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Seeds, SeedHeaderTest,
    testing::Values(
        SeedCase{"000_d7b3aafb81283db4.txt",
                 "Militants from CIS fighting for IS may threaten regional security upon returning "
                 "home",
                 "2014-09-26", "World September 26, 2014, 13:05"},
        SeedCase{"001_f9b233b439ce93e5.txt",
                 "More Than 3,200 Russian Citizens Left for Syria, Iraq to Join Daesh",
                 "2016-11-21", "Mon Nov 21, 2016 17:48:36"},
        SeedCase{"002_45b2467859940c1e.txt", "200 Russian Islamists fighting in Syria",
                 "2013-06-06", "Established by"},
        SeedCase{"003_f296294bf3f9221a.txt",
                 "300 Kazakhstanis joined Islamic State, half of them - women", "2014-11-20",
                 "20 November 2014 | 17:41"}));

TEST(ReadPlainTextTest, SeedTimesAndByline) {
  auto docs = ReadArticleFile(kSeeds + "003_f296294bf3f9221a.txt");
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs.value()[0].date, "2014-11-20T17:41:00");
  EXPECT_EQ(docs.value()[0].author, "Dinara Urazova");
}

TEST(ReadPlainTextTest, IdIsBaseNameAndTextIsCleaned) {
  auto doc = ReadPlainText("some/dir/story.txt",
                           "Ministers agree on new budget plan\n\nMarch 3, 2021\n\n"
                           "The ministers agreed on Tuesday to a new budget after long talks.\n\n"
                           "Read more\n");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc.value().id, "story.txt");
  EXPECT_EQ(doc.value().headline, "Ministers agree on new budget plan");
  EXPECT_EQ(doc.value().date, "2021-03-03");
  EXPECT_EQ(doc.value().text,
            "Ministers agree on new budget plan\n\n"
            "The ministers agreed on Tuesday to a new budget after long talks.");
}

TEST(ReadPlainTextTest, NoDateFirstTitleLineIsHeadline) {
  auto doc = ReadPlainText("a.txt",
                           "Storm closes ports\n\nThe storm closed all ports on the coast "
                           "on Monday, officials said.\n");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().headline, "Storm closes ports");
  EXPECT_EQ(doc.value().date, "");
}

TEST(ReadHtmlTest, JsonLdMetadataAndMainText) {
  const std::string html = R"(<!DOCTYPE html><html><head>
<title>Ports reopen after storm | Coast Daily</title>
<meta property="og:title" content="OG title loses to JSON-LD">
<meta property="og:site_name" content="Coast Daily">
<meta property="article:published_time" content="2020-01-01T00:00:00Z">
<link rel="canonical" href="https://example.org/ports">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Coast Daily"},
 {"@type":"NewsArticle","headline":"Ports reopen after storm","datePublished":"2021-03-04T09:30:00+01:00",
  "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}],
  "publisher":{"@type":"Organization","name":"Coast Daily News"}}]}
</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><h1>Site banner</h1></header>
<article><h1>Ports reopen after storm</h1>
<p>All ports on the coast reopened on Thursday after the storm passed, the harbour authority said.</p>
<script>var tracking = "should not appear";</script>
<p>Ships that waited   offshore
 began to dock, officials said.</p>
<aside>Related: other stories</aside>
<form><input value="Search"></form>
</article>
<footer>Copyright Coast Daily</footer></body></html>)";
  auto doc = ReadHtml("pages/ports.html", html);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const Document& d = doc.value();
  EXPECT_EQ(d.id, "ports.html");
  EXPECT_EQ(d.headline, "Ports reopen after storm");
  EXPECT_EQ(d.date, "2021-03-04T09:30:00");
  EXPECT_EQ(d.author, "Ann Lee, Bo Chen");
  EXPECT_EQ(d.publisher, "Coast Daily News");
  EXPECT_EQ(d.url, "https://example.org/ports");
  EXPECT_EQ(d.text,
            "Ports reopen after storm\n\n"
            "All ports on the coast reopened on Thursday after the storm passed, the harbour "
            "authority said.\n\n"
            "Ships that waited offshore began to dock, officials said.");
}

TEST(ReadHtmlTest, OpenGraphFallbackAndTitleSuffix) {
  const std::string html = R"(<html><head><title>Bridge opens - City Post</title>
<meta property="og:site_name" content="City Post"><meta name="author" content="Sam Roe">
<meta property="article:published_time" content="2019-05-06">
</head><body><main><p>The new bridge opened to traffic on Monday morning after two years.</p></main>
<div>Outside main: not read.</div></body></html>)";
  auto doc = ReadHtml("b.html", html);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc.value().headline, "Bridge opens");
  EXPECT_EQ(doc.value().publisher, "City Post");
  EXPECT_EQ(doc.value().author, "Sam Roe");
  EXPECT_EQ(doc.value().date, "2019-05-06");
  EXPECT_FALSE(Has(doc.value().text, "Outside main"));
}

TEST(ReadHtmlTest, InvalidJsonLdIsAWarningNotAFailure) {
  std::vector<std::string> warnings;
  auto doc = ReadHtml("c.html",
                      "<html><head><script type=\"application/ld+json\">{\"headline\": </script>"
                      "<title>Talks resume</title></head><body><p>Talks resumed today in the "
                      "capital after a pause of a week.</p></body></html>",
                      [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().headline, "Talks resume");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(Has(warnings[0], "c.html: invalid JSON-LD")) << warnings[0];
}

TEST(ReadHtmlTest, DeeplyNestedPageDoesNotCrashOrStall) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>Deep inside the page the article text survives the nesting.</p>";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</body></html>";
  std::vector<std::string> warnings;
  const auto start = std::chrono::steady_clock::now();
  auto doc = ReadHtml("deep.html", html, [&](const std::string& w) { warnings.push_back(w); });
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(Has(doc.value().text, "Deep inside the page the article text survives"));
  EXPECT_LT(seconds, 10.0);
  ASSERT_FALSE(warnings.empty());
  EXPECT_TRUE(Has(warnings[0], "deep.html: elements nested deeper than"));
}

TEST(ReadHtmlTest, EmptyBodyAndNoBody) {
  auto title_only =
      ReadHtml("t.html", "<html><head><title>Only a title</title></head><body></body></html>");
  ASSERT_TRUE(title_only.ok());
  EXPECT_EQ(title_only.value().text, "Only a title");

  for (const char* page : {"<html></html>", "<html><body></body></html>",
                           "<html><head></head><body><nav>Menu</nav><script>x()</script></body>"}) {
    auto doc = ReadHtml("e.html", page);
    ASSERT_FALSE(doc.ok()) << page;
    EXPECT_EQ(doc.status().message(), "e.html: no article text or headline in the page (skipped)");
  }
}

TEST(ReadJsonLinesTest, ReadsGoodRowsAndReportsBadOnes) {
  const std::string jsonl =
      R"({"url":"https://example.org/a","title":"Ports reopen","text":"Ports reopened on Thursday after the storm, officials said.","date":"2021-03-04","source":"Coast Daily","author":{"name":"Ann Lee"}})"
      "\n"
      R"({"title": "broken row", "text": )"
      "\n\n"
      R"({"id": 42, "headline": "Bridge opens", "content": "The bridge opened on Monday to traffic after two years of work.", "published": "Mon, 06 May 2019 08:00:00 +0000"})"
      "\n"
      R"({"body":"A row without title or id, but with enough text to be an article."})"
      "\n"
      R"(["not", "an", "object"])"
      "\n"
      R"({"title": "No text here"})"
      "\n";
  std::vector<std::string> warnings;
  auto docs =
      ReadJsonLines("feeds/day.jsonl", jsonl, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), 3u);
  const Document& a = docs.value()[0];
  EXPECT_EQ(a.id, "https://example.org/a");
  EXPECT_EQ(a.url, "https://example.org/a");
  EXPECT_EQ(a.source, "feeds/day.jsonl");
  EXPECT_EQ(a.headline, "Ports reopen");
  EXPECT_EQ(a.date, "2021-03-04");
  EXPECT_EQ(a.publisher, "Coast Daily");
  EXPECT_EQ(a.author, "Ann Lee");
  EXPECT_EQ(a.text, "Ports reopen\n\nPorts reopened on Thursday after the storm, officials said.");
  EXPECT_EQ(docs.value()[1].id, "42");
  EXPECT_EQ(docs.value()[1].date, "2019-05-06T08:00:00");
  EXPECT_EQ(docs.value()[2].id, "day.jsonl#5");

  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_TRUE(Has(warnings[0], "feeds/day.jsonl:2: invalid JSON at column")) << warnings[0];
  EXPECT_TRUE(Has(warnings[0], "row skipped"));
  EXPECT_EQ(warnings[1], "feeds/day.jsonl:6: not a JSON object; row skipped");
  EXPECT_TRUE(Has(warnings[2], "feeds/day.jsonl:7: no article text")) << warnings[2];
}

// The warnings about a row's date and about its text name the row as "file:line", as the
// errors above do.
TEST(ReadJsonLinesTest, WarningsAboutARowNameItsLine) {
  const std::string text = "Ports reopened on Thursday after the storm, officials said.";
  // The text's lone surrogate decodes to bytes that are not UTF-8, which the cleanup repairs.
  const std::string jsonl = "{\"text\":\"" + text + "\"}\n\n{\"text\":\"" + text +
                            "\",\"date\":\"someday\"}\n{\"title\":\"T\",\"text\":\"" + text +
                            " \\udc00\"}\n";
  std::vector<std::string> warnings;
  auto docs = ReadJsonLines("f.jsonl", jsonl, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), 3u);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0], "f.jsonl:3: unrecognised date \"someday\"; left empty");
  EXPECT_TRUE(Has(warnings[1], "f.jsonl:4: invalid UTF-8 at byte ")) << warnings[1];
}

// As MetadataWhiteSpaceIsCollapsed (below), with white space at either end and control bytes
// below ' ' that are no white space, which the check whether a value is collapsed already
// tells apart from white space after ruling out the bytes above ' '.
TEST(ReadJsonLinesTest, MetadataWhiteSpaceIsCollapsedAmongControlBytes) {
  const std::string text = "Ports reopened on Thursday after the storm, officials said.";
  const std::string bytes = "ab  \t\n\v\f\r\x1f\x08!";
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::mt19937 rng(7);
  std::string jsonl;
  std::vector<std::string> expected;
  for (int row = 0; row < 3000; ++row) {
    std::string value;
    const std::size_t size = 1 + rng() % 12;
    for (std::size_t i = 0; i < size; ++i) value += bytes[rng() % bytes.size()];
    std::string want;  // the words of `value`, one space apart
    for (std::size_t i = 0; i < value.size();) {
      if (space(value[i])) {
        ++i;
        continue;
      }
      if (!want.empty()) want += ' ';
      for (; i < value.size() && !space(value[i]); ++i) want += value[i];
    }
    expected.push_back(want);
    char escaped[8];
    std::string json;
    for (char c : value) {
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
      json += escaped;
    }
    jsonl += "{\"publisher\":\"" + json + "\",\"text\":\"" + text + "\"}\n";
  }
  auto docs = ReadJsonLines("f.jsonl", jsonl, nullptr);
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    ASSERT_EQ(docs.value()[i].publisher, expected[i]) << "row " << i + 1;
}

// Rows are parsed in place unless they start with a byte order mark (or hold a NUL byte, which
// makes the file binary); all read the same.
TEST(ReadJsonLinesTest, EscapesTrailingValueAndByteOrderMarkReadAsJson) {
  const std::string text = "Ports reopened on Thursday after the storm, officials said.";
  std::string jsonl = R"({"title":"Caf\u00e9 \"A\"","text":")" + text + "\\n" + text + "\"}\n";
  jsonl += "{\"text\":\"" + text + "\"} x\n";
  jsonl += "\xEF\xBB\xBF{\"id\":\"bom\",\"text\":\"" + text + "\"}\n";
  std::vector<std::string> warnings;
  auto docs = ReadJsonLines("f.jsonl", jsonl, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), 2u);
  EXPECT_EQ(docs.value()[0].headline, "Caf\xC3\xA9 \"A\"");
  EXPECT_EQ(docs.value()[1].id, "bom");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(Has(warnings[0],
                  "f.jsonl:2: invalid JSON at column 72 (The document root must not be followed by "
                  "other values.)"))
      << warnings[0];
}

// A row's title starts its text, a paragraph of its own, and a line of the text that is the
// title exactly is dropped: the cleaned text is taken in one piece when no line is the title,
// and joined again line by line without it when one is (first, in the middle, last); a line
// that only starts or holds the title stays.
TEST(ReadJsonLinesTest, TitleStartsTextAndItsLineInTheTextIsDropped) {
  const std::string a = "Ports reopened on Thursday after the storm, officials said.";
  const std::string b = "Ships waited for two days outside the harbour for the wind to drop.";
  const std::string c = "The port authority expects traffic to be back to normal next week.";
  const std::string title = "Ports reopen";
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {a + "\n\n" + b + "\n" + c, title + "\n\n" + a + "\n\n" + b + "\n" + c},
      {title + " today. " + a + "\n" + b, title + "\n\n" + title + " today. " + a + "\n" + b},
      {title + "\n" + a + "\n\n" + b, title + "\n\n" + a + "\n\n" + b},
      {title + "\n\n" + a + "\n" + b, title + "\n\n" + a + "\n" + b},
      {a + "\n" + title + "\n" + b + "\n\n" + c, title + "\n\n" + a + "\n" + b + "\n\n" + c},
      {a + "\n\n" + title + "\n\n" + b, title + "\n\n" + a + "\n\n" + b},
      {a + "\n" + b + "\n" + title, title + "\n\n" + a + "\n" + b},
      {title, title},
  };
  std::string jsonl;
  for (const Case& k : cases) {
    std::string escaped;
    for (char ch : k.text) escaped += ch == '\n' ? std::string("\\n") : std::string(1, ch);
    // Without a date and author, whose lines in the text are then looked for, and with them.
    jsonl += R"({"title":")" + title + R"(","text":")" + escaped + "\"}\n";
    jsonl += R"({"title":")" + title + R"(","date":"2021-03-04","author":"Ann Lee","text":")" +
             escaped + "\"}\n";
  }
  auto docs = ReadJsonLines("f.jsonl", jsonl, nullptr);
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), 2 * cases.size());
  for (std::size_t i = 0; i < docs.value().size(); ++i) {
    EXPECT_EQ(docs.value()[i].headline, title);
    EXPECT_EQ(docs.value()[i].text, cases[i / 2].expected) << "row " << i + 1;
  }
}

// A row with a title but no author takes the author from the text's first byline ("By ...",
// at most seven words, not ending in '.'), wherever it stands: before or after a line that
// repeats the title (which the reader drops), or with no such line; an author the row states
// wins; a row with no date takes its date line.
TEST(ReadJsonLinesTest, RowWithoutAuthorTakesTheFirstBylineOfItsText) {
  const std::string a = "Ports reopened on Thursday after the storm, officials said.";
  const std::string title = "Ports reopen";
  struct Case {
    std::string text, author;
  };
  const std::vector<Case> cases = {
      {"By Ann  Lee\n\n" + a, "Ann Lee"},
      {a + "\n\nBY Bo Chen", "Bo Chen"},
      {title + "\nBy Ann Lee\n\n" + a, "Ann Lee"},
      {"By Ann Lee\n" + title + "\n\n" + a, "Ann Lee"},
      {a + "\n" + title + "\nby Cy Doe\nBy Ann Lee", "Cy Doe"},
      {"By the harbour, ships waited.\n" + a, ""},
      {"Bylines: none\n" + a, ""},
      {a, ""},
  };
  std::string jsonl;
  for (const Case& k : cases) {
    std::string escaped;
    for (char ch : k.text) escaped += ch == '\n' ? std::string("\\n") : std::string(1, ch);
    jsonl += R"({"title":")" + title + R"(","date":"2021-03-04","text":")" + escaped + "\"}\n";
    jsonl += R"({"title":")" + title + R"(","author":"Eve Roe","text":"March 5, 2021\n)" +
             escaped + "\"}\n";
  }
  auto docs = ReadJsonLines("f.jsonl", jsonl, nullptr);
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), 2 * cases.size());
  for (std::size_t i = 0; i < docs.value().size(); ++i) {
    const Document& d = docs.value()[i];
    EXPECT_EQ(d.author, i % 2 ? "Eve Roe" : cases[i / 2].author) << "row " << i + 1;
    EXPECT_EQ(d.date, i % 2 ? "2021-03-05" : "2021-03-04") << "row " << i + 1;
    EXPECT_EQ(d.text.find("By Ann Lee\n" + title), std::string::npos) << "row " << i + 1;
  }
}

// JSON allows no raw control byte in a string: a row holding one (0x1F, the highest) is
// refused wherever it sits in the text, at every offset a 16-byte block can start at.
TEST(ReadJsonLinesTest, RowWithRawControlByteInAStringIsRefusedAtEveryOffset) {
  const std::string text = "Ports reopened on Thursday after the storm, officials said.";
  for (std::size_t at = 0; at < 40; ++at) {
    std::string bad = text;
    bad.insert(at, 1, '\x1F');
    const std::string jsonl =
        R"({"title":"Before","text":")" + text + "\"}\n" + R"({"title":"Bad","text":")" + bad +
        "\"}\n" + R"({"title":"After","text":")" + text + "\"}\n";
    std::vector<std::string> warnings;
    auto docs =
        ReadJsonLines("f.jsonl", jsonl, [&](const std::string& w) { warnings.push_back(w); });
    ASSERT_TRUE(docs.ok()) << docs.status().message();
    ASSERT_EQ(docs.value().size(), 2u) << "at " << at;
    EXPECT_EQ(docs.value()[0].headline, "Before");
    EXPECT_EQ(docs.value()[1].headline, "After");
    ASSERT_EQ(warnings.size(), 1u) << "at " << at;
    EXPECT_TRUE(Has(warnings[0], "f.jsonl:2: invalid JSON at column " +
                                     std::to_string(23 + at + 1) + " (Invalid escape character "
                                     "in string.)"))
        << warnings[0];
  }
}

// The strings of a row parsed in place are taken 16 bytes at a time up to the first byte that
// RapidJSON's parser must look at ('"', '\\', below 0x20), the rest by its byte loop: a title
// of every length to 40 with such a byte (or an escape, or UTF-8) at every place, before or
// after an escape that puts the unescaped bytes behind the row's, first in a row or last (where
// the row's end cuts the 16-byte steps short), reads as RapidJSON's byte loop alone reads it
// (rapidjson::Document::Parse by length), or is refused at the column where that loop refuses
// it, with its message.
TEST(ReadJsonLinesTest, TitlesReadAsRapidJsonsByteLoopReadsThem) {
  const std::string text = "Ports reopened on Thursday after the storm, officials said.";
  const std::vector<std::string> odd = {"\"",   "\\",       "\\\"", "\\\\",    "\\/",
                                        "\\u00e9", "\x01", "\t",   "\x1A",    "\x1F",
                                        "\x7F", "\xC3\xA9", "\\x",  "\\u00e"};
  std::size_t rows = 0, refused = 0;
  for (const std::string escape_before : {"", "\\\""}) {
    for (std::size_t length = 1; length <= 40; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        for (const std::string& o : odd) {
          const std::string title = escape_before + std::string(at, 'x') + o +
                                    std::string(length - at - 1, 'y');
          for (const bool title_first : {true, false}) {
            const std::string row = title_first
                                        ? R"({"title":")" + title + R"(","text":")" + text + "\"}"
                                        : R"({"text":")" + text + R"(","title":")" + title + "\"}";
            rapidjson::Document ref;
            ref.Parse(row.data(), row.size());
            std::vector<std::string> warnings;
            auto docs = ReadJsonLines("f.jsonl", row + "\n",
                                      [&](const std::string& w) { warnings.push_back(w); });
            ASSERT_TRUE(docs.ok()) << docs.status().message();
            ++rows;
            if (ref.HasParseError()) {
              ++refused;
              EXPECT_TRUE(docs.value().empty()) << row;
              ASSERT_EQ(warnings.size(), 1u) << row;
              EXPECT_TRUE(Has(warnings[0],
                              "f.jsonl:1: invalid JSON at column " +
                                  std::to_string(ref.GetErrorOffset() + 1) + " (" +
                                  rapidjson::GetParseError_En(ref.GetParseError()) + ")"))
                  << warnings[0] << " for " << row;
            } else {
              ASSERT_EQ(docs.value().size(), 1u) << row;
              EXPECT_TRUE(warnings.empty()) << row;
              EXPECT_EQ(docs.value()[0].headline,
                        std::string(ref["title"].GetString(), ref["title"].GetStringLength()))
                  << row;
            }
          }
        }
      }
    }
  }
  // Both outcomes were met, many times over.
  EXPECT_GT(refused, rows / 4);
  EXPECT_LT(refused, rows * 3 / 4);
}

// Rows are parsed into memory kept from row to row on each thread; a row whose values and
// nesting outgrow it (thousands of authors, deeply nested extra fields) reads in full, and the
// rows before and after it are unaffected.
TEST(ReadJsonLinesTest, RowsLargerThanTheKeptParseMemoryReadInFull) {
  const std::string text = "Ports reopened on Thursday after the storm, officials said.";
  std::string authors, expected, nested;
  for (int i = 0; i < 3000; ++i) {
    authors += (i ? "," : "") + std::string("{\"name\":\"A") + std::to_string(i) + "\"}";
    expected += (i ? ", A" : "A") + std::to_string(i);
  }
  for (int i = 0; i < 2000; ++i) nested += "[";
  for (int i = 0; i < 2000; ++i) nested += "]";
  const std::string small =
      "{\"title\":\"Small\",\"author\":\"Ann Lee\",\"text\":\"" + text + "\"}\n";
  const std::string jsonl = small + "{\"title\":\"Large\",\"author\":[" + authors +
                            "],\"extra\":" + nested + ",\"text\":\"" + text + "\"}\n" + small;
  auto docs = ReadJsonLines("f.jsonl", jsonl);
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs.value().size(), 3u);
  for (std::size_t i : {0u, 2u}) {
    EXPECT_EQ(docs.value()[i].headline, "Small");
    EXPECT_EQ(docs.value()[i].author, "Ann Lee");
    EXPECT_EQ(docs.value()[i].text, "Small\n\n" + text);
  }
  EXPECT_EQ(docs.value()[1].headline, "Large");
  EXPECT_EQ(docs.value()[1].author, expected);
  EXPECT_EQ(docs.value()[1].text, "Large\n\n" + text);
}

// Metadata values have their white space collapsed (one ' ' between words, none at the ends);
// values already collapsed are copied whole. Titles made at random from words and every kind
// of ASCII white space (as JSON escapes) must read as the words joined by one space.
TEST(ReadJsonLinesTest, MetadataWhiteSpaceIsCollapsed) {
  static constexpr std::string_view kPieces[] = {"A", "bc", "Caf\u00e9", "\\\"q\\\"", " ",
                                                 "  ", "\\t", "\\n", "\\r\\n", "\\u000b",
                                                 "\\f", "-"};
  static constexpr std::string_view kDecoded[] = {"A", "bc", "Caf\u00e9", "\"q\"", " ",
                                                  "  ", "\t", "\n", "\r\n", "\v", "\f", "-"};
  std::mt19937 rng(75);
  for (int n = 0; n < 500; ++n) {
    std::string escaped = "W", decoded = "W";
    for (int k = static_cast<int>(rng() % 10); k > 0; --k) {
      const std::size_t i = rng() % std::size(kPieces);
      escaped += kPieces[i];
      decoded += kDecoded[i];
    }
    std::string expected;
    for (std::size_t i = 0; i < decoded.size();) {
      const std::size_t end = std::min(decoded.find_first_of(" \t\n\v\f\r", i), decoded.size());
      if (end > i) expected += (expected.empty() ? "" : " ") + decoded.substr(i, end - i);
      i = end + 1;
    }
    const std::string row = "{\"title\":\"" + escaped + "\",\"text\":\"Ports reopened.\"}\n";
    auto docs = ReadJsonLines("f.jsonl", row);
    ASSERT_TRUE(docs.ok()) << row;
    ASSERT_EQ(docs.value().size(), 1u) << row;
    EXPECT_EQ(docs.value()[0].headline, expected) << row;
  }
}

// Each field takes the first member of each of its names (as RapidJSON's FindMember finds it),
// the names in their order of preference, skipping the empty ones: whatever the order of the
// row's members, duplicate names and members no field reads (the reader picks the members
// in one pass over the row rather than looking each name up).
TEST(ReadJsonLinesTest, FieldsTakeTheFirstMemberOfEachNameInPreferenceOrder) {
  static constexpr std::string_view kKeys[] = {"title", "headline", "url",  "link",   "id",
                                               "other", "titles",   "text", "content"};
  static constexpr std::string_view kValues[] = {"", "A", "B", "C"};
  std::mt19937 rng(76);
  for (int n = 0; n < 500; ++n) {
    std::vector<std::pair<std::string_view, std::string_view>> members;
    for (int k = 1 + static_cast<int>(rng() % 8); k > 0; --k)
      members.emplace_back(kKeys[rng() % std::size(kKeys)], kValues[rng() % std::size(kValues)]);
    std::string row = "{";
    for (const auto& [key, value] : members) {
      if (row.size() > 1) row += ',';
      row += "\"" + std::string(key) + "\":\"" + std::string(value) + "\"";
    }
    row += "}\n";
    // The value of the first member named `key`, "" when there is none.
    auto first = [&](std::string_view key) {
      for (const auto& [k, v] : members)
        if (k == key) return std::string(v);
      return std::string();
    };
    auto field = [&](std::initializer_list<std::string_view> names) {
      for (std::string_view name : names)
        if (std::string v = first(name); !v.empty()) return v;
      return std::string();
    };
    // The text is the first "text" member's, when there is one, even empty (the row is then
    // no article).
    const bool has_text = std::any_of(members.begin(), members.end(),
                                      [](const auto& m) { return m.first == "text"; });
    const std::string text = has_text ? first("text") : first("content");
    auto docs = ReadJsonLines("f.jsonl", row, [](const std::string&) {});
    ASSERT_TRUE(docs.ok()) << row;
    if (text.empty()) {
      EXPECT_TRUE(docs.value().empty()) << row;
      continue;
    }
    ASSERT_EQ(docs.value().size(), 1u) << row;
    const Document& doc = docs.value()[0];
    EXPECT_EQ(doc.headline, field({"title", "headline"})) << row;
    EXPECT_EQ(doc.url, field({"url", "link"})) << row;
    const std::string id = field({"id"});
    EXPECT_EQ(doc.id, !doc.url.empty() ? doc.url : !id.empty() ? id : "f.jsonl#1") << row;
  }
}

TEST(ReadArticleFileTest, ErrorMessagesNameFileAndProblem) {
  TempDir dir;
  const std::string bin = dir.Write("x.bin", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  const std::string empty = dir.Write("empty.txt", "");
  const std::string blank = dir.Write("blank.txt", " \n\n\t\n");
  const std::string bin_txt = dir.Write("zeros.txt", std::string(100, '\0'));
  const std::string missing = dir.path() + "/missing.txt";

  struct Case {
    std::string path, message;
  };
  for (const Case& c :
       {Case{bin, bin + ": binary file, not an article (skipped)"},
        Case{bin_txt, bin_txt + ": binary file, not an article (skipped)"},
        Case{empty, empty + ": empty file (skipped)"},
        Case{blank, blank + ": empty file (skipped)"}, Case{missing, missing + ": no such file"},
        Case{dir.path(), dir.path() + ": is a directory, not a file"}}) {
    auto docs = ReadArticleFile(c.path);
    ASSERT_FALSE(docs.ok()) << c.path;
    EXPECT_EQ(docs.status().message(), c.message);
    EXPECT_EQ(docs.status().message().find('\n'), std::string::npos);
  }
}

TEST(ReadArticleFileTest, InvalidUtf8IsReplacedWithAWarning) {
  TempDir dir;
  const std::string path =
      dir.Write("bad.txt",
                "Caf\xC3\xA9 owners protest new rules\n\nThe owners \xFF said on Monday the rules "
                "would hurt trade, and \xC3\xA9lan was lost.\n");
  std::vector<std::string> warnings;
  auto docs = ReadArticleFile(path, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(Has(docs.value()[0].text, "The owners \xEF\xBF\xBD said"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], path + ": invalid UTF-8 at byte 43; replaced with U+FFFD");
}

TEST(ReadArticleFileTest, Windows1252IsConverted) {
  TempDir dir;
  const std::string path =
      dir.Write("cp.txt",
                "Caf\xE9 owners protest\r\n\r\nThe owners said \x93no\x94 to the rules on "
                "Monday \x96 and again on Tuesday.\r\n");
  std::vector<std::string> warnings;
  auto docs = ReadArticleFile(path, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  const Document& d = docs.value()[0];
  EXPECT_EQ(d.headline, "Caf\u00e9 owners protest");
  EXPECT_TRUE(Has(d.text, "The owners said \u201cno\u201d to the rules on Monday \u2013 and"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(Has(warnings[0], path + ": not UTF-8; read as Windows-1252")) << warnings[0];
}

TEST(ReadArticleFileTest, BytesUnassignedInWindows1252AreReplacedNotConverted) {
  std::vector<std::string> warnings;
  auto doc = ReadPlainText("u.txt", "Storm hits\x81 coast\n\nThe storm hit the coast on Monday.\n",
                           [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().headline, "Storm hits\uFFFD coast");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "u.txt: invalid UTF-8 at byte 10; replaced with U+FFFD");
}

TEST(FormatTest, ExtensionsAndSniffing) {
  EXPECT_EQ(FormatFromPath("a/b.txt"), InputFormat::kPlainText);
  EXPECT_EQ(FormatFromPath("a/README"), InputFormat::kPlainText);
  EXPECT_EQ(FormatFromPath("a/b.HTM"), InputFormat::kHtml);
  EXPECT_EQ(FormatFromPath("b.html"), InputFormat::kHtml);
  EXPECT_EQ(FormatFromPath("b.ndjson"), InputFormat::kJsonLines);
  EXPECT_EQ(FormatFromPath("b.jsonl"), InputFormat::kJsonLines);
  EXPECT_EQ(FormatFromPath("b.bin"), InputFormat::kUnknown);
  EXPECT_EQ(SniffFormat("  {\"text\":\"x\"}\n"), InputFormat::kJsonLines);
  EXPECT_EQ(SniffFormat("\n<!DOCTYPE html><html>"), InputFormat::kHtml);
  EXPECT_EQ(SniffFormat("Headline\n\nText."), InputFormat::kPlainText);
}

TEST(ReadInputsTest, WalksDirectoriesInOrderAndCountsSkips) {
  TempDir dir;
  const std::string article =
      "Storm closes ports\n\nThe storm closed all ports on Monday, officials said.\n";
  dir.Write("b/2.txt", article);
  dir.Write("b/1.txt", article);
  dir.Write(
      "a.html",
      "<html><body><p>The council met on Monday to vote on the budget plan.</p></body></html>");
  dir.Write("c.jsonl", "{\"text\":\"Row one text is here and long enough.\"}\n{bad\n");
  dir.Write(".hidden.txt", article);
  dir.Write(".git/x.txt", article);
  dir.Write("notes.csv", "a,b\n");
  dir.Write("z.txt", std::string("\0\0\0", 3));
  std::error_code ec;
  fs::create_directory_symlink(dir.path(), dir.path() + "/loop", ec);  // a cycle, if allowed

  std::vector<std::string> ids, warnings;
  ReadStats stats;
  Status st = ReadInputs(
      {dir.path()}, [&](Document&& d) { ids.push_back(d.id); },
      [&](const std::string& w) { warnings.push_back(w); }, &stats);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(ids, (std::vector<std::string>{"a.html", "1.txt", "2.txt", "c.jsonl#1"}));
  EXPECT_EQ(stats.files, 5u);
  EXPECT_EQ(stats.documents, 4u);
  EXPECT_EQ(stats.skipped, 2u);  // the bad row and the binary file
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_TRUE(Has(warnings[0], "c.jsonl:2: invalid JSON")) << warnings[0];
  EXPECT_EQ(warnings[1], dir.path() + "/z.txt: binary file, not an article (skipped)");
}

TEST(ReadInputsTest, MissingInputIsAnError) {
  std::size_t n = 0;
  Status st = ReadInputs(
      {kSeeds + "000_d7b3aafb81283db4.txt", "/no/such/input"}, [&](Document&&) { ++n; }, {},
      nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "/no/such/input: no such file or directory");
  EXPECT_EQ(n, 1u);
}

TEST(ReadInputsTest, ExplicitFileOfUnknownExtensionIsSniffed) {
  TempDir dir;
  const std::string path = dir.Write(
      "story.dat", "Storm closes ports\n\nThe storm closed all ports on Monday, officials said.\n");
  std::vector<std::string> ids;
  Status st = ReadInputs(
      {path}, [&](Document&& d) { ids.push_back(d.headline); }, {}, nullptr);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"Storm closes ports"}));
}

}  // namespace
}  // namespace newsgraph::extract
