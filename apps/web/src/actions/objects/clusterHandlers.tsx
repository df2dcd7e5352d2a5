// What the Clusters tab's buttons do: New and Edit Cluster (a new one opens its Guide
// Me, as oVirt does), Remove after confirmation, and Guide Me. Guide Me of a data
// center opens New Cluster with that data center chosen.
import { ClusterDialog } from '../../clusters/ClusterDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';
import { dialogStep, guideStep, removeStep, storeOnly } from './steps.js';

export const CLUSTER_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.cluster.actions.query({ ids: [...ids] }),

  step(name, rows, { client, preset }) {
    if (name === 'new') {
      return dialogStep((ctx) => (
        <ClusterDialog
          request={{ mode: 'new', dataCenterId: preset.dataCenterId }}
          onClose={ctx.close}
          onDone={(cluster) => {
            ctx.done('new', [cluster.name], { jobIds: [] });
            ctx.open('cluster', 'guide', [cluster]);
          }}
        />
      ));
    }
    const [first] = rows;
    if (!first) return null;
    switch (name) {
      case 'edit':
        return dialogStep((ctx) => (
          <ClusterDialog
            request={{ mode: 'edit', row: first }}
            onClose={ctx.close}
            onDone={(cluster) => ctx.done('edit', [cluster.name], { jobIds: [] })}
          />
        ));
      case 'remove':
        return removeStep(
          'Remove Cluster',
          `Remove cluster ${rowLabel(first)}?`,
          storeOnly(() => client.cluster.remove.mutate({ id: first.id })),
        );
      case 'guide':
        return guideStep('cluster', first);
    }
    return null;
  },
};
