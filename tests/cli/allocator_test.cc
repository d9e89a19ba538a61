// The programs' allocator (cli/allocator.cc): linked into a program, mimalloc serves malloc and
// operator new, with its options set (large OS pages on, decommit off, no eager-commit delay)
// before the first allocation, and the memory of small blocks, also in the first segment,
// ends up in huge pages.
#include <gtest/gtest.h>
#include <mimalloc.h>

#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The kB of anonymous memory in transparent huge pages, from /proc/self/smaps_rollup (-1 if the
// file cannot be read).
long AnonHugePagesKb() {
  std::ifstream in("/proc/self/smaps_rollup");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("AnonHugePages:", 0) == 0) return std::stol(line.substr(14));
  }
  return -1;
}

TEST(Allocator, MallocAndNewAreMimallocs) {
  void* p = std::malloc(100);
  auto q = std::make_unique<char[]>(100);
  EXPECT_TRUE(mi_is_in_heap_region(p));
  EXPECT_TRUE(mi_is_in_heap_region(q.get()));
  std::free(p);
}

TEST(Allocator, LargeOsPagesAreOn) {
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  EXPECT_TRUE(mi_option_is_enabled(mi_option_large_os_pages));
}

// Whether transparent huge pages are given to the memory that asks for them (madvise): off,
// there are none; always, the C library's heap would get them too, and the tests that look for
// them would prove nothing.
bool HugePagesOnRequest() {
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::stringstream mode;
  mode << thp.rdbuf();
  return thp && mode.str().find("[madvise]") != std::string::npos;
}

// Minor page faults of this process so far.
long MinorFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

TEST(Allocator, FreedMemoryStaysCommitted) {
  if (std::getenv("MIMALLOC_ALLOW_DECOMMIT") != nullptr) GTEST_SKIP() << "set by the environment";
  EXPECT_FALSE(mi_option_is_enabled(mi_option_allow_decommit));
}

TEST(Allocator, FirstSegmentsAreCommittedAtOnce) {
  if (std::getenv("MIMALLOC_EAGER_COMMIT_DELAY") != nullptr) {
    GTEST_SKIP() << "set by the environment";
  }
  EXPECT_EQ(mi_option_get(mi_option_eager_commit_delay), 0);
}

// The options are set before the C++ runtime's first allocation (from .preinit_array), so the
// segment that allocation made has them too. Had they been set later, from a static constructor,
// that segment, where the first small blocks of the program go, would be in 4 KiB pages: 8 MiB
// of blocks written would fault ~2,000 times rather than a few.
TEST(Allocator, FirstSmallBlocksAreInHugePages) {
  if (!HugePagesOnRequest()) GTEST_SKIP() << "transparent huge pages are not in madvise mode";
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  constexpr int kBlocks = 8 * 1024;  // 8 MiB in 1 KiB pieces, each written
  std::vector<std::unique_ptr<char[]>> blocks(kBlocks);
  const long before = MinorFaults();
  for (auto& b : blocks) {
    b = std::make_unique<char[]>(1024);
    std::memset(b.get(), 1, 1024);
  }
  EXPECT_LT(MinorFaults() - before, 512) << "8 MiB of small blocks faulted in 4 KiB pages";
}

TEST(Allocator, BigBlocksAreInHugePages) {
  if (!HugePagesOnRequest()) GTEST_SKIP() << "transparent huge pages are not in madvise mode";
  const long before = AnonHugePagesKb();
  ASSERT_GE(before, 0) << "no /proc/self/smaps_rollup";
  // Many small blocks, as the graph makes: 64 MiB in 1 KiB pieces, each written.
  constexpr int kBlocks = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks(kBlocks);
  for (auto& b : blocks) {
    b = std::make_unique<char[]>(1024);
    std::memset(b.get(), 1, 1024);
  }
  EXPECT_GT(AnonHugePagesKb(), before) << "no new huge pages after writing 64 MiB";
}

}  // namespace
