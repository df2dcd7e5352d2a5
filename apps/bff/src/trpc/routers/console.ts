// Consoles: a ticket for the websocket console proxy (docs/consoles.md).
import { z } from 'zod';
import { consoleConfig } from '../../console/config.js';
import { openConsole } from '../../console/open.js';
import { CONSOLE_PROTOCOLS } from '../../console/ticket.js';
import { publicProcedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

export const consoleRouter = router({
  open: publicProcedure
    .input(z.object({ vmId: z.uuid(), protocol: z.enum(CONSOLE_PROTOCOLS) }))
    .mutation(({ ctx, input }) =>
      openConsole(depsOf(ctx), actorOf(ctx), input, {
        secret: consoleConfig().CORRAL_CONSOLE_SECRET,
      }),
    ),
});
