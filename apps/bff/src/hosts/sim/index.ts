// Simulated hosts: the demo fleet and scale tests (docs/hosts-sim.md).
export { ManualClock, systemClock, type SimClock } from './clock.js';
export { SimConnection } from './connection.js';
export { SimDriver, type SimDriverOptions } from './driver.js';
export { SimHostError, type SimErrorCode } from './errors.js';
export type { SimDomainSpec, SimDomainState, SimHostState } from './host.js';
export { DEFAULT_SIM_TIMINGS, type SimTimings } from './timings.js';
export { ON_HOST_VM_STATUSES, simInitialFromStore } from './store.js';
export type { SimSnapshot } from './world.js';
