// The peer baseline for bench/corpus_bench: wink-nlp (with its English lite web model)
// tokenizes, tags parts of speech and finds entities in the same text, on one core. Prints
// articles, MB (UTF-8 bytes of title + text) and MB/s, so the two can be compared in one session.
//
//   cd bench/peers && npm ci && node wink.mjs /tmp/ngbench/reuters.jsonl [--limit N]
import fs from 'node:fs';
import readline from 'node:readline';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;
if (!file) {
  console.error('usage: node wink.mjs CORPUS.jsonl [--limit N]');
  process.exit(2);
}
if (!fs.existsSync(file)) {
  console.error(`wink.mjs: ${file} not found; skipping (make it with bench/reuters_to_jsonl.py)`);
  process.exit(0);
}

const texts = [];
const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const row = JSON.parse(line);
  texts.push((row.title ? row.title + '\n\n' : '') + (row.text || row.body || ''));
  if (texts.length >= limit) break;
}

const nlp = winkNLP(model);
const its = nlp.its;
let bytes = 0, tokens = 0, entities = 0;
const start = process.hrtime.bigint();
for (const text of texts) {
  bytes += Buffer.byteLength(text, 'utf8');
  const doc = nlp.readDoc(text);
  tokens += doc.tokens().out(its.pos).length;  // tokens with their part-of-speech tags
  entities += doc.entities().out(its.detail).length;
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
const mb = bytes / 1e6;
console.log(
  `wink-nlp: ${texts.length} articles, ${mb.toFixed(2)} MB, ${tokens} tokens, ` +
    `${entities} entities in ${secs.toFixed(2)} s: ${(texts.length / secs).toFixed(0)} docs/s, ` +
    `${(mb / secs).toFixed(2)} MB/s, ${(tokens / secs / 1e3).toFixed(0)}k tokens/s (1 thread)`);
