export interface ServerStats {
  /** Every request received on the embedding endpoint (not /healthz or unknown paths). */
  requests: number;
  /** Answered 200 with a valid embedding. */
  accepted: number;
  /**
   * Answers by kind: '200', '400', '401', '405', '413', '429', '500', '503', plus 'reset' (connection destroyed
   * without an answer), 'garbage' (200 with a malformed body, not counted in '200') and 'aborted' (the
   * client went away before the answer).
   */
  byStatus: Record<string, number>;
  /** sha256 (hex) of every file body answered with a valid embedding, with how many times: lets tests prove exactly-once. */
  embeddedBySha256: Record<string, number>;
  /** Arrival times (ms, performance.now()) of requests that were NOT rate-limited: lets tests prove the client respects the rate. */
  admittedAt: number[];
}

export interface StatsRecorder {
  received(): void;
  admitted(arrivedMs: number): void;
  answered(kind: string): void;
  /** A valid embedding was answered for a file with this hash. */
  embedded(sha256: string): void;
  snapshot(): ServerStats;
}

export function createStats(): StatsRecorder {
  const stats: ServerStats = { requests: 0, accepted: 0, byStatus: {}, embeddedBySha256: {}, admittedAt: [] };
  const answered = (kind: string): void => {
    stats.byStatus[kind] = (stats.byStatus[kind] ?? 0) + 1;
  };
  return {
    received: () => void stats.requests++,
    admitted: (arrivedMs) => void stats.admittedAt.push(arrivedMs),
    answered,
    embedded(sha256) {
      answered('200');
      stats.accepted++;
      stats.embeddedBySha256[sha256] = (stats.embeddedBySha256[sha256] ?? 0) + 1;
    },
    snapshot: () => structuredClone(stats),
  };
}
