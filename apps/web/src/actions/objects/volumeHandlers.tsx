// What the Volumes tab's buttons do is the Gluster UI's: apps/web/src/gluster/.
export { VOLUME_HANDLERS } from '../../gluster/volumeHandlers.js';
