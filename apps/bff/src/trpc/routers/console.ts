// Consoles: a ticket for the websocket console proxy (docs/consoles.md).
import { z } from 'zod';
import { consoleConfig } from '../../console/config.js';
import { openConsole } from '../../console/open.js';
import { consoleSecret, consoleVm } from '../../console/store.js';
import { CONSOLE_PROTOCOLS, verifyTicket } from '../../console/ticket.js';
import { vvFileText } from '../../console/vv.js';
import { AppError } from '../../engine/errors.js';
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const consoleInput = z.object({ vmId: z.uuid(), protocol: z.enum(CONSOLE_PROTOCOLS) });

/** Both ways of opening a console: the same right on the VM, the same input. */
const consoleProcedure = procedure
  .meta({
    needs: {
      group: 'CONNECT_TO_VM',
      on: 'Vm',
      id: (i: { vmId: string }) => i.vmId,
      verb: 'open the console of',
    },
  })
  .input(consoleInput);

export const consoleRouter = router({
  open: consoleProcedure.mutation(({ ctx, input }) =>
    openConsole(depsOf(ctx), actorOf(ctx), input, {
      secret: consoleConfig().CORRAL_CONSOLE_SECRET,
    }),
  ),
  /**
   * A remote-viewer file: opened exactly like a browser console (rule, takeover, fresh
   * host password), the console's address and port read back from the signed ticket.
   */
  vv: consoleProcedure.mutation(async ({ ctx, input }) => {
    const deps = depsOf(ctx);
    const secret = consoleConfig().CORRAL_CONSOLE_SECRET;
    const opened = await openConsole(deps, actorOf(ctx), input, { secret });
    const verdict = verifyTicket(await consoleSecret(deps.db, secret), opened.ticket, Date.now());
    if (!verdict.ok) throw new AppError('CONFLICT', `The console ticket is ${verdict.reason}.`);
    const vm = await consoleVm(deps.db, input.vmId);
    return {
      fileName: 'console.vv',
      text: vvFileText({
        protocol: opened.protocol,
        host: verdict.claims.address,
        port: verdict.claims.port,
        password: opened.password,
        title: vm?.name ?? input.vmId,
        expiresAt: opened.expiresAt,
      }),
    };
  }),
});
