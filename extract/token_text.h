// Small helpers shared by the relation, quote and figure extractors: lower-cased token text
// for word-list lookups, and a token -> mention map so that patterns over tokens can ask
// "is this token inside a Person mention?". Header-only, pure functions, thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "extract/lexicon.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::extract {

// ASCII lower-casing with the typographic apostrophe folded to "'" ("Russia’s" -> "russia's"),
// written to `out`, which has room for s.size() bytes (the result is never longer). Returns
// the number of bytes written.
inline std::size_t WriteLowerAscii(std::string_view s, char* out) {
  char* const start = out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xE2' && s.compare(i, 3, "\xE2\x80\x99") == 0) {
      *out++ = '\'';
      i += 2;
      continue;
    }
    const char c = s[i];
    *out++ = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return static_cast<std::size_t>(out - start);
}
namespace internal {
// Of eight bytes loaded from memory of which the first `k` (1..8) are a word's, the bytes that
// must be ASCII for WriteLowerAsciiWords: the word's own when the machine is little-endian, as
// the carries of the others' additions then run only into bytes further on; all eight else.
constexpr std::uint64_t CheckedBytes(std::size_t k) {
  const std::uint64_t all = ~std::uint64_t{0};
  if (k >= 8 || std::endian::native != std::endian::little) return all;
  return all >> (64 - 8 * k);
}
// CheckedBytes(k) by k (0 for k = 0), in one load rather than a test and two shifts.
inline constexpr std::array<std::uint64_t, 9> kLowBytes = [] {
  std::array<std::uint64_t, 9> masks{};
  for (std::size_t k = 1; k <= 8; ++k) masks[k] = CheckedBytes(k);
  return masks;
}();
constexpr std::uint64_t kOneBits = 0x0101010101010101ull, kTopBits = 0x80 * kOneBits;
// Eight bytes, none above 0x7F, with their 'A'..'Z' turned to 'a'..'z' at once: a byte >= 'A'
// gets its top bit set by adding 0x3F, one > 'Z' by adding 0x25, and bytes below 0x80 carry
// into no neighbour.
inline std::uint64_t LowerAsciiBytes(std::uint64_t x) {
  return x | ((x + 0x3F * kOneBits) & ~(x + 0x25 * kOneBits) & kTopBits) >> 2;
}
// WriteLowerAscii of text[b, e) eight bytes at a time, for the ASCII words most tokens are:
// each load of eight bytes with no byte above 0x7F among those CheckedBytes names is
// lower-cased at once (LowerAsciiBytes) and stored whole. Bytes
// past the word are read and written too, so text[b, b + 8 * ceil((e - b) / 8)) must lie in
// `text` and `out` must have as much room; their bytes in `out` are garbage for the caller to
// overwrite or cut off. A word with a non-ASCII byte (perhaps ’) goes to WriteLowerAscii.
inline std::size_t WriteLowerAsciiWords(std::string_view text, std::size_t b, std::size_t e,
                                        char* out) {
  const std::size_t n = e - b;
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t x;
    std::memcpy(&x, text.data() + b + i, 8);
    if (x & kTopBits & CheckedBytes(n - i)) return WriteLowerAscii(text.substr(b, n), out);
    x = LowerAsciiBytes(x);
    std::memcpy(out + i, &x, 8);
  }
  return n;
}
}  // namespace internal
// The same appended to `out`.
inline void AppendLowerAscii(std::string_view s, std::string& out) {
  const std::size_t size = out.size();
  out.resize(size + s.size());
  out.resize(size + WriteLowerAscii(s, out.data() + size));
}
inline std::string LowerAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendLowerAscii(s, out);
  return out;
}

namespace internal {
// TokenWords' words as plain pointers and a count: a look-up is one comparison and one load, not
// a vector's size worked out from its two ends first, and a TokenView keeps a copy so that
// asking it about a token reads no TokenWords first. Every extractor asks about most tokens,
// many of them several times.
struct WordArrays {
  const char* text = nullptr;          // token k's word is text[begin[k], begin[k + 1])
  const std::size_t* begin = nullptr;  // size + 1 offsets
  const WordId* ids = nullptr;         // size numbers
  std::size_t size = 0;
  std::string_view low(std::size_t k) const {
    return k < size ? std::string_view(text + begin[k], begin[k + 1] - begin[k])
                    : std::string_view();
  }
  WordId id(std::size_t k) const { return k < size ? ids[k] : kUnknownWord; }
};
}  // namespace internal

// The lower-cased text (LowerAscii) of every token of one document and its number in the
// lexicon's vocabulary: a word no list holds is kUnknownWord, which matches no entry. Built
// once per document (Pipeline::Extract) and shared by the entity extractor and the TokenView.
// Refers after construction only to the vocabulary, which vocabulary() returns; immutable (and
// neither copied nor moved: words() points into it); thread-safe.
class TokenWords {
 public:
  TokenWords(const Document& doc, const std::vector<Token>& tokens, const Vocabulary& vocab)
      : vocab_(&vocab),
        // Every byte and number is written below before it is read: the arrays are not
        // filled with zeros first (a memset of the document's size and more, per document).
        lower_text_(std::make_unique_for_overwrite<char[]>(doc.text.size())),
        lower_begin_(std::make_unique_for_overwrite<std::size_t[]>(tokens.size() + 1)),
        ids_(std::make_unique_for_overwrite<WordId[]>(tokens.size())) {
    // Tokens do not overlap and lower-casing never lengthens a word, so the document's size
    // is room enough: every word is written in place, the rest left unused. A word whose
    // eight-byte reads and writes stay inside both texts is lower-cased eight bytes at a time
    // (for tokens in text order and apart, as Tokenize makes them, the writes always do: the
    // words before took no more room than the text before; the test keeps other tokens safe).
    const std::string_view text = doc.text;
    // The numbers of the one-byte words (punctuation, initials: a fifth of the tokens), by
    // their lower-cased byte, looked up the first time the document has each: kNotLooked till
    // then, which no vocabulary gives (it is no number below vocab.size(), nor kUnknownWord).
    constexpr WordId kNotLooked = ~WordId{0};
    std::array<WordId, 256> one_byte;
    one_byte.fill(kNotLooked);
    // The arrays written, held in locals: the words' bytes are stored through a char pointer,
    // which may alias anything, so members would be loaded again for every token.
    const Token* const toks = tokens.data();
    const std::size_t count = tokens.size();
    char* const lower = lower_text_.get();
    WordId* const ids = ids_.get();
    std::size_t* const begins = lower_begin_.get();
    std::size_t size = 0;
    begins[0] = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const Span span = toks[k].span;
      char* const out = lower + size;
      if (span.size() == 1) {
        const char c = text[span.begin];
        *out = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        WordId& id = one_byte[static_cast<unsigned char>(*out)];
        if (id == kNotLooked) id = vocab.Find(std::string_view(out, 1));
        ids[k] = id;
        begins[k + 1] = ++size;
        continue;
      }
      // Most words: ASCII, of one to eight bytes (the unsigned test also rules out none), read
      // in one load, lower-cased and stored whole (LowerAsciiBytes), and looked up by the
      // number their bytes make, the load's first span.size() bytes (a little-endian machine's
      // low bits), without reading them again. Their eight bytes read and written must lie in
      // both texts, as for WriteLowerAsciiWords below.
      if constexpr (std::endian::native == std::endian::little) {
        if (span.size() - 1 < Vocabulary::kMaxPacked && span.begin + 8 <= text.size() &&
            size + 8 <= text.size()) {
          std::uint64_t x;
          std::memcpy(&x, text.data() + span.begin, 8);
          const std::uint64_t word_bytes = internal::kLowBytes[span.size()];
          if (!(x & internal::kTopBits & word_bytes)) {
            x = internal::LowerAsciiBytes(x);
            std::memcpy(out, &x, 8);
            ids[k] = vocab.FindPacked(span.size(), x & word_bytes);
            size += span.size();
            begins[k + 1] = size;
            continue;
          }
        }
      }
      const std::size_t whole = (span.size() + 7) & ~std::size_t{7};
      const bool by_words = span.begin + whole <= text.size() && size + whole <= text.size();
      const std::size_t n = by_words
                                ? internal::WriteLowerAsciiWords(text, span.begin, span.end, out)
                                : WriteLowerAscii(text.substr(span.begin, span.size()), out);
      ids[k] = vocab.Find(std::string_view(out, n));
      size += n;
      begins[k + 1] = size;
    }
    words_ = {lower, begins, ids, count};
  }
  TokenWords(const TokenWords&) = delete;
  TokenWords& operator=(const TokenWords&) = delete;

  std::size_t size() const { return words_.size; }
  // Lower-cased text of token k, "" past the end.
  std::string_view low(std::size_t k) const { return words_.low(k); }
  // The vocabulary number of low(k), kUnknownWord past the end.
  WordId id(std::size_t k) const { return words_.id(k); }
  // The vocabulary the numbers are of (the one given to the constructor).
  const Vocabulary& vocabulary() const { return *vocab_; }
  // The words and numbers as arrays, valid as long as this object.
  const internal::WordArrays& words() const { return words_; }

 private:
  const Vocabulary* vocab_;
  internal::WordArrays words_;  // of the three members below
  // Token k's lower-cased text is lower_text_[lower_begin_[k], lower_begin_[k + 1]), its
  // number ids_[k]; the text has room for the document's (of which the words use a part).
  std::unique_ptr<char[]> lower_text_;
  std::unique_ptr<std::size_t[]> lower_begin_;
  std::unique_ptr<WordId[]> ids_;
};

namespace internal {
// A token's mention as MentionOfTokens gives it: four bytes a token rather than the sixteen of
// a std::optional<std::size_t>, so that the per-token array is a quarter the size; kNoMention,
// which no mention's index reaches (MentionOfTokens asserts it), for none.
using TokenMention = std::uint32_t;
inline constexpr TokenMention kNoMention = ~TokenMention{0};
// For each token, the first mention (by index) ending after the token begins, when that
// mention holds the whole token; kNoMention else. One walk over the tokens and mentions
// together.
inline void MentionOfTokensByWalk(const std::vector<Token>& tokens,
                                  const std::vector<Mention>& mentions,
                                  std::vector<TokenMention>& out) {
  assert(mentions.size() < kNoMention);
  out.assign(tokens.size(), kNoMention);
  std::size_t m = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    while (m < mentions.size() && mentions[m].span.end <= tokens[k].span.begin) ++m;
    if (m < mentions.size() && mentions[m].span.begin <= tokens[k].span.begin &&
        tokens[k].span.end <= mentions[m].span.end)
      out[k] = static_cast<TokenMention>(m);
  }
}
// The same, from the mentions: when they are in text order and apart (each ends by the next's
// begin), as the extractors' mentions are, the first mention ending after a token that lies in
// a mention is that mention, so each mention's tokens are found by a search from the previous
// mention's, and the tokens outside mentions, most of them, are never visited. Tokens are in
// text order and apart (Tokenize). Other mentions take the walk over every token.
// Returns whether it searched; then ranges[m] holds the first and one-past-last token of
// mention m (0 and 0 when no token lies in it), else ranges is empty.
inline bool MentionOfTokens(const std::vector<Token>& tokens, const std::vector<Mention>& mentions,
                            std::vector<TokenMention>& out,
                            std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
  ranges.clear();
  for (std::size_t m = 0; m < mentions.size(); ++m) {
    if (mentions[m].span.begin > mentions[m].span.end ||
        (m + 1 < mentions.size() && mentions[m].span.end > mentions[m + 1].span.begin)) {
      MentionOfTokensByWalk(tokens, mentions, out);
      return false;
    }
  }
  assert(mentions.size() < kNoMention);
  out.assign(tokens.size(), kNoMention);
  ranges.assign(mentions.size(), {0, 0});
  auto first = tokens.begin();
  for (std::size_t m = 0; m < mentions.size(); ++m) {
    const Span span = mentions[m].span;
    first = std::partition_point(first, tokens.end(),
                                 [&](const Token& t) { return t.span.begin < span.begin; });
    const auto b = static_cast<std::size_t>(first - tokens.begin());
    std::size_t e = b;
    while (e < tokens.size() && tokens[e].span.end <= span.end)
      out[e++] = static_cast<TokenMention>(m);
    if (e > b) ranges[m] = {b, e};
  }
  return true;
}
}  // namespace internal

// The tokens of one document with their words (TokenWords) and the mention each lies in.
// Built once per document (Pipeline::Extract) and shared by the relation, quote and figure
// extractors; it refers to `doc`, `tokens`, the TokenWords and the sentence token ranges it
// was given and nothing else, so those must outlive it and the mentions it was built from must
// not change while it is used. Immutable; thread-safe.
class TokenView {
 public:
  // `sentence_tokens`, when given, is the token range of each sentence of the Extraction the
  // view is used with (SentenceTokens(ex.sentences, tokens)), so that the extractors do not
  // search for them again.
  TokenView(const Document& doc, const std::vector<Token>& tokens,
            const std::vector<Mention>& mentions, const TokenWords& words,
            const std::vector<TokenRange>* sentence_tokens = nullptr)
      : doc_(doc),
        tokens_(tokens),
        words_(&words),
        arrays_(words.words()),
        sentence_tokens_(sentence_tokens) {
    assert(words.size() == tokens.size());  // the words of these tokens: ids() covers size()
    internal::MentionOfTokens(tokens, mentions, mention_of_, mention_tokens_);
  }
  // The same with words of its own.
  TokenView(const Document& doc, const std::vector<Token>& tokens,
            const std::vector<Mention>& mentions, const Vocabulary& vocab)
      : TokenView(doc, tokens, mentions, std::make_unique<const TokenWords>(doc, tokens, vocab)) {}
  TokenView(const TokenView&) = delete;
  TokenView& operator=(const TokenView&) = delete;

  const Document& doc() const { return doc_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  std::size_t size() const { return tokens_.size(); }
  const Token& tok(std::size_t k) const { return tokens_[k]; }
  // Lower-cased text of token k ("" past the end, so look-ahead needs no bounds checks).
  // A view, so that comparing it with a literal is a length check, not a call.
  std::string_view low(std::size_t k) const { return arrays_.low(k); }
  // The vocabulary number of low(k) (kUnknownWord past the end).
  WordId id(std::size_t k) const { return arrays_.id(k); }
  // The vocabulary numbers of tokens [0, size()) as one array: id(k) without its bounds check,
  // for the loops that pass over most tokens asking each its number and nothing else, and stop
  // at size() themselves.
  const WordId* ids() const { return arrays_.ids; }
  // The vocabulary those numbers are of: an extractor that looks words up by number in its
  // lexicon's lists asserts that it is its lexicon's.
  const Vocabulary& vocabulary() const { return words_->vocabulary(); }
  std::string_view text(std::size_t k) const { return doc_.Slice(tokens_[k].span); }
  // The token range of each sentence, as given to the constructor, or null.
  const std::vector<TokenRange>* sentence_tokens() const { return sentence_tokens_; }
  // The mention (by index) that holds token k, if any.
  std::optional<std::size_t> mention(std::size_t k) const {
    if (k >= mention_of_.size() || mention_of_[k] == internal::kNoMention) return std::nullopt;
    return mention_of_[k];
  }
  // The text of tokens [b, e) as written, whitespace runs folded to one space.
  std::string Text(std::size_t b, std::size_t e) const {
    std::string s;
    for (std::size_t k = b; k < e; ++k) {
      if (k > b && SpaceBefore(k)) s += ' ';
      s += doc_.Slice(tokens_[k].span);
    }
    return s;
  }
  // Text(b, e).size(), without building it.
  std::size_t TextSize(std::size_t b, std::size_t e) const {
    std::size_t size = 0;
    for (std::size_t k = b; k < e; ++k) size += (k > b && SpaceBefore(k)) + text(k).size();
    return size;
  }
  Span SpanOf(std::size_t b, std::size_t e) const {
    return {tokens_[b].span.begin, tokens_[e - 1].span.end};
  }
  // The first and one-past-last token of each of the `count` mentions the view was built from
  // (0 and 0 for a mention no token lies in): copied from the construction when it searched
  // from the mentions, else found in one pass over the tokens (a mention's first token is the
  // one met while its last is 0).
  void MentionTokens(std::size_t count, std::vector<std::size_t>& first,
                     std::vector<std::size_t>& last) const {
    first.assign(count, 0);
    last.assign(count, 0);
    // Known from the construction when it searched from the mentions (internal::MentionOfTokens).
    if (count > 0 && mention_tokens_.size() == count) {
      for (std::size_t m = 0; m < count; ++m) std::tie(first[m], last[m]) = mention_tokens_[m];
      return;
    }
    for (std::size_t k = 0; k < mention_of_.size(); ++k) {
      if (const internal::TokenMention m = mention_of_[k]; m != internal::kNoMention) {
        if (last[m] == 0) first[m] = k;
        last[m] = k + 1;
      }
    }
  }

 private:
  // Whether Text() puts a space before token k (k > 0): the tokens are apart in the text.
  bool SpaceBefore(std::size_t k) const { return tokens_[k].span.begin > tokens_[k - 1].span.end; }

  TokenView(const Document& doc, const std::vector<Token>& tokens,
            const std::vector<Mention>& mentions, std::unique_ptr<const TokenWords> own)
      : TokenView(doc, tokens, mentions, *own) {
    own_words_ = std::move(own);
  }

  const Document& doc_;
  const std::vector<Token>& tokens_;
  const TokenWords* words_;
  internal::WordArrays arrays_;  // words_->words(), kept here: read for most tokens
  const std::vector<TokenRange>* sentence_tokens_ = nullptr;
  std::unique_ptr<const TokenWords> own_words_;  // set when built from a Vocabulary
  std::vector<internal::TokenMention> mention_of_;  // internal::MentionOfTokens
  // The first and one-past-last token of each mention, when the construction searched from the
  // mentions; else empty.
  std::vector<std::pair<std::size_t, std::size_t>> mention_tokens_;
};

// A fixed set of words, asked of many tokens (words near a number, words around a cue): its
// NameFilter rules out most other words (by size and first and last byte) before any hashing.
class WordSet {
 public:
  WordSet(std::initializer_list<const char*> words) : set_(words.begin(), words.end()) {
    for (const std::string& w : set_) filter_.Add(w);
  }
  bool Contains(std::string_view w) const { return filter_.MayHold(w) && set_.count(w) > 0; }

 private:
  StringSet set_;
  NameFilter filter_;
};

// Whether token k is `word` (lower-cased), whose vocabulary number is `id`: compared by number,
// a load and a compare rather than a text comparison. When the vocabulary lacks the word (`id`
// is kUnknownWord) only the tokens without a number can be it, and their text is compared.
inline bool TokenIsWord(const TokenView& tv, std::size_t k, WordId id, std::string_view word) {
  const WordId t = tv.id(k);
  return id != kUnknownWord ? t == id : t == kUnknownWord && tv.low(k) == word;
}

inline bool IsQuoteToken(const Token& t) {
  return t.kind == TokenKind::kOpenQuote || t.kind == TokenKind::kCloseQuote ||
         t.kind == TokenKind::kQuote;
}

// The longest phrase of up to `max_words` tokens starting at k whose lower-cased words,
// joined by spaces, are an entry of `list`: {number of tokens, the entry's value}, or {0, ""}.
// A phrase never crosses a line break.
struct PhraseMatch {
  std::size_t n = 0;
  // A view of the value the list holds (a list is immutable once built and outlives the
  // match), so that a match, asked of many tokens, copies and frees no string.
  std::string_view value;
};
namespace internal {
// MatchPhrase() for a k whose word starts some entry of `list`. Kept out of line, so that
// inlining MatchPhrase() copies only its first-word test into each caller.
[[gnu::noinline]] inline PhraseMatch MatchPhraseFrom(const WordList& list, const TokenView& tv,
                                                     std::size_t k, std::size_t max_words) {
  PhraseMatch best;
  PhraseIndex::Node node = PhraseIndex::Root();
  for (std::size_t i = 0; i < max_words && k + i < tv.size(); ++i) {
    if (i > 0 && tv.tok(k + i).newline_before) break;
    node = list.index.Next(node, tv.id(k + i));
    if (node == PhraseIndex::kNoNode) break;  // no entry starts with these words
    if (const std::string* value = list.index.Value(node)) best = {i + 1, *value};
  }
  return best;
}
}  // namespace internal
// Most tokens start no entry: the test for that is kept apart from the loop, small enough to
// be inlined at every call (forced: in a large caller GCC may keep an out-of-line copy, and a
// call per token costs more than the test).
[[gnu::always_inline]] inline PhraseMatch MatchPhrase(const WordList& list, const TokenView& tv,
                                                      std::size_t k, std::size_t max_words = 4) {
  if (k >= tv.size() || !list.Starts(tv.id(k))) return {};
  return internal::MatchPhraseFrom(list, tv, k, max_words);
}

}  // namespace newsgraph::extract
