// KnowledgeGraph: the merged graph of all articles, held in one Boost.Graph adjacency_list.
// Articles, entities, statements and figures are vertices; relations (heads, memberOf,
// partOf, ...), said, reports, mentions and about are edges. Merge() applies one article's
// Extraction atomically, resolving its mentions to entities (one node per real-world entity
// across articles) and keeping provenance (article, byte span, sentence) on everything.
// Exporters and queries read a const KnowledgeGraph&.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <boost/container/flat_map.hpp>
#include <boost/container/flat_set.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/container/vector.hpp>
#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "graph/document.h"
#include "graph/entity_type.h"
#include "graph/extraction.h"
#include "graph/shared_string.h"
#include "graph/status.h"

namespace newsgraph {

// Where a fact was read: the article (its Document::id), the byte span in its text and the
// sentence around it (may be empty when only the span is kept). The strings are shared: every
// Evidence of one article holds the same id buffer, and those read in one sentence the same
// sentence buffer.
struct Evidence {
  SharedString article;
  Span span;
  SharedString sentence;
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

// An article node: the Document's metadata (its text is not kept in the graph). The metadata
// is held as SharedString (one pointer each): every vertex is as large as the largest node
// type, and there are far more entities than articles.
struct ArticleNode {
  std::string id;  // Document::id
  SharedString source, url, headline, date, publisher, author;
  SharedString content_hash;  // hex digest of the text, to recognise the same article again
};

// std::allocator with 32-bit sizes: it halves the size and capacity fields of the small
// vectors below (no edge holds four billion articles).
template <typename T>
struct CompactAllocator : std::allocator<T> {
  using size_type = std::uint32_t;
  using difference_type = std::int32_t;
  template <typename U>
  struct rebind {
    using other = CompactAllocator<U>;
  };
  CompactAllocator() = default;
  template <typename U>
  CompactAllocator(const CompactAllocator<U>&) noexcept {}
};

// An entity's other names, sorted (iterated as a std::set<std::string> iterates them): a sorted
// vector with 32-bit sizes, 16 bytes in the node and one buffer for all the names, where a
// std::set took 48 bytes and a tree node per name. Few entities have more than a few names.
using AliasSet = boost::container::flat_set<
    std::string, std::less<>, boost::container::vector<std::string, CompactAllocator<std::string>>>;

// Mentions per entity type, in type order (as std::map<EntityType, int> iterates), held inline
// while there is one type, as for most entities: a million entities save a tree node each.
using TypeVotes = boost::container::flat_map<
    EntityType, int, std::less<>,
    boost::container::small_vector<std::pair<EntityType, int>, 1,
                                   CompactAllocator<std::pair<EntityType, int>>>>;

// A real-world entity: its type, canonical (fullest) name and every other surface form. Kept
// no larger than the statement and figure nodes, which set the size of every vertex (see
// ArticleNode): the count is 32-bit so that it shares the type's eight bytes.
struct EntityNode {
  EntityType type = EntityType::kOrganization;
  std::uint32_t mention_count = 0;
  std::string name;
  AliasSet aliases;               // other surface forms, excluding `name`
  TypeVotes type_votes;           // mentions per type, decides `type`
};

// A statement: who said what. The speaker is the source of its `said` edge. The article is a
// SharedString (Document::id, sharing its evidence's buffer) to keep vertices small.
struct StatementNode {
  SharedString article;
  std::string text;
  std::string cue;
  bool direct = false;
  std::vector<Evidence> evidence;  // first is where the content was read
};

// A reported number. Its reporter and statement are the sources of its `reports` edges.
// Its strings are SharedString to keep vertices small (see ArticleNode, StatementNode).
struct FigureNode {
  SharedString article;
  std::optional<double> value, min_value, max_value;
  SharedString qualifier;
  SharedString unit;
  SharedString text;
  std::vector<Evidence> evidence;  // every place the same figure was stated in the article
};

using NodeData = std::variant<ArticleNode, EntityNode, StatementNode, FigureNode>;

enum class EdgeKind {
  kRelation,  // entity -> entity, predicate in EdgeData::predicate
  kSaid,      // entity -> statement
  kReports,   // statement -> figure, or entity -> figure
  kMentions,  // article -> entity
  kAbout,     // statement -> entity
};

// The Document::ids of the articles that support an edge: a sorted set (iterated in the order
// of std::set<std::string>), stored inline while it holds one article, as most edges do.
using ArticleSet = boost::container::flat_set<
    SharedString, std::less<>,
    boost::container::small_vector<SharedString, 1, CompactAllocator<SharedString>>>;
// An edge's evidence; inline while it holds one, as most relations and mentions do.
using EvidenceList = boost::container::small_vector<Evidence, 1, CompactAllocator<Evidence>>;

// An edge is one of millions: its strings are shared (a graph stores each predicate and role
// once) and its lists inline while short, which keeps it at 96 bytes.
struct EdgeData {
  EdgeKind kind = EdgeKind::kRelation;
  SharedString predicate;  // relations only: "heads", "memberOf", "partOf", ...
  SharedString role;       // relations only: the title as written
  ArticleSet articles;     // supporting articles
  EvidenceList evidence;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NodeData,
                                    EdgeData, boost::no_property, boost::listS>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

// The predicate name of an edge as exported ("heads", "said", "mentions", ...). The view is
// valid as long as the edge's data.
std::string_view EdgeLabelView(const EdgeData& e);
inline std::string EdgeLabel(const EdgeData& e) { return std::string(EdgeLabelView(e)); }

// Lower-cased, punctuation-folded form of a name used for alias lookup ("the Islamic State's"
// and "Islamic State" fold to the same key).
std::string NormalizeName(std::string_view name);
// NormalizeName written to `buf` (room for name.size() bytes, not overlapping `name`: bytes past
// the result may be written too); returns the length written.
std::size_t NormalizeNameInto(char* buf, std::string_view name);
// NormalizeName written to `buf` (its storage reused from call to call); returns a view of it.
std::string_view NormalizeNameInto(std::string& buf, std::string_view name);

// What KnowledgeGraph::Merge works out from one article alone, before it looks at the graph:
// the article node, the clusters of mentions that are one entity of the article with their
// names and lookup keys, the keys and nodes of the statements and figures, and the sentence
// text that evidence cites. Made by KnowledgeGraph::Prepare, which reads no graph, so that the parallel
// build makes it on the extracting threads and only the graph lookups stay in the serial merge.
// A plain value, valid for the Document and Extraction it was made from.
struct PreparedMerge {
  // Mentions of one entity of the article.
  struct Cluster {
    std::vector<std::size_t> members;             // indices into Extraction::mentions, ascending
    TypeVotes votes;                              // mentions per type
    EntityType type = EntityType::kOrganization;  // the type with most votes
    std::string best;                             // the fullest name: most words, then most bytes
    std::string best_key;                         // NormalizeName(best)
    std::size_t best_words = 0;                   // space-separated words of `best`
    // The distinct normalised names to find the entity under in other articles, in lookup
    // order (empty when every name is generic or a lone surname), as keys of PreparedMerge::Key:
    // (mention, true) for its name_key, (mention, false) its text_key. Inline while there are two.
    boost::container::small_vector<std::pair<std::size_t, bool>, 2> lookup;
    // The distinct non-empty Mention::keys of the members, in member order (indices into
    // Extraction::mentions; inline while there is one, as in most clusters).
    boost::container::small_vector<std::size_t, 1> keyed;
    // The surface forms of the members, in the order Merge adds them as aliases (each member's
    // text, then its name): (mention, false) for its text, (mention, true) its name. Without
    // the forms that repeat one of the two before (which would add nothing); other repeats may
    // remain. Inline while there are two.
    boost::container::small_vector<std::pair<std::size_t, bool>, 2> forms;
  };
  ArticleNode article;
  std::vector<std::string> name_key;  // by mention: NormalizeName of its name
  std::vector<std::string> text_key;  // by mention: NormalizeName of its text
  // A mention's name_key (as_name) or text_key, as Cluster::lookup refers to them.
  const std::string& Key(std::pair<std::size_t, bool> key) const {
    return key.second ? name_key[key.first] : text_key[key.first];
  }
  std::vector<std::size_t> cluster;   // by mention: index into `clusters`
  std::vector<Cluster> clusters;
  // By statement and by figure: the std::hash of its merge key (KnowledgeGraph::StatementKey,
  // FigureKey), the key itself made again by Merge only when the hash is found in the graph.
  std::vector<std::size_t> statement_hashes;
  std::vector<std::size_t> figure_hashes;
  // By sentence (index into Extraction::sentences): its text when evidence may cite it, empty
  // otherwise. (Spans outside every sentence cite themselves, cached in Prepare only.)
  std::vector<SharedString> sentences;
  // What Merge puts into the graph, made here so that the serial merge only moves it in.
  SharedString article_id;                     // Document::id, shared by all the evidence
  // By cluster: the sentence of its first mention (SentenceOf its span), which Merge cites on
  // the article's edge to the entity when that mention is the article's first of the entity
  // (a later mention of the cluster never is: the sentences of the others were made for nothing).
  std::vector<SharedString> cluster_sentence;
  std::vector<Evidence> relation_evidence;     // by relation, with its sentence
  // By statement and by figure: the node Merge adds when its key is new (its one evidence is
  // added to the existing node otherwise).
  std::vector<StatementNode> statements;
  std::vector<FigureNode> figures;
};

// The merged graph. Not thread-safe for writing: Merge() from one thread at a time (the
// pipeline merges in input order). Any number of readers may share a const graph.
class KnowledgeGraph {
 public:
  static constexpr const char* kIdBase = "https://w3id.org/newsgraph/id/";

  // Copies leave out the edge index, whose edge descriptors point into the graph they were
  // taken from (it is rebuilt as edges are looked up). Moves are cheap (Boost's adjacency_list
  // has no move, so the graph lives on the heap); a moved-from KnowledgeGraph is empty.
  KnowledgeGraph();
  KnowledgeGraph(const KnowledgeGraph& other);
  KnowledgeGraph(KnowledgeGraph&& other) noexcept;
  KnowledgeGraph& operator=(const KnowledgeGraph& other);
  KnowledgeGraph& operator=(KnowledgeGraph&& other) noexcept;
  ~KnowledgeGraph();
  void swap(KnowledgeGraph& other) noexcept;

  // Adds one article and what was extracted from it. Mentions are resolved to entities:
  // within the article (surname -> full name, acronym <-> expansion, extractor links, equal
  // Mention::key) and across articles by Mention::key and by the names of existing entities.
  // Names the extractor marked generic ("Security Council") and one-word person names never
  // join an entity of another article by themselves: they would swallow namesakes. An article whose id and text were
  // merged before is skipped (returns false); otherwise returns true.
  bool Merge(const Document& doc, const Extraction& ex);
  // Merge in two steps: the part that depends only on the article (thread-safe, reads no
  // graph), and the rest, given what Prepare made from the same `doc` and `ex`. Merge moves
  // from `prepared` and leaves it to be destroyed by the caller (the parallel build frees it on
  // another thread than the merging one).
  static PreparedMerge Prepare(const Document& doc, const Extraction& ex);
  bool Merge(const Document& doc, const Extraction& ex, PreparedMerge&& prepared);

  const Graph& graph() const { return *graph_; }
  std::size_t num_nodes() const { return boost::num_vertices(*graph_); }
  std::size_t num_edges() const { return boost::num_edges(*graph_); }

  // Stable, absolute IRIs for every vertex (indexed by vertex), derived from canonical names
  // and types (entities) or article ids and spans (the rest): the same input gives the same ids.
  // They are plain ASCII with no byte at or below ' ' (the JSON-LD writer's ordering relies on it).
  std::vector<std::string> StableIds() const;
  // StableIds in two steps, for callers that compute the first on several threads: the id of
  // `v` before namesakes are numbered (reads the graph only, so it may be called concurrently),
  // and the ids of all vertices (`base[v]` for vertex v) made unique in creation order.
  std::string BaseStableId(Vertex v) const;
  // BaseStableId of each vertex of [from, to) appended to `out`, one after another, and the
  // size of `out` after each pushed to `ends`: for a caller that keeps many ids in one buffer.
  // Cheaper per id than BaseStableId over a range (an article's statements and figures share
  // the start of their ids, made once).
  void AppendBaseStableIds(Vertex from, Vertex to, std::string& out,
                           std::vector<std::size_t>& ends) const;
  static std::vector<std::string> UniqueStableIds(std::vector<std::string> base);
  // The ids of UniqueStableIds(base) that differ from their base id: the vertices given a
  // numbered id, in creation order, with that id (every other vertex keeps its base id). For a
  // caller that has sorted the vertices by (base id, vertex) (`by_base`, all of them): only the
  // vertices whose base id is shared, or may meet a numbered id, are looked at, so the cost is
  // in the namesakes rather than in a hash of every id. `ties`, when given, are the positions
  // i (ascending, from 1) where by_base[i]'s base id may equal by_base[i - 1]'s: the caller
  // knows the others differ (the writer by prefixes it sorted on), so their ids, scattered in
  // memory, are not read to compare them.
  static std::vector<std::pair<Vertex, std::string>> NumberedStableIds(
      const std::vector<std::string_view>& base, const std::vector<Vertex>& by_base,
      const std::vector<std::size_t>* ties = nullptr);

  // The article vertex of a Document::id, if merged.
  std::optional<Vertex> FindArticle(std::string_view id) const;
  // Entities whose name or alias normalises to NormalizeName(name), in creation order.
  std::vector<Vertex> FindEntities(std::string_view name) const;

  // Earliest and latest publication date of the articles that mention an entity (or that
  // hold a statement or figure); empty strings when no article states a date.
  std::pair<std::string, std::string> SeenRange(Vertex v) const;
  // Number of distinct articles that mention (entities) or hold (statements, figures) v.
  std::size_t ArticleCount(Vertex v) const;

  // --- Restoring a graph from its lossless export (export/jsonld_reader.h) ---
  // Merge's resolution depends on state beyond the nodes and edges: the order vertices were
  // created in (StableIds' collision counters, which entity a shared name finds first), the
  // identity keys entities were linked by, and the order of the alias index. The exporter
  // persists it through the accessors below and the reader restores it with the Restore*
  // functions, so that merging more articles into a read-back graph gives the same graph as
  // merging them all at once. Not for building graphs from extractions: use Merge.

  // Makes room for `n` vertices in all, so that restoring a known number of nodes never moves
  // the vertex storage (at 2^20 vertices a doubling briefly holds both copies).
  void ReserveNodes(std::size_t n);
  // Appends `node` as the next vertex (call in the original creation order) and indexes it as
  // Merge would have: an article by its id, an entity under its name and aliases (in vertex
  // order; see RestoreAliasOrder), a statement or figure under its merge key.
  Vertex RestoreNode(NodeData node);
  // Adds an edge; returns false and adds nothing when an edge of the same (from, to, kind,
  // predicate) exists.
  bool RestoreEdge(Vertex from, Vertex to, EdgeData data);
  // Makes the identity key `key` (a Mention::key) resolve to entity `v`.
  void RestoreIdentityKey(Vertex v, const std::string& key);
  // Reorders the alias-index entry of the normalised name `key` in the family of the entities
  // in `order`: those entities first, in that order, then any others as they were.
  void RestoreAliasOrder(const std::string& key, const std::vector<Vertex>& order);

  // The identity keys of the entities that have any, as (entity, its keys sorted), by vertex:
  // few entities have one (1,043 of Reuters' 149,169 nodes), so a list per vertex would be
  // mostly empty (24 bytes each).
  std::vector<std::pair<Vertex, std::vector<std::string>>> IdentityKeysByVertex() const;
  // For entity `v`: the normalised names whose alias-index entry does not list its entities in
  // creation order, each with v's position among the entry's distinct entities; sorted.
  std::vector<std::pair<std::string, std::size_t>> AliasRanks(Vertex v) const;
  // AliasRanks of every entity that has any: (v, (name, position)) for each pair of
  // AliasRanks(v), sorted. One pass over the alias index, for an exporter that asks for every
  // entity (AliasRanks normalises each name of the entity to look it up, and few have ranks).
  std::vector<std::pair<Vertex, std::pair<std::string, std::size_t>>> AllAliasRanks() const;

 private:
  // Edges are unique by (source, target, kind, predicate). They are found by scanning the
  // source's out-edges; the out-edges of a vertex with kIndexDegree or more (a much-cited
  // entity) are also kept in hub_edges_, so that finding one stays O(1) as hubs grow, while the
  // many small vertices cost no index memory. A hub is indexed when an edge is first looked up
  // from it (hubs_ lists those), so a long article, whose mention edges Merge adds without
  // looking them up, costs none either. Open-addressing sets (no node per edge); nothing
  // iterates them.
  static constexpr std::size_t kIndexDegree = 32;
  struct EdgeKey {
    Vertex from, to;
    EdgeKind kind;
    std::string_view predicate;
  };
  struct EdgeHash {
    using is_transparent = void;
    const Graph* g;
    std::size_t operator()(const EdgeKey& k) const noexcept;
    std::size_t operator()(const Edge& e) const noexcept;
  };
  struct EdgeEq {
    using is_transparent = void;
    const Graph* g;
    bool operator()(const Edge& a, const Edge& b) const noexcept { return a == b; }
    bool operator()(const EdgeKey& k, const Edge& e) const noexcept;
    bool operator()(const Edge& e, const EdgeKey& k) const noexcept { return (*this)(k, e); }
  };
  using HubIndex = absl::flat_hash_set<Edge, EdgeHash, EdgeEq>;
  // Not const: the first lookup from a hub indexes its out-edges.
  std::optional<Edge> FindEdge(Vertex from, Vertex to, EdgeKind kind, std::string_view predicate);
  Vertex AddVertex(NodeData&& node);  // appends, moving `node` in
  // Appends a vertex holding `node` (one of NodeData's alternatives), moved straight into it.
  template <typename Node>
  Vertex AddVertex(Node&& node) {
    const Vertex v = boost::add_vertex(G());
    G()[v].template emplace<std::decay_t<Node>>(std::forward<Node>(node));
    return v;
  }
  Edge AddEdge(Vertex from, Vertex to, EdgeData data);
  // Puts the new edge `e` (its data set) in hub_edges_ when `from` is an indexed hub.
  void IndexEdge(Vertex from, Edge e);

  // The keys under which Merge finds an article's statement or figure again.
  static std::string StatementKey(std::string_view article, std::string_view text);
  static std::string FigureKey(std::string_view article, const std::optional<double>& value,
                               const std::optional<double>& min_value,
                               const std::optional<double>& max_value, std::string_view unit);

  // A new entity named `name`, indexed under `key` (NormalizeName of the name); both moved in.
  Vertex AddEntity(EntityType type, std::string name, std::string key);
  // `key` is NormalizeName of the name.
  // `key_unindexed`: the caller found no entity indexed under `key` (the lookup is skipped).
  std::optional<Vertex> ResolveByExactName(int family, const std::string& key,
                                           bool key_unindexed = false) const;
  void AddAlias(Vertex v, const std::string& name);
  void AddAlias(Vertex v, const std::string& name, const std::string& key);  // key: normalised
  void Retype(Vertex v);
  Edge UpsertEdge(Vertex from, Vertex to, EdgeKind kind, const std::string& predicate);
  // A new edge, known not to exist yet (UpsertEdge once it has looked).
  Edge NewEdge(Vertex from, Vertex to, EdgeKind kind, std::string_view predicate);
  const ArticleNode* ArticleOf(std::string_view id) const;

  Graph& G() { return *graph_; }
  const Graph& G() const { return *graph_; }

  std::unique_ptr<Graph> graph_;
  HubIndex hub_edges_;
  absl::flat_hash_set<Vertex> hubs_;  // the vertices whose out-edges hub_edges_ holds
  // Merge's per-article working lists, kept to reuse their storage from article to article.
  struct MergeScratch {
    std::vector<Vertex> entity_of_cluster;            // by cluster: its entity
    std::vector<std::optional<Edge>> mention_edge;    // by cluster: the article's edge to it
    // A new article's clusters: by cluster, the first cluster resolved to the same entity
    // (itself when none before it), found through first_cluster (entity -> that cluster).
    std::vector<std::size_t> same_entity;
    absl::flat_hash_map<Vertex, std::size_t> first_cluster;
    std::vector<Vertex> statement_vertex;             // by statement: its vertex
  };
  MergeScratch scratch_;
  StringPool labels_;  // predicates and roles
  absl::flat_hash_map<std::string, Vertex> articles_;  // Document::id -> vertex
  // (family, normalised name) -> entities carrying that name, in creation order.
  // Hash maps: with a million entities a tree lookup costs ~20 string comparisons, each a
  // cache miss, and Merge makes several per mention. Open addressing (Abseil's flat tables):
  // a lookup reads the control bytes and the slot, where a node-based map also reads a bucket
  // and the node before its own. Their elements move when they grow: no reference into them is
  // held across an insert. Nothing iterates them in an order that reaches the output.
  // Transparent: a (family, string_view) finds a key without building its std::string.
  using FamilyKeyView = std::pair<int, std::string_view>;
  struct FamilyKeyHash {
    using is_transparent = void;
    std::size_t operator()(FamilyKeyView k) const noexcept {
      return std::hash<std::string_view>()(k.second) * 31 + static_cast<std::size_t>(k.first);
    }
    std::size_t operator()(const std::pair<int, std::string>& k) const noexcept {
      return (*this)(FamilyKeyView(k.first, k.second));
    }
  };
  struct FamilyKeyEq {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const noexcept {
      return a.first == b.first && std::string_view(a.second) == std::string_view(b.second);
    }
  };
  using VertexList = boost::container::small_vector<Vertex, 1, CompactAllocator<Vertex>>;
  absl::flat_hash_map<std::pair<int, std::string>, VertexList, FamilyKeyHash, FamilyKeyEq>
      alias_index_;
  // The entities indexed under (family, normalised name), or null.
  const VertexList* AliasBucket(int family, std::string_view key) const;
  // The index entry of (family, key), created empty if missing.
  VertexList& AliasBucketFor(int family, std::string_view key);
  // Statement and figure merge keys -> vertex, held by the key's hash alone: a statement's key
  // holds its whole quote, and there is one key per statement and figure node (most of the
  // nodes). The node keeps what its key is made of, so a hash match is confirmed by making the
  // node's key again (MergeKey), on a repeat or a collision only. Nothing iterates it.
  // keyed_ holds the first vertex of each hash in an open-addressing table (16 bytes a key, no
  // node); the vertices whose key shares its hash with an earlier, different key (a collision of
  // 64-bit hashes: practically never) go to keyed_collisions_.
  absl::flat_hash_map<std::size_t, Vertex> keyed_;
  std::unordered_multimap<std::size_t, Vertex> keyed_collisions_;
  // The statement or figure vertex whose merge key is the string make_key() returns, which
  // has the std::hash `hash`, if any. make_key is called only when the hash is found: most keys
  // are new, and are never made as strings (see PreparedMerge::statement_hashes).
  template <typename MakeKey>
  std::optional<Vertex> FindKeyed(std::size_t hash, MakeKey&& make_key) const {
    const auto it = keyed_.find(hash);
    if (it == keyed_.end()) return std::nullopt;  // the common case: a new key
    return FindKeyedAmong(hash, it->second, make_key());
  }
  // FindKeyed once the hash is found, the first vertex of the hash being `first`.
  std::optional<Vertex> FindKeyedAmong(std::size_t hash, Vertex first,
                                       const std::string& key) const;
  // Makes `v`, whose merge key has the std::hash `hash` (the key not yet in keyed_), found by
  // FindKeyed.
  void IndexKeyed(std::size_t hash, Vertex v) {
    if (!keyed_.try_emplace(hash, v).second) keyed_collisions_.emplace(hash, v);
  }
  // The merge key of a statement or figure node (StatementKey or FigureKey of its fields);
  // empty for the other nodes.
  static std::string MergeKey(const NodeData& node);
  // (family, Mention::key) -> the entity that key identifies ("foreign ministry of russia").
  absl::flat_hash_map<std::pair<int, std::string>, Vertex, FamilyKeyHash, FamilyKeyEq>
      identity_index_;
};

}  // namespace newsgraph
