// Time for the simulation. Every delay a simulated host takes (boot, migration, a
// timeout) goes through a SimClock, so tests run the same code with tiny timings on the
// system clock, with vitest's fake timers, or step by step with a ManualClock.

export interface SimClock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The process's clock. Timers are unref'd: a booting simulated VM must never keep the
 * BFF (or a test worker) alive on its own. Globals are looked up at call time so
 * vitest's fake timers, installed after import, still apply.
 */
export const systemClock: SimClock = {
  now: () => Date.now(),
  setTimeout(fire, ms) {
    const handle: unknown = globalThis.setTimeout(fire, ms);
    if (typeof handle === 'object' && handle !== null && 'unref' in handle) {
      const unref = (handle as { unref?: unknown }).unref;
      if (typeof unref === 'function') unref.call(handle);
    }
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
};

/**
 * A clock that moves only when told to: `advance(ms)` fires the timers due in that
 * span, in time order, letting promise chains settle after each, so a test can walk a
 * VM through PoweringUp → Up without waiting.
 */
export class ManualClock implements SimClock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; seq: number; fire: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fire: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: id, fire });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await settle();
    for (;;) {
      let next: { id: number; at: number; seq: number; fire: () => void } | undefined;
      for (const [id, t] of this.timers) {
        if (t.at > until) continue;
        if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = { id, ...t };
      }
      if (!next) break;
      this.timers.delete(next.id);
      this.time = Math.max(this.time, next.at);
      next.fire();
      await settle();
    }
    this.time = until;
  }
}

/** One macrotask turn: every promise reaction queued so far has run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
