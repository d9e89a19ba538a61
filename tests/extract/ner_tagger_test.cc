// Tests of the statistical NER tagger: the committed CoNLL-2003 model on new sentences, label
// conversion, the model file format (save/load round trip, corrupt files) and, when the
// corpus is present, the model's CoNLL-2003 test score.
#include "extract/ner_tagger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>

#include "extract/ner_trainer.h"
#include "extract/tokenizer.h"

namespace newsgraph::extract {
namespace {

const Lexicon& TestLexicon() {
  static const Lexicon lex = [] {
    Result<Lexicon> r = Lexicon::Load(NEWSGRAPH_DATA_DIR);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return std::move(r).value();
  }();
  return lex;
}

std::string ModelPath() { return std::string(NEWSGRAPH_DATA_DIR) + "/ner/conll2003.model"; }

// "LABEL text" per mention, in text order.
std::vector<std::string> Dump(const NerTagger& tagger, const std::string& text) {
  const std::vector<Token> tokens = Tokenize(text);
  const std::vector<Span> sentences = SplitSentences(text, tokens);
  std::vector<std::string> out;
  for (const TaggedSpan& s : tagger.Tag(text, tokens, sentences)) {
    EXPECT_LT(s.first_token, s.last_token);
    EXPECT_EQ(s.span.begin, tokens[s.first_token].span.begin);
    EXPECT_EQ(s.span.end, tokens[s.last_token - 1].span.end);
    EXPECT_GT(s.confidence, 0.0);
    EXPECT_LE(s.confidence, 1.0);
    out.push_back(s.label + " " + text.substr(s.span.begin, s.span.size()));
  }
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "[" + x + "] ";
  return s;
}

class CommittedModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<NerTagger> r = NerTagger::Load(ModelPath(), TestLexicon());
    ASSERT_TRUE(r.ok()) << r.status().message();
    tagger_ = new NerTagger(std::move(r).value());
  }
  static void TearDownTestSuite() {
    delete tagger_;
    tagger_ = nullptr;
  }
  static const NerTagger* tagger_;
};
const NerTagger* CommittedModel::tagger_ = nullptr;

// New sentences (not from CoNLL) with the mentions that must be found in each.
struct Case {
  std::string text;
  std::vector<std::string> expected;
};

TEST_F(CommittedModel, TagsClearCasesInNewSentences) {
  ASSERT_NE(tagger_, nullptr);
  const std::vector<Case> cases = {
      {"The head of the FSB, Alexander Bortnikov, said on Thursday.",
       {"ORG FSB", "PER Alexander Bortnikov"}},
      {"FSB director Alexander Bortnikov said the threat had grown.",
       {"ORG FSB", "PER Alexander Bortnikov"}},
      {"President Vladimir Putin met officials in Moscow on Friday.",
       {"PER Vladimir Putin", "LOC Moscow"}},
      {"Shares in Microsoft Corp rose 3 percent after the company reported higher profits.",
       {"ORG Microsoft Corp"}},
      {"The United Nations said on Monday that aid convoys had reached Aleppo.",
       {"ORG United Nations", "LOC Aleppo"}},
      {"German Chancellor Angela Merkel flew to Washington for talks.",
       {"MISC German", "PER Angela Merkel", "LOC Washington"}},
  };
  for (const Case& c : cases) {
    const std::vector<std::string> got = Dump(*tagger_, c.text);
    for (const std::string& e : c.expected)
      EXPECT_TRUE(Has(got, e)) << c.text << "\n  expected " << e << "\n  got " << Joined(got);
  }
}

TEST_F(CommittedModel, FindsNothingInTextWithoutNames) {
  ASSERT_NE(tagger_, nullptr);
  EXPECT_TRUE(Dump(*tagger_, "the price of bread rose again this week, officials said.").empty());
  EXPECT_TRUE(Dump(*tagger_, "").empty());
}

TEST_F(CommittedModel, SpansNeverCrossSentencesAndRespectTokenRanges) {
  ASSERT_NE(tagger_, nullptr);
  const std::string text =
      "Officials met in Kabul.\nJohn Kerry arrived later.\n\n\xE2\x80\x9CWe will help,\xE2\x80\x9D "
      "said John Kerry.";
  const std::vector<Token> tokens = Tokenize(text);
  const std::vector<Span> sentences = SplitSentences(text, tokens);
  const std::vector<TaggedSpan> spans = tagger_->Tag(text, tokens, sentences);
  for (const TaggedSpan& s : spans) {
    bool inside = false;
    for (const Span& sent : sentences) inside |= sent.Contains(s.span);
    EXPECT_TRUE(inside) << text.substr(s.span.begin, s.span.size());
  }
  const std::vector<std::string> got = Dump(*tagger_, text);
  EXPECT_TRUE(Has(got, "LOC Kabul")) << Joined(got);
  EXPECT_TRUE(Has(got, "PER John Kerry")) << Joined(got);
}

// Skipping the confidences changes nothing else: the same spans and labels, confidence 0.
TEST_F(CommittedModel, SkippingConfidenceGivesTheSameSpans) {
  ASSERT_NE(tagger_, nullptr);
  const std::vector<std::string> texts = {
      "The United Nations said on Monday that aid convoys had reached Aleppo.",
      "German Chancellor Angela Merkel flew to Washington for talks.\nSHARES IN MICROSOFT "
      "CORP ROSE.\n\xE2\x80\x9CWe will help,\xE2\x80\x9D said John Kerry of the U.S. State "
      "Department.",
  };
  for (const std::string& text : texts) {
    const std::vector<Token> tokens = Tokenize(text);
    const std::vector<Span> sentences = SplitSentences(text, tokens);
    const std::vector<TaggedSpan> with = tagger_->Tag(text, tokens, sentences);
    const std::vector<TaggedSpan> without =
        tagger_->Tag(text, tokens, sentences, NerTagger::Confidence::kSkip);
    ASSERT_FALSE(with.empty()) << text;
    ASSERT_EQ(with.size(), without.size()) << text;
    for (std::size_t i = 0; i < with.size(); ++i) {
      EXPECT_EQ(with[i].first_token, without[i].first_token);
      EXPECT_EQ(with[i].last_token, without[i].last_token);
      EXPECT_EQ(with[i].span, without[i].span);
      EXPECT_EQ(with[i].label, without[i].label);
      EXPECT_GT(with[i].confidence, 0.0);
      EXPECT_EQ(without[i].confidence, 0.0);
    }
  }
}

// Windows() around names: the text of each window, as "first|last" token words.
std::vector<std::string> WindowWords(const std::string& text, const std::vector<Span>& names,
                                     std::size_t margin) {
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<TokenRange> sentences;
  SplitSentences(text, tokens, &sentences);
  std::vector<std::string> out;
  for (const TokenRange& w : NerTagger::Windows(tokens, sentences, names, margin)) {
    EXPECT_LT(w.first, w.last);
    out.push_back(text.substr(tokens[w.first].span.begin, tokens[w.first].span.size()) + "|" +
                  text.substr(tokens[w.last - 1].span.begin, tokens[w.last - 1].span.size()));
  }
  return out;
}

// The byte span of the first occurrence of `word` in `text`.
Span Find(const std::string& text, const std::string& word) {
  const std::size_t at = text.find(word);
  EXPECT_NE(at, std::string::npos) << word;
  return {at, at + word.size()};
}

TEST(NerTaggerWindows, TakeTheMarginEitherSideWithinTheSentence) {
  // Words t00..t29 and a full stop: one sentence of 31 tokens.
  std::string text;
  for (int i = 0; i < 30; ++i) text += (i ? " t" : "t") + std::to_string(100 + i).substr(1);
  text += ".";
  EXPECT_EQ(WindowWords(text, {Find(text, "t15")}, 8), std::vector<std::string>{"t07|t23"});
  EXPECT_EQ(WindowWords(text, {Find(text, "t15")}, 3), std::vector<std::string>{"t12|t18"});
  // Cut at the sentence's ends: its first token, and the full stop after the last word.
  EXPECT_EQ(WindowWords(text, {Find(text, "t02")}, 8), std::vector<std::string>{"t00|t10"});
  EXPECT_EQ(WindowWords(text, {Find(text, "t27")}, 8), std::vector<std::string>{"t19|."});
  // A name of several tokens, and one given by part of a token, which counts whole.
  EXPECT_EQ(WindowWords(text, {{Find(text, "t10").begin, Find(text, "t12").end}}, 2),
            std::vector<std::string>{"t08|t14"});
  EXPECT_EQ(WindowWords(text, {{Find(text, "t10").begin + 1, Find(text, "t10").end - 1}}, 2),
            std::vector<std::string>{"t08|t12"});
  // Windows that overlap or touch are joined, in text order whatever the names' order; apart,
  // they stay apart.
  EXPECT_EQ(WindowWords(text, {Find(text, "t20"), Find(text, "t10")}, 5),
            std::vector<std::string>{"t05|t25"});
  EXPECT_EQ(WindowWords(text, {Find(text, "t10"), Find(text, "t19")}, 4),
            std::vector<std::string>{"t06|t23"});
  EXPECT_EQ(WindowWords(text, {Find(text, "t20"), Find(text, "t10")}, 4),
            (std::vector<std::string>{"t06|t14", "t16|t24"}));
  EXPECT_TRUE(WindowWords(text, {}, 8).empty());
}

TEST(NerTaggerWindows, NeverJoinTwoSentences) {
  const std::string text = "Alpha beta gamma. Delta epsilon zeta.";
  EXPECT_EQ(WindowWords(text, {Find(text, "gamma"), Find(text, "Delta")}, 8),
            (std::vector<std::string>{"Alpha|.", "Delta|."}));
  EXPECT_EQ(WindowWords(text, {Find(text, "beta"), Find(text, "gamma")}, 0),
            std::vector<std::string>{"beta|gamma"});
}

// Tagging the windows around names gives those names the tags the whole sentences give them.
TEST_F(CommittedModel, WindowsGiveTheirNamesTheSentencesTags) {
  ASSERT_NE(tagger_, nullptr);
  const std::string text =
      "In a statement released late on Tuesday after a long meeting of the cabinet in the "
      "capital, Foreign Minister Sergei Lavrov said that the delegation led by John Kerry would "
      "arrive in Oslo on Thursday for talks with officials of the United Nations and of the "
      "European Union about the ceasefire that had been agreed in the spring.\nMarkets in Tokyo "
      "and Frankfurt were closed for the holiday, traders said.";
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<TokenRange> sentences;
  const std::vector<Span> sentence_spans = SplitSentences(text, tokens, &sentences);
  const std::vector<Span> names = {Find(text, "Sergei Lavrov"), Find(text, "John Kerry"),
                                   Find(text, "Oslo"), Find(text, "United Nations"),
                                   Find(text, "European Union"), Find(text, "Frankfurt")};
  const std::vector<TokenRange> windows = NerTagger::Windows(tokens, sentences, names);
  std::size_t window_tokens = 0;
  for (const TokenRange& w : windows) window_tokens += w.last - w.first;
  EXPECT_LT(window_tokens, tokens.size());  // the first sentence's start is left out
  // The tagged spans that overlap a name, as "LABEL text".
  auto at_names = [&](const std::vector<TaggedSpan>& tagged) {
    std::vector<std::string> out;
    for (const TaggedSpan& t : tagged) {
      auto overlaps = [&](const Span& n) { return n.Overlaps(t.span); };
      if (std::any_of(names.begin(), names.end(), overlaps))
        out.push_back(t.label + " " + text.substr(t.span.begin, t.span.size()));
    }
    return out;
  };
  const std::vector<std::string> whole = at_names(tagger_->Tag(text, tokens, sentence_spans));
  EXPECT_TRUE(Has(whole, "PER Sergei Lavrov")) << Joined(whole);
  EXPECT_TRUE(Has(whole, "LOC Oslo")) << Joined(whole);
  EXPECT_EQ(at_names(tagger_->Tag(text, tokens, windows)), whole);
}

// Known limitation, kept visible (run with --gtest_also_run_disabled_tests): an acronym
// directly followed by a personal name with no punctuation between them is read as one
// organization name ("ORG FSB Alexander Bortnikov"), because CoNLL-2003 has almost no
// ORG-then-PER runs without a separator for the model to learn the boundary from.
TEST_F(CommittedModel, DISABLED_SplitsAnAcronymFromTheNameAfterIt) {
  ASSERT_NE(tagger_, nullptr);
  const std::vector<std::string> got =
      Dump(*tagger_, "The head of the FSB Alexander Bortnikov said on Thursday.");
  EXPECT_TRUE(Has(got, "PER Alexander Bortnikov")) << Joined(got);
}

TEST(NerLabels, ConvertsIob1AndIob2ToBilou) {
  struct LabelCase {
    std::vector<std::string> labels;
    std::vector<std::string> bilou;
  };
  const std::vector<LabelCase> cases = {
      {{"B-PER", "I-PER", "O", "B-LOC"}, {"B-PER", "L-PER", "O", "U-LOC"}},
      // IOB1: I starts an entity after O, B only separates two adjacent ones of a type.
      {{"I-ORG", "I-ORG", "I-ORG", "B-ORG"}, {"B-ORG", "I-ORG", "L-ORG", "U-ORG"}},
      {{"I-PER", "I-LOC", "O", "I-MISC"}, {"U-PER", "U-LOC", "O", "U-MISC"}},
      {{"S-PER", "B-ORG", "E-ORG"}, {"U-PER", "B-ORG", "L-ORG"}},
  };
  for (const LabelCase& c : cases) {
    NerSentence s;
    for (std::size_t i = 0; i < c.labels.size(); ++i) s.words.push_back("w" + std::to_string(i));
    s.labels = c.labels;
    Result<PreparedSentence> p = PrepareSentence(s);
    ASSERT_TRUE(p.ok()) << p.status().message();
    std::vector<std::string> got;
    for (int t : p.value().gold) got.push_back(ner::TagName(t));
    EXPECT_EQ(got, c.bilou);
  }
  NerSentence bad{{"x"}, {"B-GPE"}};
  EXPECT_FALSE(PrepareSentence(bad).ok());
}

TEST(NerLabels, TransitionsFollowBilou) {
  const int b_per = ner::MakeTag(0, ner::kB), l_per = ner::MakeTag(0, ner::kL);
  const int i_org = ner::MakeTag(1, ner::kI), u_loc = ner::MakeTag(2, ner::kU);
  EXPECT_TRUE(ner::ValidTransition(-1, b_per, false));
  EXPECT_FALSE(ner::ValidTransition(-1, b_per, true));  // an open entity cannot end a sentence
  EXPECT_TRUE(ner::ValidTransition(b_per, l_per, true));
  EXPECT_FALSE(ner::ValidTransition(b_per, i_org, false));
  EXPECT_FALSE(ner::ValidTransition(b_per, ner::kO, false));
  EXPECT_TRUE(ner::ValidTransition(l_per, u_loc, false));
  EXPECT_FALSE(ner::ValidTransition(ner::kO, l_per, false));
}

// Twenty hand-written sentences in IOB2, enough for a tiny model to learn the pattern.
std::vector<NerSentence> TinyCorpus() {
  const char* kLines[] = {
      "Maria/B-PER Lopez/I-PER visited/O Paris/B-LOC ./O",
      "Jon/B-PER Brandt/I-PER works/O for/O Acme/B-ORG Industries/I-ORG ./O",
      "The/O Acme/B-ORG Industries/I-ORG office/O is/O in/O Berlin/B-LOC ./O",
      "Ana/B-PER Silva/I-PER flew/O to/O Lisbon/B-LOC ./O",
      "Peter/B-PER Novak/I-PER said/O the/O Globex/B-ORG Group/I-ORG grew/O ./O",
      "Rain/O fell/O in/O Oslo/B-LOC on/O Monday/O ./O",
      "Globex/B-ORG Group/I-ORG hired/O Maria/B-PER Lopez/I-PER ./O",
      "Berlin/B-LOC and/O Paris/B-LOC signed/O a/O deal/O ./O",
      "Jon/B-PER Brandt/I-PER met/O Ana/B-PER Silva/I-PER in/O Oslo/B-LOC ./O",
      "The/O weather/O was/O cold/O ./O",
      "Acme/B-ORG Industries/I-ORG sold/O its/O Lisbon/B-LOC plant/O ./O",
      "Peter/B-PER Novak/I-PER left/O Berlin/B-LOC ./O",
      "French/B-MISC wine/O sold/O well/O in/O Oslo/B-LOC ./O",
      "The/O French/B-MISC team/O beat/O Globex/B-ORG Group/I-ORG ./O",
      "Maria/B-PER Lopez/I-PER speaks/O French/B-MISC ./O",
      "Nothing/O happened/O on/O Tuesday/O ./O",
      "Ana/B-PER Silva/I-PER joined/O Acme/B-ORG Industries/I-ORG ./O",
      "Lisbon/B-LOC is/O warm/O ./O",
      "Jon/B-PER Brandt/I-PER and/O Peter/B-PER Novak/I-PER agreed/O ./O",
      "Globex/B-ORG Group/I-ORG moved/O to/O Paris/B-LOC ./O",
  };
  std::vector<NerSentence> out;
  for (const char* line : kLines) {
    NerSentence s;
    std::istringstream in(line);
    for (std::string item; in >> item;) {
      const auto slash = item.rfind('/');
      s.words.push_back(item.substr(0, slash));
      s.labels.push_back(item.substr(slash + 1));
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Decode() visits the tags ForEachValidNext() gives instead of asking ValidTransition().
TEST(NerLabels, ForEachValidNextEqualsValidTransition) {
  for (int last = 0; last < 2; ++last)
    for (int prev = -1; prev < ner::kNumTags; ++prev) {
      std::vector<int> want, got;
      for (int t = 0; t < ner::kNumTags; ++t)
        if (ner::ValidTransition(prev, t, last == 1)) want.push_back(t);
      ner::ForEachValidNext(prev, last == 1, [&](int t) { got.push_back(t); });
      EXPECT_EQ(got, want) << "prev " << prev << " last " << last;
    }
}

// LargestMagnitude() takes the largest |v[t]| four floats at a time: it must be the plain loop's,
// bit for bit, wherever among the tags it is, whatever the signs (-0 among them), on values of
// every magnitude.
TEST(NerDecode, LargestMagnitudeEqualsThePlainLoop) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  for (int round = 0; round < 2000; ++round) {
    std::array<float, ner::kNumTags> v;
    for (float& x : v) {
      const unsigned kind = rng() % 8;
      x = kind == 0 ? 0.0f : kind == 1 ? -0.0f
                                     : unit(rng) * std::pow(10.0f, static_cast<float>(rng() % 13) - 6);
    }
    if (round % 3 == 0) v[rng() % ner::kNumTags] = -1e6f;  // one far larger, anywhere
    float want = 0;
    for (float x : v) want = std::max(want, std::fabs(x));
    EXPECT_EQ(std::bit_cast<std::uint32_t>(ner::LargestMagnitude(v.data())),
              std::bit_cast<std::uint32_t>(want))
        << "round " << round;
  }
}

// ClosingTagsThatMayWin() takes its sums four closing tags at a time: its set must be the plain
// loops' over kClosingTags, on totals and bounds of every magnitude, some tags unreached, many
// totals tied and bounds on the edge of the margin.
TEST(NerDecode, ClosingTagsThatMayWinEqualsThePlainLoops) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  std::size_t left_out = 0;
  for (int round = 0; round < 5000; ++round) {
    const float scale = std::pow(10.0f, static_cast<float>(rng() % 9) - 3);
    auto value = [&] {
      return rng() % 4 == 0 ? static_cast<float>(rng() % 5) : unit(rng) * scale;
    };
    std::array<float, ner::kNumTags> best_before, base;
    for (float& x : best_before) x = rng() % 6 == 0 ? ner::kUnreached : value();
    for (float& x : base) x = value();
    std::array<float, ner::kClosingTags.size()> hi, lo;
    float mag = 0;
    for (std::size_t c = 0; c < hi.size(); ++c) {
      const float a = value(), b = value();
      hi[c] = std::max(a, b);
      lo[c] = rng() % 5 == 0 ? hi[c] : std::min(a, b);
      mag = std::max({mag, hi[c], -lo[c]});
    }
    float floor = ner::kUnreached;
    for (std::size_t c = 0; c < hi.size(); ++c)
      floor = std::max(floor, best_before[static_cast<std::size_t>(ner::kClosingTags[c])] + lo[c]);
    const float margin = 0x1p-16f * (ner::LargestMagnitude(base.data()) + mag + 2 * std::fabs(floor));
    std::uint32_t want = 0;
    for (std::size_t c = 0; c < hi.size(); ++c) {
      const int p = ner::kClosingTags[c];
      want |= static_cast<std::uint32_t>(best_before[static_cast<std::size_t>(p)] + hi[c] + margin >=
                                         floor)
              << (p + 1);
    }
    const std::uint32_t got =
        ner::ClosingTagsThatMayWin(best_before.data(), base.data(), hi.data(), lo.data(), mag);
    ASSERT_EQ(got, want) << "round " << round;
    left_out += static_cast<std::size_t>(__builtin_popcount(ner::kClosingSet & ~got));
  }
  EXPECT_GT(left_out, 0u);
}

// Decode() sums one (previous tag x tag) block of scores per token and relaxes only the
// transitions ForEachValidNext() gives: its tags and probabilities must be those of a plain
// Viterbi over every pair ValidTransition() allows, on random scores drawn from a few values so
// that many totals tie (the first previous tag, then the first last tag, of equal totals wins).
// Given bounds on the rows (row_bounds), it leaves out the closing previous tags that cannot
// win: its tags must still be the plain Viterbi's, on those scores (where ties are many), on
// scores of every magnitude over longer sentences (where float sums round) and with emission
// scores far larger than the rest (where adding them rounds the rows apart), and it must have
// left some out.
TEST(NerDecode, AgreesWithPlainViterbi) {
  constexpr int kTags = ner::kNumTags;
  constexpr std::size_t kBlock = (kTags + 1) * kTags;
  std::mt19937 rng(11);
  const ner::FeatureExtractor::Sentence unused;
  std::size_t closing_rows = 0, closing_rows_read = 0;  // with row_bounds, within a sentence
  // scores[k * kBlock + (p + 1) * kTags + t]: tag t at token k after tag p, to which the
  // emission score emissions[k * kTags + t] is added.
  auto check = [&](std::size_t n, const std::vector<float>& scores,
                   const std::vector<float>& emissions, int round) {
    auto raw = [&](std::size_t k, int p, int t) {
      return scores[k * kBlock + static_cast<std::size_t>((p + 1) * kTags + t)];
    };
    auto at = [&](std::size_t k, int p, int t) {
      return emissions[k * kTags + static_cast<std::size_t>(t)] + raw(k, p, t);
    };

    // The plain Viterbi.
    const float kUnreached = -std::numeric_limits<float>::infinity();
    std::vector<float> best(n * kTags, kUnreached);
    std::vector<int> back(n * kTags, -1);
    for (std::size_t k = 0; k < n; ++k)
      for (int p = k == 0 ? -1 : 0; p < (k == 0 ? 0 : kTags); ++p) {
        const float before = k == 0 ? 0.0f : best[(k - 1) * kTags + static_cast<std::size_t>(p)];
        if (before == kUnreached) continue;
        for (int t = 0; t < kTags; ++t) {
          if (!ner::ValidTransition(p, t, k + 1 == n)) continue;
          const float total = before + at(k, p, t);
          if (total > best[k * kTags + static_cast<std::size_t>(t)]) {
            best[k * kTags + static_cast<std::size_t>(t)] = total;
            back[k * kTags + static_cast<std::size_t>(t)] = p;
          }
        }
      }
    std::vector<int> want(n);
    int t = 0;
    for (int c = 1; c < kTags; ++c)
      if (best[(n - 1) * kTags + static_cast<std::size_t>(c)] >
          best[(n - 1) * kTags + static_cast<std::size_t>(t)])
        t = c;
    for (std::size_t k = n; k-- > 0;) {
      want[k] = t;
      t = back[k * kTags + static_cast<std::size_t>(t)];
    }
    std::vector<double> want_probs(n);
    for (std::size_t k = 0; k < n; ++k) {
      const int p = k == 0 ? -1 : want[k - 1];
      double z = 0;
      for (int c = 0; c < kTags; ++c)
        if (ner::ValidTransition(p, c, k + 1 == n))
          z += c == want[k] ? 1.0 : std::exp(static_cast<double>(at(k, p, c) - at(k, p, want[k])));
      want_probs[k] = 1.0 / z;
    }

    // Decode() over the same scores: no feature has weights, so every block is the scores.
    auto no_weights = [](std::uint32_t, float*) {};
    auto emission = [&](std::size_t k, float* base) {
      for (int c = 0; c < kTags; ++c) base[c] += emissions[k * kTags + static_cast<std::size_t>(c)];
    };
    auto tag_rows = [&](std::size_t k, const float* base, const float* prev_tag, float* block,
                        float* open, bool all, std::uint32_t closing) {
      if (!all && k != 0 && k + 1 != n) {
        closing_rows += ner::kClosingTags.size();
        closing_rows_read += static_cast<std::size_t>(__builtin_popcount(closing));
      }
      auto sum = [&](int p, int c) {
        const auto i = static_cast<std::size_t>((p + 1) * kTags + c);
        return (base[c] + prev_tag[i]) + raw(k, p, c);
      };
      for (int p = k == 0 ? -1 : 0; p < (k == 0 ? 0 : kTags); ++p) {
        // Without `all`, Decode() reads the rows after an open tag from `open` alone, and
        // those after a closing tag only when they are in `closing`: the others are NaN here,
        // which would lose or win every comparison they entered.
        const bool read = all || k == 0 || (closing >> (p + 1) & 1) != 0;
        for (int c = 0; c < kTags; ++c)
          block[static_cast<std::size_t>((p + 1) * kTags + c)] =
              read ? sum(p, c) : std::numeric_limits<float>::quiet_NaN();
      }
      if (k != 0)
        for (int j = 0; j < ner::kNumOpen; ++j) open[j] = sum(ner::OpenPrev(j), ner::OpenTag(j));
    };
    // The rows less the emission scores are the scores (prev_tag is 0), give or take the
    // rounding of adding them: the scores' exact bounds.
    auto row_bounds = [&](std::size_t k, float* hi, float* lo) {
      float mag = 0;
      for (std::size_t i = 0; i < ner::kClosingTags.size(); ++i) {
        const int p = ner::kClosingTags[i];
        hi[i] = -std::numeric_limits<float>::max();
        lo[i] = std::numeric_limits<float>::max();
        for (int c : ner::kAfterClosing) {
          hi[i] = std::max(hi[i], raw(k, p, c));
          lo[i] = std::min(lo[i], raw(k, p, c));
        }
        mag = std::max({mag, hi[i], -lo[i]});
      }
      return mag;
    };
    std::vector<int> tags, tags_only, tags_bounded;
    std::vector<double> probs;
    std::vector<float> prev_tag;
    ner::PrevTagScores(no_weights, prev_tag);
    ner::Decode(unused, n, prev_tag.data(), emission, tag_rows, tags, &probs);
    ner::Decode(unused, n, prev_tag.data(), emission, tag_rows, tags_only, nullptr);
    ner::Decode(unused, n, prev_tag.data(), emission, tag_rows, row_bounds, tags_bounded,
                nullptr);
    ASSERT_EQ(tags, want) << "round " << round;
    ASSERT_EQ(tags_only, want) << "round " << round;
    ASSERT_EQ(tags_bounded, want) << "round " << round;
    ASSERT_EQ(probs, want_probs) << "round " << round;  // bit for bit
  };
  for (int round = 0; round < 3000; ++round) {
    const std::size_t n = 1 + rng() % 9;
    std::vector<float> scores(n * kBlock);
    const int spread = 1 + static_cast<int>(rng() % 6);
    for (float& v : scores)
      v = static_cast<float>(static_cast<int>(rng() % (2 * spread + 1)) - spread) * 0.25f;
    check(n, scores, std::vector<float>(n * kTags, 0.0f), round);
  }
  // Scores of 0.001 to 1000, and per round a few magnitudes apart, so that most totals round.
  for (int round = 0; round < 1000; ++round) {
    const std::size_t n = 1 + rng() % 40;
    std::vector<float> scores(n * kBlock);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    const float scale = std::pow(10.0f, static_cast<float>(rng() % 7) - 3);
    for (float& v : scores) v = value(rng) * scale * (rng() % 4 == 0 ? 1000.0f : 1.0f);
    check(n, scores, std::vector<float>(n * kTags, 0.0f), 3000 + round);
  }
  // Emission scores of 1,000 to 1,000,000 over scores of 0.001 to 10: the rows round coarsely.
  for (int round = 0; round < 1000; ++round) {
    const std::size_t n = 2 + rng() % 30;
    std::vector<float> scores(n * kBlock), emissions(n * kTags);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    const float scale = std::pow(10.0f, static_cast<float>(rng() % 4) - 3);
    for (float& v : scores) v = value(rng) * scale * (rng() % 4 == 0 ? 10.0f : 1.0f);
    const float big = std::pow(10.0f, 3.0f + static_cast<float>(rng() % 4));
    for (float& v : emissions) v = value(rng) * big;
    check(n, scores, emissions, 4000 + round);
  }
  // Emission scores of 2^23 to 2^24, where floats are whole numbers, over scores in quarters:
  // the rows round to whole numbers and tie often, where the scores and their bounds do not.
  for (int round = 0; round < 1000; ++round) {
    const std::size_t n = 2 + rng() % 12;
    std::vector<float> scores(n * kBlock), emissions(n * kTags);
    for (float& v : scores) v = static_cast<float>(rng() % 4) * 0.25f;
    for (float& v : emissions) v = static_cast<float>((1u << 23) + rng() % (1u << 23));
    check(n, scores, emissions, 5000 + round);
  }
  EXPECT_GT(closing_rows_read, 0u);
  EXPECT_LT(closing_rows_read, closing_rows);
}

TEST(NerModelFile, SaveAndLoadGiveTheSameTags) {
  std::vector<PreparedSentence> train;
  for (const NerSentence& s : TinyCorpus()) train.push_back(PrepareSentence(s).value());
  TrainModelOptions options;
  options.epochs = 5;
  const NerTagger trained = TrainNerModel(train, {}, TestLexicon(), options, nullptr);
  ASSERT_GT(trained.num_weights(), 0u);

  // It learned its own training data.
  EXPECT_GT(Evaluate(trained, train).F1(), 0.9);

  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("ner_roundtrip_" + std::to_string(::getpid()) + ".model");
  ASSERT_TRUE(trained.Save(path.string()).ok());
  Result<NerTagger> loaded = NerTagger::Load(path.string(), TestLexicon());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded.value().num_weights(), trained.num_weights());

  const std::vector<std::string> texts = {
      "Maria Lopez met Jon Brandt in Berlin.",
      "Globex Group and Acme Industries talked in Oslo on Monday.",
      "Peter Novak likes French films.",
  };
  for (const std::string& text : texts) {
    const std::vector<Token> tokens = Tokenize(text);
    const std::vector<Span> sentences = SplitSentences(text, tokens);
    const std::vector<TaggedSpan> a = trained.Tag(text, tokens, sentences);
    const std::vector<TaggedSpan> b = loaded.value().Tag(text, tokens, sentences);
    ASSERT_EQ(a.size(), b.size()) << text;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].first_token, b[i].first_token);
      EXPECT_EQ(a[i].last_token, b[i].last_token);
      EXPECT_EQ(a[i].label, b[i].label);
      EXPECT_NEAR(a[i].confidence, b[i].confidence, 1e-3);  // weights are stored in 16 bits
    }
  }
  EXPECT_TRUE(Has(Dump(loaded.value(), texts[0]), "PER Maria Lopez"));
  std::filesystem::remove(path);
}

// The tagger keeps one or two weights of a feature in its table slot, many as a row and a few
// others in a list of their own, while the model file lists every weight: a model saved,
// loaded and saved again must be the same file, for features of every weight count (1 to all
// 17 tags, the last tag included, and two weights of one tag).
TEST(NerModelFile, EveryWeightLayoutSurvivesSaveAndLoad) {
  std::vector<ner::Weight> weights;
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> value(-2.0f, 2.0f);
  std::size_t count = 0;
  for (std::uint32_t f = 1; f <= 400; ++f) {
    std::vector<int> tags(ner::kNumTags);
    std::iota(tags.begin(), tags.end(), 0);
    std::shuffle(tags.begin(), tags.end(), rng);
    tags.resize(1 + f % ner::kNumTags);
    if (f % 7 == 0) tags.push_back(tags.front());  // a tag twice
    for (int t : tags) {
      float v = value(rng);
      if (v == 0) v = 1;
      weights.push_back({f * 2654435761u, static_cast<std::uint8_t>(t), v});
      ++count;
    }
  }
  const NerTagger tagger = NerTagger::FromWeights(weights, {}, TestLexicon());
  EXPECT_EQ(tagger.num_weights(), count);
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string first = (dir / ("ner_layout_a_" + std::to_string(::getpid()))).string();
  const std::string second = (dir / ("ner_layout_b_" + std::to_string(::getpid()))).string();
  ASSERT_TRUE(tagger.Save(first).ok());
  Result<NerTagger> loaded = NerTagger::Load(first, TestLexicon());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded.value().num_weights(), count);
  ASSERT_TRUE(loaded.value().Save(second).ok());
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string a = read(first);
  EXPECT_GT(a.size(), 400u * 5);
  EXPECT_EQ(a, read(second));
  std::filesystem::remove(first);
  std::filesystem::remove(second);
}

// Weights that repeat one (feature, tag) beyond what a slot's byte counts keep 255 of them
// (the count does not wrap to 0, which would read before the weights and add out of bounds).
TEST(NerModelFile, AFeatureKeepsAtMost255Weights) {
  std::vector<ner::Weight> weights;
  for (int i = 0; i < 256; ++i) weights.push_back({12345u, 3, 0.5f});
  weights.push_back({999u, 1, 1.0f});
  const NerTagger tagger = NerTagger::FromWeights(weights, {}, TestLexicon());
  EXPECT_EQ(tagger.num_features(), 2u);
  EXPECT_EQ(tagger.num_weights(), 256u);  // 255 of the first feature, 1 of the other
}

// TagSentence() remembers the summed weights of a token's own features, hashes each distinct
// word once and adds the weights of frequent features, and of the features paired with the
// previous tag, as rows, and keeps copies of the window features' table slots with the words and
// shapes that give them (used between the sentence's first two and last two tokens), and adds a
// token's weights to emission scores kept in registers (a dense row four vectors at a time, the
// other slots through a copy in memory, as the weights of 1 to 17 tags below give both, in any
// mix): its tags and probabilities must still be exactly those of the plain
// decoder adding every weight one at a time in feature order (a floating-point sum depends on
// its order). With `duplicate_tags` some features have two equal weights for one tag, which no
// row can hold (v + v added to a score rounds apart from adding v twice): the tagger must see
// that and fall back to adding them one by one. The caches keep their entries in chunks of a
// few hundred: one long sentence of new words and shapes fills several, while the sentence
// holds pointers to entries in all of them.
void ExpectCachedScoringEqualsPlainDecoding(bool duplicate_tags) {
  const std::vector<std::string> lists = {"cities", "roles"};
  std::string long_sentence;  // 700 words, nearly all with a shape of their own
  for (int i = 1; i <= 700; ++i) {
    // The digits of i in base 3 as capitals, small letters and digits, no two alike in a row.
    std::string word;
    int last = -1;
    for (int v = i; v != 0; v /= 3) {
      const int c = v % 3 == last ? (v % 3 + 1) % 3 : v % 3;
      word += "Bb7"[c];
      last = c;
    }
    long_sentence += word + (i % 2 ? "q " : "Q ");
  }
  long_sentence += "in Berlin.";
  const std::vector<std::string> texts = {
      "Maria Lopez met Jon Brandt in Berlin on Monday.",
      long_sentence,
      "The European Commission said on Tuesday that FRANCE and Germany agreed.",
      "\"We will win,\" said Peter Novak - the head of Acme Industries in London.",
      "Maria Lopez met Jon Brandt in Berlin on Monday.",  // again: now from the caches
      // The same words at the ends of a sentence and within it, beside other neighbours.
      "Berlin and Monday met Berlin in Maria Lopez on Berlin and Monday.",
  };
  const ner::FeatureExtractor fx(TestLexicon(), lists);
  // Random weights for four features in five, on 1 to 17 tags, of magnitudes 0.01 to 100.
  std::mt19937 rng(7);
  std::map<std::uint32_t, std::vector<std::pair<int, float>>> table;
  auto give_weights = [&](std::uint32_t f) {
    if (table.count(f) || rng() % 5 == 0) return;
    std::vector<int> tags(ner::kNumTags);
    std::iota(tags.begin(), tags.end(), 0);
    std::shuffle(tags.begin(), tags.end(), rng);
    tags.resize(1 + rng() % ner::kNumTags);
    std::sort(tags.begin(), tags.end());
    std::uniform_real_distribution<float> value(0.1f, 1.0f);
    for (int t : tags) {
      const float v = (rng() % 2 ? 1 : -1) * value(rng) *
                      std::pow(10.0f, static_cast<float>(rng() % 5) - 2);
      table[f].emplace_back(t, v);
      if (duplicate_tags && rng() % 3 == 0) table[f].emplace_back(t, v);
    }
  };
  ner::FeatureExtractor::Sentence s;
  std::vector<std::uint32_t> tag_features;
  for (const std::string& text : texts) {
    const std::vector<Token> tokens = Tokenize(text);
    for (const TokenRange& r : SentenceTokens(SplitSentences(text, tokens), tokens)) {
      fx.Prepare(text, tokens, r, s);
      for (std::uint32_t f : s.static_features) give_weights(f);
      for (std::size_t k = 0; k < r.last - r.first; ++k)
        for (int prev = -1; prev < ner::kNumTags; ++prev) {
          tag_features.clear();
          ner::FeatureExtractor::TagFeatures(s, k, prev, tag_features);
          for (std::uint32_t f : tag_features) give_weights(f);
        }
    }
  }
  std::vector<ner::Weight> weights;
  for (const auto& [f, ws] : table)
    for (auto [t, v] : ws) weights.push_back({f, static_cast<std::uint8_t>(t), v});
  const NerTagger tagger = NerTagger::FromWeights(weights, lists, TestLexicon());
  // The plain decoder adds a feature's weights in tag order, as the tagger's table keeps them.
  auto plain_score = [&](std::uint32_t f, float* scores) {
    auto it = table.find(f);
    if (it == table.end()) return;
    for (auto [t, v] : it->second) scores[t] += v;
  };

  for (const std::string& text : texts) {
    const std::vector<Token> tokens = Tokenize(text);
    for (const TokenRange& r : SentenceTokens(SplitSentences(text, tokens), tokens)) {
      fx.Prepare(text, tokens, r, s);
      std::vector<int> want_tags, tags;
      std::vector<double> want_probs, probs;
      ner::Decode(s, r.last - r.first, plain_score, want_tags, &want_probs);
      tagger.TagSentence(text, tokens, r, tags, probs);
      EXPECT_EQ(tags, want_tags) << text;
      EXPECT_EQ(probs, want_probs) << text;  // bit for bit
      // Without the probabilities the decoders keep one score row at a time: same tags.
      std::vector<int> plain_tags_only, tags_only;
      ner::Decode(s, r.last - r.first, plain_score, plain_tags_only, nullptr);
      tagger.TagSentence(text, tokens, r, tags_only);
      EXPECT_EQ(plain_tags_only, want_tags) << text;
      EXPECT_EQ(tags_only, want_tags) << text;
    }
  }
}

TEST(NerTagger, CachedScoringEqualsPlainDecoding) { ExpectCachedScoringEqualsPlainDecoding(false); }

TEST(NerTagger, TwoWeightsOfOneTagAreAddedOneByOne) { ExpectCachedScoringEqualsPlainDecoding(true); }

// Prepare() describes each distinct word once per thread and keeps the description in a
// cache whose entries move as it grows: a sentence's features must be the same whether its
// words are new (described in this very call, some while the cache grows) or found there. The
// first pass runs on a new thread, whose cache no other test has filled.
TEST(NerFeatures, PreparedFeaturesDoNotDependOnTheWordCache) {
  const ner::FeatureExtractor fx(TestLexicon(), {"cities", "roles"});
  std::string many;  // thousands of words never seen before, in one sentence
  for (int i = 0; i < 3000; ++i) many += "Zq" + std::to_string(i * 7919) + (i % 3 ? "x " : "Y ");
  many += "met \"Maria Lopez\" in Berlin - FRANCE.";
  const std::vector<std::string> texts = {
      "Maria Lopez met Jon Brandt in Berlin on Monday.",
      many,
      "The European Commission said on Tuesday that FRANCE and Germany agreed.",
  };
  auto prepare_all = [&] {
    std::vector<ner::FeatureExtractor::Sentence> out;
    for (const std::string& text : texts) {
      const std::vector<Token> tokens = Tokenize(text);
      for (const TokenRange& r : SentenceTokens(SplitSentences(text, tokens), tokens)) {
        out.emplace_back();
        fx.Prepare(text, tokens, r, out.back());
      }
    }
    return out;
  };
  std::vector<ner::FeatureExtractor::Sentence> first, again;
  std::thread([&] {
    first = prepare_all();  // every word new
    again = prepare_all();  // every word from the cache
  }).join();
  ASSERT_EQ(first.size(), again.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_TRUE(std::equal(first[i].static_features.begin(), first[i].static_features.end(),
                           again[i].static_features.begin(), again[i].static_features.end()));
    EXPECT_EQ(first[i].offsets, again[i].offsets);
    EXPECT_EQ(first[i].local_features, again[i].local_features);
    EXPECT_EQ(first[i].word_hash, again[i].word_hash);
    EXPECT_EQ(first[i].shape_hash, again[i].shape_hash);
  }
  // Two tokens of one word share its hashes, and different words get different ones.
  const ner::FeatureExtractor::Sentence& big = first[1];
  EXPECT_GT(big.word_hash.size(), 3000u);
  EXPECT_NE(big.word_hash[0], big.word_hash[1]);
}

// Prepare()'s word cache remembers which lists hold each word, for the extractor that looked
// it up: extractors with other lists, taking turns on one thread over the same words, must
// each get the features it gets alone on a fresh thread, whose cache is empty.
TEST(NerFeatures, ExtractorsWithOtherListsShareTheWordCache) {
  const ner::FeatureExtractor cities(TestLexicon(), {"cities", "roles"});
  const ner::FeatureExtractor roles(TestLexicon(), {"roles"});
  const ner::FeatureExtractor none(TestLexicon(), {});
  const std::string text = "The mayor of Berlin met the president in London and Paris.";
  const std::vector<Token> tokens = Tokenize(text);
  const TokenRange range{0, tokens.size()};
  auto features = [&](const ner::FeatureExtractor& fx) {
    ner::FeatureExtractor::Sentence s;
    fx.Prepare(text, tokens, range, s);
    return std::vector<std::uint32_t>(s.static_features.begin(), s.static_features.end());
  };
  auto alone = [&](const ner::FeatureExtractor& fx) {
    std::vector<std::uint32_t> out;
    std::thread([&] { out = features(fx); }).join();
    return out;
  };
  const std::vector<std::uint32_t> want_cities = alone(cities), want_roles = alone(roles),
                                   want_none = alone(none);
  // The lists give features: the extractors differ.
  EXPECT_NE(want_cities, want_roles);
  EXPECT_NE(want_roles, want_none);
  std::thread([&] {
    for (int round = 0; round < 2; ++round) {
      EXPECT_EQ(features(cities), want_cities);
      EXPECT_EQ(features(roles), want_roles);
      EXPECT_EQ(features(none), want_none);
      EXPECT_EQ(features(cities), want_cities);
    }
  }).join();
}

// The ids of the features that pair the previous tag with a token are part of the model
// format, like every feature id: a tagger that hashed them another way would score none of the
// committed model's weights for them. A checksum of all of them (every token, every previous
// tag, each of the three) over sentences of many shapes, pinned to the ids the plain
// Feat(template, previous tag, ...) gave when the committed model was trained.
TEST(NerFeatures, PrevTagWordFeaturesKeepTheirIds) {
  const ner::FeatureExtractor fx(TestLexicon(), {});
  const std::vector<std::string> texts = {
      "Maria Lopez met Jon Brandt in Berlin on Monday.",
      "The European Commission said on Tuesday that FRANCE and Germany agreed.",
      "\"We will win,\" said Peter Novak - the head of Acme Industries (AI) in London, 3.5 mln.",
  };
  std::uint64_t sum = 0xcbf29ce484222325ULL;
  std::vector<std::uint32_t> out;
  ner::FeatureExtractor::Sentence s;
  for (const std::string& text : texts) {
    const std::vector<Token> tokens = Tokenize(text);
    for (const TokenRange& r : SentenceTokens(SplitSentences(text, tokens), tokens)) {
      fx.Prepare(text, tokens, r, s);
      for (std::size_t k = 0; k < r.last - r.first; ++k)
        for (int prev = -1; prev < ner::kNumTags; ++prev) {
          out.clear();
          ner::FeatureExtractor::PrevTagWordFeatures(s, k, prev, out);
          ASSERT_EQ(out.size(), std::size_t{ner::FeatureExtractor::kNumPrevTagWordFeatures});
          for (int which = 0; which < ner::FeatureExtractor::kNumPrevTagWordFeatures; ++which) {
            EXPECT_EQ(ner::FeatureExtractor::PrevTagWordFeature(s, k, prev, which), out[which]);
            sum = (sum ^ out[which]) * 0x100000001b3ULL;
          }
        }
    }
  }
  EXPECT_EQ(sum, 9972193059418660768ULL);
}

// The same for the features Prepare() gives each token, its window's included: at the ends
// of a sentence a missing neighbour gives features of its own (kBos before, kEos after), and
// sentences of one, two and three tokens have no token with all four neighbours.
TEST(NerFeatures, PreparedFeaturesKeepTheirIds) {
  const ner::FeatureExtractor fx(TestLexicon(), {"cities", "roles"});
  const std::vector<std::string> texts = {
      "Maria Lopez met Jon Brandt in Berlin on Monday.",
      "The European Commission said on Tuesday that FRANCE and Germany agreed.",
      "\"We will win,\" said Peter Novak - the head of Acme Industries (AI) in London, 3.5 mln.",
      "Yes.", "Go home.", "He left Paris.", "LONDON",
  };
  std::uint64_t sum = 0xcbf29ce484222325ULL;
  ner::FeatureExtractor::Sentence s;
  for (const std::string& text : texts) {
    const std::vector<Token> tokens = Tokenize(text);
    for (const TokenRange& r : SentenceTokens(SplitSentences(text, tokens), tokens)) {
      fx.Prepare(text, tokens, r, s);
      for (std::uint32_t f : s.static_features) sum = (sum ^ f) * 0x100000001b3ULL;
      for (std::uint32_t o : s.offsets) sum = (sum ^ o) * 0x100000001b3ULL;
    }
  }
  EXPECT_EQ(sum, 3991065418818169025ULL);
}

TEST(NerModelFile, RejectsMissingForeignAndTruncatedFiles) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  Result<NerTagger> missing = NerTagger::Load(dir + "/no_such_ner.model", TestLexicon());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no_such_ner.model"), std::string::npos);

  const std::string foreign = dir + "/ner_foreign_" + std::to_string(::getpid()) + ".model";
  std::ofstream(foreign) << "hello\n";
  Result<NerTagger> f = NerTagger::Load(foreign, TestLexicon());
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("newsgraph-ner 1"), std::string::npos) << f.status().message();

  // The committed model cut short.
  std::ifstream in(ModelPath(), std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(data.size(), 1000u);
  std::ofstream(foreign, std::ios::binary | std::ios::trunc) << data.substr(0, data.size() - 7);
  Result<NerTagger> t = NerTagger::Load(foreign, TestLexicon());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("truncated"), std::string::npos) << t.status().message();
  std::filesystem::remove(foreign);
}

// The committed model's score on the CoNLL-2003 test set (eng.testb), as in data/ner/SOURCE.md.
TEST_F(CommittedModel, ConllTestScore) {
  const std::string path = "/work/shared/data/conll2003-en/test.txt.xz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent: CoNLL-2003 not available";
  ASSERT_NE(tagger_, nullptr);
  Result<std::vector<NerSentence>> corpus = ReadConll(path);
  ASSERT_TRUE(corpus.ok()) << corpus.status().message();
  std::vector<PreparedSentence> test;
  for (const NerSentence& s : corpus.value()) test.push_back(PrepareSentence(s).value());
  ASSERT_EQ(test.size(), 3453u);
  const NerScores scores = Evaluate(*tagger_, test);
  std::cout << FormatScores(scores);
  EXPECT_GE(scores.F1(), 0.84);
  for (int t = 0; t < ner::kNumTypes; ++t) EXPECT_GE(scores.F1(t), 0.75) << ner::TypeName(t);
}

}  // namespace
}  // namespace newsgraph::extract
