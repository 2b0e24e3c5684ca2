import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openAudio } from '../../decode/index.js';
import { encodePng } from './png.js';
import { spectrogramPng } from './spectrogram.js';
import { renderWaveform } from './waveform.js';

export const PICTURE_WIDTH = 960;
export const WAVEFORM_HEIGHT = 120;
export const SPECTROGRAM_HEIGHT = 160;
export const SPECTROGRAM_MAX_HZ = 8000;
/** Longer recordings are pictured up to here: the pictures are for a look, the report has the numbers. */
export const PICTURE_MAX_S = 600;

export interface Pictures {
  /** Relative to the page's folder, forward slashes. */
  waveform: string;
  spectrogram: string;
  /** Seconds of audio the pictures span (less than the clip when it is longer than PICTURE_MAX_S). */
  spanS: number;
  spectrogramMaxHz: number;
}

/** The mono mixdown of the first `maxS` seconds. */
async function readMono(file: string, maxS: number): Promise<{ samples: Float32Array; sampleRateHz: number }> {
  const source = await openAudio(file, { cacheMaxSamples: 0 });
  const { sampleRateHz } = source.info;
  const limit = Math.floor(maxS * sampleRateHz);
  const parts: Float32Array[] = [];
  let frames = 0;
  for await (const chunk of source.chunks()) {
    const length = Math.min(chunk[0]?.length ?? 0, limit - frames);
    const mono = new Float32Array(length);
    for (const channel of chunk) for (let i = 0; i < length; i++) mono[i]! += channel[i]! / chunk.length;
    parts.push(mono);
    frames += length;
    if (frames >= limit) break;
  }
  const samples = new Float32Array(frames);
  let at = 0;
  for (const p of parts) {
    samples.set(p, at);
    at += p.length;
  }
  return { samples, sampleRateHz };
}

/** Writes the waveform and spectrogram PNGs of one recording into `folder` (named after its relative path). */
export async function writePictures(audioFile: string, relativePath: string, folder: string, pageDir: string): Promise<Pictures> {
  const { samples, sampleRateHz } = await readMono(audioFile, PICTURE_MAX_S);
  const stem = createHash('sha256').update(relativePath).digest('hex').slice(0, 16);
  await mkdir(folder, { recursive: true });
  const spectrogramMaxHz = Math.min(SPECTROGRAM_MAX_HZ, sampleRateHz / 2);
  const wave = path.join(folder, `${stem}.wave.png`);
  const spec = path.join(folder, `${stem}.spec.png`);
  await writeFile(wave, encodePng(renderWaveform(samples, PICTURE_WIDTH, WAVEFORM_HEIGHT)));
  await writeFile(spec, spectrogramPng(samples, sampleRateHz, { width: PICTURE_WIDTH, height: SPECTROGRAM_HEIGHT, maxHz: spectrogramMaxHz, rangeDb: 80 }));
  const rel = (p: string) => path.relative(pageDir, p).split(path.sep).join('/');
  return { waveform: rel(wave), spectrogram: rel(spec), spanS: samples.length / sampleRateHz, spectrogramMaxHz };
}
