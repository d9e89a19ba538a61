// Hostile and broken input through the readers and `newsgraph build`: NUL bytes, BOM, CRLF,
// huge files without line breaks, FIFOs, dangling symlinks and symlink loops, unreadable files,
// real Windows-1252 text (FA-KES), invalid UTF-8 in JSON Lines and malformed JSONL rows with
// --strict. Cases already covered elsewhere (empty, binary, deeply nested HTML, HTML without
// body, cp1252 conversion) are in tests/extract/reader_test.cc and tests/cli/.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "extract/cleanup.h"
#include "extract/reader.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;
using extract::ReadArticleFile;
using extract::ReadInputs;
using extract::ReadStats;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("newsgraph_bad_" +
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
  std::string Write(const std::string& name, const std::string& bytes) const {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(Path(name), std::ios::binary) << bytes;
    return Path(name);
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Reads `inputs` with ReadInputs, collecting documents and warnings.
  Status ReadAll(const std::vector<std::string>& inputs) {
    docs_.clear();
    warnings_.clear();
    stats_ = {};
    return ReadInputs(
        inputs, [&](Document&& d) { docs_.push_back(std::move(d)); },
        [&](const std::string& w) { warnings_.push_back(w); }, &stats_);
  }
  int Build(std::vector<std::string> inputs, std::vector<std::string> outputs,
            bool strict = false) {
    cli::BuildArgs args;
    args.inputs = std::move(inputs);
    args.outputs = std::move(outputs);
    args.data_dir = NEWSGRAPH_DATA_DIR;
    args.strict = strict;
    out_.str("");
    err_.str("");
    return cli::RunBuild(args, out_, err_);
  }

  fs::path dir_;
  std::vector<Document> docs_;
  std::vector<std::string> warnings_;
  ReadStats stats_;
  std::ostringstream out_, err_;
};

const std::string kArticle =
    "Storm closes ports in Latakia\n\nThe storm closed all ports on Monday, the Syrian "
    "Ministry of Transport said.\n";

TEST_F(BadInput, NulBytes) {
  // In the first 64 KiB: the file is binary and skipped with a message naming it.
  const std::string nul_txt =
      Write("nul.txt", std::string("Headline here\n\nSome text\0with a NUL byte.\n", 40));
  auto doc = ReadArticleFile(nul_txt);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), nul_txt + ": binary file, not an article (skipped)");
  // Further in, the byte is dropped and the rest of the article is read.
  std::string late = kArticle + std::string(70000, 'x') + "\n\nAfter the NUL";
  late += std::string(1, '\0') + " the text goes on.\n";
  auto late_doc = ReadArticleFile(Write("late.txt", late));
  ASSERT_TRUE(late_doc.ok()) << late_doc.status().message();
  EXPECT_EQ(late_doc.value()[0].text.find('\0'), std::string::npos);
  EXPECT_TRUE(Has(late_doc.value()[0].text, "After the NUL the text goes on."));
  // In one JSONL row: that row is skipped with its line number, the others are read.
  const std::string jsonl = Write(
      "rows.jsonl", std::string("{\"text\":\"The first row is a good article about ports.\"}\n"
                                "{\"text\":\"bad \0 row\"}\n"
                                "{\"text\":\"The third row is a good article too.\"}\n",
                                124));
  ASSERT_TRUE(ReadAll({jsonl}).ok());
  EXPECT_EQ(docs_.size(), 2u);
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_EQ(warnings_[0], jsonl + ":2: NUL bytes in row; row skipped");
}

TEST_F(BadInput, ByteOrderMarkAndCrlfInEveryFormat) {
  const std::string bom = "\xEF\xBB\xBF";
  const std::string txt = Write(
      "bom.txt", bom + "Storm closes ports\r\n\r\nThe storm closed all ports on Monday.\r\n");
  const std::string html = Write(
      "bom.html", bom + "<html>\r\n<head><title>Storm closes ports</title></head>\r\n<body><p>The "
                        "storm closed all ports\r\non Monday.</p></body></html>\r\n");
  const std::string jsonl =
      Write("bom.jsonl", bom + "{\"title\":\"Storm closes ports\",\"text\":\"The storm closed "
                               "all ports on Monday.\\r\\nOfficials said so.\"}\r\n"
                               "{\"text\":\"A second row, also with CRLF.\"}\r\n");
  ASSERT_TRUE(ReadAll({txt, html, jsonl}).ok());
  EXPECT_TRUE(warnings_.empty()) << warnings_[0];
  ASSERT_EQ(docs_.size(), 4u);
  for (const Document& d : docs_) {
    EXPECT_EQ(d.text.find('\r'), std::string::npos) << d.id;
    EXPECT_EQ(d.text.find(bom), std::string::npos) << d.id;
    EXPECT_EQ(d.headline.find(bom), std::string::npos) << d.id;
  }
  EXPECT_EQ(docs_[0].headline, "Storm closes ports");
  EXPECT_EQ(docs_[1].headline, "Storm closes ports");
  EXPECT_EQ(docs_[2].headline, "Storm closes ports");
}

// Writes `bytes` bytes of words and no line break.
void WriteOneLine(const std::string& path, std::size_t bytes, const std::string& prefix = "") {
  std::ofstream out(path, std::ios::binary);
  out << prefix;
  const std::string words = "The minister said that the talks in Damascus failed again. ";
  std::string chunk;
  while (chunk.size() < (1u << 20)) chunk += words;
  std::size_t left = bytes - prefix.size();
  while (left > 0) {
    const std::size_t n = std::min(left, chunk.size());
    out.write(chunk.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
}

TEST_F(BadInput, HugeFilesWithoutLineBreaksAreRefusedQuickly) {
  // 200 MB: refused after reading 64 MiB. 3 MiB: under the file limit but more text than an
  // article can be (the extractors would take minutes on one 3 MiB paragraph). A JSONL row of
  // 3 MiB likewise; the good row beside it is still read.
  WriteOneLine(Path("huge.txt"), 200u << 20);
  WriteOneLine(Path("long.txt"), 3u << 20);
  WriteOneLine(Path("long.jsonl"), 3u << 20, "{\"text\":\"");
  std::ofstream(Path("long.jsonl"), std::ios::app)
      << "\"}\n{\"text\":\"A good row after the long one, about the ports.\"}\n";
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(ReadAll({Path("huge.txt"), Path("long.txt"), Path("long.jsonl")}).ok());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 30.0);  // under ASan on a loaded machine; about 1 s otherwise
  ASSERT_EQ(warnings_.size(), 3u);
  EXPECT_EQ(warnings_[0],
            Path("huge.txt") + ": larger than 64 MiB, too large for one article (skipped)");
  EXPECT_TRUE(Has(warnings_[1], Path("long.txt") + ": more than 1 MiB of text (3145728 bytes)"))
      << warnings_[1];
  EXPECT_TRUE(Has(warnings_[2], Path("long.jsonl") + ":1: more than 1 MiB of text"))
      << warnings_[2];
  EXPECT_TRUE(Has(warnings_[2], "row skipped"));
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].id, "long.jsonl#2");
  fs::remove(Path("huge.txt"));
}

TEST_F(BadInput, FifoIsRefusedNotWaitedFor) {
  // Regression: ReadArticleFile opened a FIFO and blocked forever waiting for a writer.
  const std::string fifo = Path("pipe.txt");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto result = std::async(std::launch::async, [&] { return ReadArticleFile(fifo); });
  if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    // Unblock the reader so the test fails instead of hanging.
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
    FAIL() << "reading a FIFO blocked";
  }
  auto docs = result.get();
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().message(),
            fifo + ": not a regular file (FIFO, device or socket); skipped (use - to read stdin)");
}

TEST_F(BadInput, DirectoryWithFifoDanglingLinksAndLoops) {
  Write("d/good.txt", kArticle);
  ASSERT_EQ(::mkfifo(Path("d/pipe.txt").c_str(), 0600), 0);
  fs::create_symlink(Path("d/missing.txt"), Path("d/dangling.txt"));
  fs::create_symlink(Path("d/loop_b.txt"), Path("d/loop_a.txt"));
  fs::create_symlink(Path("d/loop_a.txt"), Path("d/loop_b.txt"));
  fs::create_directory_symlink(Path("d"), Path("d/sub_loop"));
  auto result = std::async(std::launch::async, [&] { return ReadAll({Path("d")}); });
  if (result.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
    const int fd = ::open(Path("d/pipe.txt").c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
    FAIL() << "walking the directory blocked";
  }
  ASSERT_TRUE(result.get().ok());
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].id, "good.txt");

  // Named explicitly, a symlink loop or a dangling link is an error naming it, not a hang.
  EXPECT_FALSE(ReadAll({Path("d/loop_a.txt")}).ok());
  EXPECT_FALSE(ReadAll({Path("d/dangling.txt")}).ok());
  // And `newsgraph build` on the directory still builds the good article.
  EXPECT_EQ(Build({Path("d")}, {Path("g.jsonld")}), 0) << err_.str();
  EXPECT_TRUE(fs::exists(Path("g.jsonld")));
}

TEST_F(BadInput, UnreadableFileIsReportedAndSkipped) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "running as root: chmod 000 does not stop root from reading; the FIFO and "
                    "symlink cases above cover files that cannot be read";
  }
  Write("d/good.txt", kArticle);
  const std::string locked = Write("d/locked.txt", kArticle);
  ASSERT_EQ(::chmod(locked.c_str(), 0), 0);
  ASSERT_TRUE(ReadAll({Path("d")}).ok());
  EXPECT_EQ(docs_.size(), 1u);
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_TRUE(Has(warnings_[0], locked + ": cannot open (Permission denied)")) << warnings_[0];
}

TEST_F(BadInput, InvalidUtf8InAJsonlRowNamesLineAndByte) {
  const std::string path =
      Write("u.jsonl", "{\"text\":\"Fine row about the ports closing on Monday.\"}\n"
                       "{\"text\":\"Bad \xC3\x28 byte in the second row, about ports.\"}\n");
  ASSERT_TRUE(ReadAll({path}).ok());
  ASSERT_EQ(docs_.size(), 2u);
  EXPECT_TRUE(Has(docs_[1].text, "Bad \xEF\xBF\xBD( byte"));
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_EQ(warnings_[0], path + ":2: invalid UTF-8 at byte 13 of the line; replaced with U+FFFD");
}

TEST_F(BadInput, LoneSurrogateEscapeInJsonlMetadataIsRepaired) {
  // Regression (found by fuzz_jsonl): "\udc00" decoded to bytes that are not UTF-8, and the
  // headline, first in Document::text, carried them into every export.
  const std::string path =
      Write("s.jsonl", "{\"title\":\"Ports \\udc00 reopen\",\"author\":\"A \\udfff\",\"text\":"
                       "\"Ports reopened on Thursday after the storm, officials said.\"}\n");
  ASSERT_TRUE(ReadAll({path}).ok());
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].headline, "Ports \uFFFD\uFFFD\uFFFD reopen");
  EXPECT_TRUE(extract::IsValidUtf8(docs_[0].text));
  EXPECT_TRUE(extract::IsValidUtf8(docs_[0].author));
}

// The FA-KES corpus (research use only, not in the repository) is Windows-1252 / Latin-1
// text with stray bytes; a few of its rows must be converted or repaired, never crash.
TEST_F(BadInput, FakesRowsAreConvertedOrRepaired) {
  const std::string xz = std::string(NEWSGRAPH_SOURCE_DIR) + "/../shared/data/fa-kes/fakes.csv.xz";
  if (!fs::exists(xz)) GTEST_SKIP() << xz << " not found (the FA-KES corpus is not committed)";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(("xz -dc '" + xz + "'").c_str(), "r"),
                                             ::pclose);
  ASSERT_TRUE(pipe) << "cannot run xz";
  std::string csv;
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0;) csv.append(buf, n);
  if (csv.empty()) GTEST_SKIP() << "xz could not unpack " << xz << " (is xz-utils installed?)";
  ASSERT_GT(csv.size(), 1000000u);
  // Rows whose only non-ASCII byte is 0x95 (cp1252 bullet) and the first row with 0x81
  // (unassigned in cp1252).
  std::vector<std::string> cp1252_rows;
  std::string unassigned_row;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    bool high = false, only95 = true, has81 = false;
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80) high = true, only95 = only95 && u == 0x95, has81 = has81 || u == 0x81;
    }
    if (high && only95 && cp1252_rows.size() < 5) cp1252_rows.push_back(line + "\n\n");
    if (has81 && unassigned_row.empty()) unassigned_row = line + "\n";
  }
  ASSERT_EQ(cp1252_rows.size(), 5u);
  ASSERT_FALSE(unassigned_row.empty());

  std::string rows;
  for (const std::string& r : cp1252_rows) rows += r;
  std::vector<std::string> warnings;
  auto doc = extract::ReadPlainText("fakes.txt", rows,
                                    [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(extract::IsValidUtf8(doc.value().text));
  EXPECT_TRUE(Has(doc.value().text, "\u2022")) << "0x95 is U+2022 in Windows-1252";
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(Has(warnings[0], "fakes.txt: not UTF-8; read as Windows-1252")) << warnings[0];

  warnings.clear();
  auto repaired = extract::ReadPlainText("fakes81.txt", unassigned_row,
                                         [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(repaired.ok()) << repaired.status().message();
  EXPECT_TRUE(extract::IsValidUtf8(repaired.value().text));
  std::size_t first_high = 0;
  while (static_cast<unsigned char>(unassigned_row[first_high]) < 0x80) ++first_high;
  ASSERT_FALSE(warnings.empty());
  EXPECT_TRUE(Has(warnings[0], "fakes81.txt: invalid UTF-8 at byte " + std::to_string(first_high)))
      << warnings[0];
}

TEST_F(BadInput, Latin1ArticleIsConvertedThroughTheWholeBuild) {
  Write("latin1.txt",
        "Caf\xE9 owners in Beirut protest\n\nThe owners of a caf\xE9 in Beirut said \x93no\x94 to "
        "the new rules on Monday.\n");
  ASSERT_EQ(Build({Path("latin1.txt")}, {Path("g.jsonld")}), 0) << err_.str();
  EXPECT_TRUE(Has(err_.str(), Path("latin1.txt") + ": not UTF-8; read as Windows-1252"));
  const std::string jsonld = Read(Path("g.jsonld"));
  EXPECT_TRUE(extract::IsValidUtf8(jsonld));
  EXPECT_TRUE(Has(jsonld, "Caf\u00e9 owners in Beirut protest"));
}

TEST_F(BadInput, MalformedJsonlRowsAreReportedAndGoodRowsBuilt) {
  const std::string good =
      "{\"title\":\"Ports reopen\",\"text\":\"Ports reopened on Thursday after the storm, the "
      "Syrian Ministry of Transport said.\"}\n";
  const std::string jsonl = Write("rows.jsonl", good + "{\"text\": \n" + "[1,2]\n" +
                                                    "{\"title\":\"no text\"}\n");
  ASSERT_EQ(Build({jsonl}, {Path("g.jsonld")}), 0) << err_.str();
  const std::string e = err_.str();
  EXPECT_TRUE(Has(e, jsonl + ":2: invalid JSON at column")) << e;
  EXPECT_TRUE(Has(e, jsonl + ":3: not a JSON object; row skipped")) << e;
  EXPECT_TRUE(Has(e, jsonl + ":4: no article text")) << e;
  EXPECT_TRUE(Has(e, "1 article from 1 file, 3 skipped,")) << e;
  EXPECT_TRUE(Has(Read(Path("g.jsonld")), "Ports reopen"));

  // Nothing good: exit 1, nothing written.
  const std::string bad = Write("bad.jsonl", "{\"text\": \n[1]\n");
  EXPECT_EQ(Build({bad}, {Path("bad.jsonld")}), 1);
  EXPECT_FALSE(fs::exists(Path("bad.jsonld")));
}

TEST_F(BadInput, StrictFailsOnAnySkippedRowAndKeepsThePreviousFile) {
  const std::string jsonl =
      Write("rows.jsonl",
            "{\"text\":\"Ports reopened on Thursday after the storm, officials said.\"}\n{bad\n");
  Write("g.jsonld", "previous graph");
  EXPECT_EQ(Build({jsonl}, {Path("g.jsonld")}, /*strict=*/true), 1);
  EXPECT_TRUE(Has(err_.str(), jsonl + ":2: invalid JSON")) << err_.str();
  EXPECT_TRUE(Has(err_.str(), "--strict: 1 file(s) or row(s) skipped")) << err_.str();
  EXPECT_EQ(Read(Path("g.jsonld")), "previous graph");
  // Without --strict the same input builds.
  EXPECT_EQ(Build({jsonl}, {Path("g.jsonld")}), 0) << err_.str();
  EXPECT_NE(Read(Path("g.jsonld")), "previous graph");
}

}  // namespace
}  // namespace newsgraph
