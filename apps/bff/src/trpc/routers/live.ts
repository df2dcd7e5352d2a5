// Live updates (ARCHITECTURE.md, decision 5): browsers subscribe to the change feed over
// SSE and re-read the rows they show when the feed names them.
import { SEARCH_OBJECT_KEYS, type SearchObjectKey } from '@corral/shared';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
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
): Promise<LiveRow[]> {
  const { idType } = OBJECT_SQL[object];
  // An id of the wrong form cannot exist; asking the store would only raise a cast error.
  const wanted = [...new Set(ids)].filter((id) => (idType === 'uuid' ? UUID : BIGINT).test(id));
  if (wanted.length === 0) return [];
  const b = new SqlBuilder(now);
  const idsParam = b.param(wanted, `${idType}[]`);
  const source = new RowSource(object, b);
  const columns = source.columns();
  const rows = await db.query<SearchRow>(
    `SELECT ${columns} FROM ${source.table}${source.joins} WHERE t.id = ANY(${idsParam})`,
    b.params,
  );
  const position = new Map(wanted.map((id, i) => [id.toLowerCase(), i]));
  const order = (r: LiveRow) => position.get(r.id.toLowerCase()) ?? 0;
  return rows.map((r) => ({ ...r, id: String(r.id) })).sort((x, y) => order(x) - order(y));
}

const objectKey = z.enum(SEARCH_OBJECT_KEYS);

export const liveRouter = router({
  /**
   * The change feed, as batches of `{ object, ids, op }` gathered over ~100 ms. With
   * `objects`, only changes of those objects. Ends with SERVICE_UNAVAILABLE when the feed
   * lost changes (a retryable code: the client reconnects, and re-reads what it shows).
   */
  changes: procedure
    .input(z.object({ objects: z.array(objectKey).min(1).optional() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const objects = input?.objects ? new Set(input.objects) : undefined;
      try {
        yield* changeStream(ctx.engine.feed, { signal, objects });
      } catch (err) {
        if (err instanceof FeedGapError)
          throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message, cause: err });
        throw err;
      }
    }),

  /** The rows a change named, shaped as `search.run` rows, for patching a grid in place. */
  rows: procedure
    .input(
      z.object({
        object: objectKey,
        ids: z.array(z.string().max(64)).max(LIVE_ROWS_MAX),
      }),
    )
    .query(({ ctx, input }) => findRows(ctx.db, input.object, input.ids)),
});
