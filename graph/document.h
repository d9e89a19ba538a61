// Document and Span: one article as the pipeline sees it after reading and cleanup. Every
// fact in the graph points back into a Document's text by byte span.
#pragma once

#include <cstddef>
#include <string>

namespace newsgraph {

// A half-open byte range [begin, end) into a Document's text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;

  std::size_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool Contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
  bool Overlaps(const Span& o) const { return begin < o.end && o.begin < end; }
  friend bool operator==(const Span&, const Span&) = default;
  friend auto operator<=>(const Span&, const Span&) = default;
};

// One news article: where it came from, its metadata and its cleaned UTF-8 text. Offsets
// anywhere in the library are byte offsets into `text`. Immutable once read; safe to share.
struct Document {
  std::string id;         // stable identifier: the input's file name, URL, or file#line for JSONL
  std::string source;     // path or URL it was read from
  std::string url;        // canonical URL when the page states one
  std::string headline;   // as the article states it; empty when unknown
  std::string date;       // publication date, ISO 8601 ("2014-09-26" or "2014-09-26T13:05:00")
  std::string publisher;  // the outlet, when stated
  std::string author;     // the byline, when stated
  std::string text;       // cleaned article body (UTF-8)

  std::string_view Slice(const Span& s) const {
    return std::string_view(text).substr(s.begin, s.end - s.begin);
  }
};

}  // namespace newsgraph
