// gluster's XML output (`--xml`) and `df` text into the driver's types, kept apart from
// the process plumbing (as the libvirt driver does). Every document is a <cliOutput>
// with opRet / opErrno / opErrstr; opRet -1 is a refusal whose opErrstr says why. The
// CLI's exit status says nothing either way, so only the document counts.
import type { GlusterVolumeType } from '@corral/shared';
import { at, child, elements, parseXml, text, type XmlElement } from '../hosts/libvirt/xml.js';
import {
  GlusterError,
  type BrickAddress,
  type GlusterBrickInfo,
  type GlusterBrickStatus,
  type GlusterHealBrick,
  type GlusterMigration,
  type GlusterPeer,
  type GlusterTask,
  type GlusterTaskStatus,
  type GlusterTransport,
  type GlusterVolumeInfo,
  type GlusterVolumeState,
  type GlusterVolumeStatus,
  type HostFilesystem,
} from './types.js';

const value = (el: XmlElement | undefined, name: string): string => text(child(el, name)).trim();

function int(el: XmlElement | undefined, name: string): number {
  const n = Number.parseInt(value(el, name), 10);
  return Number.isFinite(n) ? n : 0;
}

/** A number, or null for gluster's `N/A`, `-` and `-1` (a brick that is not running). */
function optional(el: XmlElement | undefined, name: string): number | null {
  const raw = value(el, name);
  if (raw === '' || raw === 'N/A' || raw === '-') return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** One line of gluster's message: it sometimes wraps, and ends with stray spaces. */
function oneLine(message: string): string {
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * The <cliOutput> document of a command; a refusal (opRet ≠ 0) throws GlusterError
 * with gluster's message. Output that is no XML at all is the CLI refusing the command
 * line itself (a usage error, printed as text): its first paragraph is the message.
 */
export function cliOutput(stdout: string, stderr: string, command: string): XmlElement {
  const start =
    stdout.indexOf('<?xml') >= 0 ? stdout.indexOf('<?xml') : stdout.indexOf('<cliOutput');
  if (start < 0) {
    const said = (stderr.trim() || stdout.trim()).split(/\n\s*\n|\nUsage:/)[0] ?? '';
    throw new GlusterError(oneLine(said) || `${command}: no answer from gluster`, command);
  }
  let root: XmlElement;
  try {
    root = parseXml(stdout.slice(start));
  } catch (err) {
    throw new GlusterError(`${command}: unreadable answer from gluster (${String(err)})`, command);
  }
  const opRet = Number.parseInt(value(root, 'opRet'), 10);
  if (opRet !== 0) {
    const errno = Number.parseInt(value(root, 'opErrno'), 10);
    const message = oneLine(value(root, 'opErrstr')) || oneLine(value(root, 'output'));
    throw new GlusterError(
      message || `${command} failed (gluster error ${errno})`,
      command,
      Number.isFinite(errno) ? errno : null,
    );
  }
  return root;
}

/** `vm:/gluster/b1` → server `vm`, directory `/gluster/b1` (a server may hold colons: IPv6). */
export function splitBrick(name: string): BrickAddress {
  const i = name.indexOf(':/');
  if (i < 0) throw new GlusterError(`not a brick name: ${name}`, 'parse');
  return { server: name.slice(0, i), directory: name.slice(i + 1) };
}

export const brickName = (b: BrickAddress) => `${b.server}:${b.directory}`;

const STATES: readonly GlusterVolumeState[] = ['Created', 'Started', 'Stopped'];
const TYPES: readonly GlusterVolumeType[] = [
  'Distribute',
  'Replicate',
  'Distributed-Replicate',
  'Disperse',
  'Distributed-Disperse',
];
const TRANSPORTS: readonly GlusterTransport[] = ['TCP', 'RDMA', 'TCP,RDMA'];

/** gluster's typeStr, or (for a type Corral does not name) the nearest by its counts. */
function volumeType(v: XmlElement): GlusterVolumeType {
  const named = TYPES.find((t) => t === value(v, 'typeStr'));
  if (named) return named;
  const distributed = int(v, 'distCount') > 1;
  if (int(v, 'disperseCount') > 0) return distributed ? 'Distributed-Disperse' : 'Disperse';
  if (int(v, 'replicaCount') > 1) return distributed ? 'Distributed-Replicate' : 'Replicate';
  return 'Distribute';
}

/** `gluster volume info [<vol>] --xml`. */
export function parseVolumeInfo(root: XmlElement): GlusterVolumeInfo[] {
  return elements(at(root, 'volInfo/volumes') ?? root, 'volume').map((v) => {
    const state = STATES.find((s) => s === value(v, 'statusStr')) ?? 'Stopped';
    const bricks = elements(child(v, 'bricks') ?? v, 'brick').map((b): GlusterBrickInfo => {
      const name =
        value(b, 'name') ||
        (b.children.find((c) => typeof c === 'string') as string | undefined)?.trim() ||
        '';
      return {
        ...splitBrick(name),
        hostUuid: value(b, 'hostUuid') || b.attrs.uuid || '',
        isArbiter: value(b, 'isArbiter') === '1',
      };
    });
    const options: Record<string, string> = {};
    for (const o of elements(child(v, 'options') ?? v, 'option'))
      options[value(o, 'name')] = value(o, 'value');
    return {
      name: value(v, 'name'),
      id: value(v, 'id'),
      state,
      type: volumeType(v),
      brickCount: int(v, 'brickCount'),
      distCount: int(v, 'distCount'),
      replicaCount: int(v, 'replicaCount'),
      arbiterCount: int(v, 'arbiterCount'),
      disperseCount: int(v, 'disperseCount'),
      redundancyCount: int(v, 'redundancyCount'),
      transport: TRANSPORTS[int(v, 'transport')] ?? 'TCP',
      bricks,
      options,
    };
  });
}

/** gf_defrag_status_t, fix-layout variants folded into their plain meaning. */
const TASK_STATUS: readonly GlusterTaskStatus[] = [
  'not started',
  'in progress',
  'stopped',
  'completed',
  'failed',
  'in progress',
  'stopped',
  'completed',
  'failed',
];

function taskStatus(el: XmlElement | undefined): GlusterTaskStatus {
  const code = Number.parseInt(value(el, 'status'), 10);
  const byCode = TASK_STATUS[code];
  if (byCode) return byCode;
  const str = value(el, 'statusStr').replace(/^fix-layout /, '');
  return TASK_STATUS.find((s) => s === str) ?? 'not started';
}

/** `gluster volume status [<vol>|all] [detail] --xml`: bricks only (not the daemons). */
export function parseVolumeStatus(root: XmlElement): GlusterVolumeStatus[] {
  return elements(at(root, 'volStatus/volumes') ?? root, 'volume').map((v) => {
    const bricks = elements(v, 'node')
      // Self-heal, NFS and quota daemons are nodes too; their "path" is a host name.
      .filter((n) => value(n, 'path').startsWith('/'))
      .map((n): GlusterBrickStatus => ({
        server: value(n, 'hostname'),
        directory: value(n, 'path'),
        peerId: value(n, 'peerid'),
        online: value(n, 'status') === '1',
        port: optional(n, 'port'),
        pid: optional(n, 'pid'),
        totalBytes: optional(n, 'sizeTotal'),
        freeBytes: optional(n, 'sizeFree'),
        device: value(n, 'device') || null,
        fsName: value(n, 'fsName') || null,
        mountOptions: value(n, 'mntOptions') || null,
      }));
    const tasks = elements(child(v, 'tasks') ?? { name: '', attrs: {}, children: [] }, 'task').map(
      (t): GlusterTask => ({
        type: value(t, 'type') === 'Remove brick' ? 'Remove brick' : 'Rebalance',
        id: value(t, 'id'),
        status: taskStatus(t),
        bricks: elements(child(t, 'params') ?? t, 'brick').map((b) => text(b).trim()),
      }),
    );
    return { name: value(v, 'volName'), bricks, tasks };
  });
}

/** The task id a `rebalance start` or `remove-brick start` answered with. */
export function parseTaskId(
  root: XmlElement,
  element: 'volRebalance' | 'volRemoveBrick',
): string | null {
  return value(child(root, element), 'task-id') || null;
}

/** `rebalance status` / `remove-brick status`: the aggregate over the pool's nodes. */
export function parseMigration(
  root: XmlElement,
  element: 'volRebalance' | 'volRemoveBrick',
): GlusterMigration {
  const task = child(root, element);
  const sum = child(task, 'aggregate') ?? child(task, 'node');
  return {
    taskId: value(task, 'task-id') || null,
    status: taskStatus(sum),
    files: int(sum, 'files'),
    bytes: int(sum, 'size'),
    lookups: int(sum, 'lookups'),
    failures: int(sum, 'failures'),
    skipped: int(sum, 'skipped'),
    runtimeSeconds: Number.parseFloat(value(sum, 'runtime')) || 0,
  };
}

/** `gluster volume heal <vol> info --xml`. */
export function parseHealInfo(root: XmlElement): GlusterHealBrick[] {
  return elements(at(root, 'healInfo/bricks') ?? root, 'brick').map((b) => {
    const status = value(b, 'status');
    return {
      ...splitBrick(value(b, 'name')),
      connected: status === 'Connected',
      status,
      entries: optional(b, 'numberOfEntries'),
      files: elements(b, 'file').map((f) => text(f).trim() || f.attrs.gfid || ''),
    };
  });
}

/** `gluster peer status --xml` (and `pool list --xml`, which also lists this host as localhost). */
export function parsePeers(root: XmlElement): GlusterPeer[] {
  return elements(child(root, 'peerStatus') ?? root, 'peer').map((p) => {
    const hostname = value(p, 'hostname');
    const others = elements(child(p, 'hostnames') ?? p, 'hostname').map((h) => text(h).trim());
    return {
      uuid: value(p, 'uuid'),
      hostname,
      hostnames: [...new Set([hostname, ...others].filter(Boolean))],
      connected: value(p, 'connected') === '1',
    };
  });
}

/** The new volume's gluster UUID from `volume create --xml`. */
export function parseCreated(root: XmlElement): { id: string } {
  return { id: value(at(root, 'volCreate/volume'), 'id') };
}

/** Filesystems bricks can live on: local disk filesystems, not memory, pseudo or network ones. */
const BRICK_FILESYSTEMS = new Set([
  'xfs',
  'ext4',
  'ext3',
  'ext2',
  'btrfs',
  'zfs',
  'f2fs',
  'overlay',
]);

/**
 * `df -B1 --output=source,fstype,size,used,target`: one filesystem per device (bind
 * mounts of the same device collapse into the shortest mount point). Free space is size
 * minus used — statvfs' free blocks, as `gluster volume status … detail` reports a
 * brick's `sizeFree` — not df's "Avail", which leaves out the blocks reserved for root
 * (5 % on ext4 by default; on this machine's test disk 150 GB of 252).
 */
export function parseDf(output: string): HostFilesystem[] {
  const byDevice = new Map<string, HostFilesystem>();
  for (const line of output.split('\n').slice(1)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 5) continue;
    const [device = '', fsType = '', size = '', used = '', ...mount] = parts;
    if (!BRICK_FILESYSTEMS.has(fsType)) continue;
    const totalBytes = Number(size) || 0;
    const fs: HostFilesystem = {
      device,
      fsType,
      mount: mount.join(' '),
      totalBytes,
      freeBytes: Math.max(0, totalBytes - (Number(used) || 0)),
    };
    const seen = byDevice.get(device);
    if (!seen || fs.mount.length < seen.mount.length) byDevice.set(device, fs);
  }
  return [...byDevice.values()].sort((a, b) => a.mount.localeCompare(b.mount));
}

/** `id <user>`: `uid=64055(libvirt-qemu) gid=107(kvm) groups=…`. */
export function parseId(output: string): { uid: number; gid: number } | null {
  const m = /uid=(\d+)\([^)]*\)\s+gid=(\d+)/.exec(output);
  return m ? { uid: Number(m[1]), gid: Number(m[2]) } : null;
}
