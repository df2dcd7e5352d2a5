// Remove VM (DOMAIN.md: it must be Down). Its disks go with it unless `keepDisks`
// (they stay, detached, as floating disks) or another VM shares them.
import { touched } from '../../changes.js';
import type { Actor, CorrelatedActor, EngineDeps } from '../../deps.js';
import { connectTo, getHost, getVms, moveVm, type VmRow } from '../../inventory.js';
import type { StartedJob } from '../../jobs.js';
import { requireVmAction } from '../../rules/vm.js';
import { correlate, lockVms, orUndo, startEach, startJob, type Started } from '../common.js';

export async function removeVm(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[]; keepDisks?: boolean },
): Promise<Started> {
  const a = correlate(actor);
  const vms = await getVms(deps.db, input.ids);
  requireVmAction(vms, 'remove');
  await lockVms(
    deps,
    vms,
    () => ['Down'],
    () => ({ status: 'ImageLocked' }),
  );
  return startEach(vms, (vm) => removeJob(deps, a, vm, input.keepDisks ?? false));
}

function removeJob(
  deps: EngineDeps,
  a: CorrelatedActor,
  vm: VmRow,
  keepDisks: boolean,
): Promise<StartedJob<unknown>> {
  const { db } = deps;
  return startJob(
    deps,
    a,
    {
      description: `Removing VM ${vm.name}`,
      steps: ['Undefining the VM on its last host', 'Removing the VM and its disks'],
      refs: { vmId: vm.id },
    },
    async (job) => {
      await orUndo(
        async () => {
          await job.step('Undefining the VM on its last host', async () => {
            // The host keeps a Down VM's definition; it is tidied up when the host is
            // there to ask. A host that is gone or down is no reason to keep the VM.
            if (!vm.last_host_id) return;
            const host = await getHost(db, vm.last_host_id).catch(() => null);
            if (!host || host.status !== 'Up') return;
            const conn = await connectTo(deps, host);
            const defined = (await conn.listDomains()).some((d) => d.id === vm.id);
            if (defined) await conn.undefine(vm.id);
          });
          await job.step('Removing the VM and its disks', async () => {
            const removedDisks = await db.transaction(async (tx) => {
              const own = keepDisks
                ? []
                : await tx.query<{ disk_id: string }>(
                    `SELECT vd.disk_id FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id
                      WHERE vd.vm_id = $1 AND NOT d.shareable
                        AND NOT EXISTS (SELECT 1 FROM vm_disk o WHERE o.disk_id = vd.disk_id AND o.vm_id <> $1)`,
                    [vm.id],
                  );
              const diskIds = own.map((d) => d.disk_id);
              await tx.query(`DELETE FROM vm WHERE id = $1`, [vm.id]);
              if (diskIds.length > 0)
                await tx.query(`DELETE FROM disk WHERE id = ANY($1::uuid[])`, [diskIds]);
              await tx.query(
                `DELETE FROM tag_assignment WHERE object_type = 'Vm' AND object_id = $1`,
                [vm.id],
              );
              await tx.query(`DELETE FROM permission WHERE object_type = 'Vm' AND object_id = $1`, [
                vm.id,
              ]);
              return diskIds;
            });
            touched(deps, 'vm', [vm.id], 'remove');
            touched(deps, 'disk', removedDisks, 'remove');
            await job.event({
              vmId: vm.id,
              vmName: vm.name,
              clusterId: vm.cluster_id,
              code: 'USER_REMOVE_VM',
              message: `VM ${vm.name} was removed by ${a.userName}${keepDisks ? ' (its disks were kept)' : ''}.`,
            });
          });
        },
        async () => {
          await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
          touched(deps, 'vm', [vm.id]);
        },
      );
    },
  );
}
