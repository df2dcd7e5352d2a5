// The change feed across BFF replicas (ARCHITECTURE.md, decision 5): on a PostgreSQL
// server, what one process publishes reaches the others through LISTEN/NOTIFY, so any
// replica can serve any browser. The embedded store has one process: the local feed.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ChangeBuffer } from './buffer.js';
import { localFeed, type Change, type ChangeFeed } from './feed.js';

export const FEED_CHANNEL = 'corral_changes';
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7_900;

/** What travels in one notification: who sent it (to skip our own) and what changed. */
interface Envelope {
  readonly from: string;
  readonly changes: readonly Change[];
}

/**
 * A feed that can lose changes (its connection to the server dropped for a while):
 * listeners hear about each gap, so whoever shows rows can read them again.
 */
export interface GapAwareFeed extends ChangeFeed {
  onGap(listener: () => void): () => void;
}

export function isGapAware(feed: ChangeFeed): feed is GapAwareFeed {
  return typeof (feed as Partial<GapAwareFeed>).onGap === 'function';
}

export interface FeedOptions {
  /** A PostgreSQL server: replicas share the feed. Absent: this process's feed alone. */
  readonly databaseUrl?: string | undefined;
  /** Changes published within this span go out as one batch of notifications. */
  readonly coalesceMs?: number;
  readonly maxPayloadBytes?: number;
  /** First wait before connecting the listener again; it doubles up to 10 s. */
  readonly reconnectMs?: number;
}

export async function createFeed(options: FeedOptions = {}): Promise<ChangeFeed> {
  if (!options.databaseUrl) return localFeed();
  const feed = new PgFeed({ ...options, databaseUrl: options.databaseUrl });
  await feed.ready;
  return feed;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The notification payloads for `changes`, each at most `maxBytes` (UTF-8) as JSON, in
 * order: a change too large for one payload is split across several by its ids.
 */
export function chunkChanges(from: string, changes: readonly Change[], maxBytes: number): string[] {
  const base = bytes(JSON.stringify({ from, changes: [] }));
  const payloads: string[] = [];
  let chunk: Change[] = [];
  let size = base;
  const close = () => {
    if (chunk.length > 0)
      payloads.push(JSON.stringify({ from, changes: chunk } satisfies Envelope));
    chunk = [];
    size = base;
  };
  for (const { object, op, ids } of changes) {
    const head = bytes(JSON.stringify({ object, ids: [], op }));
    // The ids of this change that went into the current payload so far.
    let entry: string[] | undefined;
    for (const id of ids) {
      const idBytes = bytes(JSON.stringify(id));
      if (entry) {
        if (size + 1 + idBytes <= maxBytes) {
          entry.push(id);
          size += 1 + idBytes;
          continue;
        }
        close();
      }
      if (base + head + idBytes > maxBytes)
        throw new RangeError(`an id of ${idBytes} bytes does not fit a ${maxBytes}-byte payload`);
      if (size + (chunk.length > 0 ? 1 : 0) + head + idBytes > maxBytes) close();
      size += (chunk.length > 0 ? 1 : 0) + head + idBytes;
      entry = [id];
      chunk.push({ object, ids: entry, op });
    }
  }
  close();
  return payloads;
}

class PgFeed implements GapAwareFeed {
  readonly ready: Promise<void>;
  private readonly local = localFeed();
  private readonly instance = randomUUID();
  private readonly pool: pg.Pool;
  private readonly buffer = new ChangeBuffer();
  private readonly gapListeners = new Set<() => void>();
  private readonly coalesceMs: number;
  private readonly maxBytes: number;
  private readonly reconnectMs: number;
  private listener: pg.Client | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> = Promise.resolve();
  private backoff: number;
  private missed = false;
  private closed = false;

  constructor(private readonly options: FeedOptions & { databaseUrl: string }) {
    this.coalesceMs = options.coalesceMs ?? 50;
    this.maxBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
    this.reconnectMs = options.reconnectMs ?? 1_000;
    this.backoff = this.reconnectMs;
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 2,
      application_name: `corral-feed-send-${this.instance}`,
    });
    // An idle client the server dropped: the pool replaces it on next use.
    this.pool.on('error', () => undefined);
    this.ready = this.listen();
  }

  publish(changes: readonly Change[]): void {
    if (this.closed || changes.length === 0) return;
    this.local.deliver(changes);
    this.buffer.add(changes);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.sending = this.sending.then(() => this.send());
    }, this.coalesceMs);
  }

  subscribe(listener: (changes: readonly Change[]) => void): () => void {
    return this.local.subscribe(listener);
  }

  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.sending = this.sending.then(() => this.send());
    }
    await this.sending;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
    await this.local.close();
    this.gapListeners.clear();
  }

  /** Listener connection id, for tests that cut it. */
  get listenerName(): string {
    return `corral-feed-listen-${this.instance}`;
  }

  private async send(): Promise<void> {
    const changes = this.buffer.take();
    if (changes.length === 0) return;
    const payloads = chunkChanges(this.instance, changes, this.maxBytes);
    try {
      await this.pool.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [
        FEED_CHANNEL,
        payloads,
      ]);
    } catch (err) {
      // Other replicas miss these; their browsers catch up on the next change or resync.
      console.error('change feed: notify failed:', err instanceof Error ? err.message : err);
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: this.listenerName,
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      this.reconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => {
      if (msg.channel !== FEED_CHANNEL || !msg.payload) return;
      let envelope: Envelope;
      try {
        envelope = JSON.parse(msg.payload) as Envelope;
      } catch {
        return;
      }
      if (envelope.from === this.instance || !Array.isArray(envelope.changes)) return;
      this.local.deliver(envelope.changes);
    });
    await client.connect();
    await client.query(`LISTEN ${FEED_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    this.backoff = this.reconnectMs;
    if (this.missed) {
      // Whatever was sent while nobody listened is lost to this process: say so now that
      // listening again covers everything after.
      this.missed = false;
      for (const gap of this.gapListeners) gap();
    }
  }

  private reconnect(): void {
    if (this.closed || this.reconnectTimer !== undefined) return;
    this.missed = true;
    const wait = this.backoff;
    this.backoff = Math.min(10_000, this.backoff * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listen().catch((err: unknown) => {
        console.error(
          'change feed: listening again failed:',
          err instanceof Error ? err.message : err,
        );
        this.reconnect();
      });
    }, wait);
  }
}
