#include "export/jsonld_writer.h"

#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

#include "export/atomic_file.h"

namespace newsgraph::exporters {
namespace {

// RapidJSON's OStreamWrapper calls std::ostream::put for every character, which made writing
// the slowest part of a build; this stream hands the ostream 64 KiB at a time. RapidJSON
// reserves room before each value (PutReserve below) and then writes unchecked (PutUnsafe).
class BufferedOStream {
 public:
  using Ch = char;
  explicit BufferedOStream(std::ostream& out) : out_(out), buf_(kSize) {}
  void Put(char c) {
    if (used_ == buf_.size()) Flush();
    buf_[used_++] = c;
  }
  void Reserve(std::size_t count) {
    if (buf_.size() - used_ >= count) return;
    Flush();
    if (buf_.size() < count) buf_.resize(count);  // one value longer than the buffer
  }
  void PutUnsafe(char c) { buf_[used_++] = c; }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(used_));
    used_ = 0;
  }

 private:
  static constexpr std::size_t kSize = 1 << 16;
  std::ostream& out_;
  std::vector<char> buf_;
  std::size_t used_ = 0;
};

// Found by argument-dependent lookup from RapidJSON's writers, as for its own StringBuffer.
inline void PutReserve(BufferedOStream& os, std::size_t count) { os.Reserve(count); }
inline void PutUnsafe(BufferedOStream& os, char c) { os.PutUnsafe(c); }

using JsonWriter = rapidjson::PrettyWriter<BufferedOStream>;

const std::string kNs = "https://w3id.org/newsgraph/ns#";

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Key(JsonWriter& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}

void Number(JsonWriter& w, double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) {
    w.Int64(static_cast<int64_t>(v));
  } else {
    w.Double(v);
  }
}

void StrIfAny(JsonWriter& w, std::string_view k, std::string_view v) {
  if (v.empty()) return;
  Key(w, k);
  Str(w, v);
}

// `ids` view the writer's ids; sorted and deduplicated here.
void IdList(JsonWriter& w, std::string_view k, std::vector<std::string_view> ids) {
  if (ids.empty()) return;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  Key(w, k);
  if (ids.size() == 1) {
    Str(w, ids[0]);
    return;
  }
  w.StartArray();
  for (const auto& id : ids) Str(w, id);
  w.EndArray();
}

// Whether the concatenation of the pieces `a` is less than that of `b`, without building them.
bool ConcatLess(std::initializer_list<std::string_view> a,
                std::initializer_list<std::string_view> b) {
  auto ia = a.begin(), ib = b.begin();
  std::size_t pa = 0, pb = 0;
  while (true) {
    while (ia != a.end() && pa == ia->size()) ++ia, pa = 0;
    while (ib != b.end() && pb == ib->size()) ++ib, pb = 0;
    if (ia == a.end() || ib == b.end()) return ia == a.end() && ib != b.end();
    const std::size_t n = std::min(ia->size() - pa, ib->size() - pb);
    const int c = ia->substr(pa, n).compare(ib->substr(pb, n));
    if (c != 0) return c < 0;
    pa += n;
    pb += n;
  }
}

// The context is inline: readers have no network.
void Context(JsonWriter& w) {
  Key(w, "@context");
  w.StartObject();
  Key(w, "@vocab");
  Str(w, "https://schema.org/");
  Key(w, "ng");
  Str(w, kNs);
  for (const char* k : {"mentions", "isPartOf", "about", "ng:subject", "ng:object",
                        "ng:predicate", "ng:speaker", "ng:reportedBy", "ng:statement",
                        "ng:article", "ng:entity", "ng:reporter"}) {
    Key(w, k);
    w.StartObject();
    Key(w, "@type");
    Str(w, "@id");
    w.EndObject();
  }
  w.EndObject();
}

struct Writer {
  const KnowledgeGraph& kg;
  const Graph& g;
  std::vector<std::string> ids;
  // Document::id (in the graph's ArticleNode) -> IRI (in ids).
  std::unordered_map<std::string_view, std::string_view> article_iri;
  std::vector<std::vector<std::string>> identity_keys;  // by vertex
  // The last evidence article looked up: consecutive evidence mostly shares one buffer.
  const void* last_article = nullptr;
  std::string_view last_iri;
  std::string scratch;  // reused for built strings

  // The IRI of the article with Document::id `id`, or `id` itself when no article has it.
  std::string_view ArticleIri(std::string_view id) const {
    auto it = article_iri.find(id);
    return it != article_iri.end() ? it->second : id;
  }
  std::string_view ArticleIri(const SharedString& id) {
    if (id.empty() || id.buffer() != last_article) {
      last_article = id.buffer();
      last_iri = ArticleIri(id.view());
    }
    return last_iri;
  }

  template <typename List>
  void Evidence(JsonWriter& w, std::string_view key, const List& ev) {
    if (ev.empty()) return;
    Key(w, key);
    w.StartArray();
    for (const auto& e : ev) {
      w.StartObject();
      Key(w, "ng:article");
      Str(w, ArticleIri(e.article));
      Key(w, "ng:begin");
      w.Uint64(e.span.begin);
      Key(w, "ng:end");
      w.Uint64(e.span.end);
      StrIfAny(w, "ng:sentence", e.sentence);
      w.EndObject();
    }
    w.EndArray();
  }

  // The IRIs of the articles among `docs` (Document::ids); those not in the graph are left out.
  template <typename Ids>
  std::vector<std::string_view> Articles(const Ids& docs) {
    std::vector<std::string_view> out;
    for (const auto& d : docs) {
      auto it = article_iri.find(std::string_view(d));
      if (it != article_iri.end()) out.emplace_back(it->second);
    }
    return out;
  }

  void Article(JsonWriter& w, Vertex v, const ArticleNode& a) {
    Str(w, "NewsArticle");
    Key(w, "identifier");
    Str(w, a.id);
    StrIfAny(w, "headline", a.headline);
    StrIfAny(w, "datePublished", a.date);
    StrIfAny(w, "publisher", a.publisher);
    StrIfAny(w, "author", a.author);
    StrIfAny(w, "url", a.url);
    StrIfAny(w, "ng:source", a.source);
    StrIfAny(w, "ng:contentHash", a.content_hash);
    std::vector<std::string_view> mentioned;
    std::vector<std::pair<std::string_view, Edge>> edges;
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      if (g[*it].kind != EdgeKind::kMentions) continue;
      mentioned.push_back(ids[boost::target(*it, g)]);
      edges.emplace_back(ids[boost::target(*it, g)], *it);
    }
    IdList(w, "mentions", mentioned);
    std::sort(edges.begin(), edges.end());
    if (!edges.empty()) {
      Key(w, "ng:mentionEvidence");
      w.StartArray();
      for (const auto& [id, e] : edges) {
        for (const auto& ev : g[e].evidence) {
          w.StartObject();
          Key(w, "ng:entity");
          Str(w, id);
          Key(w, "ng:begin");
          w.Uint64(ev.span.begin);
          Key(w, "ng:end");
          w.Uint64(ev.span.end);
          StrIfAny(w, "ng:sentence", ev.sentence);
          w.EndObject();
        }
      }
      w.EndArray();
    }
  }

  void Entity(JsonWriter& w, Vertex v, const EntityNode& e) {
    Str(w, SchemaName(e.type));
    Key(w, "name");
    Str(w, e.name);
    if (!e.aliases.empty()) {
      Key(w, "alternateName");
      w.StartArray();
      for (const auto& a : e.aliases) Str(w, a);  // std::set: sorted
      w.EndArray();
    }
    Key(w, "ng:mentionCount");
    w.Uint64(e.mention_count);
    std::string votes;
    for (const auto& [t, n] : e.type_votes) {
      if (!votes.empty()) votes += ' ';
      votes += std::string(SchemaName(t)) + ":" + std::to_string(n);
    }
    StrIfAny(w, "ng:typeVotes", votes);
    // The resolution state Merge needs when more articles are merged into a read-back graph.
    if (!identity_keys[v].empty()) {
      Key(w, "ng:identityKey");
      w.StartArray();
      for (const auto& k : identity_keys[v]) Str(w, k);
      w.EndArray();
    }
    const auto ranks = kg.AliasRanks(v);
    if (!ranks.empty()) {
      Key(w, "ng:aliasRank");
      w.StartArray();
      for (const auto& [key, rank] : ranks) Str(w, std::to_string(rank) + " " + key);
      w.EndArray();
    }
  }

  void Statement(JsonWriter& w, Vertex v, const StatementNode& s) {
    Str(w, "Quotation");
    Key(w, "text");
    Str(w, s.text);
    std::vector<std::string_view> speakers, about;
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kSaid) speakers.push_back(ids[boost::source(*it, g)]);
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kAbout) about.push_back(ids[boost::target(*it, g)]);
    IdList(w, "ng:speaker", speakers);
    StrIfAny(w, "ng:cue", s.cue);
    Key(w, "ng:direct");
    w.Bool(s.direct);
    IdList(w, "isPartOf", Articles(std::array{std::string_view(s.article)}));
    IdList(w, "about", about);
    Evidence(w, "ng:evidence", s.evidence);
  }

  void Figure(JsonWriter& w, Vertex v, const FigureNode& f) {
    Str(w, "ng:Figure");
    if (f.value) {
      Key(w, "value");
      Number(w, *f.value);
    }
    if (f.min_value) {
      Key(w, "minValue");
      Number(w, *f.min_value);
    }
    if (f.max_value) {
      Key(w, "maxValue");
      Number(w, *f.max_value);
    }
    StrIfAny(w, "unitText", f.unit);
    StrIfAny(w, "ng:qualifier", f.qualifier);
    std::vector<std::string_view> reporters, statements, direct;
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it) {
      if (g[*it].kind != EdgeKind::kReports) continue;
      Vertex s = boost::source(*it, g);
      if (std::holds_alternative<StatementNode>(g[s])) {
        statements.push_back(ids[s]);
        // The speaker of the statement reports the figure too.
        for (auto [jt, jend] = boost::in_edges(s, g); jt != jend; ++jt)
          if (g[*jt].kind == EdgeKind::kSaid) reporters.push_back(ids[boost::source(*jt, g)]);
      } else {
        reporters.push_back(ids[s]);
        direct.push_back(ids[s]);
      }
    }
    IdList(w, "ng:reportedBy", reporters);
    IdList(w, "ng:reporter", direct);
    IdList(w, "ng:statement", statements);
    IdList(w, "isPartOf", Articles(std::array{std::string_view(f.article)}));
    StrIfAny(w, "ng:text", f.text);
    Evidence(w, "ng:evidence", f.evidence);
  }

  void Relation(JsonWriter& w, Edge e) {
    const EdgeData& d = g[e];
    const std::string& s = ids[boost::source(e, g)];
    const std::string& o = ids[boost::target(e, g)];
    const std::size_t base = std::string_view(KnowledgeGraph::kIdBase).size();
    auto tail = [&](const std::string& id) {
      const std::size_t from = scratch.size();
      scratch.append(id, base);
      std::replace(scratch.begin() + static_cast<std::ptrdiff_t>(from), scratch.end(), '/', '.');
    };
    w.StartObject();
    Key(w, "@id");
    scratch.assign(KnowledgeGraph::kIdBase);
    scratch += "relation/";
    tail(s);
    scratch += '/';
    scratch += d.predicate;
    scratch += '/';
    tail(o);
    Str(w, scratch);
    Key(w, "@type");
    Str(w, "ng:Relation");
    Key(w, "ng:subject");
    Str(w, s);
    Key(w, "ng:predicate");
    scratch.assign("ng:");
    scratch += d.predicate;
    Str(w, scratch);
    Key(w, "ng:object");
    Str(w, o);
    StrIfAny(w, "ng:role", d.role);
    IdList(w, "isPartOf", Articles(d.articles));
    Evidence(w, "ng:evidence", d.evidence);
    w.EndObject();
  }
};

}  // namespace

Status WriteJsonLd(const KnowledgeGraph& kg, std::ostream& out) {
  const Graph& g = kg.graph();
  Writer wr{kg, g, kg.StableIds(), {}, kg.IdentityKeysByVertex(), nullptr, {}, {}};
  // A later article with the same Document::id wins, as std::map's operator[] did.
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    if (auto* a = std::get_if<ArticleNode>(&g[v])) wr.article_iri[a->id] = wr.ids[v];

  // Vertices and relations are written in id order, so the bytes depend only on the content.
  std::vector<Vertex> order(kg.num_nodes());
  for (Vertex v = 0; v < order.size(); ++v) order[v] = v;
  std::sort(order.begin(), order.end(), [&](Vertex a, Vertex b) { return wr.ids[a] < wr.ids[b]; });
  BufferedOStream os(out);
  JsonWriter w(os);
  w.SetIndent(' ', 1);
  w.StartObject();
  Context(w);
  Key(w, "@graph");
  w.StartArray();
  for (const Vertex v : order) {
    const std::string& id = wr.ids[v];
    w.StartObject();
    Key(w, "@id");
    Str(w, id);
    Key(w, "@type");
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ArticleNode>) wr.Article(w, v, node);
          if constexpr (std::is_same_v<T, EntityNode>) wr.Entity(w, v, node);
          if constexpr (std::is_same_v<T, StatementNode>) wr.Statement(w, v, node);
          if constexpr (std::is_same_v<T, FigureNode>) wr.Figure(w, v, node);
        },
        g[v]);
    Key(w, "ng:seq");
    w.Uint64(v);
    w.EndObject();
  }
  // Relations in the order of the string "subject predicate object": subjects in id order, and
  // the relations of one subject by the rest of that string, compared without building it.
  // (Stable ids hold no byte at or below ' ', see StableIds, so no longer subject id can sort
  // between two relations of a shorter one.)
  std::vector<Edge> relations;
  for (const Vertex v : order) {
    relations.clear();
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kRelation) relations.push_back(*it);
    std::sort(relations.begin(), relations.end(), [&](const Edge& a, const Edge& b) {
      return ConcatLess({g[a].predicate, " ", wr.ids[boost::target(a, g)]},
                        {g[b].predicate, " ", wr.ids[boost::target(b, g)]});
    });
    for (const Edge& e : relations) wr.Relation(w, e);
  }
  w.EndArray();
  w.EndObject();
  os.Flush();
  out << '\n';
  if (!out) return Status::Error("write failed");
  return Status::Ok();
}

Status WriteJsonLdFile(const KnowledgeGraph& graph, const std::string& path) {
  return WriteFileAtomically(path, [&](std::ostream& out) { return WriteJsonLd(graph, out); });
}

}  // namespace newsgraph::exporters
