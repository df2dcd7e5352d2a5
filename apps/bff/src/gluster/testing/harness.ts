// The engine harness with gluster: the simulated twin on the harness's simulated hosts
// (answering as the sim host driver says), a Gluster cluster of three Up hosts, and
// helpers to wait for jobs and to compare everything a refusal must leave alone.
import { engineHarness, type EngineHarness } from '../../engine/testing/engine.js';
import { buildFleet, type TestFleet } from '../../engine/testing/fleet.js';
import type { EngineDeps } from '../../engine/deps.js';
import type { StoreBackend } from '../../store/testing/index.js';
import { GlusterRegistry } from '../registry.js';
import { SimGlusterDriver, simHostAnswering, type SimGlusterOptions } from '../sim.js';

export interface GlusterHarness extends EngineHarness {
  readonly gluster: SimGlusterDriver;
  readonly deps: EngineDeps & { gluster: GlusterRegistry };
  readonly fleet: TestFleet;
}

export async function glusterHarness(
  backend: StoreBackend,
  options: {
    hosts?: number;
    migrationMs?: number;
    beforeCall?: SimGlusterOptions['beforeCall'];
  } = {},
): Promise<GlusterHarness> {
  const h = await engineHarness(backend);
  const gluster = new SimGlusterDriver({
    migrationMs: options.migrationMs ?? 300,
    unreachableMs: 200,
    answering: simHostAnswering(h.deps.hosts),
    ...(options.beforeCall ? { beforeCall: options.beforeCall } : {}),
  });
  const registry = new GlusterRegistry({ sim: gluster });
  const fleet = await buildFleet(h.db, {
    name: 'Gl',
    hosts: Array.from({ length: options.hosts ?? 3 }, (_, i) => ({ name: `gl-${i + 1}` })),
  });
  await h.db.query(`UPDATE cluster SET gluster_service = true WHERE id = $1`, [fleet.clusterId]);
  // Met once, so a snapshot taken later sees every host's pool as it stands.
  const hosts = await h.db.query<{ id: string; name: string; address: string; driver: string }>(
    `SELECT id, name, address, driver FROM host WHERE cluster_id = $1`,
    [fleet.clusterId],
  );
  for (const host of hosts) await registry.get(host);
  return { ...h, gluster, fleet, deps: { ...h.deps, gluster: registry } };
}

/** Everything of gluster a refusal must leave as it was: the store's rows and the twin's pools. */
export async function glusterSnapshot(h: GlusterHarness): Promise<unknown> {
  const volumes = await h.db.query(
    `SELECT id, name, status, volume_type, replica_count, options, operation, task FROM gluster_volume ORDER BY name`,
  );
  const bricks = await h.db.query(
    `SELECT id, volume_id, host_id, directory, position, status FROM gluster_brick ORDER BY volume_id, position`,
  );
  const jobs = await h.db.query(`SELECT COUNT(*)::int AS n FROM job`);
  const events = await h.db.query(`SELECT COUNT(*)::int AS n FROM audit_event`);
  return {
    volumes,
    bricks,
    jobs,
    events,
    gluster: h.fleet.hosts.map((x) => ({
      pool: h.gluster.poolOf(x.id),
      volumes: h.gluster.volumesOf(x.id),
    })),
  };
}

/**
 * Holds the first gluster call of `command` (as the twin names it: `gluster volume info`)
 * after it is armed until released: a slow glusterd, so a test can run a command while
 * a monitor cycle waits on gluster.
 */
export class CallGate {
  private armed: string | undefined;
  private reachedNow: () => void = () => undefined;
  private releaseNow: () => void = () => undefined;
  /** Resolves when the held call has arrived. */
  reached: Promise<void> = Promise.resolve();

  /** The twin's `beforeCall` hook. */
  readonly hook = async (_hostId: string, command: string): Promise<void> => {
    if (this.armed !== command) return;
    this.armed = undefined;
    const released = new Promise<void>((r) => (this.releaseNow = r));
    this.reachedNow();
    await released;
  };

  arm(command: string): void {
    this.armed = command;
    this.reached = new Promise<void>((r) => (this.reachedNow = r));
  }

  release(): void {
    this.releaseNow();
  }
}
