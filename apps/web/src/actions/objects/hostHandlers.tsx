// What the Hosts tab's buttons do: commands on the selection (confirmed first when
// they cannot be undone) and New Host, whose cluster Guide Me may have chosen.
import { HostDialog } from '../../hosts/HostDialog.js';
import type { ActionHandlers } from '../actionSteps.js';
import { directCommand, sendCommand } from '../commands.js';
import { confirmText } from '../confirmText.js';
import { HOST_ACTION_DEFS } from './host.js';

export const HOST_HANDLERS: ActionHandlers = {
  serverVerdicts: (client, ids) => client.host.actions.query({ ids: [...ids] }),

  step(name, rows, { client, preset }) {
    const def = HOST_ACTION_DEFS.find((d) => d.name === name);
    const command = directCommand('host', name);
    const ids = rows.map((r) => r.id);
    if (command && def?.confirm) {
      const text = confirmText(command, def.label, rows);
      return {
        kind: 'confirm',
        title: text.title,
        message: text.message,
        confirmLabel: text.confirm,
        run: async () => ({ jobIds: await sendCommand(client, command, ids) }),
      };
    }
    if (command)
      return {
        kind: 'send',
        run: async () => ({ jobIds: await sendCommand(client, command, ids) }),
      };
    if (name === 'add-host') {
      return {
        kind: 'dialog',
        render: (ctx) => (
          <HostDialog
            clusterId={preset.clusterId}
            onClose={ctx.close}
            onDone={(jobIds, hostName) => ctx.done('add-host', [hostName], { jobIds })}
          />
        ),
      };
    }
    return null;
  },
};
