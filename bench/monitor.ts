// npm run bench:monitor — monitoring at the design's scale target.
//
// Builds the 2,000-host / 50,000-VM demo fleet in the embedded store (PGlite, as `npm
// start` uses), connects every host through the simulated driver, and runs the Monitor
// with its production settings (15 s cycles, staggered) for a fixed wall time. Measures:
//   * the process's CPU time per wall second while monitoring (one core = 100 %), against
//     the same process idle beforehand, with the store loaded (the baseline);
//   * lag: how late each host's cycle started and finished (writes done) after it was due.
//
// BENCH_SECONDS (default 75: five cycles) is the measured span, after one cycle of
// warm-up (connecting 2,000 hosts, the first full write). The usage history starts full
// (an hour of samples, as after an hour of running), so pruning costs what it will.
// BENCH_INTERVAL_MS changes the cycle; BENCH_VM_HISTORY=store keeps the VMs' history in
// the store instead of memory.
import { seedDemo } from '../apps/bff/src/demo/index.js';
import { HostRegistry } from '../apps/bff/src/hosts/registry.js';
import { SimDriver, simInitialFromStore } from '../apps/bff/src/hosts/sim/index.js';
import { localFeed, type Change } from '../apps/bff/src/live/feed.js';
import { Monitor, type CycleReport } from '../apps/bff/src/monitoring/index.js';
import { openStore, type Db } from '../apps/bff/src/store/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 75);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 15_000);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const VM_HISTORY = process.env.BENCH_VM_HISTORY === 'store' ? 'store' : 'memory';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CPU time (user + system) per wall second over `work`, as a percentage of one core. */
async function cpuShare(work: () => Promise<void>): Promise<{ share: number; wallMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  return { share: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, wallMs };
}

/** The store, timing every statement monitoring sends it. */
function timed(db: Db): { db: Db; stats: Map<string, { n: number; ms: number }> } {
  const stats = new Map<string, { n: number; ms: number }>();
  const kind = (sql: string) => {
    const s = sql.trim().replace(/\s+/g, ' ');
    const m =
      /^(WITH \w+ AS \(\s*)?(SELECT|UPDATE \w+|INSERT INTO \w+|DELETE FROM \w+|VACUUM)/i.exec(s);
    return m
      ? m[2]!.toUpperCase() + (s.includes('FROM vm WHERE') ? ' (vm rows)' : '')
      : s.slice(0, 30);
  };
  return {
    stats,
    db: {
      ...db,
      async query(sql, params) {
        const t0 = performance.now();
        try {
          return await db.query(sql, params);
        } finally {
          const k = kind(sql);
          const e = stats.get(k) ?? { n: 0, ms: 0 };
          e.n++;
          e.ms += performance.now() - t0;
          stats.set(k, e);
        }
      },
      async exec(sql) {
        const t0 = performance.now();
        try {
          await db.exec(sql);
        } finally {
          const k = kind(sql);
          const e = stats.get(k) ?? { n: 0, ms: 0 };
          e.n++;
          e.ms += performance.now() - t0;
          stats.set(k, e);
        }
      },
    },
  };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const db = await openStore({});
  await seedDemo(db, { seed: 2013, size: 'large', now: new Date() });
  const [counts] = await db.query<{
    hosts: number;
    vms: number;
    monitored: number;
    running: number;
  }>(
    `SELECT (SELECT count(*) FROM host) AS hosts, (SELECT count(*) FROM vm) AS vms,
            (SELECT count(*) FROM host WHERE status IN
               ('Up','Connecting','NonResponsive','PreparingForMaintenance','Maintenance')) AS monitored,
            (SELECT count(*) FROM vm WHERE host_id IS NOT NULL) AS running`,
  );
  console.log(
    `store: ${counts?.hosts} hosts (${counts?.monitored} monitored), ${counts?.vms} VMs ` +
      `(${counts?.running} placed on hosts), built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // An hour of history, one sample per object per cycle, as monitoring would have left it.
  const filled = performance.now();
  await db.query(
    `INSERT INTO stats_sample (object_type, object_id, time, cpu, mem, net)
     SELECT 'host', h.id, t, random() * 100, random() * 100, random() * 100
       FROM host h, generate_series(now() - interval '60 minutes', now(), $1 * interval '1 ms') t`,
    [INTERVAL_MS],
  );
  if (VM_HISTORY === 'store')
    await db.query(
      `INSERT INTO stats_sample (object_type, object_id, time, cpu, mem, net)
       SELECT 'vm', v.id, t, random() * 100, random() * 100, random() * 100
         FROM vm v, generate_series(now() - interval '60 minutes', now(), $1 * interval '1 ms') t
        WHERE v.host_id IS NOT NULL`,
      [INTERVAL_MS],
    );
  const [prefilled] = await db.query<{ rows: number; bytes: number }>(
    `SELECT count(*)::int AS rows, pg_total_relation_size('stats_sample')::bigint AS bytes FROM stats_sample`,
  );
  console.log(
    `history prefilled: ${prefilled?.rows} rows, ${((prefilled?.bytes ?? 0) / 1e6).toFixed(0)} MB in ` +
      `${((performance.now() - filled) / 1000).toFixed(1)} s`,
  );

  // The baseline: this process, store loaded, doing nothing but its timers.
  const idle = await cpuShare(() => sleep(IDLE_SECONDS * 1000));

  const sim = new SimDriver({ initial: simInitialFromStore(db) });
  const hosts = new HostRegistry({ sim });
  const feed = localFeed();
  let published = 0;
  feed.subscribe((changes: readonly Change[]) => {
    for (const c of changes) published += c.ids.length;
  });
  const reports: CycleReport[] = [];
  const store = timed(db);
  const monitor = new Monitor({
    db: store.db,
    feed,
    hosts,
    intervalMs: INTERVAL_MS,
    vmHistory: VM_HISTORY,
    onCycle: (r) => reports.push(r),
  });

  const warm = performance.now();
  await monitor.start();
  await sleep(INTERVAL_MS + 2_000);
  const warmCycles = reports.length;
  console.log(
    `warm-up: ${monitor.monitoredHosts} host loops, ${warmCycles} cycles in ` +
      `${((performance.now() - warm) / 1000).toFixed(1)} s (connecting every host, first full write)`,
  );

  reports.length = 0;
  store.stats.clear();
  published = 0;
  const measured = await cpuShare(() => sleep(SECONDS * 1000));
  const window = [...reports];
  const memory = process.memoryUsage();
  await monitor.stop();
  const pruneMs = await (async () => {
    const s = performance.now();
    await monitor.prune();
    return performance.now() - s;
  })();
  const [history] = await db.query<{ rows: number; bytes: number }>(
    `SELECT count(*)::int AS rows, pg_total_relation_size('stats_sample')::bigint AS bytes FROM stats_sample`,
  );
  await hosts.close();
  await sim.close();
  await db.close();

  const ok = window.filter((r) => r.ok);
  const startLag = ok.map((r) => r.startedMs - r.dueMs).sort((a, b) => a - b);
  const finishLag = ok.map((r) => r.finishedMs - r.dueMs).sort((a, b) => a - b);
  const seconds = measured.wallMs / 1000;
  console.log(
    `measured: ${seconds.toFixed(1)} s, ${window.length} host cycles (${(window.length / seconds).toFixed(0)}/s), ` +
      `${window.length - ok.length} failed (${new Set(window.filter((r) => !r.ok).map((r) => r.hostId)).size} hosts not answering); ${published} row changes published (${(published / seconds).toFixed(0)}/s)`,
  );
  console.log('store statements (count, total ms, ms each):');
  for (const [k, v] of [...store.stats].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `  ${String(v.n).padStart(6)} ${v.ms.toFixed(0).padStart(8)} ${(v.ms / v.n).toFixed(2).padStart(7)}  ${k}`,
    );
  console.log(
    `store time: ${(([...store.stats.values()].reduce((n, v) => n + v.ms, 0) / measured.wallMs) * 100).toFixed(1)}% of wall time`,
  );
  console.log(
    `cycle start lag ms: p50 ${percentile(startLag, 50).toFixed(0)}, p99 ${percentile(startLag, 99).toFixed(0)}, max ${(startLag.at(-1) ?? NaN).toFixed(0)}`,
  );
  console.log(
    `cycle finish lag ms (writes done): p50 ${percentile(finishLag, 50).toFixed(0)}, p99 ${percentile(finishLag, 99).toFixed(0)}, max ${(finishLag.at(-1) ?? NaN).toFixed(0)}`,
  );
  console.log(
    `history: VMs in ${VM_HISTORY}; stats_sample ${history?.rows} rows, ${((history?.bytes ?? 0) / 1e6).toFixed(1)} MB; ` +
      `VM rings ${(monitor.vmHistory.bytes / 1e6).toFixed(1)} MB for ${monitor.vmHistory.size} VMs; prune ${pruneMs.toFixed(0)} ms`,
  );
  console.log(
    `process: rss ${(memory.rss / 1e6).toFixed(0)} MB, heap ${(memory.heapUsed / 1e6).toFixed(0)} MB`,
  );
  console.log(`idle baseline cpu share: ${idle.share.toFixed(1)}%`);
  console.log(`monitoring cpu share: ${measured.share.toFixed(1)}%`);
  console.log(`monitoring lag ms: ${percentile(finishLag, 99).toFixed(0)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
