import type { HostStatus } from '@corral/shared';
import type { HostCapabilities } from '../../../hosts/driver.js';
import { connectDataCenterDomains } from '../../../storage/domains.js';
import { touched } from '../../changes.js';
import type { EngineDeps } from '../../deps.js';
import type { HostRow } from '../../inventory.js';
import type { Job } from '../../jobs.js';
import { refuse } from '../../rules/refuse.js';

/** Moves a host's status only while it is in one of `from` (as VMs' moveVm does). */
export async function moveHost(
  deps: EngineDeps,
  id: string,
  from: readonly HostStatus[],
  to: HostStatus,
): Promise<boolean> {
  const rows = await deps.db.query(
    `UPDATE host SET status = $3 WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
    [id, from, to],
  );
  touched(deps, 'host', [id]);
  return rows.length > 0;
}

export async function lockHosts(
  deps: EngineDeps,
  hosts: readonly HostRow[],
  to: HostStatus,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    for (const h of hosts) {
      const [row] = await tx.query(
        `UPDATE host SET status = $3 WHERE id = $1 AND status = $2 RETURNING id`,
        [h.id, h.status, to],
      );
      if (!row) refuse(`Host ${h.name} changed state meanwhile; try again.`);
    }
  });
  touched(
    deps,
    'host',
    hosts.map((h) => h.id),
  );
}

/** What the host says about itself, into its row. */
export async function recordCapabilities(
  deps: EngineDeps,
  hostId: string,
  caps: HostCapabilities,
): Promise<void> {
  await deps.db.query(
    `UPDATE host SET cpu_model = $2, cpu_sockets = $3, cpu_cores = $4, cpus = $5, memory_mb = $6,
            os_version = $7, kvm_version = $8, libvirt_version = $9
      WHERE id = $1`,
    [
      hostId,
      caps.cpuModel,
      caps.cpuSockets,
      caps.cpuCores,
      caps.cpus,
      caps.memoryMb,
      caps.osVersion,
      caps.kvmVersion,
      caps.libvirtVersion,
    ],
  );
  touched(deps, 'host', [hostId]);
}

/**
 * A host just Up connects its data center's Active storage domains now (docs/storage.md);
 * one it cannot connect is a Warning, and the storage cycle tries it again.
 */
export async function connectStorage(deps: EngineDeps, j: Job, host: HostRow): Promise<void> {
  for (const { domain, error } of await connectDataCenterDomains(deps, host))
    await j.event({
      severity: 'Warning',
      code: 'STORAGE_DOMAIN_CONNECT_FAILED',
      message: `Host ${host.name} cannot connect Storage Domain ${domain.name}: ${error}`,
      hostId: host.id,
      storageDomainId: domain.id,
      dataCenterId: domain.data_center_id,
    });
}
