// Maintenance (DOMAIN.md): a host with running VMs enters Maintenance only once they are
// migrated away — the engine migrates them. Every VM needs a target first (Up, same
// cluster, enough memory, not a host going to Maintenance too), or nothing starts and
// the refusal says which VM can't move and why.
import { VM_RUNNING_STATUSES } from '@corral/shared';
import type { Actor, CorrelatedActor, EngineDeps } from '../../deps.js';
import { touched } from '../../changes.js';
import { getHosts, moveVm, type HostRow, type VmRow } from '../../inventory.js';
import type { StartedJob } from '../../jobs.js';
import { requireHostAction } from '../../rules/host.js';
import { refuseEach } from '../../rules/refuse.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import { lockMoves, migrateOne, planMoves, type Move } from '../vm/migrate.js';
import { lockHosts, moveHost } from './common.js';

const TO_MAINTENANCE = 'Moving the host to Maintenance';
const migrating = (m: Move) => `Migrating VM ${m.vm.name} to Host ${m.target.name}`;

export async function setMaintenance(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const hosts = await getHosts(db, input.ids);
  await requireHostAction(db, hosts, 'maintenance');
  const leaving = new Set(hosts.map((h) => h.id));
  const byId = new Map(hosts.map((h) => [h.id, h]));

  const resident = await db.query<VmRow>(
    `SELECT v.id, v.name, v.description, v.cluster_id, v.host_id, v.last_host_id,
            v.migrating_to_host_id, v.template_id, v.pool_id, v.status, v.vm_type, v.os,
            v.memory_mb, v.vcpus, v.display, v.ha
       FROM vm v WHERE v.host_id = ANY($1::uuid[]) AND v.status = ANY($2::text[]) ORDER BY v.name`,
    [input.ids, VM_RUNNING_STATUSES],
  );
  const hostReasons = new Map<string, string[]>();
  const because = (hostId: string, why: string) =>
    hostReasons.set(hostId, [...(hostReasons.get(hostId) ?? []), why]);
  const movable = resident.filter((vm) => {
    if (vm.status === 'Up') return true;
    because(vm.host_id!, `VM ${vm.name} is ${vm.status} and cannot be migrated now.`);
    return false;
  });
  const sources = new Map(movable.map((vm) => [vm.id, byId.get(vm.host_id!)!]));
  const { moves, reasons } = await planMoves(deps, movable, sources, { leaving });
  for (const vm of movable) {
    const why = reasons.get(vm.id);
    if (why) because(vm.host_id!, `VM ${vm.name} cannot be migrated: ${why}`);
  }
  refuseEach(
    'move the hosts to Maintenance',
    hosts,
    new Map(
      [...hostReasons].map(([id, whys]) => [
        id,
        `Host ${byId.get(id)!.name} cannot enter Maintenance: ${whys.join(' ')}`,
      ]),
    ),
  );

  await reach(
    deps,
    moves.flatMap((m) => [m.source, m.target]),
  );
  await lockHosts(deps, hosts, 'PreparingForMaintenance');
  await orUndo(
    () => lockMoves(deps, moves),
    () =>
      Promise.all(hosts.map((h) => moveHost(deps, h.id, ['PreparingForMaintenance'], h.status))),
  );
  const jobs: StartedJob<unknown>[] = [];
  for (const host of hosts)
    jobs.push(
      await evacuation(
        deps,
        a,
        host,
        moves.filter((m) => m.source.id === host.id),
      ),
    );
  return started(jobs);
}

function evacuation(
  deps: EngineDeps,
  a: CorrelatedActor,
  host: HostRow,
  moves: readonly Move[],
): Promise<StartedJob<unknown>> {
  return startJob(
    deps,
    a,
    {
      description: `Moving Host ${host.name} to Maintenance`,
      steps: [...moves.map(migrating), TO_MAINTENANCE],
      refs: { hostId: host.id },
    },
    async (j) => {
      await j.event({
        hostId: host.id,
        code: 'USER_VDS_MAINTENANCE',
        message: `Host ${host.name} was switched to Maintenance mode by ${a.userName}${moves.length > 0 ? `; ${moves.length} VM(s) migrate away` : ''}.`,
      });
      await orUndo(
        async () => {
          // One after another, as oVirt's default migration policy limits parallel
          // outgoing migrations; each failure stops the evacuation.
          for (const move of moves) await migrateOne(deps, j, migrating(move), move);
          await j.step(TO_MAINTENANCE, async () => {
            if (!(await moveHost(deps, host.id, ['PreparingForMaintenance'], 'Maintenance')))
              throw new Error(`Host ${host.name} left PreparingForMaintenance meanwhile.`);
          });
        },
        async () => {
          // Migrations not begun give their bookings back; finished ones stay moved.
          for (const m of moves)
            await moveVm(deps.db, m.vm.id, ['MigratingFrom'], {
              status: 'Up',
              migrating_to_host_id: null,
            });
          touched(
            deps,
            'vm',
            moves.map((m) => m.vm.id),
          );
          await moveHost(deps, host.id, ['PreparingForMaintenance'], host.status);
        },
      );
      await j.event({
        hostId: host.id,
        code: 'VDS_MAINTENANCE',
        message: `Host ${host.name} was switched to Maintenance mode.`,
      });
    },
  );
}
