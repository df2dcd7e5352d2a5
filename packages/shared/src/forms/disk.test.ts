import { describe, expect, it } from 'vitest';
import { vmCreateInput } from './vm.js';
import {
  diskCreateInput,
  diskExtendInput,
  diskMoveInput,
  diskUploadInput,
  isoFileName,
  isoListInput,
} from './disk.js';

const ID = '6f1c1a38-52f3-4a43-9d8f-1b1f8f6f1c11';

const issues = (r: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('disk forms', () => {
  it('New Disk: defaults to a thin qcow2 VirtIO-SCSI floating disk', () => {
    expect(diskCreateInput.parse({ alias: ' data ', sizeGb: 5, storageDomainId: ID })).toEqual({
      alias: 'data',
      description: '',
      sizeGb: 5,
      storageDomainId: ID,
      format: 'COW',
      sparse: true,
      interface: 'VirtIO-SCSI',
      bootable: false,
    });
  });

  it('New Disk: messages per field', () => {
    expect(
      issues(
        diskCreateInput.safeParse({
          alias: 'a\u0007b',
          sizeGb: 1.5,
          storageDomainId: 'x',
          format: 'vmdk',
          vmId: 'nope',
        }),
      ),
    ).toEqual({
      alias: 'A disk alias may not contain line breaks or control characters.',
      sizeGb: 'Disk size is a whole number of GB.',
      storageDomainId: 'Choose a storage domain for the disk.',
      format: 'A disk image is qcow2 (COW) or raw.',
      vmId: 'Choose a VM.',
    });
    expect(
      issues(diskCreateInput.safeParse({ alias: 'a', sizeGb: 70000, storageDomainId: ID })),
    ).toEqual({
      sizeGb: 'A disk is at most 65536 GB.',
    });
  });

  it('Extend and Move', () => {
    expect(issues(diskExtendInput.safeParse({ id: ID, extendByGb: 0 }))).toEqual({
      extendByGb: 'Extend by a whole number of GB, at least 1.',
    });
    expect(diskExtendInput.parse({ id: ID, extendByGb: 3 })).toEqual({ id: ID, extendByGb: 3 });
    expect(issues(diskMoveInput.safeParse({ id: ID, storageDomainId: '' }))).toEqual({
      storageDomainId: 'Choose the storage domain to move the disk to.',
    });
  });

  it('Upload: a named, non-empty file', () => {
    expect(
      issues(
        diskUploadInput.safeParse({ alias: 'a', storageDomainId: ID, fileName: '', sizeBytes: 0 }),
      ),
    ).toEqual({ fileName: 'Choose a file to upload.', sizeBytes: 'The file is empty.' });
  });

  it('ISO library: a VM, cluster or data center by id', () => {
    expect(isoListInput.parse({ vmId: ID })).toEqual({ vmId: ID });
    expect(issues(isoListInput.safeParse({ clusterId: 'c1' }))).toEqual({
      clusterId: 'Choose a cluster.',
    });
  });

  it('ISO file names are safe base names ending in .iso', () => {
    expect(isoFileName('C:\\isos\\Debian 12.iso')).toBe('Debian_12.iso');
    expect(isoFileName('../../etc/passwd')).toBe('passwd.iso');
    expect(isoFileName('boot.ISO')).toBe('boot.iso');
    expect(isoFileName('...')).toBe('image.iso');
  });

  it('New VM: storage allocation Clone unless Thin is asked', () => {
    const base = { name: 'v', clusterId: ID };
    expect(vmCreateInput.parse(base).storageAllocation).toBe('Clone');
    expect(vmCreateInput.parse({ ...base, storageAllocation: 'Thin' }).storageAllocation).toBe(
      'Thin',
    );
    expect(issues(vmCreateInput.safeParse({ ...base, storageAllocation: 'Linked' }))).toEqual({
      storageAllocation: 'Storage allocation is Thin or Clone.',
    });
  });
});
