#include "export/graphml_writer.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <tuple>
#include <vector>

#include "export/atomic_file.h"
#include "export/xml_chunks.h"
#include "export/xml_util.h"

namespace newsgraph::exporters {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 sequence at s[i]; returns the code point and its length, or nullopt for a
// broken, overlong or surrogate sequence (then one byte is consumed by the caller).
std::optional<std::pair<char32_t, std::size_t>> DecodeUtf8(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return std::make_pair(char32_t{b0}, std::size_t{1});
  std::size_t len;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + len > s.size()) return std::nullopt;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::make_pair(cp, len);
}

// The ASCII bytes a Walk() hands to its `other` callback one by one: the control characters
// and the bytes of `chars`. The rest of ASCII (DEL included) is kept as it is.
struct AsciiStops {
  bool stop[128] = {};
  constexpr explicit AsciiStops(std::string_view chars) {
    for (int c = 0; c < 0x20; ++c) stop[c] = true;
    for (char c : chars) stop[static_cast<unsigned char>(c)] = true;
  }
};

// Walks `s` as SanitizeUtf8 reads it, in pieces: `plain(run)` gets each run of bytes kept as
// they are (ASCII bytes not in `stops`, well-formed UTF-8 sequences of code points other than
// U+FFFE and U+FFFF), `other(c)` each ASCII byte in `stops`, and `bad()` each byte of a broken
// sequence and each U+FFFE or U+FFFF sequence (one U+FFFD each in SanitizeUtf8). A string
// with nothing to change is one run: the exporters copy it whole instead of byte by byte.
template <class Plain, class Other, class Bad>
void Walk(std::string_view s, const AsciiStops& stops, const Plain& plain, const Other& other,
          const Bad& bad) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t run = 0, i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (!stops.stop[c]) {
        ++i;
        continue;
      }
      if (run < i) plain(s.substr(run, i - run));
      other(static_cast<char>(c));
      run = ++i;
      continue;
    }
    const auto d = DecodeUtf8(s, i);
    if (d && d->first != 0xFFFE && d->first != 0xFFFF) {
      i += d->second;
      continue;
    }
    if (run < i) plain(s.substr(run, i - run));
    bad();
    i += d ? d->second : 1;
    run = i;
  }
  if (run < n) plain(s.substr(run));
}

constexpr AsciiStops kControls(""), kSpaces(" "), kXmlText("&<>"), kXmlAttribute("&<>\"");

bool IsLineBreak(char c) { return c == '\t' || c == '\n' || c == '\r'; }

// Shortest round-trip form; xs:double has no "inf"/"nan", callers skip non-finite values.
std::string FormatDouble(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  assert(ec == std::errc());
  return std::string(buf, end);
}

// "3,200" for whole numbers, the shortest decimal form otherwise.
std::string FormatNumber(double v) {
  if (!std::isfinite(v)) return FormatDouble(v);
  if (v != std::floor(v) || std::fabs(v) >= 1e15) return FormatDouble(v);
  std::string digits = std::to_string(static_cast<long long>(std::fabs(v)));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

// The largest scale word that divides `v` into a number with at most one decimal.
std::optional<std::pair<double, std::string_view>> Scale(double v, double min_scale) {
  static constexpr std::pair<double, std::string_view> kScales[] = {
      {1e9, "billion"}, {1e6, "million"}, {1e3, "thousand"}};
  for (const auto& [f, word] : kScales) {
    if (f < min_scale || std::fabs(v) < f) continue;
    const double x = v / f;
    if (std::fabs(x * 10 - std::round(x * 10)) < 1e-9) return std::make_pair(x, word);
  }
  return std::nullopt;
}

struct Key {
  std::string_view id, name, type;
};

// Declared once per domain with explicit types; ids are prefixed so node and edge keys of the
// same name never share an id.
constexpr Key kNodeKeys[] = {
    {"n_label", "label", "string"},
    {"n_type", "type", "string"},
    {"n_kind", "kind", "string"},
    {"n_iri", "iri", "string"},
    {"n_aliases", "aliases", "string"},
    {"n_mentions", "mentions", "int"},
    {"n_articles", "articles", "int"},
    {"n_first_seen", "first_seen", "string"},
    {"n_last_seen", "last_seen", "string"},
    {"n_r", "r", "int"},
    {"n_g", "g", "int"},
    {"n_b", "b", "int"},
    {"n_size", "size", "double"},
    {"n_text", "text", "string"},
    {"n_cue", "cue", "string"},
    {"n_direct", "direct", "boolean"},
    {"n_value", "value", "double"},
    {"n_min", "min", "double"},
    {"n_max", "max", "double"},
    {"n_qualifier", "qualifier", "string"},
    {"n_unit", "unit", "string"},
    {"n_article", "article", "string"},
    {"n_evidence", "evidence", "string"},
    {"n_headline", "headline", "string"},
    {"n_date", "date", "string"},
    {"n_publisher", "publisher", "string"},
    {"n_author", "author", "string"},
    {"n_url", "url", "string"},
    {"n_source", "source", "string"},
};
constexpr Key kEdgeKeys[] = {
    {"e_label", "label", "string"},       {"e_role", "role", "string"},
    {"e_weight", "weight", "double"},     {"e_articles", "articles", "string"},
    {"e_evidence", "evidence", "string"},
};

// Appends to a chunk's text (xml_chunks.h) or another buffer the caller hands to the stream.
class Writer {
 public:
  explicit Writer(std::string& buf) : buf_(buf) {}
  void Data(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    buf_ += "      <data key=\"";
    buf_ += key;
    buf_ += "\">";
    AppendXmlEscaped(buf_, value, false);
    buf_ += "</data>\n";
  }
  // Numbers written into the buffer (Digits), without a string for each.
  void Data(std::string_view key, long long value) { Number(key, value); }
  void Data(std::string_view key, double value) {
    if (std::isfinite(value)) Number(key, value);
  }
  void Raw(std::string_view s) { buf_ += s; }
  // A number as std::to_string (integers) and FormatDouble (shortest form) write it.
  template <class T>
  void Digits(T value) {
    char digits[64];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    assert(ec == std::errc());
    buf_.append(digits, end);
  }
  std::size_t size() const { return buf_.size(); }

 private:
  template <class T>
  void Number(std::string_view key, T value) {
    buf_ += "      <data key=\"";
    buf_ += key;
    buf_ += "\">";
    Digits(value);
    buf_ += "</data>\n";
  }

  std::string& buf_;
};

std::string EvidenceText(const Evidence& e) {
  if (e.sentence.empty()) return e.article.str();
  std::string out = TruncateText(e.sentence, 300);
  out += " (";
  out += e.article;
  out += ')';
  return out;
}

// The first evidence of an edge; said/about/reports edges carry none themselves, their
// statement or figure does.
std::string EdgeEvidence(const Graph& g, const Edge& e) {
  const EdgeData& d = g[e];
  for (const Evidence& ev : d.evidence)
    if (!ev.sentence.empty()) return EvidenceText(ev);
  for (Vertex v : {boost::target(e, g), boost::source(e, g)}) {
    if (auto* s = std::get_if<StatementNode>(&g[v]); s && !s->evidence.empty())
      return EvidenceText(s->evidence.front());
    if (auto* f = std::get_if<FigureNode>(&g[v]); f && !f->evidence.empty())
      return EvidenceText(f->evidence.front());
  }
  return d.evidence.empty() ? std::string() : EvidenceText(d.evidence.front());
}

template <typename Items>
std::string Join(const Items& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += " | ";
    out += s;
  }
  return out;
}

// `id` is GraphMLNodeId(iri), which needs no escaping.
void WriteNode(Writer& w, const KnowledgeGraph& kg, Vertex v, const std::string& iri,
               std::string_view id) {
  const Graph& g = kg.graph();
  const NodeData& node = g[v];
  w.Raw("    <node id=\"");
  w.Raw(id);
  w.Raw("\">\n");
  w.Data("n_label", NodeLabel(node));
  w.Data("n_type", NodeTypeName(node));
  w.Data("n_kind", NodeKindName(node));
  w.Data("n_iri", iri);

  long long mentions = 0;
  if (auto* e = std::get_if<EntityNode>(&node)) {
    mentions = static_cast<long long>(e->mention_count);
    w.Data("n_aliases", Join(e->aliases));
  } else if (auto* s = std::get_if<StatementNode>(&node)) {
    mentions = static_cast<long long>(s->evidence.size());
  } else if (auto* f = std::get_if<FigureNode>(&node)) {
    mentions = static_cast<long long>(f->evidence.size());
  } else {
    // An article "mentions" every entity occurrence in its text.
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kMentions)
        mentions += static_cast<long long>(g[*it].evidence.size());
  }
  w.Data("n_mentions", mentions);
  w.Data("n_articles", static_cast<long long>(kg.ArticleCount(v)));
  auto [first, last] = kg.SeenRange(v);
  w.Data("n_first_seen", first);
  w.Data("n_last_seen", last);
  const Rgb c = NodeColor(node);
  w.Data("n_r", static_cast<long long>(c.r));
  w.Data("n_g", static_cast<long long>(c.g));
  w.Data("n_b", static_cast<long long>(c.b));
  // Entities grow with their mentions (logarithmically, so a hub does not swallow the view).
  const double base = std::holds_alternative<EntityNode>(node) ? 10.0 : 6.0;
  w.Data("n_size",
         std::round((base + 6.0 * std::log2(1.0 + static_cast<double>(mentions))) * 100) / 100);

  if (auto* s = std::get_if<StatementNode>(&node)) {
    w.Data("n_text", s->text);
    w.Data("n_cue", s->cue);
    w.Data("n_direct", std::string_view(s->direct ? "true" : "false"));
    w.Data("n_article", s->article);
    if (!s->evidence.empty()) w.Data("n_evidence", EvidenceText(s->evidence.front()));
  } else if (auto* f = std::get_if<FigureNode>(&node)) {
    w.Data("n_text", f->text);
    if (f->value) w.Data("n_value", *f->value);
    if (f->min_value) w.Data("n_min", *f->min_value);
    if (f->max_value) w.Data("n_max", *f->max_value);
    w.Data("n_qualifier", f->qualifier);
    w.Data("n_unit", f->unit);
    w.Data("n_article", f->article);
    if (!f->evidence.empty()) w.Data("n_evidence", EvidenceText(f->evidence.front()));
  } else if (auto* a = std::get_if<ArticleNode>(&node)) {
    w.Data("n_headline", a->headline);
    w.Data("n_date", a->date);
    w.Data("n_publisher", a->publisher);
    w.Data("n_author", a->author);
    w.Data("n_url", a->url);
    w.Data("n_source", a->source);
  }
  w.Raw("    </node>\n");
}


// The edges out of `v` in (target id, label) order. The model keeps one edge per (source,
// target, kind, predicate), but the writer merges defensively so that the file never holds
// parallel edges of one label: the first role and evidence (in insertion order) win, articles
// are joined. An edge's id numbers the edges across the file, which a chunk written on a thread
// does not know: "e" is followed by nothing, and the offset where the number goes is added to
// `number_at` (Emit writes it in).
void WriteEdges(Writer& w, std::vector<std::size_t>& number_at, const Graph& g, const XmlIdOrder& l,
                Vertex v, std::vector<Edge>& out_edges) {
  EdgesInIdOrder(g, l, v, out_edges);
  for (std::size_t i = 0; i < out_edges.size();) {
    const Edge first = out_edges[i];
    const Vertex target = boost::target(first, g);
    const std::string_view label = EdgeLabelView(g[first]);
    std::size_t j = i + 1;
    while (j < out_edges.size() && boost::target(out_edges[j], g) == target &&
           EdgeLabelView(g[out_edges[j]]) == label)
      ++j;
    std::string_view role;
    std::string evidence;
    for (std::size_t k = i; k < j; ++k) {
      if (role.empty()) role = g[out_edges[k]].role;
      if (evidence.empty()) evidence = EdgeEvidence(g, out_edges[k]);
    }
    std::size_t weight = g[first].articles.size();
    std::string articles;
    if (j - i == 1) {
      articles = Join(g[first].articles);
    } else {
      std::set<std::string_view> merged;
      for (std::size_t k = i; k < j; ++k)
        for (const SharedString& a : g[out_edges[k]].articles) merged.insert(a.view());
      weight = merged.size();
      articles = Join(merged);
    }
    w.Raw("    <edge id=\"e");
    number_at.push_back(w.size());
    w.Raw("\" source=\"");
    w.Raw(l.ids[v]);
    w.Raw("\" target=\"");
    w.Raw(l.ids[target]);
    w.Raw("\">\n");
    w.Data("e_label", label);
    w.Data("e_role", role);
    w.Data("e_weight", static_cast<double>(std::max<std::size_t>(1, weight)));
    w.Data("e_articles", articles);
    w.Data("e_evidence", evidence);
    w.Raw("    </edge>\n");
    i = j;
  }
}

}  // namespace

std::string SanitizeUtf8(std::string_view s, bool keep_line_breaks) {
  std::string out;
  out.reserve(s.size());
  Walk(
      s, kControls, [&](std::string_view run) { out += run; },
      [&](char c) {
        if (IsLineBreak(c)) {
          out += keep_line_breaks ? c : ' ';
        } else {
          out += kReplacement;
        }
      },
      [&] { out += kReplacement; });
  return out;
}

void AppendXmlEscaped(std::string& out, std::string_view raw, bool attribute) {
  Walk(
      raw, attribute ? kXmlAttribute : kXmlText, [&](std::string_view run) { out += run; },
      [&](char c) {
        switch (c) {
          case '&':
            out += "&amp;";
            break;
          case '<':
            out += "&lt;";
            break;
          // Always escaped so that "]]>" can never appear in character data.
          case '>':
            out += "&gt;";
            break;
          case '"':  // in attributes only
            out += "&quot;";
            break;
          case '\r':
            out += "&#13;";
            break;
          case '\t':
            out += attribute ? "&#9;" : "\t";
            break;
          case '\n':
            out += attribute ? "&#10;" : "\n";
            break;
          default:  // another control character
            out += kReplacement;
        }
      },
      [&] { out += kReplacement; });
}

std::string TruncateText(std::string_view raw, std::size_t max_chars) {
  // SanitizeUtf8 without line breaks, each run of spaces as one, none at either end; `chars`
  // counts the code points. A space is written only once something follows it.
  std::string flat;
  flat.reserve(raw.size());
  std::size_t chars = 0;
  bool space = false;
  auto before_next = [&] {
    if (!space) return;
    flat += ' ';
    ++chars;
    space = false;
  };
  Walk(
      raw, kSpaces,
      [&](std::string_view run) {
        before_next();
        flat += run;
        for (char c : run) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      },
      [&](char c) {
        if (c == ' ' || IsLineBreak(c)) {
          space = !flat.empty();
        } else {
          before_next();
          flat += kReplacement;
          ++chars;
        }
      },
      [&] {
        before_next();
        flat += kReplacement;
        ++chars;
      });
  if (chars <= max_chars) return flat;
  if (max_chars == 0) return std::string();
  // Keep max_chars - 1 code points and the ellipsis; back off to a space if one is close.
  std::vector<std::size_t> starts;  // where each code point of `flat` starts
  starts.reserve(max_chars);
  for (std::size_t i = 0; i < flat.size() && starts.size() < max_chars; ++i)
    if ((static_cast<unsigned char>(flat[i]) & 0xC0) != 0x80) starts.push_back(i);
  const std::size_t keep = max_chars - 1;
  std::size_t cut = starts[keep];
  for (std::size_t k = keep; k > 0 && keep - k <= 15; --k) {
    if (flat[starts[k]] == ' ') {
      cut = starts[k];
      break;
    }
  }
  flat.resize(cut);
  while (!flat.empty() && (flat.back() == ' ' || flat.back() == ',')) flat.pop_back();
  return flat + "\xE2\x80\xA6";  // …
}

std::string GraphMLNodeId(std::string_view stable_id) {
  std::string_view base = KnowledgeGraph::kIdBase;
  if (stable_id.starts_with(base)) stable_id.remove_prefix(base.size());
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : stable_id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-') {
      out += static_cast<char>(c);
    } else if (c == '/') {
      out += ':';
    } else {
      out += '_';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out.empty() ? "_" : out;
}

std::string_view NodeTypeName(const NodeData& node) {
  if (auto* e = std::get_if<EntityNode>(&node)) return SchemaName(e->type);
  if (std::holds_alternative<ArticleNode>(node)) return "NewsArticle";
  if (std::holds_alternative<StatementNode>(node)) return "Quotation";
  return "Figure";
}

std::string_view NodeKindName(const NodeData& node) {
  if (std::holds_alternative<EntityNode>(node)) return "entity";
  if (std::holds_alternative<ArticleNode>(node)) return "article";
  if (std::holds_alternative<StatementNode>(node)) return "statement";
  return "figure";
}

Rgb NodeColor(const NodeData& node) {
  if (auto* e = std::get_if<EntityNode>(&node)) {
    switch (e->type) {
      case EntityType::kPerson:
        return {31, 119, 180};
      case EntityType::kGovernmentOrganization:
        return {214, 39, 40};
      case EntityType::kNewsMediaOrganization:
        return {148, 103, 189};
      case EntityType::kOrganization:
        return {255, 127, 14};
      case EntityType::kCountry:
        return {44, 160, 44};
      case EntityType::kPlace:
        return {140, 86, 75};
    }
  }
  if (std::holds_alternative<ArticleNode>(node)) return {127, 127, 127};
  if (std::holds_alternative<StatementNode>(node)) return {188, 189, 34};
  return {23, 190, 207};
}

std::string NodeLabel(const NodeData& node, std::size_t max_chars) {
  if (auto* e = std::get_if<EntityNode>(&node)) return TruncateText(e->name, max_chars);
  if (auto* a = std::get_if<ArticleNode>(&node))
    return TruncateText(a->headline.empty() ? std::string_view(a->id) : a->headline.view(),
                        max_chars);
  if (auto* s = std::get_if<StatementNode>(&node)) {
    if (!s->direct) return TruncateText(s->text, max_chars);
    return "\xE2\x80\x9C" + TruncateText(s->text, max_chars > 2 ? max_chars - 2 : 1) +
           "\xE2\x80\x9D";  // “…”
  }
  return TruncateText(FigureLabel(std::get<FigureNode>(node)), max_chars);
}

std::string FigureLabel(const FigureNode& f) {
  std::string number;
  if (f.value && std::isfinite(*f.value)) {
    auto sc = Scale(*f.value, 1e6);
    number = sc ? FormatNumber(sc->first) + " " + std::string(sc->second) : FormatNumber(*f.value);
  } else if (f.min_value && f.max_value && std::isfinite(*f.min_value) &&
             std::isfinite(*f.max_value)) {
    // A range shares one scale word: "30–50 thousand", not "30,000–50,000".
    auto lo = Scale(*f.min_value, 1e3), hi = Scale(*f.max_value, 1e3);
    if (lo && hi && lo->second == hi->second) {
      number = FormatNumber(lo->first) + "\xE2\x80\x93" + FormatNumber(hi->first) + " " +
               std::string(hi->second);
    } else {
      number = FormatNumber(*f.min_value) + "\xE2\x80\x93" + FormatNumber(*f.max_value);
    }
  } else if (f.min_value && std::isfinite(*f.min_value)) {
    number = "at least " + FormatNumber(*f.min_value);
  } else if (f.max_value && std::isfinite(*f.max_value)) {
    number = "at most " + FormatNumber(*f.max_value);
  } else {
    return f.text.str();
  }
  std::string out;
  if (!f.qualifier.empty()) out = f.qualifier.str() + " ";
  out += number;
  if (!f.unit.empty()) out += " " + f.unit.str();
  return out;
}

Status WriteGraphML(const KnowledgeGraph& kg, std::ostream& out) {
  const XmlIdOrder l = MakeXmlIdOrder(kg);
  std::string head_text;
  Writer head(head_text);
  head.Raw(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
      "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  for (const auto& [domain, keys] :
       {std::pair{std::string_view("node"), std::span<const Key>(kNodeKeys)},
        std::pair{std::string_view("edge"), std::span<const Key>(kEdgeKeys)}}) {
    for (const Key& k : keys) {
      head.Raw("  <key id=\"");
      head.Raw(k.id);
      head.Raw("\" for=\"");
      head.Raw(domain);
      head.Raw("\" attr.name=\"");
      head.Raw(k.name);
      head.Raw("\" attr.type=\"");
      head.Raw(k.type);
      head.Raw("\"/>\n");
    }
  }
  head.Raw("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
  out.write(head_text.data(), static_cast<std::streamsize>(head_text.size()));

  // Nodes in id order, then edges by source in id order, on the threads (xml_chunks.h).
  WriteXmlChunks(out, kg.graph(), l, [&](XmlChunk& c) {
    Writer w(c.text);
    std::vector<Edge> scratch;
    for (std::size_t i = c.begin; i < c.end; ++i) {
      const Vertex v = l.order[i];
      if (c.edges) {
        WriteEdges(w, c.number_at, kg.graph(), l, v, scratch);
      } else {
        WriteNode(w, kg, v, l.iris[v], l.ids[v]);
      }
    }
  });
  out << "  </graph>\n</graphml>\n";
  out.flush();
  if (!out) return Status::Error("cannot write GraphML: the output stream failed");
  return Status::Ok();
}

Status WriteGraphMLFile(const KnowledgeGraph& kg, const std::string& path) {
  return WriteFileAtomically(path, [&](std::ostream& os) { return WriteGraphML(kg, os); });
}

}  // namespace newsgraph::exporters
