// The change feed (ARCHITECTURE.md, decision 5): whatever changes an object — a
// command, a monitoring cycle, a host event — publishes which rows changed; browsers
// subscribed through tRPC re-read those rows and update the grid in place.
import { EventEmitter } from 'node:events';
import type { SearchObjectKey } from '@corral/shared';

export interface Change {
  readonly object: SearchObjectKey;
  readonly ids: readonly string[];
  readonly op: 'upsert' | 'remove';
}

export interface ChangeFeed {
  /** Fire-and-forget; listeners in this process and (with PostgreSQL) in every replica get it. */
  publish(changes: readonly Change[]): void;
  subscribe(listener: (changes: readonly Change[]) => void): () => void;
  close(): Promise<void>;
}

/** The feed of one BFF process: enough for the embedded store, where there is one process. */
export function localFeed(): ChangeFeed & { deliver(changes: readonly Change[]): void } {
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const deliver = (changes: readonly Change[]) => {
    if (changes.length > 0) bus.emit('changes', changes);
  };
  return {
    publish: deliver,
    deliver,
    subscribe(listener) {
      bus.on('changes', listener);
      return () => bus.off('changes', listener);
    },
    async close() {
      bus.removeAllListeners();
    },
  };
}
