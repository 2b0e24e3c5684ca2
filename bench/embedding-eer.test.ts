/**
 * Speaker separation of the local server's voice vector (src/server/embedding.ts), measured through the
 * server's HTTP API: every pair of labelled clean-speech clips is scored by cosine similarity, and the equal
 * error rate says how well one threshold tells same-speaker pairs from different-speaker pairs.
 *
 *   npx vitest run --config bench/vitest.config.ts bench/embedding-eer.test.ts
 *
 * Data: VOICEGATE_DATA (default ../shared/data relative to the repo), a folder holding manifest.json with
 * `gt.speaker` labels (see its README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { startEmbeddingServer } from '../src/server/index.js';
import { postFile } from '../test/server/client.js';
import { equalErrorRate, type Trial } from './eer.js';

const REPO = resolve(new URL('..', import.meta.url).pathname);
const DATA = resolve(REPO, process.env.VOICEGATE_DATA ?? '../shared/data');
const TARGET_EER = 0.15;

interface Clip {
  path: string;
  speaker: string;
}

function labelledClips(include: (path: string) => boolean): Clip[] {
  const manifestPath = join(DATA, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`Expected the speech data set at ${DATA} (no manifest.json there): set VOICEGATE_DATA to the folder holding it (default ../shared/data relative to the repo)`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { path: string; dur_s: number; gt?: { speaker?: string } }[];
  // Longer clips are refused by the server, as by the real service.
  return manifest
    .filter((m) => m.gt?.speaker && m.dur_s <= 30 && include(m.path))
    .map((m) => ({ path: m.path, speaker: m.gt!.speaker! }));
}

async function embeddings(clips: Clip[]): Promise<number[][]> {
  const server = await startEmbeddingServer();
  try {
    const vectors: number[][] = [];
    for (const clip of clips) {
      const answer = await postFile(server.url, readFileSync(join(DATA, clip.path)));
      if (answer.status !== 200) throw new Error(`Expected 200 for ${clip.path}, got ${answer.status}: ${answer.text}`);
      vectors.push((answer.json as { embedding: number[] }).embedding);
    }
    return vectors;
  } finally {
    await server.close();
  }
}

async function measure(name: string, clips: Clip[]): Promise<number> {
  const vectors = await embeddings(clips);
  const trials: Trial[] = [];
  for (let i = 0; i < clips.length; i++) {
    for (let j = i + 1; j < clips.length; j++) {
      const score = vectors[i]!.reduce((sum, v, k) => sum + v * vectors[j]![k]!, 0);
      trials.push({ score, target: clips[i]!.speaker === clips[j]!.speaker });
    }
  }
  const result = equalErrorRate(trials);
  const mean = (scores: number[]): string => (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(3);
  const speakers = new Set(clips.map((c) => c.speaker)).size;
  console.log(
    `${name}: ${clips.length} clips, ${speakers} speakers, ${result.targets} same-speaker / ${result.nonTargets} different-speaker pairs; ` +
      `EER ${(100 * result.eer).toFixed(1)} % at cosine ${result.threshold.toFixed(3)}; ` +
      `mean cosine same ${mean(trials.filter((t) => t.target).map((t) => t.score))}, different ${mean(trials.filter((t) => !t.target).map((t) => t.score))}`,
  );
  return result.eer;
}

test(`LibriSpeech test-other (10 speakers × 3 utterances): EER at most ${100 * TARGET_EER} %`, async () => {
  const eer = await measure('LibriSpeech test-other', labelledClips((p) => p.startsWith('clean_speech/librispeech_test-other/')));
  expect(eer).toBeLessThanOrEqual(TARGET_EER);
});

test('all labelled clean speech (LibriSpeech, ARCTIC, VCTK, LibriVox, NOIZEUS clean, telephone prompts): reported', async () => {
  // Mixes 8 and 16 kHz sources, so some different-speaker pairs also differ in bandwidth: indicative only.
  const clean = (p: string): boolean => p.startsWith('clean_speech/') || p.startsWith('noisy_snr/noizeus/clean/') || p.startsWith('problem/telephone_8k/');
  const eer = await measure('all clean speech', labelledClips(clean));
  expect(eer).toBeLessThanOrEqual(TARGET_EER);
});
