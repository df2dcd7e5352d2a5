import type { SearchObjectKey } from '@corral/shared';
import { paramList, visibleWhere } from '../../identity/visibility.js';
import { procedure, router } from '../trpc.js';

export interface TreeHost {
  id: string;
  name: string;
  status: string;
}
export interface TreeCluster {
  id: string;
  name: string;
  hosts: TreeHost[];
  vmCount: number;
}
export interface TreeStorage {
  id: string;
  name: string;
  status: string;
}
export interface TreeDataCenter {
  id: string;
  name: string;
  status: string;
  clusters: TreeCluster[];
  storage: TreeStorage[];
}

/**
 * The system tree: System → data centers → clusters → hosts, and storage per data
 * center. VMs are counted, not listed (a cluster may hold thousands); their node
 * writes a query instead. Four flat queries, assembled here, rather than one per node.
 */
export const treeRouter = router({
  get: procedure
    .meta({ checkedInside: 'shows only what the user may see' })
    .query(async ({ ctx }) => {
      // Who does not see everything sees the clusters, hosts, storage and VMs they hold a
      // permission on (or below one), under the data centers that hold them.
      const visible = (object: SearchObjectKey, row: string) => {
        const { params, param } = paramList();
        return { where: visibleWhere(object, row, ctx.user, param) ?? 'TRUE', params };
      };
      const vmSeen = visible('vm', 'v');
      const clusterSeen = visible('cluster', 'c');
      const hostSeen = visible('host', 'h');
      const storageSeen = visible('storage', 's');
      const [clusters, hosts, storage] = await Promise.all([
        ctx.db.query<TreeCluster & { dcId: string }>(
          `SELECT c.id, c.name, c.data_center_id AS "dcId",
                  (SELECT count(*) FROM vm v WHERE v.cluster_id = c.id AND ${vmSeen.where}) AS "vmCount"
             FROM cluster c WHERE ${clusterSeen.where} ORDER BY lower(c.name)`,
          // Both conditions name the same subjects: one list of parameters serves them.
          vmSeen.params,
        ),
        ctx.db.query<TreeHost & { clusterId: string }>(
          `SELECT id, name, status, cluster_id AS "clusterId" FROM host h
            WHERE ${hostSeen.where} ORDER BY lower(name)`,
          hostSeen.params,
        ),
        ctx.db.query<TreeStorage & { dcId: string }>(
          `SELECT id, name, status, data_center_id AS "dcId" FROM storage_domain s
            WHERE data_center_id IS NOT NULL AND ${storageSeen.where} ORDER BY lower(name)`,
          storageSeen.params,
        ),
      ]);
      // A data center shows when it is visible, or holds a cluster or storage that is.
      const dcSeen = visible('datacenter', 'd');
      const holding = [...new Set([...clusters, ...storage].map((x) => x.dcId))];
      const dcs = await ctx.db.query<TreeDataCenter>(
        ctx.user.seesAll
          ? `SELECT id, name, status FROM data_center ORDER BY lower(name)`
          : `SELECT id, name, status FROM data_center d
              WHERE d.id = ANY($${dcSeen.params.length + 1}::uuid[]) OR ${dcSeen.where} ORDER BY lower(name)`,
        ctx.user.seesAll ? [] : [...dcSeen.params, holding],
      );
      const hostsOf = groupBy(hosts, (h) => h.clusterId);
      const clustersOf = groupBy(clusters, (c) => c.dcId);
      const storageOf = groupBy(storage, (s) => s.dcId);
      return {
        dataCenters: dcs.map((dc) => ({
          id: dc.id,
          name: dc.name,
          status: dc.status,
          clusters: (clustersOf.get(dc.id) ?? []).map((c) => ({
            id: c.id,
            name: c.name,
            vmCount: c.vmCount,
            hosts: (hostsOf.get(c.id) ?? []).map(({ id, name, status }) => ({ id, name, status })),
          })),
          storage: (storageOf.get(dc.id) ?? []).map(({ id, name, status }) => ({
            id,
            name,
            status,
          })),
        })),
      };
    }),
});

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
