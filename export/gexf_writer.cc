#include "export/gexf_writer.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <span>
#include <vector>

#include "export/atomic_file.h"
#include "export/graphml_writer.h"
#include "export/xml_chunks.h"
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

// Appends to a chunk's text (xml_chunks.h) or another buffer the caller hands to the stream.
class Writer {
 public:
  explicit Writer(std::string& buf) : buf_(buf) {}
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
  void Interval(std::string_view first, std::string_view last) {
    if (first.empty()) return;
    Attr("start", first);
    Attr("end", last);
  }
  std::size_t size() const { return buf_.size(); }

 private:
  std::string& buf_;
  std::string values_;
};

template <typename Strings>  // sorted strings: an entity's AliasSet, an edge's articles
std::string Join(const Strings& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += " | ";
    out += s;
  }
  return out;
}

void WriteNode(Writer& w, const KnowledgeGraph& kg, Vertex v, const std::string& iri,
               const std::string& id) {
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
  w.Attr("id", id);
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

// Article id -> publication day (the first ten bytes of its date), for the edges' intervals.
using Days = absl::flat_hash_map<std::string_view, std::string_view>;

// One edge per (source, target, label) out of `v`, in (target id, label) order, as in the
// GraphML export: the first role and sentence (in insertion order) win, articles are joined.
// The edge's number goes where its chunk left room (xml_chunks.h).
void WriteEdges(Writer& w, std::vector<std::size_t>& number_at, const Graph& g,
                const XmlIdOrder& l, const Days& day, Vertex v, std::vector<Edge>& out_edges) {
  EdgesInIdOrder(g, l, v, out_edges);
  std::vector<std::string_view> articles;
  for (std::size_t i = 0; i < out_edges.size();) {
    const Vertex target = boost::target(out_edges[i], g);
    const std::string_view label = EdgeLabelView(g[out_edges[i]]);
    std::string_view role;
    std::string evidence;
    articles.clear();
    std::size_t j = i;
    for (; j < out_edges.size() && boost::target(out_edges[j], g) == target &&
           EdgeLabelView(g[out_edges[j]]) == label;
         ++j) {
      const EdgeData& d = g[out_edges[j]];
      if (role.empty()) role = d.role;
      for (const SharedString& a : d.articles) articles.push_back(a.view());
      for (const Evidence& ev : d.evidence)
        if (evidence.empty() && !ev.sentence.empty()) evidence = TruncateText(ev.sentence, 300);
    }
    std::sort(articles.begin(), articles.end());
    articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
    std::string_view first, last;
    for (std::string_view a : articles) {
      auto it = day.find(a);
      if (it == day.end()) continue;
      if (first.empty() || it->second < first) first = it->second;
      if (last.empty() || it->second > last) last = it->second;
    }
    w.Raw("      <edge id=\"e");
    number_at.push_back(w.size());
    w.Raw("\"");
    w.Attr("source", l.ids[v]);
    w.Attr("target", l.ids[target]);
    w.Attr("label", label);
    w.Attr("weight", Double(static_cast<double>(std::max<std::size_t>(1, articles.size()))));
    w.Interval(first, last);
    w.Raw(">\n");
    w.Value("role", role);
    w.Value("articles", Join(articles));
    w.Value("evidence", evidence);
    w.EndValues();
    w.Raw("      </edge>\n");
    i = j;
  }
}

}  // namespace

Status WriteGexf(const KnowledgeGraph& kg, std::ostream& out) {
  const Graph& g = kg.graph();
  const XmlIdOrder l = MakeXmlIdOrder(kg);
  const std::size_t n = l.order.size();
  Days day;
  for (Vertex v = 0; v < n; ++v)
    if (auto* a = std::get_if<ArticleNode>(&g[v]); a && !a->date.empty())
      day.insert_or_assign(std::string_view(a->id), a->date.view().substr(0, 10));

  std::string text;
  Writer w(text);
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
  w.Raw("    <nodes>\n");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));

  // Nodes in id order, then edges by source in id order, on the threads (xml_chunks.h); the
  // first chunk of edges opens <edges>.
  WriteXmlChunks(out, kg.graph(), l, [&](XmlChunk& c) {
    Writer cw(c.text);
    if (c.edges && c.begin == 0) cw.Raw("    </nodes>\n    <edges>\n");
    std::vector<Edge> scratch;
    for (std::size_t i = c.begin; i < c.end; ++i) {
      const Vertex v = l.order[i];
      if (c.edges) {
        WriteEdges(cw, c.number_at, g, l, day, v, scratch);
      } else {
        WriteNode(cw, kg, v, l.iris[v], l.ids[v]);
      }
    }
  });
  if (n == 0) out << "    </nodes>\n    <edges>\n";
  out << "    </edges>\n  </graph>\n</gexf>\n";
  out.flush();
  if (!out) return Status::Error("cannot write GEXF: the output stream failed");
  return Status::Ok();
}

Status WriteGexfFile(const KnowledgeGraph& kg, const std::string& path) {
  return WriteFileAtomically(path, [&](std::ostream& os) { return WriteGexf(kg, os); });
}

}  // namespace newsgraph::exporters
