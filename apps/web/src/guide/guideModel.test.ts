import { describe, expect, it } from 'vitest';
import {
  GUIDE_MESSAGES,
  NO_ACTIVE_HOST,
  clusterGuide,
  dataCenterGuide,
  type DataCenterGuideFacts,
  type GuideActionKey,
  type GuideStep,
} from '@corral/shared';
import { ACTION_OBJECTS } from '../actions/actionModel.js';
import {
  guideSummary,
  guideTarget,
  guideTitle,
  missingPlace,
  stepButtons,
  stepState,
  type GuidePlace,
} from './guideModel.js';

const fresh: DataCenterGuideFacts = {
  id: 'dc-1',
  name: 'dc1',
  storageMode: 'Shared',
  clusters: 0,
  hosts: { total: 0, up: 0 },
  data: { attached: 0, active: 0, masterActive: false },
  iso: null,
  unattached: { data: 0, iso: 0 },
};
const withHostUp: DataCenterGuideFacts = {
  ...fresh,
  clusters: 1,
  hosts: { total: 1, up: 1 },
  unattached: { data: 1, iso: 0 },
};
const place: GuidePlace = { dataCenterId: 'dc-1', clusterId: 'cl-1' };
const always = () => true;

const stepOf = (steps: readonly GuideStep[], key: GuideStep['key']) => {
  const s = steps.find((x) => x.key === key);
  if (!s) throw new Error(`no ${key}`);
  return s;
};

const KEYS: GuideActionKey[] = [
  'newCluster',
  'newHost',
  'newVolume',
  'newStorage',
  'attachStorage',
  'newIsoDomain',
  'attachIso',
  'activateStorage',
];

describe('guideTarget', () => {
  it('opens each step in the object that owns it, with the guided place preset', () => {
    const targets = Object.fromEntries(KEYS.map((k) => [k, guideTarget(k, 'storage', place)]));
    expect(targets.newCluster).toEqual({
      object: 'cluster',
      action: 'new',
      preset: { dataCenterId: 'dc-1' },
    });
    expect(targets.newHost).toEqual({
      object: 'host',
      action: 'add-host',
      preset: { clusterId: 'cl-1' },
    });
    expect(targets.newVolume).toMatchObject({ object: 'volume', preset: { clusterId: 'cl-1' } });
    expect(targets.newStorage?.preset).toEqual({ dataCenterId: 'dc-1', domainType: 'Data' });
    expect(targets.newIsoDomain?.preset).toEqual({ dataCenterId: 'dc-1', domainType: 'ISO' });
    expect(targets.attachIso).toMatchObject({ action: 'attachTo', preset: { domainType: 'ISO' } });
    for (const t of Object.values(targets)) expect(ACTION_OBJECTS).toContain(t.object);
  });

  it('activates the ISO domain from the ISO step, a Data domain from the storage step', () => {
    expect(guideTarget('activateStorage', 'iso', place).preset.domainType).toBe('ISO');
    expect(guideTarget('activateStorage', 'storage', place).preset.domainType).toBe('Data');
  });

  it('waits for the place a target needs', () => {
    expect(missingPlace(guideTarget('newStorage', 'storage', {}))).toBeDefined();
    expect(missingPlace(guideTarget('newHost', 'host', { dataCenterId: 'd' }))).toBeDefined();
    for (const k of KEYS) expect(missingPlace(guideTarget(k, 'storage', place))).toBeUndefined();
  });
});

describe('a new data center as the guide shows it', () => {
  const g = dataCenterGuide(fresh);

  it('proposes the cluster and says why the rest is not possible yet', () => {
    expect(g.steps.map(stepState)).toEqual(['todo', 'blocked', 'blocked', 'blocked']);
    const host = stepButtons(stepOf(g.steps, 'host'), place, always);
    expect(host).toEqual([
      expect.objectContaining({ enabled: false, reason: GUIDE_MESSAGES.clusterFirst }),
    ]);
    const storage = stepButtons(stepOf(g.steps, 'storage'), place, always);
    expect(storage.map((b) => [b.action.key, b.enabled, b.reason])).toEqual([
      ['newStorage', false, NO_ACTIVE_HOST],
      ['attachStorage', false, NO_ACTIVE_HOST],
    ]);
    expect(stepButtons(stepOf(g.steps, 'cluster'), place, always)[0]?.enabled).toBe(true);
  });

  it('says what is missing, in order', () => {
    expect(guideSummary(g)).toBe(
      'The data center dc1 still needs: Cluster, Host, Storage, ISO Library. Configure them in this order.',
    );
    expect(guideTitle('dataCenter', 'dc1')).toBe('Data Center dc1 — Guide Me');
  });
});

describe('stepButtons', () => {
  it('puts the guide’s refusal first, then the place, then whether the portal has the dialog', () => {
    const g = dataCenterGuide(withHostUp);
    const storage = stepOf(g.steps, 'storage');
    expect(stepButtons(storage, place, always).every((b) => b.enabled)).toBe(true);
    const noPlace = stepButtons(storage, {}, always);
    expect(noPlace.every((b) => !b.enabled && b.reason?.includes('data center'))).toBe(true);
    const notOffered = stepButtons(storage, place, (t) => t.action !== 'attachTo');
    expect(notOffered.map((b) => b.enabled)).toEqual([true, false]);
    expect(notOffered[1]?.reason).toMatch(/not available/);
    // The guide's own reason wins over the portal's.
    const iso = stepOf(g.steps, 'iso');
    const isoButtons = stepButtons(iso, place, () => false);
    expect(isoButtons.every((b) => b.reason === GUIDE_MESSAGES.masterFirst)).toBe(true);
  });

  it('enables nothing a step refuses, whatever the place and portal', () => {
    for (const facts of [fresh, withHostUp]) {
      for (const step of dataCenterGuide(facts).steps) {
        for (const b of stepButtons(step, place, always)) {
          if (!b.action.allowed) expect(b.enabled).toBe(false);
        }
      }
    }
  });
});

describe('a complete cluster', () => {
  it('has nothing missing', () => {
    const g = clusterGuide({
      id: 'cl-1',
      name: 'c1',
      virtService: true,
      glusterService: true,
      hosts: { total: 3, up: 3 },
      glusterVolumes: { total: 1, up: 1 },
      dataCenter: {
        ...withHostUp,
        data: { attached: 1, active: 1, masterActive: true },
        iso: { name: 'iso', status: 'Active' },
      },
    });
    expect(g.steps.map((s) => s.key)).toEqual(['host', 'volume', 'storage', 'iso']);
    expect(g.steps.map(stepState)).toEqual(['done', 'done', 'done', 'done']);
    expect(guideSummary(g)).toBe('The cluster c1 has everything it needs.');
  });
});
