// Snapshots as qcow2 chains. Creating one gives every disk a new top layer (an
// external, disk-only libvirt snapshot; libvirt 9.0 does this for running and shut-off
// domains alike). The snapshot's state is what lies below its overlay.
//
// libvirt 9.0 cannot revert external snapshots at all, and deletes them only for
// running domains (a blockcommit). So for shut-off domains the plans below do it with
// qemu-img: revert = a fresh overlay on the snapshot's base, later layers dropped;
// delete = commit the snapshot's overlay into its base, rebase what sat on it.
import path from 'node:path';
import type { DomainDisk, DiskImage } from './domain.js';
import type { ChainLayer } from './image.js';
import { child, elements, parseXml, text } from './xml.js';

export interface SnapshotDisk {
  /** Target device (`vda`). */
  readonly target: string;
  /** The overlay this snapshot created for the disk. */
  readonly overlay: string;
}

export interface ParsedSnapshot {
  readonly name: string;
  readonly description: string;
  readonly state: string;
  readonly parent?: string | undefined;
  readonly disks: readonly SnapshotDisk[];
}

export function parseSnapshotXml(xml: string): ParsedSnapshot {
  const root = parseXml(xml);
  const disks = elements(child(root, 'disks') ?? root, 'disk').flatMap((d): SnapshotDisk[] => {
    const file = child(d, 'source')?.attrs.file;
    return d.attrs.snapshot === 'external' && file
      ? [{ target: d.attrs.name ?? '', overlay: file }]
      : [];
  });
  const parent = text(child(child(root, 'parent'), 'name'));
  return {
    name: text(child(root, 'name')),
    description: text(child(root, 'description')),
    state: text(child(root, 'state')),
    parent: parent || undefined,
    disks,
  };
}

/** `disk.qcow2` + snapshot `s2` → `disk-snap-s2.qcow2`, next to the image it covers. */
export function overlayPath(top: string, snapshotId: string): string {
  const dir = path.posix.dirname(top);
  const stem = path.posix
    .basename(top)
    .replace(/\.(qcow2|raw|img)$/, '')
    .replace(/-snap-.*$/, '');
  return path.posix.join(dir, `${stem}-snap-${snapshotId.replace(/[^A-Za-z0-9_.-]/g, '_')}.qcow2`);
}

/** `virsh snapshot-create-as` arguments: external overlays for disks, nothing for CD-ROMs. */
export function createSnapshotArgs(
  domain: string,
  snapshotId: string,
  description: string,
  disks: readonly DomainDisk[],
): string[] {
  const args = [
    'snapshot-create-as',
    domain,
    '--name',
    snapshotId,
    // virsh refuses an empty option argument.
    ...(description ? ['--description', description] : []),
    '--disk-only',
    '--atomic',
  ];
  for (const d of disks) {
    if (d.device === 'disk' && d.source) {
      args.push(
        '--diskspec',
        `${d.target},snapshot=external,file=${overlayPath(d.source.path, snapshotId)}`,
      );
    } else {
      args.push('--diskspec', `${d.target},snapshot=no`);
    }
  }
  return args;
}

export class SnapshotChainError extends Error {}

/** Where a snapshot's overlay sits in a disk's current chain (top first). */
function locate(chain: readonly ChainLayer[], overlay: string, target: string): number {
  const idx = chain.findIndex((l) => l.filename === overlay);
  if (idx === -1 || idx + 1 >= chain.length) {
    throw new SnapshotChainError(
      `disk ${target}: overlay ${overlay} is not in its chain (${chain.map((l) => l.filename).join(' → ')})`,
    );
  }
  return idx;
}

const image = (l: ChainLayer): DiskImage => ({ path: l.filename, format: l.format });

export interface RevertPlan {
  /** Layers above the snapshot's overlay: deleted. */
  readonly discard: readonly string[];
  /** The snapshot's overlay, recreated empty on `base`. */
  readonly overlay: string;
  readonly base: DiskImage;
}

export function planRevert(chain: readonly ChainLayer[], disk: SnapshotDisk): RevertPlan {
  const idx = locate(chain, disk.overlay, disk.target);
  return {
    discard: chain.slice(0, idx).map((l) => l.filename),
    overlay: disk.overlay,
    base: image(chain[idx + 1] as ChainLayer),
  };
}

export interface MergePlan {
  /** Committed into `base`, then deleted. */
  readonly overlay: string;
  readonly base: DiskImage;
  /** The layer that sat on `overlay`, rebased onto `base`; none when `overlay` was the top. */
  readonly rebase?: string | undefined;
  /** The disk's new top when `overlay` was the top. */
  readonly newTop?: DiskImage | undefined;
}

export function planMerge(chain: readonly ChainLayer[], disk: SnapshotDisk): MergePlan {
  const idx = locate(chain, disk.overlay, disk.target);
  const base = image(chain[idx + 1] as ChainLayer);
  return idx === 0
    ? { overlay: disk.overlay, base, newTop: base }
    : { overlay: disk.overlay, base, rebase: (chain[idx - 1] as ChainLayer).filename };
}
