// The BFF's error formatter puts what went wrong in `error.data` in one of three shapes
// (apps/bff/src/trpc/trpc.ts). These readers turn a caught error into what the UI
// places: a search error at its position, field errors next to their inputs.
// They check shapes at run time because a network failure or a bug arrives here too.

import type { SearchError } from '@corral/shared';

export interface FormErrors {
  /** Errors that belong to no single input. */
  readonly form: readonly string[];
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

function dataOf(err: unknown): Record<string, unknown> | null {
  return isRecord(err) && isRecord(err.data) ? err.data : null;
}

/**
 * One line for a toast or a panel. tRPC's message for an input validation failure is
 * the raw issue list as JSON; the flattened zod error reads better.
 */
export function errorMessage(err: unknown): string {
  const zod = dataOf(err)?.zodError;
  if (isRecord(zod)) {
    const fields = isRecord(zod.fieldErrors) ? Object.entries(zod.fieldErrors) : [];
    const lines = [
      ...strings(zod.formErrors),
      ...fields.flatMap(([k, v]) => strings(v).map((m) => `${k}: ${m}`)),
    ];
    if (lines.length > 0) return lines.join(' ');
  }
  if (isRecord(err) && typeof err.message === 'string' && err.message) return err.message;
  return String(err);
}

export function searchErrorOf(err: unknown): SearchError | null {
  const se = dataOf(err)?.searchError;
  if (!isRecord(se) || typeof se.message !== 'string') return null;
  return {
    message: se.message,
    position: typeof se.position === 'number' ? se.position : 0,
    expected: strings(se.expected),
  };
}

export function formErrorsOf(err: unknown): FormErrors {
  const data = dataOf(err);
  const zod = data?.zodError;
  if (isRecord(zod)) {
    const fields: Record<string, string[]> = {};
    if (isRecord(zod.fieldErrors)) {
      for (const [k, v] of Object.entries(zod.fieldErrors)) {
        const list = strings(v);
        if (list.length > 0) fields[k] = list;
      }
    }
    const form = strings(zod.formErrors);
    if (form.length > 0 || Object.keys(fields).length > 0) return { form, fields };
  }
  const app = data?.appError;
  if (isRecord(app) && typeof app.message === 'string') {
    return typeof app.field === 'string' && app.field
      ? { form: [], fields: { [app.field]: [app.message] } }
      : { form: [app.message], fields: {} };
  }
  return {
    form: [isRecord(err) && typeof err.message === 'string' ? err.message : String(err)],
    fields: {},
  };
}

/** Whether there is any message, for the form or under an input. */
export function hasFormErrors(e: FormErrors): boolean {
  return e.form.length > 0 || Object.values(e.fields).some((v) => v.length > 0);
}

/** Field errors for inputs the form does not show, moved to the form's own list so none is lost. */
export function placeFormErrors(errors: FormErrors, shownFields: readonly string[]): FormErrors {
  const fields: Record<string, readonly string[]> = {};
  const form = [...errors.form];
  for (const [k, v] of Object.entries(errors.fields)) {
    if (shownFields.includes(k)) fields[k] = v;
    else form.push(...v.map((m) => `${k}: ${m}`));
  }
  return { form, fields };
}
