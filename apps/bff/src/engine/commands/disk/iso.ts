// The ISO library: the `.iso` files of a data center's Active ISO domain, as its pool
// lists them on a host that reaches it (`virsh pool-refresh` + `vol-list` on libvirt;
// the simulated storage's volumes on a simulated host). Run Once offers them as the VM's
// CD; each comes with its path on the hosts (the pool's target + its name).
import path from 'node:path';
import type { Db } from '../../../store/index.js';
import type { EngineDeps } from '../../deps.js';
import { errorMessage } from '../../jobs.js';
import { findStorageDomains } from '../../../storage/domains.js';
import { domainHosts, hostForDomains } from './common.js';
import { hostImages, isSimulated, simPoolFiles } from './host-images.js';

export interface IsoLibrary {
  /** The data center's ISO domain, if it has one. */
  domain: { id: string; name: string; status: string } | null;
  files: { name: string; path: string }[];
  /** Why there is no list (no ISO domain, not Active, no host reaches it, …). */
  reason?: string;
}

async function dataCenterOf(
  db: Db,
  input: {
    vmId?: string | undefined;
    clusterId?: string | undefined;
    dataCenterId?: string | undefined;
  },
): Promise<string | null> {
  if (input.dataCenterId) return input.dataCenterId;
  const [row] = input.vmId
    ? await db.query<{ dc: string }>(
        `SELECT c.data_center_id AS dc FROM vm v JOIN cluster c ON c.id = v.cluster_id WHERE v.id = $1`,
        [input.vmId],
      )
    : input.clusterId
      ? await db.query<{ dc: string }>(`SELECT data_center_id AS dc FROM cluster WHERE id = $1`, [
          input.clusterId,
        ])
      : [];
  return row?.dc ?? null;
}

export async function isoLibrary(
  deps: EngineDeps,
  input: {
    vmId?: string | undefined;
    clusterId?: string | undefined;
    dataCenterId?: string | undefined;
  },
): Promise<IsoLibrary> {
  const dc = await dataCenterOf(deps.db, input);
  if (!dc) return { domain: null, files: [], reason: 'No data center.' };
  const [iso] = await deps.db.query<{ id: string }>(
    `SELECT id FROM storage_domain WHERE data_center_id = $1 AND domain_type = 'ISO'`,
    [dc],
  );
  if (!iso) return { domain: null, files: [], reason: 'The data center has no ISO domain.' };
  const [domain] = await findStorageDomains(deps.db, [iso.id]);
  const shown = { id: domain!.id, name: domain!.name, status: domain!.status };
  if (domain!.status !== 'Active')
    return { domain: shown, files: [], reason: `ISO domain ${domain!.name} is ${domain!.status}.` };
  if (!domain!.target)
    return { domain: shown, files: [], reason: `ISO domain ${domain!.name} has no pool.` };
  try {
    const host = await hostForDomains(deps, [domain!], await domainHosts(deps.db, domain!));
    if (!host)
      return {
        domain: shown,
        files: [],
        reason: `No Up host reaches ISO domain ${domain!.name}.`,
      };
    const names = isSimulated(host.conn)
      ? simPoolFiles(host.conn, domain!.id)
      : ((await hostImages(host.conn)?.poolFiles(domain!.id)) ?? []);
    return {
      domain: shown,
      files: names
        .filter((n) => /\.iso$/i.test(n))
        .map((name) => ({ name, path: path.posix.join(domain!.target!, name) })),
    };
  } catch (err) {
    return { domain: shown, files: [], reason: errorMessage(err) };
  }
}
