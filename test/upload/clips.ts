import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../src/upload/index.js';
import { seededRandom } from '../../src/server/prng.js';

export interface TestClip {
  path: string;
  sha256: string;
  durationS: number;
}

/** 16-bit mono PCM WAV. */
export function pcmWav(samples: Float32Array, sampleRateHz: number): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRateHz, 24);
  out.writeUInt32LE(sampleRateHz * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((v, i) => out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), 44 + 2 * i));
  return out;
}


/** A voiced-sounding clip: a tone with harmonics over a little noise, distinct per seed. */
export function toneClip(seed: number, durationS: number, sampleRateHz = 16_000): Buffer {
  const random = seededRandom(seed + 1);
  const f0Hz = 90 + random() * 200;
  const samples = new Float32Array(Math.round(durationS * sampleRateHz));
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRateHz;
    let v = 0;
    for (let h = 1; h <= 6; h++) v += Math.sin(2 * Math.PI * f0Hz * h * t) / h;
    samples[i] = 0.2 * v + 0.02 * (random() * 2 - 1);
  }
  return pcmWav(samples, sampleRateHz);
}

export interface ClipDir {
  dir: string;
  clips: TestClip[];
  remove(): Promise<void>;
}

export async function writeToneClips(count: number, options: { durationS?: number; firstSeed?: number } = {}): Promise<ClipDir> {
  const durationS = options.durationS ?? 0.5;
  const dir = await mkdtemp(join(tmpdir(), 'voicegate-upload-'));
  const clips: TestClip[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = toneClip((options.firstSeed ?? 0) + i, durationS);
    const path = join(dir, `clip-${String(i).padStart(4, '0')}.wav`);
    await writeFile(path, bytes);
    clips.push({ path, sha256: sha256Hex(bytes), durationS });
  }
  return { dir, clips, remove: () => rm(dir, { recursive: true, force: true }) };
}
