/** The contract every eval section follows: `run.ts` hands it the data set, it returns markdown and targets. */
export interface ManifestEntry {
  path: string;
  category: string;
  sr: number;
  ch: number;
  dur_s: number;
  gt: Record<string, unknown>;
  rms_dbfs?: number;
  peak_dbfs?: number;
  lufs_ffmpeg?: string | number;
  [k: string]: unknown;
}

export interface EvalContext {
  dataDir: string;
  manifest: ManifestEntry[];
  quick: boolean;
  log(line: string): void;
}

export interface EvalTarget {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface EvalSection {
  id: string;
  title: string;
  /** Tables and method text. */
  markdown: string;
  targets: EvalTarget[];
}

export type EvalModule = (ctx: EvalContext) => Promise<EvalSection>;
