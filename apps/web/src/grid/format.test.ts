import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DATA_CENTER_STATUSES,
  DISK_STATUSES,
  EVENT_SEVERITIES,
  GLUSTER_VOLUME_STATUSES,
  HOST_STATUSES,
  JOB_STATUSES,
  NETWORK_STATUSES,
  SEARCH_OBJECT_KEYS,
  SEARCH_OBJECTS,
  STORAGE_DOMAIN_STATUSES,
  TEMPLATE_STATUSES,
  VM_STATUSES,
  type SearchField,
} from '@corral/shared';
import {
  formatDateTime,
  formatDuration,
  formatFieldValue,
  formatSize,
  formatUnknown,
  humanizeKey,
  severityTone,
  statusTone,
  totalLabel,
} from './format.js';

describe('formatSize', () => {
  it('keeps small sizes in their unit', () => {
    expect(formatSize(512, 'MB')).toBe('512 MB');
    expect(formatSize(40, 'GB')).toBe('40 GB');
  });

  it('steps up in binary units with one decimal', () => {
    expect(formatSize(16_384, 'MB')).toBe('16 GB');
    expect(formatSize(1536, 'GB')).toBe('1.5 TB');
    expect(formatSize(3 * 1024 * 1024, 'MB')).toBe('3 TB');
  });

  it('shows a value that, scaled back, is the input within rounding', () => {
    const factor: Record<string, number> = { MB: 1, GB: 1024, TB: 1024 ** 2, PB: 1024 ** 3 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (mb) => {
        const [num, unit] = formatSize(mb, 'MB').split(' ');
        const back = Number(num!.replace(/,/g, '')) * factor[unit!]!;
        return Math.abs(back - mb) <= 0.05 * factor[unit!]! + 1e-9;
      }),
    );
  });
});

describe('formatDuration', () => {
  it('shows the two largest non-zero units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(12 * 60 + 5)).toBe('12m 5s');
    expect(formatDuration(5 * 3600 + 12 * 60 + 9)).toBe('5h 12m');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59)).toBe('3d 4h');
    expect(formatDuration(2 * 86_400 + 30)).toBe('2d');
  });
});

describe('formatDateTime', () => {
  it('writes local time as YYYY-MM-DD HH:mm:ss', () => {
    const d = new Date(2024, 1, 29, 7, 5, 3);
    expect(formatDateTime(d.toISOString())).toBe('2024-02-29 07:05:03');
  });

  it('passes unparseable text through', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('formatFieldValue', () => {
  const field = (extra: Partial<SearchField>): SearchField => ({
    name: 'x',
    label: 'X',
    type: 'string',
    ...extra,
  });

  it('formats by type and unit', () => {
    expect(formatFieldValue(field({ type: 'number', unit: 'MB' }), 2048)).toBe('2 GB');
    expect(formatFieldValue(field({ type: 'number', unit: '%' }), 42.6)).toBe('43%');
    expect(formatFieldValue(field({ type: 'number', unit: 's' }), 3700)).toBe('1h 1m');
    expect(formatFieldValue(field({ type: 'number' }), 50_000)).toBe('50,000');
    expect(formatFieldValue(field({ type: 'boolean' }), true)).toBe('✓');
    expect(formatFieldValue(field({ type: 'boolean' }), false)).toBe('');
    expect(formatFieldValue(field({ type: 'string' }), null)).toBe('');
  });

  it('formats every catalog date field as a date', () => {
    const d = new Date(2025, 10, 21, 8, 54, 0);
    for (const key of SEARCH_OBJECT_KEYS) {
      for (const f of SEARCH_OBJECTS[key].fields.filter((fd) => fd.type === 'date')) {
        expect(formatFieldValue(f, d.toISOString())).toBe(formatDateTime(d));
      }
    }
  });
});

describe('formatUnknown', () => {
  it('judges values by their shape', () => {
    expect(formatUnknown(true)).toBe('✓');
    expect(formatUnknown(1234.56)).toBe('1,234.6');
    expect(formatUnknown(['a', 'b'])).toBe('a, b');
    const iso = new Date(2025, 0, 2, 3, 4, 5).toISOString();
    expect(formatUnknown(iso)).toBe(formatDateTime(iso));
    expect(formatUnknown('eth0')).toBe('eth0');
  });
});

describe('humanizeKey', () => {
  it('turns row keys into headers', () => {
    expect(humanizeKey('replica_count')).toBe('Replica Count');
    expect(humanizeKey('macAddress')).toBe('MAC Address');
    expect(humanizeKey('bootOrder')).toBe('Boot Order');
    expect(humanizeKey('mac')).toBe('MAC');
    expect(humanizeKey('running_vms')).toBe('Running VMs');
  });
});

describe('statusTone', () => {
  const all = [
    ...VM_STATUSES,
    ...HOST_STATUSES,
    ...DATA_CENTER_STATUSES,
    ...STORAGE_DOMAIN_STATUSES,
    ...DISK_STATUSES,
    ...TEMPLATE_STATUSES,
    ...GLUSTER_VOLUME_STATUSES,
    ...JOB_STATUSES,
    ...NETWORK_STATUSES,
  ];

  it('gives the oVirt look to the well-known states', () => {
    expect(statusTone('Up')).toBe('up');
    expect(statusTone('Down')).toBe('down');
    expect(statusTone('Maintenance')).toBe('maintenance');
    expect(statusTone('MigratingTo')).toBe('transitional');
    expect(statusTone('NonResponsive')).toBe('error');
    expect(statusTone('Paused')).toBe('paused');
  });

  it('knows every status of the domain, in any case', () => {
    for (const s of all) {
      expect(statusTone(s.toLowerCase())).toBe(statusTone(s));
      if (s !== 'Unknown') expect(statusTone(s)).not.toBe('unknown');
    }
    expect(statusTone('Bogus')).toBe('unknown');
  });
});

describe('severityTone', () => {
  it('maps each severity to its own tone', () => {
    const tones = EVENT_SEVERITIES.map(severityTone);
    expect(new Set(tones).size).toBe(EVENT_SEVERITIES.length);
    expect(severityTone('error')).toBe(severityTone('Error'));
  });
});

describe('totalLabel', () => {
  it('counts with separators and the right number', () => {
    expect(totalLabel('vm', 1000)).toBe('1,000 VMs');
    expect(totalLabel('host', 1)).toBe('1 Host');
    expect(totalLabel('storage', 0)).toBe('0 Storage Domains');
  });
});
