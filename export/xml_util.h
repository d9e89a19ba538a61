// XML text helpers shared by the XML exporters (GraphML, GEXF): escaping for character data
// and attribute values after SanitizeUtf8 (graphml_writer.h), so that any string from an
// article gives well-formed XML 1.0. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "export/graphml_writer.h"

namespace newsgraph::exporters {

// Appends `raw` to `out` as valid UTF-8 (SanitizeUtf8) with & < > escaped, and " too in an
// attribute value. CR is written as &#13; (parsers would drop it) and, in attributes, tab and
// newline as &#9; and &#10; (parsers would turn them into spaces).
inline void AppendXmlEscaped(std::string& out, std::string_view raw, bool attribute) {
  const std::string s = SanitizeUtf8(raw, /*keep_line_breaks=*/true);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      // Always escaped so that "]]>" can never appear in character data.
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      default:
        out += c;
    }
  }
}

// AppendXmlEscaped into a new string.
inline std::string XmlEscaped(std::string_view s, bool attribute = false) {
  std::string out;
  out.reserve(s.size());
  AppendXmlEscaped(out, s, attribute);
  return out;
}

}  // namespace newsgraph::exporters
