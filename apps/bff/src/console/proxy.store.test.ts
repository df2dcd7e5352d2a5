// The console proxy over real sockets: the BFF's HTTP server with the proxy attached, a
// ws client as the browser, and a plain TCP server standing where a VM's VNC port is.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../app.js';
import { HostRegistry } from '../hosts/registry.js';
import { localFeed } from '../live/feed.js';
import { addTestVm, buildFleet, type TestFleet } from '../engine/testing/fleet.js';
import type { Db } from '../store/index.js';
import { openTestStore, STORE_BACKENDS } from '../store/testing/index.js';
import {
  attachConsoleProxy,
  CLOSE_TAKEN_OVER,
  CLOSE_VM_GONE,
  MAX_CHANNELS_PER_SESSION,
  type ConsoleProxy,
} from './proxy.js';
import { consoleSecret, consoleVm, takeOverSessions } from './store.js';
import { signTicket, TICKET_TTL_MS, type ConsoleTicketClaims } from './ticket.js';

const GREETING = Buffer.from('RFB 003.008\n');
const MAX_PER_USER = 2;

/** Greets like a VNC server, then echoes; remembers every connection and how it ended. */
function consoleServer() {
  const sockets: net.Socket[] = [];
  const ended: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on('close', () => ended.push(s));
    s.on('error', () => undefined);
    s.write(GREETING);
    s.pipe(s);
  });
  return { server, sockets, ended };
}

function listen(server: net.Server | Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Collects a ws client's binary messages; `take(n)` resolves with the next n bytes. */
function reader(ws: WebSocket) {
  let buffered = Buffer.alloc(0);
  let wake = () => undefined as void;
  ws.on('message', (data: Buffer) => {
    buffered = Buffer.concat([buffered, data]);
    wake();
  });
  return {
    take(n: number): Promise<Buffer> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (buffered.length < n) return;
          const out = buffered.subarray(0, n);
          buffered = buffered.subarray(n);
          resolve(out);
        };
        wake = check;
        ws.once('close', () => reject(new Error(`closed with ${buffered.length}/${n} bytes`)));
        check();
      });
    },
  };
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

/** The HTTP status an upgrade was refused with. */
function refusedWith(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'binary');
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => reject(new Error('the proxy accepted the ticket')));
    ws.once('error', () => undefined);
  });
}

function closedWith(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe.each(STORE_BACKENDS)('console proxy on %s', (backend) => {
  let db: Db;
  let fleet: TestFleet;
  let vmId: string;
  let http: Server;
  let base: string;
  let proxy: ConsoleProxy;
  let vnc: ReturnType<typeof consoleServer>;
  let vncPort: number;
  const feed = localFeed();

  beforeEach(async () => {
    db = await openTestStore(backend);
    fleet = await buildFleet(db, { hosts: [{ name: 'proxy-h1' }] });
    vmId = await addTestVm(db, fleet, {
      name: 'proxy-vm',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    await db.query(`UPDATE vm SET started_at = now() - interval '5 minutes' WHERE id = $1`, [vmId]);
    vnc = consoleServer();
    vncPort = await listen(vnc.server);
    const app = createApp({
      db,
      engine: { feed, hosts: new HostRegistry({}), imagesDir: '/nonexistent' },
    });
    http = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    proxy = attachConsoleProxy(http, { db, feed, maxPerUser: MAX_PER_USER });
    base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await proxy.close();
    await new Promise((resolve) => http.close(resolve));
    for (const s of vnc.sockets) s.destroy();
    await new Promise((resolve) => vnc.server.close(resolve));
    await db.close();
  });

  /** A ticket as console.open would make it, bound to the test's console server. */
  async function ticket(over: Partial<ConsoleTicketClaims> = {}, secret?: Buffer) {
    const vm = (await consoleVm(db, vmId))!;
    return signTicket(secret ?? (await consoleSecret(db)), {
      v: 1,
      id: randomUUID(),
      user: 'alice@internal',
      vmId,
      hostId: vm.hostId!,
      startedAt: vm.startedAt,
      protocol: 'vnc',
      address: '127.0.0.1',
      port: vncPort,
      exp: Date.now() + TICKET_TTL_MS,
      ...over,
    });
  }

  async function connect(t: string, protocols: string[] = ['binary']) {
    const ws = new WebSocket(`${base}/console/${t}`, protocols);
    const r = reader(ws);
    await opened(ws);
    return { ws, r };
  }

  const events = (code: string) =>
    db.query<{ user_name: string; vm_name: string; message: string }>(
      `SELECT user_name, vm_name, message FROM audit_event WHERE code = $1`,
      [code],
    );

  it('pipes bytes both ways and echoes the binary subprotocol', async () => {
    const { ws, r } = await connect(await ticket());
    expect(ws.protocol).toBe('binary');
    expect(await r.take(GREETING.length)).toEqual(GREETING);
    const hello = randomBytes(100);
    ws.send(hello);
    expect(await r.take(hello.length)).toEqual(hello);
    expect(vnc.sockets).toHaveLength(1);
    await expect
      .poll(() => events('VM_CONSOLE_CONNECTED'))
      .toEqual([expect.objectContaining({ user_name: 'alice@internal', vm_name: 'proxy-vm' })]);
    const sessions = await db.query(`SELECT vm_id, user_name FROM console_session`);
    expect(sessions).toEqual([{ vm_id: vmId, user_name: 'alice@internal' }]);
    ws.close();
  });

  it('accepts a client that offers no subprotocol (spice-html5)', async () => {
    const { ws, r } = await connect(await ticket({ protocol: 'spice' }), []);
    expect(ws.protocol).toBe('');
    expect(await r.take(GREETING.length)).toEqual(GREETING);
    ws.close();
  });

  it('carries 5 MiB each way intact', async () => {
    const { ws, r } = await connect(await ticket());
    await r.take(GREETING.length);
    const payload = randomBytes(5 << 20);
    for (let at = 0; at < payload.length; at += 64 << 10)
      ws.send(payload.subarray(at, at + (64 << 10)));
    const back = await r.take(payload.length);
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(hash(back)).toBe(hash(payload));
    ws.close();
  }, 60_000);

  it('refuses bad tickets before any connection reaches the console', async () => {
    const other = randomBytes(32);
    const good = await ticket();
    expect(await refusedWith(`${base}/console/`)).toBe(401);
    expect(await refusedWith(`${base}/console/not-a-ticket`)).toBe(401);
    expect(await refusedWith(`${base}/console/${await ticket({}, other)}`)).toBe(401);
    expect(await refusedWith(`${base}/console/${await ticket({ exp: Date.now() - 1 })}`)).toBe(401);
    expect(await refusedWith(`${base}/console/${await ticket({ startedAt: 1 })}`)).toBe(403);
    expect(await refusedWith(`${base}/console/${await ticket({ hostId: randomUUID() })}`)).toBe(
      403,
    );
    expect(vnc.sockets).toHaveLength(0);

    const first = await connect(good);
    first.ws.close();
    expect(await refusedWith(`${base}/console/${good}`)).toBe(403);
    expect(vnc.sockets).toHaveLength(1);

    await db.query(
      `UPDATE vm SET status = 'Down', host_id = NULL, started_at = NULL WHERE id = $1`,
      [vmId],
    );
    expect(
      await refusedWith(
        `${base}/console/${await ticket({ startedAt: null, hostId: fleet.hosts[0]!.id })}`,
      ),
    ).toBe(403);
    expect(vnc.sockets).toHaveLength(1);
  });

  it('closes the console connection when the browser goes, and the browser when it ends', async () => {
    const a = await connect(await ticket());
    await a.r.take(GREETING.length);
    a.ws.close();
    await expect.poll(() => vnc.ended.length).toBe(1);

    const b = await connect(await ticket());
    await b.r.take(GREETING.length);
    const closed = closedWith(b.ws);
    vnc.sockets[1]!.end();
    expect(await closed).toBe(1000);
    await expect.poll(async () => (await events('VM_CONSOLE_DISCONNECTED')).length).toBe(2);
    await expect.poll(() => db.query(`SELECT id FROM console_session`)).toEqual([]);
    expect(proxy.sessions).toBe(0);
  });

  it(`allows ${MAX_PER_USER} consoles per user at once`, async () => {
    const open = [];
    for (let i = 0; i < MAX_PER_USER; i++) open.push(await connect(await ticket()));
    expect(await refusedWith(`${base}/console/${await ticket()}`)).toBe(429);
    const bob = await connect(await ticket({ user: 'bob@internal' }));
    expect(vnc.sockets).toHaveLength(MAX_PER_USER + 1);
    for (const c of [...open, bob]) c.ws.close();
  });

  it('closes a session taken over, and one whose VM stopped, when the VM is published', async () => {
    const a = await connect(await ticket());
    await expect.poll(() => db.query(`SELECT id FROM console_session`)).toHaveLength(1);
    const takenOver = closedWith(a.ws);
    expect(await takeOverSessions(db, vmId)).toEqual([{ userName: 'alice@internal' }]);
    feed.publish([{ object: 'vm', ids: [vmId], op: 'upsert' }]);
    expect(await takenOver).toBe(CLOSE_TAKEN_OVER);

    const b = await connect(await ticket());
    await expect.poll(() => db.query(`SELECT id FROM console_session`)).toHaveLength(1);
    const stopped = closedWith(b.ws);
    await db.query(`UPDATE vm SET status = 'Down' WHERE id = $1`, [vmId]);
    feed.publish([{ object: 'vm', ids: [vmId], op: 'upsert' }]);
    expect(await stopped).toBe(CLOSE_VM_GONE);
    await expect.poll(() => vnc.ended.length).toBe(2);
  });

  it('admits the channels of an open SPICE session with its ticket, and nothing after it ends', async () => {
    const t = await ticket({ protocol: 'spice' });
    const main = await connect(t, []);
    await main.r.take(GREETING.length);
    // spice-html5 opens display, inputs, cursor… to the same URL once main is linked.
    const channels = [await connect(t, []), await connect(t, [])];
    for (const c of channels) expect(await c.r.take(GREETING.length)).toEqual(GREETING);
    expect(vnc.sockets).toHaveLength(3);
    expect(proxy.sessions).toBe(1);
    // One session: one row, one event, one of the user's consoles.
    await expect.poll(() => db.query(`SELECT id FROM console_session`)).toHaveLength(1);
    await expect.poll(async () => (await events('VM_CONSOLE_CONNECTED')).length).toBe(1);
    const second = await connect(await ticket({ protocol: 'spice' }), []);
    expect(await refusedWith(`${base}/console/${await ticket({ protocol: 'spice' })}`)).toBe(429);

    // Closing the main channel alone leaves the session open while channels remain.
    main.ws.close();
    await expect.poll(() => vnc.ended.length).toBe(1);
    expect(proxy.sessions).toBe(2);
    for (const c of channels) c.ws.close();
    await expect.poll(async () => (await events('VM_CONSOLE_DISCONNECTED')).length).toBe(1);
    expect(proxy.sessions).toBe(1);

    // Its ticket is spent: no channel, no new session.
    expect(await refusedWith(`${base}/console/${t}`)).toBe(403);
    expect(vnc.sockets).toHaveLength(4);
    second.ws.close();
  });

  it('refuses a VNC ticket a second time while its session is open', async () => {
    const t = await ticket();
    const a = await connect(t);
    expect(await refusedWith(`${base}/console/${t}`)).toBe(403);
    expect(vnc.sockets).toHaveLength(1);
    a.ws.close();
  });

  it(`caps a SPICE session at ${MAX_CHANNELS_PER_SESSION} channels`, async () => {
    const t = await ticket({ protocol: 'spice' });
    const open = [];
    for (let i = 0; i < MAX_CHANNELS_PER_SESSION; i++) open.push(await connect(t, []));
    expect(await refusedWith(`${base}/console/${t}`)).toBe(429);
    expect(vnc.sockets).toHaveLength(MAX_CHANNELS_PER_SESSION);
    for (const c of open) c.ws.close();
  });

  it('closes every channel of a SPICE session taken over', async () => {
    const t = await ticket({ protocol: 'spice' });
    const main = await connect(t, []);
    await expect.poll(() => db.query(`SELECT id FROM console_session`)).toHaveLength(1);
    const display = await connect(t, []);
    const closed = [closedWith(main.ws), closedWith(display.ws)];
    await takeOverSessions(db, vmId);
    feed.publish([{ object: 'vm', ids: [vmId], op: 'upsert' }]);
    expect(await Promise.all(closed)).toEqual([CLOSE_TAKEN_OVER, CLOSE_TAKEN_OVER]);
    await expect.poll(() => vnc.ended.length).toBe(2);
    expect(await refusedWith(`${base}/console/${t}`)).toBe(403);
  });

  it('admits a SPICE channel on another replica while the session is open on the first', async () => {
    const app = createApp({
      db,
      engine: { feed, hosts: new HostRegistry({}), imagesDir: '/nonexistent' },
    });
    const http2 = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http2.once('listening', resolve));
    const proxy2 = attachConsoleProxy(http2, { db, feed, maxPerUser: MAX_PER_USER });
    const base2 = `ws://127.0.0.1:${(http2.address() as AddressInfo).port}`;
    try {
      const t = await ticket({ protocol: 'spice' });
      const main = await connect(t, []);
      await expect.poll(() => db.query(`SELECT id FROM console_session`)).toHaveLength(1);
      const ws = new WebSocket(`${base2}/console/${t}`);
      const r = reader(ws);
      await opened(ws);
      expect(await r.take(GREETING.length)).toEqual(GREETING);
      expect(proxy2.sessions).toBe(1);
      // The channel carries nothing of its own into the store.
      expect(await events('VM_CONSOLE_CONNECTED')).toHaveLength(1);
      const closed = closedWith(ws);
      main.ws.close();
      ws.close();
      await closed;
      await expect.poll(() => db.query(`SELECT id FROM console_session`)).toEqual([]);
      expect(await refusedWith(`${base2}/console/${t}`)).toBe(403);
    } finally {
      await proxy2.close();
      await new Promise((resolve) => http2.close(resolve));
    }
  });
});
