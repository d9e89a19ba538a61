// Pipeline: Document -> Extraction. Runs the stages in order — tokenize and split sentences,
// find entity mentions, then relations, statements and figures over them — with the lexicons
// loaded once. Reading and cleanup happen before (extract/reader.h); merging after
// (KnowledgeGraph::Merge).
#pragma once

#include <memory>
#include <string>

#include "extract/entity_extractor.h"
#include "extract/lexicon.h"
#include "graph/document.h"
#include "graph/extraction.h"
#include "graph/status.h"

namespace newsgraph::extract {

struct PipelineOptions {
  std::string data_dir = Lexicon::DefaultDataDir();
};

// Immutable after Create(); Extract() is safe to call from many threads at once.
class Pipeline {
 public:
  // Loads the lexicons; fails with the lexicon loader's message.
  static Result<std::unique_ptr<Pipeline>> Create(const PipelineOptions& options);

  // Everything found in one document. Never fails: finding nothing is an empty Extraction.
  Extraction Extract(const Document& doc) const;

 private:
  explicit Pipeline(Lexicon lexicon);
  Lexicon lexicon_;
  EntityExtractor entities_;
};

}  // namespace newsgraph::extract
