import { existsSync } from 'node:fs';
import path from 'node:path';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { loadConfig } from './config.js';
import type { EngineServices } from './engine/deps.js';
import type { VmUsageSource } from './monitoring/index.js';
import { HostRegistry } from './hosts/registry.js';
import { searchApi } from './http/search-api.js';
import { uploadApi } from './http/upload.js';
import { localFeed } from './live/feed.js';
import type { Db } from './store/index.js';
import { loadIdentityConfig, type IdentityConfig } from './identity/config.js';
import { storeDirectory, type DirectoryProvider } from './identity/directory.js';
import { identityHttp } from './identity/http.js';
import { principalOf } from './identity/request.js';
import { appRouter } from './trpc/router.js';

export interface AppOptions {
  db: Db;
  /** The built SPA (apps/web/dist); served with a fallback to index.html for deep links. */
  webDir?: string | undefined;
  /**
   * The engine's change feed, host registry (with its drivers) and images directory.
   * Without it the BFF has no host drivers: commands that reach a host are refused.
   */
  engine?: EngineServices | undefined;
  /** The monitor, whose memory holds the VMs' usage history for the charts. */
  monitor?: VmUsageSource | undefined;
  /** Session and login settings; from the environment when not given. */
  identity?: IdentityConfig | undefined;
  /**
   * Who checks passwords, one provider per login domain; the internal accounts' when not
   * given (main adds the demo's directory domain in demo mode).
   */
  directories?: readonly DirectoryProvider[] | undefined;
}

/** An engine that can reach no host (search-only uses, benchmarks). */
export function hostlessEngine(): EngineServices {
  return {
    feed: localFeed(),
    hosts: new HostRegistry({}),
    imagesDir: loadConfig().imagesDir,
  };
}

export function createApp({
  db,
  webDir,
  engine,
  monitor,
  identity,
  directories,
}: AppOptions): express.Express {
  const app = express();
  const services = engine ?? hostlessEngine();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Sessions (docs/identity.md): the cookie becomes the request's principal, then
  // state-changing requests of a session must carry its CSRF token.
  const identityConfig = identity ?? loadIdentityConfig();
  // The client address (login rate limit, audit) and https (Secure cookie) as a trusted
  // reverse proxy reports them.
  if (identityConfig.trustProxy !== undefined) app.set('trust proxy', identityConfig.trustProxy);
  const auth = identityHttp({
    db,
    feed: services.feed,
    config: identityConfig,
    providers: directories ?? [storeDirectory(db)],
  });
  app.use(['/trpc', '/api', '/auth'], auth.session);
  app.use(['/trpc', '/api', '/auth/logout'], auth.csrf);
  app.use('/auth', auth.router);
  app.use('/api/v1', searchApi(db));
  app.use('/api/v1', uploadApi());
  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req }) => ({
        db,
        user: principalOf(req),
        engine: services,
        vmUsage: monitor,
      }),
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
