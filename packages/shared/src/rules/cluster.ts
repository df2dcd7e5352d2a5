// What a user may do with a cluster, and why not (DOMAIN.md, as oVirt has it).
import type { DataCenterStorageMode } from '../domain/status.js';
import { compareVersions } from '../forms/dataCenter.js';
import { DATA_CENTER_MESSAGES } from './dataCenter.js';
import type { ActionRule } from './vm.js';

export const CLUSTER_ACTIONS = ['edit', 'remove', 'guide'] as const;
export type ClusterAction = (typeof CLUSTER_ACTIONS)[number];

export interface ClusterState {
  readonly hosts: number;
  readonly vms: number;
  readonly templates: number;
  readonly pools: number;
  readonly glusterVolumes: number;
}

export const CLUSTER_MESSAGES = {
  removeHosts: 'The cluster still has hosts; move or remove them first.',
  removeVms: 'The cluster still has VMs; remove them first.',
  removeTemplates: 'The cluster still has templates; remove them first.',
  removePools: 'The cluster still has VM pools; remove them first.',
  removeVolumes: 'The cluster still has Gluster volumes; delete them first.',
  virtOffWithVms: 'The cluster has VMs; its virt service cannot be turned off.',
  glusterOffWithVolumes:
    'The cluster has Gluster volumes; its Gluster service cannot be turned off.',
  cpuTypeRunning: 'The CPU type can change only while no VM of the cluster runs.',
  nameTaken: (name: string) => `A cluster named ${name} already exists.`,
  compatAboveDataCenter: (dataCenter: string, version: string) =>
    `A cluster's compatibility version cannot be higher than its data center's (${dataCenter}: ${version}).`,
} as const;

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });

export function clusterRemoveRule(c: ClusterState): ActionRule {
  if (c.hosts > 0) return no(CLUSTER_MESSAGES.removeHosts);
  if (c.vms > 0) return no(CLUSTER_MESSAGES.removeVms);
  if (c.templates > 0) return no(CLUSTER_MESSAGES.removeTemplates);
  if (c.pools > 0) return no(CLUSTER_MESSAGES.removePools);
  if (c.glusterVolumes > 0) return no(CLUSTER_MESSAGES.removeVolumes);
  return ok;
}

export function clusterActions(c: ClusterState): Record<ClusterAction, ActionRule> {
  return { edit: ok, remove: clusterRemoveRule(c), guide: ok };
}

/** A cluster's compatibility version is at most its data center's. */
export function clusterCompatRule(
  version: string,
  dataCenter: { readonly name: string; readonly compatVersion: string },
): ActionRule {
  return compareVersions(version, dataCenter.compatVersion) > 0
    ? no(CLUSTER_MESSAGES.compatAboveDataCenter(dataCenter.name, dataCenter.compatVersion))
    : ok;
}

/** A new cluster in this data center: a Local one has room for one. */
export function newClusterRule(dataCenter: {
  readonly storageMode: DataCenterStorageMode;
  readonly clusters: number;
}): ActionRule {
  return dataCenter.storageMode === 'Local' && dataCenter.clusters > 0
    ? no(DATA_CENTER_MESSAGES.localOneCluster)
    : ok;
}

/** A new host in a data center: a Local one has room for one (oVirt's local storage). */
export function newHostRule(dataCenter: {
  readonly storageMode: DataCenterStorageMode;
  readonly hosts: number;
}): ActionRule {
  return dataCenter.storageMode === 'Local' && dataCenter.hosts > 0
    ? no(DATA_CENTER_MESSAGES.localOneHost)
    : ok;
}

/** Changing services: virt stays while VMs are there, Gluster while volumes are. */
export function clusterServicesRule(
  c: Pick<ClusterState, 'vms' | 'glusterVolumes'>,
  to: { readonly virtService: boolean; readonly glusterService: boolean },
): ActionRule {
  if (!to.virtService && c.vms > 0) return no(CLUSTER_MESSAGES.virtOffWithVms);
  if (!to.glusterService && c.glusterVolumes > 0) return no(CLUSTER_MESSAGES.glusterOffWithVolumes);
  return ok;
}
