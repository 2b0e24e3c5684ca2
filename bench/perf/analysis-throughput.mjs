// Decodes and analyses files one after another in a fresh process with the built code (dist/, what the CLI runs),
// so the bench's own heap (its corpus, its tables) does not weigh on the measurement. An untimed pass over the
// warm-up list comes first: V8 was still speeding the analysis up after 40 clips (878× timed after 40, 971× after
// 200 on the bench's clips), and a batch runs at that steady state. Usage:
// node bench/perf/analysis-throughput.mjs RUNS WARM_UP_LIST_FILE LIST_FILE → prints {"audioS":…,"wallS":[…]}.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openAudio } from '../../dist/decode/index.js';
import { analyzeSource } from '../../dist/pipeline/processFile.js';

const lines = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const runs = Number(process.argv[2]);
const warmUp = lines(process.argv[3]);
const files = lines(process.argv[4]);

/** The CLI's own decode-and-analyse step; returns the file's duration in seconds. */
async function analyzeFile(file) {
  return (await analyzeSource(await openAudio(file))).metrics.durationS;
}

for (const file of warmUp) await analyzeFile(file);
const wallS = [];
let audioS = 0;
for (let r = 0; r < runs; r++) {
  audioS = 0;
  const started = performance.now();
  for (const file of files) audioS += await analyzeFile(file);
  wallS.push((performance.now() - started) / 1000);
}
console.log(JSON.stringify({ audioS, wallS }));
