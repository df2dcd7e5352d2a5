// What can be searched: the objects of the search language (SEARCH.md), their fields
// and the cross-object conditions they accept. One catalog serves the parser, the
// autocomplete, the BFF's SQL compiler and the grid's columns: a search field's name is
// also the key of that column in a result row.
import {
  DATA_CENTER_STATUSES,
  DATA_CENTER_STORAGE_MODES,
  DISK_FORMATS,
  DISK_INTERFACES,
  DISK_STATUSES,
  DISPLAY_PROTOCOLS,
  EVENT_SEVERITIES,
  GLUSTER_TRANSPORTS,
  GLUSTER_VOLUME_STATUSES,
  GLUSTER_VOLUME_TYPES,
  HOST_DRIVERS,
  HOST_STATUSES,
  JOB_STATUSES,
  NETWORK_STATUSES,
  POOL_TYPES,
  QUOTA_MODES,
  STORAGE_DOMAIN_STATUSES,
  STORAGE_DOMAIN_TYPES,
  STORAGE_TYPES,
  TEMPLATE_STATUSES,
  VM_STATUSES,
  VM_TYPES,
} from '../domain/status.js';

export const SEARCH_OBJECT_KEYS = [
  'datacenter',
  'cluster',
  'host',
  'storage',
  'disk',
  'vm',
  'pool',
  'template',
  'volume',
  'network',
  'user',
  'event',
  'job',
  'bookmark',
] as const;
export type SearchObjectKey = (typeof SEARCH_OBJECT_KEYS)[number];

export type FieldType = 'string' | 'number' | 'enum' | 'date' | 'boolean';

export interface SearchField {
  /** As typed in queries and as the key in result rows. */
  readonly name: string;
  /** Column header. */
  readonly label: string;
  readonly type: FieldType;
  /** Allowed values of an enum field, in their display spelling. */
  readonly values?: readonly string[];
  /** Shown next to numbers: percentages get usage bars in the grid. */
  readonly unit?: '%' | 'MB' | 'GB' | 's';
  /** Not shown in the grid until chosen in the column chooser. */
  readonly hidden?: boolean;
}

export interface SearchObject {
  readonly key: SearchObjectKey;
  /** Main tab title. */
  readonly label: string;
  /** Words accepted before ':' and before '.' in a cross-object condition; the first is canonical. */
  readonly names: readonly string[];
  readonly fields: readonly SearchField[];
  /** Objects this one can be filtered by, as in `Vms: Hosts.name = h17*`. */
  readonly relations: readonly SearchObjectKey[];
  readonly defaultSort: { readonly field: string; readonly dir: 'asc' | 'desc' };
}

/** oVirt's admin portal page size; `page N` counts in these. */
export const SEARCH_PAGE_SIZE = 100;

const f = (
  name: string,
  label: string,
  type: FieldType,
  extra: Omit<SearchField, 'name' | 'label' | 'type'> = {},
): SearchField => ({ name, label, type, ...extra });
const pct = (name: string, label: string) => f(name, label, 'number', { unit: '%' });
const en = (name: string, label: string, values: readonly string[], hidden = false) =>
  f(name, label, 'enum', { values, hidden });

export const SEARCH_OBJECTS: Readonly<Record<SearchObjectKey, SearchObject>> = {
  datacenter: {
    key: 'datacenter',
    label: 'Data Centers',
    names: ['DataCenter', 'DataCenters'],
    fields: [
      f('name', 'Name', 'string'),
      en('status', 'Status', DATA_CENTER_STATUSES),
      en('storage_type', 'Storage Type', DATA_CENTER_STORAGE_MODES),
      f('compat_version', 'Compatibility Version', 'string'),
      en('quota_mode', 'Quota Mode', QUOTA_MODES, true),
      f('clusters', 'Clusters', 'number'),
      f('hosts', 'Hosts', 'number'),
      f('description', 'Description', 'string'),
    ],
    relations: ['cluster', 'host', 'vm', 'storage', 'network', 'event'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  cluster: {
    key: 'cluster',
    label: 'Clusters',
    names: ['Clusters', 'Cluster'],
    fields: [
      f('name', 'Name', 'string'),
      f('datacenter', 'Data Center', 'string'),
      f('compat_version', 'Compatibility Version', 'string'),
      f('cpu_type', 'CPU Type', 'string'),
      f('virt_service', 'Virt Service', 'boolean'),
      f('gluster_service', 'Gluster Service', 'boolean'),
      f('hosts', 'Hosts', 'number'),
      f('vms', 'VMs', 'number'),
      f('mem_overcommit', 'Memory Overcommit', 'number', { unit: '%', hidden: true }),
      f('migration_policy', 'Migration Policy', 'string', { hidden: true }),
      f('fencing_enabled', 'Fencing', 'boolean', { hidden: true }),
      f('description', 'Description', 'string'),
    ],
    relations: ['datacenter', 'host', 'vm', 'volume', 'network', 'event'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  host: {
    key: 'host',
    label: 'Hosts',
    names: ['Hosts', 'Host'],
    fields: [
      f('name', 'Name', 'string'),
      f('address', 'Address', 'string'),
      en('status', 'Status', HOST_STATUSES),
      f('cluster', 'Cluster', 'string'),
      f('datacenter', 'Data Center', 'string'),
      f('active_vms', 'Virtual Machines', 'number'),
      pct('cpu_usage', 'CPU'),
      pct('mem_usage', 'Memory'),
      pct('net_usage', 'Network'),
      f('cpus', 'CPUs', 'number'),
      f('memory', 'Physical Memory', 'number', { unit: 'MB' }),
      f('cpu_model', 'CPU Model', 'string', { hidden: true }),
      f('os_version', 'OS Version', 'string', { hidden: true }),
      en('driver', 'Driver', HOST_DRIVERS, true),
      f('spm', 'SPM', 'boolean', { hidden: true }),
      f('uptime', 'Uptime', 'number', { unit: 's', hidden: true }),
      f('tag', 'Tag', 'string', { hidden: true }),
    ],
    relations: ['vm', 'cluster', 'datacenter', 'event', 'volume', 'network'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  storage: {
    key: 'storage',
    label: 'Storage',
    names: ['Storage', 'Storages'],
    fields: [
      f('name', 'Domain Name', 'string'),
      en('type', 'Domain Type', STORAGE_DOMAIN_TYPES),
      en('storage_type', 'Storage Type', STORAGE_TYPES),
      en('status', 'Status', STORAGE_DOMAIN_STATUSES),
      f('datacenter', 'Data Center', 'string'),
      f('master', 'Master', 'boolean'),
      f('size', 'Total Space', 'number', { unit: 'GB' }),
      f('used', 'Used Space', 'number', { unit: 'GB' }),
      f('free', 'Free Space', 'number', { unit: 'GB' }),
      pct('usage', 'Usage'),
      f('path', 'Path', 'string', { hidden: true }),
      f('description', 'Description', 'string', { hidden: true }),
    ],
    relations: ['datacenter', 'disk', 'vm', 'event'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  disk: {
    key: 'disk',
    label: 'Disks',
    names: ['Disks', 'Disk'],
    fields: [
      f('name', 'Alias', 'string'),
      f('size', 'Virtual Size', 'number', { unit: 'GB' }),
      f('actual_size', 'Actual Size', 'number', { unit: 'GB' }),
      f('storage', 'Storage Domain', 'string'),
      f('datacenter', 'Data Center', 'string', { hidden: true }),
      f('vm', 'Attached To', 'string'),
      en('status', 'Status', DISK_STATUSES),
      en('format', 'Format', DISK_FORMATS),
      en('interface', 'Interface', DISK_INTERFACES, true),
      f('shareable', 'Shareable', 'boolean', { hidden: true }),
      f('creationdate', 'Creation Date', 'date'),
      f('description', 'Description', 'string', { hidden: true }),
    ],
    relations: ['storage', 'vm', 'template', 'datacenter'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  vm: {
    key: 'vm',
    label: 'Virtual Machines',
    names: ['Vms', 'Vm'],
    fields: [
      f('name', 'Name', 'string'),
      en('status', 'Status', VM_STATUSES),
      f('host', 'Host', 'string'),
      f('ip', 'IP Address', 'string'),
      f('fqdn', 'FQDN', 'string', { hidden: true }),
      f('cluster', 'Cluster', 'string'),
      f('datacenter', 'Data Center', 'string'),
      pct('cpu_usage', 'CPU'),
      pct('mem_usage', 'Memory'),
      pct('net_usage', 'Network'),
      f('memory', 'Memory Size', 'number', { unit: 'MB', hidden: true }),
      f('vcpus', 'vCPUs', 'number', { hidden: true }),
      f('os', 'OS', 'string'),
      en('type', 'Type', VM_TYPES, true),
      f('uptime', 'Uptime', 'number', { unit: 's' }),
      f('loggedinuser', 'Logged-in User', 'string', { hidden: true }),
      f('pool', 'Pool', 'string', { hidden: true }),
      f('template', 'Template', 'string', { hidden: true }),
      en('display', 'Display', DISPLAY_PROTOCOLS, true),
      f('ha', 'Highly Available', 'boolean', { hidden: true }),
      f('creationdate', 'Creation Date', 'date', { hidden: true }),
      f('tag', 'Tag', 'string', { hidden: true }),
      f('description', 'Description', 'string'),
    ],
    relations: [
      'host',
      'cluster',
      'datacenter',
      'template',
      'pool',
      'storage',
      'disk',
      'network',
      'user',
      'event',
    ],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  pool: {
    key: 'pool',
    label: 'Pools',
    names: ['Pools', 'Pool'],
    fields: [
      f('name', 'Name', 'string'),
      f('size', 'Assigned VMs', 'number'),
      f('running', 'Running VMs', 'number'),
      en('type', 'Type', POOL_TYPES),
      f('prestarted', 'Prestarted VMs', 'number', { hidden: true }),
      f('max_per_user', 'Max VMs per User', 'number', { hidden: true }),
      f('template', 'Template', 'string'),
      f('cluster', 'Cluster', 'string'),
      f('datacenter', 'Data Center', 'string', { hidden: true }),
      f('stateless', 'Stateless', 'boolean', { hidden: true }),
      f('description', 'Description', 'string'),
    ],
    relations: ['vm', 'cluster', 'datacenter', 'template'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  template: {
    key: 'template',
    label: 'Templates',
    names: ['Templates', 'Template'],
    fields: [
      f('name', 'Name', 'string'),
      en('status', 'Status', TEMPLATE_STATUSES),
      f('os', 'OS', 'string'),
      f('cluster', 'Cluster', 'string'),
      f('datacenter', 'Data Center', 'string'),
      f('memory', 'Memory', 'number', { unit: 'MB' }),
      f('vcpus', 'vCPUs', 'number'),
      en('type', 'Type', VM_TYPES),
      f('vms', 'VMs', 'number'),
      f('creationdate', 'Creation Date', 'date'),
      f('description', 'Description', 'string'),
    ],
    relations: ['vm', 'cluster', 'datacenter', 'pool', 'disk'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  volume: {
    key: 'volume',
    label: 'Volumes',
    names: ['Volumes', 'Volume'],
    fields: [
      f('name', 'Name', 'string'),
      en('type', 'Volume Type', GLUSTER_VOLUME_TYPES),
      en('status', 'Status', GLUSTER_VOLUME_STATUSES),
      f('cluster', 'Cluster', 'string'),
      f('datacenter', 'Data Center', 'string', { hidden: true }),
      f('bricks', 'Number of Bricks', 'number'),
      f('replica_count', 'Replica Count', 'number'),
      en('transport', 'Transport Type', GLUSTER_TRANSPORTS, true),
      f('creationdate', 'Creation Date', 'date', { hidden: true }),
    ],
    relations: ['cluster', 'host', 'datacenter', 'storage'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  network: {
    key: 'network',
    label: 'Networks',
    names: ['Networks', 'Network'],
    fields: [
      f('name', 'Name', 'string'),
      f('datacenter', 'Data Center', 'string'),
      f('vlan', 'VLAN Tag', 'number'),
      f('mtu', 'MTU', 'number'),
      f('vm_network', 'VM Network', 'boolean'),
      en('status', 'Status', NETWORK_STATUSES, true),
      f('description', 'Description', 'string'),
    ],
    relations: ['datacenter', 'cluster', 'host', 'vm'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  user: {
    key: 'user',
    label: 'Users',
    names: ['Users', 'User'],
    fields: [
      f('name', 'User Name', 'string'),
      f('firstname', 'First Name', 'string'),
      f('lastname', 'Last Name', 'string'),
      f('email', 'E-mail', 'string'),
      f('domain', 'Authorization Provider', 'string'),
      f('department', 'Department', 'string', { hidden: true }),
      f('group', 'Group', 'boolean', { hidden: true }),
      f('tag', 'Tag', 'string', { hidden: true }),
    ],
    relations: ['vm', 'event'],
    defaultSort: { field: 'name', dir: 'asc' },
  },
  event: {
    key: 'event',
    label: 'Events',
    names: ['Events', 'Event'],
    fields: [
      en('severity', 'Severity', EVENT_SEVERITIES),
      f('time', 'Time', 'date'),
      f('message', 'Message', 'string'),
      f('user', 'User', 'string', { hidden: true }),
      f('host', 'Host', 'string', { hidden: true }),
      f('vm', 'Virtual Machine', 'string', { hidden: true }),
      f('cluster', 'Cluster', 'string', { hidden: true }),
      f('datacenter', 'Data Center', 'string', { hidden: true }),
      f('storage', 'Storage Domain', 'string', { hidden: true }),
      f('volume', 'Volume', 'string', { hidden: true }),
      f('code', 'Event Code', 'string', { hidden: true }),
      f('correlation_id', 'Correlation Id', 'string', { hidden: true }),
    ],
    relations: ['host', 'vm', 'cluster', 'datacenter', 'storage', 'volume', 'user'],
    defaultSort: { field: 'time', dir: 'desc' },
  },
  job: {
    key: 'job',
    label: 'Jobs',
    names: ['Jobs', 'Job'],
    fields: [
      f('description', 'Description', 'string'),
      en('status', 'Status', JOB_STATUSES),
      f('progress', 'Progress', 'number', { unit: '%' }),
      f('user', 'User', 'string'),
      f('start_time', 'Start Time', 'date'),
      f('end_time', 'End Time', 'date'),
    ],
    relations: [],
    defaultSort: { field: 'start_time', dir: 'desc' },
  },
  bookmark: {
    key: 'bookmark',
    label: 'Bookmarks',
    names: ['Bookmarks', 'Bookmark'],
    fields: [f('name', 'Name', 'string'), f('query', 'Query', 'string')],
    relations: [],
    defaultSort: { field: 'name', dir: 'asc' },
  },
};

/** The object a word before ':' or '.' names, case-insensitively, or undefined. */
export function searchObjectByName(word: string): SearchObject | undefined {
  const w = word.toLowerCase();
  return SEARCH_OBJECT_KEYS.map((k) => SEARCH_OBJECTS[k]).find((o) =>
    o.names.some((n) => n.toLowerCase() === w),
  );
}

export function searchField(object: SearchObjectKey, name: string): SearchField | undefined {
  const n = name.toLowerCase();
  return SEARCH_OBJECTS[object].fields.find((fd) => fd.name === n);
}
