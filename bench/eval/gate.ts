/**
 * Gate decisions: the min-snr rule at 20 dB (src/gate/rules/min-snr.ts, the rule the CLI applies) on voicegate's
 * `snrDb` for every SNR case of the SNR section whose label is more than 3 dB from the threshold. Right side:
 * a finding when the label is below 17 dB, none when it is above 23 dB. A missing estimate (null) passes the
 * rule, so it counts against low-SNR cases like any other wrong answer.
 */
import { minSnr } from '../../src/gate/rules/min-snr.js';
import type { Metrics } from '../../src/analysis/types.js';
import { fmt, table } from './data.js';
import { snrCases } from './snr.js';
import type { EvalContext, EvalSection } from './types.js';

const THRESHOLD_DB = 20;
const MARGIN_DB = 3;

export async function evalGate(ctx: EvalContext): Promise<EvalSection> {
  const cases = snrCases(ctx).cases.filter((c) => Math.abs(c.labelDb - THRESHOLD_DB) > MARGIN_DB);
  const rows = [
    { name: `label < ${THRESHOLD_DB - MARGIN_DB} dB (should fail)`, cases: cases.filter((c) => c.labelDb < THRESHOLD_DB), shouldFail: true },
    { name: `label > ${THRESHOLD_DB + MARGIN_DB} dB (should pass)`, cases: cases.filter((c) => c.labelDb > THRESHOLD_DB), shouldFail: false },
  ].map((r) => {
    const right = r.cases.filter((c) => {
      const findings = minSnr.check({ snrDb: c.oursDb } as Metrics, { minDb: THRESHOLD_DB }, {} as never);
      return findings.length > 0 === r.shouldFail;
    }).length;
    return { ...r, right };
  });
  const right = rows.reduce((n, r) => n + r.right, 0);
  const share = right / cases.length;
  const markdown = [
    `The min-snr rule at ${THRESHOLD_DB} dB applied to voicegate's snrDb for every SNR case (NOIZEUS and mixtures) with a label more than ${MARGIN_DB} dB from it.`,
    '',
    table(
      ['cases', 'n', 'right side', 'share'],
      [...rows.map((r) => [r.name, String(r.cases.length), String(r.right), `${fmt((100 * r.right) / r.cases.length, 1)} %`]), ['all', String(cases.length), String(right), `${fmt(100 * share, 1)} %`]],
    ),
  ].join('\n');
  return {
    id: 'gate',
    title: 'Gate decisions (min-snr at 20 dB)',
    markdown,
    targets: [{ name: 'min-snr 20 dB: right side beyond ±3 dB', target: '≥ 98 %', measured: `${fmt(100 * share, 1)} %`, met: share >= 0.98 }],
  };
}
