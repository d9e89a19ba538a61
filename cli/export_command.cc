// `newsgraph export`, the filters shared with `newsgraph build`, and writing a graph to a
// file by its extension.
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "export/dot_writer.h"
#include "export/gexf_writer.h"
#include "export/graphml_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "graph/query.h"
#include "graph/subgraph.h"

namespace newsgraph::cli {

Status WriteGraphFile(const KnowledgeGraph& kg, const std::string& path, const std::string& layout,
                      std::size_t threads) {
  const std::string fmt = OutputFormat(path);
  if (fmt == "jsonld") return exporters::WriteJsonLdFile(kg, path, threads);
  if (fmt == "graphml") return exporters::WriteGraphMLFile(kg, path);
  if (fmt == "gexf") return exporters::WriteGexfFile(kg, path);
  exporters::DotOptions dot;
  dot.layout = layout;
  return exporters::WriteDotFile(kg, path, dot);
}

std::vector<Status> WriteGraphFiles(const KnowledgeGraph& kg, const std::vector<std::string>& paths,
                                    const std::string& layout, std::size_t threads) {
  std::vector<Status> written(paths.size());
  auto write = [&](std::size_t i) { written[i] = WriteGraphFile(kg, paths[i], layout, threads); };
  // The writers only read the graph. Graphviz's calls wait for each other (a lock in
  // export/dot_writer.cc), so its files go one after another on one thread, which the others
  // then need not wait for.
  std::vector<std::size_t> own_thread, graphviz;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string fmt = OutputFormat(paths[i]);
    (fmt == "jsonld" || fmt == "graphml" || fmt == "gexf" ? own_thread : graphviz).push_back(i);
  }
  const std::size_t jobs = own_thread.size() + (graphviz.empty() ? 0 : 1);
  if (threads == 1 || jobs < 2) {
    for (std::size_t i = 0; i < paths.size(); ++i) write(i);
    return written;
  }
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  arena.execute([&] {
    tbb::task_group group;
    for (std::size_t i : own_thread) group.run([&write, i] { write(i); });
    if (!graphviz.empty()) {
      group.run([&] {
        for (std::size_t i : graphviz) write(i);
      });
    }
    group.wait();
  });
  return written;
}

Result<KnowledgeGraph> ApplyFilter(const KnowledgeGraph& kg, const FilterArgs& f) {
  SubgraphOptions o;
  if (!f.focus.empty()) {
    Result<Vertex> v = ResolveEntity(kg, f.focus);
    if (!v.ok()) return Status::Error("--focus: " + v.status().message());
    o.focus = v.value();
  }
  o.depth = f.depth;
  for (const std::string& list : f.types) {
    std::stringstream ss(list);  // "Person,Country" or repeated --types
    for (std::string t; std::getline(ss, t, ',');) {
      if (t.empty()) continue;
      auto type = ParseEntityType(t);
      if (!type)
        return Status::Error("--types: unknown type '" + t +
                             "' (use Person, GovernmentOrganization, NewsMediaOrganization, "
                             "Organization, Country, Place)");
      o.types.insert(*type);
    }
  }
  o.top = f.top;
  o.since = f.since;
  o.until = f.until;
  return Subgraph(kg, o);
}

int RunExport(const ExportArgs& args, std::ostream& out, std::ostream& err) {
  for (const auto& o : args.outputs) {
    if (OutputFormat(o).empty()) {
      err << "newsgraph export: " << o
          << ": unknown output format (use .jsonld, .graphml, .gexf, .dot, .svg or .png)\n";
      return 2;
    }
  }
  auto kg = exporters::ReadJsonLdFile(args.graph);
  if (!kg.ok()) {
    err << "newsgraph export: " << kg.status().message() << "\n";
    return 1;
  }
  std::optional<KnowledgeGraph> part;
  if (!args.filter.empty()) {
    auto filtered = ApplyFilter(kg.value(), args.filter);
    if (!filtered.ok()) {
      err << "newsgraph export: " << filtered.status().message() << "\n";
      return 1;
    }
    part = std::move(filtered).value();
  }
  const KnowledgeGraph& shown = part ? *part : kg.value();
  int rc = 0;
  const std::vector<Status> written = WriteGraphFiles(shown, args.outputs, args.layout);
  for (std::size_t i = 0; i < args.outputs.size(); ++i) {
    if (!written[i].ok()) {
      err << "newsgraph export: " << written[i].message() << "\n";
      rc = 1;
      continue;
    }
    if (!args.quiet) out << "wrote " << args.outputs[i] << "\n";
  }
  if (!args.quiet)
    err << "newsgraph: " << shown.num_nodes() << " nodes and " << shown.num_edges()
        << " edges written\n";
  return rc;
}

}  // namespace newsgraph::cli
