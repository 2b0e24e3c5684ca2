import { kilohertz, percent } from '../gate/format.js';
import type { Preset } from '../gate/preset.js';
import type { Rule } from '../gate/rule.js';
import { rules } from '../gate/rules/index.js';
import type { RuleSetting } from '../gate/types.js';

/** The bounds a rule's options state, in the unit the report stores the metric in. */
export interface RuleLimits {
  lower: number | null;
  upper: number | null;
}

/**
 * Read from the option names: `min*` is a lower bound, `max*` an upper one (every threshold option in
 * src/gate/rules follows that naming). Options that are not bounds are skipped.
 */
export function ruleLimits(options: Record<string, unknown>): RuleLimits {
  const find = (pattern: RegExp) => {
    const hit = Object.entries(options).find(([k, v]) => pattern.test(k) && typeof v === 'number');
    return hit ? (hit[1] as number) : null;
  };
  return { lower: find(/^min([A-Z]|$)/), upper: find(/^max([A-Z]|$)/) };
}

/** "≥ 20 dB", "≤ 1.5 s", "-28 … -18 LUFS", with the rule's own number format. */
export function limitText(rule: Rule, options: Record<string, unknown>, unit: string): string {
  const { lower, upper } = ruleLimits(options);
  const show = (v: number) => `${rule.format(v)}${unit ? ` ${unit}` : ''}`;
  if (lower !== null && upper !== null) return `${rule.format(lower)} … ${show(upper)}`;
  if (lower !== null) return `≥ ${show(lower)}`;
  if (upper !== null) return `≤ ${show(upper)}`;
  return '';
}

/** The unit of a value as `rule.format` prints it (which may scale it: kHz, %), not as the report stores it. */
export function displayUnit(rule: Rule, unit: string): string {
  if (rule.format === percent) return '%';
  if (rule.format === kilohertz) return 'kHz';
  return unit;
}

/** The metric a rule reads under its preset options (level-range can be pointed at speech RMS). */
export function ruleMetric(rule: Rule, options: Record<string, unknown>): string {
  return typeof options.metric === 'string' ? options.metric : rule.metric;
}

/** One enabled rule of a preset with the metric it reads and its bounds. */
export interface PresetLimit extends RuleLimits {
  rule: Rule;
  severity: Exclude<RuleSetting, 'off'>;
  metric: string;
  options: Record<string, unknown>;
}

/** Every enabled rule of the preset, in the rules' order. */
export function presetLimits(preset: Preset): PresetLimit[] {
  return rules.flatMap((rule) => {
    const entry = preset.rules[rule.id];
    if (!entry || entry[0] === 'off') return [];
    const [severity, options] = entry;
    return [{ rule, severity, metric: ruleMetric(rule, options), options, ...ruleLimits(options) }];
  });
}
