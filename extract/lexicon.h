// Lexicon: the gazetteers and word lists the extractors load from data/ (each file there
// notes its source). Loaded once, immutable afterwards, shared by every extractor and thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/status.h"

namespace newsgraph::extract {

// A word list from data/lists/NAME.txt: one entry per line, optionally a tab and a value
// ("director\theads"); '#' starts a comment line. Keys are stored as written.
// Hashes std::string and std::string_view alike, so lookups by a view do not allocate.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

struct WordList : StringMap<std::string> {
  // The word prefixes of the multiword entries ("prime" for "prime minister"), filled by
  // Lexicon::Load: a phrase that is neither an entry nor one of these cannot grow into one.
  StringSet word_prefixes;
  bool has_word_prefixes = false;
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
  // "U.S."), or -1.
  int CountryByName(std::string_view surface) const;
  // Every country name and short form as written, with its index into countries().
  const StringMap<int>& country_names() const { return country_names_; }
  // Index into countries() of a demonym or adjective as written ("Russian", "Kazakhs"), or -1.
  int CountryByDemonym(std::string_view surface) const;
  // The list data/lists/NAME.txt, or an empty list when there is no such file.
  const WordList& List(std::string_view name) const;
  bool InList(std::string_view list, std::string_view entry) const {
    const WordList& l = List(list);
    return l.find(entry) != l.end();
  }

  // The longest country name or demonym, in words; bounds the extractors' look-ahead.
  std::size_t max_name_words() const { return max_name_words_; }

 private:
  std::vector<Country> countries_;
  StringMap<int> country_names_;
  StringMap<int> demonyms_;
  std::size_t max_name_words_ = 1;
  StringMap<WordList> lists_;
};

}  // namespace newsgraph::extract
