// The disk commands (Disks tab): New Disk, Extend, Move, Remove, and the first half of
// an upload; each answers at once with the jobs it started. Beside them each disk's
// actions with the reason when refused, and the dialogs' choices.
import {
  diskCreateInput,
  diskExtendInput,
  diskFormOptionsInput,
  diskIdInput,
  diskIdsInput,
  diskMoveInput,
  diskUploadInput,
  isoListInput,
} from '@corral/shared';
import { createDisk } from '../../engine/commands/disk/create.js';
import { extendDisk } from '../../engine/commands/disk/extend.js';
import { isoLibrary } from '../../engine/commands/disk/iso.js';
import { moveDiskToDomain } from '../../engine/commands/disk/move.js';
import { removeDisk } from '../../engine/commands/disk/remove.js';
import { beginUpload } from '../../engine/commands/disk/upload.js';
import { diskActionsFor, diskFormOptions } from '../../engine/commands/disk/views.js';
import type { Started } from '../../engine/index.js';
import { filterVisible, onlyVisible, requireVisible } from '../../identity/authz.js';
import { onId, procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const diskActionsRouter = router({
  create: procedure
    .meta({
      needs: [
        {
          group: 'CREATE_DISK',
          on: 'StorageDomain',
          id: (i: { storageDomainId: string }) => i.storageDomainId,
        },
        {
          group: 'CONFIGURE_VM_STORAGE',
          on: 'Vm',
          id: (i: { vmId?: string | null }) => i.vmId,
          optional: true,
          verb: 'attach disks to',
        },
      ],
    })
    .input(diskCreateInput)
    .mutation(async ({ ctx, input }) => {
      const r = await createDisk(depsOf(ctx), actorOf(ctx), input);
      return { id: r.id, jobIds: r.jobIds };
    }),
  extend: procedure
    .meta({ needs: onId('EDIT_DISK_PROPERTIES', 'Disk') })
    .input(diskExtendInput)
    .mutation(async ({ ctx, input }) => jobs(await extendDisk(depsOf(ctx), actorOf(ctx), input))),
  move: procedure
    .meta({
      needs: [
        onId('EDIT_DISK_PROPERTIES', 'Disk'),
        {
          group: 'CREATE_DISK',
          on: 'StorageDomain',
          id: (i: { storageDomainId: string }) => i.storageDomainId,
          verb: 'move disks to',
        },
      ],
    })
    .input(diskMoveInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await moveDiskToDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  remove: procedure
    .meta({ needs: onId('DELETE_DISK', 'Disk') })
    .input(diskIdInput)
    .mutation(async ({ ctx, input }) => jobs(await removeDisk(depsOf(ctx), actorOf(ctx), input))),
  /**
   * Upload, first half: the disk row (Locked; none for an ISO domain) and the job that
   * waits for the file at `PUT /api/v1/disks/<id>/upload`.
   */
  upload: procedure
    .meta({
      needs: {
        group: 'CREATE_DISK',
        on: 'StorageDomain',
        id: (i: { storageDomainId: string }) => i.storageDomainId,
      },
    })
    .input(diskUploadInput)
    .mutation(async ({ ctx, input }) => {
      const r = await beginUpload(depsOf(ctx), actorOf(ctx), input);
      return { id: r.id, jobIds: r.jobIds, uploadUrl: `/api/v1/disks/${r.id}/upload` };
    }),
  /** Per disk id: extend, move, remove — allowed or not and why. */
  actions: procedure
    .meta({ checkedInside: 'answers only for the disks the user may see' })
    .input(diskIdsInput)
    .query(async ({ ctx, input }) =>
      diskActionsFor(ctx.db, await onlyVisible(ctx.db, ctx.user, 'Disk', input.ids)),
    ),
  /** The `.iso` files of the data center's Active ISO domain (of a VM, cluster or data center). */
  isoFiles: procedure
    .meta({ checkedInside: 'the VM, cluster or data center named must be visible' })
    .input(isoListInput)
    .query(async ({ ctx, input }) => {
      if (input.vmId) await requireVisible(ctx.db, ctx.user, 'Vm', input.vmId);
      if (input.clusterId) await requireVisible(ctx.db, ctx.user, 'Cluster', input.clusterId);
      if (input.dataCenterId)
        await requireVisible(ctx.db, ctx.user, 'DataCenter', input.dataCenterId);
      return isoLibrary(depsOf(ctx), input);
    }),
  /** Data domains (free space, data center) and VMs, for New Disk, Move and Upload. */
  formOptions: procedure
    .meta({ checkedInside: 'offers only the domains and VMs the user may see' })
    .input(diskFormOptionsInput)
    .query(async ({ ctx, input }) => {
      const options = await diskFormOptions(ctx.db, input);
      return {
        domains: await filterVisible(ctx.db, ctx.user, 'StorageDomain', options.domains),
        vms: await filterVisible(ctx.db, ctx.user, 'Vm', options.vms),
      };
    }),
});
