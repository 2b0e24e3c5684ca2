import type { z } from 'zod';
import type { Metrics, TimeSpan } from '../analysis/types.js';
import type { FixOptions } from '../fix/types.js';
import type { FixKind } from './types.js';

/** One message a rule can give: `text` states value and limit, `advice` says what to do. Both may use `{placeholders}`. */
export interface RuleMessage {
  text: string;
  advice: string;
}

/** What a check found, before the preset gives it a severity (ESLint's context.report). */
export interface RuleReport<MessageId extends string = string> {
  messageId: MessageId;
  value: number | string | null;
  threshold: number | string | null;
  /** Extra template values, already formatted for reading. */
  data?: Record<string, string>;
  spans?: TimeSpan[];
  /** Set when the preset's fix section will remove what was found. */
  fixable?: FixKind;
  /** When the report reads another metric (or unit) than the rule's default, e.g. level-range on speech RMS. */
  metric?: string;
  unit?: string | null;
}

export interface RuleContext {
  /** The preset's fix section: a rule marks a report fixable only when the fix that removes it is on. */
  fix: FixOptions;
}

/** zod's namespace, handed to a rule's option factory. */
export type Zod = typeof z;

/** A check, ESLint-rule style: data plus one function from metrics to reports. */
export interface Rule<Options extends z.ZodType = z.ZodType, MessageId extends string = string> {
  /** Kebab-case id used in presets and findings. */
  id: string;
  description: string;
  /**
   * Builds the option schema, with a default for every option so `"error"` alone is a complete setting. A
   * factory, so that judging with an already validated preset (`check` with a built-in one) never loads zod.
   */
  options: (zod: Zod) => Options;
  /** Fixes that can remove this rule's findings (which one applies depends on the preset's fix section). */
  fixable?: readonly FixKind[];
  /** The metric the rule reads (a key of Metrics). */
  metric: string;
  unit: string | null;
  /** How `{value}` and `{threshold}` read in messages. */
  format: (value: number) => string;
  messages: Record<MessageId, RuleMessage>;
  check(metrics: Metrics, options: z.output<Options>, context: RuleContext): RuleReport<MessageId>[];
}

/** Identity function that lets TypeScript infer a rule's option and message types. */
export function defineRule<Options extends z.ZodType, MessageId extends string>(rule: Rule<Options, MessageId>): Rule<Options, MessageId> {
  return rule;
}

/** True when the preset fixes at all and the given fix is switched on. */
export function fixOn(fix: FixOptions, section: 'trim' | 'gaps' | 'normalize'): boolean {
  return fix.enabled && fix[section].enabled;
}
