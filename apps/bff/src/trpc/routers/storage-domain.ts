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
import { onlyGranted, onlyVisible } from '../../identity/authz.js';
import { onId, procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const storageDomainRouter = router({
  create: procedure
    .meta({
      needs: {
        group: 'CREATE_STORAGE_DOMAIN',
        on: 'DataCenter',
        id: (i: { dataCenterId?: string | null }) => i.dataCenterId ?? null,
      },
    })
    .input(storageDomainCreateInput)
    .mutation(async ({ ctx, input }) => {
      const r = await createStorageDomain(depsOf(ctx), actorOf(ctx), input);
      return { id: r.id, jobIds: r.jobIds };
    }),
  attach: procedure
    .meta({
      needs: [
        onId('MANIPULATE_STORAGE_DOMAIN', 'StorageDomain'),
        {
          group: 'CREATE_STORAGE_DOMAIN',
          on: 'DataCenter',
          id: (i: { dataCenterId: string }) => i.dataCenterId,
          verb: 'attach storage to',
        },
      ],
    })
    .input(storageDomainAttachInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await attachStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  detach: procedure
    .meta({ needs: onId('MANIPULATE_STORAGE_DOMAIN', 'StorageDomain') })
    .input(storageDomainIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await detachStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  activate: procedure
    .meta({ needs: onId('MANIPULATE_STORAGE_DOMAIN', 'StorageDomain') })
    .input(storageDomainIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await activateStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  maintenance: procedure
    .meta({ needs: onId('MANIPULATE_STORAGE_DOMAIN', 'StorageDomain') })
    .input(storageDomainIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await maintenanceStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  remove: procedure
    .meta({ needs: onId('DELETE_STORAGE_DOMAIN', 'StorageDomain') })
    .input(storageDomainRemoveInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await removeStorageDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  /** Per storage domain id: attach, detach, activate, maintenance, remove — allowed or not and why. */
  actions: procedure
    .meta({ checkedInside: 'answers only for the storage domains the user may see' })
    .input(storageDomainIdsInput)
    .query(async ({ ctx, input }) =>
      storageActionsFor(ctx.db, await onlyVisible(ctx.db, ctx.user, 'StorageDomain', input.ids)),
    ),
  /** Data centers (with their ISO/Export), Up hosts, Gluster volumes and unattached domains. */
  formOptions: procedure
    .meta({ checkedInside: 'offers only the data centers the user may add storage to' })
    .input(storageFormOptionsInput)
    .query(async ({ ctx, input }) => {
      const options = await storageFormOptions(ctx.db, input);
      if (ctx.user.systemGroups.has('CREATE_STORAGE_DOMAIN')) return options;
      const allowed = await onlyGranted(
        ctx.db,
        ctx.user,
        'CREATE_STORAGE_DOMAIN',
        'DataCenter',
        options.dataCenters.map((d) => d.id),
      );
      return {
        ...options,
        dataCenters: options.dataCenters.filter((d) => allowed.includes(d.id)),
        hosts: options.hosts.filter((h) => allowed.includes(h.dataCenterId)),
      };
    }),
});
