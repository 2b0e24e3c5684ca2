import { createHash } from 'node:crypto';
import wav from 'node-wav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAudio, type OpenAudioOptions, type SourceInfo } from '../../src/decode/index.js';
import type { PcmEncoding } from '../../src/decode/wavHeader.js';
import { interleavedToPlanar } from '../../src/decode/pcm.js';
import { seededRandom, sine } from '../helpers/signals.js';
import { collect, maxAbsDiff, tempDir, type TempDir } from './collect.js';
import { buildWav, type WavSpec } from './wavBuilder.js';

const RATE = 48_000;
/** Longer than one 65 536-frame chunk, so the streamed path crosses chunk boundaries. */
const FRAMES = 70_001;

/** Stereo: a sine on the left, seeded noise spanning (−1, 1) on the right, so both channels and extremes are checked. */
function testSignal(frames = FRAMES): Float32Array[] {
  const random = seededRandom(7);
  const right = new Float32Array(frames).map(() => 0.999 * (2 * random() - 1));
  return [sine(440, 0.5, frames / RATE, RATE), right];
}

/** node-wav's own decode of a plain file (data 8-byte aligned, which its Float64Array view needs): the reference. */
function nodeWavDecode(spec: WavSpec): Float32Array[] {
  const decoded = wav.decode(buildWav({ ...spec, extensible: false, truncateBytes: 0, listBytes: 4 }).buffer as ArrayBuffer);
  if (!decoded) throw new Error('node-wav found no data');
  return decoded.channelData;
}

/** Rounding to the nearest step (½ step) plus node-wav's 2^(n−1)−1 divisor for positive values (≤ 1 step), plus float32 rounding. */
const TOLERANCE: Record<PcmEncoding, number> = { u8: 1.5 / 128, s16: 1.5 / 32768, s24: 1.5 / 8388608 + 1e-7, s32: 1e-7, f32: 0, f64: 1e-7 };
const DEPTH: Record<PcmEncoding, number> = { u8: 8, s16: 16, s24: 24, s32: 32, f32: 32, f64: 64 };
const ENCODINGS: PcmEncoding[] = ['u8', 's16', 's24', 's32', 'f32', 'f64'];
/** The in-memory path (16-bit PCM by our converter, the rest by node-wav) and the streamed one, forced by a tiny threshold. */
const PATHS: { path: string; decoderFor: (encoding: PcmEncoding) => SourceInfo['decoder']; options: OpenAudioOptions }[] = [
  { path: 'in-memory', decoderFor: (encoding) => (encoding === 's16' ? 'wav-s16' : 'node-wav'), options: {} },
  { path: 'streamed', decoderFor: () => 'wav-stream', options: { streamAboveBytes: 1000 } },
];

let temp: TempDir;
beforeAll(async () => {
  temp = await tempDir('wav');
});
afterAll(() => temp.remove());

async function writeWav(name: string, spec: WavSpec): Promise<{ file: string; bytes: Uint8Array }> {
  const bytes = buildWav(spec);
  return { file: await temp.file(name, bytes), bytes };
}

describe.each(PATHS)('WAV, $path', ({ path: decoder, decoderFor, options }) => {
  const signal = testSignal();

  it.each(ENCODINGS)('decodes %s to node-wav-equal samples, with the stream described', async (encoding) => {
    const spec: WavSpec = { channels: signal, sampleRateHz: RATE, encoding };
    const { file, bytes } = await writeWav(`plain-${encoding}-${decoder}.wav`, spec);
    const source = await openAudio(file, options);
    const decoded = await collect(source);
    const reference = nodeWavDecode(spec);
    expect(source.info).toMatchObject({
      container: 'wav',
      codec: encoding === 'u8' ? 'pcm_u8' : `pcm_${encoding}le`,
      sampleRateHz: RATE,
      channels: 2,
      bitDepth: DEPTH[encoding],
      sampleFormat: encoding.startsWith('f') ? 'float' : 'int',
      bytes: bytes.length,
      decoder: decoderFor(encoding),
    });
    expect(source.info.durationS).toBeCloseTo(FRAMES / RATE, 9);
    expect(source.info.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(source.warnings).toEqual([]);
    for (let c = 0; c < 2; c++) {
      expect(decoded[c]!.length).toBe(FRAMES);
      expect(maxAbsDiff(decoded[c]!, reference[c]!)).toBe(0);
      // and node-wav is right: within one quantisation step of what was written
      expect(maxAbsDiff(decoded[c]!, signal[c]!)).toBeLessThanOrEqual(TOLERANCE[encoding]);
    }
  });

  it.each(ENCODINGS)('decodes WAVE_FORMAT_EXTENSIBLE %s like the plain file', async (encoding) => {
    const spec: WavSpec = { channels: signal, sampleRateHz: RATE, encoding, extensible: true };
    const { file } = await writeWav(`ext-${encoding}-${decoder}.wav`, spec);
    const decoded = await collect(await openAudio(file, options));
    const reference = nodeWavDecode(spec);
    for (let c = 0; c < 2; c++) expect(maxAbsDiff(decoded[c]!, reference[c]!)).toBe(0);
  });

  it('reports the significant bits of an extensible 20-in-24-bit file', async () => {
    const { file } = await writeWav(`ext20-${decoder}.wav`, { channels: signal, sampleRateHz: RATE, encoding: 's24', extensible: true, validBits: 20 });
    expect((await openAudio(file, options)).info.bitDepth).toBe(20);
  });

  it('decodes the most negative 24-bit sample as −1 (node-wav alone reads it as +1)', async () => {
    const { file } = await writeWav(`min24-${decoder}.wav`, { channels: [new Float32Array([-1, 0.5, -1])], sampleRateHz: RATE, encoding: 's24' });
    const [decoded] = await collect(await openAudio(file, options));
    expect(Array.from(decoded!)).toEqual([-1, Math.fround(4194304 / 8388607), -1]);
  });

  it('skips a chunk before data, including its pad byte', async () => {
    const { file, bytes } = await writeWav(`list-${decoder}.wav`, { channels: signal, sampleRateHz: RATE, encoding: 's16', listBytes: 33 });
    const decoded = await collect(await openAudio(file, options));
    const reference = nodeWavDecode({ channels: signal, sampleRateHz: RATE, encoding: 's16' });
    expect(bytes.length).toBeGreaterThan(1000);
    for (let c = 0; c < 2; c++) expect(maxAbsDiff(decoded[c]!, reference[c]!)).toBe(0);
  });

  it('decodes what a truncated file holds, with an input/truncated warning', async () => {
    const cutFrames = 1000;
    const { file } = await writeWav(`truncated-${decoder}.wav`, { channels: signal, sampleRateHz: RATE, encoding: 's16', truncateBytes: cutFrames * 4 });
    const source = await openAudio(file, options);
    const decoded = await collect(source);
    expect(source.warnings.map((w) => w.ruleId)).toEqual(['input/truncated']);
    expect(source.warnings[0]!.message).toMatch(/claims 280004 bytes .* holds 276004/);
    expect(decoded[0]!.length).toBe(FRAMES - cutFrames);
    expect(source.info.durationS).toBeCloseTo((FRAMES - cutFrames) / RATE, 9);
    const reference = nodeWavDecode({ channels: signal, sampleRateHz: RATE, encoding: 's16' });
    for (let c = 0; c < 2; c++) expect(maxAbsDiff(decoded[c]!, reference[c]!.subarray(0, FRAMES - cutFrames))).toBe(0);
  });

  it('drops a final partial frame with a warning', async () => {
    const { file } = await writeWav(`partial-${decoder}.wav`, { channels: signal, sampleRateHz: RATE, encoding: 's16', truncateBytes: 1 });
    const source = await openAudio(file, options);
    expect((await collect(source))[0]!.length).toBe(FRAMES - 1);
    expect(source.warnings.map((w) => w.code)).toContain('INPUT_TRUNCATED');
  });

  it('decodes a 1-sample file', async () => {
    const { file } = await writeWav(`one-${decoder}.wav`, { channels: [new Float32Array([0.25])], sampleRateHz: 16_000, encoding: 's16' });
    const source = await openAudio(file, options.streamAboveBytes ? { streamAboveBytes: 1 } : {});
    expect(source.info.decoder).toBe(decoderFor('s16'));
    const decoded = await collect(source);
    expect(Array.from(decoded[0]!)).toEqual([Math.fround(8192 / 32767)]);
    expect(source.info.durationS).toBeCloseTo(1 / 16_000, 12);
  });

  it('keeps 8 channels at 192 kHz apart, in order', async () => {
    const rate = 192_000;
    const channels = Array.from({ length: 8 }, (_, c) => sine(1000 * (c + 1), 0.1 * (c + 1), 0.5, rate));
    const spec: WavSpec = { channels, sampleRateHz: rate, encoding: 's24' };
    const { file } = await writeWav(`eight-${decoder}.wav`, spec);
    const source = await openAudio(file, options);
    const decoded = await collect(source);
    expect(source.info).toMatchObject({ sampleRateHz: rate, channels: 8 });
    const reference = nodeWavDecode(spec);
    for (let c = 0; c < 8; c++) {
      expect(decoded[c]!.length).toBe(rate / 2);
      expect(maxAbsDiff(decoded[c]!, reference[c]!)).toBe(0);
      expect(Math.max(...decoded[c]!)).toBeCloseTo(0.1 * (c + 1), 3);
    }
  });

  it('passes NaN and ±Inf float samples through unchanged', async () => {
    const samples = new Float32Array([0.5, NaN, Infinity, -Infinity, -0.25]);
    for (const encoding of ['f32', 'f64'] as const) {
      const { file } = await writeWav(`nan-${encoding}-${decoder}.wav`, { channels: [samples], sampleRateHz: 8000, encoding });
      const [decoded] = await collect(await openAudio(file, options.streamAboveBytes ? { streamAboveBytes: 1 } : {}));
      expect(Array.from(decoded!)).toEqual([0.5, NaN, Infinity, -Infinity, -0.25]);
    }
  });

  it.each([{ cacheMaxSamples: undefined }, { cacheMaxSamples: 0 }])('yields equal, fresh arrays on a second pass (cacheMaxSamples $cacheMaxSamples)', async ({ cacheMaxSamples }) => {
    const { file } = await writeWav(`twice-${decoder}-${cacheMaxSamples}.wav`, { channels: signal, sampleRateHz: RATE, encoding: 's16' });
    const source = await openAudio(file, { ...options, cacheMaxSamples });
    const first = await collect(source);
    const snapshot = first.map((c) => c.slice());
    for await (const chunk of source.chunks()) chunk[0]!.fill(9); // a consumer that writes into what it gets
    const second = await collect(source);
    for (let c = 0; c < 2; c++) {
      expect(second[c]!.length).toBe(FRAMES);
      expect(maxAbsDiff(second[c]!, snapshot[c]!)).toBe(0);
    }
  });
});

describe('WAV path choice', () => {
  it('streams only when the audio data exceeds streamAboveBytes, not the file', async () => {
    const signal = testSignal(1000);
    const { file } = await writeWav('biglist.wav', { channels: signal, sampleRateHz: RATE, encoding: 's16', listBytes: 5000 });
    const dataBytes = 1000 * 4;
    const inMemory = await openAudio(file, { streamAboveBytes: dataBytes });
    expect(inMemory.info.decoder).toBe('wav-s16');
    const streamed = await openAudio(file, { streamAboveBytes: dataBytes - 1 });
    expect(streamed.info.decoder).toBe('wav-stream');
    const [a, b] = [await collect(inMemory), await collect(streamed)];
    for (let c = 0; c < 2; c++) expect(maxAbsDiff(a[c]!, b[c]!)).toBe(0);
    expect(a[0]!.length).toBe(1000);
  });

  it('streams in chunks of at most 65 536 frames (memory bounded by the chunk, not the file)', async () => {
    const { file } = await writeWav('chunks.wav', { channels: testSignal(200_000), sampleRateHz: RATE, encoding: 's24' });
    const source = await openAudio(file, { streamAboveBytes: 1000, cacheMaxSamples: 0 });
    const sizes: number[] = [];
    for await (const chunk of source.chunks()) sizes.push(chunk[0]!.length);
    expect(sizes).toEqual([65_536, 65_536, 65_536, 200_000 - 3 * 65_536]);
  });

  it('stops a streamed pass when the signal aborts', async () => {
    const { file } = await writeWav('abort.wav', { channels: testSignal(), sampleRateHz: RATE, encoding: 's16' });
    const source = await openAudio(file, { streamAboveBytes: 1000 });
    const controller = new AbortController();
    const pass = async (): Promise<number> => {
      let chunks = 0;
      for await (const _chunk of source.chunks(controller.signal)) {
        chunks++;
        controller.abort(new Error('stop'));
      }
      return chunks;
    };
    await expect(pass()).rejects.toThrow('stop');
  });
});

describe('16-bit PCM converter', () => {
  it('reads data that starts at an odd byte offset exactly as node-wav does', () => {
    const signal = testSignal(500);
    const canonical = buildWav({ channels: signal, sampleRateHz: RATE, encoding: 's16' });
    const reference = wav.decode(canonical)!.channelData;
    const data = canonical.subarray(canonical.length - 500 * 4);
    const odd = new Uint8Array(data.length + 1);
    odd.set(data, 1);
    const planar = interleavedToPlanar(odd.subarray(1), 's16', 2);
    for (let c = 0; c < 2; c++) expect(maxAbsDiff(planar[c]!, reference[c]!)).toBe(0);
  });
});
