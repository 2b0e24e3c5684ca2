import path from 'node:path';
import { loadPreset, PresetError, type Preset } from '../gate/preset.js';
import { presetSha256 } from '../pipeline/presetSha256.js';
import { buildHtmlReport, DEFAULT_MAX_PICTURES, type PictureChoice } from '../report/html/build.js';
import { readReport, reportFiles } from '../report/outFolder.js';
import { parseSpeakerFrom, type SpeakerFrom } from '../report/speakers.js';
import { parseCommandArgs, positiveInteger } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';

const PICTURE_CHOICES: readonly PictureChoice[] = ['none', 'rejected', 'problems', 'all'];

export function pictureChoice(text: string | undefined): PictureChoice | undefined {
  if (text === undefined) return undefined;
  if (!(PICTURE_CHOICES as readonly string[]).includes(text)) throw new UsageError(`Expected --pictures to be one of ${PICTURE_CHOICES.join(', ')}, got "${text}"`);
  return text as PictureChoice;
}

export function speakerFromFlag(text: string | undefined): SpeakerFrom | null {
  if (text === undefined) return null;
  try {
    return parseSpeakerFrom(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The run's preset: --pipeline, else the name the reports carry (a custom preset file's name may not load). */
async function reportPreset(out: string, flag: string | undefined, warn: (m: string) => void): Promise<{ preset: Preset | null; sha: string | null }> {
  const files = await reportFiles(out);
  if (files.length === 0) throw new UsageError(`No reports in ${out}/reports: run "voicegate run INPUT... --out ${out}" first`);
  const first = await readReport(out, files[0]!);
  try {
    const preset = await loadPreset(flag ?? first.pipeline.name);
    if (presetSha256(preset) !== first.pipeline.sha256) warn(`the preset "${preset.name}" differs from the one the reports were made with: its thresholds are drawn`);
    return { preset, sha: first.pipeline.sha256 };
  } catch (error) {
    if (flag !== undefined || !(error instanceof PresetError)) throw error;
    warn(`cannot load the preset "${first.pipeline.name}" the reports name (pass --pipeline PATH): no thresholds drawn`);
    return { preset: null, sha: first.pipeline.sha256 };
  }
}

export async function runReport(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', args, {
    'out-file': { type: 'string', short: 'o' },
    'speaker-from': { type: 'string' },
    pictures: { type: 'string' },
    'max-pictures': { type: 'string' },
    pipeline: { type: 'string', short: 'p' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP.report);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('Expected one output folder of "voicegate run".', 'Example: voicegate report out/');
  const out = positionals[0]!;
  const warn = (message: string) => process.stderr.write(`voicegate: warning: ${message}\n`);
  const { preset, sha } = await reportPreset(out, values.pipeline, warn);
  const result = await buildHtmlReport({
    out,
    file: values['out-file'],
    preset,
    presetSha256: values.pipeline === undefined ? sha : null,
    speakerFrom: speakerFromFlag(values['speaker-from']),
    pictures: pictureChoice(values.pictures),
    maxPictures: values['max-pictures'] === '0' ? 0 : (positiveInteger('max-pictures', values['max-pictures']) ?? DEFAULT_MAX_PICTURES),
    onWarning: warn,
  });
  process.stdout.write(`${path.relative(process.cwd(), result.file) || result.file}: ${result.files} files, ${result.pictures} with pictures, ${(result.bytes / 1e6).toFixed(2)} MB\n`);
  return EXIT.ok;
}
