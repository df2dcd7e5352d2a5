// The objects a permission can point at, as the BFF and the SPA both name them: how a
// refusal or a toast says an object's type, and which search object (grid, details tab)
// each type is shown in.
import type { ObjectType } from '../domain/status.js';
import type { SearchObjectKey } from '../search/catalog.js';

/** How refusals name an object. */
export const OBJECT_LABEL: Record<ObjectType, string> = {
  System: 'System',
  DataCenter: 'Data center',
  Cluster: 'Cluster',
  Host: 'Host',
  StorageDomain: 'Storage domain',
  Disk: 'Disk',
  Vm: 'VM',
  Template: 'Template',
  Pool: 'Pool',
  Network: 'Network',
  GlusterVolume: 'Volume',
  User: 'User',
};

/** The permission object of each search object that has one. */
export const SEARCH_OBJECT_TYPE: Partial<Record<SearchObjectKey, Exclude<ObjectType, 'System'>>> = {
  datacenter: 'DataCenter',
  cluster: 'Cluster',
  host: 'Host',
  storage: 'StorageDomain',
  disk: 'Disk',
  vm: 'Vm',
  pool: 'Pool',
  template: 'Template',
  volume: 'GlusterVolume',
  network: 'Network',
  user: 'User',
};
