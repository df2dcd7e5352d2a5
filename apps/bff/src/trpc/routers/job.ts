import { z } from 'zod';
import { recentJobs } from '../../engine/views.js';
import { mergeRouters, procedure, router } from '../trpc.js';
import { entityRouter } from './entity.js';

/** Jobs are searchable like any object; `recent` feeds the portal's jobs panel and toasts. */
export const jobRouter = mergeRouters(
  entityRouter('job'),
  router({
    recent: procedure
      .meta({ checkedInside: 'only the user’s own jobs unless they see everything' })
      .input(z.object({ limit: z.number().int().min(1).max(500).default(50) }))
      .query(({ ctx, input }) =>
        recentJobs(ctx.db, input.limit, ctx.user.seesAll ? undefined : ctx.user.login),
      ),
  }),
);
