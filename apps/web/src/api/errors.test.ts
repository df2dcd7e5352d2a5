import { describe, expect, it } from 'vitest';
import {
  errorMessage,
  formErrorsOf,
  hasFormErrors,
  placeFormErrors,
  searchErrorOf,
} from './errors.js';

// Shaped as TRPCClientError instances are: a message plus the formatter's `data`.
const trpcError = (message: string, data: Record<string, unknown>) =>
  Object.assign(new Error(message), { data: { code: 'BAD_REQUEST', ...data } });

describe('searchErrorOf', () => {
  it('reads the position and the expected tokens', () => {
    const searchError = { message: 'Unknown field "statuz"', position: 5, expected: ['status'] };
    expect(searchErrorOf(trpcError(searchError.message, { searchError }))).toEqual(searchError);
  });

  it('is null for other errors', () => {
    expect(searchErrorOf(trpcError('x', { searchError: null }))).toBeNull();
    expect(searchErrorOf(new TypeError('Failed to fetch'))).toBeNull();
    expect(searchErrorOf(undefined)).toBeNull();
  });
});

describe('formErrorsOf', () => {
  it('puts zod field errors under their fields', () => {
    const zodError = { formErrors: [], fieldErrors: { name: ['Too short'], query: undefined } };
    expect(formErrorsOf(trpcError('invalid', { zodError }))).toEqual({
      form: [],
      fields: { name: ['Too short'] },
    });
  });

  it('puts an application error on its field, or on the form without one', () => {
    const onField = { code: 'CONFLICT', message: 'A bookmark named "x" exists.', field: 'name' };
    expect(formErrorsOf(trpcError(onField.message, { appError: onField }))).toEqual({
      form: [],
      fields: { name: [onField.message] },
    });
    const general = { code: 'NOT_FOUND', message: 'Bookmark b1 does not exist.', field: null };
    expect(formErrorsOf(trpcError(general.message, { appError: general }))).toEqual({
      form: [general.message],
      fields: {},
    });
  });

  it('reads a validation failure as its messages, not as tRPC’s JSON', () => {
    const zodError = { formErrors: [], fieldErrors: { id: ['Invalid UUID'] } };
    const err = trpcError(JSON.stringify([{ code: 'invalid_format', path: ['id'] }]), { zodError });
    expect(errorMessage(err)).toBe('id: Invalid UUID');
  });

  it('falls back to the message for anything else', () => {
    expect(formErrorsOf(new TypeError('Failed to fetch'))).toEqual({
      form: ['Failed to fetch'],
      fields: {},
    });
    expect(errorMessage('plain')).toBe('plain');
  });

  it('never loses an error on a field the form does not show', () => {
    const placed = placeFormErrors({ form: ['a'], fields: { name: ['n'], createdAt: ['c'] } }, [
      'name',
    ]);
    expect(placed).toEqual({ form: ['a', 'createdAt: c'], fields: { name: ['n'] } });
  });

  it('counts a message for the form or under an input, not an input without one', () => {
    expect(hasFormErrors({ form: [], fields: {} })).toBe(false);
    expect(hasFormErrors({ form: [], fields: { name: [] } })).toBe(false);
    expect(hasFormErrors({ form: [], fields: { name: ['Needs a name.'] } })).toBe(true);
    expect(hasFormErrors({ form: ['Refused.'], fields: {} })).toBe(true);
  });
});
