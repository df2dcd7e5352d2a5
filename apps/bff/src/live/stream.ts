// One browser's view of the change feed: batches gathered over a short window, so a
// monitoring sweep reaches it as one message rather than one per row.
import type { SearchObjectKey } from '@corral/shared';
import { ChangeBuffer } from './buffer.js';
import type { Change, ChangeFeed } from './feed.js';
import { isGapAware } from './pg-feed.js';

/** The feed lost changes (its server connection dropped): the reader must read afresh. */
export class FeedGapError extends Error {
  constructor() {
    super('The change feed missed changes while its connection was down; subscribe again.');
    this.name = 'FeedGapError';
  }
}

export interface ChangeStreamOptions {
  readonly signal?: AbortSignal | undefined;
  /** How long changes are gathered after the first one before they are handed on. */
  readonly windowMs?: number;
  /** Only changes of these objects; all when absent. */
  readonly objects?: ReadonlySet<SearchObjectKey> | undefined;
}

/**
 * Yields merged batches of the feed's changes until `signal` aborts. Throws FeedGapError
 * when the feed reports a gap, so the subscriber reconnects and re-reads what it shows.
 */
export async function* changeStream(
  feed: ChangeFeed,
  { signal, windowMs = 100, objects }: ChangeStreamOptions = {},
): AsyncGenerator<Change[], void, undefined> {
  const buffer = new ChangeBuffer();
  // What ends the current wait: a change (only while waiting for the first one of a
  // batch), and the end of the stream (abort, gap) always.
  let onChange: (() => void) | undefined;
  let onStop: (() => void) | undefined;
  let gap = false;
  const stop = () => onStop?.();
  const unsubscribe = feed.subscribe((changes) => {
    const mine = objects ? changes.filter((c) => objects.has(c.object)) : changes;
    if (mine.length === 0) return;
    buffer.add(mine);
    onChange?.();
  });
  const unGap = isGapAware(feed)
    ? feed.onGap(() => {
        gap = true;
        stop();
      })
    : undefined;
  signal?.addEventListener('abort', stop);
  const firstChange = () =>
    new Promise<void>((resolve) => {
      onChange = onStop = () => {
        onChange = onStop = undefined;
        resolve();
      };
    });
  const gather = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        onStop = undefined;
        resolve();
      }, windowMs);
      onStop = () => {
        clearTimeout(timer);
        onStop = undefined;
        resolve();
      };
    });
  try {
    for (;;) {
      if (buffer.size === 0 && !gap && !signal?.aborted) await firstChange();
      if (signal?.aborted) return;
      if (gap) throw new FeedGapError();
      // The first change opens a window; what else arrives in it joins the batch.
      await gather();
      if (signal?.aborted) return;
      if (gap) throw new FeedGapError();
      const batch = buffer.take();
      if (batch.length > 0) yield batch;
    }
  } finally {
    unsubscribe();
    unGap?.();
    signal?.removeEventListener('abort', stop);
  }
}
