import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEARCH_OBJECT_KEYS, type SearchObjectKey } from '@corral/shared';
import {
  idsOf,
  matchPatchedRows,
  mergeChanges,
  planGridUpdate,
  touches,
  type Change,
} from './changeModel.js';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

const change = fc.record({
  object: fc.constantFrom<SearchObjectKey>('vm', 'host', 'event'),
  ids: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 4 }),
  op: fc.constantFrom<Change['op']>('upsert', 'remove'),
});

/** The last operation on each (object, id), replaying the batches in order: the oracle. */
function lastOps(changes: readonly Change[]): Map<string, Change['op']> {
  const m = new Map<string, Change['op']>();
  for (const c of changes) for (const id of c.ids) m.set(`${c.object}/${id}`, c.op);
  return m;
}

describe('mergeChanges', () => {
  it('keeps the last operation on every row and nothing else', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), (changes) => {
        const merged = mergeChanges(changes);
        expect(lastOps(merged)).toEqual(lastOps(changes));
        // One entry per object and operation, never an empty one.
        const keys = merged.map((c) => `${c.object}/${c.op}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const c of merged) expect(c.ids.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('touches', () => {
  it('matches by object, and by row when an id is given', () => {
    const changes: Change[] = [{ object: 'vm', ids: ['v1'], op: 'upsert' }];
    expect(touches(changes, 'vm')).toBe(true);
    expect(touches(changes, 'vm', 'v1')).toBe(true);
    expect(touches(changes, 'vm', 'v2')).toBe(false);
    expect(touches(changes, 'host')).toBe(false);
  });
});

describe('planGridUpdate', () => {
  const loaded = new Set(ids('vm', 100));

  it('patches the loaded rows that changed, in place', () => {
    const changed = ['vm-3', 'vm-42', 'vm-99'];
    const plan = planGridUpdate([{ object: 'vm', ids: changed, op: 'upsert' }], 'vm', loaded);
    expect(plan).toEqual({ patch: changed, refresh: false, probe: false });
  });

  it('ignores changes of other objects', () => {
    for (const object of SEARCH_OBJECT_KEYS.filter((o) => o !== 'vm')) {
      const plan = planGridUpdate([{ object, ids: ['vm-1'], op: 'remove' }], 'vm', loaded);
      expect(plan).toEqual({ patch: [], refresh: false, probe: false });
    }
  });

  it('re-runs the search when a row is removed, loaded or not', () => {
    for (const id of ['vm-5', 'gone-elsewhere']) {
      const plan = planGridUpdate([{ object: 'vm', ids: [id], op: 'remove' }], 'vm', loaded);
      expect(plan).toEqual({ patch: [], refresh: true, probe: false });
    }
  });

  it('asks whether the result grew when a row it never knew changes (a new VM)', () => {
    const plan = planGridUpdate(
      [{ object: 'vm', ids: ['new-vm', 'vm-7'], op: 'upsert' }],
      'vm',
      loaded,
    );
    expect(plan).toEqual({ patch: ['vm-7'], refresh: false, probe: true });
  });

  it('does not ask again for rows the feed named before', () => {
    // A monitoring cycle reports the usage of rows outside the result again and again.
    const outside = ids('other', 30);
    const plan = planGridUpdate(
      [{ object: 'vm', ids: [...outside, 'vm-1'], op: 'upsert' }],
      'vm',
      loaded,
      new Set(outside),
    );
    expect(plan).toEqual({ patch: ['vm-1'], refresh: false, probe: false });
  });

  it('does not patch a row whose last word was its removal', () => {
    const plan = planGridUpdate(
      [
        { object: 'vm', ids: ['vm-1'], op: 'upsert' },
        { object: 'vm', ids: ['vm-1'], op: 'remove' },
      ],
      'vm',
      loaded,
    );
    expect(plan).toEqual({ patch: [], refresh: true, probe: false });
  });

  it('decides by the last operation on each row, against an oracle', () => {
    const batch = fc.record({
      ids: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 6 }),
      op: fc.constantFrom<Change['op']>('upsert', 'remove'),
    });
    fc.assert(
      fc.property(
        fc.array(batch, { maxLength: 6 }),
        fc.subarray(['a', 'b', 'c']),
        fc.subarray(['d', 'e']),
        (raw, l, k) => {
          const changes = raw.map((c) => ({ ...c, object: 'vm' as const }));
          const plan = planGridUpdate(changes, 'vm', new Set(l), new Set(k));
          const last = [...lastOps(changes)].map(([key, op]) => ({ id: key.slice(3), op }));
          const removed = last.some((x) => x.op === 'remove');
          const upserted = last.filter((x) => x.op === 'upsert').map((x) => x.id);
          expect(plan.refresh).toBe(removed);
          expect([...plan.patch].sort()).toEqual(
            removed ? [] : upserted.filter((id) => l.includes(id)).sort(),
          );
          expect(plan.probe).toBe(
            !removed && upserted.some((id) => !l.includes(id) && !k.includes(id)),
          );
        },
      ),
    );
  });
});

describe('matchPatchedRows', () => {
  it('keeps the rows asked for and notices one that vanished', () => {
    const rows = [
      { id: 'a', name: 'web-01' },
      { id: 'x', name: 'unrelated' },
    ];
    expect(matchPatchedRows(['a'], rows)).toEqual({ rows: [rows[0]], missing: false });
    expect(matchPatchedRows(['a', 'b'], rows).missing).toBe(true);
  });
});

describe('idsOf', () => {
  it('lists the ids the changes name for one object', () => {
    const changes: Change[] = [
      { object: 'vm', ids: ['a', 'b'], op: 'upsert' },
      { object: 'host', ids: ['h'], op: 'upsert' },
      { object: 'vm', ids: ['c'], op: 'remove' },
    ];
    expect(idsOf(changes, 'vm').sort()).toEqual(['a', 'b', 'c']);
  });
});
