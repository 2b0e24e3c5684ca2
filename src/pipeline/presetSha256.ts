import { createHash } from 'node:crypto';
import type { Preset } from '../gate/preset.js';

/** Names the preset a report was judged by: the sha256 of the preset as loaded (defaults filled in). */
export function presetSha256(preset: Preset): string {
  return createHash('sha256').update(JSON.stringify(preset)).digest('hex');
}
