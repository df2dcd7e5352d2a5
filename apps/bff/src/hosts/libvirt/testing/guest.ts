// The tiny test guest (docs/test-guest.md): Debian's kernel and a busybox initrd that
// scripts/test-guest.sh builds from Debian packages. It prints TEST_GUEST_BANNER to its
// VGA screen and serial log, then echoes each line typed on its keyboard as
// `typed: <line>` to both, so console tests can check what a VNC/SPICE client typed in
// the serial log.
import { fileURLToPath } from 'node:url';
import type { DomainSpec } from '../../driver.js';
import { runCommand } from '../virsh.js';

const script = fileURLToPath(new URL('../../../../../../scripts/test-guest.sh', import.meta.url));

/**
 * Outside the host suite's scratch root (removed after every run) so the build is
 * reused; under libvirt's image directory so the QEMU user can read the files.
 */
export const TEST_GUEST_DIR = '/var/lib/libvirt/images/corral-test-guest';
export const TEST_GUEST_BANNER = 'CORRAL TEST GUEST READY';
// The last console= becomes /dev/console: the kernel's messages reach both the screen
// and the serial log. `quiet` keeps the boot short on a TCG-emulated serial port.
export const TEST_GUEST_CMDLINE = 'console=tty0 console=ttyS0 quiet';

export interface TestGuest {
  readonly kernel: string;
  readonly initrd: string;
}

const guest: TestGuest = {
  kernel: `${TEST_GUEST_DIR}/vmlinuz`,
  initrd: `${TEST_GUEST_DIR}/initrd.img`,
};

/**
 * Builds the guest into TEST_GUEST_DIR; quick (a second or two) when it is already
 * built from the same Debian packages. The first build downloads ~70 MB from apt.
 */
export async function buildTestGuest(): Promise<TestGuest> {
  await runCommand('bash', [script, 'build', TEST_GUEST_DIR], { timeoutMs: 600_000 });
  return guest;
}

/** The test guest as a VM: direct kernel boot, 256 MiB, one vCPU, no disks, VNC. */
export function testGuestSpec(id: string, name: string): DomainSpec {
  return {
    id,
    name,
    memoryMb: 256,
    vcpus: 1,
    os: 'other_linux',
    display: 'VNC',
    disks: [],
    nics: [],
    kernel: { path: guest.kernel, initrd: guest.initrd, cmdline: TEST_GUEST_CMDLINE },
  };
}
