import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, openAudio } from '../../src/decode/index.js';
import { seededRandom } from '../helpers/signals.js';
import { collect, ffmpegEncode, tempDir, type TempDir } from './collect.js';
import { buildWav } from './wavBuilder.js';

const SPEECH = fileURLToPath(new URL('../fixtures/speech/cmu_arctic_us_axb_a0004.wav', import.meta.url));
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];

let temp: TempDir;
beforeAll(async () => {
  temp = await tempDir('bad');
});
afterAll(() => temp.remove());

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Each case writes its file (or not) and returns the path to open. */
const CASES: { name: string; code: string; ruleId: string; make: () => Promise<string> }[] = [
  { name: 'an empty file', code: 'INPUT_EMPTY', ruleId: 'input/empty', make: () => temp.file('empty.wav', new Uint8Array(0)) },
  { name: 'a missing file', code: 'INPUT_UNREADABLE', ruleId: 'input/unreadable', make: () => temp.file('missing.wav') },
  {
    name: 'a directory',
    code: 'INPUT_UNREADABLE',
    ruleId: 'input/unreadable',
    make: async () => {
      const dir = await temp.file('folder.wav');
      await mkdir(dir);
      return dir;
    },
  },
  {
    name: 'a PNG renamed .wav',
    code: 'INPUT_NOT_AUDIO',
    ruleId: 'input/not-audio',
    make: () => temp.file('image.wav', Uint8Array.from([...PNG_HEAD, ...new Uint8Array(500)])),
  },
  { name: 'text renamed .wav', code: 'INPUT_NOT_AUDIO', ruleId: 'input/not-audio', make: () => temp.file('notes.wav', text('Meeting notes\nbring the microphone\n')) },
  {
    name: 'random bytes renamed .mp3',
    code: 'INPUT_NOT_AUDIO',
    ruleId: 'input/not-audio',
    make: () => {
      const random = seededRandom(3);
      return temp.file('noise.mp3', new Uint8Array(3000).map(() => Math.floor(random() * 256)));
    },
  },
  {
    name: 'an HLS playlist renamed .mp3, naming a local file and a URL',
    code: 'INPUT_UNSAFE',
    ruleId: 'input/unsafe',
    make: () => temp.file('playlist.mp3', text(`#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:3.0,\n${SPEECH}\n#EXTINF:3.0,\nhttp://127.0.0.1:9/x.wav\n#EXT-X-ENDLIST\n`)),
  },
  {
    name: 'an ffconcat script renamed .mp3',
    code: 'INPUT_UNSAFE',
    ruleId: 'input/unsafe',
    make: () => temp.file('concat.mp3', text(`ffconcat version 1.0\nfile '${SPEECH}'\nfile 'http://127.0.0.1:9/x.wav'\n`)),
  },
  {
    name: 'a WAV whose data chunk holds no frame',
    code: 'INPUT_NO_SAMPLES',
    ruleId: 'input/no-samples',
    make: () => temp.file('zero.wav', buildWav({ channels: [new Float32Array(0)], sampleRateHz: 16_000, encoding: 's16' })),
  },
  {
    name: 'a WAV with no data chunk',
    code: 'INPUT_NO_SAMPLES',
    ruleId: 'input/no-samples',
    make: () => temp.file('nodata.wav', buildWav({ channels: [new Float32Array(0)], sampleRateHz: 16_000, encoding: 's16' }).subarray(0, 36)),
  },
  {
    name: 'a FLAC with no samples',
    code: 'INPUT_NO_SAMPLES',
    ruleId: 'input/no-samples',
    make: async () => {
      const file = await temp.file('zero.flac');
      await ffmpegEncode(['-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '0', '-c:a', 'flac', file]);
      return file;
    },
  },
  {
    name: 'a WebM with video only',
    code: 'INPUT_NOT_AUDIO',
    ruleId: 'input/not-audio',
    make: async () => {
      const file = await temp.file('video.webm');
      await ffmpegEncode(['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=64x64', '-c:v', 'libvpx', file]);
      return file;
    },
  },
];

describe('inputs that cannot be decoded', () => {
  it.each(CASES)('refuses $name with $code', async ({ code, ruleId, make }) => {
    const file = await make();
    const error = await openAudio(file).then(
      async (source) => collect(source).then(() => null, (e: unknown) => e),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ code, ruleId });
  });
});
