// Pipeline: Document -> Extraction. Runs the stages in order — tokenize and split sentences,
// find entity mentions, then relations, statements and figures over them — with the lexicons
// loaded once. Reading and cleanup happen before (extract/reader.h); merging after
// (KnowledgeGraph::Merge).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "extract/entity_extractor.h"
#include "extract/figure_extractor.h"
#include "extract/lexicon.h"
#include "extract/ner_tagger.h"
#include "extract/quote_extractor.h"
#include "extract/relation_extractor.h"
#include "graph/document.h"
#include "graph/extraction.h"
#include "graph/status.h"

namespace newsgraph::extract {

struct PipelineOptions {
  std::string data_dir = Lexicon::DefaultDataDir();
  // The statistical tagger's model, relative to data_dir; empty runs the rules alone.
  std::string ner_model = "ner/conll2003.model";
};

// Immutable after Create(); Extract() is safe to call from many threads at once.
class Pipeline {
 public:
  // Loads the lexicons; fails with the lexicon loader's message.
  static Result<std::unique_ptr<Pipeline>> Create(const PipelineOptions& options);

  // Everything found in one document. Never fails: finding nothing is an empty Extraction.
  Extraction Extract(const Document& doc) const;

  // Frees, with the lexicons, the scratch storage and caches the threads that extracted keep
  // (ReleaseIdleThreadScratch): megabytes per thread that a program done extracting would
  // otherwise hold until its threads exit.
  ~Pipeline();

 private:
  explicit Pipeline(std::unique_ptr<Lexicon> lexicon);
  // The lexicon lives on the heap: the extractors and the tagger keep references to it.
  std::unique_ptr<Lexicon> lexicon_;
  EntityExtractor entities_;
  // The relation, quote and figure extractors, built once: their constructors look word lists
  // up and derive tables from them.
  RelationExtractor relations_;
  QuoteExtractor quotes_;
  FigureExtractor figures_;
  std::optional<NerTagger> tagger_;
};

}  // namespace newsgraph::extract
