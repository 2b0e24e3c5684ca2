import { z } from 'zod';
import type { FixOptions } from '../fix/types.js';
import { PresetError, type RuleEntry } from './preset.js';
import { formatIssues } from './presetIssues.js';
import type { Rule } from './rule.js';
import { rules } from './rules/index.js';

export const PIPELINE_SCHEMA_ID = 'https://voicegate.dev/schemas/pipeline.schema.json';

const severity = z.enum(['error', 'warning', 'off']);

/** ESLint flat-config style: `"error"`, `["error"]` or `["error", { options }]`. */
function ruleEntrySchema(rule: Rule) {
  const options = rule.options(z);
  const defaults = () => options.parse({}) as Record<string, unknown>;
  return z
    .union([severity, z.tuple([severity, options.optional()])])
    .describe(`${rule.id}: ${rule.description} "error" rejects the clip, "warning" only reports, "off" skips the check.`)
    .transform((entry): RuleEntry => (typeof entry === 'string' ? [entry, defaults()] : [entry[0], (entry[1] ?? defaults()) as Record<string, unknown>]))
    .optional();
}

const rulesSchema = z
  .strictObject(Object.fromEntries(rules.map((rule) => [rule.id, ruleEntrySchema(rule)])))
  .describe('Checks to run and how severe their findings are; a rule left out is off.');

const fixSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Master switch: false measures and judges only.'),
    trim: z
      .strictObject({
        enabled: z.boolean().default(true),
        // Azure Custom Neural Voice: 100–200 ms of silence at the start and end of each clip.
        padS: z.number().min(0).default(0.15).describe('Silence kept before the first and after the last word, seconds.'),
      })
      .prefault({})
      .describe('Trim leading and trailing non-speech down to padS.'),
    gaps: z
      .strictObject({
        enabled: z.boolean().default(true),
        // Same as max-gap's default, so the fix shortens every pause the rule flags.
        maxS: z.number().positive().default(1.5).describe('Pauses longer than this are shortened, seconds.'),
        // Project choice: about the length of a natural sentence pause.
        shortenToS: z.number().min(0).default(0.5).describe('Length a long pause is shortened to, seconds.'),
      })
      .refine((gaps) => gaps.shortenToS <= gaps.maxS, { message: 'expected shortenToS to be at most maxS', path: ['shortenToS'] })
      .prefault({})
      .describe('Shorten long pauses inside the clip.'),
    long: z
      .strictObject({
        mode: z.enum(['cut', 'split', 'none']).default('cut').describe('cut: keep the start up to the last pause before the limit; split: cut at pauses into several clips; none: leave long clips (the gate rejects them).'),
        // Embedding API guide: at most 30 s of audio.
        maxDurationS: z.number().positive().default(30).describe('Longest output clip, seconds.'),
        // Same as min-duration's default: a shorter piece would be rejected anyway.
        minSegmentS: z.number().min(0).default(3).describe('Shortest piece worth keeping when cutting or splitting, seconds.'),
      })
      .refine((long) => long.minSegmentS < long.maxDurationS, { message: 'expected minSegmentS to be below maxDurationS', path: ['minSegmentS'] })
      .prefault({})
      .describe('What to do with clips longer than maxDurationS.'),
    normalize: z
      .strictObject({
        enabled: z.boolean().default(true),
        // EBU R128: programme loudness -23 LUFS.
        targetLufs: z.number().max(0).default(-23).describe('Integrated loudness to aim for, LUFS.'),
        // ACX: peaks no higher than -3 dB.
        peakCeilingDbfs: z.number().max(0).default(-3).describe('The gain never lifts the sample peak above this, dBFS.'),
      })
      .prefault({})
      .describe('Loudness normalisation (one gain per output).'),
  })
  .describe('How to repair what can be repaired; without a fix section a preset only judges.');

const uploadSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Send accepted clips to the embedding API (`voicegate run --no-upload` turns it off).'),
    concurrency: z.number().int().min(1).default(4).describe('Requests in flight at once (`--upload-concurrency`).'),
    rate: z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*\/\s*(ms|s|sec|min|h)\s*$/i, 'expected a rate like "10/s" or "600/min"')
      .nullable()
      .default(null)
      .describe('Most requests started per time unit, retries included, e.g. "10/s" (`--rate`); null: no limit.'),
    maxAttempts: z.number().int().min(1).max(20).default(5).describe('Requests per clip, the first included (`--max-attempts`).'),
  })
  .describe('How accepted clips go to the embedding API; the endpoint and key come from the command line and environment, never from a preset.');

const speakersSchema = z
  .strictObject({
    outlier: severity
      .default('warning')
      .describe('Severity of the speaker-outlier finding (voicegate run --speaker-from): "error" rejects a clip whose voice does not match its group, "off" skips the check.'),
    // Chosen on the ten LibriSpeech test-other readers in ../shared/data with the built-in server's embedding:
    // with these two values the rule flagged the moved clip in 268 of the 270 single-clip moves into another reader's folder, and no reader's own clip.
    robustZ: z.number().positive().default(4).describe("How far below its group's median similarity a clip must sit to be an outlier, in robust standard deviations (median absolute deviation × 1.4826 of all groups' scores)."),
    minDrop: z.number().min(0).max(2).default(0.025).describe("…and at least this much cosine similarity below it, so a very tight set of groups does not flag clips that differ by a hair."),
  })
  .describe('Speaker consistency: each clip compared with the other clips of its speaker group.');

/** Top-level fields. Later sections (e.g. `upload`) are added here; unknown keys stay errors. */
const presetFields = {
  $schema: z.string().optional().describe('Where editors find this schema, e.g. "../schemas/pipeline.schema.json".'),
  name: z.string().min(1).describe('Preset name, shown in reports.'),
  description: z.string().default('').describe('What the preset is for.'),
  rules: rulesSchema,
  fix: fixSchema.prefault({ enabled: false }),
  upload: uploadSchema.prefault({}),
  speakers: speakersSchema.prefault({}),
};

export const presetSchema = z.strictObject(presetFields);

export type Preset = z.output<typeof presetSchema>;

// Compile-time guard: the fix section validates into exactly the fix module's FixOptions.
type Assert<T extends true> = T;
export type FixSectionIsFixOptions = Assert<[Preset['fix']] extends [FixOptions] ? ([FixOptions] extends [Preset['fix']] ? true : false) : false>;

/** Validates preset data; `source` names it in the error ("pipelines/dataset.json"). */
export function parsePreset(data: unknown, source: string): Preset {
  const result = presetSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issues = formatIssues(result.error.issues, presetSchema);
  throw new PresetError('CONFIG_INVALID', `Invalid preset ${source}: ${issues.length === 1 ? '1 problem' : `${issues.length} problems`}`, issues);
}

/** JSON Schema of a preset file (what an author writes, defaults shown), for schemas/pipeline.schema.json. */
export function presetJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(presetSchema, { io: 'input', target: 'draft-2020-12' });
  return { $schema, $id: PIPELINE_SCHEMA_ID, title: 'voicegate pipeline preset', ...schema };
}
