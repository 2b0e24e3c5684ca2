import path from 'node:path';

/** How clips are assigned to speakers: by the folder an input sits in, or by a regular expression over its path. */
export type SpeakerFrom = { kind: 'dir' } | { kind: 'regex'; pattern: RegExp; source: string };

/** `dir`, or a regular expression whose first capture group (else the whole match) names the speaker. */
export function parseSpeakerFrom(text: string): SpeakerFrom {
  if (text === 'dir') return { kind: 'dir' };
  try {
    return { kind: 'regex', pattern: new RegExp(text), source: text };
  } catch (error) {
    throw new SyntaxError(`Expected --speaker-from to be "dir" or a regular expression, got "${text}" (${(error as Error).message})`);
  }
}

/** The speaker of an input by its relative path (forward slashes); null when a regex does not match. */
export function speakerOf(relativePath: string, from: SpeakerFrom): string | null {
  if (from.kind === 'dir') return path.posix.dirname(relativePath);
  const match = from.pattern.exec(relativePath);
  if (!match) return null;
  return match[1] ?? match[0];
}
