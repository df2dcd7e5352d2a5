// Copying disk images for new template and clone disks. The copy runs on a host of the
// cluster whose driver can copy files (libvirt); a simulated fleet has no files, and
// only images Corral manages (under its images directory) are copied.
import path from 'node:path';
import type { EngineDeps } from '../../deps.js';
import type { Job } from '../../jobs.js';
import { clusterHosts, connectTo } from '../../inventory.js';

export interface ImageCopy {
  readonly from: string;
  readonly to: string;
  readonly format: 'qcow2' | 'raw';
}

export type CopyOutcome = 'copied' | 'nothing-to-copy' | 'no-host';

export function managed(deps: EngineDeps, file: string): boolean {
  const rel = path.relative(deps.imagesDir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export async function copyImages(
  deps: EngineDeps,
  clusterId: string,
  copies: readonly ImageCopy[],
): Promise<CopyOutcome> {
  const wanted = copies.filter((c) => managed(deps, c.from));
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
