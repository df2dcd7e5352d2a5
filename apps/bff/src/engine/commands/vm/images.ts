// Copying disk images for new template and clone disks, and layering thin VM disks on a
// template's images. The work runs on a host of the cluster whose driver has files
// (libvirt); a simulated fleet has none, and only images Corral manages (under its
// images directory or a storage domain's pool) are copied.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EngineDeps } from '../../deps.js';
import type { Job } from '../../jobs.js';
import {
  clusterHosts,
  connectTo,
  diskImagePath,
  domainImageDir,
  type VmDiskLayer,
} from '../../inventory.js';
import { hostImages } from '../disk/host-images.js';
import type { NewDisk } from './create.js';

export interface ImageCopy {
  readonly from: string;
  readonly to: string;
  readonly format: 'qcow2' | 'raw';
}

export const imageFormat = (format: string): ImageCopy['format'] =>
  format === 'RAW' ? 'raw' : 'qcow2';

/** A new disk filled from an existing image. */
export type DiskCopy = NewDisk & { source: string };

/**
 * A new disk for each of a VM's disks, to hold its current state (the top of its chain)
 * flattened into one base image; named `<name>_Disk1`, `<name>_Disk2`, ….
 */
export function flattenedCopies(
  deps: EngineDeps,
  layers: readonly VmDiskLayer[],
  name: string,
  description: (layer: VmDiskLayer) => string,
): DiskCopy[] {
  return layers.map((l, i) => {
    const id = randomUUID();
    return {
      id,
      volumeId: randomUUID(),
      alias: `${name}_Disk${i + 1}`,
      description: description(l),
      storageDomainId: l.storage_domain_id,
      sizeGb: l.size_gb,
      format: l.format,
      sparse: l.format !== 'RAW',
      interface: l.interface,
      bootable: l.bootable,
      path: diskImagePath(
        domainImageDir(deps.imagesDir, { id: l.storage_domain_id, target: l.domain_target }),
        id,
        l.format,
      ),
      source: l.top_path,
    };
  });
}

export const imageCopies = (disks: readonly DiskCopy[]): ImageCopy[] =>
  disks.map((d) => ({ from: d.source, to: d.path, format: imageFormat(d.format) }));

export type CopyOutcome = 'copied' | 'nothing-to-copy' | 'no-host';

/**
 * Whether Corral manages the image: under its images directory, or under `roots` (the
 * storage domains' pool targets).
 */
export function managed(deps: EngineDeps, file: string, roots: readonly string[] = []): boolean {
  return [deps.imagesDir, ...roots].some((root) => {
    const rel = path.relative(root, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

export async function copyImages(
  deps: EngineDeps,
  clusterId: string,
  copies: readonly ImageCopy[],
): Promise<CopyOutcome> {
  const targets = await deps.db.query<{ target: string }>(
    `SELECT DISTINCT target FROM storage_domain WHERE target IS NOT NULL`,
  );
  const roots = targets.map((t) => t.target);
  const wanted = copies.filter((c) => managed(deps, c.from, roots));
  if (wanted.length === 0) return 'nothing-to-copy';
  for (const host of await clusterHosts(deps.db, clusterId)) {
    if (host.status !== 'Up') continue;
    const conn = await connectTo(deps, host).catch(() => null);
    if (!conn?.copyImage) continue;
    for (const c of wanted) await conn.copyImage(c.from, c.to, c.format);
    return 'copied';
  }
  return 'no-host';
}

/** Copies, and records a Warning when images Corral manages could not be copied. */
export async function copyOrWarn(
  deps: EngineDeps,
  job: Job,
  clusterId: string,
  copies: readonly ImageCopy[],
  refs: { vmId?: string; templateId?: string },
  what: string,
): Promise<void> {
  if ((await copyImages(deps, clusterId, copies)) !== 'no-host') return;
  await job.event({
    ...refs,
    severity: 'Warning',
    code: 'DISK_IMAGES_NOT_COPIED',
    message: `No Up host of the cluster could copy the disk images; ${what} start empty.`,
  });
}

/**
 * Thin VM disks: a qcow2 overlay per disk whose backing file is the template's image,
 * made on the first Up host of the cluster that answers (libvirt: `qemu-img create -b`;
 * simulated hosts have no files). Throws when no Up host answers: a thin disk without
 * its layer would start empty.
 */
export async function createOverlays(
  deps: EngineDeps,
  clusterId: string,
  overlays: readonly { path: string; backing: { path: string; format: string } }[],
): Promise<void> {
  if (overlays.length === 0) return;
  for (const host of await clusterHosts(deps.db, clusterId)) {
    if (host.status !== 'Up') continue;
    const conn = await connectTo(deps, host).catch(() => null);
    if (!conn) continue;
    const images = hostImages(conn);
    for (const o of overlays)
      await images?.overlay(o.path, o.backing.path, imageFormat(o.backing.format));
    return;
  }
  throw new Error('No Up host of the cluster answers to layer the thin disks on the template.');
}
