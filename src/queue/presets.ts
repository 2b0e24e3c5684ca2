import type { Redis } from 'ioredis';
import type { Preset } from '../gate/preset.js';
import { parsePreset } from '../gate/presetSchema.js';
import { presetSha256 } from '../pipeline/presetSha256.js';
import { presetsKey } from './keys.js';

/** Stores the preset once for the queue; jobs name it by sha256. */
export async function storePreset(redis: Redis, queue: string, preset: Preset): Promise<string> {
  const sha256 = presetSha256(preset);
  await redis.hset(presetsKey(queue), sha256, JSON.stringify(preset));
  return sha256;
}

/** Presets a worker has met, loaded from Redis once each. */
export class PresetCache {
  private readonly loaded = new Map<string, Promise<Preset | null>>();

  constructor(
    private readonly redis: Redis,
    private readonly queue: string,
  ) {}

  /** Null when the queue holds no preset under this sha256. */
  get(sha256: string): Promise<Preset | null> {
    let preset = this.loaded.get(sha256);
    if (!preset) {
      preset = this.redis.hget(presetsKey(this.queue), sha256).then((text) => (text === null ? null : parsePreset(JSON.parse(text), `preset ${sha256} in Redis`)));
      // A failed read (Redis down) is tried again by the next job instead of being remembered.
      preset.catch(() => this.loaded.delete(sha256));
      this.loaded.set(sha256, preset);
    }
    return preset;
  }
}
