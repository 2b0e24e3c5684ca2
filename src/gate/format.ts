/** Numbers as messages show them: rounded for reading (findings keep full precision in `value`). */
export function decimals(value: number, digits: number): string {
  const rounded = Number(value.toFixed(digits));
  // `|| 0` turns -0 into 0 so a tiny negative value never reads "-0".
  return String(rounded || 0);
}

export const db = (value: number): string => decimals(value, 1);
export const seconds = (value: number): string => decimals(value, 2);
export const hertz = (value: number): string => decimals(value, 0);
export const kilohertz = (value: number): string => decimals(value / 1000, 1);
export const count = (value: number): string => decimals(value, 0);

/** A ratio (0…1) as a percentage with two significant digits: 0.000123 → "0.012". */
export function percent(ratio: number): string {
  return String(Number((ratio * 100).toPrecision(2)) || 0);
}

/** "1 pause", "3 pauses". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
