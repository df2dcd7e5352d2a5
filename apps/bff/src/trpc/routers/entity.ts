import { DETAIL_TABS, SEARCH_OBJECTS, type SearchObjectKey } from '@corral/shared';
import { z } from 'zod';
import { TAB_QUERIES } from '../../details/index.js';
import { notFound } from '../../engine/errors.js';
import { findRow, runSearch } from '../../search/index.js';
import { procedure, router } from '../trpc.js';
import { pageInput } from './search.js';

/**
 * The router every inventory object has: `list` (its main tab: a search of this
 * object, with the total), `get` (one row, the General sub-tab) and `tab` (the other
 * details sub-tabs, DETAIL_TABS).
 */
export function entityRouter(object: SearchObjectKey) {
  const canonical = SEARCH_OBJECTS[object].names[0];
  const tabKeys = DETAIL_TABS[object].map((t) => t.key).filter((k) => k !== 'general');
  const queries = TAB_QUERIES[object];
  // The audit log numbers its events; every other object has a uuid.
  const id =
    object === 'event'
      ? z.union([z.number().int().positive(), z.string().regex(/^\d{1,18}$/)]).transform(String)
      : z.uuid();

  return router({
    list: procedure
      .meta({ checkedInside: 'matches and counts only rows the user may see' })
      .input(
        z.object({
          /** Conditions after `Object:`, e.g. `status = up sortby name`. */
          where: z.string().max(4000).default(''),
          ...pageInput,
        }),
      )
      .query(({ ctx, input }) =>
        runSearch(ctx.db, {
          ...input,
          query: `${canonical}: ${input.where}`,
          principal: ctx.user,
        }),
      ),
    get: procedure
      .meta({ checkedInside: 'NOT_FOUND unless the user may see the row' })
      .input(z.object({ id }))
      .query(async ({ ctx, input }) => {
        const row = await findRow(ctx.db, object, input.id, new Date(), ctx.user);
        if (!row) throw notFound(SEARCH_OBJECTS[object].label.replace(/s$/, ''), input.id);
        return row;
      }),
    tab: procedure
      .meta({ checkedInside: 'NOT_FOUND unless the user may see the row' })
      .input(
        z.object({
          id,
          tab: z.string().refine((t) => tabKeys.includes(t), {
            message: `Tab must be one of: ${tabKeys.join(', ') || '(none)'}.`,
          }),
        }),
      )
      .query(async ({ ctx, input }) => {
        const query = queries[input.tab];
        if (!query) throw notFound('Tab', input.tab);
        // A sub-tab of what the user cannot see is as missing as the object.
        if (!ctx.user.seesAll && !(await findRow(ctx.db, object, input.id, new Date(), ctx.user))) {
          throw notFound(SEARCH_OBJECTS[object].label.replace(/s$/, ''), input.id);
        }
        return { rows: await query(ctx.db, input.id) };
      }),
  });
}
