import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPreset } from '../gate/preset.js';
import { expandInputs } from '../pipeline/inputs.js';
import { processFile } from '../pipeline/processFile.js';
import { presetSha256 } from '../pipeline/presetSha256.js';
import type { FileReport } from '../report/schema.js';
import { formatCheck } from '../report/terminal.js';
import { parseCommandArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';

export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, {
    pipeline: { type: 'string', short: 'p' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP.check);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('Expected at least one file to check.', 'Example: voicegate check my-take.wav');
  const preset = await loadPreset(values.pipeline ?? 'voice-clone');
  const sha = presetSha256(preset);
  const { inputs, problems } = await expandInputs(positionals);
  for (const p of problems) process.stderr.write(`voicegate: warning: ${p.path}: ${p.message}\n`);
  // The fix is tried for real so the verdict can be "fixed"; its audio goes to a scratch folder that is removed.
  const scratch = await mkdtemp(path.join(tmpdir(), 'voicegate-check-'));
  const reports: FileReport[] = [];
  try {
    for (const input of inputs) {
      const report = await processFile(input, preset, { out: scratch, presetSha256: sha });
      reports.push(report);
      if (!values.json) process.stdout.write(formatCheck(report, preset, { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (values.json) {
    for (const r of reports) r.outputs = r.outputs.map((o) => ({ ...o, path: `(not written by check) ${o.path}` }));
    process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  }
  return reports.some((r) => r.verdict === 'reject') ? EXIT.rejected : EXIT.ok;
}
