// Inputs of the identity procedures and the login form, shared by the SPA and the BFF.
import { z } from 'zod';
import { OBJECT_TYPES } from '../domain/status.js';

export const IDENTITY_LIMITS = {
  usernameMax: 64,
  passwordMin: 8,
  passwordMax: 256,
  nameMax: 80,
} as const;

/** The domain (profile) of accounts kept in Corral's own store. */
export const INTERNAL_DOMAIN = 'internal';

/**
 * `name` (an internal account) or `name@domain`. The login form has one field, as
 * oVirt's has a user name plus a profile list; a domain not configured is refused.
 */
export const loginName = z
  .string()
  .trim()
  .min(1, 'Enter your user name.')
  .max(
    IDENTITY_LIMITS.usernameMax + 1 + 255,
    'A user name is at most 64 characters, plus @domain.',
  );

export const password = z
  .string()
  .min(
    IDENTITY_LIMITS.passwordMin,
    `A password has at least ${IDENTITY_LIMITS.passwordMin} characters.`,
  )
  .max(
    IDENTITY_LIMITS.passwordMax,
    `A password is at most ${IDENTITY_LIMITS.passwordMax} characters.`,
  );

export const loginInput = z.object({
  username: loginName,
  // No length rule at login: a wrong password is a wrong password, whatever its length.
  password: z.string().min(1, 'Enter your password.').max(IDENTITY_LIMITS.passwordMax),
});
export type LoginInput = z.infer<typeof loginInput>;

/** `user@domain` split; a bare name is an internal account. */
export function splitLogin(login: string): { username: string; domain: string } {
  const at = login.lastIndexOf('@');
  if (at <= 0) return { username: login, domain: INTERNAL_DOMAIN };
  return { username: login.slice(0, at), domain: login.slice(at + 1) };
}

export const username = z
  .string()
  .trim()
  .min(1, 'A user needs a user name.')
  .max(
    IDENTITY_LIMITS.usernameMax,
    `A user name is at most ${IDENTITY_LIMITS.usernameMax} characters.`,
  )
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "A user name may contain only lower-case letters, digits, '.', '-' and '_'.",
  );

const personName = z.string().trim().max(IDENTITY_LIMITS.nameMax);

/** New local (internal) user, as Users → Add does for the internal profile. */
export const userCreateInput = z.object({
  username,
  firstName: personName.default(''),
  lastName: personName.default(''),
  email: z
    .union([z.literal(''), z.email('Enter an e-mail address or leave it empty.')])
    .default(''),
  password,
  /** VMs the user may create and own (power users' quota). */
  vmQuota: z.number().int().min(0).max(1000).default(5),
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userSetPasswordInput = z.object({ userId: z.uuid(), password });
export const userIdInput = z.object({ userId: z.uuid() });

/** The object a permission is on: System has no id, everything else has one. */
export const permissionObject = z.discriminatedUnion('objectType', [
  z.object({ objectType: z.literal('System'), objectId: z.null().default(null) }),
  z.object({
    objectType: z.enum(OBJECT_TYPES.filter((t) => t !== 'System') as [string, ...string[]]),
    objectId: z.uuid(),
  }),
]);

export const permissionAddInput = z
  .object({
    /** A user or a group (app_user row). */
    userId: z.uuid('Choose a user or group.'),
    role: z.string().min(1, 'Choose a role.'),
  })
  .and(permissionObject);
export type PermissionAddInput = z.infer<typeof permissionAddInput>;

export const permissionRemoveInput = z.object({ permissionId: z.uuid() });
