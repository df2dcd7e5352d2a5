import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  STORAGE_DOMAIN_STATUSES,
  STORAGE_DOMAIN_TYPES,
  STORAGE_TYPES,
  clusterActions,
  dataCenterActions,
  storageDomainActions,
  type StorageDomainState,
} from '@corral/shared';
import { ACTION_SPECS, rowAvailability, selectionAvailability } from '../actionModel.js';

/** A storage grid row as the search shows the domain `s`. */
const storageRow = (s: StorageDomainState) => ({
  id: 'sd',
  name: 'data1',
  status: s.status,
  type: s.domainType,
  storage_type: s.storageType,
  master: s.isMaster,
});

const storageState = fc.record({
  status: fc.constantFrom(...STORAGE_DOMAIN_STATUSES),
  domainType: fc.constantFrom(...STORAGE_DOMAIN_TYPES),
  storageType: fc.constantFrom(...STORAGE_TYPES),
  isMaster: fc.boolean(),
  otherAttached: fc.nat(3),
  otherActiveData: fc.nat(2),
  activeIsoExport: fc.nat(2),
  masterActive: fc.boolean(),
  upHosts: fc.nat(2),
  disks: fc.nat(3),
  runningVms: fc.array(fc.constantFrom('web-01', 'db-01'), { maxLength: 2 }),
});

describe('storage domain rows', () => {
  it('are refused in the browser only for what the server refuses too', () => {
    // The row lacks the domain's surroundings; the browser must never refuse what the
    // full rules (the server's) allow, or a button would stay disabled for nothing.
    fc.assert(
      fc.property(storageState, (s) => {
        const browser = ACTION_SPECS.storage.clientVerdicts(storageRow(s));
        const full = storageDomainActions(s);
        for (const [action, verdict] of Object.entries(browser)) {
          if (verdict && !verdict.allowed)
            expect(full[action as keyof typeof full].allowed).toBe(false);
        }
      }),
    );
  });

  it('refuse what the row itself rules out, with the shared rules’ words', () => {
    const active = { status: 'Active', type: 'Data', storage_type: 'NFS', master: true };
    const v = ACTION_SPECS.storage.clientVerdicts(active);
    expect(v.activate).toEqual({ allowed: false, reason: 'The storage domain is already Active.' });
    expect(v.remove?.allowed).toBe(false);
    expect(v.maintenance?.allowed).toBe(true);
    const def = ACTION_SPECS.storage.defs.find((d) => d.name === 'detach')!;
    const verdict = selectionAvailability('storage', def, [{ id: 'x', name: 'data1' }], () =>
      rowAvailability('detach', v, undefined),
    );
    expect(verdict).toEqual({
      allowed: false,
      reason: 'A storage domain must be in Maintenance to be detached.',
    });
  });
});

describe('data center and cluster rows', () => {
  it('refuse removal for what the row counts, as the shared rules do', () => {
    fc.assert(
      fc.property(fc.nat(4), fc.nat(4), (clusters, active) => {
        const browser = ACTION_SPECS.datacenter.clientVerdicts({ clusters });
        const full = dataCenterActions({ clusters, activeDomains: active });
        if (!browser.remove?.allowed) expect(full.remove.allowed).toBe(false);
        expect(browser.remove?.allowed).toBe(clusters === 0);
      }),
    );
    fc.assert(
      fc.property(fc.nat(3), fc.nat(3), fc.nat(3), (hosts, vms, volumes) => {
        const browser = ACTION_SPECS.cluster.clientVerdicts({ hosts, vms });
        const full = clusterActions({
          hosts,
          vms,
          templates: 0,
          pools: 0,
          glusterVolumes: volumes,
        });
        if (!browser.remove?.allowed) expect(full.remove.allowed).toBe(false);
      }),
    );
  });

  it('offer Guide Me and Edit on any one row', () => {
    for (const object of ['datacenter', 'cluster'] as const) {
      const spec = ACTION_SPECS[object];
      const v = spec.clientVerdicts({ clusters: 2, hosts: 5, vms: 9 });
      expect(v.guide?.allowed).toBe(true);
      expect(v.edit?.allowed).toBe(true);
      expect(spec.defs.map((d) => d.name)).toEqual(['new', 'edit', 'remove', 'guide']);
    }
  });
});

describe('storage toolbar', () => {
  it('has oVirt’s storage actions, New Domain first', () => {
    expect(ACTION_SPECS.storage.defs.map((d) => d.label)).toEqual([
      'New Domain',
      'Remove',
      'Attach',
      'Detach',
      'Activate',
      'Maintenance',
    ]);
  });
});
