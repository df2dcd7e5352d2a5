// vitest globalSetup for the `host` project: libvirtd + QEMU on this machine, started
// (and installed when missing) by scripts/libvirt.sh. Also the helpers host tests use:
// unique `corral-test-` domain names, a scratch directory for images, and cleanup that
// removes every `corral-test-*` domain, whatever state a failed test left it in.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialLogPath } from '../domain.js';
import { runCommand } from '../virsh.js';

const script = fileURLToPath(new URL('../../../../../../scripts/libvirt.sh', import.meta.url));

export const TEST_URI = 'qemu:///system';
export const TEST_PREFIX = 'corral-test-';
/** Under libvirt's image directory, so the QEMU user can reach the files. */
const SCRATCH_ROOT = '/var/lib/libvirt/images/corral-test';
const QEMU_LOG_DIR = '/var/log/libvirt/qemu';

export function virsh(...args: string[]): Promise<string> {
  return runCommand('virsh', ['-q', '-c', TEST_URI, ...args]);
}

export function testDomainName(label: string): string {
  return `${TEST_PREFIX}${label}-${randomUUID().slice(0, 8)}`;
}

/** A fresh directory for one test file's images; remove it with removeScratchDir. */
export function scratchDir(): string {
  const dir = path.join(SCRATCH_ROOT, randomUUID().slice(0, 8));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeScratchDir(dir: string): void {
  if (!dir.startsWith(`${SCRATCH_ROOT}/`)) throw new Error(`not a scratch directory: ${dir}`);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Destroys and undefines every `corral-test-*` domain, and removes the logs libvirt kept
 * for test domains: per name, and the serial console logs of `vmIds` (domains a test
 * already undefined can no longer be asked for their UUID).
 */
export async function cleanupTestDomains(vmIds: Iterable<string> = []): Promise<void> {
  const names = (await virsh('list', '--all', '--name'))
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n.startsWith(TEST_PREFIX));
  const ids = new Set(vmIds);
  for (const name of names) {
    const uuid = (await virsh('domuuid', name).catch(() => '')).trim();
    if (uuid) ids.add(uuid);
    await virsh('destroy', name).catch(() => undefined);
    await virsh('undefine', name, '--snapshots-metadata', '--managed-save').catch(() => undefined);
  }
  for (const id of ids) rmSync(serialLogPath(id), { force: true });
  const logs = existsSync(QEMU_LOG_DIR) ? readdirSync(QEMU_LOG_DIR) : [];
  for (const log of logs.filter((f) => f.startsWith(TEST_PREFIX))) {
    rmSync(path.join(QEMU_LOG_DIR, log), { force: true });
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  try {
    execFileSync('bash', [script, 'start'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    throw new Error(
      `The host suite needs libvirtd with QEMU (Debian packages libvirt-daemon-system, qemu-system-x86); scripts/libvirt.sh start failed: ${String(err)}`,
      { cause: err },
    );
  }
  await cleanupTestDomains();
  return async () => {
    await cleanupTestDomains();
    rmSync(SCRATCH_ROOT, { recursive: true, force: true });
  };
}
