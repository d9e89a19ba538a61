// Cleanup works line by line. Each line gets a few measurements (letters per script, words,
// wide whitespace gaps, final punctuation), then rules that need only the line itself run,
// then rules that need its neighbourhood (runs of link-like lines, the region after the last
// real paragraph), then duplicates go. Characters are classified with ICU, never with tables.
#include "extract/cleanup.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_set>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace newsgraph::extract {
namespace {

constexpr UChar32 kReplacement = 0xFFFD;

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buf, static_cast<std::size_t>(n));
}

// ASCII character tests, as <cctype> answers them in the "C" locale, without a call per byte.
bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(unsigned char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// Whether `s` starts with `lower_prefix` (lower-case ASCII) when its ASCII letters are
// lower-cased.
bool StartsWithLowered(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i)
    if (LowerAscii(s[i]) != lower_prefix[i]) return false;
  return true;
}

bool IsSpaceCp(UChar32 c) { return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF; }

// Letters per script of one line, Common and Inherited left out, in the order first met. Most
// lines hold one script, so a pair or two are kept without allocating.
using ScriptLetters = boost::container::small_vector<std::pair<UScriptCode, int>, 2>;
void AddLetters(ScriptLetters& scripts, UScriptCode sc, int letters) {
  for (auto& [script, n] : scripts) {
    if (script == sc) {
      n += letters;
      return;
    }
  }
  scripts.emplace_back(sc, letters);
}

// Measurements of one line, taken once.
struct LineInfo {
  std::string_view raw;
  std::string_view text;  // trimmed
  int letters = 0;
  int digits = 0;
  int words = 0;
  int wide_gap_segments = 0;           // pieces with letters between runs of >= 3 spaces
  ScriptLetters scripts;               // letters per script (Common/Inherited left out)
  bool sentence_end = false;           // ends like a sentence (or an introduction ':' / ';')
  const char* removed = nullptr;       // reason, once a rule drops it
  bool blank() const { return letters == 0 && digits == 0; }
};

bool IsClosingMark(UChar32 c) {
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_FINAL_PUNCTUATION || type == U_END_PUNCTUATION || c == '"' || c == '\'' ||
         c == 0x201D || c == 0x2019 || c == 0x00BB;
}

// The ICU answers Measure() needs for ASCII, asked once: a table lookup per character instead
// of five calls into ICU.
struct AsciiProps {
  bool space, alpha, digit, alnum, closing;
  bool script_known;  // a script other than Common/Inherited
  UScriptCode script;
};
const std::array<AsciiProps, 128>& Ascii() {
  static const std::array<AsciiProps, 128> kTable = [] {
    std::array<AsciiProps, 128> t{};
    for (UChar32 c = 0; c < 128; ++c) {
      AsciiProps& a = t[static_cast<std::size_t>(c)];
      a.space = IsSpaceCp(c);
      a.alpha = u_isalpha(c);
      a.digit = u_isdigit(c);
      a.alnum = u_isalnum(c);
      a.closing = IsClosingMark(c);
      UErrorCode err = U_ZERO_ERROR;
      a.script = uscript_getScript(c, &err);
      a.script_known = U_SUCCESS(err) && a.script != USCRIPT_COMMON && a.script != USCRIPT_INHERITED;
    }
    return t;
  }();
  return kTable;
}

// Trims Unicode white space (NBSP included) from both ends. With `ascii_table`, an ASCII
// character at an end is looked up in Ascii() (IsSpaceCp's answers for ASCII, asked once)
// instead of asking ICU; other characters are always ICU's to judge.
std::string_view Trim(std::string_view s, bool ascii_table) {
  const auto& ascii = Ascii();
  auto space = [&](UChar32 c) {
    return ascii_table && c >= 0 && c < 128 ? ascii[static_cast<std::size_t>(c)].space
                                            : IsSpaceCp(c);
  };
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t begin = 0, end = static_cast<int32_t>(s.size());
  while (begin < end) {
    int32_t i = begin;
    UChar32 c;
    U8_NEXT(p, i, end, c);
    if (!space(c)) break;
    begin = i;
  }
  while (end > begin) {
    int32_t i = end;
    UChar32 c;
    U8_PREV(p, begin, i, c);
    if (!space(c)) break;
    end = i;
  }
  return s.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
}

// The bytes Measure takes a run at a time, each measured alike: kRunLetter, an ASCII letter of
// the Latin script, and kRunDigit, an ASCII digit (both word characters, neither spaces nor
// closing marks); kRunSpace, an ASCII space that is no word character nor closing mark, which
// between two words only ends the first; kRunGap, any other ASCII byte that is no word
// character, space nor closing mark and does not keep a word going as '\'' and '-' do (',',
// '.', ':', '(' ...), which between two words also only ends the first; 0 for every other byte.
// A letter weighs 1 and a digit 2, so that a run's digits are its total weight less its length.
constexpr std::uint8_t kRunLetter = 1, kRunDigit = 2, kRunWord = kRunLetter | kRunDigit,
                       kRunSpace = 4, kRunGap = 8, kRunSeparator = kRunSpace | kRunGap;
const std::array<std::uint8_t, 256>& RunClass() {
  static const std::array<std::uint8_t, 256> kTable = [] {
    std::array<std::uint8_t, 256> t{};
    for (std::size_t c = 0; c < 128; ++c) {
      const AsciiProps& a = Ascii()[c];
      if (!a.alnum || a.space || a.closing) continue;
      if (a.alpha && !a.digit && a.script_known && a.script == USCRIPT_LATIN) t[c] = kRunLetter;
      if (a.digit && !a.alpha) t[c] = kRunDigit;
    }
    for (std::size_t c = 0; c < 128; ++c) {
      const AsciiProps& a = Ascii()[c];
      if (a.space && !a.alnum && !a.alpha && !a.digit && !a.closing) t[c] = kRunSpace;
      if (!a.space && !a.alnum && !a.alpha && !a.digit && !a.closing && c != '\'' && c != '-')
        t[c] = kRunGap;
    }
    return t;
  }();
  return kTable;
}

// Eight bytes of a run (see Measure) at once, for runs of plain ASCII words: true when each of
// q[0..8) is an ASCII letter (kRunLetter) or a ' ' (kRunSpace) followed by a letter (q[8]
// included, which must be in the line; a word byte there will do), as the byte loop in Measure
// would take all eight; then adds their weight and spaces as that loop counts them. Digits and
// anything else are left to the byte loop. Each byte's class is computed for all eight in one
// word: the high bit of its byte in `letter` or `space`.
bool TakeEightOfRun(const uint8_t* q, const std::array<std::uint8_t, 256>& run_class, int& weight,
                    int& spaces) {
  if constexpr (std::endian::native != std::endian::little) return false;
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x80 * kOnes;
  std::uint64_t x;
  std::memcpy(&x, q, 8);
  if ((x & kHigh) != 0) return false;  // not all ASCII
  // Every byte is below 0x80, so no sum below carries from one byte into the next: adding
  // 0x80 - c sets a byte's high bit exactly when it is at least c.
  const std::uint64_t folded = x | (0x20 * kOnes);  // letters in lower case
  const std::uint64_t letter =
      ((folded + (0x80 - 'a') * kOnes) & ~(folded + (0x80 - 'z' - 1) * kOnes)) & kHigh;
  const std::uint64_t space = ~((x ^ (0x20 * kOnes)) + 0x7F * kOnes) & kHigh;
  if ((letter | space) != kHigh) return false;
  // A space must be followed by a letter: not by another space in the eight, and the last one
  // by a word byte after them.
  if ((space & (space >> 8)) != 0) return false;
  if ((space >> 63) != 0 && (run_class[q[8]] & kRunWord) == 0) return false;
  // The spaces, each a one-bit byte, summed into the top byte by the multiplication.
  const int n = static_cast<int>(((space >> 7) * kOnes) >> 56);
  spaces += n;
  weight += 8 - n;  // letters weigh 1
  return true;
}

// The length of the separator between two words of a run (see Measure) at `q`: one or two
// bytes, each a space or a gap, with a word byte after them, all before `end`; else 0.
int SeparatorAt(const uint8_t* q, const uint8_t* end,
                const std::array<std::uint8_t, 256>& run_class) {
  int k = 0;
  while (k < 2 && end - q > k && (run_class[q[k]] & kRunSeparator) != 0) ++k;
  return k > 0 && end - q > k && (run_class[q[k]] & kRunWord) != 0 ? k : 0;
}

#if defined(__SSE2__)
// What MeasureBlocks counts.
struct BlockCounts {
  int letters = 0, digits = 0, words = 0;
};

// Measures the bytes of a line `p` (of `n` bytes) from `i` on sixteen at a time (SSE2), as
// Measure's loop measures them one at a time, while each sixteen are printable ASCII
// (0x20..0x7F) holding no two spaces in a row (nor a space after `space_run`'s), so no wide
// gap, and no two joiners in a row; returns where it stopped, `in_word` and `space_run` carried
// on and the counts added to `counts`. Most of a line of Latin-script text is taken so; the rest
// is Measure's. Each class of byte is a lane mask: ASCII letters (the Latin script), digits,
// the space (the only one in that range) and the joiners '\'' and '-' that keep a word going.
// A byte is in a word when it is a letter or digit, or a joiner after a byte in a word; a word
// starts at a letter or digit after a byte in none. The byte before a block's first is the
// previous block's last (in `prev_in_word` and `prev_space`), the others' their neighbour
// shifted in.
int32_t MeasureBlocks(const uint8_t* p, int32_t i, int32_t n, bool& in_word, int& space_run,
                      BlockCounts& counts) {
  const __m128i zero = _mm_setzero_si128();
  // A lane mask of lane 15 alone, or of none.
  auto last_lane = [](bool set) { return _mm_slli_si128(_mm_cvtsi32_si128(set ? 0xFF : 0), 15); };
  // Only lane 15 of these is read: the byte before the first block.
  __m128i prev_in_word = last_lane(in_word), prev_space = last_lane(space_run > 0);
  // Each byte c in [lo, lo + n): moved so that the range starts at -128, compared signed.
  auto in_range = [](__m128i x, char lo, int n) {
    const __m128i shifted = _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(n - 0x80)));
  };
  // A lane mask's lanes shifted one up, the lane from `before`'s last in lane 0.
  auto after = [](__m128i x, __m128i before) {
    return _mm_or_si128(_mm_slli_si128(x, 1), _mm_srli_si128(before, 15));
  };
  // The lanes of a byte counter, summed.
  auto sum = [&](__m128i counter) {
    const __m128i halves = _mm_sad_epu8(counter, zero);
    return _mm_cvtsi128_si32(halves) + _mm_cvtsi128_si32(_mm_srli_si128(halves, 8));
  };
  const int32_t start = i;
  bool stopped = false;
  while (!stopped && n - i >= 16) {
    // Counted per lane, each masked lane (-1) subtracted, and summed before a lane can wrap.
    __m128i letters = zero, digits = zero, starts = zero;
    for (int blocks = 0; blocks < 255 && n - i >= 16; ++blocks, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
      const __m128i digit = in_range(v, '0', 10);
      const __m128i alnum = _mm_or_si128(letter, digit);
      const __m128i space = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));
      const __m128i joiner = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
      // No two joiners in a row here, so a joiner is in a word when the byte before it is a
      // letter or digit (or, first, was in a word).
      const __m128i in_words =
          _mm_or_si128(alnum, _mm_and_si128(joiner, after(alnum, prev_in_word)));
      const __m128i new_words = _mm_andnot_si128(after(in_words, prev_in_word), alnum);
      // Signed, the bytes from 0x80 are below 0x20 too.
      const __m128i other =
          _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                    _mm_and_si128(space, after(space, prev_space))),
                       _mm_and_si128(joiner, _mm_slli_si128(joiner, 1)));
      if (_mm_movemask_epi8(other) != 0) {
        stopped = true;
        break;
      }
      letters = _mm_sub_epi8(letters, letter);
      digits = _mm_sub_epi8(digits, digit);
      starts = _mm_sub_epi8(starts, new_words);
      prev_in_word = in_words;
      prev_space = space;
    }
    counts.letters += sum(letters);
    counts.digits += sum(digits);
    counts.words += sum(starts);
  }
  if (i > start) {
    in_word = (_mm_movemask_epi8(prev_in_word) >> 15) != 0;
    space_run = (_mm_movemask_epi8(prev_space) >> 15) & 1;
  }
  return i;
}
#endif

// With `ascii_runs`, printable ASCII is measured sixteen bytes at a time (MeasureBlocks, most
// of a line of Latin-script text) and a run of ASCII letters and digits in one step, as each of
// their characters would be one at a time, and Trim looks ASCII up in its table. `line` is a
// line of a std::string: the byte past it is readable ('\n' or the string's NUL). `info` is a
// LineInfo as constructed, filled where it is kept: a LineInfo returned would be moved there,
// its small_vector element by element.
void Measure(std::string_view line, bool ascii_runs, LineInfo& info) {
  info.raw = line;
  info.text = line;
  // An empty line (the blank lines between paragraphs, nearly half of all) measures nothing.
  if (line.empty()) return;
  info.text = Trim(line, ascii_runs);
  bool in_word = false;
  int space_run = 0;
  int segment_letters = 0;
  UChar32 last_unclosed = 0;
  // Letters of one script in a row are counted here and added to info.scripts in one step.
  UScriptCode run_script = USCRIPT_COMMON;
  int run_letters = 0;
  auto count_script = [&](UScriptCode sc, int letters) {
    if (sc != run_script) {
      if (run_letters > 0) AddLetters(info.scripts, run_script, run_letters);
      run_script = sc;
      run_letters = 0;
    }
    run_letters += letters;
  };
  const auto& ascii = Ascii();
  auto measure = [&](UChar32 c) {
    if (c >= 0 && c < 128) {
      const AsciiProps& a = ascii[static_cast<std::size_t>(c)];
      if (a.space) {
        ++space_run;
        if (space_run == 3) {
          if (segment_letters >= 2) ++info.wide_gap_segments;
          segment_letters = 0;
        }
      } else {
        space_run = 0;
      }
      if (a.alpha) {
        ++info.letters;
        ++segment_letters;
        if (a.script_known) count_script(a.script, 1);
      } else if (a.digit) {
        ++info.digits;
      }
      if (a.alnum && !in_word) ++info.words;
      in_word = a.alnum || (in_word && (c == '\'' || c == '-'));
      if (!a.closing) last_unclosed = c;
      return;
    }
    const bool space = IsSpaceCp(c);
    if (space) {
      ++space_run;
      if (space_run == 3) {  // a wide gap closes a segment
        if (segment_letters >= 2) ++info.wide_gap_segments;
        segment_letters = 0;
      }
    } else {
      space_run = 0;
    }
    if (u_isalpha(c)) {
      ++info.letters;
      ++segment_letters;
      UErrorCode err = U_ZERO_ERROR;
      const UScriptCode sc = uscript_getScript(c, &err);
      if (U_SUCCESS(err) && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) count_script(sc, 1);
    } else if (u_isdigit(c)) {
      ++info.digits;
    }
    const bool word_char = u_isalnum(c);
    if (word_char && !in_word) ++info.words;
    in_word = word_char || (in_word && (c == '\'' || c == 0x2019 || c == '-'));
    if (!IsClosingMark(c)) last_unclosed = c;
  };
  const auto& run_class = RunClass();
  const auto* p = reinterpret_cast<const uint8_t*>(info.text.data());
  const auto n = static_cast<int32_t>(info.text.size());
  // Whether the byte past the trimmed text (readable: white space Trim took off, or the byte
  // past `line`) is no word byte, as it always is but for a caller's mistake.
  const bool word_ends_before_end = (run_class[p[n]] & kRunWord) == 0;
  [[maybe_unused]] int32_t next_block = 0;  // where MeasureBlocks may be tried again
  for (int32_t i = 0; i < n;) {
#if defined(__SSE2__)
    // Most of a line of Latin-script text is taken sixteen bytes at a time; the bytes those
    // leave (the line's last few, sixteen with a non-ASCII character or two spaces in a row)
    // go on below, and sixteen are tried again after them.
    if (ascii_runs && n - i >= 16 && i >= next_block) {
      BlockCounts counts;
      const int32_t end = MeasureBlocks(p, i, n, in_word, space_run, counts);
      // The sixteen bytes at `end` are left to the steps below.
      next_block = end + 16;
      if (end > i) {
        info.letters += counts.letters;
        info.digits += counts.digits;
        info.words += counts.words;
        segment_letters += counts.letters;
        if (counts.letters > 0) count_script(USCRIPT_LATIN, counts.letters);
        // All ASCII: the last byte that is no closing mark is the last code point that is none.
        for (int32_t k = end - 1; k >= i; --k) {
          if (!ascii[p[k]].closing) {
            last_unclosed = p[k];
            break;
          }
        }
        i = end;
        continue;
      }
    }
#endif
    if (ascii_runs && (run_class[p[i]] & kRunWord) != 0) {
      // Further runs each after a separator are taken in the same step: one or two bytes, each
      // a space or a gap ("the Bahia cocoa zone", "3,200", "zone. The", "said: "), between two
      // words only end the first (two spaces are no wide gap).
      // By pointer, which keeps the loop over a word's bytes short.
      const uint8_t* q = p + i;
      const uint8_t* const end = p + n;
      // The separators taken, of which `doubled` are of two bytes.
      int separators = 0, doubled = 0, weight = 0;
      for (;;) {
        // Eight bytes at once while they all continue the run, then a byte at a time.
        while (end - q > 8 && TakeEightOfRun(q, run_class, weight, separators)) q += 8;
        if (word_ends_before_end) {
          // No bound check per byte: the byte at `end` ends the run.
          for (std::uint8_t k; ((k = run_class[*q]) & kRunWord) != 0; ++q) weight += k;
        } else {
          for (std::uint8_t k; q != end && ((k = run_class[*q]) & kRunWord) != 0; ++q) weight += k;
        }
        const int sep = SeparatorAt(q, end, run_class);
        if (sep == 0) break;
        q += sep;
        ++separators;
        doubled += sep - 1;
      }
      const int words = separators + 1;  // each separator taken starts another word
      const auto j = static_cast<int32_t>(q - p);
      const int bytes = j - i - separators - doubled, digits = weight - bytes,
                letters = bytes - digits;
      space_run = 0;
      info.letters += letters;
      info.digits += digits;
      segment_letters += letters;
      if (letters > 0) count_script(USCRIPT_LATIN, letters);
      info.words += in_word ? words - 1 : words;
      in_word = true;
      last_unclosed = p[j - 1];
      i = j;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    measure(c < 0 ? kReplacement : c);
  }
  if (run_letters > 0) AddLetters(info.scripts, run_script, run_letters);
  if (segment_letters >= 2 && info.wide_gap_segments > 0) ++info.wide_gap_segments;
  info.sentence_end = last_unclosed == '.' || last_unclosed == '!' || last_unclosed == '?' ||
                      last_unclosed == 0x2026 || last_unclosed == ':' || last_unclosed == ';' ||
                      last_unclosed == 0x3002;
}

// Lower-case ASCII words of the line, digits-only words dropped: "X :Latest News" ->
// "x latest news", "Comments (0)" -> "comments". Non-ASCII bytes stay part of words.
std::string NormalizeWords(std::string_view s) {
  std::string out;
  std::string word;
  auto flush = [&] {
    const bool numeric = std::all_of(word.begin(), word.end(), [](char c) {
      return IsAsciiDigit(static_cast<unsigned char>(c));
    });
    if (!word.empty() && !numeric) {
      if (!out.empty()) out += ' ';
      out += word;
    }
    word.clear();
  };
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c) || c >= 0x80) {
      word += LowerAscii(ch);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// NormalizeWords written into `buf` (at least s.size() bytes; the result is never longer than
// `s`) in one pass and without allocating: each word goes straight to the output, after its
// separating space, and is taken back when it ends up digits only.
std::string_view NormalizeWordsInto(std::string_view s, char* buf) {
  std::size_t n = 0, word_start = 0;
  bool in_word = false, numeric = true;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c) || c >= 0x80) {
      if (!in_word) {
        word_start = n;
        if (n > 0) buf[n++] = ' ';
        in_word = true;
        numeric = true;
      }
      buf[n++] = LowerAscii(ch);
      numeric = numeric && IsAsciiDigit(c);
    } else if (in_word) {
      if (numeric) n = word_start;
      in_word = false;
    }
  }
  if (in_word && numeric) n = word_start;
  return {buf, n};
}

// Web-page UI vocabulary: whole lines that are only one of these are widgets, not article
// text. General to news sites, not to any page.
const std::unordered_set<std::string_view>& UiLines() {
  static const std::unordered_set<std::string_view> kLines = {"comments",
                                                         "comment",
                                                         "post your comments",
                                                         "post a comment",
                                                         "leave a comment",
                                                         "add comment",
                                                         "add a comment",
                                                         "share",
                                                         "share this",
                                                         "share this article",
                                                         "tweet",
                                                         "print",
                                                         "email",
                                                         "e mail",
                                                         "read more",
                                                         "more",
                                                         "related",
                                                         "related articles",
                                                         "related news",
                                                         "related stories",
                                                         "related content",
                                                         "see also",
                                                         "also read",
                                                         "read also",
                                                         "latest news",
                                                         "latest",
                                                         "most read",
                                                         "most popular",
                                                         "popular",
                                                         "trending",
                                                         "tags",
                                                         "topics",
                                                         "advertising",
                                                         "advertisement",
                                                         "sponsored",
                                                         "weather",
                                                         "exchange rates",
                                                         "currency rates",
                                                         "subscribe",
                                                         "newsletter",
                                                         "sign up",
                                                         "log in",
                                                         "login",
                                                         "register",
                                                         "menu",
                                                         "search",
                                                         "home",
                                                         "next",
                                                         "previous",
                                                         "back to top",
                                                         "close",
                                                         "send",
                                                         "submit",
                                                         "follow us",
                                                         "contact us",
                                                         "about us",
                                                         "privacy policy",
                                                         "terms of use",
                                                         "cookie policy",
                                                         "all rights reserved",
                                                         "loading",
                                                         "video",
                                                         "photo",
                                                         "photos",
                                                         "gallery",
                                                         "listen",
                                                         "you may also like",
                                                         "recommended",
                                                         "more news",
                                                         "more stories",
                                                         "top stories",
                                                         "editor s picks",
                                                         "news feed",
                                                         "live",
                                                         "breaking news",
                                                         "print version",
                                                         "share on"};
  return kLines;
}

// Phrases that mark a short line as a widget wherever they occur in it.
constexpr std::array<std::string_view, 26> kUiPhrases = {
    "read more",         "read also",     "also read",       "see also",     "post your comment",
    "leave a comment",   "add a comment", "comments 0",      "share on",     "share this",
    "follow us",         "join us",       "subscribe to",    "sign up for",  "all rights reserved",
    "confirmation code", "all fields",    "required fields", "latest news",  "related articles",
    "more news",         "click here",    "copyright",       "terms of use", "cookies",
    "newsletter"};

// Social networks named by share/follow widgets.
constexpr std::array<std::string_view, 11> kNetworks = {
    "telegram",  "facebook", "twitter",   "whatsapp", "instagram", "youtube",
    "vkontakte", "linkedin", "pinterest", "reddit",   "viber"};

// The phrases searched for in a line, kUiPhrases and then kNetworks, by number.
constexpr std::size_t kSearchedPhrases = kUiPhrases.size() + kNetworks.size();
static_assert(kSearchedPhrases <= 64);
std::string_view SearchedPhrase(std::size_t i) {
  return i < kUiPhrases.size() ? kUiPhrases[i] : kNetworks[i - kUiPhrases.size()];
}

// A pair of adjacent bytes hashed to 0..255.
unsigned PairHash(char a, char b) {
  return (static_cast<unsigned char>(a) * 31u + static_cast<unsigned char>(b)) & 255u;
}

// The searched phrases a line may hold, as bits by number: a line holds a phrase only if it
// holds the phrase's first two bytes, so one pass over the line's pairs rules out most
// phrases, which are then not searched for (every phrase has two bytes at least).
std::uint64_t PhrasesMaybeIn(std::string_view line) {
  static const auto kByFirstPair = [] {
    std::array<std::uint64_t, 256> by_pair{};
    for (std::size_t i = 0; i < kSearchedPhrases; ++i) {
      const std::string_view p = SearchedPhrase(i);
      by_pair[PairHash(p[0], p[1])] |= std::uint64_t{1} << i;
    }
    return by_pair;
  }();
  std::uint64_t may = 0;
  for (std::size_t i = 1; i < line.size(); ++i) may |= kByFirstPair[PairHash(line[i - 1], line[i])];
  return may;
}

int CountWords(std::string_view normalized) {
  if (normalized.empty()) return 0;
  return static_cast<int>(std::count(normalized.begin(), normalized.end(), ' ')) + 1;
}

// With `fast`, the words are normalised without allocating and a phrase is searched for only
// when the line holds its first two bytes (PhrasesMaybeIn); without, as the rule reads.
bool IsUiWidget(const LineInfo& info, bool fast) {
  constexpr std::size_t kMaxBytes = 120;
  if (info.words > 10 || info.text.size() > kMaxBytes) return false;
  std::array<char, kMaxBytes> buf;
  std::string slow_norm;
  const std::string_view norm = fast ? NormalizeWordsInto(info.text, buf.data())
                                     : std::string_view(slow_norm = NormalizeWords(info.text));
  if (norm.empty()) return false;
  if (UiLines().count(norm) > 0) return true;
  const int words = CountWords(norm);
  if (info.sentence_end && words > 6) return false;
  // Without `fast`, every phrase is searched for.
  const std::uint64_t searched =
      fast ? PhrasesMaybeIn(norm) : (std::uint64_t{1} << kSearchedPhrases) - 1;
  const std::uint64_t ui_phrases = (std::uint64_t{1} << kUiPhrases.size()) - 1;
  for (std::uint64_t left = searched & ui_phrases; left != 0; left &= left - 1) {
    const std::string_view p = kUiPhrases[static_cast<std::size_t>(std::countr_zero(left))];
    const std::size_t at = norm.find(p);
    if (at == std::string::npos) continue;
    // Whole words only, and the phrase must be most of the line.
    const bool starts = at == 0 || norm[at - 1] == ' ';
    const bool ends = at + p.size() == norm.size() || norm[at + p.size()] == ' ';
    if (starts && ends && words <= CountWords(p) + 5) return true;
  }
  if (words <= 4) {
    // The line with a space at each end, so that a verb is found as a whole word.
    std::string spaced;
    for (std::uint64_t left = searched & ~ui_phrases; left != 0; left &= left - 1) {
      const std::size_t at =
          norm.find(SearchedPhrase(static_cast<std::size_t>(std::countr_zero(left))));
      if (at == std::string::npos) continue;
      static const std::array<const char*, 7> kVerbs = {"join",      "follow", "share", "like",
                                                        "subscribe", "on",     "us"};
      if (spaced.empty()) spaced = " " + std::string(norm) + " ";
      for (const char* verb : kVerbs)
        if (spaced.find(std::string(" ") + verb + " ") != std::string::npos) return true;
      if (words == 1) return true;
    }
  }
  return false;
}

// The first bytes of `prefixes` (and, with `fold_case`, their upper-case letters), by byte: a
// line whose first byte is none of them starts with none of the prefixes, whose comparisons
// (a loop each) are then skipped. Most lines start with none.
template <std::size_t N>
constexpr std::array<bool, 256> FirstBytes(const std::array<std::string_view, N>& prefixes,
                                           bool fold_case) {
  std::array<bool, 256> first{};
  for (const std::string_view p : prefixes) {
    const auto c = static_cast<unsigned char>(p.front());
    first[c] = true;
    if (fold_case && c >= 'a' && c <= 'z') first[c - 'a' + 'A'] = true;
  }
  return first;
}
bool MayStart(std::string_view text, const std::array<bool, 256>& first) {
  return !text.empty() && first[static_cast<unsigned char>(text.front())];
}

// PHP var_dump output ("string(1147) "[{...", "array(3) {") or a line of JSON.
bool IsEmbeddedData(const LineInfo& info) {
  std::string_view t = info.text;
  static constexpr std::array<std::string_view, 6> kKinds = {"string(", "array(", "object(",
                                                             "int(",    "float(", "bool("};
  static constexpr auto kKindFirst = FirstBytes(kKinds, /*fold_case=*/false);
  // Most lines start with none of the kinds' first letters.
  if (MayStart(t, kKindFirst)) {
    for (const std::string_view kind : kKinds) {
      if (t.front() == kind.front() && t.starts_with(kind)) {
        const std::size_t close = t.find(')', kind.size());
        if (close != std::string_view::npos && close > kind.size() &&
            std::all_of(t.begin() + static_cast<std::ptrdiff_t>(kind.size()),
                        t.begin() + static_cast<std::ptrdiff_t>(close), [](char c) {
                          return IsAsciiDigit(static_cast<unsigned char>(c)) || c == 't' ||
                                 c == 'r' || c == 'u' || c == 'e' || c == 'f' || c == 'a' ||
                                 c == 'l' || c == 's';
                        })) {
          return true;
        }
      }
    }
  }
  if (t.empty() || (t.front() != '{' && t.front() != '[')) return false;
  rapidjson::Document doc;
  doc.Parse(t.data(), t.size());
  if (!doc.HasParseError() && (doc.IsObject() || doc.IsArray())) return true;
  // Truncated JSON still shows its key/value punctuation everywhere.
  std::size_t pairs = 0;
  for (std::size_t at = t.find("\":"); at != std::string_view::npos; at = t.find("\":", at + 2)) {
    ++pairs;
  }
  return pairs >= 3;
}

// "©REUTERS", "Photo: AFP", "Image credit: ...": short lines that credit a picture.
bool IsPhotoCredit(const LineInfo& info) {
  if (info.text.size() > 160) return false;
  if (info.text.starts_with("\u00A9")) return true;  // ©
  static constexpr std::array<std::string_view, 10> kLabels = {
      "photo:",       "photo by", "photo credit", "photos:", "image:",
      "image credit", "credit:",  "picture:",     "(c) ",    "getty images"};
  static constexpr auto kLabelFirst = FirstBytes(kLabels, /*fold_case=*/true);
  if (!MayStart(info.text, kLabelFirst)) return false;
  return std::any_of(kLabels.begin(), kLabels.end(),
                     [&](std::string_view label) { return StartsWithLowered(info.text, label); });
}

// "By Jane Doe", "(Reporting by ...)", "Written by ...": bylines survive every rule.
bool IsByline(const LineInfo& info) {
  if (info.words > 12) return false;
  static constexpr std::array<std::string_view, 5> kStarts = {"by ", "(reporting by",
                                                              "reporting by", "written by", "(by "};
  static constexpr auto kStartFirst = FirstBytes(kStarts, /*fold_case=*/true);
  if (!MayStart(info.text, kStartFirst)) return false;
  for (const std::string_view p : kStarts) {
    if (StartsWithLowered(info.text, p)) return info.text.size() > p.size() + 1;
  }
  return false;
}

// A line short enough and unpunctuated enough to be a link, a menu entry or a headline.
bool IsLinkLike(const LineInfo& info) {
  return !info.blank() && !info.sentence_end && info.words <= 12 && info.text.size() <= 120 &&
         !IsByline(info);
}

// A paragraph of running text: what the article is made of.
bool IsSubstantial(const LineInfo& info) {
  return !info.removed && ((info.words >= 8 && info.sentence_end) || info.words >= 30);
}

// The script with the most letters; of two with as many, the lower code.
UScriptCode MainScript(const std::vector<LineInfo>& lines) {
  ScriptLetters total;
  for (const LineInfo& l : lines) {
    for (const auto& [sc, n] : l.scripts) AddLetters(total, sc, n);
  }
  UScriptCode best = USCRIPT_INVALID_CODE;
  int best_n = 0;
  for (const auto& [sc, n] : total) {
    if (n > best_n || (n == best_n && sc < best)) best = sc, best_n = n;
  }
  return best;
}

// Rules that look at one line at a time; `fast` as for IsUiWidget.
void ClassifyLines(std::vector<LineInfo>& lines, bool fast) {
  const UScriptCode main = MainScript(lines);
  for (LineInfo& l : lines) {
    if (l.blank()) continue;
    if (IsEmbeddedData(l)) {
      l.removed = "embedded data";
    } else if (l.letters == 0) {
      l.removed = "numbers";
    } else if (l.wide_gap_segments >= 3) {
      l.removed = "ticker";
    } else if (IsByline(l)) {
      continue;
    } else if (main != USCRIPT_INVALID_CODE && l.letters > 0) {
      const auto it = std::find_if(l.scripts.begin(), l.scripts.end(),
                                   [&](const auto& script) { return script.first == main; });
      const int in_main = it == l.scripts.end() ? 0 : it->second;
      if (in_main * 2 < l.letters) l.removed = "other script";
    }
    if (l.removed) continue;
    if (IsPhotoCredit(l)) {
      l.removed = "photo credit";
    } else if (IsUiWidget(l, fast)) {
      l.removed = "page widget";
    }
  }
}

// Rules that look at neighbours: link lists anywhere, and everything list-like after the last
// paragraph of running text (a page's tail is menus, related headlines, widgets).
void ClassifyRuns(std::vector<LineInfo>& lines) {
  // Runs of >= 3 link-like lines with no blank line between them: menus, headline lists.
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i;
    while (j < lines.size() && !lines[j].blank() && (lines[j].removed || IsLinkLike(lines[j]))) ++j;
    if (j - i >= 3) {
      for (std::size_t k = i; k < j; ++k) {
        if (!lines[k].removed) lines[k].removed = "link list";
      }
    }
    i = std::max(j, i + 1);
  }
  // The tail after the last substantial paragraph: link-like lines that sit next to other
  // furniture (blank lines between them do not matter there) go too.
  std::size_t last = lines.size();
  for (std::size_t i = lines.size(); i-- > 0;) {
    if (IsSubstantial(lines[i])) {
      last = i;
      break;
    }
  }
  if (last == lines.size()) return;
  std::vector<std::size_t> tail;
  for (std::size_t i = last + 1; i < lines.size(); ++i) {
    if (!lines[i].blank()) tail.push_back(i);
  }
  for (std::size_t t = 0; t < tail.size(); ++t) {
    LineInfo& l = lines[tail[t]];
    if (l.removed || !IsLinkLike(l)) continue;
    const bool prev = t > 0 && lines[tail[t - 1]].removed;
    const bool next =
        t + 1 < tail.size() && (lines[tail[t + 1]].removed || IsLinkLike(lines[tail[t + 1]]));
    if (prev || next) l.removed = "link list";
  }
}

// Of the eight bytes at `p`, those above 0x7F, by the top bit of their byte.
std::uint64_t NonAsciiFlags(const uint8_t* p) {
  std::uint64_t eight;
  std::memcpy(&eight, p, 8);
  return eight & 0x8080808080808080ull;
}

// Of the eight bytes at `p`, those that are no printable ASCII (0x20..0x7F), by the top bit of
// their byte: subtracting 0x20 from each sets its top bit exactly when the byte is below 0x20
// or above 0x9F, the byte's own top bit when it is above 0x7F. The lowest flagged byte is
// always one that is not (no borrow reaches it, since the bytes below it are all at least
// 0x20); the bytes above it may be flagged by its borrow.
std::uint64_t PrintableAsciiFlags(const uint8_t* p) {
  std::uint64_t eight;
  std::memcpy(&eight, p, 8);
  return (eight | (eight - 0x2020202020202020ull)) & 0x8080808080808080ull;
}

// Skips the bytes from p[i] on (before p[n]) that `flags` (NonAsciiFlags, PrintableAsciiFlags)
// flags none of, a word at a time: returns the first flagged byte, or, when no whole word
// before p[n] holds one, a place among the last seven bytes, which are left to the caller.
// Most of any text is ASCII, taken sixteen bytes at a time (two words tested as one), then
// eight, in loops of their own that keep their constants and `i` in registers, not in the
// caller's loop; a flagged byte is found in its word, so a line end costs one step, not eight.
template <typename Flags>
std::size_t SkipUnflagged(const uint8_t* p, std::size_t i, std::size_t n, Flags flags) {
  while (n - i >= 16 && (flags(p + i) | flags(p + i + 8)) == 0) i += 16;
  std::uint64_t flagged = 0;
  while (n - i >= 8 && (flagged = flags(p + i)) == 0) i += 8;
  if constexpr (std::endian::native == std::endian::little)
    if (flagged != 0) i += static_cast<std::size_t>(std::countr_zero(flagged) / 8);
  return i;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const std::size_t n = bytes.size();
  for (std::size_t i = SkipUnflagged(p, 0, n, NonAsciiFlags); i < n;
       i = SkipUnflagged(p, i, n, NonAsciiFlags)) {
    // U8_NEXT works on int32_t lengths: a code point of at most four bytes is decoded from a
    // window of them.
    const auto window = static_cast<int32_t>(std::min<std::size_t>(n - i, 4));
    int32_t k = 0;
    UChar32 c;
    U8_NEXT(p + i, k, window, c);
    if (c < 0) return false;
    i += static_cast<std::size_t>(k);
  }
  return true;
}

namespace {

// NormalizeUtf8 into `out` (its old content replaced); with `eight_at_a_time`, runs of
// printable ASCII are skipped eight bytes at a time.
void NormalizeInto(std::string_view raw, std::vector<std::size_t>* invalid_offsets,
                   bool eight_at_a_time, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  std::size_t start = 0;
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  // U8_NEXT works on int32_t lengths; larger inputs are processed in the same way piecewise.
  const std::size_t n = raw.size();
  std::size_t i = start;
  // Bytes that stay as they are (printable ASCII, '\n', '\t', valid UTF-8 sequences) are
  // copied a run at a time, from `run` up to `i`.
  std::size_t run = i;
  auto flush = [&] { out.append(raw.data() + run, i - run); };
  while (i < n) {
    // Printable ASCII, most of any text, skipped a word at a time; the byte that is not is
    // taken below.
    if (eight_at_a_time) {
      i = SkipUnflagged(p, i, n, PrintableAsciiFlags);
      if (i == n) break;
    }
    const uint8_t b = p[i];
    if ((b >= 0x20 && b < 0x80) || b == '\n' || b == '\t') {
      ++i;
      continue;
    }
    if (b < 0x80) {  // a control character: '\r' and "\r\n" end a line, the others go
      flush();
      if (b == '\r') {
        out += '\n';
        i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
      } else {
        ++i;
      }
      run = i;
      continue;
    }
    const auto window = static_cast<int32_t>(std::min<std::size_t>(n - i, 4));
    int32_t k = 0;
    UChar32 c;
    U8_NEXT(p + i, k, window, c);
    if (c < 0) {
      flush();
      if (invalid_offsets) invalid_offsets->push_back(i);
      AppendUtf8(out, kReplacement);
      i += static_cast<std::size_t>(k);
      run = i;
    } else {
      i += static_cast<std::size_t>(k);
    }
  }
  flush();
}

// CleanText, with the cleaned text appended to `out` (result.text is left alone); without
// `fast`, every byte and code point is taken one at a time.
CleanResult Clean(std::string_view raw, bool fast, std::string& out) {
  CleanResult result;
  // Kept from one text to the next on each thread, which saves growing them again for every
  // article. Nothing returned points into them.
  thread_local std::string text;
  NormalizeInto(raw, &result.invalid_utf8_offsets, fast, text);
  thread_local std::vector<LineInfo> lines;
  thread_local std::vector<std::size_t> counted;
  lines.clear();
  counted.clear();
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    Measure(std::string_view(text).substr(pos, nl - pos), fast, lines.emplace_back());
    pos = nl + 1;
  }
  ClassifyLines(lines, fast);
  ClassifyRuns(lines);

  // A repeated paragraph keeps its first occurrence only. Very short lines ("Yes.") may
  // legitimately repeat, so only lines of a few words count. Sorted by text and then by place,
  // every line but the first of a group of equal ones repeats one before it.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].removed && !lines[i].blank() && lines[i].words >= 4) counted.push_back(i);
  }
  std::sort(counted.begin(), counted.end(), [&](std::size_t a, std::size_t b) {
    const int order = lines[a].text.compare(lines[b].text);
    return order != 0 ? order < 0 : a < b;
  });
  for (std::size_t k = 1; k < counted.size(); ++k) {
    if (lines[counted[k]].text == lines[counted[k - 1]].text)
      lines[counted[k]].removed = "duplicate";
  }

  bool pending_break = false;
  const std::size_t start = out.size();  // what `out` held before: not part of the text
  out.reserve(start + text.size());  // the kept lines, never longer than the text
  for (const LineInfo& l : lines) {
    if (l.removed) {
      result.removed.push_back({std::string(l.text), l.removed});
      continue;
    }
    if (l.blank()) {
      pending_break = out.size() != start;
      continue;
    }
    if (out.size() != start) out += pending_break ? "\n\n" : "\n";
    pending_break = false;
    out.append(l.text);
  }
  return result;
}

// Clean, with the cleaned text in the result.
CleanResult CleanToResult(std::string_view raw, bool fast) {
  std::string text;
  CleanResult result = Clean(raw, fast, text);
  result.text = std::move(text);
  return result;
}

}  // namespace

std::string NormalizeUtf8(std::string_view raw, std::vector<std::size_t>* invalid_offsets) {
  std::string out;
  NormalizeInto(raw, invalid_offsets, /*eight_at_a_time=*/true, out);
  return out;
}

CleanResult CleanText(std::string_view raw) { return CleanToResult(raw, /*fast=*/true); }

CleanResult CleanTextAppend(std::string_view raw, std::string& text) {
  return Clean(raw, /*fast=*/true, text);
}

namespace internal {
CleanResult CleanTextOneByOne(std::string_view raw) { return CleanToResult(raw, /*fast=*/false); }

LineMeasures MeasureLine(std::string_view line, bool fast) {
  const std::string copy(line);  // Measure reads the byte past the line (here the NUL)
  LineInfo info;
  Measure(copy, fast, info);
  LineMeasures m;
  m.letters = info.letters;
  m.digits = info.digits;
  m.words = info.words;
  m.wide_gap_segments = info.wide_gap_segments;
  for (const auto& [script, n] : info.scripts) m.letters_per_script.emplace_back(script, n);
  m.sentence_end = info.sentence_end;
  return m;
}
}  // namespace internal

}  // namespace newsgraph::extract
