#include "extract/quote_extractor.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>

#include "extract/thread_scratch.h"
#include "extract/token_text.h"
#include "graph/knowledge_graph.h"

namespace newsgraph::extract {
namespace {

enum class Family { kNone, kDouble, kGuillemet, kSingle };

Family FamilyOfMark(std::string_view m) {
  if (m == "\"" || m == "\xE2\x80\x9C" || m == "\xE2\x80\x9D" || m == "\xE2\x80\x9E")
    return Family::kDouble;
  if (m == "\xC2\xAB" || m == "\xC2\xBB" || m == "\xE2\x80\xB9" || m == "\xE2\x80\xBA")
    return Family::kGuillemet;
  if (m == "'" || m == "\xE2\x80\x98" || m == "\xE2\x80\x99" || m == "\xE2\x80\x9A")
    return Family::kSingle;
  return Family::kNone;
}

// A direct quote: the token indices of its marks and its content, one token range per line
// (a quote that runs over paragraphs yields one statement per paragraph).
struct Quote {
  std::size_t open = 0, close = 0;  // close is the closing mark, or the first token after the
                                    // content when the quote is never closed
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  bool terminated = false;
  bool reopened = false;  // never closed: a new quote opens at `close`
};

// What a cue's subject noun phrase says about the speaker, before resolution.
enum class RefKind { kNone, kMention, kPronoun, kDescription, kGenericOrg, kInherit };
struct SpeakerRef {
  RefKind kind = RefKind::kNone;
  std::size_t mention = 0;  // kMention
  // kPronoun: the pronoun; kGenericOrg: head noun. A view of the token's lower-cased text
  // (TokenView::low), which outlives the run, as title_pred does the roles list's value, so
  // that a SpeakerRef, copied to every candidate and every sentence's cue, copies one string.
  std::string_view word;
  std::string title;            // kDescription: title as written
  std::string_view title_pred;  // kDescription: the title's predicate
  std::optional<std::size_t> org;  // kDescription: the organization it is a title of
  bool indefinite = false;         // kDescription: "a spokesman for X", a person not named
  Span np;                         // the noun phrase, evidence for derived relations
};

struct NounPhrase {
  std::size_t b = 0, e = 0;
};

// A statement before its speaker is resolved.
struct Candidate {
  std::size_t first_tok = 0;  // orders candidates in the text
  std::size_t cue_tok = 0;    // where the cue is, for "most recent mention before"
  Span span;
  std::string text;
  std::string cue;
  bool direct = false;
  SpeakerRef ref;
};

const WordSet& Pronouns() {
  static const WordSet k = {"he", "she", "they", "it"};
  return k;
}

// The function words a speaker's noun phrase may hold ("the director of the Center's ...").
constexpr std::string_view kNpFunctionWords[] = {"the", "a", "an", "of", "for", "'s", "'", "(", ")"};
bool IsNpFunctionWord(std::string_view w) {
  for (std::string_view f : kNpFunctionWords)
    if (w == f) return true;
  return false;
}

// Words between a subject and its reporting verb that do not end the subject.
bool IsAuxOrAdverb(std::string_view w) {
  static const WordSet k = {
      "has",          "have",     "had",     "also",       "then",       "later",
      "further",      "again",    "earlier", "previously", "recently",   "repeatedly",
      "reportedly",   "once",     "would",   "will",       "has",        "had",
      "on",           "monday",   "tuesday", "wednesday",  "thursday",   "friday",
      "saturday",     "sunday",   "today",   "yesterday",  "this",       "last",
      "week",         "publicly", "openly",  "never",      "not",        "did",
      "does",         "do",       "had",     "already",    "just",       "first",
      "subsequently", "since",    "however", "too",        "separately", "clearly",
      "specifically", "bluntly",  "flatly"};
  return k.Contains(w);
}

}  // namespace

void internal::LineBreaksToSpaces(std::string& s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kTops = 0x80 * kOnes;
  auto convert = [](char& c) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  };
  // Most text has no such byte, and '\t', '\n' and '\r' are all below 0x0E: eight bytes at a
  // time are tested for a byte below 0x0E ((x - 0x0E per byte) & ~x has the top bit of such a
  // byte set, of no byte when there is none), and only a group with one goes byte by byte.
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    if (((x - 0x0E * kOnes) & ~x & kTops) == 0) continue;
    for (std::size_t j = i; j < i + 8; ++j) convert(s[j]);
  }
  for (; i < s.size(); ++i) convert(s[i]);
}

namespace {

std::string Trim(std::string_view v) {
  auto junk = [](char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ',' || c == ';' || c == ':';
  };
  // Trimmed as a view, so that the text is copied once.
  while (!v.empty() && junk(v.back())) v.remove_suffix(1);
  while (!v.empty() && junk(v.front())) v.remove_prefix(1);
  std::string s(v);
  // Line breaks inside a quote's paragraph become spaces.
  internal::LineBreaksToSpaces(s);
  return s;
}

// A run's per-token and per-mention vectors, kept by a thread between documents
// (ThreadScratch, in QuoteExtractor::Extract) so that a document allocates none of them once an
// earlier one was as long. A Run works in them directly, refills them (assign) and
// leaves quotes and candidates empty when it ends.
struct RunBuffers {
  std::vector<char> in_quote, used, phrase;
  std::vector<std::size_t> first, last;
  std::vector<Quote> quotes;     // empty between runs
  std::vector<Candidate> cands;  // empty between runs
  std::vector<Candidate> sorted;  // SortCandidates' buffer; empty between runs
  std::vector<std::size_t> order;  // SortCandidates' permutation
};

class Run {
 public:
  // The lists are QuoteExtractor's, looked up once there (cue_start: its cue_start_).
  Run(const Lexicon& lex, const WordList& cues, const StringSet& role_words,
      const WordList& phrases, const WordList& speech_nouns, const WordList& desc_words,
      const WordList& roles, const std::vector<char>& cue_start, const std::vector<char>& np_word,
      const TokenView& tv, Extraction& ex, RunBuffers& buf, bool skip)
      : lex_(lex),
        doc_(tv.doc()),
        ex_(ex),
        tv_(tv),
        verbs_(cues),
        phrases_(phrases),
        speech_nouns_(speech_nouns),
        desc_words_(desc_words),
        roles_(roles),
        role_words_(role_words),
        cue_start_(cue_start),
        np_word_(np_word),
        skip_(skip),
        ranges_(tv.sentence_tokens() ? *tv.sentence_tokens()
                                     : (own_ranges_ = SentenceTokens(ex.sentences, tv.tokens()))),
        in_quote_(buf.in_quote),
        used_(buf.used),
        phrase_(buf.phrase),
        first_(buf.first),
        last_(buf.last),
        quotes_(buf.quotes),
        cands_(buf.cands),
        sorted_(buf.sorted),
        order_(buf.order) {
    in_quote_.assign(tv.size(), 0);
    used_.assign(tv.size(), 0);
    phrase_.assign(tv.size(), 0);
    tv_.MentionTokens(ex.mentions.size(), first_, last_);
  }
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;
  ~Run() {
    quotes_.clear();
    cands_.clear();
  }

  void Go() {
    FindQuotes();
    QuoteCandidates();
    IndirectCandidates();
    // Often in text order already (an article without direct quotes has only indirect
    // candidates, found in order): then sorting would only move every Candidate, strings and
    // all, out to a buffer and back.
    auto by_first_tok = [](const Candidate& a, const Candidate& b) {
      return a.first_tok < b.first_tok;
    };
    if (!std::is_sorted(cands_.begin(), cands_.end(), by_first_tok)) SortCandidates();
    Resolve();
  }

 private:
  // The sentence (index into ranges_) token k lies in, 0 when none. Found by a binary search
  // rather than kept per token: asked only at cues, quotes and mentions. ranges_ are in text
  // order and apart (SentenceTokens walks the tokens forward), so the last range starting at
  // or before k is the only one that may hold it.
  std::size_t SentenceOf(std::size_t k) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), k,
                               [](std::size_t t, const TokenRange& r) { return t < r.first; });
    if (it == ranges_.begin()) return 0;
    --it;
    return k < it->last ? static_cast<std::size_t>(it - ranges_.begin()) : 0;
  }

  // Puts cands_ in text order as std::stable_sort by first_tok would: their numbers are
  // stable-sorted, then each candidate moved once into that order (in sorted_, swapped in),
  // where sorting the candidates themselves moved each, strings and all, several times.
  void SortCandidates() {
    order_.resize(cands_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return cands_[a].first_tok < cands_[b].first_tok;
    });
    sorted_.clear();
    for (std::size_t i : order_) sorted_.push_back(std::move(cands_[i]));
    cands_.swap(sorted_);
    sorted_.clear();
  }

  // ---- direct quotes ------------------------------------------------------------------

  // The quotation mark token k stands for. Two adjacent apostrophes are one double mark
  // (''...'' in NYT copy): the first stands for it, the second for nothing.
  std::string_view Mark(std::size_t k) const {
    auto apostrophe = [&](std::size_t i) {
      return i < tv_.size() && IsQuoteToken(tv_.tok(i)) && tv_.text(i) == "'";
    };
    // An apostrophe inside a word the tokenizer split ("isn't") marks nothing.
    if (FamilyOfMark(tv_.text(k)) == Family::kSingle && k > 0 && k + 1 < tv_.size() &&
        tv_.tok(k - 1).kind == TokenKind::kWord && tv_.tok(k + 1).kind == TokenKind::kWord &&
        tv_.tok(k - 1).span.end == tv_.tok(k).span.begin &&
        tv_.tok(k).span.end == tv_.tok(k + 1).span.begin)
      return {};
    if (apostrophe(k)) {
      if (k > 0 && apostrophe(k - 1) && tv_.tok(k - 1).span.end == tv_.tok(k).span.begin &&
          !(k > 1 && apostrophe(k - 2) && tv_.tok(k - 2).span.end == tv_.tok(k - 1).span.begin))
        return {};
      if (apostrophe(k + 1) && tv_.tok(k).span.end == tv_.tok(k + 1).span.begin) return "\"";
    }
    return tv_.text(k);
  }

  // The last token before a closed quote's closing mark ("," in "bridge,''"), or "".
  std::string_view LastInside(const Quote& q) const {
    std::size_t k = q.close;
    if (k > q.open && IsQuoteToken(tv_.tok(k)) && Mark(k).empty()) --k;  // the second ' of ''
    return k > q.open + 1 ? tv_.low(k - 1) : std::string_view();
  }

  std::optional<Quote> Scan(std::size_t k0) const {
    const Family f0 = FamilyOfMark(Mark(k0));
    const bool line_start = tv_.tok(k0).newline_before;
    std::vector<std::string_view> stack{Mark(k0)};
    Quote q;
    q.open = k0;
    std::size_t chunk_b = k0 + 1;
    std::optional<std::size_t> first_line_end;
    int lines = 0;
    auto unterminated = [&](std::size_t end) {
      q.chunks = {{k0 + 1, end}};
      q.close = end;
      q.terminated = false;
      return q;
    };
    for (std::size_t k = k0 + 1; k < tv_.size(); ++k) {
      const Token& t = tv_.tok(k);
      if (t.newline_before) {
        if (!first_line_end) first_line_end = k;
        // Only a quote that opens a paragraph may run on into the next one.
        if (!line_start || lines >= 3 || f0 == Family::kSingle)
          return unterminated(*first_line_end);
        ++lines;
        q.chunks.push_back({chunk_b, k});
        stack.resize(1);
        chunk_b = k;
        // The next paragraph may repeat the opening mark.
        if (IsQuoteToken(t) && t.kind != TokenKind::kCloseQuote && FamilyOfMark(Mark(k)) == f0) {
          chunk_b = k + 1;
          continue;
        }
      }
      if (!IsQuoteToken(t)) continue;
      const std::string_view mark = Mark(k);
      const Family f = FamilyOfMark(mark);
      if (f == Family::kNone) continue;
      // A second opening mark of the quote's own family where a sentence starts ('... an
      // explosion. "People had') opens a new quote: a paragraph break was lost, or a closing
      // mark is missing. Read as nested, it would run on to the article's last quote.
      if (t.kind == TokenKind::kOpenQuote && f == f0 && stack.size() == 1 && k > k0 + 1 &&
          (tv_.low(k - 1) == "." || tv_.low(k - 1) == "?" || tv_.low(k - 1) == "!") &&
          k + 1 < tv_.size() && tv_.tok(k + 1).capitalized) {
        q.chunks.push_back({chunk_b, k});
        q.close = k;
        q.reopened = true;
        return q;
      }
      const bool top_matches = FamilyOfMark(stack.back()) == f;
      const bool low_closer = stack.back() == "\xE2\x80\x9E" && mark == "\xE2\x80\x9C";  // „...“
      const bool closes = top_matches && (t.kind == TokenKind::kCloseQuote ||
                                          t.kind == TokenKind::kQuote || low_closer);
      if (closes) {
        stack.pop_back();
        if (stack.empty()) {
          q.chunks.push_back({chunk_b, k});
          q.close = k;
          if (k + 1 < tv_.size() && IsQuoteToken(tv_.tok(k + 1)) && Mark(k + 1).empty())
            q.close = k + 1;  // the second apostrophe of ''
          q.terminated = true;
          return q;
        }
        continue;
      }
      if (t.kind == TokenKind::kOpenQuote || t.kind == TokenKind::kQuote) stack.push_back(mark);
      // A closing mark of another family is an apostrophe ("students’ union").
    }
    if (first_line_end) return unterminated(*first_line_end);
    return unterminated(tv_.size());
  }

  // The first token at or after k that is a quotation mark but no closing one (the only
  // tokens that may open a quote), else tv_.size(). In a loop of its own, without calls, that
  // reads one field a token (in FindQuotes' loop, around Scan() and the stores to in_quote_,
  // the tokens' size was worked out again for every token).
  // Marks are rare (a token in a hundred or so): when skip_, the tokens are first passed over
  // four at a time, one branch for the four (the loop's own count, test and branch paid once
  // for them), up to the four that hold one; the plain path asks them one by one.
  std::size_t NextOpeningMark(std::size_t k) const {
    const Token* const toks = tv_.tokens().data();
    const std::size_t n = tv_.size();
    auto opens = [](const Token& t) -> unsigned {  // 0 or 1, to be or-ed without branches
      return t.kind == TokenKind::kOpenQuote || t.kind == TokenKind::kQuote;
    };
    if (skip_)
      for (; k + 4 <= n; k += 4)
        if (opens(toks[k]) | opens(toks[k + 1]) | opens(toks[k + 2]) | opens(toks[k + 3])) break;
    for (; k < n; ++k)
      if (opens(toks[k])) return k;
    return n;
  }

  void FindQuotes() {
    for (std::size_t k = NextOpeningMark(0); k < tv_.size(); k = NextOpeningMark(k + 1)) {
      const Family f = FamilyOfMark(Mark(k));
      if (f == Family::kNone) continue;
      std::optional<Quote> q = Scan(k);
      if (!q) continue;
      // Single quotes are apostrophes far more often than quotes: keep only closed ones.
      if (f == Family::kSingle && !q->terminated) continue;
      std::size_t n = 0;
      for (auto [b, e] : q->chunks) n += e - b;
      if (n == 0) continue;
      for (std::size_t i = q->open; i <= q->close && i < tv_.size(); ++i) in_quote_[i] = true;
      quotes_.push_back(*q);
      k = q->reopened ? q->close - 1 : q->close;
    }
  }

  // ---- noun phrases and cues --------------------------------------------------------

  bool IsNpWord(std::size_t k) const {
    if (k >= tv_.size() || in_quote_[k]) return false;
    if (tv_.mention(k)) return true;
    const std::string_view w = tv_.low(k);
    // By word number, here and for verbs_ below: the same as looking the lists up by `w` (the
    // lexicon's one-word entries and words are found by number for the lower-cased token
    // exactly as by string). When skip_, one look-up in np_word_ answers for the function
    // words, the description and speech nouns and the role words together; a word the
    // vocabulary lacks can still be a function word, so its text is compared. Else (the plain
    // path) each is asked on its own.
    const WordId id = tv_.id(k);
    if (skip_ ? np_word_[id] || (id == kUnknownWord && IsNpFunctionWord(w))
              : IsNpFunctionWord(w) || desc_words_.Contains(id) || role_words_.count(w) ||
                    speech_nouns_.Contains(id))
      return true;
    const Token& t = tv_.tok(k);
    return t.capitalized && (t.kind == TokenKind::kWord || t.kind == TokenKind::kAbbrev) &&
           !Pronouns().Contains(w) && !verbs_.Contains(id);
  }

  // The subject noun phrase ending before the verb at v (skipping auxiliaries and adverbs),
  // not reaching left of `lo`.
  std::optional<NounPhrase> LeftNp(std::size_t v, std::size_t lo) const {
    std::size_t e = v;
    // "X went on to say": the subject stands before the phrase.
    if (e >= lo + 4 && tv_.low(e - 1) == "to" && tv_.low(e - 2) == "on" && !in_quote_[e - 3]) {
      const std::string_view go = tv_.low(e - 3);
      if (go == "went" || go == "goes" || go == "go" || go == "going") e -= 3;
    }
    while (e > lo && !in_quote_[e - 1] && !tv_.mention(e - 1) &&
           (IsAuxOrAdverb(tv_.low(e - 1)) ||
            (tv_.low(e - 1).size() > 4 && tv_.low(e - 1).ends_with("ly") &&
             !tv_.tok(e - 1).capitalized)))
      --e;
    if (e == lo) return std::nullopt;
    if (Pronouns().Contains(tv_.low(e - 1)) && !in_quote_[e - 1]) return NounPhrase{e - 1, e};
    // "Sen. Jane Doe (R-Ga.) said": the party label is no part of the subject.
    if (tv_.low(e - 1) == ")" && !in_quote_[e - 1]) {
      for (std::size_t c = e - 1; c-- > lo && c + 8 > e;) {
        if (tv_.low(c) != "(") continue;
        if (c > lo && tv_.mention(c - 1)) e = c;
        break;
      }
    }
    // "Jane Doe, a spokeswoman for the union, said", "Jane Doe, the director of the Center,
    // which runs the program, said": the subject is the name that opens the clause before the
    // appositions.
    if (tv_.low(e - 1) == "," && !in_quote_[e - 1]) {
      for (std::size_t c = e - 1; c-- > lo && c + 50 > e;) {
        if (in_quote_[c] || tv_.low(c) == "." || IsQuoteToken(tv_.tok(c))) break;
        if (tv_.low(c) != "," || c == 0 || c + 2 >= e) continue;
        auto m = tv_.mention(c - 1);
        if (!m || !(ex_.mentions[*m].type == EntityType::kPerson || IsOrgish(*m)) ||
            first_[*m] < lo)
          continue;
        bool opens = true;
        for (std::size_t k = lo; k < first_[*m] && opens; ++k) opens = IsNpWord(k);
        if (opens) return NounPhrase{first_[*m], c};
      }
      return AppositiveSubject(e, lo);
    }
    std::size_t b = e;
    while (b > lo && IsNpWord(b - 1)) --b;
    while (b < e && (tv_.low(b) == "of" || tv_.low(b) == "for" || tv_.low(b) == ")")) ++b;
    if (b == e) return std::nullopt;
    // "Jane Doe, who won damages from the Daily Mail said": a phrase after a preposition ends
    // a relative clause whose closing comma is missing; the subject is the name before it.
    if (b > lo && IsPreposition(tv_.low(b - 1))) {
      for (std::size_t c = b - 1; c-- > lo + 1 && c + 30 > b;) {
        if (in_quote_[c] || tv_.low(c) == "." || IsQuoteToken(tv_.tok(c))) break;
        if (tv_.low(c) != "," || (tv_.low(c + 1) != "who" && tv_.low(c + 1) != "which")) continue;
        auto m = tv_.mention(c - 1);
        if (m && (ex_.mentions[*m].type == EntityType::kPerson || IsOrgish(*m)) &&
            first_[*m] >= lo)
          return NounPhrase{first_[*m], c};
        break;
      }
    }
    return NounPhrase{b, e};
  }

  static bool IsAuxiliaryVerb(std::string_view w) {
    static const WordSet kAux = {"would", "will",  "is",   "was",   "are", "were",
                                 "has",   "have",  "had",  "could", "can", "should",
                                 "may",   "might", "must", "does",  "did"};
    return kAux.Contains(w);
  }

  static bool IsPreposition(std::string_view w) {
    return w == "from" || w == "by" || w == "with" || w == "to" || w == "in" || w == "at" ||
           w == "on" || w == "against" || w == "about" || w == "over" || w == "into" ||
           w == "of" || w == "for" || w == "after";
  }

  // The subject of a cue whose noun phrase is followed by appositions and does not open the
  // clause, e ending at the comma before the verb: "On Tuesday, Jane Doe, chair of the
  // committee, said" (after an opening phrase and its comma), "Rep. Jane Doe (D-Md.), chair of
  // the committee, said" (a party label), "Sen. Jane Doe of Ohio, a member, said" (the
  // name's noun phrase goes on past it). The leftmost such noun phrase naming a person, else
  // one naming an organization.
  std::optional<NounPhrase> AppositiveSubject(std::size_t e, std::size_t lo) const {
    std::optional<NounPhrase> person, org;
    for (std::size_t c = e - 1; c-- > lo && c + 50 > e;) {
      if (in_quote_[c] || tv_.low(c) == "." || IsQuoteToken(tv_.tok(c))) break;
      if (tv_.low(c) != "," || c + 2 >= e) continue;
      std::size_t ne = c;
      if (ne > lo && tv_.low(ne - 1) == ")") {
        for (std::size_t p = ne - 1; p-- > lo && p + 8 > ne;) {
          if (tv_.low(p) != "(") continue;
          ne = p;
          break;
        }
      }
      std::size_t b = ne;
      while (b > lo && IsNpWord(b - 1) && tv_.low(b - 1) != "(" && tv_.low(b - 1) != ")") --b;
      if (b == ne) continue;
      if (b > lo) {
        // An opening phrase of a few words outside quotes ends at the comma before the
        // subject.
        if (tv_.low(b - 1) != "," || b - 1 > lo + 10) continue;
        bool plain = true;
        for (std::size_t k = lo; k + 1 < b && plain; ++k) plain = !in_quote_[k];
        if (!plain) continue;
      }
      for (std::size_t k = ne; k-- > b;) {
        auto m = tv_.mention(k);
        if (!m || first_[*m] < b) continue;
        if (ex_.mentions[*m].type == EntityType::kPerson) {
          person = NounPhrase{b, ne};
          break;
        }
        if (IsOrgish(*m)) org = NounPhrase{b, ne};
      }
    }
    return person ? person : org;
  }

  // An inverted subject after the verb ("said the official."), up to `hi`; it must end the
  // clause.
  std::optional<NounPhrase> RightNp(std::size_t a, std::size_t hi) const {
    std::size_t e = a;
    while (e < hi && IsNpWord(e)) ++e;
    // "said Republican party boss Jane Doe,": a few lower-case words of description before a
    // person's name.
    if (e > a && e < hi) {
      std::size_t k = e;
      while (k < hi && k < e + 3 && tv_.tok(k).kind == TokenKind::kWord &&
             !tv_.tok(k).capitalized && !in_quote_[k] && !Pronouns().Contains(tv_.low(k)) &&
             tv_.low(k) != "that" && tv_.low(k) != "and" && !MatchPhrase(verbs_, tv_, k, 2).n)
        ++k;
      if (k > e && k < hi) {
        if (auto m = tv_.mention(k); m && ex_.mentions[*m].type == EntityType::kPerson) {
          std::size_t f = k;
          while (f < hi && IsNpWord(f)) ++f;
          if (f == hi || tv_.low(f) == "," || tv_.low(f) == ".") e = f;
        }
      }
    }
    if (e == a) return std::nullopt;
    if (e < hi) {
      const std::string_view w = tv_.low(e);
      if (w != "," && w != "." && w != ";" && w != ":" && !IsQuoteToken(tv_.tok(e)))
        return std::nullopt;
    }
    return NounPhrase{a, e};
  }

  // The person mention a bare capitalised name word (optionally after an honorific) stands
  // for: a Person mention of a full name whose last word is that word ("Jane Doe" for "Doe",
  // "Mr. Doe"), the most recent such mention before the phrase, else the first after it.
  // (Matching first names too, "Jane said", cost more than it gained on PolNeAR train.)
  std::optional<std::size_t> NameWordPerson(const NounPhrase& np) const {
    std::size_t b = np.b;
    bool honorific = false;
    if (np.e - b == 2) {
      const std::string_view h = tv_.low(b);
      honorific = h == "mr." || h == "mr" || h == "mrs." || h == "mrs" || h == "ms." ||
                  h == "ms" || h == "dr." || h == "dr";
      if (!honorific) return std::nullopt;
      ++b;
    }
    if (np.e - b != 1 || b >= np.e) return std::nullopt;
    const Token& t = tv_.tok(b);
    if (!t.capitalized || t.kind != TokenKind::kWord || tv_.mention(b) || in_quote_[b])
      return std::nullopt;
    const std::string_view w = tv_.low(b);
    // After an honorific a title word is a surname ("Mr. King").
    if (w.size() < 2 || (!honorific && role_words_.count(w)) || Pronouns().Contains(w))
      return std::nullopt;
    std::optional<std::size_t> before, after, alone;
    if (skip_) {
      // The person mentions of that last word and of that one-word name, not all of them.
      const PersonNames& names = NamesOfPersons();
      if (auto it = names.by_last_word.find(w); it != names.by_last_word.end()) {
        for (std::size_t m : it->second) {
          if (first_[m] < b) before = m;
          else if (!after) after = m;
        }
      }
      if (auto it = names.by_lone_name.find(w); it != names.by_lone_name.end())
        alone = it->second.front();
    } else {
      for (std::size_t m = 0; m < ex_.mentions.size(); ++m) {
        if (ex_.mentions[m].type != EntityType::kPerson) continue;
        const std::string name = LowerAscii(ex_.mentions[m].text);
        const std::size_t sp = name.find(' ');
        // The surname alone where the tagger found it elsewhere in the article ("Doe said"
        // where only another "Doe" was tagged).
        if (sp == std::string::npos) {
          if (name == w && !alone) alone = m;
          continue;
        }
        if (Surname(m) != w) continue;
        if (first_[m] < b) before = m;
        else if (!after) after = m;
      }
    }
    if (before) return before;
    return after ? after : alone;
  }

  // The article's person mentions by their lower-cased text's last word (those of several
  // words) and by that text (those of one word), each in mention order: what NameWordPerson
  // compares a name word with. Made at its first question and kept (the run adds no mention):
  // going through every mention, lower-casing each, for each name word took a long text's
  // quote extraction time in its mentions times its name words.
  struct PersonNames {
    StringMap<std::vector<std::size_t>> by_last_word, by_lone_name;
  };
  const PersonNames& NamesOfPersons() const {
    if (person_names_) return *person_names_;
    PersonNames& names = person_names_.emplace();
    for (std::size_t m = 0; m < ex_.mentions.size(); ++m) {
      if (ex_.mentions[m].type != EntityType::kPerson) continue;
      if (ex_.mentions[m].text.find(' ') == std::string::npos)
        names.by_lone_name[LowerAscii(ex_.mentions[m].text)].push_back(m);
      else
        names.by_last_word[Surname(m)].push_back(m);
    }
    return names;
  }

  bool IsOrgish(std::size_t m) const {
    const EntityType t = ex_.mentions[m].type;
    return FamilyOf(t) == EntityFamily::kOrganization || t == EntityType::kCountry;
  }

  SpeakerRef Classify(const NounPhrase& np) const {
    SpeakerRef r;
    r.np = tv_.SpanOf(np.b, np.e);
    if (np.e - np.b == 1 && Pronouns().Contains(tv_.low(np.b))) {
      r.kind = RefKind::kPronoun;
      r.word = tv_.low(np.b);
      return r;
    }
    // "Trump's lawyer said": the speaker is the unnamed lawyer, not Trump.
    const std::size_t head = np.e - 1;
    const bool person_head = !tv_.mention(head) && !tv_.tok(head).capitalized &&
                             (IsPersonNoun(tv_.low(head)) || role_words_.count(tv_.low(head)));
    if (person_head) {
      for (std::size_t k = np.b; k + 1 < np.e; ++k) {
        const std::string_view w = tv_.low(k + 1);
        if (tv_.mention(k) && ex_.mentions[*tv_.mention(k)].type == EntityType::kPerson &&
            (w == "'s" || w == "\xE2\x80\x99s" || w == "'"))
          return r;
      }
    }
    // The person nearest the verb.
    for (std::size_t k = np.e; k-- > np.b;) {
      if (auto m = tv_.mention(k); m && ex_.mentions[*m].type == EntityType::kPerson) {
        r.kind = RefKind::kMention;
        r.mention = *m;
        return r;
      }
    }
    // "Doe said", "Mr. Doe said" where the surname got no mention of its own: the person of
    // the article whose full name ends with it.
    if (auto m = NameWordPerson(np)) {
      r.kind = RefKind::kMention;
      r.mention = *m;
      return r;
    }
    std::optional<std::size_t> speech_noun;
    for (std::size_t k = np.b; k < np.e; ++k) {
      if (tv_.mention(k)) continue;
      if (MatchPhrase(speech_nouns_, tv_, k, 2).n) speech_noun = k;
    }
    // "the statement of the Committee", "the ministry's website": the organization speaks.
    if (!speech_noun) {
      for (std::size_t k = np.b; k < np.e; ++k) {
        if (tv_.mention(k)) continue;
        const PhraseMatch title = MatchPhrase(roles_, tv_, k);
        if (title.n == 0) continue;
        r.kind = RefKind::kDescription;
        r.title = tv_.Text(k, k + title.n);
        r.title_pred = title.value;
        r.indefinite = tv_.low(np.b) == "a" || tv_.low(np.b) == "an";
        // Its organization: after "of", else before the title ("the Ministry's director").
        for (std::size_t j = k + title.n; j < np.e && !r.org; ++j)
          if (auto m = tv_.mention(j); m && IsOrgish(*m)) r.org = m;
        for (std::size_t j = k; j-- > np.b && !r.org;)
          if (auto m = tv_.mention(j); m && IsOrgish(*m)) r.org = m;
        return r;
      }
    }
    for (std::size_t k = np.e; k-- > np.b;) {
      if (auto m = tv_.mention(k); m && IsOrgish(*m)) {
        r.kind = RefKind::kMention;
        r.mention = *m;
        return r;
      }
    }
    // "The Republican presidential nominee noted": a person the article named before.
    if (tv_.low(np.b) == "the" && !speech_noun && IsPersonNoun(tv_.low(head)) &&
        !tv_.mention(head)) {
      r.kind = RefKind::kDescription;
      r.title = tv_.Text(head, head + 1);
      r.title_pred = "person";
      return r;
    }
    // "the Committee" or "the statement of the Committee" when the name itself was not
    // recognised: resolve by its head noun later.
    const bool definite = tv_.low(np.b) == "the" || speech_noun;
    const std::size_t last = np.e - 1;
    if (definite && tv_.tok(last).capitalized && !tv_.mention(last) &&
        tv_.tok(last).kind == TokenKind::kWord) {
      r.kind = RefKind::kGenericOrg;
      r.word = tv_.low(last);
      return r;
    }
    return r;
  }

  // The subject of the clause a participle hangs on ("Clinton had mocked the complaint,
  // saying ...", "During a speech, Trump attacked Clinton, saying ..."): a noun phrase naming
  // a person or organization, or he/she, that opens the sentence or follows a comma, before v.
  std::optional<SpeakerRef> ClauseSubject(std::size_t sb, std::size_t v) const {
    for (std::size_t t = sb; t < v; ++t) {
      if (t != sb && tv_.low(t - 1) != ",") continue;
      if (in_quote_[t]) continue;
      std::size_t e = t;
      if (Pronouns().Contains(tv_.low(t)) && tv_.low(t) != "it" && tv_.low(t) != "they") {
        e = t + 1;
      } else {
        while (e < v && IsNpWord(e) && tv_.low(e) != ",") ++e;
      }
      if (e == t || e >= v || tv_.low(e) == ",") continue;
      SpeakerRef r = Classify(NounPhrase{t, e});
      if (r.kind == RefKind::kMention || r.kind == RefKind::kPronoun) return r;
    }
    return std::nullopt;
  }

  // "called the charges unsubstantiated", "called Mr. Obama's remarks \"a wake-up call\"":
  // calling something something is a judgement reported, where the clause holds a quote or a
  // predicate ("a", "an", an adjective in -ed/-ous/-ful/-ible/-able) after the object.
  // An adjective by its ending ("unfair" is not caught; "unsubstantiated", "disgusting",
  // "irresponsible", "dangerous", "pathetic" are).
  static bool AdjectiveLike(std::string_view w) {
    static const char* const kEnds[] = {"able", "ible", "ous", "ful", "less", "ive", "ic",
                                        "ated", "ing",  "ent", "ant", "ish"};
    if (w.size() < 5) return false;
    for (const char* e : kEnds)
      if (w.ends_with(e)) return true;
    return false;
  }

  bool CallsSomethingSomething(std::size_t a, std::size_t se) const {
    if (se < a + 2) return false;
    // "called it disgusting", "called the charges unsubstantiated": a short object, then
    // an adjective.
    {
      std::size_t k = a;
      const std::string_view o = tv_.low(a);
      if (o == "it" || o == "him" || o == "her" || o == "them" || o == "this" || o == "that") {
        k = a + 1;
      } else if (o == "the" || o == "his" || o == "her" || o == "their" || o == "its") {
        k = a + 2;
        if (k < se && !tv_.tok(k - 1).capitalized && tv_.tok(k).kind == TokenKind::kWord &&
            !AdjectiveLike(tv_.low(k)) && k + 1 < se && AdjectiveLike(tv_.low(k + 1)))
          ++k;  // "the new charges"
      }
      if (k > a && k < se && tv_.tok(k).kind == TokenKind::kWord && !tv_.tok(k).capitalized &&
          AdjectiveLike(tv_.low(k)))
        return true;
    }
    if (se < a + 3) return false;
    for (std::size_t k = a + 1; k < se && k < a + 15; ++k) {
      if (IsQuoteToken(tv_.tok(k)) && !Mark(k).empty()) return true;
      const std::string_view w = tv_.low(k);
      if (w == "," || w == "to" || w == "on" || w == "at") return false;
      if (w == "a" || w == "an") return true;
    }
    return false;
  }

  bool IsPersonNoun(std::string_view w) const {
    auto it = desc_words_.find(w);
    return it != desc_words_.end() && it->second == "person";
  }

  PhraseMatch Verb(std::size_t k) const {
    if (k >= tv_.size() || in_quote_[k] || tv_.mention(k) || used_[k]) return {};
    if (tv_.tok(k).capitalized && k > 0 && !tv_.tok(k).newline_before &&
        SentenceOf(k) == SentenceOf(k - 1))
      return {};  // "Says" inside a sentence is a name or a title, not a verb
    return MatchPhrase(verbs_, tv_, k, 2);
  }

  static std::optional<std::pair<std::size_t, SpeakerRef>> Embedded(bool* embedded) {
    *embedded = true;
    return std::nullopt;
  }

  // A cue around quote q: after it ("...," he said) or before it (He said: "...").
  // *embedded is set when the cue comes before the quote with more words between them
  // ("says he is making “a demand” of Obama"): the quote is a phrase inside indirect speech.
  std::optional<std::pair<std::size_t, SpeakerRef>> QuoteCue(std::size_t qi, bool* after_cue,
                                                             std::string* cue_text,
                                                             bool* embedded,
                                                             bool* unnamed) const {
    const Quote& q = quotes_[qi];
    *after_cue = false;
    *embedded = false;
    *unnamed = false;
    if (q.terminated && q.close + 1 < tv_.size()) {
      std::size_t a = q.close + 1;
      const std::size_t s = SentenceOf(q.close);
      std::size_t hi = ranges_.empty() ? tv_.size() : ranges_[s].last;
      // '"What a night!" Jane Doe wrote.': a question or exclamation mark ending the quote
      // may end the sentence for the splitter; the cue after it still belongs to the quote.
      if (hi <= a && s + 1 < ranges_.size() && ranges_[s + 1].first == a &&
          (LastInside(q) == "?" || LastInside(q) == "!"))
        hi = ranges_[s + 1].last;
      if (tv_.tok(a).newline_before) hi = a;
      if (qi + 1 < quotes_.size()) hi = std::min(hi, quotes_[qi + 1].open);
      while (a < hi && (tv_.low(a) == "," || tv_.tok(a).kind == TokenKind::kDash)) ++a;
      // A name in apposition ("X, director of Y and a professor at Z, said") may be long.
      const std::size_t reach =
          tv_.mention(a) && tv_.low(last_[*tv_.mention(a)]) == "," ? a + 45 : a + 14;
      for (std::size_t v = a; v < hi && v < reach; ++v) {
        if (auto pm = MatchPhrase(phrases_, tv_, v); pm.n && v == a) {
          if (auto np = RightNp(v + pm.n, hi)) {
            SpeakerRef r = Classify(*np);
            if (r.kind != RefKind::kNone) {
              *after_cue = true;
              *cue_text = tv_.Text(v, v + pm.n);
              return std::make_pair(v, r);
            }
          }
        }
        PhraseMatch pm = Verb(v);
        if (!pm.n) continue;
        if (pm.value == "speech" && !HasSpeechNoun(a, v)) break;
        // '"A" of the plan, X said.': a few words finish the quote's sentence before the cue.
        std::optional<NounPhrase> np = LeftNp(v, a);
        bool tail = false;
        if (np && np->b > a + 1 && np->b <= a + 8 && tv_.low(np->b - 1) == "," &&
            !tv_.tok(a).capitalized) {
          tail = true;
          for (std::size_t k = a; k + 1 < np->b; ++k)
            tail &= tv_.tok(k).kind == TokenKind::kWord && !Verb(k).n;
        }
        if (np && (np->b == a || tail)) {
          SpeakerRef r = Classify(*np);
          if (r.kind != RefKind::kNone) {
            *after_cue = true;
            *cue_text = tv_.Text(v, v + pm.n);
            return std::make_pair(v, r);
          }
          // '"...," a narrator asks.': the quote has a speaker, one never named.
          if (np->b == a && np->e == v && IsDeterminer(tv_.low(a)) &&
              !Pronouns().Contains(tv_.low(a))) {
            *unnamed = true;
            return std::nullopt;
          }
        }
        if (v == a) {
          if (auto right = RightNp(v + pm.n, hi)) {
            SpeakerRef r = Classify(*right);
            if (r.kind != RefKind::kNone) {
              *after_cue = true;
              *cue_text = tv_.Text(v, v + pm.n);
              return std::make_pair(v, r);
            }
          }
        }
        break;
      }
    }
    // Before the quote, in its sentence.
    if (ranges_.empty()) return std::nullopt;
    std::size_t lo = ranges_[SentenceOf(q.open)].first;
    // "He said:" ending the paragraph before the quote.
    if (q.open > 0 && tv_.low(q.open - 1) == ":" && lo == q.open)
      lo = ranges_[SentenceOf(q.open - 1)].first;
    if (qi > 0 && quotes_[qi - 1].close + 1 > lo) lo = quotes_[qi - 1].close + 1;
    for (std::size_t v = q.open; v-- > lo;) {
      // "X said that ... 'a phrase'", "X tweeted that, 'the quote'": the quote is inside
      // the indirect speech, which reports it.
      if (tv_.low(v) == "that") return Embedded(embedded);
      if (auto pm = MatchPhrase(phrases_, tv_, v); pm.n) {
        if (auto np = RightNp(v + pm.n, q.open)) {
          SpeakerRef r = Classify(*np);
          if (r.kind != RefKind::kNone) {
            *cue_text = tv_.Text(v, v + pm.n);
            return std::make_pair(v, r);
          }
        }
      }
      PhraseMatch pm = Verb(v);
      if (!pm.n) continue;
      if (pm.value == "speech" && !HasSpeechNoun(lo, v)) return std::nullopt;
      std::optional<NounPhrase> np = LeftNp(v, lo);
      if (!np) np = RightNp(v + pm.n, q.open);
      // "Trump attacked Clinton, saying, \"...\"": the clause's subject speaks.
      if (!np && tv_.low(v).ends_with("ing") && v > lo + 2 && tv_.low(v - 1) == "," &&
          q.open <= v + pm.n + 1) {
        if (auto r = ClauseSubject(lo, v - 1)) {
          *cue_text = tv_.Text(v, v + pm.n);
          return std::make_pair(v, *r);
        }
      }
      // Time adverbs and a copula may stand between ("said this week was “doomed to
      // failure”"), a clause of its own may not.
      std::size_t gap = 0;
      for (std::size_t k = v + pm.n; k < q.open; ++k) {
        const std::string_view w = tv_.low(k);
        if (IsAuxOrAdverb(w) || w == "was" || w == "is" || w == "were" || w == "are" || w == "be" ||
            w == "been" || w == "week" || w == "month" || w == "year")
          continue;
        ++gap;
      }
      const std::string_view before = tv_.low(q.open - 1);
      const bool inside_clause = gap >= 2 && before != ":" && before != "," &&
                                 tv_.tok(q.open - 1).kind != TokenKind::kDash;
      // "X threw her support behind Y, saying it is time for “a real change”": the quote is
      // a phrase of the reported clause whether or not the cue's subject is found here.
      if (inside_clause) return Embedded(embedded);
      if (!np) return std::nullopt;
      SpeakerRef r = Classify(*np);
      if (r.kind == RefKind::kNone) return std::nullopt;
      *cue_text = tv_.Text(v, v + pm.n);
      return std::make_pair(v, r);
    }
    return std::nullopt;
  }

  bool HasSpeechNoun(std::size_t b, std::size_t e) const {
    for (std::size_t k = b; k < e; ++k)
      if (MatchPhrase(speech_nouns_, tv_, k, 2).n) return true;
    return false;
  }

  // A short quote in title case: every word of four or more letters is capitalized, two of
  // them are no names, and it has no sentence punctuation inside, no question or exclamation
  // mark ("Make Your Kid a Millionaire"; not "Nusra is Al Qaeda", "What a Super Tuesday!").
  bool IsTitle(const Quote& q) const {
    if (q.chunks.size() != 1) return false;
    auto [b, e] = q.chunks.front();
    std::size_t words = 0, long_words = 0;
    for (std::size_t k = b; k < e; ++k) {
      const Token& t = tv_.tok(k);
      if (t.kind != TokenKind::kWord) {
        const std::string_view w = tv_.low(k);
        if (w == "?" || w == "!") return false;  // an exclamation, a question
        if (w == "." || w == "," || w == ";") {
          if (k + 1 < e && !IsQuoteToken(tv_.tok(k + 1))) return false;  // inside the quote
        }
        continue;
      }
      ++words;
      if (t.span.end - t.span.begin >= 4) {
        if (!t.capitalized) return false;
        long_words += !tv_.mention(k);  // names are capitalized anyway
      }
    }
    return words >= 2 && words <= 10 && long_words >= 2;
  }

  std::string Content(std::size_t b, std::size_t e) const {
    while (b < e && IsQuoteToken(tv_.tok(b)) && Mark(b).empty()) ++b;  // the rest of ''
    if (b >= e) return {};
    const std::size_t full = e;
    // Drop the closing mark of a quote that ends the content.
    while (e > b && IsQuoteToken(tv_.tok(e - 1)) && tv_.tok(e - 1).kind != TokenKind::kOpenQuote)
      --e;
    while (e > b && (tv_.low(e - 1) == "." || tv_.low(e - 1) == ",")) --e;
    // ... unless its opening mark is inside: 'said voter fraud "would be a way to lose."'
    std::size_t marks = 0;
    for (std::size_t k = b; k < e; ++k)
      marks += IsQuoteToken(tv_.tok(k)) && FamilyOfMark(Mark(k)) == Family::kDouble;
    if (marks % 2 == 1) {
      e = full;
      while (e > b && !IsQuoteToken(tv_.tok(e - 1))) --e;
      if (e == b) e = full;
    }
    if (b >= e) return {};
    return Trim(doc_.Slice(tv_.SpanOf(b, e)));
  }

  // A participle cue ("adding", "saying") or "that" in [b, e), besides the cue at `cue`.
  bool SecondCueBetween(std::size_t b, std::size_t e, std::size_t cue) const {
    for (std::size_t k = b; k < e && k < tv_.size(); ++k) {
      if (k == cue || (k > 0 && k - 1 == cue)) continue;
      if (tv_.low(k) == "that") return true;
      if (tv_.low(k).ends_with("ing") && MatchPhrase(verbs_, tv_, k, 2).n) return true;
    }
    return false;
  }

  void QuoteCandidates() {
    // The candidate of the previous quote, or kNoCand. (A plain number rather than an optional:
    // GCC warned, wrongly, that an optional's value might be read uninitialised.)
    constexpr std::size_t kNoCand = static_cast<std::size_t>(-1);
    std::size_t prev_cand = kNoCand;
    bool unnamed_open = false;              // the last cue's speaker is never named
    for (std::size_t qi = 0; qi < quotes_.size(); ++qi) {
      const Quote& q = quotes_[qi];
      bool after = false, embedded = false, unnamed = false;
      std::string cue;
      auto found = QuoteCue(qi, &after, &cue, &embedded, &unnamed);
      if (unnamed) {
        prev_cand = kNoCand;
        unnamed_open = true;  // its continuations are the unnamed speaker's too
        continue;
      }
      if (found) unnamed_open = false;
      if (!found && unnamed_open && !embedded) continue;
      std::size_t words = 0;
      for (auto [b, e] : q.chunks)
        for (std::size_t k = b; k < e; ++k) words += tv_.tok(k).kind == TokenKind::kWord;
      // A quoted phrase inside a reported clause, or one of one or two words ("called it
      // “disgusting”"), is part of the indirect speech around it, not a statement; a quoted
      // title ("All Bets Are Off", "Legend in the Coal Fields") names a work.
      if (embedded || (found && words < 3) || IsTitle(q)) {
        for (std::size_t i = q.open; i <= q.close && i < tv_.size(); ++i) phrase_[i] = true;
        continue;
      }
      SpeakerRef ref;
      std::size_t cue_tok = q.open;
      if (found) {
        ref = found->second;
        cue_tok = found->first;
        for (std::size_t i = cue_tok; i < cue_tok + 2 && i < tv_.size(); ++i)
          if (Verb(i).n) used_[i] = true;
      } else {
        // "A," he said, adding that "B.": B is what the participle reports, a statement of
        // its own, found with the indirect speech.
        if (qi > 0 && prev_cand != kNoCand && prev_after_ &&
            SecondCueBetween(quotes_[qi - 1].close + 1, q.open, cands_[prev_cand].cue_tok)) {
          for (std::size_t i = q.open; i <= q.close && i < tv_.size(); ++i) phrase_[i] = true;
          prev_after_ = false;
          continue;
        }
        // "A," he said, "B." — B continues A's sentence.
        if (qi > 0 && prev_cand != kNoCand && prev_after_ && quotes_[qi - 1].terminated &&
            SentenceOf(q.open) == SentenceOf(quotes_[qi - 1].close) &&
            LastInside(quotes_[qi - 1]) == ",") {
          Candidate& c = cands_[prev_cand];
          const std::string more = Content(q.chunks.front().first, q.chunks.front().second);
          if (!more.empty()) {
            c.text += " " + more;
            c.span.end = tv_.tok(q.chunks.front().second - 1).span.end;
          }
          prev_after_ = false;
          continue;
        }
        // A quote that opens a sentence right after another statement, with no cue of its
        // own, continues the same speaker.
        const bool sentence_initial =
            tv_.tok(q.open).newline_before ||
            (!ranges_.empty() && ranges_[SentenceOf(q.open)].first == q.open);
        std::size_t n = 0;
        for (auto [b, e] : q.chunks) n += e - b;
        if (!sentence_initial || n < 3 || cands_.empty()) continue;
        const Candidate& prev = cands_.back();
        if (SentenceOf(q.open) > SentenceOf(std::min(prev.cue_tok, tv_.size() - 1)) + 3)
          continue;
        // '"A," X said. "B."' in one paragraph: one quotation that its cue interrupts, so B
        // finishes the same statement whatever its length (PolNeAR's convention). A quote
        // in a new paragraph is a statement of its own by the same speaker.
        if (qi > 0 && prev_cand != kNoCand && prev_after_ && prev_cand + 1 == cands_.size() &&
            quotes_[qi - 1].terminated && q.chunks.size() == 1 && !tv_.tok(q.open).newline_before &&
            SentenceOf(q.open) == SentenceOf(quotes_[qi - 1].close) + 1) {
          Candidate& c = cands_[prev_cand];
          const std::string more = Content(q.chunks.front().first, q.chunks.front().second);
          if (!more.empty()) {
            c.text += " " + more;
            c.span.end = tv_.tok(q.chunks.front().second - 1).span.end;
          }
          prev_after_ = false;
          continue;
        }
        ref.kind = RefKind::kInherit;
      }
      for (std::size_t c = 0; c < q.chunks.size(); ++c) {
        auto [b, e] = q.chunks[c];
        while (b < e && IsQuoteToken(tv_.tok(b)) && tv_.tok(b).kind != TokenKind::kCloseQuote) ++b;
        std::string text = Content(b, e);
        if (text.empty()) continue;
        Candidate& cand = cands_.emplace_back();  // built in place: no Candidate moved
        cand.first_tok = b;
        cand.cue_tok = cue_tok;
        cand.span = tv_.SpanOf(b, e);
        cand.text = std::move(text);
        cand.cue = cue;
        cand.direct = true;
        cand.ref = ref;
      }
      prev_cand = cands_.empty() ? kNoCand : cands_.size() - 1;
      prev_after_ = after;
    }
  }

  // ---- indirect speech ----------------------------------------------------------------

  // The end of reported content without a second cue that trails it ("..., but the NYPD
  // overruled that request, the source added").
  std::size_t WithoutTrailingCue(std::size_t b, std::size_t e) const {
    for (std::size_t c = e; c-- > b + 2 && c + 10 > e;) {
      if (tv_.low(c) != "," || in_quote_[c]) continue;
      std::size_t j = c + 1;
      if (Pronouns().Contains(tv_.low(j))) {
        ++j;
      } else {
        while (j < e && j < c + 7 && !MatchPhrase(verbs_, tv_, j, 2).n &&
               (tv_.tok(j).kind == TokenKind::kWord || tv_.tok(j).kind == TokenKind::kAbbrev))
          ++j;
      }
      if (j == c + 1 || j >= e) continue;
      const std::size_t n = MatchPhrase(verbs_, tv_, j, 2).n;
      if (n && j + n + 4 >= e) return c;
    }
    return e;
  }

  void Emit(std::size_t b, std::size_t e, std::size_t cue_tok, std::size_t cue_n,
            const SpeakerRef& ref, std::size_t b2 = 0, std::size_t e2 = 0) {
    if (b2 < e2)
      e2 = WithoutTrailingCue(b2, e2);
    else
      e = WithoutTrailingCue(b, e);
    // Too short to be a statement ("he said so"): asked before the text is built.
    if ((e - b) + (e2 - b2) < 3) return;
    std::string text = Content(b, e);
    if (b2 < e2) {
      std::string more = Content(b2, e2);
      text = text.empty() ? more : text + " " + more;
    }
    if (text.empty()) return;
    Candidate& c = cands_.emplace_back();  // built in place: no Candidate moved
    c.first_tok = b;
    c.cue_tok = cue_tok;
    c.span = tv_.SpanOf(b, b2 < e2 ? e2 : e);
    c.text = std::move(text);
    c.cue = tv_.Text(cue_tok, cue_tok + cue_n);
    c.direct = false;
    c.ref = ref;
  }

  static bool IsDeterminer(std::string_view w) {
    static const WordSet k = {"'s",    "\xE2\x80\x99s", "the",  "a",    "an", "his",
                              "her",   "their",         "its",  "our",  "my", "your",
                              "these", "those",         "this", "whose"};
    return k.Contains(w);
  }
  static bool IsTimeWord(std::string_view w) {
    static const WordSet k = {"monday",   "tuesday", "wednesday", "thursday",  "friday",
                              "saturday", "sunday",  "today",     "yesterday", "tonight",
                              "earlier",  "last",    "this",      "recently",  "later"};
    return k.Contains(w);
  }
  static bool IsSubordinator(std::string_view w) {
    return w == "while" || w == "although" || w == "though" || w == "because" || w == "if" ||
           w == "when" || w == "whereas" || w == "since" || w == "after" || w == "before";
  }
  static bool IsTimeUnit(std::string_view w) {
    return w == "week" || w == "month" || w == "year" || w == "night" || w == "morning" ||
           w == "afternoon" || w == "evening" || w == "weekend";
  }
  // Words that open an adverbial, not a reported clause: "said in a statement", "said as".
  static bool IsAdverbialStart(std::string_view w) {
    static const WordSet k = {"in",      "on",    "at",      "during", "via",
                              "through", "after", "before",  "as",     "while",
                              "when",    "from",  "outside", "inside", "following"};
    return IsTimeWord(w) || k.Contains(w);
  }
  // "Speaking at a rally in Ohio, X said ...": the opening is no reported content.
  bool OpensWithAdverbial(std::size_t sb) const {
    const std::string_view w = tv_.low(sb);
    return IsAdverbialStart(w) || w == "speaking" || w == "asked" || w == "despite" ||
           w == "although" || w == "though" || w == "if" || w == "because" ||
           (w.size() > 5 && w.ends_with("ing") && !tv_.mention(sb));
  }

  // True when [a, se) after a cue holds no reported clause: only time words, adverbs, one
  // adverbial phrase ("in an interview", "on Twitter") and closing punctuation.
  bool EndsWithCue(std::size_t a, std::size_t se) const {
    std::size_t k = a;
    auto skip_time = [&] {
      while (k < se && !in_quote_[k] &&
             (IsTimeWord(tv_.low(k)) || IsTimeUnit(tv_.low(k)) || IsAuxOrAdverb(tv_.low(k))))
        ++k;
    };
    skip_time();
    if (k < se && IsAdverbialStart(tv_.low(k)) && !IsTimeWord(tv_.low(k))) {
      ++k;
      while (k < se && k < a + 10 && !in_quote_[k] && tv_.tok(k).kind == TokenKind::kWord &&
             tv_.low(k) != "that" && !MatchPhrase(verbs_, tv_, k, 2).n)
        ++k;
      skip_time();
    }
    while (k < se && (tv_.low(k) == "." || tv_.low(k) == "!" || tv_.low(k) == "?")) ++k;
    return k >= se;
  }

  // True when a direct quote lies in [b, e) and owns most of it.
  bool MostlyQuoted(std::size_t b, std::size_t e) const {
    if (quotes_.empty()) return false;  // an article without quotes: no token is in_quote_
    std::size_t q = 0;
    for (std::size_t k = b; k < e; ++k) q += in_quote_[k] && !phrase_[k];
    return e > b && q * 2 > (e - b);
  }

  // Where reported content starting at a ends because a second cue of the same speaker
  // takes over: ", adding (that) ...", ", saying ...", "and said ...", "but told ...". The
  // position of the comma or conjunction, or e when none.
  std::size_t SecondCue(std::size_t a, std::size_t e) const {
    for (std::size_t p = a + 3; p + 1 < e; ++p) {
      // Most words are none of the three: asked first, before the tokens' other tests.
      const std::string_view w = tv_.low(p);
      if (w != "," && w != "and" && w != "but") continue;
      if (in_quote_[p] || in_quote_[p + 1] || tv_.mention(p + 1)) continue;
      const std::string_view next = tv_.low(p + 1);
      if (w == ",") {
        if (next.ends_with("ing") && MatchPhrase(verbs_, tv_, p + 1, 2).n) return p;
      } else if (w == "and" || w == "but") {
        if (!next.ends_with("ing") && CoordinatedCue(p + 1)) return p;
        // "..., and he added that ...": the same speaker by pronoun.
        if ((next == "he" || next == "she") && p + 2 < e && CoordinatedCue(p + 2)) return p;
      }
    }
    return e;
  }

  // A finite cue right after "and"/"but" (perhaps after "also", "then"): "and said",
  // "but also told"; the cue's subject is the clause's.
  bool CoordinatedCue(std::size_t v) const {
    std::size_t k = v;
    if (k < tv_.size() && IsAuxOrAdverb(tv_.low(k)) && !tv_.mention(k)) ++k;
    if (k >= tv_.size() || in_quote_[k]) return false;
    const PhraseMatch pm = MatchPhrase(verbs_, tv_, k, 2);
    return pm.n && pm.value != "direct" && pm.value != "speech";
  }

  // The first token in [k, e) whose word starts an entry of phrases_ or of verbs_, or e: at
  // no token before it can MatchPhrase(phrases_) or Verb() match. k itself when not skip_.
  std::size_t NextCueStart(std::size_t k, std::size_t e) const {
    if (!skip_) return k;
    // Every word number is below cue_start_.size(): the view's words are of lex_'s vocabulary
    // (asserted in Extract), for which cue_start_ was sized.
    // e is a sentence's end, at most tv_.size(): ids() needs no bounds check.
    assert(e <= tv_.size());
    const WordId* const ids = tv_.ids();
    const char* const starts = cue_start_.data();
    // Four tokens at a time, one branch for the four, as in NextOpeningMark; then one by one
    // from the four that hold a cue's start.
    for (; k + 4 <= e; k += 4)
      if (starts[ids[k]] | starts[ids[k + 1]] | starts[ids[k + 2]] | starts[ids[k + 3]]) break;
    for (; k < e; ++k)
      if (starts[ids[k]]) return k;
    return e;
  }

  void IndirectCandidates() {
    static const WordSet kObjects = {
        "reporters", "journalists", "him",      "her",        "them",         "us",     "me",
        "lawmakers", "parliament",  "senators", "supporters", "the",          "a",      "an",
        "told",      "audience",    "crowd",    "delegates",  "participants", "members"};
    // {cue token, candidate} of each quote candidate found so far whose cue token is used_,
    // by token and then candidate: a sentence's speaker of an earlier cue is that of its last
    // entry inside the sentence. (The candidates emitted below have their cue in the sentence
    // being read, and sentences do not overlap, so none of them counts for a later sentence.)
    std::vector<std::pair<std::size_t, std::size_t>> used_cues;
    for (std::size_t j = 0; j < cands_.size(); ++j)
      if (cands_[j].cue_tok < used_.size() && used_[cands_[j].cue_tok])
        used_cues.push_back({cands_[j].cue_tok, j});
    std::stable_sort(used_cues.begin(), used_cues.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::size_t next_cue = 0;
    for (std::size_t s = 0; s < ranges_.size(); ++s) {
      const std::size_t sb = ranges_[s].first, se = ranges_[s].last;
      std::size_t k = sb;
      std::optional<SpeakerRef> sentence_ref;  // the speaker of a cue earlier in the sentence
      while (next_cue < used_cues.size() && used_cues[next_cue].first < sb) ++next_cue;
      for (; next_cue < used_cues.size() && used_cues[next_cue].first < se; ++next_cue)
        sentence_ref = cands_[used_cues[next_cue].second].ref;
      while (k < se) {
        // Most tokens open no cue, and every test below finds nothing at them: skip to the
        // next token whose word starts a speech phrase or a cue verb.
        k = NextCueStart(k, se);
        if (k == se) break;
        // "according to X, ..." and "..., according to X."
        if (!in_quote_[k]) {
          if (PhraseMatch pm = MatchPhrase(phrases_, tv_, k); pm.n) {
            std::optional<NounPhrase> np = RightNp(k + pm.n, se);
            std::size_t np_end = np ? np->e : 0;
            if (!np) {
              // "according to a new Washington Post-ABC News poll", "according to the
              // nonpartisan Congressional Budget Office": the first named source in the phrase.
              std::size_t c = k + pm.n;
              while (c < se && c < k + pm.n + 25 && tv_.low(c) != "," && tv_.low(c) != "." &&
                     !IsQuoteToken(tv_.tok(c)))
                ++c;
              for (std::size_t j = k + pm.n; j < c && !np; ++j)
                if (auto m = tv_.mention(j);
                    m && (ex_.mentions[*m].type == EntityType::kPerson || IsOrgish(*m)))
                  np = NounPhrase{j, last_[*m]};
              np_end = c;
            }
            if (np) {
              SpeakerRef r = Classify(*np);
              if (r.kind != RefKind::kNone) {
                if (k == sb && tv_.low(np_end) == ",") {
                  if (!MostlyQuoted(np_end + 1, se)) Emit(np_end + 1, se, k, pm.n, r);
                  break;
                }
                if (k > sb + 3 && tv_.low(k - 1) == ",") {
                  if (!MostlyQuoted(sb, k - 1)) Emit(sb, k - 1, k, pm.n, r);
                  break;
                }
              }
            }
            k += pm.n;
            continue;
          }
        }
        PhraseMatch pm = Verb(k);
        if (!pm.n) {
          ++k;
          continue;
        }
        const std::size_t v = k, ve = k + pm.n;
        const std::string_view vw = tv_.low(v);
        // "X continued: ..." cues a quote; "X continued his attacks" reports nothing.
        if (pm.value == "direct" && tv_.low(ve) != "that") {
          k = ve;
          continue;
        }
        // "X is demanding ...", "He's claiming ...": a progressive is a finite cue.
        std::size_t subj_end = v;
        if (vw.ends_with("ing") && v > sb + 1) {
          const std::string_view be = tv_.low(v - 1);
          if (be == "is" || be == "are" || be == "was" || be == "were" || be == "'s" ||
              be == "\xE2\x80\x99s")
            subj_end = v - 1;
        }
        // "..., adding (that) ...": the participle continues the sentence's speaker.
        if (vw.ends_with("ing") && subj_end == v) {
          if (sentence_ref && v > sb &&
              (tv_.low(v - 1) == "," || used_[v - 1] || !IsNpWord(v - 1))) {
            std::size_t a = ve + (tv_.low(ve) == "that" ? 1 : 0);
            const std::size_t cut = SecondCue(a, se);
            if (!MostlyQuoted(a, cut)) Emit(a, cut, v, pm.n, *sentence_ref);
            if (cut < se) {
              k = cut + 1;
              continue;
            }
            break;
          }
          // "X had mocked the complaint, saying ...": the clause's subject speaks.
          if (!sentence_ref && v > sb + 2 && tv_.low(v - 1) == ",") {
            if (auto r = ClauseSubject(sb, v - 1)) {
              std::size_t a = ve + (tv_.low(ve) == "that" ? 1 : 0);
              const std::size_t cut = SecondCue(a, se);
              if (!MostlyQuoted(a, cut)) Emit(a, cut, v, pm.n, *r);
              sentence_ref = r;
              if (cut < se) {
                k = cut + 1;
                continue;
              }
              break;
            }
          }
          k = ve;
          continue;
        }
        // "North Korea's claims", "the remarks": a noun, not a verb.
        if (v > sb && IsDeterminer(tv_.low(v - 1))) {
          k = ve;
          continue;
        }
        SpeakerRef ref;
        bool inverted = false;
        // "X said A and told Y B": the second cue's subject is the first's.
        std::size_t conj = v;
        if (conj > sb && IsAuxOrAdverb(tv_.low(conj - 1)) && !tv_.mention(conj - 1)) --conj;
        const bool coordinated = sentence_ref && conj > sb + 1 && subj_end == v &&
                                 (tv_.low(conj - 1) == "and" || tv_.low(conj - 1) == "but");
        std::optional<NounPhrase> np = coordinated
                                           ? std::optional<NounPhrase>(NounPhrase{conj - 1, conj})
                                           : LeftNp(subj_end, sb);
        if (coordinated) ref = *sentence_ref;
        else if (np) ref = Classify(*np);
        if (ref.kind == RefKind::kNone && subj_end == v) {
          np = RightNp(ve, se);
          if (np) {
            ref = Classify(*np);
            inverted = true;
          }
        }
        if (ref.kind == RefKind::kNone || !np) {
          k = ve;
          continue;
        }
        if (pm.value == "speech" && !HasSpeechNoun(np->b, np->e)) {
          k = ve;
          continue;
        }
        // "did not immediately respond", "what Trump says is ...": nothing is reported.
        bool negated = false;
        for (std::size_t i = np->e; i < v && !inverted; ++i)
          negated |= tv_.low(i) == "not" || tv_.low(i) == "never" || tv_.low(i) == "n't";
        if (negated || (!inverted && np->b > sb &&
                        (tv_.low(np->b - 1) == "what" || tv_.low(np->b - 1) == "everything"))) {
          k = ve;
          continue;
        }
        if (inverted) {
          if (v > sb + 3 && tv_.low(v - 1) == ",") {
            // "The tone, said Mr Doe, would be calmer": an auxiliary after the name's comma
            // goes on with the sentence the cue interrupts (an apposition would not).
            const std::size_t after = np->e + 1;
            const bool goes_on = np->e < se && tv_.low(np->e) == "," && after + 2 < se &&
                                 IsAuxiliaryVerb(tv_.low(after)) && !in_quote_[after];
            if (!MostlyQuoted(sb, goes_on ? se : v - 1)) {
              if (goes_on) Emit(sb, v - 1, v, pm.n, ref, after, se);
              else Emit(sb, v - 1, v, pm.n, ref);
            }
            sentence_ref = ref;
            if (goes_on) break;
          }
          k = np->e;
          continue;
        }
        std::size_t a = ve;
        if (pm.value == "obj") {
          if (auto m = tv_.mention(a)) {
            a = last_[*m];
          } else if (kObjects.Contains(tv_.low(a)) && tv_.low(a) != "the" && tv_.low(a) != "a") {
            ++a;
          }
        } else if (pm.value == "on") {
          if (tv_.low(a) == "on" || tv_.low(a) == "upon" || tv_.low(a) == "for") {
            ++a;
          } else if (!CallsSomethingSomething(a, se)) {
            k = ve;
            continue;
          }
        }
        const bool comma_before = !coordinated && np->b > sb && tv_.low(np->b - 1) == ",";
        // "This, X said, increases ...", "This, X said in an interview, increases ...": the
        // cue (with a time word or an adverbial phrase) is a parenthesis.
        std::size_t paren = ve;
        if (comma_before && tv_.low(ve) != "," && ve < se &&
            (IsTimeWord(tv_.low(ve)) || IsAdverbialStart(tv_.low(ve)))) {
          std::size_t t = ve + 1;
          while (t < se && t < ve + 8 && tv_.tok(t).kind == TokenKind::kWord &&
                 tv_.low(t) != "that" && !in_quote_[t] && !MatchPhrase(verbs_, tv_, t, 2).n)
            ++t;
          // "..., X said Thursday, news agencies reported.": a second cue after the comma
          // makes it no parenthesis.
          bool cue_after = false;
          for (std::size_t u = t + 1; u < se && !cue_after; ++u)
            cue_after = !in_quote_[u] && MatchPhrase(verbs_, tv_, u, 2).n;
          if (t < se && tv_.low(t) == "," && !cue_after) paren = t;
        }
        if (comma_before && tv_.low(paren) == ",") {
          if (!MostlyQuoted(sb, se)) Emit(sb, np->b - 1, v, pm.n, ref, paren + 1, se);
          sentence_ref = ref;
          break;
        }
        // "<content>, X told a meeting on Friday.": the cue trails the content.
        // An opening adverbial is part of such content ("As a woman, she raised less
        // suspicion, X said.") when nothing but adverbials follows the cue.
        if (comma_before && np->b - 1 >= sb + 4 && tv_.low(a) != "that" && se - a <= 12 &&
            (!OpensWithAdverbial(sb) || EndsWithCue(a, se))) {
          if (!MostlyQuoted(sb, np->b - 1)) Emit(sb, np->b - 1, v, pm.n, ref);
          sentence_ref = ref;
          k = se;
          continue;
        }
        // "X said Friday that ...", "X said in a statement that ...", "X told his supporters
        // at a rally that ...": the reported clause starts after "that".
        if (tv_.low(a) != "that" && (IsAdverbialStart(tv_.low(a)) || pm.value == "obj")) {
          std::size_t t = a;
          while (t < se && t < a + 12 && tv_.low(t) != "that" && tv_.low(t) != "," &&
                 !IsQuoteToken(tv_.tok(t)) && !Verb(t).n)
            ++t;
          // Past time words: "said Friday as he entered" is "said as he entered".
          std::size_t a2 = a;
          while (a2 < se && (IsTimeWord(tv_.low(a2)) ||
                             (a2 > a && IsTimeUnit(tv_.low(a2)) && IsTimeWord(tv_.low(a2 - 1)))))
            ++a2;
          if (t < se && tv_.low(t) == "that") {
            a = t;
          } else if (a2 < se && IsAdverbialStart(tv_.low(a2)) && !IsTimeWord(tv_.low(a2))) {
            // "said Thursday during a town hall in Buffalo, New York, that ...".
            std::size_t u = t;
            while (u < se && u < a + 30 && tv_.low(u) != "that" && !IsQuoteToken(tv_.tok(u)) &&
                   !Verb(u).n)
              ++u;
            if (u >= se || tv_.low(u) != "that") {
              k = ve;  // "said as he entered the talks": no content
              continue;
            }
            a = u;
          }
        }
        // "X said (that) <content>".
        if (tv_.low(a) == "that") ++a;
        // "While X said that <content>, he ...": a subordinate clause ends at its comma.
        std::size_t ce = se;
        if (np->b <= sb + 1 && np->e > sb + 1 && IsSubordinator(tv_.low(sb))) {
          for (std::size_t c = a + 3; c < se; ++c)
            if (tv_.low(c) == "," && !in_quote_[c]) {
              ce = c;
              break;
            }
        }
        const std::size_t cut = a < ce ? SecondCue(a, ce) : ce;
        if (a < cut && !MostlyQuoted(a, cut)) Emit(a, cut, v, pm.n, ref);
        sentence_ref = ref;
        if (cut < ce) {
          k = cut + 1;
          continue;
        }
        break;
      }
    }
  }

  // ---- speaker resolution -------------------------------------------------------------

  bool MentionInQuote(std::size_t m) const { return in_quote_[first_[m]]; }

  std::optional<std::size_t> LastMentionBefore(std::size_t tok, bool person,
                                               bool outside_quotes) const {
    for (std::size_t m = ex_.mentions.size(); m-- > 0;) {
      if (first_[m] >= tok) continue;
      if (outside_quotes && MentionInQuote(m)) continue;
      const EntityType t = ex_.mentions[m].type;
      if (person ? t == EntityType::kPerson : FamilyOf(t) == EntityFamily::kOrganization) return m;
    }
    return std::nullopt;
  }

  std::string Key(std::size_t m) const {
    const Mention& x = ex_.mentions[m];
    return NormalizeName(x.canonical.empty() ? x.text : x.canonical);
  }
  bool SameOrg(std::size_t a, std::size_t b) const {
    const std::string ka = Key(a), kb = Key(b);
    if (ka == kb) return true;
    auto prefix = [](const std::string& s, const std::string& p) {
      return s.size() > p.size() && s.compare(0, p.size(), p) == 0 && s[p.size()] == ' ';
    };
    return prefix(ka, kb) || prefix(kb, ka);
  }

  std::optional<std::size_t> ResolveGenericOrg(std::string_view head_word,
                                               std::size_t tok) const {
    const std::string head(head_word);
    std::optional<std::size_t> after;
    for (std::size_t m = 0; m < ex_.mentions.size(); ++m) {
      if (FamilyOf(ex_.mentions[m].type) != EntityFamily::kOrganization) continue;
      const std::string k = Key(m);
      const bool fits = k == head || k.ends_with(" " + head) ||
                        k.find(" " + head + " ") != std::string::npos || k.starts_with(head + " ");
      if (!fits) continue;
      if (first_[m] < tok) {
        after.reset();
        after = m;  // keep the most recent before
      } else if (!after) {
        return m;
      }
    }
    return after;
  }

  enum class Gender { kUnknown, kMale, kFemale };
  static Gender Opposite(Gender g) {
    return g == Gender::kMale ? Gender::kFemale : g == Gender::kFemale ? Gender::kMale : g;
  }
  // A person's surname key: the last word of the mention ("Hillary Clinton" -> "clinton").
  std::string Surname(std::size_t m) const {
    const std::string t = LowerAscii(ex_.mentions[m].text);
    const std::size_t sp = t.rfind(' ');
    return sp == std::string::npos ? t : t.substr(sp + 1);
  }
  Gender GenderOf(std::size_t m) const {
    const std::string key = Surname(m);
    auto it = gender_.find(key);
    if (it != gender_.end()) return it->second;
    auto jt = pronoun_gender_.find(key);
    return jt == pronoun_gender_.end() ? Gender::kUnknown : jt->second;
  }

  // The gender the first pronoun after a subject gives it, when no other person comes
  // between them in the sentence ("Pate claimed ... that he's not backing anyone",
  // "Clinton beamed as she noted ..."); a relative pronoun before it ("X met the woman
  // who said she ...") leaves it open. Names with both genders stay unknown.
  void VotePronounGender(std::size_t m) {
    const std::size_t se = ranges_[SentenceOf(first_[m])].last;
    if (last_[m] < se) {  // "Trump's aide said he ..." may be the aide
      const std::string_view n = tv_.low(last_[m]);
      if (n == "'s" || n == "\xE2\x80\x99s" || n == "'") return;
    }
    for (std::size_t k = last_[m]; k < se && k < last_[m] + 10; ++k) {
      if (in_quote_[k]) return;
      if (auto o = tv_.mention(k); o && ex_.mentions[*o].type == EntityType::kPerson) return;
      const std::string_view w = tv_.low(k);
      if (w == "who" || w == "whom" || w == "whose" || w == "which") return;
      Gender g = Gender::kUnknown;
      // Not "him" or "her": an object is mostly someone else ("Sanders challenged her").
      if (w == "he" || w == "his" || w == "himself") g = Gender::kMale;
      if (w == "she" || w == "herself") g = Gender::kFemale;
      if (g == Gender::kUnknown) {
        if (w == "him" || w == "her" || w == ",") return;
        // Another noun phrase between them may be what the pronoun stands for ("Clinton
        // slammed the nominee for his remarks").
        if (IsDeterminer(w) || tv_.tok(k).capitalized) return;
        continue;
      }
      auto [it, fresh] = pronoun_gender_.emplace(Surname(m), g);
      if (!fresh && it->second != g) it->second = Gender::kUnknown;
      return;
    }
  }

  // Persons in subject position (a sentence opens with their noun phrase: "Donald Trump
  // says", "Indiana Gov. Mike Pence said"), the antecedents "he" and "she" prefer; and the
  // gender of a surname where an honorific gives it ("Mr. Trump", "Mrs. Clinton").
  void FindSubjectsAndGenders() {
    for (std::size_t m = 0; m < ex_.mentions.size(); ++m) {
      if (ex_.mentions[m].type != EntityType::kPerson) continue;
      const std::size_t f = first_[m];
      if (f > 0) {
        const std::string_view h = tv_.low(f - 1);
        Gender g = Gender::kUnknown;
        if (h == "mr." || h == "mr") g = Gender::kMale;
        if (h == "mrs." || h == "mrs" || h == "ms." || h == "ms" || h == "miss")
          g = Gender::kFemale;
        if (g != Gender::kUnknown) {
          auto [it, fresh] = gender_.emplace(Surname(m), g);
          if (!fresh && it->second != g) it->second = Gender::kUnknown;
        }
      }
      if (in_quote_[f] || ranges_.empty()) continue;
      const std::size_t sb = ranges_[SentenceOf(f)].first;
      // Only titles and names before it; a person after another name's possessive ("Trump's
      // aide Jane Doe") is still one, a person after "'s" alone is not.
      bool subject = true;
      for (std::size_t k = sb; k < f && subject; ++k)
        subject = IsNpWord(k) && tv_.low(k) != "'s" && !tv_.mention(k).has_value();
      if (!subject) subject = SubjectAfterOpening(m, sb);
      if (subject) subjects_.push_back(m);
    }
    for (std::size_t m : subjects_) VotePronounGender(m);
  }

  // A person right after a sentence's opening adverbial and its comma, not a possessor:
  // "Since launching his bid, Trump has taken a firm stance", "At a rally on Monday,
  // Ann Bell said ...".
  bool SubjectAfterOpening(std::size_t m, std::size_t sb) const {
    const std::size_t f = first_[m];
    if (f < sb + 3 || f > sb + 25 || tv_.low(f - 1) != ",") return false;
    if (!OpensWithAdverbial(sb) && !IsSubordinator(tv_.low(sb))) return false;
    for (std::size_t k = sb; k + 1 < f; ++k)
      if (in_quote_[k] || IsQuoteToken(tv_.tok(k))) return false;
    const std::size_t e = last_[m];
    if (e >= tv_.size() || SentenceOf(e) != SentenceOf(f)) return false;
    const std::string_view n = tv_.low(e);
    return n != "'s" && n != "\xE2\x80\x99s" && n != "'" && n != ",";
  }

  std::optional<std::size_t> SubjectBefore(std::size_t tok, Gender g) const {
    for (std::size_t i = subjects_.size(); i-- > 0;) {
      const std::size_t m = subjects_[i];
      if (first_[m] >= tok) continue;
      if (g != Gender::kUnknown && GenderOf(m) == Opposite(g)) continue;
      return m;
    }
    return std::nullopt;
  }

  void Resolve() {
    std::vector<std::optional<std::size_t>> speaker(cands_.size());
    std::optional<std::size_t> last_person_speaker;
    std::size_t last_person_speaker_sentence = 0, last_person_speaker_tok = 0;
    // The subjects and genders are asked only for "he", "she" and a person's description:
    // found the first time one is resolved (an article without one, most of them, needs
    // neither). Nothing below changes what they are found from (mentions, quotes, sentences).
    bool subjects_found = false;
    auto find_subjects = [&] {
      if (!subjects_found) FindSubjectsAndGenders();
      subjects_found = true;
    };
    auto next_named_person = [&](std::size_t from) -> std::optional<std::size_t> {
      for (std::size_t j = from + 1; j < cands_.size(); ++j) {
        const SpeakerRef& r = cands_[j].ref;
        if (r.kind == RefKind::kMention && ex_.mentions[r.mention].type == EntityType::kPerson)
          return r.mention;
      }
      return std::nullopt;
    };
    for (std::size_t i = 0; i < cands_.size(); ++i) {
      const Candidate& c = cands_[i];
      const SpeakerRef& r = c.ref;
      const std::size_t sent = SentenceOf(std::min(c.cue_tok, tv_.size() - 1));
      const bool recent_speaker = last_person_speaker && sent <= last_person_speaker_sentence + 6;
      std::optional<std::size_t> who;
      bool derived = false;
      switch (r.kind) {
        case RefKind::kNone:
          break;
        case RefKind::kMention:
          who = r.mention;
          break;
        case RefKind::kInherit:
          if (i > 0) who = speaker[i - 1];
          break;
        case RefKind::kPronoun:
          if (r.word == "he" || r.word == "she") {
            const Gender g = r.word == "he" ? Gender::kMale : Gender::kFemale;
            find_subjects();
            who = SubjectBefore(c.cue_tok, g);
            if (last_person_speaker && last_person_speaker_tok < c.cue_tok &&
                (!who || first_[*who] < last_person_speaker_tok) &&
                GenderOf(*last_person_speaker) != Opposite(g))
              who = last_person_speaker;
            if (!who) who = LastMentionBefore(c.cue_tok, true, true);
            if (!who) who = last_person_speaker;
          } else {
            who = LastMentionBefore(c.cue_tok, false, true);
          }
          break;
        case RefKind::kGenericOrg:
          who = ResolveGenericOrg(r.word, c.cue_tok);
          break;
        case RefKind::kDescription:
          if (r.title_pred == "person") {
            find_subjects();
            who = SubjectBefore(c.cue_tok, Gender::kUnknown);
            if (last_person_speaker && last_person_speaker_tok < c.cue_tok &&
                (!who || first_[*who] < last_person_speaker_tok))
              who = last_person_speaker;
            break;
          }
          // "a spokesman for the Committee said": someone not named speaks for it; the
          // organization is the speaker, no person named before.
          if (r.indefinite) {
            if (r.org && FamilyOf(ex_.mentions[*r.org].type) == EntityFamily::kOrganization)
              who = r.org;
            break;
          }
          if (r.org) {
            for (const RelationMention& rel : ex_.relations) {
              if ((rel.predicate == "heads" || rel.predicate == "memberOf") &&
                  rel.predicate == r.title_pred &&
                  ex_.mentions[rel.subject].type == EntityType::kPerson &&
                  SameOrg(rel.object, *r.org)) {
                who = rel.subject;
                break;
              }
            }
          }
          if (!who) {
            derived = true;
            if (recent_speaker) who = last_person_speaker;
            if (!who) who = next_named_person(i);
            if (!who) who = LastMentionBefore(c.cue_tok, true, true);
          }
          break;
      }
      if (who && derived && r.org && ex_.mentions[*who].type == EntityType::kPerson)
        AddRelation(*who, r.title_pred, *r.org, r.title, r.np);
      speaker[i] = who;
      if (who && ex_.mentions[*who].type == EntityType::kPerson) {
        last_person_speaker = who;
        last_person_speaker_tok = c.cue_tok;
        last_person_speaker_sentence = sent;
      }
    }
    for (std::size_t i = 0; i < cands_.size(); ++i) {
      if (!speaker[i]) continue;
      Candidate& c = cands_[i];
      // A news agency "reporting" is the source of the story, not a statement in it.
      if (ex_.mentions[*speaker[i]].type == EntityType::kNewsMediaOrganization &&
          LowerAscii(c.cue).starts_with("report"))
        continue;
      StatementMention st;
      st.speaker = speaker[i];
      st.text = std::move(c.text);
      st.cue = std::move(c.cue);
      st.direct = c.direct;
      st.span = c.span;
      MentionsIn(c.span, st.about);
      ex_.statements.push_back(std::move(st));
    }
  }

  // Appends the mentions inside `span` to `out`, in mention order. On the skip path, when the
  // mentions are in text order (by their spans' starts, as the entity extractor gives them),
  // only those starting in the span are looked at (a binary search finds the first): going
  // through every mention for each statement took a long text's quote extraction time in
  // its mentions times its statements.
  void MentionsIn(const Span& span, std::vector<std::size_t>& out) {
    const std::vector<Mention>& ms = ex_.mentions;
    if (!mentions_in_order_) {
      mentions_in_order_ = skip_ && std::is_sorted(ms.begin(), ms.end(), [](auto& a, auto& b) {
                             return a.span.begin < b.span.begin;
                           });
    }
    if (!*mentions_in_order_) {
      for (std::size_t m = 0; m < ms.size(); ++m)
        if (span.Contains(ms[m].span)) out.push_back(m);
      return;
    }
    auto m = static_cast<std::size_t>(
        std::partition_point(ms.begin(), ms.end(),
                             [&](const Mention& x) { return x.span.begin < span.begin; }) -
        ms.begin());
    for (; m < ms.size() && ms[m].span.begin <= span.end; ++m)
      if (span.Contains(ms[m].span)) out.push_back(m);
  }

  void AddRelation(std::size_t person, std::string_view pred, std::size_t org,
                   const std::string& role, Span evidence) {
    std::string p(pred);
    if (ex_.mentions[org].type == EntityType::kCountry && p == "heads" &&
        !lex_.InList("country_head_titles", LowerAscii(role)))
      p = "memberOf";
    for (const RelationMention& r : ex_.relations)
      if (r.subject == person && r.object == org && r.predicate == p) return;
    ex_.relations.push_back({person, p, org, role, evidence});
  }

  const Lexicon& lex_;
  const Document& doc_;
  Extraction& ex_;
  const TokenView& tv_;
  const WordList& verbs_;
  const WordList& phrases_;
  const WordList& speech_nouns_;
  const WordList& desc_words_;
  const WordList& roles_;
  const StringSet& role_words_;
  const std::vector<char>& cue_start_;  // by word number: starts a phrases_ or verbs_ entry
  const std::vector<char>& np_word_;  // by word number: makes a token an IsNpWord
  // NextCueStart skips the tokens that start no cue and IsNpWord asks np_word_ (else the plain
  // path).
  const bool skip_;
  // The token range of each sentence: the view's when it has them, else own_ranges_.
  std::vector<TokenRange> own_ranges_;
  const std::vector<TokenRange>& ranges_;
  // The vectors below are the RunBuffers the run was given.
  // Per token; char rather than vector<bool>, whose bit access costs more on every test.
  std::vector<char>& in_quote_;
  std::vector<char>& used_;
  std::vector<char>& phrase_;  // inside a quoted phrase that is no statement of its own
  std::vector<std::size_t>& first_;  // per mention
  std::vector<std::size_t>& last_;
  std::vector<Quote>& quotes_;
  std::vector<Candidate>& cands_;
  std::vector<Candidate>& sorted_;
  std::vector<std::size_t>& order_;
  std::vector<std::size_t> subjects_;     // person mentions in subject position, in text order
  std::map<std::string, Gender> gender_;  // surname -> gender an honorific gave
  std::map<std::string, Gender> pronoun_gender_;  // surname -> gender a following pronoun gave
  mutable std::optional<PersonNames> person_names_;  // NamesOfPersons(), once asked
  // Whether the mentions are in text order, once MentionsIn() has asked (false on the plain
  // path: it goes through them all).
  std::optional<bool> mentions_in_order_;
  bool prev_after_ = false;
};

}  // namespace

QuoteExtractor::QuoteExtractor(const Lexicon& lexicon)
    : lex_(lexicon),
      cues_(lexicon.List("reporting_verbs")),
      phrases_(lexicon.List("speech_phrases")),
      speech_nouns_(lexicon.List("speech_nouns")),
      desc_words_(lexicon.List("description_words")),
      roles_(lexicon.List("roles")) {
  for (const auto& [w, v] : lexicon.List("speech_quote_cues"))
    cues_.Add(w, v, lexicon.vocabulary());
  for (const auto& [title, pred] : lexicon.List("roles")) {
    std::size_t b = 0;
    for (std::size_t i = 0; i <= title.size(); ++i) {
      if (i == title.size() || title[i] == ' ') {
        role_words_.insert(title.substr(b, i - b));
        b = i + 1;
      }
    }
  }
  cue_start_.assign(lexicon.vocabulary().size(), 0);
  for (WordId w = 0; w < cue_start_.size(); ++w)
    cue_start_[w] = phrases_.Starts(w) || cues_.Starts(w);
  np_word_.assign(lexicon.vocabulary().size(), 0);
  for (WordId w = 0; w < np_word_.size(); ++w)
    np_word_[w] = desc_words_.Contains(w) || speech_nouns_.Contains(w);
  auto add = [&](std::string_view word) {
    if (const WordId id = lexicon.vocabulary().Find(word); id != kUnknownWord) np_word_[id] = 1;
  };
  for (const std::string& w : role_words_) add(w);
  for (std::string_view w : kNpFunctionWords) add(w);
}

void QuoteExtractor::Extract(const Document& doc, const std::vector<Token>& tokens,
                             Extraction& ex) const {
  if (tokens.empty()) return;
  Extract(TokenView(doc, tokens, ex.mentions, lex_.vocabulary()), ex);
}

void QuoteExtractor::Extract(const TokenView& tv, Extraction& ex) const {
  Extract(tv, ex, /*skip=*/true);
}

void internal::ExtractWithoutSkips(const QuoteExtractor& x, const TokenView& tv, Extraction& ex) {
  x.Extract(tv, ex, /*skip=*/false);
}

void QuoteExtractor::Extract(const TokenView& tv, Extraction& ex, bool skip) const {
  // cue_start_ and np_word_ are by word numbers of lex_'s vocabulary.
  assert(&tv.vocabulary() == &lex_.vocabulary());
  if (tv.size() == 0) return;
  // This thread's buffers, or buffers of its own should a run on this thread be under way.
  const ThreadScratch<RunBuffers> buf;
  Run run(lex_, cues_, role_words_, phrases_, speech_nouns_, desc_words_, roles_, cue_start_,
          np_word_, tv, ex, *buf, skip);
  run.Go();
}

}  // namespace newsgraph::extract
