// Users main tab's commands (docs/identity.md, "Roles and permissions"): local
// (internal) accounts made, given a new password, unlocked and removed by who holds
// MANIPULATE_USERS on System; and the user picker of Add Permission, which any signed-in
// user may search (a VM's owner shares it with colleagues).
import {
  INTERNAL_DOMAIN,
  userCreateInput,
  userIdInput,
  userSetPasswordInput,
} from '@corral/shared';
import { z } from 'zod';
import { recordEvent } from '../../engine/audit.js';
import { AppError, isUniqueViolation, notFound } from '../../engine/errors.js';
import { hashPassword } from '../../identity/passwords.js';
import type { Db } from '../../store/index.js';
import { likePattern } from '../../search/index.js';
import type { Context } from '../context.js';
import { onSystem, procedure, router } from '../trpc.js';

export interface Account {
  id: string;
  login: string;
  isGroup: boolean;
  domain: string;
}

async function account(db: Db, userId: string): Promise<Account> {
  const [row] = await db.query<Account>(
    `SELECT id, username || '@' || domain AS login, is_group AS "isGroup", domain
       FROM app_user WHERE id = $1`,
    [userId],
  );
  if (!row) throw notFound('User', userId);
  return row;
}

/** A local account: groups and directory users have no password here. */
async function localAccount(db: Db, userId: string): Promise<Account> {
  const a = await account(db, userId);
  if (a.isGroup || a.domain !== INTERNAL_DOMAIN) {
    throw new AppError(
      'RULE_VIOLATION',
      `${a.login} is not a local account: only ${INTERNAL_DOMAIN} users have a password here.`,
      'userId',
    );
  }
  return a;
}

function changed(
  ctx: Context & { user: { login: string } },
  ids: string[],
  op: 'upsert' | 'remove',
) {
  ctx.engine.feed.publish([{ object: 'user', ids, op }]);
}

export const userRouter = router({
  create: procedure
    .meta({ needs: onSystem('MANIPULATE_USERS') })
    .input(userCreateInput)
    .mutation(async ({ ctx, input }) => {
      const hash = await hashPassword(input.password);
      let id: string;
      try {
        const [row] = await ctx.db.query<{ id: string }>(
          `INSERT INTO app_user (username, domain, first_name, last_name, email, password_hash, vm_quota)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            input.username,
            INTERNAL_DOMAIN,
            input.firstName,
            input.lastName,
            input.email,
            hash,
            input.vmQuota,
          ],
        );
        id = row!.id;
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new AppError(
            'CONFLICT',
            `A user named ${input.username}@${INTERNAL_DOMAIN} already exists.`,
            'username',
          );
        }
        throw err;
      }
      await recordEvent(ctx.db, ctx.engine.feed, {
        code: 'USER_ADDED',
        message: `User ${input.username}@${INTERNAL_DOMAIN} was added by ${ctx.user.login}.`,
        userName: ctx.user.login,
        userId: id,
      });
      changed(ctx, [id], 'upsert');
      return { id };
    }),

  /** A new password; the account's failed attempts and lock are cleared, its sessions end. */
  setPassword: procedure
    .meta({ needs: onSystem('MANIPULATE_USERS') })
    .input(userSetPasswordInput)
    .mutation(async ({ ctx, input }) => {
      const a = await localAccount(ctx.db, input.userId);
      const hash = await hashPassword(input.password);
      await ctx.db.query(
        `UPDATE app_user SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1`,
        [a.id, hash],
      );
      await ctx.db.query('DELETE FROM user_session WHERE user_id = $1', [a.id]);
      await recordEvent(ctx.db, ctx.engine.feed, {
        code: 'USER_PASSWORD_SET',
        message: `The password of ${a.login} was set by ${ctx.user.login}.`,
        userName: ctx.user.login,
        userId: a.id,
      });
      changed(ctx, [a.id], 'upsert');
      return { id: a.id };
    }),

  /** Clears a lock-out after repeated failed logins. */
  unlock: procedure
    .meta({ needs: onSystem('MANIPULATE_USERS') })
    .input(userIdInput)
    .mutation(async ({ ctx, input }) => {
      const a = await account(ctx.db, input.userId);
      await ctx.db.query(
        'UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1',
        [a.id],
      );
      await recordEvent(ctx.db, ctx.engine.feed, {
        code: 'USER_UNLOCKED',
        message: `${a.login} was unlocked by ${ctx.user.login}.`,
        userName: ctx.user.login,
        userId: a.id,
      });
      changed(ctx, [a.id], 'upsert');
      return { id: a.id };
    }),

  /** Removes a user or group with its permissions and sessions; never the caller. */
  remove: procedure
    .meta({ needs: onSystem('MANIPULATE_USERS') })
    .input(userIdInput)
    .mutation(async ({ ctx, input }) => {
      const a = await account(ctx.db, input.userId);
      if (a.id === ctx.user.userId) {
        throw new AppError('RULE_VIOLATION', 'You cannot remove your own account.', 'userId');
      }
      await ctx.db.query('DELETE FROM app_user WHERE id = $1', [a.id]);
      await recordEvent(ctx.db, ctx.engine.feed, {
        code: 'USER_REMOVED',
        message: `${a.isGroup ? 'Group' : 'User'} ${a.login} was removed by ${ctx.user.login}.`,
        userName: ctx.user.login,
        userId: a.id,
      });
      changed(ctx, [a.id], 'remove');
      return { id: a.id };
    }),

  /** Users and groups to grant a role to, by name (login, first or last name), at most 20. */
  pickable: procedure
    .meta({ checkedInside: 'any signed-in user may pick whom to share with; names only' })
    .input(z.object({ search: z.string().trim().max(100).default('') }))
    .query(({ ctx, input }) =>
      ctx.db.query<{ id: string; login: string; name: string; isGroup: boolean }>(
        `SELECT id, username || '@' || domain AS login,
                trim(first_name || ' ' || last_name) AS name, is_group AS "isGroup"
           FROM app_user
          WHERE NOT disabled
            AND ($1 = '' OR lower(username || '@' || domain) LIKE $2
                 OR lower(first_name || ' ' || last_name) LIKE $2)
          ORDER BY is_group, lower(username), domain LIMIT 20`,
        [input.search, `%${likePattern(input.search.toLowerCase())}%`],
      ),
    ),
});
