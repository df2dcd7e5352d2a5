// The New Domain dialog's inputs and the storage domain commands', shared by the dialog
// and the BFF. Which storage a path names is checked here (per storage type, with the
// message on the field); whether it can be mounted is the host's to say.
import { z } from 'zod';
import { STORAGE_DOMAIN_TYPES } from '../domain/status.js';

/** The storage types Corral creates domains on (iSCSI and FC are not built). */
export const CREATABLE_STORAGE_TYPES = ['NFS', 'POSIX', 'GlusterFS', 'Local'] as const;
export type CreatableStorageType = (typeof CREATABLE_STORAGE_TYPES)[number];

/** POSIX VFS types mounted as network file systems (`server:/path`, cifs `//server/share`). */
export const NETWORK_VFS_TYPES = ['nfs', 'nfs4', 'glusterfs', 'cifs'] as const;
/** POSIX VFS types mounted from a block device (`/dev/…`). */
export const DEVICE_VFS_TYPES = ['ext2', 'ext3', 'ext4', 'xfs', 'gfs2', 'ocfs2', 'vfat'] as const;
export const POSIX_VFS_TYPES = [...NETWORK_VFS_TYPES, ...DEVICE_VFS_TYPES] as const;
export type PosixVfsType = (typeof POSIX_VFS_TYPES)[number];

export const STORAGE_LIMITS = { nameMax: 50, descriptionMax: 4000, pathMax: 1024 } as const;

export const STORAGE_FORM_MESSAGES = {
  nfsPath: 'An NFS path looks like server:/export.',
  glusterPath: 'A GlusterFS path looks like server:/volume.',
  glusterPathOrVolume: 'Enter the volume as server:/volume, or choose a Gluster volume.',
  posixNetworkPath: 'A network VFS path looks like server:/path.',
  cifsPath: 'A cifs path looks like //server/share.',
  posixDevicePath: 'A device VFS path is the device, like /dev/sdb1.',
  posixVfs: `A POSIX domain needs its VFS type: ${POSIX_VFS_TYPES.join(', ')}.`,
  localPath: 'A Local domain is an absolute directory on the host, like /data/images.',
  localData:
    'A Local domain is a Data domain; ISO and Export domains go on NFS, POSIX or GlusterFS.',
  localOptions: 'A Local domain is a directory; it has no mount options.',
  mountOptions: 'Mount options are comma-separated, like noatime,vers=4.2.',
  glusterVolumeOnly: 'Only a GlusterFS domain is built on a Gluster volume.',
} as const;

export const storageDomainName = z
  .string()
  .trim()
  .min(1, 'A storage domain needs a name.')
  .max(
    STORAGE_LIMITS.nameMax,
    `A storage domain name is at most ${STORAGE_LIMITS.nameMax} characters.`,
  )
  .regex(
    /^[A-Za-z0-9_.-]+$/,
    "A storage domain name may contain only letters, digits, '-', '_' and '.'.",
  );

const SERVER = String.raw`(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])`;
const SERVER_PATH = new RegExp(String.raw`^(${SERVER}):(/[^\s,]*)$`);
const GLUSTER_PATH = new RegExp(String.raw`^(${SERVER}):/?([A-Za-z0-9_.-]+)$`);
const CIFS_PATH = new RegExp(String.raw`^//(${SERVER})/([^\s/][^\s]*)$`);
const CONTROL = /\p{Cc}/u;

/** `server:/export` (NFS, network POSIX) → its parts; undefined when it is not one. */
export function splitServerPath(path: string): { server: string; path: string } | undefined {
  const m = SERVER_PATH.exec(path);
  return m ? { server: m[1]!, path: m[2]! } : undefined;
}

/** `server:/volume` or `server:volume` → the server and the volume's name. */
export function splitGlusterPath(path: string): { server: string; volume: string } | undefined {
  const m = GLUSTER_PATH.exec(path);
  return m ? { server: m[1]!, volume: m[2]! } : undefined;
}

/** `//server/share` → its parts. */
export function splitCifsPath(path: string): { server: string; share: string } | undefined {
  const m = CIFS_PATH.exec(path);
  return m ? { server: m[1]!, share: m[2]! } : undefined;
}

/** An absolute path with no `..` segment, no control characters, not `/` itself. */
export function isAbsoluteDirectory(path: string): boolean {
  return (
    path.startsWith('/') &&
    path !== '/' &&
    !CONTROL.test(path) &&
    !/\s/.test(path) &&
    !path.split('/').includes('..')
  );
}

const MOUNT_OPTIONS = /^[A-Za-z0-9_.=:/@+-]+(,[A-Za-z0-9_.=:/@+-]+)*$/;

/** What is wrong with `path` for this storage type (and VFS type), or undefined. */
export function storagePathProblem(
  storageType: CreatableStorageType,
  path: string,
  vfsType?: string,
): string | undefined {
  switch (storageType) {
    case 'NFS':
      return splitServerPath(path) ? undefined : STORAGE_FORM_MESSAGES.nfsPath;
    case 'GlusterFS':
      return splitGlusterPath(path) ? undefined : STORAGE_FORM_MESSAGES.glusterPath;
    case 'Local':
      return isAbsoluteDirectory(path) ? undefined : STORAGE_FORM_MESSAGES.localPath;
    case 'POSIX':
      if (vfsType === 'cifs')
        return splitCifsPath(path) ? undefined : STORAGE_FORM_MESSAGES.cifsPath;
      if ((NETWORK_VFS_TYPES as readonly string[]).includes(vfsType ?? ''))
        return splitServerPath(path) ? undefined : STORAGE_FORM_MESSAGES.posixNetworkPath;
      return isAbsoluteDirectory(path) ? undefined : STORAGE_FORM_MESSAGES.posixDevicePath;
  }
}

const uuid = (message: string) => z.uuid({ message });

export const storageDomainCreateInput = z
  .object({
    name: storageDomainName,
    description: z
      .string()
      .max(
        STORAGE_LIMITS.descriptionMax,
        `A description is at most ${STORAGE_LIMITS.descriptionMax} characters.`,
      )
      .default(''),
    /** Data holds disks (the first attached becomes the Master); ISO holds images to boot from. */
    domainType: z
      .enum(STORAGE_DOMAIN_TYPES, { message: 'A domain is a Data, ISO or Export domain.' })
      .default('Data'),
    storageType: z.enum(CREATABLE_STORAGE_TYPES, {
      message: 'Corral creates NFS, POSIX, GlusterFS and Local storage domains.',
    }),
    /** The host that connects the storage and prepares the domain (it must be Up). */
    hostId: uuid('Choose the host to use.'),
    /** Attach (and activate) it in this data center at once; without one it stays Unattached. */
    dataCenterId: uuid('Choose a data center.').nullish(),
    /** NFS `server:/export`; GlusterFS `server:/volume`; POSIX per VFS type; Local a directory. */
    path: z
      .string()
      .trim()
      .max(STORAGE_LIMITS.pathMax, `A path is at most ${STORAGE_LIMITS.pathMax} characters.`)
      .default(''),
    /** POSIX only. */
    vfsType: z.string().trim().nullish(),
    /** NFS, POSIX and GlusterFS: passed to mount. */
    mountOptions: z
      .string()
      .trim()
      .max(500, 'Mount options are at most 500 characters.')
      .default(''),
    /** GlusterFS: the Gluster volume it is built on (its path follows when none is given). */
    glusterVolumeId: uuid('Choose a Gluster volume.').nullish(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    const vfsKnown = (POSIX_VFS_TYPES as readonly string[]).includes(v.vfsType ?? '');
    // A path is judged against its VFS type; without a known one, only the type is wrong.
    if (v.storageType === 'POSIX' && !vfsKnown) issue('vfsType', STORAGE_FORM_MESSAGES.posixVfs);
    else if (v.storageType === 'GlusterFS' && v.path === '' && !v.glusterVolumeId)
      issue('path', STORAGE_FORM_MESSAGES.glusterPathOrVolume);
    else if (v.path !== '' || v.storageType !== 'GlusterFS') {
      const problem = storagePathProblem(v.storageType, v.path, v.vfsType ?? undefined);
      if (problem) issue('path', problem);
    }
    if (v.storageType === 'Local' && v.domainType !== 'Data')
      issue('domainType', STORAGE_FORM_MESSAGES.localData);
    if (v.storageType === 'Local' && v.mountOptions !== '')
      issue('mountOptions', STORAGE_FORM_MESSAGES.localOptions);
    else if (v.mountOptions !== '' && !MOUNT_OPTIONS.test(v.mountOptions))
      issue('mountOptions', STORAGE_FORM_MESSAGES.mountOptions);
    if (v.glusterVolumeId && v.storageType !== 'GlusterFS')
      issue('glusterVolumeId', STORAGE_FORM_MESSAGES.glusterVolumeOnly);
  });
export type StorageDomainCreateInput = z.input<typeof storageDomainCreateInput>;
export type StorageDomainCreate = z.output<typeof storageDomainCreateInput>;

export const storageDomainIdInput = z.object({ id: uuid('Choose a storage domain.') });

export const storageDomainIdsInput = z.object({
  ids: z
    .array(uuid('A storage domain id is a UUID.'))
    .min(1, 'Choose at least one storage domain.')
    .max(500, 'At most 500 storage domains at a time.'),
});

export const storageDomainAttachInput = z.object({
  id: uuid('Choose a storage domain.'),
  dataCenterId: uuid('Choose a data center.'),
});

export const storageDomainRemoveInput = z.object({
  id: uuid('Choose a storage domain.'),
  /** Delete the disk images Corral left in it (unattached images, old snapshots' layers). */
  format: z.boolean().default(false),
  /** The host that formats it; by default an Up host that can reach it. */
  hostId: uuid('Choose the host to use.').nullish(),
});
export type StorageDomainRemoveInput = z.input<typeof storageDomainRemoveInput>;

export const storageFormOptionsInput = z
  .object({
    dataCenterId: uuid('Choose a data center.').nullish(),
    storageType: z.enum(CREATABLE_STORAGE_TYPES).nullish(),
  })
  .default({});
