/**
 * The benchmark corpus, built from the development set (real speech and real noise) and cached under
 * .cache/bench/: seeded, so every build writes the same files.
 *
 * - `clips/`: N clips of 3–12 s, 16 kHz mono 16-bit WAV: utterances of one reader joined, a third with real
 *   noise mixed in (10–35 dB), a third with real room-tone gaps of 0.5–2.5 s between utterances.
 * - `mp3/`, `flac/`, `wav44k-stereo/`: the first 200 clips re-encoded by the resolved ffmpeg binary.
 * - `long-1h.wav`, `long-2h.wav`: utterances joined end to end.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import wav from 'node-wav';
import { resolveFfmpeg } from '../../src/decode/index.js';
import { seededRandom } from '../../src/server/prng.js';

const RATE = 16000;
export const FORMAT_CLIPS = 200;

export interface Corpus {
  root: string;
  clips: string[];
  /** Audio seconds of all clips. */
  clipsS: number;
  formats: Record<'mp3' | 'flac' | 'wav44k-stereo', string[]>;
  long1h: string;
  long2h: string;
}


function pcm16(samples: Float32Array): Buffer {
  return Buffer.from(wav.encode([samples], { sampleRate: RATE, float: false, bitDepth: 16 }));
}

async function readMono16k(file: string): Promise<Float32Array> {
  const decoded = wav.decode(await readFile(file));
  if (!decoded) throw new Error(`expected a WAV file: ${file}`);
  const { sampleRate, channelData } = decoded;
  if (sampleRate !== RATE) throw new Error(`expected ${RATE} Hz speech, got ${sampleRate} Hz in ${file}`);
  return Float32Array.from(channelData[0]!);
}

/** Readers (speaker → utterances) of the 16 kHz clean speech in the development set. */
async function loadReaders(dataDir: string): Promise<Float32Array[][]> {
  const base = path.join(dataDir, 'clean_speech/librispeech_test-other');
  const readers: Float32Array[][] = [];
  for (const speaker of (await readdir(base)).sort()) {
    const files = (await readdir(path.join(base, speaker))).filter((f) => f.endsWith('.wav')).sort();
    readers.push(await Promise.all(files.map((f) => readMono16k(path.join(base, speaker, f)))));
  }
  const arctic = path.join(dataDir, 'clean_speech/cmu_arctic');
  for (const speaker of ['aew', 'axb']) {
    const files = (await readdir(arctic)).filter((f) => f.includes(`_${speaker}_`)).sort();
    readers.push(await Promise.all(files.map((f) => readMono16k(path.join(arctic, f)))));
  }
  return readers;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function meanSquare(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s / Math.max(1, x.length);
}

function noiseSlice(noise: Float32Array, length: number, random: () => number): Float32Array {
  const start = Math.floor(random() * Math.max(1, noise.length - length));
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = noise[(start + i) % noise.length]!;
  return out;
}

function makeClip(readers: Float32Array[][], noises: Float32Array[], random: () => number): Float32Array {
  const reader = readers[Math.floor(random() * readers.length)]!;
  const targetS = 3 + random() * 9;
  const kind = random();
  const noise = noises[Math.floor(random() * noises.length)]!;
  const roomTone = (seconds: number) => noiseSlice(noise, Math.round(seconds * RATE), random).map((v) => v * 0.003);
  const parts: Float32Array[] = [roomTone(0.2)];
  let length = parts[0]!.length;
  while (length < targetS * RATE) {
    const utterance = reader[Math.floor(random() * reader.length)]!;
    parts.push(utterance);
    length += utterance.length;
    if (kind > 2 / 3 && length < targetS * RATE) {
      const gap = roomTone(0.5 + random() * 2);
      parts.push(gap);
      length += gap.length;
    }
  }
  const clip = concat(parts).subarray(0, Math.round(targetS * RATE)).slice();
  if (kind < 1 / 3) {
    const snrDb = 10 + random() * 25;
    const n = noiseSlice(noise, clip.length, random);
    const gain = Math.sqrt(meanSquare(clip) / 10 ** (snrDb / 10) / meanSquare(n));
    for (let i = 0; i < clip.length; i++) clip[i] = clip[i]! + gain * n[i]!;
  }
  const level = 0.3 + random() * 0.5;
  let peak = 0;
  for (const v of clip) peak = Math.max(peak, Math.abs(v));
  return clip.map((v) => (v * level) / peak);
}

async function writeLong(file: string, readers: Float32Array[][], hours: number): Promise<void> {
  if (existsSync(file)) return;
  const frames = hours * 3600 * RATE;
  const header = pcm16(new Float32Array(0));
  header.writeUInt32LE(36 + frames * 2, 4);
  header.writeUInt32LE(frames * 2, 40);
  const all = readers.flat();
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.write(header.subarray(0, 44));
    let written = 0;
    for (let i = 0; written < frames; i++) {
      const data = pcm16(all[i % all.length]!).subarray(44);
      const take = Math.min(data.length / 2, frames - written);
      await handle.write(data.subarray(0, take * 2));
      written += take;
    }
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

const run = promisify(execFile);

async function encodeFormats(root: string, clips: string[], log: (line: string) => void): Promise<Corpus['formats']> {
  const ffmpeg = (await resolveFfmpeg()).path;
  const specs = {
    mp3: { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '128k'] },
    flac: { ext: 'flac', args: ['-c:a', 'flac'] },
    'wav44k-stereo': { ext: 'wav', args: ['-ar', '44100', '-ac', '2', '-c:a', 'pcm_s16le'] },
  } as const;
  const formats = { mp3: [] as string[], flac: [] as string[], 'wav44k-stereo': [] as string[] };
  for (const [name, spec] of Object.entries(specs) as Array<[keyof typeof specs, (typeof specs)[keyof typeof specs]]>) {
    const dir = path.join(root, name);
    await mkdir(dir, { recursive: true });
    let made = 0;
    for (const clip of clips.slice(0, FORMAT_CLIPS)) {
      const target = path.join(dir, `${path.basename(clip, '.wav')}.${spec.ext}`);
      if (!existsSync(target)) {
        await run(ffmpeg, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', clip, ...spec.args, `${target}.tmp.${spec.ext}`]);
        await rename(`${target}.tmp.${spec.ext}`, target);
        made++;
      }
      formats[name].push(target);
    }
    if (made > 0) log(`corpus: encoded ${made} clips as ${name}`);
  }
  return formats;
}

/** Builds (or reuses) the corpus under `cacheDir`. */
export async function buildCorpus(dataDir: string, cacheDir: string, clipCount: number, log: (line: string) => void): Promise<Corpus> {
  const root = path.join(cacheDir, `corpus-${clipCount}`);
  const clipDir = path.join(root, 'clips');
  await mkdir(clipDir, { recursive: true });
  const readers = await loadReaders(dataDir);
  const noises = await Promise.all(['doing_the_dishes_first20s.wav', 'exercise_bike_first20s.wav'].map((f) => readMono16k(path.join(dataDir, 'noise/speech_commands', f))));
  const random = seededRandom(2026);
  const clips: string[] = [];
  let clipsS = 0;
  let made = 0;
  for (let i = 0; i < clipCount; i++) {
    const clip = makeClip(readers, noises, random);
    const file = path.join(clipDir, `clip-${String(i).padStart(5, '0')}.wav`);
    if (!existsSync(file)) {
      await writeFile(file, pcm16(clip));
      made++;
    }
    clips.push(file);
    clipsS += clip.length / RATE;
  }
  if (made > 0) log(`corpus: wrote ${made} clips (${(clipsS / 3600).toFixed(2)} h) to ${clipDir}`);
  const formats = await encodeFormats(root, clips, log);
  const long1h = path.join(cacheDir, 'long-1h.wav');
  const long2h = path.join(cacheDir, 'long-2h.wav');
  await writeLong(long1h, readers, 1);
  await writeLong(long2h, readers, 2);
  return { root, clips, clipsS, formats, long1h, long2h };
}
