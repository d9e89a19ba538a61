// Readers. Each format reduces to the same steps: decode bytes to UTF-8, pull out metadata
// the format states (HTML meta tags and JSON-LD, JSONL fields), clean the article text, fall
// back on the text's own header lines for what the metadata did not say, and compose the
// Document with the headline as its first paragraph.
#include "extract/reader.h"

#include <gumbo.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "extract/cleanup.h"
#include "extract/date_parser.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace newsgraph::extract {
namespace {

namespace fs = std::filesystem;

// One plain-text or HTML article larger than this is not an article but a dump.
constexpr std::size_t kMaxArticleBytes = 64u << 20;
// One article's text (a plain-text file, a JSONL row, an HTML page's visible text) larger
// than this is not an article either. The extractors are fast on paragraphs but superlinear
// on one huge paragraph (1 MiB on one line takes seconds, 4 MiB tens of seconds), and the
// longest real news articles are around 100 KiB.
constexpr std::size_t kMaxTextBytes = 1u << 20;

std::string TooLarge(std::size_t bytes) {
  return "more than " + std::to_string(kMaxTextBytes >> 20) + " MiB of text (" +
         std::to_string(bytes) + " bytes), too large for one article";
}
// gumbo 0.10 checks scopes by scanning its stack of open elements, which makes deep nesting
// quadratic (100k nested <div>s take minutes and gigabytes). Real pages stay far below this.
constexpr int kMaxHtmlDepth = 512;

void Warn(const WarnFn& warn, const std::string& message) {
  if (warn) warn(message);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string BaseName(const std::string& path) {
  if (path == "-") return "stdin";
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Collapses runs of white space (HTML semantics for text; also tidies metadata values).
std::string CollapseSpace(std::string_view s) {
  // std::isspace as the "C" locale answers it (the program never sets another), without a
  // call per byte.
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  // Most values are collapsed already (words apart by one ' ', no space at either end) and are
  // copied whole.
  const bool collapsed = [&] {
    if (s.empty()) return true;
    if (space(s.front()) || space(s.back())) return false;
    for (std::size_t i = 1; i < s.size(); ++i) {
      // Every white-space byte is at most ' ': most bytes are ruled out by one comparison.
      if (static_cast<unsigned char>(s[i]) > ' ') continue;
      if (space(s[i]) && (s[i] != ' ' || space(s[i - 1]))) return false;
    }
    return true;
  }();
  if (collapsed) return std::string(s);
  std::string out;
  out.reserve(s.size());
  // Each run of other bytes is appended whole, after one space unless it comes first.
  for (std::size_t i = 0; i < s.size();) {
    if (space(s[i])) {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < s.size() && !space(s[end])) ++end;
    if (!out.empty()) out += ' ';
    out.append(s, i, end - i);
    i = end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Decoding.

bool LooksBinary(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 64 * 1024);
  std::size_t control = 0;
  for (char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1B) {
      ++control;
    }
  }
  return control * 20 > head.size();  // more than 5% control bytes
}

// Converts `bytes` from `charset` to UTF-8 with ICU; nullopt when a byte has no mapping.
std::optional<std::string> ConvertToUtf8(std::string_view bytes, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(charset, &err), ucnv_close);
  if (U_FAILURE(err)) return std::nullopt;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  std::u16string utf16(bytes.size() * 2 + 2, u'\0');
  const int32_t n16 = ucnv_toUChars(conv.get(), reinterpret_cast<UChar*>(utf16.data()),
                                    static_cast<int32_t>(utf16.size()), bytes.data(),
                                    static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) return std::nullopt;
  int32_t n8 = 0;
  u_strToUTF8(nullptr, 0, &n8, reinterpret_cast<const UChar*>(utf16.data()), n16, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return std::nullopt;
  err = U_ZERO_ERROR;
  std::string out(static_cast<std::size_t>(n8), '\0');
  u_strToUTF8(out.data(), n8, nullptr, reinterpret_cast<const UChar*>(utf16.data()), n16, &err);
  if (U_FAILURE(err)) return std::nullopt;
  return out;
}

// U+0080..U+009F, whose UTF-8 form is C2 80..C2 9F.
bool HasC1Controls(std::string_view utf8) {
  for (std::size_t at = utf8.find('\xC2'); at != std::string_view::npos && at + 1 < utf8.size();
       at = utf8.find('\xC2', at + 1)) {
    if ((static_cast<unsigned char>(utf8[at + 1]) & 0xE0) == 0x80) return true;
  }
  return false;
}

// Ill-formed UTF-8 sequences and well-formed multi-byte ones: single-byte text (cp1252)
// shows many of the first and almost none of the second.
std::pair<std::size_t, std::size_t> CountUtf8(std::string_view bytes) {
  std::vector<std::size_t> bad;
  const std::string norm = NormalizeUtf8(bytes, &bad);
  std::size_t multibyte = 0;
  for (char c : norm) {
    if ((static_cast<unsigned char>(c) & 0xC0) == 0xC0) ++multibyte;
  }
  return {bad.size(), multibyte - std::min(multibyte, bad.size())};  // U+FFFD is multi-byte
}

}  // namespace

Result<std::string> DecodeText(const std::string& source, std::string_view bytes,
                               const WarnFn& warn) {
  if (TrimAscii(bytes).empty()) return Status::Error(source + ": empty file (skipped)");
  // UTF-16 is recognisable by its BOM and would otherwise look binary (NUL bytes).
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    if (auto text = ConvertToUtf8(bytes, "UTF-16")) {
      Warn(warn, source + ": UTF-16 text converted to UTF-8");
      return *std::move(text);
    }
  }
  if (LooksBinary(bytes)) return Status::Error(source + ": binary file, not an article (skipped)");
  if (IsValidUtf8(bytes)) return std::string(bytes);

  const auto [invalid, multibyte] = CountUtf8(bytes);
  if (multibyte == 0 || invalid > 4 * multibyte) {
    // ICU maps cp1252's five unassigned bytes to C1 controls; text containing them is not
    // plausible cp1252, so it falls through to U+FFFD replacement.
    auto text = ConvertToUtf8(bytes, "windows-1252");
    const bool has_c1 = text && HasC1Controls(*text);
    if (text && !has_c1) {
      Warn(warn, source + ": not UTF-8; read as Windows-1252 (" + std::to_string(invalid) +
                     " non-UTF-8 bytes converted)");
      return *std::move(text);
    }
  }
  std::vector<std::size_t> offsets;
  std::string text = NormalizeUtf8(bytes, &offsets);
  std::string message = source + ": invalid UTF-8 at byte " + std::to_string(offsets.front());
  if (offsets.size() > 1) message += " (and " + std::to_string(offsets.size() - 1) + " more)";
  Warn(warn, message + "; replaced with U+FFFD");
  return text;
}

namespace {

// ---------------------------------------------------------------------------------------
// Header analysis on cleaned text: which line is the headline, which the date line.

struct TextLine {
  std::string_view text;
  bool paragraph_before = false;
};

// The non-empty lines of `text`, in a vector kept from one call to the next on each thread
// (the lines of one text are wanted at a time): valid until the thread's next call.
const std::vector<TextLine>& SplitLines(std::string_view text) {
  thread_local std::vector<TextLine> lines;
  lines.clear();
  bool para = false;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(pos, nl - pos);
    if (line.empty()) {
      para = true;
    } else {
      lines.push_back({line, para && !lines.empty()});
      para = false;
    }
    pos = nl + 1;
  }
  return lines;
}

// Calls f(line) for each '\n'-separated line of `text` (empty ones too), in order, until it
// returns false.
template <typename F>
void ForEachLine(std::string_view text, F f) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (!f(text.substr(pos, nl - pos))) return;
    pos = nl + 1;
  }
}

int CountWords(std::string_view s) {
  int words = 0;
  bool in = false;
  for (char c : s) {
    const bool w = !std::isspace(static_cast<unsigned char>(c)) && c != '|' && c != '-';
    if (w && !in) ++words;
    in = w;
  }
  return words;
}

// A line that states a date and little else ("World September 26, 2014, 13:05").
std::optional<std::string> DateLine(std::string_view line) {
  if (line.size() > 120) return std::nullopt;
  auto found = FindDateIn(line);
  if (!found) return std::nullopt;
  const std::string rest =
      std::string(line.substr(0, found->begin)) + " " + std::string(line.substr(found->end));
  if (CountWords(rest) > 4 || TrimAscii(rest).size() > 40) return std::nullopt;
  return found->iso;
}

bool IsBylineText(std::string_view line) {
  // Starts with "by " in either case, as Lower() would read it, without building a string.
  const bool by = line.size() >= 3 && (line[0] == 'b' || line[0] == 'B') &&
                  (line[1] == 'y' || line[1] == 'Y') && line[2] == ' ';
  return by && line.size() <= 80 && CountWords(line) <= 7 && line.back() != '.';
}

bool TitleLike(std::string_view line) {
  const int words = CountWords(line);
  if (words < 2 || words > 30 || line.size() > 300) return false;
  if (line.back() == '.' && !line.ends_with("...")) return false;
  if (IsBylineText(line)) return false;
  return std::any_of(line.begin(), line.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80);
  });
}

// A paragraph of running text ends the header zone.
bool RunningText(std::string_view line) {
  const int words = CountWords(line);
  return words >= 30 || (words >= 8 && (line.back() == '.' || line.back() == '"'));
}

struct Header {
  std::string headline;
  std::string date;
  std::string author;
  std::string text;  // headline first, header lines above it and the date line left out
};

// Header lines (headline, date line) are among the first eight.
constexpr std::size_t kHeaderZone = 8;

// The first header line that states a date (DateLine): its index and the ISO date.
std::optional<std::pair<std::size_t, std::string>> FindDateLine(
    const std::vector<TextLine>& lines) {
  for (std::size_t i = 0; i < std::min(lines.size(), kHeaderZone); ++i) {
    if (auto iso = DateLine(lines[i].text)) return std::pair(i, *std::move(iso));
  }
  return std::nullopt;
}

// The author a byline names ("By Jane Doe" -> "Jane Doe").
std::string BylineAuthor(std::string_view byline) { return CollapseSpace(byline.substr(3)); }

// The author the first byline names, or "".
std::string BylineAuthor(const std::vector<TextLine>& lines) {
  for (const TextLine& l : lines) {
    if (IsBylineText(l.text)) return BylineAuthor(l.text);
  }
  return "";
}

Header AnalyzeHeader(const CleanResult& cleaned, std::string_view known_headline) {
  const std::vector<TextLine>& lines = SplitLines(cleaned.text);
  std::set<std::string_view> repeated;
  for (const RemovedLine& r : cleaned.removed) {
    if (std::string_view(r.reason) == "duplicate") repeated.insert(r.line);
  }
  std::size_t zone = 0;
  while (zone < lines.size() && zone < kHeaderZone && !RunningText(lines[zone].text)) ++zone;

  Header h;
  std::optional<std::size_t> date_at, headline_at;
  if (auto found = FindDateLine(lines)) {
    date_at = found->first;
    h.date = std::move(found->second);
  }
  auto candidate = [&](std::optional<std::size_t> i) {
    return i && *i < zone && *i != date_at && TitleLike(lines[*i].text);
  };
  if (!known_headline.empty()) {
    for (std::size_t i = 0; i < zone; ++i) {
      if (lines[i].text == known_headline) headline_at = i;
    }
  } else {
    // The signals, strongest first: a title line the page repeats, the line just above the
    // date line, the line just below it, the first title-like line.
    for (std::size_t i = 0; i < zone && !headline_at; ++i) {
      if (repeated.count(lines[i].text) && candidate(i)) headline_at = i;
    }
    if (!headline_at && date_at && *date_at > 0 && candidate(*date_at - 1)) {
      headline_at = *date_at - 1;
    }
    if (!headline_at && date_at && candidate(*date_at + 1)) headline_at = *date_at + 1;
    for (std::size_t i = 0; i < zone && !headline_at; ++i) {
      if (candidate(i)) headline_at = i;
    }
    if (headline_at) h.headline = std::string(lines[*headline_at].text);
  }
  if (!known_headline.empty()) h.headline = std::string(known_headline);

  h.author = BylineAuthor(lines);

  const std::size_t first = headline_at ? *headline_at + 1 : 0;
  h.text = h.headline;
  bool first_out = h.text.empty();
  for (std::size_t i = first; i < lines.size(); ++i) {
    if (date_at && i == *date_at) continue;
    if (!first_out) h.text += (lines[i].paragraph_before || i == first) ? "\n\n" : "\n";
    if (first_out && lines[i].text == h.headline) continue;
    first_out = false;
    h.text.append(lines[i].text);
  }
  return h;
}

// Cleans `body` and composes the Document's text and missing metadata from it. `where` names
// the input in warnings (made only for one: a JSONL row's "file:line" is a string to build).
void FillFromBody(Document& doc, std::string_view body, const std::function<std::string()>& where,
                  const WarnFn& warn) {
  auto warn_invalid = [&](const CleanResult& cleaned) {
    if (cleaned.invalid_utf8_offsets.empty()) return;
    Warn(warn, where() + ": invalid UTF-8 at byte " +
                   std::to_string(cleaned.invalid_utf8_offsets.front()) + "; replaced with U+FFFD");
  };
  // A headline the metadata states is kept as is; the text's own copy of it is dropped.
  const std::string& known = doc.headline;
  if (known.empty()) {
    const CleanResult cleaned = CleanText(body);
    warn_invalid(cleaned);
    Header h = AnalyzeHeader(cleaned, "");
    doc.headline = h.headline;
    doc.text = std::move(h.text);
    if (doc.date.empty()) doc.date = h.date;
    if (doc.author.empty()) doc.author = h.author;
    return;
  }
  // The text is the headline, then the cleaned lines as CleanText joined them, a paragraph
  // break after the headline: the body is cleaned straight into place after the break, so
  // that the cleaned text is not copied again. When a line repeats the headline (few rows),
  // the lines are joined again without it.
  std::string& out = doc.text;
  out.reserve(known.size() + 2 + body.size());  // most bodies lose little to cleaning
  out.assign(known).append("\n\n");
  const std::size_t start = out.size();
  warn_invalid(CleanTextAppend(body, out));
  const std::string_view cleaned = std::string_view(out).substr(start);
  // One pass over the lines looks for the headline and, when the metadata names no author,
  // for a byline (the first line IsBylineText accepts), without splitting the text.
  bool repeated = false;
  std::string_view byline;
  ForEachLine(cleaned, [&](std::string_view line) {
    repeated = line == known;
    if (doc.author.empty() && byline.empty() && IsBylineText(line)) byline = line;
    return !repeated;
  });
  std::string own;  // the cleaned text, when `out` is written again
  std::string_view text = cleaned;
  if (repeated) {
    own.assign(cleaned);
    text = own;
    out.resize(known.size());
    for (const TextLine& l : SplitLines(own)) {
      if (l.text == known) continue;
      out += l.paragraph_before || out == known ? "\n\n" : "\n";
      out.append(l.text);
    }
  } else if (cleaned.empty()) {
    out.resize(known.size());
  }
  if (doc.date.empty()) {
    if (auto found = FindDateLine(SplitLines(text))) doc.date = std::move(found->second);
  }
  if (doc.author.empty()) {
    // The search above stopped at the headline's copy; the lines after it are searched here.
    doc.author = repeated ? BylineAuthor(SplitLines(text))
                 : byline.empty() ? std::string()
                                  : BylineAuthor(byline);
  }
}

// ---------------------------------------------------------------------------------------
// HTML.

// Tags whose start and end add a nesting level in the pre-scan below. Void elements and
// elements with optional end tags (p, li, td ...) are left out, since they rarely nest deep
// and are often left unclosed.
bool CountsForDepth(std::string_view tag) {
  static const std::set<std::string_view> kFlat = {
      "area",    "base",     "br",     "col",   "embed", "hr",    "img",   "input",   "link",
      "meta",    "param",    "source", "track", "wbr",   "p",     "li",    "dt",      "dd",
      "option",  "optgroup", "tr",     "td",    "th",    "thead", "tbody", "tfoot",   "colgroup",
      "caption", "rb",       "rt",     "rp",    "html",  "head",  "body",  "!doctype"};
  return kFlat.count(tag) == 0;
}

bool IsRawText(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "textarea" || tag == "title" || tag == "xmp" ||
         tag == "iframe" || tag == "noembed" || tag == "noframes";
}

// Drops start and end tags nested deeper than kMaxHtmlDepth (their text stays), so gumbo
// never sees pathological nesting. Returns the input unchanged when it nests less deeply.
std::string CapNesting(std::string_view html, bool* capped) {
  *capped = false;
  std::string out;
  int depth = 0;
  std::size_t copied = 0;  // html[copied, i) still to be copied to `out`
  for (std::size_t i = html.find('<'); i != std::string_view::npos && i < html.size();
       i = html.find('<', i)) {
    if (html.compare(i, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t p = i + (closing ? 2 : 1);
    std::size_t name_end = p;
    while (name_end < html.size() &&
           (std::isalnum(static_cast<unsigned char>(html[name_end])) || html[name_end] == '!')) {
      ++name_end;
    }
    if (name_end == p) {
      ++i;
      continue;
    }
    const std::string tag = Lower(html.substr(p, name_end - p));
    // The end of the tag, quoted attribute values skipped.
    std::size_t end = name_end;
    char quote = 0;
    for (; end < html.size(); ++end) {
      const char c = html[end];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (end >= html.size()) break;
    const bool self_closing = html[end - 1] == '/';
    std::size_t next = end + 1;
    if (!closing && IsRawText(tag)) {
      const std::size_t close =
          Lower(html.substr(next, std::min<std::size_t>(html.size() - next, 1u << 20)))
              .find("</" + tag);
      next = close == std::string::npos ? html.size() : next + close;
    } else if (CountsForDepth(tag) && !self_closing) {
      const bool too_deep = closing ? depth > kMaxHtmlDepth : depth + 1 > kMaxHtmlDepth;
      depth += closing ? (depth > 0 ? -1 : 0) : 1;
      if (too_deep) {
        *capped = true;
        out.append(html.substr(copied, i - copied));
        copied = end + 1;
      }
    }
    i = next;
  }
  if (!*capped) return std::string(html);
  out.append(html.substr(copied));
  return out;
}

const char* Attr(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

// Calls f(node) for every node under `root` in document order, without recursion. f returns
// false to skip a node's children.
template <typename F>
void Walk(const GumboNode* root, F f) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (!f(node)) continue;
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
        node->type != GUMBO_NODE_TEMPLATE) {
      continue;
    }
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    for (unsigned i = children.length; i-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
  }
}

bool IsFurnitureTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_MATH:
      return true;
    default:
      return false;
  }
}

bool IsParagraphTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
      return true;
    default:
      return false;
  }
}

// The visible text under `root`, furniture elements skipped: block elements become
// paragraphs, <br> a line break, white space inside a paragraph collapses to one space.
std::string VisibleText(const GumboNode* root) {
  std::string out;
  std::string para;
  auto flush = [&](const char* sep) {
    const std::string text = CollapseSpace(para);
    para.clear();
    if (text.empty()) return;
    if (!out.empty()) out += sep;
    out += text;
  };
  // Paragraph ends are needed after an element's children too, so the walk keeps exit marks.
  std::vector<std::pair<const GumboNode*, bool>> stack = {{root, false}};
  while (!stack.empty()) {
    auto [node, exiting] = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      para += node->v.text.text;
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = node->v.element.tag;
    if (exiting) {
      if (IsParagraphTag(tag)) flush("\n\n");
      continue;
    }
    if (IsFurnitureTag(tag)) continue;
    if (const char* hidden = Attr(node, "hidden"); hidden) continue;
    if (tag == GUMBO_TAG_BR) {
      para += '\n';
      flush("\n");
      continue;
    }
    if (IsParagraphTag(tag)) flush("\n\n");
    stack.push_back({node, true});
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i]), false});
    }
  }
  flush("\n\n");
  return out;
}

std::string JsonString(const rapidjson::Value& v) {
  if (v.IsString()) {
    // An escape can spell a lone surrogate ("\udc00"), which RapidJSON decodes to bytes that
    // are not UTF-8; metadata is repaired like the article text (U+FFFD).
    const std::string_view s(v.GetString(), v.GetStringLength());
    return IsValidUtf8(s) ? CollapseSpace(s) : CollapseSpace(NormalizeUtf8(s, nullptr));
  }
  if (v.IsObject() && v.HasMember("name")) return JsonString(v["name"]);
  if (v.IsArray()) {
    std::string out;
    for (const auto& item : v.GetArray()) {
      std::string s = JsonString(item);
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  return "";
}

// The first non-empty JsonString of the values find(key) gives for `keys` in their order (find
// gives nullptr for a key the object lacks), else "".
template <typename Key, typename FindFn>
std::string FirstNonEmpty(std::initializer_list<Key> keys, const FindFn& find) {
  for (const Key& key : keys) {
    if (const rapidjson::Value* v = find(key)) {
      std::string s = JsonString(*v);
      if (!s.empty()) return s;
    }
  }
  return "";
}

// The first non-empty of the members `names` of `obj`.
std::string Member(const rapidjson::Value& obj, std::initializer_list<const char*> names) {
  return FirstNonEmpty(names, [&](const char* name) -> const rapidjson::Value* {
    auto it = obj.FindMember(name);
    return it != obj.MemberEnd() ? &it->value : nullptr;
  });
}

bool IsArticleType(const rapidjson::Value& obj) {
  auto it = obj.FindMember("@type");
  if (it == obj.MemberEnd()) return false;
  auto matches = [](const rapidjson::Value& t) {
    if (!t.IsString()) return false;
    const std::string_view s(t.GetString(), t.GetStringLength());
    return s.ends_with("Article") || s == "ReportageNews" || s == "BlogPosting" || s == "Report" ||
           s == "LiveBlogPosting";
  };
  if (matches(it->value)) return true;
  if (it->value.IsArray()) {
    for (const auto& t : it->value.GetArray()) {
      if (matches(t)) return true;
    }
  }
  return false;
}

// The first schema.org article object in a JSON-LD value (top level, list or @graph).
const rapidjson::Value* FindArticle(const rapidjson::Value& v, int depth = 0) {
  if (depth > 8) return nullptr;
  if (v.IsArray()) {
    for (const auto& item : v.GetArray()) {
      if (const auto* found = FindArticle(item, depth + 1)) return found;
    }
    return nullptr;
  }
  if (!v.IsObject()) return nullptr;
  if (IsArticleType(v)) return &v;
  auto graph = v.FindMember("@graph");
  if (graph != v.MemberEnd()) return FindArticle(graph->value, depth + 1);
  return nullptr;
}

struct HtmlMeta {
  std::string title, og_title, h1, site_name, published, author, url, time_datetime;
  std::string ld_headline, ld_date, ld_author, ld_publisher, ld_url;
};

// All text under `node`, white space collapsed (for <title>, <h1>, <script>).
std::string AllText(const GumboNode* node) {
  std::string out;
  Walk(node, [&](const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      out += n->v.text.text;
      out += ' ';
    }
    return true;
  });
  return CollapseSpace(out);
}

std::string RawText(const GumboNode* node) {
  std::string out;
  if (node->type != GUMBO_NODE_ELEMENT) return out;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
        child->type == GUMBO_NODE_WHITESPACE) {
      out += child->v.text.text;
    }
  }
  return out;
}

void ReadJsonLd(const std::string& json, HtmlMeta& meta, const std::string& source,
                const WarnFn& warn) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError()) {
    Warn(warn, source + ": invalid JSON-LD at offset " + std::to_string(d.GetErrorOffset()) + " (" +
                   rapidjson::GetParseError_En(d.GetParseError()) + "); ignored");
    return;
  }
  const rapidjson::Value* article = FindArticle(d);
  if (!article || !meta.ld_headline.empty()) return;
  meta.ld_headline = Member(*article, {"headline", "name"});
  meta.ld_date = Member(*article, {"datePublished", "dateCreated"});
  meta.ld_author = Member(*article, {"author", "creator"});
  meta.ld_publisher = Member(*article, {"publisher", "sourceOrganization"});
  meta.ld_url = Member(*article, {"url", "mainEntityOfPage"});
  if (meta.ld_url.rfind("http", 0) != 0) meta.ld_url.clear();  // an @id object, not a URL
}

HtmlMeta ReadMeta(const GumboNode* root, const std::string& source, const WarnFn& warn) {
  HtmlMeta meta;
  Walk(root, [&](const GumboNode* n) {
    if (n->type != GUMBO_NODE_ELEMENT) return n->type == GUMBO_NODE_DOCUMENT;
    switch (n->v.element.tag) {
      case GUMBO_TAG_TITLE:
        if (meta.title.empty()) meta.title = AllText(n);
        return false;
      case GUMBO_TAG_H1:
        if (meta.h1.empty()) meta.h1 = AllText(n);
        return false;
      case GUMBO_TAG_SCRIPT: {
        const char* type = Attr(n, "type");
        if (type && Lower(TrimAscii(type)) == "application/ld+json") {
          ReadJsonLd(RawText(n), meta, source, warn);
        }
        return false;
      }
      case GUMBO_TAG_TIME: {
        const char* dt = Attr(n, "datetime");
        if (dt && meta.time_datetime.empty()) meta.time_datetime = dt;
        return true;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = Attr(n, "rel");
        const char* href = Attr(n, "href");
        if (rel && href && Lower(rel) == "canonical") meta.url = href;
        return false;
      }
      case GUMBO_TAG_META: {
        const char* key = Attr(n, "property");
        if (!key) key = Attr(n, "name");
        if (!key) key = Attr(n, "itemprop");
        const char* content = Attr(n, "content");
        if (!key || !content) return false;
        const std::string k = Lower(key);
        const std::string v = CollapseSpace(content);
        auto set = [&](std::string& field) {
          if (field.empty()) field = v;
        };
        if (k == "og:title" || k == "twitter:title") set(meta.og_title);
        if (k == "og:site_name" || k == "application-name") set(meta.site_name);
        if (k == "article:published_time" || k == "datepublished" || k == "pubdate" ||
            k == "publishdate" || k == "date" || k == "dc.date" || k == "dc.date.issued" ||
            k == "sailthru.date" || k == "parsely-pub-date") {
          set(meta.published);
        }
        if (k == "author" || k == "article:author" || k == "dc.creator" || k == "parsely-author") {
          if (v.rfind("http", 0) != 0) set(meta.author);
        }
        if (k == "og:url" && meta.url.empty()) meta.url = v;
        return false;
      }
      default:
        return true;
    }
  });
  return meta;
}

// The element holding the article: the <article> with the most text, else <main> or
// role="main", else <body>.
const GumboNode* MainContent(const GumboNode* root) {
  const GumboNode* body = nullptr;
  const GumboNode* main = nullptr;
  std::vector<const GumboNode*> articles;
  Walk(root, [&](const GumboNode* n) {
    if (n->type != GUMBO_NODE_ELEMENT) return n->type == GUMBO_NODE_DOCUMENT;
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_BODY && !body) body = n;
    if (tag == GUMBO_TAG_ARTICLE && articles.size() < 64) articles.push_back(n);
    const char* role = Attr(n, "role");
    if (!main && (tag == GUMBO_TAG_MAIN || (role && std::string_view(role) == "main"))) main = n;
    return true;
  });
  const GumboNode* best = nullptr;
  std::size_t best_size = 0;
  for (const GumboNode* a : articles) {
    const std::size_t size = VisibleText(a).size();
    if (size > best_size) best = a, best_size = size;
  }
  if (best) return best;
  if (main) return main;
  return body ? body : root;
}

// "Headline | Site" and "Headline - Site" lose the site name.
std::string StripSiteName(std::string title, const std::string& site) {
  if (site.empty()) return title;
  for (const char* sep : {" | ", " - ", " \u2014 ", " \u2013 ", " :: "}) {
    const std::string suffix = sep + site;
    if (title.size() > suffix.size() && title.ends_with(suffix)) {
      return title.substr(0, title.size() - suffix.size());
    }
  }
  return title;
}

std::string FirstDate(std::initializer_list<const std::string*> values) {
  for (const std::string* v : values) {
    std::string iso = ParseDate(*v);
    if (!iso.empty()) return iso;
  }
  return "";
}

Result<Document> ReadHtmlText(const std::string& source, const std::string& html,
                              const WarnFn& warn) {
  bool capped = false;
  const std::string capped_html = CapNesting(html, &capped);
  if (capped) {
    Warn(warn, source + ": elements nested deeper than " + std::to_string(kMaxHtmlDepth) +
                   " levels were flattened");
  }
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, capped_html.data(), capped_html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) return Status::Error(source + ": the HTML parser failed (skipped)");

  const HtmlMeta meta = ReadMeta(output->document, source, warn);
  Document doc;
  doc.id = BaseName(source);
  doc.source = source;
  doc.url = !meta.url.empty() ? meta.url : meta.ld_url;
  doc.publisher = !meta.ld_publisher.empty() ? meta.ld_publisher : meta.site_name;
  doc.author = !meta.ld_author.empty() ? meta.ld_author : meta.author;
  doc.date = FirstDate({&meta.ld_date, &meta.published, &meta.time_datetime});
  for (const std::string* h : {&meta.ld_headline, &meta.og_title, &meta.h1, &meta.title}) {
    if (!h->empty()) {
      doc.headline = StripSiteName(*h, doc.publisher);
      break;
    }
  }
  const std::string body = VisibleText(MainContent(output->root));
  if (body.size() > kMaxTextBytes)
    return Status::Error(source + ": " + TooLarge(body.size()) + " (skipped)");
  FillFromBody(doc, body, [&] { return source; }, warn);
  if (TrimAscii(doc.text).empty()) {
    return Status::Error(source + ": no article text or headline in the page (skipped)");
  }
  return doc;
}

// ---------------------------------------------------------------------------------------
// JSON Lines.

// The memory a JSONL row is parsed into (see ReadJsonRow). A row's values rarely need more
// than the first buffer (a few dozen bytes per member, strings staying in the row); larger rows
// get more chunks from the heap, freed when the row is read. The parser's stack holds a value
// per member and array item being parsed.
struct JsonRowMemory {
  static constexpr std::size_t kValueBytes = 16u << 10, kStackBytes = 8u << 10;
  std::vector<char> values = std::vector<char>(kValueBytes);
  std::vector<char> stack = std::vector<char>(kStackBytes);
};
using RowPool = rapidjson::MemoryPoolAllocator<>;
// rapidjson::Document with its stack in a pool too, so that growing it costs no heap calls. Its
// values are rapidjson::Values, as Member and JsonString read them.
using RowDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, RowPool, RowPool>;

// A JSONL row parsed in place: RapidJSON's in-place stream (the parser reads at src_ and writes
// a string's unescaped bytes at dst_, behind src_ once an escape has been shortened), which
// also knows where the row ends, so that the bytes of its strings can be taken 16 at a time.
// RapidJSON's parser takes a string a byte at a time (three tests and a copy per byte; its own
// 16-byte scans are off, see CMakeLists.txt); it lets a stream type take the plain bytes first
// (GenericReader::ScanCopyUnescapedString, which does nothing for other streams), which
// RowStream does through TakePlainBytes (below, after the namespace).
struct RowStream : rapidjson::InsituStringStream {
  // `row` is NUL-terminated at `row + size`.
  RowStream(char* row, std::size_t size) : rapidjson::InsituStringStream(row), end_(row + size) {}

  // Takes the bytes from src_ up to the first one RapidJSON's string loop would not take as it
  // is ('"', '\\' or a byte below 0x20), and as that loop does: moved down to dst_, or left
  // in place while dst_ is src_. Stops earlier within the last 16 bytes of the row; the loop
  // takes the rest.
  void TakePlainBytes() {
    using Bytes = unsigned char __attribute__((vector_size(16)));  // GCC/Clang: SSE2 on x86-64
    while (end_ - src_ >= static_cast<std::ptrdiff_t>(sizeof(Bytes))) {
      Bytes b;
      std::memcpy(&b, src_, sizeof b);
      const auto stop = (b < 0x20) | (b == '"') | (b == '\\');  // a lane is 0 or all ones
      std::uint64_t half[2];
      std::memcpy(half, &stop, sizeof half);
      // The plain bytes before the first stop, in memory order.
      auto plain_in = [](std::uint64_t h) -> std::size_t {
        return static_cast<std::size_t>(std::endian::native == std::endian::little
                                            ? std::countr_zero(h)
                                            : std::countl_zero(h)) /
               8;
      };
      const std::size_t plain = half[0] != 0 ? plain_in(half[0])
                                : half[1] != 0 ? 8 + plain_in(half[1])
                                               : sizeof b;
      if (dst_ != src_) std::memmove(dst_, src_, plain);
      src_ += plain;
      dst_ += plain;
      if (plain < sizeof b) return;
    }
  }

  const char* end_;
};

}  // namespace
}  // namespace newsgraph::extract

// RapidJSON's hook for a stream that takes a string's plain bytes in one step (see RowStream).
namespace rapidjson {
template <>
struct StreamTraits<newsgraph::extract::RowStream> {
  enum { copyOptimization = 1 };  // copied into the parser's locals, as InsituStringStream is
};
template <>
template <>
inline void
GenericReader<UTF8<>, UTF8<>, newsgraph::extract::RowPool>::ScanCopyUnescapedString<
    newsgraph::extract::RowStream, newsgraph::extract::RowStream>(newsgraph::extract::RowStream& is,
                                                                  newsgraph::extract::RowStream&) {
  is.TakePlainBytes();  // `is` is the output stream too (in place)
}
}  // namespace rapidjson

namespace newsgraph::extract {
namespace {

// The names of the members of a JSONL row that ReadJsonRow reads, in the order it prefers
// them for each field.
constexpr std::array<std::string_view, 23> kRowKeys = {
    "text",      "content",   "body",          "articleBody",  "url",      "link",
    "id",        "_id",       "guid",          "title",        "headline", "source",
    "publisher", "site",      "site_name",     "author",       "authors",  "byline",
    "date",      "published", "datePublished", "published_at", "pubDate"};
// The index of `name` in kRowKeys (at compile time: a name missing from it does not compile).
consteval std::size_t RowKey(std::string_view name) {
  for (std::size_t i = 0; i < kRowKeys.size(); ++i)
    if (kRowKeys[i] == name) return i;
  throw "not in kRowKeys";
}

// The members of a JSONL row named in kRowKeys, each the first of its name (as FindMember
// finds it), picked in one pass over the row's members: looking each name up would scan all
// of them for each of the two dozen names, most of them absent.
class RowMembers {
 public:
  explicit RowMembers(const rapidjson::Value& row) {
    for (const auto& m : row.GetObject()) {
      const std::string_view name(m.name.GetString(), m.name.GetStringLength());
      for (std::size_t i = 0; i < kRowKeys.size(); ++i) {
        if (kRowKeys[i] == name) {
          if (!found_[i]) found_[i] = &m.value;
          break;
        }
      }
    }
  }
  // The row's first member named kRowKeys[key], else nullptr.
  const rapidjson::Value* Get(std::size_t key) const { return found_[key]; }

 private:
  std::array<const rapidjson::Value*, kRowKeys.size()> found_{};
};

// As Member(row, names), with the names given by their RowKey.
std::string Member(const RowMembers& row, std::initializer_list<std::size_t> keys) {
  return FirstNonEmpty(keys, [&](std::size_t key) { return row.Get(key); });
}

// One JSONL row to a Document, or the reason it is no article.
Result<Document> ReadJsonRow(const std::string& source, std::size_t line_no, std::string_view row,
                             const WarnFn& warn) {
  // "file:line", made only for a message: most rows have none.
  const auto where = [&] { return source + ":" + std::to_string(line_no); };
  if (row.size() > kMaxTextBytes)
    return Status::Error(where() + ": " + TooLarge(row.size()) + "; row skipped");
  // The row's copy the in-place parser writes into, and the memory of its parsed values and of
  // the parser's stack, are kept from one row to the next on each thread: a Document of its
  // own would allocate a 64 KiB pool and a stack for every row, and free them after. Everything
  // taken from them is copied into the Document before this returns. So `warn`, called while
  // they are in use, must not read JSON Lines on this thread (the callers only record the
  // message).
  thread_local std::string text;
  thread_local JsonRowMemory memory;
  text.assign(row);
  if (!IsValidUtf8(text)) {
    std::vector<std::size_t> bad;
    text = NormalizeUtf8(row, &bad);
    Warn(warn, where() + ": invalid UTF-8 at byte " + std::to_string(bad.front()) +
                   " of the line; replaced with U+FFFD");
  }
  RowPool values(memory.values.data(), memory.values.size());
  RowPool stack(memory.stack.data(), memory.stack.size());
  RowDocument d(&values, JsonRowMemory::kStackBytes / 2, &stack);
  // In place where the in-place parser reads the row as the parser by length does: its strings
  // are unescaped inside `text` instead of copied. It stops at a NUL byte and does not skip a
  // byte order mark, so rows with either are parsed by length.
  if (text.find('\0') == std::string::npos && !text.starts_with("\xEF\xBB\xBF")) {
    RowStream in_place(text.data(), text.size());
    d.ParseStream<rapidjson::kParseInsituFlag>(in_place);
  } else {
    d.Parse(text.c_str(), text.size());
  }
  if (d.HasParseError()) {
    return Status::Error(where() + ": invalid JSON at column " +
                         std::to_string(d.GetErrorOffset() + 1) + " (" +
                         rapidjson::GetParseError_En(d.GetParseError()) + "); row skipped");
  }
  if (!d.IsObject()) return Status::Error(where() + ": not a JSON object; row skipped");
  // A view of the parsed string (inside `text`, or `d`'s own copy), both kept to the end.
  const RowMembers members(d);
  const std::string_view body = [&] {
    for (const std::size_t key :
         {RowKey("text"), RowKey("content"), RowKey("body"), RowKey("articleBody")}) {
      const rapidjson::Value* v = members.Get(key);
      if (v && v->IsString()) return std::string_view(v->GetString(), v->GetStringLength());
    }
    return std::string_view();
  }();
  if (TrimAscii(body).empty()) {
    return Status::Error(where() +
                         ": no article text (\"text\", \"content\" or \"body\"); row skipped");
  }
  Document doc;
  doc.source = source;
  doc.url = Member(members, {RowKey("url"), RowKey("link")});
  const std::string id = Member(members, {RowKey("id"), RowKey("_id"), RowKey("guid")});
  doc.id = !doc.url.empty() ? doc.url
           : !id.empty()    ? id
                            : BaseName(source) + "#" + std::to_string(line_no);
  doc.headline = Member(members, {RowKey("title"), RowKey("headline")});
  doc.publisher =
      Member(members, {RowKey("source"), RowKey("publisher"), RowKey("site"), RowKey("site_name")});
  doc.author = Member(members, {RowKey("author"), RowKey("authors"), RowKey("byline")});
  const std::string date =
      Member(members, {RowKey("date"), RowKey("published"), RowKey("datePublished"),
                       RowKey("published_at"), RowKey("pubDate")});
  doc.date = ParseDate(date);
  if (doc.date.empty() && !date.empty()) {
    Warn(warn, where() + ": unrecognised date \"" + date + "\"; left empty");
  }
  FillFromBody(doc, body, where, warn);
  return doc;
}

// ---------------------------------------------------------------------------------------
// Files.

Result<std::string> ReadBytes(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status::Error(path + ": no such file");
  if (fs::is_directory(st)) return Status::Error(path + ": is a directory, not a file");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return Status::Error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::string bytes;
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f.get())) > 0;) {
    bytes.append(buf, n);
    if (bytes.size() > kMaxArticleBytes) {
      return Status::Error(path + ": larger than " + std::to_string(kMaxArticleBytes >> 20) +
                           " MiB, too large for one article (skipped)");
    }
  }
  if (std::ferror(f.get()))
    return Status::Error(path + ": read error (" + std::strerror(errno) + ")");
  return bytes;
}

std::string ReadAll(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads one file or stdin ("-") of a known or sniffed format and streams its Documents.
// Returns an error only for a problem with the whole file.
Status ReadOne(const std::string& path, InputFormat format, const DocumentSink& sink,
               const WarnFn& warn, ReadStats* stats) {
  const bool is_stdin = path == "-";
  if (!is_stdin) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return Status::Error(path + ": no such file");
    if (fs::is_directory(st)) return Status::Error(path + ": is a directory, not a file");
    // Opening a FIFO with no writer blocks forever; a device never ends.
    if (!fs::is_regular_file(st)) {
      return Status::Error(
          path + ": not a regular file (FIFO, device or socket); skipped (use - to read stdin)");
    }
  }
  if (format == InputFormat::kJsonLines || (format == InputFormat::kUnknown && is_stdin)) {
    if (is_stdin) {
      // Peek at the first non-space byte: JSONL streams, the other formats are one document.
      int c;
      while ((c = std::cin.peek()) != EOF && std::isspace(c)) std::cin.get();
      if (c == '{') return ReadJsonLinesStream("stdin", std::cin, sink, warn, stats);
      const std::string bytes = ReadAll(std::cin);
      format = SniffFormat(bytes);
      Result<Document> doc = format == InputFormat::kHtml ? ReadHtml("stdin", bytes, warn)
                                                          : ReadPlainText("stdin", bytes, warn);
      if (!doc.ok()) return doc.status();
      if (stats) ++stats->documents;
      sink(std::move(doc).value());
      return Status::Ok();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Error(path + ": cannot open (" + std::strerror(errno) + ")");
    return ReadJsonLinesStream(path, in, sink, warn, stats);
  }
  Result<std::string> bytes = ReadBytes(path);
  if (!bytes.ok()) return bytes.status();
  if (format == InputFormat::kUnknown) format = SniffFormat(bytes.value());
  if (format == InputFormat::kJsonLines) {
    std::istringstream in(std::move(bytes).value());
    return ReadJsonLinesStream(path, in, sink, warn, stats);
  }
  Result<Document> doc = format == InputFormat::kHtml ? ReadHtml(path, bytes.value(), warn)
                                                      : ReadPlainText(path, bytes.value(), warn);
  if (!doc.ok()) return doc.status();
  if (stats) ++stats->documents;
  sink(std::move(doc).value());
  return Status::Ok();
}

bool Hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

}  // namespace

InputFormat FormatFromPath(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return InputFormat::kPlainText;
  const std::string ext = Lower(name.substr(dot + 1));
  if (ext == "txt" || ext == "text") return InputFormat::kPlainText;
  if (ext == "html" || ext == "htm" || ext == "xhtml") return InputFormat::kHtml;
  if (ext == "jsonl" || ext == "ndjson") return InputFormat::kJsonLines;
  return InputFormat::kUnknown;
}

InputFormat SniffFormat(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  const std::string_view t = TrimAscii(bytes.substr(0, 4096));
  if (t.empty()) return InputFormat::kPlainText;
  if (t.front() == '{') return InputFormat::kJsonLines;
  if (t.front() == '<') return InputFormat::kHtml;
  return InputFormat::kPlainText;
}

Result<Document> ReadPlainText(const std::string& source, std::string_view bytes,
                               const WarnFn& warn) {
  if (bytes.size() > kMaxTextBytes)
    return Status::Error(source + ": " + TooLarge(bytes.size()) + " (skipped)");
  Result<std::string> text = DecodeText(source, bytes, warn);
  if (!text.ok()) return text.status();
  Document doc;
  doc.id = BaseName(source);
  doc.source = source;
  FillFromBody(doc, text.value(), [&] { return source; }, warn);
  if (TrimAscii(doc.text).empty()) {
    return Status::Error(source + ": no article text left after cleanup (skipped)");
  }
  return doc;
}

Result<Document> ReadHtml(const std::string& source, std::string_view bytes, const WarnFn& warn) {
  Result<std::string> text = DecodeText(source, bytes, warn);
  if (!text.ok()) return text.status();
  return ReadHtmlText(source, text.value(), warn);
}

Status ReadJsonLinesStream(const std::string& source, std::istream& in, const DocumentSink& sink,
                           const WarnFn& warn, ReadStats* stats) {
  // Warnings are counted by whoever wraps `warn` (ReadInputs), so each is counted once.
  const WarnFn& warn_counted = warn;
  std::string line;
  std::size_t line_no = 0, rows = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (TrimAscii(line).empty()) continue;
    ++rows;
    if (line.find('\0') != std::string::npos) {
      if (rows == 1) return Status::Error(source + ": binary file, not an article (skipped)");
      warn_counted(source + ":" + std::to_string(line_no) + ": NUL bytes in row; row skipped");
      if (stats) ++stats->skipped;
      continue;
    }
    Result<Document> doc = ReadJsonRow(source, line_no, line, warn_counted);
    if (!doc.ok()) {
      warn_counted(doc.status().message());
      if (stats) ++stats->skipped;
      continue;
    }
    if (stats) ++stats->documents;
    sink(std::move(doc).value());
  }
  if (rows == 0) return Status::Error(source + ": empty file (skipped)");
  return Status::Ok();
}

Result<std::vector<Document>> ReadJsonLines(const std::string& source, std::string_view bytes,
                                            const WarnFn& warn) {
  if (TrimAscii(bytes).empty()) return Status::Error(source + ": empty file (skipped)");
  if (LooksBinary(bytes)) return Status::Error(source + ": binary file, not an article (skipped)");
  std::vector<Document> docs;
  std::istringstream in{std::string(bytes)};
  Status st = ReadJsonLinesStream(
      source, in, [&](Document&& d) { docs.push_back(std::move(d)); }, warn, nullptr);
  if (!st.ok()) return st;
  return docs;
}

Result<std::vector<Document>> ReadArticleFile(const std::string& path, const WarnFn& warn) {
  std::vector<Document> docs;
  Status st = ReadOne(
      path, FormatFromPath(path), [&](Document&& d) { docs.push_back(std::move(d)); }, warn,
      nullptr);
  if (!st.ok()) return st;
  return docs;
}

namespace {

// The article files under `dir`, recursively, sorted by path so that output is deterministic:
// paths only, never contents; hidden entries and unknown extensions are skipped. A problem is
// reported through `problem(message, skipped)`; `skipped` is true when the directory could not
// be listed at all, false when listing stopped part-way (the files found so far are returned).
std::vector<fs::path> ListArticleFiles(
    const std::string& dir, const std::function<void(const std::string&, bool)>& problem) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    problem(dir + ": cannot list directory (" + ec.message() + ")", true);
    return files;
  }
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      problem(dir + ": " + ec.message() + " while listing; rest of the directory skipped", false);
      break;
    }
    const fs::path& p = it->path();
    if (Hidden(p)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code fec;
    if (!it->is_regular_file(fec) || fec) continue;
    if (FormatFromPath(p.string()) == InputFormat::kUnknown) continue;
    files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Status ReadInputs(const std::vector<std::string>& inputs, const DocumentSink& sink,
                  const WarnFn& warn, ReadStats* stats) {
  ReadStats local;
  ReadStats& s = stats ? *stats : local;
  auto warn_counted = [&](const std::string& m) {
    ++s.warnings;
    Warn(warn, m);
  };
  auto read_file = [&](const std::string& path, InputFormat format) {
    ++s.files;
    Status st = ReadOne(path, format, sink, warn_counted, &s);
    if (!st.ok()) {
      warn_counted(st.message());
      ++s.skipped;
    }
  };
  for (const std::string& input : inputs) {
    if (input == "-") {
      read_file(input, InputFormat::kUnknown);
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) {
      return Status::Error(input + ": no such file or directory");
    }
    if (!fs::is_directory(st)) {
      read_file(input, FormatFromPath(input));
      continue;
    }
    const std::vector<fs::path> files =
        ListArticleFiles(input, [&](const std::string& message, bool skipped) {
          warn_counted(message);
          if (skipped) ++s.skipped;
        });
    for (const fs::path& p : files) read_file(p.string(), FormatFromPath(p.string()));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------
// Pull-style reading. The rules (which files, in which order, which messages) are those of
// ReadOne and ReadInputs above; a test checks that both give the same Documents and warnings.

struct InputCursor::State {
  std::vector<std::string> inputs;
  ReadStats* stats = nullptr;
  std::size_t next_input = 0;
  std::vector<fs::path> files;  // the directory being read, in path order
  std::size_t next_file = 0;
  std::vector<RawInput> pending;  // directory problems, handed out before the next file
  std::size_t next_pending = 0;
  // The JSON Lines stream being read row by row (owned, or std::cin).
  std::unique_ptr<std::istream> owned_rows;
  std::istream* rows = nullptr;
  std::string rows_source;
  std::size_t line_no = 0, row_count = 0;
  std::size_t bytes = 0;
  bool done = false;

  static RawInput Problem(std::string message, bool skipped = true) {
    RawInput r;
    r.problem = std::move(message);
    r.skipped = skipped;
    return r;
  }

  void StartRows(std::string source, std::istream* in, std::unique_ptr<std::istream> owned) {
    rows_source = std::move(source);
    owned_rows = std::move(owned);
    rows = in;
    line_no = row_count = 0;
  }

  void EndRows() {
    rows = nullptr;
    owned_rows.reset();
  }

  // The next row of the open JSON Lines stream (as ReadJsonLinesStream reads it), or nullopt
  // at its end with the stream closed.
  std::optional<RawInput> NextRow() {
    std::string line;
    while (std::getline(*rows, line)) {
      ++line_no;
      bytes += line.size() + 1;
      if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (TrimAscii(line).empty()) continue;
      ++row_count;
      if (line.find('\0') != std::string::npos) {
        if (row_count == 1) {
          EndRows();
          return Problem(rows_source + ": binary file, not an article (skipped)");
        }
        return Problem(rows_source + ":" + std::to_string(line_no) +
                       ": NUL bytes in row; row skipped");
      }
      RawInput r;
      r.source = rows_source;
      r.format = InputFormat::kJsonLines;
      r.line = line_no;
      r.bytes = std::move(line);
      return r;
    }
    const bool empty = row_count == 0;
    const std::string source = rows_source;
    EndRows();
    if (empty) return Problem(source + ": empty file (skipped)");
    return std::nullopt;
  }

  // Opens one file (or stdin) as ReadOne does: an article file becomes one RawInput, a JSON
  // Lines file becomes the open row stream (nullopt returned).
  std::optional<RawInput> OpenFile(const std::string& path, InputFormat format) {
    if (stats) ++stats->files;
    const bool is_stdin = path == "-";
    if (!is_stdin) {
      std::error_code ec;
      const fs::file_status st = fs::status(path, ec);
      if (ec || !fs::exists(st)) return Problem(path + ": no such file");
      if (fs::is_directory(st)) return Problem(path + ": is a directory, not a file");
      // As in ReadOne: a FIFO with no writer would block the read forever.
      if (!fs::is_regular_file(st)) {
        return Problem(
            path + ": not a regular file (FIFO, device or socket); skipped (use - to read stdin)");
      }
    }
    RawInput r;
    if (format == InputFormat::kJsonLines || (format == InputFormat::kUnknown && is_stdin)) {
      if (is_stdin) {
        int c;
        while ((c = std::cin.peek()) != EOF && std::isspace(c)) std::cin.get();
        if (c == '{') {
          StartRows("stdin", &std::cin, nullptr);
          return std::nullopt;
        }
        r.source = "stdin";
        r.bytes = ReadAll(std::cin);
        r.format = SniffFormat(r.bytes) == InputFormat::kHtml ? InputFormat::kHtml
                                                              : InputFormat::kPlainText;
        bytes += r.bytes.size();
        return r;
      }
      auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
      if (!*in) return Problem(path + ": cannot open (" + std::strerror(errno) + ")");
      std::istream* raw = in.get();
      StartRows(path, raw, std::move(in));
      return std::nullopt;
    }
    Result<std::string> read = ReadBytes(path);
    if (!read.ok()) return Problem(read.status().message());
    if (format == InputFormat::kUnknown) format = SniffFormat(read.value());
    if (format == InputFormat::kJsonLines) {
      auto in = std::make_unique<std::istringstream>(std::move(read).value());
      std::istream* raw = in.get();
      StartRows(path, raw, std::move(in));
      return std::nullopt;
    }
    r.source = path;
    r.format = format == InputFormat::kHtml ? InputFormat::kHtml : InputFormat::kPlainText;
    r.bytes = std::move(read).value();
    bytes += r.bytes.size();
    return r;
  }

  // Lists a directory as ReadInputs does; problems are queued in `pending`.
  void ListDirectory(const std::string& input) {
    files.clear();
    next_file = 0;
    pending.clear();
    next_pending = 0;
    files = ListArticleFiles(input, [&](const std::string& message, bool skipped) {
      pending.push_back(Problem(message, skipped));
    });
  }
};

InputCursor::InputCursor(std::vector<std::string> inputs, ReadStats* stats)
    : state_(std::make_unique<State>()) {
  state_->inputs = std::move(inputs);
  state_->stats = stats;
}

InputCursor::~InputCursor() = default;

std::size_t InputCursor::bytes_read() const { return state_->bytes; }

Result<std::optional<RawInput>> InputCursor::Next() {
  State& s = *state_;
  while (!s.done) {
    if (s.rows) {
      if (std::optional<RawInput> row = s.NextRow()) return row;
      continue;
    }
    if (s.next_pending < s.pending.size()) return {std::move(s.pending[s.next_pending++])};
    if (s.next_file < s.files.size()) {
      const std::string path = s.files[s.next_file++].string();
      if (std::optional<RawInput> r = s.OpenFile(path, FormatFromPath(path))) return r;
      continue;
    }
    if (s.next_input == s.inputs.size()) break;
    const std::string& input = s.inputs[s.next_input++];
    if (input == "-") {
      if (std::optional<RawInput> r = s.OpenFile(input, InputFormat::kUnknown)) return r;
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) {
      s.done = true;
      return Status::Error(input + ": no such file or directory");
    }
    if (!fs::is_directory(st)) {
      if (std::optional<RawInput> r = s.OpenFile(input, FormatFromPath(input))) return r;
      continue;
    }
    s.ListDirectory(input);
  }
  s.done = true;
  return {std::optional<RawInput>()};
}

Result<Document> ParseRawInput(const RawInput& input, const WarnFn& warn) {
  assert(input.problem.empty());
  switch (input.format) {
    case InputFormat::kJsonLines:
      return ReadJsonRow(input.source, input.line, input.bytes, warn);
    case InputFormat::kHtml:
      return ReadHtml(input.source, input.bytes, warn);
    default:
      return ReadPlainText(input.source, input.bytes, warn);
  }
}

std::size_t InputBytes(const std::vector<std::string>& inputs) {
  std::size_t total = 0;
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) return 0;
    if (!fs::is_directory(st)) {
      const auto n = fs::file_size(input, ec);
      if (!ec) total += n;
      continue;
    }
    fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (Hidden(p)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      std::error_code fec;
      if (!it->is_regular_file(fec) || fec) continue;
      if (FormatFromPath(p.string()) == InputFormat::kUnknown) continue;
      const auto n = it->file_size(fec);
      if (!fec) total += n;
    }
  }
  return total;
}

}  // namespace newsgraph::extract
