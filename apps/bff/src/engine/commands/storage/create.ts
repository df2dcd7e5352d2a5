// New Domain: a storage domain on NFS, POSIX, GlusterFS or Local storage, prepared
// through one Up host. The row appears at once (Locked); the job connects the storage on
// that host (a libvirt pool: mounted, its target created), records where it lives and
// its space, then either attaches and activates it in the data center chosen (the first
// Data domain becoming the Master) or disconnects it again, Unattached.
import {
  splitGlusterPath,
  splitServerPath,
  type StorageDomainCreate,
  type StorageType,
} from '@corral/shared';
import { randomUUID } from 'node:crypto';
import {
  connectOn,
  getStorageDomain,
  hostsFor,
  poolSpecOf,
  releaseOn,
  releaseQuietly,
  settleDataCenterStatus,
  type StorageDomainRow,
} from '../../../storage/domains.js';
import { attachTarget, requireAttachable } from '../../../storage/rules.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { getHost } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import { connectAndActivate, CONNECTING, ACTIVATING, dataCenterName } from './common.js';

/** One spelling per storage location, so the same export is not used twice. */
export function normalisePath(type: StorageType, p: string): string {
  if (type === 'GlusterFS') {
    const g = splitGlusterPath(p);
    return g ? `${g.server}:/${g.volume}` : p;
  }
  const s = splitServerPath(p);
  const trim = (x: string) => (x.length > 1 ? x.replace(/\/+$/, '') : x);
  return s ? `${s.server}:${trim(s.path)}` : trim(p);
}

interface GlusterVolumeRow {
  id: string;
  name: string;
  status: string;
  server: string | null;
}

async function glusterPath(
  deps: EngineDeps,
  volumeId: string,
  given: string,
): Promise<{ path: string; volume: GlusterVolumeRow }> {
  const [volume] = await deps.db.query<GlusterVolumeRow>(
    `SELECT v.id, v.name, v.status,
            (SELECT h.address FROM gluster_brick b JOIN host h ON h.id = b.host_id
              WHERE b.volume_id = v.id ORDER BY b.position LIMIT 1) AS server
       FROM gluster_volume v WHERE v.id = $1`,
    [volumeId],
  );
  if (!volume) refuse('The Gluster volume does not exist.', 'glusterVolumeId');
  if (volume.status !== 'Up')
    refuse(`Gluster volume ${volume.name} is not started; start it first.`, 'glusterVolumeId');
  if (given) {
    const parts = splitGlusterPath(given);
    if (parts?.volume !== volume.name)
      refuse(`The path names volume ${parts?.volume}, not Gluster volume ${volume.name}.`, 'path');
    return { path: given, volume };
  }
  if (!volume.server)
    refuse(`Gluster volume ${volume.name} has no bricks to mount it from.`, 'glusterVolumeId');
  return { path: `${volume.server}:/${volume.name}`, volume };
}

export async function createStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: StorageDomainCreate,
): Promise<Started & { id: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const [taken] = await db.query(`SELECT 1 FROM storage_domain WHERE lower(name) = lower($1)`, [
    input.name,
  ]);
  if (taken) refuse(`A storage domain named ${input.name} already exists.`, 'name');

  const [host] = await db.query<{ id: string; name: string; status: string; dc: string }>(
    `SELECT h.id, h.name, h.status, c.data_center_id AS dc
       FROM host h JOIN cluster c ON c.id = h.cluster_id WHERE h.id = $1`,
    [input.hostId],
  );
  if (!host) refuse('The host does not exist.', 'hostId');
  if (host.status !== 'Up')
    refuse(
      `Host ${host.name} is ${host.status}; the storage is prepared through an Up host.`,
      'hostId',
    );

  // A Local domain lives on its host, in the host's (Local) data center.
  const dataCenterId =
    input.dataCenterId ?? (input.storageType === 'Local' ? host.dc : null) ?? null;
  if (dataCenterId && host.dc !== dataCenterId)
    refuse(
      `Host ${host.name} is not in Data Center ${await dataCenterName(deps, dataCenterId)}; use one of its hosts.`,
      'hostId',
    );

  let source = input.path;
  let glusterVolumeId: string | null = null;
  if (input.storageType === 'GlusterFS' && input.glusterVolumeId) {
    const g = await glusterPath(deps, input.glusterVolumeId, input.path);
    source = g.path;
    glusterVolumeId = g.volume.id;
  }
  source = normalisePath(input.storageType, source);
  if (input.storageType === 'GlusterFS' && !glusterVolumeId) {
    // A path naming a volume the store knows (one of that name) links to it.
    const named = await db.query<{ id: string }>(`SELECT id FROM gluster_volume WHERE name = $1`, [
      splitGlusterPath(source)?.volume ?? '',
    ]);
    if (named.length === 1) glusterVolumeId = named[0]!.id;
  }
  const [used] = await db.query<{ name: string }>(
    `SELECT name FROM storage_domain
      WHERE storage_type = $1 AND path = $2 AND (storage_type <> 'Local' OR host_id = $3)`,
    [input.storageType, source, input.hostId],
  );
  if (used) refuse(`Storage domain ${used.name} already uses ${source}.`, 'path');

  const row: StorageDomainRow = {
    id: randomUUID(),
    name: input.name,
    description: input.description,
    data_center_id: dataCenterId,
    domain_type: input.domainType,
    storage_type: input.storageType,
    is_master: false,
    status: 'Locked',
    path: source,
    vfs_type: input.storageType === 'POSIX' ? (input.vfsType ?? null) : null,
    mount_options: input.mountOptions,
    gluster_volume_id: glusterVolumeId,
    host_id: input.storageType === 'Local' ? input.hostId : null,
    // A Local domain is its directory; network storage is mounted where the host says.
    target: input.storageType === 'Local' ? source : null,
    total_gb: 0,
    used_gb: 0,
  };
  const dc = dataCenterId ? await attachTarget(db, dataCenterId) : null;
  if (dc) await requireAttachable(db, row, dc, input.dataCenterId ? 'dataCenterId' : 'storageType');
  const hostRow = await getHost(db, host.id);
  await reach(deps, [hostRow]);

  try {
    await db.query(
      `INSERT INTO storage_domain (id, name, description, data_center_id, domain_type, storage_type,
         status, path, vfs_type, mount_options, gluster_volume_id, host_id, target)
       VALUES ($1, $2, $3, $4, $5, $6, 'Locked', $7, $8, $9, $10, $11, $12)`,
      [
        row.id,
        row.name,
        row.description,
        row.data_center_id,
        row.domain_type,
        row.storage_type,
        row.path,
        row.vfs_type,
        row.mount_options,
        row.gluster_volume_id,
        row.host_id,
        row.target,
      ],
    );
  } catch (err) {
    // Two requests racing: the name, or the data center's one ISO / Export domain.
    if (isUniqueViolation(err)) {
      const detail = String((err as { constraint?: string }).constraint ?? '');
      if (detail.includes('iso_export'))
        refuse(
          `Data Center ${dc?.name} already has an ${row.domain_type} domain; a data center has at most one.`,
          'domainType',
        );
      refuse(`A storage domain named ${input.name} already exists.`, 'name');
    }
    throw err;
  }
  touched(deps, 'storage', [row.id]);

  const prepare = `Connecting the storage on Host ${host.name}`;
  const steps = dc ? [prepare, CONNECTING, ACTIVATING] : [prepare, 'Disconnecting the storage'];
  const job = await startJob(
    deps,
    a,
    {
      description: `Adding Storage Domain ${row.name}${dc ? ` to Data Center ${dc.name}` : ''}`,
      steps,
      refs: { storageDomainId: row.id, dataCenterId },
    },
    async (j) => {
      await j.event({
        storageDomainId: row.id,
        dataCenterId,
        code: 'USER_ADD_STORAGE_DOMAIN',
        message: `Storage Domain ${row.name} (${row.domain_type}, ${row.storage_type} ${row.path}) was added by ${a.userName}.`,
      });
      const connected = new Set([hostRow]);
      await orUndo(
        async () => {
          await j.step(prepare, async () => {
            const info = await connectOn(deps, poolSpecOf(row, deps.imagesDir), [hostRow]);
            if (!info) throw new Error(`Host ${host.name} did not connect the storage`);
            await db.query(
              `UPDATE storage_domain SET target = $2, total_gb = $3, used_gb = $4 WHERE id = $1`,
              [
                row.id,
                info.target,
                info.capacityGb,
                Math.max(0, info.capacityGb - info.availableGb),
              ],
            );
            touched(deps, 'storage', [row.id]);
          });
          const recorded = await getStorageDomain(db, row.id);
          if (dc) {
            for (const h of await hostsFor(db, recorded, dc.id)) connected.add(h);
            await connectAndActivate(deps, j, recorded, dc.id, 'Locked');
            await j.event({
              storageDomainId: row.id,
              dataCenterId: dc.id,
              code: 'USER_ATTACH_STORAGE_DOMAIN_TO_POOL',
              message: `Storage Domain ${row.name} was attached to Data Center ${dc.name} and activated.`,
            });
          } else {
            await j.step('Disconnecting the storage', async () => {
              await releaseOn(deps, row.id, row.name, [hostRow]);
              await db.query(
                `UPDATE storage_domain SET status = 'Unattached' WHERE id = $1 AND status = 'Locked'`,
                [row.id],
              );
              touched(deps, 'storage', [row.id]);
            });
          }
        },
        async () => {
          await releaseQuietly(deps, row.id, row.name, [...connected]);
          await db.query(`DELETE FROM storage_domain WHERE id = $1`, [row.id]);
          touched(deps, 'storage', [row.id], 'remove');
          if (dc) await settleDataCenterStatus(deps, dc.id);
        },
      );
    },
  );
  return { id: row.id, ...started([job]) };
}
