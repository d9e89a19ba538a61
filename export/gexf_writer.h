// GEXF export: the whole KnowledgeGraph as a GEXF 1.2 file, Gephi's native format (also read
// by Gephi Lite through graphology-gexf, and by networkx). It sits at the end of the pipeline
// beside the GraphML exporter, reads a const KnowledgeGraph& and shares its presentation
// (labels, colours, node ids: graphml_writer.h) so a node looks the same in both.
//
// Shape of the file: <graph mode="dynamic" defaultedgetype="directed" timeformat="date">;
// node and edge <attributes> declared once with their types; nodes sorted by id, each with
// its attvalues, viz:color, viz:size and its time interval (start/end: the first and last
// publication day of the articles it appears in), edges sorted by (source, target, label)
// with a weight (number of supporting articles) and their own interval, so that Gephi's
// timeline plays the graph as the articles appeared. Nodes and edges without a dated article
// have no interval (always visible).
#pragma once

#include <ostream>
#include <string>

#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace newsgraph::exporters {

// Streams `kg` as GEXF to `out`; deterministic (the same graph gives the same bytes); every
// string sanitised and escaped (xml_util.h). Fails only when `out` fails.
Status WriteGexf(const KnowledgeGraph& kg, std::ostream& out);

// WriteGexf to `path` through WriteFileAtomically: on failure `path` is untouched and the
// Status names the file and the problem.
Status WriteGexfFile(const KnowledgeGraph& kg, const std::string& path);

}  // namespace newsgraph::exporters
