// Attach a storage domain to a data center: an Unattached domain joins it (at most one
// ISO and one Export domain each, Local storage in its host's Local data center, an Up
// host there), is connected on the data center's hosts and activated — the first Data
// domain becomes the Master.
import {
  getStorageDomain,
  hostsFor,
  releaseQuietly,
  settleDataCenterStatus,
} from '../../../storage/domains.js';
import { attachTarget, requireAttachable, requireDomainAction } from '../../../storage/rules.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import { ACTIVATING, CONNECTING, connectAndActivate, lockDomain } from './common.js';
import { touched } from '../../changes.js';

export async function attachStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; dataCenterId: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const row = await getStorageDomain(db, input.id);
  await requireDomainAction(db, row, 'attach');
  const [exists] = await db.query(`SELECT 1 FROM data_center WHERE id = $1`, [input.dataCenterId]);
  if (!exists) refuse('The data center does not exist.', 'dataCenterId');
  const dc = await attachTarget(db, input.dataCenterId);
  await requireAttachable(db, row, dc, 'dataCenterId');
  const hosts = await hostsFor(db, row, dc.id);
  if (hosts.length === 0)
    refuse('There should be at least one active host in the data center.', 'dataCenterId');
  await reach(deps, hosts);
  try {
    await lockDomain(deps, row, { status: 'Locked', data_center_id: dc.id });
  } catch (err) {
    if (isUniqueViolation(err))
      refuse(
        `Data Center ${dc.name} already has an ${row.domain_type} domain; a data center has at most one.`,
        'dataCenterId',
      );
    throw err;
  }
  const attached = { ...row, status: 'Locked' as const, data_center_id: dc.id };

  const job = await startJob(
    deps,
    a,
    {
      description: `Attaching Storage Domain ${row.name} to Data Center ${dc.name}`,
      steps: [CONNECTING, ACTIVATING],
      refs: { storageDomainId: row.id, dataCenterId: dc.id },
    },
    async (j) => {
      await orUndo(
        () => connectAndActivate(deps, j, attached, dc.id, 'Locked'),
        async () => {
          await releaseQuietly(deps, row.id, row.name, hosts);
          await db.query(
            `UPDATE storage_domain SET status = 'Unattached', data_center_id = NULL, is_master = false
              WHERE id = $1`,
            [row.id],
          );
          touched(deps, 'storage', [row.id]);
          await settleDataCenterStatus(deps, dc.id);
        },
      );
      await j.event({
        storageDomainId: row.id,
        dataCenterId: dc.id,
        code: 'USER_ATTACH_STORAGE_DOMAIN_TO_POOL',
        message: `Storage Domain ${row.name} was attached to Data Center ${dc.name} by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}
