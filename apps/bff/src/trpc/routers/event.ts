import { z } from 'zod';
import { recentEvents } from '../../details/index.js';
import { mergeRouters, procedure, router } from '../trpc.js';
import { entityRouter } from './entity.js';

/** Events are searchable like any object, and also feed the portal's events panel. */
export const eventRouter = mergeRouters(
  entityRouter('event'),
  router({
    recent: procedure
      .meta({ checkedInside: 'only events the user may see' })
      .input(z.object({ limit: z.number().int().min(1).max(500).default(50) }))
      .query(({ ctx, input }) => recentEvents(ctx.db, input.limit, ctx.user)),
  }),
);
