// The details pane's sub-tabs per object, as oVirt's admin portal has them. `general`
// shows the object's own fields; every other tab is a sub-collection served by the
// object's router as `tab({ id, tab })`.
import type { SearchObjectKey } from '../search/catalog.js';

export interface DetailTab {
  readonly key: string;
  readonly label: string;
}

const t = (key: string, label: string): DetailTab => ({ key, label });
const general = t('general', 'General');
const permissions = t('permissions', 'Permissions');
const events = t('events', 'Events');

export const DETAIL_TABS = {
  datacenter: [
    general,
    t('clusters', 'Clusters'),
    t('storage', 'Storage'),
    t('networks', 'Logical Networks'),
    permissions,
    events,
  ],
  cluster: [
    general,
    t('hosts', 'Hosts'),
    t('vms', 'Virtual Machines'),
    t('networks', 'Logical Networks'),
    t('volumes', 'Volumes'),
    permissions,
    events,
  ],
  host: [
    general,
    t('vms', 'Virtual Machines'),
    t('nics', 'Network Interfaces'),
    t('bricks', 'Gluster Bricks'),
    permissions,
    events,
  ],
  storage: [
    general,
    t('disks', 'Disks'),
    t('vms', 'Virtual Machines'),
    t('templates', 'Templates'),
    permissions,
    events,
  ],
  disk: [general, t('vms', 'Virtual Machines'), t('volumes', 'Volume Chain'), permissions],
  vm: [
    general,
    t('nics', 'Network Interfaces'),
    t('disks', 'Disks'),
    t('snapshots', 'Snapshots'),
    t('applications', 'Applications'),
    permissions,
    events,
  ],
  pool: [general, t('vms', 'Virtual Machines'), permissions],
  template: [general, t('vms', 'Virtual Machines'), t('disks', 'Disks'), permissions, events],
  volume: [general, t('bricks', 'Bricks'), t('options', 'Volume Options'), events],
  network: [
    general,
    t('clusters', 'Clusters'),
    t('hosts', 'Hosts'),
    t('vms', 'Virtual Machines'),
    permissions,
  ],
  user: [
    general,
    t('vms', 'Virtual Machines'),
    t('groups', 'Directory Groups'),
    permissions,
    events,
  ],
  event: [general],
  job: [general, t('steps', 'Steps')],
  bookmark: [general],
} as const satisfies Record<SearchObjectKey, readonly DetailTab[]>;

export type DetailTabKey<O extends SearchObjectKey> = (typeof DETAIL_TABS)[O][number]['key'];
