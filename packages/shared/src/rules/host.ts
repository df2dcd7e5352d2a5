// What a user may do with a host in its current state, and why not (DOMAIN.md).
import type { HostStatus } from '../domain/status.js';
import type { ActionRule } from './vm.js';

export const HOST_ACTIONS = ['maintenance', 'activate', 'remove', 'fence'] as const;
export type HostAction = (typeof HOST_ACTIONS)[number];

export interface HostState {
  readonly status: HostStatus;
  /** VMs the store places on the host (running, starting, migrating, suspended there). */
  readonly activeVms: number;
}

export const HOST_MESSAGES = {
  maintenanceAlready: 'The host is already in Maintenance.',
  maintenanceGoing: 'The host is already preparing for Maintenance.',
  maintenance: 'A host must be Up, NonOperational, InstallFailed or Error to enter Maintenance.',
  activate: 'The host must be in Maintenance or NonOperational to be activated.',
  remove: 'The host must be in Maintenance to be removed.',
  removeVms: 'The host still has VMs; migrate or stop them first.',
  fence: 'Only a NonResponsive host can be fenced.',
} as const;

/** Statuses from which a host may be moved to Maintenance (its VMs migrate away first). */
const TO_MAINTENANCE: readonly HostStatus[] = ['Up', 'NonOperational', 'InstallFailed', 'Error'];
const TO_ACTIVE: readonly HostStatus[] = ['Maintenance', 'NonOperational'];

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });

function maintenanceRule(s: HostStatus): ActionRule {
  if (s === 'Maintenance') return no(HOST_MESSAGES.maintenanceAlready);
  if (s === 'PreparingForMaintenance') return no(HOST_MESSAGES.maintenanceGoing);
  return TO_MAINTENANCE.includes(s) ? ok : no(HOST_MESSAGES.maintenance);
}

function removeRule(host: HostState): ActionRule {
  if (host.status !== 'Maintenance') return no(HOST_MESSAGES.remove);
  return host.activeVms > 0 ? no(HOST_MESSAGES.removeVms) : ok;
}

export function hostActions(host: HostState): Record<HostAction, ActionRule> {
  return {
    maintenance: maintenanceRule(host.status),
    activate: TO_ACTIVE.includes(host.status) ? ok : no(HOST_MESSAGES.activate),
    remove: removeRule(host),
    fence: host.status === 'NonResponsive' ? ok : no(HOST_MESSAGES.fence),
  };
}
