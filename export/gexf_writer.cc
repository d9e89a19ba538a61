#include "export/gexf_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <vector>

#include "export/atomic_file.h"
#include "export/graphml_writer.h"
#include "export/xml_util.h"

namespace newsgraph::exporters {
namespace {

struct Attr {
  std::string_view id, type;
};

constexpr Attr kNodeAttrs[] = {
    {"kind", "string"},      {"type", "string"},      {"iri", "string"},
    {"aliases", "string"},   {"mentions", "integer"}, {"articles", "integer"},
    {"first_seen", "string"}, {"last_seen", "string"}, {"text", "string"},
    {"cue", "string"},       {"direct", "boolean"},   {"value", "double"},
    {"min", "double"},       {"max", "double"},       {"qualifier", "string"},
    {"unit", "string"},      {"article", "string"},   {"headline", "string"},
    {"date", "string"},      {"publisher", "string"}, {"url", "string"},
};
constexpr Attr kEdgeAttrs[] = {
    {"role", "string"}, {"articles", "string"}, {"evidence", "string"}};

std::string Double(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void Raw(std::string_view s) { buf_ += s; }
  void Attr(std::string_view name, std::string_view value) {
    buf_ += ' ';
    buf_ += name;
    buf_ += "=\"";
    AppendXmlEscaped(buf_, value, true);
    buf_ += '"';
  }
  // Collects one attvalue; EndValues writes them (an empty <attvalues> is not valid GEXF).
  void Value(std::string_view id, std::string_view value) {
    if (value.empty()) return;
    values_ += "          <attvalue for=\"";
    AppendXmlEscaped(values_, id, true);
    values_ += "\" value=\"";
    AppendXmlEscaped(values_, value, true);
    values_ += "\"/>\n";
  }
  void EndValues() {
    if (values_.empty()) return;
    buf_ += "        <attvalues>\n";
    buf_ += values_;
    buf_ += "        </attvalues>\n";
    values_.clear();
  }
  void Interval(const std::string& first, const std::string& last) {
    if (first.empty()) return;
    Attr("start", first);
    Attr("end", last);
  }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  std::ostream& out_;
  std::string buf_, values_;
};

template <typename Strings>  // a std::set<std::string> or an entity's AliasSet: sorted strings
std::string Join(const Strings& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " | ") + s;
  return out;
}

void WriteNode(Writer& w, const KnowledgeGraph& kg, Vertex v, const std::string& iri) {
  const Graph& g = kg.graph();
  const NodeData& node = g[v];
  long long mentions = 0;
  if (auto* e = std::get_if<EntityNode>(&node)) {
    mentions = static_cast<long long>(e->mention_count);
  } else if (auto* s = std::get_if<StatementNode>(&node)) {
    mentions = static_cast<long long>(s->evidence.size());
  } else if (auto* f = std::get_if<FigureNode>(&node)) {
    mentions = static_cast<long long>(f->evidence.size());
  } else {
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kMentions)
        mentions += static_cast<long long>(g[*it].evidence.size());
  }
  auto [first, last] = kg.SeenRange(v);
  w.Raw("      <node");
  w.Attr("id", GraphMLNodeId(iri));
  w.Attr("label", NodeLabel(node));
  w.Interval(first, last);
  w.Raw(">\n");
  w.Value("kind", NodeKindName(node));
  w.Value("type", NodeTypeName(node));
  w.Value("iri", iri);
  w.Value("mentions", std::to_string(mentions));
  w.Value("articles", std::to_string(kg.ArticleCount(v)));
  w.Value("first_seen", first);
  w.Value("last_seen", last);
  if (auto* e = std::get_if<EntityNode>(&node)) {
    w.Value("aliases", Join(e->aliases));
  } else if (auto* s = std::get_if<StatementNode>(&node)) {
    w.Value("text", s->text);
    w.Value("cue", s->cue);
    w.Value("direct", s->direct ? "true" : "false");
    w.Value("article", s->article);
  } else if (auto* f = std::get_if<FigureNode>(&node)) {
    w.Value("text", f->text);
    if (f->value && std::isfinite(*f->value)) w.Value("value", Double(*f->value));
    if (f->min_value && std::isfinite(*f->min_value)) w.Value("min", Double(*f->min_value));
    if (f->max_value && std::isfinite(*f->max_value)) w.Value("max", Double(*f->max_value));
    w.Value("qualifier", f->qualifier);
    w.Value("unit", f->unit);
    w.Value("article", f->article);
  } else if (auto* a = std::get_if<ArticleNode>(&node)) {
    w.Value("headline", a->headline);
    w.Value("date", a->date);
    w.Value("publisher", a->publisher);
    w.Value("url", a->url);
  }
  w.EndValues();
  const Rgb c = NodeColor(node);
  w.Raw("        <viz:color r=\"" + std::to_string(c.r) + "\" g=\"" + std::to_string(c.g) +
        "\" b=\"" + std::to_string(c.b) + "\"/>\n");
  // The GraphML writer's rule: entities grow with their mentions, logarithmically.
  const double base = std::holds_alternative<EntityNode>(node) ? 10.0 : 6.0;
  const double size =
      std::round((base + 6.0 * std::log2(1.0 + static_cast<double>(mentions))) * 100) / 100;
  w.Raw("        <viz:size value=\"" + Double(size) + "\"/>\n      </node>\n");
}

struct MergedEdge {
  std::string role;
  std::set<std::string> articles;
  std::string evidence;
};

}  // namespace

Status WriteGexf(const KnowledgeGraph& kg, std::ostream& out) {
  const Graph& g = kg.graph();
  const std::vector<std::string> iris = kg.StableIds();
  std::vector<std::string> ids(iris.size());
  for (std::size_t v = 0; v < iris.size(); ++v) ids[v] = GraphMLNodeId(iris[v]);

  Writer w(out);
  w.Raw(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
      "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\"\n"
      "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      "    xsi:schemaLocation=\"http://www.gexf.net/1.2draft "
      "http://www.gexf.net/1.2draft/gexf.xsd\" version=\"1.2\">\n"
      "  <meta>\n    <creator>newsgraph</creator>\n"
      "    <description>Knowledge graph of news articles: entities, statements, figures"
      "</description>\n  </meta>\n"
      "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n");
  for (const auto& [cls, attrs] :
       {std::pair{std::string_view("node"), std::span<const Attr>(kNodeAttrs)},
        std::pair{std::string_view("edge"), std::span<const Attr>(kEdgeAttrs)}}) {
    w.Raw("    <attributes class=\"");
    w.Raw(cls);
    w.Raw("\" mode=\"static\">\n");
    for (const Attr& a : attrs) {
      w.Raw("      <attribute");
      w.Attr("id", a.id);
      w.Attr("title", a.id);
      w.Attr("type", a.type);
      w.Raw("/>\n");
    }
    w.Raw("    </attributes>\n");
  }

  std::vector<Vertex> order(iris.size());
  for (std::size_t v = 0; v < order.size(); ++v) order[v] = v;
  std::sort(order.begin(), order.end(), [&](Vertex a, Vertex b) { return ids[a] < ids[b]; });
  w.Raw("    <nodes>\n");
  for (Vertex v : order) {
    WriteNode(w, kg, v, iris[v]);
    w.Flush();
  }
  w.Raw("    </nodes>\n    <edges>\n");

  // One edge per (source, target, label), as in the GraphML export.
  std::map<std::tuple<std::string, std::string, std::string>, MergedEdge> edges;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const EdgeData& d = g[*it];
    MergedEdge& m =
        edges[{ids[boost::source(*it, g)], ids[boost::target(*it, g)], EdgeLabel(d)}];
    if (m.role.empty()) m.role = d.role;
    m.articles.insert(d.articles.begin(), d.articles.end());
    for (const Evidence& ev : d.evidence)
      if (m.evidence.empty() && !ev.sentence.empty()) m.evidence = TruncateText(ev.sentence, 300);
  }
  // Article id -> publication day, for the edges' intervals.
  std::map<std::string, std::string> day;
  for (Vertex v = 0; v < iris.size(); ++v)
    if (auto* a = std::get_if<ArticleNode>(&g[v]); a && !a->date.empty())
      day[a->id] = std::string(a->date.view().substr(0, 10));
  std::size_t n = 0;
  for (const auto& [key, m] : edges) {
    const auto& [source, target, label] = key;
    std::string first, last;
    for (const std::string& a : m.articles) {
      auto it = day.find(a);
      if (it == day.end()) continue;
      if (first.empty() || it->second < first) first = it->second;
      if (last.empty() || it->second > last) last = it->second;
    }
    w.Raw("      <edge");
    w.Attr("id", "e" + std::to_string(n++));
    w.Attr("source", source);
    w.Attr("target", target);
    w.Attr("label", label);
    w.Attr("weight", Double(static_cast<double>(std::max<std::size_t>(1, m.articles.size()))));
    w.Interval(first, last);
    w.Raw(">\n");
    w.Value("role", m.role);
    w.Value("articles", Join(m.articles));
    w.Value("evidence", m.evidence);
    w.EndValues();
    w.Raw("      </edge>\n");
    w.Flush();
  }
  w.Raw("    </edges>\n  </graph>\n</gexf>\n");
  w.Flush();
  out.flush();
  if (!out) return Status::Error("cannot write GEXF: the output stream failed");
  return Status::Ok();
}

Status WriteGexfFile(const KnowledgeGraph& kg, const std::string& path) {
  return WriteFileAtomically(path, [&](std::ostream& os) { return WriteGexf(kg, os); });
}

}  // namespace newsgraph::exporters
