// Edit Cluster: services stay while VMs or Gluster volumes need them, the CPU type
// changes only while none of its VMs runs, the compatibility version stays at most its
// data center's. A cluster keeps its data center.
import {
  CLUSTER_MESSAGES,
  CLUSTER_SERVICES_MESSAGE,
  clusterCompatRule,
  clusterServicesRule,
  type ClusterUpdateInput,
} from '@corral/shared';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation, notFound } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';

interface Row {
  id: string;
  name: string;
  data_center_id: string;
  data_center: string;
  dc_compat: string;
  cpu_type: string;
  virt_service: boolean;
  gluster_service: boolean;
  vms: number;
  running: number;
  volumes: number;
}

const COLUMN = {
  name: 'name',
  description: 'description',
  virtService: 'virt_service',
  glusterService: 'gluster_service',
  cpuType: 'cpu_type',
  compatVersion: 'compat_version',
  memOvercommit: 'mem_overcommit',
  migrationPolicy: 'migration_policy',
  fencingEnabled: 'fencing_enabled',
} as const;

export async function updateCluster(
  deps: EngineDeps,
  actor: Actor,
  input: ClusterUpdateInput,
): Promise<{ id: string }> {
  const { db } = deps;
  const [c] = await db.query<Row>(
    `SELECT c.id, c.name, c.data_center_id, d.name AS data_center, d.compat_version AS dc_compat,
            c.cpu_type, c.virt_service, c.gluster_service,
            (SELECT COUNT(*)::int FROM vm WHERE cluster_id = c.id) AS vms,
            (SELECT COUNT(*)::int FROM vm WHERE cluster_id = c.id AND status <> 'Down') AS running,
            (SELECT COUNT(*)::int FROM gluster_volume WHERE cluster_id = c.id) AS volumes
       FROM cluster c JOIN data_center d ON d.id = c.data_center_id WHERE c.id = $1`,
    [input.id],
  );
  if (!c) throw notFound('Cluster', input.id);
  if (input.name !== undefined && input.name.toLowerCase() !== c.name.toLowerCase()) {
    const [taken] = await db.query(`SELECT 1 FROM cluster WHERE lower(name) = lower($1)`, [
      input.name,
    ]);
    if (taken) refuse(CLUSTER_MESSAGES.nameTaken(input.name), 'name');
  }
  const services = {
    virtService: input.virtService ?? c.virt_service,
    glusterService: input.glusterService ?? c.gluster_service,
  };
  if (!services.virtService && !services.glusterService)
    refuse(CLUSTER_SERVICES_MESSAGE, 'services');
  const servicesRule = clusterServicesRule({ vms: c.vms, glusterVolumes: c.volumes }, services);
  if (!servicesRule.allowed) refuse(servicesRule.reason!, 'services');
  if (input.cpuType !== undefined && input.cpuType !== c.cpu_type && c.running > 0)
    refuse(CLUSTER_MESSAGES.cpuTypeRunning, 'cpuType');
  if (input.compatVersion !== undefined) {
    const rule = clusterCompatRule(input.compatVersion, {
      name: c.data_center,
      compatVersion: c.dc_compat,
    });
    if (!rule.allowed) refuse(rule.reason!, 'compatVersion');
  }

  const changes = (Object.keys(COLUMN) as (keyof typeof COLUMN)[]).filter(
    (k) => input[k] !== undefined,
  );
  if (changes.length > 0) {
    try {
      await db.transaction(async (tx) => {
        await tx.query(
          `UPDATE cluster SET ${changes.map((k, i) => `${COLUMN[k]} = $${i + 2}`).join(', ')}
            WHERE id = $1`,
          [c.id, ...changes.map((k) => input[k])],
        );
        await recordEvent(tx, deps.feed, {
          code: 'USER_UPDATE_VDS_GROUP',
          message: `Cluster ${input.name ?? c.name} was updated by ${actor.userName}.`,
          userName: actor.userName,
          correlationId: actor.correlationId ?? null,
          clusterId: c.id,
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) refuse(CLUSTER_MESSAGES.nameTaken(input.name ?? ''), 'name');
      throw err;
    }
    touched(deps, 'cluster', [c.id]);
  }
  return { id: c.id };
}
