// The visibility filter as compiled SQL: none at all for who sees everything (their
// queries stay exactly as fast), in both the page and the count for everyone else.
import { parseSearch, SEARCH_OBJECT_KEYS, SEARCH_OBJECTS } from '@corral/shared';
import { describe, expect, it } from 'vitest';
import { compileSearch } from '../search/index.js';
import { superUser, type Principal } from './principal.js';
import { ANCESTRY, paramList, permissionCovers, visibleWhere } from './visibility.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const user: Principal = {
  userId: '11111111-1111-4111-8111-111111111111',
  login: 'tess@internal',
  subjectIds: ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'],
  systemGroups: new Set(),
  seesAll: false,
  admin: false,
};

function compiled(text: string, principal?: Principal) {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return compileSearch(parsed.query, { limit: 100, offset: 0, now: NOW, principal });
}

describe('visibility', () => {
  it.each(SEARCH_OBJECT_KEYS)('adds nothing to a %s search of who sees everything', (key) => {
    const text = `${SEARCH_OBJECTS[key].names[0]}:`;
    expect(compiled(text, superUser())).toEqual(compiled(text));
  });

  it('filters the page and the count of anyone else, by their user and groups', () => {
    const plain = compiled('Vms: status = up');
    const mine = compiled('Vms: status = up', user);
    expect(mine.sql).not.toEqual(plain.sql);
    for (const sql of [mine.sql, mine.countSql]) {
      expect(sql).toContain('FROM permission vis_p');
      // Through the pool, admin roles only.
      expect(sql).toContain(
        "vis_p.object_type = 'Pool' AND vis_p.object_id = t.pool_id AND EXISTS (SELECT 1 FROM role anc_r WHERE anc_r.id = vis_p.role_id AND anc_r.is_admin)",
      );
    }
    expect(mine.countParams).toContainEqual(user.subjectIds);
    expect(mine.params).toContainEqual(user.subjectIds);
  });

  it('shows events naming the user or what they see, and only their own jobs', () => {
    const { params, param } = paramList();
    const events = visibleWhere('event', 'e', user, param)!;
    expect(events).toContain('e.user_id = ');
    expect(events).toContain('e.vm_id');
    expect(events).toContain('e.volume_id');
    expect(params).toContainEqual(user.userId);
    const jobs = paramList();
    expect(visibleWhere('job', 'j', user, jobs.param)).toBe('j.user_name = $1::text');
    expect(jobs.params).toEqual([user.login]);
    expect(visibleWhere('bookmark', 'b', user, param)).toBe('FALSE');
    expect(visibleWhere('user', 'u', { ...user, admin: true }, param)).toBeUndefined();
  });

  it('covers each object from System and every ancestor, itself first', () => {
    for (const [type, ancestors] of Object.entries(ANCESTRY)) {
      expect(ancestors[0]!.type).toBe(type);
      const sql = permissionCovers(type as keyof typeof ANCESTRY, 't', 'p');
      expect(sql.startsWith("(p.object_type = 'System' OR ")).toBe(true);
    }
    expect(ANCESTRY.Vm.map((a) => a.type)).toEqual(['Vm', 'Pool', 'Cluster', 'DataCenter']);
    expect(ANCESTRY.Disk.map((a) => a.type)).toEqual([
      'Disk',
      'StorageDomain',
      'DataCenter',
      'Vm',
      'Cluster',
    ]);
  });
});
