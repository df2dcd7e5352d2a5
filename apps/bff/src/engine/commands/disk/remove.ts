// Remove: a floating disk, or one whose VMs are all Down (it is detached from them
// first, as oVirt's Remove does). Its images go from the host (every layer), then its
// rows; a template's disks go with their template.
import { diskRemoveRule } from '@corral/shared';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { moveVm } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, startJob, started, type Started } from '../common.js';
import { diskStateOf, domainHosts, getDisk, hostForDomains, moveDisk } from './common.js';
import { hostImages } from './host-images.js';

export async function removeDisk(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const disk = await getDisk(db, input.id);
  const rule = diskRemoveRule(diskStateOf(disk));
  if (!rule.allowed) refuse(rule.reason!, 'id');
  await db.transaction(async (tx) => {
    await moveDisk(deps, tx, disk, ['OK', 'Illegal'], 'Locked');
    for (const vm of disk.vms)
      if (!(await moveVm(tx, vm.id, ['Down'], { status: 'ImageLocked' })))
        refuse(`VM ${vm.name} changed state meanwhile; try again.`);
  });
  const vmIds = disk.vms.map((v) => v.id);
  if (vmIds.length) touched(deps, 'vm', vmIds);
  const unlockVms = async () => {
    for (const id of vmIds) await moveVm(db, id, ['ImageLocked'], { status: 'Down' });
    if (vmIds.length) touched(deps, 'vm', vmIds);
  };
  const refs = { storageDomainId: disk.storage_domain_id, ...(vmIds[0] ? { vmId: vmIds[0] } : {}) };
  const job = await startJob(
    deps,
    a,
    {
      description: `Removing disk ${disk.alias}`,
      steps: ['Removing the disk image', 'Removing the disk'],
      refs,
    },
    async (j) => {
      await j.event({
        ...refs,
        code: 'USER_REMOVE_DISK',
        message: `Disk ${disk.alias} removal was initiated by ${a.userName}.`,
      });
      await orUndo(
        () =>
          j.step('Removing the disk image', async () => {
            const host = await hostForDomains(
              deps,
              [disk.domain],
              await domainHosts(db, disk.domain),
            );
            if (!host) {
              await j.event({
                ...refs,
                severity: 'Warning',
                code: 'DISK_IMAGE_NOT_REMOVED',
                message: `No Up host reaches storage domain ${disk.domain.name}; the image of disk ${disk.alias} stays there (formatting the domain deletes it).`,
              });
              return;
            }
            await hostImages(host.conn)?.remove(disk.volumes.map((v) => v.path));
          }),
        async () => {
          await db.query(`UPDATE disk SET status = $2 WHERE id = $1 AND status = 'Locked'`, [
            disk.id,
            disk.status,
          ]);
          touched(deps, 'disk', [disk.id]);
          await unlockVms();
        },
      );
      await j.step('Removing the disk', async () => {
        await db.query(`DELETE FROM disk WHERE id = $1`, [disk.id]);
        touched(deps, 'disk', [disk.id], 'remove');
        await unlockVms();
      });
      await j.event({
        ...refs,
        code: 'USER_FINISHED_REMOVE_DISK',
        message: `Disk ${disk.alias} was removed.`,
      });
    },
  );
  return started([job]);
}
