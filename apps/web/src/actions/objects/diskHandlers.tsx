// What the Disks tab's buttons do: New Disk, Extend, Move and Upload open their dialogs, Remove
// asks first. Every command runs as a job (jobs panel, then a toast).
import { ExtendDiskDialog } from '../../disks/ExtendDiskDialog.js';
import { MoveDiskDialog } from '../../disks/MoveDiskDialog.js';
import { NewDiskDialog } from '../../disks/NewDiskDialog.js';
import { UploadDialog } from '../../disks/UploadDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';

export const DISK_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.disk.actions.query({ ids: [...ids] }),

  step(name, rows, { client }) {
    if (name === 'new')
      return {
        kind: 'dialog',
        render: (ctx) => (
          <NewDiskDialog
            onClose={ctx.close}
            onDone={(alias, jobIds) => ctx.done('new', [alias], { jobIds })}
          />
        ),
      };
    if (name === 'upload')
      return {
        kind: 'dialog',
        render: (ctx) => (
          <UploadDialog
            onClose={ctx.close}
            onDone={(alias, jobIds) => ctx.done('upload', [alias], { jobIds })}
          />
        ),
      };
    const [first] = rows;
    if (!first) return null;
    const label = rowLabel(first);
    switch (name) {
      case 'extend':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <ExtendDiskDialog
              disk={first}
              onClose={ctx.close}
              onDone={(jobIds) => ctx.done('extend', [label], { jobIds })}
            />
          ),
        };
      case 'move':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <MoveDiskDialog
              disk={first}
              onClose={ctx.close}
              onDone={(jobIds) => ctx.done('move', [label], { jobIds })}
            />
          ),
        };
      case 'remove': {
        const vms = typeof first.vm === 'string' && first.vm ? first.vm : '';
        return {
          kind: 'confirm',
          title: 'Remove Disk',
          message: vms
            ? `Remove disk ${label}? It is detached from ${vms} and its image is deleted.`
            : `Remove disk ${label}? Its image is deleted.`,
          confirmLabel: 'Remove',
          run: async () => client.disk.remove.mutate({ id: first.id }),
        };
      }
    }
    return null;
  },
};
