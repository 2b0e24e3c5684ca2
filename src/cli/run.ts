import { loadPreset, type Preset } from '../gate/preset.js';
import { presetSha256 } from '../pipeline/presetSha256.js';
import { runPipeline } from '../pipeline/run.js';
import { buildHtmlReport } from '../report/html/build.js';
import { checkSpeakers } from '../report/speakers.js';
import type { UploadCounts, UploadSettings } from '../pipeline/upload.js';
import { parseRate, resolveApiKey, UploadError } from '../upload/index.js';
import { parseCommandArgs, positiveInteger } from './args.js';
import { tuneGcForBatch } from './batchGc.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';
import { progressReporter } from './progress.js';
import { speakerFromFlag } from './report.js';

export async function runRun(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, {
    out: { type: 'string', short: 'o' },
    pipeline: { type: 'string', short: 'p' },
    concurrency: { type: 'string', short: 'c' },
    quiet: { type: 'boolean', short: 'q' },
    endpoint: { type: 'string' },
    'api-key-file': { type: 'string' },
    rate: { type: 'string' },
    'upload-concurrency': { type: 'string' },
    'max-attempts': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'allow-insecure': { type: 'boolean' },
    'no-upload': { type: 'boolean' },
    html: { type: 'boolean' },
    'speaker-from': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP.run);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('Expected at least one input file, folder or glob.', 'Example: voicegate run samples/ --out out/');
  if (!values.out) throw new UsageError('Expected --out DIR: the folder for reports and fixed audio.', 'Example: voicegate run samples/ --out out/');
  const concurrency = positiveInteger('concurrency', values.concurrency);
  const preset = await loadPreset(values.pipeline ?? 'dataset');
  const upload = await uploadSettings(values, preset);
  const speakerFrom = speakerFromFlag(values['speaker-from']);
  tuneGcForBatch();

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nvoicegate: stopping after the files in progress (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let progress: ReturnType<typeof progressReporter> | undefined;
  try {
    const result = await runPipeline(positionals, preset, {
      out: values.out,
      concurrency,
      signal: controller.signal,
      onStart: ({ total, problems }) => {
        for (const p of problems) process.stderr.write(`voicegate: warning: ${p.path}: ${p.message}\n`);
        if (!values.quiet) progress = progressReporter(process.stderr, total);
      },
      onProgress: (p) => progress?.update(p),
      upload,
    });
    progress?.end();
    if (speakerFrom && !result.aborted) {
      // After the uploads: the embeddings are what the clips are compared by.
      const { analysis, counts, firstRejected } = await checkSpeakers(values.out, preset, speakerFrom);
      result.counts = counts;
      result.done = counts.pass + counts.fixed + counts.reject;
      result.firstRejected = firstRejected;
      const outliers = analysis.clips.filter((c) => c.outlier);
      process.stdout.write(`speakers: ${analysis.groups.length} groups, ${analysis.clips.length} clips, ${outliers.length} outlier${outliers.length === 1 ? '' : 's'}${outliers.map((c) => `\n  speaker-outlier  ${c.path} (group ${c.speaker}, similarity ${c.similarity?.toFixed(3)})`).join('')}\n`);
    }
    if (values.html) {
      const page = await buildHtmlReport({ out: values.out, preset, presetSha256: presetSha256(preset), speakerFrom, uploadCounts: result.uploads, onWarning: (m) => process.stderr.write(`voicegate: warning: ${m}\n`) });
      process.stdout.write(`report: ${page.file} (${(page.bytes / 1e6).toFixed(2)} MB, ${page.pictures} files with pictures)\n`);
    }
    const { pass, fixed, reject } = result.counts;
    process.stdout.write(
      `${result.done} files: ${pass} pass, ${fixed} fixed, ${reject} rejected${result.aborted ? ' (stopped early: run again to finish)' : ''}\n` +
        `reports: ${values.out}/reports/   summary: ${values.out}/summary.csv, ${values.out}/summary.jsonl\n`,
    );
    if (result.uploads) process.stdout.write(`${uploadLine(result.uploads, upload?.endpoint ?? null)}\n`);
    if (reject > 0) {
      for (const row of result.firstRejected) {
        process.stdout.write(`  reject  ${row.relativePath}: ${row.errors.join(', ')}\n`);
      }
    }
    const uploadsFailed = result.uploads !== null && result.uploads.failed + result.uploads.notSent > 0;
    return reject > 0 || result.aborted || uploadsFailed ? EXIT.rejected : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function uploadLine(c: UploadCounts, endpoint: string | null): string {
  const where = endpoint ?? 'the built-in local server';
  const parts = [`${c.uploaded} uploaded`, `${c.fromJournal} already in the journal`, `${c.failed} failed`];
  if (c.notSent > 0) parts.push(`${c.notSent} not sent`);
  if (c.dryRun > 0) parts.push(`${c.dryRun} dry-run`);
  const errors = Object.entries(c.errors).map(([code, n]) => `${code} ×${n}`);
  return `uploads to ${where}: ${parts.join(', ')}${errors.length > 0 ? ` (${errors.join(', ')})` : ''}; embeddings.jsonl written`;
}

type UploadFlags = {
  endpoint?: string;
  'api-key-file'?: string;
  rate?: string;
  'upload-concurrency'?: string;
  'max-attempts'?: string;
  'dry-run'?: boolean;
  'allow-insecure'?: boolean;
  'no-upload'?: boolean;
};

/** Command line over preset over defaults; the key only from the environment or a file. */
async function uploadSettings(values: UploadFlags, preset: Preset): Promise<UploadSettings | null> {
  if (values['no-upload'] || (!preset.upload.enabled && values.endpoint === undefined)) return null;
  const rateText = values.rate ?? preset.upload.rate;
  try {
    const endpoint = values.endpoint ?? null;
    const dryRun = values['dry-run'] ?? false;
    const apiKey = endpoint === null ? null : await resolveApiKey({ apiKeyFile: values['api-key-file'] ?? null });
    if (endpoint !== null && apiKey === null && !dryRun) {
      throw new UsageError(`Expected an API key for ${endpoint}: set VOICEGATE_API_KEY or pass --api-key-file FILE (or --dry-run, or leave out --endpoint to use the built-in server)`);
    }
    return {
      endpoint,
      apiKey,
      concurrency: positiveInteger('upload-concurrency', values['upload-concurrency']) ?? preset.upload.concurrency,
      rate: rateText === null || rateText === 'off' ? null : parseRate(rateText),
      maxAttempts: positiveInteger('max-attempts', values['max-attempts']) ?? preset.upload.maxAttempts,
      dryRun,
      allowInsecure: values['allow-insecure'] ?? false,
      onWarning: (message) => process.stderr.write(`voicegate: warning: ${message}\n`),
    };
  } catch (error) {
    if (error instanceof UploadError) throw new UsageError(error.message, 'Run "voicegate run --help" for usage.');
    throw error;
  }
}
