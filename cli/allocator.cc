// The programs' memory allocator: mimalloc, with its memory in 2 MiB transparent huge pages.
//
// The pipeline builds a graph of small nodes, strings and hash tables; with glibc's malloc a
// 19,000-article run spent ~15% of its time in page faults (one per 4 KiB page first touched)
// and in TLB misses. mimalloc's `large_os_pages` option asks the kernel for 2 MiB pages
// (madvise(MADV_HUGEPAGE) when no hugetlbfs pages are reserved, which is the usual case), so
// a page fault maps 512 times as much memory. Linking libmimalloc.so replaces malloc and free
// in the whole process; this file only sets its options.
//
// It also keeps freed memory committed (`allow_decommit` off). By default mimalloc hands the
// pages of memory left free for 25 ms back to the kernel, and the next allocation there faults
// them in again: the kernel zeroes each page anew at that first touch, which is slow in a
// virtual machine (~0.7 GB/s), and mimalloc decommits by mapping the range afresh, so that it
// comes back in 4 KiB pages rather than huge ones. A build frees and reuses memory all along
// (each article's buffers, vectors that grow, the lexicons before the output is written). And
// each thread's first segment is committed at once, in huge pages, like the others
// (`eager_commit_delay` 0; by default a thread's first segment is committed piecemeal, in
// 4 KiB pages: the second thread of a build faulted 7,500 of them in).
// On the Reuters build (19,043 articles) the three options set before the first allocation (see
// set_options below), with the lexicons freed before the output is written (cli/commands.cc),
// took the page faults from 10,500 to 540 at 1 thread and from 23,500 to 570 at 2, and the
// memory the kernel zeroes from 179 to 162 MB and from 223 to 185 MB; peak memory went down
// (170 -> 166 MB, 190-197 -> 189 MB).
// The program ends when its work is done, so memory kept is not memory held for long. The
// price is a few MB a thread: each thread's first segment touched in huge pages. On the same
// build at 16 threads (on 2 cores) the peak is 403 MB rather than 296 MB with mimalloc's
// defaults (and 308 MB rather than 255 MB at 8); MIMALLOC_EAGER_COMMIT_DELAY=1 gives that back
// for ~55k more page faults.
//
// Linked (as an object library, so the linker cannot drop it) into the newsgraph program and
// the benchmarks, never into the sanitizer or fuzz builds (ASan brings its own allocator). The
// user keeps the last word: MIMALLOC_LARGE_OS_PAGES, MIMALLOC_ALLOW_DECOMMIT or
// MIMALLOC_EAGER_COMMIT_DELAY in the environment is left to mimalloc.
#include <mimalloc.h>

#include <strings.h>

#include <cstring>

namespace {

// Whether `envp` sets the environment variable `name`, in any case: mimalloc reads its
// variables so ("mimalloc_allow_decommit=1" counts), and an option set here would hide it.
bool InEnvironment(char** envp, const char* name) {
  const std::size_t n = std::strlen(name);
  for (char** e = envp; e != nullptr && *e != nullptr; ++e) {
    if (strncasecmp(*e, name, n) == 0 && (*e)[n] == '=') return true;
  }
  return false;
}

// Left to mimalloc (which reads the environment itself) when the user sets them.
void SetOptions(int /*argc*/, char** /*argv*/, char** envp) {
  if (!InEnvironment(envp, "MIMALLOC_LARGE_OS_PAGES")) {
    mi_option_enable(mi_option_large_os_pages);
  }
  if (!InEnvironment(envp, "MIMALLOC_ALLOW_DECOMMIT")) {
    mi_option_disable(mi_option_allow_decommit);
  }
  if (!InEnvironment(envp, "MIMALLOC_EAGER_COMMIT_DELAY")) {
    mi_option_set(mi_option_eager_commit_delay, 0);
  }
}

// Run from the program's .preinit_array: before the initialisers of the shared libraries, not
// only before main. The C++ runtime allocates as it starts, which makes mimalloc's first 32 MiB
// segment, and a segment keeps the options it was made with: set from a static constructor (as
// they were), the options missed that segment, whose memory then came in 4 KiB pages that were
// given back and faulted in again (7,500 of the Reuters build's 10,500 page faults at 1 thread).
// mi_option_enable() only stores the value, so it is safe to call this early. Only a program
// may have a .preinit_array, not a shared library: this file is linked into programs alone.
[[gnu::used, gnu::section(".preinit_array")]] void (*const set_options)(int, char**,
                                                                         char**) = &SetOptions;

}  // namespace
