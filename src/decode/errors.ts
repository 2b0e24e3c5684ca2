/** Why an input could not be decoded, and the gate rule each reason becomes (a `reject` finding). */
export const DECODE_ERROR_RULES = {
  INPUT_UNREADABLE: 'input/unreadable',
  INPUT_EMPTY: 'input/empty',
  INPUT_NOT_AUDIO: 'input/not-audio',
  INPUT_NO_SAMPLES: 'input/no-samples',
  INPUT_UNSAFE: 'input/unsafe',
  DECODE_FAILED: 'input/decode-failed',
  INPUT_UNSUPPORTED: 'input/unsupported',
} as const;

export type DecodeErrorCode = keyof typeof DECODE_ERROR_RULES;

/** Recoverable problems: the audio was decoded, but not all of what the file promised. */
export const DECODE_WARNING_RULES = {
  INPUT_TRUNCATED: 'input/truncated',
} as const;

export type DecodeWarningCode = keyof typeof DECODE_WARNING_RULES;

export interface DecodeWarning {
  code: DecodeWarningCode;
  ruleId: string;
  message: string;
}

export class DecodeError extends Error {
  readonly code: DecodeErrorCode;
  readonly ruleId: string;

  constructor(code: DecodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecodeError';
    this.code = code;
    this.ruleId = DECODE_ERROR_RULES[code];
  }
}

export function decodeWarning(code: DecodeWarningCode, message: string): DecodeWarning {
  return { code, ruleId: DECODE_WARNING_RULES[code], message };
}

/** `89 50 4e 47` — how error messages show the bytes that came instead of what was expected. */
export function hexBytes(bytes: Uint8Array, count = 4): string {
  return Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
