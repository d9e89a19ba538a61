// The parallel build gives the graph of the sequential one: the same JSON-LD bytes with 1 and
// 2 threads (and with the fewest tokens in flight), on the seeds and on a generated corpus of
// JSON Lines; documents merged in input order; bad files and rows in the middle reported in
// order and skipped while the rest is read. Also checks InputCursor + ParseRawInput against
// ReadInputs, which they mirror. No timing here: speed is measured in bench/.
#include "extract/parallel_build.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <fstream>
#include <sstream>

#include "export/jsonld_writer.h"
#include "extract/reader.h"

namespace newsgraph::extract {
namespace {

namespace fs = std::filesystem;

const std::string kSeeds = std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds";

const Pipeline& SharedPipeline() {
  static const std::unique_ptr<Pipeline> p = [] {
    PipelineOptions opts;
    opts.data_dir = NEWSGRAPH_DATA_DIR;
    auto r = Pipeline::Create(opts);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return std::move(r).value();
  }();
  return *p;
}

std::string JsonLd(const KnowledgeGraph& kg) {
  std::ostringstream out;
  EXPECT_TRUE(exporters::WriteJsonLd(kg, out).ok());
  return out.str();
}

struct Built {
  Status status;
  std::string jsonld;
  std::vector<std::string> warnings;
  BuildStats stats;
  std::vector<std::string> article_order;  // Document ids by vertex number
};

Built Parallel(const std::vector<std::string>& inputs, std::size_t threads,
               std::size_t max_in_flight = 0, bool count_words = true) {
  Built b;
  KnowledgeGraph kg;
  BuildOptions opts;
  opts.threads = threads;
  opts.max_in_flight = max_in_flight;
  opts.count_words = count_words;
  opts.warn = [&](const std::string& w) { b.warnings.push_back(w); };
  b.status = BuildGraph(SharedPipeline(), inputs, kg, opts, &b.stats);
  b.jsonld = JsonLd(kg);
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    if (auto* a = std::get_if<ArticleNode>(&kg.graph()[v])) b.article_order.push_back(a->id);
  return b;
}

// The single-threaded reference: ReadInputs, Extract and Merge one document at a time.
Built Sequential(const std::vector<std::string>& inputs) {
  Built b;
  KnowledgeGraph kg;
  b.status = ReadInputs(
      inputs,
      [&](Document&& doc) {
        if (kg.Merge(doc, SharedPipeline().Extract(doc))) ++b.stats.merged;
      },
      [&](const std::string& w) { b.warnings.push_back(w); }, &b.stats.read);
  b.jsonld = JsonLd(kg);
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    if (auto* a = std::get_if<ArticleNode>(&kg.graph()[v])) b.article_order.push_back(a->id);
  return b;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

class ParallelBuild : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newsgraph_parallel_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& bytes) const {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(Path(name), std::ios::binary) << bytes;
  }

  // A corpus of `n` JSONL rows made from the seed articles, each with its own id, date and a
  // closing sentence naming people and places shared across rows (so that entities merge
  // across articles), and two bad rows in the middle.
  std::string GenerateJsonl(int n) const {
    std::vector<std::string> seeds;
    for (const auto& e : fs::directory_iterator(kSeeds)) seeds.push_back(e.path().string());
    std::sort(seeds.begin(), seeds.end());
    static const char* kPeople[] = {"John Smith", "Maria Lopez", "Ahmed Hassan", "Olga Petrova"};
    static const char* kPlaces[] = {"France", "Egypt", "Brazil", "Japan", "Kenya"};
    std::ostringstream out;
    for (int i = 0; i < n; ++i) {
      if (i == n / 3) out << "{\"id\": \"broken\", \"text\": \n";       // invalid JSON
      if (i == n / 2) out << "{\"id\": \"no-text\", \"title\": \"x\"}\n";  // no article text
      const std::string text = ReadFile(seeds[i % seeds.size()]) + "\n\n" + kPeople[i % 4] +
                               ", the foreign minister of " + kPlaces[i % 5] +
                               ", said on Tuesday that " + std::to_string(100 + i) +
                               " people had been evacuated.";
      out << "{\"id\": \"gen-" << i << "\", \"title\": \"Report " << i
          << "\", \"date\": \"2014-09-" << (10 + i % 18) << "\", \"text\": " << JsonString(text)
          << "}\n";
    }
    return out.str();
  }

  fs::path dir_;
};

TEST_F(ParallelBuild, SeedsAreByteIdenticalWithOneAndTwoThreads) {
  const Built one = Parallel({kSeeds}, 1);
  const Built two = Parallel({kSeeds}, 2);
  const Built two_tight = Parallel({kSeeds}, 2, 1);
  const Built seq = Sequential({kSeeds});
  ASSERT_TRUE(one.status.ok()) << one.status.message();
  EXPECT_EQ(one.stats.read.documents, 4u);
  EXPECT_EQ(one.stats.merged, 4u);
  EXPECT_GT(one.jsonld.size(), 1000u);
  EXPECT_EQ(one.jsonld, two.jsonld);
  EXPECT_EQ(one.jsonld, two_tight.jsonld);
  EXPECT_EQ(one.jsonld, seq.jsonld);
  EXPECT_EQ(two.stats.threads, 2u);
}

TEST_F(ParallelBuild, GeneratedJsonlIsByteIdenticalAndInInputOrder) {
  Write("corpus.jsonl", GenerateJsonl(120));
  const Built seq = Sequential({Path("corpus.jsonl")});
  const Built one = Parallel({Path("corpus.jsonl")}, 1);
  const Built two = Parallel({Path("corpus.jsonl")}, 2);
  const Built two_wide = Parallel({Path("corpus.jsonl")}, 2, 64);
  // Few items in flight: items merged by the other thread once a few wait for the merging one.
  const Built two_narrow = Parallel({Path("corpus.jsonl")}, 2, 2);
  ASSERT_TRUE(two.status.ok()) << two.status.message();
  EXPECT_EQ(one.jsonld, two_narrow.jsonld);
  EXPECT_EQ(two_narrow.warnings, seq.warnings);
  EXPECT_EQ(two.stats.read.documents, 120u);
  EXPECT_EQ(two.stats.read.skipped, 2u);
  EXPECT_EQ(one.jsonld, two.jsonld);
  EXPECT_EQ(one.jsonld, two_wide.jsonld);
  EXPECT_EQ(one.jsonld, seq.jsonld);
  // Articles become vertices in input order.
  ASSERT_EQ(two.article_order.size(), 120u);
  for (int i = 0; i < 120; ++i) EXPECT_EQ(two.article_order[i], "gen-" + std::to_string(i));
  // The two bad rows are reported, in order, with their line numbers.
  ASSERT_EQ(two.warnings.size(), 2u);
  EXPECT_NE(two.warnings[0].find("corpus.jsonl:41: invalid JSON"), std::string::npos)
      << two.warnings[0];
  EXPECT_NE(two.warnings[1].find("corpus.jsonl:62: no article text"), std::string::npos)
      << two.warnings[1];
  EXPECT_EQ(two.warnings, seq.warnings);
  EXPECT_GT(two.stats.words, 120u * 300);
  EXPECT_EQ(two.stats.input_bytes, ReadFile(Path("corpus.jsonl")).size());
  // Words are counted only when asked for; nothing else changes.
  const Built uncounted = Parallel({Path("corpus.jsonl")}, 2, 0, /*count_words=*/false);
  EXPECT_EQ(uncounted.stats.words, 0u);
  EXPECT_EQ(uncounted.stats.text_bytes, two.stats.text_bytes);
  EXPECT_EQ(uncounted.jsonld, two.jsonld);
}

TEST_F(ParallelBuild, BadFileInTheMiddleDoesNotStopTheRest) {
  for (const auto& e : fs::directory_iterator(kSeeds))
    Write("in/" + e.path().filename().string(), ReadFile(e.path().string()));
  Write("in/001_a_binary.txt", std::string("\x00\x01\x02\x03 binary", 11));
  Write("in/002_a_empty.txt", "");
  Write("in/002_b_rows.jsonl",
        std::string("{\"text\": \"Paris is in France.\"}\n") + std::string("\0\1\n", 3));
  const Built seq = Sequential({Path("in")});
  const Built two = Parallel({Path("in")}, 2, 2);
  ASSERT_TRUE(two.status.ok()) << two.status.message();
  EXPECT_EQ(two.stats.read.documents, 5u);  // four seeds and one JSONL row
  EXPECT_EQ(two.stats.read.skipped, 3u);    // binary file, empty file, NUL row
  EXPECT_EQ(two.stats.read.files, 7u);
  EXPECT_EQ(two.stats.read.documents, seq.stats.read.documents);
  EXPECT_EQ(two.stats.read.skipped, seq.stats.read.skipped);
  EXPECT_EQ(two.stats.read.files, seq.stats.read.files);
  EXPECT_EQ(two.stats.read.warnings, seq.stats.read.warnings);
  EXPECT_EQ(two.warnings, seq.warnings);
  ASSERT_EQ(two.warnings.size(), 3u);
  EXPECT_NE(two.warnings[0].find("001_a_binary.txt"), std::string::npos) << two.warnings[0];
  EXPECT_NE(two.warnings[1].find("002_a_empty.txt"), std::string::npos) << two.warnings[1];
  EXPECT_NE(two.warnings[2].find("002_b_rows.jsonl:2"), std::string::npos) << two.warnings[2];
  EXPECT_EQ(two.jsonld, seq.jsonld);
  EXPECT_EQ(two.jsonld, Parallel({Path("in")}, 1).jsonld);
}

TEST_F(ParallelBuild, MissingInputIsAnErrorLikeReadInputs) {
  const Built two = Parallel({kSeeds, Path("nope")}, 2);
  EXPECT_FALSE(two.status.ok());
  EXPECT_NE(two.status.message().find("nope: no such file or directory"), std::string::npos);
  EXPECT_FALSE(Sequential({kSeeds, Path("nope")}).status.ok());
}

TEST_F(ParallelBuild, CursorAndParseGiveTheDocumentsOfReadInputs) {
  Write("d/a.txt", "Headline here\n\nSome body text about Paris and London.\n");
  Write("d/b.html", "<html><head><title>T</title></head><body><p>Body in Rome.</p></body></html>");
  Write("d/c.jsonl", "\n{\"text\": \"Row one in Oslo.\", \"date\": \"someday\"}\n{bad\n");
  Write("d/.hidden.txt", "never read");
  Write("d/e.xyz", "unknown extension");
  Write("plain.dat", "{\"text\": \"sniffed JSON Lines\"}\n");
  const std::vector<std::string> inputs = {Path("d"), Path("plain.dat")};

  std::vector<Document> expected;
  std::vector<std::string> expected_warnings;
  ReadStats expected_stats;
  ASSERT_TRUE(ReadInputs(
                  inputs, [&](Document&& d) { expected.push_back(std::move(d)); },
                  [&](const std::string& w) { expected_warnings.push_back(w); }, &expected_stats)
                  .ok());

  std::vector<Document> got;
  std::vector<std::string> warnings;
  ReadStats stats;
  InputCursor cursor(inputs, &stats);
  for (;;) {
    auto next = cursor.Next();
    ASSERT_TRUE(next.ok());
    if (!next.value()) break;
    const RawInput& raw = *next.value();
    if (!raw.problem.empty()) {
      warnings.push_back(raw.problem);
      continue;
    }
    auto doc = ParseRawInput(raw, [&](const std::string& w) { warnings.push_back(w); });
    if (doc.ok()) got.push_back(std::move(doc).value());
    else warnings.push_back(doc.status().message());
  }
  EXPECT_EQ(warnings, expected_warnings);
  EXPECT_EQ(stats.files, expected_stats.files);
  ASSERT_EQ(got.size(), expected.size());
  ASSERT_EQ(got.size(), 4u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].id, expected[i].id);
    EXPECT_EQ(got[i].source, expected[i].source);
    EXPECT_EQ(got[i].headline, expected[i].headline);
    EXPECT_EQ(got[i].date, expected[i].date);
    EXPECT_EQ(got[i].text, expected[i].text);
  }
  EXPECT_GT(cursor.bytes_read(), 0u);
  EXPECT_EQ(InputBytes(inputs), cursor.bytes_read());
}

TEST(CountWords, CountsWhitespaceSeparatedWords) {
  EXPECT_EQ(CountWords(""), 0u);
  EXPECT_EQ(CountWords("  one\ttwo\nthree  "), 3u);
  EXPECT_EQ(CountWords("São Paulo, 12 Sept."), 4u);
  EXPECT_EQ(CountWords("\v\fa\rb\x01 c"), 3u);  // every ASCII space separates; \x01 does not
}

// CountWords tests each byte against the one before it; a plain scan that carries "in a word"
// from byte to byte must count the same on any bytes.
TEST(CountWords, AgreesWithAPlainScanOnRandomBytes) {
  auto plain = [](std::string_view text) {
    std::size_t n = 0;
    bool in_word = false;
    for (unsigned char c : text) {
      const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
      if (!space && !in_word) ++n;
      in_word = !space;
    }
    return n;
  };
  std::mt19937 rng(7);
  const std::string alphabet = std::string(" \t\n\v\f\rab.\x08\x0e\x1f!\xc3\xa9") + '\0';
  for (int round = 0; round < 2000; ++round) {
    // Mostly short texts; some over several of CountWords' 240-position runs.
    std::string text(rng() % (round % 4 ? 40 : 1000), ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    ASSERT_EQ(CountWords(text), plain(text)) << round;
  }
  // Words as dense as they come (every other byte), over one run and many.
  for (std::size_t size = 0; size < 1100; ++size) {
    std::string text(size, 'a');
    for (std::size_t i = 1; i < size; i += 2) text[i] = ' ';
    ASSERT_EQ(CountWords(text), plain(text)) << size;
  }
}

}  // namespace
}  // namespace newsgraph::extract
