// Set and reset a volume's options. gluster judges names and values; its refusal
// ("option : x does not exist") fails the job with its words, and the volume's options
// are read back either way.
import type { Actor, EngineDeps } from '../../deps.js';
import { correlate, startJob, started, type Started } from '../common.js';
import { getVolume, lockVolume, requireVolumeAction, siteFor, whileLocked } from './common.js';

export async function setVolumeOption(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; key: string; value: string },
): Promise<Started> {
  const a = correlate(actor);
  const v = await getVolume(deps.db, input.id);
  await requireVolumeAction(deps.db, [v], 'setOption', 'set the option');
  const { conn } = await siteFor(deps, v);
  await lockVolume(deps, v, 'Setting an option');
  const step = `Setting ${input.key} to ${input.value}`;
  const job = await startJob(
    deps,
    a,
    {
      description: `Setting option ${input.key} of Gluster volume ${v.name}`,
      steps: [step],
      refs: { volumeId: v.id, clusterId: v.cluster_id },
    },
    async (j) => {
      await whileLocked(deps, conn, v.id, () =>
        j.step(step, () => conn.setOption(v.name, input.key, input.value)),
      );
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: 'GLUSTER_VOLUME_OPTION_SET',
        message: `Option ${input.key} of Gluster volume ${v.name} was set to ${input.value} by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}

export async function resetVolumeOption(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; key?: string | null | undefined },
): Promise<Started> {
  const a = correlate(actor);
  const v = await getVolume(deps.db, input.id);
  await requireVolumeAction(deps.db, [v], 'resetOption', 'reset the option');
  const { conn } = await siteFor(deps, v);
  await lockVolume(deps, v, 'Resetting options');
  const key = input.key ?? undefined;
  const step = key ? `Resetting ${key}` : 'Resetting every option';
  const job = await startJob(
    deps,
    a,
    {
      description: key
        ? `Resetting option ${key} of Gluster volume ${v.name}`
        : `Resetting the options of Gluster volume ${v.name}`,
      steps: [step],
      refs: { volumeId: v.id, clusterId: v.cluster_id },
    },
    async (j) => {
      await whileLocked(deps, conn, v.id, () => j.step(step, () => conn.resetOption(v.name, key)));
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: 'GLUSTER_VOLUME_OPTIONS_RESET',
        message: key
          ? `Option ${key} of Gluster volume ${v.name} was reset by ${a.userName}.`
          : `Every option of Gluster volume ${v.name} was reset by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}
