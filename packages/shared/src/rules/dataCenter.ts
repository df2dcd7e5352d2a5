// What a user may do with a data center, and why not (DOMAIN.md, as oVirt has it):
// pure functions of what the store knows about it. The portal enables its buttons with
// them; the engine refuses with the same words.
import type { DataCenterStorageMode } from '../domain/status.js';
import { compareVersions } from '../forms/dataCenter.js';
import type { ActionRule } from './vm.js';

export const DATA_CENTER_ACTIONS = ['edit', 'remove', 'guide'] as const;
export type DataCenterAction = (typeof DATA_CENTER_ACTIONS)[number];

export interface DataCenterState {
  readonly clusters: number;
  /** Storage domains attached to it that are not in Maintenance (Active, Locked, …). */
  readonly activeDomains: number;
}

export const DATA_CENTER_MESSAGES = {
  removeClusters: 'The data center still has clusters; remove them first.',
  removeActiveStorage:
    'The data center has active storage domains; move them to Maintenance first.',
  localOneCluster: 'A Local data center has one cluster.',
  localOneHost: 'A Local data center has one host.',
  localTooBig: 'A Local data center has one cluster with one host; this one has more.',
  storageTypeAttached: 'The storage type can change only while no storage domain is attached.',
  nameTaken: (name: string) => `A data center named ${name} already exists.`,
  compatBelowCluster: (cluster: string, version: string) =>
    `Cluster ${cluster} has compatibility version ${version}; the data center's cannot be lower.`,
} as const;

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });

export function dataCenterRemoveRule(dc: DataCenterState): ActionRule {
  if (dc.clusters > 0) return no(DATA_CENTER_MESSAGES.removeClusters);
  if (dc.activeDomains > 0) return no(DATA_CENTER_MESSAGES.removeActiveStorage);
  return ok;
}

export function dataCenterActions(dc: DataCenterState): Record<DataCenterAction, ActionRule> {
  return { edit: ok, remove: dataCenterRemoveRule(dc), guide: ok };
}

/** Changing a data center's storage type: only while nothing is attached, and Local stays small. */
export function dataCenterStorageTypeRule(
  dc: { readonly attachedDomains: number; readonly clusters: number; readonly hosts: number },
  to: DataCenterStorageMode,
): ActionRule {
  if (dc.attachedDomains > 0) return no(DATA_CENTER_MESSAGES.storageTypeAttached);
  if (to === 'Local' && (dc.clusters > 1 || dc.hosts > 1))
    return no(DATA_CENTER_MESSAGES.localTooBig);
  return ok;
}

/** A data center's compatibility version may not fall below any of its clusters'. */
export function dataCenterCompatRule(
  version: string,
  clusters: readonly { readonly name: string; readonly compatVersion: string }[],
): ActionRule {
  const above = clusters.find((c) => compareVersions(c.compatVersion, version) > 0);
  return above ? no(DATA_CENTER_MESSAGES.compatBelowCluster(above.name, above.compatVersion)) : ok;
}
