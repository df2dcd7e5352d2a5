// What the Users tab's buttons do: New User and Set Password open their dialogs;
// Unlock and Remove ask first.
import { PasswordDialog } from '../../users/PasswordDialog.js';
import { UserDialog } from '../../users/UserDialog.js';
import { rowLabel } from '../actionModel.js';
import type { ActionHandlers } from '../actionSteps.js';
import { dialogStep, removeStep, storeOnly } from './steps.js';

export const USER_HANDLERS: ActionHandlers = {
  step(name, rows, { client }) {
    if (name === 'new') {
      return dialogStep((ctx) => (
        <UserDialog onClose={ctx.close} onDone={(u) => ctx.done('new', [u.name], { jobIds: [] })} />
      ));
    }
    const [first] = rows;
    if (!first) return null;
    switch (name) {
      case 'setPassword':
        return dialogStep((ctx) => (
          <PasswordDialog
            user={first}
            onClose={ctx.close}
            onDone={() => ctx.done('setPassword', [rowLabel(first)], { jobIds: [] })}
          />
        ));
      case 'unlock':
        return {
          kind: 'confirm',
          title: 'Unlock User',
          message: `Unlock ${rowLabel(first)}? Its count of wrong passwords starts again from zero and it may sign in at once.`,
          confirmLabel: 'Unlock',
          run: storeOnly(() => client.user.unlock.mutate({ userId: first.id })),
        };
      case 'remove':
        return removeStep(
          'Remove User',
          `Remove ${rowLabel(first)}? Its permissions and sessions go with it.`,
          storeOnly(() => client.user.remove.mutate({ userId: first.id })),
        );
    }
    return null;
  },
};
