// Runs action steps: sends commands, shows the confirmation or the dialog a step asks
// for, hands the jobs a command started to the tracker (or, for a command without jobs,
// says at once that it is done). The toolbar has one; Guide Me has its own for the
// dialogs it opens above itself.
import { useCallback, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/errors.js';
import { useTRPCClient } from '../api/trpc.js';
import type { ResultRow } from '../grid/columns.js';
import { trackCommand } from '../jobs/jobModel.js';
import { useTrackJobs } from '../jobs/JobTracker.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { useToast } from '../layout/Toasts.js';
import { doneMessage, rowLabel, type ActionName, type ActionObject } from './actionModel.js';
import type {
  ActionPreset,
  BoundStep,
  CommandResult,
  ConfirmStep,
  StepContext,
} from './actionSteps.js';
import { handlersOf } from './handlers.js';

export interface ActionSteps {
  /** Runs `object`'s action `name` on `rows`; false when there is no such action. */
  start(
    object: ActionObject,
    name: ActionName,
    rows: readonly ResultRow[],
    preset?: ActionPreset,
  ): boolean;
  /** Whether `object` has action `name` for these rows (a step to run), without running it. */
  offers(
    object: ActionObject,
    name: ActionName,
    rows: readonly ResultRow[],
    preset?: ActionPreset,
  ): boolean;
  /** The action whose command is on its way, if any. */
  readonly busy: ActionName | null;
  /** The confirmation or dialog open, if any. */
  readonly dialog: ReactNode;
}

/** `onFinish`: a command of a step ended well (Guide Me reads itself again). */
export function useActionSteps(onFinish?: () => void): ActionSteps {
  const client = useTRPCClient();
  const notify = useToast();
  const track = useTrackJobs();
  const [open, setOpen] = useState<BoundStep | null>(null);
  const [busy, setBusy] = useState<ActionName | null>(null);

  const finish = useCallback(
    (object: ActionObject, action: ActionName, targets: readonly string[], r: CommandResult) => {
      onFinish?.();
      const names = r.targets ?? targets;
      for (const refusal of r.refusals ?? []) notify('error', refusal);
      if (r.jobIds.length > 0) {
        track(trackCommand(object, action, names, r.jobIds, r.result));
        return;
      }
      const message = doneMessage(object, action, {
        target: names.join(', '),
        ...(r.result ? { result: r.result } : {}),
      });
      if (message) notify('success', message);
    },
    [notify, onFinish, track],
  );

  const start = useCallback(
    (
      object: ActionObject,
      name: ActionName,
      rows: readonly ResultRow[],
      preset: ActionPreset = {},
    ): boolean => {
      const step = handlersOf(object).step(name, rows, { client, preset });
      if (!step) return false;
      const bound: BoundStep = { object, action: name, targets: rows.map(rowLabel), step };
      switch (step.kind) {
        case 'open':
          step.run();
          break;
        case 'send':
          setBusy(name);
          step
            .run()
            .then(
              (r) => finish(object, name, bound.targets, r),
              // A refusal (the rules changed since the button was enabled) says why.
              (err: unknown) => notify('error', errorMessage(err)),
            )
            .finally(() => setBusy(null));
          break;
        default:
          setOpen(bound);
      }
      return true;
    },
    [client, finish, notify],
  );

  const offers = useCallback(
    (
      object: ActionObject,
      name: ActionName,
      rows: readonly ResultRow[],
      preset: ActionPreset = {},
    ) => handlersOf(object).step(name, rows, { client, preset }) !== null,
    [client],
  );

  let dialog: ReactNode = null;
  if (open) {
    const ctx: StepContext = {
      close: () => setOpen(null),
      done: (action, targets, result) => {
        finish(open.object, action, targets, result);
        setOpen((o) => (o === open ? null : o));
      },
      open: (object, name, rows, preset) => {
        setOpen((o) => (o === open ? null : o));
        start(object, name, rows, preset);
      },
    };
    const { step } = open;
    if (step.kind === 'dialog') dialog = step.render(ctx);
    else if (step.kind === 'confirm') {
      // Keyed by the step: a new confirmation starts with its own option and no error.
      dialog = (
        <Confirm
          key={`${open.object}:${open.action}:${open.targets.join(',')}`}
          step={step}
          onBusy={(b) => setBusy(b ? open.action : null)}
          onClose={ctx.close}
          onDone={(r) => ctx.done(open.action, open.targets, r)}
        />
      );
    }
  }

  return { start, offers, busy, dialog };
}

function Confirm(props: {
  step: ConfirmStep;
  onBusy: (busy: boolean) => void;
  onClose: () => void;
  onDone: (result: CommandResult) => void;
}) {
  const { step } = props;
  const [option, setOption] = useState(step.option?.initial ?? false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <ConfirmDialog
      title={step.title}
      message={
        <>
          {step.message}
          {step.option && (
            <label className="confirm-check">
              <input
                type="checkbox"
                data-testid={step.option.testId}
                checked={option}
                onChange={(e) => setOption(e.target.checked)}
              />
              {step.option.label}
            </label>
          )}
        </>
      }
      confirmLabel={step.confirmLabel}
      busy={busy}
      error={error}
      onClose={props.onClose}
      onConfirm={() => {
        setError(null);
        setBusy(true);
        props.onBusy(true);
        step
          .run(option)
          .then(props.onDone, (err: unknown) => setError(errorMessage(err)))
          .finally(() => {
            setBusy(false);
            props.onBusy(false);
          });
      }}
    />
  );
}
