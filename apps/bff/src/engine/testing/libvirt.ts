// What the engine's host suites share: the engine's services on this machine's
// libvirtd, waiting for jobs through the API, and a data center whose host is this
// machine and a template to make VMs from, made through the API as the portal makes them.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { LibvirtDriver, type LibvirtOptions } from '../../hosts/libvirt/driver.js';
import { TEST_URI, testDomainName } from '../../hosts/libvirt/testing/libvirtd.js';
import { HostRegistry } from '../../hosts/registry.js';
import { localFeed } from '../../live/feed.js';
import type { Db } from '../../store/index.js';
import type { createCaller } from '../../trpc/router.js';
import type { EngineServices } from '../deps.js';
import type { JobView } from '../views.js';

export type Api = ReturnType<typeof createCaller>;

/**
 * The engine on this machine's libvirtd. Guests run under TCG (Debian's kernel hangs
 * under nested KVM, docs/test-guest.md), so every wait is a minute.
 */
export function libvirtEngine(imagesDir: string, options: LibvirtOptions = {}): EngineServices {
  return {
    feed: localFeed(),
    hosts: new HostRegistry({ libvirt: new LibvirtDriver({ accel: 'tcg', ...options }) }),
    imagesDir,
    timeouts: {
      launchMs: 60_000,
      shutdownMs: 60_000,
      migrateMs: 60_000,
      stateMs: 60_000,
      pollMs: 200,
    },
  };
}

/** The jobs once none of them is Started any more; throws after `timeoutMs`. */
export async function endedJobs(
  api: Api,
  jobIds: readonly string[],
  { timeoutMs = 90_000, intervalMs = 100 } = {},
): Promise<JobView[]> {
  const ended = async () =>
    (await api.job.recent({ limit: 50 })).filter(
      (j) => jobIds.includes(j.id) && j.status !== 'Started',
    );
  const start = Date.now();
  for (;;) {
    const jobs = await ended();
    if (jobs.length === jobIds.length) return jobs;
    if (Date.now() - start > timeoutMs) throw new Error(`jobs ${jobIds.join(', ')} did not end`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits for the jobs to end; throws unless every one Finished without an error. */
export async function jobsFinished(
  api: Api,
  jobIds: readonly string[],
  options?: { timeoutMs?: number; intervalMs?: number },
): Promise<void> {
  const failed = (await endedJobs(api, jobIds, options)).filter(
    (j) => j.status !== 'Finished' || j.error !== null,
  );
  if (failed.length > 0)
    throw new Error(
      `jobs did not finish: ${failed.map((j) => `${j.description}: ${j.status} (${j.error ?? 'no error'})`).join('; ')}`,
    );
}

export interface LibvirtSite {
  readonly dc: string;
  readonly cluster: string;
  readonly host: string;
}

/**
 * A data center `name` with a cluster `<name>-c` and this machine's libvirtd as its host
 * `<name>-host`, Up once this returns.
 */
export async function libvirtSite(
  api: Api,
  name: string,
  {
    storageType = 'Local',
    address = 'localhost',
  }: { storageType?: 'Local' | 'Shared'; address?: string } = {},
): Promise<LibvirtSite> {
  const dc = await api.dataCenter.create({ name, storageType });
  const cluster = await api.cluster.create({ dataCenterId: dc.id, name: `${name}-c` });
  const host = await api.host.add({
    name: `${name}-host`,
    address,
    clusterId: cluster.id,
    driver: 'libvirt',
    uri: TEST_URI,
  });
  await jobsFinished(api, host.jobIds);
  return { dc: dc.id, cluster: cluster.id, host: host.id };
}

/**
 * A Local storage domain `name` in `<scratch>/<name>` on the site's host; its id goes
 * into `domainIds` (for the suite's clean-up) before its job is waited for, Active once
 * this returns.
 */
export async function localDomain(
  api: Api,
  site: LibvirtSite,
  scratch: string,
  name: string,
  domainIds: string[],
): Promise<{ id: string; dir: string }> {
  const dir = path.join(scratch, name);
  const r = await api.storage.create({
    name,
    storageType: 'Local',
    path: dir,
    hostId: site.host,
    dataCenterId: site.dc,
  });
  domainIds.push(r.id);
  await jobsFinished(api, r.jobIds);
  return { id: r.id, dir };
}

/**
 * A template whose one disk (1 GiB qcow2, on `storageDomainId`) holds the pattern 0x7e
 * in its first MiB, made as the portal makes one: a VM, written to with qemu-io, then
 * Make Template. The VM's id goes into `vmIds` (for the suite's clean-up).
 */
export async function patternTemplate(
  api: Api,
  db: Db,
  where: { cluster: string; storageDomainId: string },
  vmIds: string[],
): Promise<{ templateId: string; diskId: string; image: string }> {
  const golden = await api.vm.create({
    clusterId: where.cluster,
    name: testDomainName('golden'),
    memoryMb: 128,
    vcpus: 1,
    os: 'other_linux',
    display: 'VNC',
    disks: [
      { sizeGb: 1, storageDomainId: where.storageDomainId, interface: 'VirtIO', format: 'COW' },
    ],
  });
  vmIds.push(golden.id);
  await jobsFinished(api, golden.jobIds);
  const [goldenImage] = await db.query<{ path: string }>(
    `SELECT v.path FROM vm_disk vd JOIN disk_volume v ON v.disk_id = vd.disk_id WHERE vd.vm_id = $1`,
    [golden.id],
  );
  execFileSync('qemu-io', ['-c', 'write -P 0x7e 0 1M', goldenImage!.path], { stdio: 'pipe' });
  const t = await api.vm.makeTemplate({ id: golden.id, name: testDomainName('tpl') });
  await jobsFinished(api, t.jobIds);
  const [disk] = await db.query<{ id: string; path: string }>(
    `SELECT d.id, v.path FROM disk d JOIN disk_volume v ON v.disk_id = d.id WHERE d.template_id = $1`,
    [t.templateId],
  );
  return { templateId: t.templateId, diskId: disk!.id, image: disk!.path };
}
