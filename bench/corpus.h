// The benchmark corpora: Reuters-21578 converted to JSON Lines (bench/reuters_to_jsonl.py)
// and the BBC News articles (one .txt per article), prepared from the research-only archives
// in ../shared/data into the build directory's bench-data/ on first use. Shared by
// corpus_bench and stage_bench. Not thread-safe (run once at start-up).
#pragma once

#include <optional>
#include <string>

namespace newsgraph::bench {

// Paths of the prepared corpora.
struct Corpora {
  std::string reuters_jsonl;  // bench-data/reuters.jsonl
  std::string bbc_dir;        // bench-data/bbc
};

// Converts and unpacks the corpora into NEWSGRAPH_BENCH_DATA unless already there. Returns
// std::nullopt, after printing why to stderr, when ../shared/data is absent or the conversion
// fails: callers skip the benchmarks that need them.
std::optional<Corpora> PrepareCorpora();

// Peak resident memory of this process so far, in MB (getrusage ru_maxrss).
double PeakMemoryMb();

// The CPU time this process has taken so far, in seconds (getrusage): in user mode, and in
// the kernel for it (on a virtual machine mostly the zeroing of memory first touched).
struct CpuSeconds {
  double user = 0, system = 0;
};
CpuSeconds ProcessCpuSeconds();

// The MB of anonymous memory now in transparent huge pages (-1 where /proc does not say): the
// programs' allocator takes them from the start where page faults are slow (cli/allocator.cc).
double HugePagesMb();

}  // namespace newsgraph::bench
