#!/usr/bin/env node
// Builds samples/ from the development set (default ../shared/data, or --data DIR): a few real clips copied
// as they are, and a few made from them with known problems (noise at a known SNR, a real room's reverb,
// a long take, clipping, leading silence). Seeded: every run writes the same bytes.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import wav from 'node-wav';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data' }, out: { type: 'string', default: 'samples' } } });
const data = values.data;
if (!existsSync(path.join(data, 'manifest.json'))) {
  console.error(`make-samples: the data folder ${data} is missing (pass --data DIR pointing at the development set)`);
  process.exit(2);
}
mkdirSync(values.out, { recursive: true });

const read = (rel) => {
  const { sampleRate, channelData } = wav.decode(readFileSync(path.join(data, rel)));
  return { rate: sampleRate, x: Float32Array.from(channelData[0]) };
};
const write = (name, rate, x) => writeFileSync(path.join(values.out, name), wav.encode([x], { sampleRate: rate, float: false, bitDepth: 16 }));
const copy = (rel, name) => writeFileSync(path.join(values.out, name), readFileSync(path.join(data, rel)));

function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const meanSquare = (x) => x.reduce((s, v) => s + v * v, 0) / x.length;
const concat = (...parts) => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
/** Loud-frame speech power (frames within 20 dB of the loudest): a simple active level for labelling mixtures. */
function activePower(x, rate) {
  const hop = Math.round(0.02 * rate);
  const frames = [];
  for (let i = 0; i + hop <= x.length; i += hop) frames.push(meanSquare(x.subarray(i, i + hop)));
  const top = Math.max(...frames);
  const active = frames.filter((p) => p > top / 100);
  return active.reduce((s, p) => s + p, 0) / active.length;
}
/** Windowed-sinc resampler (Blackman, 32 zero crossings): good enough to move an RIR between rates. */
function resample(x, from, to) {
  const ratio = to / from;
  const n = Math.floor(x.length * ratio);
  const cutoff = Math.min(1, ratio);
  const half = 32 / cutoff;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / ratio;
    let acc = 0;
    for (let k = Math.ceil(t - half); k <= Math.floor(t + half); k++) {
      if (k < 0 || k >= x.length) continue;
      const d = t - k;
      const w = 0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half);
      const s = d === 0 ? 1 : Math.sin(Math.PI * d * cutoff) / (Math.PI * d * cutoff);
      acc += x[k] * cutoff * s * w;
    }
    out[i] = acc;
  }
  return out;
}
function convolve(x, h) {
  const out = new Float32Array(x.length + h.length - 1);
  for (let j = 0; j < h.length; j++) {
    const hj = h[j];
    if (Math.abs(hj) < 1e-6) continue;
    for (let i = 0; i < x.length; i++) out[i + j] += x[i] * hj;
  }
  return out;
}
const scaleTo = (x, peak) => {
  const m = x.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  return x.map((v) => (v * peak) / m);
};

// 1. Real clips, unchanged.
copy('clean_speech/librispeech_test-other/1688/1688-142285-0003.wav', 'librispeech-1688-clean.wav');
copy('clean_speech/vctk/p286_011.wav', 'vctk-p286-48k.wav');
copy('clean_speech/cmu_arctic/cmu_arctic_us_axb_a0005.wav', 'arctic-axb-short.wav');

// 2. Real kitchen noise under real speech at 10 dB SNR (loud-frame speech power over mean noise power).
{
  const speech = read('clean_speech/librispeech_test-other/3080/3080-5032-0001.wav');
  const noise = read('noise/speech_commands/doing_the_dishes_first20s.wav').x.subarray(16000, 16000 + speech.x.length);
  const gain = Math.sqrt(activePower(speech.x, speech.rate) / 10 ** (10 / 10) / meanSquare(noise));
  write('librispeech-3080-dishes-10db.wav', speech.rate, speech.x.map((v, i) => v + gain * noise[i]));
}

// 3. Real room: speech convolved with the Elveden Hall smoking-room impulse response (OpenAIR via pymixconsole).
{
  const speech = read('clean_speech/librispeech_test-other/3331/3331-159605-0002.wav');
  const rir = read('rir/pymixconsole/medium_room.wav');
  const wet = convolve(speech.x, resample(rir.x, rir.rate, speech.rate));
  write('librispeech-3331-reverberant-room.wav', speech.rate, scaleTo(wet, 0.5));
}

// 4. Clipped: +14 dB of gain into a hard limit at full scale.
{
  const speech = read('clean_speech/librispeech_test-other/2033/2033-164914-0001.wav');
  write('librispeech-2033-clipped.wav', speech.rate, speech.x.map((v) => Math.max(-1, Math.min(1, v * 5))));
}

// 5. Leading silence: 2.5 s of low room noise before an ARCTIC sentence (the fix trims it).
const roomTone = (seconds, rate, seed) => {
  const bike = read('noise/speech_commands/exercise_bike_first20s.wav').x;
  const rnd = random(seed);
  const start = Math.floor(rnd() * (bike.length - seconds * rate));
  const level = 10 ** (-62 / 20) / Math.sqrt(meanSquare(bike));
  return bike.slice(start, start + Math.round(seconds * rate)).map((v) => v * level);
};
{
  const speech = read('clean_speech/cmu_arctic/cmu_arctic_us_aew_a0001.wav');
  write('arctic-aew-leading-silence.wav', speech.rate, concat(roomTone(2.5, speech.rate, 1), speech.x));
}

// 6. A long take (> 30 s): one LibriSpeech reader's three sentences and a retake of the first, 1.2 s pauses
// between them (cut or split at pauses). Speaker 2414 reads 39–42 dB above the room, so the take is clean.
{
  const names = ['0001', '0006', '0007', '0001'].map((n) => `clean_speech/librispeech_test-other/2414/2414-128291-${n}.wav`);
  const parts = [];
  names.forEach((n, i) => {
    const { rate, x } = read(n);
    parts.push(roomTone(i === 0 ? 1.0 : 1.2, rate, 10 + i), x);
  });
  parts.push(roomTone(1.0, 16000, 99));
  write('librispeech-2414-long-take.wav', 16000, concat(...parts));
}
console.log(`make-samples: wrote ${values.out}/`);
