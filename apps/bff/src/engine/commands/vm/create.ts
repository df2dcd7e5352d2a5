// New VM: blank or from a template (whose OS, memory, CPUs, display and type it copies),
// with new disks on Data domains of its data center and NICs on its cluster's networks.
// A template's disks come as oVirt's Storage Allocation says: **Clone** (copies of its
// images) or **Thin** (qcow2 overlays whose backing file is the template's image, in its
// domain; the overlay's base volume has the template disk's volume as parent). The rows
// are written at once with the VM ImageLocked; the job copies or layers the images where
// a host can, then unlocks it.
import type { VmCreate } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { createImagesOrWarn } from '../../../storage/volumes.js';
import { clusterHosts, diskImagePath, domainImageDirs, moveVm } from '../../inventory.js';
import { allocateMacs } from '../../mac.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, startJob, started, type Started } from '../common.js';
import {
  clusterFor,
  requireDiskDomain,
  requireFreeVmName,
  requireVmNetwork,
  templateFor,
  type TemplateDisk,
  type TemplateRow,
} from './config.js';
import { copyOrWarn, createOverlays, imageFormat } from './images.js';

/** A disk to write: its row, base volume and where its image comes from. */
export interface NewDisk {
  id: string;
  volumeId: string;
  alias: string;
  description: string;
  storageDomainId: string;
  sizeGb: number;
  format: string;
  sparse: boolean;
  interface: string;
  bootable: boolean;
  path: string;
  /** Copy this image into it (template or clone); blank when absent. */
  source?: string | null;
  /** A thin disk: a qcow2 overlay on this image (the template's), whose volume is `parentVolumeId`. */
  backing?: { path: string; format: string; volumeId: string } | null;
}

export async function insertDisks(
  tx: EngineDeps['db'],
  owner: { vmId?: string; templateId?: string },
  disks: readonly NewDisk[],
): Promise<void> {
  for (const d of disks) {
    await tx.query(
      `INSERT INTO disk (id, storage_domain_id, template_id, alias, description, size_gb,
         actual_size_gb, format, sparse, interface, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'OK')`,
      [
        d.id,
        d.storageDomainId,
        owner.templateId ?? null,
        d.alias,
        d.description,
        d.sizeGb,
        d.sparse ? 0 : d.sizeGb,
        d.format,
        d.sparse,
        d.interface,
      ],
    );
    await tx.query(
      `INSERT INTO disk_volume (id, disk_id, parent_id, snapshot_id, path, format)
       VALUES ($1, $2, $3, NULL, $4, $5)`,
      [d.volumeId, d.id, d.backing?.volumeId ?? null, d.path, d.format],
    );
    if (owner.vmId)
      await tx.query(
        `INSERT INTO vm_disk (vm_id, disk_id, bootable, active) VALUES ($1, $2, $3, true)`,
        [owner.vmId, d.id, d.bootable],
      );
  }
}

export async function createVm(
  deps: EngineDeps,
  actor: Actor,
  input: VmCreate,
): Promise<Started & { id: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const cluster = await clusterFor(db, input.clusterId);
  await requireFreeVmName(db, input.name);

  let template: TemplateRow | null = null;
  let templateDisks: TemplateDisk[] = [];
  if (input.templateId) {
    ({ template, disks: templateDisks } = await templateFor(db, cluster, input.templateId));
    for (const td of templateDisks)
      if (td.domain_status !== 'Active')
        refuse(
          `Template ${template.name}'s disk ${td.alias} is on storage domain ${td.domain}, which is not Active.`,
          'templateId',
        );
  }
  const thin = Boolean(template) && input.storageAllocation === 'Thin';
  if (thin) {
    const up = (await clusterHosts(db, cluster.id)).filter((h) => h.status === 'Up');
    if (up.length === 0)
      refuse(
        `A thin VM's disks are layers on the template's images, made by a host: Cluster ${cluster.name} has no Up host.`,
        'storageAllocation',
      );
    for (const td of templateDisks)
      if (!td.volume_id || !td.path)
        refuse(
          `Template ${template!.name}'s disk ${td.alias} has no image to layer on.`,
          'storageAllocation',
        );
  }
  for (const [i, d] of input.disks.entries())
    await requireDiskDomain(db, cluster, d.storageDomainId, d, `disks.${i}.storageDomainId`);
  for (const [i, n] of input.nics.entries())
    await requireVmNetwork(db, cluster, n.networkId, `nics.${i}.networkId`);

  const id = randomUUID();
  // Each disk's image goes in its storage domain's directory (its pool's target).
  const dirs = await domainImageDirs(db, deps.imagesDir, [
    ...templateDisks.map((td) => td.storage_domain_id),
    ...input.disks.map((d) => d.storageDomainId),
  ]);
  const dirOf = (domainId: string) => dirs.get(domainId)!;
  const anyBootable = input.disks.some((d) => d.bootable);
  const disks: NewDisk[] = [];
  const alias = () => `${input.name}_Disk${disks.length + 1}`;
  for (const td of templateDisks) {
    const diskId = randomUUID();
    disks.push({
      id: diskId,
      volumeId: randomUUID(),
      alias: alias(),
      description: `${input.name} disk from template ${template!.name}${thin ? ' (thin)' : ''}`,
      storageDomainId: td.storage_domain_id,
      sizeGb: td.size_gb,
      // A thin disk is a qcow2 layer, whatever the template's format.
      format: thin ? 'COW' : td.format,
      sparse: thin ? true : td.sparse,
      interface: td.interface,
      bootable: disks.length === 0 && !anyBootable,
      path: diskImagePath(dirOf(td.storage_domain_id), diskId, thin ? 'COW' : td.format),
      ...(thin
        ? { backing: { path: td.path!, format: td.format, volumeId: td.volume_id! } }
        : { source: td.path }),
    });
  }
  for (const d of input.disks) {
    const diskId = randomUUID();
    disks.push({
      id: diskId,
      volumeId: randomUUID(),
      alias: d.alias || alias(),
      description: '',
      storageDomainId: d.storageDomainId,
      sizeGb: d.sizeGb,
      format: d.format,
      sparse: d.format !== 'RAW',
      interface: d.interface,
      bootable: d.bootable ?? (disks.length === 0 && !anyBootable),
      path: diskImagePath(dirOf(d.storageDomainId), diskId, d.format),
    });
  }
  const macs = await allocateMacs(db, input.nics.length);

  try {
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO vm (id, cluster_id, template_id, name, description, status, vm_type, os,
           memory_mb, vcpus, display, ha)
         VALUES ($1, $2, $3, $4, $5, 'ImageLocked', $6, $7, $8, $9, $10, $11)`,
        [
          id,
          cluster.id,
          template?.id ?? null,
          input.name,
          input.description,
          input.vmType ?? template?.vm_type ?? 'Server',
          input.os ?? template?.os ?? 'other',
          input.memoryMb ?? template?.memory_mb ?? 1024,
          input.vcpus ?? template?.vcpus ?? 1,
          input.display ?? template?.display ?? 'SPICE',
          input.ha,
        ],
      );
      await insertDisks(tx, { vmId: id }, disks);
      for (const [i, n] of input.nics.entries())
        await tx.query(
          `INSERT INTO vm_nic (vm_id, name, network_id, mac, nic_type) VALUES ($1, $2, $3, $4, $5)`,
          [id, `nic${i + 1}`, n.networkId, macs[i], n.nicType],
        );
    });
  } catch (err) {
    if (isUniqueViolation(err)) refuse(`A VM named ${input.name} already exists.`, 'name');
    throw err;
  }
  touched(deps, 'vm', [id]);
  touched(
    deps,
    'disk',
    disks.map((d) => d.id),
  );

  const job = await startJob(
    deps,
    a,
    {
      description: `Creating VM ${input.name}`,
      steps: ['Creating the disks', 'Unlocking the VM'],
      refs: { vmId: id, clusterId: cluster.id },
    },
    async (j) => {
      await j.event({
        vmId: id,
        code: 'USER_ADD_VM_STARTED',
        message: `VM ${input.name} creation was initiated by ${a.userName}.`,
      });
      await orUndo(
        () =>
          j.step('Creating the disks', async () => {
            await copyOrWarn(
              deps,
              j,
              cluster.id,
              disks
                .filter((d) => d.source)
                .map((d) => ({ from: d.source!, to: d.path, format: imageFormat(d.format) })),
              { vmId: id },
              `the disks of VM ${input.name} from template ${template?.name}`,
            );
            // Thin disks: qcow2 overlays on the template's images.
            await createOverlays(
              deps,
              cluster.id,
              disks.flatMap((d) => (d.backing ? [{ path: d.path, backing: d.backing }] : [])),
            );
            // Blank disks on pool-backed domains: real images in the pool now.
            await createImagesOrWarn(
              deps,
              j,
              cluster.id,
              disks.filter((d) => !d.source && !d.backing),
              { vmId: id },
              `the disk images of VM ${input.name}`,
            );
          }),
        async () => {
          await db.query(`UPDATE disk SET status = 'Illegal' WHERE id = ANY($1::uuid[])`, [
            disks.filter((d) => d.source || d.backing).map((d) => d.id),
          ]);
          await moveVm(db, id, ['ImageLocked'], { status: 'Down' });
          touched(deps, 'vm', [id]);
        },
      );
      await j.step('Unlocking the VM', async () => {
        await moveVm(db, id, ['ImageLocked'], { status: 'Down' });
        touched(deps, 'vm', [id]);
      });
      await j.event({
        vmId: id,
        code: 'USER_ADD_VM_FINISHED_SUCCESS',
        message: `VM ${input.name} was created${template ? ` from template ${template.name} (${thin ? 'thin' : 'clone'})` : ''}.`,
      });
    },
  );
  return { id, ...started([job]) };
}
