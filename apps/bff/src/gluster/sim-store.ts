// The simulated twin starts from what the store says (as simulated hosts do): a host's
// cluster is its trusted storage pool, and the cluster's volumes exist in gluster with
// their bricks, state, counts and options — so the demo's volumes are there after a
// restart, and monitoring finds them as the store left them.
import type { GlusterVolumeType } from '@corral/shared';
import type { HostAddress } from '../hosts/driver.js';
import type { Db } from '../store/index.js';
import type { SimGlusterInitial } from './sim.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GIB = 1024 ** 3;

interface Row {
  id: string;
  gluster_id: string | null;
  name: string;
  status: string;
  volume_type: GlusterVolumeType;
  replica_count: number;
  arbiter_count: number;
  disperse_count: number;
  redundancy_count: number;
  options: Record<string, string>;
  operation: string | null;
}

export function simGlusterInitialFromStore(
  db: Db,
): (host: HostAddress) => Promise<SimGlusterInitial | undefined> {
  return async (host) => {
    if (!UUID.test(host.id)) return undefined;
    const [own] = await db.query<{ cluster_id: string }>(
      `SELECT cluster_id FROM host WHERE id = $1`,
      [host.id],
    );
    if (!own) return undefined;
    const peers = await db.query<HostAddress & { uri: string | null }>(
      `SELECT id, name, address, uri FROM host WHERE cluster_id = $1 AND driver = 'sim' AND id <> $2`,
      [own.cluster_id, host.id],
    );
    const volumes = await db.query<Row>(
      `SELECT id, gluster_id, name, status, volume_type, replica_count, arbiter_count, disperse_count,
              redundancy_count, options, operation
         FROM gluster_volume WHERE cluster_id = $1 ORDER BY name`,
      [own.cluster_id],
    );
    const bricks = await db.query<{
      volume_id: string;
      host_id: string;
      name: string;
      address: string;
      directory: string;
      total_gb: number;
      free_gb: number;
    }>(
      `SELECT b.volume_id, b.host_id, h.name, h.address, b.directory, b.total_gb, b.free_gb
         FROM gluster_brick b JOIN host h ON h.id = b.host_id
        WHERE b.volume_id = ANY($1::uuid[]) AND h.driver = 'sim'
        ORDER BY b.volume_id, b.position`,
      [volumes.map((v) => v.id)],
    );
    return {
      peers,
      volumes: volumes
        // A volume still being created never reached gluster.
        .filter((v) => v.operation !== 'Creating')
        .map((v) => ({
          id: v.gluster_id ?? v.id,
          name: v.name,
          state: v.status === 'Up' ? ('Started' as const) : ('Stopped' as const),
          type: v.volume_type,
          replicaCount: v.replica_count,
          arbiterCount: v.arbiter_count,
          disperseCount: v.disperse_count,
          redundancyCount: v.redundancy_count,
          options: v.options,
          bricks: bricks
            .filter((b) => b.volume_id === v.id)
            .map((b) => ({
              host: { id: b.host_id, name: b.name, address: b.address },
              directory: b.directory,
              ...(b.total_gb > 0
                ? {
                    totalBytes: Math.round(b.total_gb * GIB),
                    freeBytes: Math.round(b.free_gb * GIB),
                  }
                : {}),
            })),
        })),
    };
  };
}
