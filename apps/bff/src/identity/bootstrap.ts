// What the BFF makes sure of at every start (docs/identity.md): oVirt's built-in roles
// as @corral/shared defines them, and the admin@internal account with SuperUser on
// System and a password, made and printed once at first run.
import { randomBytes } from 'node:crypto';
import { INTERNAL_DOMAIN, ROLE_SPECS } from '@corral/shared';
import { DEMO_PASSWORD, setDemoPasswords } from '../demo/passwords.js';
import type { Db } from '../store/index.js';
import { hashPassword, type ScryptCost } from './passwords.js';

/** Upserts every built-in role by name, its action groups and admin flag kept in step. */
export async function ensureRoles(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO role (name, description, is_admin, action_groups)
     SELECT r.name, r.description, r.is_admin, r.action_groups
       FROM json_to_recordset($1::json)
         AS r(name text, description text, is_admin boolean, action_groups text[])
     ON CONFLICT (name) DO UPDATE SET
       description = EXCLUDED.description,
       is_admin = EXCLUDED.is_admin,
       action_groups = EXCLUDED.action_groups`,
    [
      JSON.stringify(
        ROLE_SPECS.map((r) => ({
          name: r.name,
          description: r.description,
          is_admin: r.isAdmin,
          action_groups: r.actionGroups,
        })),
      ),
    ],
  );
}

export interface EnsureAdminOptions {
  /** Demo mode: admin and the named demo users get the documented demo password. */
  readonly demo: boolean;
  /** CORRAL_ADMIN_PASSWORD: the first-run password instead of a random one. */
  readonly adminPassword?: string | undefined;
  /** Where the first-run password is told (once). */
  readonly log?: (line: string) => void;
  /** Tests use a cheap scrypt cost. */
  readonly cost?: ScryptCost;
}

export interface EnsureAdminResult {
  readonly userId: string;
  /** The password set now (first run), or undefined when admin had one already. */
  readonly password: string | undefined;
}

/**
 * admin@internal exists, holds SuperUser on System, and has a password. Only a store
 * without an admin password gets one (concurrent replicas: exactly one sets it and
 * prints it); a password changed later is never overwritten.
 */
export async function ensureAdmin(db: Db, options: EnsureAdminOptions): Promise<EnsureAdminResult> {
  await ensureRoles(db);
  await db.query(
    `INSERT INTO app_user (username, domain, first_name) VALUES ('admin', $1, 'admin')
     ON CONFLICT (username, domain) DO NOTHING`,
    [INTERNAL_DOMAIN],
  );
  const [admin] = await db.query<{ id: string; has_password: boolean }>(
    `SELECT id, password_hash IS NOT NULL AS has_password FROM app_user
      WHERE username = 'admin' AND domain = $1`,
    [INTERNAL_DOMAIN],
  );
  const userId = admin!.id;
  await db.query(
    `INSERT INTO permission (user_id, role_id, object_type, object_id)
     SELECT $1, r.id, 'System', NULL FROM role r
      WHERE r.name = 'SuperUser'
        AND NOT EXISTS (SELECT 1 FROM permission p
                         WHERE p.user_id = $1 AND p.role_id = r.id AND p.object_type = 'System')`,
    [userId],
  );

  const demoHash = options.demo ? await hashPassword(DEMO_PASSWORD, options.cost) : undefined;
  if (demoHash) await setDemoPasswords(db, demoHash);
  if (admin!.has_password) return { userId, password: undefined };

  const password = options.demo
    ? DEMO_PASSWORD
    : (options.adminPassword ?? randomBytes(12).toString('base64url'));
  const hash = demoHash ?? (await hashPassword(password, options.cost));
  const set = await db.query(
    `UPDATE app_user SET password_hash = $2 WHERE id = $1 AND password_hash IS NULL RETURNING id`,
    [userId, hash],
  );
  if (set.length === 0) return { userId, password: undefined };
  if (!options.demo)
    (options.log ?? console.log)(`corral: sign in as admin with password ${password}`);
  return { userId, password };
}
