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
// Defined beside SanitizeUtf8 (graphml_writer.cc), whose reading of UTF-8 it shares: a value
// with nothing to escape or replace is appended whole.
void AppendXmlEscaped(std::string& out, std::string_view raw, bool attribute);

// AppendXmlEscaped into a new string.
inline std::string XmlEscaped(std::string_view s, bool attribute = false) {
  std::string out;
  out.reserve(s.size());
  AppendXmlEscaped(out, s, attribute);
  return out;
}

}  // namespace newsgraph::exporters
