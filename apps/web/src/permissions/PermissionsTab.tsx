// The Permissions sub-tab of every object: who holds which role here, given on this
// object or inherited from above it (System, its data center, …), with Add and Remove.
// A user's own tab lists what that user holds, where; Add there gives a role on System.
// The list is re-read when the change feed names the object, and after each command.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SearchObjectKey } from '@corral/shared';
import { errorMessage } from '../api/errors.js';
import { fetchEntityTab, type EntityObject } from '../api/objectApi.js';
import { useTRPCClient } from '../api/trpc.js';
import { ColumnHeads, RowCells } from '../details/SubTabTable.js';
import { tabColumns } from '../details/detailModel.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { useToast } from '../layout/Toasts.js';
import { AddPermissionDialog, type PermissionTarget } from './AddPermissionDialog.js';
import { PERMISSION_OBJECT, removal, type PermissionRow } from './permissionModel.js';
import './permissions.css';

export function PermissionsTab(props: {
  object: EntityObject & SearchObjectKey;
  id: string;
  /** The object's name, for the dialogs' titles. */
  name: string;
}) {
  const { object, id, name } = props;
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const notify = useToast();
  const queryKey = ['details', object, id, 'permissions'];
  const rows = useQuery({
    queryKey,
    queryFn: async () =>
      (await fetchEntityTab(client, object, id, 'permissions')).filter(
        (r): r is PermissionRow => typeof r.id === 'string',
      ),
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<PermissionRow | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const mode = object === 'user' ? 'user' : 'object';
  const objectType = PERMISSION_OBJECT[object];
  const target: PermissionTarget | null =
    mode === 'user'
      ? { kind: 'system', userId: id, userName: name }
      : objectType
        ? { kind: 'object', objectType, objectId: id, objectName: name }
        : null;
  const list = rows.data ?? [];
  const selected = list.find((r) => r.id === selectedId) ?? null;
  const canRemove = selected ? removal(mode, selected) : null;
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const columns = tabColumns(object, 'permissions', list);
  return (
    <div className="permissions-tab" data-testid="permissions-tab">
      <div className="permissions-toolbar">
        {target && (
          <button
            type="button"
            className="button button-small"
            data-testid="permission-add"
            onClick={() => setAdding(true)}
          >
            {mode === 'user' ? 'Add System Permission' : 'Add Permission'}
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          data-testid="permission-remove"
          disabled={!canRemove?.allowed}
          title={
            !selected ? 'Select a permission first.' : canRemove?.allowed ? '' : canRemove?.reason
          }
          onClick={() => {
            if (selected) {
              setRemoveError(null);
              setRemoving(selected);
            }
          }}
        >
          Remove
        </button>
      </div>
      {rows.isError ? (
        <p className="panel-message is-error">{errorMessage(rows.error)}</p>
      ) : !rows.data ? (
        <p className="panel-message">Loading…</p>
      ) : list.length === 0 ? (
        <p className="panel-message" data-testid="permissions-empty">
          No permissions.
        </p>
      ) : (
        <table className="compact-table permissions-table" data-testid="details-table">
          <ColumnHeads columns={columns} />
          <tbody>
            {list.map((row) => (
              <tr
                key={row.id}
                data-testid="permission-row"
                data-permission-id={row.id}
                data-user={typeof row.user === 'string' ? row.user : undefined}
                data-role={typeof row.role === 'string' ? row.role : undefined}
                data-inherited={
                  typeof row.inherited_from === 'string' ? row.inherited_from : undefined
                }
                aria-selected={row.id === selectedId}
                className={row.id === selectedId ? 'is-selected' : undefined}
                tabIndex={0}
                onClick={() => setSelectedId(row.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    setSelectedId(row.id);
                  }
                }}
              >
                <RowCells columns={columns} row={row} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && target && (
        <AddPermissionDialog
          target={target}
          onClose={() => setAdding(false)}
          onDone={({ user, role }) => {
            setAdding(false);
            notify(
              'success',
              mode === 'user'
                ? `${role} on System given to ${name}`
                : `${role} given to ${user} on ${name}`,
            );
            void refresh();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title="Remove Permission"
          message={describe(mode, removing, name)}
          confirmLabel="Remove"
          confirmTestId="permission-remove-ok"
          busy={busy}
          error={removeError}
          onClose={() => setRemoving(null)}
          onConfirm={() => {
            setBusy(true);
            setRemoveError(null);
            client.permission.remove
              .mutate({ permissionId: removing.id })
              .then(
                () => {
                  notify('success', `Permission removed: ${describe(mode, removing, name, true)}`);
                  setRemoving(null);
                  setSelectedId(null);
                  void refresh();
                },
                (err: unknown) => setRemoveError(errorMessage(err)),
              )
              .finally(() => setBusy(false));
          }}
        />
      )}
    </div>
  );
}

/** "Remove UserRole of jsmith@corp on web-01?", or its short form for the toast. */
function describe(
  mode: 'object' | 'user',
  row: PermissionRow,
  name: string,
  short = false,
): string {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);
  const role = str(row.role, 'the role');
  const text =
    mode === 'user'
      ? `${role} of ${name} on ${str(row.object, 'System')}`
      : `${role} of ${str(row.user, 'a user')} on ${name}`;
  return short ? text : `Remove ${text}?`;
}
