#include "export/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace newsgraph::exporters {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newsgraph_atomic_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void Put(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }
  // Only the named files are in the directory: no temporary file was left behind.
  std::vector<std::string> Listing() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  static auto Writes(const std::string& content) {
    return [content](std::ostream& os) {
      os << content;
      return Status::Ok();
    };
  }

  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesNewFile) {
  const std::string p = Path("out.txt");
  ASSERT_TRUE(WriteFileAtomically(p, Writes("hello\n")).ok());
  EXPECT_EQ(Read(p), "hello\n");
  EXPECT_EQ(Listing(), std::vector<std::string>{"out.txt"});
}

// Pieces smaller than the 64 KB buffer are buffered; larger ones go straight to the file after
// what is pending; a piece that does not fit in the free part flushes first. Every path must
// keep the bytes in order.
TEST_F(AtomicFileTest, MixedSmallAndLargePiecesKeepTheirOrder) {
  const std::size_t sizes[] = {1, 7, 65535, 2, 65536, 3, 200000, 40000, 40000, 1, 131072, 5, 0, 9};
  char fill = 'a';
  std::vector<std::string> pieces;
  for (std::size_t n : sizes) {
    std::string piece;
    for (std::size_t i = 0; i < n; ++i) piece.push_back(static_cast<char>(fill + i % 13));
    fill = fill == 'z' ? 'a' : static_cast<char>(fill + 1);
    pieces.push_back(std::move(piece));
  }
  const std::string p = Path("out.txt");
  ASSERT_TRUE(WriteFileAtomically(p, [&](std::ostream& os) {
                for (std::size_t i = 0; i < pieces.size(); ++i) {
                  if (i % 3 == 0) {
                    os << pieces[i];  // operator<< and write() both reach xsputn
                  } else {
                    os.write(pieces[i].data(), static_cast<std::streamsize>(pieces[i].size()));
                  }
                  os.put('|');  // one character through overflow() when the buffer is full
                }
                return os ? Status::Ok() : Status::Error("stream failed");
              }).ok());
  std::string want;
  for (const auto& piece : pieces) want += piece + "|";
  EXPECT_EQ(Read(p), want);
}

// Past every 4 MB written the kernel is asked to start writing them back (Linux), and past
// every 16 MB a thread syncs what was written: a file of several such ranges, through buffered
// and direct pieces, still holds every byte in order.
TEST_F(AtomicFileTest, FileOfSeveralWritebackAndSyncRangesIsWhole) {
  std::string want(std::size_t{37} << 20, ' ');
  for (std::size_t i = 0; i < want.size(); ++i) want[i] = static_cast<char>('a' + i % 23);
  const std::string p = Path("big.txt");
  ASSERT_TRUE(WriteFileAtomically(p, [&](std::ostream& os) {
                // Pieces from one byte to a few hundred kilobytes.
                for (std::size_t at = 0, n = 1; at < want.size(); at += n, n = n * 7 % 300007 + 1) {
                  n = std::min(n, want.size() - at);
                  os.write(want.data() + at, static_cast<std::streamsize>(n));
                }
                return os ? Status::Ok() : Status::Error("stream failed");
              }).ok());
  EXPECT_EQ(Read(p), want);
}

// A writer that throws once the file is being synced in the background: the exception goes to
// the caller, the old file stays as it was and no temporary file is left.
TEST_F(AtomicFileTest, ExceptionWhileSyncingInTheBackgroundLeavesTheOldFile) {
  const std::string p = Path("out.txt");
  Put(p, "old");
  const std::string piece(std::size_t{1} << 20, 'x');
  EXPECT_THROW(WriteFileAtomically(p,
                                   [&](std::ostream& os) -> Status {
                                     for (int i = 0; i < 40; ++i) os << piece;
                                     throw std::runtime_error("writer failed");
                                   }),
               std::runtime_error);
  EXPECT_EQ(Read(p), "old");
  EXPECT_EQ(Listing(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFileTest, ReplacesExistingFileAndKeepsItsMode) {
  const std::string p = Path("out.txt");
  Put(p, "old content that is longer");
  ASSERT_EQ(::chmod(p.c_str(), 0640), 0);
  ASSERT_TRUE(WriteFileAtomically(p, Writes("new")).ok());
  EXPECT_EQ(Read(p), "new");
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(Listing(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFileTest, WriterErrorLeavesOldFileAndNoTemporary) {
  const std::string p = Path("out.txt");
  Put(p, "old");
  Status s = WriteFileAtomically(p, [](std::ostream& os) {
    os << "half of the new content";
    return Status::Error("the writer gave up");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "the writer gave up");
  EXPECT_EQ(Read(p), "old");
  EXPECT_EQ(Listing(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFileTest, StreamFailureIsAnError) {
  const std::string p = Path("out.txt");
  Put(p, "old");
  Status s = WriteFileAtomically(p, [](std::ostream& os) {
    os.setstate(std::ios::badbit);
    return Status::Ok();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(p), std::string::npos) << s.message();
  EXPECT_EQ(Read(p), "old");
  EXPECT_EQ(Listing(), std::vector<std::string>{"out.txt"});
}

// A real write(2) failure in the middle of the content (the file size limit stands in for a
// full disk: both fail the write with an errno the Status must carry).
TEST_F(AtomicFileTest, WriteErrorFromTheKernelIsReportedWithErrnoText) {
  const std::string p = Path("out.txt");
  Put(p, "old");
  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  Status s = WriteFileAtomically(p, Writes(std::string(1 << 20, 'x')));
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("File too large"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(p), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
  EXPECT_EQ(Read(p), "old");
  EXPECT_EQ(Listing(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFileTest, DevFullIsRefusedAndNotReplaced) {
  struct stat before;
  if (::stat("/dev/full", &before) != 0) GTEST_SKIP() << "no /dev/full";
  Status s = WriteFileAtomically("/dev/full", Writes("data"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/dev/full"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("not a regular file"), std::string::npos) << s.message();
  struct stat after;
  ASSERT_EQ(::stat("/dev/full", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_EQ(before.st_rdev, after.st_rdev);
  EXPECT_FALSE(fs::exists("/dev/full.tmp." + std::to_string(::getpid())));
}

TEST_F(AtomicFileTest, MissingDirectoryIsAnErrorNamingThePath) {
  const std::string p = Path("no/such/dir/out.txt");
  Status s = WriteFileAtomically(p, Writes("data"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(p), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("No such file or directory"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
  EXPECT_FALSE(fs::exists(Path("no")));
}

TEST_F(AtomicFileTest, DirectoryTargetIsRefused) {
  fs::create_directory(Path("sub"));
  Status s = WriteFileAtomically(Path("sub"), Writes("data"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("directory"), std::string::npos) << s.message();
  EXPECT_TRUE(fs::is_directory(Path("sub")));
}

TEST_F(AtomicFileTest, WithPathRenamesWhatTheWriterProduced) {
  const std::string p = Path("render.svg");
  Put(p, "old");
  std::string seen;
  Status s = WriteFileAtomicallyWithPath(p, [&](const std::string& tmp) {
    seen = tmp;
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return Status::Error("fopen");
    std::fputs("<svg/>", f);
    std::fclose(f);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(seen, p + ".tmp." + std::to_string(::getpid()));
  EXPECT_EQ(Read(p), "<svg/>");
  EXPECT_EQ(Listing(), std::vector<std::string>{"render.svg"});
}

TEST_F(AtomicFileTest, WithPathFailureRemovesTemporaryAndKeepsOldFile) {
  const std::string p = Path("render.png");
  Put(p, "old");
  Status s = WriteFileAtomicallyWithPath(p, [&](const std::string& tmp) {
    Put(tmp, "partial");
    return Status::Error("renderer failed");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "renderer failed");
  EXPECT_EQ(Read(p), "old");
  EXPECT_EQ(Listing(), std::vector<std::string>{"render.png"});
}

TEST_F(AtomicFileTest, WithPathWriterThatWritesNothingIsAnError) {
  const std::string p = Path("render.png");
  Status s = WriteFileAtomicallyWithPath(p, [](const std::string&) { return Status::Ok(); });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(p), std::string::npos) << s.message();
  EXPECT_FALSE(fs::exists(p));
}

TEST_F(AtomicFileTest, WithPathRefusesDevFull) {
  bool called = false;
  Status s = WriteFileAtomicallyWithPath("/dev/full", [&](const std::string&) {
    called = true;
    return Status::Ok();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace newsgraph::exporters
