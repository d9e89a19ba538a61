#include "graph/knowledge_graph.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <tuple>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newsgraph {
namespace {

// FNV-1a: a stable 64-bit digest; ids and content hashes must not depend on the platform.
// Every article's text goes through it (its content hash): eight bytes per turn of the loop,
// the same byte-by-byte digest with the loop's test and increment once per eight bytes.
std::uint64_t Fnv1a(std::string_view s) {
  constexpr std::uint64_t kPrime = 1099511628211ull;
  std::uint64_t h = 1469598103934665603ull;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    // Unrolled at every optimisation level: at -O2 GCC 12 keeps this inner loop, twice the
    // instructions per byte of the unrolled digest (the default build is -O3, see CMakeLists).
#pragma GCC unroll 8
    for (int i = 0; i < 8; ++i) h = (h ^ p[i]) * kPrime;
  }
  for (; n > 0; ++p, --n) h = (h ^ *p) * kPrime;
  return h;
}

// The 16 lower-case hex digits of `v` (printf's "%016llx", without its format parsing).
std::string Hex(std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[i] = kDigits[v & 15];
  return s;
}

// Room to write a string of at most `n` bytes through a pointer before the string is made: on the
// stack when it fits (names, figure keys and slugs nearly always do), on the heap otherwise.
// Resizing a std::string to the room instead fills every byte of it first (C++20 has no
// resize_and_overwrite), which cost as much as the writing for short strings.
class Scratch {
 public:
  explicit Scratch(std::size_t n)
      : data_(n <= sizeof stack_ ? stack_
                                 : (heap_ = std::make_unique_for_overwrite<char[]>(n)).get()) {}
  // Not copied or moved: data_ may point into stack_.
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  char* data() noexcept { return data_; }

 private:
  char stack_[512];
  std::unique_ptr<char[]> heap_;
  char* data_;
};

// Appends the slug of `s` to `out`: ASCII letters and digits kept (lower-cased), every other
// run of bytes becomes one '-'; non-ASCII bytes are percent-encoded so that the IRI stays plain
// ASCII.
void AppendSlug(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::size_t from = out.size();
  // Written through a pointer into room for the longest slug (three bytes per byte), then
  // appended: appending byte by byte checked the capacity at every byte.
  Scratch room(3 * s.size());
  char* const begin = room.data();
  char* p = begin;
  // What an ASCII letter or digit becomes (itself, lower-cased); 0 for every other byte.
  static constexpr auto kKept = [] {
    std::array<char, 256> t{};
    for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<char>(c);
    for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 'a' + 'A'] = static_cast<char>(c);
    return t;
  }();
  bool dash = false;
  for (unsigned char c : s) {
    if (const char kept = kKept[c]) {
      *p++ = kept;
      dash = false;
    } else if (c >= 0x80) {
      *p++ = '%';
      *p++ = kHex[c >> 4];
      *p++ = kHex[c & 15];
      dash = false;
    } else if (!dash && p != begin) {
      *p++ = '-';
      dash = true;
    }
  }
  while (p != begin && p[-1] == '-') --p;
  const std::size_t size = static_cast<std::size_t>(p - begin);
  out.append(begin, size > 120 ? 100 : size);  // a long slug is cut, and told apart by a hash
  if (size > 120) {
    out += '-';
    out += Hex(Fnv1a(s)).substr(0, 8);
  } else if (out.size() == from) {
    out += Hex(Fnv1a(s)).substr(0, 12);
  }
}

std::string_view FamilySlug(EntityType t) {
  switch (FamilyOf(t)) {
    case EntityFamily::kPerson:
      return "person";
    case EntityFamily::kOrganization:
      return "org";
    case EntityFamily::kPlace:
      return "place";
  }
  return "thing";
}

// The number of space-separated words of `s`.
std::size_t WordCount(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) ++n;
  return n;
}

// The last space-separated word of `s`; all of `s` when it has no space.
std::string_view LastWord(std::string_view s) { return s.substr(s.rfind(' ') + 1); }

// ASCII letter tests, inline: <cctype>'s are calls into the C library (locale-aware, though
// in the "C" locale the library runs in they answer as these do), and InitialsOf tests every
// byte of every mention.
bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(unsigned char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }

bool IsAcronym(std::string_view s) {
  int upper = 0;
  for (unsigned char c : s) {
    if (IsUpper(c))
      ++upper;
    else if (c != '.' && c != '-' && c != '&') return false;
  }
  return upper >= 2 && upper <= 8;
}

// What AcronymOf compares, computed once per mention text: Prepare tries every pair. The
// letters are views into one buffer of the article (see InitialsOf), not three strings per
// mention.
struct Initials {
  bool acronym = false;      // IsAcronym(text)
  std::string_view upper;    // its upper-case letters (as an acronym)
  std::string_view content;  // the initials of its capitalised words (as a name)
  std::string_view all;      // the upper-cased initials of all its words that start with a letter
};

// The Initials of `text`, their letters written to `out`, which has room for 3 * text.size()
// bytes (each of the three takes at most text.size()) and outlives the views.
Initials InitialsOf(std::string_view text, char* out) {
  Initials in;
  in.acronym = IsAcronym(text);
  char* const upper = out;
  char* const content = out + text.size();
  char* const all = content + text.size();
  std::size_t n_upper = 0, n_content = 0, n_all = 0;
  for (unsigned char c : text)
    if (IsUpper(c)) upper[n_upper++] = static_cast<char>(c);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' || (i > 0 && text[i - 1] != ' ')) continue;  // not a word's first byte
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!IsAlpha(c)) continue;
    all[n_all++] = static_cast<char>(IsUpper(c) ? c : c - 'a' + 'A');
    if (IsUpper(c)) content[n_content++] = static_cast<char>(c);
  }
  in.upper = std::string_view(upper, n_upper);
  in.content = std::string_view(content, n_content);
  in.all = std::string_view(all, n_all);
  return in;
}

// Whether `acronym` (an IsAcronym text) abbreviates `name`: "FSB" for "Federal Security
// Service" (function words skipped); "ISIL" for "Islamic State of Iraq and the Levant" also
// matches with the function words' initials dropped.
bool AcronymOf(const Initials& acronym, const Initials& name) {
  const std::string_view a = acronym.upper;
  return a.size() >= 2 && (a == name.content || a == name.all);
}

// The first cluster of an article holding a mention with a given key, for each way Prepare
// lets two mentions of one family be one entity: equal identity keys, names or texts; for
// people a lone name equal to the last word of a longer one; for the others an acronym equal to
// the initials of a name (AcronymOf). Prepare joins a mention to the first cluster with any
// matching member, which is the least of the clusters found under its keys: what comparing it
// with every earlier mention finds, without the quadratic cost (a 400 KB text spent a fifth of
// its time there). The keys are views the caller keeps alive.
class ClusterIndex {
 public:
  enum Kind : std::uint8_t {
    kKey,        // Mention::key, when not empty
    kName,       // the normalised name
    kText,       // the normalised text
    kLastWord,   // a person's last word, of a name of more than one word
    kLoneName,   // a person's name of one word
    kContent,    // a non-person's initials: of its capitalised words
    kAll,        // and of all its words
    kAcronym,    // a non-person acronym's letters, two or more
  };
  void Add(Kind kind, EntityFamily fam, std::string_view key, std::size_t cluster) {
    auto [it, inserted] = first_.try_emplace(Key{key, kind, fam}, cluster);
    if (!inserted) it->second = std::min(it->second, cluster);
  }
  // The lesser of `best` and the first cluster with `key`.
  std::size_t Min(Kind kind, EntityFamily fam, std::string_view key, std::size_t best) const {
    const auto it = first_.find(Key{key, kind, fam});
    return it == first_.end() ? best : std::min(best, it->second);
  }

 private:
  struct Key {
    std::string_view text;
    Kind kind;
    EntityFamily fam;
    bool operator==(const Key&) const = default;
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.text, k.kind, k.fam);
    }
  };
  absl::flat_hash_map<Key, std::size_t> first_;
};

// A new edge from `from` to `to` (both existing vertices) whose EdgeData is default-constructed
// where it lies. Boost's add_edge(u, v, g) builds a default EdgeData and copies it twice (into a
// list_edge, then into the edge list's node), which cost a third of adding an edge. This does
// what that add_edge does for this Graph type (edges in a std::list, listS; out- and in-edge lists
// std::vectors, vecS, which allow parallel edges: the new edge is always inserted), with the
// property made in place: the list node, then the out-edge and in-edge entries that point at it.
// It reads Boost's internals (m_edges, StoredEdge, list_edge), which Boost may change: on a Boost
// upgrade, KnowledgeGraph.EdgesAreTheOnesBoostAddEdgeMakes tells whether this still holds.
Edge AddDefaultEdge(Graph& g, Vertex from, Vertex to) {
  assert(from < boost::num_vertices(g) && to < boost::num_vertices(g));
  auto& edges = g.m_edges;
  edges.emplace_back();  // list_edge's default constructor: EdgeData() in the node
  const auto it = std::prev(edges.end());
  it->m_source = from;
  it->m_target = to;
  g.out_edge_list(from).push_back(Graph::StoredEdge(to, it, &edges));
  boost::in_edge_list(g, to).push_back(Graph::StoredEdge(from, it, &edges));
  return Edge(from, to, &it->get_property());
}

}  // namespace

namespace {

// What NormalizeName does with each byte: kept (lower-cased when an ASCII capital; bytes from
// 0x80, ASCII letters and digits, the apostrophe), dropped ('.'), or a word separator (the
// rest); 0xE2 may start a curly apostrophe (kept otherwise). A table, so that the answers are
// ASCII-only whatever the locale, one load per byte.
struct NameBytes {
  enum Kind : unsigned char { kSeparator, kKeep, kDrop, kE2 };
  Kind kind[256];
  char lower[256];
  constexpr NameBytes() : kind(), lower() {
    for (int c = 0; c < 256; ++c) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      kind[c] = c == 0xE2 ? kE2
                : c == '.' ? kDrop
                : (c >= 0x80 || alnum || c == '\'') ? kKeep
                                                     : kSeparator;
      lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
};
constexpr NameBytes kNameBytes;

#if defined(__SSE2__)
// Plain running text for NormalizeName: 16 bytes that are all ASCII letters and digits, bytes
// from 0x80 other than 0xE2, and separators (kSeparator) none of which follows another (within
// the block). Such a block normalises to itself, lower-cased, with each separator a space,
// whatever words it ends or starts (no apostrophe to trim, no '.' to drop), once a word has been
// kept (no leading "the" to drop). Writes that image of in[0, 16) to out[0, 16) and returns the
// mask of its separators (bit k for in[k]). When the block is not plain, returns the negative of
// the mask of the bytes that make it so (bit k: in[k] is an apostrophe, '.' or 0xE2, or the first
// of two separators), and what it wrote is to be overwritten.
int PlainBlock16(const unsigned char* in, char* out) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  // Bytes in [lo, lo + n): shifted so that the range starts at -128, then one signed compare.
  auto in_range = [](__m128i x, int lo, int n) {
    const __m128i shifted = _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(n - 0x80)));
  };
  const __m128i upper = in_range(v, 'A', 26);
  const __m128i word = _mm_or_si128(
      _mm_or_si128(in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26), in_range(v, '0', 10)),
      _mm_cmplt_epi8(v, _mm_setzero_si128()));  // from 0x80 (0xE2 is caught below)
  const __m128i special = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))),
      _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE2))));
  const int sep = ~_mm_movemask_epi8(word) & 0xFFFF;
  if (const int bad = _mm_movemask_epi8(special) | (sep & (sep >> 1))) return -bad;
  const __m128i lowered = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  const __m128i image =
      _mm_or_si128(_mm_and_si128(word, lowered), _mm_andnot_si128(word, _mm_set1_epi8(' ')));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), image);
  return sep;
}
#endif

}  // namespace

std::string NormalizeName(std::string_view name) {
  // Never longer than `name`: written into room of its size, then copied once.
  Scratch room(name.size());
  return std::string(room.data(), NormalizeNameInto(room.data(), name));
}

std::string_view NormalizeNameInto(std::string& buf, std::string_view name) {
  // Never longer than `name`: written into a buffer of its size, then cut to length.
  buf.resize(name.size());
  buf.resize(NormalizeNameInto(buf.data(), name));
  return buf;
}

// One pass over the bytes: each word (a run of kept bytes between separators) is written after
// the words kept so far and then trimmed in place: a possessive 's and the apostrophes around
// it dropped, and a leading "the" (as the first word kept). The output never passes the input
// read: a word's space stands for the separator byte before it, and the rest only shrinks.
std::size_t NormalizeNameInto(char* buf, std::string_view name) {
  const unsigned char* const in = reinterpret_cast<const unsigned char*>(name.data());
  const std::size_t size = name.size();
  std::size_t out = 0;    // bytes kept: the words done, joined by single spaces
  std::size_t begin = 0;  // where the current word starts (after the space, once out > 0)
  std::size_t len = 0;    // where the current word's next byte goes
  // Ends the word in buf[begin, len): keeps what is left of it after the trimming, or drops it.
  auto end_word = [&] {
    std::size_t b = begin, e = len;
    if (e - b > 2 && buf[e - 1] == 's' && buf[e - 2] == '\'') e -= 2;
    while (e > b && buf[e - 1] == '\'') --e;
    while (b < e && buf[b] == '\'') ++b;
    if (b == e || (out == 0 && e - b == 3 && std::memcmp(buf + b, "the", 3) == 0)) {
      len = begin;  // dropped: the next word starts where this one did
      return;
    }
    if (b != begin) std::memmove(buf + begin, buf + b, e - b);
    if (begin != 0) buf[begin - 1] = ' ';
    out = begin + (e - b);
    begin = len = out + 1;  // the next word goes after a space, written once it is kept
  };
#if defined(__SSE2__)
  // Running text (a quote) is mostly plain blocks (PlainBlock16), copied 16 bytes at a time
  // once the state allows: a word kept, and the word in progress (if any) without an apostrophe
  // at its start or in its last two bytes, where trimming looks. A block that is not plain is
  // read byte by byte up to what made it so, and the next block tried after that.
  std::size_t plain_from = 0;  // where the next block may start
#endif
  for (std::size_t i = 0; i < size; ++i) {
#if defined(__SSE2__)
    if (out != 0 && i >= plain_from && i + 16 <= size &&
        (len == begin ? kNameBytes.kind[in[i]] != NameBytes::kSeparator
                      : buf[begin] != '\'' && buf[len - 1] != '\'' &&
                            (len - begin < 2 || buf[len - 2] != '\''))) {
      // Writing 16 bytes at `len` stays within `buf`: len <= i and i + 16 <= size.
      const int sep = PlainBlock16(in + i, buf + len);
      if (sep >= 0) {
        buf[begin - 1] = ' ';  // before the word in progress or starting here, which is kept
        if (sep != 0) {
          out = len + static_cast<std::size_t>(31 - __builtin_clz(static_cast<unsigned>(sep)));
          begin = out + 1;
        }
        len += 16;
        i += 15;
        continue;
      }
      plain_from = i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(-sep))) + 2;
    }
#endif
    const unsigned char c = in[i];
    switch (kNameBytes.kind[c]) {
      case NameBytes::kKeep:
        // Most bytes are letters in runs: copied in a tight loop to the run's end, rather than
        // one switch per byte.
        buf[len++] = kNameBytes.lower[c];
        while (i + 1 < size && kNameBytes.kind[in[i + 1]] == NameBytes::kKeep)
          buf[len++] = kNameBytes.lower[in[++i]];
        break;
      case NameBytes::kSeparator:
        if (len != begin) end_word();
        break;
      case NameBytes::kDrop:
        break;
      case NameBytes::kE2:
        // U+2019 and U+2018 fold to an apostrophe; any other 0xE2 byte is kept.
        if (i + 2 < size && in[i + 1] == 0x80 && (in[i + 2] == 0x99 || in[i + 2] == 0x98)) {
          buf[len++] = '\'';
          i += 2;
        } else {
          buf[len++] = static_cast<char>(c);
        }
        break;
    }
  }
  if (len != begin) end_word();
  return out;
}

namespace {

// StatementKey and FigureKey written into room for StatementKeyRoom or FigureKeyRoom bytes (see
// Scratch), viewed there: Prepare hashes the view (see PreparedMerge::statement_hashes) and makes
// no string of it.
std::size_t StatementKeyRoom(std::string_view article, std::string_view text) {
  return article.size() + text.size() + 3;
}

std::string_view WriteStatementKey(char* begin, std::string_view article, std::string_view text) {
  // Normalised in place after the prefix (no string for the normalised text).
  std::memcpy(begin, "s|", 2);
  // std::copy, not memcpy: an empty article may be a view with no data pointer (see FigureKey).
  std::copy(article.begin(), article.end(), begin + 2);
  char* const at = begin + 2 + article.size();
  *at = '|';
  return std::string_view(
      begin, static_cast<std::size_t>(at + 1 - begin) + NormalizeNameInto(at + 1, text));
}

// A number as WriteFigureKey writes it takes at most this many bytes.
constexpr std::size_t kKeyNumber = 32;

std::size_t FigureKeyRoom(std::string_view article, std::string_view unit) {
  return 2 + article.size() + 3 * (1 + kKeyNumber) + 1 + unit.size();
}

std::string_view WriteFigureKey(char* begin, std::string_view article,
                                const std::optional<double>& value,
                                const std::optional<double>& min_value,
                                const std::optional<double>& max_value, std::string_view unit) {
  // Each number as an ostream prints it by default (printf's %.6g, which to_chars' general
  // format with precision 6 is defined to match): values equal to six digits share a key.
  // Without an ostringstream per figure, whose construction and locale cost more than the rest.
  // Written through a pointer into room for the longest key: appending piece by piece checked
  // the capacity at every piece.
  char* p = begin;
  std::memcpy(p, "f|", 2);
  // std::copy, not memcpy: an empty article (a SharedString) may be a view with no data pointer,
  // which memcpy may not be given even for 0 bytes.
  std::copy(article.begin(), article.end(), p + 2);
  p += 2 + article.size();
  for (const std::optional<double>& x : {value, min_value, max_value}) {
    const double d = x ? *x : -1.0;
    // Most figures are whole numbers below a million, which %.6g prints as the integer they
    // are (a million has 7 digits and takes the exponent form; -0.0 prints "-0"): the integer
    // conversion gives the same bytes for a fraction of the cost.
    const bool whole = d == std::floor(d) && std::fabs(d) < 1e6 && !(d == 0 && std::signbit(d));
    *p++ = '|';
    p = whole ? std::to_chars(p, p + kKeyNumber, static_cast<std::int64_t>(d)).ptr
              : std::to_chars(p, p + kKeyNumber, d, std::chars_format::general, 6).ptr;
  }
  *p++ = '|';
  // The last word of the normalised unit, normalised in place after the rest of the key.
  const std::size_t at = static_cast<std::size_t>(p - begin);
  const std::string_view normalized_unit(p, NormalizeNameInto(p, unit));
  const std::string_view last = LastWord(normalized_unit);
  std::memmove(p, last.data(), last.size());
  return std::string_view(begin, at + last.size());
}

}  // namespace

std::string_view EdgeLabelView(const EdgeData& e) {
  switch (e.kind) {
    case EdgeKind::kRelation:
      return e.predicate.view();
    case EdgeKind::kSaid:
      return "said";
    case EdgeKind::kReports:
      return "reports";
    case EdgeKind::kMentions:
      return "mentions";
    case EdgeKind::kAbout:
      return "about";
  }
  return "related";
}

std::size_t Extraction::SentenceIndexAt(std::size_t pos) const {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                             [](std::size_t b, const Span& x) { return b < x.begin; });
  return it == sentences.begin() ? 0 : static_cast<std::size_t>(it - sentences.begin() - 1);
}

std::optional<std::size_t> Extraction::SentenceIndexOf(const Span& s) const {
  if (sentences.empty()) return std::nullopt;
  const std::size_t k = SentenceIndexAt(s.begin);
  const Span& x = sentences[k];
  if (x.begin <= s.begin && s.begin < x.end) return k;
  return std::nullopt;
}

Span Extraction::SentenceOf(const Span& s) const {
  const std::optional<std::size_t> k = SentenceIndexOf(s);
  return k ? sentences[*k] : s;
}

Vertex KnowledgeGraph::AddEntity(EntityType type, std::string name, std::string key) {
  const Vertex v = boost::add_vertex(G());
  auto& e = G()[v].emplace<EntityNode>();  // filled where it lies, not built and moved in
  e.type = type;
  e.name = std::move(name);
  // Mostly a new name: one hash, as the key is built anyway.
  alias_index_[{static_cast<int>(FamilyOf(type)), std::move(key)}].push_back(v);
  return v;
}

const KnowledgeGraph::VertexList* KnowledgeGraph::AliasBucket(int family,
                                                             std::string_view key) const {
  auto it = alias_index_.find(FamilyKeyView(family, key));
  return it == alias_index_.end() ? nullptr : &it->second;
}

KnowledgeGraph::VertexList& KnowledgeGraph::AliasBucketFor(int family, std::string_view key) {
  auto it = alias_index_.find(FamilyKeyView(family, key));
  if (it == alias_index_.end())
    it = alias_index_.emplace(std::make_pair(family, std::string(key)), VertexList()).first;
  return it->second;
}

void KnowledgeGraph::AddAlias(Vertex v, const std::string& name) {
  auto& e = std::get<EntityNode>(G()[v]);
  if (name.empty() || name == e.name || e.aliases.contains(name)) return;
  AddAlias(v, name, NormalizeName(name));
}

void KnowledgeGraph::AddAlias(Vertex v, const std::string& name, const std::string& key) {
  auto& e = std::get<EntityNode>(G()[v]);
  if (name.empty() || name == e.name) return;
  if (!e.aliases.insert(name).second) return;
  auto& bucket = AliasBucketFor(static_cast<int>(FamilyOf(e.type)), key);
  if (std::find(bucket.begin(), bucket.end(), v) == bucket.end()) bucket.push_back(v);
}

// The type with most votes wins; ties go to the more specific type (lower enum value first
// lists Person, then the organization subtypes before plain Organization, Country before Place).
void KnowledgeGraph::Retype(Vertex v) {
  auto& e = std::get<EntityNode>(G()[v]);
  int best = -1;
  for (const auto& [t, n] : e.type_votes) {
    if (n > best && FamilyOf(t) == FamilyOf(e.type)) {
      best = n;
      e.type = t;
    }
  }
}

std::size_t KnowledgeGraph::EdgeHash::operator()(const EdgeKey& k) const noexcept {
  std::size_t h = std::hash<std::string_view>()(k.predicate);
  for (std::size_t x : {static_cast<std::size_t>(k.from), static_cast<std::size_t>(k.to),
                        static_cast<std::size_t>(k.kind)})
    h = (h ^ x) * 1099511628211ull;
  return h;
}

std::size_t KnowledgeGraph::EdgeHash::operator()(const Edge& e) const noexcept {
  const EdgeData& d = (*g)[e];
  return (*this)(EdgeKey{boost::source(e, *g), boost::target(e, *g), d.kind, d.predicate});
}

bool KnowledgeGraph::EdgeEq::operator()(const EdgeKey& k, const Edge& e) const noexcept {
  const EdgeData& d = (*g)[e];
  return boost::source(e, *g) == k.from && boost::target(e, *g) == k.to && d.kind == k.kind &&
         d.predicate == k.predicate;
}

std::optional<Edge> KnowledgeGraph::FindEdge(Vertex from, Vertex to, EdgeKind kind,
                                             std::string_view predicate) {
  const Graph& g = G();
  if (boost::out_degree(from, g) >= kIndexDegree) {
    if (hubs_.insert(from).second) {  // the first lookup from this hub: index its edges
      for (auto [it, end] = boost::out_edges(from, g); it != end; ++it) hub_edges_.insert(*it);
    }
    auto it = hub_edges_.find(EdgeKey{from, to, kind, predicate});
    if (it == hub_edges_.end()) return std::nullopt;
    return *it;
  }
  for (auto [it, end] = boost::out_edges(from, g); it != end; ++it) {
    if (boost::target(*it, g) != to) continue;
    const EdgeData& d = g[*it];
    if (d.kind == kind && d.predicate == predicate) return *it;
  }
  return std::nullopt;
}

Vertex KnowledgeGraph::AddVertex(NodeData&& node) {
  const Vertex v = boost::add_vertex(G());
  G()[v] = std::move(node);
  return v;
}

Edge KnowledgeGraph::AddEdge(Vertex from, Vertex to, EdgeData data) {
  // Boost's add_edge takes its property by const reference and copies it; adding a default one
  // in place (AddDefaultEdge) and moving into it saves the copies of every string and list.
  const Edge e = AddDefaultEdge(G(), from, to);
  G()[e] = std::move(data);
  IndexEdge(from, e);
  return e;
}

void KnowledgeGraph::IndexEdge(Vertex from, Edge e) {
  // A hub had kIndexDegree out-edges or more when it was indexed, and `e` is one more: a vertex
  // with fewer is not one (no lookup needed to tell).
  if (boost::out_degree(from, G()) > kIndexDegree && hubs_.contains(from)) hub_edges_.insert(e);
}

Edge KnowledgeGraph::UpsertEdge(Vertex from, Vertex to, EdgeKind kind,
                                const std::string& predicate) {
  if (auto e = FindEdge(from, to, kind, predicate)) return *e;
  return NewEdge(from, to, kind, predicate);
}

Edge KnowledgeGraph::NewEdge(Vertex from, Vertex to, EdgeKind kind, std::string_view predicate) {
  // Filled where Boost put it (no EdgeData built, moved and destroyed on the way), then indexed
  // by the kind and predicate just set.
  const Edge e = AddDefaultEdge(G(), from, to);
  EdgeData& d = G()[e];
  d.kind = kind;
  d.predicate = labels_(predicate);
  IndexEdge(from, e);
  return e;
}

PreparedMerge KnowledgeGraph::Prepare(const Document& doc, const Extraction& ex) {
  PreparedMerge p;
  p.article = ArticleNode{doc.id,
                          SharedString(doc.source),
                          SharedString(doc.url),
                          SharedString(doc.headline),
                          SharedString(doc.date),
                          SharedString(doc.publisher),
                          SharedString(doc.author),
                          SharedString(Hex(Fnv1a(doc.text)))};

  // 1. Cluster the article's mentions: each cluster is one entity of this article.
  const std::size_t n = ex.mentions.size();
  std::vector<std::size_t>& cluster = p.cluster;
  cluster.resize(n);
  std::vector<std::vector<std::size_t>> members;
  auto name_of = [&](std::size_t i) -> const std::string& {
    return ex.mentions[i].canonical.empty() ? ex.mentions[i].text : ex.mentions[i].canonical;
  };
  // Each mention's normalised name (and its words) and normalised text, computed once: the
  // clustering below compares every mention with every earlier one.
  std::vector<std::string>& name_key = p.name_key;
  std::vector<std::string>& text_key = p.text_key;
  name_key.reserve(n);  // never reallocated: last_word views its strings
  text_key.reserve(n);
  // Of each name key, the number of words and the last word (a view into name_key).
  std::vector<std::size_t> name_words(n);
  std::vector<std::string_view> last_word(n);
  std::vector<Initials> initials(n);
  // The letters of every non-person mention's Initials, in one buffer (see InitialsOf).
  std::size_t initials_room = 0;
  for (const Mention& m : ex.mentions)
    if (FamilyOf(m.type) != EntityFamily::kPerson) initials_room += 3 * m.text.size();
  const std::unique_ptr<char[]> initials_text =
      std::make_unique_for_overwrite<char[]>(initials_room);
  char* initials_at = initials_text.get();
  for (std::size_t i = 0; i < n; ++i) {
    name_key.push_back(NormalizeName(name_of(i)));
    // A mention without a canonical name is named by its text: both keys are one normalisation.
    text_key.push_back(ex.mentions[i].canonical.empty() ? name_key[i]
                                                        : NormalizeName(ex.mentions[i].text));
    name_words[i] = WordCount(name_key[i]);
    last_word[i] = LastWord(name_key[i]);
    if (FamilyOf(ex.mentions[i].type) != EntityFamily::kPerson) {
      initials[i] = InitialsOf(ex.mentions[i].text, initials_at);
      initials_at += 3 * ex.mentions[i].text.size();
    }
  }
  // An article of a few dozen mentions (most are) compares each with every earlier one; a
  // longer text looks its keys up instead (ClusterIndex), which finds the same clusters.
  constexpr std::size_t kIndexFrom = 64;
  const bool indexed = n >= kIndexFrom;
  ClusterIndex index;
  using K = ClusterIndex;
  // The first cluster with a member that mention i is the same entity as, by comparing it with
  // every member.
  auto find_by_comparing = [&](std::size_t i) __attribute__((always_inline))
      -> std::optional<std::size_t> {
    const Mention& m = ex.mentions[i];
    const std::string& key = name_key[i];
    const auto fam = FamilyOf(m.type);
    const bool single = name_words[i] == 1;
    for (std::size_t c = 0; c < members.size(); ++c) {
      for (std::size_t j : members[c]) {
        const Mention& o = ex.mentions[j];
        if (FamilyOf(o.type) != fam) continue;
        const std::string& okey = name_key[j];
        // Equal identity keys: "Russian Foreign Ministry" and "Foreign Ministry of Russia".
        if ((!m.key.empty() && m.key == o.key) || okey == key || text_key[j] == text_key[i])
          return c;
        // A surname-only person joins the full name it ends (or starts, for "al-" names).
        if (fam == EntityFamily::kPerson) {
          const std::size_t ow = name_words[j], mw = name_words[i];
          if ((single && ow > 1 && last_word[j] == key) ||
              (ow == 1 && mw > 1 && last_word[i] == okey))
            return c;
        }
        if (fam != EntityFamily::kPerson &&
            ((initials[i].acronym && AcronymOf(initials[i], initials[j])) ||
             (initials[j].acronym && AcronymOf(initials[j], initials[i]))))
          return c;
      }
    }
    return std::nullopt;
  };
  // The same cluster, by mention i's keys in `index` (the comparisons above, key by key).
  auto find_by_keys = [&](std::size_t i) __attribute__((always_inline))
      -> std::optional<std::size_t> {
    const Mention& m = ex.mentions[i];
    const auto fam = FamilyOf(m.type);
    const std::size_t none = members.size();
    std::size_t c = none;
    if (!m.key.empty()) c = index.Min(K::kKey, fam, m.key, c);
    c = index.Min(K::kName, fam, name_key[i], c);
    c = index.Min(K::kText, fam, text_key[i], c);
    if (fam == EntityFamily::kPerson) {
      if (name_words[i] == 1) c = index.Min(K::kLastWord, fam, name_key[i], c);
      if (name_words[i] > 1) c = index.Min(K::kLoneName, fam, last_word[i], c);
    } else {
      if (initials[i].acronym && initials[i].upper.size() >= 2) {
        c = index.Min(K::kContent, fam, initials[i].upper, c);
        c = index.Min(K::kAll, fam, initials[i].upper, c);
      }
      c = index.Min(K::kAcronym, fam, initials[i].content, c);
      c = index.Min(K::kAcronym, fam, initials[i].all, c);
    }
    return c == none ? std::nullopt : std::optional<std::size_t>(c);
  };
  // What a later mention may find mention i by, in cluster c.
  auto add_to_index = [&](std::size_t i, std::size_t c) {
    const Mention& m = ex.mentions[i];
    const auto fam = FamilyOf(m.type);
    if (!m.key.empty()) index.Add(K::kKey, fam, m.key, c);
    index.Add(K::kName, fam, name_key[i], c);
    index.Add(K::kText, fam, text_key[i], c);
    if (fam == EntityFamily::kPerson) {
      if (name_words[i] > 1) index.Add(K::kLastWord, fam, last_word[i], c);
      if (name_words[i] == 1) index.Add(K::kLoneName, fam, name_key[i], c);
    } else {
      index.Add(K::kContent, fam, initials[i].content, c);
      index.Add(K::kAll, fam, initials[i].all, c);
      if (initials[i].acronym && initials[i].upper.size() >= 2)
        index.Add(K::kAcronym, fam, initials[i].upper, c);
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Mention& m = ex.mentions[i];
    std::optional<std::size_t> join;
    if (m.refers_to && *m.refers_to < i) join = cluster[*m.refers_to];
    if (!join) join = indexed ? find_by_keys(i) : find_by_comparing(i);
    if (join) {
      cluster[i] = *join;
      members[*join].push_back(i);
    } else {
      cluster[i] = members.size();
      members.push_back({i});
    }
    if (indexed) add_to_index(i, cluster[i]);
  }

  // 2. Each cluster's type, fullest name and the names to look it up under.
  p.clusters.resize(members.size());
  for (std::size_t c = 0; c < members.size(); ++c) {
    PreparedMerge::Cluster& cl = p.clusters[c];
    cl.members = std::move(members[c]);
    // The member named `cl.best` first; its name is copied once, when it is known.
    std::size_t best = cl.members.front();
    std::size_t best_size = 0;
    for (std::size_t i : cl.members) {
      ++cl.votes[ex.mentions[i].type];
      const std::string& nm = name_of(i);
      const std::size_t words = WordCount(nm);
      if (words > cl.best_words || (words == cl.best_words && nm.size() > best_size)) {
        best_size = nm.size();
        cl.best_words = words;
        best = i;
      }
    }
    cl.best = name_of(best);
    cl.type = std::max_element(cl.votes.begin(), cl.votes.end(), [](auto& a, auto& b) {
                return a.second < b.second;
              })->first;
    cl.best_key = name_key[best];  // NormalizeName(cl.best), made above
    // A generic name ("Security Council") or a lone surname ("Anas") names different entities
    // in different articles, so it never looks up.
    auto lookup_name = [&](std::size_t i) {
      const Mention& m = ex.mentions[i];
      if (m.generic) return false;
      if (FamilyOf(m.type) == EntityFamily::kPerson && name_words[i] < 2) return false;
      return true;
    };
    // Each name once, where it first comes: Merge stops at the first that finds an entity, so a
    // repeat (most clusters repeat one name, as name and as text) would only be looked up again.
    // Kept as references to the keys (see PreparedMerge::Key), not copies of them.
    auto look_up = [&](std::pair<std::size_t, bool> key) {
      const std::string& k = p.Key(key);
      if (std::none_of(cl.lookup.begin(), cl.lookup.end(),
                       [&](std::pair<std::size_t, bool> o) { return p.Key(o) == k; }))
        cl.lookup.push_back(key);
    };
    for (std::size_t i : cl.members)
      if (lookup_name(i) && name_of(i) == cl.best) look_up({i, true});
    for (std::size_t i : cl.members)
      if (lookup_name(i)) look_up({i, true});
    // A text key equal by construction to its name key (no canonical name) is a repeat.
    for (std::size_t i : cl.members)
      if (lookup_name(i) && !ex.mentions[i].canonical.empty()) look_up({i, false});
    // What Merge indexes the entity under, without the repeats it would skip (clusters are
    // small: a scan of what is kept so far).
    for (std::size_t i : cl.members) {
      const std::string& k = ex.mentions[i].key;
      if (!k.empty() && std::none_of(cl.keyed.begin(), cl.keyed.end(),
                                     [&](std::size_t j) { return ex.mentions[j].key == k; }))
        cl.keyed.push_back(i);
    }
    auto form = [&](std::pair<std::size_t, bool> f) -> const std::string& {
      return f.second ? name_of(f.first) : ex.mentions[f.first].text;
    };
    for (std::size_t i : cl.members) {
      for (bool as_name : {false, true}) {
        // A mention without a canonical name has its text as its name (the same string object);
        // a cluster's mentions mostly repeat the one before. Only those repeats are skipped, so
        // that the cost stays linear in the members: a repeat left in adds nothing in Merge.
        const std::string& nm = form({i, as_name});
        const std::size_t recent = std::min<std::size_t>(cl.forms.size(), 2);
        if (std::none_of(cl.forms.end() - recent, cl.forms.end(),
                         [&](std::pair<std::size_t, bool> f) {
                           const std::string& other = form(f);
                           return &other == &nm || other == nm;
                         }))
          cl.forms.emplace_back(i, as_name);
      }
    }
  }

  // 3. The keys of statements and figures.
  // Hashed where they are written, with no string made of them: Merge makes a key again only
  // when its hash is found (see FindKeyed).
  p.statement_hashes.reserve(ex.statements.size());
  p.figure_hashes.reserve(ex.figures.size());
  for (const StatementMention& sm : ex.statements) {
    Scratch room(StatementKeyRoom(doc.id, sm.text));
    p.statement_hashes.push_back(
        std::hash<std::string_view>()(WriteStatementKey(room.data(), doc.id, sm.text)));
  }
  for (const FigureMention& f : ex.figures) {
    Scratch room(FigureKeyRoom(doc.id, f.unit));
    p.figure_hashes.push_back(std::hash<std::string_view>()(
        WriteFigureKey(room.data(), doc.id, f.value, f.min_value, f.max_value, f.unit)));
  }

  // 4. The sentences evidence may cite: those of the clusters' first mentions (the first
  // mention of an entity in the article carries its sentence, and Merge decides which cluster's
  // that is), of relations, statements and figures.
  // Extraction::SentenceOf's text, shared by sentence index in p.sentences. A span outside
  // every sentence is its own text (rare: a map).
  p.sentences.resize(ex.sentences.size());
  std::map<std::pair<std::size_t, std::size_t>, SharedString> loose;
  auto sentence = [&](const Span& s) -> const SharedString& {
    if (const std::optional<std::size_t> k = ex.SentenceIndexOf(s)) {
      if (p.sentences[*k].empty()) p.sentences[*k] = SharedString(doc.Slice(ex.sentences[*k]));
      return p.sentences[*k];
    }
    auto [it, inserted] = loose.try_emplace({s.begin, s.end});
    if (inserted) it->second = SharedString(doc.Slice(s));
    return it->second;
  };
  p.article_id = SharedString(doc.id);
  auto evidence = [&](const Span& s) { return Evidence{p.article_id, s, sentence(s)}; };
  // A cluster's first mention may be the first of its entity in this article (Merge decides,
  // by the graph).
  p.cluster_sentence.reserve(p.clusters.size());
  for (const PreparedMerge::Cluster& cl : p.clusters)
    p.cluster_sentence.push_back(sentence(ex.mentions[cl.members.front()].span));
  p.relation_evidence.reserve(ex.relations.size());
  for (const RelationMention& r : ex.relations) p.relation_evidence.push_back(evidence(r.evidence));

  // 5. The statement and figure nodes, added by Merge when their key is new.
  p.statements.reserve(ex.statements.size());
  for (const StatementMention& sm : ex.statements)
    p.statements.push_back(
        StatementNode{p.article_id, sm.text, sm.cue, sm.direct, {evidence(sm.span)}});
  p.figures.reserve(ex.figures.size());
  for (const FigureMention& f : ex.figures) {
    p.figures.push_back(FigureNode{p.article_id,
                                   f.value,
                                   f.min_value,
                                   f.max_value,
                                   SharedString(f.qualifier),
                                   SharedString(f.unit),
                                   SharedString(f.text),
                                   {evidence(f.span)}});
  }
  return p;
}

bool KnowledgeGraph::Merge(const Document& doc, const Extraction& ex) {
  return Merge(doc, ex, Prepare(doc, ex));
}

bool KnowledgeGraph::Merge(const Document& doc, const Extraction& ex, PreparedMerge&& p) {
  Vertex article;
  bool new_article = false;  // no edges from it yet but those added below
  // One lookup: a new id is added with a placeholder vertex, set once the node exists.
  if (auto [it, added] = articles_.try_emplace(doc.id); !added) {
    if (std::get<ArticleNode>(G()[it->second]).content_hash == p.article.content_hash) return false;
    // Same identifier, new content: keep one node, with the newer metadata.
    article = it->second;
    G()[article] = NodeData(std::move(p.article));
  } else {
    try {
      article = it->second = AddVertex(std::move(p.article));
      new_article = true;
    } catch (...) {
      articles_.erase(it);  // no placeholder left to name vertex 0 for this id
      throw;
    }
  }
  // The article's mention edges, at most one per cluster: room for them at once rather than by
  // doublings (Boost's vecS out-edge list is a std::vector, reached as ReserveNodes does).
  {
    auto& out = G().out_edge_list(article);
    out.reserve(out.size() + p.clusters.size());
  }
  // One id and one copy of each sentence for all the evidence of this article (see Prepare).
  const SharedString& article_id = p.article_id;
  const std::size_t n = ex.mentions.size();
  auto name_of = [&](std::size_t i) -> const std::string& {
    return ex.mentions[i].canonical.empty() ? ex.mentions[i].text : ex.mentions[i].canonical;
  };

  // Resolve each cluster (one entity of this article, see Prepare) to a graph entity.
  std::vector<Vertex>& entity_of_cluster = scratch_.entity_of_cluster;
  entity_of_cluster.resize(p.clusters.size());
  for (std::size_t c = 0; c < p.clusters.size(); ++c) {
    PreparedMerge::Cluster& cl = p.clusters[c];
    const int fam = static_cast<int>(FamilyOf(cl.type));
    std::optional<Vertex> found;
    // Across articles an identity key decides first; then the names that identify an entity
    // on their own, fullest first.
    for (std::size_t i : cl.keyed) {
      const std::string& k = ex.mentions[i].key;
      if (auto it = identity_index_.find(FamilyKeyView(fam, k)); it != identity_index_.end()) {
        found = it->second;
        break;
      }
    }
    for (std::pair<std::size_t, bool> key : cl.lookup) {
      if (found) break;
      const VertexList* bucket = AliasBucket(fam, p.Key(key));
      if (bucket && !bucket->empty()) found = bucket->front();
    }
    if (!found) {
      // The lookups above (unless every name is generic or a lone surname) found no entity under
      // the best name; that lookup need not be made again.
      const bool best_unindexed =
          std::any_of(cl.lookup.begin(), cl.lookup.end(),
                      [&](std::pair<std::size_t, bool> key) { return p.Key(key) == cl.best_key; });
      found = ResolveByExactName(fam, cl.best_key, best_unindexed);
    }
    // A new entity takes the cluster's best name and key (named so, it is never renamed below).
    Vertex v = found ? *found : AddEntity(cl.type, std::move(cl.best), std::move(cl.best_key));
    for (std::size_t i : cl.keyed) {
      const std::string& k = ex.mentions[i].key;
      if (!identity_index_.contains(FamilyKeyView(fam, k)))
        identity_index_.emplace(std::make_pair(fam, k), v);
    }
    auto& e = std::get<EntityNode>(G()[v]);
    // The fullest proper form becomes the canonical name; the old one becomes an alias.
    if (found && cl.best_words > WordCount(e.name) && !IsAcronym(cl.best)) {
      std::string old = e.name;
      e.name = cl.best;
      AliasBucketFor(fam, cl.best_key).push_back(v);
      e.aliases.erase(cl.best);
      AddAlias(v, old);
    }
    for (auto [i, as_name] : cl.forms) {
      if (as_name)
        AddAlias(v, name_of(i), p.name_key[i]);
      else
        AddAlias(v, ex.mentions[i].text, p.text_key[i]);
    }
    for (auto [t, k] : cl.votes) std::get<EntityNode>(G()[v]).type_votes[t] += k;
    std::get<EntityNode>(G()[v]).mention_count += static_cast<std::uint32_t>(cl.members.size());
    Retype(v);
    entity_of_cluster[c] = v;
  }
  const std::vector<std::size_t>& cluster = p.cluster;
  auto entity = [&](std::size_t mention) { return entity_of_cluster[cluster[mention]]; };

  // 3. The article mentions each entity; the evidence lists every span, the first with its
  // sentence. The edge is looked up once per cluster (its first mention) and kept: edge
  // descriptors stay valid while edges are added (bidirectionalS keeps them in a list), and a
  // later mention of the cluster is never the article's first of the edge.
  std::vector<std::optional<Edge>>& mention_edge = scratch_.mention_edge;
  mention_edge.assign(p.clusters.size(), std::nullopt);
  // A new article's only edges so far are the mention edges added in the loop below, so its
  // edge to an entity exists only if an earlier cluster resolved to that entity too: found by
  // the article's own clusters (a table of a few dozen entries, in cache) rather than by
  // reading the entity's in-edges in the graph (a cache miss per cluster, most of Merge's time
  // on the full Reuters). Clusters are numbered in the order of their first mentions (Prepare),
  // so the first cluster of an entity is the first the loop meets.
  std::vector<std::size_t>& same_entity = scratch_.same_entity;
  if (new_article) {
    scratch_.first_cluster.clear();
    same_entity.resize(p.clusters.size());
    for (std::size_t c = 0; c < p.clusters.size(); ++c)
      same_entity[c] = scratch_.first_cluster.try_emplace(entity_of_cluster[c], c).first->second;
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::optional<Edge>& cached = mention_edge[cluster[i]];
    bool first = false;
    if (!cached) {
      const Vertex v = entity(i);
      if (new_article) {
        // The edge of the entity's first cluster, made when the loop met that cluster (see
        // same_entity above); a new edge for the first cluster itself.
        const std::size_t c = same_entity[cluster[i]];
        assert(c == cluster[i] || mention_edge[c]);
        cached = c == cluster[i] ? NewEdge(article, v, EdgeKind::kMentions, {}) : mention_edge[c];
      } else {
        cached = UpsertEdge(article, v, EdgeKind::kMentions, "");
      }
      EdgeData& d = G()[*cached];
      first = d.articles.insert(article_id).second;
      // Room for the span of every mention of the cluster at once, rather than by growths.
      d.evidence.reserve(d.evidence.size() + p.clusters[cluster[i]].members.size());
    }
    auto& d = G()[*cached];
    // `first` only at the cluster's first mention: its sentence is moved in, used once.
    d.evidence.push_back(Evidence{article_id, ex.mentions[i].span,
                                  first ? std::move(p.cluster_sentence[cluster[i]])
                                        : SharedString()});
  }

  // 4. Relations between entities.
  for (std::size_t k = 0; k < ex.relations.size(); ++k) {
    const RelationMention& r = ex.relations[k];
    Vertex s = entity(r.subject), o = entity(r.object);
    if (s == o) continue;
    Edge e = UpsertEdge(s, o, EdgeKind::kRelation, r.predicate);
    auto& d = G()[e];
    if (d.role.empty()) d.role = labels_(r.role);
    d.articles.insert(article_id);
    Evidence& ev = p.relation_evidence[k];
    if (std::find(d.evidence.begin(), d.evidence.end(), ev) == d.evidence.end())
      d.evidence.push_back(std::move(ev));
  }

  // 5. Statements: exact duplicates inside an article are one statement.
  std::vector<Vertex>& statement_vertex = scratch_.statement_vertex;
  statement_vertex.resize(ex.statements.size());
  for (std::size_t k = 0; k < ex.statements.size(); ++k) {
    const StatementMention& sm = ex.statements[k];
    const std::size_t hash = p.statement_hashes[k];
    Vertex v;
    if (const std::optional<Vertex> found =
            FindKeyed(hash, [&] { return StatementKey(doc.id, sm.text); })) {
      v = *found;
      std::get<StatementNode>(G()[v]).evidence.push_back(
          std::move(p.statements[k].evidence.front()));
    } else {
      v = AddVertex(std::move(p.statements[k]));
      IndexKeyed(hash, v);
    }
    statement_vertex[k] = v;
    if (sm.speaker) {
      auto& d = G()[UpsertEdge(entity(*sm.speaker), v, EdgeKind::kSaid, "")];
      d.articles.insert(article_id);
    }
    for (std::size_t a : sm.about) {
      auto& d = G()[UpsertEdge(v, entity(a), EdgeKind::kAbout, "")];
      d.articles.insert(article_id);
    }
  }

  // 6. Figures: the same number of the same thing in one article is one figure.
  for (std::size_t k = 0; k < ex.figures.size(); ++k) {
    const FigureMention& f = ex.figures[k];
    const std::size_t hash = p.figure_hashes[k];
    Vertex v;
    if (const std::optional<Vertex> found = FindKeyed(
            hash, [&] { return FigureKey(doc.id, f.value, f.min_value, f.max_value, f.unit); })) {
      v = *found;
      std::get<FigureNode>(G()[v]).evidence.push_back(std::move(p.figures[k].evidence.front()));
    } else {
      v = AddVertex(std::move(p.figures[k]));
      IndexKeyed(hash, v);
    }
    if (f.statement) {
      G()[UpsertEdge(statement_vertex[*f.statement], v, EdgeKind::kReports, "")].articles.insert(
          article_id);
    }
    if (f.reporter) {
      G()[UpsertEdge(entity(*f.reporter), v, EdgeKind::kReports, "")].articles.insert(article_id);
    }
  }
  return true;
}

KnowledgeGraph::KnowledgeGraph()
    : graph_(std::make_unique<Graph>()),
      hub_edges_(0, EdgeHash{graph_.get()}, EdgeEq{graph_.get()}) {}

KnowledgeGraph::~KnowledgeGraph() = default;

// Every member but the edge index (hub_edges_ and hubs_, whose edge descriptors point into
// the graph they were taken from: rebuilt by lookups as they come) and Merge's scratch_ is
// copied as is; keep this list complete when adding members.
KnowledgeGraph::KnowledgeGraph(const KnowledgeGraph& o)
    : graph_(std::make_unique<Graph>(*o.graph_)),
      hub_edges_(0, EdgeHash{graph_.get()}, EdgeEq{graph_.get()}),
      labels_(o.labels_),
      articles_(o.articles_),
      alias_index_(o.alias_index_),
      keyed_(o.keyed_),
      keyed_collisions_(o.keyed_collisions_),
      identity_index_(o.identity_index_) {}

KnowledgeGraph& KnowledgeGraph::operator=(const KnowledgeGraph& o) {
  if (this == &o) return *this;
  KnowledgeGraph copy(o);
  swap(copy);
  return *this;
}

// The index's hash and equality point at the heap-allocated Graph, which moves with it.
KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&& o) noexcept : KnowledgeGraph() { swap(o); }

KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&& o) noexcept {
  KnowledgeGraph moved(std::move(o));
  swap(moved);
  return *this;
}

void KnowledgeGraph::swap(KnowledgeGraph& o) noexcept {
  std::swap(graph_, o.graph_);
  hub_edges_.swap(o.hub_edges_);
  hubs_.swap(o.hubs_);
  std::swap(scratch_, o.scratch_);
  std::swap(labels_, o.labels_);
  articles_.swap(o.articles_);
  alias_index_.swap(o.alias_index_);
  keyed_.swap(o.keyed_);
  keyed_collisions_.swap(o.keyed_collisions_);
  identity_index_.swap(o.identity_index_);
}

std::string KnowledgeGraph::StatementKey(std::string_view article, std::string_view text) {
  Scratch room(StatementKeyRoom(article, text));
  return std::string(WriteStatementKey(room.data(), article, text));
}

std::string KnowledgeGraph::FigureKey(std::string_view article,
                                      const std::optional<double>& value,
                                      const std::optional<double>& min_value,
                                      const std::optional<double>& max_value,
                                      std::string_view unit) {
  Scratch room(FigureKeyRoom(article, unit));
  return std::string(WriteFigureKey(room.data(), article, value, min_value, max_value, unit));
}

// Names that may not look up other articles' aliases (generic names, lone surnames) still
// find an entity that other articles named exactly so: "State Department" in two articles is
// one node, while a bare "Security Council" never joins the "UN Security Council", which
// carries that name only as an alias. A lone surname joins the one person with a full name
// the graph knows it for ("Kerry" -> "John Kerry"), and a full name joins the one person
// that earlier articles named only by its surname. Ambiguity joins nothing.
std::optional<Vertex> KnowledgeGraph::ResolveByExactName(int fam, const std::string& key,
                                                         bool key_unindexed) const {
  // `key` is normalised: words joined by single spaces.
  if (key.empty()) return std::nullopt;
  const bool person = fam == static_cast<int>(EntityFamily::kPerson);
  // Each candidate's canonical name is normalised into this one buffer.
  std::string normalized;
  auto normalized_name = [&](Vertex u) {
    return NormalizeNameInto(normalized, std::get<EntityNode>(G()[u]).name);
  };
  auto canonical_words = [&](Vertex u) { return WordCount(normalized_name(u)); };
  // Of the entities in `bucket` (may be null), the one (counting each entity once) that
  // `accept` takes: {u, false}; {nullopt, false} when it takes none, {nullopt, true} when it
  // takes two or more. A bucket may list thousands of namesakes (each ambiguous lone surname
  // adds one), so the scan stops at the second entity taken.
  auto only = [](const VertexList* bucket,
                 auto accept) -> std::pair<std::optional<Vertex>, bool> {
    std::optional<Vertex> one;
    if (!bucket) return {one, false};
    for (Vertex u : *bucket) {
      if (one == u || !accept(u)) continue;
      if (one) return {std::nullopt, true};
      one = u;
    }
    return {one, false};
  };
  if (person && key.find(' ') != std::string::npos)
    return only(AliasBucket(fam, LastWord(key)), [&](Vertex u) {
             return canonical_words(u) == 1;
           }).first;
  const VertexList* cands = key_unindexed ? nullptr : AliasBucket(fam, key);
  if (!cands) return std::nullopt;
  if (person) {
    const auto [full, ambiguous] = only(cands, [&](Vertex u) { return canonical_words(u) >= 2; });
    if (full || ambiguous) return full;
  }
  for (Vertex u : *cands) {
    // A name normalises to at most its own length: a shorter one cannot give `key`.
    if (std::get<EntityNode>(G()[u]).name.size() >= key.size() && normalized_name(u) == key)
      return u;
  }
  return std::nullopt;
}

// Boost's vecS adjacency_list has no reserve of its own; its vertex vector is a public member.
void KnowledgeGraph::ReserveNodes(std::size_t n) { G().m_vertices.reserve(n); }

Vertex KnowledgeGraph::RestoreNode(NodeData node) {
  const Vertex v = AddVertex(std::move(node));
  if (auto* a = std::get_if<ArticleNode>(&G()[v])) {
    articles_[a->id] = v;
  } else if (auto* e = std::get_if<EntityNode>(&G()[v])) {
    const int fam = static_cast<int>(FamilyOf(e->type));
    auto index = [&](const std::string& name) {
      auto& bucket = alias_index_[{fam, NormalizeName(name)}];
      if (std::find(bucket.begin(), bucket.end(), v) == bucket.end()) bucket.push_back(v);
    };
    index(e->name);
    for (const std::string& a : e->aliases) index(a);
  } else if (std::holds_alternative<StatementNode>(G()[v]) ||
             std::holds_alternative<FigureNode>(G()[v])) {
    // The first node of a key keeps it, as in Merge.
    const std::string key = MergeKey(G()[v]);
    const std::size_t hash = std::hash<std::string>()(key);
    if (!FindKeyed(hash, [&]() -> const std::string& { return key; })) IndexKeyed(hash, v);
  }
  return v;
}

std::optional<Vertex> KnowledgeGraph::FindKeyedAmong(std::size_t hash, Vertex first,
                                                     const std::string& key) const {
  if (MergeKey(G()[first]) == key) return first;
  for (auto [c, end] = keyed_collisions_.equal_range(hash); c != end; ++c)
    if (MergeKey(G()[c->second]) == key) return c->second;
  return std::nullopt;
}

std::string KnowledgeGraph::MergeKey(const NodeData& node) {
  if (auto* s = std::get_if<StatementNode>(&node)) return StatementKey(s->article, s->text);
  if (auto* f = std::get_if<FigureNode>(&node))
    return FigureKey(f->article, f->value, f->min_value, f->max_value, f->unit);
  return std::string();
}

bool KnowledgeGraph::RestoreEdge(Vertex from, Vertex to, EdgeData data) {
  if (FindEdge(from, to, data.kind, data.predicate)) return false;
  AddEdge(from, to, std::move(data));
  return true;
}

void KnowledgeGraph::RestoreIdentityKey(Vertex v, const std::string& key) {
  const int fam = static_cast<int>(FamilyOf(std::get<EntityNode>(G()[v]).type));
  identity_index_.emplace(std::make_pair(fam, key), v);
}

void KnowledgeGraph::RestoreAliasOrder(const std::string& key, const std::vector<Vertex>& order) {
  if (order.empty()) return;
  const int fam = static_cast<int>(FamilyOf(std::get<EntityNode>(G()[order.front()]).type));
  auto& bucket = alias_index_[{fam, key}];
  VertexList out(order.begin(), order.end());
  for (Vertex v : bucket)
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  bucket = std::move(out);
}

std::vector<std::pair<Vertex, std::vector<std::string>>> KnowledgeGraph::IdentityKeysByVertex()
    const {
  std::vector<std::pair<Vertex, const std::string*>> pairs;
  pairs.reserve(identity_index_.size());
  for (const auto& [key, v] : identity_index_) pairs.emplace_back(v, &key.second);
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, *a.second) < std::tie(b.first, *b.second);
  });
  std::vector<std::pair<Vertex, std::vector<std::string>>> out;
  for (const auto& [v, key] : pairs) {
    if (out.empty() || out.back().first != v) out.emplace_back(v, std::vector<std::string>{});
    out.back().second.push_back(*key);
  }
  return out;
}

namespace {

// Whether an alias-index entry lists its distinct entities out of creation order, and if so
// those entities, in the entry's order, into `distinct` (AliasRanks and AllAliasRanks give
// their positions). A non-decreasing entry, as most are (one entity), is in order at a glance.
template <class Bucket>
bool DistinctOutOfOrder(const Bucket& bucket, std::vector<Vertex>& distinct) {
  if (std::is_sorted(bucket.begin(), bucket.end())) return false;
  distinct.clear();
  for (Vertex u : bucket)
    if (std::find(distinct.begin(), distinct.end(), u) == distinct.end()) distinct.push_back(u);
  return !std::is_sorted(distinct.begin(), distinct.end());
}

}  // namespace

std::vector<std::pair<std::string, std::size_t>> KnowledgeGraph::AliasRanks(Vertex v) const {
  std::vector<std::pair<std::string, std::size_t>> out;
  const auto* e = std::get_if<EntityNode>(&G()[v]);
  if (!e) return out;
  const int fam = static_cast<int>(FamilyOf(e->type));
  // Each name is normalised into one reused buffer and its entry looked up from there: the
  // exporter asks for every entity, and most entries list one entity (or theirs in order), so
  // only the rare out-of-order entry copies its key.
  std::string key;
  std::vector<Vertex> distinct;
  auto rank = [&](const std::string& name) {
    NormalizeNameInto(key, name);
    const VertexList* bucket = AliasBucket(fam, key);
    if (!bucket || !DistinctOutOfOrder(*bucket, distinct)) return;
    const auto pos = std::find(distinct.begin(), distinct.end(), v) - distinct.begin();
    out.emplace_back(key, static_cast<std::size_t>(pos));
  };
  rank(e->name);
  for (const std::string& a : e->aliases) rank(a);
  // Sorted by key, each once (names may normalise alike; one key gives one rank).
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::pair<Vertex, std::pair<std::string, std::size_t>>>
KnowledgeGraph::AllAliasRanks() const {
  // Every name of an entity is indexed, in its family, under its normalised form (AddEntity,
  // AddAlias, the renaming in Merge, RestoreNode), and an entity enters an entry only under
  // one of its names: the entries that list an entity are those AliasRanks looks up for it.
  std::vector<std::pair<Vertex, std::pair<std::string, std::size_t>>> out;
  std::vector<Vertex> distinct;
  for (const auto& [key, bucket] : alias_index_) {
    if (!DistinctOutOfOrder(bucket, distinct)) continue;
    for (std::size_t pos = 0; pos < distinct.size(); ++pos)
      out.emplace_back(distinct[pos], std::make_pair(key.second, pos));
  }
  // Sorted by entity, then key, in the order AliasRanks gives; each once.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> KnowledgeGraph::StableIds() const {
  std::vector<std::string> base(num_nodes());
  // Made a block at a time into one buffer (see AppendBaseStableIds), then copied out.
  constexpr Vertex kBlock = 1024;
  std::string text;
  std::vector<std::size_t> ends;
  for (Vertex from = 0; from < num_nodes(); from += kBlock) {
    const Vertex to = std::min<Vertex>(num_nodes(), from + kBlock);
    text.clear();
    ends.clear();
    AppendBaseStableIds(from, to, text, ends);
    for (Vertex v = from, begin = 0; v < to; begin = ends[v - from], ++v)
      base[v].assign(text, begin, ends[v - from] - begin);
  }
  return UniqueStableIds(std::move(base));
}

std::string KnowledgeGraph::BaseStableId(Vertex v) const {
  std::string id;
  id.reserve(96);
  std::vector<std::size_t> end;
  AppendBaseStableIds(v, v + 1, id, end);
  return id;
}

void KnowledgeGraph::AppendBaseStableIds(Vertex from, Vertex to, std::string& out,
                                         std::vector<std::size_t>& ends) const {
  // The id of the last statement or figure up to its number ("<kIdBase>figure/<slug>/"), made
  // for the node type `prefix_type` (its index in NodeData) and the article id held in the
  // buffer `prefix_article`. Merge adds an article's statements, then its figures, one after
  // another, all sharing one buffer of its id: most of them find their prefix made by the
  // vertex before. (An empty id holds no buffer, and its slug is the same every time.)
  std::string prefix;
  std::size_t prefix_type = std::variant_npos;
  const void* prefix_article = nullptr;
  auto numbered = [&](std::size_t type, std::string_view kind, const SharedString& article,
                      std::size_t number) {
    if (type != prefix_type || article.buffer() != prefix_article) {
      prefix.assign(kIdBase);
      prefix += kind;
      AppendSlug(prefix, article);
      prefix += '/';
      prefix_type = type;
      prefix_article = article.buffer();
    }
    out += prefix;
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, number).ptr);
  };
  for (Vertex v = from; v < to; ++v) {
    const NodeData& node = G()[v];
    if (auto* a = std::get_if<ArticleNode>(&node)) {
      out += kIdBase;
      out += "article/";
      AppendSlug(out, a->id);
    } else if (auto* e = std::get_if<EntityNode>(&node)) {
      out += kIdBase;
      out += FamilySlug(e->type);
      out += '/';
      AppendSlug(out, e->name);
    } else if (auto* s = std::get_if<StatementNode>(&node)) {
      numbered(node.index(), "statement/", s->article, s->evidence.front().span.begin);
    } else if (auto* f = std::get_if<FigureNode>(&node)) {
      numbered(node.index(), "figure/", f->article, f->evidence.front().span.begin);
    }
    ends.push_back(out.size());
  }
}

std::vector<std::string> KnowledgeGraph::UniqueStableIds(std::vector<std::string> ids) {
  // Views of the ids already given (ids is never resized, so they stay valid).
  std::unordered_set<std::string_view> taken;
  taken.reserve(ids.size());
  for (std::string& id : ids) {
    if (taken.insert(id).second) continue;  // one hash of the id in the common case
    // Two entities may share a slug ("Georgia" the country and a person named Georgia are
    // apart by family; same family and slug gets a counter in creation order).
    std::string unique;
    for (int k = 2; unique.empty() || taken.count(unique); ++k)
      unique = id + "-" + std::to_string(k);
    id = std::move(unique);
    taken.insert(id);
  }
  return ids;
}

std::vector<std::pair<Vertex, std::string>> KnowledgeGraph::NumberedStableIds(
    const std::vector<std::string_view>& ids, const std::vector<Vertex>& by_base,
    const std::vector<std::size_t>* ties) {
  assert(by_base.size() == ids.size());
  std::vector<std::pair<Vertex, std::string>> out;
  // The base ids held by more than one vertex: neighbours in `by_base`.
  std::unordered_set<std::string_view> shared;
  std::vector<bool> shared_size;  // by id length: whether a shared id has it (a cheap pre-test)
  auto tie = [&](std::size_t i) {  // by_base[i] and by_base[i - 1]
    const std::string_view id = ids[by_base[i]];
    if (id != ids[by_base[i - 1]]) return;
    shared.insert(id);
    if (shared_size.size() <= id.size()) shared_size.resize(id.size() + 1);
    shared_size[id.size()] = true;
  };
  if (ties) {
    for (std::size_t i : *ties) tie(i);
  } else {
    for (std::size_t i = 1; i < by_base.size(); ++i) tie(i);
  }
  if (shared.empty()) return out;
  // Numbering (UniqueStableIds above) gives a vertex "<id>-<k>" only when its id is taken, and
  // an id is taken first by a vertex that shares it, or by such a number. So every id that is
  // numbered, or that a number can equal, is a shared id followed by zero or more "-<digits>";
  // the vertices with any other id keep it and meet none of these. Numbering only the former,
  // in creation order, against the ids taken among them, gives the same ids as numbering all.
  auto involved = [&](std::string_view id) {
    while (true) {
      if (id.size() < shared_size.size() && shared_size[id.size()] && shared.contains(id))
        return true;
      std::size_t i = id.size();
      while (i > 0 && id[i - 1] >= '0' && id[i - 1] <= '9') --i;
      if (i == id.size() || i < 2 || id[i - 1] != '-') return false;
      id.remove_suffix(id.size() - i + 1);
    }
  };
  std::vector<Vertex> numbered;
  for (Vertex v = 0; v < ids.size(); ++v)
    if (involved(ids[v])) numbered.push_back(v);
  std::vector<std::string> sub(numbered.size());
  for (std::size_t i = 0; i < numbered.size(); ++i) sub[i] = ids[numbered[i]];
  sub = UniqueStableIds(std::move(sub));
  for (std::size_t i = 0; i < numbered.size(); ++i)
    if (sub[i] != ids[numbered[i]]) out.emplace_back(numbered[i], std::move(sub[i]));
  return out;
}

std::optional<Vertex> KnowledgeGraph::FindArticle(std::string_view id) const {
  // Abseil's string hash takes its own string_view type (which this build of Abseil does not
  // alias to std::string_view).
  auto it = articles_.find(absl::string_view(id.data(), id.size()));
  if (it == articles_.end()) return std::nullopt;
  return it->second;
}

std::vector<Vertex> KnowledgeGraph::FindEntities(std::string_view name) const {
  std::vector<Vertex> out;
  const std::string key = NormalizeName(name);
  for (int fam = 0; fam < 3; ++fam) {
    auto it = alias_index_.find(FamilyKeyView(fam, key));
    if (it != alias_index_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const ArticleNode* KnowledgeGraph::ArticleOf(std::string_view id) const {
  const std::optional<Vertex> v = FindArticle(id);
  return v ? &std::get<ArticleNode>(G()[*v]) : nullptr;
}

std::pair<std::string, std::string> KnowledgeGraph::SeenRange(Vertex v) const {
  std::string first, last;
  auto consider = [&](std::string_view article) {
    const ArticleNode* a = ArticleOf(article);
    if (!a || a->date.empty()) return;
    const std::string day(a->date.view().substr(0, 10));
    if (first.empty() || day < first) first = day;
    if (last.empty() || day > last) last = day;
  };
  if (auto* s = std::get_if<StatementNode>(&G()[v])) consider(s->article);
  if (auto* f = std::get_if<FigureNode>(&G()[v])) consider(f->article);
  if (auto* a = std::get_if<ArticleNode>(&G()[v])) consider(a->id);
  for (auto [it, end] = boost::in_edges(v, G()); it != end; ++it) {
    if (G()[*it].kind == EdgeKind::kMentions) consider(std::get<ArticleNode>(G()[boost::source(*it, G())]).id);
  }
  return {first, last};
}

std::size_t KnowledgeGraph::ArticleCount(Vertex v) const {
  if (!std::holds_alternative<EntityNode>(G()[v])) return 1;
  std::size_t n = 0;
  for (auto [it, end] = boost::in_edges(v, G()); it != end; ++it)
    if (G()[*it].kind == EdgeKind::kMentions) ++n;
  return n;
}

}  // namespace newsgraph
