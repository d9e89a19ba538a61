// libFuzzer target: one document through the whole pipeline — ReadPlainText (decoding and
// cleanup), Pipeline::Extract, KnowledgeGraph::Merge — and out through the JSON-LD and GraphML
// writers into memory. Checks: spans and indices of the Extraction stay inside the document,
// and the JSON-LD written is JSON that RapidJSON parses. The lexicons are loaded once.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string_view>

#include "export/graphml_writer.h"
#include "export/jsonld_writer.h"
#include "extract/pipeline.h"
#include "extract/reader.h"
#include "graph/knowledge_graph.h"
#include "rapidjson/document.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const newsgraph::extract::Pipeline& ThePipeline() {
  static const std::unique_ptr<newsgraph::extract::Pipeline> pipeline = [] {
    newsgraph::extract::PipelineOptions options;
    options.data_dir = NEWSGRAPH_DATA_DIR;
    auto p = newsgraph::extract::Pipeline::Create(options);
    if (!p.ok()) {
      std::fprintf(stderr, "fuzz_pipeline: %s\n", p.status().message().c_str());
      std::abort();
    }
    return std::move(p).value();
  }();
  return *pipeline;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ThePipeline();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = extract::ReadPlainText("fuzz.txt", bytes, [](const std::string&) {});
  if (!doc.ok()) return 0;
  fuzz::CheckDocument(doc.value());
  const Extraction ex = ThePipeline().Extract(doc.value());
  fuzz::CheckExtraction(doc.value(), ex);

  KnowledgeGraph kg;
  kg.Merge(doc.value(), ex);
  std::ostringstream jsonld, graphml;
  if (!exporters::WriteJsonLd(kg, jsonld).ok()) fuzz::Fail("WriteJsonLd failed on a string");
  if (!exporters::WriteGraphML(kg, graphml).ok()) fuzz::Fail("WriteGraphML failed on a string");
  const std::string json = jsonld.str();
  rapidjson::Document parsed;
  parsed.Parse(json.c_str(), json.size());
  if (parsed.HasParseError() || !parsed.IsObject()) fuzz::Fail("JSON-LD output is not JSON");
  return 0;
}
