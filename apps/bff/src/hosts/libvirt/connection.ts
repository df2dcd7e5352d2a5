// One libvirt host, driven through virsh. Domains are addressed by UUID (the VM's id);
// virsh's event and stats output names them, so a name → UUID map is kept.
import type {
  DomainInfo,
  DomainSpec,
  GraphicsInfo,
  HostAddress,
  HostCapabilities,
  HostConnection,
  HostEvent,
  HostSample,
  MigrateOptions,
  NicSpec,
  PoolInfo,
  PoolSpec,
  SnapshotSpec,
  VolumeSpec,
} from '../driver.js';
import type { VmStatus } from '@corral/shared';
import {
  buildCapabilities,
  kvmProbeXml,
  KVM_PROBE_PREFIX,
  parseCapabilities,
  parseCpuInfoModel,
  parseNodeInfo,
  parseOsRelease,
  parseVersion,
} from './capabilities.js';
import {
  buildDomainXml,
  graphicsWithPassword,
  parseDomainXml,
  withDiskSources,
  type DiskImage,
  type NicSource,
  type ParsedDomain,
} from './domain.js';
import { EventStream, splitLifecycle, type VirshEvent } from './events.js';
import { Images } from './image.js';
import {
  createSnapshotArgs,
  parseSnapshotXml,
  planMerge,
  planRevert,
  type ParsedSnapshot,
} from './snapshot.js';
import { Pools } from './pool.js';
import { mapLifecycle } from './state.js';
import { DOMSTATS_ARGS, parseDomstats, domainCounters, Sampler } from './stats.js';
import {
  CommandError,
  hostShell,
  parseUri,
  Virsh,
  XML_FILE,
  type HostShell,
  type UriTarget,
} from './virsh.js';

/** What a host with no URI in the store is reached by: root over ssh, as oVirt does. */
export function defaultUri(host: HostAddress): string {
  return host.uri || `qemu+ssh://root@${host.address}/system`;
}

// Long-running virsh commands: migration and merges copy whole disks or memory.
const LONG_MS = 60 * 60_000;
const SAVE_MS = 10 * 60_000;

export interface LibvirtOptions {
  /**
   * `tcg` runs every domain under software emulation even where KVM starts: nested
   * virtualisation can start a KVM guest and then hang its kernel (docs/test-guest.md).
   */
  readonly accel?: 'auto' | 'tcg';
  /**
   * Where network storage domains are mounted (`<mountRoot>/<domain id>`); default
   * /var/lib/corral/mnt. The same on every host, so disk paths agree between them.
   */
  readonly mountRoot?: string;
}

export class LibvirtConnection implements HostConnection {
  readonly uri: string;
  private readonly virsh: Virsh;
  private readonly target: UriTarget;
  private readonly shell: HostShell | undefined;
  private readonly names = new Map<string, string>();
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private readonly sampler = new Sampler();
  private readonly events: EventStream;
  private readonly pools: Pools;
  private eventQueue: Promise<void> = Promise.resolve();
  private kvm: Promise<boolean> | undefined;
  private closed = false;

  private constructor(
    readonly host: HostAddress,
    private readonly options: LibvirtOptions,
  ) {
    this.uri = defaultUri(host);
    this.virsh = new Virsh(this.uri);
    this.target = parseUri(this.uri);
    this.shell = hostShell(this.target);
    this.pools = new Pools(this.virsh, options.mountRoot, this.shell);
    this.events = new EventStream(this.virsh, {
      event: (e) => {
        this.eventQueue = this.eventQueue.then(() => this.onVirshEvent(e)).catch(() => undefined);
      },
      lost: (reason) => this.emit({ kind: 'connection-lost', reason }),
      restored: () => void this.refreshNames().catch(() => undefined),
    });
  }

  /** Connects (rejects when libvirtd does not answer) and starts the event stream. */
  static async open(host: HostAddress, options: LibvirtOptions = {}): Promise<LibvirtConnection> {
    const conn = new LibvirtConnection(host, options);
    await conn.virsh.run(['version'], { timeoutMs: 30_000 });
    await conn.refreshNames();
    await conn.events.start();
    return conn;
  }

  // ---- names, events ----------------------------------------------------------------

  private async refreshNames(): Promise<void> {
    const out = await this.virsh.run(['list', '--all', '--uuid', '--name']);
    this.names.clear();
    for (const line of out.split('\n')) {
      const m = /^\s*([0-9a-f-]{36})\s+(.+?)\s*$/.exec(line);
      if (m) this.names.set(m[2] as string, m[1] as string);
    }
  }

  private async idOfName(name: string): Promise<string | undefined> {
    const known = this.names.get(name);
    if (known) return known;
    try {
      const uuid = (await this.virsh.run(['domuuid', name])).trim();
      if (uuid) this.names.set(name, uuid);
      return uuid || undefined;
    } catch {
      return undefined;
    }
  }

  private async onVirshEvent(e: VirshEvent): Promise<void> {
    if (e.type !== 'lifecycle' || e.domain.startsWith(KVM_PROBE_PREFIX)) return;
    const { event, detail } = splitLifecycle(e.detail);
    const mapped = mapLifecycle(event, detail);
    if (mapped.kind === 'ignore') return;
    if (event === 'Defined') this.names.delete(e.domain); // may be a new UUID under an old name
    const id = await this.idOfName(e.domain);
    if (!id) return;
    if (mapped.kind === 'domain-undefined') this.names.delete(e.domain);
    if (mapped.kind === 'domain') {
      this.emit({ kind: 'domain', id, status: mapped.status, reason: mapped.reason });
    } else {
      this.emit({ kind: mapped.kind, id });
    }
  }

  private emit(event: HostEvent): void {
    for (const l of this.listeners) l(event);
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- the host ---------------------------------------------------------------------

  private requireShell(what: string): HostShell {
    if (!this.shell) {
      throw new Error(
        `${what} needs commands on host ${this.host.name}, and ${this.uri} gives no shell there: use a qemu+ssh:// URI`,
      );
    }
    return this.shell;
  }

  private images(what: string): Images {
    return new Images(this.requireShell(what));
  }

  /**
   * Whether domains can be `type='kvm'`. libvirt may advertise KVM and still fail to
   * start it (QEMU runs as libvirt's user; /dev/kvm may not be theirs), so start a
   * paused, deviceless KVM domain and see.
   */
  private kvmUsable(): Promise<boolean> {
    this.kvm ??= (async () => {
      if (this.options.accel === 'tcg') return false;
      try {
        await this.virsh.run(['domcapabilities', '--virttype', 'kvm', '--arch', 'x86_64']);
      } catch {
        return false;
      }
      const name = `${KVM_PROBE_PREFIX}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      const started = await this.virsh
        .runWithXml(['create', XML_FILE, '--paused'], kvmProbeXml(name), { timeoutMs: 120_000 })
        .then(
          () => true,
          () => false,
        );
      if (started) await this.virsh.run(['destroy', name]).catch(() => undefined);
      // libvirt keeps a log per domain name; each probe has a fresh name.
      await this.shell
        ?.run('rm', ['-f', `/var/log/libvirt/qemu/${name}.log`])
        .catch(() => undefined);
      return started;
    })();
    return this.kvm;
  }

  async capabilities(): Promise<HostCapabilities> {
    const fromShell = (file: string): Promise<string | undefined> =>
      this.shell
        ? this.shell.run('cat', [file]).catch(() => undefined)
        : Promise.resolve(undefined);
    const [caps, node, version, cpuinfo, osRelease, kvm] = await Promise.all([
      this.virsh.run(['capabilities']),
      this.virsh.run(['nodeinfo']),
      this.virsh.run(['version', '--daemon']),
      fromShell('/proc/cpuinfo'),
      fromShell('/etc/os-release'),
      this.kvmUsable(),
    ]);
    return buildCapabilities({
      caps: parseCapabilities(caps),
      node: parseNodeInfo(node),
      version: parseVersion(version),
      cpuInfoModel: cpuinfo !== undefined ? parseCpuInfoModel(cpuinfo) : undefined,
      osVersion: osRelease !== undefined ? parseOsRelease(osRelease) : undefined,
      kvm,
    });
  }

  async listDomains(): Promise<DomainInfo[]> {
    await this.refreshNames();
    const out = await this.virsh.run(['domstats', '--state']);
    return parseDomstats(out).flatMap((rec) => {
      const id = this.names.get(rec.name);
      if (!id || rec.name.startsWith(KVM_PROBE_PREFIX)) return [];
      return [{ id, name: rec.name, status: domainCounters(rec).state.status }];
    });
  }

  async sample(): Promise<HostSample> {
    const first = this.sampler.first;
    const time = new Date();
    const [domstats, nodeCpu, nodeCpuPercent, nodeMem, netDev] = await Promise.all([
      this.virsh.run(DOMSTATS_ARGS),
      this.virsh.run(['nodecpustats']),
      // No previous counters yet: let libvirt sample the host CPU over a second.
      first ? this.virsh.run(['nodecpustats', '--percent']) : Promise.resolve(undefined),
      this.virsh.run(['nodememstats']),
      this.shell ? this.shell.run('cat', ['/proc/net/dev']).catch(() => undefined) : undefined,
    ]);
    const unknown = parseDomstats(domstats).some(
      (r) => !this.names.has(r.name) && !r.name.startsWith(KVM_PROBE_PREFIX),
    );
    if (unknown) await this.refreshNames();
    const { host, domains } = this.sampler.next({
      time,
      domstats,
      nodeCpu,
      nodeCpuPercent,
      nodeMem,
      netDev,
      idOf: (name) => (name.startsWith(KVM_PROBE_PREFIX) ? undefined : this.names.get(name)),
    });
    return { time, host, domains };
  }

  // ---- definition -------------------------------------------------------------------

  private async inactiveXml(id: string): Promise<ParsedDomain | undefined> {
    try {
      return parseDomainXml(await this.virsh.run(['dumpxml', '--inactive', id]));
    } catch (err) {
      if (err instanceof CommandError && /failed to get domain|not found/i.test(err.message))
        return undefined;
      throw err;
    }
  }

  /** A logical network: an active libvirt network of that name, a host bridge, or user-mode. */
  private async nicSources(nics: readonly NicSpec[]): Promise<Map<string, NicSource>> {
    const sources = new Map<string, NicSource>();
    for (const network of new Set(nics.map((n) => n.network))) {
      const info = await this.virsh.run(['net-info', network]).catch(() => '');
      if (/^Active:\s*yes/m.test(info)) {
        sources.set(network, { type: 'network', network });
        continue;
      }
      const iface = await this.virsh.run(['iface-dumpxml', network]).catch(() => '');
      sources.set(
        network,
        /^<interface type='bridge'/.test(iface.trim())
          ? { type: 'bridge', bridge: network }
          : { type: 'user' },
      );
    }
    return sources;
  }

  async define(spec: DomainSpec): Promise<void> {
    const [kvm, existing, nics] = await Promise.all([
      this.kvmUsable(),
      this.inactiveXml(spec.id),
      this.nicSources(spec.nics),
    ]);
    // A disk that has snapshots runs on an overlay; a redefinition must not lose it.
    const diskTops = new Map<string, DiskImage>();
    for (const d of existing?.disks ?? []) {
      if (
        d.diskId &&
        d.source &&
        spec.disks.some((s) => s.id === d.diskId && s.path !== d.source?.path)
      )
        diskTops.set(d.diskId, d.source);
    }
    if (this.shell) {
      const images = new Images(this.shell);
      for (const disk of spec.disks) {
        if (!diskTops.has(disk.id) && !(await images.exists(disk.path)))
          await images.create(disk.path, disk.format, disk.sizeGb);
      }
    }
    if (existing && existing.name !== spec.name)
      await this.virsh.run(['domrename', spec.id, spec.name]);
    const xml = buildDomainXml(spec, {
      virtType: kvm ? 'kvm' : 'qemu',
      graphicsListen: this.target.local ? '127.0.0.1' : this.host.address,
      nicSource: (nic) => nics.get(nic.network) ?? { type: 'user' },
      diskTops,
    });
    await this.virsh.runWithXml(['define', XML_FILE], xml);
    this.names.set(spec.name, spec.id);
  }

  async undefine(id: string): Promise<void> {
    await this.virsh.run(['undefine', id, '--snapshots-metadata', '--managed-save']);
  }

  // ---- lifecycle --------------------------------------------------------------------

  private async status(id: string): Promise<VmStatus> {
    const out = await this.virsh.run(['domstats', '--state', id]);
    const rec = parseDomstats(out)[0];
    if (!rec) throw new Error(`domain ${id} not found on host ${this.host.name}`);
    return domainCounters(rec).state.status;
  }

  async start(id: string): Promise<void> {
    await this.virsh.run(['start', id], { timeoutMs: SAVE_MS });
  }

  async shutdown(id: string): Promise<void> {
    await this.virsh.run(['shutdown', id]);
  }

  async powerOff(id: string): Promise<void> {
    await this.virsh.run(['destroy', id]);
  }

  async reboot(id: string): Promise<void> {
    await this.virsh.run(['reboot', id]);
  }

  /** oVirt's suspend is hibernation: memory to disk (a managed save), the VM Suspended. */
  async suspend(id: string): Promise<void> {
    await this.virsh.run(['managedsave', id], { timeoutMs: SAVE_MS });
  }

  async resume(id: string): Promise<void> {
    const status = await this.status(id);
    if (status === 'Paused') await this.virsh.run(['resume', id]);
    else if (status === 'Suspended') {
      const state = await this.virsh.run(['domstate', id]);
      if (state.trim() === 'pmsuspended') await this.virsh.run(['dompmwakeup', id]);
      else await this.virsh.run(['start', id], { timeoutMs: SAVE_MS }); // restores the save
    } else throw new Error(`Cannot resume VM ${id}: it is ${status}`);
  }

  async migrate(id: string, options: MigrateOptions): Promise<void> {
    const target = options.target;
    if (!(target instanceof LibvirtConnection))
      throw new Error('a libvirt VM can only migrate to another libvirt host');
    const args = ['migrate', '--persistent', '--undefinesource', '--abort-on-error'];
    if (options.live ?? true) args.push('--live');
    // Migration traffic goes to the target's management address, not whatever its
    // hostname resolves to on the source.
    if (!target.target.local && target.host.address)
      args.push('--migrateuri', `tcp://${target.host.address}`);
    args.push(id, target.uri);
    await this.virsh.run(args, { timeoutMs: LONG_MS });
  }

  // ---- snapshots --------------------------------------------------------------------

  private async snapshot(id: string, snapshotId: string): Promise<ParsedSnapshot> {
    return parseSnapshotXml(await this.virsh.run(['snapshot-dumpxml', id, snapshotId]));
  }

  async copyImage(from: string, to: string, format: 'qcow2' | 'raw'): Promise<void> {
    await new Images(this.requireShell('Copying a disk image')).copy(from, to, format);
  }

  async createSnapshot(id: string, snapshot: SnapshotSpec): Promise<void> {
    if (snapshot.memory) {
      throw new Error(
        'snapshots with memory are not supported on libvirt hosts: libvirt 9.0 cannot revert external snapshots, and Corral reverts disks only',
      );
    }
    const status = await this.status(id);
    if (status === 'Suspended')
      throw new Error(
        `Cannot snapshot VM ${id}: it is suspended (its saved memory expects the current disks)`,
      );
    const domain = parseDomainXml(await this.virsh.run(['dumpxml', id]));
    await this.virsh.run(createSnapshotArgs(id, snapshot.id, snapshot.description, domain.disks), {
      timeoutMs: SAVE_MS,
    });
  }

  async revertSnapshot(id: string, snapshotId: string): Promise<void> {
    const status = await this.status(id);
    if (status !== 'Down') {
      throw new Error(
        `Cannot revert VM ${id} to snapshot ${snapshotId} while it is ${status}: libvirt 9.0 cannot revert external snapshots of a running domain; power it off first`,
      );
    }
    const images = this.images('Reverting a snapshot');
    const [snap, domain] = await Promise.all([this.snapshot(id, snapshotId), this.inactiveXml(id)]);
    if (!domain) throw new Error(`domain ${id} not found on host ${this.host.name}`);
    const newTops = new Map<string, DiskImage>();
    const plans = [];
    for (const sd of snap.disks) {
      const disk = domain.disks.find((d) => d.target === sd.target);
      if (!disk?.source)
        throw new Error(`disk ${sd.target} of snapshot ${snapshotId} is gone from VM ${id}`);
      plans.push({
        target: sd.target,
        top: disk.source,
        plan: planRevert(await images.chain(disk.source.path), sd),
      });
    }
    // Every chain is checked before anything changes.
    for (const { target, top, plan } of plans) {
      await images.remove(plan.overlay);
      await images.overlay(plan.overlay, plan.base);
      for (const file of plan.discard) await images.remove(file);
      if (top.path !== plan.overlay) newTops.set(target, { path: plan.overlay, format: 'qcow2' });
    }
    if (newTops.size > 0) await this.redefine(id, newTops);
    // Snapshots taken after this one lived in the discarded layers.
    await this.virsh.run(['snapshot-delete', id, snapshotId, '--children-only', '--metadata']);
    await this.virsh.run(['snapshot-current', id, snapshotId]);
  }

  async deleteSnapshot(id: string, snapshotId: string): Promise<void> {
    const status = await this.status(id);
    if (status === 'Up' || status === 'Paused') {
      // libvirt merges a running domain's external snapshot itself (blockcommit, pivot).
      await this.virsh.run(['snapshot-delete', id, snapshotId], { timeoutMs: LONG_MS });
      return;
    }
    if (status !== 'Down')
      throw new Error(`Cannot delete snapshot ${snapshotId} of VM ${id} while it is ${status}`);
    const images = this.images('Deleting a snapshot of a VM that is down');
    const [snap, domain] = await Promise.all([this.snapshot(id, snapshotId), this.inactiveXml(id)]);
    if (!domain) throw new Error(`domain ${id} not found on host ${this.host.name}`);
    const plans = [];
    for (const sd of snap.disks) {
      const disk = domain.disks.find((d) => d.target === sd.target);
      if (!disk?.source)
        throw new Error(`disk ${sd.target} of snapshot ${snapshotId} is gone from VM ${id}`);
      plans.push({ target: sd.target, plan: planMerge(await images.chain(disk.source.path), sd) });
    }
    const newTops = new Map<string, DiskImage>();
    for (const { target, plan } of plans) {
      await images.commit(plan.overlay);
      if (plan.rebase) await images.rebaseUnsafe(plan.rebase, plan.base);
      if (plan.newTop) newTops.set(target, plan.newTop);
    }
    if (newTops.size > 0) await this.redefine(id, newTops);
    for (const { plan } of plans) await images.remove(plan.overlay);
    await this.virsh.run(['snapshot-delete', id, snapshotId, '--metadata']);
  }

  /** Points disks (by target) at other images in the persistent definition. */
  private async redefine(id: string, sources: ReadonlyMap<string, DiskImage>): Promise<void> {
    const xml = await this.virsh.run(['dumpxml', '--inactive', '--security-info', id]);
    await this.virsh.runWithXml(['define', XML_FILE], withDiskSources(xml, sources));
  }

  // ---- storage domains (pool.ts) -----------------------------------------------------

  ensurePool(spec: PoolSpec): Promise<PoolInfo> {
    return this.pools.ensure(spec);
  }

  releasePool(id: string): Promise<void> {
    return this.pools.release(id);
  }

  formatPool(spec: PoolSpec): Promise<void> {
    return this.pools.format(spec);
  }

  listPools(options: { readonly refresh?: boolean } = {}): Promise<PoolInfo[]> {
    return this.pools.list(options.refresh ?? false);
  }

  createVolume(poolId: string, volume: VolumeSpec): Promise<string> {
    return this.pools.createVolume(poolId, volume);
  }

  // ---- consoles ---------------------------------------------------------------------

  async graphics(id: string): Promise<GraphicsInfo[]> {
    const domain = parseDomainXml(await this.virsh.run(['dumpxml', id]));
    return domain.graphics.flatMap((g): GraphicsInfo[] => {
      if ((g.type !== 'vnc' && g.type !== 'spice') || g.port === undefined) return [];
      const wildcard = !g.listen || g.listen === '0.0.0.0' || g.listen === '::';
      const address = wildcard ? (this.target.local ? '127.0.0.1' : this.host.address) : g.listen;
      return [{ type: g.type, address: address ?? '127.0.0.1', port: g.port, tlsPort: g.tlsPort }];
    });
  }

  async setGraphicsPassword(id: string, password: string, validTo: Date): Promise<void> {
    const domain = parseDomainXml(await this.virsh.run(['dumpxml', '--security-info', id]));
    const consoles = domain.graphics.filter((g) => g.type === 'vnc' || g.type === 'spice');
    if (consoles.length === 0) throw new Error(`VM ${id} has no console`);
    for (const g of consoles) {
      await this.virsh.runWithXml(
        ['update-device', id, XML_FILE, '--live'],
        graphicsWithPassword(g.element, password, validTo),
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.events.close();
  }
}
