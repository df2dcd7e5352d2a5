// Edit VM: only the fields given change, and only those the VM's state lets change
// (memory, CPUs, OS, display, type and cluster are fixed while its QEMU runs).
import { vmActions, vmFieldEditable, type VmUpdateInput } from '@corral/shared';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { getVm } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, startJob, started, type Started } from '../common.js';
import { clusterFor, requireFreeVmName } from './config.js';

const COLUMN = {
  name: 'name',
  description: 'description',
  clusterId: 'cluster_id',
  vmType: 'vm_type',
  os: 'os',
  memoryMb: 'memory_mb',
  vcpus: 'vcpus',
  display: 'display',
  ha: 'ha',
} as const;
type Field = keyof typeof COLUMN;

export async function updateVm(
  deps: EngineDeps,
  actor: Actor,
  input: VmUpdateInput,
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const vm = await getVm(db, input.id);
  const edit = vmActions({ status: vm.status, hostId: vm.host_id }).edit;
  if (!edit.allowed) refuse(edit.reason!);

  const current: Record<Field, unknown> = {
    name: vm.name,
    description: vm.description,
    clusterId: vm.cluster_id,
    vmType: vm.vm_type,
    os: vm.os,
    memoryMb: vm.memory_mb,
    vcpus: vm.vcpus,
    display: vm.display,
    ha: vm.ha,
  };
  const changes = (Object.keys(COLUMN) as Field[]).filter(
    (f) => input[f] !== undefined && input[f] !== current[f],
  );
  for (const f of changes) {
    const rule = vmFieldEditable({ status: vm.status, hostId: vm.host_id }, f);
    if (!rule.allowed) refuse(rule.reason!, f);
  }
  if (changes.includes('name')) await requireFreeVmName(db, input.name!, vm.id);
  if (changes.includes('clusterId')) {
    const target = await clusterFor(db, input.clusterId!);
    const from = await clusterFor(db, vm.cluster_id);
    if (target.data_center_id !== from.data_center_id)
      refuse(
        `Cluster ${target.name} is in another data center; a VM moves only within its own.`,
        'clusterId',
      );
    const [missing] = await db.query<{ name: string }>(
      `SELECT net.name FROM vm_nic n JOIN network net ON net.id = n.network_id
        WHERE n.vm_id = $1 AND NOT EXISTS (SELECT 1 FROM cluster_network cn
               WHERE cn.cluster_id = $2 AND cn.network_id = n.network_id)
        ORDER BY net.name LIMIT 1`,
      [vm.id, target.id],
    );
    if (missing)
      refuse(
        `Network ${missing.name} of the VM is not attached to Cluster ${target.name}.`,
        'clusterId',
      );
  }

  const job = await startJob(
    deps,
    a,
    {
      description: `Editing VM ${vm.name}`,
      steps: ['Saving the configuration'],
      refs: { vmId: vm.id },
    },
    async (j) => {
      await j.step('Saving the configuration', async () => {
        if (changes.length === 0) return;
        const sets = changes.map((f, i) => `${COLUMN[f]} = $${i + 2}`).join(', ');
        try {
          await db.query(`UPDATE vm SET ${sets} WHERE id = $1`, [
            vm.id,
            ...changes.map((f) => input[f]),
          ]);
        } catch (err) {
          if (isUniqueViolation(err))
            throw new Error(`A VM named ${input.name} already exists.`, { cause: err });
          throw err;
        }
        touched(deps, 'vm', [vm.id]);
      });
      await j.event({
        vmId: vm.id,
        code: 'USER_UPDATE_VM',
        message:
          changes.length === 0
            ? `VM ${vm.name} configuration was saved unchanged by ${a.userName}.`
            : `VM ${input.name ?? vm.name} configuration was updated by ${a.userName} (${changes.join(', ')}).`,
      });
    },
  );
  return started([job]);
}
