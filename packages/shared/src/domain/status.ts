// Status and type vocabularies, exactly as oVirt users see them (DOMAIN.md).
// Stored as these strings in the store; the search language matches them
// case-insensitively, so `status = poweringup` finds `PoweringUp`.

export const VM_STATUSES = [
  'Down',
  'Up',
  'PoweringUp',
  'PoweringDown',
  'Paused',
  'Suspended',
  'SavingState',
  'RestoringState',
  'MigratingFrom',
  'MigratingTo',
  'WaitForLaunch',
  'RebootInProgress',
  'NotResponding',
  'Unknown',
  'ImageLocked',
] as const;
export type VmStatus = (typeof VM_STATUSES)[number];

export const HOST_STATUSES = [
  'Installing',
  'InstallFailed',
  'Initializing',
  'Connecting',
  'Up',
  'Maintenance',
  'PreparingForMaintenance',
  'NonOperational',
  'NonResponsive',
  'Down',
  'Reboot',
  'Error',
] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export const DATA_CENTER_STATUSES = [
  'Uninitialized',
  'Up',
  'Maintenance',
  'NotOperational',
  'NonResponsive',
] as const;
export type DataCenterStatus = (typeof DATA_CENTER_STATUSES)[number];

export const STORAGE_DOMAIN_STATUSES = [
  'Unattached',
  'Active',
  'Inactive',
  'Locked',
  'Maintenance',
  'Activating',
  'Detaching',
  'Unknown',
] as const;
export type StorageDomainStatus = (typeof STORAGE_DOMAIN_STATUSES)[number];

export const STORAGE_DOMAIN_TYPES = ['Data', 'ISO', 'Export'] as const;
export type StorageDomainType = (typeof STORAGE_DOMAIN_TYPES)[number];

export const STORAGE_TYPES = ['NFS', 'POSIX', 'GlusterFS', 'Local', 'iSCSI', 'FC'] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

export const DISK_STATUSES = ['OK', 'Locked', 'Illegal'] as const;
export type DiskStatus = (typeof DISK_STATUSES)[number];

export const DISK_FORMATS = ['COW', 'RAW'] as const;
export type DiskFormat = (typeof DISK_FORMATS)[number];

export const DISK_INTERFACES = ['VirtIO', 'VirtIO-SCSI', 'IDE', 'SATA'] as const;
export type DiskInterface = (typeof DISK_INTERFACES)[number];

export const TEMPLATE_STATUSES = ['OK', 'Locked', 'Illegal'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export const GLUSTER_VOLUME_STATUSES = ['Up', 'Down', 'Unknown'] as const;
export type GlusterVolumeStatus = (typeof GLUSTER_VOLUME_STATUSES)[number];

export const GLUSTER_BRICK_STATUSES = GLUSTER_VOLUME_STATUSES;
export type GlusterBrickStatus = GlusterVolumeStatus;

export const GLUSTER_VOLUME_TYPES = [
  'Distribute',
  'Replicate',
  'Distributed-Replicate',
  'Disperse',
  'Distributed-Disperse',
] as const;
export type GlusterVolumeType = (typeof GLUSTER_VOLUME_TYPES)[number];

export const GLUSTER_TRANSPORTS = ['TCP'] as const;

export const EVENT_SEVERITIES = ['Normal', 'Warning', 'Error', 'Alert'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export const JOB_STATUSES = ['Started', 'Finished', 'Failed', 'Aborted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const POOL_TYPES = ['Automatic', 'Manual'] as const;
export type PoolType = (typeof POOL_TYPES)[number];

export const VM_TYPES = ['Server', 'Desktop'] as const;
export type VmType = (typeof VM_TYPES)[number];

export const DISPLAY_PROTOCOLS = ['SPICE', 'VNC'] as const;
export type DisplayProtocol = (typeof DISPLAY_PROTOCOLS)[number];

export const HOST_DRIVERS = ['libvirt', 'sim'] as const;
export type HostDriverKind = (typeof HOST_DRIVERS)[number];

export const DATA_CENTER_STORAGE_MODES = ['Shared', 'Local'] as const;
export type DataCenterStorageMode = (typeof DATA_CENTER_STORAGE_MODES)[number];

export const QUOTA_MODES = ['Disabled', 'Audit', 'Enforced'] as const;
export type QuotaMode = (typeof QUOTA_MODES)[number];

export const NETWORK_STATUSES = ['Operational', 'NonOperational'] as const;
export type NetworkStatus = (typeof NETWORK_STATUSES)[number];

/** Objects a tag, permission or event can point at. */
export const OBJECT_TYPES = [
  'System',
  'DataCenter',
  'Cluster',
  'Host',
  'StorageDomain',
  'Disk',
  'Vm',
  'Template',
  'Pool',
  'Network',
  'GlusterVolume',
  'User',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];
