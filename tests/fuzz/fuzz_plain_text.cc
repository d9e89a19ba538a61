// libFuzzer target: extract::ReadPlainText on arbitrary bytes (decoding, cp1252 detection,
// cleanup, header analysis). Properties checked beyond "no crash, no sanitizer report": a
// Document's text is valid UTF-8 and its headline, when set, is the text's first paragraph.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/cleanup.h"
#include "extract/reader.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = newsgraph::extract::ReadPlainText("fuzz.txt", bytes, [](const std::string&) {});
  if (doc.ok()) newsgraph::fuzz::CheckDocument(doc.value());
  return 0;
}
