/**
 * A rule refusal or a conflict the user can fix: it carries a stable code and, when
 * it is about one input, the field it belongs to, so the UI shows it there.
 * FORBIDDEN: the user may see the object but lacks the action group the request needs.
 * Everything that is not an AppError (or a zod / search error) is a bug.
 */
export type AppErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'RULE_VIOLATION' | 'FORBIDDEN';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly field?: string,
    /** A bulk request refused whole: why, per object id (VM, host). */
    readonly reasons?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('NOT_FOUND', `${what} ${id} does not exist.`);

/** PostgreSQL's unique_violation, the same code on PGlite and on a server. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
