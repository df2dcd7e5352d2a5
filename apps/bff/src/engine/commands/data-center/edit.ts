// What Edit Data Center and Edit Cluster share: a new name must be free (case-insensitive),
// and the fields given are written to their columns with the update's event, in one
// transaction (a name taken meanwhile is refused on `name`), then the feed hears of it.
import type { AuditEventInput } from '../../audit.js';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';

type Table = 'data_center' | 'cluster';
const FEED = { data_center: 'datacenter', cluster: 'cluster' } as const;

/** Refuses (on `name`) a rename to a name another row of the table has. */
export async function requireFreeName(
  deps: EngineDeps,
  table: Table,
  current: string,
  name: string | undefined,
  taken: (name: string) => string,
): Promise<void> {
  if (name === undefined || name.toLowerCase() === current.toLowerCase()) return;
  const [row] = await deps.db.query(`SELECT 1 FROM ${table} WHERE lower(name) = lower($1)`, [name]);
  if (row) refuse(taken(name), 'name');
}

/** Writes the fields the input gives (nothing, and no event, when it gives none). */
export async function saveEdit<K extends string>(
  deps: EngineDeps,
  actor: Actor,
  edit: {
    readonly table: Table;
    readonly id: string;
    readonly columns: Readonly<Record<K, string>>;
    readonly input: Readonly<Partial<Record<NoInfer<K>, unknown>>> & { readonly name?: string };
    readonly event: Pick<AuditEventInput, 'code' | 'message' | 'clusterId' | 'dataCenterId'>;
    readonly taken: (name: string) => string;
  },
): Promise<void> {
  const { table, id, columns, input } = edit;
  const changes = (Object.keys(columns) as K[]).filter((k) => input[k] !== undefined);
  if (changes.length === 0) return;
  try {
    await deps.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE ${table} SET ${changes.map((k, i) => `${columns[k]} = $${i + 2}`).join(', ')}
          WHERE id = $1`,
        [id, ...changes.map((k) => input[k])],
      );
      await recordEvent(tx, deps.feed, {
        ...edit.event,
        userName: actor.userName,
        correlationId: actor.correlationId ?? null,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) refuse(edit.taken(input.name ?? ''), 'name');
    throw err;
  }
  touched(deps, FEED[table], [id]);
}
