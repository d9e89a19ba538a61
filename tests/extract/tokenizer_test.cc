// Tests for extract/tokenizer.h and the token words of extract/token_text.h: Tokenize's fast
// paths over runs of ASCII must give the very tokens that taking every character one at a time
// gives.
#include "extract/tokenizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"
#include "extract/token_text.h"
#include "graph/document.h"

namespace newsgraph::extract {
namespace {

// Token kinds, spans and flags as one line per token, so a difference shows where it is.
std::string Dump(std::string_view text, const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    out += std::to_string(static_cast<int>(t.kind)) + " [" + std::to_string(t.span.begin) + "," +
           std::to_string(t.span.end) + ") " +
           std::string(text.substr(t.span.begin, t.span.size())) + (t.capitalized ? " cap" : "") +
           (t.all_caps ? " caps" : "") + (t.newline_before ? " nl" : "") +
           (t.paragraph_before ? " para" : "") + "\n";
  }
  return out;
}

TEST(TokenizeTest, SplitsWordsNumbersAbbreviationsAndQuotes) {
  const std::string text = "Mr. O'Brien said \"3,200 U.S. troops\" left al-Assad's Syria.\n\nNext";
  EXPECT_EQ(Dump(text, Tokenize(text)),
            "2 [0,3) Mr. cap nl para\n"
            "0 [4,11) O'Brien cap\n"
            "0 [12,16) said\n"
            "3 [17,18) \"\n"
            "1 [18,23) 3,200\n"
            "2 [24,28) U.S. cap caps\n"
            "0 [29,35) troops\n"
            "4 [35,36) \"\n"
            "0 [37,41) left\n"
            "0 [42,50) al-Assad\n"
            "0 [50,52) 's\n"
            "0 [53,58) Syria cap\n"
            "7 [58,59) .\n"
            "0 [61,65) Next cap nl para\n");
}

// A known abbreviation keeps its period in any letter case, the longest ("Messrs", "approx") as
// well as one letter ("v"); a word the list does not hold, even one that starts like an entry,
// leaves its period a token of its own.
TEST(TokenizeTest, KnownAbbreviationsKeepTheirPeriod) {
  for (const std::string_view word : {"Messrs.", "MESSRS.", "approx.", "v.", "Sept.", "Mt."}) {
    const std::string text = std::string(word) + " x";
    const std::vector<Token> tokens = Tokenize(text);
    ASSERT_EQ(tokens.size(), 2u) << text;
    EXPECT_EQ(tokens[0].kind, TokenKind::kAbbrev) << text;
    EXPECT_EQ(tokens[0].span.size(), word.size()) << text;
  }
  for (const std::string_view word : {"Messrsx.", "appro.", "vs1.", "Septs.", "said."}) {
    const std::string text = std::string(word) + " x";
    const std::vector<Token> tokens = Tokenize(text);
    ASSERT_EQ(tokens.size(), 3u) << text;
    EXPECT_EQ(tokens[1].kind, TokenKind::kPunct) << text;
  }
}

// Random text from the pieces tokenization turns on: words in several scripts and cases,
// combining marks, digits with separators, abbreviations, every kind of quote, apostrophe,
// dash and space, and invalid bytes.
TEST(TokenizeTest, AsciiRunsAgreeWithOneByOne) {
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "the", "Minister", "USA", "U.S.", "Nov.", "mr", "J.", "O'Brien", "don't", "'s", "’s",
      "Russia’s", "al-Assad", "AT&T", "3,200", "1.5", "2014-2015", "x9", "9x", "A1b2", "_",
      "Москва", "МОСКВА", "東京", "e\u0301t\u00e9", "\u00c9TAT", "\u0627\u0644\u0642\u0627",
      " ", " ", " ", "  ", "\t", "\n", "\n\n", "\u00a0", "\u200b", "\u2003", ".", ",", "!", "?",
      ":", ";", "\"", "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "-",
      "\u2013", "\u2014", "/", "&", "(", ")", "\u2026", "\xff", "\xe2\x82", "\xc3"};
  // clang-format on
  std::mt19937 rng(2015);
  for (int n = 0; n < 5000; ++n) {
    std::string text;
    for (int k = static_cast<int>(rng() % 40); k > 0; --k) {
      text += kPieces[rng() % std::size(kPieces)];
      if (rng() % 3 == 0) text += ' ';
    }
    ASSERT_EQ(Dump(text, Tokenize(text)), Dump(text, internal::TokenizeOneByOne(text)))
        << "text: " << text;
  }
}

// Every byte after and inside runs of ASCII letters and digits of every length around eight,
// the width at which Tokenize reads such runs: both paths must agree on where a run ends and
// on what its bytes are (case, letters or digits), whatever byte ends it.
TEST(TokenizeTest, AsciiRunsAgreeWithOneByOneAtEveryByte) {
  for (int c = 0; c < 256; ++c) {
    for (std::size_t before = 0; before <= 17; ++before) {
      for (const std::string_view run : {"abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQ",
                                         "0123456789012345", "aB3zZ9aB3zZ9aB3zZ9"}) {
        for (const std::string_view after : {"", "x", "Y", "7", " ", "q.r"}) {
          std::string text(run.substr(0, std::min(before, run.size())));
          text += static_cast<char>(c);
          text += after;
          ASSERT_EQ(Dump(text, Tokenize(text)), Dump(text, internal::TokenizeOneByOne(text)))
              << "byte " << c << " after " << before << " bytes of " << run;
        }
      }
    }
  }
}

// Every pair of bytes after a word, a number, an abbreviation and a single capital: Tokenize
// ends a word at an ASCII joiner that no letter or digit follows (taking a period into a known
// abbreviation or after a capital) and makes one-byte tokens of ASCII punctuation at once; both
// must give what the one-by-one path gives, whatever the two bytes are (joiners, quotes,
// letters, digits, spaces, bytes of UTF-8 sequences, the text's end after either).
TEST(TokenizeTest, AsciiRunsAgreeWithOneByOneAfterEveryBytePair) {
  for (const std::string_view word : {"zone", "1987", "Nov", "J", "USA", "x9"}) {
    for (int c1 = 0; c1 < 256; ++c1) {
      for (int c2 = -1; c2 < 256; ++c2) {
        std::string text(word);
        text += static_cast<char>(c1);
        if (c2 >= 0) text += static_cast<char>(c2);
        for (const std::string_view after : {"", "x"}) {
          const std::string full = text + std::string(after);
          ASSERT_EQ(Dump(full, Tokenize(full)), Dump(full, internal::TokenizeOneByOne(full)))
              << "bytes " << c1 << " " << c2 << " after " << word;
        }
      }
    }
  }
}

// Every short text made of letters, digits, spaces, joiners, quotes and a non-ASCII letter: the
// fast path checks the text's end only for runs that reach past its last byte that is no letter
// or digit (wherever that byte is, or when there is none), and takes the one space after a word
// itself (which tells the quotes after it that they open); both must give what the one-by-one
// path gives.
TEST(TokenizeTest, AsciiRunsAgreeWithOneByOneNearTheTextsEnd) {
  static constexpr std::string_view kPieces[] = {"a", "Z", "9", " ",  "\n",
                                                 ".", ",", "\"", "'", "\u00e9"};
  constexpr std::size_t kCount = std::size(kPieces);
  for (std::size_t length = 0; length <= 5; ++length) {
    std::size_t combinations = 1;
    for (std::size_t k = 0; k < length; ++k) combinations *= kCount;
    for (std::size_t c = 0; c < combinations; ++c) {
      std::string text;
      for (std::size_t k = 0, rest = c; k < length; ++k, rest /= kCount)
        text += kPieces[rest % kCount];
      ASSERT_EQ(Dump(text, Tokenize(text)), Dump(text, internal::TokenizeOneByOne(text)))
          << "text: " << text;
    }
  }
}

// TokenWords: every token's text ASCII-lower-cased with ’ folded to ', and its vocabulary number.
TEST(TokenWordsTest, LowerCasesEachTokenAndLooksItUp) {
  Document doc;
  doc.text = "Russia\u2019s MINISTER said \u201cNo\u201d to \u00c9lys\u00e9e, O\u2019Brien's U.S.";
  const std::vector<Token> tokens = Tokenize(doc.text);
  Vocabulary vocab;
  const WordId said = vocab.Add("said"), us = vocab.Add("u.s.");
  const TokenWords words(doc, tokens, vocab);
  std::vector<std::string> low;
  for (std::size_t k = 0; k < words.size(); ++k) low.emplace_back(words.low(k));
  EXPECT_EQ(low,
            (std::vector<std::string>{"russia", "'s", "minister", "said", "\u201c", "no", "\u201d",
                                      "to", "\u00c9lys\u00e9e", ",", "o'brien", "'s", "u.s."}));
  EXPECT_EQ(words.id(3), said);
  EXPECT_EQ(words.id(12), us);
  EXPECT_EQ(words.id(0), kUnknownWord);
  EXPECT_EQ(words.low(words.size()), "");
  EXPECT_EQ(words.id(words.size()), kUnknownWord);
  EXPECT_EQ(LowerAscii("O\u2019Brien SAID"), "o'brien said");
  // A TokenView keeps the words' arrays at hand, from shared words or from words of its own
  // (built from the vocabulary): it answers as the words do, past the end too.
  const TokenView shared(doc, tokens, {}, words), own(doc, tokens, {}, vocab);
  for (std::size_t k = 0; k < words.size() + 3; ++k) {
    for (const TokenView* tv : {&shared, &own}) {
      EXPECT_EQ(tv->low(k), words.low(k)) << k;
      EXPECT_EQ(tv->id(k), words.id(k)) << k;
    }
  }
}

// TokenWords lower-cases most words eight bytes at a time (internal::WriteLowerAsciiWords):
// every word must come out as LowerAscii, one byte at a time, gives it, in texts of every
// length, so that words end near the text's end and non-ASCII bytes sit inside and after them.
TEST(TokenWordsTest, WordsAtATimeAgreeWithLowerAscii) {
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "the", "Minister", "USA", "U.S.", "O'Brien", "Russia\u2019s", "\u2019s", "al-Assad",
      "AT&T", "3,200", "Internationalisation", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "@[`{", "Z9a",
      "\u00c9lys\u00e9e", "caf\u00e9", "\u041c\u043e\u0441\u043a\u0432\u0430", " ", "\n", ".",
      "\u201c", "\u201d", "\xff", "\xc3"};
  // clang-format on
  std::mt19937 rng(1987);
  const Vocabulary vocab;
  for (int n = 0; n < 3000; ++n) {
    Document doc;
    for (int k = static_cast<int>(rng() % 12); k > 0; --k) {
      doc.text += kPieces[rng() % std::size(kPieces)];
      if (rng() % 2) doc.text += ' ';
    }
    const std::vector<Token> tokens = Tokenize(doc.text);
    const TokenWords words(doc, tokens, vocab);
    for (std::size_t k = 0; k < tokens.size(); ++k)
      ASSERT_EQ(words.low(k), LowerAscii(doc.Slice(tokens[k].span))) << "text: " << doc.text;
  }
}

// TokenWords looks up each one-byte word once per document and reuses the number: every
// token's number must be the vocabulary's number of its lower-cased text, for one-byte words
// the vocabulary holds and does not, in either case, met once or many times.
TEST(TokenWordsTest, OneByteWordsGetTheVocabularysNumbers) {
  Vocabulary vocab;
  for (const std::string_view w : {"a", ",", "&", "x", "ab", "said", "\xff"}) vocab.Add(w);
  static constexpr std::string_view kPieces[] = {"A", "a", "X", "x", "B", "b", ",", ".", "&",
                                                 "9", "Ab", "said", "SAID", "\xff", "\u201c"};
  std::mt19937 rng(11);
  for (int n = 0; n < 2000; ++n) {
    Document doc;
    for (int k = static_cast<int>(rng() % 16); k > 0; --k) {
      doc.text += kPieces[rng() % std::size(kPieces)];
      doc.text += ' ';
    }
    const std::vector<Token> tokens = Tokenize(doc.text);
    const TokenWords words(doc, tokens, vocab);
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const std::string low = LowerAscii(doc.Slice(tokens[k].span));
      ASSERT_EQ(words.low(k), low) << "text: " << doc.text;
      ASSERT_EQ(words.id(k), vocab.Find(low)) << "text: " << doc.text << " token " << k;
    }
  }
}

// TokenWords looks most words up by the number their lower-cased bytes make, as it lower-cases
// them eight bytes at a time (Vocabulary::FindPacked): every token's number must be the one
// Add() gave its lower-cased text (kUnknownWord for none), for words of every length around eight bytes, held by the
// vocabulary or differing from a held word by one byte, its length or its case, and near the
// text's end (where the eight-byte path is not taken).
TEST(TokenWordsTest, PackedLookupsGetTheVocabularysNumbers) {
  std::mt19937 rng(8);
  auto random_word = [&](std::size_t size) {
    std::string w(size, 'a');
    for (char& c : w) c = "abcdeABC"[rng() % 8];
    return w;
  };
  Vocabulary vocab;
  std::map<std::string, WordId> added;
  std::vector<std::string> pieces;
  for (std::size_t size = 2; size <= 12; ++size) {
    for (int n = 0; n < 6; ++n) {
      const std::string w = random_word(size);
      added[LowerAscii(w)] = vocab.Add(LowerAscii(w));
      pieces.push_back(w);
      pieces.push_back(w.substr(1));   // one byte shorter
      pieces.push_back(w + "a");       // one byte longer
      pieces.push_back(w + "\xC3\xA9");  // not ASCII
      std::string other = w;
      other[rng() % size] ^= 1;         // one byte different
      pieces.push_back(other);
    }
  }
  std::size_t held = 0;
  for (int n = 0; n < 2000; ++n) {
    Document doc;
    for (int k = static_cast<int>(rng() % 12); k > 0; --k) {
      doc.text += pieces[rng() % pieces.size()];
      doc.text += rng() % 4 ? " " : ", ";
    }
    if (rng() % 2 && !doc.text.empty()) doc.text.pop_back();
    const std::vector<Token> tokens = Tokenize(doc.text);
    const TokenWords words(doc, tokens, vocab);
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const std::string low = LowerAscii(doc.Slice(tokens[k].span));
      ASSERT_EQ(words.low(k), low) << "text: " << doc.text;
      const auto it = added.find(low);
      ASSERT_EQ(words.id(k), it == added.end() ? kUnknownWord : it->second)
          << "text: " << doc.text << " token " << k;
      held += words.id(k) != kUnknownWord;
    }
  }
  EXPECT_GT(held, 1000u);  // the words held were met, not only the others
}

// TokenView finds the tokens of mentions in text order and apart by searching from the
// mentions: it must give what the walk over every token gives (the mention of each token, the
// first and last token of each mention), for mentions on token
// boundaries and off them, empty ones, touching ones, and mentions out of order or overlapping
// (which take the walk).
TEST(TokenViewTest, MentionOfTokensAgreesWithTheWalk) {
  Document doc;
  doc.text = "The U.S. Department of State said on Monday that al-Assad's forces, near Aleppo, "
             "had \u201cwithdrawn\u201d 3,200 troops. Mr. Smith (UN) agreed.";
  const std::vector<Token> tokens = Tokenize(doc.text);
  const Vocabulary vocab;
  std::mt19937 rng(5);
  for (int n = 0; n < 3000; ++n) {
    // Sorted bounds, paired into spans: in text order and apart, unless shuffled below.
    std::vector<std::size_t> bounds;
    for (int b = static_cast<int>(rng() % 12); b > 0; --b) {
      const Token& t = tokens[rng() % tokens.size()];
      bounds.push_back(rng() % 4 == 0 ? rng() % (doc.text.size() + 1)
                                      : (rng() % 2 ? t.span.begin : t.span.end));
    }
    std::sort(bounds.begin(), bounds.end());
    std::vector<Mention> mentions;
    for (std::size_t b = 0; b + 1 < bounds.size(); b += 1 + rng() % 2) {
      Mention m;
      m.span = {bounds[b], bounds[b + 1]};
      mentions.push_back(m);
    }
    if (n % 5 == 0) std::shuffle(mentions.begin(), mentions.end(), rng);
    std::vector<internal::TokenMention> walk;
    internal::MentionOfTokensByWalk(tokens, mentions, walk);
    const TokenView tv(doc, tokens, mentions, vocab);
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      ASSERT_EQ(tv.mention(k), walk[k] == internal::kNoMention
                                   ? std::nullopt
                                   : std::optional<std::size_t>(walk[k]))
          << n;
    }
    EXPECT_EQ(tv.mention(tokens.size()), std::nullopt);
    // Each mention's first and one-past-last token, as the walk's answers give them.
    std::vector<std::size_t> first(mentions.size(), 0), last(mentions.size(), 0);
    for (std::size_t k = 0; k < walk.size(); ++k) {
      if (walk[k] == internal::kNoMention) continue;
      if (last[walk[k]] == 0) first[walk[k]] = k;
      last[walk[k]] = k + 1;
    }
    std::vector<std::size_t> tv_first, tv_last;
    tv.MentionTokens(mentions.size(), tv_first, tv_last);
    ASSERT_EQ(tv_first, first) << n;
    ASSERT_EQ(tv_last, last) << n;
  }
}

// SentenceTokens finds each sentence's tokens by galloping search: it must give the ranges a
// walk over every token gives, for sentences of every length, and for spans that begin or end
// between tokens.
TEST(SentenceTokensTest, AgreesWithATokenByTokenWalk) {
  std::string text;
  std::mt19937 rng(7);
  for (int s = 0; s < 60; ++s) {
    const int words = static_cast<int>(rng() % 40);
    for (int w = 0; w < words; ++w) text += w == 0 ? "Word " : "word ";
    text += s % 7 == 0 ? "\n\n" : ". ";
  }
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<std::vector<Span>> cases = {SplitSentences(text, tokens), {}, {{0, text.size()}}};
  // Spans cut inside tokens and past the text.
  for (std::size_t b = 0; b < text.size(); b += 1 + rng() % 50)
    cases[1].push_back({b, std::min(text.size() + 3, b + 1 + rng() % 60)});
  for (const std::vector<Span>& sentences : cases) {
    std::vector<TokenRange> walked;
    std::size_t k = 0;
    for (const Span& s : sentences) {
      while (k < tokens.size() && tokens[k].span.begin < s.begin) ++k;
      TokenRange r{k, k};
      while (k < tokens.size() && tokens[k].span.end <= s.end) ++k;
      r.last = k;
      walked.push_back(r);
    }
    const std::vector<TokenRange> got = SentenceTokens(sentences, tokens);
    ASSERT_EQ(got.size(), walked.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].first, walked[i].first) << i;
      EXPECT_EQ(got[i].last, walked[i].last) << i;
    }
  }
}

// SplitSentences gives each sentence's token range as it closes it (the pipeline hands those to
// the entity and quote extractors): they must be the ranges SentenceTokens searches for, on
// texts of words, abbreviations, quotes, dashes, line breaks and end marks in any order.
TEST(SentenceTokensTest, SplitSentencesGivesTheRangesSentenceTokensFinds) {
  static constexpr std::string_view kPieces[] = {
      "The", "minister", "U.S.", "Mr.", "J.", "3,200", "Moscow", "\u2019s", "said", ".", "!", "?",
      "\u2026", ",", "\"", "'", "\u201c", "\u201d", "(", ")", "-", "\u2014", "\n", "\n\n", "\xff"};
  std::mt19937 rng(2026);
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    for (int k = static_cast<int>(rng() % 60); k > 0; --k) {
      text += kPieces[rng() % std::size(kPieces)];
      if (rng() % 3 != 0) text += ' ';
    }
    const std::vector<Token> tokens = Tokenize(text);
    std::vector<TokenRange> found = {{7, 7}};  // replaced, not appended to
    const std::vector<Span> sentences = SplitSentences(text, tokens, &found);
    const std::vector<TokenRange> searched = SentenceTokens(sentences, tokens);
    ASSERT_EQ(found.size(), searched.size()) << "text: " << text;
    for (std::size_t i = 0; i < found.size(); ++i) {
      ASSERT_EQ(found[i].first, searched[i].first) << i << " text: " << text;
      ASSERT_EQ(found[i].last, searched[i].last) << i << " text: " << text;
    }
    EXPECT_EQ(sentences.size(), SplitSentences(text, tokens).size());
  }
}

// SplitSentences steps over the tokens that can neither end nor break a sentence in a loop of
// its own: it must give the sentences and token ranges of the token-by-token loop, on texts of
// words, abbreviations, quotes, dashes, line breaks and end marks in any order.
TEST(SplitSentencesTest, SkippingPlainTokensAgreesWithTokenByToken) {
  static constexpr std::string_view kPieces[] = {
      "The", "minister", "U.S.", "Mr.", "J.", "3,200", "Moscow", "\u2019s", "said", ".", "!", "?",
      "\u2026", ",", "\"", "'", "\u201c", "\u201d", "(", ")", "-", "\u2014", "\n", "\n\n",
      "\xff", "word", "word", "word"};
  std::vector<std::string> texts = {"", "word", "word word", "Word.", "\n\nword\n"};
  std::mt19937 rng(2027);
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    for (int k = static_cast<int>(rng() % 60); k > 0; --k) {
      text += kPieces[rng() % std::size(kPieces)];
      if (rng() % 3 != 0) text += ' ';
    }
    texts.push_back(std::move(text));
  }
  for (const std::string& text : texts) {
    const std::vector<Token> tokens = Tokenize(text);
    std::vector<TokenRange> skipped, walked;
    const std::vector<Span> fast = SplitSentences(text, tokens, &skipped);
    const std::vector<Span> plain = internal::SplitSentencesTokenByToken(text, tokens, &walked);
    ASSERT_EQ(fast.size(), plain.size()) << "text: " << text;
    ASSERT_EQ(skipped.size(), walked.size()) << "text: " << text;
    for (std::size_t i = 0; i < fast.size(); ++i) {
      ASSERT_EQ(fast[i].begin, plain[i].begin) << i << " text: " << text;
      ASSERT_EQ(fast[i].end, plain[i].end) << i << " text: " << text;
      ASSERT_EQ(skipped[i].first, walked[i].first) << i << " text: " << text;
      ASSERT_EQ(skipped[i].last, walked[i].last) << i << " text: " << text;
    }
  }
}

}  // namespace
}  // namespace newsgraph::extract
