import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Pool, type Dispatcher } from 'undici';
import { acceptedClips, LOCAL_ENDPOINT } from '../pipeline/upload.js';
import type { FileReport, UploadEntry } from '../report/schema.js';
import { startEmbeddingServer, type RunningServer } from '../server/index.js';
import { parseEndpoint } from '../upload/endpoint.js';
import { createUploader, DEFAULT_TIMEOUTS, toUploadEntry, UploadError, type Uploader } from '../upload/index.js';
import type { JobUpload } from './job.js';
import type { RedisJournal } from './journal.js';
import { sharedRateInterceptor, SharedRateLimiter } from './rateLimit.js';

export interface QueueUploadsOptions {
  redis: Redis;
  journal: RedisJournal;
  /** This worker's key (VOICEGATE_API_KEY or --api-key-file); jobs never carry one. */
  apiKey: string | null;
  onWarning?(message: string): void;
}

interface Stage {
  uploader: Uploader;
  label: string;
  close(): Promise<void>;
}

/**
 * One uploader per distinct upload setting the worker meets, all on the Redis journal and the shared rate
 * limit. Unlike `voicegate run`'s stage it keeps no embeddings in memory: a worker may live for millions of
 * clips, and embeddings.jsonl is rebuilt from the reports.
 */
export class QueueUploads {
  private readonly stages = new Map<string, Promise<Stage>>();

  constructor(private readonly options: QueueUploadsOptions) {}

  async uploadReport(report: FileReport, out: string, settings: JobUpload): Promise<UploadEntry[]> {
    const stage = await this.stage(settings);
    const clips = acceptedClips(report, out);
    const results = await Promise.all(clips.map((clip) => stage.uploader.upload(clip)));
    return results.map((result, i) => toUploadEntry(clips[i]!.label, result, stage.label));
  }

  private stage(settings: JobUpload): Promise<Stage> {
    const key = JSON.stringify(settings);
    let stage = this.stages.get(key);
    if (!stage) {
      stage = this.open(settings);
      stage.catch(() => this.stages.delete(key));
      this.stages.set(key, stage);
    }
    return stage;
  }

  private async open(settings: JobUpload): Promise<Stage> {
    let server: RunningServer | null = null;
    let endpoint = settings.endpoint;
    let apiKey = this.options.apiKey;
    if (endpoint === null) {
      apiKey = randomBytes(24).toString('hex');
      server = await startEmbeddingServer({ apiKey });
      endpoint = server.url;
    } else if (apiKey === null) {
      throw new UploadError('UPLOAD_CONFIG', `Expected an API key for ${endpoint} on this worker: set VOICEGATE_API_KEY or pass --api-key-file FILE`);
    }
    // The label is what reports and the journal name the endpoint by, exactly as `voicegate run` does.
    const label = server ? LOCAL_ENDPOINT : endpoint;
    const limiter = new SharedRateLimiter(this.options.redis, label);
    const pool: Dispatcher = new Pool(parseEndpoint(endpoint, { allowInsecure: true }).origin, {
      connections: settings.concurrency,
      connect: { timeout: DEFAULT_TIMEOUTS.connectMs },
      headersTimeout: DEFAULT_TIMEOUTS.headersMs,
      bodyTimeout: DEFAULT_TIMEOUTS.bodyMs,
    });
    try {
      const uploader = await createUploader({
        endpoint,
        apiKey,
        journal: this.options.journal,
        journalEndpoint: label,
        concurrency: settings.concurrency,
        // The rate is held across workers by the interceptor; this process's queue only caps requests in flight.
        rate: null,
        maxAttempts: settings.maxAttempts,
        allowInsecure: settings.allowInsecure,
        onWarning: this.options.onWarning,
        dispatcher: pool.compose(sharedRateInterceptor(limiter, settings.rate, DEFAULT_TIMEOUTS.maxRetryAfterMs)),
      });
      return {
        uploader,
        label,
        async close() {
          try {
            await uploader.close();
          } finally {
            await pool.close();
            await server?.close();
          }
        },
      };
    } catch (error) {
      await pool.close();
      await server?.close();
      throw error;
    }
  }

  /** Waits for uploads in progress, then closes every connection pool (and built-in server). */
  async close(): Promise<void> {
    const stages = await Promise.allSettled([...this.stages.values()]);
    this.stages.clear();
    await Promise.all(stages.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
  }
}
