import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEARCH_OBJECT_KEYS, type SearchObjectKey } from '@corral/shared';
import {
  NEW_ROW_LIMIT,
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
    expect(plan).toEqual({ patch: changed, refresh: false });
  });

  it('ignores changes of other objects', () => {
    for (const object of SEARCH_OBJECT_KEYS.filter((o) => o !== 'vm')) {
      const plan = planGridUpdate([{ object, ids: ['vm-1'], op: 'remove' }], 'vm', loaded);
      expect(plan).toEqual({ patch: [], refresh: false });
    }
  });

  it('re-runs the search when a row is removed, loaded or not', () => {
    for (const id of ['vm-5', 'gone-elsewhere']) {
      const plan = planGridUpdate([{ object: 'vm', ids: [id], op: 'remove' }], 'vm', loaded);
      expect(plan.refresh).toBe(true);
      expect(plan.patch).toEqual([]);
    }
  });

  it('re-runs the search for a few rows it has not loaded (a new VM), not for a sweep', () => {
    const few = planGridUpdate([{ object: 'vm', ids: ['new-vm'], op: 'upsert' }], 'vm', loaded);
    expect(few.refresh).toBe(true);
    const sweep = ids('other', NEW_ROW_LIMIT + 1);
    const many = planGridUpdate(
      [{ object: 'vm', ids: [...sweep, 'vm-7'], op: 'upsert' }],
      'vm',
      loaded,
    );
    expect(many).toEqual({ patch: ['vm-7'], refresh: false });
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
    expect(plan).toEqual({ patch: [], refresh: true });
  });

  it('never patches a row it has not loaded', () => {
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 10 }),
        fc.subarray(['a', 'b', 'c']),
        (changes, l) => {
          const plan = planGridUpdate(changes, 'vm', new Set(l));
          for (const id of plan.patch) expect(l).toContain(id);
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
