// libFuzzer target: the arguments of `newsgraph query` (cli::RunQuery) against a fixed small
// graph (tests/fuzz/query_graph.jsonld, built from one seed article). The input is split at
// '\n' into: what, name 1, name 2, --by, --about, --org, --reported-by, --unit, --since,
// --until, --type, --limit, and a last line whose 'j'/'c' ask for JSON/CSV. Any exit code is
// fine; a crash, hang or sanitizer report is not.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> f;
  std::istringstream lines(bytes);
  for (std::string line; f.size() < 13 && std::getline(lines, line);) f.push_back(line);
  f.resize(13);
  newsgraph::cli::QueryArgs args;
  args.graph = NEWSGRAPH_FUZZ_QUERY_GRAPH;
  args.what = f[0];
  for (int i = 1; i <= 2; ++i) {
    if (!f[i].empty()) args.names.push_back(f[i]);
  }
  args.by = f[3];
  args.about = f[4];
  args.org = f[5];
  args.reported_by = f[6];
  args.unit = f[7];
  args.since = f[8];
  args.until = f[9];
  args.type = f[10];
  args.limit = f[11].empty() ? 10 : std::strtoull(f[11].c_str(), nullptr, 10) % 100000;
  args.json = f[12].find('j') != std::string::npos;
  args.csv = f[12].find('c') != std::string::npos;
  std::ostringstream out, err;
  const int rc = newsgraph::cli::RunQuery(args, out, err);
  if (rc < 0 || rc > 2) std::abort();
  return 0;
}
