// Usage over time for the details charts (docs/monitoring.md, "History").
import { z } from 'zod';
import { usageHistory, type VmUsageSource } from '../../monitoring/index.js';
import type { Context } from '../context.js';
import { publicProcedure, router } from '../trpc.js';

/**
 * What the stats router needs beyond the store: this process's monitor, which holds the
 * VMs' history. Without one (a BFF that does not monitor), VMs have no history to show.
 */
export interface StatsContext {
  vmUsage?: VmUsageSource | undefined;
}

export const statsRouter = router({
  /** CPU, memory and network (percent) of a host or VM over the last `minutes`, oldest first. */
  history: publicProcedure
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
      const since = new Date(Date.now() - input.minutes * 60_000);
      const vms = (ctx as Context & StatsContext).vmUsage;
      return { points: await usageHistory(ctx.db, vms, input.object, input.id, since) };
    }),
});
