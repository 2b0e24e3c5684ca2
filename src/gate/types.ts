import type { TimeSpan } from '../analysis/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = 'error' | 'warning' | 'off';
export type Verdict = 'pass' | 'fixed' | 'reject';

/** Which fix can remove a finding: the planner in src/fix acts on these. */
export type FixKind = 'trim' | 'gaps' | 'cut' | 'split' | 'normalize';

/** One message about one clip, shaped like a linter message (ESLint / vfile-message). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** One sentence: measured value, limit and what to do, e.g. "SNR is 14.2 dB, expected at least 25 dB: record in a quieter room…". */
  message: string;
  /** The plain-words advice on its own (also part of `message`). */
  advice: string;
  /** Metric the rule read, e.g. "snrDb". */
  metric: string | null;
  value: number | string | null;
  threshold: number | string | null;
  unit: string | null;
  /** Where in the clip, when the finding has a place (a gap, a clipped run, leading silence). */
  spans?: TimeSpan[];
  /** Set when a fix in the preset can remove the finding. */
  fixable?: FixKind;
}
