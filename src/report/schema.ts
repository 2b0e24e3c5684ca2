import { z } from 'zod';
import type { Metrics } from '../analysis/types.js';
import type { Finding } from '../gate/types.js';

import { REPORT_SCHEMA_ID, REPORT_VERSION } from './version.js';

export { REPORT_SCHEMA_ID, REPORT_VERSION } from './version.js';

const timeSpan = z.object({ startS: z.number(), endS: z.number() }).strict();
const dbOrNull = z.number().nullable();

export const metricsSchema = z
  .object({
    durationS: z.number().describe('Duration of the decoded audio, seconds.'),
    speechS: z.number().describe('Speech time found by the voice-activity detector, seconds.'),
    sampleRateHz: z.number().describe('Sample rate of the source, Hz.'),
    channels: z.number().int().describe('Channels of the source (measurements use the mono downmix unless stated).'),
    rmsDbfs: z.number().describe('RMS level of the whole clip, dBFS (a full-scale sine is −3.01).'),
    speechRmsDbfs: dbOrNull.describe('RMS level over speech frames only, dBFS.'),
    peakDbfs: z.number().describe('Sample peak, dBFS.'),
    loudnessLufs: dbOrNull.describe('ITU-R BS.1770-4 integrated loudness (K-weighted, gated), LUFS; null when everything is gated out.'),
    clippedRatio: z.number().describe('Share of samples sitting exactly on a clipped extreme (worst channel): an extreme value held for ≥3 consecutive samples, or held by far more samples than the values just inside it (a clipper\'s rail; 1–2-sample tops), or the mirror of such a rail.'),
    clippedRuns: z.array(timeSpan.extend({ channel: z.number().int(), samples: z.number().int() }).strict()),
    dcOffset: z.number().describe('Mean sample value (full scale = 1).'),
    channelLevels: z.array(
      z
        .object({
          channel: z.number().int(),
          rmsDbfs: z.number(),
          peakDbfs: z.number(),
          dcOffset: z.number(),
          correlationWithFirst: z.number().nullable(),
        })
        .strict(),
    ),
    nonFiniteSamples: z.number().int().describe('NaN/Inf samples in the source (zeroed before measuring).'),
    snrDb: dbOrNull.describe('Blind SNR: active speech level over noise power, dB.'),
    noiseFloorDbfs: z.number().describe('Noise power as an RMS level, dBFS.'),
    c50Db: dbOrNull.describe('Blind clarity estimate C50, dB (higher = drier).'),
    rt60S: dbOrNull.describe('Blind reverberation time estimate, seconds.'),
    echoScore: z.number().min(0).max(1).nullable().describe('0 (dry) … 1 (hall).'),
    leadingSilenceS: z.number(),
    trailingSilenceS: z.number(),
    gaps: z.array(timeSpan).describe('Internal non-speech spans of at least 0.3 s.'),
    longestGapS: z.number(),
    speechRatio: z.number(),
    bandwidthHz: z.number().describe('Highest frequency with real content, Hz.'),
    humDb: dbOrNull.describe('Mains hum prominence above the local spectrum, dB.'),
    humDbfs: dbOrNull.describe('Mains hum level (all harmonics), dBFS.'),
    humFrequencyHz: z.union([z.literal(50), z.literal(60)]).nullable(),
  })
  .strict();

export const findingSchema = z
  .object({
    ruleId: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
    advice: z.string(),
    metric: z.string().nullable(),
    value: z.union([z.number(), z.string()]).nullable(),
    threshold: z.union([z.number(), z.string()]).nullable(),
    unit: z.string().nullable(),
    spans: z.array(timeSpan).optional(),
    fixable: z.enum(['trim', 'gaps', 'cut', 'split', 'normalize']).optional(),
  })
  .strict();

const verdictSchema = z.enum(['pass', 'fixed', 'reject']);

export const sourceInfoSchema = z
  .object({
    container: z.string(),
    codec: z.string(),
    sampleRateHz: z.number(),
    channels: z.number().int(),
    bitDepth: z.number().int().nullable(),
    sampleFormat: z.enum(['int', 'float']).nullable(),
    durationS: z.number().nullable(),
    bytes: z.number().int(),
    sha256: z.string(),
    decoder: z.enum(['node-wav', 'wav-s16', 'wav-stream', 'ffmpeg']),
  })
  .strict();

const keptSpanSchema = timeSpan.extend({ reason: z.string().optional() }).strict();

export const fixPlanSchema = z
  .object({
    changes: z.boolean(),
    cuts: z.array(timeSpan.extend({ kind: z.enum(['trim-leading', 'trim-trailing', 'shorten-gap', 'cut-tail', 'split']) }).strict()),
    outputs: z.array(
      z.object({ index: z.number().int(), spans: z.array(keptSpanSchema), durationS: z.number(), gain: z.number() }).strict(),
    ),
    notes: z.array(z.string()),
  })
  .strict();

export const outputReportSchema = z
  .object({
    path: z.string().describe('Relative to the output folder.'),
    sha256: z.string(),
    durationS: z.number(),
    metrics: metricsSchema,
    findings: z.array(findingSchema),
    verdict: z.enum(['pass', 'reject']),
  })
  .strict();

export const uploadEntrySchema = z
  .object({
    path: z.string().describe('What was sent: the input as given, or an output relative to the output folder.'),
    sha256: z.string().nullable(),
    status: z
      .enum(['uploaded', 'failed', 'not-sent', 'dry-run'])
      .describe('uploaded: the API answered (now or in an earlier run, from the journal); failed: requests were sent, none gave an embedding; not-sent: refused or interrupted before a request.'),
    endpoint: z.string().describe('"local" for the built-in server, else the base URL (never with credentials).'),
    id: z.string().optional(),
    embedding: z.array(z.number()).length(192).optional(),
    error: z.object({ code: z.string(), message: z.string() }).strict().optional(),
    attempts: z
      .array(
        z
          .object({
            attempt: z.number().int(),
            startedAt: z.number(),
            ms: z.number(),
            status: z.number().int().nullable(),
            code: z.string().nullable(),
            retryAfterMs: z.number().nullable(),
          })
          .strict(),
      )
      .optional()
      .describe('Every request of a failed upload, for diagnosis (not kept for successes, so a resumed run writes the same report).'),
  })
  .strict();

export const speakerCheckSchema = z
  .object({
    group: z.string().describe('The speaker this input was grouped under (voicegate run --speaker-from dir|REGEX).'),
    clips: z.array(
      z
        .object({
          path: z.string().describe('The uploaded clip, as in `upload`.'),
          similarity: z.number().nullable().describe("Cosine of the clip's embedding to the mean of the group's other clips; null when it is the group's only clip."),
          cutoff: z.number().nullable().describe('Below this the clip is an outlier; null when the group has too few clips to judge.'),
          outlier: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict();

export const fileReportSchema = z
  .object({
    $schema: z.literal(REPORT_SCHEMA_ID),
    reportVersion: z.literal(REPORT_VERSION),
    tool: z.object({ name: z.literal('voicegate'), version: z.string() }).strict(),
    pipeline: z.object({ name: z.string(), sha256: z.string() }).strict(),
    input: z
      .object({
        path: z.string().describe('As given on the command line (or found under a folder given there).'),
        relativePath: z.string().describe('Where its report and outputs live under the output folder.'),
        sha256: z.string().nullable(),
        bytes: z.number().int().nullable(),
        source: sourceInfoSchema.nullable().describe('Null when the file could not be decoded.'),
      })
      .strict(),
    metrics: metricsSchema.nullable(),
    findings: z.array(findingSchema),
    verdict: verdictSchema,
    fix: fixPlanSchema.nullable(),
    outputs: z.array(outputReportSchema),
    speech: z.array(timeSpan).describe('Speech segments found by the VAD, seconds.'),
    upload: z
      .array(uploadEntrySchema)
      .nullable()
      .describe('One entry per accepted clip sent to the embedding API (the input when it passed, each passing output when it was fixed); null when uploading was off.'),
    speaker: speakerCheckSchema.optional().describe('Speaker consistency of the uploaded clips within their group; absent when not checked.'),
  })
  .strict();

export type UploadEntry = z.infer<typeof uploadEntrySchema>;
export type FileReport = z.infer<typeof fileReportSchema>;
export type OutputReport = z.infer<typeof outputReportSchema>;
export type SpeakerCheck = z.infer<typeof speakerCheckSchema>;

export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(fileReportSchema, { target: 'draft-2020-12' }),
    $id: REPORT_SCHEMA_ID,
    title: `voicegate file report ${REPORT_VERSION}`,
  };
}

// Compile-time guards: the schema and the analysis/gate types must describe the same objects.
type Assert<T extends true> = T;
export type MetricsMatchSchema = Assert<Metrics extends z.infer<typeof metricsSchema> ? true : false>;
export type FindingMatchesSchema = Assert<Finding extends z.infer<typeof findingSchema> ? true : false>;
