import type { EventSeverity } from '@corral/shared';
import type { ChangeFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';

/** What an audit event may name; names are looked up from the ids when not given. */
export interface AuditEventInput {
  readonly severity?: EventSeverity;
  /** Stable code for the kind of event (`VM_STARTED`, `HOST_NON_RESPONSIVE`, …). */
  readonly code: string;
  readonly message: string;
  readonly userName?: string;
  readonly correlationId?: string | null;
  readonly jobId?: string | null;
  readonly vmId?: string | null;
  readonly hostId?: string | null;
  readonly clusterId?: string | null;
  readonly dataCenterId?: string | null;
  readonly storageDomainId?: string | null;
  readonly templateId?: string | null;
  readonly volumeId?: string | null;
  readonly userId?: string | null;
  /** Names to store when the object is gone from the store already (removed). */
  readonly vmName?: string | null;
  readonly hostName?: string | null;
}

/**
 * Writes one audit event (who, what, result, severity) and tells the feed. The names
 * of the objects are stored beside their ids, so the event still reads right after
 * they are renamed or removed; cluster and data center are filled in from the VM or
 * host when not given.
 */
export async function recordEvent(
  db: Db,
  feed: ChangeFeed | null,
  e: AuditEventInput,
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `WITH refs AS (
       SELECT
         COALESCE(v.name, $15) AS vm_name, COALESCE(h.name, $16) AS host_name,
         COALESCE($9::uuid, v.cluster_id, h.cluster_id) AS cluster_id
       FROM (SELECT 1) one
       LEFT JOIN vm v ON v.id = $7::uuid
       LEFT JOIN host h ON h.id = $8::uuid
     ), scope AS (
       SELECT refs.*, c.name AS cluster_name,
              COALESCE($10::uuid, c.data_center_id) AS data_center_id
         FROM refs LEFT JOIN cluster c ON c.id = refs.cluster_id
     )
     INSERT INTO audit_event (severity, code, message, user_name, correlation_id, job_id,
       vm_id, host_id, cluster_id, data_center_id, storage_domain_id, template_id, volume_id, user_id,
       vm_name, host_name, cluster_name, data_center_name, storage_domain_name, template_name, volume_name)
     SELECT $1, $2, $3, $4, $5, $6::uuid, $7::uuid, $8::uuid, s.cluster_id, s.data_center_id,
            $11::uuid, $12::uuid, $13::uuid, $14::uuid,
            s.vm_name, s.host_name, s.cluster_name, dc.name,
            (SELECT name FROM storage_domain WHERE id = $11::uuid),
            (SELECT name FROM template WHERE id = $12::uuid),
            (SELECT name FROM gluster_volume WHERE id = $13::uuid)
       FROM scope s LEFT JOIN data_center dc ON dc.id = s.data_center_id
     RETURNING id`,
    [
      e.severity ?? 'Normal',
      e.code,
      e.message,
      e.userName ?? '',
      e.correlationId ?? null,
      e.jobId ?? null,
      e.vmId ?? null,
      e.hostId ?? null,
      e.clusterId ?? null,
      e.dataCenterId ?? null,
      e.storageDomainId ?? null,
      e.templateId ?? null,
      e.volumeId ?? null,
      e.userId ?? null,
      e.vmName ?? null,
      e.hostName ?? null,
    ],
  );
  const id = String(row!.id);
  feed?.publish([{ object: 'event', ids: [id], op: 'upsert' }]);
  return id;
}
