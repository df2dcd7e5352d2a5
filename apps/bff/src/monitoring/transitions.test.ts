import { VM_STATUSES, type VmStatus } from '@corral/shared';
import { describe, expect, it } from 'vitest';
import { RUNNING_STATUSES, reconcileVm, type StoredVm } from './transitions.js';

const A = 'host-a';
const B = 'host-b';
const vm = (status: VmStatus, hostId: string | null = A): StoredVm => ({
  id: 'vm-1',
  name: 'web-01',
  status,
  hostId,
});
const sample = (status: VmStatus, hostId = A) =>
  ({ kind: 'reported', hostId, status, via: 'sample' }) as const;
const event = (status: VmStatus, reason?: string, hostId = A) =>
  ({ kind: 'reported', hostId, status, reason, via: 'event' }) as const;
const missing = (hostId = A) => ({ kind: 'missing', hostId }) as const;

describe('reconcileVm', () => {
  it('changes nothing when the host agrees with the store', () => {
    for (const s of RUNNING_STATUSES)
      expect(reconcileVm(vm(s), sample(s))).toEqual({ kind: 'none' });
  });

  it('takes the status a host reports and places the VM on that host', () => {
    expect(reconcileVm(vm('Up'), event('Paused', 'storage-error'))).toMatchObject({
      kind: 'move',
      status: 'Paused',
      hostId: A,
      lastHostId: A,
      start: false,
      stop: false,
    });
    // A VM the store thought was down but a host runs: it runs there, started now.
    expect(reconcileVm(vm('Down', null), sample('Up', B))).toMatchObject({
      kind: 'move',
      status: 'Up',
      hostId: B,
      start: true,
    });
  });

  it('sets the start time only when the VM starts, not when it resumes or comes back', () => {
    for (const from of ['Down', 'Suspended', 'WaitForLaunch'] as const)
      expect(reconcileVm(vm(from), event('PoweringUp'))).toMatchObject({ start: true });
    for (const from of ['Paused', 'Unknown', 'NotResponding', 'RebootInProgress'] as const)
      expect(reconcileVm(vm(from), event('Up'))).toMatchObject({ start: false });
  });

  it('turns a VM gone from its host Down and clears its runtime, whatever it was doing there', () => {
    for (const s of RUNNING_STATUSES) {
      if (s === 'MigratingFrom' || s === 'MigratingTo') continue;
      const v = reconcileVm(vm(s), missing());
      expect(v).toMatchObject({
        kind: 'move',
        status: s === 'SavingState' ? 'Suspended' : 'Down',
        hostId: null,
        lastHostId: A,
        stop: true,
      });
    }
  });

  it('ignores a host that does not list a VM the store places elsewhere or nowhere', () => {
    expect(reconcileVm(vm('Up', B), missing(A))).toEqual({ kind: 'none' });
    expect(reconcileVm(vm('Up', B), event('Down', 'migrated', A))).toEqual({ kind: 'none' });
    expect(reconcileVm(vm('Down', null), missing(A))).toEqual({ kind: 'none' });
  });

  it('does not count a VM still launching as gone until its host says so', () => {
    expect(reconcileVm(vm('WaitForLaunch'), missing())).toEqual({ kind: 'none' });
    expect(reconcileVm(vm('WaitForLaunch'), event('Down', 'failed'))).toMatchObject({
      kind: 'move',
      status: 'Down',
    });
  });

  it('holds a migrating VM that left its source until the target reports it, or time runs out', () => {
    expect(reconcileVm(vm('MigratingFrom'), missing())).toEqual({ kind: 'hold', why: 'migration' });
    expect(reconcileVm(vm('MigratingFrom'), event('Down', 'migrated'))).toEqual({
      kind: 'hold',
      why: 'migration',
    });
    expect(reconcileVm(vm('MigratingFrom'), missing(), true)).toMatchObject({
      kind: 'move',
      status: 'Down',
    });
    // The target's word: Up there ends the migration; anything else there waits.
    expect(reconcileVm(vm('MigratingFrom'), event('Up', 'migrated', B))).toMatchObject({
      kind: 'move',
      status: 'Up',
      hostId: B,
      start: false,
    });
    expect(reconcileVm(vm('MigratingFrom'), sample('Paused', B))).toEqual({ kind: 'none' });
    expect(reconcileVm(vm('Up'), event('MigratingTo', undefined, B))).toEqual({ kind: 'none' });
    // An aborted migration: the source reports it Up again.
    expect(reconcileVm(vm('MigratingFrom'), event('Up', 'migration-aborted'))).toMatchObject({
      kind: 'move',
      status: 'Up',
      hostId: A,
    });
  });

  it("lets samples that still say Up wait while the engine's command is under way; events count", () => {
    for (const s of ['PoweringDown', 'RebootInProgress', 'SavingState', 'MigratingFrom'] as const) {
      expect(reconcileVm(vm(s), sample('Up'))).toEqual({ kind: 'hold', why: 'intent' });
      expect(reconcileVm(vm(s), sample('Up'), true)).toMatchObject({ kind: 'move', status: 'Up' });
      expect(reconcileVm(vm(s), event('Up'))).toMatchObject({ kind: 'move', status: 'Up' });
    }
  });

  it('suspends a VM whose state was saved, keeping its host for the resume', () => {
    expect(reconcileVm(vm('SavingState'), event('Suspended', 'saved'))).toMatchObject({
      kind: 'move',
      status: 'Suspended',
      hostId: null,
      lastHostId: A,
      stop: true,
    });
    expect(reconcileVm(vm('Suspended', null), event('Suspended', 'saved'))).toEqual({
      kind: 'none',
    });
  });

  it('leaves a VM the engine has locked alone, whatever any host says', () => {
    for (const s of VM_STATUSES) {
      expect(reconcileVm(vm('ImageLocked', null), sample(s))).toEqual({ kind: 'none' });
      expect(reconcileVm(vm('ImageLocked', null), event(s))).toEqual({ kind: 'none' });
    }
  });

  it('never moves a VM to a host that did not report it', () => {
    for (const from of VM_STATUSES)
      for (const to of VM_STATUSES)
        for (const [obs, reporter] of [
          [sample(to, B), B],
          [event(to, 'x', B), B],
          [missing(B), B],
        ] as const) {
          const v = reconcileVm(vm(from, A), obs);
          if (v.kind === 'move') {
            expect([reporter, null]).toContain(v.hostId);
            expect(v.lastHostId).toBe(reporter);
          }
        }
  });
});
