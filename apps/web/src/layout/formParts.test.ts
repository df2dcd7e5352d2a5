import { describe, expect, it } from 'vitest';
import { errorId, invalidProps } from './formParts.js';

describe('invalidProps', () => {
  const errors = { name: ['Give the VM a name.'], 'disks.0.sizeGb': ['Too small.'] };

  it('marks an input with a message invalid and points it at the message', () => {
    const p = invalidProps('disks.0.sizeGb', errors);
    expect(p['aria-invalid']).toBe(true);
    expect(p['aria-describedby']).toBe(errorId('disks.0.sizeGb'));
    expect(p.className.split(' ')).toContain('is-invalid');
  });

  it('leaves an input without a message alone', () => {
    const p = invalidProps('description', errors);
    expect(p['aria-invalid']).toBeUndefined();
    expect(p['aria-describedby']).toBeUndefined();
    expect(p.className.split(' ')).not.toContain('is-invalid');
  });

  it('adds an extra class to what the input would have without it', () => {
    for (const field of ['name', 'description']) {
      const plain = invalidProps(field, errors).className;
      expect(invalidProps(field, errors, 'mono').className).toBe(`${plain} mono`);
    }
  });
});
