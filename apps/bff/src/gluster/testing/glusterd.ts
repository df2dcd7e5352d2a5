// vitest globalSetup for the `host` project: glusterd on this machine, installed when
// missing and started by scripts/gluster.sh. Also what gluster host tests share: unique
// `corral-test-gl-` volume names, brick directories under a scratch directory, and a
// cleanup that stops and deletes every such volume whatever state a failed test left.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliOutput, parseVolumeInfo } from '../parse.js';
import type { GlusterVolumeInfo } from '../types.js';

const script = fileURLToPath(new URL('../../../../../scripts/gluster.sh', import.meta.url));

/** Other suites may keep `corral-test-*` volumes of their own: these are the gluster driver's. */
export const TEST_VOLUME_PREFIX = 'corral-test-gl-';
const SCRATCH_ROOT = '/var/tmp/corral-test-gluster';

export function testVolumeName(label: string): string {
  return `${TEST_VOLUME_PREFIX}${label}-${randomUUID().slice(0, 8)}`;
}

/** A fresh directory for one test file's bricks; remove it with removeBrickScratch. */
export function brickScratch(): string {
  const dir = path.join(SCRATCH_ROOT, randomUUID().slice(0, 8));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeBrickScratch(dir: string): void {
  if (!dir.startsWith(`${SCRATCH_ROOT}/`)) throw new Error(`not a brick scratch directory: ${dir}`);
  rmSync(dir, { recursive: true, force: true });
}

/** `gluster --mode=script <args> --xml` here, for tests to look at gluster outside Corral. */
export function glusterXml(...args: string[]) {
  const stdout = execFileSync('gluster', ['--mode=script', ...args, '--xml'], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  return cliOutput(stdout, '', `gluster ${args.join(' ')}`);
}

/** Every volume gluster has here. */
export function glusterVolumes(): GlusterVolumeInfo[] {
  return parseVolumeInfo(glusterXml('volume', 'info'));
}

/** Stops and deletes every `corral-test-gl-*` volume (the brick directories go with the scratch root). */
export function cleanupTestVolumes(): void {
  for (const v of glusterVolumes().filter((x) => x.name.startsWith(TEST_VOLUME_PREFIX))) {
    if (v.state === 'Started') {
      try {
        glusterXml('volume', 'stop', v.name, 'force');
      } catch {
        // Stopped meanwhile: delete anyway.
      }
    }
    glusterXml('volume', 'delete', v.name);
  }
}

export default function setup(): () => void {
  try {
    execFileSync('bash', [script, 'start'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    throw new Error(
      `The host suite needs glusterd (Debian package glusterfs-server); scripts/gluster.sh start failed: ${String(err)}`,
      { cause: err },
    );
  }
  cleanupTestVolumes();
  return () => {
    cleanupTestVolumes();
    rmSync(SCRATCH_ROOT, { recursive: true, force: true });
  };
}
