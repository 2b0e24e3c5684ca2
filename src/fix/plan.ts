import type { Analysis } from '../analysis/types.js';
import type { Finding, FixKind } from '../gate/types.js';
import { dbToGain, normalizationGain } from './normalize.js';
import { trimAndShorten } from './shorten.js';
import { longOptions, planLong, type Segment } from './split.js';
import { cleanSpeech, keptLengthS, slicePieces, toKeptSpans, type Action } from './timeline.js';
import type { FixOptions, FixPlan, LevelEnvelope, PlannedCut } from './types.js';

const contains = (outer: PlannedCut, inner: PlannedCut): boolean => inner.startS >= outer.startS && inner.endS <= outer.endS;

/**
 * Plans every change before any audio is written (pure). Trimming, gap shortening and cutting or splitting
 * happen only when a finding asks for them; the length limit is applied to the timeline after trimming and gap
 * shortening. Loudness normalisation, when enabled, applies to every written output, but on its own it causes a
 * write only when a finding asks for it. `envelope` (frame levels of the source) lets a take with no pause in a
 * stretch longer than the limit be cut at its quietest point; without it such a cut falls in the middle of a cell.
 */
export function planFix(analysis: Pick<Analysis, 'metrics' | 'speech'>, options: FixOptions, findings: readonly Finding[], envelope?: LevelEnvelope): FixPlan {
  if (!options.enabled) return { changes: false, cuts: [], outputs: [], notes: [] };
  const asked = new Set<FixKind>(findings.flatMap((f) => (f.fixable ? [f.fixable] : [])));
  const { metrics } = analysis;
  const speech = cleanSpeech(analysis.speech, metrics.durationS);

  const { pieces, actions: shortenActions } = trimAndShorten(metrics.durationS, speech, {
    trimPadS: asked.has('trim') && options.trim.enabled ? options.trim.padS : null,
    gaps: asked.has('gaps') && options.gaps.enabled ? options.gaps : null,
  });
  let segments: Segment[] = [{ startS: pieces[0]!.startS, endS: pieces.at(-1)!.endS, startWhy: pieces[0]!.startWhy, endWhy: pieces.at(-1)!.endWhy }];
  let actions: Action[] = shortenActions;
  const notes: string[] = [];
  const mode = options.long.mode;
  if (mode !== 'none' && (asked.has('cut') || asked.has('split')) && keptLengthS(pieces) > options.long.maxDurationS) {
    const long = planLong(pieces, speech, longOptions(options, mode), metrics.durationS, envelope);
    segments = long.segments;
    // A trim or shortened pause inside audio the cut or split removes anyway is no longer a cut of its own.
    const kept = shortenActions.filter((a) => !long.actions.some((l) => contains(l.cut, a.cut)));
    actions = [...kept, ...long.actions];
    notes.push(...kept.map((a) => a.note), ...long.notes, ...long.actions.map((a) => a.note));
  } else {
    notes.push(...actions.map((a) => a.note));
  }

  const outputs = segments.map((segment, index) => {
    const spans = slicePieces(pieces, segment.startS, segment.endS, segment.startWhy, segment.endWhy);
    return { index, spans: toKeptSpans(spans), durationS: keptLengthS(spans), gain: 1 };
  });
  const normalization = options.normalize.enabled ? normalizationGain(metrics, options.normalize) : null;
  if (normalization) {
    for (const output of outputs) output.gain = dbToGain(normalization.gainDb);
    notes.push(normalization.note);
  }
  const cuts = actions.map((a) => a.cut).sort((a, b) => a.startS - b.startS);
  const normalizes = asked.has('normalize') && normalization !== null && normalization.gainDb !== 0;
  if (outputs.length > 0 && (cuts.length > 0 || normalizes)) return { changes: true, cuts, outputs, notes: notes.filter((n) => n !== '') };
  // Nothing to write: keep only the notes that say why.
  const why = outputs.length === 0 ? [...notes.filter((n) => n !== '' && n !== normalization?.note), 'nothing left to write: every piece was shorter than the minimum'] : [];
  if (asked.has('normalize') && normalization) why.push(normalization.note);
  return { changes: false, cuts, outputs: [], notes: why };
}
