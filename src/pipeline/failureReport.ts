import { inputFinding } from '../gate/input.js';
import type { InputFile } from './inputs.js';
import type { FileReport } from '../report/schema.js';
import { REPORT_SCHEMA_ID, REPORT_VERSION } from '../report/version.js';
import { TOOL_VERSION } from '../version.js';

/**
 * The report of a job that failed for good (like `voicegate run` writes for a file its worker crashed on): the
 * cause stays with the input, and the summary counts it as rejected instead of losing it.
 */
export function failureReport(input: InputFile, pipeline: { name: string; sha256: string }, cause: string): FileReport {
  return {
    $schema: REPORT_SCHEMA_ID,
    reportVersion: REPORT_VERSION,
    tool: { name: 'voicegate', version: TOOL_VERSION },
    pipeline,
    input: { path: input.path, relativePath: input.relativePath, sha256: null, bytes: null, source: null },
    metrics: null,
    findings: [inputFinding('input/decode-failed', `processing failed: ${cause}`, 'error')],
    verdict: 'reject',
    fix: null,
    outputs: [],
    speech: [],
    upload: null,
  };
}
