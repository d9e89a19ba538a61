// EntityExtractor: finds typed entity mentions (Person, GovernmentOrganization,
// NewsMediaOrganization, Organization, Country, Place) in a tokenized Document.
// Stage 3 of the pipeline, after reading/cleanup and tokenizing; its mentions feed the
// relation, quote and figure extractors and KnowledgeGraph::Merge.
//
// How it decides, in order:
//  1. Gazetteers (data/countries.tsv and data/lists/: news_media, international_orgs,
//     armed_groups, political_parties, government_agencies, cities, regions) match longest-first; their entries
//     carry the canonical name.
//  2. Runs of capitalised tokens (with "of", "for", "and", "the", "al-", "bin" inside) are cut
//     into names and typed by organization cues (data/lists/org_cues.txt: "Ministry" ->
//     GovernmentOrganization, "Front" -> Organization, "News" -> NewsMediaOrganization), by
//     titles and honorifics before them ("President Vladimir Putin", "Mr. Smith"), by reporting
//     verbs after them ("X said"), and by place cues ("the city of X", "in X").
//     Sentence-initial common words and the Title Case of headlines do not make names.
//  3. Links inside the document: "Name (ACR)" -> the acronym refers_to the name; a surname
//     refers_to the full name; "the Committee" refers_to the committee last named;
//     demonym-qualified names get a Mention::key shared with their "of Country" form
//     ("Russian Foreign Ministry" and "Foreign Ministry of Russia" -> "foreign ministry of
//     russia").
// A statistical tagger's spans can be combined through Extract(doc, tokens, tagged): a name
// that only the default rule typed (two capitalised words no list or context explains) takes
// the tagger's type, or is dropped when the tagger sees no entity there; step 3 runs after.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "extract/lexicon.h"
#include "extract/token_text.h"
#include "extract/tokenizer.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::extract {

// Immutable after construction; Extract() may run on many documents at once. The Lexicon
// must outlive the extractor.
class EntityExtractor {
 public:
  explicit EntityExtractor(const Lexicon& lexicon);
  // Movable, not copyable: gazetteer_prefixes_ points into gazetteer_ (keys and entries) and
  // country_entries_, and cues_by_word_ into the keys of cues_, which a move keeps in place and a
  // copy would not.
  EntityExtractor(EntityExtractor&&) = default;
  EntityExtractor(const EntityExtractor&) = delete;
  EntityExtractor& operator=(const EntityExtractor&) = delete;

  // The entity mentions of `doc`, in text order, non-overlapping. `tokens` is
  // Tokenize(doc.text); `sentence_tokens`, when given, is the token range of each sentence
  // (SentenceTokens(SplitSentences(doc.text, tokens), tokens)), which is otherwise computed here.
  std::vector<Mention> Extract(const Document& doc, const std::vector<Token>& tokens,
                               const std::vector<TokenRange>* sentence_tokens = nullptr,
                               const TokenWords* words = nullptr) const;

  // The hook for a statistical tagger: as above, with `tagged` (mentions a tagger proposed,
  // any order, spans on token boundaries) deciding the type of names the rules typed by
  // default alone, before the in-document links (surnames, acronyms, descriptions) are made.
  std::vector<Mention> Extract(const Document& doc, const std::vector<Token>& tokens,
                               const std::vector<Mention>& tagged) const;

  // The same with a tagger called on demand: `tagger` receives the spans of the names that
  // need a type (possibly none, then it is not called) and returns its mentions for the text
  // around them, so that a costly tagger runs only on the sentences that need it.
  using TaggerFn = std::function<std::vector<Mention>(const std::vector<Span>& spans)>;
  // `words`, when given, is TokenWords(doc, tokens, lexicon.vocabulary()), which is otherwise
  // computed here.
  std::vector<Mention> Extract(const Document& doc, const std::vector<Token>& tokens,
                               const TaggerFn& tagger,
                               const std::vector<TokenRange>* sentence_tokens = nullptr,
                               const TokenWords* words = nullptr) const;

  // A gazetteer entry: the type it implies and its canonical name (may equal the entry).
  struct Entry {
    EntityType type = EntityType::kOrganization;
    std::string canonical;
  };

 private:
  const Lexicon& lex_;
  StringMap<Entry> gazetteer_;  // surface as written -> entry
  std::size_t max_gazetteer_words_ = 1;
  // Every prefix (by bytes) of every gazetteer entry and country name, with the entry it
  // completes: the gazetteer's entry when the prefix is one, else the country it names, else
  // null. A phrase that is no prefix cannot grow into an entry, so the longest-match scan
  // stops there; one lookup per phrase tells both. The keys are views into the keys of
  // gazetteer_ and of the lexicon's country_names(), whose nodes never move: tens of
  // thousands of prefixes cost no string (nor allocation) each, and an open-addressing table
  // is probed in fewer steps than a node-based one.
  absl::flat_hash_map<std::string_view, const Entry*, FlatStringHash, FlatStringEq>
      gazetteer_prefixes_;
  // A bit per fingerprint (length and three bytes, see the .cc) of every key of
  // gazetteer_prefixes_: a token whose fingerprint's bit is clear is no prefix of any entry and
  // starts none, and needs no lookup in gazetteer_prefixes_.
  std::vector<bool> gazetteer_prefix_bits_;
  // Likewise a bit per fingerprint of every key of gazetteer_prefixes_ that completes an entry
  // (every gazetteer entry and country name): a word whose bit is clear is no entry by itself.
  std::vector<bool> gazetteer_entry_bits_;
  // By byte value, whether some gazetteer entry or country name starts with it: most words
  // (in lower case) start none, known without computing their fingerprint.
  std::array<bool, 256> gazetteer_first_bytes_{};
  // A list's one-word keys as written, found by the vocabulary number of the key lower-cased
  // (which Lexicon::Load numbers): a token's number (of its lower-cased word) leads to the few
  // keys it may be written as, compared with its text, where a lookup by its text would hash it.
  // Find() is exact: a token written as a key has the key's lower-cased word (kUnknownWord for
  // both when the vocabulary has no such word), as long as the token's word number is of its
  // text lower-cased as Lower() does, keeping a typographic apostrophe (ExtractorRun::Prepare
  // takes the shared TokenWords, which fold it, only for texts without one).
  template <typename V>
  class KeysByWord {
   public:
    // Adds `key` (as written, a view of a key that outlives the extractor), whose lower-cased
    // word is number `lower`.
    void Add(std::string_view key, WordId lower, V value) {
      by_word_[lower].emplace_back(key, value);
    }
    // The value of the key written `w`, whose lower-cased word is number `lower`, or null.
    const V* Find(WordId lower, std::string_view w) const {
      const auto it = by_word_.find(lower);
      if (it == by_word_.end()) return nullptr;
      for (const auto& [key, value] : it->second)
        if (key == w) return &value;
      return nullptr;
    }

   private:
    absl::flat_hash_map<WordId, std::vector<std::pair<std::string_view, V>>> by_word_;
  };
  KeysByWord<EntityType> cues_by_word_;  // cues_
  KeysByWord<bool> honorifics_by_word_, place_cues_by_word_;
  std::vector<Entry> country_entries_;  // parallel to lex_.countries(): {kCountry, name}
  StringMap<EntityType> cues_;          // "Ministry" -> GovernmentOrganization
  PhraseIndex roles_;  // lower-case titles, may be multiword, by the lexicon's word numbers
  std::size_t max_role_words_ = 1;
  // The word lists consulted per token, looked up once.
  const WordList* common_words_;
  const WordList* reporting_verbs_;
  const WordList* honorifics_;
  const WordList* generic_org_words_;
  const WordList* place_cues_;
  // By vocabulary number, what is known of the word, looked up once per token: kCommonWord, in
  // common_words_; kCueWord, kHonorificWord: a cue or an honorific once lower-cased (a token
  // whose lower-cased word is not can be neither as written, and needs no lookup by its text);
  // kRoleEnd: the last word of a title in roles_; kDemonymWord: a one-word demonym once
  // lower-cased (a token whose lower-cased word is not is no demonym as written either);
  // kPlaceCueWord: a place cue (place_cues_) once lower-cased, likewise.
  enum WordFlag : std::uint8_t {
    kCommonWord = 1,
    kCueWord = 2,
    kHonorificWord = 4,
    kRoleEnd = 8,
    kDemonymWord = 16,
    kPlaceCueWord = 32
  };
  std::vector<std::uint8_t> word_flags_;

  friend class ExtractorRun;
};

}  // namespace newsgraph::extract
