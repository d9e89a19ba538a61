// Extraction: everything the extractors found in one Document, before merging. Relations,
// statements and figures refer to mentions by index into `mentions`, and to the text by Span.
// KnowledgeGraph::Merge turns an Extraction into nodes and edges with provenance.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "graph/document.h"
#include "graph/entity_type.h"

namespace newsgraph {

// One occurrence of a named entity in the text.
struct Mention {
  Span span;
  std::string text;        // the surface form as written (may differ from the text at span
                           // only by normalised whitespace)
  EntityType type = EntityType::kOrganization;
  std::string canonical;   // a lexicon's canonical name ("Russia" for "Russian Federation"),
                           // or empty to let the merger choose
  std::optional<std::size_t> refers_to;  // index of an earlier mention of the same entity
                                         // in this document, when the extractor knows it
  std::string key;  // an identity beyond the surface, set by the extractor when it knows one:
                    // "foreign ministry of russia" for both "Russian Foreign Ministry" and
                    // "Foreign Ministry of Russia". Mentions with equal non-empty keys are the
                    // same entity, in one article or across articles. Empty when unknown.
  bool generic = false;  // the name alone does not identify the entity outside this article
                         // ("Security Council", "the Committee", "Foreign Ministry"): it is
                         // resolved within the article only, never looked up across articles
};

// A relation between two mentioned entities, e.g. heads(Putin, Russia).
struct RelationMention {
  std::size_t subject = 0;  // index into Extraction::mentions
  std::string predicate;    // "heads", "memberOf", "partOf", ...
  std::size_t object = 0;   // index into Extraction::mentions
  std::string role;         // the title as written ("director"), may be empty
  Span evidence;            // the phrase that states the relation
};

// Who said what: a direct quote or indirect speech.
struct StatementMention {
  std::optional<std::size_t> speaker;  // index into mentions; nullopt when unresolved
  std::string text;                    // the content, without the cue
  std::string cue;                     // the reporting verb or phrase as written ("told")
  bool direct = false;                 // inside quotation marks
  Span span;                           // the content's span
  std::vector<std::size_t> about;      // mentions inside the content
};

// A reported number: "more than 1,500 foreign fighters".
struct FigureMention {
  std::optional<double> value;         // a single value, or
  std::optional<double> min_value;     // a range [min_value, max_value]
  std::optional<double> max_value;
  std::string qualifier;               // "more than", "around", ... (may be empty)
  std::string unit;                    // the counted noun phrase ("Russian citizens")
  std::string text;                    // the phrase as written
  Span span;
  std::optional<std::size_t> reporter;   // index into mentions
  std::optional<std::size_t> statement;  // index into statements
};

// The result of running the extractors over one Document. A plain value; not shared.
struct Extraction {
  std::vector<Span> sentences;  // sentence spans in text order, used for provenance
  std::vector<Mention> mentions;
  std::vector<RelationMention> relations;
  std::vector<StatementMention> statements;
  std::vector<FigureMention> figures;

  // The sentence containing `s`, or `s` itself when no sentence does.
  Span SentenceOf(const Span& s) const;
  // The index of the sentence SentenceOf(s) returns, or nullopt when it returns `s` itself.
  std::optional<std::size_t> SentenceIndexOf(const Span& s) const;
  // The index of the last sentence starting at or before offset `pos` (0 when none does).
  std::size_t SentenceIndexAt(std::size_t pos) const;
};

}  // namespace newsgraph
