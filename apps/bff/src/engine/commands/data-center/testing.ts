// What the data center, cluster and storage store tests share: the API as the portal
// calls it, and refusals / bad input as the portal receives them.
import { TRPCError } from '@trpc/server';
import assert from 'node:assert/strict';
import type { Db } from '../../../store/index.js';
import { createCaller } from '../../../trpc/router.js';
import type { EngineHarness } from '../../testing/engine.js';
import { superUser, type Principal } from '../../../identity/principal.js';

export type Api = ReturnType<typeof createCaller>;

/** The rows the data center and cluster commands write, and the audit log's length. */
export async function inventoryOf(db: Db): Promise<Record<string, unknown>> {
  const q = (sql: string) => db.query(sql);
  return {
    dataCenters: await q(
      `SELECT id, name, description, status, storage_mode, compat_version, quota_mode FROM data_center ORDER BY id`,
    ),
    clusters: await q(
      `SELECT id, name, data_center_id, cpu_type, compat_version, virt_service, gluster_service,
              mem_overcommit, migration_policy FROM cluster ORDER BY id`,
    ),
    networks: await q(`SELECT id, name, data_center_id FROM network ORDER BY id`),
    clusterNetworks: await q(`SELECT cluster_id, network_id FROM cluster_network ORDER BY 1, 2`),
    domains: await q(
      `SELECT id, name, status, data_center_id, is_master, target FROM storage_domain ORDER BY id`,
    ),
    events: (await q(`SELECT COUNT(*)::int AS n FROM audit_event`))[0],
    jobs: (await q(`SELECT COUNT(*)::int AS n FROM job`))[0],
  };
}

/** A refusal as the portal gets it: the tRPC code and `error.data.appError`. */
export async function refused(
  db: Db,
  call: () => Promise<unknown>,
): Promise<{ code: string; message: string; field: string | null }> {
  const before = await inventoryOf(db);
  const err = await call().then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TRPCError, `expected a refusal, got ${String(err)}`);
  assert.equal(err.code, 'PRECONDITION_FAILED', err.message);
  const cause = err.cause as unknown as { message: string; field?: string };
  // Nothing changed.
  assert.deepEqual(await inventoryOf(db), before);
  return { code: err.code, message: cause.message, field: cause.field ?? null };
}

/** Bad input: BAD_REQUEST with zod's messages per field (what the dialog shows). */
export async function badInput(call: () => Promise<unknown>): Promise<Record<string, string[]>> {
  const err = await call().then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TRPCError, `expected bad input, got ${String(err)}`);
  assert.equal(err.code, 'BAD_REQUEST', err.message);
  const issues = err.cause as unknown as {
    issues: { path: PropertyKey[]; message: string }[];
  };
  const out: Record<string, string[]> = {};
  for (const i of issues.issues) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

/** The engine's procedures as `user` (default: a superuser no row stands for). */
export function apiOf(h: EngineHarness, user: Principal = superUser()): Api {
  const { db: _db, ...engine } = h.deps;
  return createCaller({ db: h.db, user, engine });
}
