// Extend: a disk grows by N GB (never shrinks). The disk is Locked while the job runs; a
// VM running it grows it online (`virsh blockresize` on the VM's host), otherwise the
// top image grows with `qemu-img resize` on a host that reaches the domain. Simulated
// hosts have no images: the store's size is the disk's size. Offline, the disk's Down
// VMs are ImageLocked while it grows.
import { diskExtendRule, DISK_LIMITS } from '@corral/shared';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { connectTo, getHost, moveVm } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import {
  diskStateOf,
  domainHosts,
  getDisk,
  hostForDomains,
  imageFormat,
  moveDisk,
  topOf,
} from './common.js';
import { hostImages } from './host-images.js';

const ONLINE = new Set(['Up', 'Paused']);

export async function extendDisk(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; extendByGb: number },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const disk = await getDisk(db, input.id);
  const rule = diskExtendRule(diskStateOf(disk));
  if (!rule.allowed) refuse(rule.reason!, 'id');
  const sizeGb = disk.size_gb + input.extendByGb;
  if (sizeGb > DISK_LIMITS.maxGb)
    refuse(
      `Disk ${disk.alias} is ${disk.size_gb} GB; a disk is at most ${DISK_LIMITS.maxGb} GB.`,
      'extendByGb',
    );
  const running = disk.vms.find((v) => ONLINE.has(v.status) && v.host_id);
  if (running) await reach(deps, [await getHost(db, running.host_id!)]);
  // Offline, the disk's Down VMs are ImageLocked too: none may start on a growing image.
  const offline = running ? [] : disk.vms.filter((v) => v.status === 'Down');
  await db.transaction(async (tx) => {
    await moveDisk(deps, tx, disk, ['OK'], 'Locked');
    for (const vm of offline)
      if (!(await moveVm(tx, vm.id, ['Down'], { status: 'ImageLocked' })))
        refuse(`VM ${vm.name} changed state meanwhile; try again.`);
  });
  const unlockVms = async () => {
    for (const vm of offline) await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
    if (offline.length)
      touched(
        deps,
        'vm',
        offline.map((v) => v.id),
      );
  };
  if (offline.length)
    touched(
      deps,
      'vm',
      offline.map((v) => v.id),
    );

  const refs = {
    storageDomainId: disk.storage_domain_id,
    ...(disk.vms[0] ? { vmId: disk.vms[0].id } : {}),
  };
  const top = topOf(disk);
  const job = await startJob(
    deps,
    a,
    {
      description: `Extending disk ${disk.alias} to ${sizeGb} GB`,
      steps: [
        running ? `Resizing the disk of VM ${running.name} online` : 'Resizing the disk image',
        'Unlocking the disk',
      ],
      refs,
    },
    async (j) => {
      await j.event({
        ...refs,
        code: 'USER_EXTEND_DISK_SIZE',
        message: `Extending disk ${disk.alias} from ${disk.size_gb} GB to ${sizeGb} GB was initiated by ${a.userName}.`,
      });
      await orUndo(
        () =>
          j.step(
            running ? `Resizing the disk of VM ${running.name} online` : 'Resizing the disk image',
            async () => {
              if (running) {
                const conn = await connectTo(deps, await getHost(db, running.host_id!));
                await hostImages(conn)?.blockResize(running.id, top.path, sizeGb);
                return;
              }
              const host = await hostForDomains(
                deps,
                [disk.domain],
                await domainHosts(db, disk.domain),
              );
              if (!host) throw new Error(`No Up host reaches storage domain ${disk.domain.name}.`);
              const images = hostImages(host.conn);
              if (!images) return; // simulated: the size is the store's
              // An image not made yet (a domain from before pools) is made at its new size.
              const info = await images.info(top.path).catch(() => undefined);
              if (!info) return;
              await images.resize(
                top.path,
                sizeGb,
                imageFormat(top.format),
                !disk.sparse && disk.volumes.length === 1,
              );
            },
          ),
        async () => {
          await db.query(`UPDATE disk SET status = 'OK' WHERE id = $1 AND status = 'Locked'`, [
            disk.id,
          ]);
          touched(deps, 'disk', [disk.id]);
          await unlockVms();
        },
      );
      await j.step('Unlocking the disk', async () => {
        await db.query(
          `UPDATE disk SET status = 'OK', size_gb = $2,
                  actual_size_gb = CASE WHEN sparse THEN actual_size_gb ELSE $2 END
            WHERE id = $1 AND status = 'Locked'`,
          [disk.id, sizeGb],
        );
        touched(deps, 'disk', [disk.id]);
        await unlockVms();
      });
      await j.event({
        ...refs,
        code: 'USER_EXTEND_DISK_SIZE_SUCCESS',
        message: `Disk ${disk.alias} was extended to ${sizeGb} GB.`,
      });
    },
  );
  return started([job]);
}
