// The demo fleet as plain typed rows. Each row type has exactly the columns of its table
// in store/migrations/0001-inventory.ts, under the same snake_case names, so a row array
// loads as-is through json_populate_recordset and the simulated host driver can read the
// same objects without a store.
import type {
  DataCenterStatus,
  DataCenterStorageMode,
  DiskFormat,
  DiskInterface,
  DiskStatus,
  DisplayProtocol,
  EventSeverity,
  GlusterBrickStatus,
  GlusterVolumeStatus,
  GlusterVolumeType,
  HostDriverKind,
  HostStatus,
  JobStatus,
  NetworkStatus,
  ObjectType,
  PoolType,
  QuotaMode,
  StorageDomainStatus,
  StorageDomainType,
  StorageType,
  TemplateStatus,
  VmStatus,
  VmType,
} from '@corral/shared';

/** An ISO-8601 instant; strings keep rows JSON-plain and deep-equal comparable. */
export type Timestamp = string;

export interface DataCenterRow {
  id: string;
  name: string;
  description: string;
  status: DataCenterStatus;
  storage_mode: DataCenterStorageMode;
  compat_version: string;
  quota_mode: QuotaMode;
  created_at: Timestamp;
}

export interface ClusterRow {
  id: string;
  data_center_id: string;
  name: string;
  description: string;
  cpu_type: string;
  compat_version: string;
  virt_service: boolean;
  gluster_service: boolean;
  mem_overcommit: number;
  migration_policy: string;
  created_at: Timestamp;
}

export interface HostRow {
  id: string;
  cluster_id: string;
  name: string;
  address: string;
  driver: HostDriverKind;
  uri: string | null;
  status: HostStatus;
  cpu_model: string;
  cpu_sockets: number;
  /** Cores per socket. */
  cpu_cores: number;
  /** Logical CPUs: sockets × cores × threads per core. */
  cpus: number;
  memory_mb: number;
  os_version: string;
  kvm_version: string;
  libvirt_version: string;
  spm: boolean;
  cpu_usage: number;
  mem_usage: number;
  net_usage: number;
  active_vms: number;
  boot_time: Timestamp | null;
  created_at: Timestamp;
}

export interface NetworkRow {
  id: string;
  data_center_id: string;
  name: string;
  description: string;
  vlan_id: number | null;
  mtu: number;
  vm_network: boolean;
  status: NetworkStatus;
}

export interface ClusterNetworkRow {
  cluster_id: string;
  network_id: string;
  required: boolean;
  display: boolean;
  migration: boolean;
}

export interface HostNicRow {
  id: string;
  host_id: string;
  name: string;
  network_id: string | null;
  mac: string;
  ip: string | null;
  speed_mbps: number;
  rx_mbps: number;
  tx_mbps: number;
}

export interface GlusterVolumeRow {
  id: string;
  cluster_id: string;
  name: string;
  volume_type: GlusterVolumeType;
  status: GlusterVolumeStatus;
  replica_count: number;
  arbiter_count: number;
  disperse_count: number;
  redundancy_count: number;
  transport: 'TCP';
  options: Record<string, string>;
  created_at: Timestamp;
}

export interface GlusterBrickRow {
  id: string;
  volume_id: string;
  host_id: string;
  directory: string;
  position: number;
  status: GlusterBrickStatus;
  is_arbiter: boolean;
  total_gb: number;
  free_gb: number;
}

export interface StorageDomainRow {
  id: string;
  data_center_id: string | null;
  name: string;
  description: string;
  domain_type: StorageDomainType;
  storage_type: StorageType;
  is_master: boolean;
  status: StorageDomainStatus;
  path: string;
  vfs_type: string | null;
  gluster_volume_id: string | null;
  total_gb: number;
  used_gb: number;
  created_at: Timestamp;
}

export interface TemplateRow {
  id: string;
  /** Null for Blank, which belongs to no cluster. */
  cluster_id: string | null;
  name: string;
  description: string;
  status: TemplateStatus;
  os: string;
  vm_type: VmType;
  memory_mb: number;
  vcpus: number;
  display: DisplayProtocol;
  created_at: Timestamp;
}

export interface PoolRow {
  id: string;
  cluster_id: string;
  template_id: string;
  name: string;
  description: string;
  pool_type: PoolType;
  size: number;
  prestarted: number;
  max_per_user: number;
  stateless: boolean;
  created_at: Timestamp;
}

export interface VmRow {
  id: string;
  cluster_id: string;
  /** Set while the VM runs (or is paused, migrating, not responding) on a host. */
  host_id: string | null;
  template_id: string | null;
  pool_id: string | null;
  name: string;
  description: string;
  status: VmStatus;
  vm_type: VmType;
  os: string;
  memory_mb: number;
  vcpus: number;
  display: DisplayProtocol;
  ha: boolean;
  stateless: boolean;
  allow_reconnect: boolean;
  ip: string | null;
  fqdn: string | null;
  logged_in_user: string | null;
  applications: string[];
  cpu_usage: number;
  mem_usage: number;
  net_usage: number;
  started_at: Timestamp | null;
  created_at: Timestamp;
}

export interface VmNicRow {
  id: string;
  vm_id: string;
  name: string;
  network_id: string | null;
  mac: string;
  ip: string | null;
  nic_type: string;
  linked: boolean;
  speed_mbps: number;
  rx_mbps: number;
  tx_mbps: number;
}

export interface DiskRow {
  id: string;
  storage_domain_id: string;
  /** Set on a template's own disks. */
  template_id: string | null;
  alias: string;
  description: string;
  size_gb: number;
  actual_size_gb: number;
  format: DiskFormat;
  sparse: boolean;
  interface: DiskInterface;
  shareable: boolean;
  status: DiskStatus;
  created_at: Timestamp;
}

export interface VmDiskRow {
  vm_id: string;
  disk_id: string;
  bootable: boolean;
  active: boolean;
}

export interface SnapshotRow {
  id: string;
  vm_id: string;
  description: string;
  snapshot_type: string;
  status: string;
  memory: boolean;
  created_at: Timestamp;
}

export interface DiskVolumeRow {
  id: string;
  disk_id: string;
  parent_id: string | null;
  /** The snapshot this layer was frozen by; null for the active (top) layer. */
  snapshot_id: string | null;
  path: string;
  format: DiskFormat;
  created_at: Timestamp;
}

export interface AppUserRow {
  id: string;
  username: string;
  domain: string;
  first_name: string;
  last_name: string;
  email: string;
  department: string;
  is_group: boolean;
  created_at: Timestamp;
}

export interface GroupMemberRow {
  group_id: string;
  user_id: string;
}

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  is_admin: boolean;
  action_groups: string[];
}

export interface PermissionRow {
  id: string;
  user_id: string;
  role_id: string;
  object_type: ObjectType;
  /** Null for System. */
  object_id: string | null;
  created_at: Timestamp;
}

export interface TagRow {
  id: string;
  parent_id: string | null;
  name: string;
  description: string;
}

export interface TagAssignmentRow {
  tag_id: string;
  object_type: ObjectType;
  object_id: string;
}

export interface JobRow {
  id: string;
  description: string;
  status: JobStatus;
  user_name: string;
  correlation_id: string | null;
  progress: number;
  start_time: Timestamp;
  end_time: Timestamp | null;
}

export interface JobStepRow {
  id: string;
  job_id: string;
  parent_id: string | null;
  position: number;
  step_type: string;
  description: string;
  status: JobStatus;
  progress: number;
  start_time: Timestamp;
  end_time: Timestamp | null;
}

/** An audit-log entry; its id is the table's bigserial, assigned on insert in time order. */
export interface AuditEventRow {
  time: Timestamp;
  severity: EventSeverity;
  code: string;
  message: string;
  user_name: string;
  correlation_id: string | null;
  job_id: string | null;
  data_center_id: string | null;
  cluster_id: string | null;
  host_id: string | null;
  vm_id: string | null;
  storage_domain_id: string | null;
  template_id: string | null;
  volume_id: string | null;
  user_id: string | null;
  data_center_name: string | null;
  cluster_name: string | null;
  host_name: string | null;
  vm_name: string | null;
  storage_domain_name: string | null;
  template_name: string | null;
  volume_name: string | null;
}

export interface Fleet {
  dataCenters: DataCenterRow[];
  clusters: ClusterRow[];
  hosts: HostRow[];
  networks: NetworkRow[];
  clusterNetworks: ClusterNetworkRow[];
  hostNics: HostNicRow[];
  glusterVolumes: GlusterVolumeRow[];
  glusterBricks: GlusterBrickRow[];
  storageDomains: StorageDomainRow[];
  templates: TemplateRow[];
  pools: PoolRow[];
  vms: VmRow[];
  vmNics: VmNicRow[];
  disks: DiskRow[];
  vmDisks: VmDiskRow[];
  snapshots: SnapshotRow[];
  diskVolumes: DiskVolumeRow[];
  users: AppUserRow[];
  groupMembers: GroupMemberRow[];
  roles: RoleRow[];
  permissions: PermissionRow[];
  tags: TagRow[];
  tagAssignments: TagAssignmentRow[];
  jobs: JobRow[];
  jobSteps: JobStepRow[];
  auditEvents: AuditEventRow[];
}

/**
 * Which table each collection fills, parents before children: the order rows can be
 * inserted in with every foreign key checked immediately. Within a collection, rows that
 * point at their own table (tag.parent_id, disk_volume.parent_id) come after their parent.
 */
export const FLEET_TABLES = [
  ['dataCenters', 'data_center'],
  ['clusters', 'cluster'],
  ['hosts', 'host'],
  ['networks', 'network'],
  ['clusterNetworks', 'cluster_network'],
  ['hostNics', 'host_nic'],
  ['glusterVolumes', 'gluster_volume'],
  ['glusterBricks', 'gluster_brick'],
  ['storageDomains', 'storage_domain'],
  ['templates', 'template'],
  ['pools', 'pool'],
  ['vms', 'vm'],
  ['vmNics', 'vm_nic'],
  ['disks', 'disk'],
  ['vmDisks', 'vm_disk'],
  ['snapshots', 'snapshot'],
  ['diskVolumes', 'disk_volume'],
  ['users', 'app_user'],
  ['groupMembers', 'group_member'],
  ['roles', 'role'],
  ['permissions', 'permission'],
  ['tags', 'tag'],
  ['tagAssignments', 'tag_assignment'],
  ['jobs', 'job'],
  ['jobSteps', 'job_step'],
  ['auditEvents', 'audit_event'],
] as const satisfies readonly (readonly [keyof Fleet, string])[];

export type FleetTable = (typeof FLEET_TABLES)[number][1];

/** How big a fleet to generate. */
export interface FleetSize {
  readonly dataCenters: number;
  readonly clustersPerDc: number;
  readonly hosts: number;
  readonly vms: number;
}

export const FLEET_SIZES = {
  /** For tests: fast to generate and load, still every kind of object. */
  small: { dataCenters: 1, clustersPerDc: 2, hosts: 6, vms: 60 },
  /** What `npm start` shows. */
  demo: { dataCenters: 2, clustersPerDc: 2, hosts: 40, vms: 1000 },
  /** The scale target (ARCHITECTURE.md), for benchmarks. */
  large: { dataCenters: 4, clustersPerDc: 5, hosts: 2000, vms: 50000 },
} as const satisfies Record<string, FleetSize>;

export type FleetPreset = keyof typeof FLEET_SIZES;

export function fleetSize(size: FleetPreset | FleetSize): FleetSize {
  return typeof size === 'string' ? FLEET_SIZES[size] : size;
}

/** Saved searches a fresh store starts with (the seeds' bookmarks, named for people). */
export interface Bookmark {
  readonly name: string;
  readonly query: string;
}
