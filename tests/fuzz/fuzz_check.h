// Invariants the fuzz targets check on what the library returns, beyond what the sanitizers
// catch. A broken invariant abort()s, which libFuzzer reports as a crash with the input.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "extract/cleanup.h"
#include "graph/document.h"
#include "graph/extraction.h"

namespace newsgraph::fuzz {

inline void Fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// A Document the readers produce: UTF-8 throughout, the headline (if any) first in the text.
inline void CheckDocument(const Document& d) {
  if (!extract::IsValidUtf8(d.text)) Fail("Document::text is not valid UTF-8");
  if (!extract::IsValidUtf8(d.headline)) Fail("Document::headline is not valid UTF-8");
  if (!d.headline.empty() && d.text.rfind(d.headline, 0) != 0) {
    Fail("Document::text does not start with the headline");
  }
}

// Spans of an Extraction are half-open byte ranges inside the document's text, and every
// index refers to an existing mention.
inline void CheckExtraction(const Document& d, const Extraction& ex) {
  auto in_text = [&](const Span& s) { return s.begin <= s.end && s.end <= d.text.size(); };
  for (const Span& s : ex.sentences) {
    if (!in_text(s)) Fail("sentence span outside the text");
  }
  for (const Mention& m : ex.mentions) {
    if (!in_text(m.span)) Fail("mention span outside the text");
    if (m.refers_to && *m.refers_to >= ex.mentions.size()) Fail("refers_to out of range");
  }
  for (const RelationMention& r : ex.relations) {
    if (r.subject >= ex.mentions.size() || r.object >= ex.mentions.size()) {
      Fail("relation refers to a missing mention");
    }
    if (!in_text(r.evidence)) Fail("relation evidence outside the text");
  }
  for (const StatementMention& s : ex.statements) {
    if (!in_text(s.span)) Fail("statement span outside the text");
    if (s.speaker && *s.speaker >= ex.mentions.size()) Fail("statement speaker out of range");
    for (std::size_t a : s.about) {
      if (a >= ex.mentions.size()) Fail("statement 'about' out of range");
    }
  }
  for (const FigureMention& f : ex.figures) {
    if (!in_text(f.span)) Fail("figure span outside the text");
    if (f.reporter && *f.reporter >= ex.mentions.size()) Fail("figure reporter out of range");
    if (f.statement && *f.statement >= ex.statements.size()) Fail("figure statement out of range");
  }
}

}  // namespace newsgraph::fuzz
