#include "graph/query.h"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/visitors.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace newsgraph {
namespace {

const EntityNode* AsEntity(const KnowledgeGraph& kg, Vertex v) {
  return std::get_if<EntityNode>(&kg.graph()[v]);
}

std::vector<std::string> Tokens(const std::string& normalized) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < normalized.size()) {
    std::size_t sp = normalized.find(' ', i);
    if (sp == std::string::npos) sp = normalized.size();
    if (sp > i) out.push_back(normalized.substr(i, sp - i));
    i = sp + 1;
  }
  return out;
}

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Describe(const KnowledgeGraph& kg, Vertex v) {
  const EntityNode& e = *AsEntity(kg, v);
  return e.name + " (" + std::string(SchemaName(e.type)) + ")";
}

std::string Outlet(const KnowledgeGraph& kg, std::string_view article_id) {
  auto v = kg.FindArticle(article_id);
  return v ? std::get<ArticleNode>(kg.graph()[*v]).publisher.str() : std::string();
}

bool InRange(const std::string& day, const std::string& since, const std::string& until) {
  if (since.empty() && until.empty()) return true;
  if (day.empty()) return false;
  return (since.empty() || day >= since) && (until.empty() || day <= until);
}

// Every name of an entity, normalised.
std::set<std::string> NormalizedNames(const EntityNode& e) {
  std::set<std::string> out = {NormalizeName(e.name)};
  for (const std::string& a : e.aliases) out.insert(NormalizeName(a));
  out.erase("");
  return out;
}

// Whether the normalised `text` contains `name` as whole words.
bool ContainsWords(const std::string& text, const std::string& name) {
  for (std::size_t p = text.find(name); p != std::string::npos; p = text.find(name, p + 1)) {
    const bool left = p == 0 || text[p - 1] == ' ';
    const bool right = p + name.size() == text.size() || text[p + name.size()] == ' ';
    if (left && right) return true;
  }
  return false;
}

std::string Speaker(const KnowledgeGraph& kg, Vertex statement, Vertex* speaker = nullptr) {
  const Graph& g = kg.graph();
  std::vector<std::string> names;
  for (auto [it, end] = boost::in_edges(statement, g); it != end; ++it) {
    if (g[*it].kind != EdgeKind::kSaid) continue;
    if (speaker) *speaker = boost::source(*it, g);
    names.push_back(AsEntity(kg, boost::source(*it, g))->name);
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

StatementRow MakeStatementRow(const KnowledgeGraph& kg, Vertex v) {
  const auto& s = std::get<StatementNode>(kg.graph()[v]);
  StatementRow r;
  r.statement = v;
  r.date = ArticleDay(kg, s.article);
  Vertex speaker = 0;
  r.speaker = Speaker(kg, v, &speaker);
  if (!r.speaker.empty()) r.role = Join(RolesOf(kg, speaker), "; ");
  r.text = s.text;
  r.cue = s.cue;
  r.direct = s.direct;
  r.article = s.article;
  r.outlet = Outlet(kg, s.article);
  return r;
}

std::size_t FirstOffset(const std::vector<Evidence>& ev) {
  return ev.empty() ? 0 : ev.front().span.begin;
}

// The entities a figure's reporters are: direct reporters and its statements' speakers.
std::set<Vertex> Reporters(const KnowledgeGraph& kg, Vertex figure) {
  const Graph& g = kg.graph();
  std::set<Vertex> out;
  for (auto [it, end] = boost::in_edges(figure, g); it != end; ++it) {
    if (g[*it].kind != EdgeKind::kReports) continue;
    const Vertex s = boost::source(*it, g);
    if (std::holds_alternative<EntityNode>(g[s])) {
      out.insert(s);
    } else {
      for (auto [jt, jend] = boost::in_edges(s, g); jt != jend; ++jt)
        if (g[*jt].kind == EdgeKind::kSaid) out.insert(boost::source(*jt, g));
    }
  }
  return out;
}

FigureRow MakeFigureRow(const KnowledgeGraph& kg, Vertex v) {
  const auto& f = std::get<FigureNode>(kg.graph()[v]);
  FigureRow r;
  r.figure = v;
  r.date = ArticleDay(kg, f.article);
  r.value = FigureValue(f);
  r.unit = f.unit;
  std::vector<std::string> names;
  for (Vertex rep : Reporters(kg, v)) names.push_back(AsEntity(kg, rep)->name);
  std::sort(names.begin(), names.end());
  r.reporters = Join(names, ", ");
  r.article = f.article;
  r.outlet = Outlet(kg, f.article);
  for (const Evidence& e : f.evidence)
    if (!e.sentence.empty()) {
      r.sentence = e.sentence;
      break;
    }
  return r;
}

template <typename Row, typename NodeT>
void SortRows(const KnowledgeGraph& kg, std::vector<Row>& rows, Vertex Row::*vertex) {
  auto key = [&](const Row& r) {
    const auto& n = std::get<NodeT>(kg.graph()[r.*vertex]);
    return std::make_tuple(r.date, r.article, FirstOffset(n.evidence), r.*vertex);
  };
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) { return key(a) < key(b); });
}

// The actor graph: entities, linked by relations (either direction) and by statements (the
// speaker with each entity the statement is about, and entities one statement is about).
// Each link keeps the evidence of the first edge that made it.
struct ActorGraph {
  using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  G g;
  std::vector<Vertex> entity_of;               // actor vertex -> KnowledgeGraph vertex
  std::map<Vertex, std::size_t> actor_of;      // KnowledgeGraph vertex -> actor vertex
  std::map<std::pair<std::size_t, std::size_t>, PathStep> links;  // (min, max) -> evidence
};

ActorGraph BuildActorGraph(const KnowledgeGraph& kg) {
  const Graph& g = kg.graph();
  ActorGraph a;
  for (Vertex v = 0; v < kg.num_nodes(); ++v) {
    if (!std::holds_alternative<EntityNode>(g[v])) continue;
    a.actor_of[v] = a.entity_of.size();
    a.entity_of.push_back(v);
  }
  a.g = ActorGraph::G(a.entity_of.size());
  auto link = [&](Vertex x, Vertex y, PathStep step) {
    if (x == y) return;
    std::size_t p = a.actor_of.at(x), q = a.actor_of.at(y);
    auto key = std::minmax(p, q);
    if (a.links.count(key)) return;
    step.from = x;
    step.to = y;
    a.links.emplace(key, std::move(step));
    boost::add_edge(key.first, key.second, a.g);
  };
  for (Vertex v = 0; v < kg.num_nodes(); ++v) {
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      const EdgeData& d = g[*it];
      if (d.kind != EdgeKind::kRelation) continue;
      PathStep s;
      s.link = d.predicate.str() +
               (d.role.empty() || d.role == d.predicate ? "" : " (" + d.role.str() + ")");
      if (!d.evidence.empty()) {
        s.evidence = d.evidence.front().sentence;
        s.article = d.evidence.front().article;
      } else if (!d.articles.empty()) {
        s.article = *d.articles.begin();
      }
      link(v, boost::target(*it, g), s);
    }
    if (auto* st = std::get_if<StatementNode>(&g[v])) {
      std::vector<Vertex> speakers, about;
      for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
        if (g[*it].kind == EdgeKind::kSaid) speakers.push_back(boost::source(*it, g));
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
        if (g[*it].kind == EdgeKind::kAbout) about.push_back(boost::target(*it, g));
      std::sort(about.begin(), about.end());
      PathStep s;
      s.evidence = st->text;
      s.article = st->article;
      s.link = "said about";
      for (Vertex sp : speakers)
        for (Vertex ab : about) link(sp, ab, s);
      s.link = "in one statement";
      for (std::size_t i = 0; i < about.size(); ++i)
        for (std::size_t j = i + 1; j < about.size(); ++j) link(about[i], about[j], s);
    }
  }
  return a;
}

}  // namespace

std::string ArticleDay(const KnowledgeGraph& kg, std::string_view article_id) {
  auto v = kg.FindArticle(article_id);
  if (!v) return {};
  const std::string_view d = std::get<ArticleNode>(kg.graph()[*v]).date;
  return std::string(d.substr(0, std::min<std::size_t>(10, d.size())));
}

std::vector<Vertex> ClosestEntities(const KnowledgeGraph& kg, std::string_view name,
                                    std::size_t limit) {
  const std::string key = NormalizeName(name);
  const std::vector<std::string> words = Tokens(key);
  // (shared words desc, edit distance asc, mentions desc, vertex) over every name of each entity.
  std::vector<std::tuple<long, std::size_t, long, Vertex>> scored;
  const Graph& g = kg.graph();
  for (Vertex v = 0; v < kg.num_nodes(); ++v) {
    const auto* e = std::get_if<EntityNode>(&g[v]);
    if (!e) continue;
    long best_shared = 0;
    std::size_t best_dist = SIZE_MAX;
    for (const std::string& n : NormalizedNames(*e)) {
      const std::vector<std::string> nw = Tokens(n);
      long shared = 0;
      for (const auto& w : words)
        if (std::find(nw.begin(), nw.end(), w) != nw.end()) ++shared;
      best_shared = std::max(best_shared, shared);
      best_dist = std::min(best_dist, EditDistance(key, n));
      // A misspelt word still counts as shared when it is one or two edits from a name's word.
      for (const auto& w : words)
        for (const auto& x : nw)
          if (w.size() > 3 && EditDistance(w, x) <= 2) best_dist = std::min(best_dist, EditDistance(w, x));
    }
    if (best_shared == 0 && best_dist > std::max<std::size_t>(2, key.size() / 3)) continue;
    scored.emplace_back(-best_shared, best_dist, -static_cast<long>(e->mention_count), v);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<Vertex> out;
  for (std::size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(std::get<3>(scored[i]));
  return out;
}

Result<Vertex> ResolveEntity(const KnowledgeGraph& kg, std::string_view name) {
  std::vector<Vertex> found = kg.FindEntities(name);
  const std::string key = NormalizeName(name);
  if (found.size() > 1) {
    std::vector<Vertex> canonical;
    for (Vertex v : found)
      if (NormalizeName(AsEntity(kg, v)->name) == key) canonical.push_back(v);
    if (canonical.size() == 1) found = canonical;
  }
  if (found.size() == 1) return found.front();
  std::vector<std::string> listed;
  if (found.empty()) {
    for (Vertex v : ClosestEntities(kg, name)) listed.push_back(Describe(kg, v));
    std::string m = "no entity named '" + std::string(name) + "'";
    if (!listed.empty()) m += "; closest: " + Join(listed, ", ");
    return Status::Error(m);
  }
  for (Vertex v : found) listed.push_back(Describe(kg, v));
  return Status::Error("'" + std::string(name) + "' names " + std::to_string(found.size()) +
                       " entities: " + Join(listed, ", ") + "; use the full name");
}

std::vector<std::string> RolesOf(const KnowledgeGraph& kg, Vertex entity) {
  const Graph& g = kg.graph();
  std::vector<std::string> out;
  for (auto [it, end] = boost::out_edges(entity, g); it != end; ++it) {
    const EdgeData& d = g[*it];
    if (d.kind != EdgeKind::kRelation || (d.predicate != "heads" && d.predicate != "memberOf"))
      continue;
    std::string title = d.role.empty() ? (d.predicate == "heads" ? "head" : "member") : d.role.str();
    out.push_back(title + " of " + AsEntity(kg, boost::target(*it, g))->name);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<StatementRow> Said(const KnowledgeGraph& kg, const SaidFilter& f) {
  const Graph& g = kg.graph();
  std::set<Vertex> org_people;
  if (f.org) {
    for (auto [it, end] = boost::in_edges(*f.org, g); it != end; ++it) {
      const EdgeData& d = g[*it];
      if (d.kind == EdgeKind::kRelation && (d.predicate == "heads" || d.predicate == "memberOf"))
        org_people.insert(boost::source(*it, g));
    }
  }
  std::vector<StatementRow> rows;
  for (Vertex v = 0; v < kg.num_nodes(); ++v) {
    const auto* s = std::get_if<StatementNode>(&g[v]);
    if (!s) continue;
    std::set<Vertex> speakers, about;
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kSaid) speakers.insert(boost::source(*it, g));
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kAbout) about.insert(boost::target(*it, g));
    if (f.by && !speakers.count(*f.by)) continue;
    if (f.about && !about.count(*f.about)) continue;
    if (f.org) {
      bool any = false;
      for (Vertex sp : speakers) any = any || org_people.count(sp) || sp == *f.org;
      if (!any) continue;
    }
    if (!InRange(ArticleDay(kg, s->article), f.since, f.until)) continue;
    rows.push_back(MakeStatementRow(kg, v));
  }
  SortRows<StatementRow, StatementNode>(kg, rows, &StatementRow::statement);
  return rows;
}

std::string FigureValue(const FigureNode& f) {
  auto num = [](double v) {
    if (!std::isfinite(v)) return std::string("?");
    if (v != std::floor(v) || std::fabs(v) >= 1e15) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", v);
      return std::string(buf);
    }
    std::string digits = std::to_string(static_cast<long long>(std::fabs(v))), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return v < 0 ? "-" + out : out;
  };
  std::string n;
  if (f.value) n = num(*f.value);
  else if (f.min_value && f.max_value) n = num(*f.min_value) + "\xE2\x80\x93" + num(*f.max_value);
  else if (f.min_value) n = "at least " + num(*f.min_value);
  else if (f.max_value) n = "at most " + num(*f.max_value);
  else return f.text.str();
  return f.qualifier.empty() ? n : f.qualifier.str() + " " + n;
}

std::vector<FigureRow> Figures(const KnowledgeGraph& kg, const FigureFilter& f) {
  const Graph& g = kg.graph();
  std::set<std::string> about_names;
  if (f.about) about_names = NormalizedNames(*AsEntity(kg, *f.about));
  const std::string unit = NormalizeName(f.unit);
  std::vector<FigureRow> rows;
  for (Vertex v = 0; v < kg.num_nodes(); ++v) {
    const auto* fig = std::get_if<FigureNode>(&g[v]);
    if (!fig) continue;
    if (f.reported_by && !Reporters(kg, v).count(*f.reported_by)) continue;
    if (!unit.empty() && !ContainsWords(NormalizeName(fig->unit), unit)) continue;
    if (f.about) {
      bool about = false;
      for (auto [it, end] = boost::in_edges(v, g); it != end && !about; ++it) {
        if (g[*it].kind != EdgeKind::kReports) continue;
        for (auto [jt, jend] = boost::out_edges(boost::source(*it, g), g); jt != jend; ++jt)
          if (g[*jt].kind == EdgeKind::kAbout && boost::target(*jt, g) == *f.about) about = true;
      }
      for (const Evidence& e : fig->evidence) {
        if (about) break;
        const std::string text =
            NormalizeName(e.sentence.empty() ? std::string_view(fig->text) : e.sentence.view());
        for (const std::string& n : about_names) about = about || ContainsWords(text, n);
      }
      if (!about) continue;
    }
    if (!InRange(ArticleDay(kg, fig->article), f.since, f.until)) continue;
    rows.push_back(MakeFigureRow(kg, v));
  }
  SortRows<FigureRow, FigureNode>(kg, rows, &FigureRow::figure);
  return rows;
}

EntityProfile Profile(const KnowledgeGraph& kg, Vertex v) {
  const Graph& g = kg.graph();
  const EntityNode& e = *AsEntity(kg, v);
  EntityProfile p;
  p.entity = v;
  p.name = e.name;
  p.type = std::string(SchemaName(e.type));
  p.aliases.assign(e.aliases.begin(), e.aliases.end());
  p.roles = RolesOf(kg, v);
  for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
    const EdgeData& d = g[*it];
    if (d.kind != EdgeKind::kRelation) continue;
    const std::string& other = AsEntity(kg, boost::target(*it, g))->name;
    if (d.predicate == "partOf") p.part_of.push_back(other);
    else if (d.predicate != "heads" && d.predicate != "memberOf")
      p.other.push_back({d.predicate.str(), d.role.str(), other});
  }
  for (auto [it, end] = boost::in_edges(v, g); it != end; ++it) {
    const EdgeData& d = g[*it];
    const Vertex s = boost::source(*it, g);
    if (d.kind == EdgeKind::kMentions) {
      const auto& a = std::get<ArticleNode>(g[s]);
      p.articles.push_back({a.id, ArticleDay(kg, a.id), a.headline.str(), a.publisher.str()});
    }
    if (d.kind != EdgeKind::kRelation) continue;
    const std::string who =
        AsEntity(kg, s)->name + (d.role.empty() ? "" : " (" + d.role.str() + ")");
    if (d.predicate == "heads") p.headed_by.push_back(who);
    else if (d.predicate == "memberOf") p.members.push_back(who);
    else if (d.predicate == "partOf")
      p.other.push_back({"has part", d.role.str(), AsEntity(kg, s)->name});
    else p.other.push_back({d.predicate.str() + " (by)", d.role.str(), AsEntity(kg, s)->name});
  }
  for (auto* list : {&p.part_of, &p.headed_by, &p.members}) std::sort(list->begin(), list->end());
  std::sort(p.other.begin(), p.other.end(), [](const Related& a, const Related& b) {
    return std::tie(a.predicate, a.name, a.role) < std::tie(b.predicate, b.name, b.role);
  });
  std::sort(p.articles.begin(), p.articles.end(), [](const ArticleRow& a, const ArticleRow& b) {
    return std::tie(a.date, a.id) < std::tie(b.date, b.id);
  });
  SaidFilter sf;
  sf.by = v;
  p.statements = Said(kg, sf);
  FigureFilter ff;
  ff.reported_by = v;
  p.figures = Figures(kg, ff);
  std::tie(p.first_seen, p.last_seen) = kg.SeenRange(v);
  return p;
}

std::vector<PathStep> ShortestPath(const KnowledgeGraph& kg, Vertex a, Vertex b) {
  if (a == b) return {};
  ActorGraph ag = BuildActorGraph(kg);
  const std::size_t n = ag.entity_of.size();
  std::vector<std::size_t> pred(n);
  for (std::size_t i = 0; i < n; ++i) pred[i] = i;
  const std::size_t start = ag.actor_of.at(a), goal = ag.actor_of.at(b);
  boost::breadth_first_search(
      ag.g, start,
      boost::visitor(boost::make_bfs_visitor(
          boost::record_predecessors(pred.data(), boost::on_tree_edge()))));
  if (pred[goal] == goal) return {};
  std::vector<PathStep> steps;
  for (std::size_t cur = goal; cur != start; cur = pred[cur]) {
    const std::size_t prev = pred[cur];
    PathStep s = ag.links.at(std::minmax(prev, cur));
    // Orient the step along the path; a relation walked backwards says so.
    if (s.from != ag.entity_of[prev]) {
      if (s.link != "in one statement") s.link += " (reverse)";
      std::swap(s.from, s.to);
    }
    steps.push_back(std::move(s));
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

std::vector<CentralityRow> TopActors(const KnowledgeGraph& kg, std::optional<EntityType> type,
                                     std::size_t limit) {
  ActorGraph ag = BuildActorGraph(kg);
  const std::size_t n = ag.entity_of.size();
  std::vector<double> centrality(n, 0.0);
  if (n > 0) {
    boost::brandes_betweenness_centrality(
        ag.g, boost::centrality_map(boost::make_iterator_property_map(
                  centrality.begin(), boost::get(boost::vertex_index, ag.g))));
    // Undirected: Boost counts each pair twice; normalise by the (n-1)(n-2)/2 pairs.
    const double pairs = n > 2 ? static_cast<double>(n - 1) * static_cast<double>(n - 2) : 1.0;
    for (double& c : centrality) c = c / pairs;
  }
  std::vector<CentralityRow> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const EntityNode& e = *AsEntity(kg, ag.entity_of[i]);
    if (type && e.type != *type) continue;
    CentralityRow r;
    r.entity = ag.entity_of[i];
    r.name = e.name;
    r.type = std::string(SchemaName(e.type));
    r.degree = boost::degree(i, ag.g);
    r.betweenness = std::round(centrality[i] * 1e6) / 1e6;  // stable digits across platforms
    r.mentions = e.mention_count;
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const CentralityRow& a, const CentralityRow& b) {
    return std::make_tuple(-a.betweenness, -static_cast<long>(a.degree), -static_cast<long>(a.mentions), a.name, a.entity) <
           std::make_tuple(-b.betweenness, -static_cast<long>(b.degree), -static_cast<long>(b.mentions), b.name, b.entity);
  });
  if (limit > 0 && rows.size() > limit) rows.resize(limit);
  return rows;
}

}  // namespace newsgraph
