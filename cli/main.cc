// The newsgraph command line: parses arguments with CLI11 and dispatches to cli/commands.h.
// This is the only place with a catch-all: an unexpected exception becomes a one-line error
// and exit code 1.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/commands.h"

namespace {

// The diagram filters of `build` and `export` (graph/subgraph.h).
void AddFilterOptions(CLI::App* app, newsgraph::cli::FilterArgs& f) {
  app->add_option("--focus", f.focus, "Keep only what is within --depth hops of this entity");
  app->add_option("--depth", f.depth, "Hops from --focus")->capture_default_str();
  app->add_option("--types", f.types,
                  "Entity types to keep, comma-separated: Person,GovernmentOrganization,...")
      ->delimiter(',');
  app->add_option("--top", f.top, "Keep the N most central entities");
  app->add_option("--since", f.since, "Keep articles from this day (YYYY-MM-DD)");
  app->add_option("--until", f.until, "Keep articles up to this day (YYYY-MM-DD)");
}

}  // namespace

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
  b->add_flag("--strict", build.strict,
              "Fail (exit 1, nothing written) when any file or JSONL row is skipped");
  b->add_option("--threads", build.threads,
                "Threads to extract and write with (default: all cores; several outputs are "
                "written at once); the output is the same for any number")
      ->check(CLI::PositiveNumber);
  b->add_option("--graph", build.graph,
                "A graph written before (.jsonld) to merge the inputs into; articles already in "
                "it are not counted twice");
  AddFilterOptions(b, build.filter);
  b->footer("Example: newsgraph build examples/seeds -o out/graph.jsonld -o out/graph.svg\n"
            "         newsgraph build --graph out/graph.jsonld today/ -o out/graph.jsonld");

  newsgraph::cli::ExportArgs exp;
  auto* x = app.add_subcommand("export", "Re-export or render (part of) a graph written before");
  x->add_option("graph", exp.graph, "The graph (.jsonld written by newsgraph)")->required();
  x->add_option("-o,--output", exp.outputs,
                "Output file: .jsonld, .graphml, .gexf (Gephi), .dot, .svg, .png. Repeat for "
                "several.")
      ->required();
  x->add_option("--layout", exp.layout, "Graphviz layout for .svg/.png: fdp, dot, neato, sfdp")
      ->capture_default_str();
  x->add_flag("-q,--quiet", exp.quiet, "Print nothing but errors");
  AddFilterOptions(x, exp.filter);
  x->footer("Example: newsgraph export out/graph.jsonld --focus \"Vladimir Putin\" --depth 2 "
            "-o putin.svg");

  newsgraph::cli::QueryArgs q;
  auto* qy = app.add_subcommand("query", "Ask a graph who said what, which figures, who is who");
  qy->add_option("graph", q.graph, "The graph (.jsonld written by newsgraph)")->required();
  qy->add_option("query", q.what, "said | figures | entity NAME | path A B | top")->required();
  qy->add_option("names", q.names, "entity: NAME; path: A B");
  qy->add_option("--by", q.by, "said: the speaker (any of its names)");
  qy->add_option("--about", q.about, "said, figures: statements or figures about this entity");
  qy->add_option("--org", q.org, "said: speakers who head or belong to this organization");
  qy->add_option("--reported-by", q.reported_by, "figures: who reported it");
  qy->add_option("--unit", q.unit, "figures: a word of what is counted (fighters)");
  qy->add_option("--since", q.since, "said, figures: from this day (YYYY-MM-DD)");
  qy->add_option("--until", q.until, "said, figures: up to this day (YYYY-MM-DD)");
  qy->add_option("--type", q.type, "top: only this entity type (Person, Country, ...)");
  qy->add_option("--limit", q.limit, "top: how many")->capture_default_str();
  qy->add_flag("--json", q.json, "JSON output");
  qy->add_flag("--csv", q.csv, "CSV output");
  qy->footer("Examples: newsgraph query out/graph.jsonld said --by Putin\n"
             "          newsgraph query out/graph.jsonld figures --about \"Islamic State\" --csv\n"
             "          newsgraph query out/graph.jsonld entity FSB");

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
    if (*b) {
      build.process_ends_after = true;  // main returns what RunBuild does
      return newsgraph::cli::RunBuild(build, std::cout, std::cerr);
    }
    if (*x) return newsgraph::cli::RunExport(exp, std::cout, std::cerr);
    if (*qy) return newsgraph::cli::RunQuery(q, std::cout, std::cerr);
    if (*e) return newsgraph::cli::RunExtract(ex, std::cout, std::cerr);
  } catch (const std::exception& x) {
    std::cerr << "newsgraph: internal error: " << x.what() << "\n";
    return 1;
  }
  return 2;
}
