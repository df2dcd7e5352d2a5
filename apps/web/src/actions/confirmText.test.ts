import { describe, expect, it } from 'vitest';
import { confirmText, namesOf } from './confirmText.js';

const rows = (names: string[]) => names.map((name, i) => ({ id: `id-${i}`, name }));

describe('namesOf', () => {
  it('lists a few names and counts the rest', () => {
    expect(namesOf(rows(['a']))).toBe('a');
    expect(namesOf(rows(['a', 'b']))).toBe('a and b');
    expect(namesOf(rows(['a', 'b', 'c']))).toBe('a, b and c');
    const many = ['a', 'b', 'c', 'd', 'e'];
    expect(namesOf(rows(many))).toBe(`a, b, c and ${many.length - 3} more`);
  });
});

describe('confirmText', () => {
  it('names what is removed or powered off and says what is lost', () => {
    const vms = rows(['web-01', 'db-01']);
    const remove = confirmText({ object: 'vm', name: 'remove' }, 'Remove', vms);
    expect(remove.message).toContain(namesOf(vms));
    expect(remove.message).toContain(`${vms.length} virtual machines`);
    const off = confirmText({ object: 'vm', name: 'powerOff' }, 'Power Off', vms.slice(0, 1));
    expect(off.message).toContain('web-01');
    expect(off.message).toMatch(/lost/);
    const fence = confirmText({ object: 'host', name: 'fence' }, 'Fence', rows(['h1']));
    expect(fence.confirm).toBe('Fence');
  });
});
