import { describe, expect, test } from 'vitest';
import { computeEmbedding, EMBEDDING_SIZE } from '../../src/server/embedding.js';
import { resample } from '../helpers/resample.js';
import { whiteNoise } from '../helpers/signals.js';
import { readWav } from '../helpers/wav.js';

const SPEECH = new URL('../fixtures/speech/', import.meta.url).pathname;
/** Two utterances each of three LibriSpeech readers (test/fixtures/README.md). */
const CLIPS = {
  '1688': ['1688-142285-0003.wav', '1688-142285-0004.wav'],
  '3080': ['3080-5032-0000.wav', '3080-5032-0001.wav'],
  '3331': ['3331-159605-0001.wav', '3331-159605-0002.wav'],
} as const;

function embed(file: string): Float32Array {
  const wav = readWav(SPEECH + file);
  return computeEmbedding(wav.channels, wav.sampleRateHz);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

describe('computeEmbedding', () => {
  test('192 finite values of unit length, the same every time', () => {
    const a = embed('p286_011.wav');
    expect(a).toHaveLength(EMBEDDING_SIZE);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(norm(a)).toBeCloseTo(1, 5);
    expect(embed('p286_011.wav')).toEqual(a);
  });

  test('each clip is closer to its own speaker’s other clip than to any other speaker’s clip', () => {
    const speakers = Object.entries(CLIPS).map(([speaker, files]) => ({ speaker, vectors: files.map(embed) }));
    for (const { speaker, vectors } of speakers) {
      const same = cosine(vectors[0]!, vectors[1]!);
      const others = speakers.filter((s) => s.speaker !== speaker).flatMap((s) => s.vectors);
      for (const own of vectors) {
        const closestOther = Math.max(...others.map((other) => cosine(own, other)));
        expect(same, `speaker ${speaker}`).toBeGreaterThan(closestOther);
      }
    }
  });

  test('hardly depends on the sample rate or the level', () => {
    const wav = readWav(SPEECH + CLIPS['1688'][0]);
    const original = computeEmbedding(wav.channels, wav.sampleRateHz);
    const upsampled = computeEmbedding([resample(wav.channels[0]!, wav.sampleRateHz, 48_000)], 48_000);
    const quieter = computeEmbedding([wav.channels[0]!.map((x) => x * 0.1)], wav.sampleRateHz);
    const other = embed(CLIPS['3080'][0]);
    expect(cosine(original, quieter)).toBeGreaterThan(0.999);
    // Closer to itself at another rate than the same speaker's other utterance is.
    expect(cosine(original, upsampled)).toBeGreaterThan(cosine(original, embed(CLIPS['1688'][1])));
    expect(cosine(original, upsampled)).toBeGreaterThan(cosine(original, other));
  });

  test('downmixes channels, ignores non-finite samples and gives zeros for digital silence', () => {
    const noise = whiteNoise(0.1, 1, 16_000);
    const mono = computeEmbedding([noise], 16_000);
    expect(computeEmbedding([noise, noise], 16_000)).toEqual(mono);
    const spoiled = noise.slice();
    spoiled[100] = Number.NaN;
    spoiled[200] = Number.POSITIVE_INFINITY;
    expect(computeEmbedding([spoiled], 16_000).every(Number.isFinite)).toBe(true);
    expect(computeEmbedding([new Float32Array(16_000)], 16_000).every((v) => v === 0)).toBe(true);
    expect(computeEmbedding([new Float32Array(10)], 16_000).every((v) => v === 0)).toBe(true);
  });
});
