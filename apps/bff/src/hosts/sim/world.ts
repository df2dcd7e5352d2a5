// What all simulated hosts of one driver share: the clock and its timers, the timings,
// the seed, the stats slots, guest subnets and the "shared storage" snapshots live on.
import type { Rng } from '../../demo/prng.js';
import type { DomainSpec } from '../driver.js';
import type { SimClock } from './clock.js';
import type { SimHost } from './host.js';
import { SimHostError } from './errors.js';
import { SubnetPool, rngFor } from './guest.js';
import { StatsPool } from './stats.js';
import { SimStorage } from './storage.js';
import type { SimTimings } from './timings.js';

export interface Timer {
  cancel(): void;
}

export interface SimSnapshot {
  readonly id: string;
  readonly description: string;
  readonly memory: boolean;
  /** The definition at snapshot time: what a revert brings back. */
  readonly spec: DomainSpec;
  readonly createdAt: Date;
}

export class SimWorld {
  readonly stats = new StatsPool();
  readonly subnets = new SubnetPool();
  /** Per VM, oldest first. Snapshots live on shared storage, not on one host. */
  readonly snapshots = new Map<string, SimSnapshot[]>();
  /** Where each VM's qemu runs: its disks are locked there (QEMU's image locking). */
  readonly runningOn = new Map<string, SimHost>();
  /** Storage servers all hosts share, and the pools each host connected. */
  readonly storage = new SimStorage();
  private readonly timers = new Map<unknown, () => void>();
  private readonly jitterRng: Rng;
  private closedFlag = false;

  constructor(
    readonly clock: SimClock,
    readonly timings: SimTimings,
    readonly seed: number,
  ) {
    this.jitterRng = rngFor(seed, 'jitter');
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** `ms` varied by the timings' jitter. */
  vary(ms: number): number {
    const j = this.timings.jitter;
    return j > 0 ? ms * (1 + j * (2 * this.jitterRng.float() - 1)) : ms;
  }

  /** Run `fire` after `ms`, unless cancelled or the world closes first. */
  after(ms: number, fire: () => void): Timer {
    if (this.closedFlag) return { cancel: () => undefined };
    // A clock never fires synchronously, so `handle` is set by the time `run` reads it.
    const handle: unknown = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      fire();
    }, ms);
    this.timers.set(handle, () => undefined);
    return {
      cancel: () => {
        if (this.timers.delete(handle)) this.clock.clearTimeout(handle);
      },
    };
  }

  /** A pause inside a command (a snapshot being written, a timeout); rejects if the world closes. */
  wait(ms: number): Promise<void> {
    if (this.closedFlag) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      const handle: unknown = this.clock.setTimeout(() => {
        this.timers.delete(handle);
        resolve();
      }, ms);
      this.timers.set(handle, () => reject(closedError()));
    });
  }

  /** Stop every timer; pending waits reject. Nothing of the simulation runs afterwards. */
  close(): void {
    this.closedFlag = true;
    const pending = [...this.timers];
    this.timers.clear();
    for (const [handle, abandon] of pending) {
      this.clock.clearTimeout(handle);
      abandon();
    }
  }

  /** Timers not yet fired (for tests: nothing may be left after close). */
  get pendingTimers(): number {
    return this.timers.size;
  }
}

export function closedError(): SimHostError {
  return new SimHostError('CLOSED', 'the simulated host driver was closed');
}
