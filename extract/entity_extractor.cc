#include "extract/entity_extractor.h"

#include <string>

namespace newsgraph::extract {
namespace {

// The words of tokens [k, k+n) joined by single spaces, as a gazetteer key.
std::string Surface(const Document& doc, const std::vector<Token>& toks, std::size_t k,
                    std::size_t n) {
  std::string s;
  for (std::size_t i = k; i < k + n; ++i) {
    if (i > k && toks[i].span.begin > toks[i - 1].span.end) s += ' ';
    s += doc.Slice(toks[i].span);
  }
  return s;
}

}  // namespace

std::vector<Mention> EntityExtractor::Extract(const Document& doc,
                                              const std::vector<Token>& toks) const {
  std::vector<Mention> out;
  for (std::size_t k = 0; k < toks.size();) {
    std::size_t matched = 0;
    int country = -1;
    if (toks[k].capitalized) {
      for (std::size_t n = std::min(lex_.max_name_words(), toks.size() - k); n >= 1; --n) {
        // A name never spans a line break.
        bool broken = false;
        for (std::size_t i = k + 1; i < k + n; ++i) broken |= toks[i].newline_before;
        if (broken) continue;
        country = lex_.CountryByName(Surface(doc, toks, k, n));
        if (country >= 0) {
          matched = n;
          break;
        }
      }
    }
    if (matched == 0) {
      ++k;
      continue;
    }
    Mention m;
    m.span = {toks[k].span.begin, toks[k + matched - 1].span.end};
    m.text = Surface(doc, toks, k, matched);
    m.type = EntityType::kCountry;
    m.canonical = lex_.countries()[country].name;
    out.push_back(std::move(m));
    k += matched;
  }
  return out;
}

}  // namespace newsgraph::extract
