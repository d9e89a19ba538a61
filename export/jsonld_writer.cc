#include "export/jsonld_writer.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <tbb/blocked_range.h>
#include <tbb/concurrent_queue.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "export/atomic_file.h"

namespace newsgraph::exporters {
namespace {

// A member name of this file's vocabulary ("@id", "ng:begin", ...), quoted, made at compile time
// and padded so that JsonWriter::Key copies it with one fixed-size move (with room for the ": "
// after it: JsonWriter::Member). Plain ASCII that JSON
// never escapes (checked when it is made).
struct QuotedKey {
  char bytes[32] = {};
  std::size_t size = 0;  // of the quoted name, within `bytes`
  consteval QuotedKey(const char* name) {  // NOLINT: implicit, from a literal
    bytes[size++] = '"';
    for (; *name != '\0'; ++name) {
      const char c = *name;
      // A character JSON would escape, or a name too long: not a constant expression, so the
      // file does not compile.
      if (c <= ' ' || c == '"' || c == '\\' || c >= 0x7F || size + 4 > sizeof bytes) throw c;
      bytes[size++] = c;
    }
    bytes[size++] = '"';
  }
};

// RapidJSON's PrettyWriter, plus two ways to write a string the exporter knows holds no
// character JSON escapes: its own member names (Key) and the stable ids (Verbatim). The quoted
// bytes are copied at once instead of being scanned for escapes a byte at a time. The bytes
// are those of String() (JsonLdWriter tests compare the files with a re-print by PrettyWriter
// alone, on the nasty-strings graph too).
//
// The prefix of names and of string and number values (comma, newline, indentation, ": ") is
// Prefix's: PrettyWriter's PrettyPrefix for the one layout this file writes (no format
// options, an indentation of at most kMaxIndent), in one step of the buffer rather than a call
// per byte; PrettyWriter's own otherwise. User text is escaped by String(), with the bytes of
// Writer::WriteString.
//
// Member, Verbatim and Uint64 are inline in their callers (a few dozen instructions each, run
// for most names and values of the file: the call and its saved registers were a fifth of it).
class JsonWriter : public rapidjson::PrettyWriter<rapidjson::StringBuffer> {
 public:
  using PrettyWriter::PrettyWriter;

  // PrettyWriter's, for the layout SimpleLevel tells apart.
  JsonWriter& SetIndent(Ch indent_char, unsigned indent_char_count) {
    PrettyWriter::SetIndent(indent_char, indent_char_count);
    Track();
    return *this;
  }
  JsonWriter& SetFormatOptions(rapidjson::PrettyFormatOptions options) {
    PrettyWriter::SetFormatOptions(options);
    Track();
    return *this;
  }

  void Key(const QuotedKey& k) {
    assert(!value_prefixed_);
    Prefix();
    os_->Reserve(sizeof k.bytes);
    std::memcpy(os_->PushUnsafe(k.size), k.bytes, sizeof k.bytes);  // the padding is overwritten
  }

  // Key(k) and the ": " after it in one step, for a value written next by this class (which
  // then skips its Prefix: the value is counted here). Key(k) alone where Prefix would call
  // PrettyPrefix.
  [[gnu::always_inline]] void Member(const QuotedKey& k) {
    assert(!value_prefixed_);
    std::size_t indent;
    Level* level = SimpleLevel(indent);
    if (!level) {
      Key(k);
      return;
    }
    assert(!level->inArray && level->valueCount % 2 == 0);
    char* p = LinePrefix(level, indent, sizeof k.bytes, k.size + 2);
    std::memcpy(p, k.bytes, sizeof k.bytes);  // the padding is overwritten
    std::memcpy(p + k.size, ": ", 2);         // within the padding: QuotedKey keeps 2 bytes
    level->valueCount += 2;
    value_prefixed_ = true;
  }

  // `s` holds no byte below 0x20, no '"' and no '\\' (KnowledgeGraph::StableIds are letters,
  // digits and "-/%:.").
  [[gnu::always_inline]] void Verbatim(std::string_view s) {
    assert(std::none_of(s.begin(), s.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
    }));
    Prefix();
    char* p = os_->Push(s.size() + 2);
    p[0] = '"';
    std::memcpy(p + 1, s.data(), s.size());
    p[s.size() + 1] = '"';
  }

  // An evidence, as the next element of the current array: the object {"<k>": "<id>",
  // "ng:begin": <begin>, "ng:end": <end>, "ng:sentence": "<sentence>"}, with no ng:sentence when
  // it is empty; `id` as Verbatim's. The bytes of StartObject, Member, Verbatim, Uint64, String
  // and EndObject, but the object's lines are written in one step of the buffer (the sentence's
  // value apart) and it takes no level of the stack: a file holds more such objects than nodes
  // (36.6k for 25.3k nodes on 3,000 Reuters articles), at ten calls each.
  void SpanObject(const QuotedKey& k, std::string_view id, std::uint64_t begin, std::uint64_t end,
                  std::string_view sentence) {
    static constexpr QuotedKey kBegin = "ng:begin", kEnd = "ng:end", kSentence = "ng:sentence";
    assert(!value_prefixed_);
    Level* level = simple_level_;
    const std::size_t inner = indent_ + indentCharCount_;   // that of the object's members
    if (!level || !level->inArray || inner > kMaxIndent) {  // the same, a call at a time
      StartObject();
      Member(k);
      Verbatim(id);
      Member(kBegin);
      Uint64(begin);
      Member(kEnd);
      Uint64(end);
      if (!sentence.empty()) {
        Member(kSentence);
        String(sentence.data(), static_cast<rapidjson::SizeType>(sentence.size()));
      }
      EndObject();
      return;
    }
    // A member's line: the comma after the previous one, a newline, the indent, the name, ": ".
    constexpr std::size_t kLine = 2 + kMaxIndent + sizeof k.bytes;  // the name's padding incl.
    auto line = [&](char* p, const QuotedKey& name, bool first) {
      if (!first) *p++ = ',';
      *p++ = '\n';
      std::memset(p, ' ', kMaxIndent);  // a fixed size: the bytes past `inner` are spare
      p += inner;
      std::memcpy(p, name.bytes, sizeof name.bytes);  // the padding is overwritten
      std::memcpy(p + name.size, ": ", 2);            // within the padding
      return p + name.size + 2;
    };
    constexpr std::size_t kNumber = 20;  // digits of a 64-bit number, at most
    os_->Reserve(kLine + 1 + 4 * kLine + id.size() + 2 + 2 * kNumber);
    // Written past the top of the buffer, in the room reserved, and pushed when done.
    char* const start = os_->PushUnsafe(0);
    char* p = start;
    // The element's line, as Prefix writes it.
    if (level->valueCount != 0) *p++ = ',';
    *p++ = '\n';
    std::memset(p, ' ', kMaxIndent);
    p += indent_;
    *p++ = '{';
    ++level->valueCount;
    p = line(p, k, true);
    *p++ = '"';
    std::memcpy(p, id.data(), id.size());
    p += id.size();
    *p++ = '"';
    p = rapidjson::internal::u64toa(begin, line(p, kBegin, false));  // as WriteUint64 writes
    p = rapidjson::internal::u64toa(end, line(p, kEnd, false));
    if (!sentence.empty()) {
      p = line(p, kSentence, false);
      os_->PushUnsafe(static_cast<std::size_t>(p - start));
      if (!CopyUnescaped(sentence.data(), sentence.size())) {
        CopyEscaped(sentence.data(), sentence.size());
      }
      os_->Reserve(2 + kMaxIndent);
      p = os_->PushUnsafe(2 + indent_);
    } else {
      os_->PushUnsafe(static_cast<std::size_t>(p - start) + 2 + indent_);
    }
    // The closing line, as End writes it.
    *p++ = '\n';
    std::memset(p, ' ', kMaxIndent);
    p[indent_] = '}';
  }

  // PrettyWriter's String and Uint64, with Prefix. A string with no byte that JSON escapes (on
  // Reuters 97% of the strings, 92% of their bytes) is copied by CopyUnescaped; one with such
  // a byte is written by CopyEscaped from its start.
  bool String(const Ch* s, rapidjson::SizeType length) {
    Prefix();
    if (!CopyUnescaped(s, length)) CopyEscaped(s, length);
    return EndValue(true);
  }
  [[gnu::always_inline]] bool Uint64(std::uint64_t u) {
    Prefix();
    return EndValue(WriteUint64(u));
  }
  // PrettyWriter's Int64, Double and Bool, with Prefix (so that Member may come before them).
  bool Int64(std::int64_t i) {
    Prefix();
    return EndValue(WriteInt64(i));
  }
  bool Double(double d) {
    Prefix();
    return EndValue(WriteDouble(d));
  }
  bool Bool(bool b) {
    Prefix();
    return EndValue(WriteBool(b));
  }

  // PrettyWriter's StartObject, StartArray, EndObject and EndArray, with Prefix and, for the
  // closing bracket, its line break and indentation in one step of the buffer (PrettyWriter
  // puts them a byte at a time). PrettyWriter's own at the root and outside the one layout.
  bool StartObject() { return Start(false); }
  bool StartArray() { return Start(true); }
  bool EndObject() { return End(false); }
  bool EndArray() { return End(true); }

 private:
  static constexpr std::size_t kMaxIndent = 32;

  // Member wrote the prefix of the value written next, and counted it.
  bool value_prefixed_ = false;
  // What SimpleLevel returns, made by Track: the innermost level (it points into level_stack_,
  // so Track runs again after each push, which may move the stack) and its indentation.
  Level* simple_level_ = nullptr;
  std::size_t indent_ = 0;

  // 16 bytes, compared one by one (GCC's and Clang's vector extension: SSE2 on x86-64).
  using Bytes = unsigned char __attribute__((vector_size(16)));
  // The lanes of `b` that JSON escapes: all ones there, 0 elsewhere.
  static Bytes Hits(Bytes b) { return (b < 0x20) | (b == '"') | (b == '\\'); }
  static bool Any(Bytes hit) {  // whether a lane of Hits() is set
    std::uint64_t half[2];
    std::memcpy(half, &hit, sizeof half);
    return (half[0] | half[1]) != 0;
  }
  // The first lane of Hits() that is set, or 16 if none.
  static std::size_t FirstHit(Bytes hit) {
    std::uint64_t half[2];
    std::memcpy(half, &hit, sizeof half);
    // Lane i is byte i of the vector: the low bytes of a word on a little-endian machine.
    auto first = [](std::uint64_t h) {
      const int zeros =
          std::endian::native == std::endian::little ? std::countr_zero(h) : std::countl_zero(h);
      return static_cast<std::size_t>(zeros) / 8;
    };
    return half[0] != 0 ? first(half[0]) : 8 + first(half[1]);  // first(0) is 8
  }

  // Writes `s` quoted and returns true when it holds no byte below 0x20, no '"' and no '\\':
  // WriteString's bytes, as it escapes those only and copies every other byte (UTF-8
  // included; it validates nothing). Otherwise writes nothing and returns false. The bytes are
  // checked and copied 16 at a time, and 32 at a time while 32 are left (RapidJSON's own scan
  // goes byte by byte through the unaligned ends of a string, and through all of a string
  // under 16 bytes).
  bool CopyUnescaped(const char* s, std::size_t n) {
    auto escaped = [](Bytes b) { return Any(Hits(b)); };
    os_->Reserve(n + 2 + sizeof(Bytes));  // room for a short string to be stored whole
    char* const out = os_->PushUnsafe(n + 2);
    Bytes b;
    if (n < sizeof b) {  // padded with spaces, which are never escaped
      std::memset(&b, ' ', sizeof b);
      if (n != 0) std::memcpy(&b, s, n);  // an empty SharedString's view has no data pointer
      if (escaped(b)) return Unpush(n + 2);
      std::memcpy(out + 1, &b, sizeof b);
    } else {
      // Two blocks a step, their hits tested as one (most of a long string: a sentence).
      std::size_t i = 0;
      for (; n - i >= 2 * sizeof b; i += 2 * sizeof b) {
        Bytes next;
        std::memcpy(&b, s + i, sizeof b);
        std::memcpy(&next, s + i + sizeof b, sizeof next);
        if (Any(Hits(b) | Hits(next))) return Unpush(n + 2);
        std::memcpy(out + 1 + i, &b, sizeof b);
        std::memcpy(out + 1 + i + sizeof b, &next, sizeof next);
      }
      // Then a block at a time. The last 16 bytes are loaded (and stored) whole: they overlap
      // the block before.
      for (; i < n; i += sizeof b) {
        i = std::min(i, n - sizeof b);
        std::memcpy(&b, s + i, sizeof b);
        if (escaped(b)) return Unpush(n + 2);
        std::memcpy(out + 1 + i, &b, sizeof b);
      }
    }
    out[0] = '"';
    out[n + 1] = '"';
    return true;
  }

  // Writes `s` quoted and escaped as Writer::WriteString does (without kWriteValidateEncodingFlag
  // and with a UTF-8 target: it escapes '"', '\\' and the bytes below 0x20, as \b \t \n \f \r
  // or \u00XX in upper-case hex, and copies every other byte). Where WriteString takes a byte
  // at a time, the runs between escapes are found and copied 16 bytes at a time: each block is
  // stored whole and the output then moves on only to its first escaped byte. Not inlined: it
  // is the rare path (3% of Reuters' strings), and inlined into a call with a short literal GCC
  // -O3 warned (-Warray-bounds) about the 16-byte load its `left >= 16` test never takes.
  [[gnu::noinline]] void CopyEscaped(const char* s, std::size_t n) {
    // At most 6 bytes per byte ("\u001F"), the quotes, and a block stored past the last byte.
    const std::size_t room = 2 + 6 * n + sizeof(Bytes);
    os_->Reserve(room);
    char* const begin = os_->PushUnsafe(room);
    char* out = begin;
    *out++ = '"';
    std::size_t i = 0;
    while (true) {
      const std::size_t left = n - i;
      Bytes b;
      if (left >= sizeof b) {
        std::memcpy(&b, s + i, sizeof b);
      } else {  // padded with spaces, which are never escaped
        std::memset(&b, ' ', sizeof b);
        if (left != 0) std::memcpy(&b, s + i, left);
      }
      std::memcpy(out, &b, sizeof b);
      const std::size_t run = std::min(FirstHit(Hits(b)), left);
      out += run;
      i += run;
      if (i == n) break;
      if (run == sizeof b) continue;
      const unsigned char c = static_cast<unsigned char>(s[i++]);
      // WriteString's table: the short escapes of the bytes below 0x10, 'u' for the others.
      const char e = c == '"' || c == '\\' ? static_cast<char>(c)
                     : c < 0x10            ? "uuuuuuuubtnufruu"[c]
                                           : 'u';
      out[0] = '\\';
      out[1] = e;
      out += 2;
      if (e == 'u') {
        static constexpr char kHex[] = "0123456789ABCDEF";
        std::memcpy(out, "00", 2);
        out[2] = kHex[c >> 4];
        out[3] = kHex[c & 0xF];
        out += 4;
      }
    }
    *out++ = '"';
    os_->Pop(room - static_cast<std::size_t>(out - begin));
  }

  bool Start(bool array) {
    std::size_t indent;
    if (!SimpleLevel(indent)) {
      array ? PrettyWriter::StartArray() : PrettyWriter::StartObject();
      Track();
      return true;
    }
    Prefix();
    os_->Put(array ? '[' : '{');
    Level* level = new (level_stack_.template Push<Level>()) Level(array);
    // Track's answer one level deeper, without working it out again: the format is the same.
    indent_ += indentCharCount_;
    simple_level_ = indent_ <= kMaxIndent ? level : nullptr;
    return true;
  }

  bool End(bool array) {
    std::size_t indent;
    const Level* level = SimpleLevel(indent);  // the level closed
    if (!level) {
      array ? PrettyWriter::EndArray() : PrettyWriter::EndObject();
      Track();
      return true;
    }
    assert(level->inArray == array && !value_prefixed_);
    const bool empty = level->valueCount == 0;
    level_stack_.template Pop<Level>(1);
    // Track's answer for the enclosing level (it is simple too: its indent is smaller), where
    // the bracket goes.
    indent -= indentCharCount_;
    indent_ = indent;
    simple_level_ = level_stack_.Empty() ? nullptr : level_stack_.template Top<Level>();
    os_->Reserve(2 + kMaxIndent);
    char* p = os_->PushUnsafe(empty ? 1 : 2 + indent);
    if (!empty) {
      *p++ = '\n';
      std::memset(p, ' ', kMaxIndent);  // a fixed size: the bytes past `indent` are spare
      p += indent;
    }
    *p = array ? ']' : '}';
    if (level_stack_.Empty()) os_->Flush();  // the end of the document, as PrettyWriter does
    return true;
  }

  // Takes back the last `count` bytes written; false, for CopyUnescaped.
  bool Unpush(std::size_t count) {
    os_->Pop(count);
    return false;
  }

  // The innermost level and its `indent`, when the one layout Prefix writes itself applies:
  // inside a value, no format options, an indentation of spaces, at most kMaxIndent of them.
  // Null otherwise.
  [[gnu::always_inline]] Level* SimpleLevel(std::size_t& indent) const {
    indent = indent_;
    return simple_level_;
  }

  // Makes SimpleLevel's answer for the current level stack and format: called whenever they
  // change (Start, End, SetIndent, SetFormatOptions), so that the names and values, many more,
  // only read it.
  void Track() {
    indent_ = level_stack_.GetSize() / sizeof(Level) * indentCharCount_;
    const bool simple = !level_stack_.Empty() && formatOptions_ == rapidjson::kFormatDefault &&
                        indentChar_ == ' ' && indent_ <= kMaxIndent;
    simple_level_ = simple ? level_stack_.template Top<Level>() : nullptr;
  }

  // Writes the line break before an array element or a member's name of `level` (a comma if
  // not the first, a newline, `indent`) and `more` bytes after it, to be filled by the caller
  // at the pointer returned; `room` (at least `more`) of them may be written.
  [[gnu::always_inline]] char* LinePrefix(const Level* level, std::size_t indent, std::size_t room,
                                          std::size_t more) {
    os_->Reserve(2 + kMaxIndent + room);
    const bool first = level->valueCount == 0;
    char* p = os_->PushUnsafe((first ? 1 : 2) + indent + more);
    if (!first) *p++ = ',';
    *p++ = '\n';
    std::memset(p, ' ', kMaxIndent);  // a fixed size: the bytes past `indent` are spare
    return p + indent;
  }

  // What PrettyPrefix writes before a name or a string or number value, and its count. Inline
  // in its callers: it is a few instructions, run for most values of the file.
  [[gnu::always_inline]] void Prefix() {
    if (value_prefixed_) {  // by Member
      value_prefixed_ = false;
      return;
    }
    std::size_t indent;
    Level* level = SimpleLevel(indent);
    if (!level) {
      PrettyPrefix(rapidjson::kStringType);  // kStringType: PrettyPrefix asserts it of names only
      return;
    }
    if (!level->inArray && level->valueCount % 2 == 1) {  // a member's value
      std::memcpy(os_->Push(2), ": ", 2);
    } else {  // an array element or a member's name: on a line of its own
      LinePrefix(level, indent, 0, 0);
    }
    ++level->valueCount;
  }
};

const std::string kNs = "https://w3id.org/newsgraph/ns#";

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Key(JsonWriter& w, const QuotedKey& k) { w.Key(k); }

void Number(JsonWriter& w, double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) {
    w.Int64(static_cast<int64_t>(v));
  } else {
    w.Double(v);
  }
}

void StrIfAny(JsonWriter& w, const QuotedKey& k, std::string_view v) {
  if (v.empty()) return;
  w.Member(k);
  Str(w, v);
}

// `ids` view the writer's ids, sorted and distinct.
void SortedIdList(JsonWriter& w, const QuotedKey& k, const std::vector<std::string_view>& ids) {
  assert(std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<>()) == ids.end());
  if (ids.empty()) return;
  w.Member(k);
  if (ids.size() == 1) {
    w.Verbatim(ids[0]);
    return;
  }
  w.StartArray();
  for (const auto& id : ids) w.Verbatim(id);
  w.EndArray();
}

// `ids` view the writer's ids; sorted and deduplicated here, in place (the writer reuses its
// lists from node to node).
void IdList(JsonWriter& w, const QuotedKey& k, std::vector<std::string_view>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  SortedIdList(w, k, ids);
}

// A vertex, with the first bytes of its base id past KnowledgeGraph::kIdBase (which every id
// starts with) as big-endian words, zero-padded: comparing the words compares those bytes as
// std::string does (ids hold no NUL, so the padding puts a shorter id before a longer one that
// begins with it). The sort of the vertices by id compares the words, read from the array being
// sorted, and the ids themselves only when the words tie, where it compared every pair of ids
// through their heap pointers and the 30 bytes of kIdBase they all share.
struct IdKey {
  static constexpr std::size_t kSkip = std::char_traits<char>::length(KnowledgeGraph::kIdBase);
  std::array<std::uint64_t, 3> words{};
  Vertex v = 0;

  static IdKey Of(std::string_view id, Vertex v) {
    assert(id.starts_with(KnowledgeGraph::kIdBase));
    IdKey k;
    k.v = v;
    id.remove_prefix(std::min(id.size(), kSkip));
    for (std::uint64_t& w : k.words) {
      unsigned char bytes[sizeof w] = {};
      std::memcpy(bytes, id.data(), std::min(id.size(), sizeof w));
      id.remove_prefix(std::min(id.size(), sizeof w));
      std::memcpy(&w, bytes, sizeof w);
      if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
    }
    return k;
  }
};

// Whether (ids[a.v], a.v) < (ids[b.v], b.v): the vertices in id order, namesakes in creation
// order. `ids` are the strings `a` and `b` were made from.
[[gnu::always_inline]] inline bool IdKeyLess(const IdKey& a, const IdKey& b,
                                             const std::vector<std::string_view>& ids) {
  for (std::size_t i = 0; i < a.words.size(); ++i)
    if (a.words[i] != b.words[i]) return a.words[i] < b.words[i];
  const int c = ids[a.v].compare(ids[b.v]);
  return c < 0 || (c == 0 && a.v < b.v);
}

// The context is inline: readers have no network.
void Context(JsonWriter& w) {
  Key(w, "@context");
  w.StartObject();
  w.Member("@vocab");
  Str(w, "https://schema.org/");
  w.Member("ng");
  Str(w, kNs);
  static constexpr QuotedKey kIdValued[] = {
      "mentions",     "isPartOf",   "about",        "ng:subject",   "ng:object",  "ng:predicate",
      "ng:speaker",   "ng:reportedBy", "ng:statement", "ng:article", "ng:entity", "ng:reporter"};
  for (const QuotedKey& k : kIdValued) {
    Key(w, k);
    w.StartObject();
    w.Member("@type");
    Str(w, "@id");
    w.EndObject();
  }
  w.EndObject();
}

// What every chunk reads; computed once, before the chunks, and not changed while they run.
struct Shared {
  const KnowledgeGraph& kg;
  const Graph& g;
  // The stable ids, by vertex (KnowledgeGraph::StableIds): views of id_blocks, or of numbered.
  std::vector<std::string_view> ids;
  // The base ids of each block of kIdBlock vertices, end to end: one buffer per block rather
  // than an allocation per id.
  static constexpr std::size_t kIdBlock = 1024;
  std::vector<std::string> id_blocks;
  std::vector<std::pair<Vertex, std::string>> numbered;  // KnowledgeGraph::NumberedStableIds
  // Document::id (in the graph's ArticleNode) -> its vertex, whose IRI is in ids.
  std::unordered_map<std::string_view, Vertex> article_vertex;
  // KnowledgeGraph::IdentityKeysByVertex: (entity, its keys), by vertex.
  std::vector<std::pair<Vertex, std::vector<std::string>>> identity_keys;
  // KnowledgeGraph::AllAliasRanks: (entity, (name, rank)), sorted.
  std::vector<std::pair<Vertex, std::pair<std::string, std::size_t>>> alias_ranks;
  std::vector<Vertex> order;  // vertices in id order
  // Each vertex's place in `order`: the ids are distinct, so comparing two vertices' ranks
  // compares their ids, without reading the ids (which share their first 30 bytes).
  std::vector<std::size_t> id_rank;
  // The articles of kHeavyEdges edges or more, by vertex, with their edges: each writes its
  // mentions and their evidence, a few hundred bytes in a news article but megabytes in a long
  // text, which ChunkEnd counts so that a chunk's buffer stays small.
  std::unordered_map<Vertex, std::size_t> heavy;
};

// Writes one chunk; one per thread at a time, so its caches need no lock.
struct Writer {
  const KnowledgeGraph& kg;
  const Graph& g;
  const std::vector<std::string_view>& ids;
  const std::vector<std::size_t>& id_rank;
  const std::unordered_map<std::string_view, Vertex>& article_vertex;
  const std::vector<std::pair<Vertex, std::vector<std::string>>>& identity_keys;
  const std::vector<std::pair<Vertex, std::pair<std::string, std::size_t>>>& alias_ranks;
  // The last Document::id looked up among the articles, and its article's IRI (null if none):
  // consecutive evidence mostly cites one article, and the statements and figures of one
  // article come one after another in id order.
  bool doc_looked_up = false;
  std::string_view last_doc{};
  const std::string_view* last_doc_iri = nullptr;
  std::string scratch{};  // reused for built strings
  // Reused from node to node (one allocation per chunk rather than per node): the id lists of
  // a node (the last for Articles) and an article's mention edges.
  std::vector<std::string_view> lists[4]{};
  std::vector<std::pair<std::size_t, Edge>> mention_edges{};  // (id_rank of the target, edge)

  // lists[i], emptied.
  std::vector<std::string_view>& List(std::size_t i) {
    lists[i].clear();
    return lists[i];
  }

  // The IRI of the article with Document::id `doc`, or null when no article has it.
  const std::string_view* IriOf(std::string_view doc) {
    if (!doc_looked_up || doc != last_doc) {
      auto it = article_vertex.find(doc);
      last_doc = doc;
      last_doc_iri = it == article_vertex.end() ? nullptr : &ids[it->second];
      doc_looked_up = true;
    }
    return last_doc_iri;
  }

  template <typename List>
  void Evidence(JsonWriter& w, const QuotedKey& key, const List& ev) {
    if (ev.empty()) return;
    w.Member(key);
    w.StartArray();
    for (const auto& e : ev) {
      if (const std::string_view* iri = IriOf(e.article.view())) {
        w.SpanObject("ng:article", *iri, e.span.begin, e.span.end, e.sentence);
        continue;
      }
      w.StartObject();  // SpanObject's bytes, with the Document::id as a string
      w.Member("ng:article");
      Str(w, e.article.view());
      w.Member("ng:begin");
      w.Uint64(e.span.begin);
      w.Member("ng:end");
      w.Uint64(e.span.end);
      StrIfAny(w, "ng:sentence", e.sentence);
      w.EndObject();
    }
    w.EndArray();
  }

  // The IRIs of the articles among `docs` (Document::ids); those not in the graph are left out.
  template <typename Ids>
  std::vector<std::string_view>& Articles(const Ids& docs) {
    auto& out = List(3);
    for (const auto& d : docs)
      if (const std::string_view* iri = IriOf(d)) out.emplace_back(*iri);
    return out;
  }

  void Article(JsonWriter& w, Vertex v, const ArticleNode& a) {
    w.Verbatim("NewsArticle");
    w.Member("identifier");
    Str(w, a.id);
    StrIfAny(w, "headline", a.headline);
    StrIfAny(w, "datePublished", a.date);
    StrIfAny(w, "publisher", a.publisher);
    StrIfAny(w, "author", a.author);
    StrIfAny(w, "url", a.url);
    StrIfAny(w, "ng:source", a.source);
    StrIfAny(w, "ng:contentHash", a.content_hash);
    auto& mentioned = List(0);
    auto& edges = mention_edges;
    edges.clear();
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      if (g[*it].kind == EdgeKind::kMentions)
        edges.emplace_back(id_rank[boost::target(*it, g)], *it);
    }
    // The edges in id order give the mentioned ids sorted: one sort for both lists.
    std::sort(edges.begin(), edges.end());
    for (const auto& [r, e] : edges) {
      const std::string_view id = ids[boost::target(e, g)];
      if (mentioned.empty() || mentioned.back() != id) mentioned.push_back(id);
    }
    SortedIdList(w, "mentions", mentioned);
    if (!edges.empty()) {
      w.Member("ng:mentionEvidence");
      w.StartArray();
      for (const auto& [r, e] : edges) {
        const std::string_view id = ids[boost::target(e, g)];
        for (const auto& ev : g[e].evidence)
          w.SpanObject("ng:entity", id, ev.span.begin, ev.span.end, ev.sentence);
      }
      w.EndArray();
    }
  }

  void Entity(JsonWriter& w, Vertex v, const EntityNode& e) {
    w.Verbatim(SchemaName(e.type));
    w.Member("name");
    Str(w, e.name);
    if (!e.aliases.empty()) {
      w.Member("alternateName");
      w.StartArray();
      for (const auto& a : e.aliases) Str(w, a);  // std::set: sorted
      w.EndArray();
    }
    w.Member("ng:mentionCount");
    w.Uint64(e.mention_count);
    scratch.clear();  // the votes, "Type:count ..."
    for (const auto& [t, n] : e.type_votes) {
      if (!scratch.empty()) scratch += ' ';
      scratch += SchemaName(t);
      scratch += ':';
      char count[16];
      scratch.append(count, std::to_chars(count, count + sizeof count, n).ptr);
    }
    StrIfAny(w, "ng:typeVotes", scratch);
    // The resolution state Merge needs when more articles are merged into a read-back graph.
    if (auto keys = std::lower_bound(identity_keys.begin(), identity_keys.end(), v,
                                     [](const auto& e, Vertex u) { return e.first < u; });
        keys != identity_keys.end() && keys->first == v) {
      w.Member("ng:identityKey");
      w.StartArray();
      for (const auto& k : keys->second) Str(w, k);
      w.EndArray();
    }
    // KnowledgeGraph::AliasRanks(v): v's run of AllAliasRanks.
    auto it = std::lower_bound(alias_ranks.begin(), alias_ranks.end(), v,
                               [](const auto& r, Vertex u) { return r.first < u; });
    if (it != alias_ranks.end() && it->first == v) {
      w.Member("ng:aliasRank");
      w.StartArray();
      for (; it != alias_ranks.end() && it->first == v; ++it) {
        const auto& [key, rank] = it->second;
        Str(w, std::to_string(rank) + " " + key);
      }
      w.EndArray();
    }
  }

  void Statement(JsonWriter& w, Vertex v, const StatementNode& s) {
    w.Verbatim("Quotation");
    w.Member("text");
    Str(w, s.text);
    auto& speakers = List(0);
    auto& about = List(1);
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kSaid) speakers.push_back(ids[boost::source(*it, g)]);
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kAbout) about.push_back(ids[boost::target(*it, g)]);
    IdList(w, "ng:speaker", speakers);
    StrIfAny(w, "ng:cue", s.cue);
    w.Member("ng:direct");
    w.Bool(s.direct);
    IdList(w, "isPartOf", Articles(std::array{std::string_view(s.article)}));
    IdList(w, "about", about);
    Evidence(w, "ng:evidence", s.evidence);
  }

  void Figure(JsonWriter& w, Vertex v, const FigureNode& f) {
    w.Verbatim("ng:Figure");
    if (f.value) {
      w.Member("value");
      Number(w, *f.value);
    }
    if (f.min_value) {
      w.Member("minValue");
      Number(w, *f.min_value);
    }
    if (f.max_value) {
      w.Member("maxValue");
      Number(w, *f.max_value);
    }
    StrIfAny(w, "unitText", f.unit);
    StrIfAny(w, "ng:qualifier", f.qualifier);
    auto& reporters = List(0);
    auto& statements = List(1);
    auto& direct = List(2);
    for (auto [it, end] = boost::in_edges(v, g); it != end; ++it) {
      if (g[*it].kind != EdgeKind::kReports) continue;
      Vertex s = boost::source(*it, g);
      if (std::holds_alternative<StatementNode>(g[s])) {
        statements.push_back(ids[s]);
        // The speaker of the statement reports the figure too.
        for (auto [jt, jend] = boost::in_edges(s, g); jt != jend; ++jt)
          if (g[*jt].kind == EdgeKind::kSaid) reporters.push_back(ids[boost::source(*jt, g)]);
      } else {
        reporters.push_back(ids[s]);
        direct.push_back(ids[s]);
      }
    }
    IdList(w, "ng:reportedBy", reporters);
    IdList(w, "ng:reporter", direct);
    IdList(w, "ng:statement", statements);
    IdList(w, "isPartOf", Articles(std::array{std::string_view(f.article)}));
    StrIfAny(w, "ng:text", f.text);
    Evidence(w, "ng:evidence", f.evidence);
  }

  void Relation(JsonWriter& w, Edge e) {
    const EdgeData& d = g[e];
    const std::string_view s = ids[boost::source(e, g)];
    const std::string_view o = ids[boost::target(e, g)];
    const std::size_t base = std::string_view(KnowledgeGraph::kIdBase).size();
    auto tail = [&](std::string_view id) {
      const std::size_t from = scratch.size();
      scratch.append(id.substr(base));
      std::replace(scratch.begin() + static_cast<std::ptrdiff_t>(from), scratch.end(), '/', '.');
    };
    w.StartObject();
    w.Member("@id");
    scratch.assign(KnowledgeGraph::kIdBase);
    scratch += "relation/";
    tail(s);
    scratch += '/';
    scratch += d.predicate;
    scratch += '/';
    tail(o);
    Str(w, scratch);
    w.Member("@type");
    w.Verbatim("ng:Relation");
    w.Member("ng:subject");
    w.Verbatim(s);
    w.Member("ng:predicate");
    scratch.assign("ng:");
    scratch += d.predicate;
    Str(w, scratch);
    w.Member("ng:object");
    w.Verbatim(o);
    StrIfAny(w, "ng:role", d.role);
    IdList(w, "isPartOf", Articles(d.articles));
    Evidence(w, "ng:evidence", d.evidence);
    w.EndObject();
  }

  // One element of @graph: the node `v`.
  void Node(JsonWriter& w, Vertex v) {
    w.StartObject();
    w.Member("@id");
    w.Verbatim(ids[v]);
    w.Member("@type");  // each of the four writes its type first, by Verbatim
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ArticleNode>) Article(w, v, node);
          if constexpr (std::is_same_v<T, EntityNode>) Entity(w, v, node);
          if constexpr (std::is_same_v<T, StatementNode>) Statement(w, v, node);
          if constexpr (std::is_same_v<T, FigureNode>) Figure(w, v, node);
        },
        g[v]);
    w.Member("ng:seq");
    w.Uint64(v);
    w.EndObject();
  }

  // The relations whose subject is `v`, in the order of the rest of the string "subject
  // predicate object", compared without building it. (Stable ids hold no byte at or below ' ',
  // see StableIds, so no longer subject id can sort between two relations of a shorter one; nor
  // do predicates, so that "predicate object" sorts by the predicate, then by the object's id,
  // which its id_rank gives.)
  void Relations(JsonWriter& w, Vertex v) {
    relations.clear();
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it)
      if (g[*it].kind == EdgeKind::kRelation) relations.push_back(*it);
    std::sort(relations.begin(), relations.end(), [&](const Edge& a, const Edge& b) {
      const int c = g[a].predicate.view().compare(g[b].predicate.view());
      return c < 0 || (c == 0 && id_rank[boost::target(a, g)] < id_rank[boost::target(b, g)]);
    });
    for (const Edge& e : relations) Relation(w, e);
  }
  std::vector<Edge> relations{};  // reused by Relations
};

// @graph is a sequence of units: unit u < n (the number of vertices) is the node order[u], and
// unit n + i the relations of order[i], so that nodes come in id order and then relations in
// the order of "subject predicate object". Chunks of units are written independently, on as
// many threads as allowed, and concatenated in order.
constexpr std::size_t kChunkUnits = 256;
// An article's edges from which ChunkEnd counts them (Shared::heavy), and how many such edges
// a chunk holds at most unless one article alone has more: a chunk's buffer stays near
// kChunkCapacity's order where 256 long texts' articles made one of tens of megabytes (the
// memory first touched, and at 1 thread the whole write waiting for it).
constexpr std::size_t kHeavyEdges = 256, kChunkEdges = 4096;

// The room a chunk's buffer starts with: a buffer that grows reallocates, each time copying
// what it holds (at 2 threads on 3,000 Reuters articles 150 reallocations copied ~6 MB). There
// chunks are 24 KB at the median, 211 KB at the 90th percentile and 697 KB at most (a chunk of
// articles); only what is written is touched. A larger start (1 MB) cost mimalloc more than it
// saved.
constexpr std::size_t kChunkCapacity = std::size_t{1} << 18;

struct Chunk {
  explicit Chunk(std::size_t capacity = rapidjson::StringBuffer::kDefaultCapacity)
      : buf(nullptr, capacity) {}
  std::size_t begin = 0, end = 0;  // units
  rapidjson::StringBuffer buf;
  std::size_t skip = 0;  // bytes of buf before the chunk's own (the prefix of OpenGraph)
};

// Puts a fresh writer where @graph's elements are written, as the one writer of the serial
// exporter was: inside the document object and its @graph array, and, when `any_before`, past
// a first element. PrettyWriter's bytes for an element depend only on its depth and on whether
// it is the first of its array, so the elements written next are byte for byte the serial
// ones; the bytes written here are dropped (Chunk::skip).
void OpenGraph(JsonWriter& w, bool any_before) {
  w.SetIndent(' ', 1);
  w.StartObject();
  Key(w, "@graph");
  w.StartArray();
  if (any_before) w.Null();
}

void WriteChunk(const Shared& sh, Chunk& c) {
  c.buf.Clear();
  JsonWriter w(c.buf);
  OpenGraph(w, c.begin > 0);  // unit 0, the first node, is the only one with no element before
  c.skip = c.buf.GetSize();
  // The caches and reused buffers start empty (their default member initialisers).
  Writer wr{sh.kg, sh.g, sh.ids, sh.id_rank, sh.article_vertex, sh.identity_keys, sh.alias_ranks};
  const std::size_t n = sh.order.size();
  for (std::size_t u = c.begin; u < c.end; ++u) {
    if (u < n) {
      wr.Node(w, sh.order[u]);
    } else {
      wr.Relations(w, sh.order[u - n]);
    }
  }
}

// Where the chunk of units starting at `begin` (< units) ends: after kChunkUnits units, or
// earlier, before the heavy article that would take its edges past kChunkEdges (a chunk holds
// at least one unit). Chunks may end anywhere: the bytes written do not depend on where.
std::size_t ChunkEnd(const Shared& sh, std::size_t begin, std::size_t units) {
  const std::size_t end = std::min(units, begin + kChunkUnits);
  if (sh.heavy.empty()) return end;
  const std::size_t n = sh.order.size();
  std::size_t edges = 0;
  for (std::size_t u = begin; u < end && u < n; ++u) {
    const auto it = sh.heavy.find(sh.order[u]);
    if (it == sh.heavy.end()) continue;
    if (u > begin && edges + it->second > kChunkEdges) return u;
    edges += it->second;
  }
  return end;
}

void Emit(std::ostream& out, const Chunk& c) {
  out.write(c.buf.GetString() + c.skip, static_cast<std::streamsize>(c.buf.GetSize() - c.skip));
}

}  // namespace

Status WriteJsonLd(const KnowledgeGraph& kg, std::ostream& out, std::size_t threads) {
  if (threads == 0) threads = static_cast<std::size_t>(tbb::info::default_concurrency());
  const Graph& g = kg.graph();
  const std::size_t n = kg.num_nodes();
  Shared sh{kg, g, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  // What Shared holds besides the ids and the order: it reads the graph only, so on threads it
  // is made while the ids are.
  auto by_article_and_keys = [&] {
    sh.identity_keys = kg.IdentityKeysByVertex();
    sh.alias_ranks = kg.AllAliasRanks();
    // A later article with the same Document::id wins, as std::map's operator[] did.
    for (Vertex v = 0; v < n; ++v) {
      if (auto* a = std::get_if<ArticleNode>(&g[v])) {
        sh.article_vertex[a->id] = v;
        if (const std::size_t edges = boost::out_degree(v, g); edges >= kHeavyEdges)
          sh.heavy.emplace(v, edges);
      }
    }
  };
  // The stable ids (KnowledgeGraph::StableIds) and the vertices in id order, on all threads
  // when `parallel`: the ids before numbering (slugs, the larger part) are made and sorted with
  // ties in creation order, which puts namesakes side by side, so that numbering them need not
  // hash every id; the few numbered ones then move to their place.
  auto ids_and_order = [&](bool parallel) {
    std::vector<std::string_view>& ids = sh.ids;  // the base ids until numbered
    ids.resize(n);
    sh.id_blocks.resize((n + Shared::kIdBlock - 1) / Shared::kIdBlock);
    std::vector<IdKey> keys(n);
    // Block `b` of base ids: made into its buffer, then viewed (the buffer has stopped moving).
    auto make = [&](std::size_t b) {
      const Vertex from = b * Shared::kIdBlock, to = std::min<Vertex>(n, from + Shared::kIdBlock);
      std::string& text = sh.id_blocks[b];
      text.reserve(64 * (to - from));
      std::vector<std::size_t> ends;
      ends.reserve(to - from);
      kg.AppendBaseStableIds(from, to, text, ends);
      for (Vertex v = from, begin = 0; v < to; begin = ends[v - from], ++v) {
        ids[v] = std::string_view(text).substr(begin, ends[v - from] - begin);
        keys[v] = IdKey::Of(ids[v], v);
      }
    };
    auto by_base = [&](const IdKey& a, const IdKey& b) { return IdKeyLess(a, b, ids); };
    if (parallel) {
      tbb::parallel_invoke(by_article_and_keys, [&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, sh.id_blocks.size(), 1),
                          [&](const auto& r) {
                            for (std::size_t b = r.begin(); b < r.end(); ++b) make(b);
                          });
        tbb::parallel_sort(keys.begin(), keys.end(), by_base);
      });
    } else {
      by_article_and_keys();
      for (std::size_t b = 0; b < sh.id_blocks.size(); ++b) make(b);
      std::sort(keys.begin(), keys.end(), by_base);
    }
    // Neighbours whose prefixes differ have different ids: NumberedStableIds compares the ids
    // of the others only (on Reuters a few hundred positions, where it read every id, each a
    // cache miss in a serial phase of the parallel writer).
    std::vector<std::size_t> ties;
    sh.order.resize(n);
    for (Vertex i = 0; i < n; ++i) {
      sh.order[i] = keys[i].v;
      if (i > 0 && keys[i].words == keys[i - 1].words) ties.push_back(i);
    }
    sh.numbered = KnowledgeGraph::NumberedStableIds(ids, sh.order, &ties);
    if (!sh.numbered.empty()) {
      std::vector<Vertex> renamed;
      for (const auto& [v, id] : sh.numbered) {
        ids[v] = id;
        renamed.push_back(v);
      }
      auto by_id = [&](Vertex a, Vertex b) { return ids[a] < ids[b]; };
      std::vector<bool> moved(n);
      for (Vertex v : renamed) moved[v] = true;
      std::erase_if(sh.order, [&](Vertex v) { return moved[v]; });
      std::sort(renamed.begin(), renamed.end(), by_id);
      std::vector<Vertex> merged(n);
      std::merge(sh.order.begin(), sh.order.end(), renamed.begin(), renamed.end(),
                 merged.begin(), by_id);
      sh.order = std::move(merged);
    }
    sh.id_rank.resize(n);
    for (std::size_t i = 0; i < n; ++i) sh.id_rank[sh.order[i]] = i;
  };

  {  // the document up to @graph's first element
    Chunk head;
    JsonWriter w(head.buf);
    w.SetIndent(' ', 1);
    w.StartObject();
    Context(w);
    Key(w, "@graph");
    w.StartArray();
    Emit(out, head);
  }
  const std::size_t units = 2 * n;
  if (threads == 1) {
    // Vertices and relations are written in id order, so the bytes depend only on the content.
    ids_and_order(false);
    Chunk c(kChunkCapacity);
    for (c.begin = 0; c.begin < units; c.begin = c.end) {
      c.end = ChunkEnd(sh, c.begin, units);
      WriteChunk(sh, c);
      Emit(out, c);
    }
  } else {
    // A few chunks per thread in flight: memory stays bounded by them, not by the document.
    // An emitted chunk goes back to `spare` and is written again with its buffer as large as
    // it grew: a new buffer grows by reallocations, each copying what it holds.
    std::vector<std::unique_ptr<Chunk>> chunks;  // all of them; only the first filter adds
    tbb::concurrent_queue<Chunk*> spare;
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] {
      ids_and_order(true);
      std::size_t next = 0;
      tbb::parallel_pipeline(
          4 * threads,
          tbb::make_filter<void, Chunk*>(
              tbb::filter_mode::serial_in_order,
              [&](tbb::flow_control& fc) -> Chunk* {
                if (next >= units) {
                  fc.stop();
                  return nullptr;
                }
                Chunk* c = nullptr;
                if (!spare.try_pop(c)) {
                  c = chunks.emplace_back(new Chunk(kChunkCapacity)).get();
                }
                c->begin = next;
                c->end = next = ChunkEnd(sh, next, units);
                return c;
              }) &
              tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel,
                                               [&](Chunk* c) {
                                                 WriteChunk(sh, *c);
                                                 return c;
                                               }) &
              tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, [&](Chunk* c) {
                Emit(out, *c);
                spare.push(c);
              }));
    });
  }
  {  // the end of @graph and of the document
    Chunk tail;
    JsonWriter w(tail.buf);
    OpenGraph(w, n > 0);
    tail.skip = tail.buf.GetSize();
    w.EndArray();
    w.EndObject();
    Emit(out, tail);
  }
  out << '\n';
  if (!out) return Status::Error("write failed");
  return Status::Ok();
}

Status WriteJsonLdFile(const KnowledgeGraph& graph, const std::string& path, std::size_t threads) {
  return WriteFileAtomically(path,
                             [&](std::ostream& out) { return WriteJsonLd(graph, out, threads); });
}

}  // namespace newsgraph::exporters
