import { AppError } from '../errors.js';

/** A rule refusal: nothing changed, the message says why, `field` says where. */
export function refuse(message: string, field?: string): never {
  throw new AppError('RULE_VIOLATION', message, field);
}

/**
 * Refuses a bulk request whole when any object breaks a rule: one message naming every
 * object and its reason, and the reasons by id for the UI.
 */
export function refuseEach(
  what: string,
  objects: readonly { id: string; name: string }[],
  reasons: ReadonlyMap<string, string>,
  field?: string,
): void {
  if (reasons.size === 0) return;
  const named = objects.filter((o) => reasons.has(o.id));
  const only = named.length === 1 && objects.length === 1 ? named[0] : undefined;
  const message = only
    ? reasons.get(only.id)!
    : `Cannot ${what} ${named.length} of ${objects.length}: ` +
      named.map((o) => `${o.name}: ${reasons.get(o.id)}`).join(' ');
  throw new AppError('RULE_VIOLATION', message, field, Object.fromEntries(reasons));
}
