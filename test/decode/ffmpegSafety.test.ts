import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_DEMUXERS, ffmpegArgs, ffmpegFailure, runFfmpeg } from '../../src/decode/ffmpegRun.js';
import { resolveFfmpeg } from '../../src/decode/index.js';
import { readWav } from '../helpers/wav.js';

/** A real recording: what a followed playlist would decode. */
const SEGMENT = fileURLToPath(new URL('../fixtures/speech/cmu_arctic_us_axb_a0004.wav', import.meta.url));
const SEGMENT_FRAMES = readWav(SEGMENT).channels[0]!.length;

const HLS = `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:3.0,\n${SEGMENT}\n#EXTINF:3.0,\nhttp://127.0.0.1:9/x.wav\n#EXT-X-ENDLIST\n`;
const FFCONCAT = `ffconcat version 1.0\nfile '${SEGMENT}'\n`;

let binary: string;
beforeAll(async () => {
  binary = (await resolveFfmpeg()).path;
});

/** Runs ffmpeg on `text` fed on stdin (no sniff in front) and counts the float32 samples it writes. */
async function decodeText(text: string, args: string[]): Promise<{ samples: number; code: number | null; failure: ReturnType<typeof ffmpegFailure> }> {
  const run = runFfmpeg(binary, args, [new TextEncoder().encode(text)]);
  let bytes = 0;
  run.stdout.on('data', (data: Buffer) => {
    bytes += data.length;
  });
  const exit = await run.exited;
  return { samples: bytes / 4, code: exit.code, failure: ffmpegFailure(run.stderr, exit) };
}

/** The same arguments with another protocol whitelist (the controls allow `file`) and extra input options. */
function adjusted(args: string[], protocols: string, inputOptions: string[] = []): string[] {
  const out = [...args];
  out[out.indexOf('-protocol_whitelist') + 1] = protocols;
  out.splice(out.indexOf('-i'), 0, ...inputOptions);
  return out;
}

describe('ffmpeg, fed a playlist that got past the sniff', () => {
  it('control: with the file protocol allowed, ffmpeg follows the HLS playlist to the real recording', async () => {
    const { samples, code } = await decodeText(HLS, adjusted(ffmpegArgs(undefined, [...AUDIO_DEMUXERS, 'hls']), 'pipe,file'));
    expect(code).toBe(0);
    expect(samples).toBe(SEGMENT_FRAMES);
  });

  it('refuses the HLS demuxer itself (format whitelist): no audio, input/unsafe', async () => {
    const { samples, code, failure } = await decodeText(HLS, ffmpegArgs());
    expect(samples).toBe(0);
    expect(code).not.toBe(0);
    expect(failure.code).toBe('INPUT_UNSAFE');
    expect(failure.message).toMatch(/got a hls playlist/);
  });

  it('refuses to open the segment even with the HLS demuxer allowed (protocol whitelist): no audio, input/unsafe', async () => {
    const { samples, code, failure } = await decodeText(HLS, ffmpegArgs(undefined, [...AUDIO_DEMUXERS, 'hls']));
    expect(samples).toBe(0);
    expect(code).not.toBe(0);
    expect(failure.code).toBe('INPUT_UNSAFE');
    // ffmpeg's own default from a pipe ('crypto') would refuse too: the message shows it was our whitelist.
    expect(failure.message).toMatch(/Protocol 'file' not on whitelist 'pipe'/);
  });

  it('control: with the file protocol allowed and safe mode off, ffmpeg follows the ffconcat script', async () => {
    const args = adjusted(ffmpegArgs(undefined, [...AUDIO_DEMUXERS, 'concat']), 'pipe,file', ['-safe', '0']);
    const { samples, code } = await decodeText(FFCONCAT, args);
    expect(code).toBe(0);
    expect(samples).toBe(SEGMENT_FRAMES);
  });

  it('refuses the ffconcat script, and its file even with the concat demuxer allowed', async () => {
    const refused = await decodeText(FFCONCAT, ffmpegArgs());
    expect(refused.samples).toBe(0);
    expect(refused.failure.code).toBe('INPUT_UNSAFE');
    expect(refused.failure.message).toMatch(/got a concat playlist/);
    const allowed = await decodeText(FFCONCAT, adjusted(ffmpegArgs(undefined, [...AUDIO_DEMUXERS, 'concat']), 'pipe', ['-safe', '0']));
    expect(allowed.samples).toBe(0);
    expect(allowed.failure.code).toBe('INPUT_UNSAFE');
  });

  it('never puts a file name in the arguments: input is pipe:0, output pipe:1', () => {
    const args = ffmpegArgs('mov');
    expect(args.filter((a) => !a.startsWith('-'))).toEqual(['level+info', 'pipe', AUDIO_DEMUXERS.join(','), 'mov', 'pipe:0', '0:a:0', 'f32le', 'pipe:1']);
  });
});
