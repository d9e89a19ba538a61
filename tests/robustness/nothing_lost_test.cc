// "Nothing lost": a `newsgraph build` that fails — disk full, file size limit, SIGKILL in the
// middle of writing, a bad input under --strict — leaves the previous output byte-identical
// and no temporary file that could be taken for an output. Runs the real binary in a child
// process (NEWSGRAPH_BIN) so that it can be limited and killed.
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "extract/reader.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;

class NothingLost : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("newsgraph_lost_" +
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
  void Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary) << bytes;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Starts `newsgraph build ARGS...` with stdout and stderr to files in the test directory;
  // `fsize_limit` > 0 caps the size of any file it writes (EFBIG, as on a full disk).
  pid_t Start(const std::vector<std::string>& args, rlim_t fsize_limit = 0) {
    std::vector<std::string> argv = {NEWSGRAPH_BIN, "build", "--data", NEWSGRAPH_DATA_DIR, "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    const std::string log = Path("child.log");
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (fsize_limit > 0) {
        ::signal(SIGXFSZ, SIG_IGN);  // write() fails with EFBIG instead of killing
        struct rlimit rl = {fsize_limit, fsize_limit};
        ::setrlimit(RLIMIT_FSIZE, &rl);
      }
      std::vector<char*> cargv;
      for (std::string& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      std::freopen(log.c_str(), "w", stderr);
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    return pid;
  }
  static int Wait(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // Files in the test directory other than `keep`.
  std::vector<std::string> Others(const std::vector<std::string>& keep) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      const std::string name = e.path().filename().string();
      if (std::find(keep.begin(), keep.end(), name) == keep.end()) out.push_back(name);
    }
    return out;
  }
  // A corpus large enough that the JSON-LD takes a while to write.
  void WriteCorpus(const std::string& name, int articles) const {
    std::ofstream out(Path(name));
    for (int i = 0; i < articles; ++i) {
      out << "{\"id\":\"a" << i << "\",\"title\":\"Ministry " << i << " reports\",\"text\":\""
          << "Ahmed Karimi" << i << ", the head of the Agency for Ports " << i
          << ", said on Monday that more than " << 100 + i
          << " ships were stuck in Latakia. The Syrian Ministry of Transport told reporters "
             "that \\\"the ports will reopen soon\\\".\"}\n";
    }
  }

  fs::path dir_;
};

const std::string kSeeds = std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds";

TEST_F(NothingLost, FileSizeLimitLikeAFullDiskKeepsThePreviousFile) {
  Write("g.jsonld", "previous graph");
  const pid_t pid = Start({kSeeds, "-o", Path("g.jsonld")}, /*fsize_limit=*/4096);
  EXPECT_EQ(Wait(pid), 1);
  EXPECT_EQ(Read(Path("g.jsonld")), "previous graph");
  const std::string log = Read(Path("child.log"));
  // Regression: the message was "write failed", naming neither the file nor the cause.
  EXPECT_NE(log.find("cannot write '" + Path("g.jsonld") + "': File too large"),
            std::string::npos)
      << log;
  EXPECT_EQ(Others({"g.jsonld", "child.log"}), std::vector<std::string>{});
}

TEST_F(NothingLost, DevFullIsRefusedAndOtherOutputsStillWritten) {
  struct stat before;
  if (::stat("/dev/full", &before) != 0) GTEST_SKIP() << "no /dev/full";
  cli::BuildArgs args;
  args.inputs = {kSeeds};
  // A .jsonld name that is /dev/full (the extension chooses the format).
  fs::create_symlink("/dev/full", Path("full.jsonld"));
  args.outputs = {Path("g.jsonld"), Path("full.jsonld")};
  args.data_dir = NEWSGRAPH_DATA_DIR;
  std::ostringstream out, err;
  EXPECT_EQ(cli::RunBuild(args, out, err), 1);
  EXPECT_NE(err.str().find(Path("full.jsonld") + "': not a regular file"), std::string::npos)
      << err.str();
  EXPECT_TRUE(fs::exists(Path("g.jsonld")));
  struct stat after;
  ASSERT_EQ(::stat("/dev/full", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_EQ(before.st_rdev, after.st_rdev);
}

TEST_F(NothingLost, KilledMidWriteLeavesThePreviousFileAndNoOutputLookalike) {
  WriteCorpus("corpus.jsonl", 400);
  const std::string previous = "previous graph, days of work";
  bool killed_mid_write = false;
  for (int attempt = 0; attempt < 5 && !killed_mid_write; ++attempt) {
    Write("g.jsonld", previous);
    const pid_t pid = Start({Path("corpus.jsonl"), "-o", Path("g.jsonld")});
    const std::string tmp = Path("g.jsonld.tmp." + std::to_string(pid));
    // Kill the moment the temporary file exists: the output is being written.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    while (std::chrono::steady_clock::now() < deadline) {
      if (::access(tmp.c_str(), F_OK) == 0) {
        ::kill(pid, SIGKILL);
        killed_mid_write = true;
        break;
      }
      int status;
      if (::waitpid(pid, &status, WNOHANG) == pid) break;  // finished before we saw it
    }
    if (killed_mid_write) {
      EXPECT_EQ(Wait(pid), 128 + SIGKILL);
      EXPECT_EQ(Read(Path("g.jsonld")), previous);
      // A leftover temporary file is named <output>.tmp.<pid>: no output format and no input
      // format claims that name, so it is never taken for a graph or read as an article.
      for (const std::string& name : Others({"g.jsonld", "corpus.jsonl", "child.log"})) {
        EXPECT_EQ(name, "g.jsonld.tmp." + std::to_string(pid));
        EXPECT_EQ(cli::OutputFormat(name), "");
        EXPECT_EQ(extract::FormatFromPath(name), extract::InputFormat::kUnknown);
      }
    } else {
      ::kill(pid, SIGKILL);
      Wait(pid);
    }
  }
  if (!killed_mid_write) GTEST_SKIP() << "the child never got caught mid-write (machine too fast)";
  // The next build replaces the previous file with a complete graph.
  const pid_t pid = Start({Path("corpus.jsonl"), "-o", Path("g.jsonld")});
  ASSERT_EQ(Wait(pid), 0) << Read(Path("child.log"));
  const std::string graph = Read(Path("g.jsonld"));
  EXPECT_EQ(graph.rfind("{", 0), 0u);
  EXPECT_EQ(graph[graph.find_last_not_of('\n')], '}');
}

}  // namespace
}  // namespace newsgraph
