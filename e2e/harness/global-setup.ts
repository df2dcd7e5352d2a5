// Starts what the e2e suite drives: a real PostgreSQL server (so specs can check
// what the database holds while the BFF runs) and the built BFF serving the SPA,
// seeded with the demo data center (admin and the named demo users sign in with the
// demo password; fixtures.ts gives every test a session of its own).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PG_PORT = Number(process.env.CORRAL_E2E_PG_PORT ?? 55432);
const BFF_PORT = Number(process.env.CORRAL_E2E_PORT ?? 8181);

async function waitFor(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the BFF exited with code ${child.exitCode} while starting`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the BFF did not answer ${url} within ${ms} ms`);
}

/**
 * Libvirt storage pools the run's BFF connected (transient `corral-<domain id>` pools):
 * the local domain's directory pool under the run's images directory, and mounts of
 * storage domains the specs made.
 */
function releaseTestPools(imagesDir: string): void {
  const run = (...args: string[]) =>
    execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], { encoding: 'utf8' });
  let names: string[];
  try {
    names = run('pool-list', '--name')
      .split('\n')
      .map((n) => n.trim())
      .filter((n) => n.startsWith('corral-'));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const xml = run('pool-dumpxml', name);
      const target = /<target>\s*<path>([^<]+)<\/path>/.exec(xml)?.[1] ?? '';
      const mine =
        target.startsWith(`${imagesDir}/`) || /<name>e2e-[^<]*<\/name>|:\/?e2e-/.test(xml);
      if (mine) run('pool-destroy', name);
    } catch {
      // gone meanwhile
    }
  }
}

/** Every domain the lifecycle specs created (their VMs are named `e2e-…`). */
function removeTestDomains(): void {
  let names: string[];
  try {
    names = execFileSync('virsh', ['-q', '-c', 'qemu:///system', 'list', '--all', '--name'], {
      encoding: 'utf8',
    })
      .split('\n')
      .map((n) => n.trim())
      .filter((n) => n.startsWith('e2e-'));
  } catch {
    return; // no libvirtd: nothing was created
  }
  for (const name of names) {
    for (const args of [
      ['destroy', name],
      ['undefine', name, '--snapshots-metadata', '--managed-save'],
    ]) {
      try {
        execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], { stdio: 'ignore' });
      } catch {
        // already gone or not running
      }
    }
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error(
      'e2e needs Debian chromium at /usr/bin/chromium: run `npm run test:e2e`, which installs it',
    );
  }
  const main = path.join(root, 'apps/bff/dist/main.js');
  if (!existsSync(main) || !existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    throw new Error('e2e needs the built BFF and SPA: run `npm run build` (npm run test:e2e does)');
  }

  const pgDir = path.join(os.tmpdir(), `corral-e2e-pg-${PG_PORT}`);
  const pgUrl = execFileSync(
    'bash',
    [path.join(root, 'scripts/postgres.sh'), 'start', pgDir, String(PG_PORT)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  ).trim();
  execFileSync('psql', [pgUrl, '-qc', 'CREATE DATABASE corral_e2e'], { stdio: 'inherit' });
  const dbUrl = pgUrl.replace(/\/postgres$/, '/corral_e2e');

  // VM disk images: a directory QEMU's own user can reach, emptied per run.
  const imagesDir = `/var/tmp/corral-e2e-images-${BFF_PORT}`;
  rmSync(imagesDir, { recursive: true, force: true });
  mkdirSync(imagesDir, { recursive: true, mode: 0o755 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'corral-e2e-data-'));

  const bff = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: String(BFF_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      CORRAL_DEMO: 'on',
      CORRAL_DATA_DIR: dataDir,
      CORRAL_IMAGES_DIR: imagesDir,
      CORRAL_MONITOR_INTERVAL_MS: '3000',
      // The console specs boot a Linux kernel, which nested KVM hangs on machines like
      // CI's (docs/test-guest.md); SeaBIOS-only VMs don't mind either way.
      CORRAL_LIBVIRT_ACCEL: 'tcg',
      // Every test signs in (fixtures.ts), all from 127.0.0.1: the per-address limit
      // would refuse a fast suite. The account lock-out stays as shipped.
      CORRAL_LOGIN_RATE_PER_MINUTE: '600',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${BFF_PORT}`;
  try {
    await waitFor(`${baseUrl}/healthz`, bff, 120_000);
    // Fail here, once and clearly, rather than in every spec.
    const login = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'corral-demo' }),
    });
    if (login.status !== 200)
      throw new Error(
        `admin cannot sign in with the demo password: ${login.status} ${await login.text()}`,
      );
  } catch (err) {
    bff.kill('SIGKILL');
    execFileSync('bash', [path.join(root, 'scripts/postgres.sh'), 'stop', pgDir], {
      stdio: 'inherit',
    });
    throw err;
  }
  // Workers start after this returns and inherit these.
  process.env.CORRAL_E2E_URL = baseUrl;
  process.env.CORRAL_E2E_DATABASE_URL = dbUrl;
  process.env.CORRAL_E2E_IMAGES_DIR = imagesDir;

  return async () => {
    bff.kill('SIGTERM');
    await new Promise((r) => bff.once('exit', r));
    removeTestDomains();
    releaseTestPools(imagesDir);
    rmSync(imagesDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    execFileSync('bash', [path.join(root, 'scripts/postgres.sh'), 'stop', pgDir], {
      stdio: 'inherit',
    });
  };
}
