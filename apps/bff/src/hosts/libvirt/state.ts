// libvirt domain states (and their reasons) as oVirt VM statuses. Two sources speak
// about the same thing: domstats' numeric `state.state`/`state.reason` (virDomainState
// and its per-state reason enums in libvirt-domain.h), and the lifecycle events'
// words virsh prints ("Stopped Destroyed"). Both map here, so they agree.
import type { VmStatus } from '@corral/shared';

export interface MappedState {
  readonly status: VmStatus;
  readonly reason?: string | undefined;
}

// Reason names per state, indexed by the enum's value (libvirt-domain.h).
const RUNNING_REASONS = [
  'unknown',
  'booted',
  'migrated',
  'restored',
  'from-snapshot',
  'unpaused',
  'migration-canceled',
  'save-canceled',
  'wakeup',
  'crashed',
  'postcopy',
  'postcopy-failed',
];
const PAUSED_REASONS = [
  'unknown',
  'user',
  'migration',
  'save',
  'dump',
  'io-error',
  'watchdog',
  'from-snapshot',
  'shutting-down',
  'snapshot',
  'crashed',
  'starting-up',
  'postcopy',
  'postcopy-failed',
  'api-error',
];
const SHUTOFF_REASONS = [
  'unknown',
  'shutdown',
  'destroyed',
  'crashed',
  'migrated',
  'saved',
  'failed',
  'from-snapshot',
  'daemon',
];

/** domstats `state.state` / `state.reason`. */
export function mapDomainState(state: number, reason: number): MappedState {
  switch (state) {
    case 1: // running
      return { status: 'Up', reason: RUNNING_REASONS[reason] };
    case 2: // blocked on a resource: still running as far as anyone outside can tell
      return { status: 'Up', reason: 'blocked' };
    case 3: {
      const why = PAUSED_REASONS[reason];
      if (why === 'migration' || why === 'postcopy' || why === 'postcopy-failed')
        return { status: 'MigratingFrom', reason: why };
      if (why === 'save') return { status: 'SavingState', reason: why };
      if (why === 'shutting-down') return { status: 'PoweringDown', reason: why };
      if (why === 'starting-up') return { status: 'PoweringUp', reason: why };
      return { status: 'Paused', reason: why };
    }
    case 4: // being shut down
      return { status: 'PoweringDown', reason: 'shutdown' };
    case 5: {
      const why = SHUTOFF_REASONS[reason];
      // A managed save image makes the next start a restore: oVirt's "Suspended".
      if (why === 'saved') return { status: 'Suspended', reason: why };
      return { status: 'Down', reason: why };
    }
    case 6:
      return { status: 'Down', reason: 'crashed' };
    case 7:
      return { status: 'Suspended', reason: 'pmsuspended' };
    default:
      return { status: 'Unknown', reason: `state ${state}` };
  }
}

export type LifecycleMapping =
  | { readonly kind: 'domain'; readonly status: VmStatus; readonly reason: string }
  | { readonly kind: 'domain-defined' | 'domain-undefined' }
  | { readonly kind: 'ignore' };

/**
 * A lifecycle event as virsh prints it: `event` is virDomainEventType's word
 * ("Started"), `detail` the rest ("Booted", "Finished after host request").
 */
export function mapLifecycle(event: string, detail: string): LifecycleMapping {
  const reason = detail
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  switch (event) {
    case 'Defined':
      // "Updated" is a redefinition of a domain the host already had.
      return detail === 'Updated' ? { kind: 'ignore' } : { kind: 'domain-defined' };
    case 'Undefined':
      return { kind: 'domain-undefined' };
    case 'Started':
    case 'Resumed':
      return { kind: 'domain', status: 'Up', reason };
    case 'Suspended':
      if (detail === 'Migrated' || detail.startsWith('Post-copy'))
        return { kind: 'domain', status: 'MigratingFrom', reason };
      return { kind: 'domain', status: 'Paused', reason };
    case 'Stopped':
      if (detail === 'Saved') return { kind: 'domain', status: 'Suspended', reason };
      return { kind: 'domain', status: 'Down', reason };
    case 'Shutdown':
      return { kind: 'domain', status: 'PoweringDown', reason };
    case 'PMSuspended':
      return { kind: 'domain', status: 'Suspended', reason: 'pmsuspended' };
    case 'Crashed':
      return { kind: 'domain', status: 'Down', reason: 'crashed' };
    default:
      return { kind: 'ignore' };
  }
}
