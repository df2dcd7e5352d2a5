// A pool's VMs from its template, Thin (a qcow2 layer per disk over the template's
// image), named `<pool>-<n>`, stateless as the pool is: the rows are written at once
// (ImageLocked), one job layers every VM's disks and unlocks them, with progress per VM.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../store/index.js';
import { touched } from '../../changes.js';
import type { EngineDeps } from '../../deps.js';
import {
  clusterHosts,
  diskImagePath,
  domainImageDirs,
  moveVm,
  type ClusterRow,
} from '../../inventory.js';
import type { Job } from '../../jobs.js';
import { allocateMacs } from '../../mac.js';
import { refuse } from '../../rules/refuse.js';
import { orUndo } from '../common.js';
import { insertDisks, type NewDisk } from '../vm/create.js';
import { templateFor, type TemplateDisk, type TemplateRow } from '../vm/config.js';
import { createOverlays } from '../vm/images.js';
import { poolVmName, type PoolRow } from './common.js';

/** A pool's template, with the disks its VMs' thin layers go on. */
export type PoolTemplate = TemplateRow & { disks: TemplateDisk[] };

/** The template and the checks a pool's Thin VMs need (refusals on `templateId`/`clusterId`). */
export async function poolTemplate(
  db: Db,
  cluster: ClusterRow,
  templateId: string,
): Promise<PoolTemplate> {
  const { template: t, disks } = await templateFor(db, cluster, templateId);
  for (const d of disks) {
    if (d.domain_status !== 'Active')
      refuse(
        `Template ${t.name}'s disk ${d.alias} is on storage domain ${d.domain}, which is not Active.`,
        'templateId',
      );
    if (!d.volume_id || !d.path)
      refuse(`Template ${t.name}'s disk ${d.alias} has no image to layer on.`, 'templateId');
  }
  const up = (await clusterHosts(db, cluster.id)).filter((h) => h.status === 'Up');
  if (disks.length > 0 && up.length === 0)
    refuse(
      `A pool's VMs are thin layers on the template's images, made by a host: Cluster ${cluster.name} has no Up host.`,
      'clusterId',
    );
  return { ...t, disks };
}

/** Refuses (on `name`) when one of the names `<pool>-<from>` … `<pool>-<to>` is taken. */
export async function requireFreeVmNames(
  db: Db,
  pool: Pick<PoolRow, 'name'>,
  from: number,
  to: number,
): Promise<void> {
  const names = Array.from({ length: to - from + 1 }, (_, i) => poolVmName(pool.name, from + i));
  const taken = await db.query<{ name: string }>(
    `SELECT name FROM vm WHERE lower(name) = ANY($1::text[]) ORDER BY name LIMIT 3`,
    [names.map((n) => n.toLowerCase())],
  );
  if (taken.length > 0)
    refuse(
      `The pool's VMs would be named ${names[0]}…${names.at(-1)}, and ${taken.map((t) => t.name).join(', ')} already exist${taken.length === 1 ? 's' : ''}.`,
      'name',
    );
}

export interface PlannedVm {
  id: string;
  name: string;
  disks: (NewDisk & { backing: NonNullable<NewDisk['backing']> })[];
}

/** The VMs `<pool>-<from>` … `<pool>-<to>` with their thin disks (not written yet). */
export async function planPoolVms(
  deps: EngineDeps,
  pool: Pick<PoolRow, 'name'>,
  template: PoolTemplate,
  from: number,
  to: number,
): Promise<PlannedVm[]> {
  const dirs = await domainImageDirs(
    deps.db,
    deps.imagesDir,
    template.disks.map((d) => d.storage_domain_id),
  );
  const vms: PlannedVm[] = [];
  for (let n = from; n <= to; n++) {
    const name = poolVmName(pool.name, n);
    vms.push({
      id: randomUUID(),
      name,
      disks: template.disks.map((td, i) => {
        const diskId = randomUUID();
        return {
          id: diskId,
          volumeId: randomUUID(),
          alias: `${name}_Disk${i + 1}`,
          description: `${name} disk from template ${template.name} (thin)`,
          storageDomainId: td.storage_domain_id,
          sizeGb: td.size_gb,
          format: 'COW',
          sparse: true,
          interface: td.interface,
          bootable: i === 0,
          path: diskImagePath(dirs.get(td.storage_domain_id)!, diskId, 'COW'),
          backing: { path: td.path!, format: td.format, volumeId: td.volume_id! },
        };
      }),
    });
  }
  return vms;
}

/** Writes the planned VMs (ImageLocked, in the pool, stateless as it is) inside `tx`. */
export async function insertPoolVms(
  tx: Db,
  pool: Pick<PoolRow, 'id' | 'cluster_id' | 'stateless' | 'description'>,
  template: PoolTemplate,
  vms: readonly PlannedVm[],
): Promise<void> {
  const [net] = await tx.query<{ id: string }>(
    `SELECT n.id FROM cluster_network cn JOIN network n ON n.id = cn.network_id
      WHERE cn.cluster_id = $1 AND n.vm_network ORDER BY n.name LIMIT 1`,
    [pool.cluster_id],
  );
  const macs = net ? await allocateMacs(tx, vms.length) : [];
  for (const [i, vm] of vms.entries()) {
    await tx.query(
      `INSERT INTO vm (id, cluster_id, template_id, pool_id, name, description, status, vm_type,
         os, memory_mb, vcpus, display, stateless)
       VALUES ($1, $2, $3, $4, $5, $6, 'ImageLocked', $7, $8, $9, $10, $11, $12)`,
      [
        vm.id,
        pool.cluster_id,
        template.id,
        pool.id,
        vm.name,
        pool.description,
        template.vm_type,
        template.os,
        template.memory_mb,
        template.vcpus,
        template.display,
        pool.stateless,
      ],
    );
    await insertDisks(tx, { vmId: vm.id }, vm.disks);
    if (net)
      await tx.query(
        `INSERT INTO vm_nic (vm_id, name, network_id, mac, nic_type) VALUES ($1, 'nic1', $2, $3, 'VirtIO')`,
        [vm.id, net.id, macs[i]],
      );
  }
}

export const LAYER_STEP = "Creating the VMs' disks";
export const UNLOCK_STEP = 'Unlocking the VMs';

/**
 * The job's work: each VM's layers on the template's images (progress per VM, up to
 * 90 %), then the VMs unlocked (Down). A failure leaves the VMs not yet done Down with
 * Illegal disks, and fails the job.
 */
export async function layerPoolVms(
  deps: EngineDeps,
  job: Job,
  pool: Pick<PoolRow, 'cluster_id'>,
  vms: readonly PlannedVm[],
): Promise<void> {
  const { db } = deps;
  const unlock = async (ids: string[]) => {
    for (const id of ids) await moveVm(db, id, ['ImageLocked'], { status: 'Down' });
    touched(deps, 'vm', ids);
  };
  await orUndo(
    () =>
      job.step(LAYER_STEP, async () => {
        for (const [i, vm] of vms.entries()) {
          await createOverlays(deps, pool.cluster_id, vm.disks);
          await job.progress(((i + 1) / vms.length) * 90);
        }
      }),
    async () => {
      await db.query(`UPDATE disk SET status = 'Illegal' WHERE id = ANY($1::uuid[])`, [
        vms.flatMap((v) => v.disks.map((d) => d.id)),
      ]);
      await unlock(vms.map((v) => v.id));
    },
  );
  await job.step(UNLOCK_STEP, () => unlock(vms.map((v) => v.id)));
}
