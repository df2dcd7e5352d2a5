import type { Principal } from '../identity/principal.js';
import { paramList, visibleWhere } from '../identity/visibility.js';
import type { Db } from '../store/index.js';
import { TAB_LIMIT, type Row } from './types.js';

export const EVENT_COLUMNS = `e.id, e.time, e.severity, e.message, e.user_name AS user, e.host_name AS host,
  e.vm_name AS vm, e.cluster_name AS cluster, e.data_center_name AS datacenter,
  e.storage_domain_name AS storage, e.volume_name AS volume, e.code, e.correlation_id`;

type EventColumn =
  | 'vm_id'
  | 'host_id'
  | 'cluster_id'
  | 'data_center_id'
  | 'storage_domain_id'
  | 'template_id'
  | 'volume_id'
  | 'user_id';

/** The audit events that name one object, newest first. */
export function eventsOf(column: EventColumn) {
  return (db: Db, id: string): Promise<Row[]> =>
    db.query(
      `SELECT ${EVENT_COLUMNS} FROM audit_event e WHERE e.${column} = $1 ORDER BY e.time DESC, e.id DESC LIMIT ${TAB_LIMIT}`,
      [id],
    );
}

/** The newest events the principal may see (every event when absent or seeing all). */
export function recentEvents(db: Db, limit: number, principal?: Principal): Promise<Row[]> {
  const { params, param } = paramList([limit]);
  const visible = visibleWhere('event', 'e', principal, param);
  return db.query(
    `SELECT ${EVENT_COLUMNS} FROM audit_event e${visible ? ` WHERE ${visible}` : ''}
      ORDER BY e.time DESC, e.id DESC LIMIT $1`,
    params,
  );
}
