// npm run bench:search — the search path at the design's scale target.
//
// Builds a 2,000-host / 50,000-VM store (embedded PGlite, as `npm start` uses), then
// runs a fixed mix of queries two ways in the same process and run:
//   * through HTTP: GET /api/v1/search (express, zod, parser, compiler, store, JSON);
//   * the same compiled SQL (page + count) straight on the store: the baseline.
// Prints p50/p99 of the HTTP path and the ratio of medians (HTTP / raw SQL).
// Then the same mix through HTTP as two users whose results are filtered by their
// permissions in the store query — a desktop user (own VMs, pools through a group) and
// a data-center administrator (through a group) — against the superuser in the same run.
import type { AddressInfo } from 'node:net';
import { SEARCH_MD_EXAMPLES, parseSearch } from '@corral/shared';
import { createApp } from '../apps/bff/src/app.js';
import { seedDemo } from '../apps/bff/src/demo/index.js';
import { DIRECTORY_DOMAIN } from '../apps/bff/src/demo/catalog.js';
import { storeDirectory } from '../apps/bff/src/identity/directory.js';
import { hashPassword } from '../apps/bff/src/identity/passwords.js';
import {
  TEST_COST,
  signIn,
  signInAdmin,
  type TestSession,
} from '../apps/bff/src/identity/testing.js';
import { compileSearch } from '../apps/bff/src/search/index.js';
import { openStore } from '../apps/bff/src/store/index.js';

const QUERIES = [
  ...SEARCH_MD_EXAMPLES,
  'Vms: Hosts.name = rhev-h1*',
  'Hosts: Vms.status = paused',
  'Vms: web*',
  'Vms:',
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const LIMIT = 100;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const t0 = process.hrtime.bigint();
  const db = await openStore({});
  const now = new Date();
  await seedDemo(db, { seed: 2013, size: 'large', now });
  const [counts] = await db.query<{ hosts: number; vms: number }>(
    'SELECT (SELECT count(*) FROM host) AS hosts, (SELECT count(*) FROM vm) AS vms',
  );
  console.log(
    `store: ${counts?.hosts} hosts, ${counts?.vms} VMs, built in ${(ms(t0) / 1000).toFixed(1)} s`,
  );

  // The demo's directory users sign in against the store, as `npm start` lets them.
  const directories = [storeDirectory(db), storeDirectory(db, DIRECTORY_DOMAIN)];
  const server = createApp({ db, directories }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `${origin}/api/v1/search`;
  const admin = await signInAdmin(origin, db, 'bench-admin');
  // Demo people: jsmith owns VMs and is in vdi-users (UserRole on every pool); sjohnson is
  // in it-ops (DataCenterAdmin on the first data center).
  await db.query(
    `UPDATE app_user SET password_hash = $1 WHERE username IN ('jsmith', 'sjohnson')`,
    [await hashPassword('bench-password', TEST_COST)],
  );
  const desktopUser = await signIn(origin, 'jsmith@corp.example.com', 'bench-password');
  const dcAdmin = await signIn(origin, 'sjohnson@corp.example.com', 'bench-password');
  const get = (session: TestSession, q: string) =>
    fetch(`${base}?q=${encodeURIComponent(q)}&limit=${LIMIT}`, { headers: session.headers() });

  const compiled = QUERIES.map((q) => {
    const parsed = parseSearch(q);
    if (!parsed.ok) throw new Error(`bench query does not parse: ${q}: ${parsed.error.message}`);
    return compileSearch(parsed.query, { limit: LIMIT, offset: 0, now });
  });

  // Warm both paths once (plans, JIT) before measuring.
  for (const [i, q] of QUERIES.entries()) {
    await get(admin, q).then((r) => r.json());
    const c = compiled[i]!;
    await db.query(c.sql, c.params);
    await db.query(c.countSql, c.countParams);
  }

  const http: number[] = [];
  const raw: number[] = [];
  const perQuery = QUERIES.map(() => ({ http: [] as number[], raw: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, q] of QUERIES.entries()) {
      // Alternate which path goes first so neither always meets a warmer cache.
      const runHttp = async () => {
        const s = process.hrtime.bigint();
        const res = await get(admin, q);
        if (!res.ok) throw new Error(`HTTP ${res.status} for ${q}`);
        await res.json();
        http.push(ms(s));
        perQuery[i]!.http.push(ms(s));
      };
      const runRaw = async () => {
        const c = compiled[i]!;
        const s = process.hrtime.bigint();
        await db.query(c.sql, c.params);
        await db.query(c.countSql, c.countParams);
        raw.push(ms(s));
        perQuery[i]!.raw.push(ms(s));
      };
      if (round % 2 === 0) {
        await runHttp();
        await runRaw();
      } else {
        await runRaw();
        await runHttp();
      }
    }
  }
  // Filtered searches: each user's mix against the superuser's, rounds interleaved.
  const asUser: Record<string, { session: TestSession; times: number[]; vms: number }> = {
    superuser: { session: admin, times: [], vms: 0 },
    'desktop user': { session: desktopUser, times: [], vms: 0 },
    'data-center admin': { session: dcAdmin, times: [], vms: 0 },
  };
  for (const who of Object.values(asUser)) {
    const res = await get(who.session, 'Vms:');
    who.vms = ((await res.json()) as { total: number }).total;
    for (const q of QUERIES) await get(who.session, q).then((r) => r.json());
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      for (const who of Object.values(asUser)) {
        const s = process.hrtime.bigint();
        const res = await get(who.session, q);
        if (!res.ok) throw new Error(`HTTP ${res.status} for ${q}`);
        await res.json();
        who.times.push(ms(s));
      }
    }
  }
  server.close();
  await db.close();

  console.log('per query (median ms, HTTP / raw SQL):');
  for (const [i, q] of QUERIES.entries()) {
    const h = perQuery[i]!.http.sort((a, b) => a - b);
    const r = perQuery[i]!.raw.sort((a, b) => a - b);
    console.log(
      `  ${percentile(h, 50).toFixed(2).padStart(7)} / ${percentile(r, 50).toFixed(2).padStart(7)}  ${q}`,
    );
  }
  http.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  const p50 = percentile(http, 50);
  console.log(`queries: ${QUERIES.length} × ${ROUNDS} rounds, page size ${LIMIT}`);
  console.log(
    `raw SQL p50 ms: ${percentile(raw, 50).toFixed(2)}, p99 ms: ${percentile(raw, 99).toFixed(2)}`,
  );
  console.log(`search p50 ms: ${p50.toFixed(2)}`);
  console.log(`search p99 ms: ${percentile(http, 99).toFixed(2)}`);
  console.log(`search overhead vs raw SQL: ${(p50 / percentile(raw, 50)).toFixed(2)}`);

  const base50 = percentile(
    asUser.superuser!.times.sort((a, b) => a - b),
    50,
  );
  for (const [name, who] of Object.entries(asUser)) {
    const t = who.times.sort((a, b) => a - b);
    console.log(
      `filtered search ${name} (sees ${who.vms} VMs) p50 ms: ${percentile(t, 50).toFixed(2)}, ` +
        `p99 ms: ${percentile(t, 99).toFixed(2)}, vs superuser: ${(percentile(t, 50) / base50).toFixed(2)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
