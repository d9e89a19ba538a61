// stage_bench: Google Benchmark micro-benchmarks of the pipeline's hot stages, each on the
// seed articles and on 500 Reuters-21578 articles: reading (decode + cleanup + parse),
// cleanup alone, tokenizer, sentence splitter, NER tagger, entity extraction, relation, quote
// and figure extraction, the whole Pipeline::Extract, KnowledgeGraph::Merge, and each
// exporter (JSON-LD, GraphML, DOT text). Rates are bytes of cleaned article text per second
// (the writers: bytes written). The Reuters cases are skipped when ../shared/data is absent.
//
//   stage_bench [--benchmark_filter=Tokenize] [--benchmark_min_time=0.2]
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "bench/corpus.h"
#include "export/dot_writer.h"
#include "export/graphml_writer.h"
#include "export/jsonld_writer.h"
#include "extract/cleanup.h"
#include "extract/entity_extractor.h"
#include "extract/figure_extractor.h"
#include "extract/lexicon.h"
#include "extract/ner_tagger.h"
#include "extract/pipeline.h"
#include "extract/quote_extractor.h"
#include "extract/reader.h"
#include "extract/relation_extractor.h"
#include "extract/tokenizer.h"

namespace newsgraph::bench {
namespace {

constexpr std::size_t kReutersDocs = 500;

// One article at every stage: its raw input, the Document, its tokens and its Extraction.
struct Article {
  extract::RawInput raw;
  Document doc;
  std::vector<extract::Token> tokens;
  Extraction ex;
};

struct Corpus {
  std::vector<Article> articles;
  std::size_t raw_bytes = 0, text_bytes = 0;
  std::string skip;  // why the corpus is unavailable
};

struct World {
  std::unique_ptr<extract::Lexicon> lexicon;
  std::unique_ptr<extract::Pipeline> pipeline;
  std::optional<extract::NerTagger> tagger;
  Corpus seeds, reuters;
};

Corpus Load(const World& w, const std::vector<std::string>& inputs, std::size_t limit) {
  Corpus c;
  extract::InputCursor cursor(inputs, nullptr);
  while (c.articles.size() < limit) {
    auto next = cursor.Next();
    if (!next.ok() || !next.value()) break;
    if (!next.value()->problem.empty()) continue;
    Article a;
    a.raw = std::move(*next.value());
    auto doc = extract::ParseRawInput(a.raw);
    if (!doc.ok()) continue;
    a.doc = std::move(doc).value();
    a.tokens = extract::Tokenize(a.doc.text);
    a.ex = w.pipeline->Extract(a.doc);
    c.raw_bytes += a.raw.bytes.size();
    c.text_bytes += a.doc.text.size();
    c.articles.push_back(std::move(a));
  }
  if (c.articles.empty()) c.skip = "no articles read";
  return c;
}

World& TheWorld() {
  static World* w = [] {
    auto* w = new World;
    auto lex = extract::Lexicon::Load(NEWSGRAPH_DATA_DIR);
    if (!lex.ok()) {
      std::cerr << lex.status().message() << "\n";
      std::exit(1);
    }
    w->lexicon = std::make_unique<extract::Lexicon>(std::move(lex).value());
    extract::PipelineOptions opts;
    opts.data_dir = NEWSGRAPH_DATA_DIR;
    auto p = extract::Pipeline::Create(opts);
    if (!p.ok()) {
      std::cerr << p.status().message() << "\n";
      std::exit(1);
    }
    w->pipeline = std::move(p).value();
    auto tagger = extract::NerTagger::Load(std::string(NEWSGRAPH_DATA_DIR) +
                                               "/ner/conll2003.model", *w->lexicon);
    if (tagger.ok()) w->tagger.emplace(std::move(tagger).value());
    w->seeds = Load(*w, {std::string(NEWSGRAPH_SOURCE_DIR) + "/examples/seeds"}, 1000);
    if (auto corpora = PrepareCorpora()) {
      w->reuters = Load(*w, {corpora->reuters_jsonl}, kReutersDocs);
    } else {
      w->reuters.skip = "../shared/data is absent";
    }
    return w;
  }();
  return *w;
}

const Corpus& Pick(int which) { return which == 0 ? TheWorld().seeds : TheWorld().reuters; }

// Runs `f` on every article of the chosen corpus per iteration; reports text bytes/s.
template <typename F>
void OverArticles(benchmark::State& state, F f, bool raw_bytes = false) {
  const Corpus& c = Pick(static_cast<int>(state.range(0)));
  if (!c.skip.empty()) {
    state.SkipWithError(c.skip.c_str());
    return;
  }
  for (auto _ : state) {
    for (const Article& a : c.articles) f(a);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(raw_bytes ? c.raw_bytes : c.text_bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.articles.size()));
}

void BM_Read(benchmark::State& state) {
  OverArticles(
      state, [](const Article& a) { benchmark::DoNotOptimize(extract::ParseRawInput(a.raw)); },
      true);
}
void BM_Cleanup(benchmark::State& state) {
  OverArticles(state,
               [](const Article& a) { benchmark::DoNotOptimize(extract::CleanText(a.doc.text)); });
}
void BM_Tokenize(benchmark::State& state) {
  OverArticles(state,
               [](const Article& a) { benchmark::DoNotOptimize(extract::Tokenize(a.doc.text)); });
}
void BM_SplitSentences(benchmark::State& state) {
  OverArticles(state, [](const Article& a) {
    benchmark::DoNotOptimize(extract::SplitSentences(a.doc.text, a.tokens));
  });
}
void BM_NerTagger(benchmark::State& state) {
  if (!TheWorld().tagger) {
    state.SkipWithError("no NER model");
    return;
  }
  OverArticles(state, [](const Article& a) {
    benchmark::DoNotOptimize(TheWorld().tagger->Tag(a.doc.text, a.tokens, a.ex.sentences));
  });
}
void BM_Entities(benchmark::State& state) {
  const extract::EntityExtractor entities(*TheWorld().lexicon);
  OverArticles(state, [&](const Article& a) {
    benchmark::DoNotOptimize(entities.Extract(a.doc, a.tokens));
  });
}
void BM_Relations(benchmark::State& state) {
  const extract::RelationExtractor relations(*TheWorld().lexicon);
  OverArticles(state, [&](const Article& a) {
    benchmark::DoNotOptimize(relations.Extract(a.doc, a.tokens, a.ex.mentions));
  });
}
void BM_Quotes(benchmark::State& state) {
  const extract::QuoteExtractor quotes(*TheWorld().lexicon);
  OverArticles(state, [&](const Article& a) {
    Extraction ex;
    ex.sentences = a.ex.sentences;
    ex.mentions = a.ex.mentions;
    ex.relations = a.ex.relations;
    quotes.Extract(a.doc, a.tokens, ex);
    benchmark::DoNotOptimize(ex);
  });
}
void BM_Figures(benchmark::State& state) {
  const extract::FigureExtractor figures(*TheWorld().lexicon);
  OverArticles(state, [&](const Article& a) {
    Extraction ex = a.ex;
    ex.figures.clear();
    figures.Extract(a.doc, a.tokens, ex);
    benchmark::DoNotOptimize(ex);
  });
}
void BM_PipelineExtract(benchmark::State& state) {
  OverArticles(state, [](const Article& a) {
    benchmark::DoNotOptimize(TheWorld().pipeline->Extract(a.doc));
  });
}
void BM_Merge(benchmark::State& state) {
  const Corpus& c = Pick(static_cast<int>(state.range(0)));
  if (!c.skip.empty()) {
    state.SkipWithError(c.skip.c_str());
    return;
  }
  for (auto _ : state) {
    KnowledgeGraph kg;
    for (const Article& a : c.articles) kg.Merge(a.doc, a.ex);
    benchmark::DoNotOptimize(kg.num_nodes());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.articles.size()));
}

// The writers, on the graph of the chosen corpus; rates are bytes written per second.
template <typename W>
void Writer(benchmark::State& state, W write) {
  const Corpus& c = Pick(static_cast<int>(state.range(0)));
  if (!c.skip.empty()) {
    state.SkipWithError(c.skip.c_str());
    return;
  }
  KnowledgeGraph kg;
  for (const Article& a : c.articles) kg.Merge(a.doc, a.ex);
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out;
    if (!write(kg, out).ok()) state.SkipWithError("write failed");
    bytes = out.str().size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["nodes"] = static_cast<double>(kg.num_nodes());
}
void BM_WriteJsonLd(benchmark::State& state) {
  Writer(state, [](const KnowledgeGraph& kg, std::ostream& o) {
    return exporters::WriteJsonLd(kg, o);
  });
}
void BM_WriteGraphML(benchmark::State& state) {
  Writer(state, [](const KnowledgeGraph& kg, std::ostream& o) {
    return exporters::WriteGraphML(kg, o);
  });
}
void BM_WriteDot(benchmark::State& state) {
  Writer(state, [](const KnowledgeGraph& kg, std::ostream& o) {
    return exporters::WriteDot(kg, o);
  });
}

// Argument 0: the seed articles; 1: 500 Reuters-21578 articles.
#define NEWSGRAPH_STAGE(fn) \
  BENCHMARK(fn)->ArgName("reuters")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)

NEWSGRAPH_STAGE(BM_Read);
NEWSGRAPH_STAGE(BM_Cleanup);
NEWSGRAPH_STAGE(BM_Tokenize);
NEWSGRAPH_STAGE(BM_SplitSentences);
NEWSGRAPH_STAGE(BM_NerTagger);
NEWSGRAPH_STAGE(BM_Entities);
NEWSGRAPH_STAGE(BM_Relations);
NEWSGRAPH_STAGE(BM_Quotes);
NEWSGRAPH_STAGE(BM_Figures);
NEWSGRAPH_STAGE(BM_PipelineExtract);
// The same on 1 and 2 threads at once, each over all the articles (the rate is their sum): how
// extraction alone scales, with its data already in memory and nothing passed between threads,
// to set against corpus_bench's 2-thread figure (the whole pipeline).
BENCHMARK(BM_PipelineExtract)
    ->ArgName("reuters")
    ->Arg(1)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
NEWSGRAPH_STAGE(BM_Merge);
NEWSGRAPH_STAGE(BM_WriteJsonLd);
NEWSGRAPH_STAGE(BM_WriteGraphML);
NEWSGRAPH_STAGE(BM_WriteDot);

}  // namespace
}  // namespace newsgraph::bench

BENCHMARK_MAIN();
