// Tests of the Lexicon's word numbers: the Vocabulary, the PhraseIndex of each word list, and
// the token lookups built on them (TokenView::id, MatchPhrase). Every lookup by number must
// agree with the lookup by lower-cased string it replaces, for case, Unicode words, phrases
// and words no list holds.
#include "extract/lexicon.h"

#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "extract/token_text.h"
#include "extract/tokenizer.h"
#include "tests/extract/test_lexicon.h"

namespace newsgraph::extract {
namespace {

using test_support::Lex;

TEST(Vocabulary, NumbersWordsExactlyAsWritten) {
  Vocabulary v;
  const WordId ministry = v.Add("Ministry");
  const WordId lower = v.Add("ministry");
  const WordId accented = v.Add("communiqu\xC3\xA9");
  EXPECT_NE(ministry, kUnknownWord);
  EXPECT_NE(ministry, lower);
  EXPECT_NE(accented, lower);
  EXPECT_EQ(v.Add("Ministry"), ministry);  // adding again keeps the number
  EXPECT_EQ(v.Find("Ministry"), ministry);
  EXPECT_EQ(v.Find("ministry"), lower);
  EXPECT_EQ(v.Find("communiqu\xC3\xA9"), accented);
  EXPECT_EQ(v.Find("MINISTRY"), kUnknownWord);
  EXPECT_EQ(v.Find("communique"), kUnknownWord);
  EXPECT_EQ(v.Find(""), kUnknownWord);
  EXPECT_LT(accented, v.size());
}

// The open-addressing table against a std::unordered_map on random words of every length
// (the hash reads short words in overlapping loads), through several growths of the table.
TEST(Vocabulary, AgreesWithAMapOnRandomWords) {
  std::mt19937 rng(6);
  auto random_word = [&] {
    std::string w(rng() % 20, ' ');
    for (char& c : w) c = "abcAB\xC3\xA9.'-"[rng() % 10];
    return w;
  };
  Vocabulary v;
  std::unordered_map<std::string, WordId> model;
  for (int n = 0; n < 3000; ++n) {
    const std::string w = random_word();
    const auto [it, added] = model.emplace(w, static_cast<WordId>(model.size() + 1));
    ASSERT_EQ(v.Add(w), it->second) << w << (added ? " (new)" : "");
  }
  EXPECT_EQ(v.size(), model.size() + 1);
  for (int n = 0; n < 20000; ++n) {
    const std::string w = random_word();
    const auto it = model.find(w);
    ASSERT_EQ(v.Find(w), it == model.end() ? kUnknownWord : it->second) << w;
  }
}

TEST(PhraseIndex, WalksEntriesWordByWord) {
  Vocabulary v;
  const WordId prime = v.Add("prime"), minister = v.Add("minister"), deputy = v.Add("deputy");
  PhraseIndex index;
  index.Add({minister}, "heads");
  index.Add({prime, minister}, "heads of government");
  index.Add({deputy, prime, minister}, "deputy");
  index.Add({minister}, "ignored");  // an entry already there keeps its value

  const auto root = PhraseIndex::Root();
  ASSERT_NE(index.Value(index.Next(root, minister)), nullptr);
  EXPECT_EQ(*index.Value(index.Next(root, minister)), "heads");
  // "prime" alone is no entry, but entries start with it.
  const auto after_prime = index.Next(root, prime);
  EXPECT_NE(after_prime, PhraseIndex::kNoNode);
  EXPECT_EQ(index.Value(after_prime), nullptr);
  ASSERT_NE(index.Value(index.Next(after_prime, minister)), nullptr);
  EXPECT_EQ(*index.Value(index.Next(after_prime, minister)), "heads of government");
  // No entry starts with "minister prime", nor with an unknown word.
  EXPECT_EQ(index.Next(index.Next(root, minister), prime), PhraseIndex::kNoNode);
  EXPECT_EQ(index.Next(root, kUnknownWord), PhraseIndex::kNoNode);
  EXPECT_EQ(index.Next(PhraseIndex::kNoNode, prime), PhraseIndex::kNoNode);
  EXPECT_EQ(index.Value(PhraseIndex::kNoNode), nullptr);
}

// Every entry of every list is found by its words' numbers, with its value, as written.
TEST(WordList, IndexHoldsEveryEntry) {
  for (const char* name : {"roles", "reporting_verbs", "speech_nouns", "speech_phrases", "org_cues",
                           "political_parties", "number_words", "figure_qualifiers"}) {
    const WordList& list = Lex().List(name);
    ASSERT_FALSE(list.empty()) << name;
    for (const auto& [key, value] : list) {
      PhraseIndex::Node node = PhraseIndex::Root();
      for (WordId w : PhraseWords(key, Lex().vocabulary())) {
        ASSERT_NE(w, kUnknownWord) << name << ": " << key;
        node = list.index.Next(node, w);
      }
      ASSERT_NE(list.index.Value(node), nullptr) << name << ": " << key;
      EXPECT_EQ(*list.index.Value(node), value) << name << ": " << key;
    }
  }
}

// WordList::Starts, the extractors' test before a phrase match, holds exactly for the first
// words of the list's entries: a word it rejects starts no entry, so skipping the match
// changes nothing.
TEST(WordList, StartsHoldsForTheFirstWordsOfEntriesOnly) {
  const Vocabulary& vocab = Lex().vocabulary();
  for (const char* name : {"roles", "reporting_verbs", "speech_nouns", "speech_phrases"}) {
    const WordList& list = Lex().List(name);
    std::set<WordId> first_words;
    for (const auto& [key, value] : list) first_words.insert(PhraseWords(key, vocab).front());
    for (WordId w = 0; w < vocab.size(); ++w)
      EXPECT_EQ(list.Starts(w), first_words.count(w) > 0) << name << ": word " << w;
  }
}

// The lookup by number says what the lookup by string said: a list's one-word entries are
// found for the lower-cased token and only for it.
TEST(WordList, FindByNumberAgreesWithFindByString) {
  const Vocabulary& vocab = Lex().vocabulary();
  const std::vector<std::string> words = {
      "said",       "Said",      "SAID",     "says",     "minister",
      "Minister",   "prime",     "Ministry", "ministry", "communiqu\xC3\xA9",
      "communique", "statement", "zzzzz",    "",         "point",
      "out",        "three",     "Three"};
  for (const char* name :
       {"reporting_verbs", "roles", "org_cues", "speech_nouns", "number_words",
        "description_words"}) {
    const WordList& list = Lex().List(name);
    for (const std::string& w : words) {
      auto it = list.find(w);
      const std::string* by_id = list.Find(vocab.Find(w));
      ASSERT_EQ(by_id != nullptr, it != list.end()) << name << ": " << w;
      if (by_id) {
        EXPECT_EQ(*by_id, it->second);
      }
    }
  }
}

// The same over every entry of the lists the quote extractor asks by number for each word of a
// speaker's noun phrase (its one-word entries), as written, lower-cased and capitalised. Its
// cue list is reporting_verbs with speech_quote_cues added.
TEST(WordList, FindByNumberAgreesWithFindByStringForEveryEntry) {
  const Vocabulary& vocab = Lex().vocabulary();
  for (const char* name :
       {"description_words", "speech_nouns", "reporting_verbs", "speech_quote_cues"}) {
    const WordList& list = Lex().List(name);
    for (const auto& [key, value] : list) {
      if (key.find(' ') != std::string::npos) continue;  // a phrase, asked by MatchPhrase
      std::string upper = key;
      upper[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[0])));
      for (const std::string& w : {key, LowerAscii(key), upper}) {
        const std::string* by_id = list.Find(vocab.Find(w));
        auto it = list.find(w);
        ASSERT_EQ(by_id != nullptr, it != list.end()) << name << ": " << w;
        if (by_id) {
          EXPECT_EQ(*by_id, it->second);
        }
      }
    }
  }
}

TEST(Lexicon, VocabularyHoldsListWordsAsWrittenAndLowerCased) {
  const Vocabulary& vocab = Lex().vocabulary();
  EXPECT_NE(vocab.Find("Ministry"), kUnknownWord);           // org_cues, as written
  EXPECT_NE(vocab.Find("ministry"), kUnknownWord);           // its lower-case form
  EXPECT_NE(vocab.Find("communiqu\xC3\xA9"), kUnknownWord);  // speech_nouns
  EXPECT_EQ(vocab.Find("xylophone"), kUnknownWord);
}

// The entity extractor asks the lexicon about a capitalised word only when its lower-cased word
// is some demonym's, and so about no word the vocabulary lacks: every one-word demonym must be
// numbered lower-cased.
TEST(Lexicon, VocabularyHoldsEveryOneWordDemonymLowerCased) {
  const Vocabulary& vocab = Lex().vocabulary();
  std::size_t checked = 0;
  for (const auto& [demonym, country] : Lex().demonyms()) {
    if (demonym.find(' ') != std::string::npos) continue;
    std::string lower = demonym;
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    EXPECT_NE(vocab.Find(lower), kUnknownWord) << demonym;
    ++checked;
  }
  EXPECT_GT(checked, 200u);
  EXPECT_EQ(vocab.Find("zorblyvian"), kUnknownWord);
}

// TokenIsWord compares word numbers where the vocabulary holds the word and text where it does
// not: for words of both kinds, at every token and past the end, it must agree with comparing
// the lower-cased text.
TEST(TokenView, TokenIsWordAgreesWithComparingText) {
  Document doc;
  doc.text = "The head of the Agency, headed by Doe's aide, led OF them; Smith' led.";
  const std::vector<Token> toks = Tokenize(doc.text);
  const TokenView tv(doc, toks, {}, Lex().vocabulary());
  const std::vector<std::string> words = {"of", "the", "head", "headed", "led", "'s", "'",
                                          ",", "xylophone", ""};
  bool known = false, unknown = false;
  for (const std::string& w : words) {
    const WordId id = Lex().vocabulary().Find(w);
    (id == kUnknownWord ? unknown : known) = true;
    for (std::size_t k = 0; k <= tv.size(); ++k)
      EXPECT_EQ(TokenIsWord(tv, k, id, w), tv.low(k) == w) << w << " at " << k;
  }
  EXPECT_TRUE(known && unknown);  // both paths were asked
}

// A token view numbers each token's lower-cased text (the typographic apostrophe folded), and
// MatchPhrase finds the longest entry, never across a line break.
TEST(TokenView, IdsAndMatchPhraseAgreeWithLowerCasedText) {
  Document doc;
  doc.text =
      "The Prime Minister said the COMMUNIQU\xC3\x89 and communiqu\xC3\xA9 were ready.\n"
      "Pointed out\nprime\nminister";
  const std::vector<Token> toks = Tokenize(doc.text);
  const TokenView tv(doc, toks, {}, Lex().vocabulary());
  for (std::size_t k = 0; k < tv.size(); ++k) {
    EXPECT_EQ(tv.id(k), Lex().vocabulary().Find(tv.low(k))) << tv.low(k);
    EXPECT_EQ(tv.ids()[k], tv.id(k)) << tv.low(k);  // the unchecked array, read by scans
  }
  EXPECT_EQ(tv.id(tv.size()), kUnknownWord);

  auto at = [&](std::string_view word) {
    for (std::size_t k = 0; k < tv.size(); ++k)
      if (tv.text(k) == word) return k;
    ADD_FAILURE() << word;
    return tv.size();
  };
  const WordList& roles = Lex().List("roles");
  EXPECT_EQ(MatchPhrase(roles, tv, at("Prime")).n, 2u);  // "prime minister", not "prime"
  EXPECT_EQ(MatchPhrase(roles, tv, at("Prime")).value, roles.at("prime minister"));
  EXPECT_EQ(MatchPhrase(roles, tv, at("Minister")).n, 1u);
  EXPECT_EQ(MatchPhrase(roles, tv, at("Prime"), 1).n, 0u);  // "prime" alone is no title
  EXPECT_EQ(MatchPhrase(roles, tv, at("prime")).n, 0u);     // the line break splits it
  const WordList& nouns = Lex().List("speech_nouns");
  // Only ASCII is lower-cased: the capital É does not match the entry.
  EXPECT_EQ(MatchPhrase(nouns, tv, at("COMMUNIQU\xC3\x89")).n, 0u);
  EXPECT_EQ(MatchPhrase(nouns, tv, at("communiqu\xC3\xA9")).n, 1u);
  const WordList& verbs = Lex().List("reporting_verbs");
  EXPECT_EQ(MatchPhrase(verbs, tv, at("Pointed"), 2).n, 2u);  // "pointed out"
  EXPECT_EQ(MatchPhrase(verbs, tv, at("said"), 2).n, 1u);
  EXPECT_EQ(MatchPhrase(verbs, tv, at("ready"), 2).n, 0u);
}

// CountryByName() and CountryByDemonym() hash a surface only when their NameFilter may hold
// it: the filter must hold every name as written and in capitals (the extractors look up the
// title case of capitalised words), and still rule out most other words.
TEST(NameFilter, HoldsEveryNameAsWrittenAndInCapitals) {
  NameFilter filter;
  std::vector<std::string> names;
  for (const auto& [name, country] : Lex().country_names()) names.push_back(name);
  for (const Country& c : Lex().countries()) names.push_back(c.name);
  for (const std::string& name : names) filter.Add(name);
  for (const std::string& name : names) {
    std::string caps = name;
    for (char& c : caps) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(filter.MayHold(name)) << name;
    EXPECT_TRUE(filter.MayHold(caps)) << caps;
  }
  EXPECT_GT(names.size(), 100u);
  std::size_t held = 0;
  for (const char* w : {"The", "Minister", "Reuters", "Monday", "Shares", "Corp", "Bank"})
    held += filter.MayHold(w);
  EXPECT_LT(held, 4u);
}

// The NER tagger tries a capitalised word as the start of a country name only when
// MayStartCountryName() says it may be one: that must hold for every prefix of every name, as
// written, lower-cased and in capitals (the tagger also looks up title-cased capitals); and
// still rule out most other words.
TEST(PrefixFilter, MayStartEveryNamePrefixInAnyCase) {
  PrefixFilter filter;
  for (const auto& [name, country] : Lex().country_names()) filter.Add(name);
  std::size_t checked = 0;
  for (const auto& [name, country] : Lex().country_names()) {
    std::string lower = name, caps = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : caps) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (std::size_t len = 0; len <= name.size(); ++len) {
      for (std::string_view form :
           {std::string_view(name), std::string_view(lower), std::string_view(caps)}) {
        const std::string_view prefix = form.substr(0, len);
        EXPECT_TRUE(filter.MayStart(prefix)) << prefix;
        EXPECT_TRUE(Lex().MayStartCountryName(prefix)) << prefix;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000u);
  std::size_t may = 0;
  for (const char* w : {"The", "Minister", "Reuters", "Monday", "Shares", "Corp", "Bank", "Inc"})
    may += filter.MayStart(w);
  EXPECT_LT(may, 4u);
}

// The filtered lookups answer as the maps do.
TEST(Lexicon, CountryLookupsThroughTheFilterFindEveryName) {
  for (const auto& [name, country] : Lex().country_names())
    EXPECT_EQ(Lex().CountryByName(name), country) << name;
  EXPECT_GE(Lex().CountryByDemonym("Russian"), 0);
  EXPECT_EQ(Lex().CountryByName("Minister"), -1);
  EXPECT_EQ(Lex().CountryByDemonym("Monday"), -1);
  EXPECT_EQ(Lex().CountryByName(""), -1);
}

}  // namespace
}  // namespace newsgraph::extract
