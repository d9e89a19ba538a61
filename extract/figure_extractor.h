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
        min_hyphenated_(MinHyphenatedSize(number_words_)) {}

  // Appends the figures of `doc` to ex.figures in text order. Reads ex.sentences,
  // ex.mentions and ex.statements; `tokens` are the document's tokens.
  void Extract(const Document& doc, const std::vector<Token>& tokens, Extraction& ex) const;
  // The same over a TokenView of the document built from ex.mentions.
  void Extract(const TokenView& tv, Extraction& ex) const;

 private:
  const Lexicon& lex_;
  // The word lists, looked up once here rather than for every document.
  const WordList& number_words_;
  const WordList& qualifiers_;
  const WordList& count_nouns_;
  const WordList& non_count_;
  // The size of the shortest hyphenated number word ("twenty-five": a word of value 20 or more,
  // '-', a word of value 1..9) number_words allows; a shorter word is none.
  std::size_t min_hyphenated_;
  static std::size_t MinHyphenatedSize(const WordList& number_words);
};

// The number `s` spells, as std::atof reads it ("3200", "1.5", "007" -> 7). A plain digit
// string short enough to be an exact double is read without strtod; anything else goes to
// std::atof. Exposed for the test that the two ways agree.
double ParseDecimal(const std::string& s);

// The value of a number token `w` ("3,200" -> 3200, "1.5"): ParseDecimal of `w` without its
// thousands separators (','); nullopt when the rest is empty or holds anything but digits and
// points. NumberTokenValue reads separated digit strings itself and leaves the rest to
// NumberTokenValueSlow, the general way; both are exposed for the test that they agree.
std::optional<double> NumberTokenValue(std::string_view w);
std::optional<double> NumberTokenValueSlow(std::string_view w);

}  // namespace newsgraph::extract
