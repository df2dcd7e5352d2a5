/** How long simulated hosts take, in milliseconds. */
export interface SimTimings {
  /** PoweringUp → Up (the guest agent reports once Up). */
  readonly boot: number;
  /** PoweringDown → Down after a graceful shutdown. */
  readonly shutdown: number;
  /** RebootInProgress → Up. */
  readonly reboot: number;
  /** SavingState → Suspended. */
  readonly save: number;
  /** RestoringState → Up. */
  readonly restore: number;
  /** Live migration, per GiB of guest memory (a guest under 1 GiB counts as 1 GiB). */
  readonly migration: number;
  /** Creating, reverting or deleting (merging) a snapshot; a memory snapshot adds `save`. */
  readonly snapshot: number;
  /** Power-cycling a fenced host until it answers again. */
  readonly fence: number;
  /** How long a call to a host that stopped answering waits before it times out. */
  readonly unreachable: number;
  /**
   * Each duration varies by up to ± this fraction (0.2: ± 20 %), so a fleet's VMs do
   * not all come up in the same millisecond. 0 in tests that count on exact times.
   */
  readonly jitter: number;
}

/** Demo pacing: slow enough to watch the statuses change, fast enough not to bore. */
export const DEFAULT_SIM_TIMINGS: SimTimings = {
  boot: 3_000,
  shutdown: 2_000,
  reboot: 4_000,
  save: 2_500,
  restore: 2_000,
  migration: 500,
  snapshot: 1_500,
  fence: 8_000,
  unreachable: 3_000,
  jitter: 0.2,
};

export function simTimings(overrides: Partial<SimTimings> = {}): SimTimings {
  const t = { ...DEFAULT_SIM_TIMINGS, ...overrides };
  for (const [name, value] of Object.entries(t)) {
    if (!(Number.isFinite(value) && value >= 0))
      throw new RangeError(`sim timing ${name} must be a non-negative number, got ${value}`);
  }
  if (t.jitter >= 1) throw new RangeError(`sim timing jitter must be below 1, got ${t.jitter}`);
  return t;
}

/** Migration time for a guest of this size. */
export function migrationMs(t: SimTimings, memoryMb: number): number {
  return t.migration * Math.max(1, memoryMb / 1024);
}
