// Small helpers shared by the generator's sections.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Whole seconds: the audit log and the grid show seconds, not milliseconds. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export function padNumber(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), each
 * at least its minimum, so preset sizes come out exact rather than about right.
 */
export function apportion(
  total: number,
  weights: readonly number[],
  mins?: readonly number[],
): number[] {
  const floor = weights.map((_, i) => mins?.[i] ?? 0);
  const rest = total - floor.reduce((a, b) => a + b, 0);
  if (rest < 0) throw new RangeError(`cannot split ${total} with minimums ${floor.join(', ')}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (rest > 0 && !(sum > 0)) throw new RangeError('apportion needs a positive weight');
  const exact = weights.map((w) => (sum > 0 ? (rest * w) / sum : 0));
  const parts = exact.map((x, i) => (floor[i] ?? 0) + Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** Index rows by id. */
export function byId<T extends { id: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.id, r]));
}

export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo generator: missing ${what}`);
  return value;
}
