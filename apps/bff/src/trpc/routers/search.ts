import { suggest } from '@corral/shared';
import { z } from 'zod';
import { runSearch } from '../../search/index.js';
import { procedure, router } from '../trpc.js';

export const searchText = z.string().max(4000, 'A query is at most 4,000 characters.');
export const sortInput = z
  .object({ field: z.string().min(1).max(64), dir: z.enum(['asc', 'desc']) })
  .optional();
export const pageInput = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  sort: sortInput,
};

export const searchRouter = router({
  run: procedure
    .meta({ checkedInside: 'matches and counts only rows the user may see' })
    .input(z.object({ query: searchText, ...pageInput }))
    .query(({ ctx, input }) => runSearch(ctx.db, { ...input, principal: ctx.user })),
  suggest: procedure
    .meta({ checkedInside: 'completes the search language; reads no data' })
    .input(z.object({ text: searchText, cursor: z.number().int().min(0).max(4000) }))
    .query(({ input }) => suggest(input.text, Math.min(input.cursor, input.text.length))),
});
