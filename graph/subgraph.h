// Subgraph: the part of a KnowledgeGraph a diagram or a report should show. A graph of a
// thousand articles drawn whole is a hairball; these filters keep an entity's neighbourhood,
// some entity types, the most central actors or a date range. `newsgraph build` and
// `newsgraph export` apply them before writing (cli/), the writers see an ordinary graph.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "graph/entity_type.h"
#include "graph/knowledge_graph.h"

namespace newsgraph {

// What to keep. Every filter given must hold; an empty option keeps everything.
struct SubgraphOptions {
  // Only nodes within `depth` hops of this entity, walking relations, said, about and reports
  // edges in either direction (articles and their mentions edges are not walked: every
  // entity of an article would be two hops away).
  std::optional<Vertex> focus;
  std::size_t depth = 2;
  std::set<EntityType> types;  // entity types to keep (empty: all)
  std::size_t top = 0;         // keep only the N most central entities (TopActors); 0: all
  std::string since, until;    // inclusive ISO days: articles outside (or undated) are dropped
};

// A new graph holding the kept nodes, in their original creation order, and the edges
// between them. Statements are kept with their speaker (or, without one, with an entity they
// are about); figures with a reporter or their statement; articles when they are in the date
// range and hold or mention anything kept. The result is an ordinary KnowledgeGraph that
// every writer accepts (its ids are recomputed, so a collision counter may differ).
KnowledgeGraph Subgraph(const KnowledgeGraph& kg, const SubgraphOptions& options);

}  // namespace newsgraph
