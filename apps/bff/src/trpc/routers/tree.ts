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
  get: procedure.query(async ({ ctx }) => {
    const [dcs, clusters, hosts, storage] = await Promise.all([
      ctx.db.query<TreeDataCenter>(`SELECT id, name, status FROM data_center ORDER BY lower(name)`),
      ctx.db.query<TreeCluster & { dcId: string }>(
        `SELECT c.id, c.name, c.data_center_id AS "dcId",
                (SELECT count(*) FROM vm v WHERE v.cluster_id = c.id) AS "vmCount"
           FROM cluster c ORDER BY lower(c.name)`,
      ),
      ctx.db.query<TreeHost & { clusterId: string }>(
        `SELECT id, name, status, cluster_id AS "clusterId" FROM host ORDER BY lower(name)`,
      ),
      ctx.db.query<TreeStorage & { dcId: string }>(
        `SELECT id, name, status, data_center_id AS "dcId" FROM storage_domain
          WHERE data_center_id IS NOT NULL ORDER BY lower(name)`,
      ),
    ]);
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
        storage: (storageOf.get(dc.id) ?? []).map(({ id, name, status }) => ({ id, name, status })),
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
