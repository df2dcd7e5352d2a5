// Every object's action handlers, by object: what toolbar, menu and Guide Me run.
import type { ActionObject } from './actionModel.js';
import type { ActionHandlers } from './actionSteps.js';
import { CLUSTER_HANDLERS } from './objects/clusterHandlers.js';
import { DATA_CENTER_HANDLERS } from './objects/dataCenterHandlers.js';
import { DISK_HANDLERS } from './objects/diskHandlers.js';
import { HOST_HANDLERS } from './objects/hostHandlers.js';
import { POOL_HANDLERS } from './objects/poolHandlers.js';
import { STORAGE_HANDLERS } from './objects/storageHandlers.js';
import { USER_HANDLERS } from './objects/userHandlers.js';
import { VM_HANDLERS } from './objects/vmHandlers.js';
import { VOLUME_HANDLERS } from './objects/volumeHandlers.js';

// Read when an action runs, not when modules load: dialogs that open other objects'
// actions (Guide Me) import this registry back.
export function handlersOf(object: ActionObject): ActionHandlers {
  switch (object) {
    case 'datacenter':
      return DATA_CENTER_HANDLERS;
    case 'cluster':
      return CLUSTER_HANDLERS;
    case 'host':
      return HOST_HANDLERS;
    case 'storage':
      return STORAGE_HANDLERS;
    case 'disk':
      return DISK_HANDLERS;
    case 'vm':
      return VM_HANDLERS;
    case 'pool':
      return POOL_HANDLERS;
    case 'volume':
      return VOLUME_HANDLERS;
    case 'user':
      return USER_HANDLERS;
  }
}
