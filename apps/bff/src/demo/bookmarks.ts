import type { Bookmark } from './fleet.js';

/**
 * The saved searches a fresh store starts with: the seeds' bookmarks (Desktops, Servers,
 * Windows_VMs, RHEL_VMs, Host_over_80%_cpu, Host_over_80%_network, Running_VMs), same
 * queries, names written for people.
 */
export const DEFAULT_BOOKMARKS: readonly Bookmark[] = [
  { name: 'Desktops', query: 'Vms: type = desktop' },
  { name: 'Servers', query: 'Vms: type = server' },
  { name: 'Windows VMs', query: 'Vms: os = windows*' },
  { name: 'RHEL VMs', query: 'Vms: os = rhel*' },
  { name: 'Hosts over 80% CPU', query: 'Hosts: cpu_usage > 80' },
  { name: 'Hosts over 80% network', query: 'Hosts: net_usage > 80' },
  { name: 'Running VMs', query: 'Vms: status = up' },
];
