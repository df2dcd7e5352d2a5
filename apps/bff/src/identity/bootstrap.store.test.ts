// First run and every run after: roles in step with @corral/shared, admin@internal with
// SuperUser on System and a password made (and printed) once; in demo mode the
// documented demo password for admin and the named demo users.
import { ROLE_SPECS } from '@corral/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/index.js';
import { DIRECTORY_DOMAIN } from '../demo/catalog.js';
import { DEMO_PASSWORD, demoNamedUsernames } from '../demo/passwords.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { ensureAdmin, ensureRoles } from './bootstrap.js';
import { storeDirectory } from './directory.js';
import { verifyPassword } from './passwords.js';
import { TEST_COST } from './testing.js';

describe.each(STORE_BACKENDS)('identity bootstrap on %s', (backend) => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestStore(backend);
  });
  afterEach(async () => {
    await db.close();
  });

  const adminRow = async () =>
    (
      await db.query<{ id: string; password_hash: string | null }>(
        `SELECT id, password_hash FROM app_user WHERE username = 'admin' AND domain = 'internal'`,
      )
    )[0];
  const superUserOnSystem = (userId: string) =>
    db.query(
      `SELECT 1 FROM permission p JOIN role r ON r.id = p.role_id
        WHERE p.user_id = $1 AND r.name = 'SuperUser' AND p.object_type = 'System'
          AND p.object_id IS NULL`,
      [userId],
    );

  it('makes admin with SuperUser on System and a random password, printed once; the next runs change nothing', async () => {
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    const first = await ensureAdmin(db, { demo: false, log, cost: TEST_COST });
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(lines).toEqual([`corral: sign in as admin with password ${first.password}`]);
    const row = await adminRow();
    expect(row!.id).toBe(first.userId);
    expect(await verifyPassword(first.password!, row!.password_hash!)).toBe(true);
    expect(await superUserOnSystem(first.userId)).toHaveLength(1);

    for (let i = 0; i < 2; i++) {
      const again = await ensureAdmin(db, { demo: false, log, cost: TEST_COST });
      expect(again).toEqual({ userId: first.userId, password: undefined });
    }
    expect(lines).toHaveLength(1);
    expect((await adminRow())!.password_hash).toBe(row!.password_hash);
    expect(await superUserOnSystem(first.userId)).toHaveLength(1);
    const [users] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM app_user WHERE username = 'admin'`,
    );
    expect(users!.n).toBe(1);
    // The sign-in path accepts it.
    expect(await storeDirectory(db).authenticate('admin', first.password!)).toEqual({
      ok: true,
      userId: first.userId,
    });
  });

  it('takes CORRAL_ADMIN_PASSWORD at first run instead of a random one', async () => {
    const lines: string[] = [];
    const r = await ensureAdmin(db, {
      demo: false,
      adminPassword: 'chosen-by-operator',
      log: (l) => lines.push(l),
      cost: TEST_COST,
    });
    expect(r.password).toBe('chosen-by-operator');
    expect(lines).toEqual(['corral: sign in as admin with password chosen-by-operator']);
    expect(await verifyPassword('chosen-by-operator', (await adminRow())!.password_hash!)).toBe(
      true,
    );
  });

  it('keeps the built-in roles in step with @corral/shared by name', async () => {
    await ensureRoles(db);
    await ensureRoles(db);
    const roles = await db.query<{ name: string; is_admin: boolean; action_groups: string[] }>(
      'SELECT name, is_admin, action_groups FROM role ORDER BY name',
    );
    expect(roles.map((r) => r.name)).toEqual(ROLE_SPECS.map((r) => r.name).sort());
    await db.query(
      `UPDATE role SET is_admin = NOT is_admin, action_groups = '{}' WHERE name = 'SuperUser'`,
    );
    await db.query(`INSERT INTO role (name) VALUES ('LocalCustomRole')`);
    await ensureRoles(db);
    const [superUser] = await db.query<{ is_admin: boolean; action_groups: string[] }>(
      `SELECT is_admin, action_groups FROM role WHERE name = 'SuperUser'`,
    );
    const spec = ROLE_SPECS.find((r) => r.name === 'SuperUser')!;
    expect(superUser).toEqual({ is_admin: spec.isAdmin, action_groups: [...spec.actionGroups] });
    // A role of the installation's own is left alone.
    expect(await db.query(`SELECT 1 FROM role WHERE name = 'LocalCustomRole'`)).toHaveLength(1);
  });

  it('in demo mode gives admin and the named demo users the demo password (one hash), not the groups; prints nothing', async () => {
    await seedDemo(db, { seed: 7, size: 'small', now: new Date('2026-11-01T12:00:00Z') });
    const lines: string[] = [];
    const r = await ensureAdmin(db, { demo: true, log: (l) => lines.push(l), cost: TEST_COST });
    expect(r.password).toBe(DEMO_PASSWORD);
    expect(lines).toEqual([]);
    const admin = await adminRow();
    expect(await verifyPassword(DEMO_PASSWORD, admin!.password_hash!)).toBe(true);
    expect(await superUserOnSystem(admin!.id)).toHaveLength(1);

    const named = await db.query<{ username: string; password_hash: string | null }>(
      `SELECT username, password_hash FROM app_user WHERE domain = $1 AND NOT is_group`,
      [DIRECTORY_DOMAIN],
    );
    expect(named.map((u) => u.username).sort()).toEqual(demoNamedUsernames().sort());
    expect(new Set(named.map((u) => u.password_hash))).toEqual(new Set([admin!.password_hash]));
    const groups = await db.query(
      `SELECT 1 FROM app_user WHERE is_group AND password_hash IS NOT NULL`,
    );
    expect(groups).toEqual([]);
    const directory = storeDirectory(db, DIRECTORY_DOMAIN);
    expect(await directory.authenticate('jsmith', DEMO_PASSWORD)).toMatchObject({ ok: true });
    expect(await directory.authenticate('jsmith', 'not-it')).toMatchObject({
      ok: false,
      reason: 'wrong-password',
    });
    expect(await directory.authenticate('vdi-users', DEMO_PASSWORD)).toEqual({
      ok: false,
      reason: 'unknown',
    });

    // A password changed later stays.
    await db.query(`UPDATE app_user SET password_hash = 'changed' WHERE username = 'jsmith'`);
    expect(await ensureAdmin(db, { demo: true, cost: TEST_COST })).toEqual({
      userId: admin!.id,
      password: undefined,
    });
    const [jsmith] = await db.query<{ password_hash: string }>(
      `SELECT password_hash FROM app_user WHERE username = 'jsmith'`,
    );
    expect(jsmith!.password_hash).toBe('changed');
  });
});
