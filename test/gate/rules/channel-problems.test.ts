import { channelProblems } from '../../../src/gate/rules/channel-problems.js';
import { testRule } from '../ruleTester.js';

const left = { channel: 0, rmsDbfs: -22, peakDbfs: -4, dcOffset: 0, correlationWithFirst: null };
const right = (rmsDbfs: number, correlationWithFirst: number | null) => ({ channel: 1, rmsDbfs, peakDbfs: -4, dcOffset: 0, correlationWithFirst });

testRule(channelProblems, {
  valid: [
    { name: 'healthy stereo', metrics: { channels: 2, channelLevels: [left, right(-24, 0.8)] } },
    { name: 'imbalance exactly the limit', metrics: { channels: 2, channelLevels: [left, right(-52, null)] } },
  ],
  invalid: [
    { name: 'dead right channel', metrics: { channels: 2, channelLevels: [left, right(-95.5, null)] }, expected: [{ value: 73.5, threshold: 30, unit: 'dB', message: 'Channel 2 of 2 is 73.5 dB quieter than the loudest, expected at most 30 dB: one side is dead' }] },
    { name: 'inverted right channel', metrics: { channels: 2, channelLevels: [left, right(-22.1, -0.984)] }, expected: [{ value: -0.984, threshold: -0.5, unit: null, message: 'Channel 2 of 2 is polarity-inverted against channel 1 (correlation -0.98, expected at least -0.5): the two sides cancel' }] },
    { name: 'custom limits', metrics: { channels: 2, channelLevels: [left, right(-35, -0.2)] }, options: { maxImbalanceDb: 10, minCorrelation: 0 }, expected: [{ value: 13, threshold: 10 }, { value: -0.2, threshold: 0 }] },
  ],
});
