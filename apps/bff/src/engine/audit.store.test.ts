import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/index.js';
import { localFeed, type Change } from '../live/feed.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { recordEvent } from './audit.js';

describe.each(STORE_BACKENDS)('audit log on %s', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestStore(backend);
    await seedDemo(db, { seed: 3, size: 'small', now: new Date('2026-11-01T12:00:00Z') });
  });
  afterAll(() => db.close());

  it('stores names beside ids, fills cluster and data center from the VM, and tells the feed', async () => {
    const [vm] = await db.query<{
      id: string;
      name: string;
      host_id: string;
      host: string;
      cluster: string;
      dc: string;
    }>(
      `SELECT v.id, v.name, v.host_id, h.name AS host, c.name AS cluster, d.name AS dc
         FROM vm v JOIN host h ON h.id = v.host_id JOIN cluster c ON c.id = v.cluster_id
         JOIN data_center d ON d.id = c.data_center_id LIMIT 1`,
    );
    const feed = localFeed();
    const seen: Change[] = [];
    feed.subscribe((changes) => seen.push(...changes));
    const id = await recordEvent(db, feed, {
      code: 'VM_STARTED',
      message: `VM ${vm!.name} started on Host ${vm!.host}`,
      userName: 'admin@internal',
      vmId: vm!.id,
      hostId: vm!.host_id,
    });
    const [event] = await db.query(`SELECT * FROM audit_event WHERE id = $1`, [id]);
    expect(event).toMatchObject({
      severity: 'Normal',
      code: 'VM_STARTED',
      vm_name: vm!.name,
      host_name: vm!.host,
      cluster_name: vm!.cluster,
      data_center_name: vm!.dc,
      user_name: 'admin@internal',
    });
    expect(seen).toEqual([{ object: 'event', ids: [id], op: 'upsert' }]);
  });
});
