// Queries over a built KnowledgeGraph: who said what, which figures were reported, an
// entity's profile, how two entities are connected and who is central. They answer
// `newsgraph query` (cli/ only formats the rows) and read a const KnowledgeGraph&.
//
// Names are matched through every alias, case-insensitively and punctuation-folded
// (NormalizeName); an unknown or ambiguous name is an error listing the closest candidates.
// Rows are plain values, sorted by date and then by article and position, so that output
// never depends on hash or creation order. All functions are pure and thread-safe on a
// const graph.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph {

// The entity called `name` (its name or any alias). When several entities carry the name,
// the one whose canonical name it is wins if it is the only such one. Fails, listing up to
// five closest entities by name (token overlap, then edit distance), when no entity or more
// than one matches: "no entity named 'Putim'; closest: Vladimir Putin (Person), ...".
Result<Vertex> ResolveEntity(const KnowledgeGraph& kg, std::string_view name);

// The entities whose names are closest to `name`, best first (at most `limit`).
std::vector<Vertex> ClosestEntities(const KnowledgeGraph& kg, std::string_view name,
                                    std::size_t limit = 5);

// The roles of a person or organization from its heads/memberOf relations, e.g.
// "director of Federal Security Service"; sorted.
std::vector<std::string> RolesOf(const KnowledgeGraph& kg, Vertex entity);

// Publication day ("2014-09-26") of an article, or "" when unknown or not merged.
std::string ArticleDay(const KnowledgeGraph& kg, std::string_view article_id);

// --- said ---
struct SaidFilter {
  std::optional<Vertex> by;     // the speaker
  std::optional<Vertex> about;  // statements about this entity
  std::optional<Vertex> org;    // speakers who head or are members of this organization
  std::string since, until;     // inclusive ISO days; a statement without a date fails them
};

// One statement. `speaker` is empty when the extractor found none.
struct StatementRow {
  Vertex statement = 0;
  std::string date, speaker, role, text, cue, article, outlet;
  bool direct = false;
};

std::vector<StatementRow> Said(const KnowledgeGraph& kg, const SaidFilter& filter);

// --- figures ---
struct FigureFilter {
  std::optional<Vertex> about;        // its statement is about the entity, or its sentence
                                      // names the entity by any of its names
  std::optional<Vertex> reported_by;  // the entity reports it (directly or as the speaker)
  std::string unit;                   // a word of the counted noun ("fighters"), any case
  std::string since, until;
};

struct FigureRow {
  Vertex figure = 0;
  std::string date, value, unit, reporters, article, outlet, sentence;
};

// "about 200", "more than 1,500", "30,000–50,000": the qualifier and the number or range.
std::string FigureValue(const FigureNode& f);

std::vector<FigureRow> Figures(const KnowledgeGraph& kg, const FigureFilter& filter);

// --- entity ---
struct ArticleRow {
  std::string id, date, headline, outlet;
};

struct Related {
  std::string predicate, role, name;
};

struct EntityProfile {
  Vertex entity = 0;
  std::string name, type;
  std::vector<std::string> aliases;
  std::vector<std::string> roles;       // RolesOf
  std::vector<std::string> part_of;     // partOf targets
  std::vector<std::string> headed_by;   // who heads it, with the title: "Jane Doe (director)"
  std::vector<std::string> members;     // who is a member of it
  std::vector<Related> other;           // any other relation, either direction
  std::vector<StatementRow> statements;  // what it said
  std::vector<FigureRow> figures;        // what it reported
  std::vector<ArticleRow> articles;      // articles that mention it, by date
  std::string first_seen, last_seen;
};

EntityProfile Profile(const KnowledgeGraph& kg, Vertex entity);

// --- path ---
// One hop of a path between entities: a relation, or a statement linking its speaker and an
// entity it is about (or two entities one statement is about).
struct PathStep {
  Vertex from = 0, to = 0;
  std::string link;      // "heads", "memberOf (reverse)", "said about", "in one statement"
  std::string evidence;  // the sentence or the statement's text
  std::string article;
};

// The shortest path from `a` to `b` over relations and statements (breadth-first search on
// the undirected actor graph); empty when they are not connected or a == b.
std::vector<PathStep> ShortestPath(const KnowledgeGraph& kg, Vertex a, Vertex b);

// --- top ---
struct CentralityRow {
  Vertex entity = 0;
  std::string name, type;
  std::size_t degree = 0;    // distinct neighbours in the actor graph
  double betweenness = 0;    // Brandes, undirected, normalised to [0, 1]
  std::size_t mentions = 0;
};

// Entities ranked by betweenness, then degree, then mentions, then name; only `type` when
// given; at most `limit` rows (0: all).
std::vector<CentralityRow> TopActors(const KnowledgeGraph& kg,
                                     std::optional<EntityType> type = std::nullopt,
                                     std::size_t limit = 10);

}  // namespace newsgraph
