import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { STORE_BACKENDS, openTestStore } from './testing/index.js';

describe.each(STORE_BACKENDS)('migrations on %s', (backend) => {
  it('creates every entity table and records each version once', async () => {
    const db = await openTestStore(backend);
    try {
      const tables = (
        await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
        )
      ).map((r) => r.table_name);
      for (const t of [
        'data_center',
        'cluster',
        'host',
        'storage_domain',
        'disk',
        'vm',
        'vm_nic',
        'vm_disk',
        'template',
        'pool',
        'network',
        'gluster_volume',
        'gluster_brick',
        'app_user',
        'tag',
        'bookmark',
        'audit_event',
        'job',
        'job_step',
        'snapshot',
        'permission',
        'role',
      ]) {
        expect(tables).toContain(t);
      }
      // Running again applies nothing: migrations are idempotent per version.
      expect(await migrate(db)).toEqual([]);
      const versions = await db.query<{ version: number }>(
        'SELECT version FROM schema_migration ORDER BY 1',
      );
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await db.close();
    }
  });

  it('rolls back a failed transaction completely', async () => {
    const db = await openTestStore(backend);
    try {
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO bookmark (name, query) VALUES ('a', 'Vms:')`);
          await tx.query(`INSERT INTO bookmark (name, query) VALUES ('a', 'Hosts:')`);
        }),
      ).rejects.toThrow();
      expect(await db.query('SELECT * FROM bookmark')).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
