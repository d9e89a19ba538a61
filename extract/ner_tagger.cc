#include "extract/ner_tagger.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>

#include "extract/thread_scratch.h"

namespace newsgraph::extract {

// The first line of a model file: the format name and version.
constexpr std::string_view kMagic = "newsgraph-ner 1";

namespace {

// A map from 64-bit hashes to values for the tagger's per-thread caches (WordCache,
// PrevTagRowCache), looked up once or several times per token: open addressing over a
// power-of-two table of (key, value index) pairs, the values side by side in chunks, so that
// a lookup is a multiplication and one or two probes where std::unordered_map takes a division
// and a walk to a node of its own allocation.
// The values never move: a new chunk is added when the last is full, where a vector of them
// copied every value at each doubling (megabytes of cache entries read and written again: on
// 3000 Reuters articles a quarter of the tagger's simulated last-level misses, 1.06M -> 0.78M
// with chunks), and a pointer to a value stays valid as long as the cache.
template <class Value>
class HashCache {
 public:
  // The value under `key`, and whether it was just added (value-initialised).
  // Always inlined too: its callers are the loop of TagSentence() that finds every token's
  // entries before decoding (1.3M instructions fewer on 3000 Reuters articles than a call).
  [[gnu::always_inline]] std::pair<Value*, bool> TryEmplace(std::uint64_t key) {
    return TryEmplace(key, [](const Value&) { return true; });
  }
  // The same for a key that is the hash of a longer one (a word, say): `is(value)` tells
  // whether a value under the same hash is the one sought, and the search probes past those
  // that are not, so that two words with one hash get a value each.
  // Always inlined into its callers, the one above included. (When the decoder was inlined
  // into NerTagger::TagSentence() and looked entries up itself, GCC inlined the probing loop
  // three times into it, 7M instructions more on 3000 Reuters articles, unless the one above
  // stayed out of line; now the entries are found before decoding, in a function of its own.)
  template <class Is>
  [[gnu::always_inline]] std::pair<Value*, bool> TryEmplace(std::uint64_t key, const Is& is) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Home(key);; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.index == 0) {
        if (size_ == chunks_.size() * kChunk) AddChunk();
        slot = {key, static_cast<std::uint32_t>(++size_)};
        return {&At(size_ - 1), true};
      }
      if (slot.key == key && is(At(slot.index - 1))) return {&At(slot.index - 1), false};
    }
  }
  std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kChunkBits = 8;
  static constexpr std::size_t kChunk = std::size_t{1} << kChunkBits;  // values per chunk
  Value& At(std::size_t index) { return chunks_[index >> kChunkBits][index & (kChunk - 1)]; }
  // Out of line: once per kChunk new values.
  [[gnu::noinline]] void AddChunk() { chunks_.emplace_back(new Value[kChunk]()); }

  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t index = 0;  // of the value, + 1; 0 for an empty slot
  };
  // Fibonacci hashing: the top bits of the key times 2^64 / phi.
  std::size_t Home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_);
  }
  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    --shift_;
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.index == 0) continue;
      std::size_t i = Home(slot.key);
      while (slots_[i].index != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_ = std::vector<Slot>(16);
  int shift_ = 64 - 4;  // 64 - log2(slots_.size())
  // Value i is chunks_[i / kChunk][i % kChunk]; the first size_ are in use, the rest of the
  // last chunk value-initialised.
  std::vector<std::unique_ptr<Value[]>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace

namespace ner {
namespace {

constexpr std::array<std::string_view, kNumTypes> kTypes = {"PER", "ORG", "LOC", "MISC"};


// Feature templates. The numbers are part of the model format: never renumber, only add.
enum Template : std::uint32_t {
  kBias = 1,
  kWord,
  kExact,
  kShape,
  kShortShape,
  kPrefix,  // + length, 4 slots
  kSuffix = kPrefix + 4,
  kFlags = kSuffix + 4,
  kPrev1Word,
  kPrev2Word,
  kNext1Word,
  kNext2Word,
  kPrev1Shape,
  kPrev2Shape,
  kNext1Shape,
  kNext2Shape,
  kPrevWordWord,
  kWordNextWord,
  kShapeTrigram,
  kCountry,  // + BILOU position of the token in a country-name match, 4 slots
  kDemonym = kCountry + 4,
  kPrevDemonymOrCountry,
  kNextDemonymOrCountry,
  kTag1,
  kTag2Tag1,  // retired: Viterbi decoding sees one previous tag
  kTag1Word,
  kTag1Shape,
  kWordInCapsLine,
  kPrefixCaps,
  kPrevBigram,
  kNextBigram,
  kPrev1Exact,
  kNext1Exact,
  kPrev1Suffix3,
  kNext1Suffix3,
  kLength,
  kTag1ShapeBigram,
  kList = 100,  // + 3 * list index: the token (with its BILOU position in the match), the
                // previous and the next token in a match of the list
};

constexpr std::uint64_t Mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::uint64_t HashBytes(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// Feature ids are 32-bit hashes of (template, values); 0 marks an empty slot in the tagger's
// table, so it is never an id.
// Feat() is FeatFinish(FeatStart(tmpl, a), b, c): a caller may keep the start of a template
// with a word, shared by every pair the word opens.
constexpr std::uint64_t FeatStart(std::uint32_t tmpl, std::uint64_t a) {
  return Mix(tmpl * 0x9e3779b97f4a7c15ULL + a);
}
std::uint32_t FeatFinish(std::uint64_t start, std::uint64_t b, std::uint64_t c = 0) {
  std::uint64_t h = Mix(start ^ (b + 0x632be59bd9b4e019ULL));
  if (c != 0) h = Mix(h ^ c);
  const auto r = static_cast<std::uint32_t>(h ^ (h >> 32));
  return r == 0 ? 1 : r;
}
// Always inlined: MakeWordFeatures() hashes some twenty features of every new word with it, and
// GCC kept it a call of about 38 instructions, a quarter of them the call (3.8M instructions on
// 3000 Reuters articles).
[[gnu::always_inline]] inline std::uint32_t Feat(std::uint32_t tmpl, std::uint64_t a = 0,
                                                std::uint64_t b = 0, std::uint64_t c = 0) {
  return FeatFinish(FeatStart(tmpl, a), b, c);
}

constexpr std::uint64_t kBos = 0x1111, kEos = 0x2222;

struct WordInfo {
  std::string lower;  // lower-cased, digits mapped to 0, quotes and dashes normalised
  std::string exact;  // case kept, the same normalisation otherwise
  std::string shape;  // X x d and punctuation, runs longer than 4 cut
  std::string short_shape;
};

// What Describe() below makes of an ASCII code point, from ICU's answers asked once when the
// library is loaded: its shape class and the bytes it adds to `lower` and `exact`. `ok` is
// false where that would take more than one byte (never, for ICU's ASCII).
struct AsciiDescription {
  char cls = 0, lower = 0, exact = 0;
  bool ok = false;
};
const std::array<AsciiDescription, 128> kAsciiDescriptions = [] {
  std::array<AsciiDescription, 128> t{};
  for (UChar32 c = 0; c < 128; ++c) {
    AsciiDescription& d = t[static_cast<std::size_t>(c)];
    const char byte = static_cast<char>(c);
    if (u_isdigit(c)) {
      d = {'d', '0', '0', true};
    } else if (u_isupper(c) || u_istitle(c)) {
      const UChar32 l = u_tolower(c);
      if (l >= 0 && l < 128) d = {'X', static_cast<char>(l), byte, true};
    } else {
      d = {u_isalpha(c) ? 'x' : byte, byte, byte, true};
    }
  }
  return t;
}();

// Straight and curly quotes look alike to the model, and so do dashes: CoNLL has only ASCII
// while news pages use every kind.
void Describe(std::string_view w, const Token& tok, WordInfo& out) {
  out.lower.clear();
  out.exact.clear();
  out.shape.clear();
  out.short_shape.clear();
  if (tok.kind == TokenKind::kOpenQuote || tok.kind == TokenKind::kCloseQuote ||
      tok.kind == TokenKind::kQuote) {
    out.lower = out.exact = out.shape = out.short_shape = "\"";
    return;
  }
  if (tok.kind == TokenKind::kDash) {
    out.lower = out.exact = out.shape = out.short_shape = "-";
    return;
  }
  int run = 0;
  char last_class = 0;
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(w.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(w.data());
  while (i < n) {
    char cls;
    if (bytes[i] < 0x80 && kAsciiDescriptions[bytes[i]].ok) {
      const AsciiDescription& d = kAsciiDescriptions[bytes[i]];
      ++i;
      cls = d.cls;
      out.lower += d.lower;
      out.exact += d.exact;
    } else {
      const std::int32_t start = i;
      UChar32 c;
      U8_NEXT(bytes, i, n, c);
      if (c < 0) {
        cls = '?';
        out.lower += '?';
        out.exact += '?';
      } else if (u_isdigit(c)) {
        cls = 'd';
        out.lower += '0';
        out.exact += '0';
      } else if (c == 0x2019 || c == 0x2018) {
        cls = '\'';
        out.lower += '\'';
        out.exact += '\'';
      } else if (c == 0x2013 || c == 0x2014 || c == 0x2212) {
        cls = '-';
        out.lower += '-';
        out.exact += '-';
      } else {
        out.exact.append(w.substr(start, i - start));
        if (u_isupper(c) || u_istitle(c)) {
          cls = 'X';
          const UChar32 l = u_tolower(c);
          char buf[4];
          std::int32_t len = 0;
          UBool err = false;
          U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), len, 4, l, err);
          out.lower.append(buf, err ? 0 : len);
        } else {
          cls = u_isalpha(c) ? 'x' : (c < 128 ? static_cast<char>(c) : '*');
          out.lower.append(w.substr(start, i - start));
        }
      }
    }
    run = cls == last_class ? run + 1 : 1;
    if (run <= 4) out.shape += cls;
    if (cls != last_class) out.short_shape += cls;
    last_class = cls;
  }
}

// "JAPAN" -> "Japan", "UNITED STATES" -> "United States": headlines and datelines in capitals
// still name countries.
std::string TitleCase(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& ch : out) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalpha(u)) {
      ch = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
      start = false;
    } else {
      start = ch == ' ' || ch == '-';
    }
  }
  return out;
}

}  // namespace

std::uint64_t NextCacheId() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string_view TypeName(int type) { return kTypes[static_cast<std::size_t>(type)]; }

int TypeIndex(std::string_view label) {
  for (int t = 0; t < kNumTypes; ++t)
    if (kTypes[static_cast<std::size_t>(t)] == label) return t;
  return -1;
}

std::string TagName(int tag) {
  if (tag == kO) return "O";
  static constexpr char kPos[] = "BILU";
  return std::string(1, kPos[TagPosition(tag)]) + "-" + std::string(TypeName(TagType(tag)));
}

bool ValidTransition(int prev, int tag, bool last) {
  const bool prev_open = prev > 0 && (TagPosition(prev) == kB || TagPosition(prev) == kI);
  if (prev_open) {
    if (tag == kO || TagType(tag) != TagType(prev)) return false;
    if (TagPosition(tag) != kI && TagPosition(tag) != kL) return false;
  } else if (tag != kO && TagPosition(tag) != kB && TagPosition(tag) != kU) {
    return false;
  }
  if (last && tag != kO && (TagPosition(tag) == kB || TagPosition(tag) == kI)) return false;
  return true;
}

FeatureExtractor::FeatureExtractor(const Lexicon& lexicon, std::vector<std::string> lists)
    : lexicon_(&lexicon), list_names_(std::move(lists)) {
  if (list_names_.size() > 32) list_names_.resize(32);
  WordInfo info;
  for (std::size_t j = 0; j < list_names_.size(); ++j) {
    for (const auto& [entry, value] : lexicon.List(list_names_[j])) {
      // Normalise the entry the way Prepare() normalises running text, word by word.
      const std::vector<Token> tokens = Tokenize(entry);
      if (tokens.empty()) continue;
      std::string key;
      for (const Token& t : tokens) {
        Describe(std::string_view(entry).substr(t.span.begin, t.span.size()), t, info);
        if (!key.empty()) key += ' ';
        key += info.lower;
      }
      phrases_[key] |= 1u << j;
      for (std::size_t p = key.find(' '); p != std::string::npos; p = key.find(' ', p + 1))
        phrase_prefixes_.emplace(key, 0, p);
      max_phrase_words_ = std::max(max_phrase_words_, tokens.size());
    }
  }
  for (const auto& [key, lists] : phrases_)
    if (key.find(' ') == std::string::npos) list_words_[key].lists = lists;
  for (const std::string& key : phrase_prefixes_)
    if (key.find(' ') == std::string::npos) list_words_[key].starts_longer = true;
}

std::size_t FeatureExtractor::ListWordHash::operator()(std::string_view word) const {
  return HashBytes(word);  // as Sentence::word_hash
}

namespace {

// What Prepare() makes of one token on its own: the normalised word and its hashes, the
// features of the token alone and the features it gives its neighbours' window. Everything
// here is a function of the token's text and kind (Describe() reads nothing else), so it is
// computed once per distinct word and thread (see WordCache below).
struct WordFeatures {
  std::string lower;  // WordInfo::lower
  std::uint64_t word_hash = 0, exact_hash = 0, suffix3 = 0;
  std::uint32_t shape_hash = 0;
  // The token's own features in Prepare()'s order, after the bias: word, exact word, shape,
  // short shape, then prefix and suffix by length.
  std::array<std::uint32_t, 12> own{};
  std::uint8_t num_own = 0;
  std::uint32_t length = 0;        // kLength
  std::uint32_t in_caps_line = 0;  // kWordInCapsLine
  // The features of the token as a neighbour: kPrev1Word (when it is the token before), ...
  std::uint32_t prev1_word = 0, prev2_word = 0, next1_word = 0, next2_word = 0;
  std::uint32_t prev1_shape = 0, prev2_shape = 0, next1_shape = 0, next2_shape = 0;
  std::uint32_t prev1_exact = 0, next1_exact = 0, prev1_suffix3 = 0, next1_suffix3 = 0;
  // FeatStart() of the word pairs the word opens: kPrevWordWord when it is the token before,
  // kWordNextWord for itself, kPrevBigram when it is two before, kNextBigram when it is next;
  // and kShapeTrigram with its shape, when it is the token before.
  std::uint64_t prev_word_word = 0, word_next_word = 0, prev_bigram = 0, next_bigram = 0;
  std::uint64_t shape_trigram = 0;
  // The word's FeatureExtractor::ListWord (its lists, and whether a longer entry starts with
  // it; none: 0 and false), remembered for the extractor whose id_ is `lists_of` (0: none yet).
  std::uint64_t lists_of = 0;
  std::uint32_t lists = 0;
  bool starts_longer = false;
};

void SetNeighbourFeatures(WordFeatures& out);

WordFeatures MakeWordFeatures(std::string_view w, const Token& tok) {
  WordInfo wi;
  Describe(w, tok, wi);
  WordFeatures out;
  out.word_hash = HashBytes(wi.lower);
  out.shape_hash = static_cast<std::uint32_t>(HashBytes(wi.short_shape));
  out.exact_hash = HashBytes(wi.exact);
  out.suffix3 = HashBytes(std::string_view(wi.lower).substr(
      wi.lower.size() - std::min<std::size_t>(3, wi.lower.size())));
  const std::uint64_t w0 = out.word_hash;
  const std::uint64_t s0 = out.shape_hash;
  auto own = [&](std::uint32_t f) { out.own[out.num_own++] = f; };
  own(Feat(kWord, w0));
  own(Feat(kExact, out.exact_hash));
  own(Feat(kShape, HashBytes(wi.shape)));
  own(Feat(kShortShape, s0));
  // Affixes by bytes of the lower-cased word; only for words longer than the affix.
  for (std::size_t len = 1; len <= 4 && len < wi.lower.size(); ++len) {
    own(Feat(kPrefix + static_cast<std::uint32_t>(len - 1),
             HashBytes(std::string_view(wi.lower).substr(0, len))));
    own(Feat(kSuffix + static_cast<std::uint32_t>(len - 1),
             HashBytes(std::string_view(wi.lower).substr(wi.lower.size() - len))));
  }
  out.length = Feat(kLength, std::min<std::size_t>(wi.lower.size(), 12));
  out.in_caps_line = Feat(kWordInCapsLine, w0);
  SetNeighbourFeatures(out);
  out.lower = std::move(wi.lower);
  return out;
}

// The features a word gives its neighbours, from its hashes (word_hash, shape_hash, exact_hash
// and suffix3).
void SetNeighbourFeatures(WordFeatures& out) {
  const std::uint64_t w0 = out.word_hash;
  const std::uint64_t s0 = out.shape_hash;
  out.prev1_word = Feat(kPrev1Word, w0);
  out.prev2_word = Feat(kPrev2Word, w0);
  out.next1_word = Feat(kNext1Word, w0);
  out.next2_word = Feat(kNext2Word, w0);
  out.prev1_shape = Feat(kPrev1Shape, s0);
  out.prev2_shape = Feat(kPrev2Shape, s0);
  out.next1_shape = Feat(kNext1Shape, s0);
  out.next2_shape = Feat(kNext2Shape, s0);
  out.prev1_exact = Feat(kPrev1Exact, out.exact_hash);
  out.next1_exact = Feat(kNext1Exact, out.exact_hash);
  out.prev1_suffix3 = Feat(kPrev1Suffix3, out.suffix3);
  out.next1_suffix3 = Feat(kNext1Suffix3, out.suffix3);
  out.prev_word_word = FeatStart(kPrevWordWord, w0);
  out.word_next_word = FeatStart(kWordNextWord, w0);
  out.prev_bigram = FeatStart(kPrevBigram, w0);
  out.next_bigram = FeatStart(kNextBigram, w0);
  out.shape_trigram = FeatStart(kShapeTrigram, s0);
}

// What stands in for the missing neighbours of a sentence's first two and last two tokens,
// with `hash` kBos before it and kEos after it: a word whose hashes are all `hash` gives its
// neighbours the features of a sentence's end (Feat(kPrev1Word, kBos), ...), so that Prepare()
// reads every neighbour's features alike.
WordFeatures Beyond(std::uint64_t hash) {
  WordFeatures out;
  out.word_hash = out.exact_hash = out.suffix3 = hash;
  out.shape_hash = static_cast<std::uint32_t>(hash);
  SetNeighbourFeatures(out);
  return out;
}

// The WordFeatures of every word seen on this thread, by its text. Quotes and dashes are
// described by their kind alone and have fixed entries. News text repeats its words, so
// almost every token is found here; the cache starts again past a bound so that it does not
// grow with the vocabulary of a whole corpus. The words are held in a HashCache under a hash of
// their bytes, which is cheaper than std::hash; the entries stay in place until Bound() forgets
// them, so that a sentence may hold pointers to them.
class WordCache {
 public:
  // Mutable for the ListWord it remembers (the fixed entries are per thread too).
  WordFeatures& Get(std::string_view w, const Token& tok) {
    if (tok.kind == TokenKind::kOpenQuote || tok.kind == TokenKind::kCloseQuote ||
        tok.kind == TokenKind::kQuote) {
      thread_local WordFeatures quote = MakeWordFeatures("\"", tok);
      return quote;
    }
    if (tok.kind == TokenKind::kDash) {
      thread_local WordFeatures dash = MakeWordFeatures("-", tok);
      return dash;
    }
    auto [entry, fresh] =
        words_.TryEmplace(HashBytes(w), [w](const Entry& e) { return e.word == w; });
    if (fresh) {
      entry->word = w;
      entry->features = MakeWordFeatures(w, tok);
    }
    return entry->features;
  }
  // Forgets every entry once there are more than `bound`; call only between sentences.
  void Bound(std::size_t bound) {
    if (words_.size() > bound) words_ = HashCache<Entry>();
  }

 private:
  struct Entry {
    std::string word;  // as written
    WordFeatures features;
  };
  HashCache<Entry> words_;
};

// Feature ids that depend on no word, hashed once.
struct FixedFeatures {
  std::uint32_t bias = Feat(kBias);
  std::array<std::uint32_t, 4> country{};  // by BILOU position
  std::uint32_t demonym = Feat(kDemonym);
  std::array<std::uint32_t, 3> prev_demonym{}, next_demonym{};  // by the neighbour's 1 or 2
  // Per list: [position] for the token in a match, [4] the previous, [5] the next token.
  std::array<std::array<std::uint32_t, 6>, 32> list{};
  std::array<std::uint32_t, 256> flags{};  // by Prepare()'s flags value
  static_assert(static_cast<int>(TokenKind::kPunct) < 16,
                "the token kind takes 4 bits of the flags");
  FixedFeatures() {
    for (std::uint64_t v = 0; v < flags.size(); ++v) flags[v] = Feat(kFlags, v);
    for (std::uint32_t p = 0; p < 4; ++p) country[p] = Feat(kCountry + p);
    for (std::uint64_t d = 1; d <= 2; ++d) {
      prev_demonym[d] = Feat(kPrevDemonymOrCountry, d);
      next_demonym[d] = Feat(kNextDemonymOrCountry, d);
    }
    for (std::uint32_t j = 0; j < 32; ++j) {
      for (std::uint64_t p = 0; p < 4; ++p) list[j][p] = Feat(kList + 3 * j, p);
      list[j][4] = Feat(kList + 3 * j + 1);
      list[j][5] = Feat(kList + 3 * j + 2);
    }
  }
};

}  // namespace

void FeatureExtractor::Prepare(std::string_view text, const std::vector<Token>& tokens,
                               TokenRange range, Sentence& out) const {
  static const FixedFeatures kFixed;
  const std::size_t n = range.last - range.first;
  out.static_features.clear();
  out.offsets.assign(1, 0);
  out.offsets.reserve(n + 1);
  out.local_features.resize(n);
  out.word_hash.resize(n);
  out.shape_hash.resize(n);
  auto word = [&](std::size_t k) {
    const Span& s = tokens[range.first + k].span;
    return text.substr(s.begin, s.size());
  };

  // Per-token descriptions first: the window features read the neighbours'.
  const ThreadScratch<WordCache> scratch;
  WordCache& cache = *scratch;
  cache.Bound(1u << 16);
  // info[k] for k in [-2, n + 2): two of Beyond() on either side of the sentence's words, so
  // that every token has two neighbours either side.
  thread_local WordFeatures bos = Beyond(kBos), eos = Beyond(kEos);
  thread_local std::vector<WordFeatures*> neighbours;
  neighbours.resize(n + 4);
  WordFeatures** const info = neighbours.data() + 2;
  info[-2] = info[-1] = &bos;
  info[n] = info[n + 1] = &eos;
  // Scratch space, reused across calls on the same thread.
  thread_local std::vector<std::uint8_t> demonym;  // 1 demonym, 2 in a country name
  thread_local std::vector<int> country_pos;
  demonym.assign(n, 0);
  country_pos.assign(n, -1);
  std::size_t letters = 0, caps = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const Token& tok = tokens[range.first + k];
    info[k] = &cache.Get(word(k), tok);
    out.word_hash[k] = info[k]->word_hash;
    out.shape_hash[k] = info[k]->shape_hash;
    if (tok.kind == TokenKind::kWord || tok.kind == TokenKind::kAbbrev) {
      ++letters;
      caps += tok.all_caps;
    }
  }
  // A line in capitals (a headline or dateline) says little through capitalisation.
  const bool caps_line = letters >= 2 && caps * 10 >= letters * 8;
  out.caps_line = caps_line;

  // Country names, longest match first, and demonyms.
  const std::size_t max_words = lexicon_->max_name_words();
  for (std::size_t k = 0; k < n;) {
    const Token& tok = tokens[range.first + k];
    std::size_t matched = 0;
    // A country name that the surface (or its title case) is begins with this token's text:
    // most capitalised words begin none, and need no surface tried.
    if (tok.capitalized && lexicon_->MayStartCountryName(word(k))) {
      for (std::size_t len = std::min(max_words, n - k); len >= 1 && matched == 0; --len) {
        const Span s{tok.span.begin, tokens[range.first + k + len - 1].span.end};
        const std::string_view surface = text.substr(s.begin, s.size());
        if (lexicon_->CountryByName(surface) >= 0 ||
            (tokens[range.first + k + len - 1].all_caps &&
             lexicon_->CountryByName(TitleCase(surface)) >= 0))
          matched = len;
      }
    }
    if (matched == 0) {
      if (tok.capitalized) {
        const std::string_view w = word(k);
        if (lexicon_->CountryByDemonym(w) >= 0 ||
            (tok.all_caps && lexicon_->CountryByDemonym(TitleCase(w)) >= 0))
          demonym[k] = 1;
      }
      ++k;
      continue;
    }
    for (std::size_t j = 0; j < matched; ++j) {
      country_pos[k + j] = matched == 1 ? kU : j == 0 ? kB : j + 1 == matched ? kL : kI;
      demonym[k + j] = 2;
    }
    k += matched;
  }

  // Word-list matches: per list, the longest entry starting at each token, then BILOU
  // positions left to right; a list's position is list_pos[k * 32 + j] (-1: none).
  const std::size_t num_lists = list_names_.size();
  thread_local std::vector<std::uint32_t> in_lists;  // bit j: token k is inside a list-j match
  thread_local std::vector<std::int8_t> list_pos;
  in_lists.assign(n, 0);
  // Not cleared: list_pos[k * 32 + j] is read only where in_lists[k] has bit j, and both are
  // written together below.
  if (list_pos.size() < n * 32) list_pos.resize(n * 32);
  if (!phrases_.empty()) {
    thread_local std::vector<std::uint8_t> longest;
    longest.assign(n * 32, 0);
    std::uint32_t matched_lists = 0;  // bit j: some entry of list j starts in the sentence
    thread_local std::string key;
    for (std::size_t k = 0; k < n; ++k) {
      // The word alone; no longer entry can start with a word that starts none.
      // Looked up once per word and thread (WordFeatures::lists_of).
      WordFeatures& single = *info[k];
      if (single.lists_of != id_) {
        const auto found = list_words_.find(ListWordKey{single.lower, single.word_hash});
        single.lists_of = id_;
        single.lists = found == list_words_.end() ? 0 : found->second.lists;
        single.starts_longer = found != list_words_.end() && found->second.starts_longer;
      }
      matched_lists |= single.lists;
      for (std::uint32_t m = single.lists; m != 0; m &= m - 1)
        longest[k * 32 + static_cast<std::size_t>(__builtin_ctz(m))] = 1;
      if (!single.starts_longer) continue;
      key = info[k]->lower;
      for (std::size_t len = 2; len <= max_phrase_words_ && k + len <= n; ++len) {
        key += ' ';
        key += info[k + len - 1]->lower;
        auto it = phrases_.find(key);
        if (it == phrases_.end()) {
          if (!phrase_prefixes_.count(key)) break;
          continue;
        }
        matched_lists |= it->second;
        for (std::uint32_t m = it->second; m != 0; m &= m - 1)
          longest[k * 32 + static_cast<std::size_t>(__builtin_ctz(m))] = static_cast<std::uint8_t>(len);
      }
    }
    for (std::uint32_t lists = matched_lists; lists != 0; lists &= lists - 1) {
      const auto j = static_cast<std::size_t>(__builtin_ctz(lists));
      for (std::size_t k = 0; k < n;) {
        const std::size_t len = longest[k * 32 + j];
        if (len == 0) {
          ++k;
          continue;
        }
        for (std::size_t i = 0; i < len; ++i) {
          list_pos[(k + i) * 32 + j] = static_cast<std::int8_t>(
              len == 1 ? kU : i == 0 ? kB : i + 1 == len ? kL : kI);
          in_lists[k + i] |= 1u << j;
        }
        k += len;
      }
    }
  }

  // The features of each token, in an order that is part of the model: a tagger sums their
  // weights in this order.
  // At most this many per token; written through a pointer, as push_back() costs more than
  // the rest of this loop.
  const std::size_t max_features = 38 + 3 * num_lists;
  out.static_features.resize(n * max_features, boost::container::default_init);
  std::uint32_t* f = out.static_features.data();
  auto push = [&f](std::uint32_t feature) { *f++ = feature; };
  for (std::size_t k = 0; k < n; ++k) {
    const Token& tok = tokens[range.first + k];
    const WordFeatures& wi = *info[k];
    const auto i = static_cast<std::ptrdiff_t>(k);
    const WordFeatures& prev1 = *info[i - 1];  // Beyond(kBos) before the sentence
    const WordFeatures& prev2 = *info[i - 2];
    const WordFeatures& next1 = *info[i + 1];  // Beyond(kEos) after it
    const WordFeatures& next2 = *info[i + 2];
    const std::uint64_t w0 = out.word_hash[k];
    const std::uint64_t s0 = out.shape_hash[k];

    // The features of the token itself (local_features below).
    push(kFixed.bias);
    f = std::copy(wi.own.begin(), wi.own.begin() + wi.num_own, f);
    const std::uint64_t flags = (tok.capitalized ? 1 : 0) | (tok.all_caps ? 2 : 0) |
                                (k == 0 ? 4 : 0) | (caps_line ? 8 : 0) |
                                (static_cast<std::uint64_t>(tok.kind) << 4);
    push(kFixed.flags[flags]);
    out.local_features[k] = static_cast<std::uint8_t>(2 + wi.num_own);
    // Its window.
    push(prev1.prev1_word);
    push(prev2.prev2_word);
    push(next1.next1_word);
    push(next2.next2_word);
    push(prev1.prev1_shape);
    push(prev2.prev2_shape);
    push(next1.next1_shape);
    push(next2.next2_shape);
    // Feat(kPrevWordWord, p1, w0), Feat(kWordNextWord, w0, n1), then
    // Feat(kShapeTrigram, sp1, s0, sn1) with p1, n1, sp1 and sn1 the word and shape hashes of
    // the neighbours (kBos or kEos beyond the sentence).
    push(FeatFinish(prev1.prev_word_word, w0));
    push(FeatFinish(wi.word_next_word, next1.word_hash));
    push(FeatFinish(prev1.shape_trigram, s0, next1.shape_hash));
    if (caps_line) push(wi.in_caps_line);
    // Feat(kPrevBigram, p2, p1) and Feat(kNextBigram, n1, n2).
    push(FeatFinish(prev2.prev_bigram, prev1.word_hash));
    push(FeatFinish(next1.next_bigram, next2.word_hash));
    push(prev1.prev1_exact);
    push(next1.next1_exact);
    push(prev1.prev1_suffix3);
    push(next1.next1_suffix3);
    push(wi.length);
    if (country_pos[k] >= 0) push(kFixed.country[static_cast<std::size_t>(country_pos[k])]);
    if (demonym[k] == 1) push(kFixed.demonym);
    if (k >= 1 && demonym[k - 1]) push(kFixed.prev_demonym[demonym[k - 1]]);
    if (k + 1 < n && demonym[k + 1]) push(kFixed.next_demonym[demonym[k + 1]]);
    const std::uint32_t lists_around =
        in_lists[k] | (k >= 1 ? in_lists[k - 1] : 0) | (k + 1 < n ? in_lists[k + 1] : 0);
    for (std::uint32_t m = lists_around; m != 0; m &= m - 1) {
      const auto j = static_cast<std::uint32_t>(__builtin_ctz(m));
      const std::uint32_t bit = 1u << j;
      if (in_lists[k] & bit) push(kFixed.list[j][static_cast<std::size_t>(list_pos[k * 32 + j])]);
      if (k >= 1 && (in_lists[k - 1] & bit)) push(kFixed.list[j][4]);
      if (k + 1 < n && (in_lists[k + 1] & bit)) push(kFixed.list[j][5]);
    }
    out.offsets.push_back(static_cast<std::uint32_t>(f - out.static_features.data()));
    assert(out.offsets[k + 1] - out.offsets[k] <= max_features);
  }
  out.static_features.resize(out.offsets.back());
}

void FeatureExtractor::TagFeatures(const Sentence& s, std::size_t k, int prev,
                                   std::vector<std::uint32_t>& out) {
  out.push_back(PrevTagFeature(prev));
  PrevTagWordFeatures(s, k, prev, out);
}

std::uint32_t FeatureExtractor::PrevTagFeature(int prev) {
  // Hashed once: the decoder asks for all of them at every sentence.
  static const std::array<std::uint32_t, kNumTags + 1> kIds = [] {
    std::array<std::uint32_t, kNumTags + 1> ids{};
    for (int p = -1; p < kNumTags; ++p)
      ids[static_cast<std::size_t>(p + 1)] = Feat(kTag1, static_cast<std::uint64_t>(p + 2));
    return ids;
  }();
  assert(prev >= -1 && prev < kNumTags);
  return kIds[static_cast<std::size_t>(prev + 1)];
}

namespace {

// FeatStart() of the three previous-tag templates with each previous tag (kStarts[which][prev +
// 1]), tabulated at compile time: a tagger asks for all 17 previous tags of every new word,
// shape and shape pair, and this leaves one of Feat()'s two hashings per feature (150k
// features, 3.8M instructions on 3000 Reuters articles).
constexpr auto kPrevTagWordStarts = [] {
  constexpr std::array<Template, FeatureExtractor::kNumPrevTagWordFeatures> kTemplates = {
      kTag1Word, kTag1Shape, kTag1ShapeBigram};
  std::array<std::array<std::uint64_t, kNumTags + 1>, kTemplates.size()> starts{};
  for (std::size_t which = 0; which < kTemplates.size(); ++which)
    for (int prev = -1; prev < kNumTags; ++prev)
      starts[which][static_cast<std::size_t>(prev + 1)] =
          FeatStart(kTemplates[which], static_cast<std::uint64_t>(prev + 2));
  return starts;
}();

}  // namespace

std::uint32_t FeatureExtractor::PrevTagWordFeature(const Sentence& s, std::size_t k, int prev,
                                                   int which) {
  assert(prev >= -1 && prev < kNumTags && which >= 0 && which < kNumPrevTagWordFeatures);
  // Feat(template, prev + 2, ...) from the tabulated start.
  const std::uint64_t start =
      kPrevTagWordStarts[static_cast<std::size_t>(which)][static_cast<std::size_t>(prev + 1)];
  switch (which) {
    case 0:
      return FeatFinish(start, s.word_hash[k]);
    case 1:
      return FeatFinish(start, s.shape_hash[k]);
    default:
      // Whether an entity goes on across a change of case ("FSB Alexander"): the previous tag
      // with the shapes of both words.
      return FeatFinish(start, k > 0 ? s.shape_hash[k - 1] : kBos, s.shape_hash[k]);
  }
}

void FeatureExtractor::PrevTagWordFeatures(const Sentence& s, std::size_t k, int prev,
                                           std::vector<std::uint32_t>& out) {
  for (int which = 0; which < kNumPrevTagWordFeatures; ++which)
    out.push_back(PrevTagWordFeature(s, k, prev, which));
}

}  // namespace ner

namespace {

std::size_t TableSize(std::size_t n) {
  std::size_t cap = 16;
  while (cap < n * 2) cap <<= 1;
  return cap;
}

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint32_t GetU32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

}  // namespace

std::string NerTagger::DefaultModelPath() {
  return Lexicon::DefaultDataDir() + "/ner/conll2003.model";
}

NerTagger NerTagger::FromWeights(const std::vector<ner::Weight>& weights,
                                 std::vector<std::string> lists, const Lexicon& lexicon) {
  NerTagger tagger(ner::FeatureExtractor(lexicon, std::move(lists)));
  tagger.Build(weights);
  return tagger;
}

void NerTagger::Build(const std::vector<ner::Weight>& weights) {
  std::vector<ner::Weight> sorted;
  sorted.reserve(weights.size());
  for (const ner::Weight& w : weights)
    if (w.value != 0 && w.feature != 0 && w.tag < ner::kNumTags) sorted.push_back(w);
  std::sort(sorted.begin(), sorted.end(), [](const ner::Weight& a, const ner::Weight& b) {
    return a.feature != b.feature ? a.feature < b.feature : a.tag < b.tag;
  });
  num_features_ = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i)
    num_features_ += i == 0 || sorted[i].feature != sorted[i - 1].feature;
  const std::size_t cap = TableSize(num_features_);
  slots_.assign(cap, WeightSlot());
  dense_.clear();
  sparse_.clear();
  num_weights_ = 0;
  unique_tags_ = true;
  std::vector<std::uint8_t> tags;
  std::vector<float> values;
  for (std::size_t i = 0; i < sorted.size();) {
    const std::uint32_t f = sorted[i].feature;
    std::size_t slot = f & (cap - 1);
    while (slots_[slot].key != 0) slot = (slot + 1) & (cap - 1);
    tags.clear();
    values.clear();
    for (; i < sorted.size() && sorted[i].feature == f; ++i) {
      // A slot counts its weights in a byte: a feature has one per tag at most (kNumTags), as
      // the trainer makes them, unless `weights` repeats a (feature, tag); past 255 those are
      // dropped rather than wrap the count.
      if (tags.size() == 255) continue;
      tags.push_back(sorted[i].tag);
      values.push_back(sorted[i].value);
    }
    Place(slots_[slot], f, tags.data(), values.data(), static_cast<std::uint8_t>(tags.size()));
  }
}

void NerTagger::Place(WeightSlot& ws, std::uint32_t key, const std::uint8_t* tags,
                      const float* values, std::uint8_t count) {
  // Below this many weights the loop over them is as quick as the row.
  constexpr std::uint8_t kMinDenseWeights = 4;
  ws.key = key;
  ws.count = count;
  num_weights_ += count;
  // Increasing tags are the quick test of unique ones; a file in another order only loses
  // the rows.
  bool unique = true;
  for (std::uint8_t w = 1; w < count; ++w) unique &= tags[w - 1] < tags[w];
  unique_tags_ = unique_tags_ && unique;
  if (count <= 2) {
    ws.layout = WeightSlot::kInline;
    ws.tag = {tags[0], tags[count - 1]};
    ws.value0 = values[0];
    ws.value1 = count == 2 ? values[1] : 0.0f;
  } else if (count >= kMinDenseWeights && unique) {
    // Two weights of one tag would be added to the score one after the other: only unique
    // ones make a row.
    ws.layout = WeightSlot::kDense;
    ws.offset = static_cast<std::uint32_t>(dense_.size());
    DenseRow& row = dense_.emplace_back();
    row.fill(0.0f);
    for (std::uint8_t w = 0; w < count; ++w) {
      if (tags[w] == ner::kNumTags - 1)
        ws.value0 = values[w];
      else
        row[tags[w]] = values[w];
    }
  } else {
    ws.layout = WeightSlot::kSparse;
    ws.offset = static_cast<std::uint32_t>(sparse_.size());
    for (std::uint8_t w = 0; w < count; ++w) sparse_.push_back({values[w], tags[w]});
  }
}

template <class Fn>
void NerTagger::ForEachWeight(const WeightSlot& ws, const Fn& fn) const {
  switch (ws.layout) {
    case WeightSlot::kInline:
      fn(ws.tag[0], ws.value0);
      if (ws.count == 2) fn(ws.tag[1], ws.value1);
      return;
    case WeightSlot::kDense: {
      const DenseRow& row = dense_[ws.offset];
      for (std::size_t t = 0; t + 1 < ner::kNumTags; ++t)
        if (row[t] != 0) fn(static_cast<std::uint8_t>(t), row[t]);
      if (ws.value0 != 0) fn(std::uint8_t{ner::kNumTags - 1}, ws.value0);
      return;
    }
    default:
      for (std::uint32_t w = ws.offset; w < ws.offset + ws.count; ++w)
        fn(sparse_[w].tag, sparse_[w].value);
  }
}

void NerTagger::PrefetchSlot(std::uint32_t feature) const {
  // Slot()'s first probe.
  __builtin_prefetch(&slots_[feature & (slots_.size() - 1)]);
}

const NerTagger::WeightSlot* NerTagger::Slot(std::uint32_t feature) const {
  assert(!slots_.empty());  // Build() and Load() make at least 16 slots
  // Probed by byte offset rather than by index: x86 addressing scales an index by at most 8,
  // and a 16-byte record's index would cost a shift per probe.
  constexpr std::size_t kSize = sizeof(WeightSlot);
  const auto* base = reinterpret_cast<const unsigned char*>(slots_.data());
  const std::size_t mask = (slots_.size() - 1) * kSize;
  for (std::size_t off = (feature * kSize) & mask;; off = (off + kSize) & mask) {
    const auto* ws = reinterpret_cast<const WeightSlot*>(base + off);
    if (ws->key == 0) return nullptr;
    if (ws->key == feature) return ws;
  }
}


namespace {

// The weights of the three features that pair the previous tag with a token (its word, its
// shape, the shapes of it and the token before: FeatureExtractor::PrevTagWordFeatures), one
// row of kNumTags per previous tag. Hashing and probing those 3 x 17 features per token cost
// more than the rest of decoding, while a sentence's shapes and most of its words were seen
// before: each is looked up once per thread and its weights written out as a row of `rows`
// (0 where a tag has none; every feature without weights shares the zero row at 0). Adding a
// row gives the sums of adding the weights one by one (NerTagger::unique_tags_), and a row is
// one run of additions where a feature's weights are a lookup and a scattered loop.
// Each row comes with its largest and smallest weight after a closing tag, which bound the
// scores through each previous tag for ner::Decode()'s row_bounds (see RowBounds).
struct RowBounds {
  // hi[c] and lo[c]: the largest and smallest at the tags ner::kAfterClosing of the row after
  // the closing tag ner::kClosingTags[c], the rows Decode() may leave out (and the bounds it
  // reads side by side); only those.
  std::array<float, ner::kClosingTags.size()> hi{}, lo{};
  // Bounds row i (the row after tag i - 1) and raises `mag` to the largest magnitude among its
  // bounds; keeps them when it follows a closing tag.
  void Set(std::size_t i, const float* row, float& mag) {
    float high = row[ner::kAfterClosing[0]], low = high;
    for (int t : ner::kAfterClosing) {
      high = std::max(high, row[t]);
      low = std::min(low, row[t]);
    }
    mag = std::max({mag, high, -low});
    if (const int c = kClosingIndex[i]; c >= 0) {
      hi[static_cast<std::size_t>(c)] = high;
      lo[static_cast<std::size_t>(c)] = low;
    }
  }

 private:
  // The place in ner::kClosingTags of tag i - 1, or -1.
  static constexpr std::array<int, ner::kNumTags + 1> kClosingIndex = [] {
    std::array<int, ner::kNumTags + 1> index{};
    index.fill(-1);
    for (std::size_t c = 0; c < ner::kClosingTags.size(); ++c)
      index[static_cast<std::size_t>(ner::kClosingTags[c] + 1)] = static_cast<int>(c);
    return index;
  }();
};
// The transitions out of an open span (ner::OpenPrev() and ner::OpenTag()), which TagSentence()
// scores apart from the rows: the scores of all 16 side by side are a few vector additions,
// where row by row they were two scattered tags in each of eight rows; and Decode() reads them
// side by side.
using ner::kNumOpen;
using ner::OpenPrev;
using ner::OpenTag;

struct PrevTagRows {
  std::array<std::uint32_t, ner::kNumTags + 1> at{};  // at[prev + 1]: the row after `prev`
  // The same weights at the open transitions: the kNumOpen from `open` on, in their order.
  std::uint32_t open = 0;
  RowBounds bounds;
};

// The most local features a token has: the bias, 12 of its own and its flags.
constexpr std::size_t kMaxLocalFeatures = 14;
// The first features of a token's window (FeatureExtractor::Prepare() pushes them right after
// the local ones, always): the words one before, two before, one after and two after it
// (kPrev1Word, kPrev2Word, kNext1Word, kNext2Word), then their shapes in the same order. Each
// is a feature of the neighbour's word (or shape) alone, so that its table slot may be
// remembered with that word (or shape) instead of probed at every token.
constexpr std::array<int, 4> kWindowNeighbours = {-1, -2, 1, 2};
constexpr std::size_t kNumWindowFeatures = 2 * kWindowNeighbours.size();
// Then come the word pairs, kPrevWordWord, kWordNextWord, kShapeTrigram, kWordInCapsLine
// (only in a line in capitals: Sentence::caps_line), kPrevBigram and kNextBigram; then four
// more features of one neighbour's word, kPrev1Exact, kNext1Exact, kPrev1Suffix3 and
// kNext1Suffix3, and kLength of the token's own word: these five may be remembered with the
// word of the token at kWordNeighbours[i] from it.
constexpr std::size_t kNumPairFeatures = 5;  // without kWordInCapsLine
constexpr std::array<int, 5> kWordNeighbours = {-1, 1, -1, 1, 0};
// A token's word or shape: its PrevTagRows, and copies of the table slots of the window
// features it gives its neighbours and itself (WeightSlot::key is the feature, 0 until one is
// looked up; count 0 where the feature has no weights): of a word, the four of
// kWindowNeighbours and the five of kWordNeighbours; of a shape, the four of
// kWindowNeighbours. A copy is used only where its key is the very feature being scored, so
// that it is a memo of the table and not a guess: a copy that holds another feature is looked
// up and replaced.
template <class WeightSlot, std::size_t kNumCopies>
struct WordRows {
  PrevTagRows rows;
  std::array<WeightSlot, kNumCopies> around;
};

// out[t] = (((base[t] + prev[t]) + word[t]) + shape[t]) + bigram[t] for every tag: the scores
// of the tags after one previous tag (TagSentence()'s tag_rows). The rows never overlap `out`,
// and saying so (__restrict) lets the compiler add four tags at a time straight into `out`,
// where it summed into a copy on the stack first.
// The same sums over the open transitions are SumRows<kNumOpen>().
template <int kSize = ner::kNumTags>
[[gnu::always_inline]] inline void SumRows(const float* __restrict base,
                                           const float* __restrict prev,
                                           const float* __restrict word,
                                           const float* __restrict shape,
                                           const float* __restrict bigram,
                                           float* __restrict out) {
  for (int t = 0; t < kSize; ++t)
    out[t] = (((base[t] + prev[t]) + word[t]) + shape[t]) + bigram[t];
}

template <class WeightSlot>
struct PrevTagRowCache {
  using Word = WordRows<WeightSlot, kWindowNeighbours.size() + kWordNeighbours.size()>;
  using Shape = WordRows<WeightSlot, kWindowNeighbours.size()>;
  std::uint64_t tagger = 0;  // NerTagger::id_ of the table the rows come from
  std::vector<float> prev_tag;  // ner::PrevTagScores() of that table
  RowBounds prev_tag_bounds;    // and the bounds of its rows
  std::array<float, kNumOpen> prev_tag_open{};  // and its weights at the open transitions
  std::vector<float> rows = std::vector<float>(ner::kNumTags, 0.0f);
  // The largest magnitude of a weight bounded so far (prev_tag_bounds and the PrevTagRows'
  // bounds): every score of a row at the tags after a closing tag is within it.
  float mag = 0;
  HashCache<Word> word;    // by Sentence::word_hash
  HashCache<Shape> shape;  // by Sentence::shape_hash
  // By the shapes of the token before and of the token; the first token of a sentence has
  // none before it.
  HashCache<PrevTagRows> shape_bigram;
  HashCache<PrevTagRows> first_shape;
  // The summed weights of a token's local features (FeatureExtractor::Sentence::local_features:
  // the bias, the word's own features and its flags), by a hash of their ids. The entry keeps
  // the ids, so that only the very same features, summed in the same order, are reused: a
  // float sum depends on its order. Two whole cache lines: a lookup compares the ids and reads
  // the scores, and an entry that straddled a third line cost another miss.
  struct alignas(64) LocalScores {
    std::array<std::uint32_t, kMaxLocalFeatures> ids{};
    std::uint32_t n = 0;
    std::array<float, ner::kNumTags> scores{};
  };
  static_assert(sizeof(LocalScores) == 128);
  HashCache<LocalScores> local;
};

}  // namespace

void NerTagger::TagSentence(std::string_view text, const std::vector<Token>& tokens,
                            TokenRange range, std::vector<int>& tags,
                            std::vector<double>* probs) const {
  const std::size_t n = range.last - range.first;
  tags.assign(n, ner::kO);
  if (probs) probs->assign(n, 1.0);
  if (n == 0) return;
  thread_local ner::FeatureExtractor::Sentence s;
  fx_.Prepare(text, tokens, range, s);
  auto score = [this](std::uint32_t f, float* scores) { Score(f, scores); };
  if (!unique_tags_) {
    // Two weights of one tag are added one after the other, which no row can hold: score every
    // feature as the trainer does.
    ner::Decode(s, n, score, tags, probs);
    return;
  }
  const ThreadScratch<PrevTagRowCache<WeightSlot>> scratch;
  PrevTagRowCache<WeightSlot>& cache = *scratch;
  // The word rows would grow with the vocabulary of a whole corpus: start again past a bound.
  if (cache.tagger != id_ || cache.word.size() > (1u << 16) || cache.local.size() > (1u << 16)) {
    cache = PrevTagRowCache<WeightSlot>();
    cache.tagger = id_;
    ner::PrevTagScores(score, cache.prev_tag);
    for (std::size_t i = 0; i <= ner::kNumTags; ++i)
      cache.prev_tag_bounds.Set(i, &cache.prev_tag[i * ner::kNumTags], cache.mag);
    for (int j = 0; j < kNumOpen; ++j)
      cache.prev_tag_open[static_cast<std::size_t>(j)] =
          cache.prev_tag[static_cast<std::size_t>(OpenPrev(j) + 1) * ner::kNumTags +
                         static_cast<std::size_t>(OpenTag(j))];
  }
  // The row of the weights of `feature` in cache.rows.
  auto row_of = [&](std::uint32_t feature) -> std::uint32_t {
    const WeightSlot* slot = Slot(feature);
    if (slot == nullptr) return 0;
    const auto row = static_cast<std::uint32_t>(cache.rows.size());
    cache.rows.resize(row + ner::kNumTags, 0.0f);
    AddSlot(slot, &cache.rows[row]);
    return row;
  };
  // Points rows.at[i] at the row of `feature`, and bounds it when it follows a closing tag:
  // Decode() reads the bounds of those rows alone, and `mag` need bound no others. The zero
  // row (a feature without weights: 94% of them on Reuters) has the bounds a new entry starts
  // with, 0 and 0, and leaves `mag` (>= 0) as it is.
  auto set_row = [&](PrevTagRows& rows, std::size_t i, std::uint32_t feature) {
    rows.at[i] = row_of(feature);
    if (rows.at[i] != 0 && (ner::kClosingSet >> i & 1))
      rows.bounds.Set(i, &cache.rows[rows.at[i]], cache.mag);
  };
  // Copies the open transitions' weights of rows whose every row is set, to rows.open.
  auto set_open = [&](PrevTagRows& rows) {
    rows.open = static_cast<std::uint32_t>(cache.rows.size());
    cache.rows.resize(rows.open + kNumOpen);
    for (int j = 0; j < kNumOpen; ++j)
      cache.rows[rows.open + static_cast<std::size_t>(j)] =
          cache.rows[rows.at[static_cast<std::size_t>(OpenPrev(j) + 1)] +
                     static_cast<std::size_t>(OpenTag(j))];
  };
  using FX = ner::FeatureExtractor;
  // The summed weights of token k's local features (Cache::LocalScores), or null where the
  // entry under their hash holds another token's features (then they are scored one by one).
  using Cache = PrevTagRowCache<WeightSlot>;
  auto local_scores = [&](std::size_t k) -> const float* {
    const std::uint32_t* f = s.static_features.data() + s.offsets[k];
    const std::size_t m = s.local_features[k];
    // The key hashes a few of the ids, not all: in Prepare()'s order, the word, its exact form
    // and the flags (the rest follow from those). The entry compares every id below, so that a
    // token whose other ids differ only misses the cache.
    std::uint64_t key = m;
    for (std::size_t i : {std::size_t{1}, std::size_t{2}, m - 1})
      key = (key ^ (i < m ? f[i] : 0)) * 0x100000001b3ULL;
    auto [entry, fresh] = cache.local.TryEmplace(key);
    typename Cache::LocalScores& local = *entry;
    if (fresh) {
      assert(m <= kMaxLocalFeatures);
      std::copy(f, f + m, local.ids.begin());
      local.n = static_cast<std::uint32_t>(m);
      for (std::size_t i = 0; i < m; ++i) Score(f[i], local.scores.data());
    }
    return local.n == m && std::equal(f, f + m, local.ids.begin()) ? local.scores.data() : nullptr;
  };
  // Every token's word, shape, shape bigram and local entries first: the window features of a
  // token are scored from its neighbours' entries (see WordRows), tag_rows reads its own rows,
  // and emission its local sums. Found here, in a loop of independent lookups, their cache
  // misses overlap, where in the decoder each lookup waited for memory between two tokens'
  // Viterbi steps. The entries stay in place (HashCache), so that the pointers stay valid
  // together.
  thread_local std::vector<typename Cache::Word*> words;
  thread_local std::vector<typename Cache::Shape*> shapes;
  thread_local std::vector<const float*> locals;
  thread_local std::vector<const PrevTagRows*> bigrams;  // by the shapes before and of token k
  words.resize(n);
  shapes.resize(n);
  locals.resize(n);
  bigrams.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    locals[k] = local_scores(k);
    auto [w, new_w] = cache.word.TryEmplace(s.word_hash[k]);
    auto [sh, new_sh] = cache.shape.TryEmplace(s.shape_hash[k]);
    // Almost every token finds both in the caches: skip the loop then.
    if (new_w || new_sh) {
      for (int q = -1; q < ner::kNumTags; ++q) {
        const auto i = static_cast<std::size_t>(q + 1);
        if (new_w) set_row(w->rows, i, FX::PrevTagWordFeature(s, k, q, 0));
        if (new_sh) set_row(sh->rows, i, FX::PrevTagWordFeature(s, k, q, 1));
      }
      if (new_w) set_open(w->rows);
      if (new_sh) set_open(sh->rows);
    }
    words[k] = w;
    shapes[k] = sh;
    const std::uint64_t shape = s.shape_hash[k];
    auto [bi, new_bi] =
        k == 0 ? cache.first_shape.TryEmplace(shape)
               : cache.shape_bigram.TryEmplace(std::uint64_t{s.shape_hash[k - 1]} << 32 | shape);
    if (new_bi) {
      for (int q = -1; q < ner::kNumTags; ++q)
        set_row(*bi, static_cast<std::size_t>(q + 1), FX::PrevTagWordFeature(s, k, q, 2));
      set_open(*bi);
    }
    bigrams[k] = bi;
  }
  auto tag_rows = [&](std::size_t k, const float* base, const float* prev_tag, float* block,
                      float* open, bool all, std::uint32_t closing) {
    // Taken once per token: nothing below grows the caches.
    const float* const rows = cache.rows.data();
    const PrevTagRows& word_rows = words[k]->rows;
    const PrevTagRows& shape_rows = shapes[k]->rows;
    const PrevTagRows& bigram_rows = *bigrams[k];
    // The rows of the previous tag p: the previous tag alone, then the three features in their
    // order, as adding their weights one feature at a time would.
    struct PrevRows {
      const float *prev, *word, *shape, *bigram;
    };
    auto rows_after = [&](int p) {
      const auto i = static_cast<std::size_t>(p + 1);
      return PrevRows{prev_tag + i * ner::kNumTags, rows + word_rows.at[i],
                      rows + shape_rows.at[i], rows + bigram_rows.at[i]};
    };
    auto full_row = [&](int p) {
      const PrevRows r = rows_after(p);
      SumRows(base, r.prev, r.word, r.shape, r.bigram,
              block + static_cast<std::size_t>(p + 1) * ner::kNumTags);
    };
    if (k == 0) {
      full_row(-1);
      return;
    }
    if (all) {
      for (int p = 0; p < ner::kNumTags; ++p) full_row(p);
    } else {
      // Only what the decoder reads: a whole row after a closing tag that can win.
      for (std::uint32_t set = closing; set != 0; set &= set - 1) full_row(__builtin_ctz(set) - 1);
    }
    // After a B or an I, the I and the L of its type alone, summed side by side (kNumOpen) in
    // the same order.
    float base_open[kNumOpen];
    for (int j = 0; j < kNumOpen; ++j) base_open[j] = base[OpenTag(j)];
    SumRows<kNumOpen>(base_open, cache.prev_tag_open.data(), rows + word_rows.open,
                      rows + shape_rows.open, rows + bigram_rows.open, open);
  };
  auto emission = [&](std::size_t k, float* scores) {
    const std::uint32_t* f = s.static_features.data() + s.offsets[k];
    const std::uint32_t* end = s.static_features.data() + s.offsets[k + 1];
    const std::size_t m = s.local_features[k];
    // The window's features that are not remembered with a word (see WordRows) are looked up
    // one by one, each a miss in the table: ask for the next token's lines now, so that they
    // arrive while this token is scored and decoded.
    const std::size_t pairs = kNumPairFeatures + (s.caps_line ? 1 : 0);
    const std::size_t remembered = kNumWindowFeatures + pairs + kWordNeighbours.size();
    auto inner = [&](std::size_t j) {  // whether token j's window is scored from the copies
      return j >= 2 && j + 2 < n && s.offsets[j + 1] - s.offsets[j] >= s.local_features[j] + remembered;
    };
    if (k + 1 < n) {
      std::uint32_t i = s.offsets[k + 1] + s.local_features[k + 1];
      if (inner(k + 1)) {
        for (std::size_t j = 0; j < pairs; ++j) PrefetchSlot(s.static_features[i + kNumWindowFeatures + j]);
        i += static_cast<std::uint32_t>(remembered);
      }
      for (; i < s.offsets[k + 2]; ++i) PrefetchSlot(s.static_features[i]);
    }
    // The sums are kept in registers while the features are added (four vectors and the last
    // tag's), so that a dense row (most of the window's features) costs four vector additions
    // rather than loading and storing the scores again. The one- and two-weight slots and the
    // sparse ones are added by AddSlot() to a copy in memory, which is then read back: the same
    // additions in the same order, to the same floats.
    using Floats = float __attribute__((vector_size(16)));
    constexpr int kLanes = sizeof(Floats) / sizeof(float);
    static_assert(ner::kNumTags == 4 * kLanes + 1);
    Floats acc[4] = {};
    float acc_last = 0;
    // Inlined, as is window below: a call would take acc's address and keep it in memory.
    auto add = [&](const WeightSlot* ws) __attribute__((always_inline)) {
      if (ws == nullptr) return;
      if (ws->layout == WeightSlot::kDense) {
        const float* row = dense_[ws->offset].data();
        for (int i = 0; i < 4; ++i) {
          Floats r;
          std::memcpy(&r, row + i * kLanes, sizeof r);
          acc[i] += r;
        }
        acc_last += ws->value0;
      } else {
        // A vector at a time: copying acc whole would take its address, and keep it in memory.
        float copy[ner::kNumTags];
        for (int i = 0; i < 4; ++i) std::memcpy(copy + i * kLanes, &acc[i], sizeof acc[i]);
        copy[ner::kNumTags - 1] = acc_last;
        AddSlot(ws, copy);
        for (int i = 0; i < 4; ++i) std::memcpy(&acc[i], copy + i * kLanes, sizeof acc[i]);
        acc_last = copy[ner::kNumTags - 1];
      }
    };
    if (const float* sum = locals[k]) {
      for (int i = 0; i < 4; ++i) std::memcpy(&acc[i], sum + i * kLanes, sizeof acc[i]);
      acc_last = sum[ner::kNumTags - 1];
    } else {  // another token's features share the hash: score them one by one
      for (std::size_t i = 0; i < m; ++i) add(Slot(f[i]));
    }
    f += m;
    // The window's features of one word or shape, from the copies kept with it (see
    // WordRows), in their order between the word pairs; near the sentence's ends, where a
    // neighbour is missing, every feature is looked up.
    auto window = [&](auto& owner, std::size_t j, std::uint32_t feature)
                      __attribute__((always_inline)) {
      WeightSlot& copy = owner.around[j];
      if (copy.key != feature) {
        const WeightSlot* slot = Slot(feature);
        copy = slot ? *slot : WeightSlot();
        copy.key = feature;
      }
      if (copy.count != 0) add(&copy);
    };
    if (inner(k)) {
      for (std::size_t j = 0; j < kWindowNeighbours.size(); ++j)
        window(*words[k + kWindowNeighbours[j]], j, f[j]);
      for (std::size_t j = 0; j < kWindowNeighbours.size(); ++j)
        window(*shapes[k + kWindowNeighbours[j]], j, f[kWindowNeighbours.size() + j]);
      f += kNumWindowFeatures;
      for (std::size_t j = 0; j < pairs; ++j) add(Slot(f[j]));
      f += pairs;
      for (std::size_t j = 0; j < kWordNeighbours.size(); ++j)
        window(*words[k + kWordNeighbours[j]], kWindowNeighbours.size() + j, f[j]);
      f += kWordNeighbours.size();
    }
    for (; f != end; ++f) add(Slot(*f));
    for (int i = 0; i < 4; ++i) std::memcpy(scores + i * kLanes, &acc[i], sizeof acc[i]);
    scores[ner::kNumTags - 1] = acc_last;
  };
  // The bounds of the rows tag_rows writes: the sums of its four rows' bounds, as its sums
  // are taken (SumRows()). Its four additions to the emission score, and these three, err by
  // at most 2^-24 of a partial sum each, far within what Decode() allows for.
  auto row_bounds = [&](std::size_t k, float* hi, float* lo) {
    const RowBounds& prev = cache.prev_tag_bounds;
    const RowBounds& word = words[k]->rows.bounds;
    const RowBounds& shape = shapes[k]->rows.bounds;
    const RowBounds& bigram = bigrams[k]->bounds;
    for (std::size_t i = 0; i < ner::kClosingTags.size(); ++i) {
      hi[i] = ((prev.hi[i] + word.hi[i]) + shape.hi[i]) + bigram.hi[i];
      lo[i] = ((prev.lo[i] + word.lo[i]) + shape.lo[i]) + bigram.lo[i];
    }
    return 4 * cache.mag;
  };
  ner::Decode(s, n, cache.prev_tag.data(), emission, tag_rows, row_bounds, tags, probs);
}

std::vector<TokenRange> NerTagger::Windows(const std::vector<Token>& tokens,
                                           const std::vector<TokenRange>& sentences,
                                           const std::vector<Span>& names, std::size_t margin) {
  struct Window {
    TokenRange range;
    std::size_t sentence;
  };
  std::vector<Window> windows;
  windows.reserve(names.size());
  for (const Span& name : names) {
    const auto first = static_cast<std::size_t>(
        std::partition_point(tokens.begin(), tokens.end(),
                             [&](const Token& t) { return t.span.end <= name.begin; }) -
        tokens.begin());
    std::size_t last = first;
    while (last < tokens.size() && tokens[last].span.begin < name.end) ++last;
    if (last == first) continue;  // no token
    const auto s = std::partition_point(sentences.begin(), sentences.end(),
                                        [&](const TokenRange& r) { return r.last <= first; });
    if (s == sentences.end() || s->first > first) continue;  // in no sentence: never tagged
    const TokenRange range{first - std::min(first - s->first, margin),
                           std::min(s->last, last + margin)};
    windows.push_back({range, static_cast<std::size_t>(s - sentences.begin())});
  }
  std::sort(windows.begin(), windows.end(),
            [](const Window& a, const Window& b) { return a.range.first < b.range.first; });
  std::vector<TokenRange> out;
  std::size_t sentence = 0;
  for (const Window& w : windows) {
    if (!out.empty() && w.sentence == sentence && w.range.first <= out.back().last) {
      out.back().last = std::max(out.back().last, w.range.last);
    } else {
      out.push_back(w.range);
      sentence = w.sentence;
    }
  }
  return out;
}

std::vector<TaggedSpan> NerTagger::Tag(std::string_view text, const std::vector<Token>& tokens,
                                       const std::vector<Span>& sentences,
                                       Confidence confidence) const {
  return Tag(text, tokens, SentenceTokens(sentences, tokens), confidence);
}

std::vector<TaggedSpan> NerTagger::Tag(std::string_view text, const std::vector<Token>& tokens,
                                       const std::vector<TokenRange>& ranges,
                                       Confidence confidence) const {
  std::vector<TaggedSpan> out;
  std::vector<int> tags;
  std::vector<double> probs;
  const bool with_probs = confidence == Confidence::kCompute;
  for (const TokenRange& r : ranges) {
    TagSentence(text, tokens, r, tags, with_probs ? &probs : nullptr);
    auto prob = [&](std::size_t k) { return with_probs ? probs[k] : 0.0; };
    // The decoder only produces valid BILOU sequences, so every B is closed by an L.
    for (std::size_t k = 0; k < tags.size(); ++k) {
      if (tags[k] == ner::kO) continue;
      const ner::Position pos = ner::TagPosition(tags[k]);
      if (pos != ner::kB && pos != ner::kU) continue;
      std::size_t end = k + 1;
      double conf = prob(k);
      if (pos == ner::kB) {
        while (end < tags.size() && ner::TagPosition(tags[end]) != ner::kL) conf = std::min(conf, prob(end++));
        if (end < tags.size()) conf = std::min(conf, prob(end++));
      }
      TaggedSpan span;
      span.first_token = r.first + k;
      span.last_token = r.first + end;
      span.span = {tokens[span.first_token].span.begin, tokens[span.last_token - 1].span.end};
      span.label = std::string(ner::TypeName(ner::TagType(tags[k])));
      span.confidence = conf;
      out.push_back(std::move(span));
      k = end - 1;
    }
  }
  return out;
}

// Format: text header lines, then per feature: u32 id, u8 count, count x (u8 tag, i16
// weight); weights are quantised to 16 bits with the header's scale. Little-endian.
Status NerTagger::Save(const std::string& path, float prune) const {
  float max_abs = 0;
  for (const WeightSlot& ws : slots_)
    if (ws.key != 0)
      ForEachWeight(ws, [&](std::uint8_t, float v) { max_abs = std::max(max_abs, std::fabs(v)); });
  const double scale = max_abs > 0 ? max_abs / 32767.0 : 1.0;
  std::string body;
  std::size_t features = 0, weights = 0;
  std::vector<const WeightSlot*> order;
  for (const WeightSlot& ws : slots_)
    if (ws.key != 0) order.push_back(&ws);
  std::sort(order.begin(), order.end(),
            [](const WeightSlot* a, const WeightSlot* b) { return a->key < b->key; });
  for (const WeightSlot* ws : order) {
    std::vector<std::pair<std::uint8_t, std::int16_t>> kept;
    ForEachWeight(*ws, [&](std::uint8_t tag, float v) {
      const long q = std::lround(v / scale);
      if (std::fabs(v) >= prune && q != 0) kept.emplace_back(tag, static_cast<std::int16_t>(q));
    });
    if (kept.empty()) continue;
    ++features;
    weights += kept.size();
    PutU32(body, ws->key);
    body += static_cast<char>(kept.size());
    for (auto [tag, q] : kept) {
      body += static_cast<char>(tag);
      const auto u = static_cast<std::uint16_t>(q);
      body += static_cast<char>(u & 0xff);
      body += static_cast<char>(u >> 8);
    }
  }
  std::ostringstream header;
  header.precision(17);
  header << kMagic << "\n";
  header << "tags";
  for (int t = 0; t < ner::kNumTags; ++t) header << ' ' << ner::TagName(t);
  header << "\nlists";
  for (const std::string& l : fx_.lists()) header << ' ' << l;
  header << "\nscale " << scale << "\nfeatures " << features << "\nweights " << weights
         << "\nbytes " << body.size() << "\n\n";

  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Error(tmp + ": cannot create the model file (does the directory exist?)");
    out << header.str();
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return Status::Error(tmp + ": write failed (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Status::Error(path + ": cannot rename the finished model into place: " + ec.message());
  }
  return Status::Ok();
}

Result<NerTagger> NerTagger::Load(const std::string& path, const Lexicon& lexicon) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error(path + ": cannot open the NER model (train one with newsgraph-train-ner, "
                         "or point --data/NEWSGRAPH_DATA at the project's data/ directory)");
  }
  // Read at once: the model is over a megabyte, too much to take a character at a time.
  std::string data;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0 || !in)
    return Status::Error(path + ": cannot read the NER model (is it a regular file?)");
  data.resize(static_cast<std::size_t>(size));
  in.read(data.data(), size);
  if (in.gcount() != size) return Status::Error(path + ": read failed");
  std::size_t pos = 0;
  int line_no = 0;
  auto next_line = [&](std::string& line) {
    const std::size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) return false;
    line = data.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    return true;
  };
  auto bad = [&](const std::string& what) {
    return Status::Error(path + ":" + std::to_string(line_no) + ": " + what);
  };
  std::string line;
  if (!next_line(line) || line != kMagic)
    return bad("not a newsgraph NER model of this version (expected a first line \"" +
               std::string(kMagic) + "\"); retrain it with newsgraph-train-ner");
  std::vector<std::string> lists;
  double scale = 0;
  std::size_t features = 0, weights = 0, bytes = 0;
  while (next_line(line) && !line.empty()) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "tags") {
      std::string expected = "tags";
      for (int t = 0; t < ner::kNumTags; ++t) expected += " " + ner::TagName(t);
      if (line != expected) return bad("the tag set differs from this build's: " + line);
    } else if (key == "lists") {
      for (std::string l; fields >> l;) lists.push_back(l);
    } else if (key == "scale") {
      fields >> scale;
    } else if (key == "features") {
      fields >> features;
    } else if (key == "weights") {
      fields >> weights;
    } else if (key == "bytes") {
      fields >> bytes;
    } else {
      return bad("unknown header field \"" + key + "\"");
    }
    if (fields.fail() && key != "lists") return bad("malformed header line \"" + line + "\"");
  }
  if (line_no < 2 || !line.empty()) return bad("the header does not end with a blank line");
  if (scale <= 0 || data.size() - pos != bytes || bytes != features * 5 + weights * 3)
    return Status::Error(path + ": truncated or corrupt model (header says " +
                         std::to_string(bytes) + " bytes of weights, file has " +
                         std::to_string(data.size() - pos) + ")");

  NerTagger tagger(ner::FeatureExtractor(lexicon, std::move(lists)));
  const auto* p = reinterpret_cast<const unsigned char*>(data.data() + pos);
  const auto* end = p + bytes;
  const std::size_t cap = TableSize(features);
  tagger.slots_.assign(cap, WeightSlot());
  std::size_t w = 0;
  std::array<std::uint8_t, 255> tags;
  std::array<float, 255> values;
  for (std::size_t f = 0; f < features; ++f) {
    if (end - p < 5) return Status::Error(path + ": truncated weights");
    const std::uint32_t key = GetU32(p);
    const std::uint8_t count = p[4];
    p += 5;
    if (key == 0 || count == 0 || end - p < 3 * count)
      return Status::Error(path + ": corrupt weights at feature " + std::to_string(f));
    std::size_t slot = key & (cap - 1);
    while (tagger.slots_[slot].key != 0) {
      if (tagger.slots_[slot].key == key)
        return Status::Error(path + ": feature " + std::to_string(key) + " appears twice");
      slot = (slot + 1) & (cap - 1);
    }
    if (w + count > weights) return Status::Error(path + ": more weights than the header says");
    for (int i = 0; i < count; ++i, p += 3, ++w) {
      if (p[0] >= ner::kNumTags) return Status::Error(path + ": tag out of range");
      const auto q = static_cast<std::int16_t>(static_cast<std::uint16_t>(p[1] | p[2] << 8));
      tags[static_cast<std::size_t>(i)] = p[0];
      values[static_cast<std::size_t>(i)] = static_cast<float>(q * scale);
    }
    tagger.Place(tagger.slots_[slot], key, tags.data(), values.data(), count);
  }
  tagger.num_features_ = features;
  return tagger;
}

}  // namespace newsgraph::extract
