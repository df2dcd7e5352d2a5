import { describe, expect, it } from 'vitest';
import { poolCreateInput, poolUpdateInput } from '../forms/pool.js';
import {
  POOL_MESSAGES,
  poolRemoveRule,
  poolReturnRule,
  poolTakeRule,
  poolUpdateRule,
} from './pool.js';

const ids = {
  clusterId: '00000000-0000-4000-8000-000000000001',
  templateId: '00000000-0000-4000-8000-000000000002',
};

function issues(r: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);
}

describe('pool forms', () => {
  it('takes a pool with defaults', () => {
    const v = poolCreateInput.parse({ name: 'desk', size: 3, ...ids });
    expect(v).toMatchObject({
      poolType: 'Automatic',
      prestarted: 0,
      maxPerUser: 1,
      stateless: true,
    });
  });
  it('refuses prestarted above size on prestarted', () => {
    const r = poolCreateInput.safeParse({ name: 'desk', size: 2, prestarted: 3, ...ids });
    expect(issues(r)).toEqual([['prestarted', POOL_MESSAGES.prestartedAboveSize]]);
  });
  it('refuses sizes out of bounds and bad names, per field', () => {
    expect(issues(poolCreateInput.safeParse({ name: 'd', size: 0, ...ids }))[0]?.[0]).toBe('size');
    expect(issues(poolCreateInput.safeParse({ name: 'd', size: 1001, ...ids }))[0]?.[0]).toBe(
      'size',
    );
    expect(issues(poolCreateInput.safeParse({ name: 'a b', size: 1, ...ids }))[0]?.[0]).toBe(
      'name',
    );
    expect(
      issues(poolCreateInput.safeParse({ name: 'x'.repeat(60), size: 1, ...ids }))[0]?.[0],
    ).toBe('name');
    expect(
      issues(poolCreateInput.safeParse({ name: 'd', size: 1, maxPerUser: 0, ...ids }))[0]?.[0],
    ).toBe('maxPerUser');
  });
  it('update checks prestarted against size only when both are given', () => {
    const id = ids.clusterId;
    expect(poolUpdateInput.safeParse({ id, prestarted: 5 }).success).toBe(true);
    expect(issues(poolUpdateInput.safeParse({ id, size: 2, prestarted: 5 }))).toEqual([
      ['prestarted', POOL_MESSAGES.prestartedAboveSize],
    ]);
  });
});

describe('pool rules', () => {
  it('a pool only grows, and prestarted stays within the size', () => {
    expect(poolUpdateRule({ size: 3, prestarted: 1 }, { size: 2 })).toMatchObject({
      allowed: false,
      field: 'size',
      reason: POOL_MESSAGES.shrink(3),
    });
    expect(poolUpdateRule({ size: 3, prestarted: 1 }, { prestarted: 4 })).toMatchObject({
      allowed: false,
      field: 'prestarted',
    });
    expect(poolUpdateRule({ size: 3, prestarted: 1 }, { size: 5, prestarted: 4 }).allowed).toBe(
      true,
    );
  });
  it('remove refuses running, then assigned VMs', () => {
    expect(
      poolRemoveRule([
        { name: 'p-1', status: 'Up', assigned: true },
        { name: 'p-2', status: 'Down', assigned: true },
      ]).reason,
    ).toBe(POOL_MESSAGES.removeRunning(['p-1']));
    expect(poolRemoveRule([{ name: 'p-2', status: 'Down', assigned: true }]).reason).toBe(
      POOL_MESSAGES.removeAssigned(['p-2']),
    );
    expect(poolRemoveRule([{ name: 'p-2', status: 'Down', assigned: false }]).allowed).toBe(true);
  });
  it('take refuses beyond max per user, then with no free VM', () => {
    expect(poolTakeRule({ maxPerUser: 1, held: 1, free: 3 }).reason).toBe(
      POOL_MESSAGES.maxPerUser(1),
    );
    expect(poolTakeRule({ maxPerUser: 2, held: 1, free: 0 }).reason).toBe(POOL_MESSAGES.noFreeVm);
    expect(poolTakeRule({ maxPerUser: 2, held: 1, free: 1 }).allowed).toBe(true);
  });
  it('return: the holder, or a pool admin for an assigned VM', () => {
    const base = { inPool: true, assignedToUser: false, assignedToAnyone: true, poolAdmin: false };
    expect(poolReturnRule(base).reason).toBe(POOL_MESSAGES.notAssigned);
    expect(poolReturnRule({ ...base, assignedToUser: true }).allowed).toBe(true);
    expect(poolReturnRule({ ...base, poolAdmin: true }).allowed).toBe(true);
    expect(poolReturnRule({ ...base, poolAdmin: true, assignedToAnyone: false }).reason).toBe(
      POOL_MESSAGES.notAssignedAtAll,
    );
    expect(poolReturnRule({ ...base, inPool: false }).reason).toBe(POOL_MESSAGES.notInPool);
  });
});
