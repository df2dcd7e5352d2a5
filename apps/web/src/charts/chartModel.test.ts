import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chartGeometry,
  gapThreshold,
  timeOf,
  timeTicks,
  xOf,
  yOf,
  type ChartBox,
  type UsagePoint,
} from './chartModel.js';

const box: ChartBox = { width: 240, height: 90, left: 30, right: 36, top: 6, bottom: 16 };
const plotTop = box.top;
const plotBottom = box.height - box.bottom;
const plotLeft = box.left;
const plotRight = box.width - box.right;
const minute = 60_000;
const t0 = Date.UTC(2025, 0, 1, 10, 0);

/** Points every `step` ms from t0, with the given values. */
const series = (values: number[], step = 15_000): UsagePoint[] =>
  values.map((value, i) => ({ time: t0 + i * step, value }));

/** Coordinates of every vertex in a path, in order. */
const vertices = (path: string) =>
  [...path.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
  }));

describe('scales', () => {
  it('maps 0 % to the bottom of the plot and 100 % to its top, clamping outside values', () => {
    expect(yOf(box, 0)).toBe(plotBottom);
    expect(yOf(box, 100)).toBe(plotTop);
    expect(yOf(box, 50)).toBe((plotTop + plotBottom) / 2);
    expect(yOf(box, 140)).toBe(plotTop);
    expect(yOf(box, -5)).toBe(plotBottom);
  });

  it('maps the window onto the plot width, and an empty window to its right edge', () => {
    expect(xOf(box, t0, t0, t0 + 10 * minute)).toBe(plotLeft);
    expect(xOf(box, t0 + 10 * minute, t0, t0 + 10 * minute)).toBe(plotRight);
    expect(xOf(box, t0, t0, t0)).toBe(plotRight);
  });

  it('keeps every vertex inside the plot and in time order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 0, max: 600_000 }),
            v: fc.double({ min: -50, max: 150, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (raw) => {
          const points = raw.map((r) => ({ time: t0 + r.dt, value: r.v }));
          const g = chartGeometry(points, box, t0, t0 + 600_000);
          const vs = vertices(g.line);
          expect(vs).toHaveLength(points.length);
          for (const v of vs) {
            expect(v.x).toBeGreaterThanOrEqual(plotLeft - 0.1);
            expect(v.x).toBeLessThanOrEqual(plotRight + 0.1);
            expect(v.y).toBeGreaterThanOrEqual(plotTop - 0.1);
            expect(v.y).toBeLessThanOrEqual(plotBottom + 0.1);
          }
          for (let i = 1; i < vs.length; i++) expect(vs[i]!.x).toBeGreaterThanOrEqual(vs[i - 1]!.x);
        },
      ),
    );
  });
});

describe('chartGeometry', () => {
  it('draws one segment through every sample and reports the latest value', () => {
    const values = [10, 35, 80, 42];
    const points = series(values);
    const to = points.at(-1)!.time;
    // Given out of order: the chart sorts by time.
    const g = chartGeometry([...points].reverse(), box, t0, to);
    expect(g.line.match(/M/g)).toHaveLength(1);
    const vs = vertices(g.line);
    expect(vs.map((v) => v.y)).toEqual(values.map((v) => Math.round(yOf(box, v) * 10) / 10));
    expect(g.last?.value).toBe(values.at(-1));
    expect(g.last?.x).toBe(plotRight);
  });

  it('breaks the line where samples stop for longer than three usual intervals', () => {
    const step = 15_000;
    const before = series([20, 25, 30, 35], step);
    const resumeAt = before.at(-1)!.time + 10 * step;
    const after = [40, 45, 50].map((value, i) => ({ time: resumeAt + i * step, value }));
    const g = chartGeometry([...before, ...after], box, t0, after.at(-1)!.time);
    expect(g.line.match(/M/g)).toHaveLength(2);
    expect(g.area.match(/Z/g)).toHaveLength(2);
    expect(gapThreshold([...before, ...after])).toBe(3 * step);
  });

  it('has axes but no line without samples', () => {
    const g = chartGeometry([], box, t0, t0 + 5 * minute);
    expect(g.line).toBe('');
    expect(g.last).toBeNull();
    expect(g.yTicks.map((t) => t.label)).toEqual(['0%', '50%', '100%']);
  });

  it('closes the fill down to the 0 % line', () => {
    const g = chartGeometry(series([60, 70]), box, t0, t0 + 15_000);
    const vs = vertices(g.area);
    expect(vs[0]!.y).toBe(plotBottom);
    expect(vs.at(-1)!.y).toBe(plotBottom);
  });
});

describe('timeTicks', () => {
  it('puts at most four ticks on round minutes inside the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 1, max: 24 * 60 }),
        (startMinute, spanMinutes) => {
          const from = t0 + startMinute * minute + 7_000;
          const to = from + spanMinutes * minute;
          const ticks = timeTicks(box, from, to);
          expect(ticks.length).toBeLessThanOrEqual(4);
          for (const t of ticks) {
            expect(t.at).toBeGreaterThanOrEqual(plotLeft);
            expect(t.at).toBeLessThanOrEqual(plotRight);
            expect(t.label).toMatch(/^\d{2}:\d{2}$/);
          }
        },
      ),
    );
  });

  it('labels with the local clock time', () => {
    const from = t0;
    const to = t0 + 3 * minute;
    const [first] = timeTicks(box, from, to);
    const d = new Date(from);
    const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    expect(first?.label).toBe(hhmm);
  });
});

describe('timeOf', () => {
  it('reads ISO text, epoch ms and dates', () => {
    expect(timeOf(new Date(t0).toISOString())).toBe(t0);
    expect(timeOf(t0)).toBe(t0);
    expect(timeOf(new Date(t0))).toBe(t0);
    expect(timeOf(null)).toBeNaN();
  });
});
