// Small helpers shared by the relation, quote and figure extractors: lower-cased token text
// for word-list lookups, and a token -> mention map so that patterns over tokens can ask
// "is this token inside a Person mention?". Header-only, pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::extract {

// ASCII lower-casing with the typographic apostrophe folded to "'" ("Russia’s" -> "russia's").
inline std::string LowerAscii(std::string_view s) {
  std::string out(s.size(), '\0');
  std::size_t o = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xE2' && s.compare(i, 3, "\xE2\x80\x99") == 0) {
      out[o++] = '\'';
      i += 2;
      continue;
    }
    const char c = s[i];
    out[o++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out.resize(o);
  return out;
}

// The tokens of one document with their lower-cased text and the mention each lies in. Built
// once per document (Pipeline::Extract) and shared by the relation, quote and figure
// extractors; it refers to `doc`, `tokens` and nothing else, so those must outlive it and the
// mentions it was built from must not change while it is used. Immutable; thread-safe.
class TokenView {
 public:
  TokenView(const Document& doc, const std::vector<Token>& tokens,
            const std::vector<Mention>& mentions)
      : doc_(doc), tokens_(tokens), mention_of_(tokens.size()), lower_(tokens.size()) {
    for (std::size_t k = 0; k < tokens.size(); ++k)
      lower_[k] = LowerAscii(doc.Slice(tokens[k].span));
    std::size_t m = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      while (m < mentions.size() && mentions[m].span.end <= tokens[k].span.begin) ++m;
      if (m < mentions.size() && mentions[m].span.begin <= tokens[k].span.begin &&
          tokens[k].span.end <= mentions[m].span.end)
        mention_of_[k] = m;
    }
  }

  const Document& doc() const { return doc_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  std::size_t size() const { return tokens_.size(); }
  const Token& tok(std::size_t k) const { return tokens_[k]; }
  // Lower-cased text of token k ("" past the end, so look-ahead needs no bounds checks).
  const std::string& low(std::size_t k) const {
    static const std::string kEmpty;
    return k < lower_.size() ? lower_[k] : kEmpty;
  }
  std::string_view text(std::size_t k) const { return doc_.Slice(tokens_[k].span); }
  std::optional<std::size_t> mention(std::size_t k) const {
    return k < mention_of_.size() ? mention_of_[k] : std::nullopt;
  }
  // The text of tokens [b, e) as written, whitespace runs folded to one space.
  std::string Text(std::size_t b, std::size_t e) const {
    std::string s;
    for (std::size_t k = b; k < e; ++k) {
      if (k > b && tokens_[k].span.begin > tokens_[k - 1].span.end) s += ' ';
      s += doc_.Slice(tokens_[k].span);
    }
    return s;
  }
  Span SpanOf(std::size_t b, std::size_t e) const {
    return {tokens_[b].span.begin, tokens_[e - 1].span.end};
  }

 private:
  const Document& doc_;
  const std::vector<Token>& tokens_;
  std::vector<std::optional<std::size_t>> mention_of_;
  std::vector<std::string> lower_;
};

inline bool IsQuoteToken(const Token& t) {
  return t.kind == TokenKind::kOpenQuote || t.kind == TokenKind::kCloseQuote ||
         t.kind == TokenKind::kQuote;
}

// The longest phrase of up to `max_words` tokens starting at k whose lower-cased words,
// joined by spaces, are an entry of `list`: {number of tokens, the entry's value}, or {0, ""}.
// A phrase never crosses a line break.
struct PhraseMatch {
  std::size_t n = 0;
  std::string value;
};
inline PhraseMatch MatchPhrase(const WordList& list, const TokenView& tv, std::size_t k,
                               std::size_t max_words = 4) {
  std::string key;
  PhraseMatch best;
  for (std::size_t i = 0; i < max_words && k + i < tv.size(); ++i) {
    if (i > 0 && tv.tok(k + i).newline_before) break;
    // One word is looked up as it is (most calls end there); longer phrases are built in key.
    if (i == 1) key = tv.low(k);
    if (i > 0) {
      key += ' ';
      key += tv.low(k + i);
    }
    const std::string& phrase = i == 0 ? tv.low(k) : key;
    auto it = list.find(phrase);
    if (it != list.end()) {
      best = {i + 1, it->second};
    } else if (list.has_word_prefixes && !list.word_prefixes.count(phrase)) {
      break;  // no entry starts with these words
    }
  }
  return best;
}

}  // namespace newsgraph::extract
