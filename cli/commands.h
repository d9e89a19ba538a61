// The newsgraph subcommands as functions that tests can call: each takes its parsed arguments
// and two streams (results, diagnostics) and returns the exit code (0 success, 1 failure,
// 2 usage error). cli/main.cc only parses the command line and dispatches here; the work is
// done by the library (extract/, graph/, export/).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph::cli {

// Filters that cut a diagram (or any export) down to a readable part of the graph; see
// graph/subgraph.h. Empty fields filter nothing.
struct FilterArgs {
  std::string focus;                // an entity name; keeps what is within `depth` hops of it
  std::size_t depth = 2;
  std::vector<std::string> types;   // entity types to keep: Person, GovernmentOrganization, ...
  std::size_t top = 0;              // keep the N most central entities (0: all)
  std::string since, until;         // article dates, inclusive ISO days

  bool empty() const {
    return focus.empty() && types.empty() && top == 0 && since.empty() && until.empty();
  }
};

struct BuildArgs {
  std::vector<std::string> inputs;   // files, directories or "-" for stdin
  std::vector<std::string> outputs;  // format from the extension: .jsonld .graphml .dot .svg .png
  std::string layout = "fdp";        // Graphviz layout for .svg/.png: fdp (default), dot, neato, sfdp
  std::string data_dir;              // lexicon directory; empty = default
  bool quiet = false;
  bool strict = false;               // any skipped file or row fails the build, nothing written
  std::string graph;                 // --graph: a JSON-LD export to merge the inputs into
  FilterArgs filter;                 // applied to every output
  std::size_t threads = 0;           // extraction and JSON-LD threads; 0 = all cores
  // Set by the newsgraph program (cli/main.cc), whose process ends when RunBuild returns: the
  // built graph is then left to the OS, once every output is written, instead of being taken
  // apart node by node (it stays reachable from a global, so leak checkers pass). Callers that
  // go on running leave it false.
  bool process_ends_after = false;
};

// Reads the inputs, extracts, merges and writes every output. Outputs are checked before any
// work is done (unknown extension: usage error) and each is written atomically. Bad files and
// JSONL rows are reported and skipped; the exit code is 1 only when nothing was built, or,
// with `strict`, when anything was skipped (then nothing is written).
// With `graph`, that export is read first (a file that cannot be read as a newsgraph export
// is an error, never an empty start) and the inputs are merged into it; articles already in
// it (same id and content) are not merged again.
int RunBuild(const BuildArgs& args, std::ostream& out, std::ostream& err);

struct ExportArgs {
  std::string graph;                 // a JSON-LD export
  std::vector<std::string> outputs;  // as for build
  std::string layout = "fdp";
  FilterArgs filter;
  bool quiet = false;
};

// Reads a graph and writes it (filtered) to every output: re-export or render a built graph.
int RunExport(const ExportArgs& args, std::ostream& out, std::ostream& err);

struct QueryArgs {
  std::string graph;                // a JSON-LD export
  std::string what;                 // said | figures | entity | path | top
  std::vector<std::string> names;   // entity: NAME; path: A B
  std::string by, about, org, reported_by, unit, since, until, type;
  std::size_t limit = 10;           // top
  bool json = false, csv = false;
};

// Answers one query; a table on `out` (JSON or CSV when asked). An unknown or ambiguous name
// is exit code 1 with the closest candidates on `err`; bad arguments are 2.
int RunQuery(const QueryArgs& args, std::ostream& out, std::ostream& err);

// Writes `kg` to `path` in the format of its extension (OutputFormat), atomically.
// `threads` (0: all cores) write JSON-LD; the bytes are the same for any number.
Status WriteGraphFile(const KnowledgeGraph& kg, const std::string& path, const std::string& layout,
                      std::size_t threads = 0);

// Writes `kg` to every one of `paths` (as WriteGraphFile) and returns their statuses in the
// same order. With more than one thread (`threads`, 0: all cores) the files are written at the
// same time: JSON-LD, GraphML and GEXF each on a thread, the Graphviz formats (.dot, .svg, .png)
// one after another on one more, as Graphviz takes one call at a time. Each file's bytes are
// those it would have alone; one that fails leaves the others written.
std::vector<Status> WriteGraphFiles(const KnowledgeGraph& kg, const std::vector<std::string>& paths,
                                    const std::string& layout, std::size_t threads = 0);

// The part of `kg` that `filter` selects (kg itself when the filter is empty). Fails on an
// unknown or ambiguous focus name or an unknown type.
Result<KnowledgeGraph> ApplyFilter(const KnowledgeGraph& kg, const FilterArgs& filter);

struct ExtractArgs {
  std::string input;
  std::string data_dir;
};

// Prints the cleaned text of each article in `input` and the mentions, statements and figures
// found in it, with byte spans: a view for inspection and for tests.
int RunExtract(const ExtractArgs& args, std::ostream& out, std::ostream& err);

// The output format of a path by its extension, or empty when unknown.
std::string OutputFormat(const std::string& path);

}  // namespace newsgraph::cli
