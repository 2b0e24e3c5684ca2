/** Exit codes, ESLint style: 0 all accepted, 1 some rejected, 2 usage or configuration error. */
export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}
