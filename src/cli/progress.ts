import type { RunProgress } from '../pipeline/run.js';

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A one-line bar on a TTY (redrawn in place), plain lines otherwise (one per file, for logs and CI). */
export function progressReporter(stream: NodeJS.WriteStream, total: number): { update(p: RunProgress): void; end(): void } {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  return {
    update(p: RunProgress): void {
      const rate = p.elapsedS > 0 ? p.done / p.elapsedS : 0;
      const eta = rate > 0 ? (p.total - p.done) / rate : Infinity;
      const stats = `${p.done}/${p.total} files, ${rate.toFixed(1)}/s, ETA ${formatDuration(eta)}, ${p.rejected} rejected`;
      if (!tty) {
        stream.write(`[${p.done}/${p.total}] ${p.report.verdict.padEnd(6)} ${p.report.input.relativePath}\n`);
        return;
      }
      const now = Date.now();
      if (now - lastDraw < 80 && p.done < p.total) return;
      lastDraw = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - stats.length - 4));
      const filled = total > 0 ? Math.round((p.done / total) * width) : width;
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${stats}\x1b[K`);
    },
    end(): void {
      if (tty) stream.write('\n');
    },
  };
}
