import type { ObjectType } from '@corral/shared';
import type { Db } from '../store/index.js';
import type { Row } from './types.js';

/**
 * The objects whose permissions apply to an object: itself and everything above it
 * (System → data center → cluster → …), as oVirt inherits permissions downwards.
 * Returned as [type, id] pairs, the object itself first.
 */
const ANCESTRY: Partial<Record<ObjectType, string>> = {
  DataCenter: `SELECT 'DataCenter' AS type, id FROM data_center WHERE id = $1`,
  Cluster: `SELECT 'Cluster' AS type, c.id FROM cluster c WHERE c.id = $1
    UNION ALL SELECT 'DataCenter', c.data_center_id FROM cluster c WHERE c.id = $1`,
  Host: `SELECT 'Host' AS type, h.id FROM host h WHERE h.id = $1
    UNION ALL SELECT 'Cluster', h.cluster_id FROM host h WHERE h.id = $1
    UNION ALL SELECT 'DataCenter', c.data_center_id FROM host h JOIN cluster c ON c.id = h.cluster_id WHERE h.id = $1`,
  Vm: `SELECT 'Vm' AS type, v.id FROM vm v WHERE v.id = $1
    UNION ALL SELECT 'Pool', v.pool_id FROM vm v WHERE v.id = $1 AND v.pool_id IS NOT NULL
    UNION ALL SELECT 'Cluster', v.cluster_id FROM vm v WHERE v.id = $1
    UNION ALL SELECT 'DataCenter', c.data_center_id FROM vm v JOIN cluster c ON c.id = v.cluster_id WHERE v.id = $1`,
  Pool: `SELECT 'Pool' AS type, p.id FROM pool p WHERE p.id = $1
    UNION ALL SELECT 'Cluster', p.cluster_id FROM pool p WHERE p.id = $1
    UNION ALL SELECT 'DataCenter', c.data_center_id FROM pool p JOIN cluster c ON c.id = p.cluster_id WHERE p.id = $1`,
  Template: `SELECT 'Template' AS type, t.id FROM template t WHERE t.id = $1
    UNION ALL SELECT 'Cluster', t.cluster_id FROM template t WHERE t.id = $1 AND t.cluster_id IS NOT NULL
    UNION ALL SELECT 'DataCenter', c.data_center_id FROM template t JOIN cluster c ON c.id = t.cluster_id WHERE t.id = $1`,
  StorageDomain: `SELECT 'StorageDomain' AS type, s.id FROM storage_domain s WHERE s.id = $1
    UNION ALL SELECT 'DataCenter', s.data_center_id FROM storage_domain s WHERE s.id = $1 AND s.data_center_id IS NOT NULL`,
  Disk: `SELECT 'Disk' AS type, d.id FROM disk d WHERE d.id = $1
    UNION ALL SELECT 'StorageDomain', d.storage_domain_id FROM disk d WHERE d.id = $1
    UNION ALL SELECT 'DataCenter', s.data_center_id FROM disk d JOIN storage_domain s ON s.id = d.storage_domain_id WHERE d.id = $1 AND s.data_center_id IS NOT NULL`,
  Network: `SELECT 'Network' AS type, n.id FROM network n WHERE n.id = $1
    UNION ALL SELECT 'DataCenter', n.data_center_id FROM network n WHERE n.id = $1`,
  GlusterVolume: `SELECT 'GlusterVolume' AS type, g.id FROM gluster_volume g WHERE g.id = $1
    UNION ALL SELECT 'Cluster', g.cluster_id FROM gluster_volume g WHERE g.id = $1
    UNION ALL SELECT 'DataCenter', c.data_center_id FROM gluster_volume g JOIN cluster c ON c.id = g.cluster_id WHERE g.id = $1`,
  User: `SELECT 'User' AS type, u.id FROM app_user u WHERE u.id = $1`,
};

/** Permissions on the object and inherited from above it, with where each comes from. */
export function permissionsOf(type: ObjectType) {
  const ancestry = ANCESTRY[type];
  if (!ancestry) throw new Error(`no permission ancestry for ${type}`);
  return (db: Db, id: string): Promise<Row[]> =>
    db.query(
      `WITH scope AS (${ancestry})
       SELECT p.id, u.username || '@' || u.domain AS user, u.is_group AS "group", r.name AS role,
              CASE WHEN p.object_type = 'System' THEN 'System'
                   WHEN p.object_type = $2 AND p.object_id = $1 THEN '(this object)'
                   ELSE p.object_type END AS inherited_from
         FROM permission p
         JOIN app_user u ON u.id = p.user_id
         JOIN role r ON r.id = p.role_id
        WHERE p.object_type = 'System'
           OR EXISTS (SELECT 1 FROM scope s WHERE s.type = p.object_type AND s.id = p.object_id)
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
