import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createUploader } from '../../src/upload/index.js';
import wav from 'node-wav';

const KEY = 'keepalive-key-0123456789';

// `voicegate serve` as its own process, as the benchmark and users run it (npm test builds dist/ first): an
// in-memory upload path once hung keep-alive requests after a few answers there, while the in-process tests passed.
test('voicegate serve answers 300 uploads over 16 keep-alive connections', async () => {
  const journalDir = await mkdtemp(path.join(tmpdir(), 'voicegate-keepalive-'));
  // The benchmark's clips: 0.5 s tones encoded by node-wav.
  const clips = await Promise.all(
    Array.from({ length: 300 }, async (_, i) => {
      const x = new Float32Array(8000).map((_, n) => 0.3 * Math.sin((2 * Math.PI * (150 + i) * n) / 16000));
      const file = path.join(journalDir, `tone-${i}.wav`);
      await writeFile(file, Buffer.from(wav.encode([x], { sampleRate: 16000, float: false, bitDepth: 16 })));
      return file;
    }),
  );
  const server = spawn(process.execPath, [path.resolve('dist/bundle/voicegate.js'), 'serve', '--port', '0'], { env: { ...process.env, VOICEGATE_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (d: Buffer) => {
        const match = /(http:\/\/[\d.:]+)\//.exec(d.toString());
        if (match) resolve(match[1]!);
      });
      server.on('exit', () => reject(new Error('voicegate serve exited early')));
    });
    const uploader = await createUploader({ endpoint: url, apiKey: KEY, journalPath: path.join(journalDir, 'journal.jsonl'), concurrency: 16, rate: null });
    const results = await Promise.all(clips.map((file) => uploader.upload({ path: file, durationS: 0.5, verdict: 'pass' })));
    await uploader.close();
    expect(results.filter((r) => r.status === 'uploaded')).toHaveLength(300);
    expect(new Set(results.map((r) => r.id)).size).toBe(300);
  } finally {
    server.kill('SIGINT');
    await rm(journalDir, { recursive: true, force: true });
  }
}, 30_000);
