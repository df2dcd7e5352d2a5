// "Runs Corral on a fresh machine … the local libvirt host when present": when this
// machine's libvirtd answers, the demo gets a data center of its own holding this
// machine as a real host, a local storage domain for its disk images and the
// management network — so a VM created there really runs under QEMU here.
import { randomUUID } from 'node:crypto';
import { mkdir, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineDeps } from '../engine/deps.js';
import { addHost } from '../engine/commands/host/add.js';
import { Virsh } from './libvirt/virsh.js';

export const LOCAL_URI = 'qemu:///system';
export const LOCAL_DATA_CENTER = 'Local';
export const LOCAL_CLUSTER = 'Local';
export const LOCAL_STORAGE = 'local-images';

export async function libvirtAnswers(uri = LOCAL_URI): Promise<boolean> {
  try {
    await new Virsh(uri).run(['version'], { timeoutMs: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds the local libvirt host once (idempotent across restarts). Returns what it did,
 * for the start-up log; the host's own activation runs as a job like any New Host.
 */
export async function ensureLocalHost(deps: EngineDeps): Promise<string> {
  const { db } = deps;
  const [existing] = await db.query<{ name: string }>(`SELECT name FROM host WHERE uri = $1`, [
    LOCAL_URI,
  ]);
  if (existing) return `local libvirt host ${existing.name} already known`;
  if (!(await libvirtAnswers())) return `no libvirtd answering at ${LOCAL_URI}: no local host`;

  // The storage domain reports the real filesystem its images live on.
  await mkdir(deps.imagesDir, { recursive: true });
  const fsStats = await statfs(deps.imagesDir);
  const gib = 1024 ** 3;
  const totalGb = Math.round((fsStats.blocks * fsStats.bsize) / gib);
  const usedGb = Math.round(((fsStats.blocks - fsStats.bavail) * fsStats.bsize) / gib);

  const clusterId = await db.transaction(async (tx) => {
    const [dc] = await tx.query<{ id: string }>(
      `INSERT INTO data_center (name, description, status, storage_mode)
       VALUES ($1, 'This machine, managed through its libvirtd', 'Up', 'Local')
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [LOCAL_DATA_CENTER],
    );
    const [cluster] = await tx.query<{ id: string }>(
      `INSERT INTO cluster (data_center_id, name, description, virt_service)
       VALUES ($1, $2, 'Runs VMs on this machine', true)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [dc!.id, LOCAL_CLUSTER],
    );
    const [network] = await tx.query<{ id: string }>(
      `INSERT INTO network (data_center_id, name, description)
       VALUES ($1, 'ovirtmgmt', 'Management network')
       ON CONFLICT (data_center_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [dc!.id],
    );
    await tx.query(
      `INSERT INTO cluster_network (cluster_id, network_id, required, display, migration)
       VALUES ($1, $2, true, true, true) ON CONFLICT DO NOTHING`,
      [cluster!.id, network!.id],
    );
    // A Local domain whose pool (docs/storage.md) is <imagesDir>/<its id>: monitoring
    // keeps it connected on this host and reports its space.
    const domainId = randomUUID();
    await tx.query(
      `INSERT INTO storage_domain (id, data_center_id, name, description, domain_type, storage_type,
                                   is_master, status, path, target, total_gb, used_gb)
       VALUES ($1, $2, $3, 'Disk images on this machine', 'Data', 'Local', true, 'Active', $4, $5,
               $6, $7)
       ON CONFLICT (name) DO NOTHING`,
      [
        domainId,
        dc!.id,
        LOCAL_STORAGE,
        deps.imagesDir,
        path.join(deps.imagesDir, domainId),
        totalGb,
        usedGb,
      ],
    );
    return cluster!.id;
  });

  const name = os.hostname() || 'localhost';
  const added = await addHost(
    deps,
    { userName: 'admin@internal' },
    { name, address: '127.0.0.1', clusterId, driver: 'libvirt', uri: LOCAL_URI },
  );
  await db.query(
    `UPDATE storage_domain SET host_id = $1 WHERE name = $2 AND storage_type = 'Local' AND host_id IS NULL`,
    [added.id, LOCAL_STORAGE],
  );
  return `local libvirt host ${name} added to data center ${LOCAL_DATA_CENTER}`;
}
