#include "extract/pipeline.h"

#include "extract/figure_extractor.h"
#include "extract/relation_extractor.h"
#include "extract/thread_scratch.h"
#include "extract/tokenizer.h"

namespace newsgraph::extract {

namespace {

// The tagger's CoNLL labels as entity types. MISC (nationalities, events, works) is not one of
// the graph's types, and a LOC the gazetteers did not know is a Place, not a Country.
std::optional<EntityType> TypeOfLabel(const std::string& label) {
  if (label == "PER") return EntityType::kPerson;
  if (label == "ORG") return EntityType::kOrganization;
  if (label == "LOC") return EntityType::kPlace;
  return std::nullopt;
}

}  // namespace

Pipeline::Pipeline(std::unique_ptr<Lexicon> lexicon)
    : lexicon_(std::move(lexicon)),
      entities_(*lexicon_),
      relations_(*lexicon_),
      quotes_(*lexicon_),
      figures_(*lexicon_) {}

Pipeline::~Pipeline() { ReleaseIdleThreadScratch(); }

Result<std::unique_ptr<Pipeline>> Pipeline::Create(const PipelineOptions& options) {
  auto lex = Lexicon::Load(options.data_dir);
  if (!lex.ok()) return lex.status();
  std::unique_ptr<Pipeline> p(new Pipeline(std::make_unique<Lexicon>(std::move(lex).value())));
  if (!options.ner_model.empty()) {
    auto tagger = NerTagger::Load(options.data_dir + "/" + options.ner_model, *p->lexicon_);
    if (!tagger.ok()) return tagger.status();
    p->tagger_.emplace(std::move(tagger).value());
  }
  return p;
}

Extraction Pipeline::Extract(const Document& doc) const {
  Extraction ex;
  const std::vector<Token> tokens = Tokenize(doc.text);
  // Every token's lower-cased text and word number, for all the extractors.
  const TokenWords words(doc, tokens, lexicon_->vocabulary());
  // The sentences, and the token range of each, which the entity and quote extractors need.
  std::vector<TokenRange> sentence_tokens;
  ex.sentences = SplitSentences(doc.text, tokens, &sentence_tokens);
  if (tagger_) {
    // The tagger decides the type of names that only the default rule typed (see
    // EntityExtractor); it does not add names of its own, and it runs only on the stretches
    // of the sentences around such names (NerTagger::Windows).
    auto tag = [&](const std::vector<Span>& names) {
      std::vector<Mention> tagged;
      // Only the spans and labels are read, not the confidences.
      for (const TaggedSpan& t :
           tagger_->Tag(doc.text, tokens, NerTagger::Windows(tokens, sentence_tokens, names),
                        NerTagger::Confidence::kSkip)) {
        auto type = TypeOfLabel(t.label);
        if (!type) continue;
        Mention m;
        m.span = t.span;
        m.text = std::string(doc.Slice(t.span));
        m.type = *type;
        tagged.push_back(std::move(m));
      }
      return tagged;
    };
    ex.mentions =
        entities_.Extract(doc, tokens, EntityExtractor::TaggerFn(tag), &sentence_tokens, &words);
  } else {
    ex.mentions = entities_.Extract(doc, tokens, &sentence_tokens, &words);
  }
  // Relations, then statements (whose speakers may be resolved through relations), then
  // figures (credited to the statements they sit in). The three extractors are built once, in
  // the constructor. None of them adds mentions, so one TokenView serves all three.
  const TokenView tv(doc, tokens, ex.mentions, words, &sentence_tokens);
  ex.relations = relations_.Extract(tv, ex.mentions);
  quotes_.Extract(tv, ex);
  figures_.Extract(tv, ex);
  return ex;
}

}  // namespace newsgraph::extract
