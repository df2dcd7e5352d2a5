import { bookmarkRouter } from './routers/bookmark.js';
import { entityRouter } from './routers/entity.js';
import { eventRouter } from './routers/event.js';
import { searchRouter } from './routers/search.js';
import { treeRouter } from './routers/tree.js';
import { createCallerFactory, router } from './trpc.js';

export const appRouter = router({
  search: searchRouter,
  tree: treeRouter,
  bookmark: bookmarkRouter,
  dataCenter: entityRouter('datacenter'),
  cluster: entityRouter('cluster'),
  host: entityRouter('host'),
  storage: entityRouter('storage'),
  disk: entityRouter('disk'),
  vm: entityRouter('vm'),
  pool: entityRouter('pool'),
  template: entityRouter('template'),
  volume: entityRouter('volume'),
  network: entityRouter('network'),
  user: entityRouter('user'),
  event: eventRouter,
  job: entityRouter('job'),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
