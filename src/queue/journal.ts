import type { Redis } from 'ioredis';
import { UploadError } from '../upload/index.js';
import { parseJournalEntry, type JournalEntry, type UploadJournal } from '../upload/journal.js';
import { JOURNAL_KEY } from './keys.js';

const field = (sha256: string, endpoint: string): string => `${endpoint}\n${sha256}`;

/**
 * The upload journal of queued runs: one Redis hash shared by every worker, keyed by endpoint + content sha256,
 * each value the same JSON line the file journal holds (about 4 kB a clip, most of it the embedding).
 * An entry counts once Redis acknowledged it; run Redis with `appendonly yes` and `appendfsync always` so an
 * acknowledged entry also survives a Redis crash.
 */
export class RedisJournal implements UploadJournal {
  constructor(private readonly redis: Redis) {}

  async get(sha256: string, endpoint: string): Promise<JournalEntry | undefined> {
    const text = await this.redis.hget(JOURNAL_KEY, field(sha256, endpoint));
    if (text === null) return undefined;
    const entry = parseJournalEntry(text);
    if (!entry) throw new UploadError('UPLOAD_JOURNAL', `Expected a journal entry in Redis for ${sha256} at ${endpoint}; the value was changed by hand: delete that field to upload the clip again`);
    return entry;
  }

  /** The first answer for a clip stays: a copy sent by a worker that died mid-request does not replace it. */
  async append(entry: JournalEntry): Promise<void> {
    try {
      await this.redis.hsetnx(JOURNAL_KEY, field(entry.sha256, entry.endpoint), JSON.stringify(entry));
    } catch (error) {
      throw new UploadError('UPLOAD_JOURNAL', `Could not record the upload of ${entry.sha256} in Redis: ${(error as Error).message}`);
    }
  }
}
