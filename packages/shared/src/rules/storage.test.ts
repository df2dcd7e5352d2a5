import { describe, expect, it } from 'vitest';
import { STORAGE_DOMAIN_STATUSES } from '../domain/status.js';
import {
  clusterCompatRule,
  clusterRemoveRule,
  clusterServicesRule,
  newClusterRule,
  newHostRule,
} from './cluster.js';
import {
  dataCenterCompatRule,
  dataCenterRemoveRule,
  dataCenterStorageTypeRule,
} from './dataCenter.js';
import {
  attachToRule,
  NO_ACTIVE_HOST,
  storageDomainActions,
  STORAGE_DOMAIN_ACTIONS,
  STORAGE_DOMAIN_MESSAGES as M,
  type AttachTarget,
  type StorageDomainState,
} from './storage.js';

const domain = (over: Partial<StorageDomainState> = {}): StorageDomainState => ({
  status: 'Active',
  domainType: 'Data',
  storageType: 'NFS',
  isMaster: false,
  otherAttached: 0,
  otherActiveData: 0,
  activeIsoExport: 0,
  masterActive: true,
  upHosts: 1,
  disks: 0,
  runningVms: [],
  ...over,
});

describe('storage domain actions', () => {
  it('answers every action for every status, with a reason exactly when refused', () => {
    for (const status of STORAGE_DOMAIN_STATUSES) {
      const rules = storageDomainActions(domain({ status }));
      expect(Object.keys(rules).sort()).toEqual([...STORAGE_DOMAIN_ACTIONS].sort());
      for (const r of Object.values(rules)) {
        if (r.allowed) expect(r.reason).toBeUndefined();
        else expect(r.reason).toMatch(/^[A-Z].*\.$/);
      }
    }
  });

  it('refuses everything while an operation holds the domain', () => {
    for (const status of ['Locked', 'Activating', 'Detaching'] as const) {
      const rules = storageDomainActions(domain({ status }));
      for (const r of Object.values(rules)) expect(r.reason).toBe(M.busy(status));
    }
  });

  it('attaches only Unattached domains and detaches only Maintenance ones', () => {
    expect(storageDomainActions(domain({ status: 'Unattached' })).attach.allowed).toBe(true);
    expect(storageDomainActions(domain({ status: 'Maintenance' })).attach.reason).toBe(M.attach);
    expect(storageDomainActions(domain({ status: 'Maintenance' })).detach.allowed).toBe(true);
    expect(storageDomainActions(domain({ status: 'Active' })).detach.reason).toBe(M.detach);
    expect(storageDomainActions(domain({ status: 'Unattached' })).detach.reason).toBe(M.detach);
  });

  it('lets the master leave last', () => {
    const master = domain({ status: 'Maintenance', isMaster: true, otherAttached: 1 });
    expect(storageDomainActions(master).detach.reason).toBe(M.masterLast);
    expect(storageDomainActions(master).remove.reason).toBe(M.masterLast);
    expect(storageDomainActions({ ...master, otherAttached: 0 }).detach.allowed).toBe(true);
    // Active ISO/Export domains need the master; another active Data domain takes over.
    const active = domain({ isMaster: true, activeIsoExport: 1 });
    expect(storageDomainActions(active).maintenance.reason).toBe(M.masterMaintenanceLast);
    expect(storageDomainActions({ ...active, otherActiveData: 1 }).maintenance.allowed).toBe(true);
  });

  it('keeps a domain with disks of VMs that are not Down Active, naming the VMs', () => {
    expect(
      storageDomainActions(domain({ runningVms: ['web-01', 'db-02'] })).maintenance.reason,
    ).toBe(
      'The storage domain holds disks of VMs that are not Down (web-01, db-02); stop them first.',
    );
  });

  it('activates only with an Up host, and ISO/Export only beside an active master', () => {
    const m = domain({ status: 'Maintenance' });
    expect(storageDomainActions(m).activate.allowed).toBe(true);
    expect(storageDomainActions({ ...m, upHosts: 0 }).activate.reason).toBe(NO_ACTIVE_HOST);
    expect(
      storageDomainActions({ ...m, domainType: 'ISO', masterActive: false }).activate.reason,
    ).toBe(M.needsMaster);
    expect(storageDomainActions(domain()).activate.reason).toBe(M.activateAlready);
  });

  it('removes Unattached or Maintenance domains without disks', () => {
    expect(storageDomainActions(domain({ status: 'Unattached' })).remove.allowed).toBe(true);
    expect(storageDomainActions(domain({ status: 'Maintenance' })).remove.allowed).toBe(true);
    expect(storageDomainActions(domain()).remove.reason).toBe(M.remove);
    expect(storageDomainActions(domain({ status: 'Unattached', disks: 3 })).remove.reason).toBe(
      'The storage domain holds 3 disks; remove or move them first.',
    );
    expect(storageDomainActions(domain({ status: 'Unattached', disks: 1 })).remove.reason).toBe(
      'The storage domain holds 1 disk; remove or move it first.',
    );
  });
});

describe('attaching to a data center', () => {
  const dc = (over: Partial<AttachTarget> = {}): AttachTarget => ({
    name: 'Default',
    storageMode: 'Shared',
    iso: null,
    export: null,
    upHosts: 1,
    masterActive: true,
    ...over,
  });
  const data = { domainType: 'Data', storageType: 'NFS' } as const;

  it('allows one ISO and one Export domain per data center', () => {
    expect(attachToRule({ domainType: 'ISO', storageType: 'NFS' }, dc()).allowed).toBe(true);
    expect(
      attachToRule({ domainType: 'ISO', storageType: 'NFS' }, dc({ iso: 'iso1' })).reason,
    ).toBe('Data Center Default already has an ISO domain (iso1); a data center has at most one.');
    expect(
      attachToRule({ domainType: 'Export', storageType: 'NFS' }, dc({ export: 'exp' })).reason,
    ).toBe(
      'Data Center Default already has an Export domain (exp); a data center has at most one.',
    );
    // An ISO domain does not stop an Export domain, nor the reverse.
    expect(
      attachToRule({ domainType: 'Export', storageType: 'NFS' }, dc({ iso: 'iso1' })).allowed,
    ).toBe(true);
  });

  it('needs an Up host, and a master before ISO/Export', () => {
    expect(attachToRule(data, dc({ upHosts: 0 })).reason).toBe(NO_ACTIVE_HOST);
    expect(attachToRule(data, dc({ masterActive: false })).allowed).toBe(true);
    expect(
      attachToRule({ domainType: 'ISO', storageType: 'NFS' }, dc({ masterActive: false })).reason,
    ).toBe(M.needsMaster);
  });

  it('keeps Local storage in Local data centers, in its host’s one', () => {
    const local = { domainType: 'Data', storageType: 'Local' } as const;
    expect(attachToRule(local, dc()).reason).toBe(M.localInShared);
    expect(attachToRule(data, dc({ storageMode: 'Local' })).reason).toBe(M.sharedDataInLocal);
    expect(
      attachToRule({ domainType: 'ISO', storageType: 'NFS' }, dc({ storageMode: 'Local' })).allowed,
    ).toBe(true);
    expect(
      attachToRule(local, dc({ storageMode: 'Local' }), {
        id: 'x',
        name: 'Other',
        sameAsTarget: false,
      }).reason,
    ).toBe(M.localOtherDataCenter('Other'));
    expect(
      attachToRule(local, dc({ storageMode: 'Local' }), {
        id: 'x',
        name: 'Default',
        sameAsTarget: true,
      }).allowed,
    ).toBe(true);
  });
});

describe('data center and cluster rules', () => {
  it('removes a data center without clusters and active storage', () => {
    expect(dataCenterRemoveRule({ clusters: 1, activeDomains: 0 }).reason).toBe(
      'The data center still has clusters; remove them first.',
    );
    expect(dataCenterRemoveRule({ clusters: 0, activeDomains: 2 }).reason).toBe(
      'The data center has active storage domains; move them to Maintenance first.',
    );
    expect(dataCenterRemoveRule({ clusters: 0, activeDomains: 0 }).allowed).toBe(true);
  });

  it('changes storage type only while empty, and Local holds one cluster with one host', () => {
    expect(
      dataCenterStorageTypeRule({ attachedDomains: 1, clusters: 0, hosts: 0 }, 'Local').reason,
    ).toBe('The storage type can change only while no storage domain is attached.');
    expect(
      dataCenterStorageTypeRule({ attachedDomains: 0, clusters: 2, hosts: 1 }, 'Local').reason,
    ).toBe('A Local data center has one cluster with one host; this one has more.');
    expect(
      dataCenterStorageTypeRule({ attachedDomains: 0, clusters: 2, hosts: 5 }, 'Shared').allowed,
    ).toBe(true);
    expect(newClusterRule({ storageMode: 'Local', clusters: 1 }).reason).toBe(
      'A Local data center has one cluster.',
    );
    expect(newHostRule({ storageMode: 'Local', hosts: 1 }).reason).toBe(
      'A Local data center has one host.',
    );
    expect(newHostRule({ storageMode: 'Shared', hosts: 100 }).allowed).toBe(true);
  });

  it('keeps cluster versions at most their data center’s', () => {
    expect(clusterCompatRule('4.7', { name: 'Default', compatVersion: '4.6' }).reason).toBe(
      "A cluster's compatibility version cannot be higher than its data center's (Default: 4.6).",
    );
    expect(clusterCompatRule('4.6', { name: 'Default', compatVersion: '4.6' }).allowed).toBe(true);
    expect(
      dataCenterCompatRule('4.5', [
        { name: 'a', compatVersion: '4.5' },
        { name: 'b', compatVersion: '4.6' },
      ]).reason,
    ).toBe("Cluster b has compatibility version 4.6; the data center's cannot be lower.");
  });

  it('removes an empty cluster only, and keeps a service its objects need', () => {
    const empty = { hosts: 0, vms: 0, templates: 0, pools: 0, glusterVolumes: 0 };
    expect(clusterRemoveRule(empty).allowed).toBe(true);
    expect(clusterRemoveRule({ ...empty, hosts: 1, vms: 3 }).reason).toBe(
      'The cluster still has hosts; move or remove them first.',
    );
    expect(clusterRemoveRule({ ...empty, vms: 3 }).reason).toBe(
      'The cluster still has VMs; remove them first.',
    );
    expect(clusterRemoveRule({ ...empty, glusterVolumes: 1 }).reason).toBe(
      'The cluster still has Gluster volumes; delete them first.',
    );
    expect(
      clusterServicesRule(
        { vms: 1, glusterVolumes: 0 },
        { virtService: false, glusterService: true },
      ).reason,
    ).toBe('The cluster has VMs; its virt service cannot be turned off.');
    expect(
      clusterServicesRule(
        { vms: 0, glusterVolumes: 2 },
        { virtService: true, glusterService: false },
      ).reason,
    ).toBe('The cluster has Gluster volumes; its Gluster service cannot be turned off.');
  });
});
