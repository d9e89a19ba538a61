// JSON-LD exporter: the canonical, lossless file of a KnowledgeGraph. One document with an
// inline @context (schema.org as @vocab, the project vocabulary as prefix `ng`), every node in
// @graph with an absolute stable @id, sorted by id so the same graph gives the same bytes.
//
// The contract (read by ../shared/eval/score.py and by newsgraph itself):
//   article    NewsArticle: identifier, headline, datePublished, publisher, author, url,
//              mentions -> entities, ng:mentionEvidence (entity, span, sentence)
//   entity     Person | GovernmentOrganization | NewsMediaOrganization | Organization |
//              Country | Place: name, alternateName, ng:mentionCount, ng:typeVotes
//   relation   ng:Relation: ng:subject, ng:predicate (ng:heads ...), ng:object, ng:role,
//              isPartOf -> articles, ng:evidence
//   statement  Quotation: text, ng:speaker, ng:cue, ng:direct, isPartOf, about, ng:evidence
//   figure     ng:Figure: value | minValue + maxValue, unitText, ng:qualifier, ng:reportedBy,
//              ng:statement, isPartOf, ng:text, ng:evidence
// Every node also carries ng:seq, its creation order (0, 1, ...). Entities carry the state
// Merge resolves new mentions with: ng:identityKey (the extractor's identity keys that name
// them) and, only where the alias index is not in creation order, ng:aliasRank ("N name": the
// entity is the N-th, from 0, to carry the normalised name). A figure's ng:reporter lists the
// entities that report it themselves (ng:reportedBy adds its statement's speakers). With these
// the file is lossless: export/jsonld_reader.h reads back the same graph, state included.
// Evidence is a list of {ng:article, ng:begin, ng:end, ng:sentence}: byte offsets into the
// article's cleaned text, half-open.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph::exporters {

// Streams the graph as JSON-LD to `out`. Fails only when the stream does. The elements of
// @graph are written in chunks on `threads` threads (0: all cores) and go to `out` in order, a
// few chunks per thread at a time: the bytes are the same for any thread count.
Status WriteJsonLd(const KnowledgeGraph& graph, std::ostream& out, std::size_t threads = 0);

// Writes `path` atomically (temporary file, then rename): a failure leaves any previous file
// untouched and returns a one-line message naming the file.
Status WriteJsonLdFile(const KnowledgeGraph& graph, const std::string& path,
                       std::size_t threads = 0);

}  // namespace newsgraph::exporters
