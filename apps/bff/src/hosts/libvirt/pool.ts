// Storage domains as libvirt storage pools (docs/storage.md): NFS and GlusterFS are
// `netfs` pools (the kernel NFS client, the glusterfs FUSE client), POSIX is `netfs` or
// `fs` by its VFS type, Local is a `dir` pool. A pool's uuid is its domain's id and its
// name `corral-<id>`; network storage is mounted at `<mount root>/<id>`. The XML and the
// text parsing are pure; `Pools` runs virsh.
import path from 'node:path';
import { splitCifsPath, splitGlusterPath, splitServerPath } from '@corral/shared';
import type { PoolInfo, PoolSpec, VolumeSpec } from '../driver.js';
import { CommandError, type HostShell, type Virsh, XML_FILE } from './virsh.js';
import { at, child, h, parseXml, serializeXml, text, type XmlElement } from './xml.js';

export const POOL_PREFIX = 'corral-';
/** Where network storage is mounted unless the driver is told otherwise. */
export const DEFAULT_MOUNT_ROOT = '/var/lib/corral/mnt';

const FS_NAMESPACE = 'http://libvirt.org/schemas/storagepool/fs/1.0';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GIB = 1024 ** 3;

export const poolName = (id: string) => `${POOL_PREFIX}${id}`;

/** The domain id a pool name stands for, or undefined when it is not one of Corral's. */
export function poolIdOf(name: string): string | undefined {
  const id = name.startsWith(POOL_PREFIX) ? name.slice(POOL_PREFIX.length) : '';
  return UUID.test(id) ? id : undefined;
}

/** Where the pool lives on the host: the spec's, a Local domain's directory, else under the mount root. */
export function poolTarget(spec: PoolSpec, mountRoot: string): string {
  if (spec.target) return spec.target;
  return spec.type === 'Local' ? spec.source : path.posix.join(mountRoot, spec.id);
}

/** How libvirt reaches a domain's storage. */
export type PoolSource =
  | { readonly pool: 'dir' }
  | {
      readonly pool: 'netfs';
      readonly host: string;
      readonly dir: string;
      readonly format: 'nfs' | 'glusterfs' | 'cifs';
      /** NFS protocol version (POSIX `nfs4`). */
      readonly version?: string;
    }
  | { readonly pool: 'fs'; readonly device: string; readonly format: string };

const unbracket = (server: string) => server.replace(/^\[(.*)\]$/, '$1');

function server(spec: PoolSpec, what: string): { host: string; dir: string } {
  const parts = splitServerPath(spec.source);
  if (!parts) throw new Error(`${what} path ${spec.source} is not server:/path`);
  return { host: unbracket(parts.server), dir: parts.path };
}

/** The pool type and source for a storage domain; throws for storage libvirt cannot mount here. */
export function poolSource(spec: PoolSpec): PoolSource {
  switch (spec.type) {
    case 'Local':
      return { pool: 'dir' };
    case 'NFS':
      return { pool: 'netfs', ...server(spec, 'NFS'), format: 'nfs' };
    case 'GlusterFS': {
      const parts = splitGlusterPath(spec.source);
      if (!parts) throw new Error(`GlusterFS path ${spec.source} is not server:/volume`);
      return {
        pool: 'netfs',
        host: unbracket(parts.server),
        dir: `/${parts.volume}`,
        format: 'glusterfs',
      };
    }
    case 'POSIX': {
      const vfs = spec.vfsType ?? '';
      if (vfs === 'nfs') return { pool: 'netfs', ...server(spec, 'POSIX'), format: 'nfs' };
      if (vfs === 'nfs4')
        return { pool: 'netfs', ...server(spec, 'POSIX'), format: 'nfs', version: '4' };
      if (vfs === 'glusterfs') {
        const parts = splitGlusterPath(spec.source) ?? splitServerPath(spec.source);
        if (!parts) throw new Error(`POSIX glusterfs path ${spec.source} is not server:/volume`);
        const dir = 'volume' in parts ? `/${parts.volume}` : parts.path;
        return { pool: 'netfs', host: unbracket(parts.server), dir, format: 'glusterfs' };
      }
      if (vfs === 'cifs') {
        const parts = splitCifsPath(spec.source);
        if (!parts) throw new Error(`POSIX cifs path ${spec.source} is not //server/share`);
        return { pool: 'netfs', host: unbracket(parts.server), dir: parts.share, format: 'cifs' };
      }
      if (!vfs) throw new Error(`POSIX domain ${spec.name} has no VFS type`);
      return { pool: 'fs', device: spec.source, format: vfs };
    }
  }
}

/** The pool's XML (pool-define). QEMU's user must traverse the target: 0755. */
export function buildPoolXml(spec: PoolSpec, target: string): string {
  const src = poolSource(spec);
  const options = (spec.mountOptions ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const withOptions = options.length > 0 && src.pool !== 'dir';
  let source: XmlElement | undefined;
  if (src.pool === 'netfs')
    source = h(
      'source',
      {},
      h('host', { name: src.host }),
      h('dir', { path: src.dir }),
      h('format', { type: src.format }),
      src.version !== undefined && h('protocol', { ver: src.version }),
    );
  else if (src.pool === 'fs')
    source = h('source', {}, h('device', { path: src.device }), h('format', { type: src.format }));
  const pool = h(
    'pool',
    { type: src.pool, 'xmlns:fs': withOptions ? FS_NAMESPACE : undefined },
    h('name', {}, poolName(spec.id)),
    h('uuid', {}, spec.id),
    source,
    h('target', {}, h('path', {}, target), h('permissions', {}, h('mode', {}, '0755'))),
    withOptions && h('fs:mount_opts', {}, ...options.map((o) => h('fs:option', { name: o }))),
  );
  return serializeXml(pool);
}

export interface ParsedPool {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly target: string;
  readonly capacityBytes: number;
  readonly allocationBytes: number;
  readonly availableBytes: number;
}

function bytes(el: XmlElement | undefined): number {
  const n = Number(text(el));
  if (!Number.isFinite(n)) return 0;
  const unit = el?.attrs.unit ?? 'bytes';
  const scale: Record<string, number> = { bytes: 1, b: 1, KiB: 1024, MiB: 1024 ** 2, GiB: GIB };
  return n * (scale[unit] ?? 1);
}

/** `virsh pool-dumpxml`. */
export function parsePoolXml(xml: string): ParsedPool {
  const root = parseXml(xml);
  return {
    id: text(child(root, 'uuid')).trim(),
    name: text(child(root, 'name')).trim(),
    type: root.attrs.type ?? '',
    target: text(at(root, 'target/path')).trim(),
    capacityBytes: bytes(child(root, 'capacity')),
    allocationBytes: bytes(child(root, 'allocation')),
    availableBytes: bytes(child(root, 'available')),
  };
}

/** `virsh -q pool-list --all`: name → active. */
export function parsePoolList(out: string): Map<string, boolean> {
  const pools = new Map<string, boolean>();
  for (const line of out.split('\n')) {
    const m = /^\s*(\S+)\s+(active|inactive)\b/.exec(line);
    if (m) pools.set(m[1]!, m[2] === 'active');
  }
  return pools;
}

/** Disk images Corral names: `<uuid>.qcow2|raw|img` and snapshot layers `<uuid>-snap-<id>.qcow2`. */
export function isCorralImage(file: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-snap-[A-Za-z0-9_.-]+)?\.(qcow2|raw|img)$/i.test(
    file,
  );
}

/** GiB with two decimals: what the store keeps. */
export const gib = (n: number) => Math.round((n / GIB) * 100) / 100;

/** The volume's XML (vol-create): qcow2 v3 or raw, thin or fully allocated. */
export function buildVolumeXml(volume: VolumeSpec): string {
  const size = Math.round(volume.sizeGb * GIB);
  return serializeXml(
    h(
      'volume',
      {},
      h('name', {}, volume.name),
      h('capacity', { unit: 'bytes' }, String(size)),
      h('allocation', { unit: 'bytes' }, String(volume.preallocated ? size : 0)),
      h(
        'target',
        {},
        h('format', { type: volume.format }),
        volume.format === 'qcow2' && h('compat', {}, '1.1'),
        h('permissions', {}, h('mode', {}, '0600')),
      ),
    ),
  );
}

// Mounting can wait on a server; writing a preallocated image copies its whole size.
const MOUNT_MS = 120_000;
const PREALLOCATE_MS = 30 * 60_000;

const missingPool = (err: unknown) =>
  err instanceof CommandError &&
  /Storage pool not found|no storage pool with matching/i.test(err.message);

/**
 * A host's Corral pools, through virsh (works over any libvirt URI). Pools are transient
 * (`pool-create`): connecting a domain is runtime state, like a mount — the store says
 * which domains a host should have, monitoring connects them again after a restart, and
 * nothing is left defined in libvirt when Corral lets go.
 */
export class Pools {
  constructor(
    private readonly virsh: Virsh,
    readonly mountRoot: string = DEFAULT_MOUNT_ROOT,
    /** Commands on the host, to remove an emptied mount point; none over qemu+tcp. */
    private readonly shell?: HostShell,
  ) {}

  private async states(): Promise<Map<string, boolean>> {
    return parsePoolList(await this.virsh.run(['pool-list', '--all']));
  }

  private async parsed(id: string): Promise<ParsedPool> {
    return parsePoolXml(await this.virsh.run(['pool-dumpxml', poolName(id)]));
  }

  private info(p: ParsedPool, active: boolean): PoolInfo {
    return {
      id: p.id,
      active,
      target: p.target,
      capacityGb: active ? gib(p.capacityBytes) : 0,
      allocationGb: active ? gib(p.allocationBytes) : 0,
      availableGb: active ? gib(p.availableBytes) : 0,
    };
  }

  async ensure(spec: PoolSpec): Promise<PoolInfo> {
    const name = poolName(spec.id);
    const target = poolTarget(spec, this.mountRoot);
    let active = (await this.states()).get(name);
    if (active !== undefined) {
      const known = await this.parsed(spec.id);
      if (known.target !== target) {
        if (active)
          throw new Error(
            `storage domain ${spec.name} is connected at ${known.target} on this host, not at ${target}`,
          );
        await this.virsh.run(['pool-undefine', name]);
        active = undefined;
      }
    }
    if (active) {
      try {
        await this.virsh.run(['pool-refresh', name], { timeoutMs: MOUNT_MS });
        return this.info(await this.parsed(spec.id), true);
      } catch (err) {
        // libvirt stops a pool it cannot refresh (its directory vanished, a mount died):
        // a transient one is gone, a defined one inactive. Connect it afresh below.
        active = (await this.states()).get(name);
        if (active) throw err;
      }
    }
    if (active === undefined) {
      // Builds the target (the mount point, a Local domain's directory) and mounts.
      const xml = buildPoolXml(spec, target);
      try {
        await this.virsh.runWithXml(['pool-create', XML_FILE, '--build'], xml, {
          timeoutMs: MOUNT_MS,
        });
      } catch (err) {
        // The mount failed after the mount point was made: leave no empty directory.
        if (spec.type !== 'Local')
          await this.shell?.run('rmdir', ['--', target]).catch(() => undefined);
        throw err;
      }
    } else if (!active) {
      // Defined and stopped (by hand, or by an older Corral): start it as it is.
      await this.virsh.run(['pool-build', name], { timeoutMs: MOUNT_MS });
      await this.virsh.run(['pool-start', name], { timeoutMs: MOUNT_MS });
    }
    return this.info(await this.parsed(spec.id), true);
  }

  async release(id: string): Promise<void> {
    const name = poolName(id);
    const active = (await this.states()).get(name);
    if (active === undefined) return;
    const { type, target } = await this.parsed(id);
    if (active) await this.virsh.run(['pool-destroy', name], { timeoutMs: MOUNT_MS });
    if ((await this.states()).has(name)) await this.virsh.run(['pool-undefine', name]);
    // A network pool's mount point goes too (rmdir: only when empty, i.e. unmounted).
    if (type !== 'dir') await this.shell?.run('rmdir', ['--', target]).catch(() => undefined);
  }

  async format(spec: PoolSpec): Promise<void> {
    await this.ensure(spec);
    const name = poolName(spec.id);
    const volumes = (await this.virsh.run(['vol-list', name]))
      .split('\n')
      .map((l) => /^\s*(\S+)\s/.exec(l)?.[1])
      .filter((v): v is string => v !== undefined && isCorralImage(v));
    for (const v of volumes) await this.virsh.run(['vol-delete', '--pool', name, v]);
    await this.release(spec.id);
  }

  async list(refresh = false): Promise<PoolInfo[]> {
    const out: PoolInfo[] = [];
    for (const [name, active] of await this.states()) {
      const id = poolIdOf(name);
      if (!id) continue;
      let running = active;
      if (active && refresh) {
        // One pool libvirt cannot refresh (it stops it) must not hide the others.
        running = await this.virsh.run(['pool-refresh', name], { timeoutMs: MOUNT_MS }).then(
          () => true,
          () => false,
        );
      }
      try {
        out.push(this.info(await this.parsed(id), running));
      } catch (err) {
        // Undefined between the list and now: it is gone, not an error of the listing.
        if (!missingPool(err)) throw err;
      }
    }
    return out;
  }

  async createVolume(poolId: string, volume: VolumeSpec): Promise<string> {
    const name = poolName(poolId);
    await this.virsh.runWithXml(['vol-create', name, XML_FILE], buildVolumeXml(volume), {
      timeoutMs: volume.preallocated ? PREALLOCATE_MS : MOUNT_MS,
    });
    return (await this.virsh.run(['vol-path', '--pool', name, volume.name])).trim();
  }
}
