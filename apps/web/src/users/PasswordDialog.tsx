// Set Password: a new password for a local account, typed twice.
import { useState } from 'react';
import { useTRPCClient } from '../api/trpc.js';
import { rowLabel } from '../actions/actionModel.js';
import type { ResultRow } from '../grid/columns.js';
import { CommandDialog, TextField } from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { validateSetPassword } from './userForm.js';

const FIELDS = ['password', 'passwordAgain'];

export function PasswordDialog(props: {
  user: ResultRow;
  onClose: () => void;
  onDone: () => void;
}) {
  const { user, onClose } = props;
  const client = useTRPCClient();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { errors, busy, accept, run } = useCommandForm(FIELDS);

  const submit = async () => {
    if (!accept(validateSetPassword(user.id, password, again))) return;
    await run(async () => {
      await client.user.setPassword.mutate({ userId: user.id, password });
      props.onDone();
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title={`Set Password of ${rowLabel(user)}`}
      testId="user-password-dialog"
      width={440}
      okTestId="user-password-ok"
      okLabel="Set Password"
      busy={busy}
      errors={errors.form}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label="New password"
        field="password"
        errors={f}
        testId="user-new-password"
        type="password"
        autoComplete="new-password"
        autoFocus
        value={password}
        onChange={setPassword}
      />
      <TextField
        label="Password again"
        field="passwordAgain"
        errors={f}
        testId="user-new-password-again"
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={setAgain}
      />
    </CommandDialog>
  );
}
