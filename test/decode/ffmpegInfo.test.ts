import { describe, expect, it } from 'vitest';
import { parseStreamInfo } from '../../src/decode/ffmpegInfo.js';
import { ffmpegFailure, parseStderrLine } from '../../src/decode/ffmpegRun.js';

const lines = (text: string) => text.trim().split('\n').map((l) => parseStderrLine(l.replace(/^ {4}/, '')));

/** A log as `-loglevel level+info` prints it, with the input and output audio lines filled in. */
function log(container: string, duration: string, input: string, output: string): string {
  return `
    [info] Input #0, ${container}, from 'pipe:0':
    [info]   Duration: ${duration}, start: 0.000000, bitrate: N/A
    [info]     Stream #0:0(und): Audio: ${input}
    [info] Stream mapping:
    [info]   Stream #0:0 -> #0:0 (x (native) -> pcm_f32le (native))
    [info] Output #0, f32le, to 'pipe:1':
    [info]     Stream #0:0(und): Audio: ${output}`;
}

describe('parseStreamInfo', () => {
  it.each([
    {
      name: '24-bit FLAC, 5.1(side)',
      text: log('flac', '00:01:02.50', 'flac, 96000 Hz, 5.1(side), s32 (24 bit)', 'pcm_f32le, 96000 Hz, 5.1(side), flt (24 bit), 18432 kb/s'),
      expected: { container: 'flac', codec: 'flac', sampleRateHz: 96000, channels: 6, bitDepth: 24, sampleFormat: 'int', durationS: 62.5 },
    },
    {
      name: 'AAC in MP4, duration unknown',
      text: log('mov,mp4,m4a,3gp,3g2,mj2', 'N/A', 'aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s (default)', 'pcm_f32le, 44100 Hz, stereo, flt, 2822 kb/s (default)'),
      expected: { container: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'aac', sampleRateHz: 44100, channels: 2, bitDepth: null, sampleFormat: null, durationS: null },
    },
    {
      name: 'float WAV with an unnamed layout',
      text: log('wav', '00:00:01.00', 'pcm_f64le ([3][0][0][0] / 0x0003), 8000 Hz, 3 channels (FL+FR+LFE), dbl, 1536 kb/s', 'pcm_f32le, 8000 Hz, 3 channels (FL+FR+LFE), flt, 768 kb/s'),
      expected: { codec: 'pcm_f64le', channels: 3, bitDepth: 64, sampleFormat: 'float', durationS: 1 },
    },
    {
      name: 'µ-law (companded, so no bit depth)',
      text: log('wav', '00:00:02.81', 'pcm_mulaw ([7][0][0][0] / 0x0007), 16000 Hz, mono, s16, 128 kb/s', 'pcm_f32le, 16000 Hz, mono, flt, 512 kb/s'),
      expected: { codec: 'pcm_mulaw', channels: 1, bitDepth: null, sampleFormat: null },
    },
  ])('reads $name', ({ text, expected }) => {
    expect(parseStreamInfo(lines(text))).toMatchObject(expected);
  });

  it('takes the rate and channels of the output (what stdout carries), not the input', () => {
    const info = parseStreamInfo(lines(log('ogg', 'N/A', 'opus, 48000 Hz, mono, fltp', 'pcm_f32le, 48000 Hz, stereo, flt, 3072 kb/s')));
    expect(info).toMatchObject({ sampleRateHz: 48000, channels: 2 });
  });

  it('is null until the output stream has been described', () => {
    const text = log('flac', 'N/A', 'flac, 16000 Hz, mono, s16', 'pcm_f32le, 16000 Hz, mono, flt');
    expect(parseStreamInfo(lines(text).slice(0, 5))).toBeNull();
  });

  it('is null for a layout it cannot count', () => {
    expect(parseStreamInfo(lines(log('wav', 'N/A', 'pcm_s16le, 8000 Hz, ambisonic 1, s16', 'pcm_f32le, 8000 Hz, ambisonic 1, flt')))).toBeNull();
  });
});

describe('parseStderrLine', () => {
  it.each([
    ['[mp3 @ 0x24d4fc80] [warning] invalid concatenated file detected', { level: 'warning', component: 'mp3', text: 'invalid concatenated file detected' }],
    ['[hls,applehttp @ 0xdd3dd00] [error] Format not on whitelist \'wav\'', { level: 'error', component: 'hls,applehttp', text: "Format not on whitelist 'wav'" }],
    ['[info]     Stream #0:0: Audio: flac', { level: 'info', component: '', text: '    Stream #0:0: Audio: flac' }],
    ['To ignore this, add a trailing \'?\' to the map.', { level: 'info', component: '', text: "To ignore this, add a trailing '?' to the map." }],
  ])('parses %j', (line, expected) => {
    expect(parseStderrLine(line)).toEqual(expected);
  });
});

describe('ffmpegFailure', () => {
  const exit = { code: 1, signal: null };
  it.each([
    ["[file @ 0x1] [error] Protocol 'file' not on whitelist 'pipe'!\n[error] pipe:0: Invalid data found when processing input", 'INPUT_UNSAFE'],
    ["[concat @ 0x1] [error] Format not on whitelist 'wav,mp3'\n[error] pipe:0: Invalid argument", 'INPUT_UNSAFE'],
    ["[image2pipe @ 0x1] [error] Format not on whitelist 'wav,mp3'", 'INPUT_UNSUPPORTED'],
    ["[fatal] Stream map '0:a:0' matches no streams.", 'INPUT_NOT_AUDIO'],
    ['[error] pipe:0: Invalid data found when processing input', 'INPUT_NOT_AUDIO'],
    ["[info] Input #0, flac, from 'pipe:0':\n[flac @ 0x1] [error] invalid residual\n[error] Error while decoding stream #0:0: Invalid data found when processing input", 'DECODE_FAILED'],
  ])('classifies %j as %s', (text, code) => {
    expect(ffmpegFailure(lines(text), exit).code).toBe(code);
  });

  it("quotes ffmpeg's last error line in a decode failure", () => {
    const failure = ffmpegFailure(lines("[info] Input #0, flac, from 'pipe:0':\n[flac @ 0x1] [error] invalid residual\n[info] size=1kB"), exit);
    expect(failure.message).toBe('ffmpeg exited with code 1 while decoding: [flac] invalid residual');
  });
});
