#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { seedDemo } from './demo/index.js';
import { openStore } from './store/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) mkdirSync(config.CORRAL_DATA_DIR, { recursive: true });
  const db = await openStore(
    config.DATABASE_URL
      ? { databaseUrl: config.DATABASE_URL }
      : { dataDir: path.join(config.CORRAL_DATA_DIR, 'store') },
  );
  const where = config.DATABASE_URL
    ? 'PostgreSQL (DATABASE_URL)'
    : `PGlite in ${config.CORRAL_DATA_DIR}`;
  console.log(`corral: store ready: ${where}`);

  if (config.CORRAL_DEMO === 'on') {
    const seeded = await seedDemo(db, {
      seed: config.CORRAL_DEMO_SEED,
      size: config.CORRAL_DEMO_SIZE,
      now: new Date(),
    });
    console.log(`corral: demo data center: ${seeded.summary}`);
  }

  const app = createApp({ db, webDir: config.CORRAL_WEB_DIR });
  const server = app.listen(config.PORT, config.HOST, () => {
    console.log(`corral: admin portal on http://localhost:${config.PORT}`);
  });

  const stop = () => {
    server.close();
    void db.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
