// The VMs' usage history, in this process's memory: one ring of samples per VM over the
// history window. At 50,000 VMs and a sample every 15 s, writing these to the embedded
// store costs more than the rest of monitoring together (docs/monitoring.md has the
// measurements); in typed arrays it is a few bytes a sample and no garbage.

export interface UsagePoint {
  /** Milliseconds since the epoch (whole seconds). */
  readonly time: number;
  /** Percent, 0–100. */
  readonly cpu: number;
  readonly mem: number;
  readonly net: number;
}

const percent = (v: number) => Math.round(Math.min(100, Math.max(0, Number.isFinite(v) ? v : 0)));

/**
 * Rings of `capacity` samples, one per object, kept in shared typed arrays (slots) that
 * grow by doubling and are reused once an object's newest sample leaves the window.
 */
export class UsageHistory {
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private slots = 0;
  /** Seconds since the epoch. */
  private times = new Uint32Array(0);
  private usage = new Uint8Array(0);
  private head = new Uint16Array(0);
  private count = new Uint16Array(0);

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0 && capacity < 65_536))
      throw new RangeError(`usage history capacity must be 1–65535 samples, got ${capacity}`);
  }

  /** Objects with samples. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Memory held by the rings. */
  get bytes(): number {
    return this.times.byteLength + this.usage.byteLength + this.head.byteLength * 2;
  }

  record(id: string, timeMs: number, cpu: number, mem: number, net: number): void {
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.grow();
      this.slotOf.set(id, slot);
      this.head[slot] = 0;
      this.count[slot] = 0;
    }
    const cap = this.capacity;
    const at = slot * cap + this.head[slot]!;
    this.times[at] = Math.floor(timeMs / 1000);
    this.usage[at * 3] = percent(cpu);
    this.usage[at * 3 + 1] = percent(mem);
    this.usage[at * 3 + 2] = percent(net);
    this.head[slot] = (this.head[slot]! + 1) % cap;
    this.count[slot] = Math.min(cap, this.count[slot]! + 1);
  }

  /** The object's samples at or after `sinceMs`, oldest first. */
  points(id: string, sinceMs: number): UsagePoint[] {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return [];
    const cap = this.capacity;
    const n = this.count[slot]!;
    const since = Math.ceil(sinceMs / 1000);
    const out: UsagePoint[] = [];
    for (let k = 0; k < n; k++) {
      const at = slot * cap + ((this.head[slot]! - n + k + cap) % cap);
      const t = this.times[at]!;
      if (t < since) continue;
      out.push({
        time: t * 1000,
        cpu: this.usage[at * 3]!,
        mem: this.usage[at * 3 + 1]!,
        net: this.usage[at * 3 + 2]!,
      });
    }
    return out;
  }

  /** Forgets objects whose newest sample is older than `beforeMs`; returns how many. */
  prune(beforeMs: number): number {
    const before = Math.floor(beforeMs / 1000);
    const cap = this.capacity;
    let freed = 0;
    for (const [id, slot] of this.slotOf) {
      const newest = this.times[slot * cap + ((this.head[slot]! - 1 + cap) % cap)]!;
      if (this.count[slot] === 0 || newest < before) {
        this.slotOf.delete(id);
        this.freeSlots.push(slot);
        freed++;
      }
    }
    return freed;
  }

  private grow(): number {
    const old = this.slots;
    const slots = Math.max(64, old * 2);
    const cap = this.capacity;
    const times = new Uint32Array(slots * cap);
    times.set(this.times);
    const usage = new Uint8Array(slots * cap * 3);
    usage.set(this.usage);
    const head = new Uint16Array(slots);
    head.set(this.head);
    const count = new Uint16Array(slots);
    count.set(this.count);
    this.times = times;
    this.usage = usage;
    this.head = head;
    this.count = count;
    this.slots = slots;
    for (let s = slots - 1; s > old; s--) this.freeSlots.push(s);
    return old;
  }
}
