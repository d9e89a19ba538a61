#include "export/jsonld_reader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/istreamwrapper.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace newsgraph::exporters {
namespace {

using rapidjson::Value;

const char kNs[] = "https://w3id.org/newsgraph/ns#";

// A problem in one @graph element; thrown inside this file only and turned into a Status with
// the element's offset by the handler.
struct ElementError {
  std::string message;
};

// A node as read, with its references still IRIs: they may point forward in the file.
struct PendingNode {
  std::size_t seq = 0;
  std::size_t offset = 0;
  std::string iri;
  NodeData node;
  std::string part_of;                                         // statement, figure: article IRI
  std::vector<std::string> mentions;                           // article
  std::vector<std::pair<std::string, Evidence>> mention_evidence;  // article: (entity IRI, ev)
  std::vector<std::string> speakers, about;                    // statement
  std::vector<std::string> reporters, statements;              // figure (direct reporters)
  std::vector<std::string> identity_keys;                      // entity
  std::vector<std::pair<std::size_t, std::string>> alias_ranks;  // entity
};

struct PendingRelation {
  std::size_t offset = 0;
  std::string subject, object, predicate, role;
  std::vector<std::string> articles;
  std::vector<Evidence> evidence;
};

const Value* Member(const Value& o, const char* key) {
  auto it = o.FindMember(key);
  return it == o.MemberEnd() ? nullptr : &it->value;
}

std::string String(const Value& o, const char* key, bool required = false) {
  const Value* v = Member(o, key);
  if (!v) {
    if (required) throw ElementError{std::string("expected \"") + key + "\""};
    return {};
  }
  if (!v->IsString()) throw ElementError{std::string("expected a string for \"") + key + "\""};
  return std::string(v->GetString(), v->GetStringLength());
}

// An @id reference or a list of them (the writer writes one as a plain string).
std::vector<std::string> Ids(const Value& o, const char* key) {
  std::vector<std::string> out;
  const Value* v = Member(o, key);
  if (!v) return out;
  auto one = [&](const Value& x) {
    if (!x.IsString())
      throw ElementError{std::string("expected an @id string or a list of them for \"") + key +
                         "\""};
    out.emplace_back(x.GetString(), x.GetStringLength());
  };
  if (v->IsArray()) {
    for (const Value& x : v->GetArray()) one(x);
  } else {
    one(*v);
  }
  return out;
}

std::optional<double> Number(const Value& o, const char* key) {
  const Value* v = Member(o, key);
  if (!v) return std::nullopt;
  if (!v->IsNumber()) throw ElementError{std::string("expected a number for \"") + key + "\""};
  return v->GetDouble();
}

std::size_t Count(const Value& o, const char* key, bool required) {
  const Value* v = Member(o, key);
  if (!v) {
    if (required) throw ElementError{std::string("expected \"") + key + "\""};
    return 0;
  }
  if (!v->IsUint64())
    throw ElementError{std::string("expected a non-negative integer for \"") + key + "\""};
  return static_cast<std::size_t>(v->GetUint64());
}

// Evidence objects; `entities` receives ng:entity of each (mentionEvidence) when not null.
std::vector<Evidence> EvidenceList(const Value& o, const char* key,
                                   std::vector<std::string>* entities = nullptr) {
  std::vector<Evidence> out;
  const Value* v = Member(o, key);
  if (!v) return out;
  if (!v->IsArray()) throw ElementError{std::string("expected a list for \"") + key + "\""};
  for (const Value& x : v->GetArray()) {
    if (!x.IsObject())
      throw ElementError{std::string("expected evidence objects in \"") + key + "\""};
    Evidence e;
    e.article = String(x, "ng:article", entities == nullptr);
    e.span.begin = Count(x, "ng:begin", true);
    e.span.end = Count(x, "ng:end", true);
    e.sentence = String(x, "ng:sentence");
    if (entities) entities->push_back(String(x, "ng:entity", true));
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> Strings(const Value& o, const char* key) {
  std::vector<std::string> out;
  const Value* v = Member(o, key);
  if (!v) return out;
  if (!v->IsArray()) throw ElementError{std::string("expected a list of strings for \"") + key + "\""};
  for (const Value& x : v->GetArray()) {
    if (!x.IsString())
      throw ElementError{std::string("expected a list of strings for \"") + key + "\""};
    out.emplace_back(x.GetString(), x.GetStringLength());
  }
  return out;
}

// Turns one @graph element into a PendingNode or PendingRelation.
void ReadElement(const Value& o, std::size_t offset, std::vector<PendingNode>& nodes,
                 std::vector<PendingRelation>& relations) {
  const std::string type = String(o, "@type", true);
  if (type == "ng:Relation") {
    PendingRelation r;
    r.offset = offset;
    r.subject = String(o, "ng:subject", true);
    r.object = String(o, "ng:object", true);
    r.predicate = String(o, "ng:predicate", true);
    if (!r.predicate.starts_with("ng:") || r.predicate.size() == 3)
      throw ElementError{"expected an ng: predicate such as \"ng:heads\", not \"" + r.predicate +
                         "\""};
    r.predicate.erase(0, 3);
    r.role = String(o, "ng:role");
    r.articles = Ids(o, "isPartOf");
    r.evidence = EvidenceList(o, "ng:evidence");
    relations.push_back(std::move(r));
    return;
  }
  PendingNode p;
  p.offset = offset;
  p.iri = String(o, "@id", true);
  if (!Member(o, "ng:seq"))
    throw ElementError{"node " + p.iri +
                       " has no ng:seq: the file was written by an older newsgraph; build it "
                       "again from the articles"};
  p.seq = Count(o, "ng:seq", true);
  if (type == "NewsArticle") {
    ArticleNode a;
    a.id = String(o, "identifier", true);
    a.headline = String(o, "headline");
    a.date = String(o, "datePublished");
    a.publisher = String(o, "publisher");
    a.author = String(o, "author");
    a.url = String(o, "url");
    a.source = String(o, "ng:source");
    a.content_hash = String(o, "ng:contentHash");
    p.mentions = Ids(o, "mentions");
    std::vector<std::string> entities;
    std::vector<Evidence> ev = EvidenceList(o, "ng:mentionEvidence", &entities);
    for (std::size_t i = 0; i < ev.size(); ++i)
      p.mention_evidence.emplace_back(std::move(entities[i]), std::move(ev[i]));
    p.node = std::move(a);
  } else if (auto t = ParseEntityType(type)) {
    EntityNode e;
    e.type = *t;
    e.name = String(o, "name", true);
    for (std::string& a : Strings(o, "alternateName")) e.aliases.insert(std::move(a));
    e.mention_count = Count(o, "ng:mentionCount", false);
    // "Person:3 Organization:1"
    const std::string votes = String(o, "ng:typeVotes");
    for (std::size_t i = 0; i < votes.size();) {
      std::size_t sp = votes.find(' ', i);
      if (sp == std::string::npos) sp = votes.size();
      const std::string item = votes.substr(i, sp - i);
      const std::size_t colon = item.rfind(':');
      auto vt = colon == std::string::npos ? std::nullopt : ParseEntityType(item.substr(0, colon));
      if (!vt || colon + 1 >= item.size() ||
          item.find_first_not_of("0123456789", colon + 1) != std::string::npos)
        throw ElementError{"expected \"Type:count\" items in ng:typeVotes, not \"" + item + "\""};
      e.type_votes[*vt] = std::stoi(item.substr(colon + 1));
      i = sp + 1;
    }
    p.identity_keys = Strings(o, "ng:identityKey");
    for (const std::string& r : Strings(o, "ng:aliasRank")) {
      const std::size_t sp = r.find(' ');
      if (sp == 0 || sp == std::string::npos ||
          r.find_first_not_of("0123456789") != sp)
        throw ElementError{"expected \"N name\" items in ng:aliasRank, not \"" + r + "\""};
      p.alias_ranks.emplace_back(std::stoul(r.substr(0, sp)), r.substr(sp + 1));
    }
    p.node = std::move(e);
  } else if (type == "Quotation") {
    StatementNode s;
    s.text = String(o, "text", true);
    s.cue = String(o, "ng:cue");
    if (const Value* d = Member(o, "ng:direct")) {
      if (!d->IsBool()) throw ElementError{"expected true or false for \"ng:direct\""};
      s.direct = d->GetBool();
    }
    s.evidence = EvidenceList(o, "ng:evidence");
    p.speakers = Ids(o, "ng:speaker");
    p.about = Ids(o, "about");
    auto part = Ids(o, "isPartOf");
    if (!part.empty()) p.part_of = part.front();
    p.node = std::move(s);
  } else if (type == "ng:Figure") {
    FigureNode f;
    f.value = Number(o, "value");
    f.min_value = Number(o, "minValue");
    f.max_value = Number(o, "maxValue");
    f.unit = String(o, "unitText");
    f.qualifier = String(o, "ng:qualifier");
    f.text = String(o, "ng:text");
    f.evidence = EvidenceList(o, "ng:evidence");
    p.reporters = Ids(o, "ng:reporter");
    p.statements = Ids(o, "ng:statement");
    auto part = Ids(o, "isPartOf");
    if (!part.empty()) p.part_of = part.front();
    p.node = std::move(f);
  } else {
    throw ElementError{"unknown @type \"" + type +
                       "\" (expected NewsArticle, Person, GovernmentOrganization, "
                       "NewsMediaOrganization, Organization, Country, Place, Quotation, "
                       "ng:Figure or ng:Relation)"};
  }
  nodes.push_back(std::move(p));
}

// SAX handler: walks the top-level object, checks @context, and hands each @graph element,
// built as a small DOM, to ReadElement. Every other top-level member is skipped.
class Handler {
 public:
  using Ch = char;
  explicit Handler(std::function<std::size_t()> tell) : tell_(std::move(tell)) {}

  bool Null() { return Scalar([&] { return doc_->Null(); }); }
  bool Bool(bool b) { return Scalar([&] { return doc_->Bool(b); }); }
  bool Int(int i) { return Scalar([&] { return doc_->Int(i); }); }
  bool Uint(unsigned i) { return Scalar([&] { return doc_->Uint(i); }); }
  bool Int64(int64_t i) { return Scalar([&] { return doc_->Int64(i); }); }
  bool Uint64(uint64_t i) { return Scalar([&] { return doc_->Uint64(i); }); }
  bool Double(double d) { return Scalar([&] { return doc_->Double(d); }); }
  bool RawNumber(const Ch* s, rapidjson::SizeType n, bool copy) {
    return Scalar([&] { return doc_->RawNumber(s, n, copy); });
  }
  bool String(const Ch* s, rapidjson::SizeType n, bool copy) {
    return Scalar([&] { return doc_->String(s, n, copy); });
  }
  bool Key(const Ch* s, rapidjson::SizeType n, bool copy) {
    if (depth_) return doc_->Key(s, n, copy);
    if (state_ == State::kRoot) key_.assign(s, n);
    return true;
  }
  bool StartObject() {
    if (depth_) return ++depth_, doc_->StartObject();
    switch (state_) {
      case State::kTop:
        state_ = State::kRoot;
        return true;
      case State::kGraph:
        return Begin(Purpose::kElement), doc_->StartObject();
      default:
        return BeginRootValue(/*is_array=*/false) && doc_->StartObject();
    }
  }
  bool EndObject(rapidjson::SizeType n) {
    if (depth_) return doc_->EndObject(n) && End();
    state_ = State::kDone;  // the top-level object
    return true;
  }
  bool StartArray() {
    if (depth_) return ++depth_, doc_->StartArray();
    if (state_ == State::kTop) return Fail(tell_() - 1, "expected a JSON object at the top level");
    if (state_ == State::kGraph) return Fail(tell_() - 1, "expected an object in @graph");
    if (key_ == "@graph") {
      if (!context_ok_)
        return Fail(tell_() - 1, "not a newsgraph export: no @context with the ng prefix (" +
                                     std::string(kNs) + ") before @graph");
      state_ = State::kGraph;
      saw_graph_ = true;
      return true;
    }
    return BeginRootValue(/*is_array=*/true) && doc_->StartArray();
  }
  bool EndArray(rapidjson::SizeType n) {
    if (depth_) return doc_->EndArray(n) && End();
    state_ = State::kRoot;  // the end of @graph
    return true;
  }

  const std::optional<Status>& error() const { return error_; }
  bool saw_graph() const { return saw_graph_; }
  bool context_ok() const { return context_ok_; }
  std::vector<PendingNode>& nodes() { return nodes_; }
  std::vector<PendingRelation>& relations() { return relations_; }

 private:
  enum class State { kTop, kRoot, kGraph, kDone };
  enum class Purpose { kContext, kElement, kSkip };

  void Begin(Purpose p) {
    purpose_ = p;
    offset_ = tell_() - 1;
    doc_.emplace();
    depth_ = 1;
  }
  bool BeginRootValue(bool is_array) {
    (void)is_array;
    if (state_ == State::kTop) return Fail(tell_() - 1, "expected a JSON object at the top level");
    if (key_ == "@graph") return Fail(tell_() - 1, "expected a list of objects for @graph");
    Begin(key_ == "@context" ? Purpose::kContext : Purpose::kSkip);
    return true;
  }
  template <typename F>
  bool Scalar(F forward) {
    if (depth_) return forward() && (depth_ > 0);
    if (state_ == State::kTop) return Fail(tell_(), "expected a JSON object at the top level");
    if (state_ == State::kGraph) return Fail(tell_(), "expected an object in @graph");
    if (key_ == "@graph") return Fail(tell_(), "expected a list of objects for @graph");
    if (key_ == "@context") return Fail(tell_(), "expected an object for @context");
    return true;
  }
  bool End() {
    if (--depth_ > 0) return true;
    auto keep = [](rapidjson::Document&) { return true; };
    doc_->Populate(keep);
    bool ok = true;
    if (purpose_ == Purpose::kContext) {
      const Value* ng = doc_->IsObject() ? Member(*doc_, "ng") : nullptr;
      context_ok_ = ng && ng->IsString() && std::string(ng->GetString()) == kNs;
      if (!context_ok_)
        ok = Fail(offset_, "not a newsgraph export: no @context with the ng prefix (" +
                               std::string(kNs) + ")");
    } else if (purpose_ == Purpose::kElement) {
      try {
        ReadElement(*doc_, offset_, nodes_, relations_);
      } catch (const ElementError& e) {
        ok = Fail(offset_, e.message);
      }
    }
    doc_.reset();
    return ok;
  }
  bool Fail(std::size_t offset, const std::string& message) {
    if (!error_) error_ = Status::Error("offset " + std::to_string(offset) + ": " + message);
    return false;
  }

  std::function<std::size_t()> tell_;
  State state_ = State::kTop;
  std::string key_;
  Purpose purpose_ = Purpose::kSkip;
  std::size_t offset_ = 0;
  int depth_ = 0;  // > 0 while a value is being built into doc_
  std::optional<rapidjson::Document> doc_;
  bool context_ok_ = false, saw_graph_ = false;
  std::optional<Status> error_;
  std::vector<PendingNode> nodes_;
  std::vector<PendingRelation> relations_;
};

// Builds the graph from what was read: nodes in creation order, then the resolution state,
// then the edges (whose references may point anywhere in the file).
Result<KnowledgeGraph> Assemble(std::vector<PendingNode>& nodes,
                                std::vector<PendingRelation>& relations) {
  auto error = [](std::size_t offset, const std::string& m) {
    return Status::Error("offset " + std::to_string(offset) + ": " + m);
  };
  std::sort(nodes.begin(), nodes.end(),
            [](const PendingNode& a, const PendingNode& b) { return a.seq < b.seq; });
  std::unordered_map<std::string, Vertex> vertex_of;
  std::unordered_map<std::string, std::string> doc_id_of;  // article IRI -> Document::id
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].seq != i)
      return error(nodes[i].offset, "ng:seq " + std::to_string(nodes[i].seq) +
                                        " is repeated or leaves a gap (expected 0.." +
                                        std::to_string(nodes.size() - 1) + ", each once)");
    if (!vertex_of.emplace(nodes[i].iri, i).second)
      return error(nodes[i].offset, "@id " + nodes[i].iri + " appears twice");
    if (auto* a = std::get_if<ArticleNode>(&nodes[i].node)) doc_id_of[nodes[i].iri] = a->id;
  }
  auto doc_id = [&](const std::string& iri) {
    auto it = doc_id_of.find(iri);
    return it == doc_id_of.end() ? iri : it->second;  // the writer's fallback: the raw id
  };
  auto fix = [&](std::vector<Evidence>& ev) {
    for (Evidence& e : ev) e.article = doc_id(e.article);
  };
  std::optional<Status> dangling;
  auto vertex = [&](const PendingNode& p, const std::string& iri, const char* what) {
    auto it = vertex_of.find(iri);
    if (it != vertex_of.end()) return it->second;
    if (!dangling) dangling = error(p.offset, std::string(what) + " refers to " + iri +
                                                  ", which is not in @graph");
    return Vertex(0);
  };

  KnowledgeGraph kg;
  for (PendingNode& p : nodes) {
    if (auto* s = std::get_if<StatementNode>(&p.node)) {
      s->article = doc_id(p.part_of);
      fix(s->evidence);
    } else if (auto* f = std::get_if<FigureNode>(&p.node)) {
      f->article = doc_id(p.part_of);
      fix(f->evidence);
    }
    kg.RestoreNode(std::move(p.node));
  }
  const Graph& g = kg.graph();
  std::map<std::pair<int, std::string>, std::vector<std::pair<std::size_t, Vertex>>> ranks;
  for (std::size_t v = 0; v < nodes.size(); ++v) {
    const PendingNode& p = nodes[v];
    for (const std::string& k : p.identity_keys) kg.RestoreIdentityKey(v, k);
    for (const auto& [rank, key] : p.alias_ranks) {
      const int fam = static_cast<int>(FamilyOf(std::get<EntityNode>(g[v]).type));
      ranks[{fam, key}].emplace_back(rank, v);
    }
  }
  for (auto& [key, entries] : ranks) {
    std::sort(entries.begin(), entries.end());
    std::vector<Vertex> order;
    for (const auto& [rank, v] : entries) order.push_back(v);
    kg.RestoreAliasOrder(key.second, order);
  }

  auto edge = [](EdgeKind kind, const std::string& article) {
    EdgeData d;
    d.kind = kind;
    if (!article.empty()) d.articles.insert(article);
    return d;
  };
  for (std::size_t v = 0; v < nodes.size(); ++v) {
    const PendingNode& p = nodes[v];
    const NodeData& node = g[v];
    if (auto* a = std::get_if<ArticleNode>(&node)) {
      std::map<std::string, std::vector<Evidence>> by_entity;
      for (const std::string& iri : p.mentions) by_entity[iri];
      for (const auto& [iri, ev] : p.mention_evidence) {
        Evidence e = ev;
        e.article = a->id;
        by_entity[iri].push_back(std::move(e));
      }
      for (auto& [iri, ev] : by_entity) {
        EdgeData d = edge(EdgeKind::kMentions, a->id);
        d.evidence = std::move(ev);
        kg.RestoreEdge(v, vertex(p, iri, "mentions"), std::move(d));
      }
    } else if (auto* s = std::get_if<StatementNode>(&node)) {
      for (const std::string& iri : p.speakers)
        kg.RestoreEdge(vertex(p, iri, "ng:speaker"), v, edge(EdgeKind::kSaid, s->article));
      for (const std::string& iri : p.about)
        kg.RestoreEdge(v, vertex(p, iri, "about"), edge(EdgeKind::kAbout, s->article));
    } else if (auto* f = std::get_if<FigureNode>(&node)) {
      for (const std::string& iri : p.statements)
        kg.RestoreEdge(vertex(p, iri, "ng:statement"), v, edge(EdgeKind::kReports, f->article));
      for (const std::string& iri : p.reporters)
        kg.RestoreEdge(vertex(p, iri, "ng:reporter"), v, edge(EdgeKind::kReports, f->article));
    }
    if (dangling) return *dangling;
  }
  for (PendingRelation& r : relations) {
    PendingNode at;
    at.offset = r.offset;
    const Vertex s = vertex(at, r.subject, "ng:subject");
    const Vertex o = vertex(at, r.object, "ng:object");
    if (dangling) return *dangling;
    EdgeData d;
    d.kind = EdgeKind::kRelation;
    d.predicate = r.predicate;
    d.role = r.role;
    for (const std::string& iri : r.articles) d.articles.insert(doc_id(iri));
    fix(r.evidence);
    d.evidence = std::move(r.evidence);
    if (!kg.RestoreEdge(s, o, std::move(d)))
      return error(r.offset, "the relation " + r.subject + " " + r.predicate + " " + r.object +
                                 " appears twice");
  }
  // The writer gives every statement and figure evidence, and their stable ids are derived
  // from the first one: without it the graph could not be written again.
  for (std::size_t v = 0; v < nodes.size(); ++v) {
    const auto* s = std::get_if<StatementNode>(&g[v]);
    const auto* f = std::get_if<FigureNode>(&g[v]);
    if ((s && s->evidence.empty()) || (f && f->evidence.empty())) {
      return error(nodes[v].offset, std::string(s ? "a Quotation" : "an ng:Figure") +
                                        " needs at least one \"ng:evidence\"");
    }
  }
  return kg;
}

template <typename Stream>
Result<KnowledgeGraph> Parse(Stream& is, const std::string& name) {
  Handler h([&is] { return static_cast<std::size_t>(is.Tell()); });
  rapidjson::Reader reader;
  rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseFullPrecisionFlag>(is, h);
  if (h.error()) return Status::Error(name + ": " + h.error()->message());
  if (!ok) {
    return Status::Error(name + ": offset " + std::to_string(ok.Offset()) + ": " +
                         rapidjson::GetParseError_En(ok.Code()) + " (not valid JSON)");
  }
  if (!h.context_ok())
    return Status::Error(name + ": not a newsgraph export: no @context with the ng prefix (" +
                         std::string(kNs) + ")");
  if (!h.saw_graph()) return Status::Error(name + ": not a newsgraph export: no @graph list");
  Result<KnowledgeGraph> kg = Assemble(h.nodes(), h.relations());
  if (!kg.ok()) return Status::Error(name + ": " + kg.status().message());
  return kg;
}

}  // namespace

Result<KnowledgeGraph> ReadJsonLd(std::istream& in, const std::string& name) {
  rapidjson::IStreamWrapper is(in);
  return Parse(is, name);
}

Result<KnowledgeGraph> ReadJsonLdFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::Error(path + ": cannot open: " + std::strerror(errno));
  char buffer[1 << 16];
  rapidjson::FileReadStream is(f.get(), buffer, sizeof buffer);
  Result<KnowledgeGraph> kg = Parse(is, path);
  if (kg.ok() && std::ferror(f.get()))
    return Status::Error(path + ": read error: " + std::strerror(errno));
  return kg;
}

}  // namespace newsgraph::exporters
