// Live updates (ARCHITECTURE.md, decision 5): browsers subscribe to the change feed over
// SSE and re-read the rows they show when the feed names them.
import { SEARCH_OBJECT_KEYS, type SearchObjectKey } from '@corral/shared';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Principal } from '../../identity/principal.js';
import { visibleWhere } from '../../identity/visibility.js';
import type { Change } from '../../live/feed.js';
import { FeedGapError, changeStream } from '../../live/stream.js';
import { RowSource } from '../../search/compile.js';
import type { SearchRow } from '../../search/index.js';
import { SqlBuilder } from '../../search/sql-builder.js';
import { OBJECT_SQL } from '../../search/sql-objects.js';
import type { Db } from '../../store/index.js';
import { procedure, router } from '../trpc.js';

/** A search row; its id as text whatever the object's key type (the audit log numbers its events). */
export type LiveRow = SearchRow & { id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT = /^\d{1,18}$/;

/** At most this many rows per read: a grid shows a page or two. */
export const LIVE_ROWS_MAX = 500;

/**
 * Rows of one object by id, with the columns (and values) a search returns, in the order
 * of `ids`; ids of rows that do not exist (any more) are left out. One statement.
 */
export async function findRows(
  db: Db,
  object: SearchObjectKey,
  ids: readonly string[],
  now: Date = new Date(),
  principal?: Principal,
): Promise<LiveRow[]> {
  const { idType } = OBJECT_SQL[object];
  // An id of the wrong form cannot exist; asking the store would only raise a cast error.
  const wanted = [...new Set(ids)].filter((id) => (idType === 'uuid' ? UUID : BIGINT).test(id));
  if (wanted.length === 0) return [];
  const b = new SqlBuilder(now);
  const idsParam = b.param(wanted, `${idType}[]`);
  const source = new RowSource(object, b);
  const columns = source.columns();
  const visible = visibleWhere(object, 't', principal, (v, type) => b.param(v, type));
  const rows = await db.query<SearchRow>(
    `SELECT ${columns} FROM ${source.table}${source.joins} WHERE t.id = ANY(${idsParam})${visible ? ` AND ${visible}` : ''}`,
    b.params,
  );
  const position = new Map(wanted.map((id, i) => [id.toLowerCase(), i]));
  const order = (r: LiveRow) => position.get(r.id.toLowerCase()) ?? 0;
  return rows.map((r) => ({ ...r, id: String(r.id) })).sort((x, y) => order(x) - order(y));
}

const objectKey = z.enum(SEARCH_OBJECT_KEYS);

/** Of the ids a change names, those the principal may see now. One statement per object. */
async function visibleOf(
  db: Db,
  principal: Principal,
  object: SearchObjectKey,
  ids: readonly string[],
): Promise<string[]> {
  const { idType, table } = OBJECT_SQL[object];
  const wanted = [...new Set(ids)].filter((id) => (idType === 'uuid' ? UUID : BIGINT).test(id));
  if (wanted.length === 0) return [];
  const b = new SqlBuilder(new Date());
  const idsParam = b.param(wanted, `${idType}[]`);
  const visible = visibleWhere(object, 't', principal, (v, type) => b.param(v, type)) ?? 'TRUE';
  const rows = await db.query<{ id: unknown }>(
    `SELECT t.id FROM ${table} t WHERE t.id = ANY(${idsParam}) AND ${visible}`,
    b.params,
  );
  const seen = new Set(rows.map((r) => String(r.id).toLowerCase()));
  return ids.filter((id) => seen.has(id.toLowerCase()));
}

/**
 * A batch as a subscriber who does not see everything may receive it: upserts of rows
 * they see now (so rows that just became visible come through, and others' rows do
 * not). Removals pass: the row is gone, there is nothing left to read by its id.
 */
export async function visibleChanges(
  db: Db,
  principal: Principal,
  batch: readonly Change[],
): Promise<Change[]> {
  if (principal.seesAll) return [...batch];
  const out: Change[] = [];
  for (const c of batch) {
    const ids = c.op === 'remove' ? c.ids : await visibleOf(db, principal, c.object, c.ids);
    if (ids.length > 0) out.push({ ...c, ids });
  }
  return out;
}

/** The subscriber's own permissions changed (a `user` change names them or their group). */
export function permissionsChanged(principal: Principal, batch: readonly Change[]): boolean {
  const mine = new Set(principal.subjectIds.map((id) => id.toLowerCase()));
  return batch.some((c) => c.object === 'user' && c.ids.some((id) => mine.has(id.toLowerCase())));
}

export const liveRouter = router({
  /**
   * The change feed, as batches of `{ object, ids, op }` gathered over ~100 ms. With
   * `objects`, only changes of those objects. Ends with SERVICE_UNAVAILABLE when the feed
   * lost changes (a retryable code: the client reconnects, and re-reads what it shows).
   * A subscriber who does not see everything gets only the ids they may see; one whose
   * own permissions changed is ended the same way, so they reconnect with their new
   * permissions and re-read (their grids and portal change live).
   */
  changes: procedure
    .meta({ checkedInside: 'each batch is filtered to the subscriber’s visible ids' })
    .input(z.object({ objects: z.array(objectKey).min(1).optional() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const objects = input?.objects ? new Set(input.objects) : undefined;
      const user = ctx.user;
      try {
        for await (const batch of changeStream(ctx.engine.feed, { signal })) {
          if (permissionsChanged(user, batch)) {
            throw new TRPCError({
              code: 'SERVICE_UNAVAILABLE',
              message: 'Your permissions changed; subscribe again.',
            });
          }
          const wanted = objects ? batch.filter((c) => objects.has(c.object)) : batch;
          if (wanted.length === 0) continue;
          const mine = await visibleChanges(ctx.db, user, wanted);
          if (mine.length > 0) yield mine;
        }
      } catch (err) {
        if (err instanceof FeedGapError)
          throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message, cause: err });
        throw err;
      }
    }),

  /** The rows a change named, shaped as `search.run` rows, for patching a grid in place. */
  rows: procedure
    .meta({ checkedInside: 'only rows the user may see are read' })
    .input(
      z.object({
        object: objectKey,
        ids: z.array(z.string().max(64)).max(LIVE_ROWS_MAX),
      }),
    )
    .query(({ ctx, input }) => findRows(ctx.db, input.object, input.ids, new Date(), ctx.user)),
});
