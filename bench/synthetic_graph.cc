// synthetic_graph: does the graph stay fast at a million nodes? Builds a graph of
// --entities (default 1,000,000) entities and --relations (default 5,000,000) relation edges
// through the public KnowledgeGraph::Merge, from synthetic Extractions: articles of 20 new
// entities plus 10 mentions of earlier ones (resolved across articles by name), with
// relations among them whose evidence is a ~100-byte sentence. Prints the merge rate (per
// tenths of the run, to show it stays flat), memory per node and edge (ru_maxrss), the time
// and MB/s to write JSON-LD and GraphML, and to read the JSON-LD back when the reader exists.
//
//   synthetic_graph [--entities N] [--relations N] [--out DIR] [--no-read] [--keep]
// --keep leaves synthetic.jsonld and synthetic.graphml in DIR (to compare builds).
//   synthetic_graph --read FILE
// only reads FILE (a JSON-LD kept before) back: the reader's time and peak memory on their own,
// without building and writing a graph first.
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench/corpus.h"
#include "export/graphml_writer.h"
#include "export/jsonld_writer.h"
#include "graph/knowledge_graph.h"
#if __has_include("export/jsonld_reader.h")
#include "export/jsonld_reader.h"
#define NEWSGRAPH_HAVE_JSONLD_READER 1
#endif

namespace newsgraph::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// User + system CPU seconds of this process: on a shared machine the wall time of a phase
// depends on the other load, its CPU time much less.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// A unique, pronounceable two-word name for entity `i` ("Kalomi Ravetu").
std::string NameOf(std::size_t i) {
  static const char* kSyl[] = {"ka", "lo", "mi", "ra", "to", "ve", "su", "ne", "di", "po",
                               "ba", "re", "si", "tu", "ga", "ho", "ni", "fa", "le", "zo"};
  auto word = [](std::size_t n) {
    std::string w;
    for (int k = 0; k < 3; ++k) {
      w += kSyl[n % 20];
      n /= 20;
    }
    w[0] = static_cast<char>(w[0] - 'a' + 'A');
    return w;
  };
  return word(i % 8000) + " " + word(i / 8000) + (i >= 64000000 ? std::to_string(i) : "");
}

EntityType TypeOf(std::size_t i) {
  static const EntityType kTypes[] = {EntityType::kPerson, EntityType::kOrganization,
                                      EntityType::kGovernmentOrganization, EntityType::kPlace};
  return kTypes[i % 4];
}

struct Synthetic {
  Document doc;
  Extraction ex;
};

// Article `a`: entities [first, first + fresh) are new; `old` earlier entities are mentioned
// again; `relations` distinct relations among them.
Synthetic MakeArticle(std::size_t a, std::size_t first, std::size_t fresh, std::size_t old,
                      std::size_t relations, std::mt19937_64& rng) {
  static const char* kPredicates[] = {"heads", "memberOf", "partOf", "worksFor", "locatedIn"};
  Synthetic s;
  s.doc.id = "https://news.example.org/synthetic/" + std::to_string(a);
  s.doc.source = "synthetic";
  s.doc.headline = "Synthetic article " + std::to_string(a);
  s.doc.date = "2020-01-" + std::to_string(10 + a % 20);
  std::vector<std::size_t> ids;
  for (std::size_t k = 0; k < fresh; ++k) ids.push_back(first + k);
  for (std::size_t k = 0; k < old && first > 0; ++k) ids.push_back(rng() % first);
  // Sentences of five mentions each: "A met B, C, D and E in talks on Tuesday."
  std::string& text = s.doc.text;
  text = s.doc.headline + ".\n\n";
  s.ex.sentences.push_back({0, text.size() - 2});
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const std::size_t begin = text.size();
    if (k % 5 == 0) s.ex.sentences.push_back({begin, begin});
    const std::string name = NameOf(ids[k]);
    Mention m;
    m.span = {begin, begin + name.size()};
    m.text = name;
    m.type = TypeOf(ids[k]);
    s.ex.mentions.push_back(std::move(m));
    text += name;
    text += k % 5 == 4 || k + 1 == ids.size() ? " in talks on Tuesday about the budget. "
                                              : (k % 5 == 0 ? " met " : ", ");
    s.ex.sentences.back().end = text.size() - 1;
  }
  const std::size_t n = ids.size();
  for (std::size_t r = 0; r < relations; ++r) {
    // Distinct (subject, object) pairs: walk pairs in a fixed order from a random start.
    const std::size_t pair = (r * 7 + a) % (n * (n - 1));
    const std::size_t subj = pair / (n - 1);
    std::size_t obj = pair % (n - 1);
    if (obj >= subj) ++obj;
    RelationMention rel;
    rel.subject = subj;
    rel.object = obj;
    rel.predicate = kPredicates[(subj + obj) % 5];
    rel.evidence = s.ex.mentions[subj].span;
    s.ex.relations.push_back(std::move(rel));
  }
  return s;
}

// Reads a JSON-LD file back and reports its rate and the process's peak memory.
int ReadOnly(const std::string& path) {
#ifdef NEWSGRAPH_HAVE_JSONLD_READER
  const double mb = static_cast<double>(fs::file_size(path)) / 1e6;
  const auto t = Clock::now();
  const double cpu = CpuSeconds();
  auto back = exporters::ReadJsonLdFile(path);
  const double s = Since(t), cpu_s = CpuSeconds() - cpu;
  if (!back.ok()) {
    std::fprintf(stderr, "%s\n", back.status().message().c_str());
    return 1;
  }
  std::printf("read JSON-LD: %.0f MB in %.1f s = %.1f MB/s (%.1f MB per CPU second); %zu "
              "nodes, %zu edges; peak memory %.0f MB\n",
              mb, s, mb / s, mb / cpu_s, back.value().num_nodes(), back.value().num_edges(),
              PeakMemoryMb());
  return 0;
#else
  std::fprintf(stderr, "export/jsonld_reader.h not available: cannot read %s\n", path.c_str());
  return 1;
#endif
}

int Main(int argc, char** argv) {
  std::size_t entities = 1000000, relations = 5000000;
  std::string out_dir = (fs::temp_directory_path() / "newsgraph-synthetic").string();
  bool read_back = true, keep = false;
  std::string read_only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--entities" && i + 1 < argc) entities = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--relations" && i + 1 < argc) relations = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--out" && i + 1 < argc) out_dir = argv[++i];
    else if (a == "--no-read") read_back = false;
    else if (a == "--keep") keep = true;
    else if (a == "--read" && i + 1 < argc) read_only = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: synthetic_graph [--entities N] [--relations N] [--out DIR] [--no-read] "
                   "[--keep]\n       synthetic_graph --read FILE\n");
      return 2;
    }
  }
  if (!read_only.empty()) return ReadOnly(read_only);
  constexpr std::size_t kFresh = 20, kOld = 10;
  const std::size_t articles = (entities + kFresh - 1) / kFresh;
  const std::size_t per_article = (relations + articles - 1) / articles;
  std::mt19937_64 rng(42);

  const double mem0 = PeakMemoryMb();
  KnowledgeGraph kg;
  std::printf("synthetic graph: %zu articles x (%zu new + %zu earlier entities, %zu relations)\n",
              articles, kFresh, kOld, per_article);
  const auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  auto slice = Clock::now();
  double gen_s = 0, gen_cpu = 0;
  std::size_t rel_total = 0;
  for (std::size_t a = 0; a < articles; ++a) {
    const auto g = Clock::now();
    const double g_cpu = CpuSeconds();
    const std::size_t first = a * kFresh;
    const std::size_t fresh = std::min(kFresh, entities - first);
    const std::size_t rels = std::min(per_article, relations - rel_total);
    Synthetic s = MakeArticle(a, first, fresh, kOld, rels, rng);
    rel_total += rels;
    gen_s += Since(g);
    gen_cpu += CpuSeconds() - g_cpu;
    kg.Merge(s.doc, s.ex);
    if ((a + 1) % (articles / 10 ? articles / 10 : 1) == 0) {
      std::printf("  %3zu%%: %zu nodes, %zu edges, %.0f articles/s in this tenth\n",
                  100 * (a + 1) / articles, kg.num_nodes(), kg.num_edges(),
                  static_cast<double>(articles / 10) / Since(slice));
      std::fflush(stdout);
      slice = Clock::now();
    }
  }
  const double merge_s = Since(start) - gen_s;
  const double merge_cpu = CpuSeconds() - cpu_start - gen_cpu;
  const double mem1 = PeakMemoryMb();
  std::size_t entity_nodes = 0;
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    entity_nodes += std::holds_alternative<EntityNode>(kg.graph()[v]);
  std::printf("merge: %zu articles in %.1f s (generation excluded): %.0f articles/s, %.0f "
              "relations/s (%.0f articles per CPU second)\n",
              articles, merge_s, static_cast<double>(articles) / merge_s,
              static_cast<double>(rel_total) / merge_s, static_cast<double>(articles) / merge_cpu);
  std::printf("graph: %zu nodes (%zu entities), %zu edges (%zu relations requested)\n",
              kg.num_nodes(), entity_nodes, kg.num_edges(), rel_total);
  std::printf("memory: peak %.0f MB; graph %.0f MB = %.0f bytes per (node + edge), "
              "%.0f bytes per edge if nodes were free\n",
              mem1, mem1 - mem0,
              (mem1 - mem0) * 1048576.0 / static_cast<double>(kg.num_nodes() + kg.num_edges()),
              (mem1 - mem0) * 1048576.0 / static_cast<double>(kg.num_edges()));

  fs::create_directories(out_dir);
  const std::string jsonld = out_dir + "/synthetic.jsonld";
  const std::string graphml = out_dir + "/synthetic.graphml";
  auto t = Clock::now();
  double cpu = CpuSeconds();
  Status st = exporters::WriteJsonLdFile(kg, jsonld);
  double s = Since(t);
  cpu = CpuSeconds() - cpu;
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  double mb = static_cast<double>(fs::file_size(jsonld)) / 1e6;
  std::printf("write JSON-LD: %.0f MB in %.1f s = %.1f MB/s (%.1f MB per CPU second; peak "
              "memory %.0f MB)\n",
              mb, s, mb / s, mb / cpu, PeakMemoryMb());
  std::fflush(stdout);
  t = Clock::now();
  cpu = CpuSeconds();
  st = exporters::WriteGraphMLFile(kg, graphml);
  s = Since(t);
  cpu = CpuSeconds() - cpu;
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  const double gmb = static_cast<double>(fs::file_size(graphml)) / 1e6;
  std::printf("write GraphML: %.0f MB in %.1f s = %.1f MB/s (%.1f MB per CPU second; peak "
              "memory %.0f MB)\n",
              gmb, s, gmb / s, gmb / cpu, PeakMemoryMb());
  std::fflush(stdout);
  if (!keep) fs::remove(graphml);
#ifdef NEWSGRAPH_HAVE_JSONLD_READER
  if (read_back) {
    const std::size_t nodes = kg.num_nodes(), edges = kg.num_edges();
    kg = KnowledgeGraph();  // free the graph first: the peak should be one graph, not two
    // ... and give its pages back: otherwise the reader's allocations land in the freed,
    // fragmented heap and the peak counts part of the old graph too (~40 MB at 100k).
    malloc_trim(0);
    t = Clock::now();
    cpu = CpuSeconds();
    auto back = exporters::ReadJsonLdFile(jsonld);
    s = Since(t);
    cpu = CpuSeconds() - cpu;
    if (!back.ok()) {
      std::fprintf(stderr, "%s\n", back.status().message().c_str());
      return 1;
    }
    std::printf("read JSON-LD: %.0f MB in %.1f s = %.1f MB/s (%.1f MB per CPU second); %zu "
                "nodes, %zu edges (%s); peak memory %.0f MB\n",
                mb, s, mb / s, mb / cpu, back.value().num_nodes(), back.value().num_edges(),
                back.value().num_nodes() == nodes && back.value().num_edges() == edges
                    ? "same counts"
                    : "COUNTS DIFFER",
                PeakMemoryMb());
  }
#else
  (void)read_back;
  std::printf("read JSON-LD: export/jsonld_reader.h not available\n");
#endif
  if (!keep) fs::remove(jsonld);
  return 0;
}

}  // namespace
}  // namespace newsgraph::bench

int main(int argc, char** argv) { return newsgraph::bench::Main(argc, argv); }
