/**
 * The reverberation cases, shared by the eval section and the fit script: every clean speech file of the set
 * (16 kHz, DC/rumble removed; every QUICK_STRIDE-th with --quick), dry and convolved with each room impulse
 * response, peak-normalised to −6 dBFS, clean and with a real noise recording (the two speech_commands files,
 * alternating, seeded offsets) at 30 and 20 dB P.56 SNR of the reverberant speech.
 */
import { fftConvolve } from '../../test/helpers/convolve.js';
import { activeSpeechLevel, add, cleanSpeech16k, highPass60, loadMono, noiseAtPower, seededRandom } from './data.js';
import { loadRooms, type Room } from './rirTruth.js';
import type { EvalContext } from './types.js';

export const RATE = 16000;
export const CONDITIONS = [null, 30, 20] as const;
export const QUICK_STRIDE = 5;

export interface ReverbCase {
  /** null for the dry speech. */
  room: Room | null;
  speech: string;
  snrDb: number | null;
  signal: Float32Array;
}

function peakNormalised(x: Float32Array): Float32Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  return peak > 0 ? x.map((v) => (v / peak) * 0.5) : x;
}

export function reverbSetup(ctx: EvalContext): { rooms: Room[]; speech: { name: string; x: Float32Array }[] } {
  const speech = cleanSpeech16k(ctx)
    .filter((_, i) => !ctx.quick || i % QUICK_STRIDE === 0)
    .map((clip) => ({ name: clip.path.split('/').pop()!.replace(/\.wav$/, ''), x: highPass60(clip.samples, RATE) }));
  return { rooms: loadRooms(ctx, RATE), speech };
}

export function* reverbCases(ctx: EvalContext, setup = reverbSetup(ctx)): Generator<ReverbCase> {
  const { rooms, speech } = setup;
  const noises = ctx.manifest.filter((e) => e.category === 'noise').map((e) => highPass60(loadMono(ctx, e.path).samples, RATE));
  const random = seededRandom(4);
  for (const [i, s] of speech.entries()) {
    ctx.log(`[reverb] ${i + 1}/${speech.length} ${s.name}`);
    for (const [r, room] of [null, ...rooms].entries()) {
      const wet = peakNormalised(room ? fftConvolve(s.x, room.h) : s.x);
      const speechPower = activeSpeechLevel(wet, RATE)!;
      for (const snrDb of CONDITIONS) {
        const noise = noises[(i + r) % noises.length]!;
        const offset = Math.floor(random() * noise.length);
        const signal = snrDb === null ? wet : add(wet, noiseAtPower(noise, offset, wet.length, speechPower / 10 ** (snrDb / 10)));
        yield { room, speech: s.name, snrDb, signal };
      }
    }
  }
}
