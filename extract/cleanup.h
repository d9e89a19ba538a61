// Cleanup of plain article text: the step between reading a page and tokenizing it. Pages
// saved as text carry "furniture" around the article: menus and related-headline lists, share
// and comment widgets, tickers, photo credits, embedded JSON or PHP dumps, exchange-rate
// rows, UI lines in another script, repeated paragraphs. CleanText removes those by general
// signals (line shape, position, script, a lexicon of web-page UI phrases), never by knowing
// a particular site, and keeps the article's paragraphs byte for byte. It also repairs the
// encoding layer: BOM, CRLF, invalid UTF-8 (replaced with U+FFFD and reported).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsgraph::extract {

// One line CleanText dropped, and the signal that dropped it ("embedded data", "ticker",
// "link list", "page widget", "photo credit", "other script", "numbers", "duplicate").
struct RemovedLine {
  std::string line;
  const char* reason = "";
};

// What CleanText produced: the cleaned text (paragraphs separated by one blank line, lines of
// one paragraph by "\n", no leading or trailing blank lines), the byte offsets in the *input*
// of each ill-formed UTF-8 sequence that was replaced with U+FFFD, and what was removed.
struct CleanResult {
  std::string text;
  std::vector<std::size_t> invalid_utf8_offsets;
  std::vector<RemovedLine> removed;
};

// Normalises and cleans `raw` (any bytes; expected to be UTF-8 text). Never fails: text with
// nothing recognisable as furniture comes back with only whitespace normalised. Pure
// function; thread-safe.
CleanResult CleanText(std::string_view raw);

// CleanText, with the cleaned text appended to `text` (what it held is kept, and is no part of
// the cleaned text: a line of it is never a duplicate of the text's) instead of returned; the
// result's `text` is empty. For a caller that puts the text after something of its own (the
// reader, after a headline) without copying it a second time. Thread-safe.
CleanResult CleanTextAppend(std::string_view raw, std::string& text);

// The encoding layer of CleanText alone: strips a leading BOM, turns CRLF and lone CR into
// LF, drops C0 control characters other than tab and LF, and replaces each ill-formed UTF-8
// sequence with U+FFFD, appending its byte offset in `raw` to `invalid_offsets` (if not
// null). Pure function; thread-safe.
std::string NormalizeUtf8(std::string_view raw, std::vector<std::size_t>* invalid_offsets);

// True when `bytes` is well-formed UTF-8 (ICU's definition: no surrogates, no overlongs).
bool IsValidUtf8(std::string_view bytes);

namespace internal {
// CleanText without its fast paths over runs of ASCII: every byte normalised and every code
// point measured one at a time. Slow; it exists so that tests can check both agree.
CleanResult CleanTextOneByOne(std::string_view raw);

// What CleanText measures of one line (without its line end) to judge it, taken with the fast
// paths over runs of ASCII or one code point at a time; for tests that check both agree.
struct LineMeasures {
  int letters = 0, digits = 0, words = 0, wide_gap_segments = 0;
  std::vector<std::pair<int, int>> letters_per_script;  // UScriptCode and letters, first met first
  bool sentence_end = false;
  bool operator==(const LineMeasures&) const = default;
};
LineMeasures MeasureLine(std::string_view line, bool fast);
}  // namespace internal

}  // namespace newsgraph::extract
