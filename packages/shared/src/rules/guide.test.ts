import { describe, expect, it } from 'vitest';
import {
  clusterGuide,
  dataCenterGuide,
  GUIDE_MESSAGES,
  type ClusterGuideFacts,
  type DataCenterGuideFacts,
  type Guide,
  type GuideStep,
} from './guide.js';
import { NO_ACTIVE_HOST } from './storage.js';

const fresh: DataCenterGuideFacts = {
  id: 'dc',
  name: 'Default',
  storageMode: 'Shared',
  clusters: 0,
  hosts: { total: 0, up: 0 },
  data: { attached: 0, active: 0, masterActive: false },
  iso: null,
  unattached: { data: 0, iso: 0 },
};

const stepOf = (g: Guide, key: GuideStep['key']): GuideStep => {
  const s = g.steps.find((x) => x.key === key);
  if (!s) throw new Error(`no ${key} step`);
  return s;
};
const action = (s: GuideStep, key: string) => s.actions.find((a) => a.key === key);

describe('Guide Me for a data center', () => {
  it('on a new data center: everything missing, only the cluster possible', () => {
    const g = dataCenterGuide(fresh);
    expect(g.steps.map((s) => [s.key, s.done, s.available])).toEqual([
      ['cluster', false, true],
      ['host', false, false],
      ['storage', false, false],
      ['iso', false, false],
    ]);
    expect(g.next).toBe('cluster');
    expect(g.complete).toBe(false);
    expect(stepOf(g, 'host').reason).toBe(GUIDE_MESSAGES.clusterFirst);
    // DOMAIN.md's words, on the step and on its buttons.
    expect(stepOf(g, 'storage').reason).toBe(NO_ACTIVE_HOST);
    expect(action(stepOf(g, 'storage'), 'newStorage')).toMatchObject({
      allowed: false,
      reason: 'There should be at least one active host in the data center.',
    });
    expect(stepOf(g, 'cluster').summary).toBe('No cluster yet.');
  });

  it('walks through cluster → host → storage → ISO library', () => {
    const withCluster = { ...fresh, clusters: 1 };
    let g = dataCenterGuide(withCluster);
    expect(g.next).toBe('host');
    expect(stepOf(g, 'host').available).toBe(true);
    expect(action(stepOf(g, 'host'), 'newHost')?.allowed).toBe(true);

    // A host that is not Up yet does not open the storage step.
    g = dataCenterGuide({ ...withCluster, hosts: { total: 1, up: 0 } });
    expect(stepOf(g, 'host')).toMatchObject({ done: false, count: 1 });
    expect(stepOf(g, 'host').summary).toBe('1 host, 0 Up. No host is Up yet.');
    expect(stepOf(g, 'storage').available).toBe(false);

    const withHost = { ...withCluster, hosts: { total: 2, up: 1 } };
    g = dataCenterGuide(withHost);
    expect(g.next).toBe('storage');
    expect(stepOf(g, 'storage').available).toBe(true);
    expect(action(stepOf(g, 'storage'), 'attachStorage')).toMatchObject({
      allowed: false,
      reason: GUIDE_MESSAGES.noUnattachedData,
    });
    expect(stepOf(g, 'iso').reason).toBe(GUIDE_MESSAGES.masterFirst);

    const withData = { ...withHost, data: { attached: 1, active: 1, masterActive: true } };
    g = dataCenterGuide({ ...withData, unattached: { data: 0, iso: 1 } });
    expect(g.next).toBe('iso');
    expect(stepOf(g, 'storage')).toMatchObject({
      done: true,
      count: 1,
      summary: '1 Data domain, 1 Active.',
    });
    expect(action(stepOf(g, 'iso'), 'attachIso')?.allowed).toBe(true);
    expect(action(stepOf(g, 'iso'), 'newIsoDomain')?.allowed).toBe(true);

    g = dataCenterGuide({ ...withData, iso: { name: 'iso', status: 'Active' } });
    expect(g.complete).toBe(true);
    expect(g.next).toBeNull();
    expect(stepOf(g, 'iso').summary).toBe('ISO domain iso is Active.');
  });

  it('says what to do about domains attached but not active', () => {
    const g = dataCenterGuide({
      ...fresh,
      clusters: 1,
      hosts: { total: 1, up: 1 },
      data: { attached: 2, active: 0, masterActive: false },
      iso: { name: 'iso', status: 'Maintenance' },
    });
    expect(stepOf(g, 'storage').summary).toBe(
      '2 Data domains, 0 Active. The Data domains are attached but none is Active; activate one.',
    );
    expect(action(stepOf(g, 'storage'), 'activateStorage')?.allowed).toBe(true);
    expect(stepOf(g, 'iso').summary).toBe('ISO domain iso is Maintenance; activate it.');
  });

  it('a Local data center takes one cluster and one host', () => {
    const g = dataCenterGuide({
      ...fresh,
      storageMode: 'Local',
      clusters: 1,
      hosts: { total: 1, up: 1 },
    });
    expect(action(stepOf(g, 'cluster'), 'newCluster')).toMatchObject({
      allowed: false,
      reason: 'A Local data center has one cluster.',
    });
    expect(action(stepOf(g, 'host'), 'newHost')).toMatchObject({
      allowed: false,
      reason: 'A Local data center has one host.',
    });
    expect(stepOf(g, 'host').done).toBe(true);
  });
});

describe('Guide Me for a cluster', () => {
  const facts = (over: Partial<ClusterGuideFacts>): ClusterGuideFacts => ({
    id: 'c',
    name: 'Default',
    virtService: true,
    glusterService: false,
    hosts: { total: 0, up: 0 },
    glusterVolumes: { total: 0, up: 0 },
    dataCenter: { ...fresh, clusters: 1 },
    ...over,
  });

  it('virt only: hosts, then the data center’s storage and ISO library', () => {
    const g = clusterGuide(facts({}));
    expect(g.steps.map((s) => s.key)).toEqual(['host', 'storage', 'iso']);
    expect(g.next).toBe('host');
  });

  it('Gluster only: hosts, then a volume that needs an Up host of the cluster', () => {
    let g = clusterGuide(facts({ virtService: false, glusterService: true }));
    expect(g.steps.map((s) => s.key)).toEqual(['host', 'volume']);
    expect(stepOf(g, 'volume').reason).toBe(GUIDE_MESSAGES.noClusterHost);
    g = clusterGuide(
      facts({
        virtService: false,
        glusterService: true,
        hosts: { total: 3, up: 3 },
        glusterVolumes: { total: 1, up: 1 },
      }),
    );
    expect(g.complete).toBe(true);
    expect(stepOf(g, 'volume').summary).toBe('1 volume, 1 Up.');
  });

  it('both services: all four steps', () => {
    const g = clusterGuide(facts({ glusterService: true }));
    expect(g.steps.map((s) => s.key)).toEqual(['host', 'volume', 'storage', 'iso']);
  });
});
