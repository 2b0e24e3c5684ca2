import type { Metrics } from '../analysis/types.js';
import { capitalize, inputFinding, type InputIssue } from './input.js';
import type { Preset, RuleEntry } from './preset.js';
import type { Rule, RuleContext, RuleReport } from './rule.js';
import { rules } from './rules/index.js';
import type { Finding, Severity } from './types.js';

export interface JudgeContext {
  /** Problems the decoder found with the file (decode warnings such as input/truncated). */
  inputIssues?: InputIssue[];
}

export interface Judgement {
  findings: Finding[];
  verdict: 'pass' | 'reject';
}

/** Any error rejects; warnings and info never do. */
export function verdictOf(findings: readonly Finding[]): 'pass' | 'reject' {
  return findings.some((f) => f.severity === 'error') ? 'reject' : 'pass';
}

/**
 * Runs every rule the preset switches on. Findings the preset's fix section can remove carry `fixable`; the
 * pipeline plans that fix and re-judges the output before it calls a clip "fixed".
 */
export function judge(metrics: Metrics, preset: Pick<Preset, 'rules' | 'fix'>, context: JudgeContext = {}): Judgement {
  const findings = (context.inputIssues ?? []).map((issue) => inputFinding(issue.ruleId, issue.message, issue.severity ?? 'warning'));
  for (const rule of rules) {
    const entry = preset.rules[rule.id];
    if (entry) findings.push(...applyRule(rule, entry, metrics, { fix: preset.fix }));
  }
  const sorted = sortFindings(findings);
  return { findings: sorted, verdict: verdictOf(sorted) };
}

/** One rule with its preset setting (options already validated, defaults filled). */
export function applyRule(rule: Rule, [setting, options]: RuleEntry, metrics: Metrics, context: RuleContext): Finding[] {
  if (setting === 'off') return [];
  return rule.check(metrics, options, context).map((report) => toFinding(rule, report, setting));
}

function toFinding(rule: Rule, report: RuleReport, severity: Severity): Finding {
  const message = rule.messages[report.messageId];
  if (!message) throw new Error(`Rule ${rule.id} reported an unknown messageId "${report.messageId}"`);
  const fill = (template: string) => fillTemplate(template, rule, report);
  const advice = fill(message.advice);
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    message: `${fill(message.text)}: ${advice}.`,
    advice: `${capitalize(advice)}.`,
    metric: report.metric ?? rule.metric,
    value: report.value,
    threshold: report.threshold,
    unit: report.unit === undefined ? rule.unit : report.unit,
  };
  if (report.spans) finding.spans = report.spans;
  if (report.fixable) finding.fixable = report.fixable;
  return finding;
}

function fillTemplate(template: string, rule: Rule, report: RuleReport): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const raw = key === 'value' || key === 'threshold' ? report[key] : report.data?.[key];
    if (raw === undefined || raw === null) throw new Error(`Rule ${rule.id}: message "${report.messageId}" has no value for {${key}}`);
    return typeof raw === 'number' ? rule.format(raw) : raw;
  });
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; within each, whole-file findings before placed ones, placed ones by time. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const start = (f: Finding) => f.spans?.[0]?.startS ?? -Infinity;
  const byStart = (a: Finding, b: Finding) => (start(a) === start(b) ? 0 : start(a) - start(b));
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byStart(a, b));
}
