/**
 * Output file names for an input's relative path: `<stem>.wav` for one output, `<stem>.001.wav`,
 * `<stem>.002.wav`… for several (more digits past 999, so the names still sort in order).
 */
export function outputNames(name: string, count: number): string[] {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, name.length - (base.length - dot)) : name;
  if (count === 1) return [`${stem}.wav`];
  const digits = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, i) => `${stem}.${String(i + 1).padStart(digits, '0')}.wav`);
}
