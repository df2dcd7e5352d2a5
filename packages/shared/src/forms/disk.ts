// The Disks tab's dialogs and the disk commands' inputs, shared by the dialogs and the
// BFF: New Disk (floating or attached to a VM), Extend, Move, Upload, and the storage
// allocation of a VM made from a template (Thin on the template's image, or Clone).
import { z } from 'zod';
import { DISK_FORMATS, DISK_INTERFACES } from '../domain/status.js';

export const DISK_LIMITS = {
  aliasMax: 255,
  descriptionMax: 4000,
  minGb: 1,
  maxGb: 65536,
  /** Largest upload accepted: the largest disk. */
  uploadMaxBytes: 65536 * 1024 ** 3,
  fileNameMax: 255,
} as const;

/** oVirt's Storage Allocation for a VM from a template. */
export const STORAGE_ALLOCATIONS = ['Thin', 'Clone'] as const;
export type StorageAllocation = (typeof STORAGE_ALLOCATIONS)[number];

/** What an uploaded image may be (qemu-img's word; an ISO reads as raw to it). */
export const UPLOAD_FORMATS = ['qcow2', 'raw', 'iso'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

export const DISK_FORM_MESSAGES = {
  alias: 'A disk needs an alias.',
  aliasChars: 'A disk alias may not contain line breaks or control characters.',
  size: 'Disk size is a whole number of GB.',
  extend: 'Extend by a whole number of GB, at least 1.',
  domain: 'Choose a storage domain for the disk.',
  target: 'Choose the storage domain to move the disk to.',
  fileName: 'Choose a file to upload.',
  fileSize: 'The file is empty.',
  tooBig: `An upload is at most ${DISK_LIMITS.maxGb} GB.`,
  allocation: 'Storage allocation is Thin or Clone.',
} as const;

const uuid = (message: string) => z.uuid({ message });
const CONTROL = /\p{Cc}/u;

export const diskAlias = z
  .string()
  .trim()
  .min(1, DISK_FORM_MESSAGES.alias)
  .max(DISK_LIMITS.aliasMax, `A disk alias is at most ${DISK_LIMITS.aliasMax} characters.`)
  .refine((s) => !CONTROL.test(s), DISK_FORM_MESSAGES.aliasChars);

const diskDescription = z
  .string()
  .max(
    DISK_LIMITS.descriptionMax,
    `A description is at most ${DISK_LIMITS.descriptionMax} characters.`,
  );

export const diskSizeGb = z
  .number({ message: DISK_FORM_MESSAGES.size })
  .int(DISK_FORM_MESSAGES.size)
  .min(DISK_LIMITS.minGb, `A disk is at least ${DISK_LIMITS.minGb} GB.`)
  .max(DISK_LIMITS.maxGb, `A disk is at most ${DISK_LIMITS.maxGb} GB.`);

/** New Disk: floating (no VM) or attached to a VM at once. */
export const diskCreateInput = z.object({
  alias: diskAlias,
  description: diskDescription.default(''),
  sizeGb: diskSizeGb,
  storageDomainId: uuid(DISK_FORM_MESSAGES.domain),
  /** COW = qcow2, RAW = raw. */
  format: z.enum(DISK_FORMATS, { message: 'A disk image is qcow2 (COW) or raw.' }).default('COW'),
  /** Thin (allocated as written) or preallocated (the whole size written now). */
  sparse: z.boolean().default(true),
  interface: z
    .enum(DISK_INTERFACES, { message: 'Choose a disk interface.' })
    .default('VirtIO-SCSI'),
  bootable: z.boolean().default(false),
  /** Attach to this VM; absent or null: a floating disk. */
  vmId: uuid('Choose a VM.').nullish(),
});
export type DiskCreateInput = z.input<typeof diskCreateInput>;
export type DiskCreate = z.output<typeof diskCreateInput>;

export const diskIdInput = z.object({ id: uuid('Choose a disk.') });

export const diskIdsInput = z.object({
  ids: z.array(uuid('Choose a disk.')).min(1, 'Choose a disk.').max(500),
});

/** Extend: oVirt's "Extend size by (GB)"; disks only grow. */
export const diskExtendInput = z.object({
  id: uuid('Choose a disk.'),
  extendByGb: z
    .number({ message: DISK_FORM_MESSAGES.extend })
    .int(DISK_FORM_MESSAGES.extend)
    .min(1, DISK_FORM_MESSAGES.extend)
    .max(DISK_LIMITS.maxGb, `A disk is at most ${DISK_LIMITS.maxGb} GB.`),
});
export type DiskExtendInput = z.input<typeof diskExtendInput>;

export const diskMoveInput = z.object({
  id: uuid('Choose a disk.'),
  storageDomainId: uuid(DISK_FORM_MESSAGES.target),
});
export type DiskMoveInput = z.input<typeof diskMoveInput>;

/**
 * Upload, first half: the disk row (Locked) — or, into an ISO domain, the file's name —
 * before the browser streams the file to `PUT /api/v1/disks/<id>/upload`.
 */
export const diskUploadInput = z.object({
  alias: diskAlias,
  description: diskDescription.default(''),
  storageDomainId: uuid(DISK_FORM_MESSAGES.domain),
  fileName: z
    .string()
    .trim()
    .min(1, DISK_FORM_MESSAGES.fileName)
    .max(DISK_LIMITS.fileNameMax, `A file name is at most ${DISK_LIMITS.fileNameMax} characters.`),
  sizeBytes: z
    .number({ message: DISK_FORM_MESSAGES.fileSize })
    .int(DISK_FORM_MESSAGES.fileSize)
    .min(1, DISK_FORM_MESSAGES.fileSize)
    .max(DISK_LIMITS.uploadMaxBytes, DISK_FORM_MESSAGES.tooBig),
  interface: z
    .enum(DISK_INTERFACES, { message: 'Choose a disk interface.' })
    .default('VirtIO-SCSI'),
});
export type DiskUploadInput = z.input<typeof diskUploadInput>;

/** A file name kept in an ISO domain: its base name, safe on any host, ending in .iso. */
export function isoFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const safe = base.replace(/[^A-Za-z0-9_.+-]/g, '_').replace(/^[.-]+/, '');
  const stem = safe.replace(/\.iso$/i, '') || 'image';
  return `${stem}.iso`;
}

export const storageAllocation = z.enum(STORAGE_ALLOCATIONS, {
  message: DISK_FORM_MESSAGES.allocation,
});

/** The ISO files a VM's CD can take: of the data center of the VM, cluster or data center given. */
export const isoListInput = z.object({
  vmId: uuid('Choose a VM.').optional(),
  clusterId: uuid('Choose a cluster.').optional(),
  dataCenterId: uuid('Choose a data center.').optional(),
});

export const diskFormOptionsInput = z.object({
  /** The domains and VMs of this data center; absent: all. */
  dataCenterId: uuid('Choose a data center.').optional(),
});
