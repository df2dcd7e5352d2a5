import { describe, expect, it } from 'vitest';
import {
  NEW_POOL,
  poolCreateOf,
  poolFormOf,
  poolUpdateOf,
  validatePoolCreate,
  validatePoolUpdate,
} from './poolForm.js';

const CLUSTER = '11111111-1111-4111-8111-111111111111';
const TEMPLATE = '22222222-2222-4222-8222-222222222222';
const POOL = '33333333-3333-4333-8333-333333333333';

describe('New Pool', () => {
  it('sends the numbers typed, and the shared schema accepts a complete form', () => {
    const f = { ...NEW_POOL, name: 'desk', clusterId: CLUSTER, templateId: TEMPLATE, size: '3' };
    expect(poolCreateOf(f)).toMatchObject({ size: 3, prestarted: 0, maxPerUser: 1 });
    expect(validatePoolCreate(f)).toEqual({ form: [], fields: {} });
  });

  it('puts each problem under its field', () => {
    const e = validatePoolCreate({ ...NEW_POOL, name: 'bad name', size: '', prestarted: '2' });
    expect(Object.keys(e.fields).sort()).toEqual(['clusterId', 'name', 'size', 'templateId']);
    expect(e.fields.clusterId).toEqual(['Choose a cluster.']);
    const above = validatePoolCreate({
      ...NEW_POOL,
      name: 'desk',
      clusterId: CLUSTER,
      templateId: TEMPLATE,
      size: '2',
      prestarted: '3',
    });
    expect(above.fields).toEqual({
      prestarted: ['Prestarted VMs cannot be more than the pool size.'],
    });
  });
});

describe('Edit Pool', () => {
  const row = {
    id: POOL,
    name: 'desk',
    size: 4,
    prestarted: 1,
    max_per_user: 2,
    type: 'Manual',
    stateless: false,
    description: '',
  };

  it('starts from the pool and sends only what changed', () => {
    const before = poolFormOf(row);
    expect(before).toMatchObject({
      size: '4',
      prestarted: '1',
      maxPerUser: '2',
      poolType: 'Manual',
    });
    expect(before.stateless).toBe(false);
    expect(poolUpdateOf(POOL, before, before)).toEqual({ id: POOL });
    expect(poolUpdateOf(POOL, before, { ...before, size: '6', description: 'x' })).toEqual({
      id: POOL,
      size: 6,
      description: 'x',
    });
  });

  it('refuses shrinking the pool, as the engine does, on size', () => {
    const before = poolFormOf(row);
    const input = poolUpdateOf(POOL, before, { ...before, size: '3' });
    expect(validatePoolUpdate(input, before).fields.size?.[0]).toMatch(/only grows/);
    const prestarted = poolUpdateOf(POOL, before, { ...before, prestarted: '5' });
    expect(validatePoolUpdate(prestarted, before).fields).toEqual({
      prestarted: ['Prestarted VMs cannot be more than the pool size.'],
    });
    expect(
      validatePoolUpdate(poolUpdateOf(POOL, before, { ...before, size: '8' }), before),
    ).toEqual({ form: [], fields: {} });
  });
});
