// The programs' allocator (cli/allocator.cc): linked into a program, mimalloc serves malloc and
// operator new, with its options set (large OS pages off, decommit off, no eager-commit delay)
// before the first allocation; memory comes in 4 KiB pages while the process is small and in
// huge pages once it has grown past 512 MB, or in huge pages from the start where the probe
// found the first touch of a 4 KiB page slow.
#include "cli/allocator.h"

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

// The probe ran before the first allocation and timed a first touch; large OS pages are on from
// the start exactly when it found that slow.
TEST(Allocator, TheProbeDecidesThePagesAtTheStart) {
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  const newsgraph::cli::PageProbe probe = newsgraph::cli::LastPageProbe();
  EXPECT_GT(probe.first_touch_ns, 0);
  EXPECT_EQ(probe.huge_pages_from_start,
            newsgraph::cli::HugePagesFromStart(probe.first_touch_ns));
  if (!probe.huge_pages_from_start) {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    if (usage.ru_maxrss > 256 * 1024) GTEST_SKIP() << "this process is big already";
  }
  EXPECT_EQ(mi_option_is_enabled(mi_option_large_os_pages), probe.huge_pages_from_start);
}

// Fast first touches (~2 us, the earlier machines) keep small pages; slow ones (~10 us, a guest
// whose hypervisor handles each fault) take huge pages; no probe keeps small pages.
TEST(Allocator, SlowFirstTouchesMeanHugePagesFromTheStart) {
  EXPECT_FALSE(newsgraph::cli::HugePagesFromStart(-1));
  EXPECT_FALSE(newsgraph::cli::HugePagesFromStart(2'000));
  EXPECT_FALSE(newsgraph::cli::HugePagesFromStart(4'999));
  EXPECT_TRUE(newsgraph::cli::HugePagesFromStart(5'000));
  EXPECT_TRUE(newsgraph::cli::HugePagesFromStart(10'000));
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

// Where first touches are fast, a process of Reuters' size (~150-200 MB) keeps to 4 KiB pages.
// (Run alone, as ctest runs each test, the process is small here.)
TEST(Allocator, SmallProcessesGetNoHugePagesWhereFirstTouchesAreFast) {
  if (!HugePagesOnRequest()) GTEST_SKIP() << "transparent huge pages are not in madvise mode";
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  if (newsgraph::cli::LastPageProbe().huge_pages_from_start) {
    GTEST_SKIP() << "first touches are slow here: huge pages from the start";
  }
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

// Where first touches are slow, small blocks come in huge pages from the start.
TEST(Allocator, SmallProcessesGetHugePagesWhereFirstTouchesAreSlow) {
  if (!HugePagesOnRequest()) GTEST_SKIP() << "transparent huge pages are not in madvise mode";
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) GTEST_SKIP() << "set by the environment";
  if (!newsgraph::cli::LastPageProbe().huge_pages_from_start) {
    GTEST_SKIP() << "first touches are fast here: small pages until 512 MB";
  }
  const long before = AnonHugePagesKb();
  ASSERT_GE(before, 0) << "no /proc/self/smaps_rollup";
  std::vector<std::unique_ptr<char[]>> blocks;
  WriteBlocks(64, 1024, blocks);
  EXPECT_GT(AnonHugePagesKb(), before) << "no huge pages after writing 64 MiB in small blocks";
}

// Past 512 MB, the memory mapped after that comes in huge pages (a big graph is walked with fewer
// TLB misses), whatever the probe found.
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
