// Storage commands on several selected domains: the BFF takes one domain per call.
import { errorMessage } from '../api/errors.js';
import { rowLabel, type ActionRow } from '../actions/actionModel.js';
import type { CommandResult } from '../actions/actionSteps.js';

/**
 * Runs `command` for each row in turn. A refusal does not stop the others: their jobs
 * are followed and the refusal is said with the domain's name. When none went, the
 * refusal is the answer, as for any single command.
 */
export async function eachDomain<R extends ActionRow>(
  rows: readonly R[],
  command: (row: R) => Promise<{ readonly jobIds: readonly string[] }>,
): Promise<CommandResult> {
  const jobIds: string[] = [];
  const refusals: string[] = [];
  const targets: string[] = [];
  for (const row of rows) {
    try {
      jobIds.push(...(await command(row)).jobIds);
      targets.push(rowLabel(row));
    } catch (err) {
      refusals.push(rows.length > 1 ? `${rowLabel(row)}: ${errorMessage(err)}` : errorMessage(err));
    }
  }
  if (jobIds.length === 0 && refusals.length > 0) throw new Error(refusals.join(' '));
  return { jobIds, targets, refusals };
}
