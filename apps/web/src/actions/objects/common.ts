// The buttons most tabs share (New, Edit, Remove) and how their toasts are worded, so
// each object says only what is its own. Imports no object module: actionModel imports
// every object, and the objects import this.
import type { ActionDef, ActionSubject, ActionWording } from '../actionModel.js';

/** New: a plus button that opens the object's dialog, with nothing selected. */
export const NEW_DEF = {
  name: 'new',
  label: 'New',
  group: 0,
  arity: 'none',
  dialog: true,
  icon: 'plus',
} as const satisfies ActionDef;

/** Edit: one selected row, in the object's dialog. */
export const EDIT_DEF = {
  name: 'edit',
  label: 'Edit',
  group: 0,
  arity: 'one',
  dialog: true,
  icon: 'pencil',
} as const satisfies ActionDef;

/** Remove: asks first, and the Delete key runs it from the grid. */
export const removeDef = <A extends 'one' | 'many'>(arity: A) =>
  ({
    name: 'remove',
    label: 'Remove',
    group: 0,
    arity,
    confirm: true,
    icon: 'trash',
    key: 'Delete',
  }) as const satisfies ActionDef;

/** "<Subject> <target> <what>": the toast of a command on one named row. */
export const doneAs =
  (subject: string, what: string) =>
  (t: ActionSubject): string =>
    `${subject} ${t.target} ${what}`;

/** The toasts of New, Edit and Remove ("Pool p1 created", "Update of p1 failed"). */
export function crudWording(subject: string) {
  return {
    new: { done: doneAs(subject, 'created'), noun: 'Creation' },
    edit: { done: doneAs(subject, 'updated'), noun: 'Update' },
    remove: { done: doneAs(subject, 'removed'), noun: 'Removal' },
  } as const satisfies Record<string, ActionWording>;
}
