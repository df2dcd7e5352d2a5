import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { seedDemo } from '../demo/index.js';
import { addTestUser, signIn, signInAdmin, type TestSession } from '../identity/testing.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';

// Over real HTTP: what scripts (REST) and the SPA (tRPC) receive, errors included.
describe.each(STORE_BACKENDS)('HTTP API on %s', (backend) => {
  let db: Db;
  let server: Server;
  let base: string;
  let session: TestSession;

  beforeAll(async () => {
    db = await openTestStore(backend);
    await seedDemo(db, { seed: 7, size: 'small', now: new Date('2026-11-01T12:00:00Z') });
    server = createApp({ db }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    session = await signInAdmin(base, db);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.close();
  });

  it('GET /api/v1/search returns the total and a page of rows', async () => {
    const [count] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM vm WHERE status = 'Up'`,
    );
    const res = await fetch(
      `${base}/api/v1/search?q=${encodeURIComponent('Vms: status = up')}&limit=5`,
      { headers: session.headers() },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; rows: { status: string }[] };
    const n = count!.n;
    expect(body.total).toBe(n);
    expect(body.rows.length).toBe(Math.min(5, n));
    for (const row of body.rows) expect(row.status).toBe('Up');
  });

  it('GET /api/v1/search matches and counts only what the signed-in user may see', async () => {
    const userId = await addTestUser(db, { username: 'rest-user', password: 'rest-user-pass' });
    const mine = await signIn(base, 'rest-user', 'rest-user-pass');
    const search = async (q: string) => {
      const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}`, {
        headers: mine.headers(),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { total: number; rows: { id: string }[] };
    };
    expect(await search('Vms:')).toMatchObject({ total: 0, rows: [] });
    const [vm] = await db.query<{ id: string }>('SELECT id FROM vm ORDER BY name LIMIT 1');
    await db.query(
      `INSERT INTO permission (user_id, role_id, object_type, object_id)
       SELECT $1, id, 'Vm', $2 FROM role WHERE name = 'UserRole'`,
      [userId, vm!.id],
    );
    const seen = await search('Vms:');
    expect(seen.total).toBe(1);
    expect(seen.rows.map((r) => r.id)).toEqual([vm!.id]);
  });

  it('GET /api/v1/search answers a bad query with 400 and where it went wrong', async () => {
    const q = 'Vms: status = sideways';
    const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}`, {
      headers: session.headers(),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { message: string; position: number; expected: string[] };
    };
    expect(body.error.position).toBe(q.indexOf('sideways'));
    expect(body.error.expected.map((e) => e.toLowerCase())).toContain('up');
  });

  it('GET /api/v1/search refuses a missing q with 400', async () => {
    const res = await fetch(`${base}/api/v1/search`, { headers: session.headers() });
    expect(res.status).toBe(400);
  });

  it('tRPC puts input errors per field in error.data.zodError', async () => {
    const res = await fetch(`${base}/trpc/bookmark.create`, {
      method: 'POST',
      headers: session.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ name: '', query: 'Vms:' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { data: { zodError: { fieldErrors: Record<string, string[]> } } };
    };
    expect(body.error.data.zodError.fieldErrors.name?.[0]).toMatch(/needs a name/);
  });

  it('tRPC puts search errors in error.data.searchError', async () => {
    const input = encodeURIComponent(
      JSON.stringify({ query: 'Hosts: cpu_usage >', offset: 0, limit: 10 }),
    );
    const res = await fetch(`${base}/trpc/search.run?input=${input}`, {
      headers: session.headers(),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { data: { searchError: { position: number } } } };
    expect(body.error.data.searchError.position).toBeGreaterThan(0);
  });
});
