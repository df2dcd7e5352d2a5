// The engine (ARCHITECTURE.md, decision 2): commands validate against the rules, then
// run as jobs that drive the hosts and record the store's intent and the audit log.
export {
  DEFAULT_TIMEOUTS,
  type Actor,
  type EngineDeps,
  type EngineServices,
  type EngineTimeouts,
} from './deps.js';
export { AppError, notFound, type AppErrorCode } from './errors.js';
export {
  runJob,
  STEP_PENDING,
  type Job,
  type JobResult,
  type JobSpec,
  type StartedJob,
} from './jobs.js';
export { recordEvent, type AuditEventInput } from './audit.js';
export { clusterLoad, freeMb, pickHost, planPlacements, type HostLoad } from './scheduler.js';
export type { Started } from './commands/common.js';
export { createVm } from './commands/vm/create.js';
export { updateVm } from './commands/vm/update.js';
export { removeVm } from './commands/vm/remove.js';
export { runVm, runOnce } from './commands/vm/run.js';
export { shutdownVm } from './commands/vm/shutdown.js';
export { powerOffVm } from './commands/vm/power-off.js';
export { rebootVm } from './commands/vm/reboot.js';
export { suspendVm } from './commands/vm/suspend.js';
export { migrateVm } from './commands/vm/migrate.js';
export { createSnapshot } from './commands/vm/snapshot-create.js';
export { restoreSnapshot } from './commands/vm/snapshot-restore.js';
export { deleteSnapshot } from './commands/vm/snapshot-delete.js';
export { makeTemplate } from './commands/vm/make-template.js';
export { cloneVm } from './commands/vm/clone.js';
export { addHost } from './commands/host/add.js';
export { setMaintenance } from './commands/host/maintenance.js';
export { activateHost } from './commands/host/activate.js';
export { removeHost } from './commands/host/remove.js';
export { fenceHost, handleNonResponsiveHost } from './commands/host/fence.js';
