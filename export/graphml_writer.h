// GraphML export: the whole KnowledgeGraph (articles, entities, statements, figures and every
// edge kind) as a GraphML file that Gephi, yEd, networkx and igraph open directly and that
// validates against graphml.xsd. It sits at the end of the pipeline beside the JSON-LD and
// DOT exporters and reads a const KnowledgeGraph&.
//
// Shape of the file: an XML declaration; <key>s declared separately for nodes and for edges,
// each with an explicit attr.type (Gephi rejects for="all"); one directed <graph> with nodes
// sorted by id and edges sorted by (source, target, label). Gephi picks up `label`, `size`,
// `r`/`g`/`b` (node colour) and `weight` by their names.
//
// This header also holds the presentation rules (type names, colours, labels) that the DOT
// writer shares, so that a node looks the same in Gephi and in the rendered diagram.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph::exporters {

// Streams `kg` as GraphML to `out` (no DOM is built). Output is deterministic: the same graph
// gives byte-identical files. Every string is made valid UTF-8 with characters that XML 1.0
// forbids (C0 controls other than tab/newline/CR, U+FFFE/U+FFFF, broken sequences) replaced by
// U+FFFD, then escaped. Fails only when `out` fails; the Status then says so.
Status WriteGraphML(const KnowledgeGraph& kg, std::ostream& out);

// WriteGraphML to `path` through WriteFileAtomically: on failure `path` is untouched and the
// Status names the file and the problem.
Status WriteGraphMLFile(const KnowledgeGraph& kg, const std::string& path);

// The GraphML id of a node with the stable IRI `stable_id` (KnowledgeGraph::StableIds()).
// graphml.xsd types ids as xs:NMTOKEN, which has no '/' or '%', so the IRI base is dropped,
// '/' becomes ':' and any other byte outside [A-Za-z0-9.-] becomes "_XX" (hex). The mapping is
// injective: "https://w3id.org/newsgraph/id/person/jane-doe" ->
// "person:jane-doe". The full IRI is kept in the node's `iri` attribute.
std::string GraphMLNodeId(std::string_view stable_id);

// --- Presentation shared by the GraphML and DOT writers. Pure functions, thread-safe. ---

struct Rgb {
  int r = 0, g = 0, b = 0;
};

// "Person", "GovernmentOrganization", ... for entities; "NewsArticle", "Quotation", "Figure".
std::string_view NodeTypeName(const NodeData& node);
// "entity", "article", "statement" or "figure".
std::string_view NodeKindName(const NodeData& node);
// A colour per type (the Tableau 10 palette), the same in every visual export.
Rgb NodeColor(const NodeData& node);
// A readable one-line label: the entity's name, the article's headline (or id), the statement
// truncated to `max_chars` characters (in curly quotes when direct), the figure's FigureLabel.
std::string NodeLabel(const NodeData& node, std::size_t max_chars = 60);
// "200 fighters", "more than 1,500 displaced people", "30–50 thousand militants": qualifier,
// value or range (en dash) and unit; the figure's text when it has no number.
std::string FigureLabel(const FigureNode& figure);
// `s` with whitespace runs collapsed and, when longer than `max_chars` code points, cut at a
// word boundary near the limit with "…" appended (the result has at most `max_chars` code
// points). Never splits a UTF-8 sequence.
std::string TruncateText(std::string_view s, std::size_t max_chars);
// `s` as valid UTF-8: broken sequences, surrogates, U+FFFE/U+FFFF and C0 controls become
// U+FFFD, except tab, newline and CR which are kept when `keep_line_breaks` and become a space
// otherwise.
std::string SanitizeUtf8(std::string_view s, bool keep_line_breaks);

}  // namespace newsgraph::exporters
