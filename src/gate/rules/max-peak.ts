import { db } from '../format.js';
import { defineRule, fixOn, type Zod } from '../rule.js';

export const maxPeak = defineRule({
  id: 'max-peak',
  description: 'Peaks keep some headroom below full scale.',
  metric: 'peakDbfs',
  unit: 'dBFS',
  format: db,
  fixable: ['normalize'],
  options: (z: Zod) =>
    z.strictObject({
      // EBU R128: maximum true peak -1 dBTP (ACX asks for -3 dB, Azure for peaks between -6 and -3 dB).
      maxDbfs: z.number().max(0).default(-1).describe('Highest acceptable sample peak, dBFS.'),
    }),
  messages: {
    tooHigh: {
      text: 'The peak is {value} dBFS, expected at most {threshold} dBFS',
      advice: 'lower the input gain a little so the loudest syllables keep some headroom',
    },
    // Only floating-point audio (a lossy decode, a float WAV) holds values beyond full scale. A codec smears a
    // clipped flat top into ripples around the rail, so max-clipping cannot count what was cut off.
    overFullScale: {
      text: 'The peak is {value} dBFS, above full scale, expected at most {threshold} dBFS: a lossy file (MP3, AAC, Opus) that peaks over full scale was almost always clipped before it was encoded, and its clipping cannot be counted',
      advice: 'record again with the input gain lower, and keep a lossless copy (WAV or FLAC) of the take',
    },
  },
  check(metrics, { maxDbfs }, { fix }) {
    if (metrics.peakDbfs <= maxDbfs) return [];
    if (metrics.peakDbfs > 0) return [{ messageId: 'overFullScale', value: metrics.peakDbfs, threshold: maxDbfs }];
    // Normalisation never lets the peak pass its ceiling, so it removes this finding when the ceiling is under the limit
    // (but not over full scale: turning a clipped take down leaves it clipped).
    const fixable = fixOn(fix, 'normalize') && fix.normalize.peakCeilingDbfs <= maxDbfs;
    return [{ messageId: 'tooHigh', value: metrics.peakDbfs, threshold: maxDbfs, ...(fixable && { fixable: 'normalize' as const }) }];
  },
});
