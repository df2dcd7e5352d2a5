// What the Virtual Machines tab's buttons do: commands on the selection (confirmed
// first when they cannot be undone) and the VM dialogs.
import { consoleUrl, defaultProtocol } from '../../console/consoleRoute.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';
import { directCommand, sendCommand } from '../commands.js';
import { confirmText } from '../confirmText.js';
import { MigrateDialog } from '../../vms/MigrateDialog.js';
import { NameDialog } from '../../vms/NameDialog.js';
import { RunOnceDialog } from '../../vms/RunOnceDialog.js';
import { SnapshotDialog } from '../../vms/SnapshotDialog.js';
import { VmDialog } from '../../vms/VmDialog.js';
import { VM_ACTION_DEFS } from './vm.js';

export const VM_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.vm.actions.query({ ids: [...ids] }),

  step(name, rows, { client }) {
    const def = VM_ACTION_DEFS.find((d) => d.name === name);
    const command = directCommand('vm', name);
    const ids = rows.map((r) => r.id);
    if (command && def?.confirm) {
      const text = confirmText(command, def.label, rows);
      return {
        kind: 'confirm',
        title: text.title,
        message: text.message,
        confirmLabel: text.confirm,
        // oVirt's "Remove Disk(s)": ticked, the disks go with the VM.
        option:
          name === 'remove'
            ? { label: 'Remove disks', testId: 'confirm-remove-disks', initial: true }
            : undefined,
        run: async (removeDisks) => ({
          jobIds: await sendCommand(client, command, ids, { keepDisks: !removeDisks }),
        }),
      };
    }
    if (command)
      return {
        kind: 'send',
        run: async () => ({ jobIds: await sendCommand(client, command, ids) }),
      };
    if (name === 'new') {
      return {
        kind: 'dialog',
        render: (ctx) => (
          <VmDialog
            request={{ mode: 'new' }}
            onClose={ctx.close}
            onDone={(r) => ctx.done('new', [r.name], { jobIds: r.jobIds })}
          />
        ),
      };
    }
    if (name === 'migrate') {
      return {
        kind: 'dialog',
        render: (ctx) => (
          <MigrateDialog
            vms={rows}
            onClose={ctx.close}
            onDone={(jobIds) => ctx.done('migrate', rows.map(rowLabel), { jobIds })}
          />
        ),
      };
    }
    const [first] = rows;
    if (!first) return null;
    const one = [rowLabel(first)];
    switch (name) {
      case 'edit':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <VmDialog
              request={{ mode: 'edit', row: first }}
              onClose={ctx.close}
              onDone={(r) => ctx.done('edit', [r.name], { jobIds: r.jobIds })}
            />
          ),
        };
      case 'runOnce':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <RunOnceDialog
              vm={first}
              onClose={ctx.close}
              onDone={(jobIds) => ctx.done('runOnce', one, { jobIds })}
            />
          ),
        };
      case 'snapshot':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <SnapshotDialog
              vm={first}
              onClose={ctx.close}
              onDone={(jobIds) => ctx.done('snapshot', one, { jobIds })}
            />
          ),
        };
      case 'makeTemplate':
      case 'clone':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <NameDialog
              command={name}
              vm={first}
              onClose={ctx.close}
              onDone={(jobIds, result) => ctx.done(name, one, { jobIds, result })}
            />
          ),
        };
      case 'console':
      case 'consoleSpice':
      case 'consoleVnc': {
        const protocol =
          name === 'consoleSpice'
            ? 'spice'
            : name === 'consoleVnc'
              ? 'vnc'
              : defaultProtocol(first.display);
        // A window per console, so the portal stays usable beside it.
        return {
          kind: 'open',
          run: () =>
            void window.open(consoleUrl({ vmId: first.id, protocol }), `console-${first.id}`),
        };
      }
    }
    return null;
  },
};
