// The parallel build: inputs -> KnowledgeGraph on N threads. A TBB parallel_pipeline with
// four stages: a serial, in-order input stage that walks the inputs (InputCursor, one
// article file or JSON Lines row at a time), a parallel stage that decodes, cleans, parses
// (ParseRawInput), extracts (Pipeline::Extract) and does the part of the merge that needs no
// graph (KnowledgeGraph::Prepare), and a serial, in-order output stage that merges into the
// graph (KnowledgeGraph::Merge, a single writer; on the calling thread, where the graph stays in
// one core's caches, the items another thread brings waiting for it in order) and reports
// warnings; a last, parallel stage frees the items, each on the thread that extracted it (an
// item merged on another thread waits in that thread's list until it starts on its next item).
// Items are merged in input order, so the graph, and every file written from it, is
// byte-identical whatever the thread count. At most a few items per thread are in flight:
// memory is bounded by the graph, not by the corpus.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "extract/pipeline.h"
#include "extract/reader.h"
#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph::extract {

// Where a build stands; passed to BuildOptions::progress. A plain value.
struct BuildProgress {
  std::size_t documents = 0;    // documents merged (or found already merged) so far
  std::size_t bytes_read = 0;   // raw input bytes read so far
  std::size_t total_bytes = 0;  // raw input bytes in all, 0 when unknown (stdin)
  double seconds = 0;           // since the build started
};

// How to run a build. A plain value.
struct BuildOptions {
  // Worker threads; 0 means all cores (tbb::info::default_concurrency()).
  std::size_t threads = 0;
  // Items (files or JSONL rows) in flight at once; 0 means kInFlightPerThread per thread, at
  // most kMaxInFlight.
  std::size_t max_in_flight = 0;
  // Items are merged in input order, so one long article holds back every item read after it
  // until it is extracted: the other threads go on only while there are items left to start.
  // With 2 threads on Reuters-21578 (a few articles take milliseconds, most tens of
  // microseconds) the build kept 1.78-1.82 cores busy at 4 items per thread, 1.84-1.90 at 16,
  // 1.92 at 32 and 1.97-1.99 at 64 and at 128, with the same peak memory (the items held back
  // are mostly short ones). Memory in flight is at most this many items' text and extraction,
  // hence the cap for many threads.
  static constexpr std::size_t kInFlightPerThread = 64;
  static constexpr std::size_t kMaxInFlight = 512;
  // Receives each reader warning ("path:line: reason"), in input order, on the merging thread.
  WarnFn warn;
  // When set, called in input order on the merging thread about every `progress_interval`
  // seconds and once at the end.
  std::function<void(const BuildProgress&)> progress;
  double progress_interval = 0.5;
  // Whether to count the words of the cleaned text (BuildStats::words): a pass over every byte
  // of it that only the benchmarks read, so it is asked for, not always made.
  bool count_words = false;
};

// What a build did. `*_seconds` of the parallel stages are summed over threads (CPU-ish time
// spent in the stage), the others are wall-clock.
struct BuildStats {
  ReadStats read;                  // files, documents, skipped, warnings as ReadInputs counts them
  std::size_t merged = 0;          // documents that Merge() added (not already merged)
  std::size_t input_bytes = 0;     // raw bytes read (files and JSONL rows)
  std::size_t text_bytes = 0;      // bytes of cleaned Document text
  std::size_t words = 0;           // whitespace-separated words of cleaned text (0 unless
                                   // BuildOptions::count_words)
  std::size_t threads = 0;         // threads used
  double read_seconds = 0;         // input stage (walking, reading bytes)
  double parse_seconds = 0;        // decode + cleanup + parse, summed over threads
  double extract_seconds = 0;      // Pipeline::Extract, summed over threads
  double merge_seconds = 0;        // KnowledgeGraph::Merge
  double seconds = 0;              // the whole build, wall-clock
};

// Reads every input (files, directories, "-", as ReadInputs), extracts with `pipeline` on
// `options.threads` threads and merges into `graph` in input order. Bad files and rows are
// reported through options.warn, counted and skipped; the rest is still read. Fails only when
// an input does not exist (as ReadInputs: nothing after it is merged). `stats` may be null.
// Thread-safety: `graph` must not be used by anyone else during the call; `pipeline` may be
// shared.
Status BuildGraph(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                  KnowledgeGraph& graph, const BuildOptions& options, BuildStats* stats);

// Whitespace-separated words in `text` (ASCII whitespace), the word count the benchmarks use.
std::size_t CountWords(std::string_view text);

}  // namespace newsgraph::extract
