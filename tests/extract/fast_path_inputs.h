// Inputs for the tests that the relation, quote and figure extractors find the same with their
// skip loops as on their plain paths (internal::ExtractWithoutSkips): the seed articles
// (examples/seeds) as the real pipeline extracts them, text made at random from an extractor's
// own cue words, and a dump of everything the three extractors write, field by field.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <iomanip>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/figure_extractor.h"
#include "extract/pipeline.h"
#include "extract/quote_extractor.h"
#include "extract/reader.h"
#include "extract/relation_extractor.h"
#include "extract/token_text.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"
#include "tests/extract/test_lexicon.h"

namespace newsgraph::extract::test_support {

// One seed article, its tokens, and what the real pipeline (rules and tagger) extracts from it.
struct SeedArticle {
  Document doc;
  std::vector<Token> tokens;
  Extraction ex;
};

inline const std::vector<SeedArticle>& SeedArticles() {
  static const std::vector<SeedArticle>* seeds = [] {
    auto* out = new std::vector<SeedArticle>;
    PipelineOptions opts;
    opts.data_dir = NEWSGRAPH_DATA_DIR;
    auto pipeline = Pipeline::Create(opts);
    EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
    if (!pipeline.ok()) return out;
    const Status st = ReadInputs(
        {std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds"},
        [&](Document&& d) {
          SeedArticle a;
          a.ex = pipeline.value()->Extract(d);
          a.tokens = Tokenize(d.text);
          a.doc = std::move(d);
          out->push_back(std::move(a));
        },
        [](const std::string&) {}, nullptr);
    EXPECT_TRUE(st.ok()) << st.message();
    return out;
  }();
  return *seeds;
}

// The entries of the word lists `names` of the test lexicon (Lex()), sorted (a list's own
// order is its hash table's).
inline std::vector<std::string> ListEntries(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& name : names)
    for (const auto& [entry, value] : Lex().List(name)) out.push_back(entry);
  std::sort(out.begin(), out.end());
  return out;
}

// Names the random texts mention, one token each, with their types.
inline const std::vector<std::pair<std::string, EntityType>>& RandomNames() {
  static const std::vector<std::pair<std::string, EntityType>> kNames = {
      {"Putin", EntityType::kPerson},
      {"Merkel", EntityType::kPerson},
      {"Smith", EntityType::kPerson},
      {"NATO", EntityType::kOrganization},
      {"Kremlin", EntityType::kGovernmentOrganization},
      {"Parliament", EntityType::kGovernmentOrganization},
      {"Reuters", EntityType::kNewsMediaOrganization},
      {"Russia", EntityType::kCountry},
      {"France", EntityType::kCountry}};
  return kNames;
}

// A random article of `n` words: half drawn from `entries` (an extractor's own cue words),
// half from `glue` (the punctuation and small words its patterns look for) and RandomNames(),
// with a paragraph break now and then; every name is a mention.
struct RandomArticle {
  Document doc;
  std::vector<Token> tokens;
  Extraction ex;  // sentences and mentions
};
inline RandomArticle MakeRandomArticle(const std::vector<std::string>& entries,
                                       const std::vector<std::string>& glue, std::size_t n,
                                       std::mt19937& rng) {
  const auto& names = RandomNames();
  RandomArticle a;
  a.doc.id = "random";
  for (std::size_t i = 0; i < n; ++i) {
    if (rng() % 2 == 0) {
      a.doc.text += entries[rng() % entries.size()];
    } else {
      const std::size_t j = rng() % (glue.size() + names.size());
      a.doc.text += j < glue.size() ? glue[j] : names[j - glue.size()].first;
    }
    a.doc.text += rng() % 25 == 0 ? "\n\n" : " ";
  }
  a.tokens = Tokenize(a.doc.text);
  a.ex.sentences = SplitSentences(a.doc.text, a.tokens);
  for (const Token& t : a.tokens) {
    const std::string_view w = a.doc.Slice(t.span);
    for (const auto& [name, type] : names) {
      if (w != name) continue;
      Mention m;
      m.span = t.span;
      m.text = name;
      m.type = type;
      a.ex.mentions.push_back(std::move(m));
    }
  }
  return a;
}

// Every field of the relations, statements and figures of `ex`, one line each.
inline std::string DumpFindings(const Extraction& ex) {
  std::ostringstream out;
  out << std::setprecision(17);
  auto opt = [&](const auto& o) -> std::ostream& {
    if (o) return out << *o;
    return out << "-";
  };
  for (const RelationMention& r : ex.relations)
    out << "R " << r.subject << " " << r.predicate << " " << r.object << " " << r.role << " "
        << r.evidence.begin << "-" << r.evidence.end << "\n";
  for (const StatementMention& s : ex.statements) {
    out << "S ";
    opt(s.speaker) << " " << s.text << "|" << s.cue << "|" << s.direct << " " << s.span.begin << "-"
                   << s.span.end << " about";
    for (std::size_t m : s.about) out << " " << m;
    out << "\n";
  }
  for (const FigureMention& f : ex.figures) {
    out << "F ";
    opt(f.value) << " ";
    opt(f.min_value) << " ";
    opt(f.max_value) << " " << f.qualifier << "|" << f.unit << "|" << f.text << " " << f.span.begin
                     << "-" << f.span.end << " ";
    opt(f.reporter) << " ";
    opt(f.statement) << "\n";
  }
  return out.str();
}

// The number of lines of a DumpFindings that start with `kind`: 'R', 'S' or 'F'.
inline std::size_t CountFindings(const std::string& dump, char kind) {
  std::size_t n = 0;
  std::istringstream in(dump);
  for (std::string line; std::getline(in, line);) n += !line.empty() && line[0] == kind;
  return n;
}

// Runs `x` on `ex`, through its skip loops when `skip`, else on its plain path
// (internal::ExtractWithoutSkips).
inline void RunExtractor(const RelationExtractor& x, const TokenView& tv, Extraction& ex,
                         bool skip) {
  ex.relations =
      skip ? x.Extract(tv, ex.mentions) : internal::ExtractWithoutSkips(x, tv, ex.mentions);
}
inline void RunExtractor(const QuoteExtractor& x, const TokenView& tv, Extraction& ex, bool skip) {
  if (skip)
    x.Extract(tv, ex);
  else
    internal::ExtractWithoutSkips(x, tv, ex);
}
inline void RunExtractor(const FigureExtractor& x, const TokenView& tv, Extraction& ex, bool skip) {
  if (skip)
    x.Extract(tv, ex);
  else
    internal::ExtractWithoutSkips(x, tv, ex);
}

// Expects extractor `x` (built on Lex()) to find the same in `doc` through its skip loops as on
// its plain path, each run starting from `ex` (what the stages before it found); returns
// DumpFindings of what it finds, for the caller to check that there was something to compare.
template <typename Extractor>
std::string ExpectSkipsFindWhatThePlainPathFinds(const Extractor& x, const Document& doc,
                                                 const std::vector<Token>& tokens,
                                                 const Extraction& ex) {
  const TokenView tv(doc, tokens, ex.mentions, Lex().vocabulary());
  Extraction fast = ex, plain = ex;
  RunExtractor(x, tv, fast, /*skip=*/true);
  RunExtractor(x, tv, plain, /*skip=*/false);
  const std::string found = DumpFindings(fast);
  EXPECT_EQ(found, DumpFindings(plain)) << doc.id << ": " << doc.text.substr(0, 300);
  return found;
}

// Runs ExpectSkipsFindWhatThePlainPathFinds on `rounds` random articles of 120 words made from
// the entries of the lexicon lists `lists` (the extractor's own cue words) and `glue` (seeded
// with `seed`); returns how many findings of `kind` ('R', 'S' or 'F') the skip loops made.
template <typename Extractor>
std::size_t FindingsInRandomText(const Extractor& x, const std::vector<std::string>& lists,
                                 const std::vector<std::string>& glue, int rounds, unsigned seed,
                                 char kind) {
  const std::vector<std::string> entries = ListEntries(lists);
  std::mt19937 rng(seed);
  std::size_t found = 0;
  for (int round = 0; round < rounds; ++round) {
    const RandomArticle a = MakeRandomArticle(entries, glue, 120, rng);
    found += CountFindings(ExpectSkipsFindWhatThePlainPathFinds(x, a.doc, a.tokens, a.ex), kind);
  }
  return found;
}

// A document of `text` with the id `id` (a case's name).
inline Document CaseDocument(std::string id, std::string text) {
  Document doc;
  doc.id = std::move(id);
  doc.text = std::move(text);
  return doc;
}

// The sentences and mentions the pipeline found in `a`, and nothing else.
inline Extraction SentencesAndMentions(const SeedArticle& a) {
  Extraction ex;
  ex.sentences = a.ex.sentences;
  ex.mentions = a.ex.mentions;
  return ex;
}

// Runs ExpectSkipsFindWhatThePlainPathFinds on every seed article, each starting from
// `before(article)` (what the stages before the extractor found); returns how many findings of
// `kind` the skip loops made.
template <typename Extractor, typename BeforeFn>
std::size_t FindingsInTheSeeds(const Extractor& x, char kind, const BeforeFn& before) {
  std::size_t found = 0;
  for (const SeedArticle& a : SeedArticles()) {
    found +=
        CountFindings(ExpectSkipsFindWhatThePlainPathFinds(x, a.doc, a.tokens, before(a)), kind);
  }
  return found;
}

}  // namespace newsgraph::extract::test_support
