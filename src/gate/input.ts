import type { Finding, Severity } from './types.js';

/** A problem the decoder found with the file itself (DecodeError or a decode warning), before anything was measured. */
export interface InputIssue {
  ruleId: string;
  message: string;
  /** Decode warnings default to "warning". */
  severity?: Severity;
}

const ADVICE: Record<string, string> = {
  'input/not-audio': 'this is not an audio file: export the recording as WAV, FLAC or MP3',
  'input/empty': 'the file is empty: re-export the recording',
  'input/unreadable': 'check that the file exists and that you may read it',
  'input/no-samples': 'the file holds no audio: re-export the recording',
  'input/unsafe': 'the file was refused for safety: convert it to WAV with a trusted audio editor',
  'input/decode-failed': 'the audio could not be decoded: convert it to WAV (PCM) and try again',
  'input/unsupported': 'this format is not supported: convert it to WAV, FLAC or MP3',
  'input/truncated': 'the file ends early (an interrupted copy or recording): copy or export it again',
};

const FALLBACK_ADVICE = 'check the file and export it again as WAV';

/** A decoder problem as a finding, with plain advice (unified-engine: a file that cannot be read still gets a message). */
export function inputFinding(ruleId: string, message: string, severity: Severity): Finding {
  const advice = ADVICE[ruleId] ?? FALLBACK_ADVICE;
  const stated = message.trim().replace(/\.+$/, '');
  return {
    ruleId,
    severity,
    message: `${capitalize(stated)}: ${advice}.`,
    advice: `${capitalize(advice)}.`,
    metric: null,
    value: null,
    threshold: null,
    unit: null,
  };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
