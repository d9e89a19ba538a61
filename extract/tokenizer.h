// Tokenizer and sentence splitter for news text: the first stage after reading and cleanup.
// Tokens are byte spans into the Document's text, so every later stage (entities, quotes,
// figures) points back into the article. Abbreviations ("U.S.", "Nov.", "Mr."), initials,
// quotes and dashes of every kind, numbers with separators ("3,200", "1.5") and text in any
// script pass through: letters are classified with ICU, not with ASCII tables.
#pragma once

#include <string_view>
#include <vector>

#include "graph/document.h"

namespace newsgraph::extract {

enum class TokenKind {
  kWord,        // letters, digits inside words, internal hyphens/apostrophes ("al-Assad")
  kNumber,      // digits with separators: "3,200", "1.5", "2014-2015" is three tokens
  kAbbrev,      // a word with periods: "U.S.", "Nov.", "Mr.", initials "J."
  kOpenQuote,   // “ « „ ‘ and a straight quote that opens
  kCloseQuote,  // ” » ’ and a straight quote that closes
  kQuote,       // a straight quote whose direction the context did not tell
  kDash,        // - – — when standing alone
  kPunct,       // any other punctuation or symbol
};

// One token: its kind, byte span, whether it starts with an upper-case letter, and whether a
// line break precedes it (paragraph structure matters in news pages).
struct Token {
  TokenKind kind = TokenKind::kWord;
  Span span;
  bool capitalized = false;
  bool all_caps = false;
  bool newline_before = false;
  bool paragraph_before = false;  // a blank line precedes it
};

// Splits UTF-8 text into tokens. Invalid UTF-8 bytes become single punctuation tokens.
// Pure function; thread-safe.
std::vector<Token> Tokenize(std::string_view text);

namespace internal {
// Tokenize without its fast paths over runs of ASCII: every character taken one at a time.
// Slow; it exists so that tests can check both agree.
std::vector<Token> TokenizeOneByOne(std::string_view text);
}  // namespace internal

// The token index range [first, last) of a sentence.
struct TokenRange {
  std::size_t first = 0, last = 0;
};

// Sentence spans over the tokens: ends at . ! ? (not after an abbreviation or initial) when
// the next token starts a sentence, and always at a blank line or a line break that ends a
// line without continuation. Closing quotes after the end mark stay in the sentence.
// Returns spans covering every token, in order. `token_ranges`, when given, receives the
// token range of each sentence, parallel to the result: for tokens as Tokenize makes them (in
// text order, apart, none empty) that is SentenceTokens(result, tokens), found on the way
// rather than searched for again.
std::vector<Span> SplitSentences(std::string_view text, const std::vector<Token>& tokens,
                                 std::vector<TokenRange>* token_ranges = nullptr);

namespace internal {
// SplitSentences without its skip over the tokens that can neither end nor break a sentence:
// every token taken by the whole loop. It exists so that tests can check both agree.
std::vector<Span> SplitSentencesTokenByToken(std::string_view text,
                                             const std::vector<Token>& tokens,
                                             std::vector<TokenRange>* token_ranges = nullptr);
}  // namespace internal

// The token range of each sentence, parallel to `sentences` (SplitSentences' result).
std::vector<TokenRange> SentenceTokens(const std::vector<Span>& sentences,
                                       const std::vector<Token>& tokens);

}  // namespace newsgraph::extract
