#include "extract/lexicon.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#ifndef NEWSGRAPH_DATA_DIR
#define NEWSGRAPH_DATA_DIR "data"
#endif

namespace newsgraph::extract {
namespace {

// The fields of `s` between `sep`s: as many as getline() on a stream of `s` would read, and an
// empty last one when `s` ends with `sep` ("" gives none). Found with find(), not a stream.
std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (std::size_t b = 0;;) {
    const std::size_t e = s.find(sep, b);
    if (e == std::string::npos) {
      out.emplace_back(s, b);
      return out;
    }
    out.emplace_back(s, b, e - b);
    b = e + 1;
  }
}

std::size_t WordCount(std::string_view s) {
  std::size_t n = 1;
  for (char c : s) n += c == ' ';
  return n;
}

std::string LowerAsciiCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

WordId Vocabulary::Add(std::string_view word) {
  if (const WordId known = Find(word); known != kUnknownWord) return known;
  const auto id = static_cast<WordId>(size());
  text_.append(word);
  begin_.push_back(text_.size());
  heads_.push_back(Packed(word.data(), std::min(word.size(), kMaxPacked)));
  // Keep the table at most a quarter full: every token of every document is looked up, most
  // of them words no list holds, whose probe runs to an empty slot; the sparser table ends it
  // sooner, for a table of a few thousand words that still fits in the cache.
  if (4 * size() > slots_.size()) {
    std::vector<Slot> old(2 * slots_.size());
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old)
      if (slot.id != kUnknownWord) Insert(Hash(Word(slot.id)), slot.id);
  }
  Insert(Hash(word), id);
  return id;
}

void Vocabulary::Insert(std::uint64_t hash, WordId id) {
  std::size_t i = hash & mask_;
  while (slots_[i].id != kUnknownWord) i = (i + 1) & mask_;
  slots_[i] = {static_cast<std::uint32_t>(hash >> 32), id};
}

PhraseIndex::Node PhraseIndex::NextBelowRoot(Node node, WordId word) const {
  if (node == kNoNode) return kNoNode;
  auto it = next_.find(static_cast<std::uint64_t>(node) << 32 | word);
  return it == next_.end() ? kNoNode : it->second;
}

PhraseIndex::Node PhraseIndex::NewNode() {
  entry_.push_back(0);
  values_.emplace_back();
  return static_cast<Node>(entry_.size() - 1);
}

void PhraseIndex::Add(const std::vector<WordId>& words, const std::string& value) {
  Node node = Root();
  for (WordId w : words) {
    assert(w != kUnknownWord);
    Node child = Next(node, w);
    if (child == kNoNode) {
      child = NewNode();
      if (node == Root()) {
        if (first_.size() <= w) first_.resize(w + 1, kNoNode);
        first_[w] = child;
      } else {
        next_.emplace(static_cast<std::uint64_t>(node) << 32 | w, child);
      }
    }
    node = child;
  }
  if (entry_[node]) return;
  entry_[node] = 1;
  values_[node] = value;
}

std::vector<WordId> PhraseWords(std::string_view phrase, const Vocabulary& vocab) {
  std::vector<WordId> ids;
  std::size_t b = 0;
  for (std::size_t i = 0; i <= phrase.size(); ++i) {
    if (i == phrase.size() || phrase[i] == ' ') {
      ids.push_back(vocab.Find(phrase.substr(b, i - b)));
      b = i + 1;
    }
  }
  return ids;
}

void WordList::Add(const std::string& key, const std::string& value, const Vocabulary& vocab) {
  if (!emplace(key, value).second) return;
  index.Add(PhraseWords(key, vocab), value);
}

std::string Lexicon::DefaultDataDir() {
  if (const char* env = std::getenv("NEWSGRAPH_DATA"); env && *env) return env;
  return NEWSGRAPH_DATA_DIR;
}

Result<Lexicon> Lexicon::Load(const std::string& data_dir) {
  Lexicon lex;
  const std::string path = data_dir + "/countries.tsv";
  std::ifstream in(path);
  if (!in) {
    return Status::Error(path + ": cannot open the country gazetteer (set --data or NEWSGRAPH_DATA "
                         "to the project's data/ directory)");
  }
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto cols = Split(line, '\t');
    if (cols.size() < 4 || cols[0].size() != 2 || cols[1].empty()) {
      return Status::Error(path + ":" + std::to_string(lineno) +
                           ": expected 4 tab-separated columns (code, name, names, demonyms)");
    }
    const int idx = static_cast<int>(lex.countries_.size());
    lex.countries_.push_back({cols[0], cols[1]});
    auto add = [&](StringMap<int>& m, NameFilter& filter, const std::string& s) {
      if (s.empty()) return;
      m.emplace(s, idx);
      filter.Add(s);
      lex.max_name_words_ = std::max(lex.max_name_words_, WordCount(s));
    };
    add(lex.country_names_, lex.country_name_filter_, cols[1]);
    for (const auto& n : Split(cols[2], '|')) add(lex.country_names_, lex.country_name_filter_, n);
    for (const auto& d : Split(cols[3], '|')) add(lex.demonyms_, lex.demonym_filter_, d);
  }
  for (const auto& [name, country] : lex.country_names_) lex.country_name_starts_.Add(name);
  // Every data/lists/*.txt file becomes a named word list.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir + "/lists", ec)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream lf(entry.path());
    if (!lf) return Status::Error(entry.path().string() + ": cannot open word list");
    WordList& list = lex.lists_[entry.path().stem().string()];
    while (std::getline(lf, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const auto tab = line.find('\t');
      if (tab == std::string::npos) {
        list.emplace(line, "");
      } else {
        list.emplace(line.substr(0, tab), line.substr(tab + 1));
      }
    }
    // Each word as written and lower-cased, so that an extractor may look up either form.
    for (const auto& [key, value] : list) {
      std::size_t b = 0;
      for (std::size_t i = 0; i <= key.size(); ++i) {
        if (i == key.size() || key[i] == ' ') {
          const std::string_view word = std::string_view(key).substr(b, i - b);
          lex.vocabulary_.Add(word);
          lex.vocabulary_.Add(LowerAsciiCopy(word));
          b = i + 1;
        }
      }
    }
    for (const auto& [key, value] : list) list.index.Add(PhraseWords(key, lex.vocabulary_), value);
  }
  // Every one-word demonym lower-cased too, so that a token whose lower-cased word the
  // vocabulary lacks is known to be no demonym without a lookup by its text (a token holds no
  // space). Not as written, nor the countries' names: no extractor looks those up by number,
  // and every word more fills the table each token's lookup probes.
  for (const auto& [demonym, country] : lex.demonyms_)
    if (demonym.find(' ') == std::string::npos) lex.vocabulary_.Add(LowerAsciiCopy(demonym));
  return lex;
}

const WordList& Lexicon::List(std::string_view name) const {
  static const WordList kEmpty;
  auto it = lists_.find(name);
  return it == lists_.end() ? kEmpty : it->second;
}

std::size_t NameFilter::Bit(std::size_t size, char c) {
  const auto b = static_cast<unsigned char>(c);
  return std::min(size, kSizes - 1) * 256 + (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
}

void NameFilter::Add(std::string_view name) {
  if (name.empty()) return;
  first_.set(Bit(name.size(), name.front()));
  last_.set(Bit(name.size(), name.back()));
}

bool NameFilter::MayHold(std::string_view surface) const {
  return !surface.empty() && first_.test(Bit(surface.size(), surface.front())) &&
         last_.test(Bit(surface.size(), surface.back()));
}

std::size_t PrefixFilter::Bit(std::string_view text, std::size_t len) {
  std::uint64_t packed = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    packed = packed << 8 | (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
  }
  // The length too, as a prefix may hold zero bytes; then Fibonacci hashing into kBits bits.
  return static_cast<std::size_t>(((packed ^ len << 59) * 0x9e3779b97f4a7c15ULL) >> (64 - kBits));
}

void PrefixFilter::Add(std::string_view name) {
  for (std::size_t len = 1; len <= std::min(name.size(), kMaxBytes); ++len)
    bits_.set(Bit(name, len));
}

bool PrefixFilter::MayStart(std::string_view text) const {
  if (text.empty()) return true;  // every name starts with nothing
  return bits_.test(Bit(text, std::min(text.size(), kMaxBytes)));
}

int Lexicon::CountryByName(std::string_view s) const {
  if (!country_name_filter_.MayHold(s)) return -1;
  auto it = country_names_.find(s);
  return it == country_names_.end() ? -1 : it->second;
}

int Lexicon::CountryByDemonym(std::string_view s) const {
  if (!demonym_filter_.MayHold(s)) return -1;
  auto it = demonyms_.find(s);
  return it == demonyms_.end() ? -1 : it->second;
}

}  // namespace newsgraph::extract
