#include "extract/parallel_build.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <thread>

namespace newsgraph::extract {
namespace {

using Clock = std::chrono::steady_clock;

// The estimate of the nodes an input adds (see BuildGraph): at most one per this many bytes,
// and at most kMaxReservedNodes reserved up front.
constexpr std::size_t kInputBytesPerNode = 96;
constexpr std::size_t kMaxReservedNodes = std::size_t{1} << 21;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// One file or JSONL row on its way through the pipeline. Everything the output stage needs
// travels with it, so that warnings come out in input order whatever thread parsed it.
struct Item {
  RawInput raw;
  std::optional<Document> doc;
  Extraction extraction;
  PreparedMerge prepared;             // the part of the merge that needs no graph
  std::string error;                  // why no Document was read
  std::vector<std::string> warnings;  // reader warnings, in the order they were raised
  std::size_t words = 0;  // CountWords of the text when asked for, counted in the parallel stage
  struct FreeLater* owner = nullptr;  // of the thread that extracted it (see FreeLater)
  Item* next_to_free = nullptr;       // in owner's list
};

// The items a thread extracted and another thread merged, waiting for the first to free them.
// An item's memory (its text, tokens, extraction) is allocated by the thread that extracts it;
// the memory allocator keeps freed memory on the thread that allocated it, so a block freed on
// another thread goes back through an atomic list, and when its first thread reuses it, the
// cache lines come over from the other core. With 2 threads half the items are merged on the
// thread that did not extract them. So the merging thread hands such an item back here, and its
// own thread frees it when it next starts on an item. At most the pipeline's tokens wait so.
// On all of Reuters with 2 threads the allocator's share of the samples fell from 5.9% to 3.8%
// (1 thread: 4.4%), and ABBA runs, 16 each, gave a median of 1.175 s against 1.200 s.
struct alignas(64) FreeLater {
  std::atomic<Item*> head{nullptr};
  // Any thread.
  void Push(Item* item) {
    item->next_to_free = head.load(std::memory_order_relaxed);
    while (!head.compare_exchange_weak(item->next_to_free, item, std::memory_order_release,
                                       std::memory_order_relaxed)) {
    }
  }
  ~FreeLater() { FreeAll(); }
  // The thread that owns the list, or any thread once no other uses it.
  void FreeAll() {
    for (Item* item = head.exchange(nullptr, std::memory_order_acquire); item != nullptr;) {
      Item* next = item->next_to_free;
      delete item;
      item = next;
    }
  }
};

}  // namespace

std::size_t CountWords(std::string_view text) {
  // A word starts at each non-space byte that follows a space (or the start). Each position is
  // tested on its own, with no state carried from one to the next, so the compiler can do many
  // bytes per instruction: this runs over every byte of the corpus.
  auto space = [](unsigned char c) -> unsigned char {
    return (c == ' ') | (static_cast<unsigned char>(c - '\t') <= '\r' - '\t');
  };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  if (size == 0) return 0;
  std::size_t n = space(p[0]) ^ 1u;
  // The starts are summed in 8 bits over runs of 240 positions (fifteen 16-byte vectors), which
  // hold at most 240 of them: the vectorised loop adds a byte per position where a 64-bit sum
  // widened each byte to 64 bits first (three times the instructions).
  constexpr std::size_t kRun = 240;
  for (std::size_t i = 1; i < size;) {
    const std::size_t end = std::min(size, i + kRun);
    unsigned char starts = 0;
    for (; i < end; ++i) starts += (space(p[i]) ^ 1u) & space(p[i - 1]);
    n += starts;
  }
  return n;
}

Status BuildGraph(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                  KnowledgeGraph& graph, const BuildOptions& options, BuildStats* stats) {
  const auto start = Clock::now();
  BuildStats local;
  BuildStats& s = stats ? *stats : local;
  s = BuildStats{};
  s.threads = options.threads ? options.threads
                              : static_cast<std::size_t>(tbb::info::default_concurrency());
  const std::size_t tokens =
      options.max_in_flight
          ? options.max_in_flight
          : std::min(BuildOptions::kInFlightPerThread * s.threads, BuildOptions::kMaxInFlight);

  InputCursor cursor(inputs, &s.read);
  Status status;
  BuildProgress progress;
  const std::size_t input_bytes = InputBytes(inputs);
  if (options.progress) progress.total_bytes = input_bytes;
  // Room for the nodes this input will add, so that the graph's node vector does not move every
  // node each time it doubles. News gives one node per 120-140 bytes of input (Reuters: 149k
  // nodes from 18 MB); one per kInputBytesPerNode errs high, which costs address space, not
  // memory: the part of the vector never written is never resident. Capped for huge inputs.
  graph.ReserveNodes(graph.num_nodes() +
                     std::min(input_bytes / kInputBytesPerNode, kMaxReservedNodes));
  auto last_report = start;
  // Summed by the parallel stage; read once the pipeline has finished.
  std::atomic<std::int64_t> parse_ns{0}, extract_ns{0};

  auto report = [&](const std::string& message) {
    ++s.read.warnings;
    if (options.warn) options.warn(message);
  };

  auto input = [&](tbb::flow_control& fc) -> Item* {
    const auto t = Clock::now();
    Result<std::optional<RawInput>> next = cursor.Next();
    s.read_seconds += Since(t);
    if (!next.ok()) {
      status = next.status();
      fc.stop();
      return nullptr;
    }
    if (!next.value()) {
      fc.stop();
      return nullptr;
    }
    auto item = std::make_unique<Item>();
    item->raw = std::move(*next.value());
    return item.release();
  };

  tbb::enumerable_thread_specific<FreeLater> free_later;
  auto work = [&](Item* item) -> Item* {
    FreeLater& mine = free_later.local();
    mine.FreeAll();
    item->owner = &mine;
    if (!item->raw.problem.empty()) return item;
    auto t = Clock::now();
    Result<Document> doc = ParseRawInput(
        item->raw, [item](const std::string& w) { item->warnings.push_back(w); });
    auto t2 = Clock::now();
    parse_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(t2 - t).count();
    item->raw.bytes = std::string();  // the Document holds the text now
    if (!doc.ok()) {
      item->error = doc.status().message();
      return item;
    }
    item->doc = std::move(doc).value();
    item->extraction = pipeline.Extract(*item->doc);
    extract_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t2).count();
    // Here, not in the serial merge stage.
    item->prepared = KnowledgeGraph::Prepare(*item->doc, item->extraction);
    if (options.count_words) item->words = CountWords(item->doc->text);
    return item;
  };

  // Merges `item`; the item itself is freed in the next (parallel) stage, so that its
  // extraction and text are not released on the merging thread.
  auto merge = [&](const std::unique_ptr<Item>& item) {
    if (!item->raw.problem.empty()) {
      report(item->raw.problem);
      if (item->raw.skipped) ++s.read.skipped;
      return;
    }
    for (const std::string& w : item->warnings) report(w);
    if (!item->doc) {
      report(item->error);
      ++s.read.skipped;
      return;
    }
    ++s.read.documents;
    s.text_bytes += item->doc->text.size();
    s.words += item->words;
    const auto t = Clock::now();
    if (graph.Merge(*item->doc, item->extraction, std::move(item->prepared))) ++s.merged;
    s.merge_seconds += Since(t);
    if (options.progress && Since(last_report) >= options.progress_interval) {
      last_report = Clock::now();
      progress.documents = s.read.documents;
      progress.bytes_read = cursor.bytes_read();
      progress.seconds = Since(start);
      options.progress(progress);
    }
  };

  auto discard = [&](Item* item) {
    if (item == nullptr) return;  // waiting in `pending` (below)
    // Every item went through `work`, which set its owner.
    if (item->owner == &free_later.local()) {
      delete item;
    } else {
      item->owner->Push(item);
    }
  };
  // Items are merged on one thread, the caller's (which runs the pipeline with the others): the
  // graph's tables and newest nodes, which every merge reads and writes, then stay in that
  // core's caches, where merging on whichever thread reached the output stage moved them from
  // core to core (with 2 threads on Reuters the merging thread changed at 57% of the articles).
  // An item that reaches the output stage on another thread waits in `pending` (in input order,
  // as the stage is serial and in order) until the merging thread next reaches it or the
  // pipeline ends; past max_pending (two per token) the other thread merges them itself, so that
  // a long article on the merging thread holds back no more than that many. Its token is free
  // meanwhile.
  const std::thread::id merging_thread = std::this_thread::get_id();
  const std::size_t max_pending = 2 * tokens;
  std::deque<std::unique_ptr<Item>> pending;  // read and written in the output stage only
  auto merge_pending = [&] {
    for (; !pending.empty(); pending.pop_front()) {
      merge(pending.front());
      discard(pending.front().release());
    }
  };
  auto output = [&](Item* raw_item) -> Item* {
    std::unique_ptr<Item> item(raw_item);
    if (std::this_thread::get_id() != merging_thread && pending.size() < max_pending) {
      pending.push_back(std::move(item));
      return nullptr;
    }
    merge_pending();
    merge(item);
    return item.release();
  };

  tbb::task_arena arena(static_cast<int>(s.threads));
  arena.execute([&] {
    tbb::parallel_pipeline(
        tokens, tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order, input) &
                    tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel, work) &
                    tbb::make_filter<Item*, Item*>(tbb::filter_mode::serial_in_order, output) &
                    tbb::make_filter<Item*, void>(tbb::filter_mode::parallel, discard));
  });
  merge_pending();  // those the merging thread did not reach before the input ended

  s.input_bytes = cursor.bytes_read();
  s.parse_seconds = static_cast<double>(parse_ns.load()) / 1e9;
  s.extract_seconds = static_cast<double>(extract_ns.load()) / 1e9;
  s.seconds = Since(start);
  if (options.progress) {
    progress.documents = s.read.documents;
    progress.bytes_read = s.input_bytes;
    progress.seconds = s.seconds;
    options.progress(progress);
  }
  return status;
}

}  // namespace newsgraph::extract
