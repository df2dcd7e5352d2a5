// Usage over time for the details charts (docs/monitoring.md, "History").
import { z } from 'zod';
import { requireVisible } from '../../identity/authz.js';
import { usageHistory } from '../../monitoring/index.js';
import { procedure, router } from '../trpc.js';

export const statsRouter = router({
  /** CPU, memory and network (percent) of a host or VM over the last `minutes`, oldest first. */
  history: procedure
    .meta({ checkedInside: 'the host or VM must be visible' })
    .input(
      z.object({
        object: z.enum(['host', 'vm']),
        id: z.uuid(),
        minutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(60),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireVisible(ctx.db, ctx.user, input.object === 'host' ? 'Host' : 'Vm', input.id);
      const since = new Date(Date.now() - input.minutes * 60_000);
      return { points: await usageHistory(ctx.db, ctx.vmUsage, input.object, input.id, since) };
    }),
});
