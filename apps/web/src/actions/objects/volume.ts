// The Volumes tab's actions (Gluster volumes) are the Gluster UI's: apps/web/src/gluster/.
export { VOLUME_ACTIONS_SPEC } from '../../gluster/volumeActions.js';
