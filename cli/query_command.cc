// `newsgraph query`: parses the query's options, resolves names, calls graph/query.h and
// formats the rows as an aligned table, JSON (RapidJSON) or CSV. No algorithm lives here.
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "export/jsonld_reader.h"
#include "graph/query.h"

namespace newsgraph::cli {
namespace {

using Row = std::vector<std::string>;

// Code points, which is what a terminal shows for the Latin, Cyrillic and Arabic of news.
std::size_t Width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// At most `max` code points, whitespace runs folded, "…" when cut.
std::string Cell(std::string_view s, std::size_t max) {
  std::string flat;
  for (char c : s) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    if (c == ' ' && !flat.empty() && flat.back() == ' ') continue;
    flat += c;
  }
  if (Width(flat) <= max) return flat;
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < flat.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(flat[i]);
    if ((c & 0xC0) != 0x80 && ++n == max) break;
    out += flat[i];
  }
  return out + "\xE2\x80\xA6";
}

enum class Format { kTable, kJson, kCsv };

// Prints `rows` under `header` in the chosen format. Table cells are cut to `widths` (0: no
// limit); JSON is a list of objects keyed by the lower-cased header; CSV quotes as RFC 4180.
void Print(std::ostream& out, Format fmt, const Row& header, const std::vector<Row>& rows,
           const std::vector<std::size_t>& widths = {}) {
  if (fmt == Format::kJson) {
    rapidjson::OStreamWrapper os(out);
    rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(os);
    w.SetIndent(' ', 2);
    w.StartArray();
    for (const Row& r : rows) {
      w.StartObject();
      for (std::size_t i = 0; i < header.size(); ++i) {
        w.Key(header[i].c_str());
        w.String(r[i].data(), static_cast<rapidjson::SizeType>(r[i].size()));
      }
      w.EndObject();
    }
    w.EndArray();
    os.Flush();
    out << "\n";
    return;
  }
  if (fmt == Format::kCsv) {
    auto field = [](const std::string& s) {
      if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
      std::string q = "\"";
      for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    for (const Row* r : {&header}) {
      for (std::size_t i = 0; i < r->size(); ++i) out << (i ? "," : "") << field((*r)[i]);
      out << "\r\n";
    }
    for (const Row& r : rows) {
      for (std::size_t i = 0; i < r.size(); ++i) out << (i ? "," : "") << field(r[i]);
      out << "\r\n";
    }
    return;
  }
  std::vector<Row> cells;
  cells.push_back(header);
  for (const Row& r : rows) {
    Row c;
    for (std::size_t i = 0; i < r.size(); ++i)
      c.push_back(Cell(r[i], i < widths.size() && widths[i] ? widths[i] : 1000));
    cells.push_back(std::move(c));
  }
  std::vector<std::size_t> w(header.size(), 0);
  for (const Row& r : cells)
    for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], Width(r[i]));
  for (std::size_t k = 0; k < cells.size(); ++k) {
    std::string line;
    for (std::size_t i = 0; i < cells[k].size(); ++i) {
      line += cells[k][i];
      if (i + 1 < cells[k].size()) line += std::string(w[i] - Width(cells[k][i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
    if (k == 0) {
      std::string rule;
      for (std::size_t i = 0; i < w.size(); ++i)
        rule += std::string(w[i], '-') + (i + 1 < w.size() ? "  " : "");
      out << rule << "\n";
    }
  }
}

bool IsDay(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

}  // namespace

int RunQuery(const QueryArgs& args, std::ostream& out, std::ostream& err) {
  static const std::vector<std::string> kQueries = {"said", "figures", "entity", "path", "top"};
  if (std::find(kQueries.begin(), kQueries.end(), args.what) == kQueries.end()) {
    err << "newsgraph query: unknown query '" << args.what
        << "' (use said, figures, entity, path or top)\n";
    return 2;
  }
  const std::size_t want = args.what == "entity" ? 1 : args.what == "path" ? 2 : 0;
  if (args.names.size() != want) {
    err << "newsgraph query " << args.what << ": expected " << want << " name"
        << (want == 1 ? "" : "s") << ", got " << args.names.size() << "\n";
    return 2;
  }
  if (!IsDay(args.since) || !IsDay(args.until)) {
    err << "newsgraph query: --since and --until take a day as YYYY-MM-DD\n";
    return 2;
  }
  if (args.json && args.csv) {
    err << "newsgraph query: choose one of --json and --csv\n";
    return 2;
  }
  std::optional<EntityType> type;
  if (!args.type.empty()) {
    type = ParseEntityType(args.type);
    if (!type) {
      err << "newsgraph query: unknown type '" << args.type
          << "' (use Person, GovernmentOrganization, NewsMediaOrganization, Organization, "
             "Country, Place)\n";
      return 2;
    }
  }
  const Format fmt = args.json ? Format::kJson : args.csv ? Format::kCsv : Format::kTable;

  auto loaded = exporters::ReadJsonLdFile(args.graph);
  if (!loaded.ok()) {
    err << "newsgraph query: " << loaded.status().message() << "\n";
    return 1;
  }
  const KnowledgeGraph& kg = loaded.value();
  bool failed = false;
  auto resolve = [&](const std::string& name, const char* what) -> std::optional<Vertex> {
    if (name.empty()) return std::nullopt;
    Result<Vertex> v = ResolveEntity(kg, name);
    if (!v.ok()) {
      err << "newsgraph query: " << what << ": " << v.status().message() << "\n";
      failed = true;
      return std::nullopt;
    }
    return v.value();
  };

  if (args.what == "said") {
    SaidFilter f;
    f.by = resolve(args.by, "--by");
    f.about = resolve(args.about, "--about");
    f.org = resolve(args.org, "--org");
    if (failed) return 1;
    f.since = args.since;
    f.until = args.until;
    std::vector<Row> rows;
    for (const StatementRow& r : Said(kg, f))
      rows.push_back({r.date, r.speaker, r.role, r.text, r.cue, r.article, r.outlet});
    Print(out, fmt, {"date", "speaker", "role", "text", "cue", "article", "outlet"}, rows,
          {0, 30, 40, 90, 20, 0, 0});
    return 0;
  }
  if (args.what == "figures") {
    FigureFilter f;
    f.about = resolve(args.about, "--about");
    f.reported_by = resolve(args.reported_by, "--reported-by");
    if (failed) return 1;
    f.unit = args.unit;
    f.since = args.since;
    f.until = args.until;
    std::vector<Row> rows;
    for (const FigureRow& r : Figures(kg, f))
      rows.push_back({r.date, r.value, r.unit, r.reporters, r.article, r.outlet});
    Print(out, fmt, {"date", "value", "counts", "reported_by", "article", "outlet"}, rows,
          {0, 0, 50, 40, 0, 0});
    return 0;
  }
  if (args.what == "top") {
    std::vector<Row> rows;
    std::size_t rank = 0;
    for (const CentralityRow& r : TopActors(kg, type, args.limit))
      rows.push_back({std::to_string(++rank), r.name, r.type, std::to_string(r.degree),
                      Number(r.betweenness), std::to_string(r.mentions)});
    Print(out, fmt, {"rank", "name", "type", "degree", "betweenness", "mentions"}, rows);
    return 0;
  }
  if (args.what == "path") {
    auto a = resolve(args.names[0], "from");
    auto b = resolve(args.names[1], "to");
    if (failed) return 1;
    std::vector<PathStep> steps = ShortestPath(kg, *a, *b);
    auto name = [&](Vertex v) { return std::get<EntityNode>(kg.graph()[v]).name; };
    if (steps.empty() && *a != *b) {
      err << "newsgraph query path: " << name(*a) << " and " << name(*b)
          << " are not connected by relations or statements\n";
      return fmt == Format::kTable ? 0 : (Print(out, fmt, {"from", "link", "to", "evidence",
                                                           "article"}, {}), 0);
    }
    std::vector<Row> rows;
    for (const PathStep& s : steps)
      rows.push_back({name(s.from), s.link, name(s.to), s.evidence, s.article});
    Print(out, fmt, {"from", "link", "to", "evidence", "article"}, rows, {30, 30, 30, 80, 0});
    return 0;
  }
  // entity
  auto v = resolve(args.names[0], "entity");
  if (failed) return 1;
  const EntityProfile p = Profile(kg, *v);
  auto join = [](const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : "; ") + i;
    return s;
  };
  std::vector<std::string> other, articles, statements, figures;
  for (const Related& r : p.other)
    other.push_back(r.predicate + " " + r.name + (r.role.empty() ? "" : " (" + r.role + ")"));
  for (const ArticleRow& a : p.articles)
    articles.push_back(a.date + " " + a.id + (a.outlet.empty() ? "" : " (" + a.outlet + ")"));
  for (const StatementRow& s : p.statements)
    statements.push_back(s.date + " " + s.cue + ": " + s.text + " [" + s.article + "]");
  for (const FigureRow& f : p.figures)
    figures.push_back(f.date + " " + f.value + " " + f.unit + " [" + f.article + "]");
  if (fmt == Format::kJson) {
    rapidjson::OStreamWrapper os(out);
    rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(os);
    w.SetIndent(' ', 2);
    auto str = [&](const char* k, const std::string& s) {
      w.Key(k);
      w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    };
    auto list = [&](const char* k, const std::vector<std::string>& items) {
      w.Key(k);
      w.StartArray();
      for (const auto& s : items) w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      w.EndArray();
    };
    w.StartObject();
    str("name", p.name);
    str("type", p.type);
    list("aliases", p.aliases);
    list("roles", p.roles);
    list("part_of", p.part_of);
    list("headed_by", p.headed_by);
    list("members", p.members);
    list("other_relations", other);
    list("statements", statements);
    list("figures", figures);
    list("articles", articles);
    str("first_seen", p.first_seen);
    str("last_seen", p.last_seen);
    w.EndObject();
    os.Flush();
    out << "\n";
    return 0;
  }
  std::vector<Row> rows = {{"name", p.name}, {"type", p.type}};
  auto add = [&](const std::string& field, const std::vector<std::string>& items) {
    if (items.empty()) return;
    for (std::size_t i = 0; i < items.size(); ++i)
      rows.push_back({fmt == Format::kCsv || i == 0 ? field : "", items[i]});
  };
  add("aliases", {join(p.aliases)});
  if (p.aliases.empty()) rows.pop_back();
  add("roles", p.roles);
  add("part of", p.part_of);
  add("headed by", p.headed_by);
  add("members", p.members);
  add("relations", other);
  add("statements", statements);
  add("figures", figures);
  add("articles", articles);
  rows.push_back({"first seen", p.first_seen});
  rows.push_back({"last seen", p.last_seen});
  Print(out, fmt, {"field", "value"}, rows, {0, 110});
  return 0;
}

}  // namespace newsgraph::cli
