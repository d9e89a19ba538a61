// EntityExtractor: finds typed entity mentions (Person, GovernmentOrganization,
// NewsMediaOrganization, Organization, Country, Place) in a tokenized Document.
// Stage 3 of the pipeline, after reading/cleanup and tokenizing; its mentions feed the
// relation, quote and figure extractors and KnowledgeGraph::Merge.
#pragma once

#include <vector>

#include "extract/lexicon.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::extract {

// Immutable after construction; Extract() may run on many documents at once. The Lexicon
// must outlive the extractor.
class EntityExtractor {
 public:
  explicit EntityExtractor(const Lexicon& lexicon) : lex_(lexicon) {}

  // The entity mentions of `doc`, in text order, non-overlapping.
  std::vector<Mention> Extract(const Document& doc, const std::vector<Token>& tokens) const;

 private:
  const Lexicon& lex_;
};

}  // namespace newsgraph::extract
