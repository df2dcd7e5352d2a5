// The VM and host commands of the portal, for the selected rows: what toolbar and menu
// show (enabled or why not), what a button does (confirm, ask in a dialog, or send),
// and the dialog that is open. Jobs the commands start are handed to the tracker.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/errors.js';
import { consoleUrl, defaultProtocol } from '../console/consoleRoute.js';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import type { ResultRow } from '../grid/columns.js';
import { HostDialog } from '../hosts/HostDialog.js';
import { trackCommand } from '../jobs/jobModel.js';
import { useTrackJobs } from '../jobs/JobTracker.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { useToast } from '../layout/Toasts.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { MigrateDialog } from '../vms/MigrateDialog.js';
import { NameDialog, type NameCommand } from '../vms/NameDialog.js';
import { RunOnceDialog } from '../vms/RunOnceDialog.js';
import { SnapshotDialog } from '../vms/SnapshotDialog.js';
import { VmDialog, type VmDialogRequest } from '../vms/VmDialog.js';
import {
  ACTION_DEFS,
  actionForKey,
  rowAvailability,
  rowLabel,
  selectionAvailability,
  type ActionDef,
  type ActionItem,
  type ActionName,
  type ActionObject,
} from './actionModel.js';
import { directCommand, sendCommand, type DirectCommand } from './commands.js';
import { confirmText } from './confirmText.js';
import { clientVerdicts } from './rowState.js';
import { serverVerdictsOf } from './serverVerdicts.js';

type OpenDialog =
  | {
      readonly kind: 'confirm';
      readonly command: DirectCommand;
      readonly label: string;
      readonly rows: readonly ResultRow[];
    }
  | { readonly kind: 'vm'; readonly request: VmDialogRequest }
  | { readonly kind: 'migrate'; readonly rows: readonly ResultRow[] }
  | { readonly kind: 'runOnce'; readonly row: ResultRow }
  | { readonly kind: 'snapshot'; readonly row: ResultRow }
  | { readonly kind: 'name'; readonly command: NameCommand; readonly row: ResultRow }
  | { readonly kind: 'host' };

export interface EntityActions {
  readonly items: readonly ActionItem[];
  readonly busy: ActionName | null;
  invoke(name: ActionName): void;
  /** A key pressed in the grid; true when it ran an action. */
  invokeKey(key: string): boolean;
  readonly dialog: ReactNode;
}

const NONE: readonly ResultRow[] = [];
const NO_DEFS: readonly ActionDef[] = [];

/** `object` null: the current tab has no commands, and the hook is idle. */
export function useEntityActions(
  actionObject: ActionObject | null,
  selected: readonly ResultRow[],
): EntityActions {
  const object = actionObject ?? 'vm';
  const rows = actionObject ? selected : NONE;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const notify = useToast();
  const track = useTrackJobs();
  const [open, setOpen] = useState<OpenDialog | null>(null);
  const [busy, setBusy] = useState<ActionName | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [keepDisks, setKeepDisks] = useState(false);

  const ids = useMemo(() => rows.map((r) => r.id), [rows]);
  const vmVerdicts = useQuery({
    ...trpc.vm.actions.queryOptions({ ids }),
    enabled: object === 'vm' && ids.length > 0,
  });
  const hostVerdicts = useQuery({
    ...trpc.host.actions.queryOptions({ ids }),
    enabled: object === 'host' && ids.length > 0,
  });
  const serverData = object === 'vm' ? vmVerdicts.data : hostVerdicts.data;
  const server = useMemo(() => serverVerdictsOf(serverData), [serverData]);

  // The server's verdicts are about the rows as they were; a change to one of them
  // (it started, it moved) asks again.
  useLiveChanges(({ changes, resync }) => {
    if (ids.length === 0) return;
    if (resync || ids.some((id) => touches(changes, object, id))) {
      const procedure = object === 'vm' ? trpc.vm.actions : trpc.host.actions;
      void queryClient.invalidateQueries({ queryKey: procedure.queryKey() });
    }
  });

  const defs = actionObject ? ACTION_DEFS[actionObject] : NO_DEFS;
  const items = useMemo(
    () =>
      defs.map((def) => ({
        def,
        availability: selectionAvailability(object, def, rows, (row) =>
          rowAvailability(def.rule ?? def.name, clientVerdicts(object, row), server.get(row.id)),
        ),
      })),
    [defs, object, rows, server],
  );

  const send = useCallback(
    async (command: DirectCommand, targets: readonly ResultRow[]): Promise<void> => {
      setBusy(command.name);
      try {
        const jobIds = await sendCommand(
          client,
          command,
          targets.map((r) => r.id),
        );
        track(trackCommand(object, command.name, targets.map(rowLabel), jobIds));
      } catch (err) {
        // A refusal (the rules changed since the button was enabled) says why.
        notify('error', errorMessage(err));
      } finally {
        setBusy(null);
      }
    },
    [client, notify, object, track],
  );

  const invokeDef = useCallback(
    (def: ActionDef) => {
      const item = items.find((i) => i.def.name === def.name);
      if (!item?.availability.allowed || busy) return;
      const selected = [...rows];
      const [first] = selected;
      const command = directCommand(object, def.name);
      if (command && def.confirm) {
        setConfirmError(null);
        setKeepDisks(false);
        setOpen({ kind: 'confirm', command, label: def.label, rows: selected });
        return;
      }
      if (command) {
        void send(command, selected);
        return;
      }
      switch (def.name) {
        case 'new':
          return setOpen({ kind: 'vm', request: { mode: 'new' } });
        case 'add-host':
          return setOpen({ kind: 'host' });
        case 'migrate':
          return setOpen({ kind: 'migrate', rows: selected });
      }
      if (!first) return;
      switch (def.name) {
        case 'edit':
          return setOpen({ kind: 'vm', request: { mode: 'edit', row: first } });
        case 'runOnce':
          return setOpen({ kind: 'runOnce', row: first });
        case 'snapshot':
          return setOpen({ kind: 'snapshot', row: first });
        case 'makeTemplate':
        case 'clone':
          return setOpen({ kind: 'name', command: def.name, row: first });
        case 'console':
        case 'consoleSpice':
        case 'consoleVnc': {
          const protocol =
            def.name === 'consoleSpice'
              ? 'spice'
              : def.name === 'consoleVnc'
                ? 'vnc'
                : defaultProtocol(first.display);
          const url = consoleUrl({ vmId: first.id, protocol });
          // A window per console, so the portal stays usable beside it.
          window.open(url, `console-${first.id}`);
          return;
        }
      }
    },
    [busy, items, object, rows, send],
  );

  const invoke = useCallback(
    (name: ActionName) => {
      const def = defs.find((d) => d.name === name);
      if (def) invokeDef(def);
    },
    [defs, invokeDef],
  );

  const invokeKey = useCallback(
    (key: string) => {
      const def = actionForKey(defs, key);
      if (!def) return false;
      invokeDef(def);
      return true;
    },
    [defs, invokeDef],
  );

  const close = () => setOpen(null);
  const done = (
    action: ActionName,
    targets: readonly string[],
    jobIds: readonly string[],
    result?: string,
  ) => {
    track(trackCommand(object, action, targets, jobIds, result));
    setOpen(null);
  };

  let dialog: ReactNode = null;
  if (open?.kind === 'confirm') {
    const text = confirmText(open.command, open.label, open.rows);
    const removingVms = open.command.object === 'vm' && open.command.name === 'remove';
    dialog = (
      <ConfirmDialog
        title={text.title}
        message={
          <>
            {text.message}
            {removingVms && (
              <label className="confirm-check">
                <input
                  type="checkbox"
                  data-testid="confirm-remove-disks"
                  checked={!keepDisks}
                  onChange={(e) => setKeepDisks(!e.target.checked)}
                />
                Remove disks
              </label>
            )}
          </>
        }
        confirmLabel={text.confirm}
        busy={busy !== null}
        error={confirmError}
        onClose={close}
        onConfirm={() => {
          setConfirmError(null);
          setBusy(open.command.name);
          sendCommand(
            client,
            open.command,
            open.rows.map((r) => r.id),
            { keepDisks },
          )
            .then(
              (jobIds) => done(open.command.name, open.rows.map(rowLabel), jobIds),
              (err: unknown) => setConfirmError(errorMessage(err)),
            )
            .finally(() => setBusy(null));
        }}
      />
    );
  } else if (open?.kind === 'vm') {
    dialog = (
      <VmDialog
        request={open.request}
        onClose={close}
        onDone={(r) => done(open.request.mode === 'new' ? 'new' : 'edit', [r.name], r.jobIds)}
      />
    );
  } else if (open?.kind === 'migrate') {
    dialog = (
      <MigrateDialog
        vms={open.rows}
        onClose={close}
        onDone={(jobIds) => done('migrate', open.rows.map(rowLabel), jobIds)}
      />
    );
  } else if (open?.kind === 'runOnce') {
    dialog = (
      <RunOnceDialog
        vm={open.row}
        onClose={close}
        onDone={(jobIds) => done('runOnce', [rowLabel(open.row)], jobIds)}
      />
    );
  } else if (open?.kind === 'snapshot') {
    dialog = (
      <SnapshotDialog
        vm={open.row}
        onClose={close}
        onDone={(jobIds) => done('snapshot', [rowLabel(open.row)], jobIds)}
      />
    );
  } else if (open?.kind === 'name') {
    dialog = (
      <NameDialog
        command={open.command}
        vm={open.row}
        onClose={close}
        onDone={(jobIds, name) => done(open.command, [rowLabel(open.row)], jobIds, name)}
      />
    );
  } else if (open?.kind === 'host') {
    dialog = (
      <HostDialog onClose={close} onDone={(jobIds, name) => done('add-host', [name], jobIds)} />
    );
  }

  return { items, busy, invoke, invokeKey, dialog };
}
