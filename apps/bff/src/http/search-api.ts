import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireSession } from '../identity/http.js';
import { principalOf } from '../identity/request.js';
import type { Db } from '../store/index.js';
import { runSearch, SearchSyntaxError } from '../search/index.js';

const params = z.object({
  q: z.string().min(1, 'q (the search query) is required.').max(4000),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * `GET /api/v1/search?q=<query>&limit=<n>&offset=<n>` for scripts and curl users: the
 * same compiler as the portal, plain JSON `{ total, rows }`. A bad query is a 400 with
 * the structured error (message, position, expected). Needs a session (401 without),
 * and matches and counts only what its user may see, as the portal's search does.
 */
export function searchApi(db: Db): Router {
  const api = Router();
  api.get('/search', requireSession, async (req: Request, res: Response) => {
    const input = params.safeParse(req.query);
    if (!input.success) {
      res.status(400).json({
        error: {
          message: 'Invalid parameters.',
          fields: z.flattenError(input.error).fieldErrors,
        },
      });
      return;
    }
    try {
      const { q, limit, offset } = input.data;
      const result = await runSearch(db, {
        query: q,
        limit,
        offset,
        principal: principalOf(req) ?? undefined,
      });
      res.json({ object: result.object, total: result.total, rows: result.rows });
    } catch (err) {
      if (err instanceof SearchSyntaxError) {
        res.status(400).json({ error: err.error });
        return;
      }
      throw err;
    }
  });
  return api;
}
