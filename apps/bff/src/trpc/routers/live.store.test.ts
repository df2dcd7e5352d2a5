import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { seedDemo } from '../../demo/index.js';
import { HostRegistry } from '../../hosts/registry.js';
import { localFeed, type Change, type ChangeFeed } from '../../live/feed.js';
import type { UsagePoint, VmUsageSource } from '../../monitoring/index.js';
import { findRow } from '../../search/index.js';
import type { Db } from '../../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../../store/testing/index.js';
import type { Context } from '../context.js';
import { createCaller } from '../router.js';
import { superUser } from '../../identity/principal.js';
import { addTestUser, signIn } from '../../identity/testing.js';

const NOW = new Date('2026-11-01T12:00:00Z');

/** The local feed, counting its subscribers (a closed stream must leave none behind). */
function countingFeed(): ChangeFeed & { subscribers: () => number } {
  const feed = localFeed();
  let n = 0;
  return {
    publish: (c) => feed.publish(c),
    subscribe(listener) {
      n++;
      const off = feed.subscribe(listener);
      return () => {
        n--;
        off();
      };
    },
    close: () => feed.close(),
    subscribers: () => n,
  };
}

/** Server-sent events off a fetch body: `{ event, data }` as they arrive. */
async function* serverEvents(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0 || event !== 'message') yield { event, data: data.join('\n') };
    }
  }
}

describe.each(STORE_BACKENDS)('live updates and stats on %s', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestStore(backend);
    await seedDemo(db, { seed: 3, size: 'small', now: NOW });
  });
  afterAll(() => db.close());

  const engine = () => ({
    feed: localFeed(),
    hosts: new HostRegistry({}),
    imagesDir: path.join('/nonexistent', 'images'),
  });

  it('reads changed rows in the shape search returns, in the order asked, skipping unknown ids', async () => {
    const api = createCaller({ db, user: superUser(), engine: engine() });
    const vms = await db.query<{ id: string }>(`SELECT id FROM vm ORDER BY name DESC LIMIT 7`);
    const asked = [...vms.map((v) => v.id), randomUUID(), 'not-an-id'];
    const rows = await api.live.rows({ object: 'vm', ids: asked });
    const expected: Record<string, unknown>[] = [];
    for (const id of asked) {
      const row = await findRow(db, 'vm', id);
      if (row) expected.push({ ...row, id: String(row.id) });
    }
    expect(expected).toHaveLength(vms.length);
    // Uptime is computed from the clock at read time: the two reads may straddle a second.
    const withoutUptime = (list: Record<string, unknown>[]) =>
      list.map(({ uptime: _uptime, ...rest }) => rest);
    expect(withoutUptime(rows)).toEqual(withoutUptime(expected));
    rows.forEach((row, i) => {
      const a = row.uptime as number | null;
      const b = expected[i]!.uptime as number | null;
      if (a === null || b === null) expect(a).toBe(b);
      else expect(Math.abs(a - b)).toBeLessThanOrEqual(2);
    });

    const [event] = await db.query<{ id: number }>(`SELECT id FROM audit_event LIMIT 1`);
    const [eventRow] = await api.live.rows({ object: 'event', ids: [String(event!.id)] });
    const direct = await findRow(db, 'event', String(event!.id));
    expect(eventRow).toEqual({ ...direct, id: String(event!.id) });
  });

  it("answers a host's usage history from the store and a VM's from the monitor", async () => {
    const [host] = await db.query<{ id: string }>(`SELECT id FROM host LIMIT 1`);
    const now = Date.now();
    const samples = [3.5, 1.5, 0.5].map((ago, i) => ({
      time: new Date(now - ago * 60_000),
      cpu: 10 + i,
      mem: 20 + i,
      net: 30 + i,
    }));
    for (const s of samples)
      await db.query(
        `INSERT INTO stats_sample (object_type, object_id, time, cpu, mem, net)
         VALUES ('host', $1, $2, $3, $4, $5)`,
        [host!.id, s.time.toISOString(), s.cpu, s.mem, s.net],
      );
    const vmId = randomUUID();
    const vmPoints: UsagePoint[] = [{ time: now - 30_000, cpu: 50, mem: 60, net: 70 }];
    const asked: [string, number][] = [];
    const vmUsage: VmUsageSource = {
      vmUsage: (id, since) => {
        asked.push([id, since]);
        return id === vmId ? vmPoints : [];
      },
    };
    const ctx: Context = {
      db,
      user: superUser(),
      engine: engine(),
      vmUsage,
    };
    const api = createCaller(ctx);
    const hostHistory = await api.stats.history({ object: 'host', id: host!.id, minutes: 4 });
    expect(hostHistory.points).toEqual(
      samples.map((s) => ({ time: s.time.getTime(), cpu: s.cpu, mem: s.mem, net: s.net })),
    );
    const lastTwo = await api.stats.history({ object: 'host', id: host!.id, minutes: 2 });
    expect(lastTwo.points.map((p) => p.cpu)).toEqual([11, 12]);
    expect(await api.stats.history({ object: 'vm', id: vmId, minutes: 5 })).toEqual({
      points: vmPoints,
    });
    expect(asked[0]![1]).toBeGreaterThanOrEqual(now - 5 * 60_000 - 1_000);
    // A BFF without a monitor has no VM history to give, and says so with no points.
    const bare = createCaller({ db, user: superUser(), engine: engine() });
    expect(await bare.stats.history({ object: 'vm', id: vmId, minutes: 5 })).toEqual({
      points: [],
    });
  });

  it('streams feed changes to a browser over SSE, batched, and lets go when it leaves', async () => {
    const feed = countingFeed();
    const server = createApp({ db, engine: { ...engine(), feed } }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const leave = new AbortController();
    try {
      // A browser signed in as an administrator: the feed needs a session.
      await addTestUser(db, { username: 'sse-admin', password: 'sse-password', role: 'SuperUser' });
      const session = await signIn(`http://127.0.0.1:${port}`, 'sse-admin', 'sse-password');
      const res = await fetch(`http://127.0.0.1:${port}/trpc/live.changes`, {
        headers: session.headers({ accept: 'text/event-stream' }),
        signal: leave.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = serverEvents(res.body!);
      expect((await events.next()).value).toMatchObject({ event: 'connected' });
      await expect.poll(() => feed.subscribers()).toBe(1);

      const vms = Array.from({ length: 50 }, () => randomUUID());
      for (const id of vms) feed.publish([{ object: 'vm', ids: [id], op: 'upsert' }]);
      feed.publish([{ object: 'host', ids: [vms[0]!], op: 'remove' }]);
      const message = (await events.next()).value;
      expect(message?.event).toBe('message');
      const batch = JSON.parse(message!.data) as Change[];
      expect(batch).toEqual([
        { object: 'vm', ids: vms, op: 'upsert' },
        { object: 'host', ids: [vms[0]], op: 'remove' },
      ]);

      leave.abort();
      await expect.poll(() => feed.subscribers(), { timeout: 5_000 }).toBe(0);
    } finally {
      leave.abort();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
