// What the Data Centers tab's buttons do: New and Edit Data Center (a new one opens its
// Guide Me, as oVirt does), Remove after confirmation, and Guide Me.
import { DataCenterDialog } from '../../datacenters/DataCenterDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';
import { dialogStep, guideStep, removeStep, storeOnly } from './steps.js';

export const DATA_CENTER_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.dataCenter.actions.query({ ids: [...ids] }),

  step(name, rows, { client }) {
    if (name === 'new') {
      return dialogStep((ctx) => (
        <DataCenterDialog
          request={{ mode: 'new' }}
          onClose={ctx.close}
          onDone={(dc) => {
            ctx.done('new', [dc.name], { jobIds: [] });
            ctx.open('datacenter', 'guide', [dc]);
          }}
        />
      ));
    }
    const [first] = rows;
    if (!first) return null;
    switch (name) {
      case 'edit':
        return dialogStep((ctx) => (
          <DataCenterDialog
            request={{ mode: 'edit', row: first }}
            onClose={ctx.close}
            onDone={(dc) => ctx.done('edit', [dc.name], { jobIds: [] })}
          />
        ));
      case 'remove':
        return removeStep(
          'Remove Data Center',
          `Remove data center ${rowLabel(first)}? Its logical networks go with it.`,
          storeOnly(() => client.dataCenter.remove.mutate({ id: first.id })),
        );
      case 'guide':
        return guideStep('dataCenter', first);
    }
    return null;
  },
};
