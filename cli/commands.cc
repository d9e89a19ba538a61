#include "cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "export/dot_writer.h"
#include "export/graphml_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "extract/parallel_build.h"
#include "extract/pipeline.h"
#include "extract/reader.h"
#include "graph/knowledge_graph.h"

#include <tbb/global_control.h>
#include <tbb/info.h>

namespace newsgraph::cli {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Result<std::unique_ptr<extract::Pipeline>> MakePipeline(const std::string& data_dir) {
  extract::PipelineOptions opts;
  if (!data_dir.empty()) opts.data_dir = data_dir;
  return extract::Pipeline::Create(opts);
}

// Where RunBuild leaves its graph when the process is about to end (BuildArgs::
// process_ends_after): taking apart a graph of a few hundred thousand nodes, edges and strings
// costs a fraction of a second (about 2% of a whole Reuters build) and frees memory the OS
// takes back at once anyway. Held here, the graph stays reachable, so leak checkers (Valgrind's,
// LeakSanitizer, which scans globals) count it as reachable rather than lost. [[gnu::used]]: nothing reads the
// pointer, and without it the compiler drops the variable and the store into it.
[[gnu::used]] KnowledgeGraph* graph_left_to_os = nullptr;

// "5 articles" or "1 article".
std::string Count(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// The one line a build ends with: "newsgraph: 1234 articles from 2 files, 5.6 MB in 7.8 s
// (158 articles/s, 0.72 MB/s) on 2 threads; graph has 901 nodes and 2345 edges". How many
// were skipped, and how many were new to the graph when not all (building onto --graph, or an
// article twice in the input), are said where there are any.
void PrintSummary(const extract::BuildStats& s, const KnowledgeGraph& kg, bool onto_graph,
                  std::ostream& err) {
  const double secs = std::max(s.seconds, 1e-9);
  const double mb = static_cast<double>(s.input_bytes) / 1e6;
  err << "newsgraph: " << Count(s.read.documents, "article") << " from "
      << Count(s.read.files, "file");
  if (s.read.skipped) err << ", " << s.read.skipped << " skipped";
  if (onto_graph || s.merged != s.read.documents) err << ", " << s.merged << " new";
  char buf[200];
  std::snprintf(buf, sizeof buf, ", %.1f MB in %.2f s (%.0f articles/s, %.2f MB/s) on %s", mb,
                s.seconds, static_cast<double>(s.read.documents) / secs, mb / secs,
                Count(s.threads, "thread").c_str());
  err << buf << "; graph has " << kg.num_nodes() << " nodes and " << kg.num_edges() << " edges\n";
}

// One self-overwriting line: articles done, rate, and time left when the input size is known.
void PrintProgress(const extract::BuildProgress& p, std::ostream& err) {
  const double secs = std::max(p.seconds, 1e-9);
  char buf[200];
  int n = std::snprintf(buf, sizeof buf, "\r\033[Knewsgraph: %zu articles, %.0f articles/s",
                        p.documents, static_cast<double>(p.documents) / secs);
  if (p.total_bytes > 0 && p.bytes_read > 0 && p.bytes_read <= p.total_bytes) {
    const double left = secs * static_cast<double>(p.total_bytes - p.bytes_read) /
                        static_cast<double>(p.bytes_read);
    std::snprintf(buf + n, sizeof buf - n, ", %.0f%%, %.0f s left",
                  100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(p.total_bytes),
                  left);
  }
  err << buf << std::flush;
}

}  // namespace

std::string OutputFormat(const std::string& path) {
  const std::string ext = Lower(std::filesystem::path(path).extension().string());
  if (ext == ".jsonld" || ext == ".json") return "jsonld";
  if (ext == ".graphml") return "graphml";
  if (ext == ".gexf") return "gexf";
  if (ext == ".dot" || ext == ".gv") return "dot";
  if (ext == ".svg") return "svg";
  if (ext == ".png") return "png";
  return "";
}

int RunBuild(const BuildArgs& args, std::ostream& out, std::ostream& err) {
  for (const auto& o : args.outputs) {
    if (OutputFormat(o).empty()) {
      err << "newsgraph build: " << o
          << ": unknown output format (use .jsonld, .graphml, .gexf, .dot, .svg or .png)\n";
      return 2;
    }
  }
  static const std::vector<std::string> kLayouts = {"fdp", "dot", "neato", "sfdp"};
  if (std::find(kLayouts.begin(), kLayouts.end(), args.layout) == kLayouts.end()) {
    err << "newsgraph build: unknown layout '" << args.layout
        << "' (use fdp, dot, neato or sfdp)\n";
    return 2;
  }
  // TBB caps its worker threads at the cores it sees and warns on stderr when an arena asks for
  // more. A user who asks for more threads than cores (to overlap I/O, or on a machine whose
  // cores are shared) gets them, quietly, for the whole build and write.
  std::optional<tbb::global_control> allow_threads;
  if (args.threads > static_cast<std::size_t>(tbb::info::default_concurrency()))
    allow_threads.emplace(tbb::global_control::max_allowed_parallelism, args.threads);
  auto pipeline = MakePipeline(args.data_dir);
  if (!pipeline.ok()) {
    err << "newsgraph: " << pipeline.status().message() << "\n";
    return 1;
  }
  // On the heap, so that it can be left to the OS at the end (graph_left_to_os).
  auto kg_owner = std::make_unique<KnowledgeGraph>();
  KnowledgeGraph& kg = *kg_owner;
  if (!args.graph.empty()) {
    // A graph that cannot be read is an error: starting from empty would silently drop it.
    auto loaded = exporters::ReadJsonLdFile(args.graph);
    if (!loaded.ok()) {
      err << "newsgraph build: --graph " << loaded.status().message() << "\n";
      return 1;
    }
    kg = std::move(loaded).value();
  }
  extract::BuildOptions build;
  build.threads = args.threads;
  build.warn = [&](const std::string& warning) { err << "newsgraph: " << warning << "\n"; };
  // A live progress line only on a terminal: logs and tests get the summary line alone.
  const bool live = !args.quiet && &err == &std::cerr && isatty(STDERR_FILENO);
  if (live) build.progress = [&](const extract::BuildProgress& p) { PrintProgress(p, err); };
  extract::BuildStats build_stats;
  Status st = extract::BuildGraph(*pipeline.value(), args.inputs, kg, build, &build_stats);
  if (live) err << "\r\033[K";
  // The lexicons and the tagger's model (~18 MB) are done with: freed before the outputs are
  // written, their memory holds the writers' buffers, which would otherwise take fresh pages
  // (slow to touch first; see cli/allocator.cc, which keeps freed memory for reuse).
  pipeline.value().reset();
  const extract::ReadStats& stats = build_stats.read;
  const std::size_t merged = build_stats.merged;
  if (!st.ok()) {
    err << "newsgraph: " << st.message() << "\n";
    return 1;
  }
  if (args.strict && stats.skipped > 0) {
    err << "newsgraph: --strict: " << stats.skipped
        << " file(s) or row(s) skipped (see above); nothing written\n";
    return 1;
  }
  if (merged == 0 && (args.graph.empty() || stats.documents == 0)) {
    err << "newsgraph: no articles could be read from the input; nothing written\n";
    return 1;
  }
  if (merged == 0 && !args.quiet)
    err << "newsgraph: every article was already in " << args.graph << "\n";
  std::optional<KnowledgeGraph> part;  // what the filters keep, when there are any
  if (!args.filter.empty()) {
    auto filtered = ApplyFilter(kg, args.filter);
    if (!filtered.ok()) {
      err << "newsgraph build: " << filtered.status().message() << "\n";
      return 1;
    }
    part = std::move(filtered).value();
  }
  int rc = 0;
  const std::vector<Status> written =
      WriteGraphFiles(part ? *part : kg, args.outputs, args.layout, args.threads);
  for (std::size_t i = 0; i < args.outputs.size(); ++i) {
    if (!written[i].ok()) {
      err << "newsgraph: " << written[i].message() << "\n";
      rc = 1;
      continue;
    }
    if (!args.quiet) out << "wrote " << args.outputs[i] << "\n";
  }
  if (!args.quiet) {
    PrintSummary(build_stats, kg, !args.graph.empty(), err);
  }
  // Every output is written (and renamed into place); nothing reads the graph again.
  if (args.process_ends_after) graph_left_to_os = kg_owner.release();
  return rc;
}

int RunExtract(const ExtractArgs& args, std::ostream& out, std::ostream& err) {
  auto pipeline = MakePipeline(args.data_dir);
  if (!pipeline.ok()) {
    err << "newsgraph: " << pipeline.status().message() << "\n";
    return 1;
  }
  std::size_t docs = 0;
  Status st = extract::ReadInputs(
      {args.input},
      [&](Document&& doc) {
        ++docs;
        Extraction ex = pipeline.value()->Extract(doc);
        out << "# " << doc.id << "\n";
        out << "headline: " << doc.headline << "\ndate: " << doc.date << "\n";
        if (!doc.publisher.empty()) out << "publisher: " << doc.publisher << "\n";
        if (!doc.author.empty()) out << "author: " << doc.author << "\n";
        out << "\n" << doc.text << "\n\n## mentions\n";
        for (const Mention& m : ex.mentions) {
          out << m.span.begin << "-" << m.span.end << "\t" << SchemaName(m.type) << "\t" << m.text;
          if (!m.canonical.empty() && m.canonical != m.text) out << "\t-> " << m.canonical;
          out << "\n";
        }
        if (!ex.relations.empty()) out << "\n## relations\n";
        for (const RelationMention& r : ex.relations) {
          out << ex.mentions[r.subject].text << "\t" << r.predicate << "\t"
              << ex.mentions[r.object].text << "\t" << r.role << "\n";
        }
        if (!ex.statements.empty()) out << "\n## statements\n";
        for (const StatementMention& s : ex.statements) {
          out << s.span.begin << "-" << s.span.end << "\t"
              << (s.speaker ? ex.mentions[*s.speaker].text : std::string("?")) << "\t" << s.cue
              << "\t" << (s.direct ? "direct" : "indirect") << "\t" << s.text << "\n";
        }
        if (!ex.figures.empty()) out << "\n## figures\n";
        for (const FigureMention& f : ex.figures) {
          out << f.span.begin << "-" << f.span.end << "\t" << f.text << "\t"
              << (f.reporter ? ex.mentions[*f.reporter].text : std::string("?")) << "\n";
        }
      },
      [&](const std::string& w) { err << "newsgraph: " << w << "\n"; }, nullptr);
  if (!st.ok()) {
    err << "newsgraph: " << st.message() << "\n";
    return 1;
  }
  return docs ? 0 : 1;
}

}  // namespace newsgraph::cli
