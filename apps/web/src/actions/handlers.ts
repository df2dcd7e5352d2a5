// Every object's action handlers, by object: what toolbar, menu and Guide Me run.
import type { ActionObject } from './actionModel.js';
import type { ActionHandlers } from './actionSteps.js';
import { HOST_HANDLERS } from './objects/hostHandlers.js';
import { VM_HANDLERS } from './objects/vmHandlers.js';
import { VOLUME_HANDLERS } from './objects/volumeHandlers.js';

// Read when an action runs, not when modules load: dialogs that open other objects'
// actions (Guide Me) import this registry back.
export function handlersOf(object: ActionObject): ActionHandlers {
  switch (object) {
    case 'vm':
      return VM_HANDLERS;
    case 'host':
      return HOST_HANDLERS;
    case 'volume':
      return VOLUME_HANDLERS;
  }
}
