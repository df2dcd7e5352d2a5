import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeBuffer } from './buffer.js';
import type { Change, ChangeFeed } from './feed.js';
import { createFeed, isGapAware } from './pg-feed.js';

/** Everything a feed delivered to this process, merged per object. */
function collect(feed: ChangeFeed): { all: () => Change[]; calls: () => number } {
  const buffer = new ChangeBuffer();
  let calls = 0;
  const seen: Change[] = [];
  feed.subscribe((changes) => {
    calls++;
    seen.push(...changes);
  });
  return {
    all: () => {
      buffer.add(seen);
      const merged = buffer.take();
      return merged;
    },
    calls: () => calls,
  };
}

const ids = (changes: readonly Change[], object: string) =>
  new Set(changes.filter((c) => c.object === object).flatMap((c) => c.ids));

describe('the change feed without a server', () => {
  it('is this process’s own feed', async () => {
    const feed = await createFeed({});
    const got = collect(feed);
    feed.publish([{ object: 'vm', ids: ['a'], op: 'upsert' }]);
    expect(got.all()).toEqual([{ object: 'vm', ids: ['a'], op: 'upsert' }]);
    expect(isGapAware(feed)).toBe(false);
    await feed.close();
  });
});

describe('the change feed across BFF processes on PostgreSQL', () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run with `npm run test:store`');
  const open: ChangeFeed[] = [];
  const feed = async () => {
    const f = await createFeed({ databaseUrl: url, reconnectMs: 100 });
    open.push(f);
    return f;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((f) => f.close()));
  });

  it('delivers what one replica publishes to the other, and to its own listeners once', async () => {
    const [a, b] = [await feed(), await feed()];
    const [atA, atB] = [collect(a), collect(b)];
    const vm = randomUUID();
    const host = randomUUID();
    a.publish([{ object: 'vm', ids: [vm], op: 'upsert' }]);
    b.publish([{ object: 'host', ids: [host], op: 'remove' }]);
    await vi.waitFor(() => {
      expect(ids(atB.all(), 'vm')).toEqual(new Set([vm]));
      expect(ids(atA.all(), 'host')).toEqual(new Set([host]));
    });
    // Give a stray echo of A's own notification time to arrive: there must be none.
    await new Promise((r) => setTimeout(r, 300));
    expect(atA.calls()).toBe(2);
    expect(atB.calls()).toBe(2);
  });

  it('carries a fleet-wide batch in notifications under the server’s payload limit', async () => {
    const [a, b] = [await feed(), await feed()];
    const atB = collect(b);
    const vms = Array.from({ length: 20_000 }, () => randomUUID());
    // Published piecemeal within the coalescing window, as a monitoring flush would.
    for (let i = 0; i < vms.length; i += 500)
      a.publish([{ object: 'vm', ids: vms.slice(i, i + 500), op: 'upsert' }]);
    // Each piece was delivered locally at once; the other replica gets them all.
    await vi.waitFor(() => expect(ids(atB.all(), 'vm').size).toBe(vms.length), {
      timeout: 10_000,
    });
    expect(ids(atB.all(), 'vm')).toEqual(new Set(vms));
    // A notification over the limit fails the whole NOTIFY: far fewer calls than ids shows batching.
    expect(atB.calls()).toBeLessThan(vms.length / 100);
  });

  it('listens again after its connection is cut, and says changes may have been missed', async () => {
    const [a, b] = [await feed(), await feed()];
    if (!isGapAware(b)) throw new Error('a server feed reports gaps');
    const atB = collect(b);
    let gaps = 0;
    b.onGap(() => gaps++);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const cut = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name LIKE 'corral-feed-listen-%' AND pid <> pg_backend_pid()`,
      );
      expect(cut.rowCount).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    await vi.waitFor(() => expect(gaps).toBe(1), { timeout: 5_000 });
    const vm = randomUUID();
    a.publish([{ object: 'vm', ids: [vm], op: 'upsert' }]);
    await vi.waitFor(() => expect(ids(atB.all(), 'vm')).toEqual(new Set([vm])), {
      timeout: 5_000,
    });
  });
});
