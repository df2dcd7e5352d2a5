#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { attachConsoleProxy } from './console/index.js';
import { seedDemo } from './demo/index.js';
import { DIRECTORY_DOMAIN } from './demo/catalog.js';
import { DEMO_PASSWORD } from './demo/passwords.js';
import { handleNonResponsiveHost } from './engine/commands/host/fence.js';
import type { EngineDeps } from './engine/deps.js';
import { CliGlusterDriver } from './gluster/cli.js';
import { GlusterMonitor } from './gluster/monitor.js';
import { GlusterRegistry } from './gluster/registry.js';
import { simGlusterInitialFromStore } from './gluster/sim-store.js';
import { SimGlusterDriver, simHostAnswering } from './gluster/sim.js';
import { LibvirtDriver } from './hosts/libvirt/driver.js';
import { ensureLocalHost } from './hosts/local-host.js';
import { HostRegistry } from './hosts/registry.js';
import { SimDriver, simInitialFromStore } from './hosts/sim/index.js';
import { ensureAdmin } from './identity/bootstrap.js';
import { loadIdentityConfig } from './identity/config.js';
import { storeDirectory } from './identity/directory.js';
import { purgeExpiredSessions } from './identity/sessions.js';
import { createFeed } from './live/pg-feed.js';
import { Monitor } from './monitoring/index.js';
import { startPoolKeeper } from './pools/keeper.js';
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

  // Accounts (docs/identity.md): built-in roles, and admin@internal with a password. A
  // first run without the demo prints the new admin password once.
  const identity = loadIdentityConfig();
  const demo = config.CORRAL_DEMO === 'on';
  await ensureAdmin(db, { demo, adminPassword: identity.adminPassword });
  if (demo)
    console.log(
      `corral: sign in as admin (or a demo user such as jsmith@${DIRECTORY_DOMAIN}) with password ${DEMO_PASSWORD}`,
    );
  // In demo mode the demo's directory accounts sign in against the store, standing in
  // for its LDAP server.
  const directories = [storeDirectory(db), ...(demo ? [storeDirectory(db, DIRECTORY_DOMAIN)] : [])];
  const purge = setInterval(() => {
    purgeExpiredSessions(db, identity).catch((err: unknown) => {
      console.error('corral: purging expired sessions:', err);
    });
  }, 3_600_000);
  purge.unref();

  // With a PostgreSQL server the feed fans out through LISTEN/NOTIFY to every replica.
  const feed = await createFeed({ databaseUrl: config.DATABASE_URL });
  const hosts = new HostRegistry({
    sim: new SimDriver({ initial: simInitialFromStore(db) }),
    libvirt: new LibvirtDriver({ accel: config.CORRAL_LIBVIRT_ACCEL }),
  });
  const imagesDir = config.imagesDir;
  mkdirSync(imagesDir, { recursive: true, mode: 0o755 });
  // gluster on the hosts: the CLI on libvirt hosts, the twin on simulated ones.
  const gluster = new GlusterRegistry({
    sim: new SimGlusterDriver({
      initial: simGlusterInitialFromStore(db),
      answering: simHostAnswering(hosts),
    }),
    libvirt: new CliGlusterDriver(),
  });
  const engine: EngineDeps = { db, feed, hosts, gluster, imagesDir };

  const monitor = new Monitor({
    db,
    feed,
    hosts,
    intervalMs: config.CORRAL_MONITOR_INTERVAL_MS,
    onHostNonResponsive: (hostId) => handleNonResponsiveHost(engine, hostId).then(() => undefined),
  });
  await monitor.start();
  const glusterMonitor = new GlusterMonitor({
    db,
    feed,
    gluster,
    intervalMs: config.CORRAL_MONITOR_INTERVAL_MS,
  });
  glusterMonitor.start();

  if (config.CORRAL_LOCAL_HOST === 'on') {
    console.log(`corral: ${await ensureLocalHost(engine)}`);
  }
  // Pools: prestarted VMs kept running, stopped VMs back to their pool, stateless resets.
  const poolKeeper = startPoolKeeper(engine);

  const app = createApp({
    db,
    webDir: config.CORRAL_WEB_DIR,
    engine,
    monitor,
    identity,
    directories,
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    console.log(`corral: admin portal on http://localhost:${config.PORT}`);
  });
  const consoles = attachConsoleProxy(server, { db, feed });

  const stop = () => {
    clearInterval(purge);
    server.close();
    void consoles
      .close()
      .then(() => poolKeeper.stop())
      .then(() => glusterMonitor.stop())
      .then(() => monitor.stop())
      .then(() => hosts.close())
      .then(() => feed.close())
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
