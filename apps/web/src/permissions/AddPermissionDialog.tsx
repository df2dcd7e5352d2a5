// Add Permission: a user or group (typed to narrow the list) and a role, given on the
// object the tab belongs to; from a user's own Permissions tab, a role on System for
// that user. The BFF's refusals (the pair already holds it) land under their inputs.
import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { permissionAddInput, type ObjectType } from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { CommandDialog, Field, LoadError, SelectField } from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';

const FIELDS = ['userId', 'role'];

/** Where the permission goes: on an object (pick the user), or on System for one user. */
export type PermissionTarget =
  | {
      readonly kind: 'object';
      readonly objectType: Exclude<ObjectType, 'System'>;
      readonly objectId: string;
      readonly objectName: string;
    }
  | { readonly kind: 'system'; readonly userId: string; readonly userName: string };

export function AddPermissionDialog(props: {
  target: PermissionTarget;
  onClose: () => void;
  onDone: (what: { user: string; role: string }) => void;
}) {
  const { target, onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [typed, setTyped] = useState('');
  // The server searches (name, first or last name; at most 20): asked once typing pauses.
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = window.setTimeout(() => setSearch(typed.trim()), 200);
    return () => window.clearTimeout(t);
  }, [typed]);
  const pickable = useQuery({
    ...trpc.user.pickable.queryOptions({ search }),
    enabled: target.kind === 'object',
    placeholderData: keepPreviousData,
  });
  const roles = useQuery(trpc.role.list.queryOptions());
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState('');
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const shown = pickable.data ?? [];
  const roleList = roles.data ?? [];
  const userRoles = roleList.filter((r) => !r.admin);
  const adminRoles = roleList.filter((r) => r.admin);

  const submit = async () => {
    const input =
      target.kind === 'object'
        ? { userId, role, objectType: target.objectType, objectId: target.objectId }
        : { userId: target.userId, role, objectType: 'System' as const, objectId: null };
    if (!check(permissionAddInput, input)) return;
    await run(async () => {
      await client.permission.add.mutate(input);
      const who =
        target.kind === 'object'
          ? (shown.find((p) => p.id === userId)?.login ?? userId)
          : target.userName;
      props.onDone({ user: who, role });
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title={
        target.kind === 'object'
          ? `Add Permission to ${target.objectName}`
          : `Add System Permission to ${target.userName}`
      }
      testId="permission-dialog"
      width={480}
      okTestId="permission-save"
      busy={busy}
      errors={errors.form}
      onClose={onClose}
      onSubmit={submit}
    >
      <LoadError error={pickable.error ?? roles.error} />
      {target.kind === 'object' ? (
        <>
          <Field label="Search" field="search" errors={f}>
            <input
              className="input"
              type="search"
              data-testid="permission-user-filter"
              placeholder="Part of a user or group name"
              value={typed}
              autoFocus
              spellCheck={false}
              onChange={(e) => setTyped(e.target.value)}
            />
          </Field>
          <SelectField
            label="User or Group"
            field="userId"
            errors={f}
            testId="permission-user"
            size={Math.min(8, Math.max(3, shown.length))}
            value={userId}
            onChange={setUserId}
          >
            {shown.map((p) => (
              <option key={p.id} value={p.id} title={p.name || undefined}>
                {pickableLabel(p)}
              </option>
            ))}
          </SelectField>
          {pickable.isSuccess && shown.length === 0 && (
            <p className="form-hint" data-testid="permission-user-none">
              No user or group matches.
            </p>
          )}
        </>
      ) : (
        <p className="form-hint">
          A role on System applies to every object, and to every object created later.
        </p>
      )}
      <SelectField
        label="Role"
        field="role"
        errors={f}
        testId="permission-role"
        value={role}
        onChange={setRole}
      >
        <option value="">{roles.isPending ? 'Loading…' : 'Choose a role'}</option>
        <optgroup label="User roles">
          {userRoles.map((r) => (
            <option key={r.name} value={r.name} title={r.description}>
              {r.name}
            </option>
          ))}
        </optgroup>
        <optgroup label="Administrator roles">
          {adminRoles.map((r) => (
            <option key={r.name} value={r.name} title={r.description}>
              {r.name}
            </option>
          ))}
        </optgroup>
      </SelectField>
    </CommandDialog>
  );
}

/** "jsmith@corp.example.com (John Smith)", "devs@corp (group)". */
function pickableLabel(p: { login: string; name: string; isGroup: boolean }): string {
  if (p.isGroup) return `${p.login} (group)`;
  return p.name ? `${p.login} (${p.name})` : p.login;
}
