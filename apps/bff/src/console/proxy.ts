// The websocket console proxy: `/console/<ticket>` → TCP to the VM's VNC/SPICE port on
// its host, bytes piped both ways. Nothing reaches a host before the ticket is verified
// (MAC, expiry, single use, still the same running VM).
//
// A session is one ticket. VNC is one connection. SPICE is several: the client opens the
// main channel, learns the server's channels from it, then opens one connection per
// channel (display, inputs, cursor, …) to the same URL — so a SPICE ticket, once used,
// still admits channel connections for as long as its session is open.
import type { IncomingMessage, Server } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { recordEvent } from '../engine/audit.js';
import type { ChangeFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';
import { consoleConfig } from './config.js';
import {
  consoleSecret,
  consoleVm,
  consumeTicket,
  endSession,
  liveSessions,
  recordSession,
  ticketMismatch,
} from './store.js';
import { verifyTicket, type ConsoleTicketClaims } from './ticket.js';

export interface ConsoleProxyDeps {
  readonly db: Db;
  readonly feed: ChangeFeed;
  /** Defaults to CORRAL_CONSOLE_SECRET, else the store's shared secret. */
  readonly secret?: string | undefined;
  /** Defaults to CORRAL_CONSOLE_MAX_PER_USER (4). */
  readonly maxPerUser?: number | undefined;
  readonly clock?: () => number;
  /** Connecting to the host's console port; gives up after this long. */
  readonly connectTimeoutMs?: number;
}

export interface ConsoleProxy {
  /** Open sessions in this process. */
  readonly sessions: number;
  close(): Promise<void>;
}

const PREFIX = '/console/';
/** Above this much unsent to the browser, stop reading from the host until it drains. */
const HIGH_WATER = 1 << 20;
const LOW_WATER = 256 << 10;

/** Close codes the console pages show as reasons (4000–4999 are the application's). */
export const CLOSE_TAKEN_OVER = 4001;
export const CLOSE_VM_GONE = 4002;
/** SPICE channels one session may open: main, display, inputs, cursor, playback, record, ports… */
export const MAX_CHANNELS_PER_SESSION = 16;

/** One websocket ↔ TCP pair: the whole VNC session, or one SPICE channel. */
interface Channel {
  readonly ws: WebSocket;
  readonly tcp: net.Socket;
}

interface Session {
  readonly claims: ConsoleTicketClaims;
  readonly channels: Set<Channel>;
  /**
   * Whether this process opened the session (its row, its per-user count and its audit
   * events), or only carries SPICE channels of a session another replica opened.
   */
  readonly owned: boolean;
  /** Settles once the session's end is written (row gone, event recorded). */
  readonly ended: Promise<void>;
  /** Set when the last channel went; a SPICE channel arriving later is a replay. */
  closing: boolean;
  end(): void;
}

function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 1_000).unref();
}

export function attachConsoleProxy(server: Server, deps: ConsoleProxyDeps): ConsoleProxy {
  const config = consoleConfig();
  const maxPerUser = deps.maxPerUser ?? config.CORRAL_CONSOLE_MAX_PER_USER;
  const configuredSecret = deps.secret ?? config.CORRAL_CONSOLE_SECRET;
  const clock = deps.clock ?? Date.now;
  const wss = new WebSocketServer({
    noServer: true,
    // noVNC asks for `binary`; spice-html5 asks for it or for nothing.
    handleProtocols: (offered) => (offered.has('binary') ? 'binary' : false),
    perMessageDeflate: false,
    maxPayload: 16 << 20,
  });
  const sessions = new Map<string, Session>();
  const perUser = new Map<string, number>();

  const audit = (claims: ConsoleTicketClaims, code: string, message: string) =>
    recordEvent(deps.db, deps.feed, {
      code,
      message,
      userName: claims.user,
      vmId: claims.vmId,
      hostId: claims.hostId,
    }).catch((err: unknown) => console.error(`console: audit ${code}:`, err));

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = req.url ?? '';
    if (!url.startsWith(PREFIX)) return; // someone else's upgrade
    socket.on('error', () => socket.destroy());
    void admit(req, socket, head, decodeURIComponent(url.slice(PREFIX.length).split('?')[0] ?? ''));
  };

  async function admit(req: IncomingMessage, socket: Duplex, head: Buffer, ticket: string) {
    try {
      if (!ticket) return refuse(socket, 401, 'Unauthorized', 'No console ticket.');
      const verdict = verifyTicket(await consoleSecret(deps.db, configuredSecret), ticket, clock());
      if (!verdict.ok) {
        return refuse(socket, 401, 'Unauthorized', `Console ticket ${verdict.reason}.`);
      }
      const claims = verdict.claims;
      const vm = await consoleVm(deps.db, claims.vmId);
      const mismatch = ticketMismatch(vm, claims);
      if (mismatch || !vm)
        return refuse(
          socket,
          403,
          'Forbidden',
          `Console ticket no longer fits: ${mismatch ?? ''}.`,
        );
      const kind = await admission(claims);
      if (kind === 'replay')
        return refuse(socket, 403, 'Forbidden', 'Console ticket used already.');
      if (kind === 'busy') {
        return refuse(
          socket,
          429,
          'Too Many Requests',
          `User ${claims.user} has ${maxPerUser} consoles open already.`,
        );
      }
      if (kind === 'full') {
        return refuse(
          socket,
          429,
          'Too Many Requests',
          'The console session has all its channels.',
        );
      }
      if (socket.destroyed) return;
      const tcp = await connectHost(claims);
      if (!tcp) return refuse(socket, 502, 'Bad Gateway', "The VM's console does not answer.");
      if (socket.destroyed) return void tcp.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => attach(claims, vm.name, kind, { ws, tcp }));
    } catch (err) {
      console.error('console: upgrade:', err);
      refuse(socket, 500, 'Internal Server Error', 'Internal error.');
    }
  }

  /**
   * A fresh ticket opens a session (within the user's limit). A used one is a replay —
   * except a SPICE ticket whose session is still open (here, or on another replica: its
   * row is in the store), which admits one more channel of that session.
   */
  async function admission(
    claims: ConsoleTicketClaims,
  ): Promise<'session' | 'channel' | 'replay' | 'busy' | 'full'> {
    if (claims.protocol === 'spice') {
      const local = sessions.get(claims.id);
      const open = local ? !local.closing : (await liveSessions(deps.db, [claims.id])).size > 0;
      if (open) return (local?.channels.size ?? 0) >= MAX_CHANNELS_PER_SESSION ? 'full' : 'channel';
    }
    if ((perUser.get(claims.user) ?? 0) >= maxPerUser) return 'busy';
    return (await consumeTicket(deps.db, claims)) ? 'session' : 'replay';
  }

  function connectHost(claims: ConsoleTicketClaims): Promise<net.Socket | undefined> {
    return new Promise((resolve) => {
      const tcp = net.connect({ host: claims.address, port: claims.port, noDelay: true });
      const fail = () => {
        tcp.destroy();
        resolve(undefined);
      };
      tcp.setTimeout(deps.connectTimeoutMs ?? 10_000, fail);
      tcp.once('error', fail);
      tcp.once('connect', () => {
        tcp.setTimeout(0);
        tcp.off('error', fail);
        resolve(tcp);
      });
    });
  }

  /** Adds the connection to its session, opening the session on its first connection. */
  function attach(
    claims: ConsoleTicketClaims,
    vmName: string,
    kind: 'session' | 'channel',
    channel: Channel,
  ): void {
    const session = sessions.get(claims.id) ?? openSession(claims, vmName, kind === 'session');
    session.channels.add(channel);
    const drop = () => {
      session.channels.delete(channel);
      // The session ends with its last channel (SPICE's server closes the others when
      // the main channel goes).
      if (session.channels.size === 0) session.end();
    };
    channel.ws.once('close', drop);
    channel.tcp.once('close', drop);
    pipe(channel);
  }

  function openSession(claims: ConsoleTicketClaims, vmName: string, owned: boolean): Session {
    const what = `${claims.protocol.toUpperCase()} console of VM ${vmName}`;
    const log = (what: string) => (err: unknown) => console.error(`console: ${what}:`, err);
    // The session's row and events in order, even when it closes at once.
    const opening = owned
      ? recordSession(deps.db, claims)
          .catch(log('record session'))
          .then(() =>
            audit(claims, 'VM_CONSOLE_CONNECTED', `User ${claims.user} opened the ${what}.`),
          )
      : Promise.resolve();
    let end = () => undefined as void;
    const ended = new Promise<void>((resolve) => {
      end = () => {
        if (session.closing) return;
        session.closing = true;
        sessions.delete(claims.id);
        if (!owned) return resolve();
        const left = (perUser.get(claims.user) ?? 1) - 1;
        if (left > 0) perUser.set(claims.user, left);
        else perUser.delete(claims.user);
        void opening
          .then(() => endSession(deps.db, claims.id))
          .catch(log('end session'))
          .then(() =>
            audit(claims, 'VM_CONSOLE_DISCONNECTED', `User ${claims.user} closed the ${what}.`),
          )
          .then(() => resolve());
      };
    });
    const session: Session = { claims, channels: new Set(), owned, ended, end, closing: false };
    sessions.set(claims.id, session);
    if (owned) perUser.set(claims.user, (perUser.get(claims.user) ?? 0) + 1);
    return session;
  }

  /** Binary both ways, each side paused while the other can't keep up. */
  function pipe({ ws, tcp }: Channel): void {
    const resumeTcp = () => {
      if (tcp.isPaused() && ws.bufferedAmount < LOW_WATER) tcp.resume();
    };
    tcp.on('data', (chunk: Buffer) => {
      ws.send(chunk, { binary: true }, resumeTcp);
      if (ws.bufferedAmount > HIGH_WATER) tcp.pause();
    });
    ws.on('message', (data: Buffer) => {
      if (!tcp.write(data)) ws.pause();
    });
    tcp.on('drain', () => ws.resume());
    tcp.on('end', () => ws.close(1000, 'console closed by the host'));
    tcp.on('error', () => ws.close(1011, 'console connection failed'));
    tcp.on('close', () => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
    });
    ws.on('close', () => tcp.end());
    ws.on('error', () => tcp.destroy());
  }

  // A takeover (console.open on any replica) or the VM stopping publishes the VM: the
  // sessions on it are checked against the store and closed when they no longer hold.
  const unsubscribe = deps.feed.subscribe((changes) => {
    const vmIds = new Set(changes.filter((c) => c.object === 'vm').flatMap((c) => c.ids));
    const affected = [...sessions.values()].filter((s) => vmIds.has(s.claims.vmId));
    if (affected.length > 0) void recheck(affected);
  });

  async function recheck(affected: readonly Session[]) {
    try {
      const live = await liveSessions(
        deps.db,
        affected.map((s) => s.claims.id),
      );
      for (const s of affected) {
        if (!live.has(s.claims.id)) {
          closeAll(s, CLOSE_TAKEN_OVER, 'console taken over by another user');
          continue;
        }
        const mismatch = ticketMismatch(await consoleVm(deps.db, s.claims.vmId), s.claims);
        if (mismatch) closeAll(s, CLOSE_VM_GONE, mismatch.slice(0, 120));
      }
    } catch (err) {
      console.error('console: recheck:', err);
    }
  }

  function closeAll(s: Session, code: number, reason: string): void {
    for (const c of s.channels) c.ws.close(code, reason);
  }

  server.on('upgrade', onUpgrade);
  return {
    get sessions() {
      return sessions.size;
    },
    async close() {
      server.off('upgrade', onUpgrade);
      unsubscribe();
      const open = [...sessions.values()];
      for (const s of open) {
        for (const c of s.channels) {
          c.ws.close(1001, 'server stopping');
          c.tcp.destroy();
        }
        if (s.channels.size === 0) s.end();
      }
      await Promise.all(open.map((s) => s.ended));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
