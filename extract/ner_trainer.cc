#include "extract/ner_trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <memory>
#include <numeric>
#include <ostream>
#include <random>
#include <sstream>
#include <unordered_map>

#include "extract/tokenizer.h"

namespace newsgraph::extract {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Reads the whole file, decompressing ".xz" through the xz tool.
Result<std::string> ReadAll(const std::string& path) {
  if (!EndsWith(path, ".xz")) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Error(path + ": cannot open");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  if (path.find('\'') != std::string::npos)
    return Status::Error(path + ": a path with a single quote cannot be passed to xz; rename it");
  std::FILE* pipe = popen(("xz -dc -- '" + path + "'").c_str(), "r");
  if (pipe == nullptr) return Status::Error(path + ": cannot run `xz -dc` (is xz installed?)");
  std::string data;
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) data.append(buf, n);
  if (pclose(pipe) != 0)
    return Status::Error(path + ": `xz -dc` failed (missing or corrupt file?)");
  return data;
}

// The token a Tokenize() run would give for one pre-split CoNLL word, so that the features
// of training match those of tagging. A word Tokenize() would split further ("1996-08-22" is
// three tokens there) keeps the first piece's kind and capitalisation.
Token MakeToken(std::string_view word, Span span) {
  const std::vector<Token> pieces = Tokenize(word);
  Token tok;
  tok.span = span;
  if (pieces.empty()) {
    tok.kind = TokenKind::kPunct;
    return tok;
  }
  tok.kind = pieces.size() == 1 ? pieces[0].kind
             : pieces[0].kind == TokenKind::kNumber ? TokenKind::kNumber
                                                    : TokenKind::kWord;
  tok.capitalized = pieces[0].capitalized;
  bool any_caps = false, all_caps = true;
  for (const Token& p : pieces) {
    if (p.kind != TokenKind::kWord && p.kind != TokenKind::kAbbrev) continue;
    any_caps |= p.all_caps;
    all_caps &= p.all_caps;
  }
  tok.all_caps = any_caps && all_caps;
  return tok;
}

struct LabelParts {
  char prefix;  // 'B', 'I', 'L', 'U' or 'O'
  int type;
};

Result<LabelParts> ParseLabel(const std::string& label) {
  if (label == "O") return LabelParts{'O', -1};
  if (label.size() < 3 || label[1] != '-')
    return Status::Error("label \"" + label + "\" is not O or PREFIX-TYPE");
  const int type = ner::TypeIndex(std::string_view(label).substr(2));
  if (type < 0) return Status::Error("label \"" + label + "\" has a type other than PER ORG LOC MISC");
  switch (label[0]) {
    case 'B': return LabelParts{'B', type};
    case 'I': return LabelParts{'I', type};
    case 'L': case 'E': return LabelParts{'L', type};
    case 'U': case 'S': return LabelParts{'U', type};
    default: return Status::Error("label \"" + label + "\" has an unknown prefix");
  }
}

struct EntitySpan {
  std::size_t first, last;  // half-open token range
  int type;
  friend bool operator==(const EntitySpan&, const EntitySpan&) = default;
};

std::vector<EntitySpan> SpansOfTags(const std::vector<int>& tags) {
  std::vector<EntitySpan> out;
  for (std::size_t k = 0; k < tags.size(); ++k) {
    if (tags[k] == ner::kO) continue;
    const auto pos = ner::TagPosition(tags[k]);
    const int type = ner::TagType(tags[k]);
    std::size_t end = k + 1;
    if (pos == ner::kB || pos == ner::kI) {
      while (end < tags.size() && tags[end] != ner::kO && ner::TagType(tags[end]) == type &&
             (ner::TagPosition(tags[end]) == ner::kI || ner::TagPosition(tags[end]) == ner::kL)) {
        ++end;
        if (ner::TagPosition(tags[end - 1]) == ner::kL) break;
      }
    }
    out.push_back({k, end, type});
    k = end - 1;
  }
  return out;
}

}  // namespace

Result<std::vector<NerSentence>> ReadConll(const std::string& path) {
  Result<std::string> data = ReadAll(path);
  if (!data.ok()) return data.status();
  std::vector<NerSentence> out;
  NerSentence cur;
  std::istringstream in(data.value());
  std::string line;
  int line_no = 0;
  auto flush = [&] {
    if (!cur.words.empty()) out.push_back(std::move(cur));
    cur = NerSentence();
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
      continue;
    }
    std::istringstream fields(line);
    std::vector<std::string> cols;
    for (std::string c; fields >> c;) cols.push_back(c);
    if (cols[0] == "-DOCSTART-") {
      flush();
      continue;
    }
    if (cols.size() < 2)
      return Status::Error(path + ":" + std::to_string(line_no) +
                           ": expected \"word ... label\" columns, got \"" + line + "\"");
    if (Result<LabelParts> parts = ParseLabel(cols.back()); !parts.ok())
      return Status::Error(path + ":" + std::to_string(line_no) + ": " + parts.status().message());
    cur.words.push_back(cols.front());
    cur.labels.push_back(cols.back());
  }
  flush();
  return out;
}

Result<PreparedSentence> PrepareSentence(const NerSentence& s) {
  PreparedSentence p;
  for (std::size_t k = 0; k < s.words.size(); ++k) {
    if (k > 0) p.text += ' ';
    const Span span{p.text.size(), p.text.size() + s.words[k].size()};
    p.text += s.words[k];
    p.tokens.push_back(MakeToken(s.words[k], span));
  }
  // Labels to entities (an I after O or after another type starts one, as IOB1 wants), then
  // entities to BILOU.
  std::vector<EntitySpan> spans;
  bool open = false;
  for (std::size_t k = 0; k < s.labels.size(); ++k) {
    Result<LabelParts> r = ParseLabel(s.labels[k]);
    if (!r.ok()) return r.status();
    const LabelParts lp = r.value();
    if (lp.prefix == 'O') {
      open = false;
      continue;
    }
    const bool continues = open && spans.back().type == lp.type &&
                           (lp.prefix == 'I' || lp.prefix == 'L');
    if (continues) {
      spans.back().last = k + 1;
    } else {
      spans.push_back({k, k + 1, lp.type});
    }
    open = lp.prefix == 'B' || lp.prefix == 'I';
  }
  p.gold.assign(s.words.size(), ner::kO);
  for (const EntitySpan& e : spans) {
    if (e.last - e.first == 1) {
      p.gold[e.first] = ner::MakeTag(e.type, ner::kU);
      continue;
    }
    p.gold[e.first] = ner::MakeTag(e.type, ner::kB);
    for (std::size_t k = e.first + 1; k + 1 < e.last; ++k) p.gold[k] = ner::MakeTag(e.type, ner::kI);
    p.gold[e.last - 1] = ner::MakeTag(e.type, ner::kL);
  }
  return p;
}

double NerScores::Precision(int type) const {
  std::size_t t = 0, f = 0;
  for (int i = 0; i < ner::kNumTypes; ++i)
    if (type < 0 || type == i) t += tp[i], f += fp[i];
  return t + f == 0 ? 0 : static_cast<double>(t) / static_cast<double>(t + f);
}

double NerScores::Recall(int type) const {
  std::size_t t = 0, f = 0;
  for (int i = 0; i < ner::kNumTypes; ++i)
    if (type < 0 || type == i) t += tp[i], f += fn[i];
  return t + f == 0 ? 0 : static_cast<double>(t) / static_cast<double>(t + f);
}

double NerScores::F1(int type) const {
  const double p = Precision(type), r = Recall(type);
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

NerScores Evaluate(const NerTagger& tagger, const std::vector<PreparedSentence>& sentences) {
  NerScores scores;
  std::vector<int> tags;
  for (const PreparedSentence& s : sentences) {
    tagger.TagSentence(s.text, s.tokens, TokenRange{0, s.tokens.size()}, tags);
    const std::vector<EntitySpan> gold = SpansOfTags(s.gold), pred = SpansOfTags(tags);
    for (const EntitySpan& p : pred) {
      if (std::find(gold.begin(), gold.end(), p) != gold.end()) {
        ++scores.tp[p.type];
      } else {
        ++scores.fp[p.type];
      }
    }
    for (const EntitySpan& g : gold)
      if (std::find(pred.begin(), pred.end(), g) == pred.end()) ++scores.fn[g.type];
  }
  return scores;
}

std::string FormatScores(const NerScores& s) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  auto line = [&](std::string_view name, int type) {
    std::size_t gold = 0, found = 0;
    for (int i = 0; i < ner::kNumTypes; ++i)
      if (type < 0 || type == i) gold += s.tp[i] + s.fn[i], found += s.tp[i] + s.fp[i];
    out << std::left << std::setw(6) << name << std::right << " precision " << std::setw(6)
        << 100 * s.Precision(type) << "%  recall " << std::setw(6) << 100 * s.Recall(type)
        << "%  F1 " << std::setw(6) << 100 * s.F1(type) << "  (gold " << gold << ", found "
        << found << ")\n";
  };
  for (int t = 0; t < ner::kNumTypes; ++t) line(ner::TypeName(t), t);
  line("all", -1);
  return out.str();
}

namespace {

// The perceptron while it learns: per feature a row of kNumTags weights `w` and the
// timestamp-weighted sums of updates `u`, so that the average over all steps is w - u / c
// (Daumé's trick) without touching every weight at every step.
class Perceptron {
 public:
  void Score(std::uint32_t f, float* scores) const {
    auto it = rows_.find(f);
    if (it == rows_.end()) return;
    const float* w = &w_[it->second * ner::kNumTags];
    for (int t = 0; t < ner::kNumTags; ++t) scores[t] += w[t];
  }
  void Update(std::uint32_t f, int tag, float delta) {
    auto [it, inserted] = rows_.try_emplace(f, static_cast<std::uint32_t>(rows_.size()));
    if (inserted) {
      w_.resize(w_.size() + ner::kNumTags, 0.0f);
      u_.resize(u_.size() + ner::kNumTags, 0.0);
    }
    const std::size_t i = it->second * ner::kNumTags + static_cast<std::size_t>(tag);
    w_[i] += delta;
    u_[i] += static_cast<double>(step_) * delta;
  }
  void Tick() { ++step_; }
  std::vector<ner::Weight> Averaged() const {
    std::vector<ner::Weight> out;
    for (const auto& [f, row] : rows_) {
      for (int t = 0; t < ner::kNumTags; ++t) {
        const std::size_t i = row * ner::kNumTags + static_cast<std::size_t>(t);
        const double avg = w_[i] - u_[i] / static_cast<double>(step_);
        if (avg != 0) out.push_back({f, static_cast<std::uint8_t>(t), static_cast<float>(avg)});
      }
    }
    return out;
  }
  std::size_t size() const { return rows_.size(); }

 private:
  std::unordered_map<std::uint32_t, std::uint32_t> rows_;
  std::vector<float> w_;
  std::vector<double> u_;
  std::uint64_t step_ = 1;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

NerTagger TrainNerModel(const std::vector<PreparedSentence>& train,
                        const std::vector<PreparedSentence>& dev, const Lexicon& lexicon,
                        const TrainModelOptions& options, std::ostream* log) {
  std::vector<std::string> lists;
  for (const std::string& name : options.lists)
    if (!lexicon.List(name).empty()) lists.push_back(name);
  const ner::FeatureExtractor fx(lexicon, lists);

  Perceptron model;
  std::vector<std::size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 rng(options.seed);
  ner::FeatureExtractor::Sentence s;
  std::vector<std::uint32_t> feats;
  std::vector<int> pred;
  auto scorer = [&model](std::uint32_t f, float* scores) { model.Score(f, scores); };
  std::vector<ner::Weight> best_weights;
  double best_f1 = -1;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    std::shuffle(order.begin(), order.end(), rng);
    std::size_t tokens = 0, errors = 0;
    for (std::size_t idx : order) {
      const PreparedSentence& ps = train[idx];
      const std::size_t n = ps.tokens.size();
      fx.Prepare(ps.text, ps.tokens, TokenRange{0, n}, s);
      ner::Decode(s, n, scorer, pred, nullptr);
      tokens += n;
      // Collins' structured perceptron: where the best sequence differs from the gold one,
      // promote the gold tag's features and demote the predicted tag's, each with its own
      // previous tag.
      for (std::size_t k = 0; k < n; ++k) {
        const int gold_prev = k == 0 ? -1 : ps.gold[k - 1];
        const int pred_prev = k == 0 ? -1 : pred[k - 1];
        if (ps.gold[k] == pred[k] && gold_prev == pred_prev) continue;
        errors += ps.gold[k] != pred[k];
        auto update = [&](int tag, int prev, float delta) {
          feats.assign(s.static_features.begin() + s.offsets[k],
                       s.static_features.begin() + s.offsets[k + 1]);
          ner::FeatureExtractor::TagFeatures(s, k, prev, feats);
          for (std::uint32_t f : feats) model.Update(f, tag, delta);
        };
        update(ps.gold[k], gold_prev, 1.0f);
        update(pred[k], pred_prev, -1.0f);
      }
      model.Tick();
    }
    if (log) {
      *log << "epoch " << epoch << ": " << errors << " errors in " << tokens << " tokens, "
           << model.size() << " features, " << std::fixed << std::setprecision(1)
           << Seconds(start) << " s";
    }
    if (dev.empty()) {
      if (log) *log << "\n";
      continue;
    }
    std::vector<ner::Weight> weights = model.Averaged();
    const NerTagger tagger = NerTagger::FromWeights(weights, lists, lexicon);
    const NerScores scores = Evaluate(tagger, dev);
    if (log) {
      *log << ", dev F1 " << std::setprecision(2) << 100 * scores.F1() << " (PER "
           << 100 * scores.F1(0) << " ORG " << 100 * scores.F1(1) << " LOC " << 100 * scores.F1(2)
           << " MISC " << 100 * scores.F1(3) << ")\n";
    }
    if (scores.F1() > best_f1) {
      best_f1 = scores.F1();
      best_weights = std::move(weights);
    }
  }
  if (dev.empty()) best_weights = model.Averaged();
  return NerTagger::FromWeights(best_weights, lists, lexicon);
}

Status TrainNer(const TrainOptions& options, std::ostream& log) {
  if (options.train_path.empty() || options.out_path.empty())
    return Status::Error("TrainNer: a training corpus and an output path are required");
  const std::string data_dir = options.data_dir.empty() ? Lexicon::DefaultDataDir() : options.data_dir;
  Result<Lexicon> lexicon = Lexicon::Load(data_dir);
  if (!lexicon.ok()) return lexicon.status();

  auto read = [&](const std::string& path, std::vector<PreparedSentence>& out) -> Status {
    if (path.empty()) return Status::Ok();
    Result<std::vector<NerSentence>> sentences = ReadConll(path);
    if (!sentences.ok()) return sentences.status();
    for (const NerSentence& s : sentences.value()) {
      Result<PreparedSentence> p = PrepareSentence(s);
      if (!p.ok()) return Status::Error(path + ": " + p.status().message());
      out.push_back(std::move(p).value());
    }
    log << path << ": " << out.size() << " sentences\n";
    return Status::Ok();
  };
  std::vector<PreparedSentence> train, dev, test;
  if (Status st = read(options.train_path, train); !st.ok()) return st;
  if (Status st = read(options.dev_path, dev); !st.ok()) return st;
  if (Status st = read(options.test_path, test); !st.ok()) return st;

  const auto start = std::chrono::steady_clock::now();
  const NerTagger trained = TrainNerModel(train, dev, lexicon.value(), options.model, &log);
  log << "trained in " << std::fixed << std::setprecision(1) << Seconds(start) << " s\n";
  if (Status st = trained.Save(options.out_path, options.prune); !st.ok()) return st;

  // Score the file as written (pruned and quantised), not the in-memory model.
  const auto load_start = std::chrono::steady_clock::now();
  Result<NerTagger> saved = NerTagger::Load(options.out_path, lexicon.value());
  if (!saved.ok()) return saved.status();
  log << options.out_path << ": " << saved.value().num_features() << " features, "
      << saved.value().num_weights() << " weights, loaded in " << std::setprecision(3)
      << Seconds(load_start) << " s\n";
  if (!dev.empty()) log << "dev (" << options.dev_path << "):\n" << FormatScores(Evaluate(saved.value(), dev));
  if (!test.empty())
    log << "test (" << options.test_path << "):\n" << FormatScores(Evaluate(saved.value(), test));
  return Status::Ok();
}

}  // namespace newsgraph::extract
