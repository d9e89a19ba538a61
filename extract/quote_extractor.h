// QuoteExtractor: who said what. Finds direct quotes (in “ ” « » „ " ' ‘ ’ marks, spanning
// sentences and paragraphs) and indirect speech ("X said (that) ...", "..., X told Y.",
// "according to X, ...", "the statement of the Committee reads", "X called on Y to ..."),
// finds each one's cue and speaker, and resolves pronouns ("he"), descriptions ("the official",
// "the chairman of the Committee") and generic names ("the Committee") to a mentioned entity.
// Runs after the entity and relation extractors; the figure extractor uses its statements to
// credit reported numbers.
//
// Word lists (data/lists): reporting_verbs (cue verbs), speech_phrases ("according to"),
// speech_quote_cues (verbs that cue only a quotation or a "that" clause: "continued"),
// speech_nouns ("statement", "website": an organization's message), description_words (what
// may stand in a speaker's noun phrase besides titles and names), roles (titles).
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "extract/lexicon.h"
#include "extract/token_text.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::extract {

class QuoteExtractor;
namespace internal {
// QuoteExtractor::Extract(tv, ex) with its scan for indirect-speech cues stepping over every
// token rather than skipping to the next one whose word may start a cue, and the words of a
// speaker's noun phrase tested one list at a time rather than by np_word_ (the plain path):
// only for the test that both find the same.
void ExtractWithoutSkips(const QuoteExtractor& x, const TokenView& tv, Extraction& ex);
}  // namespace internal

// Immutable after construction; Extract() may run on many documents at once. The Lexicon
// must outlive the extractor.
class QuoteExtractor {
 public:
  explicit QuoteExtractor(const Lexicon& lexicon);

  // Appends the statements of `doc` to ex.statements in text order. Reads ex.sentences,
  // ex.mentions and ex.relations (filled by the earlier stages); `tokens` are the document's
  // tokens. A speaker described by title and organization and resolved to a person ("the
  // director of the Department said" ... "Jane Doe told") also adds that relation to
  // ex.relations. Statements whose speaker is never resolved are left out.
  void Extract(const Document& doc, const std::vector<Token>& tokens, Extraction& ex) const;
  // The same over a TokenView of the document built from ex.mentions. Words are looked up by
  // their numbers (cue_start_, np_word_, the lists' indexes): `tv`'s words must come from
  // this extractor's lexicon's vocabulary (asserted).
  void Extract(const TokenView& tv, Extraction& ex) const;

 private:
  friend void internal::ExtractWithoutSkips(const QuoteExtractor& x, const TokenView& tv,
                                            Extraction& ex);
  // Extract(tv, ex), skipping the tokens that start no cue when `skip`.
  void Extract(const TokenView& tv, Extraction& ex, bool skip) const;

  const Lexicon& lex_;
  WordList cues_;  // reporting_verbs and speech_quote_cues
  StringSet role_words_;  // every word of every entry of roles
  // The other lists Extract reads, looked up once here rather than for every document.
  const WordList& phrases_;       // speech_phrases
  const WordList& speech_nouns_;  // speech_nouns
  const WordList& desc_words_;    // description_words
  const WordList& roles_;         // roles
  // By vocabulary word number: whether some entry of speech_phrases or of cues_ starts with
  // the word. A token whose word starts none can open no indirect-speech cue, so the scan for
  // cues skips it with one look-up.
  std::vector<char> cue_start_;
  // By vocabulary word number: whether the word alone makes a token a word of a speaker's noun
  // phrase: a function word ("the", "of", "'s", ...), a one-word entry of description_words or
  // speech_nouns, or one of role_words_; so that the test asked of every word of such a phrase
  // is one look-up rather than nine comparisons, two list look-ups and a hash.
  std::vector<char> np_word_;
};

namespace internal {
// Turns every '\n', '\r' and '\t' of `s` into a space (the text of a quote that runs over
// lines), testing eight bytes at a time for one. Exposed only for the test that it agrees with
// the byte-by-byte loop.
void LineBreaksToSpaces(std::string& s);
}  // namespace internal

}  // namespace newsgraph::extract
