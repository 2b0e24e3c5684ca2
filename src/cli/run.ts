import { loadPreset } from '../gate/preset.js';
import { runPipeline } from '../pipeline/run.js';
import { parseCommandArgs, positiveInteger } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';
import { progressReporter } from './progress.js';

export async function runRun(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, {
    out: { type: 'string', short: 'o' },
    pipeline: { type: 'string', short: 'p' },
    concurrency: { type: 'string', short: 'c' },
    quiet: { type: 'boolean', short: 'q' },
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
    });
    progress?.end();
    const { pass, fixed, reject } = result.counts;
    process.stdout.write(
      `${result.rows.length} files: ${pass} pass, ${fixed} fixed, ${reject} rejected${result.aborted ? ' (stopped early: run again to finish)' : ''}\n` +
        `reports: ${values.out}/reports/   summary: ${values.out}/summary.csv, ${values.out}/summary.jsonl\n`,
    );
    if (reject > 0) {
      for (const row of result.rows.filter((r) => r.verdict === 'reject').slice(0, 20)) {
        process.stdout.write(`  reject  ${row.relativePath}: ${row.errors.join(', ')}\n`);
      }
    }
    return reject > 0 || result.aborted ? EXIT.rejected : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
