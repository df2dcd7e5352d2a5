// Monitoring (ARCHITECTURE.md, decision 2: hosts own truth): every reachable host is
// sampled once per cycle, and what it reports — its usage, its domains' states and
// usage, guest agent data — is cached in the store and announced on the change feed.
// Host events (a VM went down, paused, started) are written at once, between cycles.
// docs/monitoring.md explains the design and its measured cost.
import type { HostStatus, VmStatus } from '@corral/shared';
import { recordEvent } from '../engine/audit.js';
import type { GuestInfo, HostConnection, HostEvent, HostSample } from '../hosts/driver.js';
import type { HostRegistry } from '../hosts/registry.js';
import type { Change, ChangeFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';
import { insertSamples, pruneSamples, type SamplePoint, type VmUsageSource } from './history.js';
import { hostTransitionText, vmTransitionText } from './messages.js';
import { StorageMonitor, type StorageCycleReport } from './storage.js';
import {
  reconcileVm,
  RUNNING_STATUSES,
  type Observation,
  type StoredVm,
  type Verdict,
} from './transitions.js';
import { UsageHistory, type UsagePoint } from './usage-history.js';
import {
  writeHostUsage,
  writeVmRuntime,
  type GuestColumns,
  type HostUsageRow,
  type VmMove,
  type VmRuntimeRow,
} from './writes.js';

/** Hosts that should answer: monitoring samples them (Installing ones belong to the engine). */
export const MONITORED_HOST_STATUSES: ReadonlySet<HostStatus> = new Set<HostStatus>([
  'Up',
  'Connecting',
  'NonResponsive',
  'PreparingForMaintenance',
  'Maintenance',
]);

/** How one host's cycle went, for measuring monitoring's lag (the benchmark). */
export interface CycleReport {
  readonly hostId: string;
  /** When the cycle was due, when it started and when its writes were done (epoch ms). */
  readonly dueMs: number;
  readonly startedMs: number;
  readonly finishedMs: number;
  readonly ok: boolean;
}

export interface MonitorOptions {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly hosts: HostRegistry;
  /** The time stamped on what monitoring writes and the grace periods are measured with. */
  readonly clock?: () => Date;
  /** One cycle per host every this often (oVirt: 15 s). */
  readonly intervalMs?: number;
  /** A host that fails to answer is Connecting this long before it is NonResponsive. */
  readonly graceMs?: number;
  /** A sample that takes longer than this is a failure. */
  readonly sampleTimeoutMs?: number;
  /** Samples arriving within this span are written together. */
  readonly flushDelayMs?: number;
  /** How far back usage history is kept. */
  readonly historyMinutes?: number;
  /**
   * Where VMs' usage history goes: this process's memory (the default: cheap, but only
   * this replica can chart it), or the store beside the hosts' (shared by replicas, at
   * a cost docs/monitoring.md measures).
   */
  readonly vmHistory?: 'memory' | 'store';
  /**
   * How long a sample that says Up leaves a transitional status the engine wrote
   * (PoweringDown, RebootInProgress, SavingState, MigratingFrom) for its job to settle.
   */
  readonly intentHoldMs?: number;
  /** Every this many cycles a host's rows are compared with the store, not with memory. */
  readonly refreshEveryCycles?: number;
  /** The engine's answer to a NonResponsive host (fence it, restart its HA VMs). */
  readonly onHostNonResponsive?: (hostId: string) => Promise<void>;
  readonly onCycle?: (report: CycleReport) => void;
}

interface HostLoop {
  readonly id: string;
  name: string;
  address: string;
  uri: string | null;
  driver: string;
  status: HostStatus;
  timer: ReturnType<typeof setTimeout> | undefined;
  due: number;
  busy: boolean;
  stopped: boolean;
  cycles: number;
  /** Since when (monitor clock) the host fails to answer. */
  failingSince: number | undefined;
  /** Set when monitoring itself made the host Connecting: the status it returns to. */
  resumeTo: HostStatus | undefined;
  /** What was last written for it. */
  usage: HostUsageRow | undefined;
}

interface PendingSample {
  readonly loop: HostLoop;
  readonly sample: HostSample;
  /** Real time just before the host was asked: events after it are newer than the sample. */
  readonly askedAt: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface VmMemo {
  cpu: number;
  mem: number;
  net: number;
  guest: string | undefined;
}

interface VmDbRow {
  id: string;
  name: string;
  status: VmStatus;
  host_id: string | null;
}

interface HostDbRow {
  id: string;
  name: string;
  address: string;
  driver: string;
  uri: string | null;
  status: HostStatus;
}

interface Transition {
  readonly vm: StoredVm;
  readonly verdict: Extract<Verdict, { kind: 'move' }>;
  readonly reporter: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRUNE_EVERY_MS = 60_000;
/** PGlite has no background workers, so no autovacuum: monitoring, which churns these tables, vacuums them. */
const VACUUM_EVERY_PRUNES = 5;

const pct = (v: number) => Math.round(Math.min(100, Math.max(0, Number.isFinite(v) ? v : 0)));
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const stored = (r: VmDbRow): StoredVm => ({
  id: r.id,
  name: r.name,
  status: r.status,
  hostId: r.host_id,
});

function guestColumns(g: GuestInfo): GuestColumns {
  return {
    ip: g.ips[0] ?? null,
    fqdn: g.fqdn ?? null,
    loggedInUser: g.loggedInUser ?? null,
    applications: g.applications ?? [],
  };
}

const guestKey = (g: GuestColumns) =>
  JSON.stringify([g.ip, g.fqdn, g.loggedInUser, g.applications]);

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    // A host that hangs must not keep the process alive once monitoring has stopped.
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A stable spot in the cycle for a host that appears after start. */
function offsetOf(id: string, intervalMs: number): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % intervalMs;
}

export class Monitor implements VmUsageSource {
  private readonly db: Db;
  private readonly feed: ChangeFeed;
  private readonly hosts: HostRegistry;
  private readonly clock: () => Date;
  readonly intervalMs: number;
  private readonly graceMs: number;
  private readonly retryMs: number;
  private readonly sampleTimeoutMs: number;
  private readonly flushDelayMs: number;
  private readonly historyMs: number;
  private readonly intentHoldMs: number;
  private readonly refreshEvery: number;
  private readonly vmHistoryIn: 'memory' | 'store';
  private readonly onHostNonResponsive: MonitorOptions['onHostNonResponsive'];
  private readonly onCycle: MonitorOptions['onCycle'];

  /** VMs' usage over the history window (hosts' is in the store). */
  readonly vmHistory: UsageHistory;
  private readonly loops = new Map<string, HostLoop>();
  private readonly hostNames = new Map<string, string>();
  private readonly memo = new Map<string, VmMemo>();
  private readonly holds = new Map<string, number>();
  private readonly seenOn = new Map<string, { hostId: string; at: number }>();
  private readonly eventAt = new Map<string, number>();
  private pending: PendingSample[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setInterval> | undefined;
  private pruneTimer: ReturnType<typeof setInterval> | undefined;
  private storageTimer: ReturnType<typeof setInterval> | undefined;
  /** Storage domains' pools on the hosts and their space (storage.ts). */
  private readonly storage: StorageMonitor;
  private tail: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private running = false;
  private scheduling = false;
  private prunes = 0;

  constructor(options: MonitorOptions) {
    this.db = options.db;
    this.feed = options.feed;
    this.hosts = options.hosts;
    this.clock = options.clock ?? (() => new Date());
    this.intervalMs = options.intervalMs ?? 15_000;
    this.graceMs = options.graceMs ?? 30_000;
    // A host that stopped answering is asked again sooner, so the grace period is
    // judged on a few attempts, not one.
    this.retryMs = Math.min(this.intervalMs, Math.max(1_000, Math.floor(this.graceMs / 3)));
    this.sampleTimeoutMs = options.sampleTimeoutMs ?? Math.min(this.intervalMs, 10_000);
    this.flushDelayMs = options.flushDelayMs ?? 250;
    this.historyMs = (options.historyMinutes ?? 60) * 60_000;
    this.intentHoldMs = options.intentHoldMs ?? 600_000;
    this.refreshEvery = options.refreshEveryCycles ?? 20;
    this.vmHistoryIn = options.vmHistory ?? 'memory';
    this.onHostNonResponsive = options.onHostNonResponsive;
    this.onCycle = options.onCycle;
    this.vmHistory = new UsageHistory(Math.ceil(this.historyMs / this.intervalMs) + 2);
    this.storage = new StorageMonitor({ db: this.db, feed: this.feed, hosts: this.hosts });
  }

  /**
   * Reads the hosts, listens to their events and — unless `schedule` is false (tests
   * that drive cycles with `pollHost`) — starts one cycle loop per host, staggered
   * evenly over the interval, plus the host-list refresh and history pruning.
   */
  async start({ schedule = true }: { schedule?: boolean } = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.hosts.onEvent((hostId, event) => this.onHostEvent(hostId, event));
    await this.serial(() => this.readHosts());
    if (!schedule) return;
    this.scheduling = true;
    const loops = [...this.loops.values()];
    const now = Date.now();
    loops.forEach((loop, i) =>
      this.schedule(loop, now + Math.floor((i * this.intervalMs) / loops.length)),
    );
    this.syncTimer = setInterval(() => {
      this.syncHosts().catch((err: unknown) => console.error('monitoring: host list:', err));
    }, this.intervalMs);
    this.pruneTimer = setInterval(() => {
      this.prune().catch((err: unknown) => console.error('monitoring: pruning:', err));
    }, PRUNE_EVERY_MS);
    this.storageTimer = setInterval(() => {
      this.pollStorage().catch((err: unknown) => console.error('monitoring: storage:', err));
    }, this.intervalMs);
  }

  /** Stops every loop and timer; writes already gathered are finished first. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.scheduling = false;
    this.unsubscribe?.();
    clearInterval(this.syncTimer);
    clearInterval(this.pruneTimer);
    clearInterval(this.storageTimer);
    for (const loop of this.loops.values()) this.stopLoop(loop);
    this.loops.clear();
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    await this.serial(() => this.flushPending());
    await this.storage.idle();
  }

  /** Re-reads the host list: hosts added, removed or changed by the engine. */
  syncHosts(): Promise<void> {
    return this.serial(() => this.readHosts());
  }

  /** One cycle for one host now (tests; the engine after a command, to refresh at once). */
  async pollHost(hostId: string): Promise<void> {
    const loop = this.loops.get(hostId);
    if (!loop) throw new Error(`host ${hostId} is not monitored`);
    await this.cycle(loop, Date.now());
  }

  /**
   * One storage cycle now (tests; the timer runs one per interval): pools of Active
   * domains connected on their data centers' Up hosts, their space into the store.
   */
  pollStorage(): Promise<StorageCycleReport> {
    return this.storage.cycle();
  }

  /** Drops history older than the window (the loops do this every minute). */
  prune(): Promise<void> {
    return this.serial(async () => {
      const before = this.clock().getTime() - this.historyMs;
      await pruneSamples(this.db, new Date(before));
      this.vmHistory.prune(before);
      const stale = this.clock().getTime() - 2 * this.intervalMs;
      for (const [id, seen] of this.seenOn) if (seen.at < stale) this.seenOn.delete(id);
      for (const [id, at] of this.eventAt)
        if (at < Date.now() - 2 * this.intervalMs) this.eventAt.delete(id);
      // Space freed by pruning and by rewritten rows is reused once vacuumed.
      if (this.db.dialect === 'pglite' && this.prunes++ % VACUUM_EVERY_PRUNES === 0)
        await this.db.exec('VACUUM stats_sample, vm, host');
    });
  }

  vmUsage(id: string, sinceMs: number): UsagePoint[] {
    return this.vmHistory.points(id, sinceMs);
  }

  /** Hosts with a cycle loop. */
  get monitoredHosts(): number {
    return this.loops.size;
  }

  // ---- the loops ----

  private schedule(loop: HostLoop, at: number): void {
    if (!this.scheduling || loop.stopped) return;
    loop.due = at;
    loop.timer = setTimeout(() => void this.tick(loop), Math.max(0, at - Date.now()));
  }

  private async tick(loop: HostLoop): Promise<void> {
    loop.timer = undefined;
    const due = loop.due;
    try {
      await this.cycle(loop, due);
    } catch (err) {
      console.error(`monitoring: host ${loop.name}:`, err);
    }
    // Fixed rate: a late cycle does not push the next ones later; a missed one is skipped.
    const period = loop.failingSince === undefined ? this.intervalMs : this.retryMs;
    let next = due + period;
    const now = Date.now();
    if (next < now) next = now + ((next - now) % period) + period;
    this.schedule(loop, next);
  }

  private stopLoop(loop: HostLoop): void {
    loop.stopped = true;
    if (loop.timer !== undefined) clearTimeout(loop.timer);
    loop.timer = undefined;
  }

  private async cycle(loop: HostLoop, due: number): Promise<void> {
    if (loop.busy || !this.running) return;
    loop.busy = true;
    const startedMs = Date.now();
    let ok = false;
    try {
      let sample: HostSample;
      const connection = this.hosts.get({
        id: loop.id,
        name: loop.name,
        address: loop.address,
        uri: loop.uri,
        driver: loop.driver,
      });
      try {
        const conn = await connection;
        sample = await withTimeout(conn.sample(), this.sampleTimeoutMs, `Host ${loop.name}`);
      } catch (err) {
        await this.serial(() => this.hostFailed(loop, errorText(err), connection));
        return;
      }
      await this.enqueue(loop, sample, startedMs);
      ok = true;
    } finally {
      loop.busy = false;
      loop.cycles++;
      this.onCycle?.({ hostId: loop.id, dueMs: due, startedMs, finishedMs: Date.now(), ok });
    }
  }

  // ---- writes: one queue, so cycles, events and host states never interleave ----

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private enqueue(loop: HostLoop, sample: HostSample, askedAt: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ loop, sample, askedAt, resolve, reject });
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        void this.serial(() => this.flushPending());
      }, this.flushDelayMs);
    });
  }

  private async flushPending(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      await this.writeSamples(batch);
      for (const b of batch) b.resolve();
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }

  /** The samples of every host that answered in this flush: a few statements in all. */
  private async writeSamples(batch: readonly PendingSample[]): Promise<void> {
    const now = this.clock().getTime();
    // A host sampled twice in one flush (a poll beside its loop): the newer sample counts.
    const byHost = new Map<string, PendingSample>();
    for (const b of batch) byHost.set(b.loop.id, b);
    for (const { loop } of byHost.values()) await this.hostAnswered(loop);

    const hostIds = [...byHost.keys()];
    const vms = new Map<string, StoredVm>();
    const onHost = new Map<string, StoredVm[]>();
    for (const r of await this.db.query<VmDbRow>(
      `SELECT id, name, status, host_id FROM vm WHERE host_id = ANY($1::uuid[])`,
      [hostIds],
    )) {
      const vm = stored(r);
      vms.set(vm.id, vm);
      const list = onHost.get(r.host_id!);
      if (list) list.push(vm);
      else onHost.set(r.host_id!, [vm]);
    }
    // VMs a host reports that the store places elsewhere (or nowhere).
    const strangers = [
      ...new Set(
        [...byHost.values()].flatMap((b) =>
          b.sample.domains.map((d) => d.id).filter((id) => !vms.has(id) && UUID.test(id)),
        ),
      ),
    ];
    if (strangers.length > 0) {
      for (const r of await this.db.query<VmDbRow>(
        `SELECT id, name, status, host_id FROM vm WHERE id = ANY($1::uuid[])`,
        [strangers],
      ))
        vms.set(r.id, stored(r));
    }

    const rows: VmRuntimeRow[] = [];
    const transitions = new Map<string, Transition>();
    const hostRows: HostUsageRow[] = [];
    const points: SamplePoint[] = [];
    for (const { loop, sample, askedAt } of byHost.values()) {
      const time = sample.time;
      const t = time.getTime();
      const refresh = loop.cycles % this.refreshEvery === 0;
      // A VM with an event since the host was asked is newer than this sample says.
      const stale = (id: string) => (this.eventAt.get(id) ?? -Infinity) >= askedAt;
      const reported = new Set<string>();
      let active = 0;
      for (const d of sample.domains) {
        reported.add(d.id);
        if (d.status !== 'Down') active++;
        this.seenOn.set(d.id, { hostId: loop.id, at: t });
        const vm = vms.get(d.id);
        if (!vm || stale(vm.id)) continue;
        const obs: Observation = {
          kind: 'reported',
          hostId: loop.id,
          status: d.status,
          via: 'sample',
        };
        const verdict = this.judge(vm, obs, now);
        const move =
          verdict.kind === 'move' ? this.moveOf(vm, verdict, loop.name, transitions) : undefined;
        const running = d.status !== 'Down' && !move?.stop;
        if (!running) {
          if (move) rows.push({ id: vm.id, time, move });
          continue;
        }
        if (this.vmHistoryIn === 'memory')
          this.vmHistory.record(d.id, t, d.cpuUsage, d.memUsage, d.netUsage);
        else
          points.push({
            object: 'vm',
            id: d.id,
            time,
            cpu: d.cpuUsage,
            mem: d.memUsage,
            net: d.netUsage,
          });
        const usage = { cpu: pct(d.cpuUsage), mem: pct(d.memUsage), net: pct(d.netUsage) };
        const guest = d.guest ? guestColumns(d.guest) : undefined;
        const last = this.memo.get(vm.id);
        const changed =
          refresh ||
          !last ||
          last.cpu !== usage.cpu ||
          last.mem !== usage.mem ||
          last.net !== usage.net ||
          (guest !== undefined && guestKey(guest) !== last.guest);
        if (move || changed) rows.push({ id: vm.id, time, move, usage, guest });
      }
      for (const vm of onHost.get(loop.id) ?? []) {
        if (reported.has(vm.id) || stale(vm.id)) continue;
        const verdict = this.judge(vm, { kind: 'missing', hostId: loop.id }, now);
        if (verdict.kind === 'move')
          rows.push({ id: vm.id, time, move: this.moveOf(vm, verdict, loop.name, transitions) });
      }
      const usage: HostUsageRow = {
        id: loop.id,
        cpu: pct(sample.host.cpuUsage),
        mem: pct(sample.host.memUsage),
        net: pct(sample.host.netUsage),
        activeVms: active,
      };
      const last = loop.usage;
      if (
        refresh ||
        !last ||
        last.cpu !== usage.cpu ||
        last.mem !== usage.mem ||
        last.net !== usage.net ||
        last.activeVms !== usage.activeVms
      )
        hostRows.push(usage);
      points.push({
        object: 'host',
        id: loop.id,
        time,
        cpu: sample.host.cpuUsage,
        mem: sample.host.memUsage,
        net: sample.host.netUsage,
      });
    }

    const { written, moved } = await writeVmRuntime(this.db, rows);
    for (const row of rows) {
      if ((row.move && !moved.has(row.id)) || row.move?.stop) {
        // Moved under us (judged again next cycle), or stopped (nothing to remember).
        this.memo.delete(row.id);
      } else if (row.usage) {
        const guest = row.guest ? guestKey(row.guest) : this.memo.get(row.id)?.guest;
        this.memo.set(row.id, { ...row.usage, guest });
      }
    }
    const hostsWritten = await writeHostUsage(this.db, hostRows);
    for (const row of hostRows) {
      const loop = this.loops.get(row.id);
      if (loop) loop.usage = row;
    }
    await insertSamples(this.db, points);

    const changes: Change[] = [];
    if (written.length > 0) changes.push({ object: 'vm', ids: written, op: 'upsert' });
    if (hostsWritten.length > 0) changes.push({ object: 'host', ids: hostsWritten, op: 'upsert' });
    this.feed.publish(changes);
    for (const id of moved) {
      const t = transitions.get(id);
      if (t) await this.recordTransition(t);
    }
  }

  /** A VM's verdict, with the holds' clocks: a hold that lasts too long gives way. */
  private judge(vm: StoredVm, obs: Observation, now: number): Verdict {
    const verdict = reconcileVm(vm, obs);
    if (verdict.kind !== 'hold') {
      this.holds.delete(vm.id);
      return verdict;
    }
    const since = this.holds.get(vm.id) ?? now;
    this.holds.set(vm.id, since);
    // Gone from this host because another one reports it: that host's cycle settles it.
    const seen = this.seenOn.get(vm.id);
    if (
      verdict.why === 'migration' &&
      seen !== undefined &&
      seen.hostId !== obs.hostId &&
      now - seen.at <= 2 * this.intervalMs
    )
      return verdict;
    const limit = verdict.why === 'intent' ? this.intentHoldMs : this.graceMs;
    if (now - since < limit) return verdict;
    this.holds.delete(vm.id);
    return reconcileVm(vm, obs, true);
  }

  private moveOf(
    vm: StoredVm,
    verdict: Extract<Verdict, { kind: 'move' }>,
    reporter: string,
    transitions: Map<string, Transition>,
  ): VmMove {
    transitions.set(vm.id, { vm, verdict, reporter });
    return {
      expectStatus: vm.status,
      expectHost: vm.hostId,
      status: verdict.status,
      hostId: verdict.hostId,
      lastHostId: verdict.lastHostId,
      start: verdict.start,
      stop: verdict.stop,
    };
  }

  private async recordTransition({ vm, verdict, reporter }: Transition): Promise<void> {
    const text = vmTransitionText({
      vm: vm.name,
      from: vm.status,
      to: verdict.status,
      host: reporter,
      previousHost:
        vm.hostId !== null && verdict.hostId !== null && vm.hostId !== verdict.hostId
          ? (this.hostNames.get(vm.hostId) ?? vm.hostId)
          : undefined,
      reason: verdict.reason,
    });
    await recordEvent(this.db, this.feed, {
      ...text,
      vmId: vm.id,
      hostId: verdict.lastHostId,
    });
  }

  // ---- host events ----

  private onHostEvent(hostId: string, event: HostEvent): void {
    if (!this.running) return;
    if (event.kind === 'domain') {
      this.eventAt.set(event.id, Date.now());
      this.serial(() => this.applyDomainEvent(hostId, event)).catch((err: unknown) =>
        console.error(`monitoring: event for VM ${event.id}:`, err),
      );
    } else if (event.kind === 'connection-lost') {
      const loop = this.loops.get(hostId);
      if (!loop) return;
      this.serial(() => this.hostFailed(loop, event.reason)).catch((err: unknown) =>
        console.error(`monitoring: host ${loop.name}:`, err),
      );
    }
  }

  private async applyDomainEvent(
    hostId: string,
    event: Extract<HostEvent, { kind: 'domain' }>,
  ): Promise<void> {
    if (!this.running || !UUID.test(event.id)) return;
    const [row] = await this.db.query<VmDbRow>(
      `SELECT id, name, status, host_id FROM vm WHERE id = $1::uuid`,
      [event.id],
    );
    if (!row) return;
    const vm = stored(row);
    const now = this.clock();
    const obs: Observation = {
      kind: 'reported',
      hostId,
      status: event.status,
      reason: event.reason,
      via: 'event',
    };
    const verdict = this.judge(vm, obs, now.getTime());
    if (verdict.kind !== 'move') return;
    const transitions = new Map<string, Transition>();
    const reporter = this.hostNames.get(hostId) ?? hostId;
    const move = this.moveOf(vm, verdict, reporter, transitions);
    const { moved } = await writeVmRuntime(this.db, [{ id: vm.id, time: now, move }]);
    if (!moved.has(vm.id)) return;
    if (verdict.stop) this.memo.delete(vm.id);
    this.feed.publish([{ object: 'vm', ids: [vm.id], op: 'upsert' }]);
    await this.recordTransition(transitions.get(vm.id)!);
  }

  // ---- host states ----

  /** `failed`: the connection that failed, if it was one (not an event of the current one). */
  private async hostFailed(
    loop: HostLoop,
    reason: string,
    failed?: Promise<HostConnection>,
  ): Promise<void> {
    if (!this.running || (loop.stopped && !this.loops.has(loop.id))) return;
    const now = this.clock().getTime();
    loop.failingSince ??= now;
    if (
      loop.status === 'Up' ||
      loop.status === 'Maintenance' ||
      loop.status === 'PreparingForMaintenance'
    ) {
      const from = loop.status;
      if (await this.moveHost(loop, [from], 'Connecting')) {
        loop.resumeTo = from === 'Maintenance' ? 'Maintenance' : 'Up';
        loop.failingSince = now;
        await this.recordHost(loop, 'Connecting', reason);
      }
    }
    if (
      loop.status === 'Connecting' &&
      loop.resumeTo !== undefined &&
      now - loop.failingSince >= this.graceMs
    ) {
      if (await this.moveHost(loop, ['Connecting'], 'NonResponsive')) {
        await this.recordHost(loop, 'NonResponsive', reason);
        await this.vmsUnknown(loop);
        const hook = this.onHostNonResponsive;
        // The engine's fencing runs as a job of its own; monitoring goes on meanwhile.
        if (hook)
          hook(loop.id).catch((err: unknown) =>
            console.error(`monitoring: handling NonResponsive host ${loop.name}:`, err),
          );
      }
    }
    // The next attempt connects afresh; a connection opened since (the engine fencing the
    // host, say) is not the one that failed, and stays.
    if (failed === undefined || this.hosts.peek(loop.id) === failed)
      await this.hosts.drop(loop.id).catch(() => undefined);
  }

  /** A NonResponsive host's VMs may run or not: nobody can tell until it answers. */
  private async vmsUnknown(loop: HostLoop): Promise<void> {
    const unknown = await this.db.query<VmDbRow>(
      `WITH before AS (
         SELECT id, status FROM vm WHERE host_id = $1 AND status = ANY($2::text[]) FOR UPDATE
       )
       UPDATE vm v SET status = 'Unknown' FROM before b WHERE v.id = b.id
       RETURNING v.id, v.name, b.status, v.host_id`,
      [loop.id, [...RUNNING_STATUSES].filter((s) => s !== 'Unknown')],
    );
    if (unknown.length === 0) return;
    this.feed.publish([{ object: 'vm', ids: unknown.map((v) => v.id), op: 'upsert' }]);
    for (const vm of unknown)
      await recordEvent(this.db, this.feed, {
        ...vmTransitionText({ vm: vm.name, from: vm.status, to: 'Unknown', host: loop.name }),
        vmId: vm.id,
        hostId: loop.id,
      });
  }

  private async hostAnswered(loop: HostLoop): Promise<void> {
    // A host the engine holds in Connecting (being added or activated) is the engine's to
    // move; one that was NonResponsive answers again, whoever declared it so.
    const to = loop.resumeTo ?? (loop.status === 'NonResponsive' ? 'Up' : undefined);
    loop.failingSince = undefined;
    loop.resumeTo = undefined;
    if (to === undefined) return;
    if (loop.status !== 'Connecting' && loop.status !== 'NonResponsive') return;
    if (await this.moveHost(loop, ['Connecting', 'NonResponsive'], to))
      await this.recordHost(loop, to);
  }

  /** Moves the host's status if it still is one of `from`; else learns what it is now. */
  private async moveHost(
    loop: HostLoop,
    from: readonly HostStatus[],
    to: HostStatus,
  ): Promise<boolean> {
    const moved = await this.db.query(
      `UPDATE host SET status = $3 WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
      [loop.id, from, to],
    );
    if (moved.length > 0) {
      loop.status = to;
      this.feed.publish([{ object: 'host', ids: [loop.id], op: 'upsert' }]);
      return true;
    }
    const [row] = await this.db.query<{ status: HostStatus }>(
      `SELECT status FROM host WHERE id = $1`,
      [loop.id],
    );
    if (row) loop.status = row.status;
    return false;
  }

  private async recordHost(loop: HostLoop, to: HostStatus, reason?: string): Promise<void> {
    await recordEvent(this.db, this.feed, {
      ...hostTransitionText({
        host: loop.name,
        to,
        reason,
        graceSeconds: Math.round(this.graceMs / 1000),
      }),
      hostId: loop.id,
    });
  }

  // ---- the host list ----

  private async readHosts(): Promise<void> {
    const rows = await this.db.query<HostDbRow>(
      `SELECT id, name, address, driver, uri, status FROM host`,
    );
    const now = this.clock().getTime();
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.id);
      this.hostNames.set(row.id, row.name);
      const monitored = MONITORED_HOST_STATUSES.has(row.status) && this.hosts.hasDriver(row.driver);
      let loop = this.loops.get(row.id);
      if (!monitored) {
        if (loop) {
          this.stopLoop(loop);
          this.loops.delete(row.id);
        }
        continue;
      }
      if (!loop) {
        // Left Connecting or NonResponsive by an earlier run: answering brings it back Up.
        const adrift = row.status === 'Connecting' || row.status === 'NonResponsive';
        loop = {
          id: row.id,
          name: row.name,
          address: row.address,
          uri: row.uri,
          driver: row.driver,
          status: row.status,
          timer: undefined,
          due: 0,
          busy: false,
          stopped: false,
          cycles: 0,
          failingSince: adrift ? now : undefined,
          resumeTo: adrift ? 'Up' : undefined,
          usage: undefined,
        };
        this.loops.set(row.id, loop);
        this.schedule(loop, Date.now() + offsetOf(row.id, this.intervalMs));
        continue;
      }
      loop.name = row.name;
      loop.address = row.address;
      loop.uri = row.uri;
      loop.driver = row.driver;
      if (loop.status !== row.status) {
        // Someone else (the engine) moved the host: its word, and its failure handling.
        loop.status = row.status;
        if (row.status !== 'NonResponsive') {
          loop.resumeTo = undefined;
          if (row.status !== 'Connecting') loop.failingSince = undefined;
        }
      }
    }
    for (const [id, loop] of this.loops) {
      if (present.has(id)) continue;
      this.stopLoop(loop);
      this.loops.delete(id);
      this.hostNames.delete(id);
      await this.hosts.drop(id).catch(() => undefined);
    }
  }
}
