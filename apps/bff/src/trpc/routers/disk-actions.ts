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
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const diskActionsRouter = router({
  create: procedure.input(diskCreateInput).mutation(async ({ ctx, input }) => {
    const r = await createDisk(depsOf(ctx), actorOf(ctx), input);
    return { id: r.id, jobIds: r.jobIds };
  }),
  extend: procedure
    .input(diskExtendInput)
    .mutation(async ({ ctx, input }) => jobs(await extendDisk(depsOf(ctx), actorOf(ctx), input))),
  move: procedure
    .input(diskMoveInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await moveDiskToDomain(depsOf(ctx), actorOf(ctx), input)),
    ),
  remove: procedure
    .input(diskIdInput)
    .mutation(async ({ ctx, input }) => jobs(await removeDisk(depsOf(ctx), actorOf(ctx), input))),
  /**
   * Upload, first half: the disk row (Locked; none for an ISO domain) and the job that
   * waits for the file at `PUT /api/v1/disks/<id>/upload`.
   */
  upload: procedure.input(diskUploadInput).mutation(async ({ ctx, input }) => {
    const r = await beginUpload(depsOf(ctx), actorOf(ctx), input);
    return { id: r.id, jobIds: r.jobIds, uploadUrl: `/api/v1/disks/${r.id}/upload` };
  }),
  /** Per disk id: extend, move, remove — allowed or not and why. */
  actions: procedure
    .input(diskIdsInput)
    .query(({ ctx, input }) => diskActionsFor(ctx.db, input.ids)),
  /** The `.iso` files of the data center's Active ISO domain (of a VM, cluster or data center). */
  isoFiles: procedure.input(isoListInput).query(({ ctx, input }) => isoLibrary(depsOf(ctx), input)),
  /** Data domains (free space, data center) and VMs, for New Disk, Move and Upload. */
  formOptions: procedure
    .input(diskFormOptionsInput)
    .query(({ ctx, input }) => diskFormOptions(ctx.db, input)),
});
