// How values look in the grid, the details pane and the events panel. Kept free of
// React so the rules are tested on their own.
import type {
  DataCenterStatus,
  DiskStatus,
  EventSeverity,
  GlusterVolumeStatus,
  HostStatus,
  JobStatus,
  NetworkStatus,
  SearchField,
  SearchObjectKey,
  StorageDomainStatus,
  TemplateStatus,
  VmStatus,
} from '@corral/shared';

const numberFormat = new Intl.NumberFormat('en-US');
const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

const SIZE_UNITS = ['MB', 'GB', 'TB', 'PB'] as const;

/** A size stored in MB or GB, shown in the largest unit that keeps it ≥ 1 (binary steps, as oVirt). */
export function formatSize(value: number, unit: 'MB' | 'GB'): string {
  let i: number = SIZE_UNITS.indexOf(unit);
  let v = value;
  while (Math.abs(v) >= 1024 && i < SIZE_UNITS.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${decimalFormat.format(v)} ${SIZE_UNITS[i]}`;
}

/** Uptime-style durations: the two largest units, `3d 4h`, `5h 12m`, `12m 5s`, `45s`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const parts: Array<[number, string]> = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3_600), 'h'],
    [Math.floor((s % 3_600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join(' ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time, `2025-11-21 08:54:03`: sortable by eye and the same in every locale. */
export function formatDateTime(value: string | number | Date): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

export function formatBoolean(value: boolean): string {
  return value ? '✓' : '';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A value whose field is not in the catalog (details extras, sub-tab rows): judged by its shape. */
export function formatUnknown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return formatBoolean(value);
  if (typeof value === 'number') return decimalFormat.format(value);
  if (value instanceof Date) return formatDateTime(value);
  if (typeof value === 'string') return ISO_DATE.test(value) ? formatDateTime(value) : value;
  if (Array.isArray(value)) return value.map(formatUnknown).join(', ');
  return JSON.stringify(value);
}

/** A value of a catalog field, formatted by the field's type and unit. */
export function formatFieldValue(field: SearchField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return String(value);
      if (field.unit === 'MB' || field.unit === 'GB') return formatSize(n, field.unit);
      if (field.unit === 's') return formatDuration(n);
      if (field.unit === '%') return `${Math.round(n)}%`;
      return numberFormat.format(n);
    }
    case 'date':
      return typeof value === 'string' || typeof value === 'number' || value instanceof Date
        ? formatDateTime(value)
        : String(value);
    case 'boolean':
      return formatBoolean(value === true || value === 'true');
    default:
      return typeof value === 'string' ? value : formatUnknown(value);
  }
}

const ACRONYMS = new Set([
  'id',
  'ip',
  'vm',
  'vms',
  'os',
  'cpu',
  'mtu',
  'nic',
  'mac',
  'uuid',
  'spm',
]);

/** Humanises a row key the catalog does not know: `replica_count` → `Replica Count`. */
export function humanizeKey(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((w) => {
      const lower = w.toLowerCase();
      if (lower === 'vms') return 'VMs';
      if (ACRONYMS.has(lower)) return w.toUpperCase();
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join(' ');
}

export type StatusTone =
  | 'up'
  | 'ok'
  | 'down'
  | 'maintenance'
  | 'transitional'
  | 'error'
  | 'paused'
  | 'locked'
  | 'unknown'
  | 'neutral';

type KnownStatus =
  | VmStatus
  | HostStatus
  | DataCenterStatus
  | StorageDomainStatus
  | DiskStatus
  | TemplateStatus
  | GlusterVolumeStatus
  | JobStatus
  | NetworkStatus;

// Every status of every object has a tone; the Record makes a new status a compile error here.
const STATUS_TONE: Record<KnownStatus, StatusTone> = {
  Up: 'up',
  Active: 'up',
  Operational: 'up',
  OK: 'ok',
  Finished: 'ok',
  Down: 'down',
  Inactive: 'down',
  Maintenance: 'maintenance',
  PreparingForMaintenance: 'transitional',
  PoweringUp: 'transitional',
  PoweringDown: 'transitional',
  SavingState: 'transitional',
  RestoringState: 'transitional',
  MigratingFrom: 'transitional',
  MigratingTo: 'transitional',
  WaitForLaunch: 'transitional',
  RebootInProgress: 'transitional',
  Installing: 'transitional',
  Initializing: 'transitional',
  Connecting: 'transitional',
  Reboot: 'transitional',
  Activating: 'transitional',
  Detaching: 'transitional',
  Started: 'transitional',
  NotResponding: 'error',
  NonResponsive: 'error',
  NonOperational: 'error',
  NotOperational: 'error',
  InstallFailed: 'error',
  Error: 'error',
  Illegal: 'error',
  Failed: 'error',
  Paused: 'paused',
  Suspended: 'paused',
  ImageLocked: 'locked',
  Locked: 'locked',
  Unknown: 'unknown',
  Unattached: 'neutral',
  Uninitialized: 'neutral',
  Aborted: 'neutral',
};

const TONE_BY_LOWER = new Map(
  Object.entries(STATUS_TONE).map(([status, tone]) => [status.toLowerCase(), tone]),
);

export function statusTone(status: string): StatusTone {
  return TONE_BY_LOWER.get(status.toLowerCase()) ?? 'unknown';
}

export type SeverityTone = 'info' | 'warning' | 'error' | 'alert';

const SEVERITY_TONE: Record<EventSeverity, SeverityTone> = {
  Normal: 'info',
  Warning: 'warning',
  Error: 'error',
  Alert: 'alert',
};

const SEVERITY_BY_LOWER = new Map(
  Object.entries(SEVERITY_TONE).map(([severity, tone]) => [severity.toLowerCase(), tone]),
);

export function severityTone(severity: string): SeverityTone {
  return SEVERITY_BY_LOWER.get(severity.toLowerCase()) ?? 'info';
}

const NOUNS: Record<SearchObjectKey, readonly [string, string]> = {
  datacenter: ['Data Center', 'Data Centers'],
  cluster: ['Cluster', 'Clusters'],
  host: ['Host', 'Hosts'],
  storage: ['Storage Domain', 'Storage Domains'],
  disk: ['Disk', 'Disks'],
  vm: ['VM', 'VMs'],
  pool: ['Pool', 'Pools'],
  template: ['Template', 'Templates'],
  volume: ['Volume', 'Volumes'],
  network: ['Network', 'Networks'],
  user: ['User', 'Users'],
  event: ['Event', 'Events'],
  job: ['Job', 'Jobs'],
  bookmark: ['Bookmark', 'Bookmarks'],
};

/** `1,000 VMs`, `1 Host` */
export function totalLabel(object: SearchObjectKey, total: number): string {
  const [one, many] = NOUNS[object];
  return `${formatCount(total)} ${total === 1 ? one : many}`;
}
