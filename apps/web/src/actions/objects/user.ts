// The Users tab's actions: New (a local account), Set Password, Unlock, Remove, and
// how the toasts word their outcome. The commands change only the store and answer at
// once. Only internal accounts get a password here (not a group, not an account of
// another domain): the row says so before the server has to.
import { INTERNAL_DOMAIN } from '@corral/shared';
import type { ActionDef, ActionObjectSpec, RowVerdicts } from '../actionModel.js';
import { NEW_DEF, crudWording, doneAs, removeDef } from './common.js';

export type UserActionName = 'new' | 'setPassword' | 'unlock' | 'remove';

export const USER_ACTION_DEFS: readonly (ActionDef & { name: UserActionName })[] = [
  NEW_DEF,
  removeDef('one'),
  { name: 'setPassword', label: 'Set Password', group: 1, arity: 'one', dialog: true },
  { name: 'unlock', label: 'Unlock', group: 1, arity: 'one', confirm: true },
];

export const USER_ACTIONS = ['setPassword', 'unlock', 'remove'] as const;

/** What the row itself rules out: a password for a group or a directory's account. */
export function userVerdicts(row: Record<string, unknown>): RowVerdicts {
  const group = row.group === true;
  const domain = typeof row.domain === 'string' ? row.domain : INTERNAL_DOMAIN;
  const local = !group && domain === INTERNAL_DOMAIN;
  const noPassword = group
    ? 'A group has no password.'
    : `Only ${INTERNAL_DOMAIN} accounts get a password here; this one is of ${domain}.`;
  return {
    setPassword: local ? { allowed: true } : { allowed: false, reason: noPassword },
    unlock: local ? { allowed: true } : { allowed: false, reason: noPassword },
    remove: { allowed: true },
  };
}

const words = crudWording('User');

export const USER_ACTIONS_SPEC: ActionObjectSpec = {
  defs: USER_ACTION_DEFS,
  noun: { one: 'user', many: 'users' },
  rules: USER_ACTIONS,
  clientVerdicts: userVerdicts,
  wording: {
    new: words.new,
    setPassword: { done: (t) => `Password of ${t.target} set`, noun: 'Setting the password' },
    unlock: { done: doneAs('User', 'unlocked'), noun: 'Unlocking' },
    remove: words.remove,
  },
};
