#include "export/dot_writer.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>
#include <vector>

#include "export/atomic_file.h"
#include "export/graphml_writer.h"

namespace newsgraph::exporters {
namespace {

constexpr const char* kLayouts[] = {"dot", "neato", "fdp", "sfdp"};

// Graphviz's error handler and level are process-wide, and gvc is not reentrant.
std::mutex& GraphvizMutex() {
  static std::mutex m;
  return m;
}

// Graphviz reports errors through a global callback, in pieces ("Error", ": ", message).
// While one of our calls runs, they are collected here instead of going to stderr.
std::string* g_errors = nullptr;  // guarded by GraphvizMutex()

int CollectError(char* message) {
  if (g_errors) *g_errors += message;
  return 0;
}

class ErrorCapture {
 public:
  ErrorCapture() : old_handler_(agseterrf(CollectError)), old_level_(agseterr(AGERR)) {
    g_errors = &text_;
    agreseterrors();
  }
  ~ErrorCapture() {
    g_errors = nullptr;
    agseterrf(old_handler_);
    agseterr(old_level_);
  }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  // The collected messages on one line, or `fallback` when Graphviz said nothing.
  std::string Text(const std::string& fallback) const {
    std::string out;
    for (char c : text_) {
      if (c == '\n') c = ' ';
      out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out.empty() ? fallback : out;
  }

 private:
  std::string text_;
  agusererrf old_handler_;
  agerrlevel_t old_level_;
};

// cgraph writes through an I/O discipline; this one targets the std::ostream passed to agwrite
// as its channel, so DOT text goes through WriteFileAtomically like every other export.
int PutStr(void* chan, const char* s) {
  auto* os = static_cast<std::ostream*>(chan);
  *os << s;
  return *os ? 0 : EOF;
}
int FlushStream(void* chan) {
  auto* os = static_cast<std::ostream*>(chan);
  os->flush();
  return *os ? 0 : EOF;
}
Agiodisc_t kStreamIo = {nullptr, PutStr, FlushStream};
Agdisc_t kStreamDisc = {&AgMemDisc, &AgIdDisc, &kStreamIo};

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

// cgraph's API predates const; it copies every string it is given.
char* C(const std::string& s) { return const_cast<char*>(s.c_str()); }
char* C(const char* s) { return const_cast<char*>(s); }

void Set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, C(name), C(value), C(""));
}
void Default(Agraph_t* g, int kind, const char* name, const char* value) {
  agattr(g, kind, C(name), C(value));
}

// Labels are escStrings: "\N", "\G", "\l" and "\n" are directives, so a backslash of the text
// must be doubled. Line breaks are inserted as "\n" between words, at about `width` code points.
std::string LabelValue(const std::string& text, std::size_t width = 24) {
  std::string out;
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string word = text.substr(i, j - i);
    std::size_t chars = 0;
    for (unsigned char c : word) chars += (c & 0xC0) != 0x80;
    if (line > 0 && line + 1 + chars > width) {
      out += "\\n";
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    for (char c : word) {
      if (c == '\\') out += '\\';
      out += c;
    }
    line += chars;
    i = j + 1;
  }
  return out;
}

std::string Hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

Rgb Tint(Rgb c) {
  auto t = [](int x) { return x + (255 - x) * 7 / 10; };
  return {t(c.r), t(c.g), t(c.b)};
}

struct Look {
  const char* shape;
  const char* style;
};

Look LookOf(const NodeData& node) {
  if (auto* e = std::get_if<EntityNode>(&node)) {
    switch (e->type) {
      case EntityType::kPerson:
        return {"ellipse", "filled"};
      case EntityType::kGovernmentOrganization:
        return {"box", "filled"};
      case EntityType::kNewsMediaOrganization:
        return {"tab", "filled"};
      case EntityType::kOrganization:
        return {"box", "rounded,filled"};
      case EntityType::kCountry:
        return {"doubleoctagon", "filled"};
      case EntityType::kPlace:
        return {"hexagon", "filled"};
    }
  }
  if (std::holds_alternative<StatementNode>(node)) return {"note", "filled"};
  return {"box", "rounded,filled,dashed"};  // figures
}

void StyleNode(Agnode_t* n, const NodeData& node) {
  const Look look = LookOf(node);
  const Rgb c = NodeColor(node);
  Set(n, "shape", look.shape);
  Set(n, "style", look.style);
  Set(n, "color", Hex(c));
  Set(n, "fillcolor", Hex(Tint(c)));
}

// The tooltip (shown by SVG viewers) holds what the label had to cut.
std::string Tooltip(const NodeData& node) {
  std::string t;
  if (auto* e = std::get_if<EntityNode>(&node)) {
    t = std::string(SchemaName(e->type)) + ": " + e->name;
    for (const std::string& a : e->aliases) t += " | " + a;
  } else if (auto* s = std::get_if<StatementNode>(&node)) {
    t = s->text;
  } else if (auto* f = std::get_if<FigureNode>(&node)) {
    t = f->text;
  }
  return LabelValue(TruncateText(t, 500), 500);
}

struct EdgeLook {
  const char* style;
  const char* color;
};

EdgeLook EdgeLookOf(EdgeKind k) {
  switch (k) {
    case EdgeKind::kRelation:
      return {"solid", "#333333"};
    case EdgeKind::kSaid:
      return {"solid", "#8c8d1a"};
    case EdgeKind::kReports:
      return {"dashed", "#138d99"};
    case EdgeKind::kAbout:
      return {"dotted", "#888888"};
    case EdgeKind::kMentions:
      break;
  }
  return {"invis", "#ffffff"};
}

// One gvc context for the whole process, created on first use and never freed. Graphviz 2.43
// caches font names across contexts (textspan.c and the pango plugin): a second context after
// gvFreeContext() reads freed memory (AddressSanitizer shows it under neato after dot).
// gvContext() loads the plugins listed in the installed config (config6a of the graphviz
// package): the layouts, core (svg) and cairo/pango (png). Caller holds GraphvizMutex().
GVC_t* Context() {
  static GVC_t* gvc = gvContext();
  return gvc;
}

Status CheckLayout(const std::string& layout) {
  for (const char* l : kLayouts)
    if (layout == l) return Status::Ok();
  return Status::Error("unknown Graphviz layout '" + layout + "'; use dot, neato, fdp or sfdp");
}

// Builds the cgraph graph of the diagram. Caller holds GraphvizMutex().
GraphPtr BuildGraph(const KnowledgeGraph& kg, const DotOptions& options) {
  const Graph& g = kg.graph();
  const std::vector<std::string> ids = kg.StableIds();
  GraphPtr gv(agopen(C("newsgraph"), Agdirected, &kStreamDisc));
  Agraph_t* root = gv.get();

  Default(root, AGRAPH, "layout", options.layout.c_str());
  if (options.layout == "dot") {
    Default(root, AGRAPH, "rankdir", "LR");
    Default(root, AGRAPH, "ranksep", "0.5");
  } else {
    Default(root, AGRAPH, "overlap", "false");
    Default(root, AGRAPH, "sep", "+6");
  }
  Default(root, AGRAPH, "splines", "true");
  Default(root, AGRAPH, "nodesep", "0.25");
  Default(root, AGRAPH, "pad", "0.2");
  Default(root, AGRAPH, "bgcolor", "white");
  Default(root, AGRAPH, "fontname", "Helvetica");
  Default(root, AGRAPH, "fontsize", "10");
  Default(root, AGRAPH, "outputorder", "edgesfirst");
  Default(root, AGNODE, "fontname", "Helvetica");
  Default(root, AGNODE, "fontsize", "10");
  Default(root, AGNODE, "margin", "0.08,0.04");
  Default(root, AGEDGE, "fontname", "Helvetica");
  Default(root, AGEDGE, "fontsize", "8");
  Default(root, AGEDGE, "fontcolor", "#444444");
  Default(root, AGEDGE, "arrowsize", "0.7");

  // Nodes in id order, so that the same graph gives the same file.
  std::vector<Vertex> order;
  for (Vertex v = 0; v < kg.num_nodes(); ++v)
    if (!std::holds_alternative<ArticleNode>(g[v])) order.push_back(v);
  std::sort(order.begin(), order.end(), [&](Vertex a, Vertex b) { return ids[a] < ids[b]; });
  std::vector<Agnode_t*> node_of(kg.num_nodes(), nullptr);
  std::set<std::pair<int, std::string_view>> types_present;  // (legend order, type name)
  for (Vertex v : order) {
    const NodeData& node = g[v];
    Agnode_t* n = agnode(root, C(ids[v]), 1);
    node_of[v] = n;
    StyleNode(n, node);
    Set(n, "label", LabelValue(NodeLabel(node, options.max_label_chars)));
    Set(n, "tooltip", Tooltip(node));
    int rank = 100;
    if (auto* e = std::get_if<EntityNode>(&node))
      rank = static_cast<int>(e->type);
    else if (std::holds_alternative<StatementNode>(node))
      rank = 50;
    types_present.emplace(rank, NodeTypeName(node));
  }

  // Edges between shown nodes, one per (source, target, label).
  std::map<std::tuple<std::string, std::string, std::string>,
           std::tuple<Edge, std::set<std::string>>>
      edges;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const EdgeData& d = g[*it];
    const Vertex s = boost::source(*it, g), t = boost::target(*it, g);
    if (d.kind == EdgeKind::kMentions || !node_of[s] || !node_of[t]) continue;
    auto [pos, inserted] =
        edges.try_emplace({ids[s], ids[t], EdgeLabel(d)}, *it, std::set<std::string>{});
    std::get<1>(pos->second).insert(d.articles.begin(), d.articles.end());
  }
  for (const auto& [key, value] : edges) {
    const auto& [edge, articles] = value;
    const EdgeData& d = g[edge];
    Agedge_t* e =
        agedge(root, node_of[boost::source(edge, g)], node_of[boost::target(edge, g)], nullptr, 1);
    std::string label = std::get<2>(key);
    if (d.kind == EdgeKind::kRelation && !d.role.empty() && d.role != label)
      label += " (" + TruncateText(d.role, 30) + ")";
    if (d.kind != EdgeKind::kAbout) Set(e, "label", LabelValue(SanitizeUtf8(label, false), 40));
    const EdgeLook look = EdgeLookOf(d.kind);
    Set(e, "style", look.style);
    Set(e, "color", look.color);
    // Thicker when more articles support the edge.
    const double width =
        1.0 + std::log2(static_cast<double>(std::max<std::size_t>(1, articles.size())));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", width);
    Set(e, "penwidth", buf);
  }

  if (options.legend && !types_present.empty()) {
    Agraph_t* legend = agsubg(root, C("cluster_legend"), 1);
    Set(legend, "label", "Legend");
    Set(legend, "style", "rounded,dashed");
    Set(legend, "color", "#999999");
    // Under dot (left to right) one rank is a column: the samples go into one rank so that the
    // legend stands beside the graph instead of stretching across it.
    Agraph_t* column = legend;
    if (options.layout == "dot") {
      column = agsubg(legend, C("legend_column"), 1);
      Set(column, "rank", "same");
    }
    // One sample node per type present, styled like the real ones.
    const std::map<std::string_view, NodeData> samples = [] {
      std::map<std::string_view, NodeData> m;
      for (EntityType t : {EntityType::kPerson, EntityType::kGovernmentOrganization,
                           EntityType::kNewsMediaOrganization, EntityType::kOrganization,
                           EntityType::kCountry, EntityType::kPlace}) {
        EntityNode e;
        e.type = t;
        m.emplace(SchemaName(t), NodeData(std::move(e)));
      }
      m.emplace("Quotation", NodeData(StatementNode{}));
      m.emplace("Figure", NodeData(FigureNode{}));
      return m;
    }();
    std::vector<Agnode_t*> nodes;
    for (const auto& [rank, type] : types_present) {
      Agnode_t* n = agnode(column, C("legend:" + std::string(type)), 1);
      StyleNode(n, samples.at(type));
      Set(n, "label", std::string(type));
      nodes.push_back(n);
    }
    // Other engines have no ranks: invisible edges keep the samples together. (Under dot the
    // column keeps the creation order, and flat edges would only spread it out.)
    if (options.layout != "dot") {
      for (std::size_t i = 1; i < nodes.size(); ++i)
        Set(agedge(column, nodes[i - 1], nodes[i], nullptr, 1), "style", "invis");
    }
  }
  return gv;
}

std::string LowerExtension(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

Status WriteDot(const KnowledgeGraph& kg, std::ostream& out, const DotOptions& options) {
  if (Status s = CheckLayout(options.layout); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  ErrorCapture errors;
  GraphPtr gv = BuildGraph(kg, options);
  if (agwrite(gv.get(), &out) != 0 || !out) {
    return Status::Error("cannot write DOT: " + errors.Text("the output stream failed"));
  }
  return Status::Ok();
}

Status WriteDotFile(const KnowledgeGraph& kg, const std::string& path, const DotOptions& options) {
  const std::string ext = LowerExtension(path);
  if (ext == "dot" || ext == "gv") {
    return WriteFileAtomically(path, [&](std::ostream& os) { return WriteDot(kg, os, options); });
  }
  if (ext != "svg" && ext != "png") {
    return Status::Error("cannot write '" + path + "': unknown diagram format '." + ext +
                         "'; use a .dot, .gv, .svg or .png file name");
  }
  if (Status s = CheckLayout(options.layout); !s.ok()) return s;

  std::lock_guard<std::mutex> lock(GraphvizMutex());
  ErrorCapture errors;
  GraphPtr gv = BuildGraph(kg, options);
  GVC_t* gvc = Context();
  if (!gvc) return Status::Error("cannot write '" + path + "': Graphviz failed to start");
  if (gvLayout(gvc, gv.get(), options.layout.c_str()) != 0) {
    return Status::Error("cannot write '" + path + "': Graphviz layout '" + options.layout +
                         "' failed: " + errors.Text("no message"));
  }
  // Rendered to memory, not with gvRenderFilename: gvc exit()s the whole process when a write
  // to its output file fails (e.g. a full disk), while a memory buffer written through
  // WriteFileAtomically turns that into a Status.
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc, gv.get(), ext.c_str(), &data, &length);
  std::unique_ptr<char, void (*)(char*)> owned(data, gvFreeRenderData);
  gvFreeLayout(gvc, gv.get());
  if (rc != 0 || !data) {
    return Status::Error("cannot write '" + path + "': Graphviz cannot render " + ext + ": " +
                         errors.Text("no renderer") +
                         (ext == "png"
                              ? " (is the graphviz package with its cairo plugin installed? "
                                "check that `dot -Tpng` works)"
                              : ""));
  }
  return WriteFileAtomically(path, [&](std::ostream& os) {
    os.write(data, static_cast<std::streamsize>(length));
    return Status::Ok();
  });
}

}  // namespace newsgraph::exporters
