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
import type { Actor, EngineDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';
import { requireFreeName, saveEdit } from '../data-center/edit.js';

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
  await requireFreeName(deps, 'cluster', c.name, input.name, CLUSTER_MESSAGES.nameTaken);
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

  await saveEdit(deps, actor, {
    table: 'cluster',
    id: c.id,
    columns: COLUMN,
    input,
    event: {
      code: 'USER_UPDATE_VDS_GROUP',
      message: `Cluster ${input.name ?? c.name} was updated by ${actor.userName}.`,
      clusterId: c.id,
    },
    taken: CLUSTER_MESSAGES.nameTaken,
  });
  return { id: c.id };
}
