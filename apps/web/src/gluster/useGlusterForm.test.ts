import { describe, expect, it } from 'vitest';
import { hasErrors, mergeErrors } from './useGlusterForm.js';

describe('mergeErrors', () => {
  it('puts the rules’ and the BFF’s messages together, each once', () => {
    const merged = mergeErrors(
      { form: ['a'], fields: { name: ['taken'], 'bricks.0.hostId': ['not Up'] } },
      { form: ['a', 'b'], fields: { name: ['taken', 'too long'] } },
    );
    expect(merged).toEqual({
      form: ['a', 'b'],
      fields: { name: ['taken', 'too long'], 'bricks.0.hostId': ['not Up'] },
    });
  });

  it('tells an empty field list from a message', () => {
    expect(hasErrors({ form: [], fields: { name: [] } })).toBe(false);
    expect(hasErrors({ form: [], fields: { name: ['x'] } })).toBe(true);
    expect(hasErrors({ form: ['x'], fields: {} })).toBe(true);
  });
});
