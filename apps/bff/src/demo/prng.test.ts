import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MacPool,
  Rng,
  SubnetAllocator,
  formatIpv4,
  hashString,
  ipv4At,
  parseCidr,
} from './prng.js';

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe('Rng', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(draws(new Rng(a), 8)).toEqual(draws(new Rng(a), 8));
        if (a !== b) expect(draws(new Rng(a), 8)).not.toEqual(draws(new Rng(b), 8));
      }),
    );
  });

  it('tells seeds apart above 2^32', () => {
    expect(draws(new Rng(2 ** 32 + 1), 4)).not.toEqual(draws(new Rng(1), 4));
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
  });

  it('forks streams that do not depend on how much of the parent was used', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    draws(b, 100);
    expect(draws(a.fork('vms'), 5)).toEqual(draws(b.fork('vms'), 5));
    expect(draws(a.fork('vms'), 5)).not.toEqual(draws(a.fork('hosts'), 5));
  });

  it('keeps int, real and float in range', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(1000),
        (seed, min, span) => {
          const r = new Rng(seed);
          for (let i = 0; i < 20; i++) {
            const n = r.int(min, min + span);
            expect(Number.isInteger(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(min);
            expect(n).toBeLessThanOrEqual(min + span);
            const f = r.float();
            expect(f >= 0 && f < 1).toBe(true);
          }
        },
      ),
    );
    expect(() => new Rng(1).int(3, 2)).toThrow(RangeError);
  });

  it('reaches both ends of an int range', () => {
    const r = new Rng(3);
    const seen = new Set(Array.from({ length: 200 }, () => r.int(1, 4)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it('picks by weight and never a zero weight', () => {
    const r = new Rng(11);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        r.weighted([
          ['a', 1],
          ['b', 3],
          ['c', 0],
        ] as const)
      ]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.6);
    expect(counts.b / counts.a).toBeLessThan(3.4);
    expect(() => r.weighted([['a', 0]])).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('centres normal draws on the mean with about the asked spread', () => {
    const r = new Rng(5);
    const xs = Array.from({ length: 20_000 }, () => r.normal(50, 10));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean - 50)).toBeLessThan(0.5);
    expect(Math.abs(sd - 10)).toBeLessThan(0.5);
    expect(xs.every((x) => x >= 50 - 3.5 * 10 && x <= 50 + 3.5 * 10)).toBe(true);
    const ints = Array.from({ length: 1000 }, () => r.normalInt(5, 20, 0, 10));
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(10);
  });

  it('shuffles into a permutation and samples distinct items', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer()), (seed, items) => {
        const r = new Rng(seed);
        expect([...r.shuffle(items)].sort()).toEqual([...items].sort());
        const distinct = [...new Set(items)];
        const k = Math.floor(distinct.length / 2);
        const picked = r.sample(distinct, k);
        expect(new Set(picked).size).toBe(k);
        for (const p of picked) expect(distinct).toContain(p);
      }),
    );
  });

  it('makes version-4 UUIDs, reproducibly', () => {
    const r = new Rng(1);
    const ids = Array.from({ length: 1000 }, () => r.uuid());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Rng(1).uuid()).toBe(ids[0]);
  });

  it('makes MACs under a prefix and addresses inside a subnet', () => {
    const r = new Rng(2);
    for (let i = 0; i < 100; i++) {
      expect(r.mac('56:6f:c6')).toMatch(/^56:6f:c6(:[0-9a-f]{2}){3}$/);
      const ip = r.ipv4In('192.168.10.0/24');
      expect(ip).toMatch(/^192\.168\.10\.\d+$/);
      const last = Number(ip.split('.')[3]);
      expect(last).toBeGreaterThanOrEqual(1);
      expect(last).toBeLessThanOrEqual(254);
    }
    expect(() => r.mac('56:6f')).toThrow(RangeError);
  });
});

describe('addresses', () => {
  it('parses CIDRs to their network and size', () => {
    expect(parseCidr('10.1.2.3/16')).toEqual({
      base: 10 * 2 ** 24 + 1 * 2 ** 16,
      prefix: 16,
      size: 65536,
    });
    expect(() => parseCidr('10.1.2/16')).toThrow(RangeError);
    expect(() => parseCidr('10.1.2.300/16')).toThrow(RangeError);
  });

  it('numbers the addresses of a subnet', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 8, max: 30 }),
        fc.nat(),
        (addr, prefix, n) => {
          const cidr = `${formatIpv4(addr)}/${prefix}`;
          const { base, size } = parseCidr(cidr);
          const index = n % size;
          expect(parseCidr(`${ipv4At(cidr, index)}/32`).base).toBe(base + index);
        },
      ),
    );
    expect(() => ipv4At('10.0.0.0/30', 4)).toThrow(RangeError);
  });

  it('hands out each host address of a subnet once, then refuses', () => {
    const alloc = new SubnetAllocator('10.0.0.0/28', 2);
    const got: string[] = [];
    for (;;) {
      try {
        got.push(alloc.take());
      } catch {
        break;
      }
    }
    // 16 addresses: network, 2 reserved, ..., broadcast.
    expect(got).toEqual(Array.from({ length: 12 }, (_, i) => `10.0.0.${i + 3}`));
  });

  it('hands out consecutive MACs until the pool is used up', () => {
    const pool = new MacPool('56:6f:c6:d1:ff:fe', 3);
    expect([pool.take(), pool.take(), pool.take()]).toEqual([
      '56:6f:c6:d1:ff:fe',
      '56:6f:c6:d1:ff:ff',
      '56:6f:c6:d2:00:00',
    ]);
    expect(() => pool.take()).toThrow(RangeError);
    expect(() => new MacPool('56:6f', 1)).toThrow(RangeError);
  });

  it('hashes labels stably', () => {
    expect(hashString('vms')).toBe(hashString('vms'));
    expect(hashString('vms')).not.toBe(hashString('hosts'));
    // FNV-1a's published value for the empty string.
    expect(hashString('')).toBe(0x811c9dc5);
  });
});
