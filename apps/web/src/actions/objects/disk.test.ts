import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISK_STATUSES, VM_STATUSES, diskActions } from '@corral/shared';
import { ACTION_SPECS, selectionAvailability } from '../actionModel.js';

const diskState = fc.record({
  status: fc.constantFrom(...DISK_STATUSES),
  vms: fc.array(
    fc.record({ name: fc.constantFrom('web', 'db'), status: fc.constantFrom(...VM_STATUSES) }),
    { maxLength: 2 },
  ),
  template: fc.option(fc.constant('rhel9')),
  thinChildren: fc.nat(2),
  volumes: fc.integer({ min: 1, max: 3 }),
});

describe('disk rows', () => {
  it('are refused in the browser only for what the server refuses too', () => {
    fc.assert(
      fc.property(diskState, (s) => {
        const browser = ACTION_SPECS.disk.clientVerdicts({ id: 'd', name: 'd1', status: s.status });
        const full = diskActions(s);
        for (const [action, verdict] of Object.entries(browser))
          if (verdict && !verdict.allowed)
            expect(full[action as keyof typeof full].allowed).toBe(false);
      }),
    );
  });

  it('refuse a Locked disk with the shared rules’ words, one disk at a time', () => {
    const v = ACTION_SPECS.disk.clientVerdicts({ status: 'Locked' });
    expect(v.move).toEqual({
      allowed: false,
      reason: 'The disk is Locked; wait until its current operation ends.',
    });
    const move = ACTION_SPECS.disk.defs.find((d) => d.name === 'move')!;
    const rows = [
      { id: 'a', name: 'a' },
      { id: 'b', name: 'b' },
    ];
    expect(selectionAvailability('disk', move, rows, () => ({ allowed: true }))).toEqual({
      allowed: false,
      reason: 'Move works on one disk at a time.',
    });
  });
});
