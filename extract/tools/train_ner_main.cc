// newsgraph-train-ner: trains the NerTagger model from CoNLL-format corpora and prints the
// per-epoch dev scores and the final dev/test scores of the saved model. A thin wrapper over
// TrainNer() in extract/ner_trainer.h.
//
//   newsgraph-train-ner --train train.txt.xz --dev valid.txt.xz --test test.txt.xz
//                       --epochs 8 --out data/ner/conll2003.model
#include <CLI/CLI.hpp>
#include <iostream>

#include "extract/ner_trainer.h"

int main(int argc, char** argv) {
  newsgraph::extract::TrainOptions options;
  CLI::App app{"Train the newsgraph named-entity tagger (averaged perceptron, BILOU)"};
  app.add_option("--train", options.train_path, "training corpus (CoNLL columns; .xz is read via xz)")
      ->required();
  app.add_option("--dev", options.dev_path, "development corpus: per-epoch scores, best epoch kept");
  app.add_option("--test", options.test_path, "test corpus: final score of the saved model");
  app.add_option("--out", options.out_path, "model file to write")->required();
  app.add_option("--data", options.data_dir, "the project's data/ directory (lexicons)");
  app.add_option("--epochs", options.model.epochs, "training epochs")->check(CLI::Range(1, 100));
  app.add_option("--prune", options.prune, "drop weights of smaller magnitude from the file");
  app.add_option("--seed", options.model.seed, "shuffling seed");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  const newsgraph::Status st = newsgraph::extract::TrainNer(options, std::cerr);
  if (!st.ok()) {
    std::cerr << "newsgraph-train-ner: " << st.message() << "\n";
    return 1;
  }
  return 0;
}
