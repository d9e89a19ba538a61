#include "export/jsonld_reader.h"

#include <absl/container/flat_hash_map.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/istreamwrapper.h>
#include <rapidjson/reader.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <variant>

namespace newsgraph::exporters {
namespace {

using rapidjson::Value;

const char kNs[] = "https://w3id.org/newsgraph/ns#";

// A problem in one @graph element; thrown inside this file only and turned into a Status with
// the element's offset by the handler.
struct ElementError {
  std::string message;
};

// Strings that recur across the file (a sentence cited by several relations, an article's
// IRI in every evidence, predicates and roles) are read into one SharedString each, as Merge
// shares them.
using Interner = StringPool;

// What a node refers to, by IRI: they may point forward in the file. Evidence articles are
// IRIs too until Builder maps them to Document::ids.
struct PendingRefs {
  std::string part_of;                                         // statement, figure: article IRI
  std::vector<std::string> mentions;                           // article
  std::vector<std::pair<std::string, Evidence>> mention_evidence;  // article: (entity IRI, ev)
  std::vector<std::string> speakers, about;                    // statement
  std::vector<std::string> reporters, statements;              // figure (direct reporters)
  std::vector<std::string> identity_keys;                      // entity
  std::vector<std::pair<std::size_t, std::string>> alias_ranks;  // entity
};

// A node as read. Its references are held apart and only when it has any: most nodes are
// entities that refer to nothing, and a million pending nodes are held at once.
struct PendingNode {
  std::size_t seq = 0;
  std::size_t offset = 0;
  std::string iri;
  NodeData node;
  std::unique_ptr<PendingRefs> refs;  // null: no references

  PendingRefs& Refs() {
    if (!refs) refs = std::make_unique<PendingRefs>();
    return *refs;
  }
  const PendingRefs& Refs() const {
    static const PendingRefs kNone;
    return refs ? *refs : kNone;
  }
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

std::string_view StringView(const Value& o, const char* key, bool required = false) {
  const Value* v = Member(o, key);
  if (!v) {
    if (required) throw ElementError{std::string("expected \"") + key + "\""};
    return {};
  }
  if (!v->IsString()) throw ElementError{std::string("expected a string for \"") + key + "\""};
  return std::string_view(v->GetString(), v->GetStringLength());
}

std::string String(const Value& o, const char* key, bool required = false) {
  return std::string(StringView(o, key, required));
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

// Evidence objects, their article an IRI; `entities` receives ng:entity of each
// (mentionEvidence) when not null.
std::vector<Evidence> EvidenceList(const Value& o, const char* key, Interner& intern,
                                   std::vector<std::string>* entities = nullptr) {
  std::vector<Evidence> out;
  const Value* v = Member(o, key);
  if (!v) return out;
  if (!v->IsArray()) throw ElementError{std::string("expected a list for \"") + key + "\""};
  for (const Value& x : v->GetArray()) {
    if (!x.IsObject())
      throw ElementError{std::string("expected evidence objects in \"") + key + "\""};
    Evidence e;
    e.article = intern(StringView(x, "ng:article", entities == nullptr));
    e.span.begin = Count(x, "ng:begin", true);
    e.span.end = Count(x, "ng:end", true);
    e.sentence = intern(StringView(x, "ng:sentence"));
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

using Element = std::variant<PendingNode, PendingRelation>;

// Turns one @graph element into a PendingNode or PendingRelation.
Element ReadElement(const Value& o, std::size_t offset, Interner& intern) {
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
    r.evidence = EvidenceList(o, "ng:evidence", intern);
    return r;
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
    a.headline = SharedString(StringView(o, "headline"));
    a.date = SharedString(StringView(o, "datePublished"));
    a.publisher = SharedString(StringView(o, "publisher"));
    a.author = SharedString(StringView(o, "author"));
    a.url = SharedString(StringView(o, "url"));
    a.source = SharedString(StringView(o, "ng:source"));
    a.content_hash = SharedString(StringView(o, "ng:contentHash"));
    p.Refs().mentions = Ids(o, "mentions");
    std::vector<std::string> entities;
    std::vector<Evidence> ev = EvidenceList(o, "ng:mentionEvidence", intern, &entities);
    for (std::size_t i = 0; i < ev.size(); ++i)
      p.Refs().mention_evidence.emplace_back(std::move(entities[i]), std::move(ev[i]));
    p.node = std::move(a);
  } else if (auto t = ParseEntityType(type)) {
    EntityNode e;
    e.type = *t;
    e.name = String(o, "name", true);
    for (std::string& a : Strings(o, "alternateName")) e.aliases.insert(std::move(a));
    const std::size_t mentions = Count(o, "ng:mentionCount", false);
    if (mentions > std::numeric_limits<decltype(e.mention_count)>::max())
      throw ElementError{"\"ng:mentionCount\" is too large"};
    e.mention_count = static_cast<decltype(e.mention_count)>(mentions);
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
    if (auto keys = Strings(o, "ng:identityKey"); !keys.empty())
      p.Refs().identity_keys = std::move(keys);
    for (const std::string& r : Strings(o, "ng:aliasRank")) {
      const std::size_t sp = r.find(' ');
      if (sp == 0 || sp == std::string::npos ||
          r.find_first_not_of("0123456789") != sp)
        throw ElementError{"expected \"N name\" items in ng:aliasRank, not \"" + r + "\""};
      p.Refs().alias_ranks.emplace_back(std::stoul(r.substr(0, sp)), r.substr(sp + 1));
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
    s.evidence = EvidenceList(o, "ng:evidence", intern);
    p.Refs().speakers = Ids(o, "ng:speaker");
    p.Refs().about = Ids(o, "about");
    auto part = Ids(o, "isPartOf");
    if (!part.empty()) p.Refs().part_of = part.front();
    p.node = std::move(s);
  } else if (type == "ng:Figure") {
    FigureNode f;
    f.value = Number(o, "value");
    f.min_value = Number(o, "minValue");
    f.max_value = Number(o, "maxValue");
    f.unit = SharedString(StringView(o, "unitText"));
    f.qualifier = SharedString(StringView(o, "ng:qualifier"));
    f.text = SharedString(StringView(o, "ng:text"));
    f.evidence = EvidenceList(o, "ng:evidence", intern);
    p.Refs().reporters = Ids(o, "ng:reporter");
    p.Refs().statements = Ids(o, "ng:statement");
    auto part = Ids(o, "isPartOf");
    if (!part.empty()) p.Refs().part_of = part.front();
    p.node = std::move(f);
  } else {
    throw ElementError{"unknown @type \"" + type +
                       "\" (expected NewsArticle, Person, GovernmentOrganization, "
                       "NewsMediaOrganization, Organization, Country, Place, Quotation, "
                       "ng:Figure or ng:Relation)"};
  }
  return p;
}

Status ErrorAt(std::size_t offset, const std::string& m) {
  return Status::Error("offset " + std::to_string(offset) + ": " + m);
}

// Builds the graph from the elements: nodes in creation order, then the resolution state, then
// the edges (whose references may point anywhere in the file), then the relations in file
// order.
//
// Streaming (the normal case: a file as the writer writes it, every node before the first
// relation): the nodes are assembled when the first relation arrives and each relation goes
// into the graph as it is read, so that no relation is ever held as text. Streaming gives up
// on anything unusual (a node after a relation, a relation naming an @id not seen yet, any
// error); the caller then reads the file again buffered, which holds every element until the
// end and so accepts any order, and words every error, exactly as before streaming existed.
// Both give the same graph for a file that streams.
class Builder {
 public:
  explicit Builder(bool streaming) : streaming_(streaming) {}

  Interner& interner() { return intern_; }
  // False when streaming gave up.
  bool gave_up() const { return gave_up_; }

  // Takes one element; false stops the parse (streaming gave up, or an error to report, in
  // status()).
  bool Add(Element&& element) {
    if (auto* p = std::get_if<PendingNode>(&element)) {
      if (assembled_) return GiveUp();
      nodes_.push_back(std::move(*p));
      return true;
    }
    PendingRelation& r = std::get<PendingRelation>(element);
    if (!streaming_) {
      relations_.push_back(std::move(r));
      return true;
    }
    if (!assembled_ && (!Assemble().ok())) return GiveUp();
    return AddRelation(r).ok() || GiveUp();
  }

  // After the last element: the graph, or the first inconsistency found.
  Result<KnowledgeGraph> Finish() {
    if (!assembled_) {
      if (Status st = Assemble(); !st.ok()) return st;
    }
    for (PendingRelation& r : relations_) {
      if (Status st = AddRelation(r); !st.ok()) return st;
    }
    relations_.clear();
    // The writer gives every statement and figure evidence, and their stable ids are derived
    // from the first one: without it the graph could not be written again.
    const Graph& g = kg_.graph();
    for (Vertex v = 0; v < kg_.num_nodes(); ++v) {
      const auto* s = std::get_if<StatementNode>(&g[v]);
      const auto* f = std::get_if<FigureNode>(&g[v]);
      if ((s && s->evidence.empty()) || (f && f->evidence.empty())) {
        return ErrorAt(offsets_.at(v), std::string(s ? "a Quotation" : "an ng:Figure") +
                                        " needs at least one \"ng:evidence\"");
      }
    }
    return std::move(kg_);
  }

 private:
  bool GiveUp() {
    gave_up_ = true;
    return false;
  }

  // The key of `iri` in vertex_of_ and doc_ids_: most IRIs share the id base, which is kept
  // once, not a million times ('P' + the rest; 'R' + any other IRI, so the keys stay distinct).
  static void AppendKey(std::string& out, std::string_view iri) {
    const std::string_view base = KnowledgeGraph::kIdBase;
    if (iri.starts_with(base)) {
      out += 'P';
      out.append(iri.substr(base.size()));
    } else {
      out += 'R';
      out.append(iri);
    }
  }
  std::string_view Key(std::string_view iri) {
    key_.clear();
    AppendKey(key_, iri);
    return key_;
  }

  // The Document::id of the article with IRI `iri`, or the raw IRI (the writer's fallback).
  SharedString DocId(const SharedString& iri) {
    auto it = doc_ids_.find(Key(iri.view()));
    return it == doc_ids_.end() ? iri : it->second;
  }
  SharedString DocId(std::string_view iri) {
    auto it = doc_ids_.find(Key(iri));
    return it == doc_ids_.end() ? intern_(iri) : it->second;
  }
  template <typename List>
  void FixArticles(List& ev) {
    for (Evidence& e : ev) e.article = DocId(e.article);
  }

  // The vertex of `iri`, or nullopt; IRIs live in one arena, not a string each.
  std::optional<Vertex> VertexOf(std::string_view iri) {
    auto it = vertex_of_.find(Key(iri));
    if (it == vertex_of_.end()) return std::nullopt;
    return it->second;
  }

  // Nodes in creation order, their resolution state and the edges they hold.
  Status Assemble() {
    assembled_ = true;
    std::sort(nodes_.begin(), nodes_.end(),
              [](const PendingNode& a, const PendingNode& b) { return a.seq < b.seq; });
    std::size_t iri_bytes = 0;
    for (const PendingNode& p : nodes_) iri_bytes += 1 + p.iri.size();
    iris_.reserve(iri_bytes);  // never grows past this, so the views below stay valid
    vertex_of_.reserve(nodes_.size());
    kg_.ReserveNodes(nodes_.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      PendingNode& p = nodes_[i];
      if (p.seq != i)
        return ErrorAt(p.offset, "ng:seq " + std::to_string(p.seq) +
                                     " is repeated or leaves a gap (expected 0.." +
                                     std::to_string(nodes_.size() - 1) + ", each once)");
      const std::size_t at = iris_.size();
      AppendKey(iris_, p.iri);
      const std::string_view iri = std::string_view(iris_).substr(at);
      if (!vertex_of_.emplace(iri, i).second)
        return ErrorAt(p.offset, "@id " + p.iri + " appears twice");
      if (std::holds_alternative<StatementNode>(p.node) ||
          std::holds_alternative<FigureNode>(p.node))
        offsets_.emplace(i, p.offset);
      if (auto* a = std::get_if<ArticleNode>(&p.node)) doc_ids_[iri] = SharedString(a->id);
    }
    std::optional<Status> dangling;
    auto vertex = [&](const PendingNode& p, const std::string& iri, const char* what) {
      if (auto v = VertexOf(iri)) return *v;
      if (!dangling)
        dangling = ErrorAt(p.offset, std::string(what) + " refers to " + iri +
                                         ", which is not in @graph");
      return Vertex(0);
    };

    for (PendingNode& p : nodes_) {
      if (auto* s = std::get_if<StatementNode>(&p.node)) {
        s->article = DocId(std::string_view(p.Refs().part_of));
        FixArticles(s->evidence);
      } else if (auto* f = std::get_if<FigureNode>(&p.node)) {
        f->article = DocId(std::string_view(p.Refs().part_of));
        FixArticles(f->evidence);
      }
      kg_.RestoreNode(std::move(p.node));
    }
    const Graph& g = kg_.graph();
    std::map<std::pair<int, std::string>, std::vector<std::pair<std::size_t, Vertex>>> ranks;
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      const PendingRefs& p = nodes_[v].Refs();
      for (const std::string& k : p.identity_keys) kg_.RestoreIdentityKey(v, k);
      for (const auto& [rank, key] : p.alias_ranks) {
        const int fam = static_cast<int>(FamilyOf(std::get<EntityNode>(g[v]).type));
        ranks[{fam, key}].emplace_back(rank, v);
      }
    }
    for (auto& [key, entries] : ranks) {
      std::sort(entries.begin(), entries.end());
      std::vector<Vertex> order;
      for (const auto& [rank, v] : entries) order.push_back(v);
      kg_.RestoreAliasOrder(key.second, order);
    }

    auto edge = [](EdgeKind kind, const SharedString& article) {
      EdgeData d;
      d.kind = kind;
      if (!article.empty()) d.articles.insert(article);
      return d;
    };
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      PendingNode& p = nodes_[v];
      PendingRefs& r = p.Refs();
      const NodeData& node = g[v];
      if (auto* a = std::get_if<ArticleNode>(&node)) {
        const SharedString id = DocId(std::string_view(p.iri));
        std::map<std::string, newsgraph::EvidenceList> by_entity;
        for (const std::string& iri : r.mentions) by_entity[iri];
        for (auto& [iri, ev] : r.mention_evidence) {
          Evidence e = std::move(ev);
          e.article = id;
          by_entity[iri].push_back(std::move(e));
        }
        for (auto& [iri, ev] : by_entity) {
          EdgeData d;
          d.kind = EdgeKind::kMentions;
          if (!a->id.empty()) d.articles.insert(id);
          d.evidence = std::move(ev);
          kg_.RestoreEdge(v, vertex(p, iri, "mentions"), std::move(d));
        }
      } else if (auto* s = std::get_if<StatementNode>(&node)) {
        for (const std::string& iri : r.speakers)
          kg_.RestoreEdge(vertex(p, iri, "ng:speaker"), v, edge(EdgeKind::kSaid, s->article));
        for (const std::string& iri : r.about)
          kg_.RestoreEdge(v, vertex(p, iri, "about"), edge(EdgeKind::kAbout, s->article));
      } else if (auto* f = std::get_if<FigureNode>(&node)) {
        for (const std::string& iri : r.statements)
          kg_.RestoreEdge(vertex(p, iri, "ng:statement"), v,
                          edge(EdgeKind::kReports, f->article));
        for (const std::string& iri : r.reporters)
          kg_.RestoreEdge(vertex(p, iri, "ng:reporter"), v, edge(EdgeKind::kReports, f->article));
      }
      if (dangling) return *dangling;
      p.refs.reset();  // done with: give it back while the edges grow
    }
    nodes_.clear();
    nodes_.shrink_to_fit();
#ifdef __GLIBC__
    // The pending nodes were a few hundred bytes each, interleaved with the graph's own
    // allocations: give their pages back before the relations (the bulk) are read.
    malloc_trim(0);
#endif
    return Status::Ok();
  }

  Status AddRelation(PendingRelation& r) {
    const auto s = VertexOf(r.subject), o = VertexOf(r.object);
    if (!s || !o) {
      return ErrorAt(r.offset, std::string(s ? "ng:object" : "ng:subject") + " refers to " +
                                   (s ? r.object : r.subject) + ", which is not in @graph");
    }
    EdgeData d;
    d.kind = EdgeKind::kRelation;
    d.predicate = intern_(r.predicate);
    d.role = intern_(r.role);
    for (const std::string& iri : r.articles) d.articles.insert(DocId(std::string_view(iri)));
    d.evidence.reserve(r.evidence.size());
    for (Evidence& e : r.evidence) {
      e.article = DocId(e.article);
      d.evidence.push_back(std::move(e));
    }
    if (!kg_.RestoreEdge(*s, *o, std::move(d)))
      return ErrorAt(r.offset, "the relation " + r.subject + " " + r.predicate + " " +
                                   r.object + " appears twice");
    return Status::Ok();
  }

  const bool streaming_;
  bool assembled_ = false, gave_up_ = false;
  Interner intern_;
  // A deque: a vector of a million pending nodes would double past 2^20, holding both copies
  // (~900 MB) for a moment, and leave the old one as a hole in the heap.
  std::deque<PendingNode> nodes_;
  std::vector<PendingRelation> relations_;  // buffered only
  KnowledgeGraph kg_;
  std::string iris_;  // every node's IRI (as its Key), back to back
  std::string key_;   // Key()'s result
  // Open addressing: a million IRIs looked up once per edge end; a node-based map missed the
  // cache once for the bucket and again for the node.
  absl::flat_hash_map<std::string_view, Vertex> vertex_of_;
  absl::flat_hash_map<std::string_view, SharedString> doc_ids_;  // article IRI -> Document::id
  absl::flat_hash_map<Vertex, std::size_t> offsets_;  // statements and figures
};

// SAX handler: walks the top-level object, checks @context, and hands each @graph element,
// built as a small DOM, to ReadElement and the Builder. Every other top-level member is
// skipped.
class Handler {
 public:
  using Ch = char;
  Handler(std::function<std::size_t()> tell, Builder& builder)
      : tell_(std::move(tell)), builder_(builder) {}

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

 private:
  enum class State { kTop, kRoot, kGraph, kDone };
  enum class Purpose { kContext, kElement, kSkip };

  void Begin(Purpose p) {
    purpose_ = p;
    offset_ = tell_() - 1;
    doc_.emplace(&value_pool_, kPoolBytes / 2, &stack_pool_);
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
    auto keep = [](ElementDocument&) { return true; };
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
        ok = builder_.Add(ReadElement(*doc_, offset_, builder_.interner()));
      } catch (const ElementError& e) {
        ok = Fail(offset_, e.message);
      }
    }
    doc_.reset();
    value_pool_.Clear();
    stack_pool_.Clear();
    return ok;
  }
  bool Fail(std::size_t offset, const std::string& message) {
    if (!error_) error_ = ErrorAt(offset, message);
    return false;
  }

  std::function<std::size_t()> tell_;
  Builder& builder_;
  State state_ = State::kTop;
  std::string key_;
  Purpose purpose_ = Purpose::kSkip;
  std::size_t offset_ = 0;
  int depth_ = 0;  // > 0 while a value is being built into doc_
  // Every element's DOM and parse stack live in two pools that are cleared after each element:
  // no allocation per element, and no 64 KiB holes left between the graph's allocations.
  static constexpr std::size_t kPoolBytes = 1 << 16;
  using Pool = rapidjson::MemoryPoolAllocator<>;
  using ElementDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, Pool, Pool>;
  std::unique_ptr<char[]> value_buffer_{new char[kPoolBytes]};
  std::unique_ptr<char[]> stack_buffer_{new char[kPoolBytes]};
  Pool value_pool_{value_buffer_.get(), kPoolBytes};
  Pool stack_pool_{stack_buffer_.get(), kPoolBytes};
  std::optional<ElementDocument> doc_;
  bool context_ok_ = false, saw_graph_ = false;
  std::optional<Status> error_;
};

// Reads the stream; nullopt when `streaming` gave up (or failed: the buffered reading words the
// error) and the stream must be read again buffered.
template <typename Stream>
std::optional<Result<KnowledgeGraph>> Parse(Stream& is, const std::string& name, bool streaming) {
  Builder builder(streaming);
  Handler h([&is] { return static_cast<std::size_t>(is.Tell()); }, builder);
  rapidjson::Reader reader;
  rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseFullPrecisionFlag>(is, h);
  if (streaming && (builder.gave_up() || h.error() || !ok)) return std::nullopt;
  if (h.error()) return Status::Error(name + ": " + h.error()->message());
  if (!ok) {
    return Status::Error(name + ": offset " + std::to_string(ok.Offset()) + ": " +
                         rapidjson::GetParseError_En(ok.Code()) + " (not valid JSON)");
  }
  if (!h.context_ok())
    return Status::Error(name + ": not a newsgraph export: no @context with the ng prefix (" +
                         std::string(kNs) + ")");
  if (!h.saw_graph()) return Status::Error(name + ": not a newsgraph export: no @graph list");
  Result<KnowledgeGraph> kg = builder.Finish();
  if (!kg.ok()) {
    if (streaming) return std::nullopt;
    return Status::Error(name + ": " + kg.status().message());
  }
  return kg;
}

}  // namespace

// Streaming first; a stream that cannot be rewound is read buffered from the start.
Result<KnowledgeGraph> ReadJsonLd(std::istream& in, const std::string& name) {
  const std::istream::pos_type start = in.tellg();
  if (start != std::istream::pos_type(-1)) {
    rapidjson::IStreamWrapper is(in);
    if (auto kg = Parse(is, name, /*streaming=*/true)) return std::move(*kg);
    in.clear();
    in.seekg(start);
  }
  rapidjson::IStreamWrapper is(in);
  return *Parse(is, name, /*streaming=*/false);
}

Result<KnowledgeGraph> ReadJsonLdFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::Error(path + ": cannot open: " + std::strerror(errno));
  char buffer[1 << 16];
  std::optional<Result<KnowledgeGraph>> kg;
  {
    rapidjson::FileReadStream is(f.get(), buffer, sizeof buffer);
    kg = Parse(is, path, /*streaming=*/true);
  }
  if (!kg && std::fseek(f.get(), 0, SEEK_SET) == 0) {
    std::clearerr(f.get());
    rapidjson::FileReadStream is(f.get(), buffer, sizeof buffer);
    kg = Parse(is, path, /*streaming=*/false);
  }
  if (!kg) return Status::Error(path + ": cannot read it again: " + std::strerror(errno));
  if (kg->ok() && std::ferror(f.get()))
    return Status::Error(path + ": read error: " + std::strerror(errno));
  return std::move(*kg);
}

}  // namespace newsgraph::exporters
