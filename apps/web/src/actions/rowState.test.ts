import { describe, expect, it } from 'vitest';
import { HOST_STATUSES, VM_STATUSES, hostActions, vmActions } from '@corral/shared';
import { clientVerdicts } from './actionModel.js';
import { hostStateOf, vmStateOf } from './rowState.js';

describe('grid rows as rule states', () => {
  it('judges a VM row as the shared rules judge its status and host', () => {
    for (const status of VM_STATUSES) {
      for (const host of ['rhev-01', null]) {
        const row = { id: 'v', name: 'web-01', status, host };
        expect(clientVerdicts('vm', row)).toEqual(vmActions({ status, hostId: host }));
      }
    }
  });

  it('judges a host row by its status and the VMs it runs', () => {
    for (const status of HOST_STATUSES) {
      const row = { id: 'h', name: 'rhev-01', status, active_vms: 3 };
      expect(clientVerdicts('host', row)).toEqual(hostActions({ status, activeVms: 3 }));
    }
  });

  it('reads a status it does not know as the most refusing one, not as a crash', () => {
    expect(vmStateOf({ status: 'Exploded' }).status).toBe('Unknown');
    expect(vmStateOf({}).hostId).toBeNull();
    expect(hostStateOf({ status: 42, active_vms: 'x' })).toEqual({ status: 'Error', activeVms: 0 });
  });
});
