/**
 * `npm run bench`: voicegate's speed and memory, measured side by side with the tools a user would otherwise
 * script (ffmpeg's filters, sox), in the same run on the same files. Prints every figure and writes
 * docs/performance.md. Options: --data DIR (default ../shared/data), --clips N (default 2000), --runs N
 * (default 3), --quick (200 clips, 1 run, for a smoke test).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveFfmpeg } from '../../src/decode/index.js';
import { createUploader } from '../../src/upload/index.js';
import { buildCorpus, type Corpus } from './corpus.js';
import { median, medianOf, timeCommand, type Timing } from './timing.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve('../shared/data') },
    clips: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    cache: { type: 'string', default: path.resolve('.cache/bench') },
  },
});
const quick = values.quick ?? false;
const clipCount = Number(values.clips ?? (quick ? 200 : 2000));
const runs = Number(values.runs ?? (quick ? 1 : 3));
const CLI = path.resolve('dist/bundle/voicegate.js');
const THROUGHPUT_SCRIPT = path.resolve('bench/perf/analysis-throughput.mjs');
const HEAP_HOOK = path.resolve('bench/perf/heap-hook.mjs');
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const log = (line: string) => process.stderr.write(`${line}\n`);

if (!existsSync(path.join(values.data!, 'manifest.json'))) {
  process.stderr.write(`bench: the data folder ${values.data} is missing (it holds the real speech the corpus is built from); pass --data DIR\n`);
  process.exit(2);
}
if (!existsSync(CLI)) {
  process.stderr.write('bench: dist/ is missing: run `npm run build` first (`npm run bench` does)\n');
  process.exit(2);
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const ratio = (a: number, b: number) => `${fmt(a / b, 2)}×`;

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}
const targets: Target[] = [];

/**
 * Decode + analyse files one after another in one thread: throughput in × real time (wall). Runs in a fresh
 * process on the built code (bench/perf/analysis-throughput.mjs), after an untimed pass over `warmUp`.
 */
async function inProcessThroughput(files: string[], warmUp: string[]): Promise<{ xRealTime: number; audioS: number; wallS: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'voicegate-bench-throughput-'));
  try {
    await writeFile(path.join(dir, 'files.txt'), `${files.join('\n')}\n`);
    await writeFile(path.join(dir, 'warm-up.txt'), `${warmUp.join('\n')}\n`);
    const out = execFileSync(process.execPath, [THROUGHPUT_SCRIPT, String(runs), path.join(dir, 'warm-up.txt'), path.join(dir, 'files.txt')], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const { audioS, wallS } = JSON.parse(out) as { audioS: number; wallS: number[] };
    const medianWallS = median(wallS);
    return { xRealTime: audioS / medianWallS, audioS, wallS: medianWallS };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A shell loop over the files, the way a user would script a peer tool. */
async function shellLoop(files: string[], commandLine: (quotedFile: string) => string): Promise<Timing & { runs: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'voicegate-bench-loop-'));
  const list = path.join(dir, 'files.txt');
  await writeFile(list, `${files.join('\n')}\n`);
  const script = path.join(dir, 'loop.sh');
  await writeFile(script, `while IFS= read -r f; do ${commandLine('"$f"')} >/dev/null 2>&1 </dev/null; done < ${JSON.stringify(list)}\n`);
  try {
    return await medianOf(runs, () => timeCommand('bash', [script]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function voicegateRun(inputs: string[], args: string[], repeat = runs): Promise<Timing & { runs: number }> {
  return medianOf(repeat, async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'voicegate-bench-out-'));
    try {
      return await timeCommand(process.execPath, [CLI, 'run', ...args, '--out', out, '--quiet', '--', ...inputs], { okCodes: [0, 1] });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
}

/** Client overhead: uploads per second to the built-in server in another process, concurrency 16, no rate limit. */
async function uploadsPerSecond(cacheDir: string, count: number): Promise<{ perS: number; count: number }> {
  const dir = path.join(cacheDir, 'upload-clips');
  await mkdir(dir, { recursive: true });
  const wav = (await import('node-wav')).default;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `tone-${i}.wav`);
    if (!existsSync(file)) {
      const x = new Float32Array(8000).map((_, n) => 0.3 * Math.sin((2 * Math.PI * (150 + i) * n) / 16000));
      await writeFile(file, Buffer.from(wav.encode([x], { sampleRate: 16000, float: false, bitDepth: 16 })));
    }
    files.push(file);
  }
  const key = 'bench-key-0123456789';
  const server = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { env: { ...process.env, VOICEGATE_API_KEY: key }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      const match = /(http:\/\/[\d.:]+)\//.exec(d.toString());
      if (match) resolve(match[1]!);
    });
    server.on('exit', () => reject(new Error('voicegate serve exited early')));
  });
  const results: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const journal = path.join(await mkdtemp(path.join(tmpdir(), 'voicegate-bench-journal-')), 'journal.jsonl');
      const uploader = await createUploader({ endpoint: url, apiKey: key, journalPath: journal, concurrency: 16, rate: null });
      const started = performance.now();
      const done = await Promise.all(files.map((file) => uploader.upload({ path: file, durationS: 0.5, verdict: 'pass' })));
      const wallS = (performance.now() - started) / 1000;
      await uploader.close();
      const uploaded = done.filter((d) => d.status === 'uploaded').length;
      if (uploaded !== files.length) throw new Error(`only ${uploaded} of ${files.length} uploads succeeded`);
      results.push(files.length / wallS);
    }
  } finally {
    server.kill('SIGINT');
  }
  return { perS: median(results), count };
}

/** Opens a journal of `entries` realistic lines (cached) in a fresh process: open time and memory per entry (heap and typed arrays). */
async function journalFootprint(cacheDir: string, entries: number): Promise<{ entries: number; fileMb: number; openS: number; heapBytesPerEntry: number }> {
  const file = path.join(cacheDir, `journal-${entries}-sha256.jsonl`);
  if (!existsSync(file)) {
    const handle = await open(`${file}.tmp`, 'w');
    for (let start = 0; start < entries; start += 1000) {
      const lines: string[] = [];
      for (let n = start; n < Math.min(entries, start + 1000); n++) {
        const embedding = Array.from({ length: 192 }, () => (Math.random() - 0.5) * 0.3);
        lines.push(`${JSON.stringify({ sha256: createHash('sha256').update(String(n)).digest('hex'), endpoint: 'local', id: `voice_${n}`, embedding, uploadedAt: new Date().toISOString() })}\n`);
      }
      await handle.write(lines.join(''));
    }
    await handle.close();
    await rename(`${file}.tmp`, file);
  }
  const script = `
    const { Journal } = await import(${JSON.stringify(new URL('../../dist/upload/journal.js', import.meta.url).href)});
    const { setImmediate: tick } = await import('node:timers/promises');
    const held = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    // A single gc() right after the open sometimes left its read buffers uncollected (49 or 155 B per entry, run to run).
    const settle = async () => { for (let i = 0; i < 3; i++) { await tick(); globalThis.gc(); } };
    await settle(); const before = held(); const started = performance.now();
    const journal = await Journal.open(${JSON.stringify(file)}, { readOnly: true });
    const openS = (performance.now() - started) / 1000; await settle();
    console.log(JSON.stringify({ entries: journal.size, openS, heapBytesPerEntry: (held() - before) / journal.size }));`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  const { size } = await stat(file);
  return { ...(JSON.parse(out) as { entries: number; openS: number; heapBytesPerEntry: number }), fileMb: size / 1e6 };
}

/** Folders of `count` short silent WAV files (cached): a run over them is almost all per-input bookkeeping. */
async function tinyInputs(cacheDir: string, count: number): Promise<string> {
  const dir = path.join(cacheDir, `tiny-${count}`);
  if (existsSync(path.join(dir, 'done'))) return dir;
  const wav = (await import('node-wav')).default;
  const bytes = Buffer.from(wav.encode([new Float32Array(3200)], { sampleRate: 16000, float: false, bitDepth: 16 }));
  for (let n = 0; n < count; n++) {
    const folder = path.join(dir, `speaker-${String(Math.floor(n / 1000)).padStart(3, '0')}`);
    if (n % 1000 === 0) await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `take-${String(n).padStart(6, '0')}.wav`), bytes);
  }
  await writeFile(path.join(dir, 'done'), '');
  return dir;
}

/** `run --no-upload` over tiny inputs with the heap hook: the main thread's largest live heap, per input count. */
async function bookkeepingHeap(cacheDir: string, counts: number[]): Promise<Array<{ inputs: number; maxHeapMb: number; maxRssMb: number | null; wallS: number }>> {
  const results = [];
  for (const inputs of counts) {
    const dir = await tinyInputs(cacheDir, inputs);
    const heapFile = path.join(tmpdir(), `voicegate-bench-heap-${process.pid}-${inputs}`);
    const out = await mkdtemp(path.join(tmpdir(), 'voicegate-bench-many-'));
    try {
      const t = await timeCommand(process.execPath, ['--expose-gc', '--import', HEAP_HOOK, CLI, 'run', '--pipeline', 'dataset', '--no-upload', '--concurrency', '2', '--quiet', '--out', out, dir], {
        env: { VOICEGATE_BENCH_HEAP_FILE: heapFile },
        okCodes: [0, 1],
      });
      const { maxMb } = JSON.parse(await readFile(heapFile, 'utf8')) as { maxMb: number };
      results.push({ inputs, maxHeapMb: maxMb, maxRssMb: t.maxRssMb, wallS: t.wallS });
    } finally {
      await rm(out, { recursive: true, force: true });
      await rm(heapFile, { force: true });
    }
  }
  return results;
}

/** Cuts the first `seconds` of the 2-hour file into its own WAV (cached). */
async function prefixOf(long: string, seconds: number, cacheDir: string): Promise<string> {
  const file = path.join(cacheDir, `prefix-${seconds}s.wav`);
  if (existsSync(file)) return file;
  const source = await open(long, 'r');
  const bytes = seconds * 16000 * 2;
  const data = Buffer.alloc(44 + bytes);
  await source.read(data, 0, 44 + bytes, 0);
  await source.close();
  data.writeUInt32LE(36 + bytes, 4);
  data.writeUInt32LE(bytes, 40);
  await writeFile(file, data);
  return file;
}

async function main(): Promise<void> {
  const cacheDir = values.cache!;
  await mkdir(cacheDir, { recursive: true });
  const ffmpeg = await resolveFfmpeg();
  const soxPath = (() => {
    try {
      return execFileSync('bash', ['-c', 'command -v sox'], { encoding: 'utf8' }).trim() || null;
    } catch {
      return null;
    }
  })();
  log(`bench: building the corpus (${clipCount} clips) under ${cacheDir} …`);
  const corpus: Corpus = await buildCorpus(values.data!, cacheDir, clipCount, log);

  say('# Performance');
  say();
  say(`Measured by \`npm run bench\`${quick ? ' -- --quick' : ''} on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ffmpeg ${ffmpeg.version.replace(/^ffmpeg version /, '').split(' ')[0]} (${ffmpeg.source}), ${soxPath ? 'sox 14' : 'no sox'}. Medians of ${runs} run(s). Corpus: ${corpus.clips.length} real-speech clips (${fmt(corpus.clipsS / 3600, 2)} h, 3–12 s, 16 kHz mono; a third with real noise, a third with gaps), built from the development set and cached in \`${path.relative(process.cwd(), cacheDir)}\`.`);
  say();

  // 1. In-process analysis throughput per input kind.
  log('bench: in-process analysis throughput …');
  say('## Analysis throughput in one thread (decode + every measurement)');
  say();
  say('Files one after another in one thread of a fresh process running the built code, after an untimed pass over the same files (a batch runs at that steady state: timed after only 40 warm-up clips it read 10 % lower).');
  say();
  say('| input | files | audio | × real time |');
  say('|---|---|---|---|');
  const kinds: Array<[string, string[]]> = [
    ['16 kHz mono WAV', corpus.clips.slice(0, 200)],
    ['44.1 kHz stereo WAV', corpus.formats['wav44k-stereo']],
    ['FLAC (ffmpeg)', corpus.formats.flac],
    ['MP3 (ffmpeg)', corpus.formats.mp3],
  ];
  const throughput: Record<string, number> = {};
  for (const [name, files] of kinds) {
    const t = await inProcessThroughput(files, files);
    throughput[name] = t.xRealTime;
    say(`| ${name} | ${files.length} | ${fmt(t.audioS / 60, 1)} min | ${fmt(t.xRealTime, 0)}× |`);
  }
  say();
  const wav16 = throughput['16 kHz mono WAV']!;
  targets.push({ name: 'analysis, 16 kHz WAV, one core', target: '≥ 1,000× real time (stretch 3,000×)', measured: `${fmt(wav16, 0)}×`, met: wav16 >= 1000 });

  // 2. The long files: voicegate vs the peers' filter chains.
  log('bench: 1-hour file …');
  const ffmpegChain = (file: string) => [ffmpeg.path, ['-nostdin', '-nostats', '-i', file, '-af', 'silencedetect=n=-40dB:d=0.3,astats,ebur128', '-f', 'null', '-']] as const;
  const vgLong = await medianOf(runs, () => timeCommand(process.execPath, [CLI, 'run', '--pipeline', 'report-only', '--no-upload', '--quiet', '--out', path.join(tmpdir(), 'voicegate-bench-long'), corpus.long1h], { okCodes: [0, 1] }));
  const ffLong = await medianOf(runs, () => timeCommand(...(ffmpegChain(corpus.long1h) as unknown as [string, string[]])));
  const soxLong = soxPath ? await medianOf(runs, () => timeCommand(soxPath, [corpus.long1h, '-n', 'stats'])) : null;
  say('## One 1-hour file (16 kHz mono WAV)');
  say();
  say('| tool | what it measures | wall | CPU | voicegate ÷ tool (wall) |');
  say('|---|---|---|---|---|');
  say(`| voicegate (\`run --pipeline report-only\`) | every metric, rules, report | ${fmt(vgLong.wallS, 2)} s | ${fmt(vgLong.cpuS, 2)} s | |`);
  say(`| ffmpeg \`silencedetect,astats,ebur128\` | silences, levels, loudness | ${fmt(ffLong.wallS, 2)} s | ${fmt(ffLong.cpuS, 2)} s | ${ratio(vgLong.wallS, ffLong.wallS)} |`);
  if (soxLong) say(`| sox \`stats\` | levels | ${fmt(soxLong.wallS, 2)} s | ${fmt(soxLong.cpuS, 2)} s | ${ratio(vgLong.wallS, soxLong.wallS)} |`);
  say();
  targets.push({ name: '1-hour file vs ffmpeg filter chain', target: '≤ 1.0× ffmpeg wall', measured: ratio(vgLong.wallS, ffLong.wallS), met: vgLong.wallS <= ffLong.wallS });

  // 3. The batch end to end, with 1 and 2 workers, against the peers' per-file loops.
  log(`bench: batch of ${corpus.clips.length} clips …`);
  const batchArgs = ['--pipeline', 'dataset', '--rate', 'off', '--upload-concurrency', '16'];
  const vg1 = await voicegateRun(corpus.clips, [...batchArgs, '--concurrency', '1']);
  const vg2 = await voicegateRun(corpus.clips, [...batchArgs, '--concurrency', '2']);
  const ffLoop = await shellLoop(corpus.clips, (f) => `${JSON.stringify(ffmpeg.path)} -nostdin -nostats -i ${f} -af silencedetect=n=-40dB:d=0.3,astats,ebur128 -f null -`);
  const soxLoop = soxPath ? await shellLoop(corpus.clips, (f) => `${JSON.stringify(soxPath)} ${f} -n stats`) : null;
  const n = corpus.clips.length;
  say(`## Batch of ${n} clips end to end`);
  say();
  say('voicegate: decode, measure, judge, fix (trim, gaps, split, normalise), re-measure outputs, reports, summary, and upload to the built-in server (no rate limit, 16 in flight). Peers: one process per file in a shell loop, as a user would script them; they only measure.');
  say();
  say('| run | wall | CPU | files/s | × real time | peak RSS | voicegate ÷ ffmpeg loop (wall) |');
  say('|---|---|---|---|---|---|---|');
  const row = (name: string, t: Timing, rss = true) =>
    `| ${name} | ${fmt(t.wallS, 1)} s | ${fmt(t.cpuS, 1)} s | ${fmt(n / t.wallS, 1)} | ${fmt(corpus.clipsS / t.wallS, 0)}× | ${rss && t.maxRssMb !== null ? `${fmt(t.maxRssMb, 0)} MB` : ''} | ${ratio(t.wallS, ffLoop.wallS)} |`;
  say(row('voicegate run, 1 worker', vg1));
  say(row('voicegate run, 2 workers', vg2));
  say(row('ffmpeg loop', ffLoop, false));
  if (soxLoop) say(row('sox stats loop', soxLoop, false));
  say();
  targets.push({ name: `${n}-clip batch vs ffmpeg loop`, target: '≤ 0.5× ffmpeg loop wall', measured: `${ratio(vg2.wallS, ffLoop.wallS)} (2 workers)`, met: vg2.wallS <= 0.5 * ffLoop.wallS });
  targets.push({ name: '2 workers vs 1', target: '≥ 1.7× the throughput', measured: ratio(vg1.wallS, vg2.wallS), met: vg1.wallS / vg2.wallS >= 1.7 });
  targets.push({ name: 'peak RSS, batch', target: '≤ 250 MB', measured: `${fmt(Math.max(vg1.maxRssMb ?? 0, vg2.maxRssMb ?? 0), 0)} MB`, met: Math.max(vg1.maxRssMb ?? 0, vg2.maxRssMb ?? 0) <= 250 });

  // 4. Pre-flight: one 10 s clip as a new process.
  log('bench: check …');
  const tenS = await prefixOf(corpus.long2h, 10, cacheDir);
  const check = await medianOf(Math.max(5, runs * 3), () => timeCommand(process.execPath, [CLI, 'check', tenS], { okCodes: [0, 1] }));
  say('## Pre-flight: `voicegate check` on a 10 s WAV, a new process each time (Node start included)');
  say();
  say(`${fmt(check.wallS * 1000, 0)} ms wall (median of ${check.runs}), ${fmt(check.cpuS * 1000, 0)} ms CPU, ${fmt(check.maxRssMb ?? 0, 0)} MB peak RSS.`);
  say();
  targets.push({ name: '`check` on a 10 s clip, cold', target: '≤ 300 ms wall', measured: `${fmt(check.wallS * 1000, 0)} ms`, met: check.wallS <= 0.3 });

  // 5. Memory on the 2-hour file.
  log('bench: 2-hour file …');
  const long2 = await medianOf(1, () => timeCommand(process.execPath, [CLI, 'run', '--pipeline', 'report-only', '--no-upload', '--quiet', '--out', path.join(tmpdir(), 'voicegate-bench-long2'), corpus.long2h], { okCodes: [0, 1] }));
  say('## Memory');
  say();
  say(`| input | peak RSS | wall |`);
  say('|---|---|---|');
  say(`| ${n}-clip batch, 1 worker | ${fmt(vg1.maxRssMb ?? 0, 0)} MB | ${fmt(vg1.wallS, 1)} s |`);
  say(`| ${n}-clip batch, 2 workers | ${fmt(vg2.maxRssMb ?? 0, 0)} MB | ${fmt(vg2.wallS, 1)} s |`);
  say(`| 1-hour file | ${fmt(vgLong.maxRssMb ?? 0, 0)} MB | ${fmt(vgLong.wallS, 1)} s |`);
  say(`| 2-hour file | ${fmt(long2.maxRssMb ?? 0, 0)} MB | ${fmt(long2.wallS, 1)} s |`);
  say();
  targets.push({ name: 'peak RSS, 2-hour file', target: '≤ 400 MB', measured: `${fmt(long2.maxRssMb ?? 0, 0)} MB`, met: (long2.maxRssMb ?? Infinity) <= 400 });

  // 6. Client overhead.
  log('bench: uploads …');
  const uploads = await uploadsPerSecond(cacheDir, quick ? 300 : 1000);
  say('## Uploads to the built-in server (another process), 16 in flight, no rate limit');
  say();
  say(`${fmt(uploads.perS, 0)} uploads/s over ${uploads.count} 0.5 s clips (the server decodes each and computes its embedding on the other core).`);
  say();
  targets.push({ name: 'client overhead', target: '≥ 500 uploads/s', measured: `${fmt(uploads.perS, 0)}/s`, met: uploads.perS >= 500 });

  // 6b. Resuming a large batch: the upload journal's memory per clip.
  log('bench: upload journal …');
  const journal = await journalFootprint(cacheDir, quick ? 5000 : 50_000);
  say('## Upload journal of a large batch');
  say();
  say(`A journal of ${journal.entries.toLocaleString('en-US')} uploads (${fmt(journal.fileMb, 0)} MB, as a resumed run finds it) opens in ${fmt(journal.openS, 2)} s and holds ${fmt(journal.heapBytesPerEntry, 0)} bytes of memory per upload (V8 heap and typed arrays), i.e. as many MB per million clips (the embeddings stay in the file and are read back when needed).`);
  say();

  // 6c. Many inputs: what a run keeps per input (reports, summary rows, upload bookkeeping) must not pile up.
  log('bench: many inputs …');
  const bookkeeping = await bookkeepingHeap(cacheDir, quick ? [2000, 8000] : [10_000, 40_000]);
  say('## Many inputs: memory kept per input');
  say();
  say('`voicegate run --no-upload` over N short WAV files (0.2 s each, so the run is mostly bookkeeping: one report, one summary row per input), 2 workers. The main thread\'s live heap after a forced garbage collection, sampled once a second: its maximum over the run, and its growth per input between the two runs.');
  say();
  say('| inputs | max live heap (main thread) | peak RSS | wall |');
  say('|---|---|---|---|');
  for (const b of bookkeeping) say(`| ${b.inputs.toLocaleString('en-US')} | ${fmt(b.maxHeapMb, 1)} MB | ${fmt(b.maxRssMb ?? 0, 0)} MB | ${fmt(b.wallS, 1)} s |`);
  const [small, large] = [bookkeeping[0]!, bookkeeping.at(-1)!];
  const bytesPerInput = ((large.maxHeapMb - small.maxHeapMb) * 1048576) / (large.inputs - small.inputs);
  say();
  say(`Growth: ${fmt(bytesPerInput, 0)} bytes of live heap per input between the two runs. A run holds at most 10,000 summary rows (~0.7 kB each) before they go to a sorted run on disk, so from 10,000 inputs on what grows is the list of inputs itself (their paths).`);
  say();

  // 7. Growth.
  log('bench: growth …');
  say('## Growth');
  say();
  say('Analysis time against clip duration (one thread of a fresh process on the built code, after a warm-up pass over 200 clips):');
  say();
  say('| duration | wall | × real time | µs per audio second |');
  say('|---|---|---|---|');
  for (const seconds of quick ? [1, 10, 60, 600] : [1, 10, 60, 600, 3600, 7200]) {
    const file = seconds === 7200 ? corpus.long2h : seconds === 3600 ? corpus.long1h : await prefixOf(corpus.long2h, seconds, cacheDir);
    const repeat = Math.max(1, Math.round(60 / seconds));
    const t = await inProcessThroughput(Array.from({ length: Math.min(repeat, 50) }, () => file), corpus.clips.slice(0, 200));
    say(`| ${seconds >= 3600 ? `${seconds / 3600} h` : `${seconds} s`} | ${fmt(t.wallS, 3)} s | ${fmt(t.xRealTime, 0)}× | ${fmt((t.wallS / t.audioS) * 1e6, 0)} |`);
  }
  say();
  say('Batch time against the number of files (`voicegate run`, 2 workers, uploads included):');
  say();
  say('| files | wall | files/s |');
  say('|---|---|---|');
  for (const count of [100, 500, 1000, 2000].filter((c) => c <= corpus.clips.length)) {
    const t = count === corpus.clips.length ? vg2 : await voicegateRun(corpus.clips.slice(0, count), [...batchArgs, '--concurrency', '2'], 1);
    say(`| ${count} | ${fmt(t.wallS, 1)} s | ${fmt(count / t.wallS, 1)} |`);
  }
  say();

  say('## Targets');
  say();
  say('| target | goal | measured | met |');
  say('|---|---|---|---|');
  for (const t of targets) say(`| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  say();
  if (!quick) await writeFile('docs/performance.md', `${lines.join('\n')}\n`);
  log(quick ? 'bench: --quick run, docs/performance.md left as it was' : 'bench: wrote docs/performance.md');
}

await main();
