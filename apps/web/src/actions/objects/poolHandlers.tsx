// What the Pools tab's buttons do: New and Edit Pool open the pool dialog; Remove asks
// first (the engine refuses a pool whose VMs run or are assigned, with their names).
// Each runs as a job: the pool's VMs are made or removed one by one.
import { PoolDialog } from '../../pools/PoolDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';
import { dialogStep, removeStep } from './steps.js';

export const POOL_HANDLERS: ActionHandlers = {
  step(name, rows, { client }) {
    if (name === 'new') {
      return dialogStep((ctx) => (
        <PoolDialog
          request={{ mode: 'new' }}
          onClose={ctx.close}
          onDone={(p) => ctx.done('new', [p.name], { jobIds: p.jobIds })}
        />
      ));
    }
    const [first] = rows;
    if (!first) return null;
    switch (name) {
      case 'edit':
        return dialogStep((ctx) => (
          <PoolDialog
            request={{ mode: 'edit', row: first }}
            onClose={ctx.close}
            onDone={(p) => ctx.done('edit', [p.name], { jobIds: p.jobIds })}
          />
        ));
      case 'remove':
        return removeStep(
          'Remove Pool',
          `Remove pool ${rowLabel(first)}? Its VMs and their disks are removed with it.`,
          async () => {
            const { jobIds } = await client.pool.remove.mutate({ id: first.id });
            return { jobIds };
          },
        );
    }
    return null;
  },
};
