import { randomUUID } from 'node:crypto';
import { SEARCH_OBJECT_KEYS } from '@corral/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeBuffer } from './buffer.js';
import { localFeed, type Change } from './feed.js';
import { MAX_PAYLOAD_BYTES, chunkChanges } from './pg-feed.js';
import { changeStream } from './stream.js';

const change = fc.record({
  object: fc.constantFrom(...SEARCH_OBJECT_KEYS),
  ids: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 6 }),
  op: fc.constantFrom('upsert' as const, 'remove' as const),
});

/** Per object, each id's last operation: what a sequence of changes amounts to. */
function lastOps(changes: readonly Change[]): Map<string, Change['op']> {
  const out = new Map<string, Change['op']>();
  for (const c of changes) for (const id of c.ids) out.set(`${c.object}/${id}`, c.op);
  return out;
}

describe('ChangeBuffer', () => {
  it('amounts to the same last operation per id, each id once per object', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const buffer = new ChangeBuffer();
        buffer.add(changes);
        const expected = lastOps(changes);
        expect(buffer.size).toBe(expected.size);
        const merged = buffer.take();
        expect(lastOps(merged)).toEqual(expected);
        const listed = merged.flatMap((c) => c.ids.map((id) => `${c.object}/${id}`));
        expect(listed.length).toBe(new Set(listed).size);
        expect(buffer.size).toBe(0);
        expect(buffer.take()).toEqual([]);
      }),
    );
  });
});

describe('chunkChanges', () => {
  it('splits batches into payloads under the limit that carry every id, in order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            object: fc.constantFrom(...SEARCH_OBJECT_KEYS),
            ids: fc.array(fc.uuid(), { maxLength: 400 }),
            op: fc.constantFrom('upsert' as const, 'remove' as const),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: 200, max: MAX_PAYLOAD_BYTES }),
        (changes, max) => {
          const from = randomUUID();
          const payloads = chunkChanges(from, changes, max);
          const back: Change[] = [];
          for (const p of payloads) {
            expect(Buffer.byteLength(p)).toBeLessThanOrEqual(max);
            const parsed = JSON.parse(p) as { from: string; changes: Change[] };
            expect(parsed.from).toBe(from);
            back.push(...parsed.changes);
          }
          const flat = (cs: readonly Change[]) =>
            cs.flatMap((c) => c.ids.map((id) => `${c.object}/${c.op}/${id}`));
          expect(flat(back)).toEqual(flat(changes));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sends 50,000 VM ids in few payloads, each one nearly full', () => {
    const ids = Array.from({ length: 50_000 }, () => randomUUID());
    const payloads = chunkChanges(
      randomUUID(),
      [{ object: 'vm', ids, op: 'upsert' }],
      MAX_PAYLOAD_BYTES,
    );
    const perPayload = Math.floor(MAX_PAYLOAD_BYTES / 39);
    expect(payloads.length).toBeLessThanOrEqual(Math.ceil(50_000 / (perPayload - 5)));
    for (const p of payloads.slice(0, -1))
      expect(Buffer.byteLength(p)).toBeGreaterThan(MAX_PAYLOAD_BYTES - 40);
  });
});

describe('changeStream', () => {
  it('hands a subscriber one merged batch for a burst, and stops when aborted', async () => {
    const feed = localFeed();
    const abort = new AbortController();
    const stream = changeStream(feed, { signal: abort.signal, windowMs: 50 });
    const first = stream.next();
    for (let i = 0; i < 1000; i++)
      feed.publish([{ object: 'vm', ids: [`vm-${i % 300}`], op: 'upsert' }]);
    feed.publish([{ object: 'host', ids: ['h-1'], op: 'upsert' }]);
    const batch = await first;
    expect(batch.done).toBe(false);
    const [vms, hosts, ...rest] = batch.value ?? [];
    expect(rest).toEqual([]);
    expect({ ...vms, ids: [...(vms?.ids ?? [])].sort() }).toEqual({
      object: 'vm',
      ids: Array.from({ length: 300 }, (_, i) => `vm-${i}`).sort(),
      op: 'upsert',
    });
    expect(hosts).toEqual({ object: 'host', ids: ['h-1'], op: 'upsert' });
    const second = stream.next();
    abort.abort();
    expect(await second).toEqual({ done: true, value: undefined });
  });

  it('passes only the objects asked for', async () => {
    const feed = localFeed();
    const abort = new AbortController();
    const stream = changeStream(feed, {
      signal: abort.signal,
      windowMs: 10,
      objects: new Set(['host'] as const),
    });
    const next = stream.next();
    feed.publish([{ object: 'vm', ids: ['v'], op: 'upsert' }]);
    feed.publish([{ object: 'host', ids: ['h'], op: 'remove' }]);
    expect((await next).value).toEqual([{ object: 'host', ids: ['h'], op: 'remove' }]);
    abort.abort();
    await stream.return();
  });
});
