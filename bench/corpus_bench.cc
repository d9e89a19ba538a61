// corpus_bench: the whole `newsgraph build` pipeline (read -> clean -> extract -> merge ->
// write JSON-LD) on a corpus, through the same extract::BuildGraph the CLI uses. Prints
// documents/s, MB/s and words/s per stage and in total, the thread count, the CPU time in user
// mode and in the kernel, and the peak memory.
//
//   corpus_bench [--threads N] [--in-flight N] [--repeat N] [--join N] [--out FILE.jsonld]
//                [INPUT...]
//
// Without INPUT it runs on Reuters-21578 (converted to JSON Lines) and the BBC News articles,
// prepared from ../shared/data into the build directory (and skips with a message when
// ../shared/data is absent). --repeat N first writes the inputs N times into one temporary
// JSON Lines file (copies get new ids, so they are new articles for the graph) for scaling
// runs. --join N writes every N articles in a row as one document instead (their texts apart
// by a blank line, a document ending early where the next text would take it past the
// readers' 1 MiB of text): long texts, such as a report fed whole, for the extractors' and the
// merge's cost in a document's length. --in-flight N sets the articles in flight at once
// (BuildOptions::max_in_flight; default BuildOptions::kInFlightPerThread per thread). Per-stage
// MB and words are those of the cleaned text; the parallel stages' seconds are summed over
// threads, so their rates are per thread.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench/corpus.h"
#include "export/jsonld_writer.h"
#include "extract/parallel_build.h"
#include "extract/pipeline.h"
#include "extract/reader.h"

namespace newsgraph::bench {
namespace {

namespace fs = std::filesystem;

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// The most text a document --join writes: the readers' limit (1 MiB) less room for the
// escapes JsonString may add beyond what the reader counts.
constexpr std::size_t kMaxJoinedBytes = (std::size_t{1} << 20) - (std::size_t{16} << 10);

// Writes every Document of `inputs` `repeat` times as JSON Lines; copies after the first get
// the id suffix "~rK". With `join` above 1, each `join` documents in a row (fewer where the
// next would pass kMaxJoinedBytes) are written as one, with the first's id and date and their
// texts apart by a blank line. Streams: one document in memory at a time.
bool WriteCorpus(const std::vector<std::string>& inputs, int repeat, int join,
                 const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  Document joined;
  int in_joined = 0;
  auto flush = [&] {
    if (in_joined == 0) return;
    out << "{\"id\":" << JsonString(joined.id) << ",\"date\":" << JsonString(joined.date)
        << ",\"text\":" << JsonString(joined.text) << "}\n";
    in_joined = 0;
  };
  for (int k = 1; k <= repeat; ++k) {
    Status st = extract::ReadInputs(
        inputs,
        [&](Document&& d) {
          if (k > 1) d.id += "~r" + std::to_string(k);
          if (in_joined > 0 && joined.text.size() + 2 + d.text.size() > kMaxJoinedBytes) flush();
          if (in_joined == 0) {
            joined = std::move(d);
          } else {
            joined.text += "\n\n";
            joined.text += d.text;
          }
          if (++in_joined >= join) flush();
        },
        {}, nullptr);
    if (!st.ok()) {
      std::cerr << "corpus_bench: " << st.message() << "\n";
      return false;
    }
  }
  flush();
  return static_cast<bool>(out.flush());
}

void Row(const char* stage, double seconds, std::size_t docs, double mb, std::size_t words) {
  const double s = seconds > 0 ? seconds : 1e-9;
  std::printf("  %-22s %9.2f s %10.0f docs/s %9.2f MB/s %12.0f words/s\n", stage, seconds,
              static_cast<double>(docs) / s, mb / s, static_cast<double>(words) / s);
}

int Main(int argc, char** argv) {
  std::size_t threads = 0;
  std::size_t in_flight = 0;
  int repeat = 1;
  int join = 1;
  std::string out_path;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) {
      threads = std::strtoul(argv[++i], nullptr, 10);
    } else if (a == "--in-flight" && i + 1 < argc) {
      in_flight = std::strtoul(argv[++i], nullptr, 10);
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--join" && i + 1 < argc) {
      join = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: corpus_bench [--threads N] [--in-flight N] [--repeat N] [--join N] "
                   "[--out FILE.jsonld] [INPUT...]\n";
      return 0;
    } else if (a.rfind("--", 0) == 0) {
      std::cerr << "corpus_bench: unknown option " << a << "\n";
      return 2;
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty()) {
    auto corpora = PrepareCorpora();
    if (!corpora) return 0;  // skipped, with the reason printed
    inputs = {corpora->reuters_jsonl, corpora->bbc_dir};
  }
  const fs::path tmp = fs::temp_directory_path() / ("newsgraph-corpus-bench-" +
                                                     std::to_string(::getpid()));
  fs::create_directories(tmp);
  if (repeat > 1 || join > 1) {
    const std::string written = (tmp / "corpus.jsonl").string();
    if (!WriteCorpus(inputs, repeat, join, written)) return 1;
    inputs = {written};
  }
  if (out_path.empty()) out_path = (tmp / "graph.jsonld").string();

  extract::PipelineOptions popts;
  popts.data_dir = NEWSGRAPH_DATA_DIR;
  auto pipeline = extract::Pipeline::Create(popts);
  if (!pipeline.ok()) {
    std::cerr << "corpus_bench: " << pipeline.status().message() << "\n";
    return 1;
  }
  const double base_mb = PeakMemoryMb();
  const CpuSeconds cpu_before = ProcessCpuSeconds();

  KnowledgeGraph kg;
  extract::BuildOptions opts;
  opts.threads = threads;
  opts.max_in_flight = in_flight;
  opts.count_words = true;  // the words/s columns
  std::size_t warnings = 0;
  opts.warn = [&](const std::string&) { ++warnings; };
  extract::BuildStats s;
  Status st = extract::BuildGraph(*pipeline.value(), inputs, kg, opts, &s);
  const CpuSeconds cpu_built = ProcessCpuSeconds();
  const double built_mb = PeakMemoryMb();
  if (!st.ok()) {
    std::cerr << "corpus_bench: " << st.message() << "\n";
    return 1;
  }
  // As `newsgraph build` does: the lexicons and model are freed before writing, and the
  // writer's buffers take their memory (cli/commands.cc).
  pipeline.value().reset();
  const auto t = std::chrono::steady_clock::now();
  Status ws = exporters::WriteJsonLdFile(kg, out_path, threads);
  const double write_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  if (!ws.ok()) {
    std::cerr << "corpus_bench: " << ws.message() << "\n";
    return 1;
  }
  const CpuSeconds cpu_after = ProcessCpuSeconds();
  const double out_mb = static_cast<double>(fs::file_size(out_path)) / 1e6;

  const double text_mb = static_cast<double>(s.text_bytes) / 1e6;
  const double in_mb = static_cast<double>(s.input_bytes) / 1e6;
  const std::size_t docs = s.read.documents;
  std::printf("corpus: ");
  for (const auto& in : inputs) std::printf("%s ", in.c_str());
  std::printf("(x%d", repeat);
  if (join > 1) std::printf(", %d articles to a document", join);
  std::printf(")\n");
  std::printf("  %zu documents (%zu skipped, %zu warnings), %.2f MB input, %.2f MB text, %zu words\n",
              docs, s.read.skipped, warnings, in_mb, text_mb, s.words);
  std::printf("  threads: %zu\n", s.threads);
  std::printf("  stage (MB, words: cleaned text; parallel stages: per thread)\n");
  Row("read (input bytes)", s.read_seconds, docs, in_mb, s.words);
  Row("decode+clean+parse", s.parse_seconds, docs, text_mb, s.words);
  Row("extract", s.extract_seconds, docs, text_mb, s.words);
  Row("merge", s.merge_seconds, docs, text_mb, s.words);
  Row("build total (wall)", s.seconds, docs, text_mb, s.words);
  std::printf("  %-22s %9.2f s %10s        %9.2f MB/s of JSON-LD (%.1f MB)\n", "write JSON-LD",
              write_s, "", out_mb / std::max(write_s, 1e-9), out_mb);
  Row("TOTAL (wall)", s.seconds + write_s, docs, text_mb, s.words);
  std::printf("  input MB/s (total): %.2f\n", in_mb / (s.seconds + write_s));
  std::printf("  CPU (build and write, all threads): user %.2f s, system %.2f s\n",
              cpu_after.user - cpu_before.user, cpu_after.system - cpu_before.system);
  // How busy the threads were in each phase: CPU seconds over wall seconds, in cores.
  auto phase = [](const char* name, const CpuSeconds& from, const CpuSeconds& to, double wall) {
    const double user = to.user - from.user, system = to.system - from.system;
    std::printf("%s user %.2f s, system %.2f s (%.2f cores busy)", name, user, system,
                (user + system) / std::max(wall, 1e-9));
  };
  std::printf("  CPU by phase:");
  phase(" build", cpu_before, cpu_built, s.seconds);
  phase("; write", cpu_built, cpu_after, write_s);
  std::printf("\n");
  std::printf("  graph: %zu nodes, %zu edges\n", kg.num_nodes(), kg.num_edges());
  std::printf("  peak memory: %.0f MB (ru_maxrss; %.0f MB after loading the lexicons, %.0f MB "
              "after the build); in huge pages now: %.0f MB\n",
              PeakMemoryMb(), base_mb, built_mb, HugePagesMb());
  std::error_code ec;
  fs::remove_all(tmp, ec);
  return 0;
}

}  // namespace
}  // namespace newsgraph::bench

int main(int argc, char** argv) { return newsgraph::bench::Main(argc, argv); }
