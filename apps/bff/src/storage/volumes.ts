// New disks become images in their storage domain's pool when they are created (as
// oVirt creates a volume with the disk), through an Up host of the VM's cluster. A
// domain from before pools keeps the old way: the libvirt driver creates the image when
// the VM is first defined.
import path from 'node:path';
import type { EngineDeps } from '../engine/deps.js';
import { clusterHosts, connectTo, type HostRow } from '../engine/inventory.js';
import type { Job } from '../engine/jobs.js';
import type { HostConnection } from '../hosts/driver.js';
import { findStorageDomains, poolSpecOf } from './domains.js';

export interface NewImage {
  readonly storageDomainId: string;
  readonly path: string;
  /** COW (qcow2) or RAW. */
  readonly format: string;
  readonly sizeGb: number;
  readonly sparse: boolean;
}

export type ImagesOutcome = 'created' | 'nothing-to-create' | 'no-host';

/** Creates the images of disks on pool-backed domains on the first Up host of the cluster. */
export async function createImages(
  deps: EngineDeps,
  clusterId: string,
  images: readonly NewImage[],
): Promise<ImagesOutcome> {
  const domains = new Map(
    (
      await findStorageDomains(
        deps.db,
        images.map((i) => i.storageDomainId),
      )
    ).map((d) => [d.id, d]),
  );
  const wanted = images.filter((i) => domains.get(i.storageDomainId)?.target);
  if (wanted.length === 0) return 'nothing-to-create';
  let host: { row: HostRow; conn: HostConnection } | undefined;
  for (const h of await clusterHosts(deps.db, clusterId)) {
    if (h.status !== 'Up') continue;
    const conn = await connectTo(deps, h).catch(() => null);
    if (conn) {
      host = { row: h, conn };
      break;
    }
  }
  if (!host) return 'no-host';
  // Connected first (idempotent): a host that lost the mount must not write beside it.
  for (const id of new Set(wanted.map((i) => i.storageDomainId)))
    await host.conn.ensurePool(poolSpecOf(domains.get(id)!, deps.imagesDir));
  for (const i of wanted)
    await host.conn.createVolume(i.storageDomainId, {
      name: path.posix.basename(i.path),
      format: i.format === 'RAW' ? 'raw' : 'qcow2',
      sizeGb: i.sizeGb,
      preallocated: !i.sparse,
    });
  return 'created';
}

/** Creates the images, recording a Warning when no host of the cluster is Up to do it. */
export async function createImagesOrWarn(
  deps: EngineDeps,
  job: Job,
  clusterId: string,
  images: readonly NewImage[],
  refs: { vmId?: string },
  what: string,
): Promise<void> {
  if ((await createImages(deps, clusterId, images)) !== 'no-host') return;
  await job.event({
    ...refs,
    severity: 'Warning',
    code: 'DISK_IMAGES_NOT_CREATED',
    message: `No Up host of the cluster could create ${what}; they are created when the VM first runs.`,
  });
}
