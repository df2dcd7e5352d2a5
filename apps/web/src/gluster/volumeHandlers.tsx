// What the Volumes tab's buttons do: gluster commands on the selection (confirmed first
// when they cut clients off or cannot be undone) and the Gluster dialogs. Guide Me's
// "New Volume" step opens `new` with `preset.clusterId`.
import type { ApiClient } from '../api/trpc.js';
import { rowLabel } from '../actions/actionModel.js';
import type { ActionHandlers, ActionStep, CommandResult } from '../actions/actionSteps.js';
import { namesOf } from '../actions/confirmText.js';
import { AddBricksDialog } from './AddBricksDialog.js';
import { HealInfoDialog } from './HealInfoDialog.js';
import { OptionsDialog } from './OptionsDialog.js';
import { RemoveBricksDialog } from './RemoveBricksDialog.js';
import { ReplaceBrickDialog } from './ReplaceBrickDialog.js';
import { optimizeWarnings } from './volumeActions.js';
import { VolumeDialog } from './VolumeDialog.js';

type Ids = { ids: string[] };
const on =
  (send: (c: ApiClient, input: Ids) => Promise<{ jobIds: string[] }>) =>
  (client: ApiClient, ids: readonly string[]) =>
  async (): Promise<CommandResult> => ({ jobIds: (await send(client, { ids: [...ids] })).jobIds });

const START = on((c, i) => c.gluster.start.mutate(i));
const STOP = on((c, i) => c.gluster.stop.mutate(i));
const DELETE = on((c, i) => c.gluster.delete.mutate(i));
const OPTIMIZE = on((c, i) => c.gluster.optimize.mutate(i));

export const VOLUME_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.gluster.actions.query({ ids: [...ids] }),

  step(name, rows, { client, preset }): ActionStep | null {
    const ids = rows.map((r) => r.id);
    const names = namesOf(rows);
    const what = rows.length > 1 ? `${rows.length} Gluster volumes` : 'Gluster volume';
    switch (name) {
      case 'new':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <VolumeDialog
              clusterId={preset.clusterId}
              onClose={ctx.close}
              onDone={(r) => ctx.done('new', [r.name], { jobIds: r.jobIds })}
            />
          ),
        };
      case 'start':
        return { kind: 'send', run: START(client, ids) };
      case 'stop':
        return {
          kind: 'confirm',
          title: 'Stop Gluster Volume(s)',
          message: `Stop ${what} ${names}? Clients using ${rows.length > 1 ? 'them' : 'it'} lose access until it is started again.`,
          confirmLabel: 'Stop',
          run: STOP(client, ids),
        };
      case 'remove':
        return {
          kind: 'confirm',
          title: 'Remove Gluster Volume(s)',
          message: `Remove ${what} ${names}? gluster deletes the volume; the files stay in the brick directories on the hosts.`,
          confirmLabel: 'Remove',
          run: DELETE(client, ids),
        };
      case 'optimize': {
        const warnings = optimizeWarnings(rows);
        return {
          kind: 'confirm',
          title: 'Optimize for Virt Store',
          message:
            `Optimize ${what} ${names} for virt store? gluster's virt option group is applied and QEMU's user becomes the owner of the volume's files.` +
            (warnings.length > 0 ? ` Warning: ${warnings.join(' ')}` : ''),
          confirmLabel: 'Optimize',
          run: OPTIMIZE(client, ids),
        };
      }
    }
    const [first] = rows;
    if (!first) return null;
    const one = [rowLabel(first)];
    switch (name) {
      case 'rebalance':
        return {
          kind: 'send',
          run: async () => ({
            jobIds: (await client.gluster.rebalance.mutate({ id: first.id })).jobIds,
          }),
        };
      case 'addBricks':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <AddBricksDialog
              volume={first}
              onClose={ctx.close}
              onDone={(jobIds) => ctx.done('addBricks', one, { jobIds })}
            />
          ),
        };
      case 'removeBricks':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <RemoveBricksDialog
              volume={first}
              onClose={ctx.close}
              onDone={(jobIds) => ctx.done('removeBricks', one, { jobIds })}
            />
          ),
        };
      case 'replaceBrick':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <ReplaceBrickDialog
              volume={first}
              onClose={ctx.close}
              onDone={(jobIds) => ctx.done('replaceBrick', one, { jobIds })}
            />
          ),
        };
      case 'options':
        return {
          kind: 'dialog',
          render: (ctx) => <OptionsDialog volume={first} onClose={ctx.close} />,
        };
      case 'healInfo':
        return {
          kind: 'dialog',
          render: (ctx) => <HealInfoDialog volume={first} onClose={ctx.close} />,
        };
    }
    return null;
  },
};
