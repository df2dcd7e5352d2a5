import { describe, expect, it } from 'vitest';
import {
  CLUSTER_MESSAGES,
  CLUSTER_SERVICES_MESSAGE,
  DATA_CENTER_MESSAGES,
  clusterCreateInput,
  clusterUpdateInput,
} from '@corral/shared';
import {
  NEW_CLUSTER,
  clusterCreateOf,
  clusterFormOf,
  clusterUpdateOf,
  dataCenterProblems,
  servicesOf,
  type ClusterDataCenter,
} from './clusterForm.js';

const ID = '0b7c3e0e-6a53-4d7e-9d36-3c6f1f7e9a10';
const DC = '5f0c8f7e-2d3b-4a61-9a3c-1e2f3a4b5c6d';
const dc: ClusterDataCenter = {
  id: DC,
  name: 'dc1',
  compatVersion: '4.6',
  newCluster: { allowed: true },
};
const row = {
  id: ID,
  name: 'c1',
  datacenter: 'dc1',
  description: '',
  compat_version: '4.5',
  cpu_type: 'AMD EPYC',
  virt_service: true,
  gluster_service: false,
  mem_overcommit: 150,
  migration_policy: 'Post-copy migration',
  fencing_enabled: false,
};

describe('cluster form', () => {
  it('creates with the data center’s version unless another is chosen', () => {
    const f = { ...NEW_CLUSTER, dataCenterId: DC, name: 'c2', glusterService: true };
    const input = clusterCreateOf(f, dc.compatVersion);
    expect(input).toMatchObject({ compatVersion: '4.6', virtService: true, glusterService: true });
    expect(clusterCreateInput.safeParse(input).success).toBe(true);
    expect(clusterCreateOf({ ...f, compatVersion: '4.4' }, '4.6').compatVersion).toBe('4.4');
    expect(servicesOf(f)).toBe('both');
  });

  it('needs a service, said on `services`', () => {
    const input = clusterCreateOf(
      { ...NEW_CLUSTER, dataCenterId: DC, name: 'c2', virtService: false },
      '4.7',
    );
    const r = clusterCreateInput.safeParse(input);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['services'], message: CLUSTER_SERVICES_MESSAGE }),
    ]);
  });

  it('starts Edit from the grid row, and sends only what changed', () => {
    const before = clusterFormOf(row);
    expect(before).toMatchObject({
      name: 'c1',
      cpuType: 'AMD EPYC',
      compatVersion: '4.5',
      memOvercommit: 150,
      migrationPolicy: 'Post-copy migration',
      fencingEnabled: false,
    });
    expect(clusterUpdateOf(ID, before, before)).toEqual({ id: ID });
    // Services travel together, so the schema can judge the pair.
    const gluster = clusterUpdateOf(ID, before, { ...before, glusterService: true });
    expect(gluster).toEqual({ id: ID, virtService: true, glusterService: true });
    expect(clusterUpdateInput.safeParse(gluster).success).toBe(true);
    const policy = clusterUpdateOf(ID, before, { ...before, migrationPolicy: 'Minimal downtime' });
    expect(policy).toEqual({ id: ID, migrationPolicy: 'Minimal downtime' });
    expect(clusterUpdateInput.safeParse(policy).success).toBe(true);
    const fencing = clusterUpdateOf(ID, before, { ...before, fencingEnabled: true });
    expect(fencing).toEqual({ id: ID, fencingEnabled: true });
    expect(clusterUpdateInput.safeParse(fencing).success).toBe(true);
  });

  it('starts Edit from the defaults when the row lacks the hidden fields or holds an unknown policy', () => {
    const bare = clusterFormOf({ ...row, migration_policy: undefined, fencing_enabled: undefined });
    expect(bare).toMatchObject({
      migrationPolicy: NEW_CLUSTER.migrationPolicy,
      fencingEnabled: NEW_CLUSTER.fencingEnabled,
    });
    expect(clusterFormOf({ ...row, migration_policy: 'Fastest' }).migrationPolicy).toBe(
      NEW_CLUSTER.migrationPolicy,
    );
  });

  it('reads an overcommit it does not offer as none', () => {
    expect(clusterFormOf({ ...row, mem_overcommit: 175 }).memOvercommit).toBe(100);
  });
});

describe('dataCenterProblems', () => {
  const f = { ...NEW_CLUSTER, dataCenterId: DC, name: 'c2' };
  it('refuses a version above the data center’s, on compatVersion', () => {
    expect(dataCenterProblems({ ...f, compatVersion: '4.7' }, dc, true)).toEqual({
      compatVersion: CLUSTER_MESSAGES.compatAboveDataCenter('dc1', '4.6'),
    });
    expect(dataCenterProblems(f, dc, true)).toEqual({});
  });
  it('refuses a second cluster in a Local data center, on creating only', () => {
    const full = {
      ...dc,
      newCluster: { allowed: false, reason: DATA_CENTER_MESSAGES.localOneCluster },
    };
    expect(dataCenterProblems(f, full, true)).toEqual({
      dataCenterId: DATA_CENTER_MESSAGES.localOneCluster,
    });
    expect(dataCenterProblems(f, full, false)).toEqual({});
  });
});
