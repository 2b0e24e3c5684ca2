import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAudio } from '../../src/decode/index.js';
import { resample } from '../helpers/resample.js';
import { sine } from '../helpers/signals.js';
import { collect, correlation, ffmpegEncode, ffmpegEncoders, maxAbsDiff, tempDir, type TempDir } from './collect.js';
import { buildWav } from './wavBuilder.js';

const SPEECH = fileURLToPath(new URL('../fixtures/speech/cmu_arctic_us_axb_a0004.wav', import.meta.url));
const STEREO_RATE = 44_100;

const STEREO_FRAMES = 88_200;

interface Case {
  name: string;
  file: string;
  /** ffmpeg output options. */
  args: string[];
  source: 'speech' | 'stereo' | 'stereo24';
  lossless: boolean;
  container: string;
  codec: string;
  sampleRateHz?: number;
  bitDepth?: number | null;
  /** Encoder that must be in this ffmpeg build, or the case is skipped. */
  encoder?: string;
  /** Lossy codecs: frames (at the output rate) the decoded audio may run longer than the source, the codec's frame padding. */
  maxExtraFrames?: number;
}

const CASES: Case[] = [
  { name: 'FLAC 16-bit mono', file: 'speech.flac', args: ['-c:a', 'flac'], source: 'speech', lossless: true, container: 'flac', codec: 'flac', bitDepth: 16 },
  { name: 'FLAC 24-bit stereo', file: 'stereo24.flac', args: ['-c:a', 'flac'], source: 'stereo24', lossless: true, container: 'flac', codec: 'flac', bitDepth: 24 },
  { name: 'ALAC in M4A', file: 'stereo-alac.m4a', args: ['-c:a', 'alac'], source: 'stereo', lossless: true, container: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'alac', bitDepth: 16 },
  { name: 'AIFF', file: 'stereo.aiff', args: ['-c:a', 'pcm_s16be'], source: 'stereo', lossless: true, container: 'aiff', codec: 'pcm_s16be', bitDepth: 16 },
  { name: 'WavPack', file: 'speech.wv', args: ['-c:a', 'wavpack'], source: 'speech', lossless: true, container: 'wv', codec: 'wavpack', bitDepth: 16, encoder: 'wavpack' },
  // MP3s are cut to the LAME tag's length (exact, as ffmpeg does when it opens the file by name).
  { name: 'MP3', file: 'speech.mp3', args: ['-c:a', 'libmp3lame', '-b:a', '64k'], source: 'speech', lossless: false, container: 'mp3', codec: 'mp3', encoder: 'libmp3lame', maxExtraFrames: 0 },
  { name: 'MP3 stereo', file: 'stereo.mp3', args: ['-c:a', 'libmp3lame', '-b:a', '192k'], source: 'stereo', lossless: false, container: 'mp3', codec: 'mp3', encoder: 'libmp3lame', maxExtraFrames: 0 },
  { name: 'AAC in M4A, index last', file: 'speech.m4a', args: ['-c:a', 'aac', '-b:a', '64k'], source: 'speech', lossless: false, container: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'aac', maxExtraFrames: 1024 },
  { name: 'AAC in M4A, index first', file: 'stereo-fast.m4a', args: ['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'], source: 'stereo', lossless: false, container: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'aac', maxExtraFrames: 1024 },
  // At 48 kHz: fed 16 kHz, this 2018 libopus wrapper writes a pre-skip 208 samples short (an encoder fault, not the decoder's).
  { name: 'Opus in Ogg', file: 'speech.opus', args: ['-ar', '48000', '-c:a', 'libopus', '-b:a', '48k', '-f', 'ogg'], source: 'speech', lossless: false, container: 'ogg', codec: 'opus', sampleRateHz: 48_000, encoder: 'libopus', maxExtraFrames: 960 },
  { name: 'Vorbis in Ogg', file: 'stereo.ogg', args: ['-c:a', 'libvorbis', '-q:a', '5'], source: 'stereo', lossless: false, container: 'ogg', codec: 'vorbis', encoder: 'libvorbis', maxExtraFrames: 2048 },
  { name: 'Opus in WebM', file: 'stereo.webm', args: ['-c:a', 'libopus', '-b:a', '96k'], source: 'stereo', lossless: false, container: 'matroska,webm', codec: 'opus', sampleRateHz: 48_000, encoder: 'libopus', maxExtraFrames: 960 },
  { name: 'µ-law WAV', file: 'speech-mulaw.wav', args: ['-c:a', 'pcm_mulaw'], source: 'speech', lossless: false, container: 'wav', codec: 'pcm_mulaw', maxExtraFrames: 0 },
  { name: 'IMA ADPCM WAV', file: 'speech-adpcm.wav', args: ['-c:a', 'adpcm_ima_wav'], source: 'speech', lossless: false, container: 'wav', codec: 'adpcm_ima_wav', maxExtraFrames: 2041 },
];

let temp: TempDir;
let encoders = '';
const sources: Record<Case['source'], { file: string; channels: Float32Array[]; sampleRateHz: number }> = {} as never;

beforeAll(async () => {
  temp = await tempDir('ffmpeg');
  encoders = await ffmpegEncoders();
  const speech = await openAudio(SPEECH);
  sources.speech = { file: SPEECH, channels: await collect(speech), sampleRateHz: speech.info.sampleRateHz };
  // Two different tones, so a swapped or mixed channel pair shows.
  const stereo = [sine(300, 0.4, STEREO_FRAMES / STEREO_RATE, STEREO_RATE), sine(1250, 0.25, STEREO_FRAMES / STEREO_RATE, STEREO_RATE)];
  for (const [key, encoding] of [['stereo', 's16'], ['stereo24', 's24']] as const) {
    const file = await temp.file(`${key}.wav`, buildWav({ channels: stereo, sampleRateHz: STEREO_RATE, encoding }));
    sources[key] = { file, channels: await collect(await openAudio(file)), sampleRateHz: STEREO_RATE };
  }
  await Promise.all(
    CASES.filter((c) => !c.encoder || encoders.includes(` ${c.encoder} `)).map((c) =>
      temp.file(c.file).then((out) => ffmpegEncode(['-i', sources[c.source].file, ...c.args, out])),
    ),
  );
});
afterAll(() => temp?.remove());


describe.each(CASES)('$name through ffmpeg', (c) => {
  it('decodes to the source rate, channels and duration, with the stream described and the file hashed', async ({ skip }) => {
    if (c.encoder && !encoders.includes(` ${c.encoder} `)) skip();
    const reference = sources[c.source];
    const file = await temp.file(c.file);
    const source = await openAudio(file);
    const decoded = await collect(source);
    const rate = c.sampleRateHz ?? reference.sampleRateHz;
    expect(source.info).toMatchObject({ container: c.container, codec: c.codec, sampleRateHz: rate, channels: reference.channels.length, decoder: 'ffmpeg' });
    expect(source.info.bitDepth).toBe(c.lossless ? c.bitDepth : null);
    expect(source.info.sampleFormat).toBe(c.lossless ? 'int' : null);
    const bytes = await readFile(file);
    expect(source.info.bytes).toBe(bytes.length);
    expect(source.info.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const sourceDurationS = reference.channels[0]!.length / reference.sampleRateHz;
    const extraFrames = decoded[0]!.length - Math.round(sourceDurationS * rate);
    expect(extraFrames).toBeGreaterThanOrEqual(-1);
    expect(extraFrames).toBeLessThanOrEqual(c.lossless ? 1 : c.maxExtraFrames!);
    // The container's own duration, printed by ffmpeg to 10 ms (null where a pipe hides it: MP3, Ogg).
    if (source.info.durationS !== null) expect(Math.abs(source.info.durationS - sourceDurationS)).toBeLessThanOrEqual(0.07);

    // Correlation ignores scale, and a lossy codec changes the level a little (LAME here: −0.45 dB): so the samples must
    // also equal ffmpeg's own decode of the file opened by name (seekable, no pipe, no re-ordered MP4).
    const byName = await temp.file(`${c.file}.f32.wav`);
    await ffmpegEncode(['-i', file, '-map', '0:a:0', '-c:a', 'pcm_f32le', byName]);
    const direct = await collect(await openAudio(byName));
    expect(decoded[0]!.length).toBe(direct[0]!.length);

    for (let ch = 0; ch < decoded.length; ch++) {
      expect(maxAbsDiff(decoded[ch]!, direct[ch]!)).toBeLessThanOrEqual(1e-6);
      if (c.lossless) {
        expect(maxAbsDiff(decoded[ch]!, reference.channels[ch]!)).toBeLessThanOrEqual(1e-4);
      } else {
        // Lossy, but time-aligned (the decoder removes the codec delay) and in the right channel: the waveform matches at lag 0.
        const expected = resample(reference.channels[ch]!, reference.sampleRateHz, rate);
        expect(correlation(decoded[ch]!, expected)).toBeGreaterThan(0.98);

      }
    }
  });
});

describe('ffmpeg sources', () => {
  it('yields equal results on a second pass, cached or decoded again', async () => {
    const file = await temp.file('speech.flac');
    for (const cacheMaxSamples of [undefined, 0]) {
      const source = await openAudio(file, { cacheMaxSamples });
      const first = await collect(source);
      const second = await collect(source);
      expect(second[0]!.length).toBe(first[0]!.length);
      expect(maxAbsDiff(first[0]!, second[0]!)).toBe(0);
    }
  });

  it('feeds a large file from disk (above streamAboveBytes) with the same samples and hash', async () => {
    const file = await temp.file('stereo24.flac');
    const inMemory = await openAudio(file);
    const fromDisk = await openAudio(file, { streamAboveBytes: 1024 });
    expect(fromDisk.info.sha256).toBe(inMemory.info.sha256);
    const [a, b] = [await collect(inMemory), await collect(fromDisk)];
    for (let ch = 0; ch < 2; ch++) expect(maxAbsDiff(a[ch]!, b[ch]!)).toBe(0);
  });

  it.each(['-i evil.flac', '--help.flac', ' spaced name ünïcødé ✓.flac', '-y'])('reads a file named %j (names never reach ffmpeg)', async (name) => {
    const reference = sources.speech.channels[0]!;
    const file = await temp.file(name, await readFile(await temp.file('speech.flac')));
    const decoded = await collect(await openAudio(file));
    expect(decoded[0]!.length).toBe(reference.length);
    expect(maxAbsDiff(decoded[0]!, reference)).toBeLessThanOrEqual(1e-4);
  });

  it.each([
    { layout: '6 channels (5.1)', channels: 6 },
    { layout: '8 channels (7.1)', channels: 8 },
    { layout: '3 channels', channels: 3 },
  ])('keeps $layout apart and in order at 96 kHz', async ({ channels: count }) => {
    const rate = 96_000;
    const channels = Array.from({ length: count }, (_, c) => sine(500 * (c + 1), 0.08 * (c + 1), 0.25, rate));
    const wavFile = await temp.file(`multi${count}.wav`, buildWav({ channels, sampleRateHz: rate, encoding: 's16' }));
    const flac = await temp.file(`multi${count}.flac`);
    await ffmpegEncode(['-i', wavFile, '-c:a', 'flac', flac]);
    const source = await openAudio(flac);
    expect(source.info).toMatchObject({ sampleRateHz: rate, channels: count });
    const decoded = await collect(source);
    const reference = await collect(await openAudio(wavFile));
    for (let c = 0; c < count; c++) expect(maxAbsDiff(decoded[c]!, reference[c]!)).toBeLessThanOrEqual(1e-4);
  });

  it('gives an MP3 its exact length from the LAME tag, and ignores a tag that does not match the file (concatenated)', async ({ skip }) => {
    if (!encoders.includes(' libmp3lame ')) skip();
    const single = await temp.file('speech.mp3');
    const source = await openAudio(single);
    expect(source.info.durationS).toBe(sources.speech.channels[0]!.length / 16_000);
    const bytes = await readFile(single);
    const joined = await temp.file('joined.mp3', Buffer.concat([bytes, bytes]));
    const decoded = await collect(await openAudio(joined));
    // Both halves, each with its padding (the tag no longer describes the file).
    expect(decoded[0]!.length).toBeGreaterThan(2 * sources.speech.channels[0]!.length);
  });

  it('decodes a 1-sample FLAC', async () => {
    const wavFile = await temp.file('one.wav', buildWav({ channels: [new Float32Array([0.5])], sampleRateHz: 16_000, encoding: 's16' }));
    const flac = await temp.file('one.flac');
    await ffmpegEncode(['-i', wavFile, '-c:a', 'flac', flac]);
    const [decoded] = await collect(await openAudio(flac));
    expect(decoded!.length).toBe(1);
    expect(decoded![0]).toBeCloseTo(0.5, 4);
  });
});
