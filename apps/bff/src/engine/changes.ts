import type { SearchObjectKey } from '@corral/shared';
import type { EngineDeps } from './deps.js';

/** Tells the feed that rows changed (no-op for an empty list). */
export function touched(
  deps: Pick<EngineDeps, 'feed'>,
  object: SearchObjectKey,
  ids: readonly string[],
  op: 'upsert' | 'remove' = 'upsert',
): void {
  if (ids.length > 0) deps.feed.publish([{ object, ids, op }]);
}
