import type { Metrics } from '../analysis/types.js';
import type { Preset, RuleEntry } from '../gate/preset.js';
import type { Rule } from '../gate/rule.js';
import { rules } from '../gate/rules/index.js';
import type { Finding, Severity } from '../gate/types.js';
import { displayUnit, limitText, ruleMetric } from './limits.js';
import type { FileReport } from './schema.js';

export interface TerminalOptions {
  color: boolean;
}

const STYLE = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

function painter(color: boolean) {
  return (style: keyof typeof STYLE, text: string): string => (color ? `\x1b[${STYLE[style]}m${text}\x1b[0m` : text);
}

const VERDICT_STYLE = { pass: 'green', fixed: 'green', reject: 'red' } as const;
const SEVERITY_MARK: Record<Severity, string> = { error: '✗', warning: '!', info: 'i' };
const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'dim' } as const;

interface Row {
  mark: string;
  style: 'green' | 'red' | 'yellow' | 'dim';
  check: string;
  measured: string;
  limit: string;
}

function ruleRow(rule: Rule, entry: RuleEntry, metrics: Metrics, findings: Finding[]): Row | null {
  const [setting, options] = entry;
  if (setting === 'off') return null;
  const metric = ruleMetric(rule, options);
  const value = (metrics as unknown as Record<string, unknown>)[metric];
  if (typeof value !== 'number' && value !== null) return null; // not a single number (channel levels): findings say it
  const own = findings.filter((f) => f.ruleId === rule.id);
  const shownUnit = displayUnit(rule, own[0]?.unit ?? rule.unit ?? '');
  const measured = value === null ? 'n/a' : `${rule.format(value)}${shownUnit ? ` ${shownUnit}` : ''}`;
  const worst = own.find((f) => f.severity === 'error') ?? own[0];
  return {
    mark: worst ? SEVERITY_MARK[worst.severity] : '✓',
    style: worst ? SEVERITY_STYLE[worst.severity] : value === null ? 'dim' : 'green',
    check: rule.id,
    measured,
    limit: limitText(rule, options, shownUnit),
  };
}

function sourceLine(report: FileReport): string {
  const s = report.input.source;
  if (!s) return 'not decoded';
  const rate = s.sampleRateHz % 1000 === 0 ? `${s.sampleRateHz / 1000} kHz` : `${(s.sampleRateHz / 1000).toFixed(1)} kHz`;
  const layout = s.channels === 1 ? 'mono' : s.channels === 2 ? 'stereo' : `${s.channels} ch`;
  const duration = report.metrics ? `${report.metrics.durationS.toFixed(2)} s, ` : '';
  return `${duration}${rate} ${layout}, ${s.container}/${s.codec}`;
}

/** What `voicegate check` prints for one file: verdict, every measured value against its limit, advice. */
export function formatCheck(report: FileReport, preset: Preset, options: TerminalOptions): string {
  const paint = painter(options.color);
  const lines: string[] = [];
  const verdict = report.verdict.toUpperCase();
  lines.push(`${paint('bold', report.input.path)}  ${paint(VERDICT_STYLE[report.verdict], verdict)}  ${paint('dim', `(${preset.name}; ${sourceLine(report)})`)}`);

  if (report.metrics) {
    const rows = rules.flatMap((rule) => {
      const entry = preset.rules[rule.id];
      const row = entry ? ruleRow(rule, entry, report.metrics!, report.findings) : null;
      return row ? [row] : [];
    });
    const width = (key: 'check' | 'measured') => Math.max(...rows.map((r) => r[key].length), key.length);
    const [checkWidth, measuredWidth] = [width('check'), width('measured')];
    lines.push(paint('dim', `    ${'check'.padEnd(checkWidth)}  ${'measured'.padEnd(measuredWidth)}  limit`));
    for (const r of rows) lines.push(`  ${paint(r.style, r.mark)} ${r.check.padEnd(checkWidth)}  ${r.measured.padEnd(measuredWidth)}  ${paint('dim', r.limit)}`);
  }

  const messages = report.findings;
  if (messages.length > 0) {
    lines.push('');
    for (const f of messages) lines.push(`  ${paint(SEVERITY_STYLE[f.severity], `${SEVERITY_MARK[f.severity]} ${f.ruleId}`)}  ${f.message}`);
  }
  if (report.fix?.changes) {
    lines.push('');
    for (const note of report.fix.notes) lines.push(`  ${paint('dim', 'fix')}  ${note}`);
    for (const output of report.outputs) {
      const errors = output.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId);
      const outcome = output.verdict === 'pass' ? paint('green', 'passes') : paint('red', `still rejected (${errors.join(', ')})`);
      lines.push(`  ${paint('dim', 'fixed')} ${output.path} (${output.durationS.toFixed(2)} s) ${outcome}`);
    }
  }
  if (report.verdict === 'pass' && messages.length === 0) lines.push(`  ${paint('green', 'Ready to upload.')}`);
  return `${lines.join('\n')}\n\n`;
}
