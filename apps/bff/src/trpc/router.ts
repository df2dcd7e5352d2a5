import { bookmarkRouter } from './routers/bookmark.js';
import { clusterRouter } from './routers/cluster.js';
import { consoleRouter } from './routers/console.js';
import { dataCenterRouter } from './routers/data-center.js';
import { diskActionsRouter } from './routers/disk-actions.js';
import { entityRouter } from './routers/entity.js';
import { eventRouter } from './routers/event.js';
import { glusterRouter } from './routers/gluster.js';
import { guideRouter } from './routers/guide.js';
import { hostActionsRouter } from './routers/host-actions.js';
import { jobRouter } from './routers/job.js';
import { liveRouter } from './routers/live.js';
import { permissionRouter, roleRouter } from './routers/permission.js';
import { poolRouter } from './routers/pool.js';
import { portalRouter } from './routers/portal.js';
import { searchRouter } from './routers/search.js';
import { statsRouter } from './routers/stats.js';
import { storageDomainRouter } from './routers/storage-domain.js';
import { treeRouter } from './routers/tree.js';
import { userRouter } from './routers/user.js';
import { vmActionsRouter } from './routers/vm-actions.js';
import { createCallerFactory, mergeRouters, router } from './trpc.js';

export const appRouter = router({
  search: searchRouter,
  tree: treeRouter,
  bookmark: bookmarkRouter,
  dataCenter: mergeRouters(entityRouter('datacenter'), dataCenterRouter),
  cluster: mergeRouters(entityRouter('cluster'), clusterRouter),
  host: mergeRouters(entityRouter('host'), hostActionsRouter),
  storage: mergeRouters(entityRouter('storage'), storageDomainRouter),
  disk: mergeRouters(entityRouter('disk'), diskActionsRouter),
  vm: mergeRouters(entityRouter('vm'), vmActionsRouter),
  pool: mergeRouters(entityRouter('pool'), poolRouter),
  template: entityRouter('template'),
  volume: entityRouter('volume'),
  gluster: glusterRouter,
  network: entityRouter('network'),
  user: mergeRouters(entityRouter('user'), userRouter),
  permission: permissionRouter,
  role: roleRouter,
  event: eventRouter,
  job: jobRouter,
  live: liveRouter,
  stats: statsRouter,
  console: consoleRouter,
  guide: guideRouter,
  portal: portalRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
