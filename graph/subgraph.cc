#include "graph/subgraph.h"

#include <deque>
#include <vector>

#include "graph/query.h"

namespace newsgraph {

KnowledgeGraph Subgraph(const KnowledgeGraph& kg, const SubgraphOptions& o) {
  const Graph& g = kg.graph();
  const std::size_t n = kg.num_nodes();
  std::vector<char> keep(n, 1);

  // Dates first: what happened outside the range is not there at all.
  if (!o.since.empty() || !o.until.empty()) {
    auto in_range = [&](std::string_view article) {
      const std::string day = ArticleDay(kg, article);
      if (day.empty()) return false;
      return (o.since.empty() || day >= o.since) && (o.until.empty() || day <= o.until);
    };
    for (Vertex v = 0; v < n; ++v) {
      if (auto* a = std::get_if<ArticleNode>(&g[v])) keep[v] = in_range(a->id);
      if (auto* s = std::get_if<StatementNode>(&g[v])) keep[v] = in_range(s->article);
      if (auto* f = std::get_if<FigureNode>(&g[v])) keep[v] = in_range(f->article);
    }
    for (Vertex v = 0; v < n; ++v) {
      if (!std::holds_alternative<EntityNode>(g[v])) continue;
      bool mentioned = false;
      for (auto [it, end] = boost::in_edges(v, g); it != end && !mentioned; ++it)
        mentioned = g[*it].kind == EdgeKind::kMentions && keep[boost::source(*it, g)];
      keep[v] = mentioned;
    }
  }
  if (!o.types.empty()) {
    for (Vertex v = 0; v < n; ++v)
      if (auto* e = std::get_if<EntityNode>(&g[v]); e && !o.types.count(e->type)) keep[v] = 0;
  }
  if (o.focus) {
    // Breadth-first over kept nodes only, so that "persons within two hops" means through
    // persons (and their statements), not through what another filter removed.
    std::vector<std::size_t> dist(n, SIZE_MAX);
    std::deque<Vertex> queue;
    if (keep[*o.focus]) {
      dist[*o.focus] = 0;
      queue.push_back(*o.focus);
    }
    auto visit = [&](Vertex from, Vertex to, const EdgeData& d) {
      if (d.kind == EdgeKind::kMentions || !keep[to] || dist[to] != SIZE_MAX) return;
      dist[to] = dist[from] + 1;
      if (dist[to] < o.depth) queue.push_back(to);
    };
    while (!queue.empty()) {
      const Vertex v = queue.front();
      queue.pop_front();
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
        visit(v, boost::target(*it, g), g[*it]);
      for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
        visit(v, boost::source(*it, g), g[*it]);
    }
    for (Vertex v = 0; v < n; ++v)
      if (!std::holds_alternative<ArticleNode>(g[v]) && dist[v] == SIZE_MAX) keep[v] = 0;
  }
  if (o.top > 0) {
    std::size_t taken = 0;
    std::vector<char> top(n, 0);
    for (const CentralityRow& r : TopActors(kg, std::nullopt, 0)) {
      if (!keep[r.entity]) continue;
      top[r.entity] = 1;
      if (++taken == o.top) break;
    }
    for (Vertex v = 0; v < n; ++v)
      if (std::holds_alternative<EntityNode>(g[v])) keep[v] = top[v];
  }

  // Statements and figures go with the entities they belong to; articles with what they hold.
  auto kept_source = [&](Vertex v, EdgeKind kind) {
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
      if (g[*it].kind == kind && keep[boost::source(*it, g)]) return true;
    return false;
  };
  for (Vertex v = 0; v < n; ++v) {
    if (!keep[v] || !std::holds_alternative<StatementNode>(g[v])) continue;
    bool has_speaker = false;
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kSaid) has_speaker = true;
    bool about_kept = false;
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kAbout && keep[boost::target(*it, g)]) about_kept = true;
    keep[v] = has_speaker ? kept_source(v, EdgeKind::kSaid) : about_kept;
  }
  for (Vertex v = 0; v < n; ++v)
    if (keep[v] && std::holds_alternative<FigureNode>(g[v]))
      keep[v] = kept_source(v, EdgeKind::kReports);
  std::set<std::string> held;  // articles of kept statements and figures
  for (Vertex v = 0; v < n; ++v) {
    if (!keep[v]) continue;
    if (auto* s = std::get_if<StatementNode>(&g[v])) held.insert(s->article.str());
    if (auto* f = std::get_if<FigureNode>(&g[v])) held.insert(f->article.str());
  }
  for (Vertex v = 0; v < n; ++v) {
    auto* a = std::get_if<ArticleNode>(&g[v]);
    if (!a || !keep[v] || held.count(a->id)) continue;
    bool mentions = false;
    for (auto [it, end] = boost::out_edges(v, g); it != end && !mentions; ++it)
      mentions = g[*it].kind == EdgeKind::kMentions && keep[boost::target(*it, g)];
    keep[v] = mentions;
  }

  KnowledgeGraph out;
  std::vector<Vertex> new_of(n);
  for (Vertex v = 0; v < n; ++v)
    if (keep[v]) new_of[v] = out.RestoreNode(g[v]);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const Vertex s = boost::source(*it, g), t = boost::target(*it, g);
    if (keep[s] && keep[t]) (void)out.RestoreEdge(new_of[s], new_of[t], g[*it]);
  }
  return out;
}

}  // namespace newsgraph
