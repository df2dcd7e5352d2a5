// What the Clusters tab's buttons do: New and Edit Cluster (a new one opens its Guide
// Me, as oVirt does), Remove after confirmation, and Guide Me. Guide Me of a data
// center opens New Cluster with that data center chosen.
import { ClusterDialog } from '../../clusters/ClusterDialog.js';
import { GuideDialog } from '../../guide/GuideDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';

export const CLUSTER_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.cluster.actions.query({ ids: [...ids] }),

  step(name, rows, { client, preset }) {
    if (name === 'new') {
      return {
        kind: 'dialog',
        render: (ctx) => (
          <ClusterDialog
            request={{ mode: 'new', dataCenterId: preset.dataCenterId }}
            onClose={ctx.close}
            onDone={(cluster) => {
              ctx.done('new', [cluster.name], { jobIds: [] });
              ctx.open('cluster', 'guide', [cluster]);
            }}
          />
        ),
      };
    }
    const [first] = rows;
    if (!first) return null;
    switch (name) {
      case 'edit':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <ClusterDialog
              request={{ mode: 'edit', row: first }}
              onClose={ctx.close}
              onDone={(cluster) => ctx.done('edit', [cluster.name], { jobIds: [] })}
            />
          ),
        };
      case 'remove':
        return {
          kind: 'confirm',
          title: 'Remove Cluster',
          message: `Remove cluster ${rowLabel(first)}?`,
          confirmLabel: 'Remove',
          run: async () => {
            await client.cluster.remove.mutate({ id: first.id });
            return { jobIds: [] };
          },
        };
      case 'guide':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <GuideDialog
              object="cluster"
              id={first.id}
              name={rowLabel(first)}
              onClose={ctx.close}
            />
          ),
        };
    }
    return null;
  },
};
