// New User and Set Password: the dialogs' state and the command inputs it becomes.
// The password is typed twice; a mismatch is the browser's own finding (the BFF never
// sees the second copy). Kept free of React: tested on its own.
import { userCreateInput, userSetPasswordInput, type UserCreateInput } from '@corral/shared';
import type { FormErrors } from '../api/errors.js';
import { issuesByField } from '../vms/vmForm.js';

export interface NewUserForm {
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly password: string;
  readonly passwordAgain: string;
  /** As typed: a number is asked for, and the schema says when it is not one. */
  readonly vmQuota: string;
}

export const NEW_USER: NewUserForm = {
  username: '',
  firstName: '',
  lastName: '',
  email: '',
  password: '',
  passwordAgain: '',
  vmQuota: '5',
};

export const PASSWORDS_DIFFER = 'The two passwords differ.';

/** A number field as typed: blank or not a number is sent as NaN, which the schema refuses. */
export function numberOf(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

export function userCreateOf(f: NewUserForm): UserCreateInput {
  return {
    username: f.username,
    firstName: f.firstName,
    lastName: f.lastName,
    email: f.email.trim(),
    password: f.password,
    vmQuota: numberOf(f.vmQuota),
  };
}

const NONE: FormErrors = { form: [], fields: {} };

function withAgain(errors: FormErrors, password: string, again: string): FormErrors {
  if (password === again) return errors;
  return { form: errors.form, fields: { ...errors.fields, passwordAgain: [PASSWORDS_DIFFER] } };
}

/** The shared schema's issues with New User, plus a mistyped second password. */
export function validateNewUser(f: NewUserForm): FormErrors {
  const r = userCreateInput.safeParse(userCreateOf(f));
  return withAgain(r.success ? NONE : issuesByField(r.error.issues), f.password, f.passwordAgain);
}

/** Set Password's issues: the schema's rules for a password, and the second copy. */
export function validateSetPassword(userId: string, password: string, again: string): FormErrors {
  const r = userSetPasswordInput.safeParse({ userId, password });
  return withAgain(r.success ? NONE : issuesByField(r.error.issues), password, again);
}
