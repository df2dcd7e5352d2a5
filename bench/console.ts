// npm run bench:console — the console proxy's throughput and added latency.
//
// One loopback data source (two node `net` listeners standing where a VM's VNC port is):
// one streams BENCH_CONSOLE_MIB MiB as fast as the socket drains, the other echoes. In the
// same run, alternating paths each round, it is reached three ways:
//   * raw TCP straight to the source: the floor;
//   * Corral's console proxy (a bare HTTP server + attachConsoleProxy over an embedded
//     store, a fresh signed ticket per connection) with a `ws` client, subprotocol `binary`;
//   * Debian's websockify (/usr/bin/websockify) with the same client: the reference.
// Throughput is bytes received from the websocket's open (the TCP connect for raw) to the
// last byte, median of the rounds. Latency is keystroke-sized round trips on one open
// connection; "added latency" is the proxy's p99 minus raw TCP's p99.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { addTestVm, buildFleet } from '../apps/bff/src/engine/testing/fleet.js';
import { localFeed } from '../apps/bff/src/live/feed.js';
import { attachConsoleProxy } from '../apps/bff/src/console/proxy.js';
import { consoleSecret, consoleVm } from '../apps/bff/src/console/store.js';
import { signTicket, TICKET_TTL_MS } from '../apps/bff/src/console/ticket.js';
import { openStore } from '../apps/bff/src/store/index.js';

const STREAM_MIB = Number(process.env.BENCH_CONSOLE_MIB ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_TRIPS = Number(process.env.BENCH_CONSOLE_ROUND_TRIPS ?? 2000);
/** A keystroke as VNC sends it: an 8-byte KeyEvent, give or take. */
const MESSAGE_BYTES = 10;
const WEBSOCKIFY = '/usr/bin/websockify';
/** The whole run stops itself past this, whatever hangs. */
const DEADLINE_MS = 110_000;

type Path = 'raw' | 'proxy' | 'websockify';
const PATHS: readonly Path[] = ['raw', 'proxy', 'websockify'];

const CHUNK = Buffer.alloc(1 << 20, 0x5a);
const TOTAL = STREAM_MIB * CHUNK.length;

/** One measurement that stalls fails the run, naming itself, instead of hanging it. */
function within<T>(label: string, work: Promise<T>, limitMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stalled for ${limitMs / 1000} s`)), limitMs);
  });
  return Promise.race([work, stalled])
    .catch((err: unknown) => {
      throw new Error(`${label}: ${(err as Error).message}`, { cause: err });
    })
    .finally(() => clearTimeout(timer));
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Streams TOTAL bytes of one prebuilt buffer to whoever connects, then leaves the
 * connection open, as a VNC server would: the client closes it once it has every byte.
 * (Ending it here would measure how each path flushes on close; websockify drops the
 * tail then.)
 */
function streamSource(): net.Server {
  return net.createServer((s) => {
    s.on('error', () => undefined);
    let sent = 0;
    const more = () => {
      while (sent < TOTAL) {
        sent += CHUNK.length;
        if (!s.write(CHUNK)) return void s.once('drain', more);
      }
    };
    more();
  });
}

function echoSource(): net.Server {
  return net.createServer((s) => {
    s.setNoDelay(true);
    s.on('error', () => undefined);
    s.pipe(s);
  });
}

/** A byte pipe to one of the sources, whichever way it goes. */
interface Link {
  onData(fn: (chunk: Buffer) => void): void;
  /** Settles when the far end closes. */
  readonly closed: Promise<void>;
  send(data: Buffer): void;
  close(): void;
}

function rawLink(port: number): Promise<Link> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, noDelay: true });
    s.once('error', reject);
    s.once('connect', () =>
      resolve({
        onData: (fn) => s.on('data', fn),
        closed: new Promise((resolve) => s.once('close', () => resolve())),
        send: (data) => s.write(data),
        close: () => s.destroy(),
      }),
    );
  });
}

function wsLink(url: string): Promise<Link> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary'], {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      maxPayload: 64 << 20,
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`${url}: upgrade refused with ${res.statusCode}`)),
    );
    // Messages can arrive in the same read as the handshake, before whoever awaits this
    // link has attached a listener: hold them until then.
    const early: Buffer[] = [];
    let sink: (data: Buffer) => void = (data) => void early.push(data);
    ws.on('message', (data: Buffer) => sink(data));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.once('open', () => {
      ws.on('error', () => undefined); // websockify closes with code 1005, which ws rejects
      resolve({
        onData: (fn) => {
          sink = fn;
          for (const data of early.splice(0)) fn(data);
        },
        closed,
        send: (data) => ws.send(data, { binary: true }),
        close: () => ws.close(),
      });
    });
  });
}

/** MiB/s from the link's open to the stream's last byte. */
async function throughput(open: () => Promise<Link>): Promise<number> {
  const link = await open();
  const start = process.hrtime.bigint();
  let got = 0;
  await new Promise<void>((resolve, reject) => {
    link.onData((chunk) => {
      got += chunk.length;
      if (got >= TOTAL) resolve();
    });
    void link.closed.then(() => reject(new Error(`closed after ${got} of ${TOTAL} bytes`)));
  });
  const seconds = ms(start) / 1000;
  link.close();
  return STREAM_MIB / seconds;
}

/** Round-trip times in ms of `n` keystroke-sized messages, one in flight at a time. */
async function roundTrips(open: () => Promise<Link>, n: number): Promise<number[]> {
  const link = await open();
  const message = Buffer.alloc(MESSAGE_BYTES, 0x6b);
  let pending = 0;
  let wake = () => undefined as void;
  link.onData((chunk) => {
    pending -= chunk.length;
    if (pending <= 0) wake();
  });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      wake = resolve;
      pending = MESSAGE_BYTES;
      link.send(message);
    });
    times.push(ms(start));
  }
  link.close();
  return times;
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`websockify exited ${child.exitCode}`));
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`websockify not listening on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** A port free right now, for websockify to take. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Debian's websockify in front of `target`, with its stderr kept for a failure message. */
async function startWebsockify(target: number): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(WEBSOCKIFY, [`127.0.0.1:${port}`, `127.0.0.1:${target}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  try {
    await waitForPort(port, child, 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${log}`, { cause: err });
  }
  return { child, port };
}

/** What the parent needs to sign tickets the proxy process accepts. */
interface ProxyInfo {
  readonly port: number;
  readonly secret: string;
  readonly vmId: string;
  readonly hostId: string;
  readonly startedAt: number | null;
}

/**
 * The proxy's own process (`--serve-proxy`), as in production, so its work does not
 * share an event loop with the benchmark's client and data source (websockify has its
 * own process too). An embedded store holding a VM that is Up on a host, as the proxy's
 * checks need; prints a ProxyInfo line; exits when its stdin closes.
 */
async function serveProxy(): Promise<void> {
  const db = await openStore({});
  const fleet = await buildFleet(db, { name: 'Bench', hosts: [{ name: 'bench-h1' }] });
  const vmId = await addTestVm(db, fleet, {
    name: 'bench-console',
    status: 'Up',
    hostId: fleet.hosts[0]!.id,
  });
  await db.query(`UPDATE vm SET started_at = now() - interval '1 minute' WHERE id = $1`, [vmId]);
  const vm = (await consoleVm(db, vmId))!;
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const port = await listen(server);
  const proxy = attachConsoleProxy(server, { db, feed: localFeed(), maxPerUser: 1_000 });
  const info: ProxyInfo = {
    port,
    secret: (await consoleSecret(db)).toString('base64url'),
    vmId,
    hostId: vm.hostId!,
    startedAt: vm.startedAt,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    server.closeAllConnections();
    void proxy
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
}

async function startProxy(): Promise<{ child: ChildProcess; info: ProxyInfo }> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--serve-proxy'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<ProxyInfo>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as ProxyInfo);
    });
    child.once('exit', (code) => reject(new Error(`the proxy process exited ${code}`)));
  });
  return { child, info };
}

function ticketFor(info: ProxyInfo, port: number): string {
  return signTicket(Buffer.from(info.secret, 'base64url'), {
    v: 1,
    id: randomUUID(),
    user: 'bench@internal',
    vmId: info.vmId,
    hostId: info.hostId,
    startedAt: info.startedAt,
    protocol: 'vnc',
    address: '127.0.0.1',
    port,
    exp: Date.now() + TICKET_TTL_MS,
  });
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error(`bench:console: gave up after ${DEADLINE_MS / 1000} s`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();

  const stream = streamSource();
  const echo = echoSource();
  const streamPort = await listen(stream);
  const echoPort = await listen(echo);

  const proxy = await startProxy();
  const proxyBase = `ws://127.0.0.1:${proxy.info.port}/console/`;

  // One websockify per source: it connects to one fixed target.
  const wsStream = await startWebsockify(streamPort);
  const wsEcho = await startWebsockify(echoPort);
  const children = [wsStream.child, wsEcho.child];
  const stop = () => {
    proxy.child.stdin?.end();
    children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  };
  process.once('exit', stop);

  const links: Record<Path, (port: number) => () => Promise<Link>> = {
    raw: (port) => () => rawLink(port),
    proxy: (port) => () => wsLink(`${proxyBase}${ticketFor(proxy.info, port)}`),
    websockify: (port) =>
      port === streamPort
        ? () => wsLink(`ws://127.0.0.1:${wsStream.port}/`)
        : () => wsLink(`ws://127.0.0.1:${wsEcho.port}/`),
  };

  console.log(
    `stream: ${STREAM_MIB} MiB x ${ROUNDS} rounds per path; ` +
      `latency: ${ROUND_TRIPS} x ${MESSAGE_BYTES}-byte round trips x ${ROUNDS} rounds per path`,
  );

  // Warm every path (JIT, store plans, websockify's first fork) before measuring.
  for (const path of PATHS) await within(`warm ${path}`, roundTrips(links[path](echoPort), 200));

  const mibs: Record<Path, number[]> = { raw: [], proxy: [], websockify: [] };
  const rtts: Record<Path, number[]> = { raw: [], proxy: [], websockify: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no path always runs first (or last) in a round.
    const order = PATHS.map((_, i) => PATHS[(i + round) % PATHS.length]!);
    for (const path of order) {
      mibs[path].push(await within(`stream ${path}`, throughput(links[path](streamPort))));
    }
    for (const path of order) {
      rtts[path].push(
        ...(await within(`round trips ${path}`, roundTrips(links[path](echoPort), ROUND_TRIPS))),
      );
    }
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }

  for (const path of PATHS) {
    const l = stats(rtts[path]);
    console.log(
      `${path}: throughput MiB/s ${mibs[path].map((x) => x.toFixed(0)).join(' / ')}; ` +
        `round trip p50 ms ${l.p50.toFixed(3)}, p99 ms ${l.p99.toFixed(3)}`,
    );
  }
  const [proxyMib, websockifyMib, rawMib] = [
    median(mibs.proxy),
    median(mibs.websockify),
    median(mibs.raw),
  ];
  const added = stats(rtts.proxy).p99 - stats(rtts.raw).p99;
  console.log(
    `console throughput MiB/s: ${proxyMib.toFixed(1)} (websockify ${websockifyMib.toFixed(1)}, raw tcp ${rawMib.toFixed(1)})`,
  );
  console.log(`console throughput vs websockify: ${(proxyMib / websockifyMib).toFixed(2)}`);
  console.log(`console added latency p99 ms: ${added.toFixed(3)}`);
  console.log(
    `(websockify added latency p99 ms: ${(stats(rtts.websockify).p99 - stats(rtts.raw).p99).toFixed(3)})`,
  );

  stop();
  if (proxy.child.exitCode === null) await new Promise((r) => proxy.child.once('exit', r));
  await new Promise((resolve) => stream.close(resolve));
  await new Promise((resolve) => echo.close(resolve));
}

(process.argv[2] === '--serve-proxy' ? serveProxy() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
