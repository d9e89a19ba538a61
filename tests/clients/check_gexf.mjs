// Reads the seeds' GEXF with graphology-gexf, the parser Gephi Lite uses.
//   node check_gexf.mjs graph.gexf EXPECTED_NODES
// Fails (exit 1) when the file does not parse, counts differ, or nodes lack colour/size.
import { readFileSync } from 'node:fs';
import Graph from 'graphology';
import gexf from 'graphology-gexf';

const [file, expected] = process.argv.slice(2);
const graph = gexf.parse(Graph, readFileSync(file, 'utf8'));
const fail = (msg) => { console.error(`check_gexf.mjs: ${msg}`); process.exit(1); };
if (graph.type !== 'directed' && graph.type !== 'mixed') fail(`graph type ${graph.type}`);
if (expected && graph.order !== Number(expected)) fail(`${graph.order} nodes, expected ${expected}`);
if (graph.size === 0) fail('no edges');
graph.forEachNode((n, a) => {
  if (!a.color || !(a.size > 0) || !a.label || !a.kind) fail(`node ${n}: ${JSON.stringify(a)}`);
});
let bortnikov = graph.findNode((n, a) => a.label === 'Alexander Bortnikov');
if (!bortnikov) fail('no node labelled Alexander Bortnikov');
console.log(`check_gexf.mjs: ${graph.order} nodes, ${graph.size} edges`);
