// One simulated host: its hardware, its domains and their state machine. Commands are
// checked against the domain's state and refused with a message when they make no sense;
// every state change is announced as a HostEvent, in order, to the host's connections.
import type { DisplayProtocol, VmStatus, VmType } from '@corral/shared';
import type { Rng } from '../../demo/prng.js';
import type {
  DomainInfo,
  DomainSpec,
  DomainStats,
  GuestInfo,
  HostAddress,
  HostCapabilities,
  HostEvent,
  HostSample,
  SnapshotSpec,
} from '../driver.js';
import { SimHostError, refused } from './errors.js';
import {
  type GuestSubnet,
  directoryUser,
  guestApplications,
  guestFqdn,
  rngFor,
  vmKind,
} from './guest.js';
import { prepareStep, type UsageStart } from './stats.js';
import { migrationMs } from './timings.js';
import type { SimWorld, Timer } from './world.js';

/** A DomainSpec may say whether the VM is a desktop; without it the OS decides. */
export type SimDomainSpec = DomainSpec & { readonly vmType?: VmType | undefined };

/** A domain as the store last saw it, handed to the driver when the host connects. */
export interface SimDomainState {
  readonly id: string;
  readonly name: string;
  readonly memoryMb: number;
  readonly vcpus: number;
  readonly os: string;
  readonly vmType?: VmType | undefined;
  readonly display?: DisplayProtocol | undefined;
  readonly status: VmStatus;
  readonly guest?: GuestInfo | undefined;
  /** Last reported usage: becomes the VM's baseline, so busy VMs stay busy. */
  readonly usage?: UsageStart | undefined;
  readonly startedAt?: Date | undefined;
}

/** A host as the BFF describes it at connect time; anything missing is made up (seeded). */
export interface SimHostState {
  readonly capabilities?: HostCapabilities | undefined;
  /** DNS domain of its guests' FQDNs (`boston.example.com`). */
  readonly dnsDomain?: string | undefined;
  /** false: the host is down or unreachable, as the store last saw it. */
  readonly answering?: boolean | undefined;
  readonly domains?: readonly SimDomainState[] | undefined;
}

interface SimMigration {
  readonly source: SimHost;
  readonly target: SimHost;
  readonly incoming: SimDomain;
  /** A Down definition the incoming domain replaced on the target. */
  readonly replaced: SimDomain | undefined;
  timer: Timer | undefined;
}

class SimDomain {
  /** The running guest's definition (a define while running applies at next boot). */
  live: DomainSpec;
  kind: VmType;
  /** Slot in the world's stats arrays while running, else -1. */
  slot = -1;
  guest: GuestInfo | undefined;
  /** The address the guest holds and the subnet that lent it. */
  lease: { readonly ip: string; readonly subnet: GuestSubnet } | undefined;
  timer: Timer | undefined;
  migration: SimMigration | undefined;
  /** A snapshot operation under way: other commands wait for it. */
  busy: string | undefined;
  /** Paused by the host on an I/O error, resumed when storage comes back. */
  pausedByStorage = false;

  constructor(
    public spec: DomainSpec,
    public status: VmStatus,
    vmType: VmType | undefined,
    /** Has a network interface (initial domains from the store are assumed to). */
    public networked: boolean,
  ) {
    this.live = spec;
    this.kind = vmKind(spec.os, vmType);
  }

  get id(): string {
    return this.spec.id;
  }

  get name(): string {
    return this.spec.name;
  }
}

export class SimHost {
  address: HostAddress;
  readonly capabilities: HostCapabilities;
  readonly dnsDomain: string;
  readonly subnet: GuestSubnet;
  readonly domains = new Map<string, SimDomain>();
  answering: boolean;
  fencing = false;
  storageFault = false;
  private lastSample: number;
  private readonly rng: Rng;
  private readonly sinks = new Set<(event: HostEvent) => void>();

  constructor(
    private readonly world: SimWorld,
    address: HostAddress,
    capabilities: HostCapabilities,
    state: SimHostState,
  ) {
    this.address = address;
    this.capabilities = capabilities;
    this.dnsDomain = state.dnsDomain ?? 'sim.example.com';
    this.subnet = world.subnets.assign(address.id);
    this.answering = state.answering ?? true;
    this.lastSample = world.clock.now();
    this.rng = rngFor(world.seed, `samples:${address.id}`);
    for (const d of state.domains ?? []) this.adopt(d);
  }

  get name(): string {
    return this.address.name;
  }

  /** Where the host's events go (its open connections). */
  subscribe(sink: (event: HostEvent) => void): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Events of a host that does not answer are lost, as on a broken connection. */
  emit(event: HostEvent): void {
    if (!this.answering) return;
    for (const sink of this.sinks) sink(event);
  }

  /** To the connections even though the host no longer answers: the last thing they hear. */
  emitLost(reason: string): void {
    for (const sink of this.sinks) sink({ kind: 'connection-lost', reason });
  }

  // ---- reading ----

  listDomains(): DomainInfo[] {
    const out: DomainInfo[] = [];
    for (const d of this.domains.values()) out.push({ id: d.id, name: d.name, status: d.status });
    return out;
  }

  domain(id: string): SimDomain {
    const d = this.domains.get(id);
    if (!d) throw new SimHostError('NOT_FOUND', `VM ${id} is not defined on host ${this.name}`);
    return d;
  }

  /** Memory the host has handed out: running guests, incoming migrations, itself. */
  usedMemoryMb(): number {
    let used = this.overheadMb();
    for (const d of this.domains.values()) {
      if (d.slot >= 0 || d.status === 'MigratingTo') used += d.live.memoryMb;
    }
    return used;
  }

  private overheadMb(): number {
    return 2048 + Math.round(this.capabilities.memoryMb * 0.01);
  }

  // ---- commands ----

  define(spec: SimDomainSpec): void {
    const d = this.domains.get(spec.id);
    if (!d) {
      this.domains.set(spec.id, new SimDomain(spec, 'Down', spec.vmType, spec.nics.length > 0));
    } else {
      if (d.status === 'MigratingTo')
        throw refused(`Cannot redefine VM ${d.name}: it is migrating to host ${this.name}`);
      d.spec = spec;
      if (d.slot < 0) {
        d.live = spec;
        d.kind = vmKind(spec.os, spec.vmType);
        d.networked = spec.nics.length > 0;
      }
    }
    this.emit({ kind: 'domain-defined', id: spec.id });
  }

  undefine(id: string): void {
    const d = this.domain(id);
    this.notBusy(d, 'undefine');
    if (d.status !== 'Down' && d.status !== 'Suspended')
      throw refused(`Cannot undefine VM ${d.name}: it is ${d.status} on host ${this.name}`);
    this.domains.delete(id);
    this.emit({ kind: 'domain-undefined', id });
  }

  start(id: string): void {
    const d = this.domain(id);
    this.notBusy(d, 'start');
    if (d.status === 'Suspended') return this.restore(d);
    if (d.status !== 'Down')
      throw refused(`Cannot start VM ${d.name}: it is ${d.status} on host ${this.name}`);
    this.checkCanRun(d, 'start', d.spec.memoryMb);
    d.live = d.spec;
    this.run(d);
    this.setStatus(d, 'PoweringUp', 'booting');
    this.later(d, this.world.timings.boot, () => this.up(d, 'booted'));
  }

  shutdown(id: string): void {
    const d = this.domain(id);
    this.notBusy(d, 'shut down');
    if (d.status !== 'Up' && d.status !== 'PoweringUp')
      throw refused(`Cannot shut down VM ${d.name}: it is ${d.status}`);
    this.setStatus(d, 'PoweringDown', 'shutdown');
    this.later(d, this.world.timings.shutdown, () => this.down(d, 'shutdown'));
  }

  powerOff(id: string): void {
    const d = this.domain(id);
    if (d.status === 'MigratingTo')
      throw refused(`Cannot power off VM ${d.name} here: it is migrating to host ${this.name}`);
    if (d.slot < 0) throw refused(`Cannot power off VM ${d.name}: it is ${d.status}`);
    this.down(d, 'destroyed');
  }

  reboot(id: string): void {
    const d = this.domain(id);
    this.notBusy(d, 'reboot');
    if (d.status !== 'Up') throw refused(`Cannot reboot VM ${d.name}: it is ${d.status}`);
    d.guest = d.guest && { ...d.guest, loggedInUser: undefined };
    this.setStatus(d, 'RebootInProgress', 'reboot');
    this.later(d, this.world.timings.reboot, () => this.up(d, 'rebooted'));
  }

  suspend(id: string): void {
    const d = this.domain(id);
    this.notBusy(d, 'suspend');
    if (d.status !== 'Up') throw refused(`Cannot suspend VM ${d.name}: it is ${d.status}`);
    this.setStatus(d, 'SavingState', 'suspend');
    this.later(d, this.world.timings.save, () => {
      this.stop(d);
      this.setStatus(d, 'Suspended', 'saved');
    });
  }

  resume(id: string): void {
    const d = this.domain(id);
    this.notBusy(d, 'resume');
    if (d.status === 'Suspended') return this.restore(d);
    if (d.status !== 'Paused') throw refused(`Cannot resume VM ${d.name}: it is ${d.status}`);
    if (d.pausedByStorage && this.storageFault)
      throw refused(`Cannot resume VM ${d.name}: host ${this.name} still cannot reach its storage`);
    d.pausedByStorage = false;
    this.setStatus(d, 'Up', 'resumed');
  }

  migrate(id: string, target: SimHost): void {
    const d = this.domain(id);
    this.notBusy(d, 'migrate');
    if (target === this)
      throw refused(`Cannot migrate VM ${d.name}: it already runs on ${this.name}`);
    if (d.status !== 'Up') throw refused(`Cannot migrate VM ${d.name}: it is ${d.status}`);
    const there = target.domains.get(id);
    if (there && there.status !== 'Down')
      throw refused(`Cannot migrate VM ${d.name}: it is ${there.status} on host ${target.name}`);
    if (target.storageFault)
      throw refused(`Cannot migrate VM ${d.name}: host ${target.name} cannot reach its storage`);
    const free = target.capabilities.memoryMb - target.usedMemoryMb();
    if (d.live.memoryMb > free)
      throw refused(
        `Cannot migrate VM ${d.name}: host ${target.name} has ${Math.max(0, free)} MiB free, ` +
          `the VM needs ${d.live.memoryMb} MiB`,
      );
    const incoming = new SimDomain(d.spec, 'MigratingTo', d.kind, d.networked);
    incoming.live = d.live;
    const migration: SimMigration = {
      source: this,
      target,
      incoming,
      replaced: there,
      timer: undefined,
    };
    d.migration = migration;
    incoming.migration = migration;
    target.domains.set(id, incoming);
    this.setStatus(d, 'MigratingFrom', 'migration');
    if (!there) target.emit({ kind: 'domain-defined', id });
    target.setStatus(incoming, 'MigratingTo', 'migration');
    migration.timer = this.world.after(
      this.world.vary(migrationMs(this.world.timings, d.live.memoryMb)),
      () => this.finishMigration(d, migration),
    );
  }

  private finishMigration(d: SimDomain, m: SimMigration): void {
    const { target, incoming } = m;
    d.migration = undefined;
    incoming.migration = undefined;
    // The guest, its address and its usage figures move; the new qemu's counters start at 0.
    incoming.slot = d.slot;
    incoming.guest = d.guest;
    incoming.lease = d.lease;
    this.world.runningOn.set(d.id, target);
    d.slot = -1;
    d.lease = undefined;
    d.guest = undefined;
    if (incoming.slot >= 0) this.world.stats.resetCounters(incoming.slot);
    target.setStatus(incoming, 'Up', 'migrated');
    this.domains.delete(d.id);
    d.status = 'Down';
    this.emit({ kind: 'domain', id: d.id, status: 'Down', reason: 'migrated' });
    this.emit({ kind: 'domain-undefined', id: d.id });
  }

  /**
   * Give up a migration: the guest stays where it ran (Up, 'migration-failed') and the
   * target forgets it (Down with `reason`: why the migration ended).
   */
  private abortMigration(m: SimMigration, reason: string): void {
    const { source, target, incoming, replaced } = m;
    m.timer?.cancel();
    incoming.migration = undefined;
    if (target.domains.get(incoming.id) === incoming) {
      if (replaced) {
        target.domains.set(incoming.id, replaced);
        target.setStatus(replaced, 'Down', reason);
      } else {
        target.domains.delete(incoming.id);
        incoming.status = 'Down';
        target.emit({ kind: 'domain', id: incoming.id, status: 'Down', reason });
        target.emit({ kind: 'domain-undefined', id: incoming.id });
      }
    }
    const d = source.domains.get(incoming.id);
    if (d && d.migration === m) {
      d.migration = undefined;
      if (d.status === 'MigratingFrom') source.setStatus(d, 'Up', 'migration-failed');
    }
  }

  async createSnapshot(id: string, snapshot: SnapshotSpec): Promise<void> {
    const d = this.domain(id);
    this.notBusy(d, 'snapshot');
    this.notMigrating(d, 'snapshot');
    const memory = snapshot.memory ?? false;
    if (memory && d.slot < 0)
      throw refused(`Cannot take a memory snapshot of VM ${d.name}: it is ${d.status}`);
    const list = this.world.snapshots.get(id) ?? [];
    if (list.some((s) => s.id === snapshot.id))
      throw refused(`VM ${d.name} already has snapshot ${snapshot.id}`);
    const t = this.world.timings;
    await this.whileBusy(d, 'a snapshot is being taken', t.snapshot + (memory ? t.save : 0));
    const now = this.world.snapshots.get(id) ?? [];
    now.push({
      id: snapshot.id,
      description: snapshot.description,
      memory,
      spec: d.spec,
      createdAt: new Date(this.world.clock.now()),
    });
    this.world.snapshots.set(id, now);
  }

  async revertSnapshot(id: string, snapshotId: string): Promise<void> {
    const d = this.domain(id);
    this.notBusy(d, 'revert');
    if (d.status !== 'Down' && d.status !== 'Suspended')
      throw refused(`Cannot revert VM ${d.name} to a snapshot: it is ${d.status}; stop it first`);
    const snap = this.snapshot(d, snapshotId);
    await this.whileBusy(d, 'a snapshot is being restored', this.world.timings.snapshot);
    const list = this.world.snapshots.get(id) ?? [];
    const at = list.findIndex((s) => s.id === snap.id);
    if (at >= 0) list.splice(at + 1);
    d.spec = snap.spec;
    d.live = snap.spec;
    // A saved memory image belongs to the discarded present.
    if (d.status === 'Suspended') this.setStatus(d, 'Down', 'reverted');
  }

  async deleteSnapshot(id: string, snapshotId: string): Promise<void> {
    const d = this.domain(id);
    this.notBusy(d, 'delete a snapshot of');
    this.notMigrating(d, 'delete a snapshot of');
    const snap = this.snapshot(d, snapshotId);
    await this.whileBusy(d, 'a snapshot is being merged', this.world.timings.snapshot);
    const list = this.world.snapshots.get(id) ?? [];
    const at = list.indexOf(snap);
    if (at >= 0) list.splice(at, 1);
  }

  /** The domain, which must be running (or paused) here. */
  running(id: string): { readonly name: string; readonly status: VmStatus } {
    const d = this.domain(id);
    if (d.slot < 0) throw refused(`VM ${d.name} is not running: it is ${d.status}`);
    return d;
  }

  // ---- faults ----

  /** The host stops answering; guests keep running where nobody can see them. */
  fail(reason: string): void {
    if (!this.answering) return;
    this.emitLost(reason);
    this.answering = false;
    this.abortMigrations('migration-failed');
  }

  recover(): void {
    if (this.fencing) throw refused(`Host ${this.name} is being fenced`);
    this.answering = true;
  }

  /** Power off: every guest dies. Returns the ids of the domains that were running. */
  powerCycle(): string[] {
    if (this.answering) this.emitLost(`host ${this.name} is being fenced`);
    this.answering = false;
    this.fencing = true;
    this.storageFault = false;
    this.abortMigrations('migration-failed');
    const lost: string[] = [];
    for (const d of this.domains.values()) {
      if (d.slot < 0) continue;
      lost.push(d.id);
      d.timer?.cancel();
      d.timer = undefined;
      d.pausedByStorage = false;
      this.stop(d);
      d.status = 'Down';
    }
    return lost;
  }

  /** Back from a power cycle: the lost guests are reported Down. */
  boot(lost: readonly string[]): void {
    this.fencing = false;
    this.answering = true;
    this.lastSample = this.world.clock.now();
    for (const id of lost) this.emit({ kind: 'domain', id, status: 'Down', reason: 'fenced' });
  }

  crash(id: string): void {
    const d = this.domain(id);
    if (d.slot < 0) throw refused(`VM ${d.name} is not running: it is ${d.status}`);
    this.down(d, 'crashed');
  }

  /** Storage unreachable: running guests pause on their first I/O error (EIO). */
  failStorage(): void {
    this.storageFault = true;
    for (const d of this.domains.values()) {
      if (d.status !== 'Up' && d.status !== 'MigratingFrom') continue;
      if (d.migration) this.abortMigration(d.migration, 'migration-failed');
      d.pausedByStorage = true;
      this.setStatus(d, 'Paused', 'storage-error');
    }
  }

  recoverStorage(): void {
    this.storageFault = false;
    for (const d of this.domains.values()) {
      if (d.status !== 'Paused' || !d.pausedByStorage) continue;
      d.pausedByStorage = false;
      this.setStatus(d, 'Up', 'resumed');
    }
  }

  private abortMigrations(reason: string): void {
    for (const d of [...this.domains.values()])
      if (d.migration) this.abortMigration(d.migration, reason);
  }

  // ---- sampling ----

  sample(): HostSample {
    const { stats } = this.world;
    const now = this.world.clock.now();
    // At least a second, at most ten minutes: a walk never stands still, nor leaps.
    const dtMs = Math.min(600_000, Math.max(1_000, now - this.lastSample));
    const dtS = dtMs / 1000;
    this.lastSample = now;
    prepareStep(dtMs);
    const rng = this.rng;
    const caps = this.capabilities;
    const domains: DomainStats[] = [];
    let cpuWork = 0;
    let netWork = 0;
    let usedMb = this.overheadMb();
    let migrating = 0;
    for (const d of this.domains.values()) {
      const slot = d.slot;
      if (slot < 0) {
        if (d.status === 'MigratingTo') {
          usedMb += d.live.memoryMb;
          migrating++;
        }
        continue;
      }
      switch (d.status) {
        case 'Up':
          stats.step(slot, dtS, rng);
          break;
        case 'MigratingFrom':
          stats.step(slot, dtS, rng);
          migrating++;
          break;
        case 'PoweringUp':
        case 'WaitForLaunch':
        case 'RestoringState':
          stats.busy(slot, dtS, rng, 70);
          break;
        case 'RebootInProgress':
          stats.busy(slot, dtS, rng, 40);
          break;
        case 'PoweringDown':
          stats.busy(slot, dtS, rng, 20);
          break;
        default:
          stats.idle(slot);
      }
      const cpu = stats.cpu[slot] ?? 0;
      const net = stats.net[slot] ?? 0;
      cpuWork += cpu * d.live.vcpus;
      netWork += net;
      usedMb += d.live.memoryMb;
      domains.push({
        id: d.id,
        status: d.status,
        cpuUsage: cpu,
        memUsage: stats.mem[slot] ?? 0,
        netUsage: net,
        rxBytes: stats.rx[slot] ?? 0,
        txBytes: stats.tx[slot] ?? 0,
        guest: d.guest,
      });
    }
    // The host's own work (vdsm, qemu threads) plus its guests' vCPUs over its logical CPUs;
    // its 10 GbE uplink carries the guests' 1 Gbit/s NICs and migration streams.
    const cpuUsage = 0.8 + 0.4 * rng.float() + cpuWork / Math.max(1, caps.cpus) + 2 * migrating;
    const netUsage = 0.2 + netWork / 10 + 20 * migrating;
    return {
      time: new Date(now),
      host: {
        cpuUsage: Math.min(100, cpuUsage),
        memUsage: Math.min(100, (usedMb / Math.max(1, caps.memoryMb)) * 100),
        netUsage: Math.min(100, netUsage),
        memFreeMb: Math.max(0, caps.memoryMb - usedMb),
      },
      domains,
    };
  }

  // ---- the state machine's moving parts ----

  /** Take over a domain the store says is on this host, settling half-finished transitions. */
  private adopt(s: SimDomainState): void {
    const spec: DomainSpec = {
      id: s.id,
      name: s.name,
      memoryMb: s.memoryMb,
      vcpus: s.vcpus,
      os: s.os,
      display: s.display ?? 'SPICE',
      disks: [],
      nics: [],
    };
    const d = new SimDomain(spec, 'Down', s.vmType, true);
    this.domains.set(s.id, d);
    const t = this.world.timings;
    // The store saw these mid-way; they finish at a random point of the usual duration.
    const settle = rngFor(this.world.seed, `settle:${s.id}`);
    const rest = (ms: number) => ms * settle.real(0.2, 1);
    const run = () => this.run(d, s.usage, s.startedAt, s.guest);
    switch (s.status) {
      case 'Down':
      case 'ImageLocked':
        return;
      case 'Suspended':
        d.status = 'Suspended';
        return;
      case 'Up':
      case 'Unknown':
        run();
        d.status = 'Up';
        d.guest ??= this.makeGuest(d);
        return;
      case 'Paused':
      case 'NotResponding':
        run();
        d.status = s.status;
        return;
      case 'PoweringUp':
      case 'WaitForLaunch':
        run();
        d.status = 'PoweringUp';
        this.later(d, rest(t.boot), () => this.up(d, 'booted'));
        return;
      case 'RestoringState':
        run();
        d.status = 'RestoringState';
        this.later(d, rest(t.restore), () => this.up(d, 'restored'));
        return;
      case 'RebootInProgress':
        run();
        d.status = 'RebootInProgress';
        this.later(d, rest(t.reboot), () => this.up(d, 'rebooted'));
        return;
      case 'PoweringDown':
        run();
        d.status = 'PoweringDown';
        this.later(d, rest(t.shutdown), () => this.down(d, 'shutdown'));
        return;
      case 'SavingState':
        run();
        d.status = 'SavingState';
        this.later(d, rest(t.save), () => {
          this.stop(d);
          this.setStatus(d, 'Suspended', 'saved');
        });
        return;
      case 'MigratingFrom':
      case 'MigratingTo':
        // The other end of the migration is unknown after a restart: it is called off.
        run();
        d.status = 'MigratingFrom';
        d.guest ??= this.makeGuest(d);
        this.later(d, rest(migrationMs(t, s.memoryMb)), () =>
          this.setStatus(d, 'Up', 'migration-aborted'),
        );
        return;
    }
  }

  /** The guest gets a qemu process: a stats slot, and counters as old as its uptime. */
  private run(d: SimDomain, usage?: UsageStart, startedAt?: Date, guest?: GuestInfo): void {
    this.world.runningOn.set(d.id, this);
    const rng = rngFor(this.world.seed, `stats:${d.id}`);
    d.slot = this.world.stats.alloc(rng, d.kind === 'Desktop', d.networked, usage);
    if (startedAt) {
      const uptimeS = (this.world.clock.now() - startedAt.getTime()) / 1000;
      if (uptimeS > 0) this.world.stats.backfillCounters(d.slot, uptimeS);
    }
    if (guest) d.guest = guest;
  }

  /** The qemu process is gone: memory, stats slot, address and agent data with it. */
  private stop(d: SimDomain): void {
    if (this.world.runningOn.get(d.id) === this) this.world.runningOn.delete(d.id);
    if (d.slot >= 0) this.world.stats.release(d.slot);
    d.slot = -1;
    if (d.lease) d.lease.subnet.release(d.lease.ip);
    d.lease = undefined;
    d.guest = undefined;
  }

  private up(d: SimDomain, reason: string): void {
    d.guest = this.makeGuest(d);
    this.setStatus(d, 'Up', reason);
  }

  private down(d: SimDomain, reason: string): void {
    d.timer?.cancel();
    d.timer = undefined;
    if (d.migration) this.abortMigration(d.migration, reason);
    d.pausedByStorage = false;
    this.stop(d);
    this.setStatus(d, 'Down', reason);
  }

  private restore(d: SimDomain): void {
    this.checkCanRun(d, 'resume', d.live.memoryMb);
    this.run(d);
    this.setStatus(d, 'RestoringState', 'restore');
    this.later(d, this.world.timings.restore, () => this.up(d, 'restored'));
  }

  /** What the guest agent reports once the guest is up. */
  private makeGuest(d: SimDomain): GuestInfo {
    const r = rngFor(this.world.seed, `guest:${d.id}`);
    if (!d.lease && d.networked) {
      const ip = this.subnet.take(d.id);
      if (ip) d.lease = { ip, subnet: this.subnet };
    }
    const loggedInUser = d.kind === 'Desktop' && r.chance(0.8) ? directoryUser(r) : undefined;
    const previous = d.guest;
    return {
      ips: d.lease ? [d.lease.ip] : (previous?.ips ?? []),
      fqdn: previous?.fqdn ?? guestFqdn(d.name, this.dnsDomain),
      loggedInUser,
      applications: previous?.applications ?? guestApplications(d.live.os, d.kind),
    };
  }

  private setStatus(d: SimDomain, status: VmStatus, reason?: string): void {
    d.status = status;
    this.emit(
      reason === undefined
        ? { kind: 'domain', id: d.id, status }
        : { kind: 'domain', id: d.id, status, reason },
    );
  }

  /** The domain's next transition, replacing any pending one. */
  private later(d: SimDomain, ms: number, fire: () => void): void {
    d.timer?.cancel();
    const timer = this.world.after(this.world.vary(ms), () => {
      if (d.timer === timer) d.timer = undefined;
      fire();
    });
    d.timer = timer;
  }

  private async whileBusy(d: SimDomain, what: string, ms: number): Promise<void> {
    d.busy = what;
    try {
      await this.world.wait(this.world.vary(ms));
    } finally {
      d.busy = undefined;
    }
  }

  private snapshot(d: SimDomain, snapshotId: string) {
    const snap = this.world.snapshots.get(d.id)?.find((s) => s.id === snapshotId);
    if (!snap) throw new SimHostError('NOT_FOUND', `VM ${d.name} has no snapshot ${snapshotId}`);
    return snap;
  }

  private notBusy(d: SimDomain, what: string): void {
    if (d.busy) throw refused(`Cannot ${what} VM ${d.name}: ${d.busy}`);
    if (d.status === 'MigratingTo')
      throw refused(`Cannot ${what} VM ${d.name} here: it is migrating to host ${this.name}`);
  }

  private notMigrating(d: SimDomain, what: string): void {
    if (d.migration) throw refused(`Cannot ${what} VM ${d.name}: it is ${d.status}`);
  }

  private checkCanRun(d: SimDomain, what: string, memoryMb: number): void {
    const elsewhere = this.world.runningOn.get(d.id);
    if (elsewhere && elsewhere !== this)
      throw refused(
        `Cannot ${what} VM ${d.name}: its disks are in use by the VM running on host ${elsewhere.name}`,
      );
    if (this.storageFault)
      throw refused(`Cannot ${what} VM ${d.name}: host ${this.name} cannot reach its storage`);
    const free = this.capabilities.memoryMb - this.usedMemoryMb();
    if (memoryMb > free)
      throw refused(
        `Cannot ${what} VM ${d.name}: host ${this.name} has ${Math.max(0, free)} MiB free, ` +
          `the VM needs ${memoryMb} MiB`,
      );
  }
}
