// Move: a disk goes to another Data domain of its data center, as a job with progress.
// Corral copies images offline only: the disk's VMs must be Down (they are ImageLocked
// while it moves), and its chain must be one image (a thin disk's copy is flattened:
// it no longer needs its template's image). On libvirt the copy is `qemu-img convert
// -p` into the target's pool on a host that reaches both domains; the old image goes
// afterwards. Simulated hosts report progress and move only the store's rows.
import { diskMoveRule } from '@corral/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { poolSpecOf } from '../../../storage/domains.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { connectTo, diskImagePath, domainImageDir, getHost, moveVm } from '../../inventory.js';
import { errorMessage } from '../../jobs.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, startJob, started, type Started } from '../common.js';
import {
  diskStateOf,
  domainHosts,
  freeGb,
  getDisk,
  hostForDomains,
  imageFormat,
  moveDisk,
  requireDataDomain,
  topOf,
} from './common.js';
import { domainFor } from './create.js';
import { hostImages } from './host-images.js';

async function forgetDefinition(deps: EngineDeps, hostId: string | null, vmId: string) {
  if (!hostId) return;
  const conn = await connectTo(deps, await getHost(deps.db, hostId)).catch(() => null);
  if (!conn) return;
  if ((await conn.listDomains()).some((d) => d.id === vmId)) await conn.undefine(vmId);
}

/** How a simulated copy advances: ticks of this many ms, 20 % each. */
export const SIM_MOVE_TICK_MS = 40;

export async function moveDiskToDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; storageDomainId: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const disk = await getDisk(db, input.id);
  const rule = diskMoveRule(diskStateOf(disk));
  if (!rule.allowed) refuse(rule.reason!, 'id');
  const field = 'storageDomainId';
  const target = await domainFor(deps, input.storageDomainId, field);
  if (target.id === disk.storage_domain_id)
    refuse(`Disk ${disk.alias} is on storage domain ${target.name} already.`, field);
  requireDataDomain(target, field);
  if (target.data_center_id !== disk.domain.data_center_id)
    refuse(
      `Storage domain ${target.name} is in another data center than storage domain ${disk.domain.name}.`,
      field,
    );
  const need = disk.sparse ? disk.actual_size_gb : disk.size_gb;
  if (freeGb(target) < need)
    refuse(
      `Storage domain ${target.name} has ${freeGb(target)} GB free; disk ${disk.alias} needs ${need} GB.`,
      field,
    );
  const sourceHosts = new Set((await domainHosts(db, disk.domain)).map((h) => h.id));
  const hosts = (await domainHosts(db, target)).filter((h) => sourceHosts.has(h.id));
  if (hosts.length === 0)
    refuse(
      `No Up host reaches both storage domains ${disk.domain.name} and ${target.name}.`,
      field,
    );

  await db.transaction(async (tx) => {
    await moveDisk(deps, tx, disk, ['OK'], 'Locked');
    for (const vm of disk.vms)
      if (!(await moveVm(tx, vm.id, ['Down'], { status: 'ImageLocked' })))
        refuse(`VM ${vm.name} changed state meanwhile; try again.`);
  });
  const vmIds = disk.vms.map((v) => v.id);
  if (vmIds.length) touched(deps, 'vm', vmIds);
  const unlock = async () => {
    await db.query(`UPDATE disk SET status = 'OK' WHERE id = $1 AND status = 'Locked'`, [disk.id]);
    touched(deps, 'disk', [disk.id]);
    for (const id of vmIds) await moveVm(db, id, ['ImageLocked'], { status: 'Down' });
    if (vmIds.length) touched(deps, 'vm', vmIds);
  };

  const top = topOf(disk);
  const to = diskImagePath(domainImageDir(deps.imagesDir, target), disk.id, disk.format);
  const copying = `Copying the disk image to storage domain ${target.name}`;
  const removing = `Removing the image from storage domain ${disk.domain.name}`;
  const refs = { storageDomainId: target.id, ...(vmIds[0] ? { vmId: vmIds[0] } : {}) };
  const job = await startJob(
    deps,
    a,
    {
      description: `Moving disk ${disk.alias} to storage domain ${target.name}`,
      steps: [copying, removing, 'Unlocking the disk'],
      refs,
    },
    async (j) => {
      await j.event({
        ...refs,
        code: 'USER_MOVED_DISK',
        message: `User ${a.userName} is moving disk ${disk.alias} from storage domain ${disk.domain.name} to ${target.name}.`,
      });
      let host: Awaited<ReturnType<typeof hostForDomains>>;
      await orUndo(
        () =>
          j.step(copying, async () => {
            host = await hostForDomains(deps, [disk.domain, target], hosts);
            if (!host) throw new Error(`No Up host reaches both storage domains any more.`);
            const images = hostImages(host.conn);
            let shown = 0;
            const progress = (pct: number) => {
              const p = Math.floor(pct * 0.9);
              if (p <= shown) return;
              shown = p;
              void j.progress(p).catch(() => undefined);
            };
            if (images) {
              try {
                await images.convert(
                  top.path,
                  to,
                  imageFormat(disk.format),
                  !disk.sparse,
                  progress,
                );
              } catch (err) {
                await images.remove([to]).catch(() => undefined);
                throw err;
              }
              // The pool learns of its new volume (vol-list shows it).
              if (target.target) await host.conn.ensurePool(poolSpecOf(target, deps.imagesDir));
            } else {
              for (let pct = 20; pct <= 100; pct += 20) {
                await sleep(SIM_MOVE_TICK_MS);
                progress(pct);
              }
            }
            // The store follows the image: one volume, standalone, in the target's pool.
            await db.transaction(async (tx) => {
              await tx.query(`UPDATE disk SET storage_domain_id = $2 WHERE id = $1`, [
                disk.id,
                target.id,
              ]);
              await tx.query(`UPDATE disk_volume SET path = $2, parent_id = NULL WHERE id = $1`, [
                top.id,
                to,
              ]);
            });
            touched(deps, 'disk', [disk.id]);
            touched(deps, 'storage', [disk.storage_domain_id, target.id]);
            // A VM's definition on its last host still names the old image, and a
            // redefinition keeps a disk's defined source: it goes (the VM has no
            // snapshots, so nothing else is kept there), and the next run defines it anew.
            for (const vm of disk.vms) await forgetDefinition(deps, vm.last_host_id, vm.id);
          }),
        unlock,
      );
      await j.step(removing, async () => {
        try {
          await (host && hostImages(host.conn))?.remove(disk.volumes.map((v) => v.path));
        } catch (err) {
          await j.event({
            ...refs,
            severity: 'Warning',
            code: 'DISK_IMAGE_NOT_REMOVED',
            message: `The old image of disk ${disk.alias} stays on storage domain ${disk.domain.name}: ${errorMessage(err)}`,
          });
        }
      });
      await j.step('Unlocking the disk', unlock);
      await j.event({
        ...refs,
        code: 'USER_MOVED_DISK_FINISHED_SUCCESS',
        message: `Disk ${disk.alias} was moved to storage domain ${target.name}.`,
      });
    },
  );
  return started([job]);
}
