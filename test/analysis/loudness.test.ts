import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/decode/ffmpeg.js';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { measureLoudness } from '../../src/analysis/loudness.js';
import { readWav } from '../helpers/wav.js';

const run = promisify(execFile);

/** Integrated loudness printed by the manifest (ffmpeg ebur128, see test/fixtures/README.md), rounded to 0.1 LU. */
const MANIFEST_LUFS: Record<string, number | null> = {
  'speech/1688-142285-0003.wav': -21.8,
  'speech/3080-5032-0001.wav': -22.9,
  'speech/3331-159605-0002.wav': -23.1,
  'speech/cmu_arctic_us_axb_a0004.wav': -21.7,
  'speech/p286_011.wav': -23.1,
  'speech/sense_and_sensibility_01_austen_64kb-0890.wav': -25.0,
  'noise/doing_the_dishes_first20s.wav': -26.1,
  'noise/exercise_bike_first20s.wav': -31.5,
  'problem/pyannote_sample.wav': -32.4,
  'problem/vm-intro.wav': -19.0,
  'problem/asterisk_silence_1.wav': null,
};
/** Not in the manifest with a LUFS value (RIRs): checked against ffmpeg only; medium_room is stereo. */
const EXTRA = ['rir/medium_room.wav', 'rir/small_room.wav'];
const FILES = [...Object.keys(MANIFEST_LUFS), ...EXTRA];

async function ffmpegLufs(path: string, ffmpeg: string): Promise<number | null> {
  const { stderr } = await run(ffmpeg, ['-hide_banner', '-nostats', '-i', path, '-af', 'ebur128', '-f', 'null', '-'], { maxBuffer: 64 << 20 });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const match = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  if (!match) throw new Error(`Expected "I: … LUFS" in ffmpeg's summary, got: ${summary}`);
  const value = Number(match[1]);
  // ebur128 prints −70.0 when nothing passes the absolute gate; we report null there.
  return value <= -70 ? null : value;
}

describe('loudnessLufs against ffmpeg ebur128', () => {
  const reference = new Map<string, number | null>();
  beforeAll(async () => {
    const { path: ffmpeg } = await resolveFfmpeg();
    for (const file of FILES) reference.set(file, await ffmpegLufs(`test/fixtures/${file}`, ffmpeg));
  });

  it.each(FILES)('%s within 0.2 LU of ffmpeg', (file) => {
    const w = readWav(`test/fixtures/${file}`);
    const { loudnessLufs } = measureLoudness(extractFeatures(w.channels, w.sampleRateHz));
    const expected = reference.get(file)!;
    if (expected === null) {
      expect(loudnessLufs).toBeNull();
      return;
    }
    expect(Math.abs(loudnessLufs! - expected)).toBeLessThanOrEqual(0.2);
    const manifest = MANIFEST_LUFS[file];
    if (manifest !== undefined && manifest !== null) expect(Math.abs(loudnessLufs! - manifest)).toBeLessThanOrEqual(0.2);
  });
});
