// `vm.actions` / `host.actions` answer per row id with a verdict per action; the
// toolbar looks them up by row.
import type { RowVerdicts } from './actionModel.js';

export function serverVerdictsOf(
  answer: Readonly<Record<string, RowVerdicts>> | undefined,
): ReadonlyMap<string, RowVerdicts> {
  return new Map(answer ? Object.entries(answer) : []);
}
