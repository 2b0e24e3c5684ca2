/**
 * Redis keys voicegate keeps beside BullMQ's own (`bull:<queue>:…`). The journal and the rate limit belong to
 * the API account, not to one queue: every queue that sends to an endpoint shares them.
 */
export const JOURNAL_KEY = 'voicegate:upload-journal';

export function rateKeys(endpoint: string): { nextSlot: string; pauseUntil: string } {
  return { nextSlot: `voicegate:rate:${endpoint}:next-slot`, pauseUntil: `voicegate:rate:${endpoint}:pause-until` };
}

/** Presets by sha256, stored once per queue instead of in every job. */
export function presetsKey(queue: string): string {
  return `voicegate:queue:${queue}:presets`;
}

/** Every output folder the queue's jobs write to, so summaries can be rebuilt without walking jobs. */
export function outputsKey(queue: string): string {
  return `voicegate:queue:${queue}:outputs`;
}
