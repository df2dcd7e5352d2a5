// Rules a user meets (DOMAIN.md), as pure functions of an object's state: the UI
// enables actions with them and the engine refuses commands with the same messages.
export * from './vm.js';
export * from './host.js';
export * from './gluster.js';
