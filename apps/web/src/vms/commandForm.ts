// The state every command dialog keeps: its messages and whether the command is on its
// way. The shared schema (or the dialog's own checks) is asked first; a refusal from the
// BFF lands under its input.
import { useState } from 'react';
import { formErrorsOf, hasFormErrors, placeFormErrors, type FormErrors } from '../api/errors.js';
import type { ResultRow } from '../grid/columns.js';
import { NO_FORM_ERRORS } from '../layout/formParts.js';
import { issuesByField } from './vmForm.js';

interface Schema {
  safeParse(input: unknown):
    | { readonly success: true }
    | {
        readonly success: false;
        readonly error: {
          readonly issues: readonly { path: PropertyKey[]; message: string }[];
        };
      };
}

/** What a New / Edit dialog is opened for: a new object (with what it starts with), or a grid row. */
export type NewOrEditRequest<New extends object = object> =
  ({ readonly mode: 'new' } & New) | { readonly mode: 'edit'; readonly row: ResultRow };

/**
 * A form's state: what it started from (`initial`: Edit sends only what changed), what
 * it holds now, and `set` to change some of its fields.
 */
export function usePatchForm<F extends object>(start: () => F) {
  const [initial] = useState<F>(start);
  const [form, setForm] = useState(initial);
  const set = (patch: Partial<F>) => setForm((f) => ({ ...f, ...patch }));
  return { initial, form, set };
}

/** `fields` are the inputs the dialog shows; messages for any other belong to the form. */
export function useCommandForm(fields: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const [busy, setBusy] = useState(false);

  /** Whether the dialog's own checks found nothing; when they did, their messages are shown. */
  const accept = (found: FormErrors): boolean => {
    if (!hasFormErrors(found)) return true;
    setErrors(placeFormErrors(found, fields));
    return false;
  };

  /** Whether `input` passes `schema`; when not, its issues are shown. */
  const check = (schema: Schema, input: unknown): boolean => {
    const parsed = schema.safeParse(input);
    return parsed.success || accept(issuesByField(parsed.error.issues));
  };

  /** Sends the command, busy until it answers; a refusal is shown. */
  const run = async (command: () => Promise<void>) => {
    setBusy(true);
    setErrors(NO_FORM_ERRORS);
    try {
      await command();
    } catch (err) {
      setErrors(placeFormErrors(formErrorsOf(err), fields));
    } finally {
      setBusy(false);
    }
  };

  return { errors, busy, check, accept, run };
}
