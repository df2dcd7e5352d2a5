import type { ObjectType } from '@corral/shared';
import { OBJECT_TABLE, permissionCovers } from '../identity/visibility.js';
import type { Db } from '../store/index.js';
import type { Row } from './types.js';

/**
 * Permissions on the object and inherited from above it (System → data center → cluster
 * → …, identity/visibility.ts's ANCESTRY, the same the checks use), with where each
 * comes from.
 */
export function permissionsOf(type: Exclude<ObjectType, 'System'>) {
  const table = OBJECT_TABLE[type];
  return (db: Db, id: string): Promise<Row[]> =>
    db.query(
      `SELECT p.id, u.username || '@' || u.domain AS user, u.is_group AS "group", r.name AS role,
              CASE WHEN p.object_type = 'System' THEN 'System'
                   WHEN p.object_type = $2 AND p.object_id = $1 THEN '(this object)'
                   ELSE p.object_type END AS inherited_from
         FROM permission p
         JOIN app_user u ON u.id = p.user_id
         JOIN role r ON r.id = p.role_id
        WHERE EXISTS (SELECT 1 FROM ${table} t WHERE t.id = $1 AND ${permissionCovers(type, 't', 'p')})
        ORDER BY (p.object_type = $2 AND p.object_id = $1) DESC, u.username, r.name`,
      [id, type],
    );
}

/** What a user may do where: the Permissions tab of a user. */
export function permissionsHeldBy(db: Db, userId: string): Promise<Row[]> {
  return db.query(
    `SELECT p.id, r.name AS role, p.object_type AS object_type,
            COALESCE(dc.name, c.name, h.name, v.name, po.name, t.name, s.name, n.name, g.name,
                     CASE WHEN p.object_type = 'System' THEN 'System' END) AS object
       FROM permission p
       JOIN role r ON r.id = p.role_id
       LEFT JOIN data_center dc ON p.object_type = 'DataCenter' AND dc.id = p.object_id
       LEFT JOIN cluster c ON p.object_type = 'Cluster' AND c.id = p.object_id
       LEFT JOIN host h ON p.object_type = 'Host' AND h.id = p.object_id
       LEFT JOIN vm v ON p.object_type = 'Vm' AND v.id = p.object_id
       LEFT JOIN pool po ON p.object_type = 'Pool' AND po.id = p.object_id
       LEFT JOIN template t ON p.object_type = 'Template' AND t.id = p.object_id
       LEFT JOIN storage_domain s ON p.object_type = 'StorageDomain' AND s.id = p.object_id
       LEFT JOIN network n ON p.object_type = 'Network' AND n.id = p.object_id
       LEFT JOIN gluster_volume g ON p.object_type = 'GlusterVolume' AND g.id = p.object_id
      WHERE p.user_id = $1
      ORDER BY p.object_type, r.name`,
    [userId],
  );
}
