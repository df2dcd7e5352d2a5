// Geometry of the small usage charts in the details pane: percent over time, drawn as
// plain SVG. Kept free of React so scaling, gaps and ticks are tested on their own.

export interface UsagePoint {
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** Percent; values outside 0–100 are drawn at the edge. */
  readonly value: number;
}

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  /** Room for the y labels on the left and the time labels below. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface Tick {
  /** Pixel position along the axis. */
  readonly at: number;
  readonly label: string;
}

export interface ChartGeometry {
  /** SVG path data for the line; empty without points. */
  readonly line: string;
  /** The same line closed down to 0 %, for a light fill under it. */
  readonly area: string;
  readonly last: { readonly x: number; readonly y: number; readonly value: number } | null;
  readonly yTicks: readonly Tick[];
  readonly xTicks: readonly Tick[];
}

const clampPercent = (v: number) => Math.min(100, Math.max(0, v));
const round = (n: number) => Math.round(n * 10) / 10;

/** Pixel y of a percent: 100 % at the top of the plot, 0 % at its bottom. */
export function yOf(box: ChartBox, percent: number): number {
  const inner = box.height - box.top - box.bottom;
  return box.top + (1 - clampPercent(percent) / 100) * inner;
}

/** Pixel x of a time within [from, to]; a window of no width puts everything at the right edge. */
export function xOf(box: ChartBox, time: number, from: number, to: number): number {
  const inner = box.width - box.left - box.right;
  if (to <= from) return box.left + inner;
  return box.left + ((time - from) / (to - from)) * inner;
}

/**
 * Where samples are further apart than this, the line breaks: the object was down or
 * unmonitored, and joining the two ends would draw values that never were.
 */
export function gapThreshold(points: readonly UsagePoint[]): number {
  const steps: number[] = [];
  for (let i = 1; i < points.length; i++) steps.push(points[i]!.time - points[i - 1]!.time);
  if (steps.length === 0) return Infinity;
  steps.sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)]!;
  return median > 0 ? median * 3 : Infinity;
}

/** Time labels at a round step (1, 2, 5, 10, 15, 30, 60 min…) giving at most `max` ticks. */
export function timeTicks(box: ChartBox, from: number, to: number, max = 4): Tick[] {
  if (to <= from) return [];
  const minute = 60_000;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440].map((m) => m * minute);
  const step =
    steps.find((s) => Math.floor(to / s) - Math.ceil(from / s) + 1 <= max) ?? steps.at(-1)!;
  const ticks: Tick[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    ticks.push({ at: round(xOf(box, t, from, to)), label: clockLabel(t) });
  }
  return ticks;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local `HH:MM`. */
export function clockLabel(time: number): string {
  const d = new Date(time);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const PERCENT_TICKS = [0, 50, 100] as const;

/**
 * The chart of `points` (sorted or not) over the window [from, to]: line, fill, the last
 * sample's position and value, and the axis ticks.
 */
export function chartGeometry(
  points: readonly UsagePoint[],
  box: ChartBox,
  from: number,
  to: number,
): ChartGeometry {
  const sorted = points
    .filter((p) => Number.isFinite(p.time) && Number.isFinite(p.value))
    .sort((a, b) => a.time - b.time);
  const yTicks = PERCENT_TICKS.map((v) => ({ at: round(yOf(box, v)), label: `${v}%` }));
  const xTicks = timeTicks(box, from, to);
  if (sorted.length === 0) return { line: '', area: '', last: null, yTicks, xTicks };

  const gap = gapThreshold(sorted);
  const runs: UsagePoint[][] = [];
  for (const p of sorted) {
    const run = runs.at(-1);
    const prev = run?.at(-1);
    if (run && prev && p.time - prev.time <= gap) run.push(p);
    else runs.push([p]);
  }
  const baseline = round(yOf(box, 0));
  const xy = (p: UsagePoint) => `${round(xOf(box, p.time, from, to))} ${round(yOf(box, p.value))}`;
  const line = runs.map((run) => `M${run.map(xy).join(' L')}`).join(' ');
  const area = runs
    .map((run) => {
      const x0 = round(xOf(box, run[0]!.time, from, to));
      const x1 = round(xOf(box, run.at(-1)!.time, from, to));
      return `M${x0} ${baseline} L${run.map(xy).join(' L')} L${x1} ${baseline} Z`;
    })
    .join(' ');
  const lastPoint = sorted.at(-1)!;
  return {
    line,
    area,
    last: {
      x: round(xOf(box, lastPoint.time, from, to)),
      y: round(yOf(box, lastPoint.value)),
      value: lastPoint.value,
    },
    yTicks,
    xTicks,
  };
}

/** A sample time as the BFF sends it (ISO text, epoch ms or a Date) in ms, NaN when unreadable. */
export function timeOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return Date.parse(value);
  return NaN;
}
