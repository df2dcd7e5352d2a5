// What the Storage tab's buttons do: New Domain, Attach (to a data center chosen in a
// dialog), Detach / Maintenance / Remove after confirmation, Activate at once. Guide Me
// also opens two steps of its own here: `attachTo` (a data center takes an Unattached
// domain) and `activateIn` (one of its domains in Maintenance is activated).
import type { ApiClient } from '../../api/trpc.js';
import { ActivateDialog } from '../../storage/ActivateDialog.js';
import { AttachDialog } from '../../storage/AttachDialog.js';
import { StorageDomainDialog } from '../../storage/StorageDomainDialog.js';
import { eachDomain } from '../../storage/eachDomain.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';
import { namesOf } from '../confirmText.js';
import { dialogStep } from './steps.js';

type PerDomain = (client: ApiClient, id: string) => Promise<{ jobIds: string[] }>;

const activate: PerDomain = (client, id) => client.storage.activate.mutate({ id });
const maintenance: PerDomain = (client, id) => client.storage.maintenance.mutate({ id });

export const STORAGE_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.storage.actions.query({ ids: [...ids] }),

  step(name, rows, { client, preset }) {
    switch (name) {
      case 'new':
        return dialogStep((ctx) => (
          <StorageDomainDialog
            dataCenterId={preset.dataCenterId}
            domainType={preset.domainType}
            onClose={ctx.close}
            onDone={(d) => ctx.done('new', [d.name], { jobIds: d.jobIds })}
          />
        ));
      case 'attachTo': {
        const { dataCenterId } = preset;
        if (!dataCenterId) return null;
        return dialogStep((ctx) => (
          <AttachDialog
            request={{
              mode: 'dataCenter',
              dataCenterId,
              domainType: preset.domainType ?? 'Data',
            }}
            onClose={ctx.close}
            onDone={(domain, jobIds) => ctx.done('attach', [domain], { jobIds })}
          />
        ));
      }
      case 'activateIn': {
        const { dataCenterId } = preset;
        if (!dataCenterId) return null;
        return dialogStep((ctx) => (
          <ActivateDialog
            dataCenterId={dataCenterId}
            domainType={preset.domainType}
            onClose={ctx.close}
            onDone={(domain, jobIds) => ctx.done('activate', [domain], { jobIds })}
          />
        ));
      }
      case 'activate':
        if (rows.length === 0) return null;
        return { kind: 'send', run: () => eachDomain(rows, (r) => activate(client, r.id)) };
      case 'maintenance':
        if (rows.length === 0) return null;
        return {
          kind: 'confirm',
          title: 'Maintenance Storage Domain(s)',
          message:
            rows.length > 1
              ? `Move storage domains ${namesOf(rows)} to Maintenance? Their disks cannot be used until they are activated again.`
              : `Move storage domain ${namesOf(rows)} to Maintenance? Its disks cannot be used until it is activated again.`,
          confirmLabel: 'OK',
          run: () => eachDomain(rows, (r) => maintenance(client, r.id)),
        };
    }
    const [first] = rows;
    if (!first) return null;
    switch (name) {
      case 'attach':
        return dialogStep((ctx) => (
          <AttachDialog
            request={{ mode: 'domain', row: first }}
            onClose={ctx.close}
            onDone={(domain, jobIds) => ctx.done('attach', [domain], { jobIds })}
          />
        ));
      case 'detach':
        return {
          kind: 'confirm',
          title: 'Detach Storage',
          message: `Detach storage domain ${rowLabel(first)} from data center ${String(first.datacenter ?? '')}? It stays as it is, Unattached, and can be attached again.`,
          confirmLabel: 'OK',
          run: async () => client.storage.detach.mutate({ id: first.id }),
        };
      case 'remove':
        return {
          kind: 'confirm',
          title: 'Remove Storage Domain',
          message: `Remove storage domain ${rowLabel(first)} from Corral?`,
          confirmLabel: 'Remove',
          // oVirt's "Format Domain, i.e. Storage Content will be lost!".
          option: {
            label: 'Format domain: the disk images Corral left in it are deleted',
            testId: 'confirm-format',
            initial: false,
          },
          run: async (format) => client.storage.remove.mutate({ id: first.id, format }),
        };
    }
    return null;
  },
};
