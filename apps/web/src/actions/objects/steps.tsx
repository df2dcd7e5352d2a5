// The steps most tabs' handlers share: a dialog, Remove after confirmation, a command
// that changes only the store (no job), and Guide Me of a data center or cluster.
import type { ReactNode } from 'react';
import { GuideDialog } from '../../guide/GuideDialog.js';
import type { GuideObject } from '../../guide/guideModel.js';
import type { ResultRow } from '../../grid/columns.js';
import { rowLabel } from '../actionModel.js';
import type { ActionStep, CommandResult, ConfirmStep, StepContext } from '../actionSteps.js';

/** A step that opens a dialog; the dialog ends it through `ctx`. */
export const dialogStep = (render: (ctx: StepContext) => ReactNode): ActionStep => ({
  kind: 'dialog',
  render,
});

/** Remove, asked first with `title` and `message`. */
export const removeStep = (
  title: string,
  message: string,
  run: () => Promise<CommandResult>,
): ConfirmStep => ({ kind: 'confirm', title, message, confirmLabel: 'Remove', run });

/** A command that changes only the store and answers at once: it starts no job. */
export const storeOnly = (send: () => Promise<unknown>) => async (): Promise<CommandResult> => {
  await send();
  return { jobIds: [] };
};

/** Guide Me of one data center or cluster row. */
export const guideStep = (object: GuideObject, row: ResultRow): ActionStep =>
  dialogStep((ctx) => (
    <GuideDialog object={object} id={row.id} name={rowLabel(row)} onClose={ctx.close} />
  ));
