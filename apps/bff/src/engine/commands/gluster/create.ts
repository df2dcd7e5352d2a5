// New Volume: validated against the layout and placement rules, the rows written at once
// (Down, locked 'Creating': the name and brick directories are taken), then a job that
// brings the brick hosts into the trusted storage pool, creates the volume in gluster,
// optionally optimises it for virt and starts it, and reads it back. When gluster
// refuses the creation the rows go again.
import {
  brickLayoutIssues,
  isArbiterBrick,
  virtStoreRefusal,
  type GlusterVolumeCreate,
} from '@corral/shared';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, startJob, started, type Started } from '../common.js';
import {
  glusterCluster,
  glusterOf,
  hostRef,
  pickGlusterHost,
  probeHosts,
  reachBrickHosts,
  refuseIssues,
  requirePlacement,
  whileLocked,
} from './common.js';
import { optimizeSteps, OPTIMIZE_STEPS } from './optimize.js';

export const CREATE_STEPS = {
  probe: 'Adding the hosts to the trusted storage pool',
  create: 'Creating the volume',
  start: 'Starting the volume',
} as const;

export async function createVolume(
  deps: EngineDeps,
  actor: Actor,
  input: GlusterVolumeCreate,
): Promise<Started & { id: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const gluster = glusterOf(deps);
  const cluster = await glusterCluster(db, input.clusterId, 'clusterId');
  const hostsById = await requirePlacement(deps, cluster.id, input.bricks);
  const name = (id: string) => hostsById.get(id)?.name ?? id;
  // Counts the schema checks too (callers that skip it meet the same words); bricks of a
  // set on one server only here, where hosts have names.
  refuseIssues(brickLayoutIssues(input, name));
  const virt = input.optimizeForVirt ? virtStoreRefusal(input) : undefined;
  if (virt) refuse(virt, 'optimizeForVirt');
  const [taken] = await db.query(
    `SELECT 1 FROM gluster_volume WHERE cluster_id = $1 AND name = $2`,
    [cluster.id, input.name],
  );
  if (taken)
    refuse(`A volume named ${input.name} already exists in Cluster ${cluster.name}.`, 'name');

  const brickHosts = [...new Set(input.bricks.map((b) => b.hostId))].map((id) =>
    hostsById.get(id)!,
  );
  await reachBrickHosts(deps, brickHosts);
  const site = await pickGlusterHost(
    deps,
    cluster,
    brickHosts.map((h) => h.id),
  );

  const layout = {
    type: input.type,
    replicaCount: input.replicaCount,
    arbiterCount: input.arbiterCount,
  };
  const servers = input.bricks.map((b) => gluster.serverName(hostRef(hostsById.get(b.hostId)!)));
  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO gluster_volume (cluster_id, name, volume_type, status, replica_count, arbiter_count,
                                     disperse_count, redundancy_count, transport, operation)
         VALUES ($1, $2, $3, 'Down', $4, $5, $6, $7, $8, 'Creating') RETURNING id`,
        [
          cluster.id,
          input.name,
          input.type,
          input.replicaCount ?? 1,
          input.arbiterCount ?? 0,
          input.disperseCount ?? 0,
          input.redundancyCount ?? 0,
          input.transport,
        ],
      );
      for (const [position, b] of input.bricks.entries()) {
        await tx.query(
          `INSERT INTO gluster_brick (volume_id, host_id, directory, position, status, is_arbiter, server)
           VALUES ($1, $2, $3, $4, 'Down', $5, $6)`,
          [
            row!.id,
            b.hostId,
            b.directory,
            position,
            isArbiterBrick(layout, position),
            servers[position],
          ],
        );
      }
      return row!.id;
    });
  } catch (err) {
    // Another request took the name or a directory since the checks above.
    if (isUniqueViolation(err))
      refuse(`The volume name or one of its brick directories was taken meanwhile; try again.`);
    throw err;
  }
  touched(deps, 'volume', [id]);

  const steps = [
    CREATE_STEPS.probe,
    CREATE_STEPS.create,
    ...(input.optimizeForVirt ? OPTIMIZE_STEPS : []),
    ...(input.start ? [CREATE_STEPS.start] : []),
  ];
  const job = await startJob(
    deps,
    a,
    {
      description: `Creating Gluster volume ${input.name} in Cluster ${cluster.name}`,
      steps,
      refs: { volumeId: id, clusterId: cluster.id },
    },
    async (j) => {
      const undo = async () => {
        await db.query(`DELETE FROM gluster_volume WHERE id = $1`, [id]);
        touched(deps, 'volume', [id], 'remove');
      };
      await orUndo(async () => {
        await j.step(CREATE_STEPS.probe, () => probeHosts(deps, site, brickHosts));
        await j.step(CREATE_STEPS.create, () =>
          site.conn.createVolume({
            name: input.name,
            type: input.type,
            replicaCount: input.replicaCount ?? undefined,
            arbiterCount: input.arbiterCount ?? undefined,
            disperseCount: input.disperseCount ?? undefined,
            redundancyCount: input.redundancyCount ?? undefined,
            transport: 'TCP',
            bricks: input.bricks.map((b, i) => ({ server: servers[i]!, directory: b.directory })),
            force: input.force,
          }),
        );
      }, undo);
      await j.event({
        volumeId: id,
        clusterId: cluster.id,
        code: 'GLUSTER_VOLUME_CREATE',
        message: `Gluster volume ${input.name} was created in Cluster ${cluster.name} by ${a.userName} (${input.type}, ${input.bricks.length} bricks).`,
      });
      await whileLocked(deps, site.conn, id, async () => {
        if (input.optimizeForVirt) await optimizeSteps(deps, j, site, id);
        if (input.start) {
          await j.step(CREATE_STEPS.start, () => site.conn.startVolume(input.name));
          await j.event({
            volumeId: id,
            clusterId: cluster.id,
            code: 'GLUSTER_VOLUME_START',
            message: `Gluster volume ${input.name} was started by ${a.userName}.`,
          });
        }
      });
    },
  );
  return { id, ...started([job]) };
}
