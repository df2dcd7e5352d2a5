import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateFleet, loadFleet, type HostRow } from '../demo/index.js';
import type { HostConnection, HostDriver, HostSample } from '../hosts/driver.js';
import { HostRegistry } from '../hosts/registry.js';
import { SimDriver, simInitialFromStore } from '../hosts/sim/index.js';
import { TEST_TIMINGS } from '../hosts/sim/testing.js';
import { localFeed, type Change } from '../live/feed.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { usageHistory } from './history.js';
import { Monitor, type MonitorOptions } from './monitor.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const SIZE = { dataCenters: 1, clustersPerDc: 1, hosts: 4, vms: 48 };
const GRACE_MS = 30_000;
const pct = (v: number) => Math.round(Math.min(100, Math.max(0, v)));

/** The sim driver, keeping every sample it hands out (what the monitor was told). */
class RecordingDriver implements HostDriver {
  readonly kind = 'sim' as const;
  readonly samples = new Map<string, HostSample[]>();
  constructor(readonly sim: SimDriver) {}
  async connect(host: Parameters<HostDriver['connect']>[0]): Promise<HostConnection> {
    const conn = await this.sim.connect(host);
    const samples = this.samples;
    return Object.assign(Object.create(conn) as HostConnection, {
      async sample() {
        const s = await conn.sample();
        samples.set(host.id, [...(samples.get(host.id) ?? []), s]);
        return s;
      },
    });
  }
  last(hostId: string): HostSample {
    const list = this.samples.get(hostId) ?? [];
    if (list.length === 0) throw new Error(`no sample of ${hostId}`);
    return list[list.length - 1]!;
  }
}

/** The store, counting what reaches it. */
function counting(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    db: {
      ...db,
      query: (sql, params) => {
        statements.push(sql);
        return db.query(sql, params);
      },
    },
  };
}

interface VmState {
  id: string;
  name: string;
  status: string;
  host_id: string | null;
  last_host_id: string | null;
  cpu_usage: number;
  mem_usage: number;
  net_usage: number;
  ip: string | null;
  started_at: Date | null;
  logged_in_user: string | null;
}

describe.each(STORE_BACKENDS)('monitoring on %s', (backend) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function setup(options: Partial<MonitorOptions> = {}) {
    const raw = await openTestStore(backend);
    const fleet = generateFleet({ seed: 5, size: SIZE, now: NOW });
    await loadFleet(raw, fleet);
    // Store and simulated hosts agree at the start: every host answers, every placed VM runs.
    await raw.query(`UPDATE host SET status = 'Up'`);
    await raw.query(`UPDATE vm SET status = 'Up' WHERE host_id IS NOT NULL`);
    // The demo's audit log has history; a test looks at what monitoring adds to it.
    const [mark] = await raw.query<{ id: number }>(
      `SELECT COALESCE(max(id), 0)::int AS id FROM audit_event`,
    );
    const sim = new SimDriver({ timings: TEST_TIMINGS, initial: simInitialFromStore(raw) });
    const driver = new RecordingDriver(sim);
    const hosts = new HostRegistry({ sim: driver });
    const feed = localFeed();
    const published: Change[] = [];
    feed.subscribe((c) => published.push(...c));
    const nonResponsive: string[] = [];
    const count = counting(raw);
    let skew = 0;
    const monitor = new Monitor({
      db: count.db,
      feed,
      hosts,
      clock: () => new Date(Date.now() + skew),
      flushDelayMs: 100,
      graceMs: GRACE_MS,
      sampleTimeoutMs: 250,
      onHostNonResponsive: async (id) => {
        nonResponsive.push(id);
      },
      ...options,
    });
    await monitor.start({ schedule: false });
    cleanup = async () => {
      await monitor.stop();
      await hosts.close();
      await sim.close();
      await raw.close();
    };
    const byLoad = (a: HostRow, b: HostRow) =>
      fleet.vms.filter((v) => v.host_id === b.id).length -
      fleet.vms.filter((v) => v.host_id === a.id).length;
    const busy = [...fleet.hosts]
      .sort(byLoad)
      .filter((h) => fleet.vms.some((v) => v.host_id === h.id));
    return {
      db: raw,
      sim,
      driver,
      monitor,
      feed,
      published,
      nonResponsive,
      statements: count.statements,
      fleet,
      busy,
      advance: (ms: number) => {
        skew += ms;
      },
      vm: async (id: string) =>
        (
          await raw.query<VmState>(
            `SELECT id, name, status, host_id, last_host_id, cpu_usage, mem_usage, net_usage, ip,
                    started_at, logged_in_user FROM vm WHERE id = $1`,
            [id],
          )
        )[0]!,
      host: async (id: string) =>
        (
          await raw.query<{ status: string; cpu_usage: number; active_vms: number }>(
            `SELECT status, cpu_usage, active_vms FROM host WHERE id = $1`,
            [id],
          )
        )[0]!,
      events: (vmOrHost: 'vm_id' | 'host_id', id: string) =>
        raw.query<{ code: string; severity: string; message: string }>(
          `SELECT code, severity, message FROM audit_event
            WHERE ${vmOrHost} = $1 AND id > $2 ORDER BY id`,
          [id, mark!.id],
        ),
    };
  }

  it("writes a cycle's host and VM states in one statement per table, for all hosts sampled together", async () => {
    const t = await setup();
    const before = new Map(
      (
        await t.db.query<{ id: string; row: string }>(
          `SELECT id, json_build_array(cpu_usage, mem_usage, net_usage, ip, fqdn, logged_in_user,
                                       applications)::text AS row
             FROM vm WHERE host_id IS NOT NULL`,
        )
      ).map((r) => [r.id, r.row]),
    );
    t.statements.length = 0;
    await Promise.all(t.busy.map((h) => t.monitor.pollHost(h.id)));
    const count = (re: RegExp) => t.statements.filter((s) => re.test(s)).length;
    expect(count(/^\s*UPDATE vm v SET/)).toBe(1);
    expect(count(/^\s*UPDATE host h SET cpu_usage/)).toBe(1);
    expect(count(/^\s*INSERT INTO stats_sample/)).toBe(1);
    expect(count(/FROM vm WHERE host_id = ANY/)).toBe(1);

    for (const h of t.busy) {
      const sample = t.driver.last(h.id);
      expect(sample.domains.length).toBeGreaterThan(0);
      expect(await t.host(h.id)).toMatchObject({
        status: 'Up',
        cpu_usage: pct(sample.host.cpuUsage),
        active_vms: sample.domains.filter((d) => d.status !== 'Down').length,
      });
      for (const d of sample.domains) {
        const row = await t.vm(d.id);
        expect(row).toMatchObject({
          status: d.status,
          host_id: h.id,
          cpu_usage: pct(d.cpuUsage),
          mem_usage: pct(d.memUsage),
          net_usage: pct(d.netUsage),
        });
        if (d.guest) expect(row.ip).toBe(d.guest.ips[0] ?? null);
      }
    }
    // Announced: the VMs whose stored values the cycle changed, and no others.
    const after = new Map(
      (
        await t.db.query<{ id: string; row: string }>(
          `SELECT id, json_build_array(cpu_usage, mem_usage, net_usage, ip, fqdn, logged_in_user,
                                       applications)::text AS row
             FROM vm WHERE host_id IS NOT NULL`,
        )
      ).map((r) => [r.id, r.row]),
    );
    const changed = [...after].filter(([id, row]) => before.get(id) !== row).map(([id]) => id);
    expect(changed.length).toBeGreaterThan(0);
    const vmIds = t.published.filter((c) => c.object === 'vm').flatMap((c) => c.ids);
    expect(new Set(vmIds)).toEqual(new Set(changed));
  });

  it('writes only the rows whose values changed since the last cycle', async () => {
    const t = await setup();
    const host = t.busy[0]!;
    await t.monitor.pollHost(host.id);
    const before = new Map(
      (
        await t.db.query<{ id: string; ctid: string }>(
          `SELECT id, ctid::text FROM vm WHERE host_id = $1`,
          [host.id],
        )
      ).map((r) => [r.id, r.ctid]),
    );
    t.published.length = 0;
    await t.monitor.pollHost(host.id);
    const [first, second] = (t.driver.samples.get(host.id) ?? []).slice(-2);
    const key = (d: HostSample['domains'][number]) =>
      [pct(d.cpuUsage), pct(d.memUsage), pct(d.netUsage), JSON.stringify(d.guest ?? null)].join();
    const earlier = new Map(first!.domains.map((d) => [d.id, key(d)]));
    const changed = second!.domains.filter((d) => earlier.get(d.id) !== key(d)).map((d) => d.id);

    const after = await t.db.query<{ id: string; ctid: string }>(
      `SELECT id, ctid::text FROM vm WHERE host_id = $1`,
      [host.id],
    );
    const rewritten = after.filter((r) => before.get(r.id) !== r.ctid).map((r) => r.id);
    expect(new Set(rewritten)).toEqual(new Set(changed));
    const announced = t.published.filter((c) => c.object === 'vm').flatMap((c) => c.ids);
    expect(new Set(announced)).toEqual(new Set(changed));
  });

  it('writes a domain event at once, without waiting for a cycle, with one audit event', async () => {
    const t = await setup();
    const host = t.busy[0]!;
    await t.monitor.pollHost(host.id);
    const sampled = t.driver.samples.get(host.id)?.length;
    const victim = t.driver.last(host.id).domains[0]!;
    const name = (await t.vm(victim.id)).name;
    t.published.length = 0;

    t.sim.crashVm(victim.id);
    await vi.waitFor(async () => expect((await t.vm(victim.id)).status).toBe('Down'), {
      timeout: 5_000,
    });
    expect(await t.vm(victim.id)).toMatchObject({
      host_id: null,
      last_host_id: host.id,
      cpu_usage: 0,
      ip: null,
      started_at: null,
      logged_in_user: null,
    });
    const events = await t.events('vm_id', victim.id);
    expect(events).toEqual([
      {
        code: 'VM_DOWN_ERROR',
        severity: 'Error',
        message: `VM ${name} is down with error. Exit message: The guest crashed.`,
      },
    ]);
    expect(t.published).toContainEqual({ object: 'vm', ids: [victim.id], op: 'upsert' });
    expect(t.driver.samples.get(host.id)?.length).toBe(sampled);
  });

  it('turns a VM its host no longer reports Down, with an Error event', async () => {
    const t = await setup();
    const host = t.busy[0]!;
    await t.monitor.pollHost(host.id);
    // The store says a VM runs there that the host never started.
    const ghost = t.fleet.vms.find((v) => v.host_id === null && v.status === 'Down')!;
    await t.db.query(`UPDATE vm SET status = 'Up', host_id = $2 WHERE id = $1`, [
      ghost.id,
      host.id,
    ]);
    await t.monitor.pollHost(host.id);
    expect(await t.vm(ghost.id)).toMatchObject({
      status: 'Down',
      host_id: null,
      last_host_id: host.id,
    });
    expect(await t.events('vm_id', ghost.id)).toEqual([
      {
        code: 'VM_DOWN_ERROR',
        severity: 'Error',
        message: `VM ${ghost.name} is down with error. Exit message: It is no longer running on Host ${host.name}.`,
      },
    ]);
  });

  it('takes a failing host through Connecting and NonResponsive, and back Up when it answers', async () => {
    const t = await setup();
    const host = t.busy[0]!;
    await t.monitor.pollHost(host.id);
    const running = t.driver.last(host.id).domains.map((d) => d.id);

    t.sim.failHost(host.id);
    await vi.waitFor(async () => expect((await t.host(host.id)).status).toBe('Connecting'), {
      timeout: 5_000,
    });
    await t.monitor.pollHost(host.id); // still failing, still within the grace period
    expect((await t.host(host.id)).status).toBe('Connecting');
    expect(t.nonResponsive).toEqual([]);

    t.advance(GRACE_MS);
    await t.monitor.pollHost(host.id);
    expect((await t.host(host.id)).status).toBe('NonResponsive');
    expect(t.nonResponsive).toEqual([host.id]);
    for (const id of running) {
      expect((await t.vm(id)).status).toBe('Unknown');
      expect((await t.events('vm_id', id)).map((e) => e.code)).toEqual([
        'VM_SET_TO_UNKNOWN_STATUS',
      ]);
    }

    t.sim.recoverHost(host.id);
    await t.monitor.pollHost(host.id);
    expect((await t.host(host.id)).status).toBe('Up');
    for (const id of running) {
      expect((await t.vm(id)).status).toBe('Up');
      expect((await t.events('vm_id', id)).map((e) => e.code)).toEqual([
        'VM_SET_TO_UNKNOWN_STATUS',
        'VM_STATUS_RESTORED',
      ]);
    }
    expect(
      await t.events('host_id', host.id).then((e) => e.filter((x) => !x.code.startsWith('VM_'))),
    ).toEqual([
      expect.objectContaining({ code: 'VDS_HOST_NOT_RESPONDING_CONNECTING', severity: 'Warning' }),
      expect.objectContaining({ code: 'VDS_FAILURE', severity: 'Error' }),
      {
        code: 'VDS_DETECTED',
        severity: 'Normal',
        message: `Status of host ${host.name} was set to Up.`,
      },
    ]);
  });

  it('keeps a migrating VM off Down while it moves, and places it on the target', async () => {
    const t = await setup();
    const source = t.busy[0]!;
    const used = (h: HostRow) =>
      t.fleet.vms.filter((v) => v.host_id === h.id).reduce((n, v) => n + v.memory_mb, 0);
    const target = t.fleet.hosts
      .filter((h) => h.id !== source.id)
      .sort((a, b) => b.memory_mb - used(b) - (a.memory_mb - used(a)))[0]!;
    await t.monitor.pollHost(source.id);
    await t.monitor.pollHost(target.id);
    const smallest = t.fleet.vms
      .filter((v) => v.host_id === source.id)
      .sort((a, b) => a.memory_mb - b.memory_mb)[0]!;
    const moving = t.driver.last(source.id).domains.find((d) => d.id === smallest.id)!;
    const name = (await t.vm(moving.id)).name;
    await t.db.query(`UPDATE vm SET status = 'MigratingFrom' WHERE id = $1`, [moving.id]);

    const registry = new HostRegistry({ sim: t.sim });
    const from = await registry.get({ ...address(source), driver: 'sim' });
    const to = await registry.get({ ...address(target), driver: 'sim' });
    await from.migrate(moving.id, { target: to });
    await vi.waitFor(async () => expect((await t.vm(moving.id)).host_id).toBe(target.id), {
      timeout: 5_000,
    });
    await t.monitor.pollHost(source.id);
    await t.monitor.pollHost(target.id);
    expect(await t.vm(moving.id)).toMatchObject({ status: 'Up', host_id: target.id });
    expect(await t.events('vm_id', moving.id)).toEqual([
      {
        code: 'VM_MIGRATION_DONE',
        severity: 'Normal',
        message: `Migration completed (VM: ${name}, Source: ${source.name}, Destination: ${target.name}).`,
      },
    ]);
    await registry.close();
  });

  it('keeps hosts’ history in the store and VMs’ in memory, pruned to the window', async () => {
    const t = await setup({ historyMinutes: 1 });
    const host = t.busy[0]!;
    await t.monitor.pollHost(host.id);
    await t.monitor.pollHost(host.id);
    const samples = t.driver.samples.get(host.id)!;
    const since = new Date(samples[0]!.time.getTime() - 1_000);
    const hostPoints = await usageHistory(t.db, t.monitor, 'host', host.id, since);
    expect(hostPoints.map((p) => p.time)).toEqual(samples.map((s) => s.time.getTime()));
    for (const [i, p] of hostPoints.entries())
      expect(p.cpu).toBeCloseTo(samples[i]!.host.cpuUsage, 3);
    const vmId = samples[0]!.domains[0]!.id;
    const vmPoints = await usageHistory(t.db, t.monitor, 'vm', vmId, since);
    expect(vmPoints.map((p) => p.cpu)).toEqual(
      samples.map((s) => pct(s.domains.find((d) => d.id === vmId)!.cpuUsage)),
    );

    t.advance(2 * 60_000);
    await t.monitor.prune();
    expect(await usageHistory(t.db, t.monitor, 'host', host.id, since)).toEqual([]);
    expect(await usageHistory(t.db, t.monitor, 'vm', vmId, since)).toEqual([]);
    const [left] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stats_sample`);
    expect(left!.n).toBe(0);
  });

  it('keeps VMs’ history in the store beside the hosts’ when told to', async () => {
    const t = await setup({ vmHistory: 'store' });
    const host = t.busy[0]!;
    await t.monitor.pollHost(host.id);
    await t.monitor.pollHost(host.id);
    const samples = t.driver.samples.get(host.id)!;
    const since = new Date(samples[0]!.time.getTime() - 1_000);
    const vmId = samples[0]!.domains[0]!.id;
    expect(t.monitor.vmUsage(vmId, 0)).toEqual([]);
    const points = await usageHistory(t.db, t.monitor, 'vm', vmId, since);
    expect(points.map((p) => p.time)).toEqual(samples.map((s) => s.time.getTime()));
    for (const [i, p] of points.entries())
      expect(p.cpu).toBeCloseTo(samples[i]!.domains.find((d) => d.id === vmId)!.cpuUsage, 3);
    const [rows] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stats_sample WHERE object_type = 'vm'`,
    );
    expect(rows!.n).toBe(samples.reduce((n, s) => n + s.domains.length, 0));
  });
});

function address(h: HostRow) {
  return { id: h.id, name: h.name, address: h.address };
}
