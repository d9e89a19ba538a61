// NER training and evaluation: reads CoNLL-format corpora (CoNLL-2003 for the committed model),
// trains the averaged perceptron behind NerTagger with the same feature code the tagger runs,
// and scores taggers conlleval-style (entity level: exact span and type). Offline tooling
// beside the pipeline: newsgraph-train-ner (extract/tools/train_ner_main.cc) is a thin
// wrapper over TrainNer().
#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "extract/lexicon.h"
#include "extract/ner_tagger.h"
#include "graph/status.h"

namespace newsgraph::extract {

// One labelled sentence: pre-split words and one label per word, in IOB1, IOB2 ("B-PER",
// "I-PER", "O") or BILOU/BIOES ("U-LOC", "L-ORG", "S-", "E-") with types PER, ORG, LOC, MISC.
struct NerSentence {
  std::vector<std::string> words;
  std::vector<std::string> labels;
};

// Reads a CoNLL column file: one "word ... label" line per token (first and last column),
// blank lines between sentences, "-DOCSTART-" lines skipped. A path ending in ".xz" is read
// through `xz -dc`. Fails naming the file and line of a malformed entry or an unknown type.
Result<std::vector<NerSentence>> ReadConll(const std::string& path);

// A sentence as the tagger sees it: the words joined by single spaces into `text`, tokens
// built from each word the way Tokenize() classifies it, and the gold BILOU tag indices.
struct PreparedSentence {
  std::string text;
  std::vector<Token> tokens;
  std::vector<int> gold;
};
// Fails when a label has an unknown type or prefix.
Result<PreparedSentence> PrepareSentence(const NerSentence& sentence);

// Entity-level counts per type (PER, ORG, LOC, MISC) and their micro-average.
struct NerScores {
  std::array<std::size_t, ner::kNumTypes> tp{}, fp{}, fn{};
  double Precision(int type = -1) const;  // -1: all types
  double Recall(int type = -1) const;
  double F1(int type = -1) const;
};
// Tags every sentence with `tagger` and compares exact spans and types with the gold tags.
NerScores Evaluate(const NerTagger& tagger, const std::vector<PreparedSentence>& sentences);
// A conlleval-like table: one line per type and the overall line.
std::string FormatScores(const NerScores& scores);

struct TrainModelOptions {
  int epochs = 8;
  unsigned seed = 1;
  // Gazetteer word lists (data/lists/NAME.txt) to use as features; only the non-empty ones
  // are kept and recorded in the model.
  std::vector<std::string> lists = {
      "armed_groups",   "cities",      "common_words",      "generic_org_words",
      "government_agencies", "honorifics", "international_orgs", "news_media",
      "org_cues",       "region_adjectives", "regions",     "roles"};
};

// Trains an averaged structured perceptron (Viterbi decoding, Collins-style updates) on
// `train`. After each epoch, when `dev` is non-empty, the averaged model is scored on it and
// the best epoch's model is returned; progress goes to `log` when it is not null.
NerTagger TrainNerModel(const std::vector<PreparedSentence>& train,
                        const std::vector<PreparedSentence>& dev, const Lexicon& lexicon,
                        const TrainModelOptions& options, std::ostream* log);

// The whole offline run: read the corpora, train, save the model (pruned), reload it and
// report its dev and test scores — the reported scores are those of the saved file.
struct TrainOptions {
  std::string train_path;  // required
  std::string dev_path;    // optional: epoch selection and per-epoch scores
  std::string test_path;   // optional: the final score
  std::string out_path;    // required: where the model goes
  std::string data_dir;    // the Lexicon's directory; empty = Lexicon::DefaultDataDir()
  float prune = 0.01f;     // weights of smaller magnitude are dropped from the file
  TrainModelOptions model;
};
Status TrainNer(const TrainOptions& options, std::ostream& log);

}  // namespace newsgraph::extract
