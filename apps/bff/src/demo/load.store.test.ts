import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { DEFAULT_BOOKMARKS } from './bookmarks.js';
import { FLEET_TABLES, type Fleet } from './fleet.js';
import { generateFleet } from './generate.js';
import { loadFleet } from './load.js';
import { seedDemo } from './seed.js';

const NOW = new Date('2026-11-01T12:00:00Z');

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [, table] of FLEET_TABLES) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = row?.n ?? -1;
  }
  return out;
}

const expectedCounts = (fleet: Fleet) =>
  Object.fromEntries(FLEET_TABLES.map(([key, table]) => [table, fleet[key].length]));

describe.each(STORE_BACKENDS)('loading the demo fleet on %s', (backend) => {
  const fleet = generateFleet({ seed: 7, size: 'small', now: NOW });
  let db: Db;

  beforeAll(async () => {
    db = await openTestStore(backend);
    await loadFleet(db, fleet);
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores every generated row', async () => {
    expect(await tableCounts(db)).toEqual(expectedCounts(fleet));
  });

  it('places each VM where the fleet says: cluster, data center, host', async () => {
    const rows = await db.query<{ name: string; cluster: string; dc: string; host: string | null }>(
      `SELECT v.name, c.name AS cluster, d.name AS dc, h.name AS host
         FROM vm v JOIN cluster c ON c.id = v.cluster_id
         JOIN data_center d ON d.id = c.data_center_id
         LEFT JOIN host h ON h.id = v.host_id`,
    );
    const clusters = new Map(fleet.clusters.map((c) => [c.id, c]));
    const dcs = new Map(fleet.dataCenters.map((d) => [d.id, d.name]));
    const hosts = new Map(fleet.hosts.map((h) => [h.id, h.name]));
    const expected = fleet.vms.map((v) => {
      const cluster = clusters.get(v.cluster_id);
      return {
        name: v.name,
        cluster: cluster?.name,
        dc: dcs.get(cluster?.data_center_id ?? ''),
        host: v.host_id ? (hosts.get(v.host_id) ?? '?') : null,
      };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(rows.sort(byName)).toEqual(expected.sort(byName));
  });

  it('agrees on VMs per host and disk space per storage domain', async () => {
    const perHost = await db.query<{ name: string; active_vms: number; n: number }>(
      `SELECT h.name, h.active_vms, count(v.id)::int AS n
         FROM host h LEFT JOIN vm v ON v.host_id = h.id GROUP BY h.id`,
    );
    const running = new Map<string, number>();
    for (const v of fleet.vms)
      if (v.host_id) running.set(v.host_id, (running.get(v.host_id) ?? 0) + 1);
    expect(Object.fromEntries(perHost.map((r) => [r.name, r.n]))).toEqual(
      Object.fromEntries(fleet.hosts.map((h) => [h.name, running.get(h.id) ?? 0])),
    );
    for (const r of perHost) expect(r.active_vms).toBe(r.n);

    const perDomain = await db.query<{ name: string; disks: number; gb: number }>(
      `SELECT s.name, count(d.id)::int AS disks, coalesce(sum(d.actual_size_gb), 0)::float8 AS gb
         FROM storage_domain s LEFT JOIN disk d ON d.storage_domain_id = s.id GROUP BY s.id`,
    );
    for (const sd of fleet.storageDomains) {
      const mine = fleet.disks.filter((d) => d.storage_domain_id === sd.id);
      const row = perDomain.find((r) => r.name === sd.name);
      expect(row?.disks, sd.name).toBe(mine.length);
      // real columns: single precision.
      expect(row?.gb ?? -1).toBeCloseTo(
        mine.reduce((n, d) => n + d.actual_size_gb, 0),
        -1,
      );
    }
  });

  it('keeps JSON and array columns whole: volume options, guest applications', async () => {
    const [volume] = await db.query<{ options: Record<string, string> }>(
      `SELECT options FROM gluster_volume WHERE id = $1`,
      [fleet.glusterVolumes[0]?.id],
    );
    expect(volume?.options).toEqual(fleet.glusterVolumes[0]?.options);
    const withApps = fleet.vms.filter((v) => v.applications.length > 0).slice(0, 5);
    expect(withApps.length).toBeGreaterThan(0);
    const apps = await db.query<{ name: string; applications: string[] }>(
      `SELECT name, applications FROM vm WHERE name = ANY($1::text[]) ORDER BY name`,
      [withApps.map((v) => v.name)],
    );
    expect(apps).toEqual(
      withApps
        .map((v) => ({ name: v.name, applications: v.applications }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('puts the bricks on the hosts the fleet names, and events in time order', async () => {
    const bricks = await db.query<{ host: string; position: number }>(
      `SELECT h.name AS host, b.position FROM gluster_brick b JOIN host h ON h.id = b.host_id ORDER BY b.position`,
    );
    const hostName = new Map(fleet.hosts.map((h) => [h.id, h.name]));
    expect(bricks).toEqual(
      [...fleet.glusterBricks]
        .sort((a, b) => a.position - b.position)
        .map((b) => ({ host: hostName.get(b.host_id), position: b.position })),
    );
    const events = await db.query<{ message: string }>(
      `SELECT message FROM audit_event ORDER BY id`,
    );
    expect(events.map((e) => e.message)).toEqual(fleet.auditEvents.map((e) => e.message));
  });

  it('loads nothing when a row breaks a constraint', async () => {
    const other = await openTestStore(backend);
    try {
      const broken = generateFleet({ seed: 8, size: 'small', now: NOW });
      const lastVm = broken.vms[broken.vms.length - 1];
      if (lastVm) lastVm.name = broken.vms[0]?.name ?? lastVm.name;
      await expect(loadFleet(other, broken)).rejects.toThrow();
      expect(Object.values(await tableCounts(other)).every((n) => n === 0)).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe.each(STORE_BACKENDS)('seedDemo on %s', (backend) => {
  it('seeds an empty store once, with the default bookmarks, and leaves it alone after', async () => {
    const db = await openTestStore(backend);
    try {
      const first = await seedDemo(db, { seed: 3, size: 'small', now: NOW });
      const fleet = generateFleet({ seed: 3, size: 'small', now: NOW });
      expect(first.seeded).toBe(true);
      expect(first.summary).toContain(`${fleet.vms.length} VMs`);
      const counts = await tableCounts(db);
      expect(counts).toEqual(expectedCounts(fleet));
      expect(first.counts).toEqual({
        ...expectedCounts(fleet),
        bookmark: DEFAULT_BOOKMARKS.length,
      });
      const names = await db.query<{ id: string }>(`SELECT id FROM vm ORDER BY id`);
      expect(names.map((r) => r.id)).toEqual(fleet.vms.map((v) => v.id).sort());
      const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
      const bookmarks = await db.query<{ name: string; query: string }>(
        `SELECT name, query FROM bookmark`,
      );
      expect(bookmarks.sort(byName)).toEqual(
        DEFAULT_BOOKMARKS.map((b) => ({ name: b.name, query: b.query })).sort(byName),
      );

      // A restart, even with other settings: nothing changes.
      const again = await seedDemo(db, { seed: 4, size: 'demo', now: new Date() });
      expect(again.seeded).toBe(false);
      expect(again.counts).toEqual({});
      expect(await tableCounts(db)).toEqual(counts);
      expect(await db.query(`SELECT count(*)::int AS n FROM bookmark`)).toEqual([
        { n: DEFAULT_BOOKMARKS.length },
      ]);
    } finally {
      await db.close();
    }
  });

  it('leaves a store that already has a data center untouched', async () => {
    const db = await openTestStore(backend);
    try {
      await db.query(`INSERT INTO data_center (name) VALUES ('Mine')`);
      const result = await seedDemo(db, { seed: 3, size: 'small', now: NOW });
      expect(result.seeded).toBe(false);
      expect(result.summary).toMatch(/1 data center\b/);
      const counts = await tableCounts(db);
      expect(counts.data_center).toBe(1);
      expect(counts.vm).toBe(0);
      expect(counts.host).toBe(0);
    } finally {
      await db.close();
    }
  });
});
