// The programs' allocator (cli/allocator.cc): linked into a program, mimalloc serves malloc and
// operator new, with its large-OS-pages option on, and big blocks end up in huge pages.
#include <gtest/gtest.h>
#include <mimalloc.h>

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

TEST(Allocator, BigBlocksAreInHugePages) {
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::stringstream mode;
  mode << thp.rdbuf();
  // Only where huge pages are given to the memory that asks for them (madvise): off, there
  // are none; always, the C library's heap would get them too, and the test would prove nothing.
  if (!thp || mode.str().find("[madvise]") == std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are not in madvise mode on this machine";
  }
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
