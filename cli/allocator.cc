// The programs' memory allocator: mimalloc, with its memory in 2 MiB transparent huge pages.
//
// The pipeline builds a graph of small nodes, strings and hash tables; with glibc's malloc a
// 19,000-article run spent ~15% of its time in page faults (one per 4 KiB page first touched)
// and in TLB misses. mimalloc's `large_os_pages` option asks the kernel for 2 MiB pages
// (madvise(MADV_HUGEPAGE) when no hugetlbfs pages are reserved, which is the usual case), so
// a page fault maps 512 times as much memory. Linking libmimalloc.so replaces malloc and free
// in the whole process; this file only turns the option on.
//
// Linked (as an object library, so the linker cannot drop it) into the newsgraph program and
// the benchmarks, never into the sanitizer or fuzz builds (ASan brings its own allocator). The
// user keeps the last word: MIMALLOC_LARGE_OS_PAGES=0 in the environment turns it off.
#include <mimalloc.h>

#include <cstdlib>

namespace {

struct UseLargePages {
  UseLargePages() {
    if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) {
      mi_option_enable(mi_option_large_os_pages);
    }
  }
};

// Runs before main. Allocations made earlier by other static initialisers are few and small.
const UseLargePages use_large_pages;

}  // namespace
