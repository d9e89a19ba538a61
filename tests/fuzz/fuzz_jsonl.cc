// libFuzzer target: extract::ReadJsonLines on arbitrary bytes (line splitting, RapidJSON,
// field lookup, dates, cleanup). Every Document that comes back is checked; every warning is
// one line that names the source.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/reader.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto docs = newsgraph::extract::ReadJsonLines("fuzz.jsonl", bytes, [](const std::string& w) {
    if (w.rfind("fuzz.jsonl", 0) != 0) std::abort();  // a warning names its source
  });
  if (docs.ok()) {
    for (const auto& d : docs.value()) newsgraph::fuzz::CheckDocument(d);
  }
  return 0;
}
