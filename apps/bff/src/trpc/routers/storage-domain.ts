// The storage domain commands: New Domain (optionally attached and activated in a data
// center at once), attach, detach, activate, maintenance, remove (optionally format).
// Each answers at once with the job it started; each domain's actions come with the
// reason when refused, and the dialogs' choices from formOptions.
import {
  storageDomainAttachInput,
  storageDomainCreateInput,
  storageDomainIdInput,
  storageDomainIdsInput,
  storageDomainRemoveInput,
  storageFormOptionsInput,
} from '@corral/shared';
import { activateStorageDomain } from '../../engine/commands/storage/activate.js';
import { attachStorageDomain } from '../../engine/commands/storage/attach.js';
import { createStorageDomain } from '../../engine/commands/storage/create.js';
import { detachStorageDomain } from '../../engine/commands/storage/detach.js';
import { maintenanceStorageDomain } from '../../engine/commands/storage/maintenance.js';
import { removeStorageDomain } from '../../engine/commands/storage/remove.js';
import { storageActionsFor, storageFormOptions } from '../../engine/commands/storage/views.js';
import type { Started } from '../../engine/index.js';
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const storageDomainRouter = router({
  create: procedure.input(storageDomainCreateInput).mutation(async ({ ctx, input }) => {
    const r = await createStorageDomain(depsOf(ctx), actorOf(ctx), input);
    return { id: r.id, jobIds: r.jobIds };
  }),
  attach: procedure
    .input(storageDomainAttachInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await attachStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  detach: procedure
    .input(storageDomainIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await detachStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  activate: procedure
    .input(storageDomainIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await activateStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  maintenance: procedure
    .input(storageDomainIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await maintenanceStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  remove: procedure
    .input(storageDomainRemoveInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await removeStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  /** Per storage domain id: attach, detach, activate, maintenance, remove — allowed or not and why. */
  actions: procedure
    .input(storageDomainIdsInput)
    .query(({ ctx, input }) => storageActionsFor(ctx.db, input.ids)),
  /** Data centers (with their ISO/Export), Up hosts, Gluster volumes and unattached domains. */
  formOptions: procedure
    .input(storageFormOptionsInput)
    .query(({ ctx, input }) => storageFormOptions(ctx.db, input)),
});
