// The Volumes tab's actions (Gluster volumes): definitions, the shared rules that
// judge them, and how the toasts word their outcome. Owned by the Gluster UI; what
// each button does lives in volumeHandlers.tsx. Empty until that UI lands: the tab
// shows no toolbar while `defs` is empty.
import type { ActionObjectSpec } from '../actionModel.js';

export const VOLUME_ACTIONS_SPEC: ActionObjectSpec = {
  defs: [],
  noun: { one: 'volume', many: 'volumes' },
  rules: [],
  clientVerdicts: () => ({}),
  wording: {},
};
