import { bookmarkRouter } from './routers/bookmark.js';
import { consoleRouter } from './routers/console.js';
import { entityRouter } from './routers/entity.js';
import { eventRouter } from './routers/event.js';
import { hostActionsRouter } from './routers/host-actions.js';
import { jobRouter } from './routers/job.js';
import { liveRouter } from './routers/live.js';
import { searchRouter } from './routers/search.js';
import { statsRouter } from './routers/stats.js';
import { treeRouter } from './routers/tree.js';
import { vmActionsRouter } from './routers/vm-actions.js';
import { createCallerFactory, mergeRouters, router } from './trpc.js';

export const appRouter = router({
  search: searchRouter,
  tree: treeRouter,
  bookmark: bookmarkRouter,
  dataCenter: entityRouter('datacenter'),
  cluster: entityRouter('cluster'),
  host: mergeRouters(entityRouter('host'), hostActionsRouter),
  storage: entityRouter('storage'),
  disk: entityRouter('disk'),
  vm: mergeRouters(entityRouter('vm'), vmActionsRouter),
  pool: entityRouter('pool'),
  template: entityRouter('template'),
  volume: entityRouter('volume'),
  network: entityRouter('network'),
  user: entityRouter('user'),
  event: eventRouter,
  job: jobRouter,
  live: liveRouter,
  stats: statsRouter,
  console: consoleRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
