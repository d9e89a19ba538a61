// The programs' memory allocator: mimalloc, with its memory in 4 KiB pages while the process is
// small and in 2 MiB transparent huge pages once it has grown big (with the kernel's transparent
// huge pages in `madvise` mode, Debian's default; in `always` mode every page may be huge), or
// in huge pages from the start where the first touch of a 4 KiB page is slow.
//
// The pipeline builds a graph of small nodes, strings and hash tables; with glibc's malloc a
// 19,000-article run spent ~15% of its time in page faults (one per 4 KiB page first touched)
// and in TLB misses. Linking libmimalloc.so replaces malloc and free in the whole process; this
// file only sets its options.
//
// Pages: mimalloc's `large_os_pages` option asks the kernel for 2 MiB pages (madvise
// (MADV_HUGEPAGE) when no hugetlbfs pages are reserved, the usual case). A huge page spares page
// faults and TLB misses, but its first touch zeroes 2 MiB, and which of the two costs less
// depends on the virtual machine:
// - On the machines of the fourteenth to nineteenth sessions a 4 KiB page's first touch took
//   ~2 us (2 GB/s) and a 2 MiB page's ran at ~0.5 GB/s (the host backs freed guest memory
//   anew). On Reuters (19,043 articles, peak ~155 MB) 4 KiB pages won: six interleaved
//   corpus_bench rounds, median 2.30 s against 2.39 s at 1 thread and 1.28 s against 1.49 s at
//   2, peak 154 against 173 MB. On the 1M-entity synthetic graph (1.6 GB) huge pages won: two
//   runs each, writing JSON-LD 808-987 MB/s against 558-628, GraphML 149-171 against 111-112,
//   reading 184-197 against 149-154.
// - On the twentieth session's machine (a PVM guest: the hypervisor keeps shadow page tables,
//   so each fault goes through it) a 4 KiB first touch took ~10 us, 37k faults were ~18% of a
//   Reuters run, and huge pages won there too: three interleaved rounds, 1.75-1.88 s against
//   1.89-2.02 s at 1 thread and 0.96-1.04 s against 1.21-1.29 s at 2, peak 177 against 157 MB.
// Hence the probe below: before the first allocation the program times the first touch of a few
// 4 KiB pages; at kSlowFirstTouchNs or more, huge pages from the start; otherwise small pages
// until the process has grown past kHugePagesFromKb, huge pages for every segment mimalloc maps
// after that. The probe takes 64 first touches: ~0.15 ms where they are fast, ~0.7 ms where slow.
//
// Freed memory stays committed (`allow_decommit` off). By default mimalloc hands the pages of
// memory left free for 25 ms back to the kernel, and the next allocation there faults them in
// again, zeroed anew. A build frees and reuses memory all along (each article's buffers,
// vectors that grow, the lexicons before the output is written). And each thread's first
// segment is committed at once (`eager_commit_delay` 0), like the others.
// The program ends when its work is done, so memory kept is not memory held for long.
//
// Linked (as an object library, so the linker cannot drop it) into the newsgraph program and
// the benchmarks, never into the sanitizer or fuzz builds (ASan brings its own allocator). The
// user keeps the last word: MIMALLOC_LARGE_OS_PAGES (then no probe and no switch),
// MIMALLOC_ALLOW_DECOMMIT or MIMALLOC_EAGER_COMMIT_DELAY in the environment is left to mimalloc.

#include "cli/allocator.h"

#include <mimalloc.h>

#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <ctime>

namespace {

// A first touch of a 4 KiB page this slow (ns) or slower makes huge pages the cheaper kind from
// the start: between the ~2 us of the earlier machines and the ~10 us of the PVM guest.
constexpr long kSlowFirstTouchNs = 5'000;

// What the probe found (-1: no probe ran); whether huge pages were chosen from the start
// follows from it (newsgraph::cli::HugePagesFromStart).
long probed_first_touch_ns = -1;

long NowNs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return long{now.tv_sec} * 1'000'000'000L + now.tv_nsec;
}

// The time (ns) the first touch of a 4 KiB page of fresh anonymous memory takes: the least of
// two rounds over kProbePages pages (a round that a busy host slowed does not count), -1 if no
// memory could be mapped. Only system calls: it runs before the allocator is set up.
long ProbeFirstTouchNs() {
  constexpr long kProbePages = 32;
  const long system_page = sysconf(_SC_PAGESIZE);
  const long page = system_page > 0 ? system_page : 4096;
  long best = -1;
  for (int round = 0; round < 2; ++round) {
    void* memory = mmap(nullptr, static_cast<std::size_t>(kProbePages * page),
                        PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return best;
    volatile char* bytes = static_cast<char*>(memory);
    const long start = NowNs();
    for (long i = 0; i < kProbePages; ++i) bytes[i * page] = 1;
    const long each = (NowNs() - start) / kProbePages;
    munmap(memory, static_cast<std::size_t>(kProbePages * page));
    if (best < 0 || each < best) best = each;
  }
  return best;
}

// The peak resident size (kB) past which new memory comes in huge pages: above any corpus of
// Reuters' size (~155-200 MB), below the graphs of a million entities (1.6 GB).
constexpr long kHugePagesFromKb = 512 * 1024;

// Whether `envp` sets the environment variable `name`, in any case: mimalloc reads its
// variables so ("mimalloc_allow_decommit=1" counts), and an option set here would hide it.
bool InEnvironment(char** envp, const char* name) {
  const std::size_t n = std::strlen(name);
  for (char** e = envp; e != nullptr && *e != nullptr; ++e) {
    if (strncasecmp(*e, name, n) == 0 && (*e)[n] == '=') return true;
  }
  return false;
}

// When the peak was last read (CLOCK_MONOTONIC_COARSE, in ms): at most every kCheckEveryMs.
std::atomic<std::int64_t> last_check_ms{-1'000'000};
constexpr std::int64_t kCheckEveryMs = 10;

// mimalloc's deferred-free hook. mimalloc 2.0 (Debian 12's 2.0.9) calls it from its allocation
// slow path, each time a thread has used up a page of blocks; later versions call it every 100th
// or 1,000th time. So the hook counts time, not calls: a coarse clock read (a vDSO call, no
// system call) on each, and at most every kCheckEveryMs one getrusage() to tell whether the
// process has grown past kHugePagesFromKb. Then large OS pages are turned on for the
// memory mimalloc maps from then on (2.0 reads the option at each mapping). Called inside malloc:
// nothing here allocates or locks. mi_option_enable() stores a plain value that other threads
// read without a lock, as with any option mimalloc lets a program change while it runs.
void SwitchToHugePagesWhenBig(bool /*force*/, unsigned long long /*heartbeat*/, void* /*arg*/) {
  if (mi_option_is_enabled(mi_option_large_os_pages)) return;  // switched already
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  const std::int64_t ms = std::int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1'000'000;
  std::int64_t last = last_check_ms.load(std::memory_order_relaxed);
  if (ms - last < kCheckEveryMs || !last_check_ms.compare_exchange_strong(last, ms)) return;
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0 || usage.ru_maxrss < kHugePagesFromKb) return;
  mi_option_enable(mi_option_large_os_pages);  // a second thread's doing it again is harmless
}

// Left to mimalloc (which reads the environment itself) when the user sets them.
void SetOptions(int /*argc*/, char** /*argv*/, char** envp) {
  if (!InEnvironment(envp, "MIMALLOC_LARGE_OS_PAGES")) {
    probed_first_touch_ns = ProbeFirstTouchNs();
    if (newsgraph::cli::HugePagesFromStart(probed_first_touch_ns)) {
      mi_option_enable(mi_option_large_os_pages);
    } else {
      mi_option_disable(mi_option_large_os_pages);
      mi_register_deferred_free(&SwitchToHugePagesWhenBig, nullptr);
    }
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
// they were), the options missed that segment, whose memory was then given back and faulted in
// again (7,500 of the Reuters build's 10,500 page faults at 1 thread).
// mi_option_enable() and mi_register_deferred_free() only store values, so it is safe to call
// them this early. Only a program may have a .preinit_array, not a shared library: this file is
// linked into programs alone.
[[gnu::used, gnu::section(".preinit_array")]] void (*const set_options)(int, char**,
                                                                         char**) = &SetOptions;

}  // namespace

namespace newsgraph::cli {

bool HugePagesFromStart(long first_touch_ns) { return first_touch_ns >= kSlowFirstTouchNs; }

PageProbe LastPageProbe() {
  return {probed_first_touch_ns, HugePagesFromStart(probed_first_touch_ns)};
}

}  // namespace newsgraph::cli
