// Lexicon: the gazetteers and word lists the extractors load from data/ (each file there
// notes its source). Loaded once, immutable afterwards, shared by every extractor and thread.
#pragma once

#include <bit>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "graph/status.h"

namespace newsgraph::extract {

// Hashes std::string and std::string_view alike, so lookups by a view do not allocate.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
// Abseil's hash of the bytes, for Abseil's tables keyed by text (std::string or views): its
// own hash of a std::string_view, a type it does not know (its absl::string_view is another),
// would fall back to std::hash.
struct FlatStringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return absl::Hash<absl::string_view>{}(absl::string_view(s.data(), s.size()));
  }
};
// Equal texts, as std::equal_to<> tells them, without the ordering std::string_view::compare
// works out (and which GCC leaves a call): sizes, then bytes.
struct FlatStringEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0;
  }
};

// A word's number in a Vocabulary. Word 0 is every word the vocabulary does not hold.
using WordId = std::uint32_t;
inline constexpr WordId kUnknownWord = 0;

// The words of every word list (and the one-word demonyms), numbered from 1, so that an
// extractor looks each token's text up once per document and then tests lists and matches
// phrases by comparing numbers. Words are exact byte strings ("Ministry" and "ministry" are two
// words). Filled by Lexicon::Load, immutable afterwards; thread-safe to read.
//
// Find() runs for every token of every document, so the words sit in an open-addressing table
// of their own rather than a std::unordered_map: one array of {hash tag, number} probed in a
// row, a hash that reads a short word in two loads, and the words' bytes compared only when
// the tag matches (a word of up to eight bytes by the number those loads make). Nothing
// iterates the table, so its order reaches no output.
class Vocabulary {
 public:
  // The number of `word`, or kUnknownWord when the vocabulary does not hold it.
  WordId Find(std::string_view word) const {
    if (word.size() <= kMaxPacked) return FindPacked(word.size(), Packed(word.data(), word.size()));
    const std::uint64_t h = Hash(word);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot slot = slots_[i];
      if (slot.id == kUnknownWord) return kUnknownWord;
      if (slot.tag == tag && Holds(slot.id, word)) return slot.id;
    }
  }
  // Find() of a word of at most this many bytes takes them as one number (Packed()).
  static constexpr std::size_t kMaxPacked = 8;
  // Find() of the word of `n` (0..kMaxPacked) bytes whose Packed() number is `packed`, for a
  // caller that has the number already (TokenWords, which lower-cases a word eight bytes at a
  // time): no byte of the word is read again, and a word of the table is compared by its
  // number (heads_) rather than by its bytes.
  WordId FindPacked(std::size_t n, std::uint64_t packed) const {
    const std::uint64_t h = Finish(n * kMul, packed);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot slot = slots_[i];
      if (slot.id == kUnknownWord) return kUnknownWord;
      if (slot.tag == tag && heads_[slot.id] == packed && WordSize(slot.id) == n) return slot.id;
    }
  }
  // The `n` (0..8) bytes at `p` as one number, byte k in bits 8k..8k+7 (whatever the
  // machine's byte order), in at most two loads, overlapping when fewer than 8.
  static std::uint64_t Packed(const char* p, std::size_t n) {
    if (n >= 4) return Load(p, 4) | Load(p + n - 4, 4) << (8 * (n - 4));
    if (n > 0)
      return Load(p, 1) | Load(p + n / 2, 1) << (8 * (n / 2)) | Load(p + n - 1, 1) << (8 * (n - 1));
    return 0;
  }
  // The number of `word`, given a new one if it has none yet.
  WordId Add(std::string_view word);
  // Every word's number is below size().
  std::size_t size() const { return begin_.size() - 1; }

 private:
  static constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;  // 2^64 / golden ratio, odd
  // The hash of any bytes, well spread over all 64 bits: eight bytes at a time, the last one
  // to eight as their Packed() number, so that FindPacked() hashes a short word as Find() does.
  static std::uint64_t Hash(std::string_view word) {
    const char* p = word.data();
    std::size_t n = word.size();
    std::uint64_t h = n * kMul;
    for (; n > 8; n -= 8, p += 8) {
      h = (h ^ Load(p, 8)) * kMul;
      h ^= h >> 29;
    }
    return Finish(h, Packed(p, n));  // the length is in h already
  }
  // The hash's last step, mixing in the number of the last one to eight bytes.
  static std::uint64_t Finish(std::uint64_t h, std::uint64_t last) {
    h = (h ^ last) * kMul;
    return h ^ (h >> 32);  // the low bits, the table index, from every byte
  }
  struct Slot {
    std::uint32_t tag = 0;     // the high half of the word's Hash()
    WordId id = kUnknownWord;  // kUnknownWord: an empty slot, which ends a probe
  };
  // `size` (1, 4 or 8) bytes at `p` as a number, the first byte in the low bits.
  static std::uint64_t Load(const char* p, std::size_t size) {
    if (size == 8) {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      return std::endian::native == std::endian::little ? v : ByteSwap(v);
    }
    if (size == 4) {
      std::uint32_t v;
      std::memcpy(&v, p, 4);
      return std::endian::native == std::endian::little ? v : ByteSwap(v) >> 32;
    }
    return static_cast<unsigned char>(*p);
  }
  static std::uint64_t ByteSwap(std::uint64_t v) { return __builtin_bswap64(v); }
  // Whether word `id` (of more than kMaxPacked bytes) is `word`.
  bool Holds(WordId id, std::string_view word) const {
    return WordSize(id) == word.size() &&
           std::memcmp(text_.data() + begin_[id], word.data(), word.size()) == 0;
  }
  std::size_t WordSize(WordId id) const { return begin_[id + 1] - begin_[id]; }
  std::string_view Word(WordId id) const {
    return std::string_view(text_).substr(begin_[id], begin_[id + 1] - begin_[id]);
  }
  void Insert(std::uint64_t hash, WordId id);

  // Word k is text_[begin_[k], begin_[k + 1]); word 0, kUnknownWord, is empty and in no slot.
  std::string text_;
  std::vector<std::size_t> begin_ = {0, 0};
  // The Packed() number of each word's first (up to) kMaxPacked bytes: a short word, most of
  // them, is compared by it alone (with its size).
  std::vector<std::uint64_t> heads_ = {0};
  // A power of two in size, at most a quarter full, so that every probe meets an empty slot
  // (soon: most tokens are words no list holds, whose probe ends only there).
  std::vector<Slot> slots_ = std::vector<Slot>(16);
  std::size_t mask_ = 15;
};

// The entries of one word list as sequences of word numbers, kept as a trie: a phrase of tokens
// is matched word by word from Root(), and a word with no Next() node means no entry starts
// with the words so far. Node numbers are valid only for the index that gave them.
class PhraseIndex {
 public:
  using Node = std::uint32_t;
  static constexpr Node kNoNode = 0;
  static Node Root() { return 1; }

  // The node after `word` from `node`, or kNoNode when no entry continues that way. From the
  // root (most calls: a phrase's first word) an array look-up, inline.
  Node Next(Node node, WordId word) const {
    if (node == Root()) return word < first_.size() ? first_[word] : kNoNode;
    return NextBelowRoot(node, word);
  }
  // The value of the entry that ends at `node`, or null when none does (or node is kNoNode).
  const std::string* Value(Node node) const { return entry_[node] ? &values_[node] : nullptr; }
  // Adds the entry made of `words` (none kUnknownWord) with `value`; an entry already there
  // keeps its value.
  void Add(const std::vector<WordId>& words, const std::string& value);

 private:
  Node NextBelowRoot(Node node, WordId word) const;
  Node NewNode();
  // Per node (index 0 is kNoNode): whether an entry ends there, and its value.
  std::vector<char> entry_ = std::vector<char>(2, 0);
  std::vector<std::string> values_ = std::vector<std::string>(2);
  std::vector<Node> first_;                       // the root's children, by word
  std::unordered_map<std::uint64_t, Node> next_;  // (node << 32 | word) -> child, below the root
};

// A word list from data/lists/NAME.txt: one entry per line, optionally a tab and a value
// ("director\theads"); '#' starts a comment line. Keys are stored as written; `index` holds
// the same entries by word number (words split at spaces).
struct WordList : StringMap<std::string> {
  PhraseIndex index;
  // The value of the one-word entry `word`, or null.
  const std::string* Find(WordId word) const {
    return index.Value(index.Next(PhraseIndex::Root(), word));
  }
  bool Contains(WordId word) const { return Find(word) != nullptr; }
  // Whether some entry starts with `word`: a phrase whose first word starts none matches none,
  // so most tokens need no phrase match at all.
  bool Starts(WordId word) const {
    return index.Next(PhraseIndex::Root(), word) != PhraseIndex::kNoNode;
  }
  // Adds an entry whose words are all in `vocab` (an entry already there is kept).
  void Add(const std::string& key, const std::string& value, const Vocabulary& vocab);
};

// Rules out, without hashing, most surfaces that are none of a set of names as written or with
// other letter case: it keeps each name's size with its first byte and with its last byte,
// both ASCII-lower-cased. MayHold() is true for every added name and for every surface that
// differs from one only in the case of ASCII letters. Immutable after Add(); thread-safe.
class NameFilter {
 public:
  void Add(std::string_view name);
  bool MayHold(std::string_view surface) const;

 private:
  static constexpr std::size_t kSizes = 64;  // longer names share the last row
  static std::size_t Bit(std::size_t size, char c);
  std::bitset<kSizes * 256> first_, last_;
};

// Rules out, without hashing a string, most texts that begin none of a set of names as written
// or with other letter case: it keeps a bit per ASCII-lower-cased prefix of each name (up to
// kMaxBytes bytes, packed into an integer and mixed). MayStart() is true for every prefix of an
// added name and for every text that differs from one only in the case of ASCII letters; a text
// longer than kMaxBytes is judged by its first kMaxBytes. Immutable after Add(); thread-safe.
class PrefixFilter {
 public:
  void Add(std::string_view name);
  bool MayStart(std::string_view text) const;

 private:
  static constexpr std::size_t kMaxBytes = 8;
  static constexpr int kBits = 16;
  // The bit of text's first `len` bytes (len <= kMaxBytes and <= text.size()).
  static std::size_t Bit(std::string_view text, std::size_t len);
  std::bitset<std::size_t{1} << kBits> bits_;
};

// One country: ISO 3166-1 alpha-2 code and canonical English short name.
struct Country {
  std::string code;
  std::string name;
};

class Lexicon {
 public:
  // Reads every lexicon file from `data_dir`. Fails with a message naming the missing or
  // malformed file and line.
  static Result<Lexicon> Load(const std::string& data_dir);
  // $NEWSGRAPH_DATA if set, else the data/ directory this build was configured with.
  static std::string DefaultDataDir();

  const std::vector<Country>& countries() const { return countries_; }
  // Index into countries() of a country name or short form as written ("Russian Federation",
  // "U.S."), or -1. Asked of many capitalised words: most are ruled out by a NameFilter
  // before any hashing, as are demonyms below.
  int CountryByName(std::string_view surface) const;
  // Whether some country name may begin with `text`, compared ASCII-case-insensitively (see
  // PrefixFilter): false rules out every CountryByName() of a surface that starts with `text`,
  // as written or title-cased, without building or hashing one.
  bool MayStartCountryName(std::string_view text) const {
    return country_name_starts_.MayStart(text);
  }
  // Every country name and short form as written, with its index into countries().
  const StringMap<int>& country_names() const { return country_names_; }
  // Index into countries() of a demonym or adjective as written ("Russian", "Kazakhs"), or -1.
  int CountryByDemonym(std::string_view surface) const;
  // Every demonym as written, with its index into countries().
  const StringMap<int>& demonyms() const { return demonyms_; }
  // The list data/lists/NAME.txt, or an empty list when there is no such file.
  const WordList& List(std::string_view name) const;
  bool InList(std::string_view list, std::string_view entry) const {
    const WordList& l = List(list);
    return l.find(entry) != l.end();
  }

  // Every word of every list entry, as written and ASCII-lower-cased, and every one-word
  // demonym lower-cased.
  const Vocabulary& vocabulary() const { return vocabulary_; }

  // The longest country name or demonym, in words; bounds the extractors' look-ahead.
  std::size_t max_name_words() const { return max_name_words_; }

 private:
  std::vector<Country> countries_;
  StringMap<int> country_names_;
  StringMap<int> demonyms_;
  NameFilter country_name_filter_, demonym_filter_;  // of the keys of the two maps above
  PrefixFilter country_name_starts_;                 // of the keys of country_names_
  std::size_t max_name_words_ = 1;
  StringMap<WordList> lists_;
  Vocabulary vocabulary_;
};

// The numbers of the words of `phrase` (split at single spaces) in `vocab`, kUnknownWord for a
// word it does not hold.
std::vector<WordId> PhraseWords(std::string_view phrase, const Vocabulary& vocab);

}  // namespace newsgraph::extract
