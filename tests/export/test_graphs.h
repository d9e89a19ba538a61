// Small knowledge graphs for the exporter tests, built the way the pipeline builds them: a
// Document and a hand-made Extraction given to KnowledgeGraph::Merge.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>

#include "graph/document.h"
#include "graph/extraction.h"
#include "graph/knowledge_graph.h"

namespace newsgraph::testing {

// The span of the first occurrence of `needle` in `text` at or after `from`.
inline Span Find(const std::string& text, std::string_view needle, std::size_t from = 0) {
  const std::size_t b = text.find(needle, from);
  if (b == std::string::npos) std::abort();  // a broken fixture, not a test result
  return {b, b + needle.size()};
}

inline Mention M(const std::string& text, std::string_view surface, EntityType type,
                 std::size_t from = 0) {
  Mention m;
  m.span = Find(text, surface, from);
  m.text = std::string(surface);
  m.type = type;
  return m;
}

// One article: Bortnikov heads the FSB and said something reporting 200 fighters.
inline Document BortnikovDoc(const std::string& id = "tass-2014-09-26",
                             const std::string& date = "2014-09-26") {
  Document doc;
  doc.id = id;
  doc.source = id + ".txt";
  doc.headline = "FSB: 200 fighters from Russia joined ISIL";
  doc.date = date;
  doc.publisher = "TASS";
  doc.text =
      "Alexander Bortnikov, the director of the FSB, spoke in Moscow. "
      "Bortnikov told reporters that about 200 fighters had left Russia for Syria.";
  return doc;
}

inline Extraction BortnikovExtraction(const Document& doc) {
  const std::string& t = doc.text;
  Extraction ex;
  const std::size_t second = t.find("Bortnikov told");
  ex.sentences = {{0, second - 1}, {second, t.size()}};
  ex.mentions.push_back(M(t, "Alexander Bortnikov", EntityType::kPerson));  // 0
  ex.mentions.push_back(M(t, "FSB", EntityType::kGovernmentOrganization));  // 1
  ex.mentions.push_back(M(t, "Moscow", EntityType::kPlace));                // 2
  ex.mentions.push_back(M(t, "Bortnikov", EntityType::kPerson, second));    // 3
  ex.mentions.push_back(M(t, "Russia", EntityType::kCountry));              // 4
  ex.mentions.back().canonical = "Russia";
  RelationMention r;
  r.subject = 0;
  r.predicate = "heads";
  r.object = 1;
  r.role = "director";
  r.evidence = Find(t, "Alexander Bortnikov, the director of the FSB");
  ex.relations.push_back(r);
  StatementMention s;
  s.speaker = 3;
  s.cue = "told reporters";
  s.text = "about 200 fighters had left Russia for Syria";
  s.span = Find(t, s.text);
  s.direct = false;
  s.about = {4};
  ex.statements.push_back(s);
  FigureMention f;
  f.value = 200;
  f.qualifier = "about";
  f.unit = "fighters";
  f.text = "about 200 fighters";
  f.span = Find(t, f.text);
  f.reporter = 3;
  f.statement = 0;
  ex.figures.push_back(f);
  return ex;
}

inline KnowledgeGraph SmallGraph() {
  KnowledgeGraph kg;
  Document doc = BortnikovDoc();
  kg.Merge(doc, BortnikovExtraction(doc));
  return kg;
}

// `articles` copies of BortnikovDoc under their own ids ("tass-0", ...) and dates (2014-09-10 to
// -29): one article, statement and figure node each, the entities and their relations shared.
inline KnowledgeGraph ManyArticlesGraph(int articles) {
  KnowledgeGraph kg;
  for (int k = 0; k < articles; ++k) {
    Document doc = BortnikovDoc("tass-" + std::to_string(k),
                                "2014-09-" + std::to_string(10 + k % 20));
    kg.Merge(doc, BortnikovExtraction(doc));
  }
  return kg;
}

// Names and quotes that break naive writers: markup, quotes, CDATA ends, DOT comment and
// edge tokens, backslashes (also trailing), braces, control characters, RTL marks, broken UTF-8.
inline constexpr std::string_view kNastyNames[] = {
    "<script>alert(1)</script>",
    "AT&T \"Bell\" Labs",
    "Close ]]> CDATA",
    "Arrow -- Edge -> Corp",
    "Back\\slash Trail\\",
    "Brace {Record|Port} Inc",
    "Ctrl\x01\x02\x1f Bell\x07 Ltd",
    "\xE2\x80\x8FRTL \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xE2\x80\x8E Org",
    "Broken \xC3\x28 \xED\xA0\x80 UTF8",
};

inline KnowledgeGraph NastyGraph() {
  Document doc;
  doc.id = "nasty<&>\"doc";
  doc.headline = "Headline with <b>markup</b> & \"quotes\" ]]>";
  doc.date = "2020-01-01";
  doc.publisher = "Pub & Co";
  std::string text;
  Extraction ex;
  for (std::string_view name : kNastyNames) {
    Mention m;
    m.span = {text.size(), text.size() + name.size()};
    m.text = std::string(name);
    m.type = EntityType::kOrganization;
    ex.mentions.push_back(m);
    text += std::string(name) + " said. ";
  }
  const std::string quote = "Tabs\tand\nnewlines, <tags> & \"quotes\" ]]> -- \\N {x} \x0b end";
  StatementMention s;
  s.speaker = 0;
  s.direct = true;
  s.cue = "said";
  s.span = {text.size(), text.size() + quote.size()};
  s.text = quote;
  text += quote;
  ex.statements.push_back(s);
  ex.sentences = {{0, text.size()}};
  for (std::size_t i = 0; i + 1 < ex.mentions.size(); ++i) {
    RelationMention r;
    r.subject = i;
    r.object = i + 1;
    r.predicate = "partOf";
    r.role = "<role> & \"x\"";
    r.evidence = ex.mentions[i].span;
    ex.relations.push_back(r);
  }
  doc.text = text;
  KnowledgeGraph kg;
  kg.Merge(doc, ex);
  return kg;
}

// Where tests leave their output for the client scripts in tests/clients/ (set
// NEWSGRAPH_KEEP_EXPORTS=/some/dir); empty when unset.
inline std::string KeepDir() {
  const char* d = std::getenv("NEWSGRAPH_KEEP_EXPORTS");
  return d ? std::string(d) : std::string();
}

}  // namespace newsgraph::testing
