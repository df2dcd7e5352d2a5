// What a toolbar button, a menu item or a Guide Me step does, as data: send a command
// at once, ask for confirmation first, open a dialog, or open something outside the
// portal (a console window). Each object's handlers (objects/<object>Handlers.tsx)
// turn an action on the selected rows into one of these; useActionSteps runs them.
import type { ReactNode } from 'react';
import type { StorageDomainType } from '@corral/shared';
import type { ApiClient } from '../api/trpc.js';
import type { ResultRow } from '../grid/columns.js';
import type { ActionName, ActionObject, RowVerdicts } from './actionModel.js';

/** What a step opened from elsewhere starts with (Guide Me's New Cluster: the data center). */
export interface ActionPreset {
  readonly dataCenterId?: string;
  readonly clusterId?: string;
  readonly domainType?: StorageDomainType;
}

/** A command's answer: the jobs it started (none for commands that change only the store). */
export interface CommandResult {
  readonly jobIds: readonly string[];
  /** What it acted on, by name, when not the rows the step was given. */
  readonly targets?: readonly string[];
  /** What it created, when it names something new (a clone, a template). */
  readonly result?: string;
  /** Rows it was refused for while it went on with the others, each said with its reason. */
  readonly refusals?: readonly string[];
}

/** The step running inside a dialog: how it ends, or hands over to another action. */
export interface StepContext {
  /** Close without doing anything. */
  close(): void;
  /**
   * The command ran: its jobs go to the jobs panel (a toast when they end), or, without
   * jobs, a toast says it is done; the dialog closes.
   */
  done(action: ActionName, targets: readonly string[], result: CommandResult): void;
  /** Replace this dialog with another action's step (New Data Center → its Guide Me). */
  open(
    object: ActionObject,
    name: ActionName,
    rows: readonly ResultRow[],
    preset?: ActionPreset,
  ): void;
}

export interface ConfirmStep {
  readonly kind: 'confirm';
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  /** A checkbox under the message ("Remove disks", "Format domain"). */
  readonly option?: { readonly label: string; readonly testId: string; readonly initial: boolean };
  run(option: boolean): Promise<CommandResult>;
}

export type ActionStep =
  | { readonly kind: 'send'; run(): Promise<CommandResult> }
  | ConfirmStep
  | { readonly kind: 'dialog'; render(ctx: StepContext): ReactNode }
  | { readonly kind: 'open'; run(): void };

/** An action's step with the object and action it belongs to (for the toasts' words). */
export interface BoundStep {
  readonly object: ActionObject;
  readonly action: ActionName;
  readonly targets: readonly string[];
  readonly step: ActionStep;
}

export interface StepEnv {
  readonly client: ApiClient;
  readonly preset: ActionPreset;
}

/** One object's actions in the browser: what each does, and the server's verdicts. */
export interface ActionHandlers {
  /** The server's verdicts per row id (`<router>.actions`); absent: the shared rules alone decide. */
  serverVerdicts?(
    client: ApiClient,
    ids: readonly string[],
  ): Promise<Readonly<Record<string, RowVerdicts>>>;
  /** The step for action `name` on `rows`; null when the object has no such action. */
  step(name: ActionName, rows: readonly ResultRow[], env: StepEnv): ActionStep | null;
}
