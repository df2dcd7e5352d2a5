import { parseSearch } from '@corral/shared';
import { z } from 'zod';
import { AppError, isUniqueViolation, notFound } from '../../engine/errors.js';
import type { Db } from '../../store/index.js';
import { onSystem, procedure, router } from '../trpc.js';

const name = z
  .string()
  .trim()
  .min(1, 'A bookmark needs a name.')
  .max(100, 'A bookmark name is at most 100 characters.');
const query = z.string().trim().min(1, 'A bookmark needs a query.').max(4000);
const id = z.uuid();

export interface Bookmark {
  id: string;
  name: string;
  query: string;
  createdAt: Date;
}
const COLUMNS = `id, name, query, created_at AS "createdAt"`;

/** A bookmark is a saved search, so it must be one that runs. */
function checkQuery(text: string): void {
  const parsed = parseSearch(text);
  if (!parsed.ok) {
    throw new AppError(
      'RULE_VIOLATION',
      `The query is not valid: ${parsed.error.message}`,
      'query',
    );
  }
}

async function write(
  db: Db,
  sql: string,
  params: unknown[],
  bookmarkName?: string,
): Promise<Bookmark> {
  try {
    const [row] = await db.query<Bookmark>(sql, params);
    if (!row) throw notFound('Bookmark', String(params[0]));
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', `A bookmark named "${bookmarkName}" already exists.`, 'name');
    }
    throw err;
  }
}

export const bookmarkRouter = router({
  /** Saved searches belong to the admin portal: an administrator's. */
  list: procedure.meta({ checkedInside: 'administrators only' }).query(({ ctx }) => {
    if (!ctx.user.admin) {
      throw new AppError(
        'FORBIDDEN',
        'You may not read bookmarks: they need an administrator role.',
      );
    }
    return ctx.db.query<Bookmark>(`SELECT ${COLUMNS} FROM bookmark ORDER BY lower(name)`);
  }),
  create: procedure
    .meta({ needs: onSystem('BOOKMARK_MANAGEMENT') })
    .input(z.object({ name, query }))
    .mutation(({ ctx, input }) => {
      checkQuery(input.query);
      return write(
        ctx.db,
        `INSERT INTO bookmark (name, query) VALUES ($1, $2) RETURNING ${COLUMNS}`,
        [input.name, input.query],
        input.name,
      );
    }),
  update: procedure
    .meta({ needs: onSystem('BOOKMARK_MANAGEMENT') })
    .input(z.object({ id, name: name.optional(), query: query.optional() }))
    .mutation(({ ctx, input }) => {
      if (input.query !== undefined) checkQuery(input.query);
      return write(
        ctx.db,
        `UPDATE bookmark SET name = COALESCE($2, name), query = COALESCE($3, query)
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [input.id, input.name ?? null, input.query ?? null],
        input.name,
      );
    }),
  remove: procedure
    .meta({ needs: onSystem('BOOKMARK_MANAGEMENT') })
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const rows = await ctx.db.query('DELETE FROM bookmark WHERE id = $1 RETURNING id', [
        input.id,
      ]);
      if (rows.length === 0) throw notFound('Bookmark', input.id);
      return { id: input.id };
    }),
});
