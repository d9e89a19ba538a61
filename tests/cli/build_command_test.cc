// End-to-end tests of `newsgraph build` through RunBuild: real seeds in, files out, and every
// kind of bad input giving a one-line error that names the file, with no half-written output.
#include <algorithm>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/commands.h"

namespace newsgraph::cli {
namespace {

namespace fs = std::filesystem;

const std::string kSeeds = std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds";

class BuildCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newsgraph_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary) << bytes;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  int Build(std::vector<std::string> inputs, std::vector<std::string> outputs) {
    BuildArgs args;
    args.inputs = std::move(inputs);
    args.outputs = std::move(outputs);
    args.data_dir = NEWSGRAPH_DATA_DIR;
    out_.str("");
    err_.str("");
    return RunBuild(args, out_, err_);
  }
  // Every line of stderr is one line; a failure's first line names `file`.
  void ExpectOneLineErrorNaming(const std::string& file) {
    const std::string e = err_.str();
    EXPECT_NE(e.find(file), std::string::npos) << e;
  }

  fs::path dir_;
  std::ostringstream out_, err_;
};

TEST_F(BuildCommand, SeedsGiveEveryFormat) {
  const std::vector<std::string> outs = {Path("g.jsonld"), Path("g.graphml"), Path("g.dot"),
                                         Path("g.svg")};
  ASSERT_EQ(Build({kSeeds}, outs), 0) << err_.str();
  for (const auto& o : outs) {
    EXPECT_TRUE(fs::exists(o)) << o;
    EXPECT_GT(fs::file_size(o), 100u) << o;
    EXPECT_NE(out_.str().find("wrote " + o), std::string::npos);
  }
  EXPECT_NE(Read(Path("g.svg")).find("<svg"), std::string::npos);
  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

TEST_F(BuildCommand, SameInputGivesByteIdenticalFiles) {
  ASSERT_EQ(Build({kSeeds}, {Path("a.jsonld"), Path("a.graphml"), Path("a.dot")}), 0);
  ASSERT_EQ(Build({kSeeds}, {Path("b.jsonld"), Path("b.graphml"), Path("b.dot")}), 0);
  EXPECT_EQ(Read(Path("a.jsonld")), Read(Path("b.jsonld")));
  EXPECT_EQ(Read(Path("a.graphml")), Read(Path("b.graphml")));
  EXPECT_EQ(Read(Path("a.dot")), Read(Path("b.dot")));
}

// A build ends with one summary line on stderr: counts with their nouns in the singular or
// plural, and, building onto a graph that holds some of the articles, how many were new.
TEST_F(BuildCommand, EndsWithOneSummaryLine) {
  const std::string row =
      "{\"id\":\"a1\",\"text\":\"Ports reopened on Thursday, the Ministry of Transport said.\"}\n";
  Write("one.jsonl", row);
  ASSERT_EQ(Build({Path("one.jsonl")}, {Path("one.jsonld")}), 0) << err_.str();
  std::string e = err_.str();
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
  EXPECT_EQ(e.rfind("newsgraph: 1 article from 1 file, ", 0), 0u) << e;
  EXPECT_NE(e.find("; graph has "), std::string::npos) << e;
  EXPECT_EQ(e.find(" new,"), std::string::npos) << e;

  Write("two.jsonl",
        row + "{\"id\":\"a2\",\"text\":\"Talks resumed in Geneva, officials said.\"}\n");
  BuildArgs args;
  args.inputs = {Path("two.jsonl")};
  args.outputs = {Path("two.jsonld")};
  args.graph = Path("one.jsonld");
  args.threads = 1;
  args.data_dir = NEWSGRAPH_DATA_DIR;
  err_.str("");
  ASSERT_EQ(RunBuild(args, out_, err_), 0) << err_.str();
  e = err_.str();
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
  EXPECT_EQ(e.rfind("newsgraph: 2 articles from 1 file, 1 new, ", 0), 0u) << e;
  EXPECT_NE(e.find(" on 1 thread;"), std::string::npos) << e;
}

// Asking for more threads than cores runs that many, the same output, and no warning from the
// thread library on stderr.
TEST_F(BuildCommand, MoreThreadsThanCoresGiveTheSameOutputQuietly) {
  ASSERT_EQ(Build({kSeeds}, {Path("one.jsonld")}), 0) << err_.str();
  BuildArgs args;
  args.inputs = {kSeeds};
  args.outputs = {Path("many.jsonld")};
  args.data_dir = NEWSGRAPH_DATA_DIR;
  args.quiet = true;
  args.threads = std::thread::hardware_concurrency() + 2;
  err_.str("");
  ::testing::internal::CaptureStderr();
  const int rc = RunBuild(args, out_, err_);
  const std::string process_stderr = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(rc, 0) << err_.str();
  EXPECT_EQ(process_stderr, "");
  EXPECT_EQ(err_.str(), "");
  EXPECT_EQ(Read(Path("many.jsonld")), Read(Path("one.jsonld")));
}

// On more than one thread the outputs are written at the same time: each file holds the bytes
// it holds when the files are written one after another on one thread, the messages come in the
// order the outputs were given, and a file that cannot be written is reported without keeping
// the others from being written.
TEST_F(BuildCommand, OutputsWrittenTogetherAreThoseWrittenOneByOne) {
  const std::vector<std::string> formats = {"jsonld", "graphml", "gexf", "dot"};
  BuildArgs args;
  args.inputs = {kSeeds};
  args.data_dir = NEWSGRAPH_DATA_DIR;
  args.threads = 1;
  for (const std::string& f : formats) args.outputs.push_back(Path("alone." + f));
  ASSERT_EQ(RunBuild(args, out_, err_), 0) << err_.str();

  fs::create_directories(Path("taken.graphml"));  // a directory where a file is asked for
  args.threads = 2;
  args.outputs = {Path("t.jsonld"), Path("t.graphml"), Path("taken.graphml"), Path("t.gexf"),
                  Path("t.dot"), Path("t.svg")};
  out_.str("");
  err_.str("");
  EXPECT_EQ(RunBuild(args, out_, err_), 1);
  EXPECT_EQ(out_.str(), "wrote " + Path("t.jsonld") + "\nwrote " + Path("t.graphml") +
                            "\nwrote " + Path("t.gexf") + "\nwrote " + Path("t.dot") +
                            "\nwrote " + Path("t.svg") + "\n");
  const std::string e = err_.str();
  EXPECT_EQ(e.rfind("newsgraph: cannot write '" + Path("taken.graphml") + "'", 0), 0u) << e;
  EXPECT_TRUE(fs::is_directory(Path("taken.graphml")));
  for (const std::string& f : formats) {
    EXPECT_FALSE(Read(Path("t." + f)).empty()) << f;
    EXPECT_EQ(Read(Path("t." + f)), Read(Path("alone." + f))) << f;
  }
  EXPECT_NE(Read(Path("t.svg")).find("<svg"), std::string::npos);
}

// The program's build leaves its graph to the OS once the outputs are written
// (BuildArgs::process_ends_after): every output and message is as without it.
TEST_F(BuildCommand, LeavingTheGraphToTheOsChangesNoOutput) {
  ASSERT_EQ(Build({kSeeds}, {Path("kept.jsonld"), Path("kept.graphml")}), 0) << err_.str();
  const std::string out = out_.str();
  BuildArgs args;
  args.inputs = {kSeeds};
  args.outputs = {Path("left.jsonld"), Path("left.graphml")};
  args.data_dir = NEWSGRAPH_DATA_DIR;
  args.process_ends_after = true;
  out_.str("");
  ASSERT_EQ(RunBuild(args, out_, err_), 0) << err_.str();
  EXPECT_EQ(Read(Path("left.jsonld")), Read(Path("kept.jsonld")));
  EXPECT_EQ(Read(Path("left.graphml")), Read(Path("kept.graphml")));
  EXPECT_EQ(out_.str(), "wrote " + Path("left.jsonld") + "\nwrote " + Path("left.graphml") + "\n");
  EXPECT_EQ(out, "wrote " + Path("kept.jsonld") + "\nwrote " + Path("kept.graphml") + "\n");
}

TEST_F(BuildCommand, MissingFileIsAnError) {
  EXPECT_EQ(Build({Path("nope.txt")}, {Path("g.jsonld")}), 1);
  ExpectOneLineErrorNaming(Path("nope.txt"));
  EXPECT_FALSE(fs::exists(Path("g.jsonld")));
}

TEST_F(BuildCommand, DirectoryWithNoArticlesIsAnError) {
  fs::create_directories(Path("empty"));
  Write("empty/notes.bin", std::string("\x00\x01\x02", 3));
  EXPECT_EQ(Build({Path("empty")}, {Path("g.jsonld")}), 1);
  EXPECT_FALSE(fs::exists(Path("g.jsonld")));
  EXPECT_FALSE(err_.str().empty());
}

TEST_F(BuildCommand, EmptyFileIsReportedAndNothingBuilt) {
  Write("empty.txt", "");
  EXPECT_EQ(Build({Path("empty.txt")}, {Path("g.jsonld")}), 1);
  ExpectOneLineErrorNaming(Path("empty.txt"));
  EXPECT_FALSE(fs::exists(Path("g.jsonld")));
}

TEST_F(BuildCommand, BinaryFileIsSkippedWithAMessage) {
  std::string bin(4096, '\0');
  for (std::size_t i = 0; i < bin.size(); ++i) bin[i] = static_cast<char>(i * 7);
  Write("blob.txt", bin);
  EXPECT_EQ(Build({Path("blob.txt")}, {Path("g.jsonld")}), 1);
  ExpectOneLineErrorNaming(Path("blob.txt"));
  // With a good article beside it, the good one is still built.
  fs::copy(kSeeds + "/000_d7b3aafb81283db4.txt", Path("good.txt"));
  EXPECT_EQ(Build({Path("blob.txt"), Path("good.txt")}, {Path("g.jsonld")}), 0) << err_.str();
  EXPECT_TRUE(fs::exists(Path("g.jsonld")));
}

TEST_F(BuildCommand, InvalidUtf8IsReplacedWithAWarning) {
  Write("bad.txt", "Headline about Syria\n\nOfficials in Syria said \xff\xfe the talks failed.\n");
  EXPECT_EQ(Build({Path("bad.txt")}, {Path("g.jsonld")}), 0) << err_.str();
  ExpectOneLineErrorNaming(Path("bad.txt"));
  EXPECT_TRUE(fs::exists(Path("g.jsonld")));
}

TEST_F(BuildCommand, UnwritableOutputIsAnErrorAndLeavesNoFile) {
  const std::string out = Path("no/such/dir/g.jsonld");
  EXPECT_EQ(Build({kSeeds}, {out}), 1);
  ExpectOneLineErrorNaming(out);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(BuildCommand, FailedBuildLeavesThePreviousOutputUntouched) {
  Write("g.jsonld", "previous graph");
  EXPECT_EQ(Build({Path("nope.txt")}, {Path("g.jsonld")}), 1);
  EXPECT_EQ(Read(Path("g.jsonld")), "previous graph");
}

TEST_F(BuildCommand, UnknownOutputFormatIsAUsageError) {
  EXPECT_EQ(Build({kSeeds}, {Path("g.xlsx")}), 2);
  ExpectOneLineErrorNaming(Path("g.xlsx"));
}

}  // namespace
}  // namespace newsgraph::cli
