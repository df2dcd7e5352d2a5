import { describe, expect, it } from 'vitest';
import { DETAIL_TABS, SEARCH_OBJECT_KEYS } from '@corral/shared';
import { PERMISSION_OBJECT, THIS_OBJECT, removal } from './permissionModel.js';

describe('permission objects', () => {
  it('every object with a Permissions tab but users has a permission object type', () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      const tabs: readonly { key: string }[] = DETAIL_TABS[key];
      if (key !== 'user' && tabs.some((t) => t.key === 'permissions')) {
        expect(PERMISSION_OBJECT[key], key).toBeDefined();
      }
    }
  });
});

describe('removal', () => {
  it('of a permission given on the object itself, or held by the user', () => {
    expect(removal('object', { id: 'p', inherited_from: THIS_OBJECT })).toEqual({ allowed: true });
    expect(removal('user', { id: 'p', object_type: 'System' })).toEqual({ allowed: true });
  });

  it('is refused for an inherited one, saying where to remove it', () => {
    expect(removal('object', { id: 'p', inherited_from: 'DataCenter' })).toEqual({
      allowed: false,
      reason: 'Inherited from its DataCenter: remove it there.',
    });
    expect(removal('object', { id: 'p', inherited_from: 'System' }).allowed).toBe(false);
  });
});
