// The programs' allocator (cli/allocator.cc): linked into a program, mimalloc serves malloc and
// operator new, with its options set (large OS pages off, decommit off, no eager-commit delay)
// before the first allocation; memory comes in 4 KiB pages while the process is small and in
// huge pages once it has grown past 512 MB.
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

TEST(Allocator, LargeOsPagesAreOffWhileTheProcessIsSmall) {
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  EXPECT_FALSE(mi_option_is_enabled(mi_option_large_os_pages));
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

// Writes `mib` MiB in blocks of `block` bytes, each byte written; the blocks go into `keep`.
void WriteBlocks(std::size_t mib, std::size_t block, std::vector<std::unique_ptr<char[]>>& keep) {
  for (std::size_t i = 0; i < (mib << 20) / block; ++i) {
    keep.push_back(std::make_unique<char[]>(block));
    std::memset(keep.back().get(), 1, block);
  }
}

// A process of Reuters' size (~150-200 MB) keeps to 4 KiB pages: their first touch is cheaper
// in a virtual machine. (Run alone, as ctest runs each test, the process is small here.)
TEST(Allocator, SmallProcessesGetNoHugePages) {
  if (!HugePagesOnRequest()) GTEST_SKIP() << "transparent huge pages are not in madvise mode";
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  if (usage.ru_maxrss > 256 * 1024) GTEST_SKIP() << "this process is big already";
  const long before = AnonHugePagesKb();
  ASSERT_GE(before, 0) << "no /proc/self/smaps_rollup";
  std::vector<std::unique_ptr<char[]>> blocks;
  WriteBlocks(64, 1024, blocks);  // many small blocks, as the graph makes
  EXPECT_EQ(AnonHugePagesKb(), before) << "huge pages in a process of less than 512 MB";
  EXPECT_FALSE(mi_option_is_enabled(mi_option_large_os_pages));
}

// Past 512 MB, the memory mapped after that comes in huge pages (a big graph is walked with fewer
// TLB misses).
TEST(Allocator, BigProcessesSwitchToHugePages) {
  if (!HugePagesOnRequest()) GTEST_SKIP() << "transparent huge pages are not in madvise mode";
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  std::vector<std::unique_ptr<char[]>> blocks;
  // 64 MiB at a time until the switch (the hook reads the peak at most every 10 ms), 1 GiB at most.
  for (int mib = 0; mib < 1024 && !mi_option_is_enabled(mi_option_large_os_pages); mib += 64) {
    WriteBlocks(64, 64 * 1024, blocks);
  }
  ASSERT_TRUE(mi_option_is_enabled(mi_option_large_os_pages)) << "no switch after 1 GiB";
  const long before = AnonHugePagesKb();
  ASSERT_GE(before, 0) << "no /proc/self/smaps_rollup";
  WriteBlocks(64, 1024, blocks);
  EXPECT_GT(AnonHugePagesKb(), before) << "no new huge pages after writing 64 MiB more";
}

}  // namespace
