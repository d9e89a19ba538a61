// JSON-LD reader: reads a file written by export/jsonld_writer.h back into a KnowledgeGraph,
// losslessly (export -> read -> export gives the same bytes) and with the resolution state
// Merge needs, so that `newsgraph build --graph` can merge new articles into an old graph
// and `newsgraph query` / `newsgraph export` can work on a built graph.
//
// The file is streamed with RapidJSON's SAX Reader: only one @graph element at a time is held
// as a small DOM, so memory grows with the graph, not with the file's text. It reads exactly
// the contract documented in jsonld_writer.h; anything else is refused with the byte offset
// and what was expected ("graph.jsonld: offset 1234: expected an object in @graph",
// "graph.jsonld: not a newsgraph export: no @context with the ng prefix").
#pragma once

#include <istream>
#include <string>

#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph::exporters {

// Reads a newsgraph JSON-LD export from `in`. `name` prefixes error messages (a file name).
// Fails on malformed JSON, a file that is not a newsgraph export, or an export whose nodes or
// references are inconsistent (a dangling @id, a missing ng:seq); the message has the byte
// offset of the offending element. Thread-safe (no shared state).
Result<KnowledgeGraph> ReadJsonLd(std::istream& in, const std::string& name = "<stream>");

// Reads the file at `path` (through a buffered C stream). A missing or unreadable file is an
// error naming the path and the errno text.
Result<KnowledgeGraph> ReadJsonLdFile(const std::string& path);

}  // namespace newsgraph::exporters
