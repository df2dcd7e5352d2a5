import { describe, expect, it } from 'vitest';
import { GLUSTER_MESSAGES, GLUSTER_VOLUME_ACTIONS } from '@corral/shared';
import {
  VOLUME_ACTION_DEFS,
  VOLUME_ACTIONS_SPEC,
  optimizeWarnings,
  volumeStateOf,
} from './volumeActions.js';

const row = (over: Record<string, unknown> = {}) => ({
  id: 'v1',
  name: 'data',
  status: 'Up',
  type: 'Replicate',
  bricks: 3,
  replica_count: 3,
  ...over,
});

describe('volume actions', () => {
  it('judges every toolbar action by a shared gluster rule, except New', () => {
    for (const def of VOLUME_ACTION_DEFS) {
      if (def.arity === 'none') continue;
      expect(GLUSTER_VOLUME_ACTIONS).toContain(def.rule ?? def.name);
    }
  });

  it('reads a grid row as the rules’ state, distrusting what it does not know', () => {
    expect(volumeStateOf(row())).toEqual({ status: 'Up', type: 'Replicate', brickCount: 3 });
    expect(volumeStateOf(row({ status: 'Exploded', bricks: 'x' }))).toMatchObject({
      status: 'Unknown',
      brickCount: 0,
    });
  });

  it('allows Remove only on a stopped volume', () => {
    const verdicts = (r: Record<string, unknown>) => VOLUME_ACTIONS_SPEC.clientVerdicts(r);
    expect(verdicts(row()).delete).toEqual({ allowed: false, reason: GLUSTER_MESSAGES.deleteUp });
    expect(verdicts(row({ status: 'Down' })).delete).toEqual({ allowed: true });
    expect(verdicts(row({ status: 'Down' })).start).toEqual({ allowed: true });
    expect(verdicts(row()).stop).toEqual({ allowed: true });
  });

  it('warns before optimizing a replicated volume that is not replica 3, naming it among several', () => {
    expect(optimizeWarnings([row()])).toEqual([]);
    expect(optimizeWarnings([row({ replica_count: 2 })])[0]).toContain('replica 2');
    const two = optimizeWarnings([row(), row({ name: 'scratch', replica_count: 2 })]);
    expect(two).toHaveLength(1);
    expect(two[0]).toMatch(/^scratch: .*replica 2/);
  });

  it('refuses to optimize a volume gluster has no virt store for (not replicated)', () => {
    const verdicts = (r: Record<string, unknown>) => VOLUME_ACTIONS_SPEC.clientVerdicts(r);
    const distribute = verdicts(row({ type: 'Distribute', replica_count: 1 })).optimize;
    expect(distribute?.allowed).toBe(false);
    expect(distribute?.reason).toMatch(/replica 3/);
    expect(verdicts(row()).optimize).toEqual({ allowed: true });
  });
});
