// What the Volumes tab's buttons (Gluster volumes) do. Owned by the Gluster UI, which
// fills it in with its dialogs. Guide Me's "New Volume" step asks for the action named
// `new` here, with `preset.clusterId` the cluster the volume goes in.
import type { ActionHandlers } from '../actionSteps.js';

export const VOLUME_HANDLERS: ActionHandlers = {
  step: () => null,
};
