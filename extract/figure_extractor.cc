#include "extract/figure_extractor.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <unordered_set>

#include "extract/token_text.h"

namespace newsgraph::extract {
namespace {

// The word sets asked of the words around a candidate number. Kept as lists, so that
// FigureExtractor::WordFlags can mark each word the vocabulary holds by its number (Run::InSet).
constexpr std::initializer_list<const char*> kMonthWords = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
    "sep.", "sept.", "oct.", "nov.", "dec."};
bool IsMonth(std::string_view w) {
  static const WordSet k(kMonthWords);
  return k.Contains(w);
}

// Words before a bare year ("in 2010", "since 2014").
constexpr std::initializer_list<const char*> kYearContextWords = {
    "in", "since", "of", "by", "until", "till", "from", "during", "year", "early", "late",
    "mid", "before", "after", "between", "through", "around", "the", "summer", "winter",
    "spring", "autumn", "fall", "as", "for"};
bool IsYearContext(std::string_view w) {
  static const WordSet k(kYearContextWords);
  return k.Contains(w);
}

// Words that end a counted noun phrase.
constexpr std::initializer_list<const char*> kStopWords = {
    "who", "which", "that", "are", "is", "was", "were", "have", "has", "had", "will",
    "would", "may", "might", "can", "could", "should", "must", "of", "from", "in", "on",
    "at", "to", "for", "with", "by", "and", "or", "but", "as", "than", "the", "a", "an",
    "this", "these", "those", "their", "its", "his", "her", "been", "be", "being", "it",
    "they", "not", "also", "per", "each", "out", "into", "more", "less", "left", "joined",
    "went", "fled", "died", "remain", "remained", "live", "lived", "fight", "fought",
    "there", "here", "now", "so", "such", "do", "did", "does", "get", "got", "whom", "what",
    "when", "where", "while", "if", "then", "still", "already", "only", "all", "some",
    "over", "under", "about", "around", "after", "before", "since", "across", "among",
    "against", "between", "during", "through", "within", "without", "including"};
bool IsStopWord(std::string_view w) {
  static const WordSet k(kStopWords);
  return k.Contains(w);
}

// FigureExtractor::word_flags_'s bits: the word is "between" or "from", which may lead a
// figure ("between 5 and 10"); the word is a one-word entry of number_words ("three"); the
// word is one of kStopWords, kMonthWords, kYearContextWords. kStartBits are the first two,
// those the scan for the next possible figure asks about.
constexpr unsigned char kLeadWord = 1, kNumberWord = 2, kStopWordBit = 4, kMonthBit = 8,
                        kYearContextBit = 16;
constexpr unsigned char kStartBits = kLeadWord | kNumberWord;
// Each of those word sets with its bit.
constexpr std::pair<std::initializer_list<const char*>, unsigned char> kWordSets[] = {
    {kStopWords, kStopWordBit}, {kMonthWords, kMonthBit}, {kYearContextWords, kYearContextBit}};

bool IsCurrencySymbol(std::string_view s) {
  return s == "$" || s == "\xE2\x82\xAC" || s == "\xC2\xA3" || s == "\xC2\xA5" ||
         s == "\xE2\x82\xBD" || s == "\xE2\x82\xB8" || s == "US$";
}

struct Number {
  double value = 0;
  std::size_t begin = 0, end = 0;  // tokens
  double scale = 1;                // the scale word that followed, if any
  bool digits = false;
  bool year_like = false;
};

class Run {
 public:
  // The lists are the lexicon's number_words, figure_qualifiers, count_nouns and
  // non_count_units (FigureExtractor looks them up once).
  // hyphenated, between, from: FigureExtractor's hyphenated_, between_ and from_.
  // word_flags, unnumbered, word_values: FigureExtractor's word_flags_, unnumbered_ and
  // word_values_.
  Run(const Lexicon& lex, const TokenView& tv, Extraction& ex, const WordList& number_words,
      const WordList& qualifiers, const WordList& count_nouns, const WordList& non_count,
      const FigureExtractor::HyphenatedShape& hyphenated, WordId between, WordId from,
      const std::vector<unsigned char>& word_flags,
      const FigureExtractor::UnnumberedWords& unnumbered, const std::vector<double>& word_values,
      bool skip)
      : lex_(lex),
        ex_(ex),
        tv_(tv),
        words_(number_words),
        qualifiers_(qualifiers),
        count_nouns_(count_nouns),
        non_count_(non_count),
        hyphenated_(hyphenated),
        skip_(skip),
        between_(between),
        from_(from),
        lead_by_text_(between == kUnknownWord || from == kUnknownWord),
        word_flags_(word_flags),
        unnumbered_(unnumbered),
        word_values_(word_values) {}

  void Go() {
    for (std::size_t k = NextCandidate(0); k < tv_.size();) {
      const std::size_t next = Try(k);
      k = NextCandidate(next > k ? next : k + 1);
    }
    Unify();
  }

 private:
  // The first token at or after k where Try() may find a figure, else tv_.size(). Most tokens
  // start no figure: NextAskable passes over most of them, and MayStartFigure rules out more.
  // k itself when not skip_.
  std::size_t NextCandidate(std::size_t k) const {
    if (!skip_) return k;
    const std::size_t n = tv_.size();
    for (k = NextAskable(k); k < n; k = NextAskable(k + 1))
      if (MayStartFigure(k)) return k;
    return n;
  }
  // The first token at or after k that MayStartFigure does not rule out at a glance, else
  // tv_.size(): a token whose word has flags (word_flags_), a number token, or a word shaped
  // like a hyphenated number. In a loop of its own, without calls, whose state stays in
  // registers (in Go()'s loop, around the call to Try(), it does not): the shortest hyphenated
  // number's size too, read once here (the compiler does not move a load that only some tokens
  // reach out of the loop). Every other token is a word of no list, nor "between" or "from",
  // or punctuation: no figure starts there. When the vocabulary lacks "between" or "from", a
  // word may lead a figure by its text: k itself.
  std::size_t NextAskable(std::size_t k) const {
    const std::size_t n = tv_.size();
    if (lead_by_text_) return k;
    const Token* const toks = tv_.tokens().data();
    const WordId* const ids = tv_.ids();
    const unsigned char* const flags = word_flags_.data();
    const std::size_t min_size = hyphenated_.min_size;
    for (; k < n; ++k) {
      const Token& t = toks[k];
      if ((flags[ids[k]] & kStartBits) != 0 || t.kind == TokenKind::kNumber) return k;
      if (t.kind == TokenKind::kWord && t.span.size() >= min_size && MayBeHyphenatedWord(k, t))
        return k;
    }
    return n;
  }
  // Whether Try() may find a figure at token k < tv_.size(). Each token's word is tested by its
  // flags (word_flags_) rather than compared with "between" and "from" and looked up in
  // number_words; only a word the vocabulary lacks is compared by text, and only when it lacks
  // one of the two.
  bool MayStartFigure(std::size_t k) const {
    const WordId id = tv_.id(k);
    const unsigned char flags = word_flags_[id];
    bool lead = (flags & kLeadWord) != 0;
    if (lead_by_text_ && id == kUnknownWord)
      lead = IsWord(k, between_, "between") || IsWord(k, from_, "from");
    return lead ? MayStartNumber(k + 1) : MayStartNumberFlagged(k, flags);
  }

  double WordValue(std::string_view w) const {
    auto it = words_.find(w);
    return it == words_.end() ? -1 : internal::ParseDecimal(it->second);
  }
  // WordValue(tv_.low(k)), by the token's word number: read from word_values_, or (the plain
  // path) looked up in the list and parsed.
  double TokenValue(std::size_t k) const {
    if (skip_) return word_values_[tv_.id(k)];
    const std::string* v = words_.Find(tv_.id(k));
    return v ? internal::ParseDecimal(*v) : -1;
  }
  bool IsScale(std::size_t k) const { return TokenValue(k) >= 100; }

  // Whether token k's word (k may be tv_.size(): "") is in the word set whose words have the
  // word_flags_ bit `bit` and that `in_set` asks by text (IsStopWord, IsMonth, IsYearContext):
  // by the word's number, one look-up rather than a hash of its text, or for a word of no
  // number in unnumbered_, which holds the sets' words the vocabulary lacks. By text always
  // when not skip_ (the plain path).
  bool InSet(std::size_t k, unsigned char bit, bool (*in_set)(std::string_view)) const {
    if (!skip_) return in_set(tv_.low(k));
    const WordId id = tv_.id(k);
    return ((id != kUnknownWord ? word_flags_[id] : unnumbered_.Bits(tv_.low(k))) & bit) != 0;
  }

  // Whether token k is `word`, whose vocabulary number is `id`: compared by number, or by text
  // when the vocabulary does not hold the word (id is kUnknownWord, as is every unknown token).
  // By text always when not skip_ (the plain path).
  bool IsWord(std::size_t k, WordId id, std::string_view word) const {
    return id != kUnknownWord && skip_ ? tv_.id(k) == id : tv_.low(k) == word;
  }

  // False when NumberAt(k) finds nothing for sure: k is no number token, and no word that is
  // a number word or hyphenated ("twenty-five") and long enough to be a hyphenated number. A
  // cheap test that most tokens fail (most words are shorter than the shortest hyphenated
  // number, so their bytes are not searched for '-').
  bool MayStartNumber(std::size_t k) const {
    if (k >= tv_.size()) return false;
    return MayStartNumberFlagged(k, word_flags_[tv_.id(k)]);
  }
  // MayStartNumber(k) for a token k < tv_.size() whose word has the word_flags_ `flags`.
  bool MayStartNumberFlagged(std::size_t k, unsigned char flags) const {
    const Token& t = tv_.tok(k);
    if (t.kind == TokenKind::kNumber) return true;
    if (t.kind != TokenKind::kWord) return false;
    if (flags & kNumberWord) return true;
    // Lower-casing never lengthens a word: a token of fewer bytes is too short to be hyphenated.
    return t.span.size() >= hyphenated_.min_size && MayBeHyphenatedWord(k, t);
  }
  // MayBeHyphenatedNumber(tv_.low(k)) for the word token k = t of at least
  // hyphenated_.min_size bytes, first ruled out by its first two bytes as written: a word
  // longer than the shortest hyphenated number (a fifth of the words) seldom begins as one of
  // value 20 or more does (hyphenated_.starts: one in twelve of them in news text), and two
  // bytes are read where the lower-cased word is not looked at. When both are ASCII they are
  // the lower-cased word's first two but for the case of a letter, which Start() ignores; else
  // (a ’, lower-cased to one byte) the word goes to MayBeHyphenatedNumber.
  bool MayBeHyphenatedWord(std::size_t k, const Token& t) const {
    const char* const p = tv_.doc().text.data() + t.span.begin;
    if (t.span.size() >= 2 && ((p[0] | p[1]) & 0x80) == 0 && !hyphenated_.MayStart(p[0], p[1]))
      return false;
    return MayBeHyphenatedNumber(tv_.low(k));
  }
  // False when NumberAt finds no hyphenated number in the word w for sure: it reads one as the
  // values of the words before and after its first '-', the first of value 20 or more, so a
  // word shorter than hyphenated_.min_size, or with no '-' where such a word may end
  // (hyphenated_.dash_at), is none. Most words are ruled out by their size or by a byte or
  // three, without a search for '-'.
  bool MayBeHyphenatedNumber(std::string_view w) const {
    if (w.size() < hyphenated_.min_size) return false;
    if (hyphenated_.dash_far) return w.find('-') != std::string_view::npos;
    for (std::uint64_t at = hyphenated_.dash_at; at != 0; at &= at - 1) {
      const auto p = static_cast<std::size_t>(std::countr_zero(at));
      if (p >= w.size()) return false;  // the bits are in increasing order
      if (w[p] == '-') return true;
    }
    return false;
  }

  std::optional<Number> NumberAt(std::size_t k) const {
    if (k >= tv_.size() || tv_.mention(k)) return std::nullopt;
    const Token& t = tv_.tok(k);
    Number n;
    n.begin = k;
    if (t.kind == TokenKind::kNumber) {
      const std::string_view w = tv_.low(k);
      const std::optional<double> value = internal::NumberTokenValue(w);
      if (!value) return std::nullopt;
      n.value = *value;
      n.digits = true;
      // Four characters, none a thousands separator.
      n.year_like = w.size() == 4 && w.find(',') == std::string_view::npos && n.value >= 1900 &&
                    n.value <= 2100;
      n.end = k + 1;
    } else if (t.kind == TokenKind::kWord) {
      // "three hundred", "twenty-five thousand", "two hundred and fifty".
      double total = 0, current = 0;
      std::size_t j = k;
      bool any = false;
      while (j < tv_.size() && !(j > k && tv_.tok(j).newline_before)) {
        const std::string_view w = tv_.low(j);
        if (w == "and" && any && j + 1 < tv_.size() && TokenValue(j + 1) > 0 &&
            TokenValue(j + 1) < 100) {
          ++j;
          continue;
        }
        double v = -1;
        if (auto dash = w.find('-'); dash != std::string::npos) {
          const double a = WordValue(w.substr(0, dash)), b = WordValue(w.substr(dash + 1));
          if (a >= 20 && b > 0 && b < 10) v = a + b;
        } else {
          v = TokenValue(j);
        }
        if (v < 0 || (v == 0 && w != "zero")) break;
        if (v >= 1000) {
          total += (current == 0 && !any ? 1 : current) * v;
          current = 0;
        } else if (v == 100) {
          current = (current == 0 ? 1 : current) * 100;
        } else {
          current += v;
        }
        any = true;
        ++j;
      }
      if (!any) return std::nullopt;
      n.value = total + current;
      n.end = j;
      // A lone "one" is a pronoun far more often than a count.
      if (n.value < 2 && j == k + 1) return std::nullopt;
      return n;
    } else {
      return std::nullopt;
    }
    if (IsScale(n.end) && !tv_.tok(n.end).newline_before) {
      n.scale = TokenValue(n.end);
      n.value *= n.scale;
      ++n.end;
    }
    return n;
  }

  // The qualifier phrase ending right before token k: {first token, text}.
  std::pair<std::size_t, std::string> QualifierBefore(std::size_t k) const {
    for (std::size_t n = 3; n >= 1; --n) {
      if (k < n) continue;
      PhraseIndex::Node node = PhraseIndex::Root();
      for (std::size_t i = k - n; i < k; ++i) node = qualifiers_.index.Next(node, tv_.id(i));
      if (qualifiers_.index.Value(node)) return {k - n, Text(k - n, k)};
    }
    return {k, ""};
  }

  // tv_.Text(b, e) for b < e: when no two of the tokens are apart by more than one space, as in
  // nearly every figure ("more than 40 aid workers"), their text as written is it, copied
  // in one piece rather than built token by token (a figure's text cost as much as the rest of
  // Try()). Other whitespace (a tab, a line break, two spaces) is folded to one space by
  // tv_.Text; so is everything on the plain path (not skip_).
  std::string Text(std::size_t b, std::size_t e) const {
    if (!skip_) return tv_.Text(b, e);
    const std::string_view text = tv_.doc().text;
    for (std::size_t k = b + 1; k < e; ++k) {
      const std::size_t gap = tv_.tok(k - 1).span.end, next = tv_.tok(k).span.begin;
      if (next != gap && (next != gap + 1 || text[gap] != ' ')) return tv_.Text(b, e);
    }
    return std::string(tv_.doc().Slice(tv_.SpanOf(b, e)));
  }

  // Whether the last word of `unit` (after its last space) is a count noun of people
  // (lower-cased) or a demonym (as written). Spaces are ASCII, which lower-casing keeps where
  // they are, so only that word is lower-cased, into a buffer reused from figure to figure.
  bool PeopleHead(const std::string& unit) {
    const std::size_t sp = unit.rfind(' ');
    const std::string_view head_written =
        std::string_view(unit).substr(sp == std::string::npos ? 0 : sp + 1);
    head_.clear();
    AppendLowerAscii(head_written, head_);
    return count_nouns_.count(head_) || lex_.CountryByDemonym(head_written) >= 0;
  }

  // Parses a figure starting at token k; returns the token after it, or k when none. Go() calls
  // it only where NextCandidate stops (NumberAt finds nothing elsewhere anyway).
  std::size_t Try(std::size_t k) {
    std::size_t start = k;
    bool between = false;
    if (IsWord(k, between_, "between") || IsWord(k, from_, "from")) {
      between = IsWord(k, between_, "between");
      ++start;
    }
    std::optional<Number> a = NumberAt(start);
    if (!a) return k;
    std::optional<Number> b;
    std::size_t end = a->end;
    const std::string_view link = tv_.low(a->end);
    if ((between && link == "and") || link == "to" ||
        (tv_.tok(std::min(a->end, tv_.size() - 1)).kind == TokenKind::kDash && a->digits)) {
      b = NumberAt(a->end + 1);
      if (b && b->digits != a->digits && b->scale == 1) b.reset();
    }
    if (!b && start != k) return k;  // "from 2010": not a range, not a figure here
    if (b) {
      if (b->scale > 1 && a->scale == 1 && a->value * b->scale <= b->value * 1.0001)
        a->value *= b->scale;
      if (!(a->value < b->value)) return b->end;
      end = b->end;
    }
    // Dates, years, times, money, ages, percentages.
    const std::size_t prev_k = start > 0 ? start - 1 : tv_.size();
    const std::string_view prev = tv_.low(prev_k);
    const std::string_view next = tv_.low(end);
    if (start > 0 && IsCurrencySymbol(tv_.text(start - 1))) return end;
    if (next == ":" || prev == ":" || next == "%" || prev == "aged" || prev == "age" ||
        prev == "#" || prev == "no." || prev == "number")
      return end;
    if (a->year_like && a->scale == 1 &&
        (InSet(prev_k, kYearContextBit, IsYearContext) || prev == "," || b))
      return end;
    // The counted noun phrase.
    std::size_t j = end;
    std::vector<std::size_t>& np = np_;  // reused: no allocation per candidate number
    np.clear();
    while (j < tv_.size() && np.size() < 4) {
      const Token& t = tv_.tok(j);
      if (t.newline_before || (t.kind != TokenKind::kWord && t.kind != TokenKind::kAbbrev)) break;
      const std::string_view w = tv_.low(j);
      if (InSet(j, kStopWordBit, IsStopWord) || TokenValue(j) >= 0) break;
      if (!np.empty() && !t.capitalized && (w.ends_with("ing") || w.ends_with("ed"))) break;
      np.push_back(j);
      ++j;
      if (count_nouns_.Contains(tv_.id(j - 1))) break;
    }
    if (np.empty()) return end;
    for (std::size_t i : np)
      if (non_count_.Contains(tv_.id(i))) return end;
    // A date ("March 3", "3 March"). Every test that rules a figure out here returns `end`
    // alike, so their order changes nothing: the set look-ups of a month come after the cheaper
    // tests that rule most numbers out.
    if (InSet(prev_k, kMonthBit, IsMonth) || InSet(end, kMonthBit, IsMonth)) return end;
    // A title-case headline runs on ("Citizens Left for Syria"): cut after a known noun, or
    // at a capitalised word after a lower-case one.
    std::size_t np_end = np.back() + 1;
    for (std::size_t i = 0; i < np.size(); ++i) {
      if (count_nouns_.Contains(tv_.id(np[i]))) {
        np_end = np[i] + 1;
        break;
      }
    }
    auto [qb, qualifier] = QualifierBefore(k);
    if (between) qualifier = qualifier.empty() ? "between" : qualifier + " between";
    // Built in place, its strings moved or cut in: no string copied twice. Room for several is
    // made with an article's first, so that its figures are not moved, strings and all, each
    // time the vector grows from one.
    if (ex_.figures.capacity() == 0) ex_.figures.reserve(kFirstFigures);
    FigureMention& f = ex_.figures.emplace_back();
    if (b) {
      f.min_value = a->value;
      f.max_value = b->value;
    } else {
      f.value = a->value;
    }
    f.qualifier = std::move(qualifier);
    f.text = Text(qb, np_end);
    // The unit's text ends the figure's (qb <= k < end): cut from it rather than built again.
    f.unit.assign(f.text, f.text.size() - tv_.TextSize(end, np_end));
    f.span = tv_.SpanOf(qb, np_end);
    Attribute(f);
    return np_end;
  }

  // The reporter: the speaker of the statement that contains the figure, else of a
  // statement in the same sentence.
  void Attribute(FigureMention& f) {
    // An article without statements credits no figure: its sentence and paragraph are not
    // looked for.
    if (ex_.statements.empty()) return;
    if (skip_ && !by_sentence_built_ && ex_.statements.size() >= kIndexStatementsFrom)
      IndexStatements();
    // Each question below is asked of the statements filed under the sentences it names, once
    // they are filed (and the figure has bytes: see IndexStatements), else of them all.
    const bool filed = !by_sentence_.empty() && !f.span.empty();
    const std::size_t fs = ex_.SentenceIndexAt(f.span.begin);
    if (const auto s = FirstStatement(filed, fs, fs, [&](const StatementMention& st) {
          return st.span.Contains(f.span);
        })) {
      f.statement = s;
      f.reporter = ex_.statements[*s].speaker;
      return;
    }
    const Span sentence = ex_.SentenceOf(f.span);
    const bool sentence_filed = filed && !sentence.empty();
    if (const auto s = FirstStatement(
            sentence_filed, sentence_filed ? ex_.SentenceIndexAt(sentence.begin) : 0,
            sentence_filed ? ex_.SentenceIndexAt(sentence.end - 1) : 0,
            [&](const StatementMention& st) {
              return sentence.Contains(st.span) || st.span.Contains(sentence);
            })) {
      f.reporter = ex_.statements[*s].speaker;
      return;
    }
    // News paragraphs are attributed as a whole: a figure in a paragraph whose other
    // sentences report one speaker ("... more than 80 countries. This, X said, ...") is his.
    // Only the sentences near the figure count: a page whose line breaks were lost is one
    // long "paragraph" of many sources. (A statement over several of them may be met more
    // than once: the speaker it names is the same.)
    const Span para = ParagraphOf(f.span);
    std::optional<std::size_t> speaker;
    bool several = false;
    const std::size_t near_from = fs > kNearSentences ? fs - kNearSentences : 0;
    const std::size_t near_to = filed ? std::min(fs + kNearSentences, ex_.sentences.size() - 1) : 0;
    FirstStatement(filed, near_from, near_to, [&](const StatementMention& st) {
      if (several) return true;  // asked no more where the statements are gone through
      if (!para.Contains(st.span) || !st.speaker) return false;
      if (ex_.SentenceIndexAt(st.span.begin) > fs + kNearSentences ||
          ex_.SentenceIndexAt(st.span.end - 1) + kNearSentences < fs)
        return false;
      several = speaker && *speaker != *st.speaker;  // several sources: no guess
      speaker = st.speaker;
      return several;
    });
    if (!several) f.reporter = speaker;
  }

  // The first statement (by number) that `holds` says yes to: among those filed under the
  // sentence numbers [from, to] (IndexStatements) when `filed`, else among them all (the plain
  // path, an article of few statements, a figure or a sentence of no bytes), as many steps as
  // statements for each question.
  template <typename Holds>
  std::optional<std::size_t> FirstStatement(bool filed, std::size_t from, std::size_t to,
                                            Holds holds) const {
    const std::vector<StatementMention>& sts = ex_.statements;
    if (!filed) {
      for (std::size_t s = 0; s < sts.size(); ++s)
        if (holds(sts[s])) return s;
      return std::nullopt;
    }
    std::optional<std::size_t> first;
    for (std::size_t k = from; k <= to; ++k) {
      for (std::size_t s : StatementsAt(k)) {
        if (first && s >= *first) break;
        if (holds(sts[s])) {
          first = s;
          break;
        }
      }
    }
    return first;
  }

  // Files each statement under the sentence numbers its bytes have (SentenceIndexAt of its
  // first and last byte and those between: that function never decreases), in statement
  // order, so that Attribute() asks about the statements near a figure, not all of them: a
  // long text's figures times its statements were most of its figure extraction. A byte of a
  // statement that contains a span (of one byte or more) or lies in it is a byte of that span,
  // whose sentence numbers are looked through. Not built (Attribute() goes through them all)
  // when the article has no sentences or a statement no bytes.
  void IndexStatements() {
    by_sentence_built_ = true;
    const std::size_t n = ex_.sentences.size();
    if (n == 0) return;
    for (const StatementMention& st : ex_.statements)
      if (st.span.empty()) return;
    std::vector<std::pair<std::size_t, std::size_t>> runs;  // each statement's sentences
    runs.reserve(ex_.statements.size());
    std::vector<std::size_t> starts(n + 1, 0);
    for (const StatementMention& st : ex_.statements) {
      const std::size_t a = ex_.SentenceIndexAt(st.span.begin);
      const std::size_t b = ex_.SentenceIndexAt(st.span.end - 1);
      runs.emplace_back(a, b);
      for (std::size_t k = a; k <= b; ++k) ++starts[k + 1];
    }
    for (std::size_t k = 0; k < n; ++k) starts[k + 1] += starts[k];
    std::vector<std::size_t> fill(starts.begin(), starts.end() - 1);
    by_sentence_.resize(starts[n]);
    for (std::size_t s = 0; s < runs.size(); ++s)
      for (std::size_t k = runs[s].first; k <= runs[s].second; ++k) by_sentence_[fill[k]++] = s;
    by_sentence_starts_ = std::move(starts);
  }
  // The statements filed under sentence number k < ex_.sentences.size(), in statement order.
  std::span<const std::size_t> StatementsAt(std::size_t k) const {
    return std::span<const std::size_t>(by_sentence_).subspan(
        by_sentence_starts_[k], by_sentence_starts_[k + 1] - by_sentence_starts_[k]);
  }

  // The statements an article has before Attribute() files them by sentence: with fewer,
  // going through them all for each figure costs less than filing them (3,000 Reuters
  // articles: 3.4M instructions more when every article's were filed).
  static constexpr std::size_t kIndexStatementsFrom = 16;
  // The figures an article has before NextWithTheSameValue() sorts them: with fewer,
  // comparing each with every later one costs less.
  static constexpr std::size_t kSortFiguresFrom = 32;

  // The room made for figures with an article's first (Try).
  static constexpr std::size_t kFirstFigures = 8;

  // How many sentences apart a figure and a statement of its paragraph may be.
  static constexpr std::size_t kNearSentences = 2;

  // The line (news paragraph) around a span.
  // It runs from the last token that starts a line at or before s.begin (else the first
  // token) to before the first line-starting token after s.begin (else the end). Tokens are in
  // text order, so both are found by scanning outwards from s.begin's position (a binary
  // search): the cost is the paragraph's length, not the document's. Figures come in text
  // order, often several to a paragraph: the last paragraph found is kept (para_b_, para_e_),
  // and a span whose first token after s.begin lies in (para_b_, para_e_] is in the same one
  // (no token in between starts a line), found without a search or a scan.
  Span ParagraphOf(const Span& s) {
    if (tv_.size() == 0) return s;
    const std::vector<Token>& toks = tv_.tokens();
    const bool same = para_e_ > 0 && toks[para_b_].span.begin <= s.begin &&
                      (para_e_ == toks.size() || toks[para_e_].span.begin > s.begin);
    if (!same) {
      const std::size_t p = static_cast<std::size_t>(
          std::partition_point(toks.begin(), toks.end(),
                               [&](const Token& t) { return t.span.begin <= s.begin; }) -
          toks.begin());
      std::size_t b = p;
      while (b > 0 && !toks[b - 1].newline_before) --b;
      para_b_ = b > 0 ? b - 1 : 0;
      std::size_t e = p;
      while (e < toks.size() && !toks[e].newline_before) ++e;
      para_e_ = e;
    }
    return {tv_.tok(para_b_).span.begin, tv_.tok(para_e_ - 1).span.end};
  }

  // Repeats of a figure (headline, lead, quote) name the same people differently ("Russian
  // Islamists", "fighters"): give them one unit so that they merge into one figure.
  void Unify() {
    auto& fs = ex_.figures;
    if (fs.size() < 2) return;
    std::vector<char> done(fs.size(), 0);  // char: a load rather than vector<bool>'s bit work
    const std::vector<std::size_t> next = NextWithTheSameValue();
    std::vector<std::size_t> group;
    for (std::size_t i = 0; i < fs.size(); ++i) {
      if (done[i]) continue;
      group.assign(1, i);
      for (std::size_t j = next[i]; j < fs.size(); j = next[j])
        if (!done[j]) group.push_back(j);
      // A figure no later one repeats keeps its unit (a group of one gives it its own): its
      // head, a hash and a demonym look-up, is not asked about.
      if (group.size() == 1 || !PeopleHead(fs[i].unit)) continue;
      std::erase_if(group, [&](std::size_t g) { return g != i && !PeopleHead(fs[g].unit); });
      std::size_t canon = i;
      for (std::size_t g : group)
        if (fs[g].reporter) {
          canon = g;
          break;
        }
      for (std::size_t g : group) {
        fs[g].unit = fs[canon].unit;
        done[g] = 1;
      }
    }
  }

  // For each figure, the next one with the same value (value, min_value and max_value each
  // equal, as == has it), else fs.size(). On the plain path and among few figures by comparing
  // each with every later one; else by sorting the figures by value, which keeps a long text's
  // figures from taking time in their number squared. The sort's order (no value set before a
  // value, then <) makes equal what == makes equal, -0 and 0 alike; a NaN equals nothing, so a
  // figure with one is left out of the sort, with no next.
  std::vector<std::size_t> NextWithTheSameValue() const {
    const auto& fs = ex_.figures;
    std::vector<std::size_t> next(fs.size(), fs.size());
    auto same_value = [&](std::size_t i, std::size_t j) {
      return fs[j].value == fs[i].value && fs[j].min_value == fs[i].min_value &&
             fs[j].max_value == fs[i].max_value;
    };
    if (!skip_ || fs.size() < kSortFiguresFrom) {
      for (std::size_t i = 0; i < fs.size(); ++i)
        for (std::size_t j = i + 1; j < fs.size() && next[i] == fs.size(); ++j)
          if (same_value(i, j)) next[i] = j;
      return next;
    }
    auto is_nan = [](const std::optional<double>& v) { return v && std::isnan(*v); };
    std::vector<std::size_t> order;
    order.reserve(fs.size());
    for (std::size_t i = 0; i < fs.size(); ++i)
      if (!is_nan(fs[i].value) && !is_nan(fs[i].min_value) && !is_nan(fs[i].max_value))
        order.push_back(i);
    auto key = [&](std::size_t i) {
      return std::tie(fs[i].value, fs[i].min_value, fs[i].max_value);
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto ka = key(a), kb = key(b);
      return ka < kb || (!(kb < ka) && a < b);
    });
    for (std::size_t k = 0; k + 1 < order.size(); ++k)
      if (same_value(order[k], order[k + 1])) next[order[k]] = order[k + 1];
    return next;
  }

  const Lexicon& lex_;
  Extraction& ex_;
  const TokenView& tv_;
  const WordList& words_;
  const WordList& qualifiers_;
  const WordList& count_nouns_;
  const WordList& non_count_;
  const FigureExtractor::HyphenatedShape& hyphenated_;
  // Whether NextCandidate skips the tokens where no figure starts and IsWord compares word
  // numbers; else every token is tried and words compared by text (the plain path).
  const bool skip_;
  std::vector<std::size_t> np_;  // Try()'s counted noun phrase, by token
  std::string head_;             // PeopleHead()'s lower-cased word
  // The token range [para_b_, para_e_) of the paragraph ParagraphOf() found last; para_e_ == 0
  // before the first.
  std::size_t para_b_ = 0, para_e_ = 0;
  // IndexStatements()'s: the statements by sentence number (those under sentence k are
  // by_sentence_[by_sentence_starts_[k]] up to by_sentence_[by_sentence_starts_[k + 1]]);
  // whether it ran.
  std::vector<std::size_t> by_sentence_, by_sentence_starts_;
  bool by_sentence_built_ = false;
  // The vocabulary numbers of "between" and "from" (kUnknownWord when it lacks them).
  const WordId between_, from_;
  const bool lead_by_text_;  // one of them is kUnknownWord: such a word is known by its text
  const std::vector<unsigned char>& word_flags_;  // FigureExtractor's: kLeadWord, kNumberWord, ...
  const FigureExtractor::UnnumberedWords& unnumbered_;  // FigureExtractor's
  const std::vector<double>& word_values_;              // FigureExtractor's: TokenValue by number
};

}  // namespace

double internal::ParseDecimal(const std::string& s) {
  // Up to 15 decimal digits make an integer below 2^53, which a double holds exactly: the
  // value strtod would round to is the integer itself.
  if (!s.empty() && s.size() <= 15) {
    std::uint64_t v = 0;
    bool digits = true;
    for (char c : s) {
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (digits) return static_cast<double>(v);
  }
  // Digits and points ("1.5", "0.25", "12.", numbers too long for the above): std::from_chars
  // reads the same prefix strtod does and rounds it correctly too, so gives the same double,
  // without strtod's locale look-ups (no locale is set: strtod reads '.' as the point too).
  // Anything else (a sign, spaces, an exponent) and a failure (".") go to std::atof.
  if (!s.empty() && s.find_first_not_of("0123456789.") == std::string::npos) {
    double v = 0;
    if (std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc()) return v;
  }
  return std::atof(s.c_str());
}

std::optional<double> internal::NumberTokenValueSlow(std::string_view w) {
  // The number without its thousands separators; it must be digits and points only.
  std::string s(w.size(), '\0');
  std::size_t size = 0;
  bool numeric = true;
  for (char c : w) {
    if (c == ',') continue;
    numeric &= (c >= '0' && c <= '9') || c == '.';
    s[size++] = c;
  }
  s.resize(size);
  if (s.empty() || !numeric) return std::nullopt;
  return ParseDecimal(s);
}

std::optional<double> internal::NumberTokenValue(std::string_view w) {
  // Most number tokens are digits with perhaps thousands separators ("3,200") and perhaps one
  // point ("5.93"): up to 15 digits are an integer m a double holds exactly, and so is 10^f for
  // the f digits after the point, so m / 10^f, one correctly rounded division of exact values,
  // is the double nearest the decimal, which is what ParseDecimal (std::from_chars or strtod,
  // both correctly rounded) returns for it. Read here without building the separator-free
  // string. A second point, other bytes, no digit and longer numbers take the general path.
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  std::uint64_t v = 0;
  std::size_t digits = 0, point = 0;  // point: the digits before the point, plus 1; 0 if none
  for (char c : w) {
    if (c == ',') continue;
    if (c == '.' && point == 0) {
      point = digits + 1;
      continue;
    }
    if (c < '0' || c > '9') return NumberTokenValueSlow(w);
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    ++digits;
  }
  if (digits == 0 || digits > 15) return NumberTokenValueSlow(w);
  const double m = static_cast<double>(v);
  return point == 0 ? m : m / kPow10[digits - (point - 1)];
}

FigureExtractor::HyphenatedShape FigureExtractor::HyphenatedShapeOf(
    const WordList& number_words) {
  // NumberAt reads a hyphenated word as WordValue(before the first '-') >= 20 plus
  // WordValue(after it) in (0, 10): both parts are entries of the list.
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t tens = kNone, units = kNone;
  HyphenatedShape shape;
  for (const auto& [key, value] : number_words) {
    const double v = internal::ParseDecimal(value);
    if (v >= 20) {
      tens = std::min(tens, key.size());
      if (key.size() < 64) shape.dash_at |= std::uint64_t{1} << key.size();
      else shape.dash_far = true;
      if (key.empty()) {
        shape.starts.set();  // a word may begin with the '-' and anything
      } else {
        shape.starts.set(HyphenatedShape::Start(key[0], key.size() > 1 ? key[1] : '-'));
      }
    }
    if (v > 0 && v < 10) units = std::min(units, key.size());
  }
  if (tens != kNone && units != kNone) shape.min_size = tens + 1 + units;
  return shape;
}

std::vector<unsigned char> FigureExtractor::WordFlags(const Vocabulary& vocab,
                                                      const WordList& number_words,
                                                      WordId between, WordId from) {
  std::vector<unsigned char> flags(vocab.size(), 0);
  for (WordId w = 0; w < flags.size(); ++w) {
    if (w != kUnknownWord && (w == between || w == from)) flags[w] |= kLeadWord;
    if (number_words.Find(w) != nullptr) flags[w] |= kNumberWord;
  }
  for (const auto& [words, bit] : kWordSets)
    for (const char* w : words)
      if (const WordId id = vocab.Find(w); id != kUnknownWord) flags[id] |= bit;
  return flags;
}

FigureExtractor::UnnumberedWords FigureExtractor::UnnumberedWordsOf(const Vocabulary& vocab) {
  UnnumberedWords u;
  for (const auto& [words, bit] : kWordSets) {
    for (const char* w : words) {
      if (vocab.Find(w) != kUnknownWord) continue;
      u.filter.Add(w);
      u.bits[w] |= bit;
    }
  }
  return u;
}

std::vector<double> FigureExtractor::WordValues(const Vocabulary& vocab,
                                                const WordList& number_words) {
  std::vector<double> values(vocab.size(), -1);
  for (WordId w = 0; w < values.size(); ++w)
    if (const std::string* v = number_words.Find(w)) values[w] = internal::ParseDecimal(*v);
  return values;
}

void FigureExtractor::Extract(const Document& doc, const std::vector<Token>& tokens,
                              Extraction& ex) const {
  if (tokens.empty()) return;
  Extract(TokenView(doc, tokens, ex.mentions, lex_.vocabulary()), ex);
}

void FigureExtractor::Extract(const TokenView& tv, Extraction& ex) const {
  Extract(tv, ex, /*skip=*/true);
}

void internal::ExtractWithoutSkips(const FigureExtractor& x, const TokenView& tv, Extraction& ex) {
  x.Extract(tv, ex, /*skip=*/false);
}

void FigureExtractor::Extract(const TokenView& tv, Extraction& ex, bool skip) const {
  // The word lists are asked by word numbers of lex_'s vocabulary.
  assert(&tv.vocabulary() == &lex_.vocabulary());
  if (tv.size() == 0) return;
  Run run(lex_, tv, ex, number_words_, qualifiers_, count_nouns_, non_count_, hyphenated_,
          between_, from_, word_flags_, unnumbered_, word_values_, skip);
  run.Go();
}

}  // namespace newsgraph::extract
