// The state the Gluster dialogs keep: what the user typed, the shared rules' messages
// (shown once OK was pressed, then kept current as the user fixes things) and the
// BFF's refusal, which stays on its field — following its brick row when rows move —
// until that field is edited or the form is sent again.
import { useState } from 'react';
import { formErrorsOf, hasFormErrors, placeFormErrors, type FormErrors } from '../api/errors.js';
import { NO_FORM_ERRORS } from '../layout/formParts.js';
import { reindexRowFields } from './brickModel.js';

export interface GlusterFormSpec<S> {
  /** The inputs the dialog shows; a message for any other goes to the form's list. */
  readonly fields: (s: S) => readonly string[];
  /** The brick rows' keys in order, to keep the BFF's messages on their rows. */
  readonly rowKeys: (s: S) => readonly number[];
  /** The fields an edit changed. */
  readonly edited: (prev: S, next: S) => readonly string[];
}

interface Pinned {
  readonly errors: FormErrors;
  readonly keys: readonly number[];
}

export function mergeErrors(a: FormErrors, b: FormErrors): FormErrors {
  const fields: Record<string, string[]> = {};
  for (const source of [a.fields, b.fields]) {
    for (const [k, v] of Object.entries(source)) {
      const list = (fields[k] ??= []);
      for (const m of v) if (!list.includes(m)) list.push(m);
    }
  }
  return { form: [...new Set([...a.form, ...b.form])], fields };
}

/** Whether there is any message (the form's, or an input's). */
export const hasErrors = hasFormErrors;

export function useGlusterForm<S>(initial: S | (() => S), spec: GlusterFormSpec<S>) {
  // The state and the BFF's messages change together: an edit moves or drops them.
  const [form, setForm] = useState<{ state: S; server: Pinned | null }>(() => ({
    state: typeof initial === 'function' ? (initial as () => S)() : initial,
    server: null,
  }));
  const { state, server } = form;
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);

  const setState = (update: (s: S) => S) =>
    setForm((f) => {
      const next = update(f.state);
      if (next === f.state) return f;
      if (!f.server) return { state: next, server: null };
      const keys = spec.rowKeys(next);
      const moved = reindexRowFields(f.server.errors.fields, 'bricks', f.server.keys, keys);
      for (const field of spec.edited(f.state, next)) delete moved[field];
      return {
        state: next,
        server: { errors: { form: f.server.errors.form, fields: moved }, keys },
      };
    });
  const setServer = (pinned: Pinned | null) => setForm((f) => ({ ...f, server: pinned }));

  /**
   * What to show: the rules' messages (`validate`, the shared schema and rules on the
   * state as it is now) once OK was pressed, and the BFF's refusal.
   */
  const errors = (validate: () => FormErrors): FormErrors => {
    const client = attempted ? placeFormErrors(validate(), spec.fields(state)) : NO_FORM_ERRORS;
    return server ? mergeErrors(client, server.errors) : client;
  };

  /** Checks the state; sends it when the rules pass. A refusal lands on its field. */
  const submit = async (validate: () => FormErrors, send: (s: S) => Promise<void>) => {
    setAttempted(true);
    setServer(null);
    if (hasErrors(validate())) return;
    setBusy(true);
    try {
      await send(state);
    } catch (err) {
      setServer({
        errors: placeFormErrors(formErrorsOf(err), spec.fields(state)),
        keys: spec.rowKeys(state),
      });
    } finally {
      setBusy(false);
    }
  };

  /** Starts over with `next`: no messages until OK is pressed again (Options: the next option). */
  const reset = (next: S) => {
    setForm({ state: next, server: null });
    setAttempted(false);
  };

  return { state, setState, reset, errors, busy, submit };
}
