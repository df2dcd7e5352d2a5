// The host forms' inputs, shared by the New Host dialog and the BFF.
import { z } from 'zod';
import { HOST_DRIVERS } from '../domain/status.js';

export const hostName = z
  .string()
  .trim()
  .min(1, 'A host needs a name.')
  .max(255, 'A host name is at most 255 characters.')
  .regex(/^[A-Za-z0-9_.-]+$/, "A host name may contain only letters, digits, '-', '_' and '.'.");

export const hostAddInput = z.object({
  name: hostName,
  address: z
    .string()
    .trim()
    .min(1, "Enter the host's address.")
    .max(255, 'An address is at most 255 characters.')
    .regex(/^[A-Za-z0-9_.:-]+$/, 'The address is an IP address or a DNS name.'),
  clusterId: z.uuid({ message: 'Choose a cluster.' }),
  driver: z
    .enum(HOST_DRIVERS, { message: 'A host is driven by libvirt or simulated.' })
    .default('libvirt'),
  /** libvirt URI; by default qemu:///system for this machine, qemu+ssh://root@<address>/system otherwise. */
  uri: z
    .string()
    .trim()
    .regex(/^[a-z0-9+]+:\/\/\S*$/, 'A libvirt URI looks like qemu+ssh://root@host/system.')
    .nullish(),
});
export type HostAddInput = z.input<typeof hostAddInput>;

export const hostIdsInput = z.object({
  ids: z
    .array(z.uuid({ message: 'A host id is a UUID.' }))
    .min(1, 'Choose at least one host.')
    .max(500, 'At most 500 hosts at a time.'),
});

/** The URI a libvirt host is reached by when none is given. */
export function defaultLibvirtUri(address: string): string {
  const local = address === 'localhost' || address === '127.0.0.1' || address === '::1';
  return local ? 'qemu:///system' : `qemu+ssh://root@${address}/system`;
}

export const hostIdInput = z.object({ id: z.uuid({ message: 'Choose a host.' }) });
