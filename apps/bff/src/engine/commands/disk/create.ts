// New Disk (the Disks tab, or a VM's): a floating disk, or one attached to a Down VM at
// once. The rows are written Locked (the VM ImageLocked); the job creates the image as a
// volume of the domain's pool on an Up host that reaches it, then unlocks.
import type { DiskCreate } from '@corral/shared';
import { VM_LIMITS } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { diskImagePath, domainImageDir, findVms, moveVm } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { getStorageDomain, type StorageDomainRow } from '../../../storage/domains.js';
import { correlate, orUndo, startJob, started, type Started } from '../common.js';
import { domainHosts, freeGb, hostForDomains, imageFormat, requireDataDomain } from './common.js';

export async function domainFor(
  deps: EngineDeps,
  id: string,
  field: string,
): Promise<StorageDomainRow> {
  try {
    return await getStorageDomain(deps.db, id);
  } catch (err) {
    if (err instanceof AppError) refuse('The storage domain does not exist.', field);
    throw err;
  }
}

export async function createDisk(
  deps: EngineDeps,
  actor: Actor,
  input: DiskCreate,
): Promise<Started & { id: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const domain = await domainFor(deps, input.storageDomainId, 'storageDomainId');
  requireDataDomain(domain, 'storageDomainId');
  if (!input.sparse && freeGb(domain) < input.sizeGb)
    refuse(
      `Storage domain ${domain.name} has ${freeGb(domain)} GB free; a preallocated ${input.sizeGb} GB disk does not fit.`,
      'sizeGb',
    );
  let vm: { id: string; name: string; cluster_id: string } | undefined;
  if (input.vmId) {
    const [row] = await findVms(db, [input.vmId]);
    if (!row) refuse('The VM does not exist.', 'vmId');
    vm = row;
    const [c] = await db.query<{ data_center_id: string }>(
      `SELECT data_center_id FROM cluster WHERE id = $1`,
      [row.cluster_id],
    );
    if (c?.data_center_id !== domain.data_center_id)
      refuse(
        `Storage domain ${domain.name} is not in VM ${row.name}'s data center.`,
        'storageDomainId',
      );
    if (row.status !== 'Down')
      refuse(
        `VM ${row.name} is ${row.status}; a new disk is attached to a Down VM (Corral does not hot-plug disks).`,
        'vmId',
      );
    const [n] = await db.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM vm_disk WHERE vm_id = $1`,
      [row.id],
    );
    if ((n?.n ?? 0) >= VM_LIMITS.disksMax)
      refuse(`VM ${row.name} has ${VM_LIMITS.disksMax} disks already, the most a VM has.`, 'vmId');
  }

  const id = randomUUID();
  const file = diskImagePath(domainImageDir(deps.imagesDir, domain), id, input.format);
  await db.transaction(async (tx) => {
    if (vm && !(await moveVm(tx, vm.id, ['Down'], { status: 'ImageLocked' })))
      refuse(`VM ${vm.name} changed state meanwhile; try again.`, 'vmId');
    await tx.query(
      `INSERT INTO disk (id, storage_domain_id, alias, description, size_gb, actual_size_gb,
         format, sparse, interface, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Locked')`,
      [
        id,
        domain.id,
        input.alias,
        input.description,
        input.sizeGb,
        input.sparse ? 0 : input.sizeGb,
        input.format,
        input.sparse,
        input.interface,
      ],
    );
    await tx.query(`INSERT INTO disk_volume (disk_id, path, format) VALUES ($1, $2, $3)`, [
      id,
      file,
      input.format,
    ]);
    if (vm)
      await tx.query(`INSERT INTO vm_disk (vm_id, disk_id, bootable) VALUES ($1, $2, $3)`, [
        vm.id,
        id,
        input.bootable,
      ]);
  });
  touched(deps, 'disk', [id]);
  if (vm) touched(deps, 'vm', [vm.id]);

  const unlock = async () => {
    if (vm) {
      await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
      touched(deps, 'vm', [vm.id]);
    }
  };
  const refs = { storageDomainId: domain.id, ...(vm ? { vmId: vm.id } : {}) };
  const job = await startJob(
    deps,
    a,
    {
      description: `Creating disk ${input.alias}`,
      steps: ['Creating the disk image', 'Unlocking the disk'],
      refs,
    },
    async (j) => {
      await j.event({
        ...refs,
        code: 'USER_ADD_DISK',
        message: `Add-Disk operation of ${input.alias} was initiated by ${a.userName}.`,
      });
      await orUndo(
        () =>
          j.step('Creating the disk image', async () => {
            if (!domain.target) return; // a domain from before pools: made when a VM runs
            const host = await hostForDomains(deps, [domain], await domainHosts(db, domain));
            if (!host) {
              await j.event({
                ...refs,
                severity: 'Warning',
                code: 'DISK_IMAGES_NOT_CREATED',
                message: `No Up host reaches storage domain ${domain.name}; the image of disk ${input.alias} is created when a VM first runs with it.`,
              });
              return;
            }
            await host.conn.createVolume(domain.id, {
              name: path.posix.basename(file),
              format: imageFormat(input.format),
              sizeGb: input.sizeGb,
              preallocated: !input.sparse,
            });
          }),
        async () => {
          await db.query(`DELETE FROM disk WHERE id = $1`, [id]);
          touched(deps, 'disk', [id], 'remove');
          await unlock();
        },
      );
      await j.step('Unlocking the disk', async () => {
        await db.query(`UPDATE disk SET status = 'OK' WHERE id = $1 AND status = 'Locked'`, [id]);
        touched(deps, 'disk', [id]);
        await unlock();
      });
      await j.event({
        ...refs,
        code: 'USER_ADD_DISK_FINISHED_SUCCESS',
        message: `The disk ${input.alias} was successfully added${vm ? ` to VM ${vm.name}` : ''}.`,
      });
    },
  );
  return { id, ...started([job]) };
}
