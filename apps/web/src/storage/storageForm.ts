// The New Domain dialog's state, the choices it offers and the command input it
// becomes. Which inputs a storage type needs: NFS an export path; POSIX a path, its VFS
// type and mount options; GlusterFS a volume (server:/volume, or one of the data
// center's Gluster volumes); Local a directory on the host. Kept free of React.
import {
  CREATABLE_STORAGE_TYPES,
  STORAGE_DOMAIN_TYPES,
  attachToRule,
  type ActionRule,
  type AttachTarget,
  type CreatableStorageType,
  type DataCenterStorageMode,
  type StorageDomainCreateInput,
  type StorageDomainType,
} from '@corral/shared';

export interface StorageForm {
  readonly name: string;
  readonly description: string;
  /** Empty: the domain stays Unattached. */
  readonly dataCenterId: string;
  readonly domainType: StorageDomainType;
  readonly storageType: CreatableStorageType;
  /** Empty: the first Up host offered. */
  readonly hostId: string;
  readonly path: string;
  readonly vfsType: string;
  readonly mountOptions: string;
  /** GlusterFS: a Gluster volume of the data center's clusters; empty: the path says which. */
  readonly glusterVolumeId: string;
}

export const NEW_STORAGE_DOMAIN: StorageForm = {
  name: '',
  description: '',
  dataCenterId: '',
  domainType: 'Data',
  storageType: 'NFS',
  hostId: '',
  path: '',
  vfsType: '',
  mountOptions: '',
  glusterVolumeId: '',
};

/** The inputs the dialog shows for a storage type (and whether a volume was picked). */
export function fieldsFor(f: Pick<StorageForm, 'storageType' | 'glusterVolumeId'>): {
  path: boolean;
  vfsType: boolean;
  mountOptions: boolean;
  glusterVolume: boolean;
} {
  switch (f.storageType) {
    case 'NFS':
      return { path: true, vfsType: false, mountOptions: true, glusterVolume: false };
    case 'POSIX':
      return { path: true, vfsType: true, mountOptions: true, glusterVolume: false };
    case 'GlusterFS':
      return { path: !f.glusterVolumeId, vfsType: false, mountOptions: true, glusterVolume: true };
    case 'Local':
      return { path: true, vfsType: false, mountOptions: false, glusterVolume: false };
  }
}

export const PATH_LABEL: Record<CreatableStorageType, string> = {
  NFS: 'Export Path',
  POSIX: 'Path',
  GlusterFS: 'Path',
  Local: 'Path on the host',
};

export const PATH_PLACEHOLDER: Record<CreatableStorageType, string> = {
  NFS: 'server:/export/data',
  POSIX: 'server:/path, //server/share or /dev/sdb1',
  GlusterFS: 'server:/volume',
  Local: '/data/images',
};

/** The command input: only what the chosen storage type uses, the rest left out. */
export function storageCreateOf(f: StorageForm, hostId: string): StorageDomainCreateInput {
  const shown = fieldsFor(f);
  return {
    name: f.name,
    description: f.description,
    domainType: f.domainType,
    storageType: f.storageType,
    hostId,
    dataCenterId: f.dataCenterId || null,
    path: shown.path ? f.path.trim() : '',
    vfsType: shown.vfsType ? f.vfsType || null : null,
    mountOptions: shown.mountOptions ? f.mountOptions.trim() : '',
    glusterVolumeId: shown.glusterVolume && f.glusterVolumeId ? f.glusterVolumeId : null,
  };
}

/** A Local domain holds disks only; ISO and Export domains go on shared storage. */
export function domainTypesFor(storageType: CreatableStorageType): readonly StorageDomainType[] {
  return storageType === 'Local' ? ['Data'] : STORAGE_DOMAIN_TYPES;
}

/**
 * The storage types that fit a data center: a Local one keeps its Data on Local storage
 * (its ISO and Export domains are shared); a Shared one has no Local storage. Without a
 * data center, any.
 */
export function storageTypesFor(
  storageMode: DataCenterStorageMode | undefined,
  domainType: StorageDomainType,
): readonly CreatableStorageType[] {
  if (!storageMode) return CREATABLE_STORAGE_TYPES;
  if (storageMode === 'Local')
    return domainType === 'Data' ? ['Local'] : ['NFS', 'POSIX', 'GlusterFS'];
  return ['NFS', 'POSIX', 'GlusterFS'];
}

/** Keeps the form coherent after a change: a storage type the domain type allows, and back. */
export function settle(
  f: StorageForm,
  storageMode: DataCenterStorageMode | undefined,
): StorageForm {
  const types = storageTypesFor(storageMode, f.domainType);
  const storageType = types.includes(f.storageType) ? f.storageType : types[0]!;
  const domainTypes = domainTypesFor(storageType);
  const domainType = domainTypes.includes(f.domainType) ? f.domainType : domainTypes[0]!;
  return storageType === f.storageType && domainType === f.domainType
    ? f
    : { ...f, storageType, domainType };
}

/** A data center as `storage.formOptions` gives it. */
export interface StorageDataCenter {
  readonly id: string;
  readonly name: string;
  readonly storageType: DataCenterStorageMode;
  readonly status: string;
  readonly iso: string | null;
  readonly export: string | null;
  readonly upHosts: number;
}

/** The rules' view of a data center a domain would join (Up only while its master is Active). */
export function attachTargetOf(dc: StorageDataCenter): AttachTarget {
  return {
    name: dc.name,
    storageMode: dc.storageType,
    iso: dc.iso,
    export: dc.export,
    upHosts: dc.upHosts,
    masterActive: dc.status === 'Up',
  };
}

/** Whether a domain of these types may join the data center now, and why not. */
export function joinRule(
  d: { readonly domainType: StorageDomainType; readonly storageType: string },
  dc: StorageDataCenter,
): ActionRule {
  return attachToRule(
    { domainType: d.domainType, storageType: d.storageType as CreatableStorageType },
    attachTargetOf(dc),
  );
}

/** An Up host that can prepare the domain. */
export interface StorageHost {
  readonly id: string;
  readonly name: string;
  readonly dataCenterId: string;
  readonly cluster: string;
}

/** The hosts offered: the data center's when one is chosen (a Local domain: its only host). */
export function hostsFor<H extends StorageHost>(hosts: readonly H[], dataCenterId: string): H[] {
  return dataCenterId ? hosts.filter((h) => h.dataCenterId === dataCenterId) : [...hosts];
}

export interface StorageGlusterVolume {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly cluster: string;
  readonly path: string | null;
  readonly usedBy: string | null;
}

/** A Gluster volume as the picker offers it: taken or stopped volumes say why not. */
export function volumeChoice(v: StorageGlusterVolume): {
  label: string;
  disabled: boolean;
  reason?: string;
} {
  const label = `${v.name} (cluster ${v.cluster}, ${v.status})`;
  if (v.usedBy)
    return { label, disabled: true, reason: `Storage domain ${v.usedBy} is already built on it.` };
  if (v.status !== 'Up')
    return {
      label,
      disabled: true,
      reason: `Gluster volume ${v.name} is not started; start it first.`,
    };
  if (!v.path) return { label, disabled: true, reason: `Gluster volume ${v.name} has no bricks.` };
  return { label, disabled: false };
}
