// What the Users tab's buttons do: New User and Set Password open their dialogs;
// Unlock and Remove ask first.
import { PasswordDialog } from '../../users/PasswordDialog.js';
import { UserDialog } from '../../users/UserDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';

export const USER_HANDLERS: ActionHandlers = {
  step(name, rows, { client }) {
    if (name === 'new') {
      return {
        kind: 'dialog',
        render: (ctx) => (
          <UserDialog
            onClose={ctx.close}
            onDone={(u) => ctx.done('new', [u.name], { jobIds: [] })}
          />
        ),
      };
    }
    const [first] = rows;
    if (!first) return null;
    switch (name) {
      case 'setPassword':
        return {
          kind: 'dialog',
          render: (ctx) => (
            <PasswordDialog
              user={first}
              onClose={ctx.close}
              onDone={() => ctx.done('setPassword', [rowLabel(first)], { jobIds: [] })}
            />
          ),
        };
      case 'unlock':
        return {
          kind: 'confirm',
          title: 'Unlock User',
          message: `Unlock ${rowLabel(first)}? Its count of wrong passwords starts again from zero and it may sign in at once.`,
          confirmLabel: 'Unlock',
          run: async () => {
            await client.user.unlock.mutate({ userId: first.id });
            return { jobIds: [] };
          },
        };
      case 'remove':
        return {
          kind: 'confirm',
          title: 'Remove User',
          message: `Remove ${rowLabel(first)}? Its permissions and sessions go with it.`,
          confirmLabel: 'Remove',
          run: async () => {
            await client.user.remove.mutate({ userId: first.id });
            return { jobIds: [] };
          },
        };
    }
    return null;
  },
};
