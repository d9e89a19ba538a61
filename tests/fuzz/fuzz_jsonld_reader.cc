// libFuzzer target: exporters::ReadJsonLd on arbitrary bytes (the JSON-LD graph reader that
// `build --graph`, `query` and `export` use). Beyond "no crash, no sanitizer report": a graph
// it accepts must write out, read back, and from then on export -> read -> export must give
// the same bytes. (The first round may normalise: the reader accepts an isPartOf that names no
// article, keeping the raw IRI as the article id, which the writer then hashes into new ids.)
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto kg = exporters::ReadJsonLd(in, "fuzz.jsonld");
  if (!kg.ok()) return 0;
  std::ostringstream first;
  if (!exporters::WriteJsonLd(kg.value(), first).ok()) fuzz::Fail("WriteJsonLd failed");
  std::istringstream again(first.str());
  auto kg2 = exporters::ReadJsonLd(again, "rewritten.jsonld");
  if (!kg2.ok()) fuzz::Fail("a graph the writer wrote does not read back");
  std::ostringstream second;
  if (!exporters::WriteJsonLd(kg2.value(), second).ok()) fuzz::Fail("WriteJsonLd failed");
  std::istringstream again2(second.str());
  auto kg3 = exporters::ReadJsonLd(again2, "rewritten2.jsonld");
  if (!kg3.ok()) fuzz::Fail("a graph the writer wrote does not read back");
  std::ostringstream third;
  if (!exporters::WriteJsonLd(kg3.value(), third).ok()) fuzz::Fail("WriteJsonLd failed");
  if (second.str() != third.str()) fuzz::Fail("export -> read -> export changed the bytes");
  return 0;
}
