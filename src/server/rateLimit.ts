/** Token bucket: `ratePerS` tokens a second, at most `burst` saved up; each admitted request takes one. */
export class TokenBucket {
  private tokens: number;
  private lastMs: number | null = null;

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Takes a token at `nowMs` and returns 0, or returns how many seconds until one is free (nothing taken). */
  take(nowMs: number): number {
    if (this.lastMs !== null) this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastMs) * this.ratePerS) / 1000);
    this.lastMs = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.ratePerS;
  }
}
