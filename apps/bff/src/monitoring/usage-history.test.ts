import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageHistory } from './usage-history.js';

const T0 = Date.UTC(2026, 10, 1, 12);

describe('UsageHistory', () => {
  it('keeps the newest `capacity` samples per object, oldest first, as whole percents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(
          fc.record({
            object: fc.constantFrom('a', 'b', 'c'),
            cpu: fc.double({ min: -20, max: 140, noNaN: true }),
            mem: fc.double({ min: 0, max: 100, noNaN: true }),
            net: fc.double({ min: 0, max: 100, noNaN: true }),
          }),
          { maxLength: 60 },
        ),
        (capacity, samples) => {
          const h = new UsageHistory(capacity);
          const expected = new Map<
            string,
            { time: number; cpu: number; mem: number; net: number }[]
          >();
          const clamp = (v: number) => Math.round(Math.min(100, Math.max(0, v)));
          samples.forEach((s, i) => {
            const time = T0 + i * 15_000;
            h.record(s.object, time, s.cpu, s.mem, s.net);
            const list = expected.get(s.object) ?? [];
            list.push({ time, cpu: clamp(s.cpu), mem: clamp(s.mem), net: clamp(s.net) });
            expected.set(s.object, list.slice(-capacity));
          });
          for (const object of ['a', 'b', 'c'])
            expect(h.points(object, 0)).toEqual(expected.get(object) ?? []);
          expect(h.size).toBe(expected.size);
        },
      ),
    );
  });

  it('answers from a point in time, and forgets objects whose samples all left the window', () => {
    const h = new UsageHistory(10);
    for (let i = 0; i < 6; i++) h.record('vm-1', T0 + i * 15_000, i, i, i);
    h.record('vm-2', T0 + 90_000, 50, 50, 50);
    expect(h.points('vm-1', T0 + 45_000).map((p) => p.cpu)).toEqual([3, 4, 5]);
    expect(h.prune(T0 + 80_000)).toBe(1);
    expect(h.points('vm-1', 0)).toEqual([]);
    expect(h.points('vm-2', 0)).toHaveLength(1);
    // A freed slot is reused empty, not with the old object's samples.
    h.record('vm-3', T0 + 105_000, 7, 7, 7);
    expect(h.points('vm-3', 0)).toEqual([{ time: T0 + 105_000, cpu: 7, mem: 7, net: 7 }]);
  });

  it('grows past its first block of slots without losing samples', () => {
    const h = new UsageHistory(4);
    for (let i = 0; i < 500; i++) h.record(`vm-${i}`, T0, i % 101, 1, 2);
    for (let i = 0; i < 500; i += 97)
      expect(h.points(`vm-${i}`, 0)).toEqual([{ time: T0, cpu: i % 101, mem: 1, net: 2 }]);
    expect(h.size).toBe(500);
  });
});
