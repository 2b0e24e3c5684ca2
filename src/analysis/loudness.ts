/**
 * Integrated loudness per ITU-R BS.1770-4 (EBU R 128): the extractor supplies the K-weighted,
 * channel-weighted mean square of consecutive 100 ms sub-blocks; gating blocks are 400 ms with 75 %
 * overlap (four consecutive sub-blocks, stepping one). Blocks at or below the absolute gate (−70 LUFS)
 * are dropped, then blocks at or below the relative gate (loudness of the remaining blocks − 10 LU);
 * the result is −0.691 + 10·log10(mean block power) of what is left.
 * `null` when nothing survives the gates (silence, or a clip shorter than one 400 ms block);
 * ffmpeg's ebur128 prints −70.0 LUFS for such clips.
 */
import type { FrameFeatures } from './features/types.js';
import type { Metrics } from './types.js';

const SUB_BLOCKS_PER_BLOCK = 4;
const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const LOUDNESS_OFFSET_DB = -0.691;

function blockLoudness(power: number): number {
  return LOUDNESS_OFFSET_DB + 10 * Math.log10(power);
}

export function measureLoudness(f: FrameFeatures): Pick<Metrics, 'loudnessLufs'> {
  const sub = f.loudnessSubBlocks;
  const blockCount = sub.length - SUB_BLOCKS_PER_BLOCK + 1;
  if (blockCount < 1) return { loudnessLufs: null };
  const blocks = new Float64Array(blockCount);
  for (let j = 0; j < blockCount; j++) {
    let sum = 0;
    for (let i = 0; i < SUB_BLOCKS_PER_BLOCK; i++) sum += sub[j + i]!;
    blocks[j] = sum / SUB_BLOCKS_PER_BLOCK;
  }
  const gatedMean = (thresholdLufs: number): number | null => {
    let sum = 0;
    let count = 0;
    for (const power of blocks) {
      if (power > 0 && blockLoudness(power) > thresholdLufs) {
        sum += power;
        count++;
      }
    }
    return count > 0 ? sum / count : null;
  };
  const absoluteMean = gatedMean(ABSOLUTE_GATE_LUFS);
  if (absoluteMean === null) return { loudnessLufs: null };
  const relativeMean = gatedMean(Math.max(ABSOLUTE_GATE_LUFS, blockLoudness(absoluteMean) + RELATIVE_GATE_LU));
  return { loudnessLufs: relativeMean === null ? null : blockLoudness(relativeMean) };
}
