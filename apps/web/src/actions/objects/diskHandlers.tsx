// What the Disks tab's buttons do: New Disk, Extend, Move and Upload open their dialogs, Remove
// asks first. Every command runs as a job (jobs panel, then a toast).
import { ExtendDiskDialog } from '../../disks/ExtendDiskDialog.js';
import { MoveDiskDialog } from '../../disks/MoveDiskDialog.js';
import { NewDiskDialog } from '../../disks/NewDiskDialog.js';
import { UploadDialog } from '../../disks/UploadDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';
import { dialogStep, removeStep } from './steps.js';

export const DISK_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.disk.actions.query({ ids: [...ids] }),

  step(name, rows, { client }) {
    if (name === 'new')
      return dialogStep((ctx) => (
        <NewDiskDialog
          onClose={ctx.close}
          onDone={(alias, jobIds) => ctx.done('new', [alias], { jobIds })}
        />
      ));
    if (name === 'upload')
      return dialogStep((ctx) => (
        <UploadDialog
          onClose={ctx.close}
          onDone={(alias, jobIds) => ctx.done('upload', [alias], { jobIds })}
        />
      ));
    const [first] = rows;
    if (!first) return null;
    const label = rowLabel(first);
    switch (name) {
      case 'extend':
        return dialogStep((ctx) => (
          <ExtendDiskDialog
            disk={first}
            onClose={ctx.close}
            onDone={(jobIds) => ctx.done('extend', [label], { jobIds })}
          />
        ));
      case 'move':
        return dialogStep((ctx) => (
          <MoveDiskDialog
            disk={first}
            onClose={ctx.close}
            onDone={(jobIds) => ctx.done('move', [label], { jobIds })}
          />
        ));
      case 'remove': {
        const vms = typeof first.vm === 'string' && first.vm ? first.vm : '';
        return removeStep(
          'Remove Disk',
          vms
            ? `Remove disk ${label}? It is detached from ${vms} and its image is deleted.`
            : `Remove disk ${label}? Its image is deleted.`,
          async () => client.disk.remove.mutate({ id: first.id }),
        );
      }
    }
    return null;
  },
};
