// A small seeded PRNG for the demo fleet. Math.random cannot be seeded, and the demo must
// come out identical for a given seed on every machine and Node version, so everything
// here is integer arithmetic on 32-bit words (sfc32, seeded through splitmix32).

/** FNV-1a: turns a section label into 32 bits for `Rng.fork`. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** Seeds may be any finite number; fold the high bits in so 2^32 + 1 differs from 1. */
function foldSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  return ((whole >>> 0) ^ Math.trunc(whole / 2 ** 32)) >>> 0;
}

export class Rng {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.seed = foldSeed(seed);
    const init = splitmix32(this.seed);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    // sfc32's first outputs are still close to its seed words.
    for (let i = 0; i < 12; i++) this.next();
  }

  /**
   * An independent stream for one section of the generator. It depends on the root seed
   * and the label only, not on how much of this stream was used, so adding draws to one
   * section leaves every other section's output unchanged.
   */
  fork(label: string): Rng {
    return new Rng((this.seed ^ hashString(label)) >>> 0);
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 2 ** 32;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): empty range`);
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  real(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** One value, each with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
    let r = this.float() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    // Rounding can leave r at 0 after the last entry: that is the last positive weight.
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry && entry[1] > 0) return entry[0];
    }
    throw new RangeError('unreachable: positive total without a positive weight');
  }

  /** Bell-shaped around `mean` (Irwin–Hall of four uniforms: sd matches, tails are bounded). */
  normal(mean: number, sd: number): number {
    const sum = this.float() + this.float() + this.float() + this.float();
    // The sum of 4 uniforms has mean 2 and variance 4/12.
    return mean + ((sum - 2) / Math.sqrt(4 / 12)) * sd;
  }

  /** A normal-ish integer clamped to [min, max]. */
  normalInt(mean: number, sd: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, Math.round(this.normal(mean, sd))));
  }

  /** Log-uniform in [min, max]: as many values between 1 and 10 as between 10 and 100. */
  logUniform(min: number, max: number): number {
    return Math.exp(this.real(Math.log(min), Math.log(max)));
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    if (count > items.length) throw new RangeError(`sample ${count} of ${items.length}`);
    return this.shuffle(items).slice(0, count);
  }

  /** A UUID in version-4 format, drawn from this stream (so it is reproducible). */
  uuid(): string {
    const w = [this.next(), this.next(), this.next(), this.next()];
    w[1] = ((w[1] ?? 0) & 0xffff0fff) | 0x00004000; // version 4
    w[2] = ((w[2] ?? 0) & 0x3fffffff) | 0x80000000; // RFC 4122 variant
    const hex = w.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** A random MAC under a 3-byte prefix (an OUI). For many unique MACs use `MacPool`. */
  mac(oui: string): string {
    return formatMac(parseOui(oui) * 2 ** 24 + (this.next() & 0xffffff));
  }

  /** A random usable address of an IPv4 subnet (not the network or broadcast address). */
  ipv4In(cidr: string): string {
    const { size } = parseCidr(cidr);
    if (size < 3) throw new RangeError(`${cidr} has no usable host addresses`);
    return ipv4At(cidr, this.int(1, size - 2));
  }
}

function parseOui(oui: string): number {
  const bytes = oui.split(':');
  if (bytes.length !== 3 || bytes.some((b) => !/^[0-9a-f]{2}$/i.test(b))) {
    throw new RangeError(`not a 3-byte MAC prefix: ${oui}`);
  }
  return parseInt(bytes.join(''), 16);
}

/** A 48-bit MAC address (as a number below 2^48) in the usual colon form. */
export function formatMac(value: number): string {
  const hex = value.toString(16).padStart(12, '0');
  return hex.match(/../g)?.join(':') ?? hex;
}

/**
 * Hands out consecutive MACs from a start address, the way oVirt's MAC pools do, so a
 * fleet of 100,000 NICs has no duplicates (random 24-bit suffixes would collide).
 */
export class MacPool {
  private next: number;
  private readonly end: number;
  constructor(first: string, size: number) {
    if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(first)) throw new RangeError(`bad MAC ${first}`);
    this.next = parseInt(first.replace(/:/g, ''), 16);
    this.end = this.next + size;
  }
  take(): string {
    if (this.next >= this.end) throw new RangeError('MAC pool exhausted');
    return formatMac(this.next++);
  }
}

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
  /** Addresses in the subnet, network and broadcast included. */
  readonly size: number;
}

export function parseCidr(cidr: string): Cidr {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : NaN;
  if (!m || octets.some((o) => o > 255) || !(prefix >= 0 && prefix <= 32)) {
    throw new RangeError(`not an IPv4 CIDR: ${cidr}`);
  }
  const addr = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { base: addr - (addr % size), prefix, size };
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The `index`-th address of a subnet (0 is the network address). */
export function ipv4At(cidr: string, index: number): string {
  const { base, size } = parseCidr(cidr);
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`${cidr} has no address number ${index}`);
  }
  return formatIpv4(base + index);
}

/** Consecutive host addresses of one subnet, skipping the first `reserved` (gateways, DNS). */
export class SubnetAllocator {
  private index: number;
  private readonly size: number;
  constructor(
    readonly cidr: string,
    reserved = 9,
  ) {
    this.size = parseCidr(cidr).size;
    this.index = reserved + 1;
  }
  take(): string {
    // The last address is the broadcast address.
    if (this.index >= this.size - 1) throw new RangeError(`subnet ${this.cidr} is full`);
    return ipv4At(this.cidr, this.index++);
  }
}
