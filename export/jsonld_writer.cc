#include "export/jsonld_writer.h"

#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "export/atomic_file.h"

namespace newsgraph::exporters {
namespace {

// RapidJSON's OStreamWrapper calls std::ostream::put for every character, which made writing
// the slowest part of a build; this stream hands the ostream 64 KiB at a time.
class BufferedOStream {
 public:
  using Ch = char;
  explicit BufferedOStream(std::ostream& out) : out_(out) { buf_.reserve(kSize); }
  void Put(char c) {
    buf_.push_back(c);
    if (buf_.size() >= kSize) Flush();
  }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  static constexpr std::size_t kSize = 1 << 16;
  std::ostream& out_;
  std::string buf_;
};

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

void StrIfAny(JsonWriter& w, std::string_view k, const std::string& v) {
  if (v.empty()) return;
  Key(w, k);
  Str(w, v);
}

void IdList(JsonWriter& w, std::string_view k, std::vector<std::string> ids) {
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
  std::map<std::string, std::string> article_iri;  // Document::id -> IRI
  std::vector<std::vector<std::string>> identity_keys;  // by vertex

  void Evidence(JsonWriter& w, std::string_view key, const std::vector<newsgraph::Evidence>& ev,
                const std::string* entity_iri_for_each = nullptr) {
    if (ev.empty()) return;
    Key(w, key);
    w.StartArray();
    for (const auto& e : ev) {
      w.StartObject();
      if (entity_iri_for_each) {
        Key(w, "ng:entity");
        Str(w, *entity_iri_for_each);
      }
      Key(w, "ng:article");
      auto it = article_iri.find(e.article);
      Str(w, it != article_iri.end() ? it->second : e.article);
      Key(w, "ng:begin");
      w.Uint64(e.span.begin);
      Key(w, "ng:end");
      w.Uint64(e.span.end);
      StrIfAny(w, "ng:sentence", e.sentence);
      w.EndObject();
    }
    w.EndArray();
  }

  std::vector<std::string> Articles(const std::set<std::string>& docs) {
    std::vector<std::string> out;
    for (const auto& d : docs) {
      auto it = article_iri.find(d);
      if (it != article_iri.end()) out.push_back(it->second);
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
    std::vector<std::string> mentioned;
    std::vector<std::pair<std::string, Edge>> edges;
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
    std::vector<std::string> speakers, about;
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kSaid) speakers.push_back(ids[boost::source(*it, g)]);
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kAbout) about.push_back(ids[boost::target(*it, g)]);
    IdList(w, "ng:speaker", speakers);
    StrIfAny(w, "ng:cue", s.cue);
    Key(w, "ng:direct");
    w.Bool(s.direct);
    IdList(w, "isPartOf", Articles({s.article}));
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
    std::vector<std::string> reporters, statements, direct;
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
    IdList(w, "isPartOf", Articles({f.article}));
    StrIfAny(w, "ng:text", f.text);
    Evidence(w, "ng:evidence", f.evidence);
  }

  void Relation(JsonWriter& w, Edge e) {
    const EdgeData& d = g[e];
    const std::string& s = ids[boost::source(e, g)];
    const std::string& o = ids[boost::target(e, g)];
    const std::size_t base = std::string_view(KnowledgeGraph::kIdBase).size();
    auto tail = [&](const std::string& id) {
      std::string t = id.substr(base);
      std::replace(t.begin(), t.end(), '/', '.');
      return t;
    };
    w.StartObject();
    Key(w, "@id");
    Str(w, std::string(KnowledgeGraph::kIdBase) + "relation/" + tail(s) + "/" + d.predicate +
               "/" + tail(o));
    Key(w, "@type");
    Str(w, "ng:Relation");
    Key(w, "ng:subject");
    Str(w, s);
    Key(w, "ng:predicate");
    Str(w, "ng:" + d.predicate);
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
  Writer wr{kg, g, kg.StableIds(), {}, kg.IdentityKeysByVertex()};
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    if (auto* a = std::get_if<ArticleNode>(&g[v])) wr.article_iri[a->id] = wr.ids[v];

  // Vertices and relations are written in id order, so the bytes depend only on the content.
  std::vector<std::pair<std::string, Vertex>> order;
  order.reserve(kg.num_nodes());
  for (Vertex v = 0; v < kg.num_nodes(); ++v) order.emplace_back(wr.ids[v], v);
  std::sort(order.begin(), order.end());
  std::vector<std::pair<std::string, Edge>> relations;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    if (g[*it].kind != EdgeKind::kRelation) continue;
    relations.emplace_back(wr.ids[boost::source(*it, g)] + " " + g[*it].predicate + " " +
                               wr.ids[boost::target(*it, g)],
                           *it);
  }
  std::sort(relations.begin(), relations.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  BufferedOStream os(out);
  JsonWriter w(os);
  w.SetIndent(' ', 1);
  w.StartObject();
  Context(w);
  Key(w, "@graph");
  w.StartArray();
  for (const auto& entry : order) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const auto& id = entry.first;
    const auto v = entry.second;
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
  for (const auto& [key, e] : relations) wr.Relation(w, e);
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
