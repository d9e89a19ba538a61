// FigureExtractor: the numbers an article reports — counts of people and things in digits
// or words ("3,200", "50,000", "three hundred", "30 to 50 thousand"), ranges ("between 30 and
// 50 thousand" -> [30000, 50000]), their qualifier ("more than", "around", "at least") and
// counted noun ("Russian citizens"), credited to whoever reported them: the speaker of the
// statement they sit in. Runs last, after the quote extractor.
//
// Not figures: dates and years, times, ordinals ("37th"), ages, money, percentages and
// measures (data/lists/non_count_units.txt), and any number without a counted noun (ids,
// exchange rates, comment counts and other page furniture). Repeats of one figure in an
// article (headline, lead, quote) get one unit string so that KnowledgeGraph::Merge joins
// them: same value and both counted nouns people (data/lists/count_nouns.txt or a demonym).
//
// Word lists (data/lists): number_words, figure_qualifiers, count_nouns, non_count_units.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"
#include "extract/token_text.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::extract {

class FigureExtractor;
namespace internal {
// FigureExtractor::Extract(tv, ex) with every token tried as the start of a figure rather
// than only those its scan stops at, and words compared by text rather than by number (the
// plain path): only for the test that both find the same.
void ExtractWithoutSkips(const FigureExtractor& x, const TokenView& tv, Extraction& ex);
}  // namespace internal

// Immutable after construction; Extract() may run on many documents at once. The Lexicon
// must outlive the extractor.
class FigureExtractor {
 public:
  explicit FigureExtractor(const Lexicon& lexicon)
      : lex_(lexicon),
        number_words_(lexicon.List("number_words")),
        qualifiers_(lexicon.List("figure_qualifiers")),
        count_nouns_(lexicon.List("count_nouns")),
        non_count_(lexicon.List("non_count_units")),
        hyphenated_(HyphenatedShapeOf(number_words_)),
        between_(lexicon.vocabulary().Find("between")),
        from_(lexicon.vocabulary().Find("from")),
        word_flags_(WordFlags(lexicon.vocabulary(), number_words_, between_, from_)),
        unnumbered_(UnnumberedWordsOf(lexicon.vocabulary())),
        word_values_(WordValues(lexicon.vocabulary(), number_words_)) {}

  // Appends the figures of `doc` to ex.figures in text order. Reads ex.sentences,
  // ex.mentions and ex.statements; `tokens` are the document's tokens.
  void Extract(const Document& doc, const std::vector<Token>& tokens, Extraction& ex) const;
  // The same over a TokenView of the document built from ex.mentions. Words are looked up by
  // their numbers in the word lists: `tv`'s words must come from this extractor's lexicon's
  // vocabulary (asserted).
  void Extract(const TokenView& tv, Extraction& ex) const;

  // What a hyphenated number word ("twenty-five": a word of value 20 or more, '-', a word of
  // value 1..9) the extractor's number_words allows looks like; a word of another shape is
  // none. Worked out once from the list, for the scan that looks for figures.
  struct HyphenatedShape {
    // The size of the shortest such word; a shorter word is none.
    std::size_t min_size = static_cast<std::size_t>(-1);
    // Where its first '-' may be: after a word of value 20 or more, so bit p is set for each
    // such word of p < 64 bytes ("forty": bit 5); dash_far when one has 64 bytes or more.
    std::uint64_t dash_at = 0;
    bool dash_far = false;
    // The first two bytes such a word may have, as the bits Start() numbers: those of each word
    // of value 20 or more ("tw" for "twenty"; for a word of one byte, it and the '-'). A byte
    // keeps only its low five bits, which an ASCII letter shares with its other case and
    // lower-casing leaves to every other ASCII byte, so a word written in any case is found.
    std::bitset<1024> starts;
    static std::size_t Start(char b0, char b1) {
      return static_cast<std::size_t>((b0 & 0x1F) << 5 | (b1 & 0x1F));
    }
    bool MayStart(char b0, char b1) const { return starts[Start(b0, b1)]; }
  };

  // The words of the word sets asked of the words around a candidate number (stop words,
  // months, words before a year) that the vocabulary lacks, by text, with their sets' bits as
  // word_flags_ has them for the words it holds: what a word of no number is asked. Most such
  // words are ruled out by the filter, before any hashing.
  struct UnnumberedWords {
    NameFilter filter;
    StringMap<unsigned char> bits;
    unsigned char Bits(std::string_view w) const {
      if (!filter.MayHold(w)) return 0;
      const auto it = bits.find(w);
      return it == bits.end() ? 0 : it->second;
    }
  };

 private:
  friend void internal::ExtractWithoutSkips(const FigureExtractor& x, const TokenView& tv,
                                            Extraction& ex);
  // Extract(tv, ex), on the fast paths when `skip` (internal::ExtractWithoutSkips).
  void Extract(const TokenView& tv, Extraction& ex, bool skip) const;

  const Lexicon& lex_;
  // The word lists, looked up once here rather than for every document.
  const WordList& number_words_;
  const WordList& qualifiers_;
  const WordList& count_nouns_;
  const WordList& non_count_;
  HyphenatedShape hyphenated_;
  static HyphenatedShape HyphenatedShapeOf(const WordList& number_words);
  // The vocabulary numbers of "between" and "from" (kUnknownWord when it lacks them), which
  // may lead a figure ("between 5 and 10"), looked up once here rather than for every document.
  WordId between_, from_;
  // By vocabulary word number, what the scan for the next possible figure asks of every token,
  // as bits (figure_extractor.cc's kLeadWord: "between" or "from"; kNumberWord: a one-word
  // entry of number_words): one look-up rather than two comparisons and a walk of the index.
  // Also the word sets asked of the words around a candidate number (stop words, months, words
  // before a year), so that they too are asked by number rather than hashed; unnumbered_ holds
  // those of their words that the vocabulary lacks.
  std::vector<unsigned char> word_flags_;
  static std::vector<unsigned char> WordFlags(const Vocabulary& vocab,
                                              const WordList& number_words, WordId between,
                                              WordId from);
  UnnumberedWords unnumbered_;
  static UnnumberedWords UnnumberedWordsOf(const Vocabulary& vocab);
  // By vocabulary word number, the value of the word's one-word entry of number_words as
  // ParseDecimal reads it, -1 when it has none: asked of the words after every candidate
  // number (a scale, the counted noun phrase), once per word here rather than parsed there.
  std::vector<double> word_values_;
  static std::vector<double> WordValues(const Vocabulary& vocab, const WordList& number_words);
};

namespace internal {
// Exposed only for the tests that each fast path agrees with its plain one.

// The number `s` spells, as std::atof reads it ("3200", "1.5", "007" -> 7). A plain digit
// string short enough to be an exact double is read without strtod; anything else goes to
// std::atof.
double ParseDecimal(const std::string& s);

// The value of a number token `w` ("3,200" -> 3200, "1.5"): ParseDecimal of `w` without its
// thousands separators (','); nullopt when the rest is empty or holds anything but digits and
// points. NumberTokenValue reads separated digit strings of up to 15 digits with at most one
// point ("3,200", "5.93") itself and leaves the rest to NumberTokenValueSlow, the general way.
std::optional<double> NumberTokenValue(std::string_view w);
std::optional<double> NumberTokenValueSlow(std::string_view w);
}  // namespace internal

}  // namespace newsgraph::extract
