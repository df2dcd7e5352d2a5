// The VM forms' inputs: the BFF's procedures parse with these and the New VM dialog
// validates with the same schemas, so a message reads the same in both places.
import { z } from 'zod';
import { DISK_FORMATS, DISK_INTERFACES, DISPLAY_PROTOCOLS, VM_TYPES } from '../domain/status.js';
import { OPERATING_SYSTEM_IDS } from './os.js';
import { storageAllocation } from './disk.js';

export const VM_LIMITS = {
  nameMax: 64,
  memoryMinMb: 128,
  /** oVirt's ceiling for a 64-bit guest: 4 TiB. */
  memoryMaxMb: 4 * 1024 * 1024,
  vcpusMax: 256,
  disksMax: 16,
  nicsMax: 8,
  diskMinGb: 1,
  diskMaxGb: 65536,
  descriptionMax: 4000,
} as const;

export const VM_NIC_TYPES = ['VirtIO', 'e1000', 'rtl8139'] as const;
export type VmNicType = (typeof VM_NIC_TYPES)[number];

const uuid = (message: string) => z.uuid({ message });

export const vmName = z
  .string()
  .trim()
  .min(1, 'A VM needs a name.')
  .max(VM_LIMITS.nameMax, `A VM name is at most ${VM_LIMITS.nameMax} characters.`)
  .regex(/^[A-Za-z0-9_.-]+$/, "A VM name may contain only letters, digits, '-', '_' and '.'.");

export const templateName = z
  .string()
  .trim()
  .min(1, 'A template needs a name.')
  .max(VM_LIMITS.nameMax, `A template name is at most ${VM_LIMITS.nameMax} characters.`)
  .regex(
    /^[A-Za-z0-9_.-]+$/,
    "A template name may contain only letters, digits, '-', '_' and '.'.",
  );

const description = z
  .string()
  .max(
    VM_LIMITS.descriptionMax,
    `A description is at most ${VM_LIMITS.descriptionMax} characters.`,
  );

export const vmMemoryMb = z
  .number({ message: 'Memory is a number of MB.' })
  .int('Memory is a whole number of MB.')
  .min(VM_LIMITS.memoryMinMb, `A VM needs at least ${VM_LIMITS.memoryMinMb} MB of memory.`)
  .max(VM_LIMITS.memoryMaxMb, `A VM has at most ${VM_LIMITS.memoryMaxMb} MB (4 TiB) of memory.`);

export const vmVcpus = z
  .number({ message: 'Virtual CPUs is a number.' })
  .int('Virtual CPUs is a whole number.')
  .min(1, 'A VM needs at least 1 virtual CPU.')
  .max(VM_LIMITS.vcpusMax, `A VM has at most ${VM_LIMITS.vcpusMax} virtual CPUs.`);

export const vmOs = z.enum(OPERATING_SYSTEM_IDS, { message: 'Choose an operating system.' });
export const vmDisplay = z.enum(DISPLAY_PROTOCOLS, { message: 'The display is SPICE or VNC.' });
export const vmType = z.enum(VM_TYPES, { message: 'A VM is a Server or a Desktop.' });

export const vmDiskInput = z.object({
  /** Defaults to `<vm>_Disk<n>`. */
  alias: z.string().trim().max(255, 'A disk alias is at most 255 characters.').optional(),
  sizeGb: z
    .number({ message: 'Disk size is a number of GB.' })
    .int('Disk size is a whole number of GB.')
    .min(VM_LIMITS.diskMinGb, `A disk is at least ${VM_LIMITS.diskMinGb} GB.`)
    .max(VM_LIMITS.diskMaxGb, `A disk is at most ${VM_LIMITS.diskMaxGb} GB.`),
  storageDomainId: uuid('Choose a storage domain for the disk.'),
  interface: z
    .enum(DISK_INTERFACES, { message: 'Choose a disk interface.' })
    .default('VirtIO-SCSI'),
  format: z
    .enum(DISK_FORMATS, { message: 'A disk is COW (thin) or RAW (preallocated).' })
    .default('COW'),
  /** The first disk boots unless another says so. */
  bootable: z.boolean().optional(),
});
export type VmDiskInput = z.input<typeof vmDiskInput>;

export const vmNicInput = z.object({
  networkId: uuid('Choose a network for the network interface.'),
  nicType: z.enum(VM_NIC_TYPES, { message: 'Choose a NIC type.' }).default('VirtIO'),
});
export type VmNicInput = z.input<typeof vmNicInput>;

/** New VM: blank, or from a template whose OS, memory, CPUs, display and type it copies. */
export const vmCreateInput = z.object({
  name: vmName,
  description: description.default(''),
  clusterId: uuid('Choose a cluster.'),
  /** Blank when absent. */
  templateId: uuid('Choose a template.').nullish(),
  /** A template's disks: Thin (qcow2 overlays on its images) or Clone (copies). */
  storageAllocation: storageAllocation.default('Clone'),
  vmType: vmType.optional(),
  os: vmOs.optional(),
  memoryMb: vmMemoryMb.optional(),
  vcpus: vmVcpus.optional(),
  display: vmDisplay.optional(),
  ha: z.boolean().default(false),
  disks: z
    .array(vmDiskInput)
    .max(VM_LIMITS.disksMax, `A VM has at most ${VM_LIMITS.disksMax} disks.`)
    .default([]),
  nics: z
    .array(vmNicInput)
    .max(VM_LIMITS.nicsMax, `A VM has at most ${VM_LIMITS.nicsMax} network interfaces.`)
    .default([]),
});
export type VmCreateInput = z.input<typeof vmCreateInput>;
export type VmCreate = z.output<typeof vmCreateInput>;

/** Edit VM: only the fields given change. */
export const vmUpdateInput = z.object({
  id: uuid('Choose a VM.'),
  name: vmName.optional(),
  description: description.optional(),
  clusterId: uuid('Choose a cluster.').optional(),
  vmType: vmType.optional(),
  os: vmOs.optional(),
  memoryMb: vmMemoryMb.optional(),
  vcpus: vmVcpus.optional(),
  display: vmDisplay.optional(),
  ha: z.boolean().optional(),
});
export type VmUpdateInput = z.input<typeof vmUpdateInput>;

export const vmIdsInput = z.object({
  ids: z
    .array(uuid('A VM id is a UUID.'))
    .min(1, 'Choose at least one VM.')
    .max(1000, 'At most 1,000 VMs at a time.'),
});

export const vmRunInput = vmIdsInput.extend({
  /** Run on this host instead of the scheduler's choice. */
  hostId: uuid('Choose a host.').nullish(),
});

export const RUN_ONCE_LIMITS = {
  /** Linux's PATH_MAX. */
  bootPathMax: 4096,
  kernelParamsMax: 1024,
} as const;

/** No control characters (line breaks, tabs, NUL, DEL): they would end up in domain XML. */
const ONE_LINE = /^\P{Cc}*$/u;
/** A `..` segment anywhere: `/boot/../etc/x`, `/boot/..`. */
const DOT_DOT_SEGMENT = /(^|\/)\.\.(\/|$)/;

/** A file on the host the VM runs on (Run Once's kernel or initrd). */
const bootPath = (what: string, example: string) =>
  z
    .string({ message: `The ${what} path is a path on the host, such as ${example}.` })
    .trim()
    .min(1, `The ${what} path cannot be blank.`)
    .max(
      RUN_ONCE_LIMITS.bootPathMax,
      `The ${what} path is at most ${RUN_ONCE_LIMITS.bootPathMax} characters.`,
    )
    .regex(ONE_LINE, `The ${what} path cannot contain line breaks or control characters.`)
    .regex(/^\//, `The ${what} path is an absolute path on the host, such as ${example}.`)
    .refine((p) => !DOT_DOT_SEGMENT.test(p), `The ${what} path cannot contain '..' segments.`)
    .refine((p) => !p.endsWith('/'), `The ${what} path names a file, not a directory.`);

export const LINUX_BOOT_NEEDS_KERNEL = 'Linux boot options need a kernel path.';

/**
 * Run Once: this run only, on a chosen host, with a CD and/or booting a Linux kernel
 * directly (oVirt's "Linux Boot Options"); the VM's configuration does not change.
 */
export const vmRunOnceInput = z
  .object({
    id: uuid('Choose a VM.'),
    hostId: uuid('Choose a host.').nullish(),
    /** An ISO image to attach as CD-ROM for this run (a path on the host). */
    cdrom: z
      .string()
      .trim()
      .regex(/^\/\S.*\.iso$/i, 'The CD image is an absolute path to an .iso file.')
      .nullish(),
    /** A kernel image on the host that QEMU boots instead of the disks or the CD. */
    kernel: bootPath('kernel', '/boot/vmlinuz').nullish(),
    /** An initramfs on the host for that kernel. */
    initrd: bootPath('initrd', '/boot/initrd.img').nullish(),
    /** The kernel's command line; none: the host's default (`console=ttyS0` on libvirt). */
    kernelParams: z
      .string({ message: 'Kernel parameters are text.' })
      .trim()
      .max(
        RUN_ONCE_LIMITS.kernelParamsMax,
        `Kernel parameters are at most ${RUN_ONCE_LIMITS.kernelParamsMax} characters.`,
      )
      .regex(ONE_LINE, 'Kernel parameters are one line, without control characters.')
      .nullish(),
  })
  .superRefine((v, ctx) => {
    // An invalid kernel path has its own message; only a missing one is said here.
    if (v.kernel != null) return;
    if (v.initrd)
      ctx.addIssue({ code: 'custom', path: ['initrd'], message: LINUX_BOOT_NEEDS_KERNEL });
    if (v.kernelParams)
      ctx.addIssue({ code: 'custom', path: ['kernelParams'], message: LINUX_BOOT_NEEDS_KERNEL });
  });
export type VmRunOnceInput = z.input<typeof vmRunOnceInput>;

export const vmMigrateInput = vmIdsInput.extend({
  /** Migrate to this host instead of the scheduler's choice. */
  hostId: uuid('Choose a destination host.').nullish(),
});

export const snapshotCreateInput = z.object({
  id: uuid('Choose a VM.'),
  description: z
    .string()
    .trim()
    .min(1, 'A snapshot needs a description.')
    .max(255, 'A snapshot description is at most 255 characters.'),
  /** Save the memory too (a running VM only). */
  memory: z.boolean().default(false),
});

export const snapshotInput = z.object({
  id: uuid('Choose a VM.'),
  snapshotId: uuid('Choose a snapshot.'),
});

export const makeTemplateInput = z.object({
  id: uuid('Choose a VM.'),
  name: templateName,
  description: description.default(''),
});

export const vmCloneInput = z.object({
  id: uuid('Choose a VM.'),
  name: vmName,
});

export const vmRemoveInput = vmIdsInput.extend({
  /** Keep the VMs' disks, detached (floating), instead of removing them. */
  keepDisks: z.boolean().default(false),
});

export const vmFormOptionsInput = z.object({
  /** Scope templates, storage domains, networks and hosts to this cluster; '' or absent: none. */
  clusterId: z.union([z.uuid({ message: 'Choose a cluster.' }), z.literal('')]).optional(),
});
