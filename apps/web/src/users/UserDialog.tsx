// New User: a local (internal) account with its name, e-mail, password (typed twice)
// and VM quota, checked with the shared schema before it is sent; the BFF's refusals
// (a user name already taken) land under their inputs.
import { useState } from 'react';
import { IDENTITY_LIMITS } from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { CommandDialog, TextField } from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { NEW_USER, userCreateOf, validateNewUser, type NewUserForm } from './userForm.js';

const FIELDS = [
  'username',
  'firstName',
  'lastName',
  'email',
  'password',
  'passwordAgain',
  'vmQuota',
];

export function UserDialog(props: {
  onClose: () => void;
  onDone: (user: { id: string; name: string }) => void;
}) {
  const { onClose } = props;
  const client = useTRPCClient();
  const [form, setForm] = useState<NewUserForm>(NEW_USER);
  const set = (patch: Partial<NewUserForm>) => setForm((f) => ({ ...f, ...patch }));
  const { errors, busy, accept, run } = useCommandForm(FIELDS);

  const submit = async () => {
    if (!accept(validateNewUser(form))) return;
    await run(async () => {
      const { id } = await client.user.create.mutate(userCreateOf(form));
      props.onDone({ id, name: form.username.trim() });
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title="New User"
      testId="user-dialog"
      width={480}
      okTestId="user-dialog-ok"
      busy={busy}
      errors={errors.form}
      onClose={onClose}
      onSubmit={submit}
    >
      <p className="form-hint">
        A local account: the user signs in with this user name and password.
      </p>
      <TextField
        label="User Name"
        field="username"
        errors={f}
        testId="user-username"
        value={form.username}
        autoFocus
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={IDENTITY_LIMITS.usernameMax}
        onChange={(v) => set({ username: v })}
      />
      <TextField
        label="First Name"
        field="firstName"
        errors={f}
        testId="user-first-name"
        value={form.firstName}
        onChange={(v) => set({ firstName: v })}
      />
      <TextField
        label="Last Name"
        field="lastName"
        errors={f}
        testId="user-last-name"
        value={form.lastName}
        onChange={(v) => set({ lastName: v })}
      />
      <TextField
        label="E-mail"
        field="email"
        errors={f}
        testId="user-email"
        type="email"
        value={form.email}
        onChange={(v) => set({ email: v })}
      />
      <TextField
        label="Password"
        field="password"
        errors={f}
        testId="user-password"
        type="password"
        autoComplete="new-password"
        value={form.password}
        onChange={(v) => set({ password: v })}
      />
      <TextField
        label="Password again"
        field="passwordAgain"
        errors={f}
        testId="user-password-again"
        type="password"
        autoComplete="new-password"
        value={form.passwordAgain}
        onChange={(v) => set({ passwordAgain: v })}
      />
      <TextField
        label="VM Quota"
        field="vmQuota"
        errors={f}
        title="How many VMs the user may create and own (power users)."
        testId="user-vm-quota"
        type="number"
        min={0}
        max={1000}
        value={form.vmQuota}
        onChange={(v) => set({ vmQuota: v })}
      />
    </CommandDialog>
  );
}
