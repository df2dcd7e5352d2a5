// Monitoring: host samples and events into the store, usage history, the feed (docs/monitoring.md).
export {
  usageHistory,
  type HistoryObject,
  type UsagePoint,
  type VmUsageSource,
} from './history.js';
export {
  Monitor,
  MONITORED_HOST_STATUSES,
  type CycleReport,
  type MonitorOptions,
} from './monitor.js';
export { StorageMonitor, type StorageCycleReport } from './storage.js';
