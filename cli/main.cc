// The newsgraph command line: parses arguments with CLI11 and dispatches to cli/commands.h.
// This is the only place with a catch-all: an unexpected exception becomes a one-line error
// and exit code 1.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "newsgraph: turns news articles into a knowledge graph of officials, agencies, "
      "organizations, countries, their statements and the figures they report."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "newsgraph 0.1.0");

  newsgraph::cli::BuildArgs build;
  auto* b = app.add_subcommand("build", "Read articles and write the knowledge graph");
  b->add_option("inputs", build.inputs,
                "Articles: .txt, .html, .jsonl files, directories (recursive) or - for stdin")
      ->required();
  b->add_option("-o,--output", build.outputs,
                "Output file; the format follows the extension: .jsonld (lossless), .graphml "
                "(Gephi), .dot, .svg, .png. Repeat for several.")
      ->required();
  b->add_option("--layout", build.layout, "Graphviz layout for .svg/.png: fdp (force-directed, the default), dot (hierarchical), neato, sfdp (large graphs)")
      ->capture_default_str();
  b->add_option("--data", build.data_dir, "Directory of the lexicons (default: the project's data/)");
  b->add_flag("-q,--quiet", build.quiet, "Print nothing but errors");
  b->add_option("--threads", build.threads,
                "Extraction threads (default: all cores); the output is the same for any number")
      ->check(CLI::PositiveNumber);
  b->footer("Example: newsgraph build examples/seeds -o out/graph.jsonld -o out/graph.svg");

  newsgraph::cli::ExtractArgs ex;
  auto* e = app.add_subcommand("extract", "Print the cleaned text and what was extracted from it");
  e->add_option("input", ex.input, "An article file or directory")->required();
  e->add_option("--data", ex.data_dir, "Directory of the lexicons");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& pe) {
    return app.exit(pe) == 0 ? 0 : 2;
  }
  try {
    if (*b) return newsgraph::cli::RunBuild(build, std::cout, std::cerr);
    if (*e) return newsgraph::cli::RunExtract(ex, std::cout, std::cerr);
  } catch (const std::exception& x) {
    std::cerr << "newsgraph: internal error: " << x.what() << "\n";
    return 1;
  }
  return 2;
}
