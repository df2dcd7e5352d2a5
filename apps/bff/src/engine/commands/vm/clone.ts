// Clone VM (the VM must be Down): a new VM with the same configuration, a copy of each
// disk (current state, flattened) and NICs on the same networks with new MACs.
import { randomUUID } from 'node:crypto';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { getVm, moveVm, vmDiskLayers } from '../../inventory.js';
import { allocateMacs } from '../../mac.js';
import { refuse } from '../../rules/refuse.js';
import { requireVmAction } from '../../rules/vm.js';
import { correlate, lockDownVm, orUndo, startJob, started, type Started } from '../common.js';
import { requireFreeVmName } from './config.js';
import { insertDisks } from './create.js';
import { copyOrWarn, flattenedCopies, imageCopies } from './images.js';

export async function cloneVm(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; name: string },
): Promise<Started & { id: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const vm = await getVm(db, input.id);
  requireVmAction([vm], 'clone');
  await requireFreeVmName(db, input.name);
  const layers = await vmDiskLayers(db, vm.id);
  const nics = await db.query<{
    name: string;
    network_id: string | null;
    nic_type: string;
    linked: boolean;
  }>(`SELECT name, network_id, nic_type, linked FROM vm_nic WHERE vm_id = $1 ORDER BY name`, [
    vm.id,
  ]);
  const macs = await allocateMacs(db, nics.length);
  const id = randomUUID();
  const disks = flattenedCopies(deps, layers, input.name, (l) => `Clone of ${l.alias}`);

  try {
    await db.transaction(async (tx) => {
      await lockDownVm(tx, vm);
      await tx.query(
        `INSERT INTO vm (id, cluster_id, template_id, name, description, status, vm_type, os,
           memory_mb, vcpus, display, ha, stateless, allow_reconnect)
         SELECT $1, cluster_id, template_id, $2, description, 'ImageLocked', vm_type, os,
                memory_mb, vcpus, display, ha, stateless, allow_reconnect
           FROM vm WHERE id = $3`,
        [id, input.name, vm.id],
      );
      await insertDisks(tx, { vmId: id }, disks);
      for (const [i, n] of nics.entries())
        await tx.query(
          `INSERT INTO vm_nic (vm_id, name, network_id, mac, nic_type, linked) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, n.name, n.network_id, macs[i], n.nic_type, n.linked],
        );
    });
  } catch (err) {
    if (isUniqueViolation(err)) refuse(`A VM named ${input.name} already exists.`, 'name');
    throw err;
  }
  touched(deps, 'vm', [vm.id, id]);
  touched(
    deps,
    'disk',
    disks.map((d) => d.id),
  );

  const job = await startJob(
    deps,
    a,
    {
      description: `Cloning VM ${vm.name} to ${input.name}`,
      steps: ['Copying the disks', 'Unlocking the VMs'],
      refs: { vmId: id },
    },
    async (j) => {
      await j.event({
        vmId: id,
        code: 'USER_ADD_VM_STARTED',
        message: `VM ${input.name} is being cloned from VM ${vm.name} by ${a.userName}.`,
      });
      const unlock = async () => {
        await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
        await moveVm(db, id, ['ImageLocked'], { status: 'Down' });
        touched(deps, 'vm', [vm.id, id]);
      };
      await orUndo(
        () =>
          j.step('Copying the disks', () =>
            copyOrWarn(
              deps,
              j,
              vm.cluster_id,
              imageCopies(disks),
              { vmId: id },
              `the disks of VM ${input.name}`,
            ),
          ),
        async () => {
          await db.query(`UPDATE disk SET status = 'Illegal' WHERE id = ANY($1::uuid[])`, [
            disks.map((d) => d.id),
          ]);
          await unlock();
        },
      );
      await j.step('Unlocking the VMs', unlock);
      await j.event({
        vmId: id,
        code: 'USER_ADD_VM_FINISHED_SUCCESS',
        message: `VM ${input.name} was cloned from VM ${vm.name}.`,
      });
    },
  );
  return { id, ...started([job]) };
}
