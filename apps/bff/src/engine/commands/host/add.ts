// New Host: the row appears at once (Installing); the job connects with the host's
// driver, reads its capabilities into the row and activates it (Up), connecting its data
// center's Active storage domains. A host that can't be reached ends InstallFailed, with
// the reason in the job's Error event.
import {
  defaultLibvirtUri,
  newHostRule,
  type DataCenterStorageMode,
  type HostAddInput,
} from '@corral/shared';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { connectTo, getHost } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, startJob, started, type Started } from '../common.js';
import { connectStorage, moveHost, recordCapabilities } from './common.js';

type Input = Omit<HostAddInput, 'driver'> & { driver: 'libvirt' | 'sim' };

export async function addHost(
  deps: EngineDeps,
  actor: Actor,
  input: Input,
): Promise<Started & { id: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const [cluster] = await db.query<{
    id: string;
    name: string;
    virt_service: boolean;
    storage_mode: DataCenterStorageMode;
    dc_hosts: number;
  }>(
    `SELECT c.id, c.name, c.virt_service, d.storage_mode,
            (SELECT COUNT(*)::int FROM host h JOIN cluster hc ON hc.id = h.cluster_id
              WHERE hc.data_center_id = d.id) AS dc_hosts
       FROM cluster c JOIN data_center d ON d.id = c.data_center_id WHERE c.id = $1`,
    [input.clusterId],
  );
  if (!cluster) refuse('The cluster does not exist.', 'clusterId');
  // A Local data center holds one host (oVirt's local storage), as Guide Me shows.
  const room = newHostRule({ storageMode: cluster.storage_mode, hosts: cluster.dc_hosts });
  if (!room.allowed) refuse(room.reason!, 'clusterId');
  const [byName] = await db.query(`SELECT 1 FROM host WHERE lower(name) = lower($1)`, [input.name]);
  if (byName) refuse(`A host named ${input.name} already exists.`, 'name');
  const [byAddress] = await db.query<{ name: string }>(
    `SELECT name FROM host WHERE lower(address) = lower($1)`,
    [input.address],
  );
  if (byAddress)
    refuse(`Host ${byAddress.name} already has the address ${input.address}.`, 'address');
  if (!deps.hosts.hasDriver(input.driver))
    refuse(`This Corral has no ${input.driver} driver; it cannot manage such hosts.`, 'driver');
  const uri = input.driver === 'libvirt' ? input.uri || defaultLibvirtUri(input.address) : null;

  let id: string;
  try {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO host (cluster_id, name, address, driver, uri, status)
       VALUES ($1, $2, $3, $4, $5, 'Installing') RETURNING id`,
      [cluster.id, input.name, input.address, input.driver, uri],
    );
    id = row!.id;
  } catch (err) {
    if (isUniqueViolation(err)) refuse(`A host named ${input.name} already exists.`, 'name');
    throw err;
  }
  touched(deps, 'host', [id]);

  const job = await startJob(
    deps,
    a,
    {
      description: `Adding Host ${input.name} to Cluster ${cluster.name}`,
      steps: ['Installing', 'Connecting', 'Activating'],
      refs: { hostId: id },
    },
    async (j) => {
      await j.event({
        hostId: id,
        code: 'USER_ADD_VDS',
        message: `Host ${input.name} was added by ${a.userName} (${input.driver}${uri ? `, ${uri}` : ''}).`,
      });
      await orUndo(
        async () => {
          // Nothing is installed on a host: libvirt hosts come with libvirtd, sim hosts
          // with nothing. The step checks this BFF can drive the host at all.
          await j.step('Installing', async () => {
            if (!deps.hosts.hasDriver(input.driver))
              throw new Error(`no ${input.driver} driver in this BFF`);
          });
          await j.step('Connecting', async () => {
            await moveHost(deps, id, ['Installing'], 'Connecting');
            const conn = await connectTo(deps, await getHost(db, id));
            await recordCapabilities(deps, id, await conn.capabilities());
          });
          await j.step('Activating', async () => {
            await db.query(`UPDATE host SET boot_time = COALESCE(boot_time, now()) WHERE id = $1`, [
              id,
            ]);
            if (await moveHost(deps, id, ['Connecting'], 'Up'))
              await connectStorage(deps, j, await getHost(db, id));
          });
        },
        async () => {
          await deps.hosts.drop(id);
          await moveHost(deps, id, ['Installing', 'Connecting'], 'InstallFailed');
        },
      );
      await j.event({
        hostId: id,
        code: 'VDS_DETECTED',
        message: `Status of Host ${input.name} was set to Up.`,
      });
      touched(deps, 'host', [id]);
    },
  );
  return { id, ...started([job]) };
}
