// Snapshot operations go through a host: the one a running VM is on, or for a Down VM
// the host it last ran on (which knows its snapshots), else any Up host of its cluster,
// where the VM is defined from the store first.
import type { HostConnection } from '../../../hosts/driver.js';
import type { Db } from '../../../store/index.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import {
  clusterHosts,
  connectTo,
  domainSpec,
  getHost,
  moveVm,
  type HostRow,
  type VmRow,
} from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import {
  correlate,
  lockDownVm,
  orUndo,
  reach,
  startJob,
  started,
  type Started,
} from '../common.js';

export async function snapshotHost(deps: EngineDeps, vm: VmRow): Promise<HostRow> {
  if (vm.host_id && vm.status !== 'Down') return getHost(deps.db, vm.host_id);
  const hosts = await clusterHosts(deps.db, vm.cluster_id);
  const up = hosts.filter((h) => h.status === 'Up');
  const last = up.find((h) => h.id === vm.last_host_id);
  const host = last ?? up[0];
  if (!host)
    refuse(
      `There should be at least one active host in the VM's cluster to work on its snapshots.`,
    );
  return host;
}

/** The host's connection, with the (Down) VM defined there from the store. */
export async function connectForSnapshots(
  deps: EngineDeps,
  vm: VmRow,
  host: HostRow,
): Promise<HostConnection> {
  const conn = await connectTo(deps, host);
  if (vm.status === 'Down' || vm.status === 'ImageLocked')
    await conn.define(await domainSpec(deps.db, vm));
  return conn;
}

export async function requireNoSnapshotInProgress(deps: EngineDeps, vm: VmRow): Promise<void> {
  const [busy] = await deps.db.query(
    `SELECT 1 FROM snapshot WHERE vm_id = $1 AND status = 'Locked' LIMIT 1`,
    [vm.id],
  );
  if (busy) refuse(`A snapshot of VM ${vm.name} is being worked on; wait until it ends.`);
}

export async function getSnapshot(
  deps: EngineDeps,
  vm: VmRow,
  snapshotId: string,
): Promise<{ id: string; description: string; status: string }> {
  const [snap] = await deps.db.query<{ id: string; description: string; status: string }>(
    `SELECT id, description, status FROM snapshot WHERE id = $1 AND vm_id = $2`,
    [snapshotId, vm.id],
  );
  if (!snap) refuse(`VM ${vm.name} has no such snapshot.`, 'snapshotId');
  if (snap.status !== 'OK') refuse(`Snapshot ${snap.description} is ${snap.status}.`, 'snapshotId');
  return snap;
}

const RECORD = 'Recording the volume chains';

/** What one snapshot command does, for `runSnapshotOperation`. */
export interface SnapshotOperation {
  readonly description: string;
  /** The job's first step, the change on the host; the second records its volume chains. */
  readonly hostStep: string;
  readonly codes: { readonly started: string; readonly finished: string };
  readonly messages: { readonly started: (user: string) => string; readonly finished: string };
  /** Writes the snapshot row's intent, in the transaction that locks the VM. */
  readonly mark: (tx: Db) => Promise<unknown>;
  readonly onHost: (conn: HostConnection) => Promise<void>;
  /** Writes the volume chains the host now has, and the snapshot row's outcome. */
  readonly record: () => Promise<void>;
  /** Puts the snapshot row back when the host or the store failed. */
  readonly undo: () => Promise<unknown>;
}

/**
 * Takes the store's intent — a Down VM is ImageLocked while its disks change, and `mark`
 * writes the snapshot row, all or nothing — then starts the job: the host's change, then
 * the store's record of it; on failure `undo` runs and the VM is unlocked.
 */
export async function runSnapshotOperation(
  deps: EngineDeps,
  actor: Actor,
  vm: VmRow,
  host: HostRow,
  op: SnapshotOperation,
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const wasDown = vm.status === 'Down';
  await reach(deps, [host]);
  await db.transaction(async (tx) => {
    if (wasDown) await lockDownVm(tx, vm);
    await op.mark(tx);
  });
  touched(deps, 'vm', [vm.id]);
  const unlock = async () => {
    if (wasDown) await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
    touched(deps, 'vm', [vm.id]);
  };

  const job = await startJob(
    deps,
    a,
    {
      description: op.description,
      steps: [op.hostStep, RECORD],
      refs: { vmId: vm.id, hostId: host.id },
    },
    async (j) => {
      await j.event({
        vmId: vm.id,
        code: op.codes.started,
        message: op.messages.started(a.userName),
      });
      await orUndo(
        async () => {
          await j.step(op.hostStep, async () =>
            op.onHost(await connectForSnapshots(deps, vm, host)),
          );
          await j.step(RECORD, async () => {
            await op.record();
            await unlock();
          });
        },
        async () => {
          await op.undo();
          await unlock();
        },
      );
      await j.event({ vmId: vm.id, code: op.codes.finished, message: op.messages.finished });
    },
  );
  return started([job]);
}
