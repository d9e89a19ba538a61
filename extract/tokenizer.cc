#include "extract/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace newsgraph::extract {
namespace {

struct Cp {
  UChar32 c;
  std::size_t begin, end;
};

Cp DecodeMultibyte(std::string_view t, std::size_t i) {
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), j, static_cast<int32_t>(t.size()), c);
  return {c, i, static_cast<std::size_t>(j)};
}
// ASCII, most of any news text, needs no decoding, and this small test is inlined.
inline Cp Decode(std::string_view t, std::size_t i) {
  if (const auto b = static_cast<unsigned char>(t[i]); b < 0x80) return {b, i, i + 1};
  return DecodeMultibyte(t, i);
}

bool IcuLetter(UChar32 c) { return c >= 0 && (u_isalpha(c) || u_getCombiningClass(c) > 0 || u_charType(c) == U_NON_SPACING_MARK); }
bool IcuDigit(UChar32 c) { return c >= 0 && u_isdigit(c); }
bool IcuSpace(UChar32 c) { return c >= 0 && (u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF); }

// Characters that join two parts of a word or number when the right character follows
// (al-Assad, 3,200, 1.5, U.S., O'Brien, AT&T), as TokenizeText decides.
bool IsJoiner(UChar32 c) {
  return c == '-' || c == '.' || c == ',' || c == '\'' || c == 0x2019 || c == '/' || c == '&';
}

// The ICU answers for ASCII, asked once, as bits per byte: most of a news text is ASCII, and a
// table lookup costs far less than a call into ICU per character. Bytes 0x80..0xFF, never a
// whole character, have none. kEndsWord marks a byte that is no letter, digit nor joiner: after
// a word's letters and digits it ends the word, whatever follows.
enum AsciiProp : std::uint8_t {
  kLetter = 1,
  kDigit = 2,
  kSpace = 4,
  kLower = 8,
  kUpper = 16,
  kEndsWord = 32
};
// Built when the library is loaded; nothing tokenizes during static initialisation.
const std::array<std::uint8_t, 256> kAsciiProps = [] {
  std::array<std::uint8_t, 256> t{};
  for (UChar32 c = 0; c < 128; ++c)
    t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(
        (IcuLetter(c) ? kLetter : 0) | (IcuDigit(c) ? kDigit : 0) | (IcuSpace(c) ? kSpace : 0) |
        (u_islower(c) ? kLower : 0) | (u_isupper(c) ? kUpper : 0) |
        (!IcuLetter(c) && !IcuDigit(c) && !IsJoiner(c) ? kEndsWord : 0));
  return t;
}();
// The end of the run of ASCII letters and digits that starts at byte i; their properties are
// or-ed into `seen`. A run that starts before `stopper`, a byte of `t` that is no letter or
// digit (LastStopper), ends by it, so its loop needs no check against the end of `t`. Inlined
// (forced): as a call of its own it cost a call, its arguments and `seen` in memory for every
// word, more instructions than most words' loops (callgrind, 3,000 Reuters articles: Tokenize
// 67.1M -> 57.5M).
[[gnu::always_inline]] inline std::size_t SkipAsciiAlnum(std::string_view t, std::size_t i,
                                                         std::size_t stopper, std::uint8_t& seen) {
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  std::uint8_t bits = 0;
  if (i < stopper) {
    for (;; ++i) {
      const std::uint8_t a = kAsciiProps[p[i]];
      if (!(a & (kLetter | kDigit))) break;
      bits |= a;
    }
  } else {
    for (; i < t.size(); ++i) {
      const std::uint8_t a = kAsciiProps[p[i]];
      if (!(a & (kLetter | kDigit))) break;
      bits |= a;
    }
  }
  seen |= bits;
  return i;
}
// The last byte of `t` that is no ASCII letter or digit (news text ends with one: a period, a
// line end), else 0, for SkipAsciiAlnum.
std::size_t LastStopper(std::string_view t) {
  for (std::size_t k = t.size(); k-- > 0;)
    if (!(kAsciiProps[static_cast<unsigned char>(t[k])] & (kLetter | kDigit))) return k;
  return 0;
}
// Whether the byte may be (an ASCII letter or digit) or begin (any byte above 0x7F) a letter or
// digit.
bool MayStartAlnum(char byte) {
  const auto b = static_cast<unsigned char>(byte);
  return b >= 0x80 || (kAsciiProps[b] & (kLetter | kDigit));
}
bool IsAscii(UChar32 c) { return c >= 0 && c < 128; }
bool Has(UChar32 c, AsciiProp prop) { return kAsciiProps[static_cast<std::size_t>(c)] & prop; }
bool IsLetter(UChar32 c) { return IsAscii(c) ? Has(c, kLetter) : IcuLetter(c); }
bool IsDigit(UChar32 c) { return IsAscii(c) ? Has(c, kDigit) : IcuDigit(c); }
bool IsSpace(UChar32 c) { return IsAscii(c) ? Has(c, kSpace) : IcuSpace(c); }
bool IsLower(UChar32 c) { return IsAscii(c) ? Has(c, kLower) : c >= 0 && u_islower(c); }
bool IsUpper(UChar32 c) { return IsAscii(c) ? Has(c, kUpper) : c >= 0 && u_isupper(c); }

bool IsOpenQuote(UChar32 c) { return c == 0x201C || c == 0x00AB || c == 0x201E || c == 0x2018 || c == 0x201A || c == 0x2039; }
bool IsCloseQuote(UChar32 c) { return c == 0x201D || c == 0x00BB || c == 0x2019 || c == 0x203A; }
bool IsDashCp(UChar32 c) { return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2012 || c == 0x2015 || c == 0x2212; }
bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

// Abbreviations that do not end a sentence when followed by a capitalised word.
constexpr std::array<std::string_view, 52> kAbbrev = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "cpt", "sgt", "adm",
    "gov", "sen", "rep", "rev", "st", "jr", "sr", "no", "vs", "v", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp",
    "dept", "est", "fig", "approx", "cmdr", "brig", "pres", "supt", "insp", "amb", "ft", "mt",
    "messrs"};

// A word of at most 8 bytes, none of them NUL, as one number: byte k in bits 8k..8k+7.
constexpr std::size_t kMaxPacked = 8;
constexpr std::uint64_t PackedByte(char c, std::size_t k) {
  return static_cast<std::uint64_t>(static_cast<unsigned char>(c)) << (8 * k);
}
// kAbbrev packed and sorted, so that a look-up is a binary search over numbers.
constexpr std::array<std::uint64_t, kAbbrev.size()> kAbbrevKeys = [] {
  std::array<std::uint64_t, kAbbrev.size()> keys{};
  for (std::size_t a = 0; a < kAbbrev.size(); ++a) {
    if (kAbbrev[a].size() > kMaxPacked) throw "an abbreviation longer than kMaxPacked";
    for (std::size_t k = 0; k < kAbbrev[a].size(); ++k) keys[a] |= PackedByte(kAbbrev[a][k], k);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}();

bool IsKnownAbbrev(std::string_view w) {
  // `w` lower-cased without its periods, packed; longer than kMaxPacked bytes it is none.
  std::uint64_t key = 0;
  std::size_t n = 0;
  for (char ch : w) {
    if (ch == '.') continue;
    if (n == kMaxPacked || ch == '\0') return false;
    key |= PackedByte(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch, n++);
  }
  return std::binary_search(kAbbrevKeys.begin(), kAbbrevKeys.end(), key);
}

// A token starting at byte i, with what the `newlines` line breaks before it tell (then reset),
// appended to `out` and filled there (no copy per token): nothing else is appended till the
// next token. Inlined (forced: as a lambda GCC kept it a call per token).
[[gnu::always_inline]] inline Token& StartToken(std::vector<Token>& out, std::size_t i,
                                                int& newlines) {
  Token& tok = out.emplace_back();
  tok.newline_before = newlines > 0;
  tok.paragraph_before = newlines > 1;
  newlines = 0;
  tok.span.begin = i;
  return tok;
}

// The token of the ASCII letters and digits [i, j) whose first byte is `first` and whose bytes'
// properties are `seen` (SkipAsciiAlnum's): a number when it starts with a digit and holds no
// letter, else a word, as the steps of TokenizeText make it.
[[gnu::always_inline]] inline Token& StartAsciiRun(std::vector<Token>& out, std::size_t i,
                                                   std::size_t j, unsigned char first,
                                                   std::uint8_t seen, int& newlines) {
  Token& tok = StartToken(out, i, newlines);
  tok.kind = (kAsciiProps[first] & kDigit) && !(seen & kLetter) ? TokenKind::kNumber
                                                                 : TokenKind::kWord;
  tok.span.end = j;
  tok.capitalized = (kAsciiProps[first] & kUpper) != 0;
  tok.all_caps = (seen & kUpper) && !(seen & kLower);
  return tok;
}

// Tokenize; with `kAsciiRuns`, spaces and the ASCII letters and digits of a word are taken
// from the table a run at a time instead of one code point at a time.
template <bool kAsciiRuns>
std::vector<Token> TokenizeText(std::string_view t) {
  std::vector<Token> out;
  out.reserve(t.size() / 4 + 16);  // news text has a token per 5 bytes or so
  const std::size_t stopper = kAsciiRuns ? LastStopper(t) : 0;
  std::size_t i = 0;
  // Line breaks since the last token. The first token counts as after a blank line (it has a
  // line and a paragraph break before it), so it starts at 2 and no token asks whether it is
  // the first.
  int newlines = 2;
  bool prev_space = true;  // straight quotes after a space open, before a space close
  while (i < t.size()) {
    if (const auto b = static_cast<unsigned char>(t[i]); kAsciiRuns && (kAsciiProps[b] & kSpace)) {
      if (b == '\n') ++newlines;
      ++i;
      prev_space = true;
      continue;
    }
    // Most tokens: ASCII letters and digits that a byte ending words follows (or the text's
    // end), a word or a number as the steps below would find it, taken at once. Otherwise the
    // run [i, run_end), with the properties run_seen of its bytes, is where the steps below
    // start, so that they do not read it again.
    std::size_t run_end = i;
    std::uint8_t run_seen = 0;
    if constexpr (kAsciiRuns) {
      if (const auto b = static_cast<unsigned char>(t[i]); kAsciiProps[b] & (kLetter | kDigit)) {
        const std::size_t j = run_end = SkipAsciiAlnum(t, i, stopper, run_seen);
        if (j == t.size() || (kAsciiProps[static_cast<unsigned char>(t[j])] & kEndsWord)) {
          StartAsciiRun(out, i, j, b, run_seen, newlines);
          // The one space that most often follows, taken here as the loop's first step would
          // take it, which saves a turn of the loop per word.
          const bool space_follows = j < t.size() && t[j] == ' ';
          i = j + space_follows;
          prev_space = space_follows;
          continue;
        }
        // An ASCII joiner (- . , ' / &: the other ASCII bytes that end no word) that no letter
        // or digit follows, as after most words that end a clause or a sentence ("zone, ",
        // "year.\n"), joins nothing: the steps below would end the token at it, or take a
        // period into a known abbreviation or after a single capital. Taken here the same way.
        // (t[j] ends no word, so when it is ASCII it is a joiner.)
        if (const auto c = static_cast<unsigned char>(t[j]);
            c < 0x80 && (j + 1 == t.size() || !MayStartAlnum(t[j + 1]))) {
          Token& tok = StartAsciiRun(out, i, j, b, run_seen, newlines);
          if (c == '.' && !(kAsciiProps[b] & kDigit) &&
              (IsKnownAbbrev(t.substr(i, j - i)) || (j - i == 1 && (run_seen & kUpper)))) {
            tok.kind = TokenKind::kAbbrev;
            tok.span.end = j + 1;
          }
          i = tok.span.end;
          prev_space = false;
          continue;
        }
      }
      // ASCII punctuation other than the straight quotes (whose kind depends on their
      // neighbours): a token of one byte, a dash or other punctuation, as the steps below make it.
      if (const auto b = static_cast<unsigned char>(t[i]);
          b < 0x80 && !(kAsciiProps[b] & (kLetter | kDigit | kSpace)) && b != '"' && b != '\'') {
        Token& tok = StartToken(out, i, newlines);
        tok.kind = b == '-' ? TokenKind::kDash : TokenKind::kPunct;
        tok.span.end = i + 1;
        i = i + 1;
        prev_space = false;
        continue;
      }
    }
    Cp cp = Decode(t, i);
    if (IsSpace(cp.c)) {
      if (cp.c == '\n') ++newlines;
      i = cp.end;
      prev_space = true;
      continue;
    }
    Token& tok = StartToken(out, i, newlines);
    if (IsLetter(cp.c) || IsDigit(cp.c)) {
      const bool starts_digit = IsDigit(cp.c);
      bool has_letter = (run_seen & kLetter) != 0, has_period = false;
      bool has_lower = (run_seen & kLower) != 0, has_upper = (run_seen & kUpper) != 0;
      std::size_t j = run_end;
      while (j < t.size()) {
        // ASCII letters and digits, most of a word, with one table lookup each.
        if constexpr (kAsciiRuns) {
          std::uint8_t seen = 0;
          j = SkipAsciiAlnum(t, j, stopper, seen);
          has_letter |= (seen & kLetter) != 0;
          has_lower |= (seen & kLower) != 0;
          has_upper |= (seen & kUpper) != 0;
          if (j >= t.size() || (kAsciiProps[static_cast<unsigned char>(t[j])] & kEndsWord)) break;
        }
        Cp c = Decode(t, j);
        if (IsLetter(c.c) || IsDigit(c.c)) {
          has_letter |= IsLetter(c.c);
          has_lower |= IsLower(c.c);
          has_upper |= IsUpper(c.c);
          j = c.end;
          continue;
        }
        // Joiners stay inside a token when a letter or digit follows: al-Assad, 3,200, 1.5,
        // U.S., Russia's splits off below.
        if (c.end < t.size() && IsJoiner(c.c)) {
          Cp n = Decode(t, c.end);
          const bool num_joiner = (c.c == ',' || c.c == '.') && starts_digit && !has_letter && IsDigit(n.c);
          const bool word_joiner = (c.c == '-' || c.c == '&') && (IsLetter(n.c) || IsDigit(n.c));
          const bool abbrev = c.c == '.' && !starts_digit && IsLetter(n.c) && (j - i) <= 3 &&
                              c.end < t.size();
          // An apostrophe joins "O'Brien" and "don't", but "'s" becomes its own token.
          const bool apos = IsApostrophe(c.c) && IsLetter(n.c) &&
                            !(n.end >= t.size() || !IsLetter(Decode(t, n.end).c)) ;
          if (num_joiner || word_joiner || abbrev || apos) {
            has_period |= c.c == '.';
            j = c.end;
            continue;
          }
        }
        break;
      }
      // A period after a short capitalised word or a known abbreviation belongs to it.
      std::string_view w = t.substr(i, j - i);
      if (j < t.size() && t[j] == '.' && !starts_digit &&
          (has_period || IsKnownAbbrev(w) || (w.size() == 1 && has_upper))) {
        ++j;
        has_period = true;
      }
      tok.kind = has_period && !starts_digit ? TokenKind::kAbbrev
                 : (starts_digit && !has_letter) ? TokenKind::kNumber
                                                 : TokenKind::kWord;
      tok.capitalized = IsUpper(cp.c);
      tok.all_caps = has_upper && !has_lower;
      tok.span.end = j;
      i = j;
    } else {
      tok.span.end = cp.end;
      if (IsOpenQuote(cp.c)) {
        tok.kind = TokenKind::kOpenQuote;
      } else if (IsCloseQuote(cp.c)) {
        // ’ between letters was handled as an apostrophe above; here it closes, or marks a
        // possessive ("Russia’s") which we keep as a separate 's token.
        tok.kind = TokenKind::kCloseQuote;
        if (IsApostrophe(cp.c) && cp.end < t.size()) {
          Cp n = Decode(t, cp.end);
          if ((n.c == 's' || n.c == 'S') && !prev_space) {
            std::size_t k = n.end;
            if (k >= t.size() || !IsLetter(Decode(t, k).c)) {
              tok.kind = TokenKind::kWord;
              tok.span.end = n.end;
            }
          }
        }
      } else if (cp.c == '"' || cp.c == '\'') {
        Cp n = cp.end < t.size() ? Decode(t, cp.end) : Cp{' ', cp.end, cp.end};
        if (cp.c == '\'' && !prev_space && (n.c == 's' || n.c == 'S')) {
          tok.kind = TokenKind::kWord;  // possessive 's
          tok.span.end = n.end;
        } else if (prev_space && !IsSpace(n.c)) {
          tok.kind = TokenKind::kOpenQuote;
        } else if (!prev_space && (IsSpace(n.c) || !IsLetter(n.c))) {
          tok.kind = TokenKind::kCloseQuote;
        } else {
          tok.kind = TokenKind::kQuote;
        }
      } else if (IsDashCp(cp.c)) {
        tok.kind = TokenKind::kDash;
      } else {
        tok.kind = TokenKind::kPunct;
      }
      i = tok.span.end;
    }
    prev_space = false;
  }
  return out;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view t) { return TokenizeText<true>(t); }

namespace internal {
std::vector<Token> TokenizeOneByOne(std::string_view t) { return TokenizeText<false>(t); }
}  // namespace internal

namespace {

// SplitSentences; with `kSkipPlainTokens`, the tokens that can neither end a sentence nor break
// one before them (no punctuation, no abbreviation, no line break before: most tokens) are
// stepped over in a loop of their own, which tests only that, rather than by the whole loop
// that tests each for everything.
template <bool kSkipPlainTokens>
std::vector<Span> SplitSentencesImpl(std::string_view t, const std::vector<Token>& tokens,
                                     std::vector<TokenRange>* token_ranges) {
  // The tokens' address and number held in a local: for the compiler, the pushes below might
  // change the vector's, which it would load again for every token.
  const std::span<const Token> toks(tokens);
  std::vector<Span> out;
  if (token_ranges) token_ranges->clear();
  if (toks.empty()) return out;
  // Room for sentences of 16 tokens on average, which news sentences exceed: no regrowth.
  out.reserve(toks.size() / 16 + 1);
  if (token_ranges) token_ranges->reserve(toks.size() / 16 + 1);
  std::size_t start = 0;
  auto text = [&](std::size_t k) { return t.substr(toks[k].span.begin, toks[k].span.size()); };
  // A sentence is tokens [start, last], so its token range is known here.
  auto close = [&](std::size_t last) {
    out.push_back({toks[start].span.begin, toks[last].span.end});
    if (token_ranges) token_ranges->push_back({start, last + 1});
    start = last + 1;
  };
  for (std::size_t k = 0; k < toks.size(); ++k) {
    if constexpr (kSkipPlainTokens) {
      // The loop's body does nothing for such a token: it closes a sentence only before a line
      // break, at an end mark (punctuation) or at an abbreviation. The two kinds as bits, so
      // that a token's kind is tested once.
      constexpr unsigned kMayEnd = 1u << static_cast<unsigned>(TokenKind::kPunct) |
                                   1u << static_cast<unsigned>(TokenKind::kAbbrev);
      const Token* tok = &toks[k];
      const Token* const end = toks.data() + toks.size();
      while (!tok->newline_before && !((kMayEnd >> static_cast<unsigned>(tok->kind)) & 1u)) {
        if (++tok == end) break;
      }
      k = static_cast<std::size_t>(tok - toks.data());
      if (k == toks.size()) break;
    }
    if (k > start && toks[k].newline_before) {
      // A line break ends a sentence unless the previous line clearly continues (ends with a
      // comma or a lower-case word and the next starts lower-case) — news pages break lines
      // between paragraphs, not inside them.
      const bool continues = !toks[k].paragraph_before && !toks[k].capitalized &&
                             toks[k].kind == TokenKind::kWord &&
                             toks[k - 1].kind != TokenKind::kPunct;
      if (!continues) close(k - 1);
    }
    // The text only of punctuation, the one kind of token that may be an end mark.
    bool end_mark = false;
    if (toks[k].kind == TokenKind::kPunct) {
      const std::string_view w = text(k);
      end_mark = w == "." || w == "!" || w == "?" || w == "\xE2\x80\xA6";
    }
    // "U.S." at a sentence end: an abbreviation followed by a new paragraph or a
    // capitalised function word ends the sentence too.
    if (!end_mark && toks[k].kind == TokenKind::kAbbrev && k + 1 < toks.size() &&
        toks[k + 1].newline_before)
      end_mark = true;
    if (!end_mark) continue;
    std::size_t last = k;
    while (last + 1 < toks.size() && !toks[last + 1].newline_before &&
           (toks[last + 1].kind == TokenKind::kCloseQuote ||
            (toks[last + 1].kind == TokenKind::kQuote) ||
            text(last + 1) == ")" || text(last + 1) == "." || text(last + 1) == "!" || text(last + 1) == "?"))
      ++last;
    if (last + 1 >= toks.size()) break;
    const Token& next = toks[last + 1];
    const bool starts = next.capitalized || next.kind == TokenKind::kOpenQuote ||
                        next.kind == TokenKind::kQuote || next.kind == TokenKind::kNumber ||
                        next.newline_before || next.kind == TokenKind::kDash;
    if (starts) {
      close(last);
      k = last;
    }
  }
  if (start < toks.size()) close(toks.size() - 1);
  return out;
}

}  // namespace

std::vector<Span> SplitSentences(std::string_view t, const std::vector<Token>& tokens,
                                 std::vector<TokenRange>* token_ranges) {
  return SplitSentencesImpl<true>(t, tokens, token_ranges);
}

namespace internal {
std::vector<Span> SplitSentencesTokenByToken(std::string_view t, const std::vector<Token>& tokens,
                                             std::vector<TokenRange>* token_ranges) {
  return SplitSentencesImpl<false>(t, tokens, token_ranges);
}
}  // namespace internal

std::vector<TokenRange> SentenceTokens(const std::vector<Span>& sentences,
                                       const std::vector<Token>& tokens) {
  std::vector<TokenRange> out;
  out.reserve(sentences.size());
  // Tokens are in text order and do not overlap, so both their begins and their ends rise:
  // the first token from k on that fails a test is found by a galloping search (steps of 1,
  // 2, 4, ... then halving), fewer looks than a token-by-token walk across a long sentence.
  auto first_failing = [&](std::size_t k, auto&& test) {
    std::size_t step = 1;
    while (k + step <= tokens.size() && test(tokens[k + step - 1])) {
      k += step;
      step *= 2;
    }
    // Now tokens [.., k) pass, and the first failing one is in [k, k + step - 1].
    const auto end = tokens.begin() + static_cast<std::ptrdiff_t>(std::min(k + step - 1, tokens.size()));
    return static_cast<std::size_t>(
        std::partition_point(tokens.begin() + static_cast<std::ptrdiff_t>(k), end, test) -
        tokens.begin());
  };
  std::size_t k = 0;
  for (const Span& s : sentences) {
    k = first_failing(k, [&](const Token& t) { return t.span.begin < s.begin; });
    TokenRange r{k, k};
    k = first_failing(k, [&](const Token& t) { return t.span.end <= s.end; });
    r.last = k;
    out.push_back(r);
  }
  return out;
}

}  // namespace newsgraph::extract
