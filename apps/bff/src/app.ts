import { existsSync } from 'node:fs';
import path from 'node:path';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { searchApi } from './http/search-api.js';
import type { Db } from './store/index.js';
import { appRouter } from './trpc/router.js';

export interface AppOptions {
  db: Db;
  /** The built SPA (apps/web/dist); served with a fallback to index.html for deep links. */
  webDir?: string | undefined;
}

export function createApp({ db, webDir }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/api/v1', searchApi(db));
  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: () => ({ db, userName: 'admin@internal' }),
      onError: ({ error, path: procedure }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          console.error(`trpc ${procedure}:`, error.cause ?? error);
      },
    }),
  );

  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    app.use(express.static(webDir, { index: false, maxAge: '1h' }));
    // Every other GET is a deep link into the SPA (tab + query + selection in the URL).
    app.get('/{*path}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(webDir, 'index.html'));
    });
  }

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error(err);
    res.status(500).json({ error: { message: 'Internal error.' } });
  });
  return app;
}
