#include "extract/entity_extractor.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cassert>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "extract/thread_scratch.h"
#include "graph/knowledge_graph.h"

namespace newsgraph::extract {
namespace {

// ASCII only, which is what std::tolower does in the "C" locale the library runs in, without a
// call into libc per byte; UTF-8 sequences are left alone.
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Whether `w` is the literal `lit`: sizes, then bytes, which for a literal's constant size the
// compiler compares inline (std::string_view's operator== leaves a call to compare()).
template <std::size_t N>
inline bool Is(std::string_view w, const char (&lit)[N]) {
  return w.size() == N - 1 && std::memcmp(w.data(), lit, N - 1) == 0;
}

// Words that may sit inside a name between capitalised words: "Ministry of Foreign
// Affairs", "Department for Counter-Terrorism and Extremism", "Islamic State of Iraq and the
// Levant", "Abu Bakr al Baghdadi".
// Asked of most tokens of every name: every connector has two or three bytes, so the others are
// ruled out by their size, and the rest compared inline (Is), not through
// std::string_view::compare, which GCC leaves a call.
bool IsConnector(std::string_view w) {
  if (w.size() == 2)
    return Is(w, "of") || Is(w, "on") || Is(w, "de") || Is(w, "du") || Is(w, "al");
  if (w.size() == 3)
    return Is(w, "the") || Is(w, "and") || Is(w, "for") || Is(w, "bin") || Is(w, "ibn") ||
           Is(w, "von") || Is(w, "van") || Is(w, "der");
  return false;
}

// Used only when data/lists/reporting_verbs.txt is absent: the commonest speech verbs.
bool IsBuiltinReportingVerb(std::string_view w) {
  static constexpr std::array<std::string_view, 24> kVerbs = {
      "said",     "says",      "say",     "told",     "tells",     "added",
      "adds",     "stated",    "states",  "declared", "announced", "warned",
      "stressed", "noted",     "claimed", "explained", "insisted", "confirmed",
      "assured",  "clarified", "urged",   "commented", "argued",   "believes"};
  return std::find(kVerbs.begin(), kVerbs.end(), w) != kVerbs.end();
}

// A token of Latin script that starts with a capital, or an Arabic-style particle joined to a
// capitalised name ("al-Assad", "bin-Laden"). Names in other scripts are left to a tagger:
// in English news they are page furniture far more often than article text.
bool LatinCapital(std::string_view w) {
  if (w.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(w[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';  // std::isupper in the "C" locale, without a call
  // U+00C0..U+017F (Latin-1 Supplement and Latin Extended-A) start with 0xC3..0xC5.
  return c >= 0xC3 && c <= 0xC5;
}

bool ParticleNameAfterHyphen(std::string_view w);

// Asked of most words: the test that rules out nearly all of them is inline.
inline bool ParticleName(std::string_view w) {
  // Every particle starts with one of these letters and is followed by at least two bytes.
  if (w.size() < 4 || (w[0] != 'a' && w[0] != 'e' && w[0] != 'b' && w[0] != 'i')) return false;
  if (w[2] != '-' && w[3] != '-') return false;  // every particle ends with its hyphen
  return ParticleNameAfterHyphen(w);
}

bool ParticleNameAfterHyphen(std::string_view w) {
  for (std::string_view p : {"al-", "el-", "bin-", "ibn-", "ad-", "as-", "ash-", "at-", "az-"}) {
    if (w.size() > p.size() + 1 && w.substr(0, p.size()) == p &&
        std::isupper(static_cast<unsigned char>(w[p.size()])))
      return true;
  }
  return false;
}

// How many surnames an article's persons must have for ExtractorRun::Link to sort them and
// search them by halves rather than from the front for each word it asks about: a news
// article has a few, a long text thousands.
constexpr std::size_t kSortSurnamesFrom = 32;

// How many names ExtractorRun::Link must have kept for it to find what a description or a
// generic name refers to among the organizations filed by the parts of their names
// (EarlierOrganizations) rather than by going through them all: filing them costs more than
// going through a news article's few.
constexpr std::size_t kIndexOrganizationsFrom = 64;

// Calls f(word) for each word of `name`, the runs of bytes between its spaces, until it returns
// true; returns whether one did.
template <typename F>
bool AnyWord(std::string_view name, F f) {
  for (std::size_t b = 0; b <= name.size();) {
    const std::size_t e = std::min(name.find(' ', b), name.size());
    if (e > b && f(name.substr(b, e - b))) return true;
    b = e + 1;
  }
  return false;
}

// Whether `word` is one of the words of `name`.
bool HasWord(std::string_view name, std::string_view word) {
  return AnyWord(name, [&](std::string_view w) { return w == word; });
}

// The organizations an article has named so far, as ExtractorRun::Link() keeps them, by the
// parts of their normalised names that a later description ("the Committee") or generic name
// ("Security Council") is matched with, each part with the latest organization that has it:
// a long text's descriptions each compared with every organization before them took Link time
// in their number times the organizations'. Holds views into the names, which must outlive it.
class EarlierOrganizations {
 public:
  void Clear() {
    leading_.clear();
    words_.clear();
    parts_.clear();
    long_names_.clear();
  }
  // Files organization j, later than every one filed before, by its normalised text and
  // canonical name (either may be empty) and its key.
  void Add(std::size_t j, std::string_view text, std::string_view canonical,
           std::string_view key) {
    for (std::string_view name : {text, canonical}) {
      if (name.empty()) continue;
      std::size_t spaces = 0;
      for (std::size_t q = 0; q < name.size(); ++q) {
        if (name[q] != ' ') continue;
        leading_[name.substr(0, q)] = j;
        ++spaces;
      }
      AnyWord(name, [&](std::string_view w) {
        words_[w] = j;
        return false;
      });
      if (spaces > kMaxSpaces) {
        long_names_.emplace_back(j, name);
        continue;
      }
      // Every run from a start (the name's, or after a space) to an end (a space, or the
      // name's) but the whole name.
      for (std::size_t a = 0; a <= name.size(); ++a) {
        if (a > 0 && name[a - 1] != ' ') continue;
        for (std::size_t e = a; e <= name.size(); ++e) {
          if ((e < name.size() && name[e] != ' ') || (a == 0 && e == name.size())) continue;
          parts_[name.substr(a, e - a)] = j;
        }
      }
    }
    for (std::size_t q = key.find(" of "); q != std::string_view::npos; q = key.find(" of ", q + 1))
      parts_[key.substr(0, q)] = j;
  }
  // The latest whose text or canonical name starts with `word` and a space.
  std::optional<std::size_t> LatestLeading(std::string_view word) const {
    return Find(leading_, word);
  }
  // The latest with `word` as one of the words of its text or canonical name.
  std::optional<std::size_t> LatestWithWord(std::string_view word) const {
    return Find(words_, word);
  }
  // The latest whose text or canonical name holds `me` after its start or a space and before
  // its end or a space, and is longer, or whose key starts with `me` and " of ".
  std::optional<std::size_t> LatestHolding(std::string_view me) const {
    std::optional<std::size_t> found = Find(parts_, me);
    for (std::size_t k = long_names_.size(); k-- > 0;) {
      const auto& [j, name] = long_names_[k];
      if (found && *found >= j) break;
      if (Holds(name, me)) {
        found = j;
        break;
      }
    }
    return found;
  }

 private:
  // Names of more spaces than this are not filed by their parts (as many as their spaces
  // squared) but asked about each time.
  static constexpr std::size_t kMaxSpaces = 15;
  using Latest = absl::flat_hash_map<std::string_view, std::size_t>;
  static std::optional<std::size_t> Find(const Latest& m, std::string_view key) {
    const auto it = m.find(key);
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
  static bool Holds(std::string_view name, std::string_view me) {
    if (name.size() <= me.size()) return false;
    const std::string inside = " " + std::string(me) + " ";
    return (name.starts_with(me) && name[me.size()] == ' ') ||
           (name.ends_with(me) && name[name.size() - me.size() - 1] == ' ') ||
           name.find(inside) != std::string_view::npos;
  }
  Latest leading_, words_, parts_;
  std::vector<std::pair<std::size_t, std::string_view>> long_names_;
};

bool AllCapsAcronym(std::string_view w) {
  int upper = 0;
  for (unsigned char c : w) {
    if (c >= 'A' && c <= 'Z') ++upper;  // std::isupper in the "C" locale, without a call
    else if (c != '.' && c != '-' && c != '&') return false;
  }
  return upper >= 2 && upper <= 6;
}

// A compound adjective made of a name and a participle ("UK-based", "Kurdish-controlled",
// "US-led", "Moscow-born"): it describes the name after it and is no part of any name.
bool CompoundAdjective(std::string_view w) {
  const std::size_t h = w.rfind('-');
  if (h == std::string_view::npos || h == 0 || w.size() - h < 4) return false;
  const std::string_view tail = w.substr(h + 1);
  for (char c : tail)
    if (c < 'a' || c > 'z') return false;
  return tail.ends_with("ed") || Is(tail, "run") || Is(tail, "born") ||
         Is(tail, "held") || Is(tail, "built") || Is(tail, "made") || Is(tail, "wide");
}

// A cheap fingerprint of a word: its length and three of its bytes, mixed so that its high
// bits depend on all four. Equal words have equal fingerprints, so a bit set per fingerprint
// of a set's words rules most other words out before any hashing. `bits` (at most 32) is the
// fingerprint's width.
std::size_t Fingerprint(std::string_view w, int bits) {
  if (w.empty()) return 0;
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(w[i]));
  };
  const std::uint32_t h =
      ((static_cast<std::uint32_t>(w.size()) * 131 + byte(0)) * 131 + byte(w.size() / 2)) * 131 +
      byte(w.size() - 1);
  return (h * 0x9E3779B1u) >> (32 - bits);
}
// The gazetteer's prefixes number in the tens of thousands: a million bits keep most
// fingerprints of other words clear.
constexpr int kPrefixFingerprintBits = 20;

// Sets `flag` in words[n] for every vocabulary number n of a key of `keys` lower-cased (the
// vocabulary holds every list word lower-cased). A key of several words could be one token only
// if a token held a space: then every word is marked, and the filter lets every token through.
template <typename Map>
void MarkLowerKeyWords(const Map& keys, const Vocabulary& vocab, std::uint8_t flag,
                       std::vector<std::uint8_t>& words) {
  for (const auto& [key, value] : keys) {
    if (key.find(' ') != std::string::npos) {
      for (std::uint8_t& w : words) w |= flag;
      return;
    }
    words[vocab.Find(Lower(key))] |= flag;
  }
}

// The words of a document that some later question may ask about, out of many words offered:
// a word is kept only when its signature (Fingerprint) is that of a word
// announced by MayAsk(), so most offered words are never hashed nor stored. Contains(w) is
// exact for every w announced before the words were offered; it must not be asked of others.
class AskedWordSet {
 public:
  explicit AskedWordSet(std::pmr::memory_resource* arena) : words_(arena) {}
  void MayAsk(std::string_view w) { signatures_.set(Fingerprint(w, kBits)); }
  void Offer(std::string_view w) {
    if (signatures_.test(Fingerprint(w, kBits))) words_.insert(w);
  }
  bool Contains(std::string_view w) const {
    assert(signatures_.test(Fingerprint(w, kBits)));
    return words_.count(w) > 0;
  }

 private:
  static constexpr int kBits = 12;
  std::bitset<std::size_t{1} << kBits> signatures_;
  std::pmr::unordered_set<std::string_view> words_;
};

EntityType ParseTypeOr(std::string_view s, EntityType fallback) {
  auto t = ParseEntityType(s);
  return t ? *t : fallback;
}

}  // namespace

EntityExtractor::EntityExtractor(const Lexicon& lexicon) : lex_(lexicon) {
  auto load = [&](std::string_view list, EntityType type) {
    for (const auto& [entry, value] : lex_.List(list)) {
      Entry e{type, value.empty() ? entry : value};
      gazetteer_.emplace(entry, e);
      std::size_t words = 1 + std::count(entry.begin(), entry.end(), ' ');
      max_gazetteer_words_ = std::max(max_gazetteer_words_, words);
    }
  };
  // Earlier lists win a name listed twice: agencies and outlets are more specific.
  load("government_agencies", EntityType::kGovernmentOrganization);
  load("news_media", EntityType::kNewsMediaOrganization);
  load("armed_groups", EntityType::kOrganization);
  load("international_orgs", EntityType::kOrganization);
  load("political_parties", EntityType::kOrganization);
  load("regions", EntityType::kPlace);
  load("cities", EntityType::kPlace);
  max_gazetteer_words_ = std::max(max_gazetteer_words_, lex_.max_name_words());
  gazetteer_prefix_bits_.assign(std::size_t{1} << kPrefixFingerprintBits, false);
  gazetteer_entry_bits_.assign(std::size_t{1} << kPrefixFingerprintBits, false);
  for (const Country& c : lex_.countries()) country_entries_.push_back({EntityType::kCountry, c.name});
  // `entry` is a key of gazetteer_ or of lex_.country_names(), which the views of its prefixes
  // point into.
  auto add_prefixes = [&](std::string_view entry) {
    // The keys hold every prefix of every key (an entry's prefixes go in together), so once a
    // prefix of `entry` is there, every shorter one is: they go in longest first, until one is.
    for (std::size_t len = entry.size(); len > 0; --len) {
      const std::string_view prefix = entry.substr(0, len);
      if (!gazetteer_prefixes_.emplace(prefix, nullptr).second) break;
      gazetteer_prefix_bits_[Fingerprint(prefix, kPrefixFingerprintBits)] = true;
      gazetteer_first_bytes_[static_cast<unsigned char>(prefix[0])] = true;
    }
  };
  for (const auto& [entry, e] : gazetteer_) add_prefixes(entry);
  for (const auto& [name, index] : lex_.country_names()) add_prefixes(name);
  // The entry each key completes, set once all are keys (every non-empty entry is its own
  // longest prefix): the gazetteer's first, as within a phrase it wins over a country name.
  auto complete = [&](std::string_view entry, const Entry* e) {
    const auto it = gazetteer_prefixes_.find(entry);
    if (it == gazetteer_prefixes_.end()) return;
    if (!it->second) it->second = e;
    gazetteer_entry_bits_[Fingerprint(entry, kPrefixFingerprintBits)] = true;
  };
  for (const auto& [entry, e] : gazetteer_) complete(entry, &e);
  for (const auto& [name, index] : lex_.country_names())
    complete(name, &country_entries_[static_cast<std::size_t>(index)]);
  common_words_ = &lex_.List("common_words");
  reporting_verbs_ = &lex_.List("reporting_verbs");
  honorifics_ = &lex_.List("honorifics");
  generic_org_words_ = &lex_.List("generic_org_words");
  place_cues_ = &lex_.List("place_cues");
  for (const auto& [cue, type] : lex_.List("org_cues"))
    cues_.emplace(cue, ParseTypeOr(type, EntityType::kOrganization));
  word_flags_.assign(lex_.vocabulary().size(), 0);
  for (std::size_t id = 0; id < word_flags_.size(); ++id)
    if (common_words_->Contains(static_cast<WordId>(id))) word_flags_[id] |= kCommonWord;
  MarkLowerKeyWords(cues_, lex_.vocabulary(), kCueWord, word_flags_);
  for (const auto& [cue, type] : cues_)
    cues_by_word_.Add(cue, lex_.vocabulary().Find(Lower(cue)), type);
  for (const auto& [h, value] : *honorifics_)
    honorifics_by_word_.Add(h, lex_.vocabulary().Find(Lower(h)), true);
  for (const auto& [cue, value] : *place_cues_)
    place_cues_by_word_.Add(cue, lex_.vocabulary().Find(Lower(cue)), true);
  MarkLowerKeyWords(*honorifics_, lex_.vocabulary(), kHonorificWord, word_flags_);
  MarkLowerKeyWords(*place_cues_, lex_.vocabulary(), kPlaceCueWord, word_flags_);
  // Demonyms are asked of single tokens, which hold no space (Tokenize splits at whitespace):
  // one of several words ("South African") is never asked of a token and marks no word. The
  // lexicon numbers every one-word demonym lower-cased, so a word it lacks (kUnknownWord, most
  // capitalised words) is marked by none and asked no lookup.
  for (const auto& [demonym, country] : lex_.demonyms())
    if (demonym.find(' ') == std::string::npos)
      word_flags_[lex_.vocabulary().Find(Lower(demonym))] |= kDemonymWord;
  for (const auto& [role, rel] : lex_.List("roles")) {
    const std::vector<WordId> words = PhraseWords(Lower(role), lex_.vocabulary());
    roles_.Add(words, {});
    word_flags_[words.back()] |= kRoleEnd;
    max_role_words_ =
        std::max(max_role_words_, 1 + static_cast<std::size_t>(std::count(role.begin(), role.end(), ' ')));
  }
}

// The state of one Extract() call: the document's tokens and what is known about them.
class ExtractorRun {
  struct Found {
    std::size_t first, last;  // token range [first, last)
    Mention m;
    bool from_gazetteer = false;
    bool guessed = false;  // typed by the default rule alone, with no cue, list or context
  };
  struct GazMatch {
    std::size_t len = 0;
    const EntityExtractor::Entry* entry = nullptr;
  };
  // What Prepare() finds out about each token (facts_[n_] only closes the gazetteer matches
  // of the last token). Bools and numbers, not chars: a store through a char may alias
  // anything, and the compiler would reload every pointer of the run after each.
  // The token's lower-cased word and its vocabulary number are not here but in the arrays
  // they are read from (LW, Id): copying them into every token's facts cost the pass more than
  // reading them from there the few times they are asked.
  struct TokenFacts {
    int demonym = -1;          // the country of a demonym, or -1
    // The gazetteer matches starting at token k are gaz_[facts_[k].gaz_begin,
    // facts_[k + 1].gaz_begin), {end token, entry} by increasing end: the dateline fallback
    // (CapsGaz) first, then those of FindGaz.
    std::uint32_t gaz_begin = 0;
    // Whether a sentence of sentence_tokens_ starts at the token: SentenceStart() tells the
    // rest (after a newline or an opening quote) from the tokens, asked of the few tokens that
    // may be names rather than stored for every token.
    bool sentence_start = false;
    bool title_line = false;
    bool common = false;    // a common word
    bool name_tok = false;  // may be part of a name
  };
  // Numbers (of tokens, or of words) that Prepare()'s per-token pass lists, at most one per
  // token: room for them all is taken before the pass, so that an entry costs a store, with no
  // capacity test nor growth. A push_back's growth path, in that pass, made it too large for
  // GCC to inline the rest, which then cost more than the pushes themselves.
  class TokenList {
   public:
    // Empties the list, with room for `n` entries.
    void Reset(std::size_t n) {
      if (room_ < n) {
        data_ = std::make_unique_for_overwrite<std::uint32_t[]>(n);
        room_ = n;
      }
      size_ = 0;
    }
    void Add(std::uint32_t v) {
      assert(size_ < room_);
      data_[size_++] = v;
    }
    void clear() { size_ = 0; }
    const std::uint32_t* begin() const { return data_.get(); }
    const std::uint32_t* end() const { return data_.get() + size_; }

   private:
    std::unique_ptr<std::uint32_t[]> data_;
    std::size_t size_ = 0, room_ = 0;
  };

 public:
  // The storage of a run's per-token tables, names and sets, kept from one run to the next on
  // a thread (ThreadScratch, in RunOnThread) so that a document costs no allocation for them
  // once an earlier one was as long. Between runs lower_seen_id is all clear, owner all -1 and
  // gaz, found, added, merged and singles are empty (~ExtractorRun, Link); Prepare() and Link()
  // refill the other tables before reading them.
  struct Buffers {
    std::vector<TokenFacts> facts;
    // The run's own lower-cased words (Prepare), when it cannot use the shared ones.
    std::string lower_text;
    std::vector<std::size_t> lower_begin;
    std::vector<WordId> lower_ids;
    std::vector<std::pair<std::size_t, const EntityExtractor::Entry*>> gaz;
    TokenList name_candidates, lower_unknown, capitalized;
    // The tokens that start a listed name (a gazetteer match or the dateline fallback), and
    // the tokens a chunk may start at: those and the name words (see Run).
    TokenList gaz_starts;
    std::vector<std::uint32_t> chunk_starts;
    std::unique_ptr<bool[]> lower_seen_id;  // for lower_seen_words words
    std::size_t lower_seen_words = 0;
    TokenList lower_seen_set;  // of word numbers
    std::vector<int> owner;  // by token, the name of found holding it, or -1 (Link)
    std::vector<std::string_view> surnames;
    // Link's normalised names by kept index, whether each is made, and the first person of
    // each surname.
    std::vector<std::string> norm_text, norm_canonical;
    std::vector<char> normalized;
    absl::flat_hash_map<std::string_view, std::size_t> first_by_surname;
    EarlierOrganizations organizations;  // Link's
    std::string scratch;
    std::vector<Found> found;
    // The names Link() adds to found, and found and those merged in text order (swapped with
    // found): kept with their capacity, as a Found costs a lot to move when a vector grows.
    std::vector<Found> added, merged;
    std::vector<std::size_t> demonyms, after_the;  // of the capitalized words (Link)
    std::vector<std::pair<std::size_t, std::size_t>> singles;
    std::vector<std::byte> arena = std::vector<std::byte>(std::size_t{16} << 10);
  };

  ExtractorRun(const EntityExtractor& x, Buffers& buffers, const Document& doc,
               const std::vector<Token>& toks, const std::vector<TokenRange>* sentence_tokens,
               const TokenWords* words)
      : x_(x),
        lex_(x.lex_),
        doc_(doc),
        toks_(toks),
        sentence_tokens_(sentence_tokens),
        words_(words),
        n_(toks.size()),
        buf_(buffers) {}
  ExtractorRun(const ExtractorRun&) = delete;
  ExtractorRun& operator=(const ExtractorRun&) = delete;
  // Leaves the buffers as Buffers says, for the next run.
  ~ExtractorRun() {
    for (WordId id : lower_seen_set_) lower_seen_id_[id] = false;
    lower_seen_set_.clear();
    // Link() clears the entries it set; a run cut short by an exception may not have.
    if (owner_set_) std::fill(buf_.owner.begin(), buf_.owner.end(), -1);
    gaz_.clear();
    found_.clear();
    buf_.added.clear();
    buf_.merged.clear();
    singles_.clear();
  }

  std::vector<Mention> Run(const EntityExtractor::TaggerFn* tagger);

  // Run() on this thread's buffers (on buffers of its own when a run on this thread is under
  // way, should a tagger call back into an extractor).
  static std::vector<Mention> RunOnThread(const EntityExtractor& x, const Document& doc,
                                          const std::vector<Token>& toks,
                                          const std::vector<TokenRange>* sentence_tokens,
                                          const TokenWords* words,
                                          const EntityExtractor::TaggerFn* tagger) {
    const ThreadScratch<Buffers> buffers;
    return ExtractorRun(x, *buffers, doc, toks, sentence_tokens, words).Run(tagger);
  }

 private:
  // doc_.Slice(toks_[k].span) without its range check: a token's span lies in the text.
  std::string_view W(std::size_t k) const {
    const Span& sp = toks_[k].span;
    return std::string_view(doc_.text.data() + sp.begin, sp.end - sp.begin);
  }
  // A view, so that comparing it with a literal is a length check, not a call.
  std::string_view LW(std::size_t k) const { return words_of_run_.low(k); }
  // The vocabulary number of LW(k), for a token k < n_.
  WordId Id(std::size_t k) const { return words_of_run_.ids[k]; }
  // The text of tokens [a, b) as names are written: one space where the text has any between
  // two tokens. Most names are written so already (single spaces): then it is their text, copied
  // at once.
  std::string Surface(std::size_t a, std::size_t b) const {
    assert(a < b);  // every caller names at least one token
    const char* const text = doc_.text.data();
    bool as_written = true;
    for (std::size_t i = a + 1; i < b && as_written; ++i) {
      const std::size_t end = toks_[i - 1].span.end, gap = toks_[i].span.begin - end;
      as_written = gap == 0 || (gap == 1 && text[end] == ' ');
    }
    if (as_written)
      return std::string(text + toks_[a].span.begin, toks_[b - 1].span.end - toks_[a].span.begin);
    std::string s;
    for (std::size_t i = a; i < b; ++i) {
      if (i > a && toks_[i].span.begin > toks_[i - 1].span.end) s += ' ';
      s += W(i);
    }
    return s;
  }
  bool IsWord(std::size_t k) const {
    return k < n_ && (toks_[k].kind == TokenKind::kWord || toks_[k].kind == TokenKind::kAbbrev);
  }
  bool Common(std::size_t k) const {
    return k < n_ ? facts_[k].common : x_.common_words_->count(std::string_view()) > 0;
  }
  bool ReportingVerb(std::size_t k) const {
    if (k >= n_) return false;
    const WordList& l = *x_.reporting_verbs_;
    return l.empty() ? IsBuiltinReportingVerb(LW(k)) : l.Contains(Id(k));
  }
  bool Cue(std::size_t k) const {
    return IsWord(k) && (x_.word_flags_[Id(k)] & EntityExtractor::kCueWord) &&
           x_.cues_by_word_.Find(Id(k), W(k));
  }
  // "Councils", "Services" as the head of a phrase name a kind, not one body.
  bool PluralCue(std::size_t k) const {
    if (!IsWord(k) || Cue(k)) return false;
    std::string_view w = W(k);
    return w.size() > 3 && w.back() == 's' && x_.cues_.count(w.substr(0, w.size() - 1)) > 0;
  }
  // Asked only of a cue (Cue(k)).
  EntityType CueType(std::size_t k) const { return *x_.cues_by_word_.Find(Id(k), W(k)); }
  bool Honorific(std::size_t k) const {
    return IsWord(k) && (x_.word_flags_[Id(k)] & EntityExtractor::kHonorificWord) &&
           x_.honorifics_by_word_.Find(Id(k), W(k));
  }
  int Demonym(std::size_t k) const { return k < n_ ? facts_[k].demonym : -1; }
  // Length in tokens of the role title starting at k ("prime minister" -> 2), or 0.
  std::size_t RoleAt(std::size_t k, std::size_t limit) const;
  // Length in tokens of the role title ending just before k, or 0.
  std::size_t RoleBefore(std::size_t k) const;
  // The longest gazetteer entry starting at k and ending by `limit` (> k). A match of FindGaz
  // of one token comes after the dateline fallback's, and wins over it.
  // Inline: asked several times of most tokens.
  GazMatch Gaz(std::size_t k, std::size_t limit) const {
    if (k >= n_) return {};
    for (std::size_t i = facts_[k + 1].gaz_begin; i-- > facts_[k].gaz_begin;) {
      if (gaz_[i].first <= limit) return {gaz_[i].first - k, gaz_[i].second};
    }
    return {};
  }
  // Does a sentence start at token k: a sentence of sentence_tokens_ (or its first word after
  // quotes and dashes), a line, or the words after an opening quote?
  bool SentenceStart(std::size_t k) const {
    return facts_[k].sentence_start || toks_[k].newline_before ||
           (k > 0 && toks_[k - 1].kind == TokenKind::kOpenQuote);
  }
  // Whether some gazetteer entry or country name may start with the bytes of `w`: false rules
  // every entry out without hashing (by the first byte, then the fingerprint).
  bool MayStartGaz(std::string_view w) const {
    return !w.empty() && x_.gazetteer_first_bytes_[static_cast<unsigned char>(w[0])] &&
           x_.gazetteer_prefix_bits_[Fingerprint(w, kPrefixFingerprintBits)];
  }
  // Whether some gazetteer entry or country name may start at word k, whose text is `w`:
  // false rules every entry out by fingerprints, without hashing. An entry found is word k
  // itself, or a longer phrase, of which the phrase of tokens k and k + 1 is a prefix and so a
  // key: when the fingerprints rule out both, they rule out every entry. Inline, and one
  // fingerprint of `w` for both of its tests: asked of every word, and most that pass the
  // first ("the", "a": prefixes of entries) start none here.
  bool MayStartGazAt(std::size_t k, std::string_view w) const {
    if (w.empty() || !x_.gazetteer_first_bytes_[static_cast<unsigned char>(w[0])]) return false;
    const std::size_t fingerprint = Fingerprint(w, kPrefixFingerprintBits);
    if (!x_.gazetteer_prefix_bits_[fingerprint]) return false;
    if (x_.gazetteer_entry_bits_[fingerprint]) return true;
    if (k + 1 >= n_ || toks_[k + 1].newline_before) return false;
    // Past other spacing than one space FindGaz decides.
    const Span& sp = toks_[k].span;
    const std::size_t gap = toks_[k + 1].span.begin - sp.end;
    if (gap != 0 && (gap != 1 || doc_.text[sp.end] != ' ')) return true;
    return MayStartGaz(
        std::string_view(doc_.text.data() + sp.begin, toks_[k + 1].span.end - sp.begin));
  }
  // Every gazetteer entry or country name starting at word k, shortest first, into gaz_;
  // whether there is any. Asked only where MayStartGazAt(k, W(k)).
  bool FindGaz(std::size_t k);
  // The dateline fallback for an all-capitals word k into gaz_, as a match of one token;
  // whether there is one. Asked before FindGaz(k).
  bool CapsGaz(std::size_t k);
  bool NameTok(std::size_t k) const { return k < n_ && facts_[k].name_tok; }
  bool NameInArticle(std::size_t k) const;

  void Prepare();
  void Chunk(std::size_t a, std::size_t b);
  void Bare(std::size_t a, std::size_t b, bool person_context);
  std::size_t OrgEnd(std::size_t c, std::size_t b) const;
  // `canonical`: a gazetteer entry's canonical name, or empty.
  void Emit(std::size_t a, std::size_t b, EntityType type, const std::string& canonical = {},
            bool gazetteer = false);
  void Link();
  std::string KeyOf(const Found& f) const;

  const EntityExtractor& x_;
  const Lexicon& lex_;
  const Document& doc_;
  const std::vector<Token>& toks_;
  // The token range of each sentence of SplitSentences(doc_.text, toks_), or null.
  const std::vector<TokenRange>* sentence_tokens_;
  const TokenWords* words_;             // TokenWords(doc_, toks_, vocabulary), or null
  // The lower-cased word of each token and its vocabulary number (LW, Id): words_'s, or the
  // run's own in buf_ (Prepare).
  internal::WordArrays words_of_run_;
  const std::size_t n_;
  Buffers& buf_;
  // Views into lower_text_ and the document's text, both fixed for the run: no string per insert.
  // The sets take their nodes from arena_, freed at once with the run: a document inserts a
  // word for most of its tokens, and a heap allocation per word cost more than the hashing.
  // The arena starts in the thread's buffer and takes more from the heap only beyond it.
  std::pmr::monotonic_buffer_resource arena_{buf_.arena.data(), buf_.arena.size()};
  // lower_seen_: the unknown words (kUnknownWord) the article writes in lower case, asked
  // about for capitalised words and particle names; body_caps_: the words its body
  // capitalises, asked about for the words of Title Case lines.
  AskedWordSet lower_seen_{&arena_}, body_caps_{&arena_};
  // Whether the article writes the word in lower case, by word number, for the words the
  // lexicon knows (most of the lower-case words); the others are in lower_seen_. Kept all
  // clear between runs: the run clears the entries it set, listed in lower_seen_set_.
  std::unique_ptr<bool[]>& lower_seen_id_ = buf_.lower_seen_id;
  TokenList& lower_seen_set_ = buf_.lower_seen_set;
  // Does the article write the word of token k in lower case somewhere?
  bool LowerSeen(std::size_t k) const {
    const WordId id = Id(k);
    return id != kUnknownWord ? lower_seen_id_[id] : lower_seen_.Contains(LW(k));
  }
  std::vector<TokenFacts>& facts_ = buf_.facts;
  std::string& lower_text_ = buf_.lower_text;
  std::vector<std::pair<std::size_t, const EntityExtractor::Entry*>>& gaz_ = buf_.gaz;
  std::string& scratch_ = buf_.scratch;
  std::vector<Found>& found_ = buf_.found;
  std::vector<std::pair<std::size_t, std::size_t>>& singles_ = buf_.singles;  // unresolved one-word names
  bool owner_set_ = false;  // whether buf_.owner holds entries of this run (Link)
};

std::size_t ExtractorRun::RoleAt(std::size_t k, std::size_t limit) const {
  std::size_t best = 0;
  PhraseIndex::Node node = PhraseIndex::Root();
  for (std::size_t i = k; i < std::min(limit, k + x_.max_role_words_); ++i) {
    if (!IsWord(i)) break;
    node = x_.roles_.Next(node, Id(i));
    if (node == PhraseIndex::kNoNode) break;  // no title starts with these words
    if (x_.roles_.Value(node)) best = i - k + 1;
  }
  return best;
}

std::size_t ExtractorRun::RoleBefore(std::size_t k) const {
  // A title ending just before k ends with the word of token k - 1.
  if (k == 0 || !(x_.word_flags_[Id(k - 1)] & EntityExtractor::kRoleEnd)) return 0;
  for (std::size_t len = std::min(k, x_.max_role_words_); len >= 1; --len) {
    if (RoleAt(k - len, k) == len) return len;
  }
  return 0;
}

// The phrases starting at k grow one token at a time; once a phrase is no prefix of any entry,
// no longer one can be an entry. Within a length the gazetteer wins over a country name.
bool ExtractorRun::FindGaz(std::size_t k) {
  const std::size_t limit = std::min(n_, k + x_.max_gazetteer_words_);
  // The phrase of tokens [k, i] as entries are written: its tokens joined by one space where
  // the text has any space between them. While the text between them is nothing or one space,
  // that is the text itself, and the phrase a view of it; past other spacing ("New  York",
  // a tab) the phrase is built in scratch_.
  const char* const text = doc_.text.data();
  const std::size_t begin = toks_[k].span.begin;
  bool in_text = true;
  std::string& built = scratch_;
  std::string_view phrase = W(k);
  const std::size_t found = gaz_.size();
  for (std::size_t i = k;;) {
    // Every key is a prefix of an entry, so a phrase that may start none is no key: past the
    // first word (which the caller filtered), most phrases end the search without a hash.
    if (i > k && !MayStartGaz(phrase)) break;
    const auto it = x_.gazetteer_prefixes_.find(phrase);
    if (it == x_.gazetteer_prefixes_.end()) break;
    if (IsWord(i) && it->second) gaz_.emplace_back(i + 1, it->second);
    if (++i >= limit || toks_[i].newline_before) break;
    const std::size_t end = toks_[i - 1].span.end, gap = toks_[i].span.begin - end;
    if (in_text && (gap == 0 || (gap == 1 && text[end] == ' '))) {
      phrase = std::string_view(text + begin, toks_[i].span.end - begin);
      continue;
    }
    if (in_text) built.assign(phrase);
    in_text = false;
    if (gap > 0) built += ' ';
    built += W(i);
    phrase = built;
  }
  return gaz_.size() != found;
}

// A dateline or photo credit in capitals ("MOSCOW,", "©REUTERS"): the entry of the title-cased
// word when the gazetteer has one that is no organization, else its country at a line's start.
bool ExtractorRun::CapsGaz(std::size_t k) {
  // The word title-cased: its lower-cased form (LW, ASCII only, as std::tolower in the "C"
  // locale) with the first byte upper-cased again (an all-capitals word starts with 'A'..'Z'),
  // written over the scratch string's bytes rather than appended byte by byte. LW keeps the
  // typographic apostrophe only because Prepare uses the shared words (which fold it to ')
  // just for texts without one: "XI’AN" must stay "Xi’an", which no gazetteer entry is.
  const std::string_view lower = LW(k);
  std::string& t = scratch_;
  t.assign(lower);
  if (t[0] >= 'a' && t[0] <= 'z') t[0] = static_cast<char>(t[0] - 'a' + 'A');
  // Every entry and country name is a key of the prefixes, which the filter never rules out.
  if (!MayStartGaz(t)) return false;
  // One lookup in the prefixes tells both: their entry is the gazetteer's when `t` is an
  // entry (no gazetteer entry is a kCountry), else the country `t` names, else there is none.
  const auto it = x_.gazetteer_prefixes_.find(t);
  if (it == x_.gazetteer_prefixes_.end() || !it->second) return false;
  const EntityExtractor::Entry* entry = it->second;
  if (entry->type == EntityType::kCountry || entry->type == EntityType::kOrganization) {
    if (!toks_[k].newline_before) return false;
    if (entry->type == EntityType::kOrganization) {
      // An organization of the gazetteer that is also a country name.
      const int c = lex_.CountryByName(t);
      if (c < 0) return false;
      entry = &x_.country_entries_[static_cast<std::size_t>(c)];
    }
  }
  gaz_.emplace_back(k + 1, entry);
  return true;
}

// Can token k, a capitalised Latin word or particle name that is no common word, be part of a
// name in this article? At the start of a sentence only words the article never writes in
// lower case; on a Title Case line only words the article's body also capitalises.
bool ExtractorRun::NameInArticle(std::size_t k) const {
  if (SentenceStart(k) && LowerSeen(k)) return false;
  if (facts_[k].title_line && !body_caps_.Contains(W(k))) return false;
  return true;
}

// The per-token facts in one pass over the tokens, as far as a token's own text and those
// before it tell, then what needs the whole article: sentence starts, the words it writes in
// lower case, the words its body capitalises, and so which tokens may be part of names.
void ExtractorRun::Prepare() {
  // Each entry is reset by the pass below: the table only grows, as entries a resize() added
  // (a document longer than the one before) would be reset twice, and most documents are.
  if (facts_.size() < n_ + 1) facts_.resize(n_ + 1);
  TokenFacts* const facts = facts_.data();
  const Token* const toks = toks_.data();
  const Vocabulary& vocab = lex_.vocabulary();
  if (buf_.lower_seen_words < vocab.size()) {
    lower_seen_id_ = std::make_unique<bool[]>(vocab.size());
    buf_.lower_seen_words = vocab.size();
  }
  bool* const lower_seen_id = lower_seen_id_.get();
  const std::uint8_t* const word_flags = x_.word_flags_.data();
  // The words that may be part of a name by their own text (NameInArticle decides the rest);
  // the unknown words written in lower case, offered to lower_seen_ once every word it may be
  // asked about is announced; the capitalised words, which body_caps_ may be offered.
  TokenList& candidates = buf_.name_candidates;
  TokenList& lower_unknown = buf_.lower_unknown;
  TokenList& capitalized = buf_.capitalized;
  TokenList& gaz_starts = buf_.gaz_starts;
  candidates.Reset(n_);
  gaz_starts.Reset(n_);
  lower_unknown.Reset(n_);
  capitalized.Reset(n_);
  // Empty (~ExtractorRun): a word is listed once, when its lower_seen_id entry is set.
  lower_seen_set_.Reset(n_);
  // The shared words fold the typographic apostrophe ("don’t" -> "don't"), which the words
  // here do not: a text without one can use them.
  const bool shared_words = words_ && doc_.text.find("\xE2\x80\x99") == std::string::npos;
  if (shared_words) {
    words_of_run_ = words_->words();
    assert(words_of_run_.size == n_);
  } else {
    // The same arrays, made here: lower-casing keeps a word's length, so the words fit in a
    // text of the document's size, written in place.
    lower_text_.resize(doc_.text.size());
    buf_.lower_begin.resize(n_ + 1);
    buf_.lower_ids.resize(n_);
    std::size_t size = 0;
    buf_.lower_begin[0] = 0;
    for (std::size_t k = 0; k < n_; ++k) {
      const std::size_t begin = size;
      for (char c : W(k))
        lower_text_[size++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      buf_.lower_begin[k + 1] = size;
      buf_.lower_ids[k] = vocab.Find(std::string_view(lower_text_).substr(begin, size - begin));
    }
    words_of_run_ = {lower_text_.data(), buf_.lower_begin.data(), buf_.lower_ids.data(), n_};
  }
  // The arrays in a local, not read through `this`: the stores into facts would make the
  // compiler read them again for every token.
  const internal::WordArrays words = words_of_run_;
  // Title Case lines (headlines, related-headline lists): most content words capitalised. The
  // line being read starts at token line_start and has `content` words that count, `caps` of
  // them capitalised.
  bool any_title = false;
  std::size_t line_start = 0;
  int content = 0, caps = 0;
  // In locals, not members read through `this`: the stores into facts would make the compiler
  // read them again for every token.
  const char* const text = doc_.text.data();
  const std::size_t n = n_;
  // gaz_.size(), which only FindGaz() changes.
  std::uint32_t gaz_size = static_cast<std::uint32_t>(gaz_.size());
  for (std::size_t k = 0;; ++k) {
    // A line ends before a token that starts another, or at the end: decided there, once per
    // line, with the test of the token's own newline_before the loop makes anyway.
    if (k == n || toks[k].newline_before) {
      if (content >= 3 && caps * 5 >= content * 4) {
        // A headline does not end with a full stop; a line of prose full of names does.
        // Plain comparisons (Is() here costs the per-token loop registers).
        const std::string_view last = W(k - 1);
        if (!(last == "." || last == "\xE2\x80\x9D" || last == "\"")) {
          // Only words on a Title Case line ask whether the body capitalises them.
          for (std::size_t i = line_start; i < k; ++i) {
            facts[i].title_line = true;
            body_caps_.MayAsk(W(i));
          }
          any_title = true;
        }
      }
      line_start = k;
      content = caps = 0;
      if (k == n) break;
    }
    const Token& t = toks[k];
    TokenFacts& f = facts[k];
    f = TokenFacts();
    const std::string_view w(text + t.span.begin, t.span.end - t.span.begin);
    const bool word = t.kind == TokenKind::kWord || t.kind == TokenKind::kAbbrev;
    const WordId id = words.ids[k];
    f.common = word_flags[id] & EntityExtractor::kCommonWord;
    f.gaz_begin = gaz_size;
    if (word) {
      if (t.capitalized) {
        // Most capitalised words are words no demonym lower-cases to, or unknown ones.
        if (word_flags[id] & EntityExtractor::kDemonymWord) f.demonym = lex_.CountryByDemonym(w);
        capitalized.Add(static_cast<std::uint32_t>(k));
      }
      // Capitalised Latin words and particle names that are no common words.
      const bool latin_capital = t.capitalized && LatinCapital(w);
      const bool particle = !latin_capital && ParticleName(w);
      if ((latin_capital || particle) && !f.common)
        candidates.Add(static_cast<std::uint32_t>(k));
      // LowerSeen() is asked only of the words that may be names (NameInArticle, and Bare()
      // on names made of them): capitalised words and particle names.
      if (id == kUnknownWord) {
        if (t.capitalized || particle) lower_seen_.MayAsk(words.low(k));
        if (!t.capitalized) lower_unknown.Add(static_cast<std::uint32_t>(k));
      } else if (!t.capitalized && !lower_seen_id[id]) {
        lower_seen_id[id] = true;
        lower_seen_set_.Add(id);
      }
      // The dateline fallback first: a match of FindGaz of one token wins over it (Gaz).
      const bool dateline = t.all_caps && w.size() > 3 && CapsGaz(k);
      const bool listed = MayStartGazAt(k, w) && FindGaz(k);
      if (dateline || listed) {
        gaz_size = static_cast<std::uint32_t>(gaz_.size());
        gaz_starts.Add(static_cast<std::uint32_t>(k));
      }
      if (w.size() >= 3 && !f.common) {
        ++content;
        caps += t.capitalized;
      }
    }
  }
  facts[n_] = TokenFacts();
  facts[n_].gaz_begin = static_cast<std::uint32_t>(gaz_.size());
  std::vector<TokenRange> own_sentence_tokens;
  if (!sentence_tokens_) SplitSentences(doc_.text, toks_, &own_sentence_tokens);
  for (const TokenRange& r : sentence_tokens_ ? *sentence_tokens_ : own_sentence_tokens) {
    std::size_t k = r.first;
    // The first word after opening quotes or dashes starts the sentence.
    while (k < r.last && !IsWord(k)) facts[k++].sentence_start = true;
    if (k < r.last) facts[k].sentence_start = true;
  }
  for (std::uint32_t k : lower_unknown) lower_seen_.Offer(LW(k));
  if (any_title) {
    for (std::uint32_t k : capitalized)
      if (!facts[k].title_line && !SentenceStart(k)) body_caps_.Offer(W(k));
  }
  found_.reserve(n_ / 4 + 4);  // names found, more than most articles have: no regrowth
  // A chunk starts with a name word or a listed name (Run): the two lists merged in token
  // order, a token in both once.
  std::vector<std::uint32_t>& starts = buf_.chunk_starts;
  starts.clear();
  auto g = gaz_starts.begin();
  for (std::uint32_t k : candidates) {
    if (!(facts[k].name_tok = NameInArticle(k))) continue;
    for (; g != gaz_starts.end() && *g <= k; ++g)
      if (*g < k) starts.push_back(*g);
    starts.push_back(k);
  }
  starts.insert(starts.end(), g, gaz_starts.end());
}

void ExtractorRun::Emit(std::size_t a, std::size_t b, EntityType type, const std::string& canonical,
                        bool gazetteer) {
  // "the" never starts a mention; a trailing connector never ends one.
  while (a < b && !NameTok(a) && IsConnector(LW(a)) && !gazetteer) ++a;
  while (b > a && IsConnector(LW(b - 1)) && !gazetteer) --b;
  while (a < b && !gazetteer && CompoundAdjective(W(a))) ++a;
  // A person's name starts after the last title or honorific inside the run: "Homeland
  // Security Secretary Jeh Johnson", "Democratic Sen. Claire McCaskill" name Jeh Johnson and
  // Claire McCaskill.
  if (type == EntityType::kPerson && !gazetteer) {
    for (std::size_t k = a; k + 1 < b; ++k) {
      const std::size_t r = Honorific(k) ? 1 : RoleAt(k, b - 1);
      if (r > 0 && k + r < b && toks_[k + r].capitalized) a = k + r;
    }
  }
  if (a >= b) return;
  Found& f = found_.emplace_back();  // in place: a Mention costs a lot to move
  f.first = a;
  f.last = b;
  f.m.span = {toks_[a].span.begin, toks_[b - 1].span.end};
  f.m.text = Surface(a, b);
  // "Ex-Downing Street media chief": the prefix of the word is no part of the name.
  if (!gazetteer && f.m.text.size() > 4 &&
      (f.m.text.starts_with("Ex-") || f.m.text.starts_with("ex-"))) {
    f.m.text.erase(0, 3);
    f.m.span.begin += 3;
  }
  f.m.type = type;
  if (canonical != f.m.text) f.m.canonical = canonical;
  f.from_gazetteer = gazetteer;
}

// The end of an organization name whose first cue word is at c: the run of cue words, then
// "of/for/and (the) X" continuations. A country or listed name closes the continuation, so
// that "Security Committee of Belarus Ivan Petrov" leaves the person outside.
std::size_t ExtractorRun::OrgEnd(std::size_t c, std::size_t b) const {
  std::size_t e = c + 1;
  while (e < b && (Cue(e) || PluralCue(e))) ++e;
  while (e < b && IsConnector(LW(e))) {
    std::size_t s = e;
    while (s < b && IsConnector(LW(s))) ++s;
    if (s >= b) break;
    GazMatch g = Gaz(s, b);
    if (g.len) {
      e = s + g.len;
      continue;  // only a connector may continue after a listed name
    }
    if (!NameTok(s)) break;
    // "and" joins words of one name ("Challenges and Threats"), not two bodies ("the Coalition
    // and the Government of Iraq").
    std::size_t t = s;
    bool second_body = false;
    while (t < b && NameTok(t) && !Gaz(t, b).len) second_body |= Cue(t++) && Is(LW(e), "and");
    if (second_body) break;
    e = t;
  }
  // "of the CIS countries", "of NATO member states": membership, not part of the name.
  if (e < n_ && e > c + 1) {
    const std::string_view after = LW(e);
    if (Is(after, "countries") || Is(after, "states") || Is(after, "member") || Is(after, "nations")) {
      std::size_t k = e;
      while (k > c + 1 && !IsConnector(LW(k - 1))) --k;
      while (k > c + 1 && IsConnector(LW(k - 1))) --k;
      if (k > c) e = k;
    }
  }
  return e;
}

// A run of capitalised tokens [a, b) (with connectors inside): cut it into names and type them.
void ExtractorRun::Chunk(std::size_t a, std::size_t b) {
  bool person_context = RoleBefore(a) > 0 || (a > 0 && Honorific(a - 1));
  bool role_of = false;  // after "Minister of": a portfolio, then the holder's name
  while (a < b) {
    while (a < b && IsConnector(LW(a)) && !Gaz(a, b).len) ++a;
    if (a >= b) break;
    // The listed name starting at a, asked below of a title, a demonym and a cued name.
    const GazMatch g = Gaz(a, b);
    // A capitalised title: "President Vladimir Putin", "Director of the X Y Z".
    if (!g.len) {
      // "Foreign Secretary", "Interior Minister": a portfolio word before a title.
      std::size_t r = RoleAt(a, b);
      if (r == 0 && x_.generic_org_words_->Contains(Id(a))) {
        const std::size_t title = RoleAt(a + 1, b);
        if (title > 0) r = 1 + title;
      }
      // "Ms King", "Mr Bishop": after an honorific a lone title word is a surname, kept
      // when a person of the article has it as the last word of the full name.
      if (r == 1 && a > 0 && Honorific(a - 1) && (a + 1 >= b || !NameTok(a + 1))) {
        singles_.push_back({a, a + 1});
        ++a;
        continue;
      }
      if (r > 0 && !Cue(a + r - 1)) {
        a += r;
        person_context = true;
        role_of = a < b && Is(LW(a), "of");
        continue;
      }
      if (Honorific(a)) {
        ++a;
        person_context = true;
        continue;
      }
    }
    // A demonym: part of an organization name before a cue ("Russian Foreign Ministry"),
    // otherwise not a name ("Russian Islamists", "Russian President ...").
    if (Demonym(a) >= 0 && !g.len) {
      std::size_t e = a + 1;
      while (e < b && NameTok(e) && !Cue(e) && !IsConnector(LW(e))) ++e;
      if (e < b && Cue(e)) {
        std::size_t end = OrgEnd(e, b);
        Emit(a, end, CueType(e));
        a = end;
      } else {
        ++a;
      }
      continue;
    }
    // The first cue word of the phrase (after any listed name it starts with).
    std::optional<std::size_t> cue;
    bool plural = false;
    for (std::size_t k = a + g.len; k < b; ++k) {
      if (IsConnector(LW(k)) || (!NameTok(k) && !Cue(k) && !PluralCue(k))) break;
      if (Gaz(k, b).len && k > a + g.len) break;
      if (Cue(k)) {
        cue = k;
        break;
      }
      if (PluralCue(k)) {
        plural = true;
        cue = k;
        break;
      }
    }
    if (cue && (g.len == 0 || g.entry->type != EntityType::kPerson)) {
      // Only listed places, countries and organizations may begin a cued name.
      const std::size_t end = OrgEnd(*cue, b);
      if (g.len > 0 && a + g.len >= end) {
        Emit(a, a + g.len, g.entry->type, g.entry->canonical, true);
        a += g.len;
        continue;
      }
      if (plural) {
        // "Security Councils of Russia, Belarus": a kind of body; the names inside remain.
        a = *cue + 1;
        continue;
      }
      EntityType type = CueType(*cue);
      for (std::size_t k = *cue; k < end && Cue(k); ++k) {
        if (CueType(k) == EntityType::kNewsMediaOrganization)
          type = EntityType::kNewsMediaOrganization;
      }
      Emit(a, end, type);
      a = end;
      continue;
    }
    if (g.len > 0) {
      Emit(a, a + g.len, g.entry->type, g.entry->canonical, true);
      a += g.len;
      continue;
    }
    std::size_t e = a;
    while (e < b && NameTok(e) && !(e > a && Gaz(e, b).len) && !(e > a && Cue(e))) ++e;
    if (e == a) {
      ++a;
      continue;
    }
    // "Minister of Defence Sergei Shoigu", "Chancellor of the Exchequer Nigel Lawson": the
    // portfolio is no part of the name, which is the last two words.
    if (role_of && person_context && e - a >= 3 && (e == b || !NameTok(e))) a = e - 2;
    Bare(a, e, person_context);
    person_context = false;
    role_of = false;
    a = e;
  }
}

// A name with no cue and no gazetteer entry: typed by its context.
void ExtractorRun::Bare(std::size_t a, std::size_t b, bool person_context) {
  const std::size_t len = b - a;
  const std::string_view prev = a > 0 ? LW(a - 1) : std::string_view();
  const std::string_view prev2 = a > 1 ? LW(a - 2) : std::string_view();
  const std::string_view next = LW(b), next2 = LW(b + 1);
  const bool place_before =
      Is(prev, "of") && (Is(prev2, "city") || Is(prev2, "town") || Is(prev2, "village") ||
                       Is(prev2, "province") || Is(prev2, "region") || Is(prev2, "district") ||
                       Is(prev2, "governorate") || Is(prev2, "capital") || Is(prev2, "suburb"));
  const bool place_after = Is(next, "region") || Is(next, "province") || Is(next, "governorate") ||
                           Is(next, "district") || Is(next, "city") || Is(next, "town") ||
                           Is(next, "village") || Is(next, "area");
  if (place_before) return Emit(a, b, EntityType::kPlace);
  if (person_context || (a > 0 && RoleBefore(a) > 0)) return Emit(a, b, EntityType::kPerson);
  if (Is(next, "reports") || Is(next, "reported") || (Is(next, "news") && Is(next2, "agency")) ||
      Is(next, "newspaper") || Is(next, "daily") || Is(next, "broadcaster"))
    return Emit(a, b, EntityType::kNewsMediaOrganization);
  if (place_after) return Emit(a, b, EntityType::kPlace);
  const bool place_preposition = Is(prev, "in") || Is(prev, "near") || Is(prev, "outside") ||
                                 Is(prev, "across") || Is(prev, "into") || Is(prev, "towards") ||
                                 Is(prev, "toward");
  if (len == 1) {
    if (AllCapsAcronym(W(a)) && !SentenceStart(a)) return Emit(a, b, EntityType::kOrganization);
    if (!SentenceStart(a) && ReportingVerb(b)) return Emit(a, b, EntityType::kPerson);
    if (place_preposition) return Emit(a, b, EntityType::kPlace);
    singles_.push_back({a, b});  // perhaps a surname; decided in Link()
    return;
  }
  // "Tahrir Square", "Kunar Province": a place's feature word ends the name.
  if ((x_.word_flags_[Id(b - 1)] & EntityExtractor::kPlaceCueWord) &&
      x_.place_cues_by_word_.Find(Id(b - 1), W(b - 1)))
    return Emit(a, b, EntityType::kPlace);
  // "a cafe in Brick Lane", "a seat near Bethnal Green": after a preposition of place, an
  // unknown name is a place ("in John Doe's office" is a possessive).
  if (place_preposition && !Is(next, "'s") && !Is(next, "\xE2\x80\x99s"))
    return Emit(a, b, EntityType::kPlace);
  // Two or more capitalised words that no list knows: in news, most often a person, unless
  // the article also writes one of the words in lower case ("White Paper", "Human Rights").
  const bool speaks = ReportingVerb(b) || (Is(next, ",") && ReportingVerb(b + 1));
  for (std::size_t k = a; k < b; ++k) {
    if (AllCapsAcronym(W(k)) || Demonym(k) >= 0) return;
    if (!speaks && !ParticleName(W(k)) && LowerSeen(k)) return;
  }
  Emit(a, b, EntityType::kPerson);
  if (!speaks) found_.back().guessed = true;
}

// "foreign ministry of russia" for "Russian Foreign Ministry", "Foreign Ministry of Russia",
// "Russia's Foreign Ministry" and "Russia's head of Foreign Ministry"; empty when the name is
// not qualified by a country.
std::string ExtractorRun::KeyOf(const Found& f) const {
  if (FamilyOf(f.m.type) != EntityFamily::kOrganization) return {};
  std::size_t a = f.first, b = f.last;
  int country = Demonym(a);
  if (country < 0) {
    if (GazMatch g = Gaz(a, b); g.len && g.entry->type == EntityType::kCountry && a + g.len < b) {
      country = lex_.CountryByName(g.entry->canonical);
      a += g.len;
      if (a < b && (Is(W(a), "'s") || Is(W(a), "\xE2\x80\x99s"))) ++a;
    }
  } else {
    ++a;
  }
  if (country < 0) {
    // "... of (the) Russia" at the end.
    for (std::size_t k = a + 1; k < b; ++k) {
      std::size_t of = Is(LW(k - 1), "the") && k >= a + 2 ? k - 2 : k - 1;
      if (!Is(LW(of), "of") || of <= a) continue;
      GazMatch g = Gaz(k, b);
      if (g.len && k + g.len == b && g.entry->type == EntityType::kCountry) {
        country = lex_.CountryByName(g.entry->canonical);
        b = of;
        break;
      }
    }
  }
  if (country < 0) {
    // "Russia's head of Security Council", "Russia's Security Council".
    std::size_t k = f.first;
    if (k >= 1 && Is(LW(k - 1), "the")) --k;
    if (k >= 1 && Is(LW(k - 1), "of")) {
      --k;
      if (std::size_t r = RoleBefore(k); r > 0) k -= r;
    }
    if (k >= 2 && (Is(W(k - 1), "'s") || Is(W(k - 1), "\xE2\x80\x99s"))) {
      for (std::size_t s = k - 1; s-- > 0 && s + 4 >= k;) {
        GazMatch g = Gaz(s, k - 1);
        if (g.len && s + g.len == k - 1 && g.entry->type == EntityType::kCountry) {
          country = lex_.CountryByName(g.entry->canonical);
          break;
        }
      }
    }
  }
  if (country < 0 || a >= b) return {};
  std::string rest = NormalizeName(Surface(a, b));
  if (rest.empty()) return {};
  // "ministry of foreign affairs" and "foreign ministry", "ministry of defence" and "defence
  // ministry" name one body: the cue goes last and "affairs" is dropped.
  if (Cue(a) && b > a + 2 && Is(LW(a + 1), "of")) {
    std::string cue(LW(a));
    rest = NormalizeName(Surface(a + 2, b)) + " " + cue;
  }
  for (std::size_t p; (p = (" " + rest + " ").find(" affairs ")) != std::string::npos;)
    rest.erase(p == 0 ? 0 : p - 1, p == 0 ? std::min<std::size_t>(8, rest.size()) : 8);
  return rest + " of " + NormalizeName(lex_.countries()[country].name);
}

void ExtractorRun::Link() {
  const auto by_first = [](const Found& l, const Found& r) { return l.first < r.first; };
  // Chunk() finds names left to right, so found_ is mostly in order already: sorting a
  // strictly increasing sequence changes nothing, and moving Found objects is not free.
  if (std::adjacent_find(found_.begin(), found_.end(), [](const Found& l, const Found& r) {
        return l.first >= r.first;
      }) != found_.end())
    std::sort(found_.begin(), found_.end(), by_first);
  // The tokens of the names found, kept -1 between runs (Buffers): only the tokens of names are
  // set, and cleared again below, rather than a table as long as the document filled per run.
  std::vector<int>& owner = buf_.owner;
  if (owner.size() < n_) owner.resize(n_, -1);
  owner_set_ = true;
  for (std::size_t i = 0; i < found_.size(); ++i)
    for (std::size_t k = found_[i].first; k < found_[i].last; ++k) owner[k] = static_cast<int>(i);
  std::vector<Found>& added = buf_.added;
  // The capitalised words outside the names found that the loops below ask about, in one pass:
  // the demonyms, and the other words after "the".
  std::vector<std::size_t>& demonyms = buf_.demonyms;
  std::vector<std::size_t>& after_the = buf_.after_the;
  demonyms.clear();
  after_the.clear();
  for (std::uint32_t k : buf_.capitalized) {
    if (owner[k] >= 0) continue;
    if (Demonym(k) >= 0)
      demonyms.push_back(k);
    else if (k >= 1 && Is(LW(k - 1), "the"))
      after_the.push_back(k);
  }

  // "the head of the Russian security service (FSB)": a demonym and a singular lower-case
  // government cue name an agency.
  // Only capitalised words are demonyms.
  for (std::size_t k : demonyms) {
    if (k + 1 >= n_) continue;
    std::size_t e = k + 1;
    while (e < n_ && e <= k + 3 && IsWord(e) && !toks_[e].capitalized && !Cue(e)) {
      std::string w(LW(e));
      w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      auto it = x_.cues_.find(w);
      if (it != x_.cues_.end() && it->second == EntityType::kGovernmentOrganization && e > k + 1 &&
          !Is(w, "Government") && !Is(w, "Forces") && !Is(w, "Force") && !Is(w, "Office")) {
        const std::string_view after = LW(e + 1);
        if (e + 1 < n_ && IsWord(e + 1) && !toks_[e + 1].capitalized && !Is(after, "and") &&
            !Is(after, "of") && !ReportingVerb(e + 1) && !Is(after, "has") && !Is(after, "is") &&
            !Is(after, "was") && !Is(after, "had"))
          break;  // "security service officers": a modifier, not the agency
        // In place, as every name added below: a Mention costs a lot to move.
        Found& f = added.emplace_back();
        f.first = k;
        f.last = e + 1;
        f.m.span = {toks_[k].span.begin, toks_[e].span.end};
        f.m.text = Surface(k, e + 1);
        f.m.type = EntityType::kGovernmentOrganization;
        break;
      }
      if (it != x_.cues_.end()) break;
      ++e;
    }
  }
  // Persons' surnames: "Putin", "Assad" for "Bashar al-Assad". Views into the text, in the
  // thread's buffer: an article names a few persons, and a search from the front costs less
  // than a hash map built and freed per article; many (a long text) are sorted and searched
  // by halves instead.
  std::vector<std::string_view>& surname = buf_.surnames;
  surname.clear();
  for (const Found& f : found_) {
    if (f.m.type != EntityType::kPerson || f.last - f.first < 2) continue;
    const std::string_view last = W(f.last - 1);
    surname.push_back(last);
    if (ParticleName(last)) surname.push_back(last.substr(last.find('-') + 1));
  }
  const bool sorted_surnames = surname.size() >= kSortSurnamesFrom;
  if (sorted_surnames) std::sort(surname.begin(), surname.end());
  // Whether token k is some person's surname.
  auto is_surname = [&](std::size_t k) {
    if (!IsWord(k)) return false;
    const std::string_view w = W(k);
    return sorted_surnames ? std::binary_search(surname.begin(), surname.end(), w)
                           : std::find(surname.begin(), surname.end(), w) != surname.end();
  };
  for (auto [a, b] : singles_) {
    if (owner[a] >= 0 || !is_surname(a)) continue;
    Found& f = added.emplace_back();
    f.first = a;
    f.last = b;
    f.m.span = {toks_[a].span.begin, toks_[b - 1].span.end};
    f.m.text = Surface(a, b);
    f.m.type = EntityType::kPerson;
  }
  for (Found& f : found_) {
    // A one-word name that is some person's surname is that person.
    if (f.last - f.first == 1 && !f.from_gazetteer && is_surname(f.first))
      f.m.type = EntityType::kPerson;
  }
  // "the Committee", "the Commonwealth": a capitalised word after "the" that names (part of)
  // an organization already mentioned.
  for (std::size_t k : after_the) {
    if (facts_[k].title_line || (k + 1 < n_ && NameTok(k + 1) && !toks_[k + 1].newline_before) ||
        Common(k) || lex_.CountryByName(W(k)) >= 0)
      continue;
    Found& f = added.emplace_back();
    f.first = k;
    f.last = k + 1;
    f.m.span = toks_[k].span;
    f.m.text = std::string(W(k));
    f.m.generic = true;
    f.m.type = EntityType::kOrganization;
  }
  for (const Found& f : found_) std::fill(owner.begin() + f.first, owner.begin() + f.last, -1);
  owner_set_ = false;
  // In text order, the names added here after those of the same first token: what a stable
  // sort of found_ followed by added gives, as a merge of the two (found_ is sorted already).
  if (!added.empty()) {
    // Each loop above adds in token order: most often added is sorted already, and a stable
    // sort of it would change nothing but take a buffer from the heap.
    if (!std::is_sorted(added.begin(), added.end(), by_first))
      std::stable_sort(added.begin(), added.end(), by_first);
    std::vector<Found>& merged = buf_.merged;
    merged.reserve(found_.size() + added.size());
    std::merge(std::make_move_iterator(found_.begin()), std::make_move_iterator(found_.end()),
               std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()),
               std::back_inserter(merged), by_first);
    found_.swap(merged);
    merged.clear();
    added.clear();
  }

  // The loop below keeps names, which do not change once kept. For descriptions and generic
  // names it asks every organization kept before for its normalised text and canonical name:
  // made at the first question and kept here, by kept index (a long text asked NormalizeName
  // hundreds of thousands of times, most of Link's time).
  std::vector<std::string>& norm_text = buf_.norm_text;
  std::vector<std::string>& norm_canonical = buf_.norm_canonical;
  std::vector<char>& normalized = buf_.normalized;
  normalized.clear();
  auto normalize = [&](std::size_t j) {
    if (normalized.empty()) {
      normalized.assign(found_.size(), 0);
      if (norm_text.size() < found_.size()) {
        norm_text.resize(found_.size());
        norm_canonical.resize(found_.size());
      }
    }
    if (!normalized[j]) {
      norm_text[j] = NormalizeName(found_[j].m.text);
      norm_canonical[j] = NormalizeName(found_[j].m.canonical);
      normalized[j] = 1;
    }
  };
  auto text_of = [&](std::size_t j) -> const std::string& {
    normalize(j);
    return norm_text[j];
  };
  auto canonical_of = [&](std::size_t j) -> const std::string& {
    normalize(j);
    return norm_canonical[j];
  };
  // The kept persons of two words or more by their last word and by it without a particle
  // ("Assad" for "al-Assad"), each with the first such person: what a one-word person name
  // refers to. Filled up to the name asked about when one is (surnames_upto: the kept names
  // looked at so far), so an article without such a name makes none.
  absl::flat_hash_map<std::string_view, std::size_t>& first_by_surname = buf_.first_by_surname;
  first_by_surname.clear();
  std::size_t surnames_upto = 0;
  // The organizations kept, by the parts of their names (EarlierOrganizations): asked instead
  // of going through them all once kIndexOrganizationsFrom names are kept, and filled up to
  // the name asked about then (organizations_upto: the kept names looked at so far).
  EarlierOrganizations& organizations = buf_.organizations;
  organizations.Clear();
  std::size_t organizations_upto = 0;
  std::size_t i = 0;
  auto file_organizations = [&]() -> const EarlierOrganizations& {
    for (; organizations_upto < i; ++organizations_upto) {
      const std::size_t j = organizations_upto;
      if (FamilyOf(found_[j].m.type) != EntityFamily::kOrganization) continue;
      organizations.Add(j, text_of(j), canonical_of(j), found_[j].m.key);
    }
    return organizations;
  };
  // Keys, the generic flag and in-document references, in text order. The names kept are
  // moved to the front of found_ as they are decided: found_[0, i) are those kept so far.
  for (std::size_t r = 0; r < found_.size(); ++r) {
    Found& f = found_[r];
    if (i > 0 && found_[i - 1].last > f.first) continue;  // overlaps: the earlier wins
    // Only organizations have keys (KeyOf): no call nor string to move for the others.
    if (FamilyOf(f.m.type) == EntityFamily::kOrganization) f.m.key = KeyOf(f);
    if (f.m.generic) {
      // A definite description joins the latest organization whose name contains the word.
      const std::string word = NormalizeName(f.m.text);
      const std::string word_space = word + " ";
      const bool cue = x_.cues_.count(f.m.text) > 0;
      bool linked = false;
      // The word is the referent's first word ("the Commonwealth" for the Commonwealth of
      // Independent States) or its cue ("the Committee"), one of the words of its text or
      // canonical name.
      std::optional<std::size_t> referent;
      if (i >= kIndexOrganizationsFrom) {
        const EarlierOrganizations& earlier = file_organizations();
        referent = earlier.LatestLeading(word);
        if (cue) referent = std::max(referent, earlier.LatestWithWord(word));
      } else {
        for (std::size_t j = i; j-- > 0 && !referent;) {
          if (FamilyOf(found_[j].m.type) != EntityFamily::kOrganization) continue;
          const bool first =
              text_of(j).starts_with(word_space) || canonical_of(j).starts_with(word_space);
          if (first ||
              (cue && (HasWord(text_of(j), word) || HasWord(canonical_of(j), word))))
            referent = j;
        }
      }
      if (referent) {
        f.m.refers_to = found_[*referent].m.refers_to.value_or(*referent);
        f.m.type = found_[*referent].m.type;
        linked = true;
      }
      if (!linked) continue;  // "the Internet", "the West": not a name we can place
    } else if (FamilyOf(f.m.type) == EntityFamily::kOrganization && !f.from_gazetteer &&
               f.m.key.empty()) {
      // A name made of generic institutional words ("Security Council", "National Security
      // Committee") identifies its body only in this article: it joins the fuller name that
      // contains it, if one came before.
      bool generic = true;
      for (std::size_t k = f.first; k < f.last; ++k) {
        if (!Cue(k) && !x_.generic_org_words_->Contains(Id(k)) && !IsConnector(LW(k)))
          generic = false;
      }
      f.m.generic = generic;
      if (generic) {
        const std::string me = NormalizeName(f.m.text);
        // The forms of `me` inside a longer name, built once for all the names before.
        const std::string me_first = me + " ", me_last = " " + me, me_inside = " " + me + " ";
        const std::string me_of = me + " of ";
        std::optional<std::size_t> fuller;
        if (i >= kIndexOrganizationsFrom) {
          fuller = file_organizations().LatestHolding(me);
        } else {
          for (std::size_t j = i; j-- > 0 && !fuller;) {
            if (FamilyOf(found_[j].m.type) != EntityFamily::kOrganization) continue;
            const std::string& other = text_of(j);
            const std::string& other_c = canonical_of(j);
            auto contains = [&](const std::string& o) {
              return o.size() > me.size() &&
                     (o.starts_with(me_first) || o.ends_with(me_last) ||
                      o.find(me_inside) != std::string::npos);
            };
            if (contains(other) || (!other_c.empty() && contains(other_c)) ||
                (!found_[j].m.key.empty() && found_[j].m.key.starts_with(me_of)))
              fuller = j;
          }
        }
        if (fuller) f.m.refers_to = found_[*fuller].m.refers_to.value_or(*fuller);
      }
    }
    // "Name (ACR)": the acronym refers to the name before it.
    if (i > 0 && !f.m.refers_to && f.first >= 2 && Is(W(f.first - 1), "(") &&
        found_[i - 1].last == f.first - 1 && f.last < n_ && Is(W(f.last), ")") &&
        AllCapsAcronym(f.m.text) &&
        FamilyOf(found_[i - 1].m.type) == FamilyOf(f.m.type)) {
      f.m.refers_to = found_[i - 1].m.refers_to ? *found_[i - 1].m.refers_to : i - 1;
    }
    // A surname refers to the full name (the first one mentioned).
    if (f.m.type == EntityType::kPerson && f.last - f.first == 1 && !f.m.refers_to) {
      for (; surnames_upto < i; ++surnames_upto) {
        const Found& o = found_[surnames_upto];
        if (o.m.type != EntityType::kPerson || o.last - o.first < 2) continue;
        const std::string_view last = W(o.last - 1);
        first_by_surname.try_emplace(last, surnames_upto);
        if (ParticleName(last))
          first_by_surname.try_emplace(last.substr(last.find('-') + 1), surnames_upto);
      }
      if (const auto it = first_by_surname.find(f.m.text); it != first_by_surname.end())
        f.m.refers_to = it->second;
      // "Sir Edward" for Sir Edward Heath: a knight or dame is named by the first name.
      const std::string_view before = f.first > 0 ? LW(f.first - 1) : std::string_view();
      for (std::size_t j = 0; j < i && !f.m.refers_to && (Is(before, "sir") || Is(before, "dame"));
           ++j) {
        if (found_[j].m.type == EntityType::kPerson && found_[j].last - found_[j].first >= 2 &&
            W(found_[j].first) == f.m.text)
          f.m.refers_to = j;
      }
    }
    if (r != i) found_[i] = std::move(f);
    ++i;
  }
  found_.erase(found_.begin() + static_cast<std::ptrdiff_t>(i), found_.end());
}

std::vector<Mention> ExtractorRun::Run(const EntityExtractor::TaggerFn* tagger) {
  Prepare();
  // Most tokens start no chunk: a chunk starts with a listed name or a name word (NameTok(k)
  // or Gaz(k, n_).len), which Prepare() listed in order, so the tokens between are skipped
  // without being looked at. A start inside the chunk before is no start.
  std::size_t k = 0;
  for (const std::uint32_t start : buf_.chunk_starts) {
    if (start < k) continue;
    k = start;
    // A chunk: listed names and capitalised words, with connectors between them, on one line.
    std::size_t e = k;
    while (e < n_) {
      if (e > k && toks_[e].newline_before) break;
      if (GazMatch g = Gaz(e, n_); g.len) {
        bool broken = false;
        for (std::size_t i = e + 1; i < e + g.len; ++i) broken |= toks_[i].newline_before;
        if (!broken) {
          e += g.len;
          continue;
        }
      }
      if (NameTok(e) || (e > k && Cue(e))) {
        ++e;
        continue;
      }
      if (e > k && IsConnector(LW(e))) {
        std::size_t s = e;
        while (s < n_ && IsConnector(LW(s)) && !toks_[s].newline_before) ++s;
        if (s < n_ && !toks_[s].newline_before && (NameTok(s) || Gaz(s, n_).len)) {
          e = s;
          continue;
        }
      }
      break;
    }
    if (e == k) continue;
    Chunk(k, e);
    k = e;
  }
  std::vector<Span> guessed;
  if (tagger) {
    for (const Found& f : found_)
      if (f.guessed) guessed.push_back(f.m.span);
  }
  if (!guessed.empty()) {
    // The tagger only runs where a default-typed name needs it: most sentences have none.
    const std::vector<Mention> tagged_spans = (*tagger)(guessed);
    const std::vector<Mention>* tagged = &tagged_spans;
    // A name typed by the default rule alone takes the tagger's type for the same words, and
    // is dropped when the tagger sees no person, organization or place there ("Operation
    // Inherent Resolve", "Greenwich Mean Time" are capitalised but not named entities). A
    // tagged span reaching beyond the name ("the agency chief John Smith" as one ORG, an
    // error the tagger makes where CoNLL has no such examples) says nothing about it.
    // The names kept are moved to the front of found_: found_[0, kept) are those kept so far.
    std::size_t kept = 0;
    for (std::size_t r = 0; r < found_.size(); ++r) {
      Found& f = found_[r];
      if (f.guessed) {
        const Mention* inside = nullptr;
        bool wider = false;
        for (const Mention& t : *tagged) {
          if (!t.span.Overlaps(f.m.span)) continue;
          if (f.m.span.Contains(t.span)) {
            if (!inside || t.span.size() > inside->span.size()) inside = &t;
          } else {
            wider = true;
          }
        }
        if (inside) {
          f.m.type = inside->type;
        } else if (!wider) {
          continue;
        }
      }
      if (r != kept) found_[kept] = std::move(f);
      ++kept;
    }
    found_.erase(found_.begin() + static_cast<std::ptrdiff_t>(kept), found_.end());
    // Tagged spans where the rules found nothing are not added: on news text they cost more
    // precision than they gain recall (headline fragments, MISC-like phrases as ORG).
  }
  Link();
  std::vector<Mention> out;
  out.reserve(found_.size());
  for (Found& f : found_) out.push_back(std::move(f.m));
  return out;
}

std::vector<Mention> EntityExtractor::Extract(const Document& doc, const std::vector<Token>& tokens,
                                              const std::vector<TokenRange>* sentence_tokens,
                                              const TokenWords* words) const {
  return ExtractorRun::RunOnThread(*this, doc, tokens, sentence_tokens, words, nullptr);
}

std::vector<Mention> EntityExtractor::Extract(const Document& doc,
                                              const std::vector<Token>& tokens,
                                              const std::vector<Mention>& tagged) const {
  const TaggerFn fn = [&](const std::vector<Span>&) { return tagged; };
  return ExtractorRun::RunOnThread(*this, doc, tokens, nullptr, nullptr, &fn);
}

std::vector<Mention> EntityExtractor::Extract(const Document& doc, const std::vector<Token>& tokens,
                                              const TaggerFn& tagger,
                                              const std::vector<TokenRange>* sentence_tokens,
                                              const TokenWords* words) const {
  return ExtractorRun::RunOnThread(*this, doc, tokens, sentence_tokens, words, &tagger);
}

}  // namespace newsgraph::extract
