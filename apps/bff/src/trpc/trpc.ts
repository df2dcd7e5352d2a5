import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import type { ActionGroup, ObjectType, SearchError } from '@corral/shared';
import { AppError, type AppErrorCode } from '../engine/errors.js';
import { SearchSyntaxError } from '../search/index.js';
import type { Context } from './context.js';

const TRPC_CODE: Record<AppErrorCode, TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RULE_VIOLATION: 'PRECONDITION_FAILED',
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
  /** The object's id in the input; absent when `on` is System. */
  readonly id?: (input: never) => string | null | undefined;
}

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

export const router = t.router;
export const procedure = t.procedure.use(domainErrors).use(signedIn);
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;
