// Edit Data Center: name, description, quota mode freely; the storage type only while no
// storage domain is attached (and Local only for one cluster with one host); the
// compatibility version never below its clusters'.
import {
  DATA_CENTER_MESSAGES,
  dataCenterCompatRule,
  dataCenterStorageTypeRule,
  type DataCenterStorageMode,
  type DataCenterUpdateInput,
} from '@corral/shared';
import type { Actor, EngineDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';
import { requireFreeName, saveEdit } from './edit.js';

interface Row {
  id: string;
  name: string;
  storage_mode: DataCenterStorageMode;
  compat_version: string;
}

const COLUMN = {
  name: 'name',
  description: 'description',
  storageType: 'storage_mode',
  compatVersion: 'compat_version',
  quotaMode: 'quota_mode',
} as const;

export async function updateDataCenter(
  deps: EngineDeps,
  actor: Actor,
  input: DataCenterUpdateInput,
): Promise<{ id: string }> {
  const { db } = deps;
  const [dc] = await db.query<Row>(
    `SELECT id, name, storage_mode, compat_version FROM data_center WHERE id = $1`,
    [input.id],
  );
  if (!dc) throw notFound('Data center', input.id);
  await requireFreeName(deps, 'data_center', dc.name, input.name, DATA_CENTER_MESSAGES.nameTaken);
  if (input.storageType !== undefined && input.storageType !== dc.storage_mode) {
    const [counts] = await db.query<{ domains: number; clusters: number; hosts: number }>(
      `SELECT (SELECT COUNT(*)::int FROM storage_domain WHERE data_center_id = $1) AS domains,
              (SELECT COUNT(*)::int FROM cluster WHERE data_center_id = $1) AS clusters,
              (SELECT COUNT(*)::int FROM host h JOIN cluster c ON c.id = h.cluster_id
                WHERE c.data_center_id = $1) AS hosts`,
      [dc.id],
    );
    const rule = dataCenterStorageTypeRule(
      { attachedDomains: counts!.domains, clusters: counts!.clusters, hosts: counts!.hosts },
      input.storageType,
    );
    if (!rule.allowed) refuse(rule.reason!, 'storageType');
  }
  if (input.compatVersion !== undefined) {
    const clusters = await db.query<{ name: string; compatVersion: string }>(
      `SELECT name, compat_version AS "compatVersion" FROM cluster WHERE data_center_id = $1 ORDER BY name`,
      [dc.id],
    );
    const rule = dataCenterCompatRule(input.compatVersion, clusters);
    if (!rule.allowed) refuse(rule.reason!, 'compatVersion');
  }

  await saveEdit(deps, actor, {
    table: 'data_center',
    id: dc.id,
    columns: COLUMN,
    input,
    event: {
      code: 'USER_UPDATE_STORAGE_POOL',
      message: `Data Center ${input.name ?? dc.name} was updated by ${actor.userName}.`,
      dataCenterId: dc.id,
    },
    taken: DATA_CENTER_MESSAGES.nameTaken,
  });
  return { id: dc.id };
}
