// RelationExtractor: relations between the entity mentions of one document — who heads
// which organization or country (`heads`), who holds another post in one (`memberOf`), and
// which organization belongs to which (`partOf`). Runs after the EntityExtractor and before
// the quote extractor, which uses `heads`/`memberOf` to resolve speakers described by their
// title ("the chairman of the Committee said").
//
// Patterns, over tokens and mentions (titles come from data/lists/roles.txt, lines
// `title<TAB>heads|memberOf`):
//   [ORG's | ORG] TITLE [of [the] ORG [of [the] ORG]...] [,] PERSON
//       "the head of the Agency John Smith", "Al-Qaeda chief Ayman al-Zawahiri",
//       "France's head of Security Council Jean Dupont" (+ partOf(Security Council, France))
//   PERSON, [the] [ORG's] TITLE of ORG          "X, chairman of Y"
//   ORG[,] headed|led by ... PERSON             "the Emirate, headed by militant X"
//   ORG of [the] ORG, COUNTRY's ORG             partOf
// A title linking a person to a country gives `heads` only for head-of-state titles
// (data/lists/country_head_titles.txt), otherwise `memberOf`.
#pragma once

#include <vector>

#include "extract/lexicon.h"
#include "extract/token_text.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::extract {

class RelationExtractor;
namespace internal {
// RelationExtractor::Extract(tv, mentions) with its scans stepping over every token rather
// than skipping to the next one that may start a title or a link word (the plain path): only
// for the test that both find the same.
std::vector<RelationMention> ExtractWithoutSkips(const RelationExtractor& x, const TokenView& tv,
                                                 const std::vector<Mention>& mentions);
}  // namespace internal

// Immutable after construction; Extract() may run on many documents at once. The Lexicon
// must outlive the extractor.
class RelationExtractor {
 public:
  explicit RelationExtractor(const Lexicon& lexicon)
      : lex_(lexicon),
        roles_(lexicon.List("roles")),
        country_heads_(lexicon.List("country_head_titles")),
        reporting_verbs_(lexicon.List("reporting_verbs")),
        title_starts_(TitleStarts(lexicon.vocabulary(), roles_)) {}

  // The relations stated in `doc` between `mentions` (indices into it), in text order,
  // without duplicates. `tokens` are the document's tokens. Finding none is not an error.
  std::vector<RelationMention> Extract(const Document& doc, const std::vector<Token>& tokens,
                                       const std::vector<Mention>& mentions) const;
  // The same over a TokenView of the document built from `mentions`. Words are looked up by
  // their numbers: `tv`'s words must come from this extractor's lexicon's vocabulary
  // (asserted).
  std::vector<RelationMention> Extract(const TokenView& tv,
                                       const std::vector<Mention>& mentions) const;

 private:
  friend std::vector<RelationMention> internal::ExtractWithoutSkips(
      const RelationExtractor& x, const TokenView& tv, const std::vector<Mention>& mentions);
  // Extract(tv, mentions), skipping the tokens that start no pattern when `skip`.
  std::vector<RelationMention> Extract(const TokenView& tv, const std::vector<Mention>& mentions,
                                       bool skip) const;

  const Lexicon& lex_;
  // The lists Extract reads, looked up once here rather than for every document.
  const WordList& roles_;
  const WordList& country_heads_;
  const WordList& reporting_verbs_;
  // By vocabulary word number, whether the word starts a `roles` entry: what the one scan over
  // a document's tokens asks of each, by one look-up.
  // Bytes rather than bits: one load a token.
  std::vector<unsigned char> title_starts_;
  static std::vector<unsigned char> TitleStarts(const Vocabulary& vocab, const WordList& roles);
};

}  // namespace newsgraph::extract
