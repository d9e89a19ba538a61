// NerTagger: a statistical named-entity tagger (PER, ORG, LOC, MISC) for tokenized news text.
// An averaged perceptron scores BILOU tags and Viterbi search picks the best valid tag sequence
// of each sentence, from the word, its shape, affixes, a window of two words either side, the two tags already
// before it and gazetteer membership (countries and demonyms from the Lexicon, plus any word
// list the model was trained with). It is trained by extract/ner_trainer.h on CoNLL-2003; the
// committed model is data/ner/conll2003.model. It sits beside the rule-based EntityExtractor,
// which may combine these spans with its own: the tagger knows nothing about the graph types.
//
// Typical use:
//   Result<Lexicon> lex = Lexicon::Load(Lexicon::DefaultDataDir());
//   Result<NerTagger> ner = NerTagger::Load(NerTagger::DefaultModelPath(), lex.value());
//   std::vector<Token> tokens = Tokenize(doc.text);
//   std::vector<Span> sentences = SplitSentences(doc.text, tokens);
//   for (const TaggedSpan& s : ner.value().Tag(doc.text, tokens, sentences)) ...
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <boost/container/vector.hpp>

#include "extract/lexicon.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/status.h"

namespace newsgraph::extract {

// One entity mention found by the tagger: the half-open token range [first_token, last_token)
// into the `tokens` passed to Tag() (the same convention as TokenRange), its byte span in the
// text, its CoNLL type ("PER", "ORG", "LOC" or "MISC") and a confidence in (0, 1]: the lowest
// per-token probability of the chosen tag (a softmax over the perceptron scores; a ranking
// signal, not a calibrated probability), or 0 when Tag() was asked to skip it.
struct TaggedSpan {
  std::size_t first_token = 0;
  std::size_t last_token = 0;
  Span span;
  std::string label;
  double confidence = 0;
};

// The BILOU tag set: 0 is O; then B, I, L, U for PER, ORG, LOC, MISC in that order.
namespace ner {

inline constexpr int kNumTypes = 4;
inline constexpr int kNumTags = 1 + 4 * kNumTypes;
inline constexpr int kO = 0;
enum Position { kB = 0, kI = 1, kL = 2, kU = 3 };

// A number no earlier call returned: tells apart taggers and feature extractors (and what they
// hold) in the per-thread caches of NerTagger::TagSentence() and FeatureExtractor::Prepare().
std::uint64_t NextCacheId();

// "PER", "ORG", "LOC", "MISC" for type 0..3.
std::string_view TypeName(int type);
// The type of a label ("PER" -> 0), or -1.
int TypeIndex(std::string_view label);
// "O", "B-PER", "I-PER", ..., "U-MISC".
std::string TagName(int tag);
constexpr int MakeTag(int type, Position pos) { return 1 + type * 4 + pos; }
inline int TagType(int tag) { return tag == kO ? -1 : (tag - 1) / 4; }
inline Position TagPosition(int tag) { return static_cast<Position>((tag - 1) % 4); }
// Whether `tag` may follow `prev` (-1 = sentence start) and, when `last` is true, end the
// sentence.
bool ValidTransition(int prev, int tag, bool last);
// The tags that close a span or are outside one (O, every L and U: after them a new span may
// start, as at the sentence start), in increasing order; the others, every B and I, leave a
// span open. And the tags that may follow a closing tag (or the start) within a sentence: O,
// every B and U; at its last token only O and every U.
inline constexpr std::array<int, 1 + 2 * kNumTypes> kClosingTags = {
    kO, 1 + kL, 1 + kU, 5 + kL, 5 + kU, 9 + kL, 9 + kU, 13 + kL, 13 + kU};
inline constexpr std::array<int, 1 + 2 * kNumTypes> kAfterClosing = {
    kO, 1 + kB, 1 + kU, 5 + kB, 5 + kU, 9 + kB, 9 + kU, 13 + kB, 13 + kU};
inline constexpr std::array<int, 1 + kNumTypes> kAfterClosingLast = {kO, 1 + kU, 5 + kU, 9 + kU,
                                                                     13 + kU};
// Calls fn(tag) for every tag that may follow `prev` (ValidTransition(prev, tag, last)), in
// increasing order. Decode()'s innermost loop: the lists are known at compile time, so that
// the loops over them unroll. After a B or an I (an open span) only the I and the L of its
// type may follow (only the L at the last token); after a closing tag or the start, the
// kAfterClosing ones.
template <class Fn>
void ForEachValidNext(int prev, bool last, const Fn& fn) {
  if (prev > 0 && TagPosition(prev) <= kI) {
    const int type_base = MakeTag(TagType(prev), kB);
    if (!last) fn(type_base + kI);
    fn(type_base + kL);
  } else if (!last) {
    for (int t : kAfterClosing) fn(t);
  } else {
    for (int t : kAfterClosingLast) fn(t);
  }
}
// The transitions out of an open span: after the B or the I of a type, its I or its L. Decode()
// takes their scores apart from the rows, side by side, and relaxes them a vector at a time
// (RelaxOpen()). Transition j is from OpenPrev(j) to OpenTag(j): the eight from a B first, then
// the eight from an I, each eight by type and the I before the L, so that lane j % 8 of either
// half is the same tag and the tags of two types fill one vector of four.
inline constexpr int kNumOpen = 4 * kNumTypes;
constexpr int OpenPrev(int j) { return MakeTag((j % 8) / 2, kB) + j / 8; }
constexpr int OpenTag(int j) { return MakeTag((j % 8) / 2, kI) + j % 2; }

// One learned weight: the hashed feature, the tag it votes for and the vote.
struct Weight {
  std::uint32_t feature = 0;
  std::uint8_t tag = 0;
  float value = 0;
};

// Turns a sentence into hashed features. Shared by the tagger and the trainer so that the
// features of training and tagging are computed by the same code. Immutable; thread-safe.
// The Lexicon must outlive it.
class FeatureExtractor {
 public:
  // `lists` names the data/lists/NAME.txt word lists used as gazetteer features (at most 32;
  // entries of one or more words are matched case-insensitively, longest first; an empty or
  // missing list gives no feature).
  FeatureExtractor(const Lexicon& lexicon, std::vector<std::string> lists);

  const std::vector<std::string>& lists() const { return list_names_; }

  // The features of every token of one sentence that do not depend on predicted tags,
  // flattened: the features of token k are static_features[offsets[k], offsets[k+1]).
  struct Sentence {
    // Boost's vector can grow without zeroing what Prepare() is about to write.
    boost::container::vector<std::uint32_t> static_features;
    std::vector<std::uint32_t> offsets;
    // The first local_features[k] features of token k depend on the token alone (its text,
    // kind and capitalisation, and whether it opens the sentence), not on its neighbours: a
    // tagger may cache their summed weights.
    std::vector<std::uint8_t> local_features;
    std::vector<std::uint64_t> word_hash;   // the normalised lower-cased word of each token
    std::vector<std::uint32_t> shape_hash;  // its short shape
    // Whether the sentence is a line in capitals: then each token has one feature more in
    // its window (kWordInCapsLine, after the word pairs).
    bool caps_line = false;
  };
  // Fills `out` for tokens[range.first, range.last) of `text`. Reuses out's storage.
  void Prepare(std::string_view text, const std::vector<Token>& tokens, TokenRange range,
               Sentence& out) const;
  // Appends to `out` the features of token k (0-based within the sentence) that depend on the
  // previous tag (-1 before the sentence start).
  static void TagFeatures(const Sentence& s, std::size_t k, int prev,
                          std::vector<std::uint32_t>& out);
  // TagFeatures() is PrevTagFeature(prev), the one that depends on the previous tag alone,
  // followed by PrevTagWordFeatures().
  static std::uint32_t PrevTagFeature(int prev);  // prev: -1 (the start) to kNumTags - 1
  static void PrevTagWordFeatures(const Sentence& s, std::size_t k, int prev,
                                  std::vector<std::uint32_t>& out);
  // PrevTagWordFeatures() are these, `which` = 0 (with the word), 1 (its shape) and 2 (the
  // shapes of it and the token before), in that order.
  static constexpr int kNumPrevTagWordFeatures = 3;
  static std::uint32_t PrevTagWordFeature(const Sentence& s, std::size_t k, int prev, int which);

 private:
  const Lexicon* lexicon_;
  std::vector<std::string> list_names_;
  // Every entry of the lists, normalised like the words ("lower-cased words joined by
  // spaces"), with the bit set of the lists holding it; and the longest entry in words.
  std::unordered_map<std::string, std::uint32_t> phrases_;
  // The word prefixes of the multiword entries: a phrase that is neither an entry nor one of
  // these cannot grow into an entry.
  std::unordered_set<std::string> phrase_prefixes_;
  std::size_t max_phrase_words_ = 0;
  // The one-word view of those two, by the word: the lists holding the word itself and
  // whether a longer entry starts with it. Most tokens are in no list, and this tells so
  // without building or hashing a string: a word is looked up as a ListWordKey, with the hash
  // Prepare() has already (Sentence::word_hash), in an open-addressing table (a probe or two
  // in one place, where a node-based map's bucket and node were two cache misses per token).
  struct ListWord {
    std::uint32_t lists = 0;
    bool starts_longer = false;
  };
  struct ListWordKey {
    std::string_view word;
    std::uint64_t hash;  // ListWordHash()(word)
  };
  struct ListWordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view word) const;
    std::size_t operator()(const ListWordKey& key) const { return key.hash; }
  };
  struct ListWordEq {
    using is_transparent = void;
    static std::string_view View(std::string_view w) { return w; }
    static std::string_view View(const ListWordKey& k) { return k.word; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return View(a) == View(b);
    }
  };
  absl::flat_hash_map<std::string, ListWord, ListWordHash, ListWordEq> list_words_;
  // Tells extractors (and their lists) apart in the per-thread word cache of Prepare(), which
  // remembers a word's ListWord with the extractor it came from. A copy has the same lists and
  // keeps the id; so does a move, whose moved-from extractor is not to be used again.
  std::uint64_t id_ = NextCacheId();
};

// The best valid BILOU sequence for a prepared sentence of n tokens (Viterbi over first-order
// tag transitions). `score(feature, scores)` adds a feature's weights to scores[kNumTags].
// When `probs` is not null it receives, per token, the softmax probability of the chosen tag
// among the tags valid after the chosen previous one.
template <class ScoreFn>
void Decode(const FeatureExtractor::Sentence& s, std::size_t n, const ScoreFn& score,
            std::vector<int>& tags, std::vector<double>* probs);
// The same, with `prev_tag_word_score(k, prev, scores)` adding the weights of
// FeatureExtractor::PrevTagWordFeatures(s, k, prev), in their order, to scores[kNumTags]: a
// tagger may remember where those weights are instead of hashing the features again.
template <class ScoreFn, class PrevTagWordScoreFn>
void Decode(const FeatureExtractor::Sentence& s, std::size_t n, const ScoreFn& score,
            const PrevTagWordScoreFn& prev_tag_word_score, std::vector<int>& tags,
            std::vector<double>* probs);
// The same, with `emission(k, scores)` adding the weights of token k's static features, in
// their order, to scores[kNumTags] (all 0 before): a tagger may remember the sums of some. And
// `tag_rows(k, base, prev_tag, block, open, all, closing)` writing, once per token, the score of
// each tag t at token k after each previous tag p that can come before it (p = -1 alone at
// k = 0, every tag after): block[(p + 1) * kNumTags + t] = base[t] + prev_tag[(p + 1) * kNumTags
// + t] (the emission scores and the weights of FeatureExtractor::PrevTagFeature(p)), plus the
// weights of PrevTagWordFeatures(s, k, p) in their order. `prev_tag` is PrevTagScores(score):
// they depend on no sentence, and a tagger may keep them. At k > 0 it also writes the scores
// of the open transitions, open[j] = block[(OpenPrev(j) + 1) * kNumTags + OpenTag(j)] (kNumOpen
// of them), which are all Decode() reads after a B or an I: without `all` the rows after those
// need not be written at all, and of the rows after a closing tag only those in the bit set
// `closing` (bit p + 1; kClosingSet with `all`). One block per token lets the tagger find its
// cached rows once per token rather than once per previous tag, and keeps the (previous tag x
// tag) scores contiguous.
template <class EmissionFn, class TagRowsFn>
void Decode(const FeatureExtractor::Sentence& s, std::size_t n, const float* prev_tag,
            const EmissionFn& emission, const TagRowsFn& tag_rows, std::vector<int>& tags,
            std::vector<double>* probs);
// The same, with `row_bounds(k, hi, lo)` bounding the rows after the closing tags, so that
// the rows of the previous tags that cannot win are neither written nor read (see
// ClosingTagsThatMayWin()): it fills hi[c] and lo[c] for every closing tag p = kClosingTags[c]
// and returns a `mag` >= 0 such that, for every tag t in kAfterClosing, the row's score minus
// the emission score, block[(p + 1) * kNumTags + t] - base[t], lies in [lo[c], hi[c]] give or
// take 2^-20 * (|base[t]| + mag), and |hi[c]| and |lo[c]| are at most mag.
template <class EmissionFn, class TagRowsFn, class RowBoundsFn>
void Decode(const FeatureExtractor::Sentence& s, std::size_t n, const float* prev_tag,
            const EmissionFn& emission, const TagRowsFn& tag_rows, const RowBoundsFn& row_bounds,
            std::vector<int>& tags, std::vector<double>* probs);
// The best total of a tag not reached (yet) in Decode().
inline constexpr float kUnreached = -1e30f;
// kClosingTags as a bit set (bit p + 1 for tag p).
inline constexpr std::uint32_t kClosingSet = [] {
  std::uint32_t set = 0;
  for (int p : kClosingTags) set |= 1u << (p + 1);
  return set;
}();
// The largest |v[t]| of kNumTags floats, four at a time in GCC's vector extension: the largest
// of floats is the same in any order, but a compiler keeps the order of a loop's comparisons
// (they differ for NaNs and -0) and so takes one float at a time.
inline float LargestMagnitude(const float* v) {
  using Floats = float __attribute__((vector_size(16)));
  using Ints = std::int32_t __attribute__((vector_size(16)));
  constexpr int kLanes = sizeof(Floats) / sizeof(float);
  static_assert(kNumTags == 4 * kLanes + 1);
  Floats largest = {};
  for (int t = 0; t < 4 * kLanes; t += kLanes) {
    Floats x;
    std::memcpy(&x, v + t, sizeof x);
    x = std::bit_cast<Floats>(std::bit_cast<Ints>(x) & 0x7fffffff);  // without the signs
    largest = x > largest ? x : largest;
  }
  return std::max({largest[0], largest[1], largest[2], largest[3], std::fabs(v[4 * kLanes])});
}
// Within a sentence, the closing previous tags (bit p + 1) through which a path may be the
// best to some tag at this token, given the best totals before it (best_before[p], kUnreached
// where none) and bounds on their rows as Decode()'s `row_bounds` gives them (hi[c] and lo[c]
// for p = kClosingTags[c]); base[kNumTags] are the token's emission scores. A closing tag p is
// left out when another one, q, beats it at every tag after it: the total through p,
// best_before[p] + block[p][t], is at most best_before[p] + base[t] + hi[p's c] and that
// through q at least best_before[q] + base[t] + lo[q's c] (the floor below), give or take the
// rounding of a few float additions, and
// base[t] is the same on both sides. Float addition is monotonic, and each of the eight or
// so additions between the bounds and the totals errs by at most 2^-24 of its result, which
// is within the emission scores, the bounds and the floor in magnitude (or, for a p far
// below, within twice its distance from the floor): the margin, 2^-16 of those magnitudes,
// is hundreds of times their rounding, so that p's totals are strictly below q's. Then p
// could neither win nor tie (a tie keeps the earlier previous tag), and leaving it out
// changes no best total and no back pointer. The sums are taken alike for every tag, without
// branches: q itself is kept (hi >= lo), an unreached tag is not (kUnreached plus a bound is
// kUnreached, far below the floor), and where none is reached every tag is (the margin is
// then huge) and the decoder passes them over.
// The sums are taken four closing tags at a time (the largest of floats is the same in any
// order, and -0 and +0 compare alike below): the closing tags but the last are p = 0, 3, 4, 7
// and p = 8, 11, 12, 15, lanes 0 and 3 of two loads each, their bounds side by side.
inline std::uint32_t ClosingTagsThatMayWin(const float* best_before, const float* base,
                                           const float* hi, const float* lo, float mag) {
  using Floats = float __attribute__((vector_size(16)));
  using Ints = std::int32_t __attribute__((vector_size(16)));
  static_assert(kClosingTags == std::array<int, 9>{0, 3, 4, 7, 8, 11, 12, 15, 16});
  auto closing4 = [](const float* v) {  // v[0], v[3], v[4] and v[7]
    Floats a, b;
    std::memcpy(&a, v, sizeof a);
    std::memcpy(&b, v + 4, sizeof b);
    return __builtin_shufflevector(a, b, 0, 3, 4, 7);
  };
  constexpr int kLast = kClosingTags.back();
  const Floats before0 = closing4(best_before), before1 = closing4(best_before + 8);
  auto load4 = [](const float* v) {
    Floats a;
    std::memcpy(&a, v, sizeof a);
    return a;
  };
  constexpr std::size_t kLastIndex = kClosingTags.size() - 1;
  const Floats lo0 = before0 + load4(lo), lo1 = before1 + load4(lo + 4);
  Floats low = lo0 > lo1 ? lo0 : lo1;
  Floats swapped = __builtin_shufflevector(low, low, 2, 3, 0, 1);
  low = low > swapped ? low : swapped;
  swapped = __builtin_shufflevector(low, low, 1, 0, 3, 2);
  low = low > swapped ? low : swapped;
  const float floor = std::max({kUnreached, low[0], best_before[kLast] + lo[kLastIndex]});
  const float base_mag = LargestMagnitude(base);
  const float margin = 0x1p-16f * (base_mag + mag + 2 * std::fabs(floor));
  const Ints may0 = (before0 + load4(hi)) + margin >= floor;
  const Ints may1 = (before1 + load4(hi + 4)) + margin >= floor;
  Ints bits = (may0 & Ints{1 << 1, 1 << 4, 1 << 5, 1 << 8}) |
              (may1 & Ints{1 << 9, 1 << 12, 1 << 13, 1 << 16});
  bits |= __builtin_shufflevector(bits, bits, 2, 3, 0, 1);
  bits |= __builtin_shufflevector(bits, bits, 1, 0, 3, 2);
  return static_cast<std::uint32_t>(bits[0]) |
         static_cast<std::uint32_t>(best_before[kLast] + hi[kLastIndex] + margin >= floor)
             << (kLast + 1);
}

// Decode()'s step through the open previous tags at a token k > 0: the best totals of every I
// and L (best_k, unreached before: they follow no closing tag) and their previous tags
// (back_k), from the best totals before the token (best_before) and the scores of the open
// transitions (open, as tag_rows writes them); at the sentence's last token (`last`) the Ls
// alone. As the loop over previous tags would: the B, then the I where its total is strictly
// greater, a previous tag not reached passed over. Two types (an I and an L each) to a vector
// of four floats, where one transition at a time cost a load, a compare and a branch each.
inline void RelaxOpen(const float* best_before, const float* open, bool last, float* best_k,
                      int* back_k) {
  using Floats = float __attribute__((vector_size(16)));
  using Ints = std::int32_t __attribute__((vector_size(16)));
  for (int half = 0; half < 2; ++half) {
    const int b0 = MakeTag(2 * half, kB), b1 = MakeTag(2 * half + 1, kB);  // the two Bs
    // The best totals before at the B, I, L and U of each type: lanes 0 and 1 of both give
    // the totals at the Bs and at the Is, twice each (one shuffle apiece).
    Floats type0, type1;
    std::memcpy(&type0, best_before + b0, sizeof type0);
    std::memcpy(&type1, best_before + b1, sizeof type1);
    const Floats before_b = __builtin_shufflevector(type0, type1, 0, 0, 4, 4);
    const Floats before_i = __builtin_shufflevector(type0, type1, 1, 1, 5, 5);
    Floats from_b, from_i;
    std::memcpy(&from_b, open + 4 * half, sizeof from_b);
    std::memcpy(&from_i, open + kNumOpen / 2 + 4 * half, sizeof from_i);
    from_b = before_b + from_b;
    from_i = before_i + from_i;
    // A best total is never below kUnreached (it starts there and only rises): reached is
    // above it.
    const Ints take_b = (before_b > kUnreached) & (from_b > kUnreached);
    Floats best = take_b ? from_b : kUnreached;
    Ints back = take_b ? Ints{b0, b0, b1, b1} : Ints{-1, -1, -1, -1};
    const Ints take_i = (before_i > kUnreached) & (from_i > best);
    best = take_i ? from_i : best;
    back = take_i ? Ints{b0 + kI, b0 + kI, b1 + kI, b1 + kI} : back;
    // Lanes 0 and 1 are the I and the L of the first type, side by side as in best_k.
    std::memcpy(best_k + b0 + kI, &best, 2 * sizeof(float));
    std::memcpy(best_k + b1 + kI, reinterpret_cast<const float*>(&best) + 2, 2 * sizeof(float));
    std::memcpy(back_k + b0 + kI, &back, 2 * sizeof(int));
    std::memcpy(back_k + b1 + kI, reinterpret_cast<const int*>(&back) + 2, 2 * sizeof(int));
  }
  // At the last token an I would leave its span open: not reached.
  if (last) {
    for (int type = 0; type < kNumTypes; ++type) {
      best_k[MakeTag(type, kI)] = kUnreached;
      back_k[MakeTag(type, kI)] = -1;
    }
  }
}

// The weights of the previous tag alone, for Decode(): out[(p + 1) * kNumTags + t] is 0 plus
// the weight of FeatureExtractor::PrevTagFeature(p) for tag t (exactly the weight, or 0 where
// there is none: adding 0 changes no sum, so that rows built from these equal scoring the
// feature at every token). `out` is resized to (kNumTags + 1) * kNumTags.
template <class ScoreFn>
void PrevTagScores(const ScoreFn& score, std::vector<float>& out) {
  out.assign(static_cast<std::size_t>(kNumTags + 1) * kNumTags, 0.0f);
  for (int p = -1; p < kNumTags; ++p)
    score(FeatureExtractor::PrevTagFeature(p), &out[static_cast<std::size_t>(p + 1) * kNumTags]);
}

}  // namespace ner

// A trained tagger. Immutable after Load(); Tag() may run on many documents at once. The
// Lexicon must outlive the tagger.
class NerTagger {
 public:
  // Reads a model written by Save() (format "newsgraph-ner 1"). Fails with a message naming
  // the file and what is wrong with it (missing, wrong format or version, truncated).
  static Result<NerTagger> Load(const std::string& path, const Lexicon& lexicon);
  // <data dir>/ner/conll2003.model, with the data dir of Lexicon::DefaultDataDir().
  static std::string DefaultModelPath();
  // A tagger over `weights` (as the trainer produces them) with the gazetteer `lists`.
  static NerTagger FromWeights(const std::vector<ner::Weight>& weights,
                               std::vector<std::string> lists, const Lexicon& lexicon);

  // The entity mentions in `text`, in token order, non-overlapping, never crossing a
  // sentence. `tokens` is Tokenize(text) (or tokens built the same way) and `sentences` is
  // SplitSentences(text, tokens); tokens outside every sentence are not tagged.
  // With Confidence::kSkip every TaggedSpan::confidence is 0 and the spans are the same: the
  // softmax behind the confidences costs an exponential per token and tag, and a caller that
  // only wants the spans need not pay for it.
  enum class Confidence { kCompute, kSkip };
  std::vector<TaggedSpan> Tag(std::string_view text, const std::vector<Token>& tokens,
                              const std::vector<Span>& sentences,
                              Confidence confidence = Confidence::kCompute) const;
  // The same over token ranges, each tagged as a sentence: SentenceTokens(sentences, tokens)
  // gives the same spans as Tag(text, tokens, sentences), and Windows() the ranges a caller
  // that wants only some names typed need tag.
  std::vector<TaggedSpan> Tag(std::string_view text, const std::vector<Token>& tokens,
                              const std::vector<TokenRange>& ranges,
                              Confidence confidence = Confidence::kCompute) const;

  // The stretches of the sentences to tag for the tags of `names` (byte spans) alone, as token
  // ranges into `tokens` for Tag(), each within one of `sentences` (the token ranges of
  // SplitSentences): the tokens of each name (those it overlaps, cut at the end of the sentence
  // holding its first token) with up to `margin` tokens either side within that sentence, in
  // text order, the windows of one sentence that overlap or touch joined. A window that does
  // not reach its sentence's ends is tagged as if it were a sentence, and the tags of its names
  // are then nearly always those of the whole sentence: the features see two tokens either
  // side, and what a tag decided further away does to them fades within a few tokens (with
  // kMargin, every name's tags were the same on Reuters-21578, the BBC News articles, PolNeAR,
  // re3d, GUM and the seeds; with 6 too, and with 5 the types of a handful of names changed on
  // Reuters and on PolNeAR's train set). Most such names sit in long sentences: on Reuters the
  // windows hold half as many tokens as the sentences.
  static constexpr std::size_t kMargin = 8;
  static std::vector<TokenRange> Windows(const std::vector<Token>& tokens,
                                         const std::vector<TokenRange>& sentences,
                                         const std::vector<Span>& names,
                                         std::size_t margin = kMargin);
  // The BILOU tag index of every token of tokens[range.first, range.last), with the
  // probability of each: the decoder behind Tag(), for training and evaluation.
  void TagSentence(std::string_view text, const std::vector<Token>& tokens, TokenRange range,
                   std::vector<int>& tags, std::vector<double>& probs) const {
    TagSentence(text, tokens, range, tags, &probs);
  }
  // The same tags without the probabilities.
  void TagSentence(std::string_view text, const std::vector<Token>& tokens, TokenRange range,
                   std::vector<int>& tags) const {
    TagSentence(text, tokens, range, tags, nullptr);
  }

  // Writes the model (weights whose magnitude is at least `prune` are kept) to `path`,
  // through a temporary file renamed into place.
  Status Save(const std::string& path, float prune = 0.0f) const;

  std::size_t num_features() const { return num_features_; }
  std::size_t num_weights() const { return num_weights_; }

 private:
  explicit NerTagger(ner::FeatureExtractor fx) : fx_(std::move(fx)) {}
  // `probs` may be null.
  void TagSentence(std::string_view text, const std::vector<Token>& tokens, TokenRange range,
                   std::vector<int>& tags, std::vector<double>* probs) const;
  void Build(const std::vector<ner::Weight>& weights);
  struct WeightSlot;
  void Score(std::uint32_t feature, float* scores) const { AddSlot(Slot(feature), scores); }
  // The table slot of a feature, or null when it has no weights.
  const WeightSlot* Slot(std::uint32_t feature) const;
  // Asks the processor to fetch the table line where Slot(feature) starts looking, so that a
  // lookup a little later does not wait for memory: the table (4 MB) misses the caches.
  void PrefetchSlot(std::uint32_t feature) const;
  void AddSlot(const WeightSlot* ws, float* scores) const {
    if (ws == nullptr) return;
    if (ws->layout == WeightSlot::kInline) {
      // A single weight has value1 = +0 on the same tag: adding it changes no score (scores
      // are never -0, see dense_), and the two additions need no branch.
      scores[ws->tag[0]] += ws->value0;
      scores[ws->tag[1]] += ws->value1;
    } else if (ws->layout == WeightSlot::kDense) {
      // The row lines up with the scores: a few vector additions, then the last tag's.
      const float* row = dense_[ws->offset].data();
      for (int t = 0; t < ner::kNumTags - 1; ++t) scores[t] += row[t];
      scores[ner::kNumTags - 1] += ws->value0;
    } else {
      for (const SparseWeight* w = &sparse_[ws->offset], *e = w + ws->count; w != e; ++w)
        scores[w->tag] += w->value;
    }
  }
  // Calls fn(tag, value) for each weight of a slot, in their order (tags increasing where
  // unique_tags_), leaving out the 0s of a dense row (no weight).
  template <class Fn>
  void ForEachWeight(const WeightSlot& ws, const Fn& fn) const;
  // Fills the (empty) slot `ws` with the weights of feature `key`: tags[i] and values[i] for
  // i < count, in their order (the order their sum is taken in). Build() and Load() end here.
  void Place(WeightSlot& ws, std::uint32_t key, const std::uint8_t* tags, const float* values,
             std::uint8_t count);
  // Tells apart taggers (and their weight tables) in the per-thread caches of TagSentence().
  std::uint64_t id_ = ner::NextCacheId();
  ner::FeatureExtractor fx_;
  // One slot of the open-addressing table over feature hashes: a 16-byte record, 4 to a cache
  // line, that a lookup reads anyway to compare the key. The table misses the caches (a
  // decoder's ~20 lookups per token are so many cache misses), so that each further load a
  // feature needs is another miss: the weights live in the slot itself where they fit (one or
  // two, the most common), and a longer row in a single cache line. In memory only: the model
  // file keeps its format (Load() and Save() convert).
  struct WeightSlot {
    enum Layout : std::uint8_t {
      kInline,  // count (1 or 2) weights: tag[i] and value0, value1 (tag[0] and +0 for one)
      kDense,   // dense_[offset] are the weights of tags 0 to 15 and value0 that of tag 16
      kSparse,  // the weights are sparse_[offset, offset + count)
    };
    std::uint32_t key = 0;  // the feature; 0 = empty slot
    std::uint8_t count = 0;
    Layout layout = kInline;
    std::array<std::uint8_t, 2> tag{};
    float value0 = 0;
    union {
      float value1 = 0;
      std::uint32_t offset;
    };
  };
  static_assert(sizeof(WeightSlot) == 16);
  std::vector<WeightSlot> slots_;
  // The rows of the features with many weights (most of those that occur often): the weights
  // of tags 0 to 15, 0 where there is none; the last tag's is in the slot. A row of 16 floats is one
  // aligned cache line. Adding a row costs a few vector additions where the weights one by one
  // cost a loop, and gives the same sums: adding 0 changes no score (scores are never -0, as a
  // sum that cancels is +0).
  struct alignas(64) DenseRow : std::array<float, ner::kNumTags - 1> {};
  static_assert(sizeof(DenseRow) == 64);
  std::vector<DenseRow> dense_;
  // The weights of the other features with more than two, each tag beside its value.
  struct SparseWeight {
    float value = 0;
    std::uint8_t tag = 0;
  };
  std::vector<SparseWeight> sparse_;
  // Whether every feature's weights come in increasing tag order (as Build() and Save() keep
  // them), so that none has two weights for one tag: then the weights of any feature are a
  // row of kNumTags with the same sums (see dense_ above), which TagSentence() relies on for
  // the features paired with the previous tag.
  bool unique_tags_ = true;
  std::size_t num_features_ = 0;
  std::size_t num_weights_ = 0;
};

namespace ner {

template <class ScoreFn>
void Decode(const FeatureExtractor::Sentence& s, std::size_t n, const ScoreFn& score,
            std::vector<int>& tags, std::vector<double>* probs) {
  thread_local std::vector<std::uint32_t> dyn;
  Decode(
      s, n, score,
      [&](std::size_t k, int p, float* row) {
        dyn.clear();
        FeatureExtractor::PrevTagWordFeatures(s, k, p, dyn);
        for (std::uint32_t f : dyn) score(f, row);
      },
      tags, probs);
}

template <class ScoreFn, class PrevTagWordScoreFn>
void Decode(const FeatureExtractor::Sentence& s, std::size_t n, const ScoreFn& score,
            const PrevTagWordScoreFn& prev_tag_word_score, std::vector<int>& tags,
            std::vector<double>* probs) {
  thread_local std::vector<float> prev_tag;
  PrevTagScores(score, prev_tag);
  Decode(
      s, n, prev_tag.data(),
      [&](std::size_t k, float* scores) {
        for (std::uint32_t i = s.offsets[k]; i < s.offsets[k + 1]; ++i)
          score(s.static_features[i], scores);
      },
      [&](std::size_t k, const float* base, const float* prev_tag, float* block, float* open,
          bool, std::uint32_t) {
        for (int p = k == 0 ? -1 : 0; p < (k == 0 ? 0 : kNumTags); ++p) {
          const auto i = static_cast<std::size_t>(p + 1) * kNumTags;
          float* row = block + i;
          for (int t = 0; t < kNumTags; ++t) row[t] = base[t] + prev_tag[i + t];
          prev_tag_word_score(k, p, row);
        }
        if (k == 0) return;
        for (int j = 0; j < kNumOpen; ++j)
          open[j] = block[static_cast<std::size_t>(OpenPrev(j) + 1) * kNumTags +
                          static_cast<std::size_t>(OpenTag(j))];
      },
      tags, probs);
}

template <class EmissionFn, class TagRowsFn>
void Decode(const FeatureExtractor::Sentence& s, std::size_t n, const float* prev_tag,
            const EmissionFn& emission, const TagRowsFn& tag_rows, std::vector<int>& tags,
            std::vector<double>* probs) {
  Decode(s, n, prev_tag, emission, tag_rows, nullptr, tags, probs);
}

template <class EmissionFn, class TagRowsFn, class RowBoundsFn>
void Decode([[maybe_unused]] const FeatureExtractor::Sentence& s, std::size_t n,
            const float* prev_tag, const EmissionFn& emission, const TagRowsFn& tag_rows,
            [[maybe_unused]] const RowBoundsFn& row_bounds, std::vector<int>& tags,
            std::vector<double>* probs) {
  tags.assign(n, kO);
  if (probs) probs->assign(n, 1.0);
  if (n == 0) return;
  constexpr float kNone = kUnreached;
  // One token's scores: [p + 1][t], the score of tag t after tag p (p = -1 at the start).
  constexpr std::size_t kBlock = (kNumTags + 1) * kNumTags;
  // local[k * kBlock + ...]: the blocks of every token, kept only for the probabilities.
  // Scratch space, reused across calls on the same thread.
  thread_local std::vector<float> local, best;
  thread_local std::vector<int> back;
  // ValidTransition(p, t, last) as a table, for the probabilities.
  static const auto kValid = [] {
    std::array<std::array<std::array<bool, kNumTags>, kNumTags + 1>, 2> v{};
    for (int l = 0; l < 2; ++l)
      for (int p = -1; p < kNumTags; ++p)
        for (int t = 0; t < kNumTags; ++t) v[l][p + 1][t] = ValidTransition(p, t, l == 1);
    return v;
  }();
  // Not cleared: a row is read only for the decoded path, whose rows were all written. Only
  // the probabilities read the blocks again; without them one block at a time is enough.
  if (probs && local.size() < n * kBlock) local.resize(n * kBlock);
  float one_block[kBlock];
  best.assign(n * kNumTags, kNone);
  back.assign(n * kNumTags, -1);
  for (std::size_t k = 0; k < n; ++k) {
    float base[kNumTags] = {};
    emission(k, base);
    const bool last = k + 1 == n;
    float* const block = probs ? local.data() + k * kBlock : one_block;
    // Raw pointers, taken once per token.
    const float* const best_before = k == 0 ? nullptr : best.data() + (k - 1) * kNumTags;
    // Within the sentence, only the closing previous tags that may win (the probabilities read
    // every row).
    std::uint32_t closing = kClosingSet;
    if constexpr (!std::is_same_v<RowBoundsFn, std::nullptr_t>) {
      if (!probs && k != 0 && !last) {
        float hi[kClosingTags.size()], lo[kClosingTags.size()];
        const float mag = row_bounds(k, hi, lo);
        closing = ClosingTagsThatMayWin(best_before, base, hi, lo, mag);
      }
    }
    float open[kNumOpen];
    tag_rows(k, base, prev_tag, block, open, probs != nullptr, closing);
    // The start (p = -1) exists only at k = 0, and only there.
    const int first_prev = k == 0 ? -1 : 0, end_prev = k == 0 ? 0 : kNumTags;
    float* const best_k = best.data() + k * kNumTags;
    int* const back_k = back.data() + k * kNumTags;
    // Relaxes the transitions from `p` to the tags for_each_next(fn) calls fn with.
    auto relax_from = [&](int p, const auto& for_each_next) {
      const float prev_best = k == 0 ? 0.0f : best_before[p];
      if (prev_best == kNone) return;
      const float* row = block + static_cast<std::size_t>(p + 1) * kNumTags;
      for_each_next([&](int t) {
        const float total = prev_best + row[t];
        if (total > best_k[t]) {
          best_k[t] = total;
          back_k[t] = p;
        }
      });
    };
    if (k == 0) {
      for (int p = first_prev; p < end_prev; ++p)
        relax_from(p, [&](const auto& fn) { ForEachValidNext(p, last, fn); });
      continue;
    }
    // The closing previous tags that may win (a bit set, in increasing order: usually one or
    // two within the sentence, all at its last token), then the open ones from `open`. Each tag
    // follows previous tags of one kind only (O, a B or a U follows closing tags; an I or an L
    // the B and the I of its type), so that each still meets its previous tags in increasing
    // order, and equal totals keep the first as above.
    for (std::uint32_t set = closing; set != 0; set &= set - 1) {
      if (last) {
        relax_from(__builtin_ctz(set) - 1, [](const auto& fn) {
          for (int t : kAfterClosingLast) fn(t);
        });
      } else {
        relax_from(__builtin_ctz(set) - 1, [](const auto& fn) {
          for (int t : kAfterClosing) fn(t);
        });
      }
    }
    RelaxOpen(best_before, open, last, best_k, back_k);
  }
  int t = 0;
  for (int c = 1; c < kNumTags; ++c)
    if (best[(n - 1) * kNumTags + c] > best[(n - 1) * kNumTags + t]) t = c;
  for (std::size_t k = n; k-- > 0;) {
    tags[k] = t;
    t = back[k * kNumTags + t];
  }
  if (!probs) return;
  for (std::size_t k = 0; k < n; ++k) {
    const int p = k == 0 ? -1 : tags[k - 1];
    const float* row = &local[k * kBlock + static_cast<std::size_t>(p + 1) * kNumTags];
    double z = 0;
    for (int c = 0; c < kNumTags; ++c)
      if (kValid[k + 1 == n ? 1 : 0][p + 1][c])  // exp(0) is exactly 1
        z += c == tags[k] ? 1.0 : std::exp(static_cast<double>(row[c] - row[tags[k]]));
    (*probs)[k] = 1.0 / z;
  }
}

}  // namespace ner
}  // namespace newsgraph::extract
