import { db, decimals } from '../format.js';
import { defineRule, type RuleReport, type Zod } from '../rule.js';

export const channelProblems = defineRule({
  id: 'channel-problems',
  description: 'Every channel carries the voice: none is dead or polarity-inverted (which would cancel the voice in the mono mix).',
  metric: 'channelLevels',
  unit: 'dB',
  format: db,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: two microphones on one voice rarely differ by more than 10 dB; 30 dB means a dead or unplugged side.
      maxImbalanceDb: z.number().positive().default(30).describe('Largest acceptable level difference between a channel and the loudest one, dB.'),
      // Project choice: a voice picked up twice correlates positively; strongly negative means one side is inverted.
      minCorrelation: z.number().min(-1).max(1).default(-0.5).describe('Lowest acceptable correlation of a channel with the first one.'),
    }),
  messages: {
    dead: {
      text: 'Channel {channel} of {channels} is {value} dB quieter than the loudest, expected at most {threshold} dB',
      advice: 'one side is dead or unplugged: check the cable and input settings, or export only the good channel as mono',
    },
    inverted: {
      text: 'Channel {channel} of {channels} is polarity-inverted against channel 1 (correlation {correlation}, expected at least {limit})',
      advice: 'the two sides cancel each other in a mono mix: flip the polarity of one channel, or export only one channel as mono',
    },
  },
  check(metrics, { maxImbalanceDb, minCorrelation }) {
    const levels = metrics.channelLevels;
    if (levels.length < 2) return [];
    const loudest = Math.max(...levels.map((level) => level.rmsDbfs));
    const channels = String(levels.length);
    const reports: RuleReport<'dead' | 'inverted'>[] = [];
    for (const level of levels) {
      const channel = String(level.channel + 1);
      const imbalance = loudest - level.rmsDbfs;
      if (imbalance > maxImbalanceDb) {
        reports.push({ messageId: 'dead', value: imbalance, threshold: maxImbalanceDb, data: { channel, channels } });
      }
      const correlation = level.correlationWithFirst;
      if (correlation !== null && correlation < minCorrelation) {
        reports.push({
          messageId: 'inverted',
          value: correlation,
          threshold: minCorrelation,
          data: { channel, channels, correlation: decimals(correlation, 2), limit: decimals(minCorrelation, 2) },
          unit: null,
        });
      }
    }
    return reports;
  },
});
