#include "bench/corpus.h"

#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace newsgraph::bench {

namespace fs = std::filesystem;

std::optional<Corpora> PrepareCorpora() {
  const fs::path shared = NEWSGRAPH_SHARED_DATA;
  const fs::path reuters_tar = shared / "reuters21578" / "reuters21578.tar.xz";
  const fs::path bbc_tar = shared / "bbc-news" / "bbc-fulltext.tar.xz";
  const fs::path out = NEWSGRAPH_BENCH_DATA;
  Corpora c{(out / "reuters.jsonl").string(), (out / "bbc").string()};
  if (fs::exists(c.reuters_jsonl) && fs::exists(c.bbc_dir)) return c;
  if (!fs::exists(reuters_tar) || !fs::exists(bbc_tar)) {
    std::cerr << "skipping: the research corpora are not in " << shared.string()
              << " (reuters21578/, bbc-news/)\n";
    return std::nullopt;
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (!fs::exists(c.reuters_jsonl)) {
    std::cerr << "preparing " << c.reuters_jsonl << " ...\n";
    const std::string cmd = std::string(NEWSGRAPH_PYTHON) + " '" + NEWSGRAPH_SOURCE_DIR +
                            "/bench/reuters_to_jsonl.py' '" + reuters_tar.string() + "' '" +
                            c.reuters_jsonl + ".tmp' && mv '" + c.reuters_jsonl + ".tmp' '" +
                            c.reuters_jsonl + "'";
    if (std::system(cmd.c_str()) != 0) {
      std::cerr << "skipping: converting Reuters-21578 failed\n";
      return std::nullopt;
    }
  }
  if (!fs::exists(c.bbc_dir)) {
    std::cerr << "unpacking " << bbc_tar.string() << " ...\n";
    // The archive holds bbc/README.TXT beside the articles; it is not an article.
    const std::string cmd = "tar -xJf '" + bbc_tar.string() + "' -C '" + out.string() +
                            "' && rm -f '" + c.bbc_dir + "/README.TXT'";
    if (std::system(cmd.c_str()) != 0) {
      std::cerr << "skipping: unpacking the BBC News articles failed\n";
      return std::nullopt;
    }
  }
  return c;
}

double PeakMemoryMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

CpuSeconds ProcessCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {seconds(ru.ru_utime), seconds(ru.ru_stime)};
}

double HugePagesMb() {
  std::ifstream in("/proc/self/smaps_rollup");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("AnonHugePages:", 0) == 0) return std::stod(line.substr(14)) / 1024.0;
  }
  return -1;
}

}  // namespace newsgraph::bench
