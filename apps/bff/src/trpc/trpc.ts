import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import type { ActionGroup, ObjectType, SearchError } from '@corral/shared';
import { AppError, type AppErrorCode } from '../engine/errors.js';
import { requireGroup, verbOf } from '../identity/authz.js';
import { SearchSyntaxError } from '../search/index.js';
import type { Context } from './context.js';

const TRPC_CODE: Record<AppErrorCode, TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RULE_VIOLATION: 'PRECONDITION_FAILED',
  FORBIDDEN: 'FORBIDDEN',
};

/**
 * Errors reach the UI in `error.data`, in one of three shapes it knows how to place:
 * `zodError` (input validation, per field), `searchError` (query position and what
 * was expected) and `appError` (a rule refusal, with its field when it has one).
 */
/**
 * What a procedure needs of the signed-in user: an action group on the object its input
 * names (a permission there or on anything above it), or on System when `id` is absent.
 */
export interface Needs {
  readonly group: ActionGroup;
  readonly on: ObjectType;
  /**
   * The object's id (or ids, all checked) in the raw input; absent when `on` is System.
   * Null or undefined checks the group on System (an optional parent left empty).
   */
  readonly id?: (input: never) => string | readonly string[] | null | undefined;
  /** How a refusal names the request ("start"); the procedure's name by default. */
  readonly verb?: string;
  /** The object is optional in the input: when `id` yields nothing, there is nothing to check. */
  readonly optional?: boolean;
}

/** `needs` on each of the input's `ids` (bulk commands). */
export const onIds = (group: ActionGroup, on: ObjectType): Needs => ({
  group,
  on,
  id: (i: { ids: string[] }) => i.ids,
});
/** `needs` on the input's `id`. */
export const onId = (group: ActionGroup, on: ObjectType): Needs => ({
  group,
  on,
  id: (i: { id: string }) => i.id,
});
/** `needs` on System. */
export const onSystem = (group: ActionGroup): Needs => ({ group, on: 'System' });

export interface ProcedureMeta {
  /** Checked before the procedure runs; every mutation declares this or `checkedInside`. */
  readonly needs?: Needs | readonly Needs[];
  /** Why the procedure checks for itself (visibility-filtered reads, own-session calls). */
  readonly checkedInside?: string;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Stack traces stay in the server's log; clients get the shapes below.
    isDev: false,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
          searchError:
            cause instanceof SearchSyntaxError ? (cause.error satisfies SearchError) : null,
          appError:
            cause instanceof AppError
              ? { code: cause.code, message: cause.message, field: cause.field ?? null }
              : null,
        },
      };
    },
  });

/** Turns domain errors thrown below a procedure into tRPC errors with the right code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
    }
    if (cause instanceof SearchSyntaxError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
  }
  return result;
});

/** Every procedure needs a signed-in user; the session itself is checked in express. */
const signedIn = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** The ids a `needs` names in the raw input, or 'malformed' when they are not strings. */
function neededIds(need: Needs, input: unknown): readonly string[] | null | 'malformed' {
  if (!need.id) return null;
  let value: unknown;
  try {
    value = (need.id as (i: unknown) => unknown)(input ?? {});
  } catch {
    return 'malformed';
  }
  if (value === null || value === undefined) return null;
  const ids = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(ids) || !ids.every((x): x is string => typeof x === 'string')) {
    return 'malformed';
  }
  return ids;
}

/**
 * Enforces the procedure's meta before it runs: each `needs` checked with the
 * permission store (NOT_FOUND for what the user cannot see, FORBIDDEN for what they see
 * but may not do); `checkedInside` procedures check for themselves. A procedure that
 * declares neither is refused outright: fail closed.
 */
const authorized = t.middleware(async ({ ctx, meta, path, getRawInput, next }) => {
  const user = ctx.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (meta?.checkedInside) return next();
  if (!meta?.needs) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `${path} declares no permission check, so nobody may call it.`,
    });
  }
  const needs: readonly Needs[] = Array.isArray(meta.needs)
    ? (meta.needs as readonly Needs[])
    : [meta.needs as Needs];
  const unchecked = needs.filter((n) => !user.systemGroups.has(n.group));
  if (unchecked.length > 0) {
    const input = await getRawInput();
    for (const need of unchecked) {
      const ids = neededIds(need, input);
      if (ids === null && need.optional) continue;
      // Fail closed: an input whose ids cannot be read is refused before anything runs.
      if (ids === 'malformed') {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'The request names no valid object.' });
      }
      const verb = need.verb ?? verbOf(path.split('.').pop() ?? path);
      await requireGroup(ctx.db, user, need.group, ids ? need.on : 'System', ids, verb);
    }
  }
  return next();
});

export const router = t.router;
/** Every procedure: signed in, then its meta's permission check, then its own input and code. */
export const procedure = t.procedure.use(domainErrors).use(signedIn).use(authorized);
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;
