#include "extract/pipeline.h"

#include "extract/figure_extractor.h"
#include "extract/quote_extractor.h"
#include "extract/relation_extractor.h"
#include "extract/tokenizer.h"

namespace newsgraph::extract {

Pipeline::Pipeline(Lexicon lexicon) : lexicon_(std::move(lexicon)), entities_(lexicon_) {}

Result<std::unique_ptr<Pipeline>> Pipeline::Create(const PipelineOptions& options) {
  auto lex = Lexicon::Load(options.data_dir);
  if (!lex.ok()) return lex.status();
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(lex).value()));
}

Extraction Pipeline::Extract(const Document& doc) const {
  Extraction ex;
  const std::vector<Token> tokens = Tokenize(doc.text);
  ex.sentences = SplitSentences(doc.text, tokens);
  ex.mentions = entities_.Extract(doc, tokens);
  // Relations, then statements (whose speakers may be resolved through relations), then
  // figures (credited to the statements they sit in). These extractors only hold a
  // reference to the lexicon, so building them here costs nothing.
  ex.relations = RelationExtractor(lexicon_).Extract(doc, tokens, ex.mentions);
  QuoteExtractor(lexicon_).Extract(doc, tokens, ex);
  FigureExtractor(lexicon_).Extract(doc, tokens, ex);
  return ex;
}

}  // namespace newsgraph::extract
