// A console end to end on this machine's libvirtd: console.open through the router sets
// the ticket on a real QEMU, and the proxy carries the VNC server's greeting to a
// websocket client.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../app.js';
import type { EngineServices } from '../engine/deps.js';
import { buildFleet } from '../engine/testing/fleet.js';
import type { DomainSpec } from '../hosts/driver.js';
import { LibvirtDriver } from '../hosts/libvirt/driver.js';
import { smallVm } from '../hosts/libvirt/testing/host-fixture.js';
import {
  removeScratchDir,
  scratchDir,
  TEST_URI,
  virsh,
} from '../hosts/libvirt/testing/libvirtd.js';
import { HostRegistry } from '../hosts/registry.js';
import { localFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';
import { openTestStore } from '../store/testing/index.js';
import { createCaller } from '../trpc/router.js';
import { attachConsoleProxy, CLOSE_TAKEN_OVER, type ConsoleProxy } from './proxy.js';
import { superUser } from '../identity/principal.js';

const RFB_GREETING = 'RFB 003.008\n';

describe('a VNC console of a VM on this machine', () => {
  let db: Db;
  let dir: string;
  let spec: DomainSpec;
  let engine: EngineServices;
  let http: Server;
  let proxy: ConsoleProxy;
  let base: string;
  let api: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    db = await openTestStore('pglite');
    dir = scratchDir();
    const fleet = await buildFleet(db, { hosts: [{ name: 'console-local', driver: 'libvirt' }] });
    const host = fleet.hosts[0]!;
    await db.query(`UPDATE host SET address = '127.0.0.1', uri = $2 WHERE id = $1`, [
      host.id,
      TEST_URI,
    ]);
    const hosts = new HostRegistry({ libvirt: new LibvirtDriver() });
    engine = { feed: localFeed(), hosts, imagesDir: dir };
    spec = smallVm(dir, 'console');
    const conn = await hosts.get({
      ...host,
      address: '127.0.0.1',
      uri: TEST_URI,
      driver: 'libvirt',
    });
    await conn.define(spec);
    await conn.start(spec.id);
    // start() returns once libvirt started QEMU; the console port is bound by then.
    for (let i = 0; (await virsh('domstate', spec.id)).trim() !== 'running'; i++) {
      if (i > 300) throw new Error('the test VM did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await db.query(
      `INSERT INTO vm (id, cluster_id, host_id, last_host_id, name, status, display, started_at)
       VALUES ($1, $2, $3, $3, $4, 'Up', 'VNC', now())`,
      [spec.id, fleet.clusterId, host.id, spec.name],
    );
    api = createCaller({ db, user: superUser(), engine });
    http = createApp({ db, engine }).listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    proxy = attachConsoleProxy(http, { db, feed: engine.feed });
    base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await proxy?.close();
    if (http) await new Promise((resolve) => http.close(resolve));
    await engine?.hosts.close();
    if (spec) {
      await virsh('destroy', spec.id).catch(() => undefined);
      await virsh('undefine', spec.id).catch(() => undefined);
    }
    if (dir) removeScratchDir(dir);
    await db?.close();
  });

  function connect(path: string) {
    const ws = new WebSocket(`${base}${path}`, 'binary');
    const first = new Promise<Buffer>((resolve, reject) => {
      let got = Buffer.alloc(0);
      ws.on('message', (data: Buffer) => {
        got = Buffer.concat([got, data]);
        if (got.length >= RFB_GREETING.length) resolve(got);
      });
      ws.once('error', reject);
      ws.once('close', () => reject(new Error(`closed after ${got.length} bytes`)));
    });
    return { ws, first };
  }

  it("opens a ticket whose password QEMU now holds and reads the VNC server's greeting", async () => {
    const before = Date.now();
    const opened = await api.console.open({ vmId: spec.id, protocol: 'vnc' });
    expect(opened.password).toHaveLength(8);
    expect(opened.path).toBe(`/console/${opened.ticket}`);
    expect(opened.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    const xml = await virsh('dumpxml', '--security-info', spec.id);
    expect(xml).toMatch(new RegExp(`<graphics type='vnc'[^>]*passwd='${opened.password}'`));

    const { ws, first } = connect(opened.path);
    expect((await first).toString('latin1').slice(0, RFB_GREETING.length)).toBe(RFB_GREETING);

    // A second user takes the console over (the VM does not allow reconnect).
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const again = await createCaller({ db, user: superUser('bob@internal'), engine }).console.open({
      vmId: spec.id,
      protocol: 'vnc',
    });
    expect(await closed).toBe(CLOSE_TAKEN_OVER);
    const [event] = await db.query<{ user_name: string; message: string }>(
      `SELECT user_name, message FROM audit_event WHERE code = 'VM_CONSOLE_TAKEN_OVER'`,
    );
    expect(event?.user_name).toBe('bob@internal');
    expect(event?.message).toContain('admin@internal');

    const second = connect(again.path);
    expect((await second.first).toString('latin1').slice(0, RFB_GREETING.length)).toBe(
      RFB_GREETING,
    );
    second.ws.close();
  });

  it('sets the SPICE password QEMU then holds, valid until the ticket expires', async () => {
    const opened = await api.console.open({ vmId: spec.id, protocol: 'spice' });
    expect(opened.password).toHaveLength(24);
    const xml = await virsh('dumpxml', '--security-info', spec.id);
    const spice = /<graphics type='spice'[^>]*>/.exec(xml)?.[0] ?? '';
    expect(spice).toContain(`passwd='${opened.password}'`);
    // libvirt keeps passwdValidTo in UTC without a zone; QEMU refuses the password after it.
    const validTo = /passwdValidTo='([^']+)'/.exec(spice)?.[1];
    expect(validTo).toBeDefined();
    expect(Math.abs(Date.parse(`${validTo}Z`) - opened.expiresAt.getTime())).toBeLessThan(2_000);
  });
});
