// npm run bench:live — how fast a host-side change reaches the admin grid.
//
// Starts the built BFF (embedded store, small demo, this machine's libvirtd as a host),
// creates a 128 MiB VM on the local host, opens it in the portal in Debian's Chromium,
// and ROUNDS times: runs it, waits for Up in the grid, then `virsh destroy`s it from
// outside Corral and measures until the grid cell says Down. Nothing polls: the change
// travels libvirt event → monitoring → store → change feed → SSE → grid row patch.
// Baseline, in the same run: the same `virsh destroy` seen by an independent
// `virsh event` listener, i.e. how long libvirt itself takes to tell anyone.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PORT = Number(process.env.BENCH_PORT ?? 8282);
const BASE = `http://127.0.0.1:${PORT}`;
const root = path.resolve(import.meta.dirname, '..');

const virsh = (...args: string[]) =>
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

async function search(q: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${BASE}/api/v1/search?q=${encodeURIComponent(q)}`);
  return ((await res.json()) as { rows: Record<string, unknown>[] }).rows;
}

async function mutate<T>(procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${BASE}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${procedure}: ${body.error?.message ?? res.status}`);
  return body.result.data;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'corral-bench-live-'));
  const imagesDir = `/var/tmp/corral-bench-live-images-${PORT}`;
  mkdirSync(imagesDir, { recursive: true, mode: 0o755 });
  const bff = spawn(process.execPath, [path.join(root, 'apps/bff/dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      CORRAL_DATA_DIR: dataDir,
      CORRAL_IMAGES_DIR: imagesDir,
      CORRAL_DEMO_SIZE: 'small',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const name = `bench-live-${Date.now().toString(36)}`;
  const events = spawn('virsh', [
    '-c',
    'qemu:///system',
    'event',
    '--loop',
    '--event',
    'lifecycle',
  ]);
  let stoppedAt: number | undefined;
  events.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (chunk.includes(`'${name}'`) && /Stopped/.test(chunk)) stoppedAt ??= now();
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    await until(
      'the BFF',
      async () => (await fetch(`${BASE}/healthz`).catch(() => null))?.ok || undefined,
    );
    const [host] = await until('the local libvirt host Up', async () => {
      const rows = await search('Hosts: driver = libvirt and status = up');
      return rows.length > 0 ? rows : undefined;
    });
    const [cluster] = await search(`Clusters: name = ${String(host!.cluster)}`);
    const [storage] = await search('Storage: name = local-images');
    const created = await mutate<{ id: string }>('vm.create', {
      name,
      clusterId: cluster!.id,
      memoryMb: 128,
      disks: [{ sizeGb: 1, storageDomainId: storage!.id }],
    });
    await until('the new VM', async () =>
      (await search(`Vms: name = ${name} and status = down`)).length ? true : undefined,
    );

    const page = await browser.newPage();
    await page.goto(`${BASE}/?q=${encodeURIComponent(`Vms: name = ${name}`)}`);
    const statusIs = (s: string) =>
      page.waitForFunction(
        (want) =>
          document
            .querySelector('[row-index="0"] [col-id="status"] [data-status]')
            ?.getAttribute('data-status') === want,
        s,
        { timeout: 60_000, polling: 'raf' },
      );
    await statusIs('Down');

    const live: number[] = [];
    const libvirt: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await mutate('vm.run', { ids: [created.id] });
      await statusIs('Up');
      await sleep(500); // let the run job settle
      stoppedAt = undefined;
      const t0 = now();
      virsh('destroy', name);
      await statusIs('Down');
      live.push(now() - t0);
      await until(
        'libvirt’s own event',
        async () => (stoppedAt === undefined ? undefined : true),
        5_000,
      );
      libvirt.push(stoppedAt! - t0);
    }
    const p50 = percentile(live, 50);
    const base = percentile(libvirt, 50);
    console.log(`rounds: ${ROUNDS} (virsh destroy → grid cell "Down")`);
    console.log(
      `libvirt event p50 ms: ${base.toFixed(1)} (baseline: an independent virsh event listener)`,
    );
    console.log(`live update p50 ms: ${p50.toFixed(1)}`);
    console.log(`live update p95 ms: ${percentile(live, 95).toFixed(1)}`);
    console.log(`live update vs libvirt event: ${(p50 / base).toFixed(2)}`);
    const added = live.map((t, i) => t - libvirt[i]!);
    console.log(
      `added by Corral after libvirt's event p50 ms: ${percentile(added, 50).toFixed(1)}, p95 ms: ${percentile(added, 95).toFixed(1)}`,
    );
  } finally {
    await browser.close();
    events.kill();
    for (const args of [
      ['destroy', name],
      ['undefine', name, '--snapshots-metadata', '--managed-save'],
    ]) {
      try {
        virsh(...args);
      } catch {
        // not running / already gone
      }
    }
    bff.kill('SIGTERM');
    await new Promise((r) => bff.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(imagesDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
