// The newsgraph subcommands as functions that tests can call: each takes its parsed arguments
// and two streams (results, diagnostics) and returns the exit code (0 success, 1 failure,
// 2 usage error). cli/main.cc only parses the command line and dispatches here; the work is
// done by the library (extract/, graph/, export/).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace newsgraph::cli {

struct BuildArgs {
  std::vector<std::string> inputs;   // files, directories or "-" for stdin
  std::vector<std::string> outputs;  // format from the extension: .jsonld .graphml .dot .svg .png
  std::string layout = "fdp";        // Graphviz layout for .svg/.png: fdp (default), dot, neato, sfdp
  std::string data_dir;              // lexicon directory; empty = default
  bool quiet = false;
  std::size_t threads = 0;           // extraction threads; 0 = all cores
};

// Reads the inputs, extracts, merges and writes every output. Outputs are checked before any
// work is done (unknown extension: usage error) and each is written atomically.
int RunBuild(const BuildArgs& args, std::ostream& out, std::ostream& err);

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
