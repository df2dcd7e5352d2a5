// Make Template (the VM must be Down): a template with the VM's configuration and a
// copy of each of its disks (the current state of each chain, flattened into one base
// image). The template is Locked until the copies are done.
import { randomUUID } from 'node:crypto';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { getVm, moveVm, vmDiskLayers } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { requireVmAction } from '../../rules/vm.js';
import { correlate, lockDownVm, orUndo, startJob, started, type Started } from '../common.js';
import { requireFreeTemplateName } from './config.js';
import { insertDisks } from './create.js';
import { copyOrWarn, flattenedCopies, imageCopies } from './images.js';

export async function makeTemplate(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; name: string; description?: string },
): Promise<Started & { templateId: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const vm = await getVm(db, input.id);
  requireVmAction([vm], 'makeTemplate');
  await requireFreeTemplateName(db, input.name);
  const layers = await vmDiskLayers(db, vm.id);
  const templateId = randomUUID();
  const disks = flattenedCopies(
    deps,
    layers,
    input.name,
    (l) => `Template ${input.name} disk, from ${l.alias}`,
  );

  try {
    await db.transaction(async (tx) => {
      await lockDownVm(tx, vm);
      await tx.query(
        `INSERT INTO template (id, cluster_id, name, description, status, os, vm_type, memory_mb, vcpus, display)
         VALUES ($1, $2, $3, $4, 'Locked', $5, $6, $7, $8, $9)`,
        [
          templateId,
          vm.cluster_id,
          input.name,
          input.description ?? '',
          vm.os,
          vm.vm_type,
          vm.memory_mb,
          vm.vcpus,
          vm.display,
        ],
      );
      await insertDisks(tx, { templateId }, disks);
    });
  } catch (err) {
    if (isUniqueViolation(err)) refuse(`A template named ${input.name} already exists.`, 'name');
    throw err;
  }
  touched(deps, 'vm', [vm.id]);
  touched(deps, 'template', [templateId]);
  touched(
    deps,
    'disk',
    disks.map((d) => d.id),
  );

  const job = await startJob(
    deps,
    a,
    {
      description: `Creating template ${input.name} from VM ${vm.name}`,
      steps: ['Copying the disks', 'Unlocking the template'],
      refs: { vmId: vm.id, templateId },
    },
    async (j) => {
      await j.event({
        vmId: vm.id,
        templateId,
        code: 'USER_ADD_VM_TEMPLATE',
        message: `Creation of template ${input.name} from VM ${vm.name} was initiated by ${a.userName}.`,
      });
      const finish = async (status: 'OK' | 'Illegal') => {
        await db.query(`UPDATE template SET status = $2 WHERE id = $1`, [templateId, status]);
        await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
        touched(deps, 'template', [templateId]);
        touched(deps, 'vm', [vm.id]);
      };
      await orUndo(
        () =>
          j.step('Copying the disks', () =>
            copyOrWarn(
              deps,
              j,
              vm.cluster_id,
              imageCopies(disks),
              { vmId: vm.id, templateId },
              `the disks of template ${input.name}`,
            ),
          ),
        () => finish('Illegal'),
      );
      await j.step('Unlocking the template', () => finish('OK'));
      await j.event({
        vmId: vm.id,
        templateId,
        code: 'USER_ADD_VM_TEMPLATE_FINISHED_SUCCESS',
        message: `Template ${input.name} was created from VM ${vm.name}.`,
      });
    },
  );
  return { templateId, ...started([job]) };
}
