// The audit log's words for what monitoring sees, in oVirt's phrasing where oVirt has
// one, so an administrator who knows RHEV-M reads familiar lines.
import type { EventSeverity, HostStatus, VmStatus } from '@corral/shared';

export interface AuditText {
  readonly code: string;
  readonly severity: EventSeverity;
  readonly message: string;
}

export interface VmTransition {
  readonly vm: string;
  readonly from: VmStatus;
  readonly to: VmStatus;
  /** The host that reported it (for a VM that left a host: the host it left). */
  readonly host: string;
  /** The host it ran on before, when that was another one (a finished migration). */
  readonly previousHost?: string | undefined;
  /** The host's reason, as its driver gives it (`shutdown`, `crashed`, `storage-error`, …). */
  readonly reason?: string | undefined;
}

const has = (reason: string | undefined, ...words: string[]) =>
  reason !== undefined && words.some((w) => reason.toLowerCase().includes(w));

export function vmTransitionText(t: VmTransition): AuditText {
  const { vm, from, to, host } = t;
  switch (to) {
    case 'Up':
      return upText(t);
    case 'Down':
      return downText(t);
    case 'Paused':
      return has(t.reason, 'storage', 'eio', 'i/o', 'io-error')
        ? {
            code: 'VM_PAUSED_EIO',
            severity: 'Warning',
            message: `VM ${vm} was paused due to a storage I/O error.`,
          }
        : { code: 'VM_PAUSED', severity: 'Warning', message: `VM ${vm} was paused.` };
    case 'Suspended':
      return {
        code: 'VM_SUSPENDED',
        severity: 'Normal',
        message: `VM ${vm} on Host ${host} is suspended.`,
      };
    case 'PoweringUp':
      return {
        code: 'VM_POWERING_UP',
        severity: 'Normal',
        message: `VM ${vm} is powering up on Host ${host}.`,
      };
    case 'PoweringDown':
      return {
        code: 'VM_POWERING_DOWN',
        severity: 'Normal',
        message: `VM ${vm} is powering down.`,
      };
    case 'RebootInProgress':
      return { code: 'VM_REBOOTING', severity: 'Normal', message: `VM ${vm} is rebooting.` };
    case 'MigratingFrom':
    case 'MigratingTo':
      return {
        code: 'VM_MIGRATION_STARTED',
        severity: 'Normal',
        message: `Migration of VM ${vm} started (Host: ${host}).`,
      };
    case 'SavingState':
      return {
        code: 'VM_SAVING_STATE',
        severity: 'Normal',
        message: `VM ${vm} is saving its state.`,
      };
    case 'RestoringState':
      return {
        code: 'VM_RESTORING_STATE',
        severity: 'Normal',
        message: `VM ${vm} is restoring its state on Host ${host}.`,
      };
    case 'NotResponding':
      return {
        code: 'VM_NOT_RESPONDING',
        severity: 'Warning',
        message: `VM ${vm} is not responding.`,
      };
    case 'Unknown':
      return {
        code: 'VM_SET_TO_UNKNOWN_STATUS',
        severity: 'Warning',
        message: `VM ${vm} was set to the Unknown status: Host ${host} is not responding.`,
      };
    default:
      return {
        code: 'VM_STATUS_CHANGED',
        severity: 'Normal',
        message: `VM ${vm} went from ${from} to ${to}.`,
      };
  }
}

function upText({ vm, from, host, previousHost, reason }: VmTransition): AuditText {
  if (previousHost !== undefined && previousHost !== host)
    return {
      code: 'VM_MIGRATION_DONE',
      severity: 'Normal',
      message: `Migration completed (VM: ${vm}, Source: ${previousHost}, Destination: ${host}).`,
    };
  switch (from) {
    case 'Paused':
      return {
        code: 'VM_RECOVERED_FROM_PAUSE',
        severity: 'Normal',
        message: `VM ${vm} has recovered from paused back to up.`,
      };
    case 'MigratingFrom':
    case 'MigratingTo':
      return {
        code: 'VM_MIGRATION_ABORTED',
        severity: 'Warning',
        message: `Migration of VM ${vm} did not finish${reason ? ` (${reason})` : ''}; it keeps running on Host ${host}.`,
      };
    case 'RebootInProgress':
      return {
        code: 'VM_REBOOTED',
        severity: 'Normal',
        message: `VM ${vm} was restarted on Host ${host}.`,
      };
    case 'Unknown':
    case 'NotResponding':
      return {
        code: 'VM_STATUS_RESTORED',
        severity: 'Normal',
        message: `VM ${vm} status was restored to Up.`,
      };
    case 'RestoringState':
    case 'Suspended':
      return {
        code: 'VM_RESTORED',
        severity: 'Normal',
        message: `VM ${vm} was restored from its saved state on Host ${host}.`,
      };
    default:
      return { code: 'VM_UP', severity: 'Normal', message: `VM ${vm} started on Host ${host}.` };
  }
}

function downText({ vm, from, host, reason }: VmTransition): AuditText {
  const normal = (exit: string): AuditText => ({
    code: 'VM_DOWN',
    severity: 'Normal',
    message: `VM ${vm} is down. Exit message: ${exit}`,
  });
  const error = (exit: string): AuditText => ({
    code: 'VM_DOWN_ERROR',
    severity: 'Error',
    message: `VM ${vm} is down with error. Exit message: ${exit}`,
  });
  if (has(reason, 'crash')) return error('The guest crashed.');
  if (has(reason, 'fenc'))
    return {
      code: 'VM_DOWN_HOST_FENCED',
      severity: 'Warning',
      message: `VM ${vm} is down. Exit message: Host ${host} was fenced.`,
    };
  if (has(reason, 'shutdown')) return normal('User shut down from within the guest.');
  if (has(reason, 'destroy')) return normal('Admin shut down from the engine.');
  // A shutdown was asked for: however the host words it, down is what was wanted.
  if (from === 'PoweringDown') return normal(reason ? `${reason}.` : 'Shut down.');
  if (from === 'WaitForLaunch' || from === 'PoweringUp')
    return error(`It failed to start on Host ${host}${reason ? ` (${reason})` : ''}.`);
  return error(reason ? `${reason}.` : `It is no longer running on Host ${host}.`);
}

export interface HostTransition {
  readonly host: string;
  readonly to: HostStatus;
  /** Why it stopped answering (the connection's or the sample's error). */
  readonly reason?: string | undefined;
  /** For Connecting: how long it may stay so before it is NonResponsive. */
  readonly graceSeconds?: number | undefined;
}

export function hostTransitionText(t: HostTransition): AuditText {
  const why = t.reason ? `: ${t.reason}` : '';
  switch (t.to) {
    case 'Connecting':
      return {
        code: 'VDS_HOST_NOT_RESPONDING_CONNECTING',
        severity: 'Warning',
        message:
          `Host ${t.host} is not responding${why}. It will stay in Connecting state for a grace ` +
          `period of ${t.graceSeconds ?? 0} seconds before it is declared NonResponsive.`,
      };
    case 'NonResponsive':
      return {
        code: 'VDS_FAILURE',
        severity: 'Error',
        message: `Host ${t.host} is non responsive${why}.`,
      };
    default:
      return {
        code: 'VDS_DETECTED',
        severity: 'Normal',
        message: `Status of host ${t.host} was set to ${t.to}.`,
      };
  }
}
