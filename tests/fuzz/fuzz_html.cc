// libFuzzer target: extract::ReadHtml on arbitrary bytes (the nesting cap, gumbo, meta tags and
// embedded JSON-LD through RapidJSON, main-content selection, cleanup). A Document that comes
// back has valid UTF-8 text that starts with its headline.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/reader.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = newsgraph::extract::ReadHtml("fuzz.html", bytes, [](const std::string&) {});
  if (doc.ok()) newsgraph::fuzz::CheckDocument(doc.value());
  return 0;
}
